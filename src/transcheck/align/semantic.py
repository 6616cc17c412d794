"""Semantic bead costs from multilingual sentence embeddings (Vecalign-style).

Every run of up to ``overlap`` consecutive sentences of a side is joined with
spaces and embedded (multilingual-e5-small through ``transcheck.embedding``,
cached on disk). The semantic cost of a bead is ``1 - cos`` of the embeddings
of its two sides, divided by how far each side is, on average, from a sample
of the other side's sentences: about 1 for an unrelated pair, well below for
a translation. e5 cosines are compressed (unrelated sentences score ~0.75),
so this normalisation is what makes the cost comparable across documents.

Beads with more than ``overlap`` sentences on a side use vectors built from
the embedded runs that tile the bead (``long_runs``; no extra model calls:
embedding runs of 4-5 sentences would cost several times more, long texts
embed slowly). The coarse level of the banded search uses block sums of
sentence embeddings.

Known limits: texts over 512 tokens are truncated by the model; embedding
costs ``overlap * (n + m)`` texts the first time (~45 a second on 2 cores),
which is why ``auto`` embeds documents, not corpora (see ``plan``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

OVERLAP = 3
SAMPLE = 40
SEED = 1234
# Shrinks a side's spread towards a typical value when the other side has few
# sentences to sample (a 3-sentence document would otherwise be normalised by
# its own translation). PRIOR_SPREAD: measured mean 1 - cos of unrelated
# sentence pairs with e5-small on Bleualign dev.
PRIOR_SPREAD = 0.2
PRIOR_WEIGHT = 5
SPREAD_FLOOR = 0.02
# Auto mode embeds when the two sides have at most this many sentences in all
# (a document, not a corpus). Measured cold (issue #14 check): the seed pair,
# 62 news sentences = 186 texts (runs of 1-3 sentences, long texts), took 23 CPU-s
# (~2.7 sentences per CPU-s, so ~5 a second on 2 idle cores: 160 sentences ~30 s
# the first time); cached, the same alignment takes ~0.1 s. "A few seconds"
# therefore holds for reruns, the dashboard and report, not for a first cold
# run. A size rule, not a cache rule, so the same input always gets the same aligner.
AUTO_MAX_SENTENCES = 160
# The e5 prefix the runs are embedded with (see transcheck.embedding); "both"
# averages the passage and query vectors. Benchmarks switch it: on Bleualign dev
# "query" and "both" were no better than "passage" (BENCHMARKS.md).
PREFIX = "passage"
# With k > 0, a side's spread is the mean distance to its k nearest runs of the
# other side (the margin criterion of bitext mining) instead of to a random
# sample; benchmarks only: k = 10 lost strict F1 on Bleualign dev.
MARGIN_K = 0


def clean(text: str) -> str:
    return " ".join(text.split())


def overlap_texts(texts: Sequence[str], size: int) -> list[str]:
    """The texts of every run of ``size`` consecutive sentences (n - size + 1 of them)."""
    cleaned = [clean(t) for t in texts]
    return [" ".join(cleaned[i : i + size]) for i in range(len(cleaned) - size + 1)]


def all_overlap_texts(texts: Sequence[str], overlap: int = OVERLAP) -> list[str]:
    out: list[str] = []
    for size in range(1, overlap + 1):
        out.extend(overlap_texts(texts, size))
    return out


@dataclass(frozen=True)
class SemanticSide:
    """Embeddings of the runs of 1..overlap sentences of one side.

    ``runs[k]`` is (n - k, dim) for runs of k + 1 sentences (row i starts at
    sentence i), float32, L2-normalised; ``spread[k][l]`` (n - k,) the mean
    ``1 - cos`` of each run of k + 1 to a sample of the other side's runs of
    l + 1 (longer runs of one text look more alike, so each pair of sizes has
    its own baseline).
    """

    runs: tuple[np.ndarray, ...]
    spread: tuple[tuple[np.ndarray, ...], ...]

    @property
    def n(self) -> int:
        return int(self.runs[0].shape[0]) if self.runs else 0

    @property
    def overlap(self) -> int:
        return len(self.runs)

    def reversed(self) -> SemanticSide:
        # A run starting at i covers [i, i + k); reversed it starts at n - k - i.
        return SemanticSide(
            tuple(np.ascontiguousarray(r[::-1]) for r in self.runs),
            tuple(tuple(x[::-1].copy() for x in row) for row in self.spread),
        )


def _spread(runs: np.ndarray, other: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    if runs.shape[0] == 0:
        return np.zeros(0)
    if other.shape[0] == 0:
        return np.full(runs.shape[0], PRIOR_SPREAD)
    pick = other if other.shape[0] <= SAMPLE else other[rng.choice(other.shape[0], SAMPLE, False)]
    if MARGIN_K:
        full = 1.0 - (runs @ other.T).astype(np.float64)
        k = min(MARGIN_K, full.shape[1])
        near = np.partition(full, k - 1, axis=1)[:, :k].mean(axis=1)
        return np.maximum(near, SPREAD_FLOOR)
    dist = 1.0 - (runs @ pick.T).astype(np.float64)
    k = pick.shape[0]
    mean = (dist.sum(axis=1) + PRIOR_WEIGHT * PRIOR_SPREAD) / (k + PRIOR_WEIGHT)
    return np.maximum(mean, SPREAD_FLOOR)


def sides_from_runs(
    src_runs: Sequence[np.ndarray], tgt_runs: Sequence[np.ndarray]
) -> tuple[SemanticSide, SemanticSide]:
    """Both sides with their spreads, from run embeddings (``runs[k]``: runs of k + 1)."""
    rng = np.random.default_rng(SEED)
    src_spread = tuple(tuple(_spread(r, o, rng) for o in tgt_runs) for r in src_runs)
    tgt_spread = tuple(tuple(_spread(r, o, rng) for o in src_runs) for r in tgt_runs)
    return SemanticSide(tuple(src_runs), src_spread), SemanticSide(tuple(tgt_runs), tgt_spread)


def _chunked_sum(runs: Sequence[np.ndarray], k: int, n: int, front: bool) -> np.ndarray:
    """Sum, for every start i, of run embeddings tiling [i, i + k): longest runs first
    from the front (or from the back)."""
    size = len(runs)
    parts = [size] * (k // size) + ([k % size] if k % size else [])
    if not front:
        parts.reverse()
    total = np.zeros((n - k + 1, runs[0].shape[1]), dtype=np.float32)
    offset = 0
    for part in parts:
        total += runs[part - 1][offset : offset + n - k + 1]
        offset += part
    return total


def long_runs(side: SemanticSide, k: int) -> np.ndarray:
    """Vectors (n - k + 1, dim) of runs of ``k`` > overlap sentences, from the embedded runs.

    The run is tiled with embedded runs from the front and from the back and the
    two tilings summed, so the vector does not depend on reading direction (the
    backward search of the margins sees the same costs). Closer to an embedding
    of the joined text than a sum of single sentences: +0.009 strict F1 on
    Bleualign dev, and no extra model calls.
    """
    n = side.n
    if n < k:
        return np.zeros((0, side.runs[0].shape[1]), dtype=np.float32)
    total = _chunked_sum(side.runs, k, n, True) + _chunked_sum(side.runs, k, n, False)
    norm = np.linalg.norm(total, axis=1, keepdims=True)
    return np.ascontiguousarray(total / np.maximum(norm, 1e-9), dtype=np.float32)


def pair_spread(xs: np.ndarray, ys: np.ndarray, a: int, b: int) -> float:
    """Mean ``1 - cos`` of a random sample of run vectors of the two sides."""
    if xs.shape[0] == 0 or ys.shape[0] == 0:
        return PRIOR_SPREAD
    rng = np.random.default_rng(SEED + 7 * a + b)
    px = xs[rng.integers(0, xs.shape[0], SAMPLE)]
    py = ys[rng.integers(0, ys.shape[0], SAMPLE)]
    return max(float((1.0 - (px @ py.T).astype(np.float64)).mean()), SPREAD_FLOOR)


def embed_runs(texts: Sequence[str], overlap: int = OVERLAP) -> list[np.ndarray]:
    """Embeddings of the runs of 1..overlap sentences (raises EmbeddingUnavailable)."""

    sizes = [max(0, len(texts) - k) for k in range(overlap)]
    flat = all_overlap_texts(texts, overlap)
    vectors = embed_texts(flat) if flat else np.zeros((0, 384), dtype=np.float32)
    out, start = [], 0
    for size in sizes:
        out.append(np.ascontiguousarray(vectors[start : start + size]))
        start += size
    return out


def embed_texts(texts: list[str]) -> np.ndarray:
    """Embeddings with the ``PREFIX`` in force (raises EmbeddingUnavailable)."""
    from transcheck.embedding import embed

    if PREFIX != "both":
        return embed(texts, prefix=PREFIX)
    total = embed(texts, prefix="passage") + embed(texts, prefix="query")
    return total / np.maximum(np.linalg.norm(total, axis=1, keepdims=True), 1e-9)


def coarse_side(side: SemanticSide, factor: int) -> np.ndarray:
    """Normalised sums of blocks of ``factor`` sentence embeddings."""
    single = side.runs[0]
    n = single.shape[0]
    blocks = -(-n // factor)
    pad = blocks * factor - n
    vecs = single if not pad else np.vstack([single, np.zeros((pad, single.shape[1]), np.float32)])
    summed = vecs.reshape(blocks, factor, -1).sum(axis=1)
    norm = np.linalg.norm(summed, axis=1, keepdims=True)
    return np.ascontiguousarray(summed / np.maximum(norm, 1e-9), dtype=np.float32)


@dataclass(frozen=True)
class SemanticPair:
    """What the cost function needs: both sides, and sum-of-sentence span statistics."""

    src: SemanticSide
    tgt: SemanticSide

    def reversed(self) -> SemanticPair:
        return SemanticPair(self.src.reversed(), self.tgt.reversed())

    def coarse(self, factor: int) -> SemanticPair:
        src, tgt = sides_from_runs([coarse_side(self.src, factor)], [coarse_side(self.tgt, factor)])
        return SemanticPair(src, tgt)


# A mutual-best sentence pair under this normalised cost is an anchor (on
# Bleualign dev, 90% of gold 1-1 beads cost < 0.58 and 90% of pairs shifted by
# one sentence > 0.75).
ANCHOR_MAX = 0.6
MIN_ANCHORS = 3
BLOCK_ROWS = 2048


def best_costs(pair: SemanticPair) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per source sentence its best target (index, normalised cost); the same per target."""
    src, tgt = pair.src, pair.tgt
    n, m = src.runs[0].shape[0], tgt.runs[0].shape[0]
    best_j, cost_i = np.zeros(n, dtype=np.int64), np.full(n, np.inf)
    best_i, cost_j = np.zeros(m, dtype=np.int64), np.full(m, np.inf)
    t_spread = tgt.spread[0][0]
    for r in range(0, n, BLOCK_ROWS):
        sims = src.runs[0][r : r + BLOCK_ROWS] @ tgt.runs[0].T
        norm = (src.spread[0][0][r : r + BLOCK_ROWS, None] + t_spread[None, :]) / 2
        cost = (1.0 - sims.astype(np.float64)) / norm
        best_j[r : r + BLOCK_ROWS] = cost.argmin(axis=1)
        cost_i[r : r + BLOCK_ROWS] = cost.min(axis=1)
        rows = cost.argmin(axis=0)
        better = cost[rows, np.arange(m)] < cost_j
        best_i[better] = rows[better] + r
        cost_j[better] = cost[rows, np.arange(m)][better]
    return best_j, cost_i, best_i, cost_j


def anchor_range(pair: SemanticPair) -> tuple[int, int, int, int] | None:
    """(first, last) source and (first, last) target sentence of the anchor chain.

    Anchors are mutual best pairs under ``ANCHOR_MAX``; the chain is the
    longest monotone run of them (a crossing anchor is a coincidence). None
    with fewer than ``MIN_ANCHORS``.
    """
    if pair.src.n == 0 or pair.tgt.n == 0:
        return None
    best_j, cost_i, best_i, _ = best_costs(pair)
    anchors = [
        (i, int(j))
        for i, j in enumerate(best_j.tolist())
        if cost_i[i] < ANCHOR_MAX and best_i[j] == i
    ]
    chain = _longest_increasing(anchors)
    if len(chain) < MIN_ANCHORS:
        return None
    return chain[0][0], chain[-1][0], chain[0][1], chain[-1][1]


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of (i, j) pairs (sorted by i) with j strictly increasing."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]

"""How sure the aligner is of each bead, in 0..1.

The confidence reported on beads comes from the search itself
(``margin_confidence``): how much more the best alignment that changes the
bead (shifts a boundary, splits it, merges it with a neighbour) would cost.
A tie gives 0; a margin of ``MARGIN_SCALE`` gives 0.63. On Bleualign dev,
beads under 0.5 are right about two times in three, beads above it about
nine times in ten (see BENCHMARKS.md).

With embeddings (``calibrated_confidence``) the margin uses a wider scale
and is capped by the bead's semantic evidence: a linked bead whose sides are
far apart in meaning cannot be confident (see SEM_MARGIN_SCALE for the
measured precision).

``bead_confidence`` is a cheaper, local score used to pick the beads the
bootstrap lexicon learns from. A linked bead (a, b >= 1) gets a logistic
function of its content cost (the cost without the bead-shape prior, per
sentence): a bead whose anchors and lengths agree is confident. An omission
or addition (1-0, 0-1) is confident when the skipped sentence resembles none
of the sentences next to it on the
other side; when it does resemble one, the skip is probably a misalignment.

Known limits: the midpoint and slope were set once on Bleualign dev
(German-French) so that confidence >= 0.5 separates right from wrong beads;
for very short sentences with no anchors the confidence is mostly a length
judgement.
"""

from __future__ import annotations

import numpy as np

from transcheck.align.costs import CostParams, SpanStats
from transcheck.align.features import SideFeatures
from transcheck.align.search import Span

MARGIN_SCALE = 0.1
# Semantic evidence (normalised embedding cost, ~1 for unrelated sentences,
# ~0.3-0.5 for translations of each other): 0.5 at SEM_MIDPOINT.
SEM_MIDPOINT = 0.7
# Margin scale with embeddings on: on Bleualign dev, 0.18 puts strict precision
# of linked beads at confidence >= 0.8 at 0.98 (1.00 / 0.97 on the two halves);
# 0.1 (the lexical scale) gave 0.94.
SEM_MARGIN_SCALE = 0.18
SEM_SLOPE = 0.06
MIDPOINT = 0.62
SLOPE = 0.07
NEIGHBOURS = 2
# Beads whose vectors are summed at once (bounds memory on huge documents).
BLOCK = 8192


def _span_sum(vecs: np.ndarray, starts: np.ndarray, size: int) -> np.ndarray:
    total = np.zeros((starts.shape[0], vecs.shape[1]), dtype=np.float64)
    for p in range(size):
        total += vecs[starts + p]
    return total


def bead_similarity(
    src: SideFeatures,
    tgt: SideFeatures,
    spans: list[Span],
    ratio: float,
    params: CostParams,
) -> tuple[np.ndarray, np.ndarray]:
    """Per bead: cosine of the summed anchor vectors, and the content cost (0..1-ish).

    Skip beads get cosine 0 and cost nan.
    """
    count = len(spans)
    cos = np.zeros(count)
    cost = np.full(count, np.nan)
    if count == 0:
        return cos, cost
    arr = np.asarray(spans, dtype=np.int64).reshape(-1, 4)
    a = arr[:, 1] - arr[:, 0]
    b = arr[:, 3] - arr[:, 2]
    max_span = int(max(a.max(), b.max(), 1))
    src_stats = SpanStats(src, max_span)
    tgt_stats = SpanStats(tgt, max_span)
    for sa in np.unique(a[a > 0]):
        for sb in np.unique(b[(a == sa) & (b > 0)]):
            idx = np.nonzero((a == sa) & (b == sb))[0]
            i0, j0 = arr[idx, 0], arr[idx, 2]
            dot = np.empty(idx.shape[0])
            for r in range(0, idx.shape[0], BLOCK):
                x = _span_sum(src.vecs, i0[r : r + BLOCK], int(sa))
                y = _span_sum(tgt.vecs, j0[r : r + BLOCK], int(sb))
                dot[r : r + BLOCK] = np.einsum("ij,ij->i", x, y)
            denom = np.sqrt(src_stats.norm2[sa][i0] * tgt_stats.norm2[sb][j0])
            c = np.clip(np.divide(dot, denom, out=np.zeros_like(dot), where=denom > 0), 0, 1)
            lx = src_stats.cumlen[i0 + sa] - src_stats.cumlen[i0]
            ly = tgt_stats.cumlen[j0 + sb] - tgt_stats.cumlen[j0]
            delta = (ly - ratio * lx) / np.sqrt(params.s2 * (ratio * lx + ly) / 2 + 1.0)
            length = np.minimum(delta * delta / 2, params.len_cap) / params.len_cap
            cos[idx] = c
            cost[idx] = (1 - params.w_len) * (1 - c) + params.w_len * length
    return cos, cost


def _neighbour_cos(
    mine: SideFeatures, other: SideFeatures, rows: np.ndarray, at: np.ndarray
) -> np.ndarray:
    """Best cosine of sentences ``rows`` of one side with the other side around ``at``."""
    best = np.zeros(rows.shape[0])
    if rows.shape[0] == 0 or other.n == 0:
        return best
    mine_vecs = mine.vecs[rows].astype(np.float64)
    mine_norm = np.sqrt(np.einsum("ij,ij->i", mine_vecs, mine_vecs) + mine.extra_norm2[rows])
    for k in range(-NEIGHBOURS, NEIGHBOURS):
        cols = np.clip(at + k, 0, other.n - 1)
        other_vecs = other.vecs[cols].astype(np.float64)
        other_norm2 = np.einsum("ij,ij->i", other_vecs, other_vecs) + other.extra_norm2[cols]
        dot = np.einsum("ij,ij->i", mine_vecs, other_vecs)
        denom = mine_norm * np.sqrt(other_norm2)
        c = np.divide(dot, denom, out=np.zeros_like(dot), where=denom > 0)
        np.maximum(best, c, out=best)
    return np.clip(best, 0, 1)


def bead_confidence(
    src: SideFeatures,
    tgt: SideFeatures,
    spans: list[Span],
    ratio: float,
    params: CostParams,
) -> tuple[np.ndarray, np.ndarray]:
    """(confidence 0..1, content cost) for every bead of a path."""
    _, cost = bead_similarity(src, tgt, spans, ratio, params)
    conf = np.empty(len(spans))
    linked = ~np.isnan(cost)
    conf[linked] = 1.0 / (1.0 + np.exp((cost[linked] - MIDPOINT) / SLOPE))
    arr = np.asarray(spans, dtype=np.int64).reshape(-1, 4)
    dels = np.nonzero((arr[:, 1] > arr[:, 0]) & (arr[:, 3] == arr[:, 2]))[0]
    inss = np.nonzero((arr[:, 1] == arr[:, 0]) & (arr[:, 3] > arr[:, 2]))[0]
    if dels.size:
        conf[dels] = 1.0 - _neighbour_cos(src, tgt, arr[dels, 0], arr[dels, 2])
    if inss.size:
        conf[inss] = 1.0 - _neighbour_cos(tgt, src, arr[inss, 2], arr[inss, 0])
    return conf, cost


def margin_confidence(margins: np.ndarray | None, scale: float = MARGIN_SCALE) -> np.ndarray:
    """Map search margins (cost units, >= 0, inf when nothing competes) to 0..1."""
    if margins is None:
        return np.ones(0)
    return 1.0 - np.exp(-np.asarray(margins, dtype=np.float64) / scale)


def calibrated_confidence(
    margins: np.ndarray | None, sem_cost: np.ndarray | None, spans: list[Span]
) -> np.ndarray:
    """The reported confidence: the search margin, capped by the embedding evidence.

    Without embeddings it is ``margin_confidence``. With them, a linked bead
    whose two sides are not close in meaning (normalised semantic cost near
    that of unrelated sentences) cannot be confident however clear its
    margin: the margin only says no nearby alternative is better.
    """
    if sem_cost is None:
        return margin_confidence(margins)
    conf = margin_confidence(margins, SEM_MARGIN_SCALE)
    if conf.size == 0:
        return conf
    linked = ~np.isnan(sem_cost)
    evidence = 1.0 / (1.0 + np.exp((sem_cost[linked] - SEM_MIDPOINT) / SEM_SLOPE))
    conf[linked] = np.minimum(conf[linked], evidence)
    return conf

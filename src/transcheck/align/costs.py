"""Bead costs: lexical-anchor similarity, Gale-Church length and bead priors.

The cost of a bead linking source sentences ``[i-a, i)`` to target sentences
``[j-b, j)`` is

    ((1 - w_len) * (1 - cos(x, y)) + w_len * min(delta^2 / 2, 8) / 8) * (a + b) / 2
    + extra * (a + b - 2)

where ``x``, ``y`` are the summed feature vectors of the spans, ``delta`` is
the Gale-Church length deviation with the character ratio estimated from the
two texts, and ``extra`` is a prior against merging sentences. Skipping a
sentence (1-0 or 0-1) costs ``skip``. All costs of a block of cells are
computed at once with numpy: a dense dot-product block and its summed-area
table give every multi-sentence dot product in four lookups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from transcheck.align.features import SideFeatures
from transcheck.align.semantic import SemanticPair, long_runs, pair_spread


@dataclass(frozen=True)
class CostParams:
    """Weights of the cost (tuned once on Bleualign dev, round values only)."""

    w_len: float = 0.45
    skip: float = 0.45
    extra: float = 0.10
    extra_power: float = 1.0
    s2: float = 6.8
    len_cap: float = 8.0
    w_member: float = 0.0
    log_length: bool = False
    short_skip: float = 0.0
    diag_weight: float = 0.0
    member_floor: float = 0.05
    # Share of ``skip`` for lines that are not running prose (captions, headings,
    # debris; see features.skip_shares): on Bleualign dev any value in 0.6-0.8
    # lifts strict F1 in both halves of the file, 1.0 turns it off.
    plain_skip: float = 0.7
    # Share of ``skip`` for debris lines (see features.skip_shares; None: as plain
    # lines). On Bleualign dev 0.3-0.5 lifts strict F1 in both halves, lexical
    # (+0.004) and semantic (+0.003); 0.15 and below glue the debris elsewhere.
    debris_skip: float | None = 0.4
    # Lines of at most this many words that do not end like a sentence count as
    # plain lines too (subheadings; 0: off). Neutral on Bleualign dev (4-8 words
    # change no bead), and keeps a subheading out of the next sentence's bead.
    heading_words: int = 6
    # Semantic runs only (see semantic.py): share of the content cost taken by
    # the normalised embedding cost, and its cap (an unrelated pair scores ~1).
    w_sem: float = 0.0
    sem_cap: float = 1.5
    # Share of a skip's cost for the leading and trailing runs of either side
    # (semi-global alignment: another outlet's lead or cut ending).
    end_skip: float = 1.0
    # Share of ``extra`` for merging across a boundary after a line that ends
    # weakly (a colon, a semicolon, initials: see features.join_shares; 1.0: off).
    weak_join: float = 1.0


def _rowdot(x: np.ndarray, y: np.ndarray, rows: int = 8192) -> np.ndarray:
    """Row-wise dot products in float64, a block of rows at a time (bounded memory)."""
    out = np.empty(x.shape[0], dtype=np.float64)
    for r in range(0, x.shape[0], rows):
        # float32 products summed in float64: no float64 copy of the block.
        block_x, block_y = x[r : r + rows], y[r : r + rows]
        out[r : r + rows] = np.einsum("ij,ij->i", block_x, block_y, dtype=np.float64)
    return out


LOG_RATIO_SD = 0.15
# Cells whose long-run vectors are gathered at once (bounds memory).
GATHER_ROWS = 16384
DRIFT_SCALE = 0.05
DRIFT_CAP = 100.0
# The cheapest skip, as a share of ``skip``, for the shortest sentences.
SHORT_FLOOR = 0.3


class SpanStats:
    """Squared norms and character lengths of every span of up to ``max_span`` sentences."""

    def __init__(self, side: SideFeatures, max_span: int) -> None:
        n = side.n
        vecs = side.vecs
        gram = [_rowdot(vecs, vecs) + side.extra_norm2]
        for k in range(1, max_span):
            g = np.zeros(n, dtype=np.float64)
            if n > k:
                g[: n - k] = _rowdot(vecs[: n - k], vecs[k:])
            gram.append(g)
        # norm2[a][u] = |s_u + ... + s_{u+a-1}|^2 (zero-padded past the end).
        self.norm2: list[np.ndarray] = [np.zeros(n + 1)]
        for a in range(1, max_span + 1):
            total = np.zeros(n + max_span + 1)
            for p in range(min(a, n)):
                total[: n - p] += gram[0][p:]
                for q in range(p + 1, a):
                    total[: n - p] += 2 * gram[q - p][p:]
            self.norm2.append(total[: n + 1])
        self.cumlen = np.concatenate([[0.0], np.cumsum(side.lengths)])
        # join_cum[k]: summed merge-prior shares of the boundaries before line k, so
        # a span [s, e) joins across join_cum[e - 1] - join_cum[s] (None: e - 1 - s).
        self.join_cum: np.ndarray | None = None
        if side.join_share is not None:
            self.join_cum = np.concatenate([[0.0], np.cumsum(side.join_share)])


class SemanticContext:
    """The semantic sides of a search, with sum-of-sentence statistics for big beads."""

    def __init__(self, pair: SemanticPair, max_span: int) -> None:
        self.pair = pair
        # Vectors of runs longer than the embedded ones, per side and size (on first use).
        self._long: dict[tuple[bool, int], np.ndarray] = {}
        # Baselines of their cosines, per bead shape (computed on first use).
        self.sum_spread: dict[tuple[int, int], float] = {}

    def vectors(self, on_src: bool, k: int) -> np.ndarray:
        side = self.pair.src if on_src else self.pair.tgt
        if k <= side.overlap:
            return side.runs[k - 1]
        if (on_src, k) not in self._long:
            self._long[(on_src, k)] = long_runs(side, k)
        return self._long[(on_src, k)]

    def reversed(self, max_span: int) -> SemanticContext:
        flipped = SemanticContext(self.pair.reversed(), max_span)
        # One set of baselines for both directions, so forward and backward costs agree.
        flipped.sum_spread = self.sum_spread
        return flipped


def semantic_costs(
    ctx: SemanticContext, types: list[tuple[int, int]], rows: np.ndarray, cols: np.ndarray
) -> np.ndarray:
    """Normalised embedding costs (len(types), len(rows)) of beads ending at (rows, cols).

    Beads within the embedded run sizes compare the embeddings of the joined
    sentences; bigger ones compare sums of sentence embeddings. Cells where a
    bead does not fit get an arbitrary finite value (the caller masks them).
    """
    src, tgt = ctx.pair.src, ctx.pair.tgt
    r0, r1, c0, c1 = _window(types, rows, cols)
    blocks: dict[tuple[int, int], np.ndarray] = {}
    out = np.empty((len(types), rows.shape[0]), dtype=np.float64)
    for t, (a, b) in enumerate(types):
        ok = (rows >= a) & (cols >= b)
        si = np.where(ok, rows - a, 0)
        ti = np.where(ok, cols - b, 0)
        if a <= src.overlap and b <= tgt.overlap:
            xs, ys = src.runs[a - 1], tgt.runs[b - 1]
            if (a, b) not in blocks:
                blocks[(a, b)] = xs[r0 : min(r1, xs.shape[0])] @ ys[c0 : min(c1, ys.shape[0])].T
            block = blocks[(a, b)]
            if block.size == 0:
                out[t] = 1.0
                continue
            bi = np.clip(si - r0, 0, block.shape[0] - 1)
            bj = np.clip(ti - c0, 0, block.shape[1] - 1)
            cos = block[bi, bj].astype(np.float64)
        else:
            # Longer beads: vectors built from the embedded runs (see semantic.long_runs).
            xs, ys = ctx.vectors(True, a), ctx.vectors(False, b)
            if xs.shape[0] == 0 or ys.shape[0] == 0:
                out[t] = 1.0
                continue
            si_c = np.clip(si, 0, xs.shape[0] - 1)
            ti_c = np.clip(ti, 0, ys.shape[0] - 1)
            cos = np.empty(rows.shape[0], dtype=np.float64)
            for r in range(0, rows.shape[0], GATHER_ROWS):
                part = slice(r, r + GATHER_ROWS)
                cos[part] = np.einsum("ij,ij->i", xs[si_c[part]], ys[ti_c[part]], dtype=np.float64)
            if (a, b) not in ctx.sum_spread:
                ctx.sum_spread[(a, b)] = pair_spread(xs, ys, a, b)
            out[t] = (1.0 - cos) / ctx.sum_spread[(a, b)]
            continue
        spread_s = src.spread[a - 1][b - 1]
        spread_t = tgt.spread[b - 1][a - 1]
        spread_s = spread_s[np.clip(si, 0, max(0, spread_s.shape[0] - 1))]
        spread_t = spread_t[np.clip(ti, 0, max(0, spread_t.shape[0] - 1))]
        out[t] = (1.0 - cos) / ((spread_s + spread_t) / 2)
    return out


def bead_semantic_costs(ctx: SemanticContext, spans: list[tuple[int, int, int, int]]) -> np.ndarray:
    """Normalised embedding cost of every bead of a path (nan for 1-0 / 0-1 beads)."""
    out = np.full(len(spans), np.nan)
    by_type: dict[tuple[int, int], list[int]] = {}
    for k, (i0, i1, j0, j1) in enumerate(spans):
        if i1 > i0 and j1 > j0:
            by_type.setdefault((i1 - i0, j1 - j0), []).append(k)
    for ab, idx in by_type.items():
        rows = np.array([spans[k][1] for k in idx], dtype=np.int64)
        cols = np.array([spans[k][3] for k in idx], dtype=np.int64)
        for start in range(0, len(idx), 4096):
            part = slice(start, start + 4096)
            out[np.array(idx[part])] = semantic_costs(ctx, [ab], rows[part], cols[part])[0]
    return out


def chunk_costs(
    src: SideFeatures,
    tgt: SideFeatures,
    src_stats: SpanStats,
    tgt_stats: SpanStats,
    types: list[tuple[int, int]],
    rows: np.ndarray,
    cols: np.ndarray,
    ratio: float,
    params: CostParams,
    sem: SemanticContext | None = None,
) -> np.ndarray:
    """Costs (len(types), len(rows)) of beads of each type ending at cells (rows, cols).

    Cells where a bead does not fit (it would start before the document) get +inf.
    """
    r0, r1, c0, c1 = _window(types, rows, cols)
    block = src.vecs[r0:r1] @ tgt.vecs[c0:c1].T
    sat = np.zeros((r1 - r0 + 1, c1 - c0 + 1), dtype=np.float64)
    if block.size:
        sat[1:, 1:] = block.astype(np.float64).cumsum(axis=0).cumsum(axis=1)
    out = np.empty((len(types), rows.shape[0]), dtype=np.float64)
    drift = 0.0
    if params.diag_weight:
        # Coarse levels only: a small pull towards the length diagonal, a
        # tie-breaker where blocks look alike (repetitive text), far below the
        # content cost of a real misalignment.
        position = np.log((tgt_stats.cumlen[cols] + 1.0) / (ratio * src_stats.cumlen[rows] + 1.0))
        drift = params.diag_weight * np.minimum((position / DRIFT_SCALE) ** 2, DRIFT_CAP)
    sem_cost = None
    if sem is not None and params.w_sem:
        sem_cost = np.minimum(semantic_costs(sem, types, rows, cols), params.sem_cap)
    # Per-cell terms shared by every bead type, computed once.
    re_ = rows - r0
    ce = cols - c0
    sat_end = sat[re_, ce]
    len_src_end = src_stats.cumlen[rows]
    len_tgt_end = tgt_stats.cumlen[cols]
    for t, (a, b) in enumerate(types):
        ok = (rows >= a) & (cols >= b)
        start_s = np.where(ok, rows - a, 0)
        start_t = np.where(ok, cols - b, 0)
        # Invalid cells read the bead's own end (an empty span) and are masked below.
        ri = np.where(ok, start_s, rows) - r0
        ci = np.where(ok, start_t, cols) - c0
        dot = sat_end - sat[ri, ce] - sat[re_, ci] + sat[ri, ci]
        ns = src_stats.norm2[a][start_s]
        nt = tgt_stats.norm2[b][start_t]
        denom = np.sqrt(ns * nt)
        cos = np.divide(dot, denom, out=np.zeros_like(dot), where=denom > 0)
        np.clip(cos, 0.0, 1.0, out=cos)
        lx = len_src_end - src_stats.cumlen[start_s]
        ly = len_tgt_end - tgt_stats.cumlen[start_t]
        if params.log_length:
            # Coarse blocks: Gale-Church's variance would saturate the cap, so use
            # the scale-free log ratio (a 15% mismatch costs as much as delta = 1).
            delta = np.log((ly + 1.0) / (ratio * lx + 1.0)) / LOG_RATIO_SD
        else:
            delta = (ly - ratio * lx) / np.sqrt(params.s2 * (ratio * lx + ly) / 2 + 1.0)
        length = np.minimum(delta * delta / 2, params.len_cap) / params.len_cap
        content = (1 - params.w_len) * (1 - cos) + params.w_len * length
        if sem_cost is not None:
            content = (1 - params.w_sem) * content + params.w_sem * sem_cost[t]
        cost = content * ((a + b) / 2)
        if params.w_member and (a > 1 or b > 1):
            cost += params.w_member * _weakest_member(
                sat, src_stats, tgt_stats, rows, cols, a, b, r0, c0, ok, ns, nt, params.member_floor
            )
        if src_stats.join_cum is None and tgt_stats.join_cum is None:
            cost += params.extra * (a + b - 2) ** params.extra_power
        else:
            joins = _joins(src_stats, rows, start_s, a) + _joins(tgt_stats, cols, start_t, b)
            cost += params.extra * joins**params.extra_power
        if params.diag_weight:
            cost += drift
        out[t] = np.where(ok, cost, np.inf)
    return out


def _joins(stats: SpanStats, ends: np.ndarray, starts: np.ndarray, size: int) -> np.ndarray:
    """Merge-prior weight of the internal boundaries of spans [starts, ends) of ``size``."""
    if stats.join_cum is None or size == 1:
        return np.full(ends.shape[0], float(size - 1))
    return stats.join_cum[np.maximum(ends - 1, 0)] - stats.join_cum[starts]


def _weakest_member(
    sat: np.ndarray,
    src_stats: SpanStats,
    tgt_stats: SpanStats,
    rows: np.ndarray,
    cols: np.ndarray,
    a: int,
    b: int,
    r0: int,
    c0: int,
    ok: np.ndarray,
    ns: np.ndarray,
    nt: np.ndarray,
    floor: float,
) -> np.ndarray:
    """How far the least-matching sentence of a merged bead falls below a floor.

    A sentence with no anchor in common with the other side of the bead (such
    as scraper residue glued to a neighbour) makes the merge suspicious.
    """
    worst = np.full(rows.shape[0], 1.0)
    re_, ce = rows - r0, cols - c0
    ri = np.where(ok, rows - a, rows) - r0
    ci = np.where(ok, cols - b, cols) - c0
    if a > 1:
        for p in range(a):
            # Invalid cells (bead past the start) are discarded later; just stay in bounds.
            top = np.minimum(ri + p, sat.shape[0] - 2)
            dot = sat[top + 1, ce] - sat[top, ce] - sat[top + 1, ci] + sat[top, ci]
            own = src_stats.norm2[1][np.clip(top + r0, 0, len(src_stats.norm2[1]) - 1)]
            denom = np.sqrt(own * nt)
            mc = np.divide(dot, denom, out=np.zeros_like(dot), where=denom > 0)
            np.minimum(worst, np.where(own > 0, mc, 1.0), out=worst)
    if b > 1:
        for q in range(b):
            left = np.minimum(ci + q, sat.shape[1] - 2)
            dot = sat[re_, left + 1] - sat[ri, left + 1] - sat[re_, left] + sat[ri, left]
            own = tgt_stats.norm2[1][np.clip(left + c0, 0, len(tgt_stats.norm2[1]) - 1)]
            denom = np.sqrt(own * ns)
            mc = np.divide(dot, denom, out=np.zeros_like(dot), where=denom > 0)
            np.minimum(worst, np.where(own > 0, mc, 1.0), out=worst)
    return np.maximum(0.0, 1.0 - worst / floor)


def skip_costs(side: SideFeatures, params: CostParams) -> np.ndarray:
    """Cost of leaving each sentence of a side unaligned (1-0 or 0-1).

    ``skip`` for a sentence of ordinary prose, times the side's ``skip_share``
    (lines that are not prose are cheaper to leave out); with ``short_skip`` > 0,
    sentences much shorter than the side's median (OCR debris, captions,
    "....") are cheaper to skip than to glue onto a neighbour.
    """
    n = side.n
    base = np.full(n, params.skip) if side.skip_share is None else params.skip * side.skip_share
    if n == 0 or params.short_skip <= 0:
        return base
    typical = float(np.median(side.lengths)) * params.short_skip + 1.0
    share = np.minimum(1.0, (side.lengths + 1.0) / typical)
    return base * (SHORT_FLOOR + (1 - SHORT_FLOOR) * share)


def _window(
    types: list[tuple[int, int]], rows: np.ndarray, cols: np.ndarray
) -> tuple[int, int, int, int]:
    """(r0, r1, c0, c1): the sentence window every bead ending at (rows, cols) lies in."""
    max_a = max(a for a, _ in types)
    max_b = max(b for _, b in types)
    r0 = max(0, int(rows.min()) - max_a)
    c0 = max(0, int(cols.min()) - max_b)
    return r0, int(rows.max()), c0, int(cols.max())

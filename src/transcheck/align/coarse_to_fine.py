"""Coarse-to-fine alignment of two feature sides into beads."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from transcheck.align.costs import (
    CostParams,
    SemanticContext,
    SpanStats,
    chunk_costs,
    skip_costs,
)
from transcheck.align.features import SideFeatures, coarsen
from transcheck.align.search import (
    FACTOR,
    FULL_CELLS,
    Span,
    band_from_path,
    bead_margins,
    bead_types,
    dp,
    full_band,
    reverse_band,
)
from transcheck.align.semantic import SemanticPair

COARSE_TYPES = [(1, 1), (1, 2), (2, 1)]
# Weight of the pull towards the length diagonal at coarse levels (see costs.py).
COARSE_DRIFT_WEIGHT = 0.02


def length_ratio(src: SideFeatures, tgt: SideFeatures) -> float:
    """Target characters per source character, estimated from the two texts."""
    total_src = float(src.lengths.sum())
    total_tgt = float(tgt.lengths.sum())
    if total_src <= 0 or total_tgt <= 0:
        return 1.0
    return total_tgt / total_src


def search_beads(
    src: SideFeatures,
    tgt: SideFeatures,
    params: CostParams,
    max_bead: int = 5,
    ratio: float | None = None,
    types: list[tuple[int, int]] | None = None,
    with_margins: bool = False,
    sem: SemanticPair | None = None,
) -> tuple[list[Span], np.ndarray | None]:
    """Best bead sequence covering both sides (spans of sentence indices).

    ``sem`` adds the embedding cost (``params.w_sem``) to every bead; at the
    coarse level it compares block sums of sentence embeddings, so the band
    follows the embedding anchors rather than the length ratio.

    With ``with_margins``, also how much worse the best path that changes
    each bead is (a backward pass over the same band; see ``bead_margins``).
    """
    n, m = src.n, tgt.n
    if ratio is None:
        ratio = length_ratio(src, tgt)
    if types is None:
        types = bead_types(max_bead)
    if n == 0 or m == 0:
        trivial = [(i, i + 1, 0, 0) for i in range(n)] + [(n, n, j, j + 1) for j in range(m)]
        return trivial, (np.full(len(trivial), np.inf) if with_margins else None)
    if (n + 1) * (m + 1) <= FULL_CELLS:
        lo, hi = full_band(n, m)
    else:
        coarse, _ = search_beads(
            coarsen(src, FACTOR),
            coarsen(tgt, FACTOR),
            replace(params, log_length=True, w_member=0.0, diag_weight=COARSE_DRIFT_WEIGHT),
            ratio=ratio,
            types=COARSE_TYPES,
            sem=None if sem is None else sem.coarse(FACTOR),
        )
        lo, hi = band_from_path(coarse, FACTOR, n, m, margin=FACTOR)
    max_span = max(max(a, b) for a, b in types)
    src_stats = SpanStats(src, max_span)
    tgt_stats = SpanStats(tgt, max_span)
    ctx = None if sem is None or not params.w_sem else SemanticContext(sem, max_span)

    def cost_fn(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return chunk_costs(src, tgt, src_stats, tgt_stats, types, rows, cols, ratio, params, ctx)

    del_cost, ins_cost = skip_costs(src, params), skip_costs(tgt, params)
    end = params.end_skip
    spans, forward, base = dp(n, m, lo, hi, types, cost_fn, del_cost, ins_cost, end)
    if not with_margins:
        return spans, None
    rlo, rhi = reverse_band(lo, hi, m)
    rsrc, rtgt = reversed_side(src), reversed_side(tgt)
    rsrc_stats, rtgt_stats = SpanStats(rsrc, max_span), SpanStats(rtgt, max_span)
    rctx = None if ctx is None else ctx.reversed(max_span)

    def reversed_cost(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return chunk_costs(
            rsrc, rtgt, rsrc_stats, rtgt_stats, types, rows, cols, ratio, params, rctx
        )

    _, backward, _ = dp(n, m, rlo, rhi, types, reversed_cost, del_cost[::-1], ins_cost[::-1], end)
    return spans, bead_margins(spans, n, m, lo, base, forward, backward)


def reversed_side(side: SideFeatures) -> SideFeatures:
    return SideFeatures(
        np.ascontiguousarray(side.vecs[::-1]),
        side.extra_norm2[::-1].copy(),
        side.lengths[::-1].copy(),
        None if side.skip_share is None else side.skip_share[::-1].copy(),
        None if side.join_share is None else side.join_share[::-1].copy(),
    )

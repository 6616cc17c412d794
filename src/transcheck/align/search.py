"""Dynamic programming over beads in a band, coarse-to-fine (as in Vecalign).

Small problems are searched exhaustively. Larger ones are first aligned with
blocks of ``FACTOR`` sentences summed into one, recursively, and the path
found at the coarse level, widened by a margin, bounds the fine search. Time
and memory are linear in document length for a fixed margin.

The DP runs row by row (one row per number of source sentences consumed);
each row is a contiguous column range stored in one flat array, so rows of
different widths (long insertions) cost only their own cells. Insertions
within a row are resolved with a running minimum instead of a Python loop.

Known limits: when the coarse path is wrong by more than the margin (a long
stretch with no anchors and misleading lengths), the fine search cannot
recover.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

FULL_CELLS = 4_000_000
FACTOR = 8
CHUNK_CELLS = 200_000
BLOCK_CELLS = 400_000
DEL, INS = 0, 1

CostFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
Span = tuple[int, int, int, int]  # source [i0, i1), target [j0, j1)


def bead_types(max_bead: int) -> list[tuple[int, int]]:
    """Many-to-many bead shapes: a, b >= 1, each side <= max_bead, a + b <= max_bead + 1."""
    shapes = [
        (a, b)
        for a in range(1, max_bead + 1)
        for b in range(1, max_bead + 1)
        if a + b <= max(2, max_bead + 1)
    ]
    return sorted(shapes, key=lambda ab: (ab[0] + ab[1], ab))


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64)


def band_from_path(
    path: list[Span], factor: int, n: int, m: int, margin: int
) -> tuple[np.ndarray, np.ndarray]:
    """Fine-level column range of every row, from a coarse path and a margin."""
    minc = np.full(n + 1, m + 1, dtype=np.int64)
    maxc = np.full(n + 1, -1, dtype=np.int64)
    for i0, i1, j0, j1 in path:
        r0, r1 = min(i0 * factor, n), min(i1 * factor, n)
        c0, c1 = min(j0 * factor, m), min(j1 * factor, m)
        np.minimum(minc[r0 : r1 + 1], c0, out=minc[r0 : r1 + 1])
        np.maximum(maxc[r0 : r1 + 1], c1, out=maxc[r0 : r1 + 1])
    # Widen by the margin in both directions (rows and columns).
    lo = minc.copy()
    hi = maxc.copy()
    for shift in range(1, margin + 1):
        np.minimum(lo[shift:], minc[:-shift], out=lo[shift:])
        np.minimum(lo[:-shift], minc[shift:], out=lo[:-shift])
        np.maximum(hi[shift:], maxc[:-shift], out=hi[shift:])
        np.maximum(hi[:-shift], maxc[shift:], out=hi[:-shift])
    lo = np.clip(lo - margin, 0, m)
    hi = np.clip(hi + margin, 0, m) + 1
    lo[0] = 0
    hi[n] = m + 1
    return lo, hi


def dp(
    n: int,
    m: int,
    lo: np.ndarray,
    hi: np.ndarray,
    types: list[tuple[int, int]],
    cost_fn: CostFn,
    del_cost: np.ndarray,
    ins_cost: np.ndarray,
    end_share: float = 1.0,
) -> tuple[list[Span], np.ndarray, np.ndarray]:
    """Least-cost monotone path from (0, 0) to (n, m) inside the band.

    ``del_cost[i]`` is the cost of leaving source sentence i unaligned (1-0),
    ``ins_cost[j]`` the same for target sentence j (0-1). Skips on the borders
    of the grid (before anything of the other side is aligned, or after all of
    it) cost ``end_share`` of that: with a share below 1 the search is
    semi-global, and a lead or an ending of its own costs little.
    Returns the beads, and the forward scores (flat, row ``i`` at
    ``base[i]:base[i + 1]``, columns from ``lo[i]``) with ``base``.
    """
    width = hi - lo
    base = np.concatenate([[0], np.cumsum(width)])
    total = int(base[-1])
    score = np.full(total, np.inf, dtype=np.float64)
    back = np.full(total, -1, dtype=np.int8)
    all_types = [(1, 0), (0, 1), *types]
    # ins_cum[j]: cost of inserting target sentences 0..j-1; a run of
    # insertions from column k to j costs ins_cum[j] - ins_cum[k].
    ins_cum = np.concatenate([[0.0], np.cumsum(ins_cost, dtype=np.float64)])
    del_l = np.asarray(del_cost, dtype=np.float64).tolist()
    end_cum = ins_cum * end_share
    if lo[0] == 0:
        score[: width[0]] = end_cum[lo[0] : hi[0]]
        back[: width[0]] = INS
        back[0] = -1
    lo_l, hi_l, width_l = lo.tolist(), hi.tolist(), width.tolist()
    base_l = base.tolist()
    linked = [(t, a, b) for t, (a, b) in enumerate(all_types) if a > 0]
    widest = max(width_l) if width_l else 0
    buffer = np.empty((len(all_types), widest), dtype=np.float64)
    columns = np.arange(widest)
    row = 1
    while row <= n:
        # Rows [row, end) whose cells fit in one cost chunk.
        end = row + 1
        c_lo, c_hi = int(lo[row]), int(hi[row])
        while end <= n and base[end + 1] - base[row] <= CHUNK_CELLS:
            # The cost block is dense over the chunk's rows x columns: keep it small.
            c_lo, c_hi = min(c_lo, int(lo[end])), max(c_hi, int(hi[end]))
            if (end + 1 - row) * (c_hi - c_lo) > BLOCK_CELLS:
                break
            end += 1
        cells = int(base[end] - base[row])
        rows = np.repeat(np.arange(row, end, dtype=np.int64), width[row:end])
        cols = np.arange(cells, dtype=np.int64) - np.repeat(
            base[row:end] - base[row], width[row:end]
        )
        cols += np.repeat(lo[row:end], width[row:end])
        costs = cost_fn(rows, cols) if cells else np.zeros((len(types), 0))
        for i in range(row, end):
            w = width_l[i]
            if w == 0:
                continue
            li = lo_l[i]
            off = base_l[i] - base_l[row]
            cand = buffer[:, :w]
            cand.fill(np.inf)
            for t, a, b in linked:
                p = i - a
                if p < 0:
                    continue
                # Cells j of row i read row p at column j - b.
                lp = lo_l[p]
                s = max(li, lp + b)
                e = min(li + w, hi_l[p] + b)
                if e <= s:
                    continue
                bp = base_l[p] - b - lp
                if t == DEL:
                    np.add(score[bp + s : bp + e], del_l[i - 1], out=cand[t, s - li : e - li])
                    if end_share != 1.0:
                        # Column 0 and column m: a deletion on the border.
                        for j in {s, e - 1} & {0, m}:
                            cand[t, j - li] = score[bp + j] + del_l[i - 1] * end_share
                else:
                    np.add(
                        score[bp + s : bp + e],
                        costs[t - 2, off + s - li : off + e - li],
                        out=cand[t, s - li : e - li],
                    )
            best = cand.argmin(axis=0)
            value = cand[best, columns[:w]]
            # Insertions along the row: min_k value[k] + ins_cum[j] - ins_cum[k], via a
            # running minimum.
            ramp = (end_cum if i == n else ins_cum)[li : li + w]
            running = np.minimum.accumulate(value - ramp) + ramp
            inserted = running < value - 1e-12
            bi = base_l[i]
            score[bi : bi + w] = np.where(inserted, running, value)
            back[bi : bi + w] = np.where(inserted, INS, best)
        row = end
    return _backtrace(n, m, lo, base, back, all_types), score, base


def _backtrace(
    n: int,
    m: int,
    lo: np.ndarray,
    base: np.ndarray,
    back: np.ndarray,
    all_types: list[tuple[int, int]],
) -> list[Span]:
    beads: list[Span] = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[base[i] + j - lo[i]])
        if t < 0:
            raise RuntimeError(f"alignment search lost its path at ({i}, {j})")
        a, b = all_types[t]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def reverse_band(lo: np.ndarray, hi: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """The band of the problem with both sides reversed: row n-i, column m-j."""
    return (m + 1 - hi)[::-1].copy(), (m + 1 - lo)[::-1].copy()


def bead_margins(
    spans: list[Span],
    n: int,
    m: int,
    lo: np.ndarray,
    base: np.ndarray,
    forward: np.ndarray,
    backward: np.ndarray,
) -> np.ndarray:
    """How much worse the best path that changes each bead is (0 = a tie).

    ``forward + backward`` at a cell is the cost of the best path through it
    (min-marginal); ``backward`` is the forward score array of the reversed
    problem, read at (n - i, m - j). For each bead, the cells around and
    inside its rectangle that the chosen path does not visit are the
    alternatives: a shifted boundary, a split or a merge with a neighbour.
    """
    lo_l, base_l = lo.tolist(), base.tolist()
    widths = np.diff(base).tolist()
    rev_lo = (m + 1 - (lo + np.diff(base)))[::-1]
    rev_lo_l = rev_lo.tolist()
    rev_base_l = np.concatenate([[0], np.cumsum(np.diff(base)[::-1])]).tolist()
    best = float(forward[base_l[n] + m - lo_l[n]])
    on_path = {(i0, j0) for i0, _, j0, _ in spans} | {(n, m)}

    def through(i: int, j0: int, j1: int) -> np.ndarray:
        """Min-marginals of row i, columns [j0, j1) clipped to the band."""
        a = max(j0, lo_l[i])
        b = min(j1, lo_l[i] + widths[i])
        if b <= a:
            return np.empty(0)
        f = forward[base_l[i] + a - lo_l[i] : base_l[i] + b - lo_l[i]]
        r = n - i
        # Reversed row r holds column m - j at offset (m - j) - rev_lo[r].
        start = rev_base_l[r] + (m - (b - 1)) - rev_lo_l[r]
        back = backward[start : start + (b - a)][::-1]
        return f + back

    margins = np.empty(len(spans))
    for k, (i0, i1, j0, j1) in enumerate(spans):
        worst = np.inf
        for i in range(max(0, i0 - 1), min(n, i1 + 1) + 1):
            values = through(i, max(0, j0 - 1), min(m, j1 + 1) + 1)
            if values.size == 0:
                continue
            first = max(max(0, j0 - 1), lo_l[i])
            for j, v in enumerate(values.tolist(), start=first):
                if v < worst and (i, j) not in on_path:
                    worst = v
        margins[k] = max(0.0, worst - best)
    return margins

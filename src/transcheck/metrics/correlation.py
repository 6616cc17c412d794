"""Correlations used to judge metrics against human scores (numpy only).

Known limits: ``kendall_tau_b`` is O(n^2) in memory blocks of 1,000 rows; fine
for tens of thousands of segments, slow beyond ~10^5.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def kendall_tau_b(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Kendall's tau-b, which corrects for ties on either side (as scipy's)."""
    a = np.asarray(x, dtype=np.float64)
    b = np.asarray(y, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"kendall_tau_b: {a.size} vs {b.size} values")
    n = a.size
    if n < 2:
        return float("nan")
    concordant_minus_discordant = 0.0
    pairs_x = 0.0  # pairs not tied in x
    pairs_y = 0.0
    block = 1000
    for start in range(0, n, block):
        sa = np.sign(a[start : start + block, None] - a[None, :])
        sb = np.sign(b[start : start + block, None] - b[None, :])
        concordant_minus_discordant += float((sa * sb).sum())
        pairs_x += float(np.count_nonzero(sa))
        pairs_y += float(np.count_nonzero(sb))
    # Every unordered pair was counted twice (i, j) and (j, i): ratios cancel.
    denom = np.sqrt(pairs_x * pairs_y)
    if denom == 0:
        return float("nan")
    return float(concordant_minus_discordant / denom)


def pearson(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Pearson's r; nan when either side is constant."""
    a = np.asarray(x, dtype=np.float64)
    b = np.asarray(y, dtype=np.float64)
    if a.size < 2 or a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def system_pearson(
    systems: Sequence[str], metric: Sequence[float] | np.ndarray, human: Sequence[float]
) -> float:
    """Pearson of per-system means of ``metric`` and ``human``."""
    names = sorted(set(systems))
    index = {name: i for i, name in enumerate(names)}
    ids = np.array([index[s] for s in systems])
    counts = np.bincount(ids, minlength=len(names))
    m = np.bincount(ids, weights=np.asarray(metric, dtype=np.float64), minlength=len(names))
    h = np.bincount(ids, weights=np.asarray(human, dtype=np.float64), minlength=len(names))
    return pearson(m / counts, h / counts)

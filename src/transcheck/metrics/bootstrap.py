"""Seeded bootstrap confidence intervals over per-segment statistics.

Resampling works on the sufficient statistics from ``metrics.stats``: one
resample is a vector of segment counts, so a corpus score of a resample is
``counts @ stats`` followed by the metric's own scoring. The seed (default
12345) is part of every signature, so intervals repeat exactly.

Known limits: percentile intervals (as sacrebleu's ``--confidence``), which
are a little narrow for very small corpora (under ~30 segments).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

DEFAULT_SEED = 12345
DEFAULT_RESAMPLES = 1000
# Resamples drawn per block: bounds memory to block x segments counts.
_BLOCK = 50


def resample_counts(n: int, resamples: int, seed: int = DEFAULT_SEED) -> np.ndarray:
    """(resamples, n) matrix: how often each segment appears in each resample."""
    rng = np.random.default_rng(seed)
    out = np.empty((resamples, n), dtype=np.float64)
    for start in range(0, resamples, _BLOCK):
        rows = min(_BLOCK, resamples - start)
        idx = rng.integers(0, n, size=(rows, n))
        flat = idx + (np.arange(rows)[:, None] * n)
        out[start : start + rows] = np.bincount(flat.ravel(), minlength=rows * n).reshape(rows, n)
    return out


def bootstrap_scores(
    stats: np.ndarray,
    score: Callable[[np.ndarray], float],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    counts: np.ndarray | None = None,
) -> np.ndarray:
    """Scores of ``resamples`` bootstrap resamples of the rows of ``stats``.

    ``score`` maps a summed statistics vector to a score. Pass the same
    ``counts`` (from :func:`resample_counts`) to pair resamples across
    systems or metrics.
    """
    arr = np.asarray(stats, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    if counts is None:
        counts = resample_counts(arr.shape[0], resamples, seed)
    sums = counts @ arr
    return np.array([score(row) for row in sums], dtype=np.float64)


def percentile_ci(samples: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The central ``level`` interval of bootstrap samples."""
    if samples.size == 0:
        return (float("nan"), float("nan"))
    tail = (1.0 - level) / 2 * 100
    lo, hi = np.percentile(samples, [tail, 100 - tail])
    return (float(lo), float(hi))


def mean_ci(
    values: np.ndarray,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    counts: np.ndarray | None = None,
) -> tuple[float, float]:
    """Bootstrap interval of the mean of ``values`` (e.g. fidelity)."""
    vals = np.asarray(values, dtype=np.float64)
    if vals.size == 0:
        return (float("nan"), float("nan"))
    if counts is None:
        counts = resample_counts(vals.size, resamples, seed)
    return percentile_ci(counts @ vals / vals.size)

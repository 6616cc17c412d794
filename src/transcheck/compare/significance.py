"""Paired significance tests on sufficient statistics, seeded like sacrebleu.

Bootstrap resampling draws ``rng.choice(n, size=(samples, n))`` from
``numpy.random.default_rng(seed)`` and approximate randomisation draws
``rng.integers(2, size=(trials, n), dtype=bool)``, exactly as sacrebleu's
``PairedTest`` does, so with the same seed the resamples are the same. Every
resample is a weighted row sum of the statistics (one matrix product), and
the corpus score of each resample is exact.

One deliberate difference from sacrebleu: the p-value counts resampled
differences ``>=`` the observed one (sacrebleu uses ``>``), so two identical
systems get p = 1.0 ("no difference") instead of 1/(n+1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from transcheck.compare.stats import MetricStats

# Absolute slack when comparing a resampled difference with the observed one,
# so float summation order never turns "equal" into "smaller".
_TOL = 1e-9
# Trials processed per matrix product: bounds memory to ~chunk * n * 8 bytes.
_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class PairTest:
    """One metric's paired test between systems ``a`` and ``b``.

    ``delta`` is score(a) - score(b) on the full corpus; ``p_bootstrap`` and
    ``p_ar`` are two-sided p-values (1.0 means no evidence of a difference).
    """

    metric: str
    a: str
    b: str
    delta: float
    p_bootstrap: float
    p_ar: float

    def to_dict(self) -> dict[str, object]:
        return {
            "metric": self.metric,
            "delta": round(self.delta, 4),
            "p_bootstrap": round(self.p_bootstrap, 5),
            "p_ar": round(self.p_ar, 5),
        }


def bootstrap_weights(n: int, samples: int, seed: int | None) -> np.ndarray:
    """``(samples, n)`` counts: how often each segment is drawn per resample."""
    rng = np.random.default_rng(seed)
    idxs = rng.choice(n, size=(samples, n), replace=True)
    offsets = (idxs + (np.arange(samples) * n)[:, None]).ravel()
    return np.bincount(offsets, minlength=samples * n).reshape(samples, n).astype(np.float64)


def ar_masks(n: int, trials: int, seed: int | None) -> np.ndarray:
    """``(trials, n)`` booleans: True keeps a segment's statistics in place."""
    rng = np.random.default_rng(seed)
    return rng.integers(2, size=(trials, n), dtype=bool)


def bootstrap_scores(metric: MetricStats, weights: np.ndarray) -> np.ndarray:
    """Corpus score of each bootstrap resample, shape ``(samples,)``."""
    return np.asarray(metric.score(weights @ metric.stats), dtype=np.float64)


def confidence_interval(scores: np.ndarray) -> tuple[float, float]:
    """95% percentile interval, indices as in sacrebleu's ``estimate_ci``."""
    ordered = np.sort(scores)
    n = len(ordered)
    if n == 0:
        return (float("nan"), float("nan"))
    lower = n // 40
    return (float(ordered[lower]), float(ordered[n - lower - 1]))


def bootstrap_p(observed: float, boot_a: np.ndarray, boot_b: np.ndarray) -> float:
    """Paired bootstrap p-value (Koehn 2004 as implemented by sacrebleu).

    The resampled absolute differences are centred on their mean (the null
    hypothesis) and compared with the observed absolute difference.
    """
    diffs = np.abs(boot_a - boot_b)
    centred = diffs - diffs.mean()
    count = int(np.sum(centred >= abs(observed) - _TOL))
    return (count + 1) / (len(diffs) + 1)


def ar_p_values(
    a: Sequence[MetricStats], b: Sequence[MetricStats], masks: np.ndarray
) -> list[float]:
    """Approximate-randomisation p-values for several metrics of one pair."""
    return ar_p_values_many([(a, b)], masks)[0]


def ar_p_values_many(
    pairs: Sequence[tuple[Sequence[MetricStats], Sequence[MetricStats]]], masks: np.ndarray
) -> list[list[float]]:
    """Approximate-randomisation p-values for several pairs and metrics.

    For every trial each segment's statistics are swapped between the two
    systems where the mask is False; the test statistic is the absolute
    difference of the two shuffled corpus scores. Trials are processed in
    chunks (outer loop) so one float copy of a chunk of the mask serves
    every pair, and all metrics of a pair share one matrix product.
    """
    prepared = []
    for a, b in pairs:
        widths = [m.stats.shape[1] for m in a]
        sa = np.concatenate([m.stats for m in a], axis=1) if a else np.zeros((masks.shape[1], 0))
        sb = np.concatenate([m.stats for m in b], axis=1) if b else np.zeros((masks.shape[1], 0))
        total_a, total_b = sa.sum(axis=0), sb.sum(axis=0)
        observed = [
            abs(float(ma.score(total_a[_cols(widths, i)]) - mb.score(total_b[_cols(widths, i)])))
            for i, (ma, mb) in enumerate(zip(a, b, strict=True))
        ]
        # float32 products are exact for the integer counts we sum (< 2**24)
        # and twice as fast; the totals stay float64.
        prepared.append((a, widths, (sa - sb).astype(np.float32), total_a, total_b, observed))
    counts = [[0] * len(p[0]) for p in prepared]
    trials = masks.shape[0]
    for start in range(0, trials, _CHUNK):
        chunk = masks[start : start + _CHUNK].astype(np.float32)
        for k, (a, widths, diff, total_a, total_b, observed) in enumerate(prepared):
            if not a:
                continue
            # Kept rows from a, swapped rows from b: sum_b + mask @ (a - b).
            moved = (chunk @ diff).astype(np.float64)
            shuf_a = total_b + moved
            shuf_b = total_a - moved
            for i, metric in enumerate(a):
                cols = _cols(widths, i)
                stat = np.abs(metric.score(shuf_a[:, cols]) - metric.score(shuf_b[:, cols]))
                counts[k][i] += int(np.sum(stat >= observed[i] - _TOL))
    return [[(c + 1) / (trials + 1) for c in row] for row in counts]


def _cols(widths: Sequence[int], index: int) -> slice:
    start = sum(widths[:index])
    return slice(start, start + widths[index])

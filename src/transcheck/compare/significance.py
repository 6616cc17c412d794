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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from transcheck.compare.stats import MetricStats

# Absolute slack when comparing a resampled difference with the observed one,
# so float summation order never turns "equal" into "smaller".
_TOL = 1e-9
# Mask cells (trials x segments) converted per chunk: bounds memory to ~80 MB.
_CELLS = 20_000_000


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
    return ar_tests({"a": list(a), "b": list(b)}, [("a", "b")], masks)[0]


def ar_p_values_many(
    pairs: Sequence[tuple[Sequence[MetricStats], Sequence[MetricStats]]], masks: np.ndarray
) -> list[list[float]]:
    """``ar_p_values`` for several independent pairs."""
    systems: dict[str, list[MetricStats]] = {}
    keys = []
    for i, (a, b) in enumerate(pairs):
        systems[f"{i}a"], systems[f"{i}b"] = list(a), list(b)
        keys.append((f"{i}a", f"{i}b"))
    return ar_tests(systems, keys, masks)


def ar_tests(
    systems: Mapping[str, Sequence[MetricStats]],
    pairs: Sequence[tuple[str, str]],
    masks: np.ndarray,
) -> list[list[float]]:
    """Approximate-randomisation p-values for every pair and metric.

    For every trial each segment's statistics are swapped between the two
    systems where the mask is False; the test statistic is the absolute
    difference of the two shuffled corpus scores. The shuffled sums are
    ``total_b + M @ a - M @ b``, so ``M @ stats`` is computed once per
    system (not per pair) and every pair only subtracts two small arrays.
    ``systems[name]`` lists the same metrics in the same order for all.
    """
    names = list(systems)
    if not names or not pairs:
        return [[] for _ in pairs]
    metrics = systems[names[0]]
    widths = [m.stats.shape[1] for m in metrics]
    n = masks.shape[1]
    full = {
        name: np.concatenate([m.stats for m in ms], axis=1) if ms else np.zeros((n, 0))
        for name, ms in systems.items()
    }
    totals = {name: arr.sum(axis=0) for name, arr in full.items()}
    # float32 products are exact for integer counts whose sums stay below
    # 2**24 and several times faster than float64; larger corpora fall back
    # to float64. Totals and differences are float64 either way.
    small = all(float(np.abs(t).max(initial=0.0)) < 2**24 for t in totals.values())
    dtype = np.float32 if small else np.float64
    full32 = {name: arr.astype(dtype) for name, arr in full.items()}
    observed = []
    for a, b in pairs:
        ta, tb = totals[a], totals[b]
        observed.append(
            [
                abs(float(m.score(ta[_cols(widths, i)]) - m.score(tb[_cols(widths, i)])))
                for i, m in enumerate(metrics)
            ]
        )
    counts = [[0] * len(metrics) for _ in pairs]
    trials = masks.shape[0]
    chunk_size = max(64, min(trials, _CELLS // max(n, 1)))
    involved = sorted({x for pair in pairs for x in pair}, key=names.index)
    for start in range(0, trials, chunk_size):
        chunk = masks[start : start + chunk_size].astype(dtype)
        kept = {name: (chunk @ full32[name]).astype(np.float64) for name in involved}
        for k, (a, b) in enumerate(pairs):
            moved = kept[a] - kept[b]
            shuf_a = totals[b] + moved
            shuf_b = totals[a] - moved
            for i, metric in enumerate(metrics):
                cols = _cols(widths, i)
                stat = np.abs(metric.score(shuf_a[:, cols]) - metric.score(shuf_b[:, cols]))
                counts[k][i] += int(np.sum(stat >= observed[k][i] - _TOL))
    return [[(c + 1) / (trials + 1) for c in row] for row in counts]


def _cols(widths: Sequence[int], index: int) -> slice:
    start = sum(widths[:index])
    return slice(start, start + widths[index])

"""Resampling for ``score`` and ``compare``: bootstrap, approximate randomisation, intervals.

Everything works on per-segment sufficient statistics (``MetricStats``: one
row a segment, additive) and a metric's vectorised corpus score of summed
rows, so a resample is a weighted row sum (one matrix product) and its
corpus score is exact.

- Paired bootstrap draws ``rng.choice(n, size=(samples, n))`` from
  ``numpy.random.default_rng(seed)`` and approximate randomisation draws
  ``rng.integers(2, size=(trials, n), dtype=bool)``, exactly as sacrebleu's
  ``PairedTest`` does, so with the same seed the resamples are the same.
  ``score_corpus`` and ``compare`` both use ``bootstrap_all`` and
  ``confidence_interval``, so they give the same interval for the same data.
- ``PoissonBootstrap`` is the streaming form for inputs too large to keep
  (``score`` on a million pairs): each segment gets a Poisson(1) weight per
  resample, drawn chunk by chunk, and only the weighted sums are kept
  (resamples x statistics), so memory does not grow with the input.

One deliberate difference from sacrebleu: the p-value counts resampled
differences ``>=`` the observed one (sacrebleu uses ``>``), so two identical
systems get p = 1.0 ("no difference") instead of 1/(n+1).

Known limits: percentile intervals, a little narrow below ~30 segments; the
Poisson bootstrap's weights come from a 16-bit inverse-CDF table (each
probability within 2**-16 of Poisson(1)), and its resample sizes vary
around n, as a Poisson bootstrap's do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from transcheck.errors import ConfigError
from transcheck.metrics.segment_limits import MAX_RESAMPLES

DEFAULT_SEED = 12345
DEFAULT_RESAMPLES = 1000

ScoreFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True, slots=True)
class MetricStats:
    """One metric's statistics for one system.

    ``stats`` has one row per segment; ``score(sums)`` maps an array of
    column sums ``(..., features)`` to corpus scores ``(...)``.
    ``higher_is_better`` is False for TER.
    """

    name: str
    stats: np.ndarray
    score: ScoreFn
    higher_is_better: bool = True
    signature: str = ""
    segment_scores: np.ndarray | None = field(default=None, compare=False)

    def corpus(self) -> float:
        return float(self.score(self.stats.sum(axis=0)))


def check_resamples(value: int, option: str = "--bootstrap", *, minimum: int = 0) -> int:
    """``value`` when it is within [minimum, MAX_RESAMPLES]; ConfigError otherwise."""
    if value < minimum or value > MAX_RESAMPLES:
        raise ConfigError(option, f"must be between {minimum} and {MAX_RESAMPLES:,}, got {value}")
    return value


# Absolute slack when comparing a resampled difference with the observed one,
# so float summation order never turns "equal" into "smaller".
_TOL = 1e-9
# Mask cells (trials x segments) converted per chunk: bounds memory to ~80 MB.
_CELLS = 20_000_000
# Boolean AR masks up to this many cells (~200 MB) are drawn in one call.
_MASK_AT_ONCE = 200_000_000


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


def bootstrap_all(
    systems: Mapping[str, Sequence[MetricStats]], n: int, samples: int, seed: int | None
) -> dict[str, list[np.ndarray]]:
    """Bootstrap corpus scores of every system and metric on shared resamples.

    Same draws as ``bootstrap_weights`` (numpy's generator yields the same
    stream whether drawn at once or in chunks), but only ~20M index cells
    exist at a time, so a 100,000-segment corpus needs no 800 MB matrix.
    Returns ``name -> [scores per metric]``, each of shape ``(samples,)``.
    """
    rng = np.random.default_rng(seed)
    chunk = max(1, min(samples, _CELLS // max(n, 1)))
    full = {
        name: np.concatenate([m.stats for m in ms], axis=1) if ms else np.zeros((n, 0))
        for name, ms in systems.items()
    }
    widths = {name: [m.stats.shape[1] for m in ms] for name, ms in systems.items()}
    sums: dict[str, list[np.ndarray]] = {name: [] for name in systems}
    for start in range(0, samples, chunk):
        rows = min(chunk, samples - start)
        idxs = rng.choice(n, size=(rows, n), replace=True)
        offsets = (idxs + (np.arange(rows) * n)[:, None]).ravel()
        weights = np.bincount(offsets, minlength=rows * n).reshape(rows, n).astype(np.float64)
        for name, arr in full.items():
            sums[name].append(weights @ arr)
    out: dict[str, list[np.ndarray]] = {}
    for name, ms in systems.items():
        total = np.concatenate(sums[name], axis=0) if sums[name] else np.zeros((0, 0))
        out[name] = [
            np.asarray(m.score(total[:, _cols(widths[name], i)]), dtype=np.float64)
            for i, m in enumerate(ms)
        ]
    return out


def ar_masks(n: int, trials: int, seed: int | None) -> np.ndarray:
    """``(trials, n)`` booleans: True keeps a segment's statistics in place."""
    rng = np.random.default_rng(seed)
    return rng.integers(2, size=(trials, n), dtype=bool)


def ar_mask_chunks(n: int, trials: int, seed: int | None) -> Iterator[np.ndarray]:
    """The AR masks in chunks of at most ~20M cells.

    Up to ``_MASK_AT_ONCE`` cells the whole mask is drawn in one call, so the
    trials are exactly sacrebleu's; beyond that (100,000+ segments) it is
    drawn chunk by chunk to bound memory, which is equally seeded but a
    different stream (numpy buffers bits of boolean draws across calls).
    """
    chunk = max(1, min(trials, _CELLS // max(n, 1)))
    if trials * n <= _MASK_AT_ONCE:
        masks = ar_masks(n, trials, seed)
        for start in range(0, trials, chunk):
            yield masks[start : start + chunk]
        return
    rng = np.random.default_rng(seed)
    for start in range(0, trials, chunk):
        yield rng.integers(2, size=(min(chunk, trials - start), n), dtype=bool)


def resample_counts(n: int, resamples: int, seed: int | None = DEFAULT_SEED) -> np.ndarray:
    """``(resamples, n)`` counts: how often each segment is drawn per resample."""
    return bootstrap_weights(n, resamples, seed)


def score_resamples(
    stats: np.ndarray, score: Callable[[np.ndarray], float], *, counts: np.ndarray
) -> np.ndarray:
    """``score`` (of a summed statistics vector) of every resample in ``counts``."""
    arr = np.asarray(stats, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    return np.array([score(row) for row in counts @ arr], dtype=np.float64)


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
    masks: np.ndarray | Iterable[np.ndarray],
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
    if not metrics:
        return [[] for _ in pairs]
    widths = [m.stats.shape[1] for m in metrics]
    n = metrics[0].stats.shape[0]
    chunks: Iterable[np.ndarray] = masks
    if isinstance(masks, np.ndarray):
        step = max(1, _CELLS // max(n, 1))
        chunks = (masks[i : i + step] for i in range(0, masks.shape[0], step))
    full = {name: np.concatenate([m.stats for m in ms], axis=1) for name, ms in systems.items()}
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
    trials = 0
    involved = sorted({x for pair in pairs for x in pair}, key=names.index)
    for block in chunks:
        trials += block.shape[0]
        chunk = block.astype(dtype)
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


# Poisson(1) inverse CDF on 16 bits: weight k for uniform draws u < _POISSON_EDGES[k].
_POISSON_TABLE = np.searchsorted(
    np.cumsum([math.exp(-1.0) / math.factorial(k) for k in range(12)]) * 65536.0,
    np.arange(65536, dtype=np.float64) + 0.5,
).astype(np.float32)


class PoissonBootstrap:
    """Streaming bootstrap: add statistics chunk by chunk, read intervals at the end.

    ``add(block)`` takes ``{metric: (rows, width)}`` for the next rows of the
    corpus (the same metrics every time); memory is ``resamples x widths``
    plus one chunk's weights. Weights are drawn in input order from one
    seeded generator, so the same input in the same chunks repeats exactly.
    """

    def __init__(self, resamples: int, seed: int | None = DEFAULT_SEED) -> None:
        self.resamples = resamples
        self._rng = np.random.default_rng(seed)
        self._sums: dict[str, np.ndarray] = {}
        self.rows = 0

    def add(self, block: Mapping[str, np.ndarray]) -> None:
        if not block or not self.resamples:
            return
        n = next(iter(block.values())).shape[0]
        if n == 0:
            return
        # ~16M weights a step bounds the chunk's weight matrix to ~64 MB.
        step = max(1, (1 << 24) // self.resamples)
        for start in range(0, n, step):
            stop = min(n, start + step)
            shape = (self.resamples, stop - start)
            draws = self._rng.integers(0, 65536, size=shape, dtype=np.uint16)
            weights = _POISSON_TABLE[draws]
            for name, arr in block.items():
                part = weights @ np.asarray(arr[start:stop], dtype=np.float32)
                if name in self._sums:
                    self._sums[name] += part
                else:
                    self._sums[name] = part.astype(np.float64)
        self.rows += n

    def intervals(self, scorers: Mapping[str, ScoreFn]) -> dict[str, tuple[float, float]]:
        """95% interval per metric from the resampled sums (``scorers[name](sums)``)."""
        return {
            name: confidence_interval(np.asarray(scorers[name](sums), dtype=np.float64))
            for name, sums in self._sums.items()
            if name in scorers
        }

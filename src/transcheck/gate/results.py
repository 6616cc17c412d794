"""Per-file gate results: metric values with confidence intervals, flags,
and the outcome of every gate (threshold, warning, baseline)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from transcheck.execution.work import FlagRecord, PartitionResult
from transcheck.gate.thresholds import CATEGORY_PREFIX, METRICS, Threshold, metric_info

BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 12345
_COUNTS = (
    "flags",
    "critical_flags",
    "major_flags",
    "minor_flags",
    "flagged_segments",
    "awkward_segments",
    "waived_flags",
)


@dataclass
class GateOutcome:
    """One gate on one file: ``status`` is pass, fail, warn or skip."""

    gate: str
    metric: str
    kind: str  # threshold | warning | baseline
    status: str
    value: float | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "gate": self.gate,
            "metric": self.metric,
            "kind": self.kind,
            "status": self.status,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class FileResult:
    corpus: str
    manifest: str
    path: str
    rel: str
    role: str
    unit: str
    segments: int
    metrics: dict[str, float]
    ci: dict[str, tuple[float, float]]
    categories: dict[str, int]
    flags: list[FlagRecord]
    flags_dropped: int = 0
    warnings: list[str] = field(default_factory=list)
    cached: str = "no"  # no | yes | partial (n/m partitions)
    stand_in: list[str] = field(default_factory=list)
    outcomes: list[GateOutcome] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.corpus}/{self.rel}"

    @property
    def failed(self) -> bool:
        return any(o.status == "fail" for o in self.outcomes)

    @property
    def warned(self) -> bool:
        return any(o.status == "warn" for o in self.outcomes)

    def value(self, metric: str) -> float | None:
        if metric.startswith(CATEGORY_PREFIX):
            prefix = metric[len(CATEGORY_PREFIX) :]
            return float(
                sum(n for cat, n in self.categories.items() if _under(cat, prefix))
            )
        return self.metrics.get(metric)

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "manifest": self.manifest,
            "file": self.rel,
            "path": self.path,
            "role": self.role,
            "unit": self.unit,
            "segments": self.segments,
            "metrics": self.metrics,
            "ci": {k: list(v) for k, v in self.ci.items()},
            "categories": self.categories,
            "status": "fail" if self.failed else ("warn" if self.warned else "pass"),
            "gates": [o.to_dict() for o in self.outcomes],
            "flags": [f.to_dict() for f in self.flags],
            "flags_not_listed": self.flags_dropped,
            "warnings": self.warnings,
            "cached": self.cached,
            "stand_in": self.stand_in,
        }


def _under(category: str, prefix: str) -> bool:
    return category == prefix or category.startswith(prefix.rstrip("/") + "/")


Interval = tuple[float, float]


def metrics_from(result: PartitionResult) -> tuple[dict[str, float], dict[str, Interval]]:
    """Gate metric values and 95% CIs from merged partition statistics.

    Mean metrics: fidelity gets a seeded bootstrap CI over segments when the
    values were kept, otherwise (very large corpora) the normal approximation,
    which the bootstrap converges to. Rates get a Wilson interval.
    """
    metrics: dict[str, float] = {"segments": float(result.n)}
    ci: dict[str, tuple[float, float]] = {}
    # The registry (numpy, sacrebleu) only when a score was measured: a
    # catalogue gated on flags alone never loads the scoring stack.
    scored: tuple[str, ...] = ()
    if (set(result.counts_n) | set(result.overrides)) - {"awkwardness"}:
        from transcheck.metrics.registry import segment_metrics

        scored = segment_metrics()
    for name in (*scored, "awkwardness"):
        n = result.counts_n.get(name, 0)
        if not n:
            continue
        mean = result.sums[name] / n
        metrics[name] = mean
        if name == "fidelity" and len(result.fidelity_values) == n:
            ci[name] = bootstrap_ci(result.fidelity_values)
        else:
            var = max(0.0, result.sumsq[name] / n - mean * mean)
            half = 1.96 * math.sqrt(var / n) if n > 1 else 0.0
            ci[name] = (mean - half, mean + half)
    for name in scored:
        if name not in result.overrides:
            continue
        metrics[name] = result.overrides[name]
        lo = result.overrides.get(f"{name}_ci_lo")
        hi = result.overrides.get(f"{name}_ci_hi")
        if lo is not None and hi is not None:
            ci[name] = (lo, hi)
        else:
            ci.pop(name, None)
    for name in _COUNTS:
        metrics[name] = float(result.counts.get(name, 0))
    for name in ("omissions", "additions"):
        if name in result.counts:
            metrics[name] = float(result.counts[name])
    if result.n:
        rates = (("flag_rate", "flagged_segments"), ("awkward_rate", "awkward_segments"))
        for rate, count in rates:
            k = result.counts.get(count, 0)
            metrics[rate] = k / result.n
            ci[rate] = wilson(k, result.n)
    return metrics, ci


def bootstrap_ci(values: list[float], level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap CI of the mean, seeded so results repeat."""
    import numpy as np

    data = np.asarray(values, dtype=float)
    if data.size < 2:
        mean = float(data.mean()) if data.size else 0.0
        return (mean, mean)
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    means = np.empty(BOOTSTRAP_SAMPLES)
    # Resample in chunks so memory stays small for long files.
    chunk = max(1, 2_000_000 // data.size)
    for start in range(0, BOOTSTRAP_SAMPLES, chunk):
        stop = min(BOOTSTRAP_SAMPLES, start + chunk)
        idx = rng.integers(0, data.size, size=(stop - start, data.size))
        means[start:stop] = data[idx].mean(axis=1)
    alpha = (1 - level) / 2
    return (float(np.quantile(means, alpha)), float(np.quantile(means, 1 - alpha)))


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a proportion k/n."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def evaluate_thresholds(result: FileResult, thresholds: tuple[Threshold, ...]) -> None:
    """Append one outcome per threshold to ``result.outcomes``."""
    for threshold in thresholds:
        value = result.value(threshold.metric)
        kind = "threshold" if threshold.level == "fail" else "warning"
        if value is None:
            # Fail closed: a gate that cannot be measured cannot vouch.
            result.outcomes.append(
                GateOutcome(
                    threshold.label, threshold.metric, kind, threshold.level, None,
                    f"{threshold.metric} could not be computed for this file "
                    "(see the notes); the gate cannot pass without it",
                )
            )
            continue
        ok = threshold.holds(value)
        status = "pass" if ok else threshold.level
        shown = _show(threshold.metric, value)
        message = f"{threshold.metric} = {shown}, " + (
            "within" if ok else "violates"
        ) + f" {threshold.label}"
        result.outcomes.append(
            GateOutcome(threshold.label, threshold.metric, kind, status, value, message)
        )


def _show(metric: str, value: float) -> str:
    known = metric in METRICS or metric.startswith(CATEGORY_PREFIX)
    info = metric_info(metric) if known else None
    if info is not None and info.kind == "count":
        return f"{int(value)}"
    if info is not None and info.kind == "rate":
        return f"{100 * value:.1f}%"
    return f"{value:.2f}"


show_value = _show

"""Gate metrics and threshold expressions such as ``">= 70"`` or ``"<= 5%"``.

A threshold names a metric from :data:`METRICS` (or ``category:<MQM path>``,
the number of flags whose category starts with that path) and a comparison.
Known limits: only one comparison per metric and per table; for a range use
``[thresholds]`` for one side and ``[warnings]`` for the other.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from transcheck.errors import ConfigError


def _score_metrics() -> Mapping[str, Any]:
    """The metric registry, imported on first use: it loads numpy and sacrebleu,
    which a manifest that gates only on flags never needs."""
    from transcheck.metrics.registry import METRICS as SCORE_METRICS

    return SCORE_METRICS


@dataclass(frozen=True, slots=True)
class MetricInfo:
    name: str
    higher_is_better: bool
    kind: str  # mean | count | rate
    help: str
    needs: str | None = None  # "reference" when only defined against a reference


# Gate-only metrics (flags, rates, counts); the scores come from the registry.
_GATE_METRICS: dict[str, MetricInfo] = {
    m.name: m
    for m in (
        MetricInfo("awkwardness", False, "mean", "mean segment awkwardness, 0..1"),
        MetricInfo("flags", False, "count", "flags after waivers"),
        MetricInfo("critical_flags", False, "count", "critical flags after waivers"),
        MetricInfo("major_flags", False, "count", "major flags after waivers"),
        MetricInfo("minor_flags", False, "count", "minor flags after waivers"),
        MetricInfo("flag_rate", False, "rate", "share of segments with at least one flag"),
        MetricInfo("awkward_rate", False, "rate", "share of segments with a Style/Awkward flag"),
        MetricInfo("omissions", False, "count", "source sentences with no translation (1-0)"),
        MetricInfo("additions", False, "count", "translated sentences with no source (0-1)"),
        MetricInfo("segments", True, "count", "number of segments under test"),
    )
}


class _GateMetricTable(Mapping[str, MetricInfo]):
    """Every gate metric: the registry's scores (read live, so a registered
    metric is a valid threshold at once), then the gate-only ones."""

    def _scores(self) -> dict[str, MetricInfo]:
        return {
            name: MetricInfo(
                name,
                m.higher_is_better,
                "mean",
                f"mean {m.description}",
                "reference" if m.needs_reference else None,
            )
            for name, m in _score_metrics().items()
        }

    def __getitem__(self, name: str) -> MetricInfo:
        # Gate metrics first, so "flags >= ..." does not load the scoring stack
        # (the registry refuses no name, but none of its metrics uses these).
        if name in _GATE_METRICS:
            return _GATE_METRICS[name]
        return self._scores()[name]

    def __iter__(self) -> Iterator[str]:
        yield from _score_metrics()
        yield from _GATE_METRICS

    def __len__(self) -> int:
        return len(_score_metrics()) + len(_GATE_METRICS)


METRICS: Mapping[str, MetricInfo] = _GateMetricTable()
CATEGORY_PREFIX = "category:"
MQM_TOP = (
    "Accuracy",
    "Fluency",
    "Terminology",
    "Style",
    "Locale convention",
    "Non-translation",
    "Source error",
    "Other",
)

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": lambda a, b: math.isclose(a, b, abs_tol=1e-9),
}
# Matched on the stripped text: "\s*(%?)\s*$" backtracked quadratically on a
# threshold string padded with thousands of spaces.
_EXPR = re.compile(r"^(>=|<=|==|>|<)\s*([-+]?\d+(?:\.\d+)?)\s*(%?)$")


@dataclass(frozen=True, slots=True)
class Threshold:
    """``metric op value``; ``level`` is "fail" ([thresholds]) or "warn" ([warnings])."""

    metric: str
    op: str
    value: float
    level: str = "fail"
    text: str = ""

    @property
    def label(self) -> str:
        return f"{self.metric} {self.op} {self.text or _fmt(self.value)}"

    def holds(self, actual: float) -> bool:
        return _OPS[self.op](actual, self.value)


def _fmt(value: float) -> str:
    return f"{value:g}"


def metric_info(name: str) -> MetricInfo:
    """The MetricInfo of a metric name, including ``category:<path>`` names."""
    if name.startswith(CATEGORY_PREFIX):
        return MetricInfo(name, False, "count", "flags in an MQM category")
    return METRICS[name]


def is_known_metric(name: str) -> bool:
    if name.startswith(CATEGORY_PREFIX):
        path = name[len(CATEGORY_PREFIX) :]
        return path.split("/", 1)[0] in MQM_TOP
    return name in METRICS


def parse_threshold(
    metric: str,
    expr: object,
    *,
    level: str,
    source: str,
    line: int | None,
    table: str | None = None,
) -> Threshold:
    """Parse one ``metric = "op number[%]"`` entry; ConfigError on anything else.

    ``table`` (e.g. "thresholds") qualifies the key named in errors."""
    key = f"{table}.{metric}" if table else metric
    if not is_known_metric(metric):
        known = ", ".join([*METRICS, "category:<MQM path>"])
        raise ConfigError(source, f"unknown metric (known: {known})", line=line, key=key)
    if isinstance(expr, bool) or not isinstance(expr, str):
        raise ConfigError(
            source, 'a threshold is a string such as ">= 70" or "<= 5%"', line=line, key=key
        )
    match = _EXPR.match(expr.strip()) if len(expr) <= 200 else None
    if not match:
        raise ConfigError(
            source,
            f'cannot read threshold "{expr[:60]}" (expected e.g. ">= 70", "== 0" or "<= 5%")',
            line=line,
            key=key,
        )
    op, number, percent = match.groups()
    value = float(number) / (100.0 if percent else 1.0)
    info = metric_info(metric)
    if percent and info.kind != "rate":
        raise ConfigError(source, "a percentage only applies to a rate", line=line, key=key)
    return Threshold(metric, op, value, level, text=f"{number}{percent}")


def merge_thresholds(
    base: Mapping[str, Threshold], override: Mapping[str, Threshold]
) -> dict[str, Threshold]:
    """Per-file overrides replace the corpus threshold of the same metric."""
    merged = dict(base)
    merged.update(override)
    return merged

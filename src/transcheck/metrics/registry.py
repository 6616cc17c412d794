"""The one registry of metrics: ``METRICS`` (name -> ``Metric``).

It feeds the ``score`` columns, ``compare``'s metric choices, the gate's
threshold names, the baseline comparison and the reports. Registering a
metric here (``register``) makes it appear in all of them.

Known limits: a metric registered at run time lives in this process only:
worker processes (``score --workers``, ``check --jobs``) compute the
built-in metrics; a registered reference metric is computed in the parent.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from transcheck.errors import ConfigError
from transcheck.metrics.base import Metric, builtin_metrics
from transcheck.metrics.sacrebleu_adapter import SACREBLEU_NAMES
from transcheck.metrics.stats import all_sentence_stats

METRICS: dict[str, Metric] = {m.name: m for m in builtin_metrics()}


def register(metric: Metric) -> Metric:
    """Add ``metric`` (its name must be new); returns it, so it works as a decorator call."""
    if not metric.name or metric.name in METRICS:
        raise ConfigError(None, f"metric name '{metric.name}' is empty or already registered")
    METRICS[metric.name] = metric
    return metric


def unregister(name: str) -> None:
    """Remove a registered metric (the built-ins stay)."""
    if name in {m.name for m in builtin_metrics()}:
        raise ConfigError(None, f"'{name}' is a built-in metric")
    METRICS.pop(name, None)


def get_metric(name: str) -> Metric:
    """The metric called ``name``; ConfigError naming the known ones otherwise."""
    try:
        return METRICS[name]
    except KeyError:
        known = ", ".join(METRICS)
        raise ConfigError(None, f"unknown metric '{name}' (known: {known})") from None


def reference_metrics() -> tuple[str, ...]:
    """Names of the metrics computed against a reference, in registry order."""
    return tuple(name for name, m in METRICS.items() if m.needs_reference)


def segment_metrics() -> tuple[str, ...]:
    """Every metric with a per-segment value (fidelity first)."""
    return tuple(METRICS)


def reference_scores(
    hyps: Sequence[str],
    streams: Sequence[Sequence[str]],
    names: Sequence[str] | None = None,
    *,
    workers: int | None = None,
    tgt_lang: str | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(sentence scores, statistics) of the reference metrics ``names`` (default: all).

    The sacrebleu metrics go through one ``all_sentence_stats`` call (shared
    chrF/chrF++ statistics, de-duplication, the process pool); a registered
    metric computes its own statistics.
    """
    wanted = tuple(names) if names is not None else reference_metrics()
    for name in wanted:
        if not get_metric(name).needs_reference:
            raise ConfigError(None, f"'{name}' is not a reference metric")
    builtin = tuple(n for n in wanted if n in SACREBLEU_NAMES)
    stats: dict[str, np.ndarray] = {}
    if builtin:
        stats.update(all_sentence_stats(hyps, streams, builtin, workers=workers, tgt_lang=tgt_lang))
    for name in wanted:
        if name not in stats:
            stats[name] = np.asarray(
                METRICS[name].segment_stats(hyps, streams, tgt_lang=tgt_lang), dtype=np.float64
            )
    ordered = {name: stats[name] for name in wanted}
    scores = {name: METRICS[name].sentence_scores(arr) for name, arr in ordered.items()}
    return scores, ordered

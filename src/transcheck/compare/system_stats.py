"""Per-segment sufficient statistics and vectorised corpus scores.

Each metric maps a system's segments to a ``(segments, features)`` array of
additive statistics once; a corpus score is a function of the column sums.
Bootstrap resamples and approximate-randomisation trials are then just
weighted sums of those rows (a matrix product), so every resample gets an
exact corpus BLEU / chrF / TER rather than an average of sentence scores.

The score functions (``metrics.formulas``, through the metric registry)
reproduce sacrebleu 2.x's ``_compute_score_from_stats``
(BLEU with ``exp`` smoothing, chrF with effective-order averaging, TER as
edits over reference words) on arrays of sums, so ``score(stats.sum(0))``
equals sacrebleu's corpus score. Known limit: TER extraction is sacrebleu's
pure-Python implementation (~2 ms a segment), the slowest part of a compare.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from transcheck.metrics.formulas import score_bleu, score_chrf, score_mean, score_ter
from transcheck.metrics.registry import METRICS, reference_metrics, reference_scores
from transcheck.metrics.resampling import MetricStats
from transcheck.metrics.stats import bleu_tokenizer


def mean_stats(
    name: str, values: Sequence[float], *, higher_is_better: bool = True, signature: str = ""
) -> MetricStats:
    """Wrap a per-segment score (fidelity, consensus) as additive statistics."""
    arr = np.asarray(values, dtype=np.float64)
    stats = np.stack([arr, np.ones_like(arr)], axis=1)
    return MetricStats(name, stats, score_mean, higher_is_better, signature, arr)


def extract(
    name: str, hyps: Sequence[str], refs: Sequence[Sequence[str]], *, tgt_lang: str | None = None
) -> MetricStats:
    """Sufficient statistics of metric ``name`` (bleu, chrf, chrf++, ter).

    ``refs`` is a list of reference streams, each parallel to ``hyps``. The
    statistics come from ``transcheck.metrics.stats`` (sacrebleu's
    extractors, its exact fast TER), so compare and score share one path.
    Raises ValueError on an unknown metric name (the API validates first).
    """
    if name not in reference_metrics():
        raise ValueError(f"unknown metric {name!r}")
    _, block = reference_scores(list(hyps), [list(r) for r in refs], (name,), tgt_lang=tgt_lang)
    return stats_for(name, block[name], METRICS[name].signature(len(refs), tgt_lang=tgt_lang))


def stats_for(name: str, block: np.ndarray, signature: str = "") -> MetricStats:
    """Wrap a (segments, features) statistics array of a reference metric."""
    stats = np.asarray(block, dtype=np.float64)
    metric = METRICS[name]
    score = metric.scores_from_sums
    return MetricStats(name, stats, score, metric.higher_is_better, signature, score(stats))


def chrf_from_chrfpp(chrfpp: MetricStats) -> MetricStats:
    """chrF statistics are chrF++'s first 18 columns (character orders 1..6).

    Valid for a single reference only: with several references sacrebleu
    picks the best reference per segment by the full chrF++ score.
    """
    stats = chrfpp.stats[:, :18]
    signature = METRICS["chrf"].signature(1)
    return MetricStats("chrf", stats, score_chrf, True, signature, score_chrf(stats))


__all__ = [
    "MetricStats",
    "bleu_tokenizer",
    "chrf_from_chrfpp",
    "extract",
    "mean_stats",
    "score_bleu",
    "score_chrf",
    "score_mean",
    "score_ter",
    "stats_for",
]

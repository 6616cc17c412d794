"""Per-segment sufficient statistics and vectorised corpus scores.

Each metric maps a system's segments to a ``(segments, features)`` array of
additive statistics once; a corpus score is a function of the column sums.
Bootstrap resamples and approximate-randomisation trials are then just
weighted sums of those rows (a matrix product), so every resample gets an
exact corpus BLEU / chrF / TER rather than an average of sentence scores.

The score functions reproduce sacrebleu 2.x's ``_compute_score_from_stats``
(BLEU with ``exp`` smoothing, chrF with effective-order averaging, TER as
edits over reference words) on arrays of sums, so ``score(stats.sum(0))``
equals sacrebleu's corpus score. Known limit: TER extraction is sacrebleu's
pure-Python implementation (~2 ms a segment), the slowest part of a compare.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from transcheck.metrics.stats import bleu_tokenizer

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


def score_bleu(sums: np.ndarray, order: int = 4) -> np.ndarray:
    """Corpus BLEU from summed ``[hyp_len, ref_len, correct1..n, total1..n]``.

    Mirrors sacrebleu ``BLEU.compute_bleu`` with ``smooth_method='exp'`` and
    no effective order (the corpus-level default).
    """
    sums = np.asarray(sums, dtype=np.float64)
    sys_len, ref_len = sums[..., 0], sums[..., 1]
    correct = sums[..., 2 : 2 + order]
    total = sums[..., 2 + order : 2 + 2 * order]
    with np.errstate(divide="ignore", invalid="ignore"):
        bp = np.where(
            sys_len < ref_len,
            np.where(sys_len > 0, np.exp(1.0 - ref_len / np.maximum(sys_len, 1e-300)), 0.0),
            1.0,
        )
        # exp smoothing: the k-th zero-match order gets 100 / (2^k * total).
        zero = correct == 0
        k = np.cumsum(zero, axis=-1)
        prec = np.where(
            zero,
            100.0 / (np.power(2.0, k) * np.maximum(total, 1)),
            100.0 * correct / np.maximum(total, 1),
        )
        # sacrebleu stops at the first order without n-grams: later
        # precisions stay 0 and my_log(0) drives the score to 0.
        no_ngrams = np.cumsum(total == 0, axis=-1) > 0
        prec = np.where(no_ngrams, 0.0, prec)
        logs = np.where(prec > 0, np.log(np.where(prec > 0, prec, 1.0)), -9999999999.0)
        score = bp * np.exp(logs.sum(axis=-1) / order)
    return np.where(correct.sum(axis=-1) == 0, 0.0, score)


def score_chrf(sums: np.ndarray, beta: int = 2) -> np.ndarray:
    """Corpus chrF from summed ``[hyp, ref, match]`` triples per n-gram order.

    Mirrors sacrebleu ``CHRF._compute_f_score`` without eps smoothing:
    precision and recall are averaged over the orders where both sides have
    n-grams, then combined into one F-beta.
    """
    sums = np.asarray(sums, dtype=np.float64)
    hyp, ref, match = sums[..., 0::3], sums[..., 1::3], sums[..., 2::3]
    both = (hyp > 0) & (ref > 0)
    eff = both.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        prec = np.where(both, match / np.where(hyp > 0, hyp, 1.0), 0.0).sum(axis=-1)
        rec = np.where(both, match / np.where(ref > 0, ref, 1.0), 0.0).sum(axis=-1)
        prec = np.where(eff > 0, prec / np.maximum(eff, 1), 0.0)
        rec = np.where(eff > 0, rec / np.maximum(eff, 1), 0.0)
        factor = beta**2
        denom = factor * prec + rec
        score = np.where(
            denom > 0, 100.0 * (1 + factor) * prec * rec / np.where(denom > 0, denom, 1.0), 0.0
        )
    return score


def score_ter(sums: np.ndarray) -> np.ndarray:
    """Corpus TER (0..100+, lower is better) from summed ``[edits, ref_len]``."""
    sums = np.asarray(sums, dtype=np.float64)
    edits, ref_len = sums[..., 0], sums[..., 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(
            ref_len > 0, edits / np.where(ref_len > 0, ref_len, 1.0), np.where(edits > 0, 1.0, 0.0)
        )
    return 100.0 * ratio


def score_mean(sums: np.ndarray) -> np.ndarray:
    """Mean of a per-segment value from summed ``[value, count]``."""
    sums = np.asarray(sums, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(
            sums[..., 1] > 0, sums[..., 0] / np.where(sums[..., 1] > 0, sums[..., 1], 1.0), 0.0
        )


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
    from transcheck.metrics.stats import all_sentence_stats, signature

    if name not in _SCORERS:
        raise ValueError(f"unknown metric {name!r}")
    block = all_sentence_stats(list(hyps), [list(r) for r in refs], (name,), tgt_lang=tgt_lang)
    return stats_for(name, block[name], signature(name, len(refs), tgt_lang=tgt_lang))


def stats_for(name: str, block: np.ndarray, signature: str = "") -> MetricStats:
    """Wrap a (segments, features) statistics array of a reference metric."""
    stats = np.asarray(block, dtype=np.float64)
    score = _SCORERS[name]
    return MetricStats(name, stats, score, name != "ter", signature, score(stats))


def chrf_from_chrfpp(chrfpp: MetricStats) -> MetricStats:
    """chrF statistics are chrF++'s first 18 columns (character orders 1..6).

    Valid for a single reference only: with several references sacrebleu
    picks the best reference per segment by the full chrF++ score.
    """
    from sacrebleu.metrics import CHRF

    stats = chrfpp.stats[:, :18]
    metric = CHRF()
    metric.num_refs = 1
    signature = metric.get_signature().format()
    return MetricStats("chrf", stats, score_chrf, True, signature, score_chrf(stats))


_SCORERS: dict[str, ScoreFn] = {
    "bleu": score_bleu,
    "chrf": score_chrf,
    "chrf++": score_chrf,
    "ter": score_ter,
}

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

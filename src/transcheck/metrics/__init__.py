"""Fidelity scoring: sacrebleu metrics with signatures, adequacy signals, the
fidelity model and its explanations, bootstrap intervals (document mode is ``transcheck.analysis``).

Public API:
- ``score_corpus(hyps, refs=None, srcs=None, *, src_lang=None, tgt_lang=None,
  seed=12345, bootstrap=1000, workers=None) -> CorpusScores``
- ``sentence_stats(metric, hyps, refs) -> np.ndarray`` and
  ``corpus_score_from_stats(metric, stats) -> float`` (paired tests),
  ``all_sentence_stats``, ``sentence_scores``, ``sentence_scores_from_stats``,
  ``signature(metric, nrefs, tgt_lang=None)``, ``bleu_tokenizer(tgt_lang)``
- ``resample_counts``, ``bootstrap_scores``, ``percentile_ci``, ``mean_ci``
- ``kendall_tau_b``, ``pearson``, ``system_pearson``
- ``METRICS``: the registry, name -> ``Metric`` (fidelity, bleu, chrf, chrf++, ter),
  ``register``/``reference_metrics``; ``SACREBLEU_NAMES`` the sacrebleu ones
"""

from transcheck.metrics.base import Metric
from transcheck.metrics.bootstrap import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    bootstrap_scores,
    mean_ci,
    percentile_ci,
    resample_counts,
)
from transcheck.metrics.corpus import CorpusScores, score_corpus
from transcheck.metrics.correlation import kendall_tau_b, pearson, system_pearson
from transcheck.metrics.registry import METRICS, reference_metrics, register
from transcheck.metrics.sacrebleu_adapter import SACREBLEU_NAMES
from transcheck.metrics.stats import (
    all_sentence_stats,
    bleu_tokenizer,
    corpus_score_from_stats,
    sentence_scores,
    sentence_scores_from_stats,
    sentence_stats,
    signature,
)

__all__ = [
    "DEFAULT_RESAMPLES",
    "DEFAULT_SEED",
    "METRICS",
    "SACREBLEU_NAMES",
    "CorpusScores",
    "Metric",
    "all_sentence_stats",
    "bleu_tokenizer",
    "bootstrap_scores",
    "corpus_score_from_stats",
    "kendall_tau_b",
    "mean_ci",
    "pearson",
    "percentile_ci",
    "reference_metrics",
    "register",
    "resample_counts",
    "score_corpus",
    "sentence_scores",
    "sentence_scores_from_stats",
    "sentence_stats",
    "signature",
    "system_pearson",
]

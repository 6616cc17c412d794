"""Fidelity scoring: sacrebleu metrics with signatures, adequacy signals, the
fidelity model and its explanations, resampling (document mode is
``transcheck.analysis``).

Public API (loaded on first use, so ``metrics.limits`` costs nothing):
- ``score_corpus(hyps, refs=None, srcs=None, *, src_lang=None, tgt_lang=None,
  seed=12345, bootstrap=1000, workers=None) -> CorpusScores``
- ``sentence_stats(metric, hyps, refs) -> np.ndarray`` and
  ``corpus_score_from_stats(metric, stats) -> float`` (paired tests),
  ``all_sentence_stats``, ``sentence_scores``, ``sentence_scores_from_stats``,
  ``signature(metric, nrefs, tgt_lang=None)``, ``bleu_tokenizer(tgt_lang)``
- ``resample_counts``, ``score_resamples``, ``confidence_interval``,
  ``PoissonBootstrap`` (``metrics.resampling``)
- ``kendall_tau_b``, ``pearson``, ``system_pearson``
- ``METRICS``: the registry, name -> ``Metric`` (fidelity, bleu, chrf, chrf++, ter),
  ``register``/``reference_metrics``; ``SACREBLEU_NAMES`` the sacrebleu ones
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "Metric": "base",
    "DEFAULT_RESAMPLES": "resampling",
    "DEFAULT_SEED": "resampling",
    "MAX_RESAMPLES": "limits",
    "PoissonBootstrap": "resampling",
    "confidence_interval": "resampling",
    "resample_counts": "resampling",
    "score_resamples": "resampling",
    "CorpusScores": "corpus",
    "score_corpus": "corpus",
    "kendall_tau_b": "correlation",
    "pearson": "correlation",
    "system_pearson": "correlation",
    "METRICS": "registry",
    "reference_metrics": "registry",
    "register": "registry",
    "SACREBLEU_NAMES": "sacrebleu_adapter",
    "all_sentence_stats": "stats",
    "bleu_tokenizer": "stats",
    "corpus_score_from_stats": "stats",
    "sentence_scores": "stats",
    "sentence_scores_from_stats": "stats",
    "sentence_stats": "stats",
    "signature": "stats",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'transcheck.metrics' has no attribute {name!r}")
    return getattr(importlib.import_module(f"transcheck.metrics.{home}"), name)

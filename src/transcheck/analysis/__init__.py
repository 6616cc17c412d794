"""One document's analysis: read, segment once, align once, score, flag.

Public API:
- ``analyze_document(translation, *, original=None, alternate=None, tgt_lang=None,
  src_lang=None, glossary=None, unit="sentence", families=None, flag=True,
  seed=12345, bootstrap=1000) -> DocumentAnalysis``
- ``score_document(translation_doc, original_doc=None, alternate_doc=None, *,
  src_lang=None, tgt_lang=None, seed=12345, bootstrap=1000) -> DocumentScores``
- ``summarize(analysis)``, ``find_seed_corpus()``, the result types in
  ``analysis.results``, the language rule in ``analysis.languages`` and the
  alignment-to-units helpers in ``analysis.units``.
"""

from __future__ import annotations

import importlib
from typing import Any

# Names load on first use, so ``analysis.languages`` (all that line-unit
# ``score`` needs) does not import the aligner and the checks.
_HOMES = {
    "DocumentAnalysis": "results",
    "DocumentScores": "results",
    "LanguageInfo": "results",
    "ScoreSummary": "results",
    "ScoreUnit": "results",
    "SegmentRow": "results",
    "SideInfo": "results",
    "SourceGuessInfo": "results",
    "Unit": "results",
    "LOW_CONFIDENCE": "run",
    "analyze_document": "run",
    "score_document": "run",
    "summarize": "run",
    "SEED_CORPUS_NAME": "seed",
    "SeedCorpus": "seed",
    "find_seed_corpus": "seed",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'transcheck.analysis' has no attribute {name!r}")
    return getattr(importlib.import_module(f"transcheck.analysis.{home}"), name)


__all__ = [
    "LOW_CONFIDENCE",
    "SEED_CORPUS_NAME",
    "DocumentAnalysis",
    "DocumentScores",
    "LanguageInfo",
    "ScoreSummary",
    "ScoreUnit",
    "SeedCorpus",
    "SegmentRow",
    "SideInfo",
    "SourceGuessInfo",
    "Unit",
    "analyze_document",
    "find_seed_corpus",
    "score_document",
    "summarize",
]

"""The one module that touches sacrebleu's non-public methods.

sacrebleu computes per-segment sufficient statistics
(``_extract_corpus_statistics``), scores a statistics vector
(``_compute_score_from_stats``) and normalises TER input
(``_preprocess_segment``) in private methods; transcheck reuses them so its
numbers are sacrebleu's. They are called only here, and
``tests/test_metrics_sacrebleu_pin.py`` checks that what they return still
equals sacrebleu's public ``sentence_score``/``corpus_score`` for the
installed version, so an upgrade that changes them fails a test instead of
changing scores silently.

Known limits: written against sacrebleu 2.x (2.4-2.6 tested).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
from sacrebleu.metrics import BLEU, CHRF, TER

SACREBLEU_NAMES: tuple[str, ...] = ("bleu", "chrf", "chrf++", "ter")


@cache
def sentence_metric(metric: str, tokenize: str = "13a") -> Any:
    """The sacrebleu object whose ``sentence_score`` our sentence scores equal.

    ``tokenize`` only matters for BLEU.
    """
    if metric == "bleu":
        return BLEU(effective_order=True, tokenize=tokenize)
    if metric == "chrf":
        return CHRF()
    if metric == "chrf++":
        return CHRF(word_order=2)
    if metric == "ter":
        return TER()
    raise KeyError(metric)


@cache
def corpus_metric(metric: str, tokenize: str = "13a") -> Any:
    """The sacrebleu object whose ``corpus_score`` our corpus scores equal."""
    if metric == "bleu":
        return BLEU(tokenize=tokenize)
    return sentence_metric(metric)


def signature_text(metric: str, nrefs: int, *, sentence: bool, tokenize: str = "13a") -> str:
    """sacrebleu's own signature string (public ``get_signature``)."""
    # A shallow copy: the shared metric objects must not change under callers.
    obj = copy.copy(
        sentence_metric(metric, tokenize) if sentence else corpus_metric(metric, tokenize)
    )
    obj.num_refs = nrefs
    return str(obj.get_signature().format())


def extract_statistics(
    metric: str, hyps: Sequence[str], streams: Sequence[Sequence[str]], tokenize: str = "13a"
) -> list[list[int]]:
    """sacrebleu's per-segment statistics of ``metric`` (bleu, chrf, chrf++)."""
    obj = sentence_metric(metric, tokenize)
    return obj._extract_corpus_statistics(list(hyps), [list(s) for s in streams])  # type: ignore[no-any-return]


def score_row(
    metric: str, row: np.ndarray, *, sentence: bool = True, tokenize: str = "13a"
) -> float:
    """sacrebleu's score of one statistics vector (a sentence's, or summed)."""
    obj = sentence_metric(metric, tokenize) if sentence else corpus_metric(metric, tokenize)
    return float(obj._compute_score_from_stats(np.asarray(row).tolist()).score)


def ter_words(text: str) -> list[str]:
    """TER's normalised words of ``text`` (sacrebleu's default TER preprocessing)."""
    return sentence_metric("ter")._preprocess_segment(text).split()  # type: ignore[no-any-return]

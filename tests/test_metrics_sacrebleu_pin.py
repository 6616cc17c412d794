"""Pins what transcheck takes from sacrebleu's non-public methods.

``metrics.sacrebleu_adapter`` is the only module that calls them; this
checks, for the installed sacrebleu, that its statistics and scores still
equal sacrebleu's public ``sentence_score``/``corpus_score`` and that
``metrics.formulas`` (the vectorised corpus scores) agree, so a sacrebleu
upgrade that changes them fails here instead of changing scores silently.
"""

from __future__ import annotations

import numpy as np
import pytest
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER

from transcheck.metrics import sacrebleu_adapter as sb
from transcheck.metrics.registry import METRICS
from transcheck.metrics.stats import all_sentence_stats

HYPS = [
    "Biden warned Putin of tough sanctions.",
    "Der Kreml zeigt sich zufrieden mit dem Gespräch.",
    "Путин предупредил Байдена об «колоссальной ошибке».",
    "Kiev denies any plans",
    "",
]
REFS = [
    "Biden warned Putin of severe sanctions.",
    "Der Kreml ist mit dem Gespräch zufrieden.",
    "Путин предупредил Байдена о колоссальной ошибке.",
    "Kyiv denies any plans to attack.",
    "The talks are planned for January.",
]
PUBLIC = {
    "bleu": BLEU(effective_order=True),
    "chrf": CHRF(),
    "chrf++": CHRF(word_order=2),
    "ter": TER(),
}
CORPUS = {"bleu": BLEU(), "chrf": CHRF(), "chrf++": CHRF(word_order=2), "ter": TER()}


def test_sacrebleu_major_version_is_the_one_pinned() -> None:
    assert sacrebleu.__version__.split(".")[0] == "2"


@pytest.mark.parametrize("metric", sb.SACREBLEU_NAMES)
def test_private_statistics_give_the_public_sentence_scores(metric: str) -> None:
    stats = all_sentence_stats(HYPS, [REFS], (metric,))[metric]
    for i, (hyp, ref) in enumerate(zip(HYPS, REFS, strict=True)):
        want = PUBLIC[metric].sentence_score(hyp, [ref]).score
        assert sb.score_row(metric, stats[i], sentence=True) == pytest.approx(want, abs=1e-9)


@pytest.mark.parametrize("metric", sb.SACREBLEU_NAMES)
def test_vectorised_corpus_formula_equals_public_corpus_score(metric: str) -> None:
    stats = all_sentence_stats(HYPS, [REFS], (metric,))[metric]
    want = CORPUS[metric].corpus_score(HYPS, [REFS]).score
    assert METRICS[metric].corpus_score(stats) == pytest.approx(want, abs=1e-9)
    # Vectorised over resamples: each row of sums scores like one corpus.
    sums = np.stack([stats.sum(axis=0), stats[:3].sum(axis=0)])
    got = METRICS[metric].scores_from_sums(sums)
    assert got[1] == pytest.approx(CORPUS[metric].corpus_score(HYPS[:3], [REFS[:3]]).score)


def test_ter_words_are_sacrebleus_normalised_tokens() -> None:
    # sacrebleu TER is case-insensitive by default and keeps punctuation attached.
    assert sb.ter_words("Kiev denies ANY plans.") == ["kiev", "denies", "any", "plans."]

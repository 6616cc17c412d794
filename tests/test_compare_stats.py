"""Sufficient statistics and vectorised corpus scores equal sacrebleu's.

Expected values come from sacrebleu 2.x ``corpus_score`` on the same strings
(computed in the test, so a sacrebleu change shows up here).
"""

from __future__ import annotations

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from transcheck.compare import system_stats as stats

# (hypothesis, reference) in English, German and French; includes an empty
# hypothesis, a one-word segment (no 2..4-grams) and an exact match.
PAIRS = [
    (
        "Biden warned Putin against an invasion of Ukraine.",
        "Biden warned Putin not to invade Ukraine.",
    ),
    (
        "Putin for his part warned Biden against sanctions.",
        "Putin in turn warned Biden against sanctions.",
    ),
    (
        "The security guarantees demanded by the West by Moscow.",
        "The security guarantees Moscow is demanding from the West.",
    ),
    ("Kiev denies it.", "Kyiv denies it."),
    ("", "Leave a reply."),
    ("Yes", "Yes."),
    ("Die Regierung hat die Sanktionen verschärft.", "Die Regierung verschärfte die Sanktionen."),
    (
        "Il a parlé au téléphone pendant presque une heure.",
        "Il a parlé au téléphone pendant près d'une heure.",
    ),
    ("The second call in a month.", "The second call in a month."),
]
HYPS = [h for h, _ in PAIRS]
REFS = [r for _, r in PAIRS]
SUBSETS = [slice(0, 1), slice(3, 6), slice(4, 5), slice(5, 6), slice(0, 9)]


@pytest.mark.parametrize(
    ("name", "metric"),
    [("bleu", BLEU()), ("chrf", CHRF()), ("chrf++", CHRF(word_order=2)), ("ter", TER())],
)
def test_corpus_scores_equal_sacrebleu_on_every_subset(name: str, metric: object) -> None:
    ms = stats.extract(name, HYPS, [REFS])
    assert ms.stats.shape[0] == len(HYPS)
    for subset in SUBSETS:
        expected = metric.corpus_score(HYPS[subset], [REFS[subset]]).score  # type: ignore[attr-defined]
        got = float(ms.score(ms.stats[subset].sum(axis=0)))
        # tolerance 1e-9: same formula, only float summation order differs
        assert got == pytest.approx(expected, abs=1e-9), (name, subset)


def test_scores_are_vectorised_over_resamples() -> None:
    ms = stats.extract("bleu", HYPS, [REFS])
    sums = np.stack([ms.stats[:3].sum(0), ms.stats.sum(0)])
    both = ms.score(sums)
    assert both.shape == (2,)
    assert both[1] == pytest.approx(BLEU().corpus_score(HYPS, [REFS]).score, abs=1e-9)


def test_chrf_from_chrfpp_matches_chrf_with_one_reference() -> None:
    plus = stats.extract("chrf++", HYPS, [REFS])
    derived = stats.chrf_from_chrfpp(plus)
    direct = stats.extract("chrf", HYPS, [REFS])
    np.testing.assert_array_equal(derived.stats, direct.stats)


def test_two_reference_streams_take_sacrebleu_best_reference() -> None:
    refs2 = ["Biden told Putin not to invade Ukraine.", *REFS[1:]]
    ms = stats.extract("bleu", HYPS, [REFS, refs2])
    expected = BLEU().corpus_score(HYPS, [REFS, refs2]).score
    assert ms.corpus() == pytest.approx(expected, abs=1e-9)


def test_chinese_target_uses_the_zh_tokenizer() -> None:
    hyps = ["我们对宇宙的大部分了解都来自于光。", "他说得很清楚。"]
    refs = ["我们对宇宙的了解大部分来自光。", "他说得非常清楚。"]
    ms = stats.extract("bleu", hyps, [refs], tgt_lang="zh")
    assert stats.bleu_tokenizer("zh") == "zh"
    expected = BLEU(tokenize="zh").corpus_score(hyps, [refs]).score
    assert ms.corpus() == pytest.approx(expected, abs=1e-9)
    assert ms.corpus() > 0.0


def test_mean_stats_is_the_mean() -> None:
    ms = stats.mean_stats("fidelity", [10.0, 20.0, 60.0])
    assert ms.corpus() == pytest.approx(30.0, abs=1e-12)
    assert ms.score(ms.stats[:2].sum(0)) == pytest.approx(15.0, abs=1e-12)


def test_unknown_metric_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown metric"):
        stats.extract("meteor", HYPS, [REFS])

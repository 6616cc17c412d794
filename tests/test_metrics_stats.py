"""Our BLEU/chrF/chrF++/TER equal sacrebleu's sentence and corpus scores."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from transcheck.errors import ConfigError
from transcheck.metrics import (
    SACREBLEU_NAMES,
    corpus_score_from_stats,
    resample_counts,
    score_corpus,
    score_resamples,
    sentence_scores,
    sentence_stats,
)
from transcheck.metrics.ter import translation_edit_rate

# Multilingual pairs written for these tests (used when ../shared/data is
# absent, and always as edge cases): hypothesis, reference.
PAIRS: list[tuple[str, str]] = [
    ("The cat sat on the mat.", "The cat sat on the mat."),
    ("Biden warned Putin again.", "Once again, Biden warned Putin."),
    ("Der Präsident ist „zufrieden“.", "Der russische Präsident ist nach dem Telefonat zufrieden."),
    ("Le chat est sur le tapis !", "Le chat dort sur le tapis."),
    ("我们对宇宙的了解来自光。", "我们对宇宙的大部分了解都来自于光。"),
    ("Консультации запланированы на 10 января.", "Переговоры пройдут 10 января в Женеве."),
    ("", "A non-empty reference."),
    ("A non-empty hypothesis.", ""),
    ("", ""),
    ("the the the the the", "the"),
    ("Kiev Kiev Kyiv", "Kyiv"),
    ("a b c d e f g h i j k l m n o p", "p o n m l k j i h g f e d c b a"),
    ("x " * 80, "y x " * 30),
    ("¿Dónde está la biblioteca? ¡Allí!", "¿Dónde queda la biblioteca? Allí."),
    ("Hello , world .", "Hello, world."),
]


def _real_pairs(shared: Path | None, n: int = 1000) -> list[tuple[str, str]]:
    if shared is None:
        return PAIRS
    rows = []
    for name in ("zhen.dev.jsonl", "ende.dev.jsonl"):
        with open(shared / "mqm-ted-dev" / name, encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle]
    random.Random(7).shuffle(rows)
    return [(r["hyp"], r["ref"]) for r in rows[:n]] + PAIRS


@pytest.fixture(scope="module")
def pairs(request: pytest.FixtureRequest) -> list[tuple[str, str]]:
    try:
        shared = request.getfixturevalue("shared_data")
    except pytest.skip.Exception:
        shared = None
    return _real_pairs(shared)


def _sacrebleu_sentence(metric: str, hyp: str, ref: str) -> float:
    objs = {
        "bleu": BLEU(effective_order=True),
        "chrf": CHRF(),
        "chrf++": CHRF(word_order=2),
        "ter": TER(),
    }
    return float(objs[metric].sentence_score(hyp, [ref]).score)


def test_sentence_scores_equal_sacrebleu(pairs: list[tuple[str, str]]) -> None:
    hyps = [h for h, _ in pairs]
    refs = [r for _, r in pairs]
    ours, _ = sentence_scores(hyps, [refs])
    for metric in SACREBLEU_NAMES:
        expected = [_sacrebleu_sentence(metric, h, r) for h, r in pairs]
        # Tolerance 1e-9 absolute: the brief's exactness requirement.
        for got, want in zip(ours[metric], expected, strict=True):
            assert got == pytest.approx(want, abs=1e-9)


def test_corpus_scores_equal_sacrebleu(pairs: list[tuple[str, str]]) -> None:
    # 200 pairs keep the test fast; sentence-level exactness covers 1,000.
    hyps = [h for h, _ in pairs[-200:]]
    refs = [r for _, r in pairs[-200:]]
    expected = {
        "bleu": BLEU().corpus_score(hyps, [refs]).score,
        "chrf": CHRF().corpus_score(hyps, [refs]).score,
        "chrf++": CHRF(word_order=2).corpus_score(hyps, [refs]).score,
        "ter": TER().corpus_score(hyps, [refs]).score,
    }
    for metric, want in expected.items():
        stats = sentence_stats(metric, hyps, [refs])
        assert corpus_score_from_stats(metric, stats) == pytest.approx(want, abs=1e-9)


def test_multiple_references_equal_sacrebleu() -> None:
    hyps = ["The cat is on the mat.", "Biden called Putin.", "Il pleut."]
    ref1 = ["There is a cat on the mat.", "Biden phoned Putin.", "Il pleut beaucoup."]
    ref2 = ["The cat sits on the mat.", "Putin got a call from Biden.", "Il fait mauvais."]
    ours, _ = sentence_scores(hyps, [ref1, ref2])
    objs = {
        "bleu": BLEU(effective_order=True),
        "chrf": CHRF(),
        "chrf++": CHRF(word_order=2),
        "ter": TER(),
    }
    for metric, obj in objs.items():
        for i, hyp in enumerate(hyps):
            want = obj.sentence_score(hyp, [ref1[i], ref2[i]]).score
            assert ours[metric][i] == pytest.approx(want, abs=1e-9)


def test_ter_port_matches_sacrebleu_on_shuffled_long_inputs() -> None:
    from sacrebleu.metrics.lib_ter import translation_edit_rate as reference_ter

    # Lengths straddle the TER beam width (25) so the beam code path runs;
    # few iterations: sacrebleu's own TER is slow on shuffled input.
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(30)] + ["the", "a", "of", "Kyiv", "NATO"]
    for _ in range(8):
        ref = [rng.choice(vocab) for _ in range(rng.randint(1, 45))]
        hyp = rng.sample(ref, len(ref)) if rng.random() < 0.5 else ref[: rng.randint(0, 45)]
        hyp = hyp + [rng.choice(vocab) for _ in range(rng.randint(0, 15))]
        assert translation_edit_rate(hyp, ref) == reference_ter(hyp, ref)


def test_parallel_path_equals_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    from transcheck.metrics import stats as stats_module

    hyps = [h for h, _ in PAIRS] * 3
    refs = [r for _, r in PAIRS] * 3
    serial = stats_module.all_sentence_stats(hyps, [refs], workers=1)
    monkeypatch.setattr(stats_module, "PARALLEL_THRESHOLD", 1)
    parallel = stats_module.all_sentence_stats([*hyps, "extra"], [[*refs, "extra!"]], workers=2)
    for metric in SACREBLEU_NAMES:
        np.testing.assert_array_equal(parallel[metric][:-1], serial[metric])


def test_bootstrap_is_seeded_and_brackets_the_score() -> None:
    hyps = [h for h, _ in PAIRS]
    refs = [r for _, r in PAIRS]
    a = score_corpus(hyps, [refs], seed=1, bootstrap=200)
    b = score_corpus(hyps, [refs], seed=1, bootstrap=200)
    c = score_corpus(hyps, [refs], seed=2, bootstrap=200)
    assert a.ci == b.ci
    assert a.ci != c.ci
    for metric in ("chrf", "fidelity"):
        lo, hi = a.ci[metric]
        assert lo <= a.corpus[metric] <= hi
    assert "seed:1" in a.signatures["bleu"] and "bootstrap:200" in a.signatures["chrf"]


def test_resample_counts_sum_to_n() -> None:
    counts = resample_counts(17, 30, seed=5)
    assert counts.shape == (30, 17)
    np.testing.assert_array_equal(counts.sum(axis=1), np.full(30, 17.0))
    samples = score_resamples(np.arange(17.0), lambda row: float(row[0]), counts=counts)
    assert samples.shape == (30,)


def test_unknown_metric_and_bad_streams_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown metric"):
        sentence_stats("meteor", ["a"], [["a"]])
    with pytest.raises(ConfigError, match="reference stream has 1 segments"):
        sentence_stats("bleu", ["a", "b"], [["a"]])


@pytest.mark.parametrize(
    ("tgt_lang", "tokenize"), [("zh", "zh"), ("ja", "char"), ("de", "13a"), (None, "13a")]
)
def test_bleu_tokeniser_follows_the_target_language(tgt_lang: str | None, tokenize: str) -> None:
    hyps = ["我们对宇宙的了解来自光。", "Der Kreml ist zufrieden."]
    refs = ["我们对宇宙的大部分了解都来自于光。", "Der Kreml zeigt sich zufrieden."]
    result = score_corpus(hyps, [refs], tgt_lang=tgt_lang, bootstrap=0)
    bleu = BLEU(effective_order=True, tokenize=tokenize)
    for seg, hyp, ref in zip(result.segments, hyps, refs, strict=True):
        assert seg.scores["bleu"] == pytest.approx(bleu.sentence_score(hyp, [ref]).score, abs=1e-9)
    assert f"tok:{tokenize}" in result.signatures["bleu"]

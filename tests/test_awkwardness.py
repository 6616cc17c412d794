"""Awkwardness score and the source-reading accuracy checks (untranslated words, cut-off output)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcheck.checks import flag_segments
from transcheck.checks.awkwardness import FEATURES, awkwardness, features, load_params, score
from transcheck.errors import ConfigError

# (source, target, src_lang, tgt_lang, expected span texts of untranslated_word).
# Expected values: read off the strings; Zipf frequencies from wordfreq 3.1
# (de "bricks" 2.1, "algorithm" 2.0; en 3.8 and 4.0).
UNTRANSLATED = [
    # MQM-TED style: an English word left in German output.
    ("as you're building your bricks.", "wenn Sie Ihre Bricks bauen.", "en", "de", ["Bricks"]),
    ("The algorithm decides.", "Der algorithm entscheidet.", "en", "de", ["algorithm"]),
    # Source characters left in an English translation (no src_lang needed).
    ("他昨天说我们。", "He said 我们 yesterday.", None, "en", ["我们"]),
    ("他昨天说我们。", "He said 我们 yesterday.", "zh", "en", ["我们"]),
    # Loanwords the target has (Computer, Team), names (capitalised in the
    # source) and an unknown source language stay quiet.
    ("The computer team met.", "Das Computer-Team traf sich.", "en", "de", []),
    ("Ask Bricks about it.", "Fragen Sie Bricks danach.", "en", "de", []),
    ("as you're building your bricks.", "wenn Sie Ihre Bricks bauen.", None, "de", []),
    # Same language on both sides: nothing is "untranslated".
    ("He quipped about it.", "He quipped about it.", "en", "en", []),
    # Chinese characters in a Japanese target are not untranslated text.
    ("我们", "我们", "zh", "ja", []),
]


@pytest.mark.parametrize(("source", "target", "src_lang", "lang", "spans"), UNTRANSLATED)
def test_untranslated_word(
    source: str, target: str, src_lang: str | None, lang: str, spans: list[str]
) -> None:
    (r,) = flag_segments([target], lang=lang, sources=[source], src_lang=src_lang)
    found = [r.text[f.start : f.end] for f in r.flags if f.rule == "untranslated_word"]
    assert found == spans
    for f in r.flags:
        if f.rule == "untranslated_word":
            assert (f.severity, f.category) == ("major", "Accuracy/Untranslated text")


def test_adjacent_untranslated_words_form_one_span() -> None:
    (r,) = flag_segments(
        ["Wir nutzen den spatial algorithm."],
        lang="de",
        sources=["We use the spatial algorithm."],
        src_lang="en",
    )
    found = [r.text[f.start : f.end] for f in r.flags if f.rule == "untranslated_word"]
    assert found == ["spatial algorithm"]  # de Zipf 2.2 and 2.0


# (source, target, fires?): the MQM-TED zh-en row "It is directly embedded;"
# (annotated Accuracy/Omission, Major) and quiet look-alikes.
TRUNCATED = [
    ("它是直接嵌入的；没有外部指令输入。", "It is directly embedded;", True),
    ("Das ist alles, was wir wissen.", "That is all we know,", True),
    ("他说：“我们走吧。”", "He said:", True),
    (
        "它是直接嵌入的；没有外部指令输入。",
        "It is directly embedded; there is no external input.",
        False,
    ),
    # The source itself stops on a colon: a list follows in the next segment.
    ("我们需要三样东西：", "We need three things:", False),
    ("Hello", "Hallo,", False),
]


@pytest.mark.parametrize(("source", "target", "fires"), TRUNCATED)
def test_truncated_output(source: str, target: str, fires: bool) -> None:
    (r,) = flag_segments([target], sources=[source], families=["accuracy"])
    flags = [f for f in r.flags if f.rule == "truncated_output"]
    assert bool(flags) == fires
    for f in flags:
        # Empty span at the end: what is missing has no place in the text.
        assert f.start == f.end == len(target.rstrip())
        assert (f.severity, f.category) == ("major", "Accuracy/Omission")


def test_new_checks_need_a_source() -> None:
    results = flag_segments(["It is directly embedded;", "He said 我们 yesterday."])
    rules = {f.rule for r in results for f in r.flags}
    assert not rules & {"truncated_output", "untranslated_word"}


def test_awkwardness_grows_with_length_and_stays_in_range() -> None:
    # The shipped model is length-driven (chosen by talk CV); a longer plain
    # sentence must not score lower than a short one.
    short = "The results were clear."
    long = " ".join(["The results of the second study were clear and easy to read"] * 4) + "."
    a_short = awkwardness(short, [], "en")
    a_long = awkwardness(long, [], "en")
    assert 0.0 < a_short < a_long < 1.0
    assert awkwardness("   ", [], "en") == 0.0


def test_feature_vector_matches_shipped_parameters() -> None:
    params = load_params()
    assert tuple(params["features"]) == FEATURES
    vector = features("Hello there, world.", [], "en")
    assert len(vector) == len(FEATURES)
    assert 0.0 <= score(vector, "xx", params) <= 1.0  # unknown language: default model


def test_mismatched_parameter_file_is_a_config_error(tmp_path: Path) -> None:
    params = json.loads(json.dumps(load_params()))
    params["features"] = ["log_words"]
    path = tmp_path / "awkwardness.json"
    path.write_text(json.dumps(params), encoding="utf-8")
    with pytest.raises(ConfigError, match="feature list"):
        load_params(str(path))
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid JSON"):
        load_params(str(path))


# (source, target, expected span of repetition_loop or None).
LOOPS = [
    (
        "我们可以看到。",
        "We can see that we can see that we can see that.",
        "we can see that we can see that",
    ),
    ("Das ist gut.", "That is good good good good.", "good good good"),
    # MQM-TED rows: the source repeats too (an onomatopoeia): quiet.
    ("听起来就像，叮，叮，叮。", "It sounds like ding, ding, ding.", None),
    ("It's sort of like ding, ding, ding.", "Es ist so etwas wie Ding, Ding, Ding.", None),
    # Twice is emphasis, not a loop.
    ("Das ist sehr gut.", "That is very, very good.", None),
]


@pytest.mark.parametrize(("source", "target", "span"), LOOPS)
def test_repetition_loop(source: str, target: str, span: str | None) -> None:
    (r,) = flag_segments([target], sources=[source], families=["accuracy"])
    found = [r.text[f.start : f.end] for f in r.flags if f.rule == "repetition_loop"]
    assert found == ([span] if span else [])


def test_repetition_loop_on_a_large_segment_is_bounded() -> None:
    # A 1 MB looping segment: one flag, found without catastrophic backtracking.
    text = "we can see that " * 65_000
    (r,) = flag_segments([text], sources=["我们可以看到。"], families=["accuracy"])
    assert [f.rule for f in r.flags].count("repetition_loop") == 1

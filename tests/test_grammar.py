"""Link Grammar evidence: unlinked words with spans, bounds, and graceful absence."""

from __future__ import annotations

import pytest

from transcheck.checks import flag_segments, grammar
from transcheck.checks.grammar_model import HAND_FEATURES, hand_features, unlinked_flags

needs_lg = pytest.mark.skipif(
    not grammar.available("en"), reason=f"Link Grammar: {grammar.unavailable_reason('en')}"
)


@needs_lg
def test_unlinked_words_point_at_the_broken_words() -> None:
    text = "He have went to the store yesterday the."
    res = grammar.parse_segment(text)
    assert res.nulls >= 1
    words = [text[u.start : u.end] for u in res.unlinked]
    assert "have" in words
    assert all(text[u.start : u.end] == u.word for u in res.unlinked)


@needs_lg
def test_grammatical_sentences_have_no_null_links() -> None:
    for text in ["The cat sat on the mat.", "The council adopted a new housing plan on Tuesday."]:
        res = grammar.parse_segment(text)
        assert (res.nulls, res.unlinked, res.sentences) == (0, [], 1), text


@needs_lg
def test_offsets_index_the_segment_across_sentences() -> None:
    text = "The cat sat on the mat. He have went to the store yesterday the."
    res = grammar.parse_segment(text)
    assert res.sentences == 2
    assert all(u.start > 23 and text[u.start : u.end] == u.word for u in res.unlinked)


@needs_lg
def test_huge_and_pathological_input_is_cut_with_a_note() -> None:
    res = grammar.parse_segment("word " * 1_000_000)  # a 5 MB line
    assert any("only the first 2,000" in n for n in res.notes)
    res = grammar.parse_segment(" ".join(["buffalo"] * 80) + ".")
    assert any("skipped (limit" in n for n in res.notes)


@needs_lg
def test_a_parser_failure_on_one_sentence_is_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def boom(*args: object) -> None:
        calls.append(1)
        raise RuntimeError("parser crashed")

    monkeypatch.setattr(grammar, "_parse_one", boom)
    res = grammar.parse_segment("One sentence here. Another one there.")
    assert len(calls) == 2
    assert res.notes == ["grammar: parser failed on a sentence (RuntimeError)"] * 2


def test_missing_parser_warns_once_and_the_catalogue_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(grammar, "_parser", lambda lang: (None, None, "not installed (test)"))
    warnings: list[str] = []
    (r,) = flag_segments(
        ["Since five years he lives here."], grammar="on", on_warning=warnings.append
    )
    assert warnings == ["grammar evidence off: not installed (test)"]
    assert "any-en:since_duration" in {f.rule for f in r.flags}
    assert 0.0 <= r.awkwardness <= 1.0


def test_no_dictionary_for_a_language_is_a_reason() -> None:
    assert not grammar.available("xx")
    assert "xx" in grammar.unavailable_reason("xx")


@needs_lg
def test_hand_features_and_flags() -> None:
    text = "He have went to the store yesterday the."
    res = grammar.parse_segment(text)
    vec = hand_features(text, res, "en")
    assert len(vec) == len(HAND_FEATURES)
    assert vec[HAND_FEATURES.index("nulls")] == res.nulls
    flags = unlinked_flags(res)
    assert {(f.rule, f.category, f.severity) for f in flags} == {
        ("grammar_unlinked", "Fluency/Grammar", "minor")
    }
    assert "have" in [text[f.start : f.end] for f in flags]


def test_grammar_off_keeps_the_fast_path() -> None:
    text = "He have went to the store yesterday the."
    (off,) = flag_segments([text], grammar="off")
    assert "grammar_unlinked" not in {f.rule for f in off.flags}


@needs_lg
def test_grammar_on_adds_unlinked_word_flags() -> None:
    text = "He have went to the store yesterday the."
    (on,) = flag_segments([text], grammar="on")
    assert "have" in [text[f.start : f.end] for f in on.flags if f.rule == "grammar_unlinked"]
    (style_only,) = flag_segments([text], grammar="on", families=["style"])
    assert "grammar_unlinked" not in {f.rule for f in style_only.flags}

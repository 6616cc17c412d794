"""The seed article: every known problem is flagged; the alternate stays clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.checks import flag_segments, guess_source_language, load_glossary
from transcheck.io.readers import line_segments, read_document
from transcheck.segment import split_sentences


def _spans(results: list) -> list[tuple[str, str]]:
    return [(f.rule, r.text[f.start : f.end]) for r in results for f in r.flags]


@pytest.fixture(scope="module")
def seed_lines(seed_corpus: Path) -> list[str]:
    doc = read_document(seed_corpus / "translation.en.txt")
    return [s.text for s in line_segments(doc)]


@pytest.mark.parametrize("glossary", [False, True])
def test_seed_problems_are_flagged(
    seed_lines: list[str], seed_corpus: Path, glossary: bool
) -> None:
    gloss = load_glossary(seed_corpus / "glossary.tsv") if glossary else None
    spans = _spans(flag_segments(seed_lines, lang="en", glossary=gloss))
    # (rule prefix, exact flagged text): from reading the seed by hand.
    expected = [
        ("forbidden_term", "Kiev"),
        ("de-en:never_seen_before", "as he has never seen them before"),
        ("de-en:stacked_agents", "demanded by the West by Moscow"),
        ("duplicated_headline", "Telephone call about conflict in Ukraine"),
        ("duplicated_headline", "Biden calls on Putin to de-escalate"),
        ("boilerplate:source_site", "source site-34"),
        ("boilerplate:leave_reply", "Leave a Reply"),
        ("de-en:for_its_part", "for its part"),
    ]
    for item in expected:
        assert item in spans, item


def test_seed_kiev_suggestion_and_severity(seed_lines: list[str]) -> None:
    flags = [f for r in flag_segments(seed_lines) for f in r.flags if f.rule == "forbidden_term"]
    assert [(f.suggestion, f.severity) for f in flags] == [("Kyiv", "major")]


def test_seed_sentence_unit_offsets_and_headline(seed_text: str) -> None:
    segments = split_sentences(seed_text, "en")
    results = flag_segments([s.text for s in segments], lang="en")
    rules = {f.rule for r in results for f in r.flags}
    assert {"duplicated_headline", "de-en:stacked_agents", "forbidden_term"} <= rules
    for seg, res in zip(segments, results, strict=True):
        for f in res.flags:
            assert seg.text[f.start : f.end] == seed_text[seg.start + f.start : seg.start + f.end]


def test_seed_source_guess_is_german(seed_lines: list[str]) -> None:
    guess = guess_source_language(seed_lines, lang="en")
    assert guess.lang == "de"
    assert guess.describe() == "likely translated from German"
    assert guess.confidence > 0.8
    assert any("never_seen_before" in e for e in guess.evidence)


@pytest.mark.parametrize("unit", ["line", "sentence"])
def test_alternate_is_not_flagged(seed_corpus: Path, unit: str) -> None:
    doc = read_document(seed_corpus / "alternate.en.txt")
    segs = line_segments(doc) if unit == "line" else split_sentences(doc.text, "en")
    results = flag_segments([s.text for s in segs], lang="en")
    assert _spans(results) == []
    guess = guess_source_language([s.text for s in segs])
    assert guess.lang is None


def test_awkwardness_orders_seed_above_alternate(seed_lines: list[str], seed_corpus: Path) -> None:
    alt = read_document(seed_corpus / "alternate.en.txt")
    alt_lines = [s.text for s in line_segments(alt)]
    seed = [r.awkwardness for r in flag_segments(seed_lines) if r.text.strip()]
    other = [r.awkwardness for r in flag_segments(alt_lines) if r.text.strip()]
    assert all(0.0 <= a <= 1.0 for a in seed + other)
    assert sum(seed) / len(seed) > sum(other) / len(other)

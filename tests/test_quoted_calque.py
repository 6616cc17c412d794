"""zh-en:quoted_calque: literal renderings of quoted Chinese terms, with real strings."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest

from transcheck.checks import collocation, flag_segments

pytest.importorskip("pocketsphinx")

RULE = "zh-en:quoted_calque"


def _calques(text: str, source: str | None = None, src_lang: str | None = "zh") -> list[str]:
    (result,) = flag_segments(
        [text], lang="en", sources=[source] if source else None, src_lang=src_lang
    )
    return [text[f.start : f.end] for f in result.flags if f.rule == RULE]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # 两个维护 / 双减: slogans rendered word for word inside the quotes.
        ("The meeting stressed the “two safeguards” once again.", "“two safeguards”"),
        ('Schools must implement the "double reduction" policy this term.', '"double reduction"'),
        # Trailing punctuation inside the quotation stays in the span.
        ('Officials praised the "connected travel." Tourists agreed.', '"connected travel."'),
    ],
)
def test_a_quoted_literal_calque_is_flagged_with_the_exact_span(text: str, span: str) -> None:
    (result,) = flag_segments([text], lang="en", src_lang="zh")
    (flag,) = [f for f in result.flags if f.rule == RULE]
    assert text[flag.start : flag.end] == span
    assert flag.severity == "major"
    assert flag.category == "Style/Awkward"
    assert flag.suggestion


@pytest.mark.parametrize(
    "text",
    [
        # A quotation of speech: five words and more are speech, not a term.
        "“We hope that does not happen,” the minister said.",
        # Usual English expressions in quotes.
        "Buyers want “peace of mind” above all.",
        'Putin called it a "colossal mistake" on Friday.',
        "The “Big Bang” left a faint glow.",
        # Quoted names: Title Case with a word rare in English, or pinyin.
        "Foreign Minister “Wang Yi” met his counterpart.",
        "The villagers call the dish “Bulli Jiaozi” at home.",
        # Single words, digits, brackets.
        "He was “satisfied” with the talks.",
        "Both sides reaffirmed the “1992 Consensus” in the statement.",
        'The fee is listed as "implantation fee (single)".',
    ],
)
def test_normal_quotations_and_names_are_not_flagged(text: str) -> None:
    assert _calques(text) == []


def test_text_between_two_quotations_is_not_read_as_one() -> None:
    text = '"It is fine," Rios said. "We will go on."'
    assert _calques(text) == []


def test_a_chinese_source_text_switches_the_rule_on_without_src_lang() -> None:
    text = "The meeting stressed the “two safeguards” once again."
    assert _calques(text, source="会议再次强调“两个维护”。", src_lang=None) == ["“two safeguards”"]
    # Without any sign of a Chinese source the rule stays off.
    assert _calques(text, src_lang=None) == []


def test_other_language_pairs_do_not_run_it() -> None:
    # The same words in English from German: a German source is no evidence
    # of a Chinese slogan.
    text = "The meeting stressed the “two safeguards” once again."
    source = "Die Sitzung betonte erneut die „zwei Schutzmaßnahmen“."
    assert _calques(text, source=source, src_lang="de") == []
    # German text from a Chinese source: the English model cannot judge it.
    (result,) = flag_segments(
        ["Die Sitzung betonte erneut die „doppelte Reduktion“."], lang="de", src_lang="zh"
    )
    assert RULE not in {f.rule for f in result.flags}


def test_the_seed_alternate_translation_stays_clean_even_from_chinese() -> None:
    # Its quotations ("colossal mistake", "serious and substantive", "We hope it
    # will not come to that.") are English; none reads as a calque.
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    text = (root / "corpora" / "seed-biden-putin" / "alternate.en.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    results = flag_segments(lines, lang="en", src_lang="zh")
    assert [f for r in results for f in r.flags if f.rule == RULE] == []


def test_evidence_tells_idioms_from_literal_renderings() -> None:
    lm = collocation.collocations()
    assert lm is not None
    literal = lm.evidence(["two", "safeguards"])
    idiom = lm.evidence(["peace", "of", "mind"])
    assert literal.unseen_pair and literal.association < 0
    assert not idiom.unseen_pair and idiom.association > 5
    assert lm.evidence(["Bulli", "Jiaozi"]).unknown == ("bulli", "jiaozi")
    assert collocation.phrase_words("anti-secession law") == ["anti-secession", "law"]
    # The parts of one compound are no pair: "de-escalate" is a usual word.
    assert lm.evidence(["de-escalate"]).pairs == ()
    assert collocation.phrase_words("1992 Consensus") is None


@pytest.fixture
def no_pocketsphinx(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "pocketsphinx", None)  # import now fails
    collocation.english_lm.cache_clear()
    collocation.collocations.cache_clear()
    yield
    collocation.english_lm.cache_clear()
    collocation.collocations.cache_clear()


@pytest.mark.usefixtures("no_pocketsphinx")
def test_without_pocketsphinx_one_warning_and_the_rest_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = "Although it rained, but we praised the “two safeguards”."
    with caplog.at_level(logging.WARNING, logger="transcheck"):
        (first,) = flag_segments([text], lang="en", src_lang="zh")
        (second,) = flag_segments([text], lang="en", src_lang="zh")
    rules = {f.rule for f in first.flags}
    assert "zh-en:although_but" in rules
    assert RULE not in rules
    assert second.flags == first.flags
    warnings = [r for r in caplog.records if "pocketsphinx" in r.getMessage()]
    assert len(warnings) == 1
    assert "\n" not in warnings[0].getMessage()

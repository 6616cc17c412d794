"""The de-en pack generalises: a team-written German news paragraph (not the seed).

``tests/data/translationese/`` holds a German paragraph, its literal,
word-order-preserving English rendering and an idiomatic version (all three
written by the team for this test). The literal rendering's translationese is
flagged by the pack's class-based rules; the idiomatic one stays clean.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.checks import flag_segments
from transcheck.checks.rulepacks import expand_classes, lemma_forms, parse_pack
from transcheck.errors import ConfigError

DATA = Path(__file__).resolve().parent / "data" / "translationese"

# (line, rule, exact flagged text): read off the literal rendering by hand.
EXPECTED = [
    (0, "de-en:against_the_background", "Against the background of"),
    (0, "de-en:verb_final_perfect", "has on Tuesday a new housing plan adopted"),
    (1, "de-en:prenominal_participle", "The by the administration in the past year prepared draft"),
    (1, "de-en:document_foresees", "draft foresees"),
    (1, "de-en:verb_final_become", "built become"),
    (2, "de-en:for_its_part", "for its part"),
    (2, "de-en:verb_final_passive", "estimated been had"),
    (
        3,
        "de-en:warned_urgently_against",
        "warned the members of the council once again urgently against",
    ),
    (4, "de-en:it_gives", "It gives many families in"),
    (4, "de-en:verb_final_modal", "no longer afford can"),
    (5, "any-en:since_duration", "Since three years"),
]


def _lines(name: str) -> list[str]:
    return (DATA / f"wohnungsplan.{name}.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("src_lang", ["de", None])
def test_literal_rendering_is_flagged_by_the_class_rules(src_lang: str | None) -> None:
    results = flag_segments(_lines("literal.en"), lang="en", src_lang=src_lang)
    found = {(r.id, f.rule, r.text[f.start : f.end]) for r in results for f in r.flags}
    for item in EXPECTED:
        assert item in found, item


@pytest.mark.parametrize("src_lang", ["de", None])
def test_idiomatic_version_is_clean(src_lang: str | None) -> None:
    results = flag_segments(_lines("idiomatic.en"), lang="en", src_lang=src_lang)
    assert [(r.id, f.rule) for r in results for f in r.flags] == []


def test_the_three_files_are_parallel() -> None:
    assert len(_lines("de")) == len(_lines("literal.en")) == len(_lines("idiomatic.en")) == 6


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        # Ordinary English around the same words stays quiet.
        ("He has made many patients discouraged.", False),
        ("It has caused many people to be discouraged.", False),
        ("The plan was adopted on Tuesday.", False),
        ("What they have become.", False),
        ("The law was adopted by the parliament.", False),
        # Other literal renderings of the same German structures fire.
        ("The government has in March the new law passed.", True),
        ("The with great effort built bridge opened today.", True),
        ("He knows that the contract signed been has.", True),
    ],
)
def test_class_rules_on_other_sentences(text: str, fires: bool) -> None:
    (r,) = flag_segments([text], lang="en", src_lang="de", families=["style", "fluency"])
    assert any(f.rule.startswith("de-en:") for f in r.flags) == fires, r.flags


def test_lemma_forms() -> None:
    assert set(lemma_forms("warn")) == {"warn", "warns", "warned", "warning"}
    assert set(lemma_forms("adopt")) >= {"adopted", "adopting"}
    assert "carried" in lemma_forms("carry")
    assert set(lemma_forms("see|saw|seen")) >= {"see", "sees", "saw", "seen"}


def test_classes_expand_and_unknown_class_is_an_error() -> None:
    assert expand_classes(r"\b<DET> cat", {"DET": "(?:the|a)"}, "x") == r"\b(?:the|a) cat"
    # A lookbehind is not a class.
    assert expand_classes(r"(?<=a)b", {}, "x") == r"(?<=a)b"
    with pytest.raises(ConfigError, match="unknown word class <NOUN>"):
        expand_classes(r"<NOUN>s", {}, "pack.toml: rule 'r'")


def test_pack_with_classes_is_screened() -> None:
    data = {
        "pack": {"id": "t", "target": "en"},
        "classes": {"BAD": "(a+)+"},
        "rule": [{"id": "r", "pattern": "<BAD>", "message": "m"}],
    }
    with pytest.raises(ConfigError, match="unbounded repeat"):
        parse_pack(data, "t.toml")
    data["classes"] = {"ART": ["the", "a"]}
    data["rule"] = [{"id": "r", "pattern": r"\b<ART> (?:<lemma:walk>)\b", "message": "m"}]
    pack = parse_pack(data, "t.toml")
    assert [m.text for m in pack.finditer("She saw the walked dog and a walking man.")] == [
        "the walked",
        "a walking",
    ]

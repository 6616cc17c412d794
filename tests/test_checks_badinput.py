"""Bad input: malformed glossaries, hostile rule packs, huge segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.checks import flag_segments, load_glossary
from transcheck.checks.rulepacks import load_pack, packs_for, screen_pattern
from transcheck.errors import ConfigError

PACK_HEAD = '[pack]\nid = "xx-en"\nversion = "1"\nsource = "xx"\ntarget = "en"\n\n'


def _rule(rule_id: str, pattern: str) -> str:
    return (
        f"[[rule]]\nid = \"{rule_id}\"\npattern = '{pattern}'\n"
        'category = "Style/Awkward"\nseverity = "minor"\nmessage = "m"\n'
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Kiew\tKyiv\tKiev\nonly-one-column\n", 2),
        ("# comment\n\nKiew\t\n", 3),
        ("source\ttarget\nOSZE\tOSCE\t\t\ta\tb\n", 2),
        ("Kiew\tKyiv\n\tX\n", 2),
    ],
)
def test_glossary_malformed_line_names_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_glossary(path)
    assert info.value.line == line
    assert f"g.tsv:{line}" in str(info.value)


def test_glossary_tsv_and_tbx_agree(tmp_path: Path) -> None:
    tsv = tmp_path / "g.tsv"
    tsv.write_text("source\ttarget\tforbidden\nKiew\tKyiv\tKiev\n", encoding="utf-8")
    tbx = tmp_path / "g.tbx"
    tbx.write_text(
        '<?xml version="1.0"?>\n<martif type="TBX"><text><body><termEntry>'
        '<langSet xml:lang="de"><tig><term>Kiew</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>Kyiv</term></tig>'
        '<tig><term>Kiev</term><termNote type="administrativeStatus">deprecatedTerm-admn'
        "</termNote></tig></langSet></termEntry></body></text></martif>\n",
        encoding="utf-8",
    )
    for path in (tsv, tbx):
        glossary = load_glossary(path)
        (term,) = glossary.terms
        assert (term.source, term.target, term.forbidden) == ("Kiew", "Kyiv", ("Kiev",))
        (r,) = flag_segments(["Talks in Kiev."], glossary=glossary, families=["terminology"])
        assert [(f.rule, f.suggestion) for f in r.flags] == [("forbidden_term", "Kyiv")]


def test_glossary_hostile_or_broken_xml(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.tbx"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><martif>&b;</martif>',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"bomb\.tbx"):
        load_glossary(bomb)
    broken = tmp_path / "broken.tbx"
    broken.write_text("<martif><termEntry>\n<langSet>\n</martif>", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.tbx"):
        load_glossary(broken)
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(ConfigError, match="binary"):
        load_glossary(binary)


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(unclosed", "invalid pattern"),
        ("(a+)+$", "unbounded"),
        ("x.*y", "unbounded"),
        ("(?:a{1,50}){1,50}", "nested"),
        (r"(\w{1,5})\1", "backreference"),
        ("a{1,5000}", "over"),
    ],
)
def test_rule_pack_bad_pattern_names_rule(tmp_path: Path, pattern: str, problem: str) -> None:
    path = tmp_path / "xx-en.toml"
    path.write_text(PACK_HEAD + _rule("good_rule", "fine") + _rule("bad_rule", pattern), "utf-8")
    with pytest.raises(ConfigError, match=problem) as info:
        load_pack(path)
    assert "rule 'bad_rule'" in str(info.value)


def test_rule_pack_unknown_key_and_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(PACK_HEAD + _rule("r1", "a") + "colour = 1\n", "utf-8")
    with pytest.raises(ConfigError, match="colour"):
        load_pack(path)
    path.write_text(PACK_HEAD + _rule("r1", "a") + _rule("r1", "b"), "utf-8")
    with pytest.raises(ConfigError, match="duplicate"):
        load_pack(path)


def test_rule_focus_points_the_span_at_its_group(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    rule = _rule("pair", "\\b[Oo]bwohl\\b[^.]{1,80}?,\\s{0,3}(aber)\\b") + "focus = 1\n"
    path.write_text(PACK_HEAD + rule, "utf-8")
    text = "Obwohl es regnete, aber wir gingen hinaus."
    spans = [(m.start, m.end) for m in load_pack(path).finditer(text)]
    assert spans == [(text.index("aber"), text.index("aber") + 4)]
    for bad, problem in (("focus = 2\n", "names no group"), ('focus = "1"\n', "group number")):
        path.write_text(PACK_HEAD + _rule("pair", "a(b)c") + bad, "utf-8")
        with pytest.raises(ConfigError, match=problem):
            load_pack(path)
    # The shipped zh-en rule points at the redundant 'but', the word to drop.
    english = "Although the plan was costly, but the council adopted it."
    (flag,) = [f for f in flag_segments([english], lang="en")[0].flags if "although" in f.rule]
    assert english[flag.start : flag.end] == "but"


def test_builtin_packs_pass_the_screen() -> None:
    packs = packs_for("en") + packs_for("de")
    assert {p.id for p in packs} >= {"de-en", "fr-en", "es-en", "zh-en", "en-de"}
    for pack in packs:
        for rule in pack.rules:
            screen_pattern(rule.pattern, rule.id)


def test_one_megabyte_segment_and_walls_of_findings() -> None:
    # No timing assertion (speed is for bench/); these must simply finish
    # and stay bounded (at most 50 findings per check and segment).
    sentence = "As he has never seen them before, talks in Kiev went on  and on.  "
    huge = sentence * (1_000_000 // len(sentence) + 1)
    for text in (huge, "a" * 1_000_000, "word " * 200_000, "Ã©\u200b„" * 300_000):
        (r,) = flag_segments([text])
        by_check: dict[str, int] = {}
        for f in r.flags:
            by_check[f.check or f.rule] = by_check.get(f.check or f.rule, 0) + 1
        assert max(by_check.values(), default=0) <= 50
        assert 0.0 <= r.awkwardness <= 1.0


@pytest.mark.parametrize("texts", [[], [""], ["", "   ", "\t"], ["\x00\x01"]])
def test_empty_and_odd_segments(texts: list[str]) -> None:
    results = flag_segments(texts)
    assert [r.text for r in results] == texts
    assert all(r.awkwardness == 0.0 for r in results if not r.text.strip())


def test_mismatched_sources_is_an_input_error() -> None:
    from transcheck.errors import InputError

    with pytest.raises(InputError, match="parallel"):
        flag_segments(["a", "b"], sources=["x"])

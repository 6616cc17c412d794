"""Catalogue readers: PO header and plurals, states, inline codes, tolerated bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.errors import InputError
from transcheck.io import read_parallel
from transcheck.io.catalogue import read_catalogue

DATA = Path(__file__).resolve().parent / "data" / "l10n"


def test_po_units_plurals_context_and_state() -> None:
    cat = read_catalogue(DATA / "ja.po")
    assert cat.format == "po" and cat.tgt_lang == "ja" and cat.nplurals == 1
    assert [u.id for u in cat.units][:2] == ["_File", "_Open..."]
    plural = next(u for u in cat.units if u.plural)
    assert plural.source_plural == "%d files selected"
    assert plural.targets == ("%d 個のファイルを選択しました",)
    states = {u.source: u.state for u in cat.units}
    assert states["Replace _All"] == "fuzzy"
    assert states["Search for text"] == "untranslated"
    assert states["Print Preview"] == "translated"
    de = read_catalogue(DATA / "de.po")
    lines = next(u for u in de.units if u.plural)
    assert lines.targets == ("%d Zeile", "Zeilen") and lines.source_for(1) == "%d lines"


def test_po_context_is_part_of_the_id(tmp_path: Path) -> None:
    path = tmp_path / "ctx.po"
    path.write_text('msgctxt "menu"\nmsgid "Open"\nmsgstr "Öffnen"\n', encoding="utf-8")
    (unit,) = read_catalogue(path).units
    assert unit.context == "menu" and unit.id == "menu\u0004Open"


def test_cr_cr_lf_reads_with_a_warning_and_right_error_lines(tmp_path: Path) -> None:
    good = tmp_path / "crcrlf.po"
    good.write_bytes(b'msgid "Open"\r\r\nmsgstr "\xc3\x96ffnen"\r\r\n\r\r\nmsgid "Close"\r\r\n'
                     b'msgstr "Schlie\xc3\x9fen"\r\r\n')
    cat = read_catalogue(good)
    assert [u.target for u in cat.units] == ["Öffnen", "Schließen"]
    assert [u.line for u in cat.units] == [1, 4]
    assert any("CR CR LF" in w for w in cat.warnings)
    bad = tmp_path / "bad.po"
    bad.write_bytes(b'msgid "a"\r\r\nmsgstr "b"\r\r\n\r\r\nmsgid "c"\r\r\nmsgstr "d\r\r\n')
    with pytest.raises(InputError) as info:
        read_catalogue(bad)
    assert info.value.line == 5  # the unterminated string, as an editor counts lines


def test_a_line_separator_inside_a_po_string_is_not_a_line_end(tmp_path: Path) -> None:
    path = tmp_path / "ls.po"
    path.write_text('msgid "a\u2028b"\nmsgstr "c\u2028d"\n', encoding="utf-8")
    (unit,) = read_catalogue(path).units
    assert unit.target == "c\u2028d"


def test_header_only_po_empty_xliff20_and_single_tuv_are_read_with_warnings() -> None:
    header = read_catalogue(DATA / "header_only.po")
    assert header.units == [] and header.tgt_lang == "ja"
    assert any("header only" in w for w in header.warnings)
    assert read_parallel(DATA / "header_only.po") == []
    empty = read_catalogue(DATA / "empty20.xlf")
    assert empty.units == [] and any("without units" in w for w in empty.warnings)
    single = read_catalogue(DATA / "single.tmx")
    assert [(u.source, u.target, u.state) for u in single.units] == [
        ("Open the file.", "Öffnen Sie die Datei.", "translated"),
        ("Close the window.", "", "untranslated"),
    ]
    assert any("single <tuv>" in w and "line 9" in w for w in single.warnings)


def test_xml_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlf"
    text = (DATA / "inline12.xlf").read_text(encoding="utf-8").replace("</target>", "</tar>", 1)
    path.write_text(text.replace("\n", "\r\r\n"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_catalogue(path)
    assert info.value.line == 7 and "malformed XML" in str(info.value)


def test_inline_codes_are_kept_as_placeholders_with_ids() -> None:
    xlf = read_catalogue(DATA / "inline12.xlf")
    intro, logo, review = xlf.units
    assert intro.source == 'Press <bpt id="1"/>Start<ept id="1"/> to begin.'
    assert intro.target == 'Appuyez sur <bpt id="1"/>Démarrer<ept id="1"/> pour commencer.'
    assert logo.source == 'Our logo: <x id="2"/>' and logo.target == "Notre logo :"
    assert review.state == "fuzzy"
    tmx = read_catalogue(DATA / "inline.tmx", tgt_lang="ru")
    assert tmx.units[0].target == 'Нажмите <ph x="1"/> для подтверждения.'
    assert tmx.units[1].source == 'Read the <bpt i="1"/>manual<ept i="1"/>.'

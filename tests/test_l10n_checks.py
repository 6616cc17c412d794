"""The l10n check family on real UI strings in several languages (pofilter's tests by name)."""

from __future__ import annotations

import pytest

from transcheck.checks import get_check
from transcheck.checks.l10n_units import detect_accelerator, flag_catalogue, strip_accelerator
from transcheck.checks.placeholders import compare, normalise_number, numbers, placeholders
from transcheck.io.catalogue import Catalogue, Unit

# Sources that make "_" the catalogue's accelerator (as in GNOME catalogues).
_MENU = ("_File", "_Edit", "_View", "_Help")


def _rules(lang: str, source: str, targets: tuple[str, ...], *, plural: str | None = None,
           nplurals: int | None = None, accel: bool = True) -> set[str]:
    units = [Unit(0, "u", source, targets, plural)]
    if accel:
        units += [Unit(i + 1, s, s, (s,)) for i, s in enumerate(_MENU)]
    cat = Catalogue("mem.po", "po", units, "en", lang, nplurals)
    first = flag_catalogue(cat, lang=lang, src_lang="en")[0]
    return {f.rule for form in first.flags for f in form}


# (lang, source, target forms, msgid_plural, rules that must fire, rules that must not)
TABLE: list[tuple[str, str, tuple[str, ...], str | None, set[str], set[str]]] = [
    # placeholders: printf, positional, Python, brace, Qt.
    ("de", "Could not open %s", ("Konnte nicht öffnen",), None, {"placeholders"}, set()),
    ("fr", "Copy %1$s to %2$s", ("Copier %2$s vers %1$s",), None, set(), {"placeholders"}),
    ("ru", "%s of %d", ("%d из %s",), None, {"placeholders"}, set()),
    ("es", "%(count)s of %(total)s", ("%(count)s de %(totl)s",), None, {"placeholders"}, set()),
    ("de", "Hello {name}, {0} new", ("Hallo {name}, {0} neu",), None, set(), {"placeholders"}),
    ("de", "Hello {name}", ("Hallo {nom}",), None, {"placeholders"}, set()),
    ("fr", "Page %1 of %2", ("Page %1 sur %2",), None, set(), {"placeholders"}),
    ("fr", "Page %1 of %2", ("Page %1",), None, {"placeholders"}, set()),
    ("de", "%'d bytes", ("%d Bytes",), None, set(), {"placeholders"}),
    ("ja", "%lu items", ("%lu 個",), None, set(), {"placeholders"}),
    ("ja", "%lu items", ("%d 個",), None, {"placeholders"}, set()),
    ("fr", "50% of %s", ("50 % de %s",), None, set(), {"placeholders"}),
    # every plural form: msgstr[1] vs msgid_plural; msgstr[0] of ru may say %d.
    ("de", "%d file", ("%d Datei", "Dateien"), "%d files", {"placeholders"}, set()),
    ("ru", "One file", ("%d файл", "%d файла", "%d файлов"), "%d files", set(), {"placeholders"}),
    ("ja", "%d file", ("%d 個のファイル",), "%d files", set(), {"placeholders", "nplurals"}),
    # plural count against the header.
    ("ru", "%d file", ("%d файл", "%d файла"), "%d files", {"nplurals"}, set()),
    # accelerators.
    ("de", "_Open", ("Öffnen",), None, {"accelerators"}, set()),
    ("de", "_Open", ("Ö_ffnen",), None, set(), {"accelerators", "spelling"}),
    ("ja", "_Open", ("開く(_O)",), None, set(), {"accelerators", "brackets"}),
    ("fr", "Open", ("_Ouvrir",), None, {"accelerators"}, set()),
    # whitespace, line breaks, escapes, double spaces.
    ("de", "Name: ", ("Name:",), None, {"endwhitespace"}, set()),
    ("fr", " Ln %d", ("Ln %d",), None, {"startwhitespace"}, set()),
    ("ru", "First\nSecond", ("Первый Второй",), None, {"newlines"}, set()),
    ("de", "Name:\tvalue", ("Name: Wert",), None, {"escapes"}, set()),
    ("fr", "Save the file", ("Enregistrer  le fichier",), None, {"doublespacing"}, set()),
    # end punctuation, language-aware.
    ("de", "Saved.", ("Gespeichert",), None, {"endpunc"}, set()),
    ("ja", "Saved.", ("保存しました。",), None, set(), {"endpunc"}),
    ("zh", "Really quit?", ("真的退出吗？",), None, set(), {"endpunc"}),
    ("zh", "Really quit?", ("真的退出吗",), None, {"endpunc"}, set()),
    ("fr", "Really quit?", ("Vraiment quitter\u202f?",), None, set(), {"endpunc"}),
    ("el", "Really quit?", ("Σίγουρα έξοδος;",), None, set(), {"endpunc"}),
    ("de", "Loading...", ("Wird geladen …",), None, set(), {"endpunc"}),
    ("ru", "Could not open \"%s\".", ("Не удалось открыть «%s».",), None, set(), {"endpunc"}),
    # brackets and first-letter case.
    ("fr", "Size (bytes)", ("Taille octets)",), None, {"brackets"}, set()),
    ("de", "Open the file", ("öffnen Sie die Datei",), None, {"startcaps"}, set()),
    ("de", "the file", ("Die Datei",), None, set(), {"startcaps"}),
    ("ja", "Open the file", ("ファイルを開く",), None, set(), {"startcaps"}),
    ("de", "%s was saved", ("%s wurde gespeichert",), None, set(), {"startcaps"}),
    # numbers, small ones included.
    ("de", "Requires Windows 10", ("Benötigt Windows 11",), None, {"numbers"}, set()),
    ("fr", "1,000 files", ("1 000 fichiers",), None, set(), {"numbers"}),
    ("ja", "Zoom 1:1", ("拡大率 １:１",), None, set(), {"numbers"}),
    ("ja", "Two spaces", ("2個のスペース",), None, set(), {"numbers"}),
    ("de", "01/11/2009", ("01.11.2009",), None, set(), {"numbers"}),
    ("zh", "0 items", ("1个项目",), None, {"numbers"}, set()),
    ("ja", "Heading <h1>", ("見出し <h1>",), None, set(), {"numbers", "xmltags"}),
    ("ru", "Mail <f2404@yandex.ru>", ("Почта <f2405@yandex.ru>",), None, {"numbers"}, set()),
    # tags and inline codes; an address in angle brackets must stay.
    ("fr", "Written by Ann <ann@xfce.org>.", ("Écrit par Ann.",), None, {"xmltags"}, set()),
    ("de", "Click <b>Save</b>.", ("Klicken Sie auf Speichern.",), None, {"xmltags"}, set()),
    ("fr", 'Logo: <x id="2"/>', ('Logo : <x id="2"/>',), None, set(), {"xmltags"}),
    ("fr", 'Logo: <x id="2"/>', ('Logo : <x id="3"/>',), None, {"xmltags"}, set()),
    # untranslated once, nothing else; unchanged copies.
    ("de", "Saved.", ("",), None, {"untranslated_unit"}, {"endpunc", "unchanged"}),
    ("fr", "Print preview", ("Print preview",), None, {"unchanged"}, set()),
    ("fr", "%s", ("%s",), None, set(), {"unchanged"}),
    # spelling: placeholders and URLs are not words; words of the source are names.
    ("de", "See %(urlname)s", ("Siehe %(urlname)s",), None, set(), {"spelling", "placeholders"}),
    ("fr", "Open thunar", ("Ouvrir thunar",), None, set(), {"spelling"}),
    ("fr", "Open the file", ("Ouvrir le fichieer",), None, {"spelling"}, set()),
    # German »…« quotes are German.
    ("de", "Open \"%s\"", ("»%s« öffnen",), None, set(), {"quote_style"}),
]


@pytest.mark.parametrize(("lang", "source", "targets", "plural", "must", "must_not"), TABLE)
def test_l10n_table(lang: str, source: str, targets: tuple[str, ...], plural: str | None,
                    must: set[str], must_not: set[str]) -> None:
    nplurals = {"ru": 3, "ja": 1, "de": 2}.get(lang) if plural else None
    fired = _rules(lang, source, targets, plural=plural, nplurals=nplurals)
    assert must <= fired, (must - fired, fired)
    assert not (must_not & fired), must_not & fired


def test_fuzzy_skipped_unless_included() -> None:
    unit = Unit(0, "u", "Saved.", ("Gespeichert",), state="fuzzy")
    cat = Catalogue("mem.po", "po", [unit], "en", "de")
    (skipped,) = flag_catalogue(cat, lang="de")
    assert skipped.skipped == "fuzzy" and not any(skipped.flags)
    (checked,) = flag_catalogue(cat, lang="de", include_fuzzy=True)
    assert "endpunc" in {f.rule for f in checked.flags[0]}


def test_flags_index_their_plural_form() -> None:
    unit = Unit(0, "u", "%d file", ("%d Datei", "Dateien!"), "%d files")
    cat = Catalogue("mem.po", "po", [unit], "en", "de", 2)
    (r,) = flag_catalogue(cat, lang="de")
    assert not r.flags[0] and r.flags[1]
    row = r.to_dict()
    assert row["target"] == ["%d Datei", "Dateien!"]
    assert all(f["form"] == 1 for f in row["flags"])


def test_accelerator_convention_from_the_catalogue() -> None:
    assert detect_accelerator(["_File", "_Edit", "Save as"]) == "_"
    assert detect_accelerator(["&File", "&Edit", "Tom &amp; Jerry"]) == "&"
    assert detect_accelerator(["file_name is a key"] + ["Plain"] * 300) is None
    assert strip_accelerator("Ö_ffnen", "_") == ("Öffnen", [1])


def test_placeholder_keys_allow_positions_and_catch_swaps() -> None:
    assert [p.key for p in placeholders("%s %d %'d %1$s %-d %F %B %lu")] == [
        "%1$s", "%2$d", "%3$d", "%1$s", "%4$d", "%5$F", "%6$B", "%7$ld"]
    assert compare("%s of %s", "%2$s из %1$s", frozenset({"printf"})) == ([], [])
    missing, extra = compare("%s of %d", "%d de %s", frozenset({"printf"}))
    assert missing and extra
    assert [n.value for n in numbers("Windows 10, 1,000 or 3,5 ١٢ %1$s")] == [
        "10", "1000", "3.5", "12"]
    assert normalise_number("１２") == "12"


def test_every_l10n_check_has_help() -> None:
    for rule in ("placeholders", "accelerators", "startwhitespace", "endwhitespace", "newlines",
                 "escapes", "doublespacing", "endpunc", "brackets", "startcaps", "numbers",
                 "xmltags", "untranslated_unit", "unchanged", "nplurals"):
        spec = get_check(rule)
        help_text = " ".join(spec.help.split())
        assert spec.family == "l10n" and "pofilter" in help_text and "False positives" in help_text

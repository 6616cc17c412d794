"""Catalogue units as check segments: plural forms, accelerators, fuzzy state.

:func:`flag_catalogue` turns a :class:`~transcheck.io.catalogue.Catalogue`
into one segment per target form (msgstr[0], msgstr[1], ...), each paired
with the source it translates (msgid for form 0, msgid_plural after) and a
:class:`UnitInfo` the localisation checks read (``needs=("unit",)``). The
accelerator convention (``_`` GNOME, ``&`` KDE/Qt/Windows, ``~``
LibreOffice) is detected once from the catalogue's sources. Fuzzy units are
skipped unless ``include_fuzzy``, translator-credits units always;
untranslated units give one segment with an empty target, which only
``untranslated_unit`` reports.

Known limits: the accelerator is detected per catalogue, so a catalogue
that mixes conventions is checked with the most frequent one only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from transcheck.checks.runner import Runner
from transcheck.io.catalogue import Catalogue, Unit
from transcheck.model import Flag

ACCELERATORS = ("_", "&", "~")
# A marker before a letter or digit; "&amp;" style entities and "__" are not.
_ACCEL = {
    "_": re.compile(r"(?<!_)_(?=[^\W_])"),
    "&": re.compile(r"&(?=[^\W_])(?![#\w]+;)"),
    "~": re.compile(r"~(?=[^\W_])"),
}
# Catalogue-mode defaults: the l10n family plus the general checks that make
# sense on a short UI string (no sentence-shape, alignment or MT heuristics).
CATALOGUE_GENERAL = ("spelling", "repeated_word", "quote_style", "mojibake", "control_chars",
                     "forbidden_term", "missing_term")


# Units whose "translation" is a list of names, not a translation of the msgid.
CREDITS = frozenset({"translator-credits", "translator_credits", "TRANSLATORS",
                     "Your names", "Your emails", "NAME OF TRANSLATORS", "EMAIL OF TRANSLATORS"})


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """What the localisation checks know about the unit a segment belongs to."""

    id: str
    form: int
    nforms: int
    plural: bool
    nplurals: int | None
    accelerator: str | None
    source_singular: str
    source_plural: str | None


def accelerator_marks(text: str, marker: str | None) -> list[int]:
    """Offsets of accelerator markers in ``text`` (none when ``marker`` is None)."""
    if not marker or marker not in text:
        return []
    return [m.start() for m in _ACCEL[marker].finditer(text)]


def strip_accelerator(text: str, marker: str | None) -> tuple[str, list[int]]:
    """(text without its accelerator markers, offsets of the removed markers).

    Offset ``i`` of the stripped text is ``i + (markers removed before it)``
    in the original.
    """
    marks = accelerator_marks(text, marker)
    if not marks:
        return text, []
    out, pos = [], 0
    for i in marks:
        out.append(text[pos:i])
        pos = i + 1
    out.append(text[pos:])
    return "".join(out), marks


def to_original(offset: int, marks: Sequence[int]) -> int:
    """Map an offset of the stripped text back to the original text."""
    for m in marks:
        if m <= offset:
            offset += 1
        else:
            break
    return offset


def detect_accelerator(sources: Iterable[str]) -> str | None:
    """The catalogue's accelerator marker: the one that marks most short sources.

    Counted only on sources with exactly one marker and at most 8 words (menu
    items, buttons); at least 2 units and 1% of them must use it.
    """
    counts: Counter[str] = Counter()
    total = 0
    for text in sources:
        total += 1
        if len(text) > 80:
            continue
        for marker in ACCELERATORS:
            if marker in text and len(_ACCEL[marker].findall(text)) == 1:
                counts[marker] += 1
    if not counts:
        return None
    marker, n = counts.most_common(1)[0]
    return marker if n >= 2 and n >= 0.01 * total else None


@lru_cache(maxsize=8)
def _catalogue_runner(
    lang: str, src_lang: str | None, glossary: object | None, checks: tuple[str, ...]
) -> Runner:
    """A runner whose translationese rule packs are only compiled when that check runs.

    Compiling the pair packs is a third of a catalogue run; by default no
    catalogue check reads them.
    """
    from transcheck.checks.glossary import builtin_glossary
    from transcheck.checks.langdata import locale_settings
    from transcheck.checks.runner import Resources

    if "translationese" in checks:
        res = Resources.build(lang, src_lang, glossary)  # type: ignore[arg-type]
    else:
        res = Resources(lang, src_lang, locale_settings(lang), (),
                        builtin_glossary(lang).merged(glossary))  # type: ignore[arg-type]
    return Runner(res, None, checks)


@dataclass(frozen=True, slots=True)
class UnitFlags:
    """The flags of one unit, per target form (``flags[k]`` index ``targets[k]``)."""

    unit: Unit
    flags: tuple[tuple[Flag, ...], ...]
    skipped: str | None = None  # "fuzzy" or "credits" when not checked

    def to_dict(self) -> dict[str, object]:
        u = self.unit
        target: object = list(u.targets) if u.plural else u.target
        flags = []
        for form, form_flags in enumerate(self.flags):
            for f in form_flags:
                d = f.to_dict()
                if u.plural:
                    d["form"] = form
                flags.append(d)
        row: dict[str, object] = {"id": u.id, "source": u.source}
        if u.plural:
            row["source_plural"] = u.source_plural
        row.update({"target": target, "context": u.context, "state": u.state, "line": u.line,
                    "flags": flags})
        if self.skipped:
            row["skipped"] = self.skipped
        return row


def catalogue_checks(families: Sequence[str] | None = None) -> list[str]:
    """The check ids a catalogue gets: every check of ``families``, else the
    l10n family plus ``CATALOGUE_GENERAL`` (``flag FILE.po`` and ``check``)."""
    from transcheck.checks.registry import all_checks

    if families:
        return [s.id for s in all_checks() if s.family in families]
    return [s.id for s in all_checks() if s.family == "l10n" or s.id in CATALOGUE_GENERAL]


def flag_catalogue(
    catalogue: Catalogue,
    *,
    lang: str,
    src_lang: str | None = None,
    checks: Sequence[str] | None = None,
    glossary: object | None = None,
    include_fuzzy: bool = False,
) -> list[UnitFlags]:
    """Run the selected checks (default: l10n family + ``CATALOGUE_GENERAL``) on every unit."""
    if checks is None:
        checks = catalogue_checks()
    marker = detect_accelerator(u.source for u in catalogue.units)
    texts: list[str] = []
    sources: list[str] = []
    infos: list[UnitInfo] = []
    owners: list[tuple[int, int]] = []
    for i, unit in enumerate(catalogue.units):
        if (unit.fuzzy and not include_fuzzy) or unit.source in CREDITS:
            continue
        forms = unit.targets if not unit.untranslated else ("",)
        for form, target in enumerate(forms):
            texts.append(target)
            sources.append(unit.source_for(form))
            infos.append(UnitInfo(unit.id, form, len(unit.targets), unit.plural,
                                  catalogue.nplurals, marker, unit.source, unit.source_plural))
            owners.append((i, form))
    # The runner directly, not flag_segments: a UI string has no awkwardness
    # score worth its cost (the word-frequency table of the language).
    runner = _catalogue_runner(lang, src_lang, glossary, tuple(checks))
    flags, _contexts = runner.run(texts, sources, None, None, False, infos) if texts else ([], [])
    per_unit: dict[int, list[tuple[Flag, ...]]] = {}
    for (i, form), form_flags in zip(owners, flags, strict=True):
        forms = per_unit.setdefault(i, [])
        while len(forms) < form:
            forms.append(())
        forms.append(tuple(form_flags))
    out = []
    for i, unit in enumerate(catalogue.units):
        if i in per_unit:
            out.append(UnitFlags(unit, tuple(per_unit[i])))
        else:
            reason = "credits" if unit.source in CREDITS else "fuzzy"
            out.append(UnitFlags(unit, tuple(() for _ in unit.targets), reason))
    return out

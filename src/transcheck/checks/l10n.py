"""Localisation family: the checks of a PO/XLIFF/TMX unit against its source.

They run on catalogue units (``transcheck flag FILE.po``; ``needs=("unit",)``)
and mirror Translate Toolkit's pofilter tests of the same names: every plural
form is checked against the source it translates (msgid for form 0,
msgid_plural after), placeholders may be reordered by position, the
accelerator convention comes from the catalogue, and what a language writes
(CJK full-width punctuation, French spacing, the Greek question mark ``;``)
comes from :mod:`transcheck.checks.punctdata`. Untranslated units are
reported once by ``untranslated_unit`` and skipped by every other check.

Known limits: a plural form that covers a single number (Arabic "two") may
rightly drop the count placeholder and is still flagged; numbers written as
words ("one") count as missing numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from transcheck.checks.l10n_units import accelerator_marks
from transcheck.checks.placeholders import compare, masked, numbers
from transcheck.checks.punctdata import end_class, sentence_end
from transcheck.checks.registry import check
from transcheck.checks.runner import Hit, SegmentContext
from transcheck.model import Severity

_FORMAT_KINDS = frozenset({"printf", "python", "brace", "qt", "shell"})
_TAG_KINDS = frozenset({"tag"})
_LEAD = re.compile(r"\A\s*")
_TRAIL = re.compile(r"[ \t\u00a0\u202f\u3000]*\Z")
_INNER_DOUBLE = re.compile(r"(?<=\S)  +(?=\S)")
_CLOSERS = "\"'”’»」』）)]】›"
_BRACKETS = {"(": "(", ")": ")", "（": "(", "）": ")", "[": "[", "]": "]", "［": "[", "］": "]",
             "{": "{", "}": "}", "｛": "{", "｝": "}"}
# "(_F)" after a CJK label is how ja/zh show a Latin accelerator: not a bracket.
_ACCEL_BRACKETS = re.compile(r"[(（]\s*[_&~][^\W_][)）]")
_LETTER = re.compile(r"[^\W\d_]")


def _l10n(
    id: str,
    category: str,
    severity: Severity = "minor",
    needs: tuple[str, ...] = ("unit", "source"),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a check of the l10n family (catalogue units only, by default with a source)."""
    return check(id, family="l10n", category=category, severity=severity, needs=needs)


@_l10n("untranslated_unit", "Accuracy/Untranslated text", "major", needs=("unit",))
def untranslated_unit(ctx: SegmentContext) -> Iterator[Hit]:
    """Untranslated unit (empty translation; pofilter: untranslated).

    Reported once per unit (or once per empty plural form of a partly
    translated unit); the other localisation checks skip empty targets.
    False positives: none (an empty target is untranslated by definition).
    """
    if ctx.text or not ctx.source or not ctx.source.strip():
        return
    unit = ctx.unit
    what = f"plural form {unit.form} is empty" if unit.plural and unit.nforms > 1 else (
        "untranslated: the translation is empty")
    yield Hit(0, 0, what)


@_l10n("unchanged", "Accuracy/Untranslated text")
def unchanged(ctx: SegmentContext) -> Iterator[Hit]:
    """Translation identical to the source (pofilter: unchanged).

    Skipped when the source has no word of two letters outside placeholders
    and tags. False positives: names, acronyms and codes that rightly stay as
    they are ("OK", "URL", product names).
    """
    if ctx.text != ctx.source or not ctx.text:
        return
    words = re.findall(r"[^\W\d_]{2,}", masked(ctx.text))
    if words:
        yield Hit(0, len(ctx.text), "translation is a copy of the source")


def _placeholder_hits(source: str, target: str, alt: str | None) -> Iterator[Hit]:
    missing, extra = compare(source, target, _FORMAT_KINDS)
    if (missing or extra) and alt is not None:
        alt_missing, alt_extra = compare(alt, target, _FORMAT_KINDS)
        if not alt_missing and not alt_extra:
            return  # matches the other source form: msgstr[0] of ru/ja may say "%d"
    for item in missing:
        yield Hit(len(target), len(target), f"placeholder '{item}' of the source is missing")
    for p in extra:
        yield Hit(p.start, p.end, f"placeholder '{p.text}' is not in the source")


@_l10n("placeholders", "Accuracy/Mistranslation", "major")
def placeholders_check(ctx: SegmentContext) -> Iterator[Hit]:
    """Placeholders differ from the source (pofilter: printf, pythonbraceformat, variables).

    printf (``%s %d %'d %1$s %-d %F %B %lu``), Python (``%(name)s``,
    ``{name}``, ``{0}``), Qt (``%1``) and ``${var}``: each must appear in the
    translation as often as in the source; positional reordering
    (``%2$s ... %1$s``) is allowed, a swapped ``%s``/``%d`` or a renamed
    ``%(name)s`` is not. Every plural form is checked; form 0 may match
    either the singular or the plural source. False positives: prose
    with a literal percent sign before a letter.
    """
    source, target = ctx.source or "", ctx.text
    if not target or ("%" not in source + target and "{" not in source + target
                      and "$" not in source + target):
        return
    unit = ctx.unit
    alt = None
    if unit.plural and unit.form == 0:
        alt = unit.source_plural
    elif unit.plural:
        alt = unit.source_singular if unit.nforms == 1 else None
    yield from _placeholder_hits(source, target, alt)


@_l10n("nplurals", "Accuracy/Mistranslation", "major", needs=("unit",))
def nplurals(ctx: SegmentContext) -> Iterator[Hit]:
    """Number of plural forms differs from the header's Plural-Forms (pofilter: nplurals).

    Reported on form 0 of a plural unit whose msgstr[n] count is not the
    ``nplurals`` of the catalogue header. False positives: none known.
    """
    unit = ctx.unit
    if not unit.plural or unit.form != 0 or unit.nplurals is None or not ctx.text:
        return
    if unit.nforms != unit.nplurals:
        yield Hit(0, 0, f"{unit.nforms} plural forms, the header says nplurals={unit.nplurals}")


@_l10n("accelerators", "Locale convention/Accelerator")
def accelerators(ctx: SegmentContext) -> Iterator[Hit]:
    """Accelerator (mnemonic) missing, added or doubled (pofilter: accelerators).

    The marker (``_`` GNOME, ``&`` Qt/KDE/Windows, ``~`` LibreOffice) is the
    one the catalogue's sources use most. A source with one accelerator needs
    exactly one in the translation; a source without one needs none. False
    positives: an identifier with an underscore ("file_name") in a catalogue
    that uses ``_`` accelerators.
    """
    marker = ctx.unit.accelerator
    source, target = ctx.source or "", ctx.text
    if not marker or not target or (marker not in source and marker not in target):
        return
    src = accelerator_marks(masked(source), marker)
    tgt = accelerator_marks(masked(target), marker)
    if len(src) == 1 and not tgt:
        yield Hit(len(target), len(target), f"accelerator '{marker}' of the source is missing")
    elif not src and len(tgt) == 1:
        yield Hit(tgt[0], tgt[0] + 2, f"accelerator '{marker}' is not in the source")
    elif len(src) == 1 and len(tgt) > 1:
        yield Hit(tgt[1], tgt[1] + 2, f"more than one accelerator '{marker}'")


@_l10n("startwhitespace", "Fluency/Punctuation")
def startwhitespace(ctx: SegmentContext) -> Iterator[Hit]:
    """Leading whitespace differs from the source (pofilter: startwhitespace).

    False positives: none known; leading spaces in UI strings are layout.
    """
    source, target = ctx.source or "", ctx.text
    if not target:
        return
    src = _LEAD.match(source).group()  # type: ignore[union-attr]
    tgt = _LEAD.match(target).group()  # type: ignore[union-attr]
    if src != tgt and len(tgt) < len(target):
        yield Hit(0, len(tgt), f"leading whitespace {tgt!r}, the source has {src!r}", src)


@_l10n("endwhitespace", "Fluency/Punctuation")
def endwhitespace(ctx: SegmentContext) -> Iterator[Hit]:
    """Trailing spaces differ from the source (pofilter: endwhitespace).

    Compares the spaces and tabs before any final line ends (those are
    ``newlines``). False positives: a CJK full-width colon that replaces a
    colon and its space.
    """
    source, target = ctx.source or "", ctx.text
    if not target:
        return
    s, t = source.rstrip("\n"), target.rstrip("\n")
    src = _TRAIL.search(s).group()  # type: ignore[union-attr]
    tgt = _TRAIL.search(t).group()  # type: ignore[union-attr]
    if src == tgt or (src and tgt and set(src) <= {" ", "\u00a0"} and set(tgt) <= {" ", "\u00a0"}
                      and len(src) == len(tgt)):
        return
    start = len(t) - len(tgt)
    yield Hit(start, len(t), f"trailing whitespace {tgt!r}, the source has {src!r}", src)


@_l10n("newlines", "Fluency/Punctuation")
def newlines(ctx: SegmentContext) -> Iterator[Hit]:
    """Number of line breaks differs from the source (pofilter: newlines).

    Counts ``\\n`` and ``\\r``. False positives: a long text re-wrapped by
    the translator.
    """
    source, target = ctx.source or "", ctx.text
    if not target:
        return
    for ch, name in (("\n", "\\n"), ("\r", "\\r")):
        a, b = source.count(ch), target.count(ch)
        if a != b:
            at = target.rfind(ch) if b > a else len(target)
            yield Hit(at, at + (1 if b > a else 0),
                      f"{b} line break(s) {name}, the source has {a}")


@_l10n("escapes", "Fluency/Punctuation")
def escapes(ctx: SegmentContext) -> Iterator[Hit]:
    """Tabs, backslashes and other escapes differ from the source (pofilter: escapes, tabs).

    Counts ``\\t``, literal backslashes and the control escapes ``\\a \\b \\f
    \\v``. False positives: a Windows path whose backslashes were changed.
    """
    source, target = ctx.source or "", ctx.text
    if not target:
        return
    for ch, name in (("\t", "\\t"), ("\\", "backslash"), ("\a", "\\a"), ("\b", "\\b"),
                     ("\f", "\\f"), ("\v", "\\v")):
        a, b = source.count(ch), target.count(ch)
        if a != b:
            at = target.rfind(ch) if b > a else len(target)
            yield Hit(at, at + (1 if b > a else 0), f"{b} {name}, the source has {a}")


@_l10n("doublespacing", "Fluency/Punctuation")
def doublespacing(ctx: SegmentContext) -> Iterator[Hit]:
    """Double space inside the text where the source has none (pofilter: doublespacing).

    False positives: column layout with spaces copied from a source that
    lines things up differently.
    """
    target = ctx.text
    if "  " not in target:
        return
    found = list(_INNER_DOUBLE.finditer(target))
    if len(found) > len(_INNER_DOUBLE.findall(ctx.source or "")):
        for m in found:
            yield Hit(m.start(), m.end(), "double space", " ")


def _last(text: str) -> tuple[int, str]:
    """(offset, char) of the last character that is not a space or closing quote/bracket.

    "..." reads as one "…" (at the offset of its first dot).
    """
    i = len(text.rstrip())
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
        while i > 0 and text[i - 1] in " \u00a0\u202f":
            i -= 1
    if i >= 3 and text[i - 3 : i] == "...":
        return i - 3, "…"
    if i > 0 and text[i - 1] in " \u00a0\u202f":
        i = len(text[:i].rstrip(" \u00a0\u202f"))
    return (i - 1, text[i - 1]) if i > 0 else (-1, "")


@_l10n("endpunc", "Fluency/Punctuation")
def endpunc(ctx: SegmentContext) -> Iterator[Hit]:
    """Final punctuation differs from the source (pofilter: endpunc).

    Language-aware: 。！？：…, full-width forms are right in Chinese and
    Japanese, French may put a (narrow) no-break space before ``: ; ! ?``,
    Greek asks with ``;``, Spanish opens with ``¿ ¡``; "..." and "…" are the
    same. Only a final mark of the source that is missing or changed is
    flagged. False positives: a label whose colon a CJK layout drops.
    """
    source, target = ctx.source or "", ctx.text
    if not target or not source.strip():
        return
    _i, src_ch = _last(masked(source, "x"))
    want = end_class(src_ch, ctx.res.src_lang or "en")
    if want is None:
        return
    j, tgt_ch = _last(masked(target, "x"))
    have = end_class(tgt_ch, ctx.lang)
    if have == want:
        return
    expected = sentence_end(want, ctx.lang)
    if have is None:
        yield Hit(j + 1, j + 1, f"final '{src_ch}' of the source is missing", expected)
    else:
        yield Hit(j, j + 1, f"final '{tgt_ch}' where the source ends with '{src_ch}'", expected)


@_l10n("brackets", "Fluency/Punctuation")
def brackets(ctx: SegmentContext) -> Iterator[Hit]:
    """Brackets differ in number from the source (pofilter: brackets).

    Counts ( ) [ ] { } and their full-width forms outside placeholders; the
    "(_F)" that shows an accelerator in ja/zh does not count. False
    positives: a translation that adds an explanation in brackets.
    """
    source, target = ctx.source or "", ctx.text
    if not target:
        return
    if not any(ch in _BRACKETS for ch in source) and not any(ch in _BRACKETS for ch in target):
        return
    src = Counter(_BRACKETS[c] for c in _ACCEL_BRACKETS.sub("", masked(source)) if c in _BRACKETS)
    clean_t = masked(target)
    if ctx.unit.accelerator:
        clean_t = _ACCEL_BRACKETS.sub(lambda m: " " * len(m.group()), clean_t)
    tgt = Counter(_BRACKETS[c] for c in clean_t if c in _BRACKETS)
    for ch in "()[]{}":
        if src[ch] != tgt[ch]:
            at = next((i for i, c in enumerate(clean_t) if _BRACKETS.get(c) == ch), len(target))
            yield Hit(at, at + (at < len(target)), f"{tgt[ch]} '{ch}', the source has {src[ch]}")


@_l10n("startcaps", "Fluency/Grammar")
def startcaps(ctx: SegmentContext) -> Iterator[Hit]:
    """First letter capitalised differently from the source (pofilter: startcaps).

    Only where both scripts have case; accelerators and punctuation before
    the first letter are skipped, a string that starts with a placeholder or
    a number is not judged. German and Luxembourgish
    may start with a capitalised noun where the source is lowercase. False
    positives: a translation that starts with a different word class.
    """
    source, target = ctx.source or "", ctx.text
    if not target:
        return
    marker = ctx.unit.accelerator
    s = _first_letter(masked(source, "\x00"), marker)
    t = _first_letter(masked(target, "\x00"), marker)
    if s is None or t is None:
        return
    sc, tc = source[s], target[t]
    if not (sc.isupper() or sc.islower()) or not (tc.isupper() or tc.islower()):
        return
    if sc.isupper() and tc.islower():
        yield Hit(t, t + 1, "starts lowercase; the source starts with a capital", tc.upper())
    elif sc.islower() and tc.isupper() and ctx.lang not in ("de", "lb"):
        yield Hit(t, t + 1, "starts with a capital; the source starts lowercase", tc.lower())


def _first_letter(text: str, marker: str | None) -> int | None:
    """Offset of the first letter; None when a digit or placeholder comes first.

    "3D view" and "%s was saved" start with something that has no case, so
    the next word is not the first of the sentence.
    """
    m = _LETTER.search(text)
    if m is None or any(ch.isdigit() or ch == "\x00" for ch in text[: m.start()]):
        return None
    return m.start()


@_l10n("numbers", "Accuracy/Mistranslation", "major")
def numbers_check(ctx: SegmentContext) -> Iterator[Hit]:
    """Numbers differ from the source, small ones included (pofilter: numbers).

    "Windows 10" -> "Windows 11" is flagged (the missing 10 and the new 11);
    a number only the translation has is not ("Two" -> "2"). Digit groups and decimal marks
    of either convention compare equal ("1,000" = "1.000" = "1 000"), native
    digits (١٢, １２) count as digits; numbers inside placeholders and tags
    are not numbers. In plural units a "1" may become a word. False
    positives: a number the translation writes as a word.
    """
    source, target = ctx.source or "", ctx.text
    if not target:
        return
    src = numbers(source)
    tgt = numbers(target)
    if not src and not tgt:
        return
    missing = Counter(n.value for n in src) - Counter(n.value for n in tgt)
    extra = Counter(n.value for n in tgt) - Counter(n.value for n in src)
    if ctx.unit.plural:
        missing.pop("1", None)
        extra.pop("1", None)
    if not missing:
        # Like pofilter, a number only the translation has is not an error on
        # its own ("Two spaces" -> "2個のスペース"); a changed one is (below).
        return
    for value in sorted(missing.elements()):
        yield Hit(len(target), len(target), f"number {value} of the source is missing")
    for n in tgt:
        if extra[n.value] > 0:
            extra[n.value] -= 1
            yield Hit(n.start, n.end, f"number {n.value} is not in the source")


@_l10n("xmltags", "Accuracy/Mistranslation", "major")
def xmltags(ctx: SegmentContext) -> Iterator[Hit]:
    """XML/HTML tags or XLIFF/TMX inline codes differ from the source (pofilter: xmltags).

    Tags compare by name and id (``<b>``, ``<x id="1"/>``, ``<bpt i="1"/>``),
    in any order. False positives: markup a translation rightly adds or
    drops (``<i>`` for a title in one language only).
    """
    source, target = ctx.source or "", ctx.text
    if not target or ("<" not in source and "<" not in target):
        return
    missing, extra = compare(source, target, _TAG_KINDS)
    for item in missing:
        yield Hit(len(target), len(target), f"tag {item} of the source is missing")
    for p in extra:
        yield Hit(p.start, p.end, f"tag {p.text} is not in the source")


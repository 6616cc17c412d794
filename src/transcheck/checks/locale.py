"""Locale family: quotation marks, number separators, date formats.

What is right for a language is data (``data/rules/locale/<code>.toml``,
fallback chain pt_BR -> pt -> default; the quotation-mark pairs a language
accepts in ``data/l10n/quotes.toml``), not branches in code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from transcheck.checks.registry import check
from transcheck.checks.runner import Hit, SegmentContext

_DIGIT = re.compile(r"\d")
_UNGROUPED = re.compile(r"(?<![\w#/.,:+-])\d{5,15}(?![\w/.,:-]\w)")
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])\d{1,3},\d{1,2}(?![\d,])(?!\.\d)")
_DECIMAL_POINT = re.compile(r"(?<![\d.,])\d{1,3}\.\d{1,2}(?![\d.])(?!,\d)")
_THOUSANDS_COMMA = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3}){1,4}(?![\d,])")
_THOUSANDS_POINT = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3}){1,4}(?![\d.])")


@lru_cache(maxsize=32)
def _quote_regex(chars: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(chars) + "]")


@lru_cache(maxsize=32)
def _date_patterns(items: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p), msg) for p, msg in items]


def _in_list(text: str, m: re.Match[str]) -> bool:
    """'[0,1]' or '(1,2)' or '1,2 and 3' is a list of numbers, not a decimal."""
    before = text[max(0, m.start() - 1) : m.start()]
    after = text[m.end() : m.end() + 6]
    return (
        before in {"[", "(", "{"}
        or after[:1] in {"]", ")", "}", ","}
        or bool(re.match(r"\s(?:and|or|und|oder|et|ou|y|o)\s\d", after))
    )


@check("quote_style", family="locale", category="Locale convention/Quote marks", severity="minor")
def quote_style(ctx: SegmentContext) -> Iterator[Hit]:
    """Quotation marks of another language ("„…“" or "«…»" in English).

    The locale lists foreign opening/closing marks and their replacements;
    the fix is mechanical. A mark that is half of a pair the language accepts
    (German »…«, whose closing mark is «) is not flagged. False positives:
    quoted foreign-language text that keeps its own marks.
    """
    foreign: dict[str, str] = ctx.res.locale.get("foreign_quotes", {})
    if not foreign:
        return
    text = ctx.text
    pairs = accepted_quote_pairs(ctx.res.lang)
    for m in _quote_regex("".join(sorted(foreign))).finditer(text):
        i, ch = m.start(), m.group()
        # “ opens a quote in English but closes German „…“: only a “ after a
        # „ is foreign (the locale data maps it to the closing mark).
        if ch == "“" and "„" not in text[:i]:
            continue
        if _in_accepted_pair(text, i, ch, pairs):
            continue
        yield Hit(i, i + 1, f"quotation mark '{ch}' is not used in this language", foreign[ch])


@lru_cache(maxsize=1)
def _quote_data() -> dict[str, list[list[str]]]:
    import tomllib
    from importlib.resources import files

    path = files("transcheck").joinpath("data/l10n/quotes.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def accepted_quote_pairs(lang: str | None) -> tuple[tuple[str, str], ...]:
    """(opening, closing) pairs ``lang`` accepts, from ``data/l10n/quotes.toml``.

    Looked up as pt_BR -> pt; English's pairs when the language has none.
    """
    data = _quote_data()
    code = (lang or "en").replace("-", "_")
    parts = code.split("_")
    for key in (f"{parts[0].lower()}_{parts[1].upper()}" if len(parts) > 1 else None,
                parts[0].lower(), "en"):
        if key and key in data:
            return tuple((str(a), str(b)) for a, b in data[key])
    return ()


def _in_accepted_pair(text: str, i: int, ch: str, pairs: tuple[tuple[str, str], ...]) -> bool:
    """Is the mark at ``i`` one half of an accepted pair whose other half is in place?"""
    for opening, closing in pairs:
        if ch == closing and opening in text[:i]:
            return True
        if ch == opening and closing in text[i + 1 :]:
            return True
    return False


@check(
    "number_format", family="locale", category="Locale convention/Number format", severity="minor"
)
def number_format(ctx: SegmentContext) -> Iterator[Hit]:
    """Decimal or thousands separator of another locale ("3,5 million" in English).

    Catches a decimal comma where the locale uses a point (and the reverse),
    thousands groups with the decimal separator, and large numbers written
    without digit groups ("500000"; the locale's ``group_digits_from``).
    Not flagged: numbers starting with 0, numbers inside codes ("#12345",
    "A-10000", "12345/67"). False positives: lists
    of numbers written "1,2 and 3"; version numbers.
    """
    decimal = ctx.res.locale.get("decimal")
    if decimal not in {".", ","}:
        return
    text = ctx.text
    if not _DIGIT.search(text):
        return
    group_from = int(ctx.res.locale.get("group_digits_from", 0))
    thousands = str(ctx.res.locale.get("thousands", ","))
    if group_from:
        for m in _UNGROUPED.finditer(text):
            digits = m.group()
            if len(digits) < group_from or digits.startswith("0"):
                continue
            grouped = f"{int(digits):,}".replace(",", thousands)
            yield Hit(
                m.start(),
                m.end(),
                f"write large numbers with digit groups: {grouped}",
                grouped,
                category="Fluency/Punctuation",
                confidence=0.8,
            )
    if decimal == ".":
        for m in _DECIMAL_COMMA.finditer(text):
            if re.match(r",\d{3}", text[m.end() - 3 : m.end()]) or _in_list(text, m):
                continue
            yield Hit(
                m.start(),
                m.end(),
                "decimal comma; this language writes a decimal point",
                m.group().replace(",", "."),
                confidence=0.7,
            )
        for m in _THOUSANDS_POINT.finditer(text):
            yield Hit(
                m.start(),
                m.end(),
                "thousands separated by points; this language uses commas",
                m.group().replace(".", ctx.res.locale.get("thousands", ",")),
                confidence=0.5,
            )
    else:
        for m in _DECIMAL_POINT.finditer(text):
            after = text[m.end() : m.end() + 1]
            if after == "." or re.search(r"\d\.\d{1,2}\.\Z", text[: m.end() + 1]):
                continue  # dotted dates ("7.12.") and ordinals
            yield Hit(
                m.start(),
                m.end(),
                "decimal point; this language writes a decimal comma",
                m.group().replace(".", ","),
                confidence=0.7,
            )
        for m in _THOUSANDS_COMMA.finditer(text):
            yield Hit(
                m.start(),
                m.end(),
                "thousands separated by commas",
                m.group().replace(",", ctx.res.locale.get("thousands", ".")),
                confidence=0.5,
            )


@check("date_format", family="locale", category="Locale convention/Date format", severity="minor")
def date_format(ctx: SegmentContext) -> Iterator[Hit]:
    """Date written in another locale's format ("7.12.2021" in English).

    The patterns are per language in the locale data. False positives:
    version numbers and scores that look like dates.
    """
    items = tuple((d["pattern"], d["message"]) for d in ctx.res.locale.get("foreign_dates", ()))
    if not items or not _DIGIT.search(ctx.text):
        return
    for regex, message in _date_patterns(items):
        for m in regex.finditer(ctx.text):
            yield Hit(m.start(), m.end(), message)

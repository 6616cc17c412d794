"""Accuracy family: what the source (or an alternate translation) says and this does not.

Segment checks compare one target segment with its source: numbers, URLs,
e-mail addresses, placeholders, markup tags, untranslated text, suspicious
length. The document check turns 1-0 and 0-1 alignment beads into omission
and addition flags. Known limits: numbers written as words ("five") and
non-Arabic numerals (Chinese 五) are not compared.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from transcheck.checks.engine import DocumentContext, Hit, SegmentContext
from transcheck.checks.registry import check

_NUMBER_END = r"(?=st\b|nd\b|rd\b|th\b|[^\w]|$)"  # "7th" counts as 7
_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[,.\u00a0\u202f ]\d{3}){0,6}(?:[.,]\d{1,6})?"
    + _NUMBER_END
    + r"|(?<![\w.,])\d{1,30}(?:[.,]\d{1,6})?"
    + _NUMBER_END
)
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"'”»)]{1,500}|\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}\b"
)
_PLACEHOLDER = re.compile(
    r"\{\{?[\w.:-]{0,40}\}\}?|%(?:\d\$)?[sdifx@]|\$\{[\w.]{1,40}\}|%\([\w]{1,40}\)[sd]"
)
_TAG = re.compile(r"</?[A-Za-z][\w:-]{0,30}(?:\s[^<>]{0,300})?/?>")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_WIDE = re.compile(r"[\u3000-\u9fff\uac00-\ud7af]")
_DIGIT = re.compile(r"\d")
# Characters without which a regex of markup_mismatch cannot match: skip it cheaply.
_MARKUP_HINTS = (("://", "www.", "@"), ("{", "%", "$"), ("<",))


_NUMBER_SPACE = re.compile(r"[\s\u00a0\u202f]")
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_COMMA_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")


@lru_cache(maxsize=65_536)
def _canonical_number(raw: str) -> str:
    digits = _NUMBER_SPACE.sub("", raw)
    # "1,000" and "1.000" are the same integer; "3,5" and "3.5" the same decimal.
    if _GROUPED.fullmatch(digits):
        return digits.replace(",", "").replace(".", "")
    return digits.replace(",", ".")


def _small(value: str) -> bool:
    """0..12 are often written as words on one side ("two" / "2")."""
    return value.isdigit() and int(value) <= 12


def _numbers(text: str) -> Counter[str]:
    return Counter(_canonical_number(m.group()) for m in _NUMBER.finditer(text))


def _list_parts(raw: str) -> list[str]:
    """``"1,1"`` read as a list of two numbers (a coordinate, "[1,1]"), or [].

    A comma between digits is a decimal comma in German or French but a list
    separator in English or Chinese; when the other side has the parts as
    separate numbers ("[1, 1]"), that reading is the right one.
    """
    if "," not in raw or _COMMA_GROUPED.fullmatch(raw):
        return []
    return [part.strip() for part in raw.split(",")]


def _read_as_list(value: str, text: str, other: Counter[str]) -> bool:
    """Whether every comma form of ``value`` in ``text`` has all its parts in ``other``."""
    forms = [m.group() for m in _NUMBER.finditer(text) if _canonical_number(m.group()) == value]
    return bool(forms) and all(
        (parts := _list_parts(form)) and all(other[part] for part in parts)
        for form in forms
    )


@check(
    "number_mismatch",
    family="accuracy",
    category="Accuracy/Mistranslation",
    severity="major",
    needs=("source",),
)
def number_mismatch(ctx: SegmentContext) -> Iterator[Hit]:
    """A number of the source is missing from the translation, or one is added.

    Separators are normalised (1,000 = 1.000; 3,5 = 3.5). False positives:
    numbers spelled out in words on one side, unit conversions, years
    rendered as relative dates.
    """
    assert ctx.source is not None
    if not _DIGIT.search(ctx.source) and not _DIGIT.search(ctx.text):
        return
    if _NUMBER.findall(ctx.source) == _NUMBER.findall(ctx.text):
        return  # the same numbers written the same way, in the same order
    src, tgt = _numbers(ctx.source), _numbers(ctx.text)
    if src == tgt:
        return
    missing = Counter(
        {
            k: v
            for k, v in (src - tgt).items()
            if not _small(k) and not _read_as_list(k, ctx.source, tgt)
        }
    )
    if missing:
        # Zero-width: what is missing has no span in the translation.
        yield Hit(
            len(ctx.text),
            len(ctx.text),
            f"number(s) {', '.join(sorted(missing))} of the source missing",
            confidence=0.8,
        )
    for m in _NUMBER.finditer(ctx.text):
        value = _canonical_number(m.group())
        if (
            tgt[value] > src[value]
            and src != Counter()
            and not _small(value)
            and not _read_as_list(value, ctx.text, src)
        ):
            yield Hit(
                m.start(),
                m.end(),
                f"number {m.group()} is not in the source",
                severity="minor",
                confidence=0.6,
            )


@check(
    "alternate_numbers",
    family="accuracy",
    category="Accuracy/Mistranslation",
    severity="minor",
    needs=("alternate",),
)
def alternate_numbers(ctx: SegmentContext) -> Iterator[Hit]:
    """Numbers that differ from an alternate translation of the same text.

    Two translations of one sentence should carry the same numbers; a
    difference points at an error in one of them (this one is flagged, with
    low confidence). Numbers up to 12 are skipped (often spelled out).
    False positives: the alternate is the wrong one; unit conversions.
    """
    assert ctx.alternate is not None
    alt, tgt = _numbers(ctx.alternate), _numbers(ctx.text)
    if alt == tgt or not alt:
        return
    for value in sorted((alt - tgt).elements()):
        if not _small(value):
            yield Hit(
                len(ctx.text),
                len(ctx.text),
                f"the alternate translation has the number {value}; this one does not",
                confidence=0.5,
            )
    for m in _NUMBER.finditer(ctx.text):
        value = _canonical_number(m.group())
        if tgt[value] > alt[value] and not _small(value):
            yield Hit(
                m.start(),
                m.end(),
                f"number {m.group()} is not in the alternate translation",
                confidence=0.5,
            )


@check(
    "markup_mismatch",
    family="accuracy",
    category="Accuracy/Mistranslation",
    severity="major",
    needs=("source",),
)
def markup_mismatch(ctx: SegmentContext) -> Iterator[Hit]:
    """URLs, e-mail addresses, placeholders or tags differ from the source.

    Catches a URL or ``{0}``/``%s``/``<b>`` of the source that is missing or
    altered in the translation, and ones that were added. False positives:
    localised URLs (example.com/de/...).
    """
    assert ctx.source is not None
    kinds = ((_URL, "URL/e-mail"), (_PLACEHOLDER, "placeholder"), (_TAG, "tag"))
    for (regex, what), hints in zip(kinds, _MARKUP_HINTS, strict=True):
        if not any(h in ctx.source or h in ctx.text for h in hints):
            continue
        src = Counter(m.group() for m in regex.finditer(ctx.source))
        tgt_matches = list(regex.finditer(ctx.text))
        tgt = Counter(m.group() for m in tgt_matches)
        for item in sorted((src - tgt).elements()):
            yield Hit(
                len(ctx.text), len(ctx.text), f"{what} '{item[:80]}' of the source is missing"
            )
        extra = tgt - src
        for m in tgt_matches:
            if extra[m.group()] > 0:
                extra[m.group()] -= 1
                yield Hit(m.start(), m.end(), f"{what} '{m.group()[:80]}' is not in the source")


@check(
    "untranslated",
    family="accuracy",
    category="Accuracy/Untranslated text",
    severity="major",
    needs=("source",),
)
def untranslated(ctx: SegmentContext) -> Iterator[Hit]:
    """Text left untranslated (the segment equals its source).

    Catches a target identical to its source when it has at least three
    words of letters. False positives: names, titles and code that are
    rightly kept as they are (short segments are skipped).
    """
    assert ctx.source is not None
    text, source = ctx.text.strip(), ctx.source.strip()
    if text and text == source and len(_LETTERS.findall(text)) >= 3:
        yield Hit(0, len(ctx.text), "segment is identical to its source: untranslated?")


@check(
    "length_ratio",
    family="accuracy",
    category="Accuracy/Omission",
    severity="minor",
    needs=("source",),
)
def length_ratio(ctx: SegmentContext) -> Iterator[Hit]:
    """Translation far shorter or longer than its source (omission/addition).

    Compares character counts against a wide band (0.33..3 for same-script
    pairs; CJK sources count triple). False positives: very short segments
    are skipped; legitimate condensation.
    """
    assert ctx.source is not None
    src = ctx.source.strip()
    tgt = ctx.text.strip()
    # A CJK character counts as three (one regex scan, not a Python loop per character).
    src_len = len(src) + 2 * len(_WIDE.findall(src))
    tgt_len = len(tgt) + 2 * len(_WIDE.findall(tgt))
    if min(src_len, tgt_len) < 20 and max(src_len, tgt_len) < 60:
        return
    if tgt_len < src_len / 3:
        yield Hit(0, len(ctx.text), "translation is much shorter than its source: omission?")
    elif tgt_len > src_len * 3:
        yield Hit(
            0,
            len(ctx.text),
            "translation is much longer than its source: addition?",
            category="Accuracy/Addition",
        )


@check(
    "alignment_gap",
    family="accuracy",
    category="Accuracy/Omission",
    severity="major",
    scope="document",
    needs=("alignment",),
)
def alignment_gap(doc: DocumentContext) -> Iterator[tuple[int, Hit]]:
    """Sentences of the original with no translation, or added sentences.

    Reads the document alignment: a 1-0 bead is an omission (flagged on the
    nearest following target sentence, span empty), a 0-1 bead an addition.
    False positives: alignment errors, headings and residue lines.
    """
    alignment = doc.alignment
    if alignment is None:
        return
    n = len(doc.segments)
    last_tgt = -1
    for bead in alignment.beads:
        if bead.tgt:
            last_tgt = max(bead.tgt)
        if bead.src and not bead.tgt and n:
            where = min(last_tgt + 1, n - 1)
            src_text = " ".join(alignment.source[i].text for i in bead.src)[:120]
            yield where, Hit(0, 0, f"source sentence not translated: '{src_text}'")
        elif bead.tgt and not bead.src:
            for t in bead.tgt:
                if t < n and doc.segments[t].text.strip():
                    yield (
                        t,
                        Hit(
                            0,
                            len(doc.segments[t].text),
                            "sentence has no counterpart in the source",
                            category="Accuracy/Addition",
                        ),
                    )

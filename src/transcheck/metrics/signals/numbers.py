"""Numbers of a text (digits, spelled-out 0-20, CJK numerals) and their diff.

One detector for fidelity and the flags: ``compare_numbers`` returns the
missing and added numbers with their spans in the hypothesis.

Known limits: spelled-out numbers only 0-20 (and "hundred") in en/de/fr/es;
"1,000" vs "1.000" is read as thousands when three digits follow.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from transcheck.metrics.signals.base import _WORD, Signal

# Digits with thousands/decimal separators; an English ordinal suffix
# ("7th") is part of the number, a Latin letter run is not ("A4", "mp3");
# CJK characters may touch digits ("30公里"). Every quantifier is bounded and
# the look-behind stops a match from starting inside a digit run, so a line of
# 50k digits costs one short scan per run, not one per position (ReDoS).
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z\u00c0-\u024f.,])\d{1,30}(?:[.,\u00a0\u202f ]\d{3}){0,10}(?:[.,]\d{1,12})?"
    r"(?=(?:st|nd|rd|th)?(?![0-9A-Za-z\u00c0-\u024f]))"
)

_NUMBER_WORDS: dict[str, str] = {}
for _lang_words in (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty",
    "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
    "fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig",
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize dix-sept dix-huit dix-neuf vingt",
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis diecisiete dieciocho diecinueve veinte",
):
    for _value, _word in enumerate(_lang_words.split()):
        _NUMBER_WORDS.setdefault(_word, str(_value))
_NUMBER_WORDS.update({"ein": "1", "eine": "1", "einen": "1", "une": "1", "hundred": "100"})


def _norm_number(raw: str) -> str:
    text = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").lstrip("+")
    # "1,000" / "1.000" thousands vs "3,5" / "3.5" decimals: a separator
    # followed by exactly three digits at the end is read as thousands.
    if re.fullmatch(r"-?\d{1,3}(?:[.,]\d{3})+", text):
        return text.replace(",", "").replace(".", "")
    return text.replace(",", ".")


_CJK_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_BIG = {"万": 10_000, "亿": 100_000_000}
_CJK_NUMBER = re.compile("[零〇一二两三四五六七八九十百千万亿]+")


def cjk_number(run: str) -> int | None:
    """The value of a Chinese numeral run ("三十" -> 30, "四万" -> 40000)."""
    total = section = digit = 0
    seen = False
    for ch in run:
        if ch in _CJK_DIGITS:
            digit = _CJK_DIGITS[ch]
            seen = True
        elif ch in _CJK_UNITS:
            section += (digit or 1) * _CJK_UNITS[ch]
            digit = 0
            seen = True
        elif ch in _CJK_BIG:
            total += (section + digit) * _CJK_BIG[ch]
            section = digit = 0
        else:
            return None
    return total + section + digit if seen or total else None


def numbers(text: str) -> list[tuple[str, int, int]]:
    """(normalised value, start, end) of every number: digits, 0-20 words in
    en/de/fr/es, Chinese numerals (except a lone 一, usually "a/one")."""
    found = [(_norm_number(m.group()), m.start(), m.end()) for m in _NUMBER.finditer(text)]
    for m in _CJK_NUMBER.finditer(text):
        value = cjk_number(m.group())
        if value is not None and m.group() not in {"一", "两"}:
            found.append((str(value), m.start(), m.end()))
    for m in _WORD.finditer(text):
        value = _NUMBER_WORDS.get(m.group().lower())
        if value is not None:
            found.append((value, m.start(), m.end()))
    return found


def _digit_numbers(text: str) -> list[tuple[str, int, int]]:
    """(normalised value, start, end) of the digit numbers of ``text``."""
    return [(_norm_number(m.group()), m.start(), m.end()) for m in _NUMBER.finditer(text)]


def _list_parts(raw: str) -> list[str]:
    """``"1,1"`` read as a list of two numbers (a coordinate, "[1,1]"), or [].

    A comma between digits is a decimal comma in German or French but a list
    separator in English or Chinese; when the other side has the parts as
    separate numbers ("[1, 1]"), that reading is the right one.
    """
    if "," not in raw or re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
        return []
    return [part.strip() for part in raw.split(",")]


@dataclass(frozen=True, slots=True)
class NumberDiff:
    """What the number detector found: the one engine behind the fidelity
    feature (``number_mismatch``) and the ``number_mismatch`` flag.

    ``missing``: digit numbers of the source that no form of the
    hypothesis carries (digits, number words, Chinese numerals).
    ``added``: (start, end) of hypothesis digit numbers that no form of the
    source accounts for.
    """

    missing: tuple[str, ...] = ()
    added: tuple[tuple[int, int], ...] = ()

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.added)


def compare_numbers(hyp: str, src: str) -> NumberDiff:
    """Numbers of ``src`` missing from ``hyp``, and numbers added to ``hyp``.

    Only digit numbers of the source are required (a spelled-out "two" may
    legitimately become "a couple"); any form in the hypothesis satisfies
    them ("15 Leute" -> "fifteen people"). A hypothesis digit number must be
    accounted for by some form in the source ("三天" -> "3 days",
    "zwei Gästen" -> "2 guests"); otherwise it is added ("三天" -> "4 days").
    A comma between digits counts as a list ("[1,1]" = 1 and 1) when the
    other side has the parts separately.
    """
    src_digits = _digit_numbers(src)
    hyp_digits = _digit_numbers(hyp)
    if not src_digits and not hyp_digits:
        return NumberDiff()
    hyp_all = Counter(v for v, _, _ in numbers(hyp))
    src_all = Counter(v for v, _, _ in numbers(src))
    required: Counter[str] = Counter()
    for value, start, end in src_digits:
        parts = _list_parts(src[start:end])
        if parts and all(hyp_all[p] for p in parts):
            required.update(parts)
        else:
            required[value] += 1
    missing = tuple(sorted((required - hyp_all).elements()))
    budget = Counter(src_all)
    for _value, start, end in src_digits:
        parts = _list_parts(src[start:end])
        if parts:
            budget.update(parts)
    added: list[tuple[int, int]] = []
    for value, start, end in hyp_digits:
        parts = _list_parts(hyp[start:end])
        if budget[value] > 0:
            budget[value] -= 1
        elif parts and all(budget[p] > 0 for p in parts):
            for p in parts:
                budget[p] -= 1
        else:
            added.append((start, end))
    return NumberDiff(missing, tuple(added))


def number_mismatch(hyp: str, src: str, other: str = "source") -> Signal:
    """Numbers of the source missing from the hypothesis, or added to it
    (see :func:`compare_numbers`); spans are the added numbers."""
    diff = compare_numbers(hyp, src)
    if not diff.count:
        return Signal("numbers", 0.0)
    parts = []
    if diff.missing:
        parts.append(f"{other} number(s) missing: {', '.join(diff.missing)}")
    if diff.added:
        added = ", ".join(hyp[s:e] for s, e in diff.added)
        parts.append(f"number(s) not in the {other}: {added}")
    return Signal("numbers", float(diff.count), diff.added, "; ".join(parts))


def changed_numbers(hyp: str, ref: str) -> Signal:
    """Digit numbers of the reference replaced by other digit numbers.

    For comparing with a human reference, where a number missing on one side
    only is usually a different rendering, not an error: references spell
    numbers out or convert units ("8 ft." -> "zweieinhalb Meter", "2.5
    million" -> "zweieinhalb Millionen"). Counts min(reference digit numbers
    the hypothesis lacks, hypothesis digit numbers the reference lacks), so
    "January 11" against "January 10" counts and "2,5" against
    "zweieinhalb" does not. Spans are the hypothesis numbers not in the
    reference.
    """
    full = number_mismatch(hyp, ref, "reference")
    if not full.value:
        return Signal("numbers", 0.0)
    missing = full.value - len(full.spans)
    value = float(min(missing, len(full.spans)))
    if not value:
        return Signal("numbers", 0.0)
    return Signal("numbers", value, full.spans, full.message)

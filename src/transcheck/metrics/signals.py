"""Adequacy signals of one translated segment, each with spans and a message.

A signal compares the hypothesis with its source (reference-free adequacy) or
looks at the hypothesis alone (repetition, rare words, foreign script). Every
function returns a :class:`Signal`: ``value`` >= 0 is the badness the
fidelity model uses as a feature (0 = nothing wrong), ``spans`` are
``(start, end)`` character offsets into the hypothesis where the problem is
visible (empty when the problem is an absence, e.g. a missing number).

Known limits: numbers are compared as digit strings after normalising
thousands/decimal separators, plus spelled-out 0-20 in en/de/fr/es; Chinese
and Japanese numerals are not converted. Names are compared only when the
source is in Latin script.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from transcheck.metrics.normalize import fold, translit_key


@dataclass(frozen=True, slots=True)
class Signal:
    """One adequacy signal of one segment."""

    name: str
    value: float
    spans: tuple[tuple[int, int], ...] = ()
    message: str = ""
    details: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "signal": self.name,
            "value": round(self.value, 4),
            "spans": [list(span) for span in self.spans],
            "message": self.message,
        }


# Digits with thousands/decimal separators; an English ordinal suffix
# ("7th") is part of the number, a Latin letter run is not ("A4", "mp3");
# CJK characters may touch digits ("30公里"). Every quantifier is bounded and
# the look-behind stops a match from starting inside a digit run, so a line of
# 50k digits costs one short scan per run, not one per position (ReDoS).
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z\u00c0-\u024f.,])\d{1,30}(?:[.,\u00a0\u202f ]\d{3}){0,10}(?:[.,]\d{1,12})?"
    r"(?=(?:st|nd|rd|th)?(?![0-9A-Za-z\u00c0-\u024f]))"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'）)]{1,2000}", re.IGNORECASE)
# Bounded parts (RFC 5321 lengths) and a look-behind so that a match can only
# start at the beginning of a word: linear on a 100 KB word without "@".
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_PLACEHOLDER = re.compile(
    r"\{\{?[\w.:-]{0,60}\}?\}"  # {name}, {{name}}
    # printf: bounded flags/width so "%" + 50k zeros is one short failed scan
    r"|%(?:\d{1,2}\$)?[-+ #0]{0,5}\d{0,3}(?:\.\d{1,3})?[sdifuxXeEgGcr@]"
    r"|%\(\w{1,40}\)[sd]"  # Python %(name)s
    r"|\$\{?\w{1,60}\}?"  # $name, ${name}
)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
# (label, pattern, characters without which the pattern cannot match: a cheap skip)
_PROTECTED_KINDS = (
    ("URL", _URL, ("://", "www.", "WWW.")),
    ("e-mail", _EMAIL, ("@",)),
    ("placeholder", _PLACEHOLDER, ("{", "%", "$")),
    ("tag", _TAG, ("<",)),
)
_QUOTES = '"“”„«»「」『』'
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")

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

# Characters per unit of meaning, relative to English: the expected
# hypothesis/source length ratio is density[tgt] / density[src]. Coarse
# values from parallel corpora (CJK text is about 3x shorter in characters).
CHAR_DENSITY: dict[str, float] = {
    "en": 1.0,
    "de": 1.17,
    "fr": 1.15,
    "es": 1.12,
    "it": 1.12,
    "pt": 1.1,
    "nl": 1.12,
    "ru": 1.08,
    "uk": 1.06,
    "pl": 1.12,
    "cs": 1.0,
    "sv": 1.03,
    "fi": 1.1,
    "tr": 1.05,
    "zh": 0.32,
    "ja": 0.42,
    "ko": 0.48,
    "ar": 0.9,
    "he": 0.8,
}
_SCRIPT_OF_LANG = {"zh": _CJK, "ja": _CJK, "ko": _CJK, "ru": _CYRILLIC, "uk": _CYRILLIC}


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


_SENT_MARKS = '.!?:;"“„«'


def _source_names(src: str) -> list[str]:
    names = []
    for m in _WORD.finditer(src):
        word = m.group()
        if len(word) < 3 or not word[0].isupper() or (word.isupper() and len(word) <= 3):
            continue
        if not word[0].isascii() and not word[0].isalpha():
            continue
        # Only the text just before the word: a search over the whole prefix
        # per word would be quadratic on a long line.
        before = src[max(0, m.start() - 40) : m.start()].rstrip()
        if (not before and m.start() < 40) or (before and before[-1] in _SENT_MARKS):
            continue  # sentence-initial capital says nothing about names
        names.append(word)
    return names


def name_mismatch(
    hyp: str, src: str, *, src_lang: str | None = None, tgt_lang: str | None = None
) -> Signal:
    """Capitalised names of a Latin-script source missing from the hypothesis.

    Tolerant of transliteration and accents ("Uschakow" matches "Ushakov").
    Capitalised common nouns (German nouns, English "Earth") are skipped
    (see ``_likely_name``).
    Known false positives: names that are legitimately translated
    ("Deutschland" -> "Germany").
    """
    if _CJK.search(src) or _CYRILLIC.search(src):
        return Signal("names", 0.0)
    from rapidfuzz import fuzz, process

    hyp_keys = {translit_key(m.group()) for m in _WORD.finditer(hyp)}
    choices = sorted(hyp_keys)
    missing = []
    # Distinct names, at most _MAX_NAMES: a pasted list of thousands of
    # capitalised words must not cost names x words fuzzy comparisons.
    for name in list(dict.fromkeys(_source_names(src)))[:_MAX_NAMES]:
        if "'" in name or "’" in name or not _likely_name(name, src_lang, tgt_lang):
            continue
        key = translit_key(name)
        if key in hyp_keys or (
            len(key) > 4
            and process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=80) is not None
        ):
            continue
        missing.append(name)
    if not missing:
        return Signal("names", 0.0)
    return Signal("names", float(len(missing)), (), f"name(s) not found: {', '.join(missing)}")


_MAX_NAMES = 60


@lru_cache(maxsize=65536)
def _zipf(word: str, lang: str) -> float:
    # Through the shared helper: wordfreq's own tokeniser needs MeCab/jieba for ja/zh.
    from transcheck.lexfreq import zipf

    return zipf(word, lang)


_GERMAN_NOUN_ENDINGS = (
    "ung", "heit", "keit", "schaft", "ien", "tion", "chen", "ismus", "tät", "ungen", "ern",
)  # fmt: skip


def _likely_name(word: str, src_lang: str | None, tgt_lang: str | None) -> bool:
    """Is this capitalised source word a name that should survive translation?

    Capitalised common nouns (German nouns, English "Earth", "Sun") are
    legitimately translated, so a word counts only when it is about as
    common in the target language as in the source (Putin, NATO) or rare in
    the source language (Uschakow, Hubble). For German sources only rare
    words that are neither inflected nor compound nouns count (so "Putin" is
    not checked there). Without languages, every capitalised word counts.
    """
    if not src_lang:
        return True
    low = word.lower()
    source = _zipf(low, src_lang)
    if src_lang == "de":
        # Every German noun is capitalised and many are also English words
        # ("Fall"), so only rare words that are not compounds count.
        return source < 2.5 and not low.endswith(_GERMAN_NOUN_ENDINGS) and not _compound(low)
    if tgt_lang and tgt_lang != src_lang:
        shared = _zipf(low, tgt_lang)
        if shared >= 2.0 and shared >= source - 1.0:
            return True
    return source < 2.5


def _compound(word: str, lang: str = "de") -> bool:
    """An inflected or compound common noun ("Einmarschs", "Truppenaufmarsch")?"""
    for suffix in ("s", "es", "n", "en"):
        if word.endswith(suffix) and _zipf(word[: -len(suffix)], lang) >= 2.5:
            return True
    for i in range(3, len(word) - 2):
        head, tail = word[:i], word[i:]
        if _zipf(tail, lang) < 2.5:
            continue
        if _zipf(head, lang) >= 2.5 or (head.endswith("s") and _zipf(head[:-1], lang) >= 2.5):
            return True
    return False


def protected_items(text: str) -> list[tuple[str, str, int, int]]:
    """(kind, item, start, end) of every URL, e-mail, placeholder and tag."""
    out = []
    for kind, pattern, hints in _PROTECTED_KINDS:
        if any(h in text for h in hints):
            out += [(kind, m.group(), m.start(), m.end()) for m in pattern.finditer(text)]
    return out


@dataclass(frozen=True, slots=True)
class ProtectedDiff:
    """``missing``: (kind, item) of the source not kept verbatim;
    ``added``: (kind, item, start, end) of the hypothesis not in the source."""

    missing: tuple[tuple[str, str], ...] = ()
    added: tuple[tuple[str, str, int, int], ...] = ()

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.added)


def compare_protected(hyp: str, src: str) -> ProtectedDiff:
    """URLs, e-mail addresses, placeholders and markup tags not kept verbatim:
    the one engine behind the ``src_protected`` feature and the
    ``markup_mismatch`` flag."""
    src_items = Counter((kind, item) for kind, item, _, _ in protected_items(src))
    hyp_list = protected_items(hyp)
    if not src_items and not hyp_list:
        return ProtectedDiff()
    hyp_items = Counter((kind, item) for kind, item, _, _ in hyp_list)
    missing = tuple(sorted((src_items - hyp_items).elements()))
    budget = Counter(src_items)
    added = []
    for kind, item, start, end in hyp_list:
        if budget[(kind, item)] > 0:
            budget[(kind, item)] -= 1
        else:
            added.append((kind, item, start, end))
    return ProtectedDiff(missing, tuple(added))


def protected_mismatch(hyp: str, src: str) -> Signal:
    """URLs, e-mail addresses, placeholders and markup tags not kept verbatim."""
    diff = compare_protected(hyp, src)
    if not diff.count:
        return Signal("protected", 0.0)
    parts = []
    if diff.missing:
        parts.append(f"missing or changed: {', '.join(item for _, item in diff.missing)}")
    if diff.added:
        parts.append(f"not in the source: {', '.join(item for _, item, _, _ in diff.added)}")
    spans = tuple((s, e) for _, _, s, e in diff.added)
    return Signal("protected", float(diff.count), spans, "; ".join(parts))


def punctuation_parity(hyp: str, src: str) -> Signal:
    """Questions, exclamations and quotes present on one side only."""
    problems = []
    spans: list[tuple[int, int]] = []
    for marks, label in (("?？¿", "question mark"), ("!！¡", "exclamation mark")):
        n_src = sum(src.count(ch) for ch in marks)
        n_hyp = sum(hyp.count(ch) for ch in marks)
        if (n_src > 0) != (n_hyp > 0):
            problems.append(f"{label}: source {n_src}, translation {n_hyp}")
            spans += [(i, i + 1) for i, ch in enumerate(hyp) if ch in marks]
    n_src = sum(src.count(ch) for ch in _QUOTES)
    n_hyp = sum(hyp.count(ch) for ch in _QUOTES)
    if (n_src > 0) != (n_hyp > 0):
        problems.append(f"quotes: source {n_src}, translation {n_hyp}")
        spans += [(i, i + 1) for i, ch in enumerate(hyp) if ch in _QUOTES]
    if not problems:
        return Signal("punctuation", 0.0)
    return Signal("punctuation", float(len(problems)), tuple(spans), "; ".join(problems))


_CLAUSE_MARKS = str.maketrans("，；：（）、－—–", ",;:()," + "---")


def clause_punctuation(hyp: str, other: str) -> Signal:
    """Difference in clause punctuation (, ; : ( ) dashes) between two texts.

    A translation that breaks or merges clauses differently from its source
    or reference tends to be awkward or to shift meaning; MQM annotators
    penalise it. CJK full-width marks count as their ASCII twins. Known
    false positives: languages with different comma rules (German commas
    before every subordinate clause).
    """
    marks = ",;:()-"
    a = hyp.translate(_CLAUSE_MARKS)
    b = other.translate(_CLAUSE_MARKS)
    diff = abs(sum(a.count(m) for m in marks) - sum(b.count(m) for m in marks))
    if not diff:
        return Signal("clause_punctuation", 0.0)
    spans = tuple((i, i + 1) for i, ch in enumerate(a) if ch in marks)
    return Signal(
        "clause_punctuation", float(diff), spans, f"{diff} more/fewer clause marks (, ; : - ( ))"
    )


def length_ratio(
    hyp: str, other: str, *, hyp_lang: str | None = None, other_lang: str | None = None
) -> Signal:
    """|log(length ratio / expected ratio)|: how far the length is off.

    The expected ratio comes from CHAR_DENSITY (1.0 for unknown languages or
    same-language comparison with a reference). Values above ~0.7 (twice or
    half the expected length) suggest an omission or an addition.
    """
    if not hyp.strip() and not other.strip():
        return Signal("length", 0.0)
    expected = CHAR_DENSITY.get(hyp_lang or "", 1.0) / CHAR_DENSITY.get(other_lang or "", 1.0)
    ratio = (len(hyp.strip()) + 1) / ((len(other.strip()) + 1) * expected)
    value = abs(math.log(ratio))
    if value < 0.4:
        return Signal("length", value)
    kind = "longer" if ratio > 1 else "shorter"
    return Signal("length", value, (), f"{ratio:.1f}x the expected length ({kind})")


def untranslated(
    hyp: str, src: str, *, src_lang: str | None = None, tgt_lang: str | None = None
) -> Signal:
    """Text left in the source language: copied segments or source-script runs.

    Known false positives: names and titles kept in the original on purpose.
    """
    spans: list[tuple[int, int]] = []
    script = _SCRIPT_OF_LANG.get(src_lang or "")
    tgt_script = _SCRIPT_OF_LANG.get(tgt_lang or "")
    if script is not None and script is not tgt_script:
        spans = [(m.start(), m.end()) for m in script.finditer(hyp)]
    raw_h, raw_s = len(hyp.strip()), len(src.strip())
    # A copy (fuzzy ratio >= 90) needs lengths within ~20% of each other;
    # checking that first skips folding both texts for nearly every segment.
    similar = raw_h > 0 and raw_s > 15 and min(raw_h, raw_s) >= 0.7 * max(raw_h, raw_s)
    if (
        similar
        and src_lang != tgt_lang
        and (stripped_h := fold(hyp.strip()))
        and len(stripped_s := fold(src.strip())) > 15
        and _copied(stripped_h, stripped_s, src_lang, tgt_lang)
    ):
        return Signal(
            "untranslated", 1.0, ((0, len(hyp)),), "the translation is a copy of the source"
        )
    if (
        not spans
        and src_lang
        and tgt_lang
        and src_lang != tgt_lang
        and script is None
        and tgt_script is None
    ):
        spans = _foreign_words(hyp, src, src_lang, tgt_lang)
    if not spans:
        return Signal("untranslated", 0.0)
    chars = sum(e - s for s, e in spans)
    value = min(1.0, chars / max(1, len(hyp.strip())))
    words = ", ".join(hyp[s:e] for s, e in spans[:5])
    return Signal("untranslated", value, tuple(spans), f"left in the source language: {words}")


def _copied(hyp: str, src: str, src_lang: str | None, tgt_lang: str | None) -> bool:
    """Is the (folded) hypothesis a copy of the (folded) source?

    Nearly every hypothesis word must occur in the source, and the text must
    look like the source language: names and numbers alone ("Biden warned
    Putin in Kiev" / "Biden warnte Putin in Kiew") are not a copy.
    """
    from rapidfuzz import fuzz

    if fuzz.ratio(hyp, src) < 90:
        return False
    hyp_words = [m.group() for m in _WORD.finditer(hyp)]
    src_words = {m.group() for m in _WORD.finditer(src)}
    if not hyp_words:
        return True
    shared = sum(w in src_words for w in hyp_words) / len(hyp_words)
    if shared < 0.8:
        return False
    if not src_lang or not tgt_lang:
        return True
    # Some word must be at home in the source language but not the target.
    return any(
        (home := _zipf(w, src_lang)) >= 2.5 and home > _zipf(w, tgt_lang) + 1.0 for w in hyp_words
    )


def _foreign_words(hyp: str, src: str, src_lang: str, tgt_lang: str) -> list[tuple[int, int]]:
    """Lower-case words copied from the source that the target language lacks."""
    src_words = {m.group().lower() for m in _WORD.finditer(src)}
    spans = []
    for m in _WORD.finditer(hyp):
        word = m.group()
        low = word.lower()
        if len(low) < 4 or word[0].isupper() or low not in src_words:
            continue
        if _zipf(low, tgt_lang) < 2.0 and _zipf(low, src_lang) >= 3.0:
            spans.append((m.start(), m.end()))
    return spans


def repetition(hyp: str) -> Signal:
    """Words or word pairs repeated back to back ("the the", "in the in the")."""
    words = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(hyp)]

    def adjacent(a: int, b: int) -> bool:
        # Only whitespace between: "die, die" (German relative clause) is fine.
        return not hyp[words[a][2] : words[b][1]].strip()

    spans = []
    for i in range(1, len(words)):
        if (
            words[i][0] == words[i - 1][0]
            and words[i][0] not in {"ha", "no", "very", "so"}
            and adjacent(i - 1, i)
        ):
            spans.append((words[i][1], words[i][2]))
    for i in range(3, len(words)):
        if (words[i - 1][0], words[i][0]) == (words[i - 3][0], words[i - 2][0]) and all(
            adjacent(k - 1, k) for k in range(i - 2, i + 1)
        ):
            spans.append((words[i - 1][1], words[i][2]))
    if not spans:
        return Signal("repetition", 0.0)
    return Signal(
        "repetition",
        float(len(spans)),
        tuple(spans),
        f"repeated: {', '.join(hyp[s:e] for s, e in spans[:3])}",
    )


def rare_words(hyp: str, lang: str | None) -> Signal:
    """Share of hypothesis words that are rare or unknown in the target language.

    Uses wordfreq (offline). Capitalised words (names) and numbers are
    skipped. Rare words point at misspellings, invented words or literal
    calques; known false positives: technical terms.
    """
    if not lang or lang in {"zh", "ja", "ko"}:
        return Signal("rare_words", 0.0)
    words = [m for m in _WORD.finditer(hyp) if not m.group()[0].isupper()]
    if not words:
        return Signal("rare_words", 0.0)
    spans = [(m.start(), m.end()) for m in words if _zipf(m.group().lower(), lang) < 2.0]
    value = len(spans) / len(words)
    if not spans:
        return Signal("rare_words", 0.0)
    return Signal(
        "rare_words",
        value,
        tuple(spans),
        f"rare or unknown word(s): {', '.join(hyp[s:e] for s, e in spans[:5])}",
    )


def unmatched_reference_words(hyp: str, refs: list[str]) -> tuple[tuple[int, int], ...]:
    """Spans of hypothesis words found in none of the references (case-folded)."""
    ref_words: set[str] = set()
    for ref in refs:
        ref_words |= {fold(m.group()) for m in _WORD.finditer(ref)}
        ref_words |= {fold(m.group()) for m in _NUMBER.finditer(ref)}
    spans = []
    for pattern in (_WORD, _NUMBER):
        spans += [
            (m.start(), m.end()) for m in pattern.finditer(hyp) if fold(m.group()) not in ref_words
        ]
    return tuple(sorted(spans))


def empty_segment(hyp: str, other: str) -> Signal:
    """An empty translation of a non-empty segment (or the reverse)."""
    if bool(hyp.strip()) == bool(other.strip()):
        return Signal("empty", 0.0)
    if not hyp.strip():
        return Signal("empty", 1.0, (), "empty translation of a non-empty segment")
    return Signal("empty", 1.0, ((0, len(hyp)),), "translation of an empty segment")


# Adequacy detectors read at most this many characters of each side: enough
# for any real segment (a 1,000-word paragraph is ~7,000), and it keeps the
# fuzzy name and copy comparisons bounded on a pasted 5 MB line.
MAX_CHECKED_CHARS = 20_000


def source_signals(
    hyp: str, src: str, *, src_lang: str | None = None, tgt_lang: str | None = None
) -> list[Signal]:
    """Every reference-free adequacy signal of ``hyp`` against its source.

    Texts over ``MAX_CHECKED_CHARS`` are checked on their first
    ``MAX_CHECKED_CHARS`` characters (spans stay valid) and a ``too_long``
    signal says so; the length signal still sees the full texts.
    """
    full_length = length_ratio(hyp, src, hyp_lang=tgt_lang, other_lang=src_lang)
    extra: list[Signal] = []
    if len(hyp) > MAX_CHECKED_CHARS or len(src) > MAX_CHECKED_CHARS:
        extra.append(
            Signal(
                "too_long",
                0.0,
                (),
                f"only the first {MAX_CHECKED_CHARS:,} characters were checked "
                f"(translation {len(hyp):,}, source {len(src):,})",
            )
        )
        hyp, src = hyp[:MAX_CHECKED_CHARS], src[:MAX_CHECKED_CHARS]
    return [
        *extra,
        empty_segment(hyp, src),
        number_mismatch(hyp, src),
        name_mismatch(hyp, src, src_lang=src_lang, tgt_lang=tgt_lang),
        protected_mismatch(hyp, src),
        punctuation_parity(hyp, src),
        full_length,
        untranslated(hyp, src, src_lang=src_lang, tgt_lang=tgt_lang),
    ]


# Share of function words in typical running text (en/de TED dev mean ~0.50);
# used where no word list applies (CJK targets, unknown languages) so the
# feature is neutral there instead of reading as "no function words at all".
NEUTRAL_FUNCTION_SHARE = 0.5
_NO_WORD_SPACING = frozenset({"zh", "ja", "ko", "th"})


@lru_cache(maxsize=64)
def _function_words(lang: str) -> frozenset[str]:
    """The 100 most frequent words of ``lang`` (wordfreq): mostly function words."""
    try:
        from wordfreq import top_n_list

        return frozenset(top_n_list(lang, 100))
    except (LookupError, ValueError):
        return frozenset()


def function_word_share(hyp: str, lang: str | None) -> float:
    """Share of hypothesis words among the 100 most frequent of the target language.

    A reference-free naturalness signal: fluent text in spaced languages
    carries about half function words; word salad, telegraphic or
    over-literal output carries fewer. Returns ``NEUTRAL_FUNCTION_SHARE``
    for empty text, unspaced scripts and languages wordfreq does not list.
    """
    if not lang or lang in _NO_WORD_SPACING:
        return NEUTRAL_FUNCTION_SHARE
    common = _function_words(lang)
    words = [m.group().lower() for m in _WORD.finditer(hyp)]
    if not common or not words:
        return NEUTRAL_FUNCTION_SHARE
    return sum(w in common for w in words) / len(words)


_PUNCT_MARK = re.compile(r"[^\w\s]")


def punctuation_density(hyp: str) -> Signal:
    """Punctuation marks per word of the hypothesis (higher = choppier text).

    Reference-free: heavy punctuation marks broken-up or badly punctuated
    output. Spans are the marks. Known limit: counts words by Unicode word
    runs, so for unspaced scripts (Chinese) a clause counts as one word.
    """
    marks = [(m.start(), m.end()) for m in _PUNCT_MARK.finditer(hyp)]
    words = len(_WORD.findall(hyp))
    value = len(marks) / max(words, 1)
    if not marks:
        return Signal("punct_density", 0.0)
    return Signal(
        "punct_density", value, tuple(marks), f"{len(marks)} punctuation mark(s) in {words} word(s)"
    )


# A fluent text carries about half function words (NEUTRAL_FUNCTION_SHARE);
# below this share a spaced-language hypothesis may be in another language,
# and only then is the (slow, ~1 ms) language identifier asked.
_WRONG_LANGUAGE_GATE = 0.2
_WRONG_LANGUAGE_MIN_WORDS = 5
_WRONG_LANGUAGE_CONFIDENCE = 0.8


def wrong_language(hyp: str, tgt_lang: str | None) -> Signal:
    """The hypothesis is written in another language than the target one.

    Gated by cheap tests (few target function words, or for CJK targets few
    CJK characters) so that language identification runs on few segments.
    Known limits: five words at least; closely related languages (no/da)
    are not told apart reliably, so a confident guess is needed.
    """
    if not tgt_lang:
        return Signal("wrong_language", 0.0)
    tgt = tgt_lang.split("-")[0].lower()
    text = hyp[:2000]
    if tgt in _NO_WORD_SPACING:
        letters = sum(ch.isalpha() for ch in text)
        cjk = sum(len(run) for run in _CJK.findall(text))
        if letters < 4 or cjk > letters / 3:
            return Signal("wrong_language", 0.0)
    else:
        words = _WORD.findall(text)
        if len(words) < _WRONG_LANGUAGE_MIN_WORDS or not _function_words(tgt):
            return Signal("wrong_language", 0.0)
        if function_word_share(text, tgt) >= _WRONG_LANGUAGE_GATE:
            return Signal("wrong_language", 0.0)
    from transcheck.langid import UNDETERMINED, detect_language

    guess = detect_language(text)
    if (
        guess.lang == UNDETERMINED
        or guess.lang.split("-")[0] == tgt
        or guess.confidence < _WRONG_LANGUAGE_CONFIDENCE
    ):
        return Signal("wrong_language", 0.0)
    return Signal(
        "wrong_language",
        1.0,
        ((0, len(hyp)),),
        f"written in {guess.lang}, not in {tgt}",
    )

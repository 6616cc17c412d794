"""Signals of the hypothesis alone: repetition, rare words, function words, punctuation.

Also the "words not in the reference" spans and the empty-segment check.

Known limits: function-word share and rare words need wordfreq lists; they
are neutral for Chinese/Japanese/Korean targets.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transcheck.metrics.normalize import fold
from transcheck.metrics.signals.base import _WORD, Signal
from transcheck.metrics.signals.names import _zipf
from transcheck.metrics.signals.numbers import _NUMBER


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

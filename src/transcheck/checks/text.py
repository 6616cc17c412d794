"""Word tokens with offsets and word-frequency / spelling resources.

Resources are loaded lazily, once per language, and only from installed
packages (wordfreq, pyspellchecker): nothing is downloaded.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import NamedTuple

# Letters with inner hyphens/apostrophes ("well-known", "don't", "l'homme").
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
SPELL_LANGS = frozenset({"en", "de", "fr", "es", "pt", "it", "nl", "ru"})


class Token(NamedTuple):
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    """Alphabetic word tokens of ``text`` with offsets."""
    # tuple.__new__ via _make on a generator of spans is the cheap path:
    # this runs once per segment for the whole catalogue.
    make = Token._make
    return [make((m.start(), m.end(), m.group())) for m in WORD.finditer(text)]


@lru_cache(maxsize=16)
def frequency_dict(lang: str) -> dict[str, float]:
    """wordfreq's frequency table for ``lang`` ({} when it has none)."""
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    try:
        return wordfreq.get_frequency_dict(lang, wordlist="best")
    except (LookupError, ValueError):
        return {}


@lru_cache(maxsize=16)
def zipf_dict(lang: str) -> dict[str, float]:
    """word -> Zipf frequency (log10 per billion words), built once per language."""
    return {w: math.log10(f * 1e9) for w, f in frequency_dict(lang).items() if f > 0}


def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 per billion words) of ``word``; 0.0 when unseen."""
    return zipf_dict(lang).get(word.lower().replace("’", "'"), 0.0)


@lru_cache(maxsize=8)
def spellchecker(lang: str) -> object | None:
    """A pyspellchecker instance (edit distance 1: fast suggestions) or None."""
    if lang not in SPELL_LANGS:
        return None
    try:
        from spellchecker import SpellChecker
    except ImportError:  # pragma: no cover
        return None
    try:
        return SpellChecker(language=lang, distance=1)
    except (ValueError, OSError):
        return None


@lru_cache(maxsize=8)
def spelling_lexicon(lang: str) -> frozenset[str] | None:
    """Lowercased words known to pyspellchecker for ``lang`` (None: no list)."""
    checker = spellchecker(lang)
    if checker is None:
        return None
    return frozenset(checker.word_frequency.dictionary)  # type: ignore[attr-defined]


@lru_cache(maxsize=4096)
def suggest(word: str, lang: str) -> str | None:
    """The most frequent known word at edit distance 1, or None."""
    checker = spellchecker(lang)
    if checker is None:
        return None
    best = checker.correction(word.lower())  # type: ignore[attr-defined]
    if not best or best == word.lower():
        return None
    if word[:1].isupper():
        best = best[:1].upper() + best[1:]
    return str(best)

"""Normalised tokens for alignment: case- and accent-folded, language-neutral.

Known limits: word splitting is ``\\w+`` on the folded text, so scripts
without spaces (Chinese, Japanese, Thai) give one token a clause; the
length and number costs still work there.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+")
# Letters that NFKD does not decompose but that readers treat as accented forms.
_EXTRA_FOLD = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i"}
)


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Lower-case, strip accents and fold ligatures: ``Größe`` -> ``grosse`` (memoised)."""
    return fold_text(word)


def fold_text(text: str) -> str:
    """``fold_word`` over a whole string (keeps non-word characters)."""
    lowered = text.casefold().translate(_EXTRA_FOLD)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded word tokens of ``text`` (digits included)."""
    return [fold_word(w) for w in _WORD.findall(text.casefold())]


def content_words(text: str, min_length: int = 4) -> list[str]:
    """The folded words of ``text`` with at least ``min_length`` letters, numbers left out."""
    return [w for w in words(text) if len(w) >= min_length and not w.isdigit()]

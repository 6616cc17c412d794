"""Text normalisation for comparing names and numbers across languages.

``fold`` strips accents and case; ``translit_key`` further maps spelling
conventions of German, French, Slavic romanisations etc. onto one skeleton, so
"Uschakow", "Ouchakov" and "Ushakov" compare equal, as do "Kiew"/"Kiev"/"Kyiv"
only approximately (the caller uses a fuzzy ratio on the skeletons).

Known limits: rules are a handful of common correspondences, not a full
romanisation table; non-Latin scripts are only accent-folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Ordered: longer patterns first so "tsch" is not eaten by "sch".
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    ("ä", "ae"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("ß", "ss"),
    ("tsch", "ch"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("ch", "sh"),
    ("ou", "u"),
    ("kh", "h"),
    ("zh", "j"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("ow", "ov"),
    ("ew", "ev"),
    ("w", "v"),
    ("ij", "y"),
    ("j", "y"),
    ("ie", "i"),
    ("ae", "e"),
    ("oe", "e"),
    ("ue", "u"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("y", "i"),
)


def fold(text: str) -> str:
    """Lower-case and strip combining accents (ß, æ, ø, ł kept as letters)."""
    if text.isascii():  # nothing to decompose: the common case, and 10x cheaper
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def translit_key(word: str) -> str:
    """A spelling skeleton of a name, tolerant of transliteration."""
    text = word.casefold()
    # German umlauts first (before accent folding turns ü into u).
    for src, dst in _TRANSLIT_RULES[:4]:
        text = text.replace(src, dst)
    text = fold(text)
    for src, dst in _TRANSLIT_RULES[4:]:
        text = text.replace(src, dst)
    # Doubled letters are spelling noise across languages ("Tschaikowsky").
    return re.sub(r"(.)\1+", r"\1", text)

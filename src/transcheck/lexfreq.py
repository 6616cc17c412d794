"""Word frequencies from wordfreq without its optional CJK tokenisers.

``wordfreq.zipf_frequency`` tokenises its argument first, and for Japanese,
Chinese and Korean that imports MeCab or jieba, which are not dependencies
of transcheck (``ModuleNotFoundError`` on every ja/zh catalogue). This module
is the one place the rest of transcheck asks wordfreq for a frequency: for
those languages it looks the word up in wordfreq's table directly (no
tokenising: the caller already has a word), for every other language it
calls ``zipf_frequency`` exactly as before, so scores do not move.

Known limits: a ja/zh/ko "word" that wordfreq would have split into several
tokens is unseen (0.0) instead of getting the combined estimate.
"""

from __future__ import annotations

import math
from functools import lru_cache

# wordfreq routes these through MeCab (ja, ko) or jieba (zh).
NEEDS_TOKENISER = frozenset({"ja", "zh", "ko"})


def _base(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=16)
def frequency_table(lang: str) -> dict[str, float]:
    """wordfreq's word -> frequency table for ``lang`` ({} when it has none)."""
    try:
        from wordfreq import get_frequency_dict

        return dict(get_frequency_dict(_base(lang), wordlist="best"))
    except (ImportError, LookupError, ValueError, OSError):
        return {}


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` in ``lang``: 0.0 when unseen, -1.0 when unknown language."""
    base = _base(lang)
    if base in NEEDS_TOKENISER:
        table = frequency_table(base)
        if not table:
            return -1.0
        freq = table.get(word.casefold(), 0.0)
        return round(math.log10(freq * 1e9), 2) if freq > 0 else 0.0
    try:
        from wordfreq import zipf_frequency

        return float(zipf_frequency(word, base))
    except (ImportError, LookupError, ValueError):
        return -1.0

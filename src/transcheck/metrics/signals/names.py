"""Names of the source that should reappear in the translation.

Known limits: names are taken from Latin-script sources only; capitalised
common nouns (German nouns, "Big Bang") are filtered by endings and word
frequency, not by a tagger.
"""

from __future__ import annotations

from functools import lru_cache

from transcheck.metrics.normalize import translit_key
from transcheck.metrics.signals.base import _CJK, _CYRILLIC, _WORD, Signal

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

"""Word tokens with offsets and word-frequency / spelling resources.

Resources are loaded lazily, once per language, and only from installed
packages (wordfreq, pyspellchecker): nothing is downloaded.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Container
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from transcheck import limits

# Letters with inner hyphens/apostrophes ("well-known", "don't", "l'homme").
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
SPELL_LANGS = frozenset({"en", "de", "fr", "es", "pt", "it", "nl", "ru"})


class Token(NamedTuple):
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    """Alphabetic word tokens of ``text`` with offsets.

    A run of letters longer than the ``max_token_chars`` limit (a hash, a
    base64 blob, a 50 MB line of one letter) is not a word: it is left out,
    so no check looks inside it (spelling, suggestions and frequency
    look-ups cost at least linear time a word, the compound search quadratic).
    """
    # tuple.__new__ via _make on a generator of spans is the cheap path:
    # this runs once per segment for the whole catalogue.
    make = Token._make
    cap = limits.get("max_token_chars")
    return [make((m.start(), m.end(), m.group())) for m in WORD.finditer(text)
            if m.end() - m.start() <= cap]


def words(text: str) -> list[str]:
    """The word strings of :func:`tokens` (the same ``max_token_chars`` rule)."""
    cap = limits.get("max_token_chars")
    return [w for w in WORD.findall(text) if len(w) <= cap]


@lru_cache(maxsize=16)
def frequency_dict(lang: str) -> dict[str, float]:
    """wordfreq's frequency table for ``lang`` ({} when it has none).

    Cached as text, one line per frequency bucket, in the user cache (see
    :func:`spelling_lexicon`): loading it skips importing wordfreq and its
    msgpack decoding (about a second per language).
    """
    path = _cache_path("wordfreq", f"freq-{lang}")
    if path is not None and path.is_file():
        try:
            return _read_buckets(path)
        except (OSError, UnicodeDecodeError, ValueError):
            pass
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    try:
        table = wordfreq.get_frequency_dict(lang, wordlist="best")
    except (LookupError, ValueError):
        return {}
    if path is not None:
        _write_buckets(path, table)
    return table


def _read_buckets(path: Path) -> dict[str, float]:
    table: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        freq, _, words = line.partition("\t")
        if words:
            table.update(dict.fromkeys(words.split(" "), float(freq)))
    return table


def _write_buckets(path: Path, table: dict[str, float]) -> None:
    """One line per frequency: ``freq<TAB>word word ...`` (wordfreq's own bucketing)."""
    buckets: dict[float, list[str]] = {}
    for word, freq in table.items():
        if " " not in word and "\t" not in word and "\n" not in word:
            buckets.setdefault(freq, []).append(word)
    _write_quietly(path, "\n".join(f"{f!r}\t{' '.join(ws)}" for f, ws in buckets.items()))


@lru_cache(maxsize=16)
def zipf_dict(lang: str) -> dict[str, float]:
    """word -> Zipf frequency (log10 per billion words), built once per language."""
    return {w: math.log10(f * 1e9) for w, f in frequency_dict(lang).items() if f > 0}


# Spelling only asks whether a word reaches Zipf 2.5 (or 3.0, 3.5): a table
# of those words alone decides exactly the same and loads 5-10x faster.
SPELLING_MIN_ZIPF = 2.5


@lru_cache(maxsize=16)
def common_frequency_dict(lang: str) -> dict[str, float]:
    """The words of :func:`frequency_dict` with Zipf >= ``SPELLING_MIN_ZIPF``."""
    path = _cache_path("wordfreq", f"freq{SPELLING_MIN_ZIPF:g}-{lang}")
    if path is not None and path.is_file():
        try:
            return _read_buckets(path)
        except (OSError, UnicodeDecodeError, ValueError):
            pass
    floor = 10 ** (SPELLING_MIN_ZIPF - 9)
    table = {w: f for w, f in frequency_dict(lang).items() if f >= floor}
    if path is not None:
        _write_buckets(path, table)
    return table


def common_zipf(word: str, lang: str) -> float:
    """:func:`zipf`, exact at and above ``SPELLING_MIN_ZIPF``, 0.0 below it."""
    freq = common_frequency_dict(lang).get(word.lower().replace("’", "'"), 0.0)
    return math.log10(freq * 1e9) if freq > 0 else 0.0


def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 per billion words) of ``word``; 0.0 when unseen.

    Computed from the frequency table on demand: building the whole Zipf
    table costs a second per language, more than a catalogue's lookups.
    """
    freq = frequency_dict(lang).get(word.lower().replace("’", "'"), 0.0)
    return math.log10(freq * 1e9) if freq > 0 else 0.0


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


class _Either:
    """Membership in either of two word containers (a Hunspell dictionary and a list)."""

    __slots__ = ("first", "second")

    def __init__(self, first: Container[str], second: Container[str]) -> None:
        self.first, self.second = first, second

    def __contains__(self, word: object) -> bool:
        return word in self.second or word in self.first


@lru_cache(maxsize=8)
def spelling_lexicon(lang: str) -> Container[str] | None:
    """Lowercased words known for ``lang`` (None: no list).

    pyspellchecker's list, and for languages with an installed Hunspell
    dictionary (Russian: Debian's ``hunspell-ru``, read by
    :mod:`transcheck.checks.hunspell`) every inflected form it generates.
    The pyspellchecker list is kept as plain text in the user cache
    (``~/.cache/transcheck/lexicon``, ``TRANSCHECK_CACHE_DIR=off`` disables):
    reading it is 20x faster than pyspellchecker's gzipped JSON.
    """
    if lang not in SPELL_LANGS:
        return None
    words = _word_list(lang)
    from transcheck.checks.hunspell import for_language

    dictionary = for_language(lang)
    if dictionary is None:
        return words
    return _Either(dictionary, words if words is not None else frozenset())


def _word_list(lang: str) -> frozenset[str] | None:
    path = _lexicon_cache(lang)
    if path is not None and path.is_file():
        try:
            return frozenset(path.read_text(encoding="utf-8").split("\n"))
        except (OSError, UnicodeDecodeError):
            pass
    checker = spellchecker(lang)
    if checker is None:
        return None
    words = frozenset(checker.word_frequency.dictionary)  # type: ignore[attr-defined]
    if path is not None:
        _write_quietly(path, "\n".join(sorted(w for w in words if "\n" not in w)))
    return words


def _lexicon_cache(lang: str) -> Path | None:
    return _cache_path("pyspellchecker", f"spell-{lang}")


def _cache_path(package: str, stem: str) -> Path | None:
    """``<cache>/lexicon/<stem>-<package version>.txt`` (None: caching off)."""
    setting = os.environ.get("TRANSCHECK_CACHE_DIR")
    if setting == "off":
        return None
    try:
        from importlib.metadata import version

        tag = version(package)
    except Exception:
        return None
    base = Path(setting) if setting else Path.home() / ".cache" / "transcheck"
    return base / "lexicon" / f"{stem}-{tag}.txt"


def _write_quietly(path: Path, text: str) -> None:
    """Write the cache atomically; a read-only home only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


_ALPHABET = {
    "en": "abcdefghijklmnopqrstuvwxyz'",
    "de": "abcdefghijklmnopqrstuvwxyzäöüß",
    "fr": "abcdefghijklmnopqrstuvwxyzàâæçéèêëîïôœùûüÿ'",
    "es": "abcdefghijklmnopqrstuvwxyzáéíñóúü",
    "pt": "abcdefghijklmnopqrstuvwxyzáâãàçéêíóôõú",
    "it": "abcdefghijklmnopqrstuvwxyzàèéìíîòóùú",
    "nl": "abcdefghijklmnopqrstuvwxyzéëïóöü'",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}


@lru_cache(maxsize=4096)
def suggest(word: str, lang: str) -> str | None:
    """The most frequent known word at edit distance 1, or None.

    The candidates are pyspellchecker's (its lexicon, edit distance 1),
    ranked by wordfreq frequency: the same answer without loading
    pyspellchecker's frequency table.
    """
    lexicon = spelling_lexicon(lang)
    if lexicon is None:
        return None
    low = word.lower()
    letters = _ALPHABET.get(lang, _ALPHABET["en"])
    splits = [(low[:i], low[i:]) for i in range(len(low) + 1)]
    candidates = {a + b[1:] for a, b in splits if b}
    candidates |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    candidates |= {a + c + b[1:] for a, b in splits if b for c in letters}
    candidates |= {a + c + b for a, b in splits for c in letters}
    known = [c for c in candidates if c in lexicon and c != low]
    if not known:
        return None
    table = common_frequency_dict(lang)
    best = max(sorted(known), key=lambda c: table.get(c, 0.0))
    if word[:1].isupper():
        best = best[:1].upper() + best[1:]
    return str(best)

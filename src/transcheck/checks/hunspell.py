"""A small pure-Python reader of Hunspell dictionaries, for word look-up only.

:func:`load` reads a ``.dic``/``.aff`` pair (Debian's ``hunspell-ru`` puts
them in ``/usr/share/hunspell``) into a :class:`Hunspell` whose ``in``
operator says whether a word is a form the dictionary generates: a stem as
listed, or a stem with one of its suffix rules applied (strip, add, the
rule's condition on the stem). That is all the spelling check needs, and it
loads in a fraction of a second where the ``spylls`` port of Hunspell takes
3.9 s for ``ru_RU`` (measured 2026-12-03), which a catalogue check that
must match pofilter's speed cannot afford; no C extension to build either.

Known limits: suffix rules, single-character flags and UTF-8 files only
(what ``ru_RU`` uses: no PFX, no compounding, no two-level affixes); a
dictionary with prefixes, ``FLAG long``/``num``, ``COMPOUND*``,
``NEEDAFFIX`` or continuation classes is refused (``load`` returns None), so
nothing is half-read. No suggestions (the spelling check ranks its own).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

DICT_DIRS = ("/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell")
# Debian package -> dictionary base name, per language the spelling check knows.
DICTIONARIES = {"ru": "ru_RU"}
_UNSUPPORTED = ("PFX", "FLAG", "NEEDAFFIX", "CIRCUMFIX", "COMPOUNDFLAG", "COMPOUNDRULE",
                "COMPOUNDBEGIN", "ONLYINCOMPOUND", "FORBIDDENWORD", "COMPLEXPREFIXES")


@dataclass
class Hunspell:
    """Stems with their flags and suffix rules indexed by the text they add."""

    stems: dict[str, str]
    # add -> [(flag, strip, condition on the stem's end)]
    suffixes: dict[str, list[tuple[str, str, re.Pattern[str] | None]]] = field(
        default_factory=dict
    )
    longest_add: int = 0

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word:
            return False
        if word in self.stems:
            return True
        stems, n = self.stems, len(word)
        for k in range(min(n - 1, self.longest_add), -1, -1):
            rules = self.suffixes.get(word[n - k :] if k else "")
            if not rules:
                continue
            base = word[: n - k]
            for flag, strip, cond in rules:
                stem = base + strip
                flags = stems.get(stem)
                if flags is not None and flag in flags and (
                    cond is None or cond.search(stem)
                ):
                    return True
        return False


def find(lang: str) -> str | None:
    """The base path (without .dic/.aff) of an installed dictionary for ``lang``."""
    name = DICTIONARIES.get(lang)
    if name is None:
        return None
    for folder in DICT_DIRS:
        base = os.path.join(folder, name)
        if os.path.isfile(base + ".dic") and os.path.isfile(base + ".aff"):
            return base
    return None


@lru_cache(maxsize=4)
def for_language(lang: str) -> Hunspell | None:
    """The installed Hunspell dictionary of ``lang`` (None: not installed or unsupported)."""
    base = find(lang)
    return load(base) if base else None


def load(base: str) -> Hunspell | None:
    """Read ``base.aff`` and ``base.dic``; None when the files use what this reader lacks."""
    try:
        with open(base + ".aff", encoding="utf-8") as handle:
            aff = handle.read()
        with open(base + ".dic", encoding="utf-8") as handle:
            dic = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    suffixes: dict[str, list[tuple[str, str, re.Pattern[str] | None]]] = {}
    longest = 0
    for line in aff.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        if parts[0] in _UNSUPPORTED:
            return None
        if parts[0] != "SFX" or len(parts) < 5:
            continue  # the "SFX flag cross count" header line, or a non-affix setting
        flag, strip, add, cond = parts[1], parts[2], parts[3], parts[4]
        if len(flag) != 1 or "/" in add:
            return None
        strip = "" if strip == "0" else strip
        add = "" if add == "0" else add
        try:
            pattern = None if cond == "." else re.compile(f"(?:{cond})$")
        except re.error:
            return None
        suffixes.setdefault(add, []).append((flag, strip, pattern))
        longest = max(longest, len(add))
    stems: dict[str, str] = {}
    lines = dic.splitlines()
    for line in lines[1:]:  # the first line is the word count
        word, _, flags = line.partition("/")
        word = word.strip()
        if word:
            stems[word] = stems.get(word, "") + flags.split()[0] if flags.strip() else (
                stems.get(word, "")
            )
    return Hunspell(stems, suffixes, longest)

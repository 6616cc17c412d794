"""Bilingual lexicons: word-pair TSV files and FreeDict dictd dictionaries.

A ``Lexicon`` maps a folded source word to folded target words. Lookup
tolerates case, accents and inflection: when the exact word is missing, the
word with a common inflectional ending stripped is tried against headwords
stripped the same way (``Berges`` finds ``Berg``; ``montagnes`` -> ``montagne``).

Known limits: the ending list is a short pan-European one (German, French,
English, Spanish, Italian plural and case endings); compounds are not split.
FreeDict entries mix translations and source-language glosses; the parser
keeps only the first line after the headword, which drops most glosses (and
some secondary senses).
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from transcheck.align.tokens import fold_word, words
from transcheck.errors import InputError

_ENDINGS = ("ern", "en", "er", "es", "em", "e", "n", "s", "x")
_SENSE_MARK = re.compile(r"(?:^|\s)\d+\.\s*$")
_BRACKETED = re.compile(r"<[^>]*>|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}")
_B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {ch: i for i, ch in enumerate(_B64_ALPHABET)}
# A translation longer than this many words is a gloss, not a translation.
_MAX_TRANSLATION_WORDS = 2


def reduce_word(word: str) -> str:
    """Strip one common inflectional ending, keeping at least 4 letters."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@dataclass
class Lexicon:
    """Folded source word -> folded target words (insertion ordered, no duplicates)."""

    entries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    name: str = "lexicon"
    _reduced: dict[str, tuple[str, ...]] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], name: str = "lexicon") -> Lexicon:
        """Build from (source phrase, target phrase) pairs; phrases are split into words."""
        table: dict[str, dict[str, None]] = {}
        for src, tgt in pairs:
            targets = [w for w in words(tgt) if not w.isdigit()]
            if not targets:
                continue
            for s in words(src):
                bucket = table.setdefault(s, {})
                for t in targets:
                    bucket[t] = None
        return cls({k: tuple(v) for k, v in table.items()}, name)

    def merge(self, other: Lexicon) -> Lexicon:
        merged: dict[str, dict[str, None]] = {k: dict.fromkeys(v) for k, v in self.entries.items()}
        for k, v in other.entries.items():
            merged.setdefault(k, {}).update(dict.fromkeys(v))
        return Lexicon({k: tuple(v) for k, v in merged.items()}, f"{self.name}+{other.name}")

    def inverted(self) -> Lexicon:
        """The lexicon read the other way round (target -> source)."""
        table: dict[str, dict[str, None]] = {}
        for s, targets in self.entries.items():
            for t in targets:
                table.setdefault(t, {})[s] = None
        return Lexicon({k: tuple(v) for k, v in table.items()}, f"{self.name}^-1")

    def lookup(self, word: str) -> tuple[str, ...]:
        """Translations of a word (any case/accents); () when unknown."""
        key = fold_word(word)
        found = self.entries.get(key)
        if found is not None:
            return found
        if self._reduced is None:
            reduced: dict[str, dict[str, None]] = {}
            for k, v in self.entries.items():
                reduced.setdefault(reduce_word(k), {}).update(dict.fromkeys(v))
            self._reduced = {k: tuple(v) for k, v in reduced.items()}
        # Strip up to two endings (glaciers -> glacier -> glaci) and compare
        # with headwords stripped the same way.
        once = reduce_word(key)
        for candidate in (once, reduce_word(once)):
            found = self.entries.get(candidate) or self._reduced.get(candidate)
            if found:
                return found
        return ()


def load_lexicon(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    reverse: bool = False,
    vocabulary: Iterable[str] | None = None,
) -> Lexicon:
    """Load a lexicon; ``fmt`` is ``tsv`` or ``freedict`` (guessed from the name when None).

    ``reverse`` swaps the direction (use a fra-deu dictionary for de->fr).
    ``vocabulary`` (source words) keeps only FreeDict headwords that can match
    them, which makes loading a large dictionary for one document much faster.
    Raises InputError naming the file and line for malformed input.
    """
    name = os.fspath(path)
    if fmt is None:
        fmt = "freedict" if name.endswith((".index", ".dict", ".dict.dz")) else "tsv"
    if fmt == "tsv":
        lexicon = load_tsv(name)
    elif fmt == "freedict":
        keep = None
        if vocabulary is not None and not reverse:
            keep = set()
            for word in vocabulary:
                folded = fold_word(word)
                once = reduce_word(folded)
                keep.update((folded, once, reduce_word(once)))
        lexicon = load_freedict(name, keep)
    else:
        raise InputError(name, f"unknown lexicon format {fmt!r} (expected tsv or freedict)")
    if not lexicon.entries:
        raise InputError(name, "the lexicon has no usable entries")
    return lexicon.inverted() if reverse else lexicon


def load_tsv(path: str) -> Lexicon:
    """A TSV of word pairs: ``source<TAB>target`` a line; ``#`` comments and blank lines skipped.

    Extra columns (scores, notes) are ignored.
    """
    from transcheck.io.decode import read_text

    text, _, _ = read_text(path)
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            raise InputError(path, "expected 'source<TAB>target' (a word pair)", line=number)
        pairs.append((cells[0], cells[1]))
    return Lexicon.from_pairs(pairs, os.path.basename(path))


def _b64_int(text: str, path: str, number: int) -> int:
    value = 0
    for ch in text:
        digit = _B64_VALUE.get(ch)
        if digit is None:
            raise InputError(path, f"bad base64 number {text!r} in dictd index", line=number)
        value = value * 64 + digit
    return value


def _freedict_paths(path: str) -> tuple[str, str]:
    for suffix in (".index", ".dict.dz", ".dict"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    index = path + ".index"
    for data in (path + ".dict.dz", path + ".dict"):
        if os.path.exists(data):
            return index, data
    raise InputError(
        path + ".dict.dz", "no such file (a FreeDict dictionary needs .index and .dict.dz)"
    )


def load_freedict(path: str, keep: set[str] | None = None) -> Lexicon:
    """A FreeDict dictionary in dictd form (``X.index`` + ``X.dict.dz``, dictzip = gzip).

    ``keep``: folded headword forms to load (None: all).
    """
    index_path, data_path = _freedict_paths(path)
    from transcheck.io.decode import read_text

    index_text, _, _ = read_text(index_path)
    try:
        opener = gzip.open if data_path.endswith(".dz") else open
        with opener(data_path, "rb") as handle:
            data = handle.read()
    except (OSError, EOFError) as exc:
        raise InputError(data_path, f"cannot read dictd data: {exc}") from None
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(index_text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            raise InputError(index_path, "expected 'headword<TAB>offset<TAB>length'", line=number)
        head, offset, length = cells
        if head.startswith(("00database", "00-database")) or len(words(head)) != 1:
            # Multi-word headwords are idioms: their words are not translations.
            continue
        if keep is not None:
            folded = fold_word(head)
            if folded not in keep and reduce_word(folded) not in keep:
                continue
        start = _b64_int(offset, index_path, number)
        end = start + _b64_int(length, index_path, number)
        if end > len(data):
            raise InputError(index_path, "entry points past the end of the dictionary", line=number)
        entry = data[start:end].decode("utf-8", errors="replace")
        for translation in _entry_translations(entry):
            pairs.append((head, translation))
    return Lexicon.from_pairs(pairs, os.path.basename(index_path)[: -len(".index")])


def _entry_translations(entry: str) -> list[str]:
    """Translations in one dictd entry: the first non-empty line after the headword.

    Later lines are mostly source-language glosses, notes and cross-references,
    so they are dropped (measured on deu-fra: they add more noise than matches).
    """
    for raw in entry.split("\n")[1:]:
        line = raw.strip()
        if not line:
            continue
        if line.endswith(":") or ":" in line.split(" ", 1)[0]:
            return []
        text = _BRACKETED.sub(" ", _SENSE_MARK.sub("", line))
        items = (item.strip() for item in re.split(r"[,;]", text))
        return [item for item in items if item and len(item.split()) <= _MAX_TRANSLATION_WORDS]
    return []


def lexicon_from_mapping(mapping: Mapping[str, Iterable[str]], name: str = "lexicon") -> Lexicon:
    """Build a Lexicon from ``{source: [targets]}`` (for tests and callers with data)."""
    return Lexicon.from_pairs(((s, t) for s, ts in mapping.items() for t in ts), name)

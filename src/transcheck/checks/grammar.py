"""Grammaticality evidence from CMU Link Grammar (Debian ``python3-link-grammar``).

Link Grammar parses a sentence by linking every word to its neighbours; a
word it cannot link (a *null link*) is where the sentence stops being
grammatical English by its dictionary. :func:`parse_segment` returns, per
segment, the null count, the unlinked words with their character spans, the
parser's cost figures and notes (cut-offs, time-outs, failures).

The binding is Debian's (``/usr/lib/python3/dist-packages/linkgrammar``, a C
extension built for Debian's Python 3.11). It is loaded from that folder
alone, without putting all of Debian's ``dist-packages`` on ``sys.path``; a
``linkgrammar`` importable the normal way wins. When it cannot be loaded,
:func:`available` is False and :func:`unavailable_reason` says why in one
line: callers warn once and run without grammar evidence.

Bounds (a 5 MB line, a pathological sentence): a segment is split into
sentences; only the first :data:`MAX_SEGMENT_CHARS` characters of a segment
and sentences of at most :data:`MAX_SENTENCE_WORDS` words are parsed, each
with a :data:`MAX_PARSE_SECONDS` timer; whatever is skipped is named in a note.

Known limits: English (and whichever other Link Grammar dictionary is
installed: ``de``, ``ru``); the dictionary does not know rare proper nouns
and some news jargon, which then show up as unlinked words; headlines and
fragments have null links by design; one parse per sentence, ~2-20 ms.
"""

from __future__ import annotations

import atexit
import importlib
import importlib.util
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

DEBIAN_DIRS = (Path("/usr/lib/python3/dist-packages"),)
DICT_DIR = Path("/usr/share/link-grammar")
MAX_SEGMENT_CHARS = 2_000
MAX_SENTENCE_WORDS = 60
MAX_PARSE_SECONDS = 1
# Languages with a Link Grammar dictionary worth using (Debian ships these).
LANGS = ("en", "de", "ru")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True, slots=True)
class Unlinked:
    """A word the parser could not link, with its span in the segment."""

    start: int
    end: int
    word: str


@dataclass(slots=True)
class GrammarResult:
    """Link Grammar evidence for one segment (all sentences summed)."""

    sentences: int = 0
    words: int = 0
    nulls: int = 0
    unknown: int = 0
    disjunct_cost: float = 0.0
    link_cost: float = 0.0
    linkages: int = 0
    timeouts: int = 0
    unlinked: list[Unlinked] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def parsed(self) -> bool:
        return self.sentences > 0


@lru_cache(maxsize=1)
def _module() -> tuple[ModuleType | None, str]:
    """(the linkgrammar module, '') or (None, reason)."""
    try:
        return importlib.import_module("linkgrammar"), ""
    except ImportError:
        pass
    except Exception as exc:  # a broken install must not stop the catalogue
        return None, f"linkgrammar failed to import: {exc}"
    for base in DEBIAN_DIRS:
        init = base / "linkgrammar" / "__init__.py"
        if not init.is_file():
            continue
        spec = importlib.util.spec_from_file_location(
            "linkgrammar", init, submodule_search_locations=[str(init.parent)]
        )
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules["linkgrammar"] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:  # ABI mismatch: built for another Python
            sys.modules.pop("linkgrammar", None)
            version = f"{sys.version_info.major}.{sys.version_info.minor}"
            return None, f"Debian's linkgrammar does not load in Python {version}: {exc}"
        return module, ""
    return None, "Link Grammar is not installed (apt-get install python3-link-grammar)"


@lru_cache(maxsize=8)
def _parser(lang: str) -> tuple[Any, Any, str]:
    """(dictionary, parse options, '') or (None, None, reason) for ``lang``."""
    lg, reason = _module()
    if lg is None:
        return None, None, reason
    if lang not in LANGS:
        return None, None, f"no Link Grammar dictionary is used for '{lang}'"
    if not (DICT_DIR / lang).is_dir():
        return (
            None,
            None,
            (
                f"the Link Grammar dictionary for '{lang}' is not installed "
                f"(apt-get install link-grammar-dictionaries-{lang if lang == 'en' else 'all'})"
            ),
        )
    # Debug/Info chatter ("Locale ... unknown") would land on stderr: drop it.
    lg.LG_Error.set_handler(_quiet)
    try:
        options = lg.ParseOptions(verbosity=0)
        options.max_parse_time = MAX_PARSE_SECONDS
        options.linkage_limit = 20
        options.min_null_count = 0
        options.max_null_count = MAX_SENTENCE_WORDS
        dictionary = lg.Dictionary(lang)
    except Exception as exc:
        return None, None, f"Link Grammar dictionary '{lang}' failed to load: {exc}"
    # Free the dictionary before interpreter teardown unloads the C module
    # (its __del__ would otherwise fail with an "Exception ignored" message).
    atexit.register(_parser.cache_clear)
    return dictionary, options, ""


def _quiet(errinfo: Any, data: Any) -> None:
    """Swallow Link Grammar's messages (errors surface as exceptions or notes)."""


def available(lang: str = "en") -> bool:
    return _parser(lang)[0] is not None


def unavailable_reason(lang: str = "en") -> str:
    return _parser(lang)[2]


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pieces of a segment."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE.finditer(text):
        pieces.append((start, text[start : m.start()]))
        start = m.end()
    pieces.append((start, text[start:]))
    return [(o, s) for o, s in pieces if s.strip()]


def parse_segment(text: str, lang: str = "en") -> GrammarResult:
    """Link Grammar evidence for one segment; never raises on bad input."""
    result = GrammarResult()
    dictionary, options, reason = _parser(lang)
    if dictionary is None:
        result.notes.append(reason)
        return result
    if len(text) > MAX_SEGMENT_CHARS:
        result.notes.append(
            f"grammar: only the first {MAX_SEGMENT_CHARS:,} of {len(text):,} characters parsed"
        )
        text = text[:MAX_SEGMENT_CHARS]
    lg = _module()[0]
    for offset, sentence in split_sentences(text):
        words = len(_WORD.findall(sentence))
        if words == 0:
            continue
        if words > MAX_SENTENCE_WORDS:
            result.notes.append(
                f"grammar: a sentence of {words} words skipped (limit {MAX_SENTENCE_WORDS})"
            )
            continue
        try:
            _parse_one(lg, dictionary, options, sentence, offset, result)
        except Exception as exc:  # the parser failing on one sentence is a note
            kind = type(exc).__name__
            if kind == "LG_TimerExhausted":
                result.timeouts += 1
                result.notes.append(f"grammar: parse timed out after {MAX_PARSE_SECONDS} s")
            else:
                result.notes.append(f"grammar: parser failed on a sentence ({kind})")
    return result


def _parse_one(
    lg: Any, dictionary: Any, options: Any, sentence: str, offset: int, result: GrammarResult
) -> None:
    sent = lg.Sentence(sentence, dictionary, options)
    linkages = sent.parse()
    count = len(linkages)
    if count == 0:
        result.notes.append("grammar: no parse for a sentence")
        return
    best = next(iter(linkages))
    result.sentences += 1
    result.linkages += count
    result.nulls += sent.null_count()
    result.disjunct_cost += float(best.disjunct_cost())
    result.link_cost += float(best.link_cost())
    n = best.num_of_words()
    for i in range(n):
        token = best.word(i)
        if token in ("LEFT-WALL", "RIGHT-WALL"):
            continue
        result.words += 1
        if "[?]" in token or "[~" in token or "[!" in token:
            result.unknown += 1
        if token.startswith("[") and token.endswith("]") and len(token) > 2:
            start = best.word_char_start(i)
            end = best.word_char_end(i)
            piece = sentence[start:end]
            if _WORD.search(piece):  # unlinked punctuation is no evidence
                result.unlinked.append(Unlinked(offset + start, offset + end, piece))


def parse_many(
    texts: Sequence[str],
    lang: str = "en",
    wrap: Callable[[Sequence[str]], Any] | None = None,
) -> list[GrammarResult]:
    """:func:`parse_segment` over ``texts``; ``wrap`` may add a progress bar."""
    items = wrap(texts) if wrap is not None else texts
    return [parse_segment(t, lang) for t in items]

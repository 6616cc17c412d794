"""Rule-based sentence splitting that keeps exact offsets.

Three levels, each a plain scan over the text:

1. blocks: blank lines (``\\n``, ``\\r\\n`` or lone ``\\r``) separate paragraphs;
2. lines: inside a block a line break ends a segment when the line has no
   terminal punctuation, does not end with a continuation mark (``, ; : -``)
   and the next line does not start in lower case: headlines, bylines and
   scraper residue ("source site-34") become segments of their own, while
   hard-wrapped prose stays joined (a block of three or more long lines that
   mostly end mid-sentence is taken as wrapped prose as a whole);
3. sentences: a run of ``. ! ? …`` (plus closing quotes and brackets)
   followed by white space and a character that is not lower case ends a
   sentence, unless the word before a single period is an abbreviation, an
   initial, an enumerator, or a German-style ordinal. CJK full stops
   ``。！？`` end a sentence without any space, except before text that
   continues a closing quote (「はい。」と言った).

Known limits: an abbreviation that really ends a sentence (``... in the
U.S. The``) does not split; in a short wrapped block (two lines) a line
break before a capitalised word is taken as a segment end; Thai and other languages without
sentence punctuation split only at line and paragraph breaks.
"""

from __future__ import annotations

import re

from transcheck.model import Segment
from transcheck.segment.rules import LanguageRules

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_TERMINAL_RUN = re.compile(r"[.!?…‼⁇⁈⁉。！？｡]+")
_CJK_TERMINALS = frozenset("。！？｡")
_TERMINALS = frozenset(".!?…‼⁇⁈⁉。！？｡")
# German closes with “ and ‘ („so“), so they are closers too when they come
# straight after the terminal punctuation.
_CLOSERS = frozenset("\"'”’“‘»›)]}」』）］】〕〉》")
# In CJK text “ opens the next sentence, which follows without a space.
_CJK_CLOSERS = _CLOSERS - frozenset("“‘")
_OPENERS = frozenset("\"'“‘„‚«‹([{「『（［【〔〈《¿¡")
# French puts a (narrow) no-break space inside guillemets: « Oui. »
_SPACED_CLOSERS = frozenset("»›")
_INNER_SPACES = frozenset(" \u00a0\u202f")
_CONTINUATION = frozenset(",;:-–—/&(")
# No sentence starts with these: "am 13. , 15. und 17. Juni", "(?) ,".
_NEVER_STARTS = frozenset(",;:)]}%")
_OPENERS_STR = "".join(sorted(_OPENERS))
_CLOSERS_STR = "".join(sorted(_CLOSERS))
_WORD_AT = re.compile(r"[^\W\d_]*")
_NUMBER_AT = re.compile(r"\d+")
_TOKEN_LOOKBACK = 64
# Wrapped-prose detection: blocks of at least 3 lines, 60% of them at least
# 40 characters long and ending without terminal punctuation.
_WRAP_MIN_LINES = 3
_WRAP_MIN_WIDTH = 40
_WRAP_SHARE = 0.6


def split_text(text: str, rules: LanguageRules) -> list[Segment]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text`` for each."""
    segments: list[Segment] = []
    paragraph = 0
    block: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for match in _LINE_BREAK.finditer(text):
        paragraph = _take_line(text, pos, match.start(), block, segments, paragraph, rules)
        pos = match.end()
    if pos <= n:
        paragraph = _take_line(text, pos, n, block, segments, paragraph, rules)
    if block:
        _split_block(text, block, paragraph, segments, rules)
    return segments


def _take_line(
    text: str,
    start: int,
    end: int,
    block: list[tuple[int, int]],
    segments: list[Segment],
    paragraph: int,
    rules: LanguageRules,
) -> int:
    """Add a line to the current block, or close the block at a blank line."""
    if text[start:end].strip():
        block.append((start, end))
        return paragraph
    if block:
        _split_block(text, block, paragraph, segments, rules)
        block.clear()
        return paragraph + 1
    return paragraph


def _split_block(
    text: str,
    lines: list[tuple[int, int]],
    paragraph: int,
    segments: list[Segment],
    rules: LanguageRules,
) -> None:
    run_start = lines[0][0]
    wrapped = _is_wrapped_prose(text, lines)
    for index, (_start, end) in enumerate(lines):
        last = index == len(lines) - 1
        if last or (
            not wrapped
            and _hard_break(text[_start:end], text[lines[index + 1][0] : lines[index + 1][1]])
        ):
            _split_run(text, run_start, end, paragraph, segments, rules)
            if not last:
                run_start = lines[index + 1][0]


def _is_wrapped_prose(text: str, lines: list[tuple[int, int]]) -> bool:
    """A block of three or more long lines, most of them ending mid-sentence.

    Such a block is prose wrapped at a fixed width (e-mail, Project Gutenberg):
    its line breaks are spaces, even before a capitalised name.
    """
    if len(lines) < _WRAP_MIN_LINES:
        return False
    body = lines[:-1]
    long_open = 0
    for start, end in body:
        line = text[start:end].rstrip()
        core = line.rstrip(_CLOSERS_STR)
        if len(line) >= _WRAP_MIN_WIDTH and not (core and core[-1] in _TERMINALS):
            long_open += 1
    return long_open >= _WRAP_SHARE * len(body)


def _hard_break(line: str, next_line: str) -> bool:
    """Does a line break end the segment (a headline), or is it wrapped prose?"""
    stripped = line.rstrip()
    core = stripped.rstrip(_CLOSERS_STR)
    if core and core[-1] in _TERMINALS:
        return False  # the sentence rules decide
    if stripped[-1] in _CONTINUATION:
        return False
    first = next_line.lstrip()[:1]
    return not first.islower()


def _split_run(
    text: str,
    start: int,
    end: int,
    paragraph: int,
    segments: list[Segment],
    rules: LanguageRules,
) -> None:
    pos = start
    for boundary in _boundaries(text, start, end, rules):
        _emit(text, pos, boundary, paragraph, segments)
        pos = boundary
    _emit(text, pos, end, paragraph, segments)


def _emit(text: str, start: int, end: int, paragraph: int, segments: list[Segment]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + (len(chunk) - len(chunk.lstrip()))
        segments.append(Segment(len(segments), stripped, s, s + len(stripped), paragraph))


def _boundaries(text: str, start: int, end: int, rules: LanguageRules) -> list[int]:
    found: list[int] = []
    sentence_start = start
    for match in _TERMINAL_RUN.finditer(text, start, end):
        j = match.end()
        run = match.group()
        cjk = not _CJK_TERMINALS.isdisjoint(run)
        closers = _CJK_CLOSERS if cjk else _CLOSERS
        had_closer = False
        while j < end:
            ch = text[j]
            if ch in closers:
                had_closer = True
                j += 1
            elif ch in _INNER_SPACES and j + 1 < end and text[j + 1] in _SPACED_CLOSERS:
                had_closer = True
                j += 2
            else:
                break
        if j >= end:
            break
        nxt = text[j]
        if cjk:
            if had_closer and not (nxt.isspace() or nxt in _OPENERS or nxt in _TERMINALS):
                continue
        else:
            if not nxt.isspace():
                continue
            k = j + 1
            while k < end and text[k].isspace():
                k += 1
            if k >= end:
                break
            if text[k].islower() or text[k] in _NEVER_STARTS:
                continue
            if run == "." and not had_closer and _no_break_after(
                text, match.start(), k, end, sentence_start, rules
            ):
                continue
        found.append(j)
        sentence_start = j
    return found


def _no_break_after(
    text: str, dot: int, next_start: int, end: int, sentence_start: int, rules: LanguageRules
) -> bool:
    """Is the period at ``dot`` part of an abbreviation, initial or ordinal?"""
    k = dot
    floor = max(sentence_start, dot - _TOKEN_LOOKBACK)
    while k > floor and not text[k - 1].isspace():
        k -= 1
    token = text[k:dot].lstrip(_OPENERS_STR)
    if not token:
        return False
    next_word = _word_at(text, next_start, end)
    if token not in rules.abbreviations and token[:1].isupper():
        # Sentence-initial capital of a lower-case abbreviation: "Dhr.", "Bzw."
        lowered = token[:1].lower() + token[1:]
        if lowered in rules.abbreviations:
            token = lowered
    if token in rules.abbreviations:
        return not (token in rules.sentence_final and next_word[:1].isupper())
    if len(token) == 1 and token.isalpha():
        if token.isupper():
            return True  # an initial: "J. R. R. Tolkien", "M. Dupont"
        number = _NUMBER_AT.match(text, next_start, min(end, next_start + 16))
        if number is not None and not text.startswith(".", number.end()):
            # A unit before a number ("à 13 h. 30"), but not before an
            # enumerator ("7200 m. 21. Nördlich ...").
            return True
    if "." in token:
        parts = token.split(".")
        return all(p.isalpha() and len(p) <= 3 for p in parts)
    if token.isdigit():
        # Bounded, so a huge run without boundaries stays linear.
        if k - sentence_start <= _TOKEN_LOOKBACK and not text[sentence_start:k].strip():
            return True  # an enumerator: "1. Introduction"
        if len(token) <= 2 and next_word in rules.months:
            return True
        return rules.ordinal_dot and len(token) <= 3 and next_word[:1].isalpha()
    return False


def _word_at(text: str, start: int, end: int) -> str:
    match = _WORD_AT.match(text, start, min(end, start + 32))
    return match.group() if match else ""

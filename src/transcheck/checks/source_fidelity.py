"""Accuracy checks that read the source: untranslated words, cut-off output, repetition loops.

All are MQM *major*: a reader of the target language loses content (a word
they cannot read, the end of a sentence that is not there) or is given
content that is not in the source (a phrase repeated over and over, the
"hallucination loop" of neural MT). They need the source;
``untranslated_word`` for alphabetic sources also needs the source language
(``--src-lang``), since "not a target word but a source word" is only
decidable with both word lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from transcheck.checks.registry import check
from transcheck.checks.rulepacks import base_lang
from transcheck.checks.runner import Hit, SegmentContext
from transcheck.checks.text import WORD, zipf

# Scripts that a Latin/Cyrillic/Greek-script target never uses for its words.
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")
_CJK_LANGS = frozenset({"zh", "ja", "ko"})
# A word is "a word of language X" above this Zipf frequency (about one use in
# a million words) and "not a word of X" below _TARGET_MAX (one in three
# million): loanwords the target uses (Computer, Team, Design in German) sit
# well above it.
_SOURCE_MIN = 3.0
_TARGET_MAX = 2.5
_MIN_LETTERS = 4
# Sentence-final punctuation of the source, then optional closing quotes/brackets.
_SOURCE_FINAL = re.compile(r"[.!?。！？…]['\"”’»)）」』]*\s*$")
# The target stops on a clause separator: the sentence was cut off.
_TARGET_CUT = re.compile(r"[,;:，；：、]\s*$")
# One to six words, then the same words again at least twice more, separated
# only by spaces or punctuation ("we can see we can see we can see"). Words
# here include CJK characters, so a source "叮，叮，叮" is a repetition too.
_SEP = r"[\s,;:.!?、，；：。！？\-–—]{1,3}"
_LOOP = re.compile(
    r"(?<!\w)([^\W\d_]+(?:" + _SEP + r"[^\W\d_]+){0,5})(?:" + _SEP + r"\1(?!\w)){2,}",
    re.IGNORECASE,
)


@check(
    "untranslated_word",
    family="accuracy",
    category="Accuracy/Untranslated text",
    severity="major",
    needs=("source",),
)
def untranslated_word(ctx: SegmentContext) -> Iterator[Hit]:
    """A source word copied into the translation that the target language does not have.

    Catches (1) Chinese, Japanese or Korean characters of the source left in a
    translation into another script, and (2) with a known source language, a
    lower-case source word (so not a name) of at least four letters that is
    common in the source language and rare in the target one, found verbatim
    in the translation ("Wenn Sie Ihre Bricks bauen" for "your bricks").
    Adjacent copied words form one span. Known limit: capitalised source
    words are skipped, so German nouns are never checked. False positives:
    technical terms and brand-like words the target language borrows but
    that its word list has not caught up with.
    """
    assert ctx.source is not None
    text, source, tgt = ctx.text, ctx.source, ctx.lang
    if tgt not in _CJK_LANGS:
        src_runs = set(_CJK_RUN.findall(source))
        if src_runs:
            for m in _CJK_RUN.finditer(text):
                if any(m.group() in run for run in src_runs):
                    yield Hit(m.start(), m.end(), f"'{m.group()}' is source text left untranslated")
    src = base_lang(ctx.res.src_lang) if ctx.res.src_lang else None
    if not src or src == tgt or src in _CJK_LANGS:
        return
    # Distinct words first: the frequency look-ups then run once per word type.
    # Only words that occur in the translation too can have been copied: one set
    # intersection first, so the frequency look-ups run for a handful of words.
    in_text = {w.lower() for w in ctx.words}
    lower_words = {w for w in WORD.findall(source) if w.islower() and len(w) >= _MIN_LETTERS}
    copied = {
        w
        for w in lower_words & in_text
        if zipf(w, tgt) < _TARGET_MAX and zipf(w, src) >= _SOURCE_MIN
    }
    if not copied:
        return
    spans = [m.span() for m in WORD.finditer(text) if m.group().lower() in copied]
    for start, end in _merge_adjacent(text, spans):
        yield Hit(
            start,
            end,
            f"'{text[start:end]}' is a {src} word left untranslated",
            confidence=0.7,
        )


def _merge_adjacent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join spans separated only by spaces or hyphens ("Spatial Computing")."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip(" -"):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


@check(
    "truncated_output",
    family="accuracy",
    category="Accuracy/Omission",
    severity="major",
    needs=("source",),
)
def truncated_output(ctx: SegmentContext) -> Iterator[Hit]:
    """Translation cut off mid-sentence: it ends on a comma, semicolon or colon.

    Fires when the source ends with sentence-final punctuation (. ! ? 。 ！ ？)
    but the translation stops on a clause separator, the typical shape of
    an MT output that dropped the rest of the sentence. The span is empty at
    the end: what is missing has no place in the text. False positives: a
    translation that rightly ends with a colon before a list that follows in
    the next segment.
    """
    assert ctx.source is not None
    text = ctx.text
    if _TARGET_CUT.search(text) and _SOURCE_FINAL.search(ctx.source):
        end = len(text.rstrip())
        yield Hit(end, end, "translation stops mid-sentence: the end of the source is missing")


@check(
    "repetition_loop",
    family="accuracy",
    category="Accuracy/Addition",
    severity="major",
    needs=("source",),
)
def repetition_loop(ctx: SegmentContext) -> Iterator[Hit]:
    """A phrase repeated three or more times in a row that the source does not repeat.

    Catches the repetition loop of neural MT ("we can see that we can see
    that we can see that"); the span covers the extra copies, not the first
    one. Quiet when the source itself repeats something three times (an
    onomatopoeia such as "ding, ding, ding" for 叮，叮，叮). False positives:
    a source whose repetition is spread out by words the translation drops.
    """
    assert ctx.source is not None
    if not _may_loop(ctx.words):
        return
    m = _LOOP.search(ctx.text)
    if m is None or _LOOP.search(ctx.source):
        return
    start = m.end(1)
    while start < m.end() and not ctx.text[start].isalnum():
        start += 1  # the span starts at the first extra copy, not its separator
    yield Hit(
        start,
        m.end(),
        f"'{m.group(1)[:60]}' repeated {m.group().lower().count(m.group(1).lower())} times: "
        "not in the source",
        confidence=0.8,
    )


def _may_loop(words: list[str]) -> bool:
    """Cheap necessary condition for _LOOP: some word recurs at a stride of 1..6
    twice in a row. The regex costs ~90 us a segment; this a few, and it
    rejects nearly all segments."""
    if len(words) - len(set(words)) < 2:
        return False
    positions: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        positions.setdefault(w.lower(), []).append(i)
    for found in positions.values():
        if len(found) < 3:
            continue
        at = set(found)
        if any(p + k in at and p + 2 * k in at for p in found for k in range(1, 7)):
            return True
    return False

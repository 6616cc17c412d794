"""Accuracy family: what the source (or an alternate translation) says and this does not.

Segment checks compare one target segment with its source: numbers, URLs,
e-mail addresses, placeholders, markup tags, untranslated text, suspicious
length. The document check turns 1-0 and 0-1 alignment beads into omission
and addition flags.

The number, markup and copy detectors are the ones of
``transcheck.metrics.signals`` (``compare_numbers``, ``compare_protected``,
``untranslated``): the same finding costs fidelity and raises a flag, never
one without the other. Known limits: number words are known for 0-20 in
en/de/fr/es only; Chinese numerals are read, Japanese/Korean ones are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from transcheck.checks.registry import check
from transcheck.checks.rulepacks import base_lang
from transcheck.checks.runner import DocumentContext, Hit, SegmentContext
from transcheck.metrics import signals as sig

_LETTERS = re.compile(r"[^\W\d_]{2,}")
_WIDE = re.compile(r"[\u3000-\u9fff\uac00-\ud7af]")


@check(
    "number_mismatch",
    family="accuracy",
    category="Accuracy/Mistranslation",
    severity="major",
    needs=("source",),
)
def number_mismatch(ctx: SegmentContext) -> Iterator[Hit]:
    """A number of the source is missing from the translation, or one is added.

    Separators are normalised (1,000 = 1.000; 3,5 = 3.5); number words
    (0-20 in en/de/fr/es) and Chinese numerals count on either side, so
    "15 Leute" -> "fifteen people" is quiet and "三天" -> "4 days" is
    flagged. False positives: unit conversions, years rendered as relative
    dates, numbers spelled out in other languages.
    """
    assert ctx.source is not None
    diff = sig.compare_numbers(ctx.text, ctx.source)
    if diff.missing:
        # Zero-width: what is missing has no span in the translation.
        yield Hit(
            len(ctx.text),
            len(ctx.text),
            f"number(s) {', '.join(diff.missing)} of the source missing",
            confidence=0.8,
        )
    for start, end in diff.added:
        yield Hit(
            start,
            end,
            f"number {ctx.text[start:end]} is not in the source",
            severity="minor",
            confidence=0.6,
        )


@check(
    "alternate_numbers",
    family="accuracy",
    category="Accuracy/Mistranslation",
    severity="minor",
    needs=("alternate",),
)
def alternate_numbers(ctx: SegmentContext) -> Iterator[Hit]:
    """Numbers that differ from an alternate translation of the same text.

    Two translations of one sentence should carry the same numbers; a
    difference points at an error in one of them (this one is flagged, with
    low confidence). The same rule as fidelity against a reference
    (``signals.changed_numbers``): only substitutions count, a number on one
    side only is usually a different rendering ("zweieinhalb" / "2.5").
    False positives: the alternate is the wrong one; unit conversions.
    """
    assert ctx.alternate is not None
    diff = sig.compare_numbers(ctx.text, ctx.alternate)
    if not diff.missing or not diff.added:
        return
    for value in diff.missing:
        yield Hit(
            len(ctx.text),
            len(ctx.text),
            f"the alternate translation has the number {value}; this one does not",
            confidence=0.5,
        )
    for start, end in diff.added:
        yield Hit(
            start,
            end,
            f"number {ctx.text[start:end]} is not in the alternate translation",
            confidence=0.5,
        )


@check(
    "markup_mismatch",
    family="accuracy",
    category="Accuracy/Mistranslation",
    severity="major",
    needs=("source",),
)
def markup_mismatch(ctx: SegmentContext) -> Iterator[Hit]:
    """URLs, e-mail addresses, placeholders or tags differ from the source.

    Catches a URL or ``{0}``/``%s``/``<b>`` of the source that is missing or
    altered in the translation, and ones that were added. False positives:
    localised URLs (example.com/de/...).
    """
    assert ctx.source is not None
    diff = sig.compare_protected(ctx.text, ctx.source)
    for kind, item in diff.missing:
        yield Hit(len(ctx.text), len(ctx.text), f"{kind} '{item[:80]}' of the source is missing")
    for kind, item, start, end in diff.added:
        yield Hit(start, end, f"{kind} '{item[:80]}' is not in the source")


@check(
    "untranslated",
    family="accuracy",
    category="Accuracy/Untranslated text",
    severity="major",
    needs=("source",),
)
def untranslated(ctx: SegmentContext) -> Iterator[Hit]:
    """Text left untranslated: the segment is a copy of its source.

    The copy detector of the fidelity score (``signals.untranslated``): the
    translation is (nearly) the source and, with languages known, looks like
    the source language, so "Biden warnte Putin in Kiew" / "Biden warned
    Putin in Kiev" is not a copy. Segments of fewer than three words of
    letters are skipped. False positives: names, titles and code that are
    rightly kept as they are.
    """
    assert ctx.source is not None
    text, source = ctx.text.strip(), ctx.source.strip()
    if not text or len(_LETTERS.findall(text[:200])) < 3:
        return
    if text == source:
        yield Hit(0, len(ctx.text), "segment is identical to its source: untranslated?")
        return
    signal = sig.untranslated(
        ctx.text,
        ctx.source,
        src_lang=base_lang(ctx.res.src_lang) if ctx.res.src_lang else None,
        tgt_lang=ctx.lang,
    )
    if signal.value >= 1.0 and signal.spans == ((0, len(ctx.text)),):
        yield Hit(0, len(ctx.text), "the translation is a copy of the source: untranslated?")


@check(
    "length_ratio",
    family="accuracy",
    category="Accuracy/Omission",
    severity="minor",
    needs=("source",),
)
def length_ratio(ctx: SegmentContext) -> Iterator[Hit]:
    """Translation far shorter or longer than its source (omission/addition).

    Compares character counts against a wide band (0.33..3 for same-script
    pairs; CJK sources count triple). False positives: very short segments
    are skipped; legitimate condensation.
    """
    assert ctx.source is not None
    src = ctx.source.strip()
    tgt = ctx.text.strip()
    # A CJK character counts as three (one regex scan, not a Python loop per character).
    src_len = len(src) + 2 * len(_WIDE.findall(src))
    tgt_len = len(tgt) + 2 * len(_WIDE.findall(tgt))
    if min(src_len, tgt_len) < 20 and max(src_len, tgt_len) < 60:
        return
    if tgt_len < src_len / 3:
        yield Hit(0, len(ctx.text), "translation is much shorter than its source: omission?")
    elif tgt_len > src_len * 3:
        yield Hit(
            0,
            len(ctx.text),
            "translation is much longer than its source: addition?",
            category="Accuracy/Addition",
        )


@check(
    "alignment_gap",
    family="accuracy",
    category="Accuracy/Omission",
    severity="major",
    scope="document",
    needs=("alignment",),
)
def alignment_gap(doc: DocumentContext) -> Iterator[tuple[int, Hit]]:
    """Sentences of the original with no translation, or added sentences.

    Reads the document alignment: a 1-0 bead is an omission (flagged on the
    nearest following target sentence, span empty), a 0-1 bead an addition.
    False positives: alignment errors, headings and residue lines.
    """
    alignment = doc.alignment
    if alignment is None:
        return
    n = len(doc.segments)
    last_tgt = -1
    for bead in alignment.beads:
        if bead.tgt:
            last_tgt = max(bead.tgt)
        if bead.src and not bead.tgt and n:
            where = min(last_tgt + 1, n - 1)
            src_text = " ".join(alignment.source[i].text for i in bead.src)[:120]
            yield where, Hit(0, 0, f"source sentence not translated: '{src_text}'")
        elif bead.tgt and not bead.src:
            for t in bead.tgt:
                if t < n and doc.segments[t].text.strip():
                    yield (
                        t,
                        Hit(
                            0,
                            len(doc.segments[t].text),
                            "sentence has no counterpart in the source",
                            category="Accuracy/Addition",
                        ),
                    )

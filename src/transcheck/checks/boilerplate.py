"""Boilerplate and noise: scraper residue, duplicated headlines, mojibake, controls.

Residue patterns are data (``data/rules/boilerplate.toml``), matched only
against short segments or whole lines so running prose is not flagged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from transcheck.checks.registry import check
from transcheck.checks.rulepacks import RULES_DIR, RulePack, load_pack
from transcheck.checks.runner import DocumentContext, Hit, SegmentContext

# UTF-8 read as cp1252/latin-1: "Ã©", "â€™", "Ã¼"; plus U+FFFD.
_MOJIBAKE = re.compile(
    r"[ÃÂ][\u0080-\u00bf\u2018-\u203a€ƒ„…†‡ˆ‰Š‹ŒŽ\u00a0]|â€[\u0080-\u00bf™œ\u2018-\u201e”“•–—˜š›žŸ]?|\ufffd"
)
# ZWNJ/ZWJ (U+200C/D) are left alone: Persian, Indic scripts and emoji need them.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
_MAX_RESIDUE_WORDS = 12
_HEADLINE_WORDS = 20
_NORM = re.compile(r"[\W_]+")


@lru_cache(maxsize=1)
def residue_pack() -> RulePack:
    return load_pack(RULES_DIR / "boilerplate.toml")


@check("scraper_residue", family="boilerplate", category="Other/Boilerplate", severity="major")
def scraper_residue(ctx: SegmentContext) -> Iterator[Hit]:
    """Web-scraper residue ("Leave a Reply", "source site-34", share/cookie lines).

    Only short segments (up to 12 words) are judged, so a sentence that
    mentions "leave a reply" in passing is not flagged. The fix is to delete
    the line. False positives: a genuine one-line sentence such as "Share
    this." in dialogue.
    """
    text = ctx.text
    if not text.strip() or len(ctx.words) > _MAX_RESIDUE_WORDS:
        return
    for m in residue_pack().finditer(text):
        yield Hit(
            m.start,
            m.end,
            m.rule.message,
            m.rule.suggestion,
            rule=f"boilerplate:{m.rule.id}",
            severity=m.rule.severity,
            category=m.rule.category,
        )


@check("mojibake", family="boilerplate", category="Fluency/Character encoding", severity="major")
def mojibake(ctx: SegmentContext) -> Iterator[Hit]:
    """Mojibake: UTF-8 decoded with the wrong encoding ("Ã©", "â€™", "\ufffd").

    The suggestion re-decodes the span when that round-trips. False
    positives: Portuguese/French text that really has "Ã" before a symbol.
    """
    for m in _MOJIBAKE.finditer(ctx.text):
        suggestion = None
        try:
            fixed = m.group().encode("cp1252").decode("utf-8")
            if fixed != m.group():
                suggestion = fixed
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        yield Hit(m.start(), m.end(), "mojibake (text decoded with the wrong encoding)", suggestion)


@check(
    "control_chars", family="boilerplate", category="Fluency/Character encoding", severity="minor"
)
def control_chars(ctx: SegmentContext) -> Iterator[Hit]:
    """Control, zero-width or bidi-override characters inside text.

    Tab is allowed. False positives: a zero-width joiner in scripts that
    need it (not flagged: only U+200B, U+200E/F, bidi overrides, word joiners, BOM).
    """
    for m in _CONTROL.finditer(ctx.text):
        name = unicodedata.name(m.group(), f"U+{ord(m.group()):04X}")
        yield Hit(m.start(), m.end(), f"control character {name}", "")


def _norm(text: str) -> str:
    return _NORM.sub(" ", text.casefold()).strip()


def _headline_like(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(stripped)
        and stripped[-1] not in '.!?;,:"”»'
        and len(stripped.split()) <= _HEADLINE_WORDS
    )


@check(
    "duplicated_headline",
    family="boilerplate",
    category="Accuracy/Addition",
    severity="minor",
    scope="document",
)
def duplicated_headline(doc: DocumentContext) -> Iterator[tuple[int, Hit]]:
    """Duplicated headline: a heading that repeats an earlier heading or title.

    Catches a short heading-like segment (no final stop, up to 20 words)
    whose text repeats a heading among the previous six segments, or is a
    part of the title-like first segment ("Title: Subtitle" followed by
    "Title" and "Subtitle" lines). False positives: a deliberate refrain.
    """
    segs = doc.segments
    norms = [_norm(s.text) for s in segs]
    heads = [_headline_like(s.text) for s in segs]
    for i, seg in enumerate(segs):
        if not heads[i] or len(norms[i].split()) < 2:
            continue
        for j in range(max(0, i - 6), i):
            if not heads[j] or not norms[j]:
                continue
            earlier = f" {norms[j]} "
            if norms[i] == norms[j] or f" {norms[i]} " in earlier:
                yield i, Hit(0, len(seg.text), f"repeats the heading of segment {segs[j].id}", "")
                break

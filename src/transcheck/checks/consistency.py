"""Consistency family: one source translated several ways, and the reverse.

Document-scope checks: they compare segments with each other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from transcheck.checks.registry import check
from transcheck.checks.runner import DocumentContext, Hit

_SPACE = re.compile(r"\s+")
_HYPHENATED = re.compile(r"\b[^\W\d_]{1,30}(?:-[^\W\d_]{2,30}){1,3}\b")


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """Space- and case-normalised text (cached: each segment is keyed by several checks)."""
    return _SPACE.sub(" ", text.strip()).casefold()


@check(
    "inconsistent_translation",
    family="consistency",
    category="Terminology/Inconsistent use of terminology",
    severity="minor",
    scope="document",
    needs=("source",),
)
def inconsistent_translation(doc: DocumentContext) -> Iterator[tuple[int, Hit]]:
    """The same source segment translated differently.

    Catches repeated source segments (at least two words) whose translations
    differ; every later variant is flagged. False positives: context-dependent
    translations of short, ambiguous segments.
    """
    first: dict[str, int] = {}
    for seg in doc.segments:
        if not seg.source or (len(seg.source.split()) < 2 and len(seg.source) < 6):
            continue
        key = _key(seg.source)
        if key in first:
            other = doc.segments[first[key]]
            if _key(other.text) != _key(seg.text):
                yield (
                    seg.id,
                    Hit(
                        0,
                        len(seg.text),
                        f"same source as segment {other.id}, translated differently",
                        other.text,
                    ),
                )
        else:
            first[key] = seg.id


@check(
    "same_target_different_source",
    family="consistency",
    category="Fluency/Inconsistency",
    severity="minor",
    scope="document",
    needs=("source",),
)
def same_target_different_source(doc: DocumentContext) -> Iterator[tuple[int, Hit]]:
    """One target sentence used for different source sentences.

    Catches identical translations (at least four words) of different source
    segments. False positives: sources that differ only in punctuation or
    formatting (those are skipped when equal after normalising spaces/case).
    """
    by_target: dict[str, list[int]] = defaultdict(list)
    for seg in doc.segments:
        if seg.source and len(seg.text.split()) >= 4:
            by_target[_key(seg.text)].append(seg.id)
    for ids in by_target.values():
        sources = {_key(doc.segments[i].source or "") for i in ids}
        if len(sources) > 1:
            for i in ids[1:]:
                yield (
                    i,
                    Hit(
                        0,
                        len(doc.segments[i].text),
                        f"same translation as segment {ids[0]} for a different source",
                    ),
                )


@check(
    "spelling_variants",
    family="consistency",
    category="Fluency/Inconsistency",
    severity="minor",
    scope="document",
)
def spelling_variants(doc: DocumentContext) -> Iterator[tuple[int, Hit]]:
    """One word spelled two ways in a document ("e-mail" and "email").

    Catches hyphenated and solid/spaced variants of the same word; later
    occurrences of the less frequent variant are flagged. False positives:
    a hyphenated compound adjective next to an open noun ("long-term" /
    "long term" can both be right).
    """
    variants: dict[str, dict[str, list[tuple[int, int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for seg in doc.segments:
        for m in _HYPHENATED.finditer(seg.text):
            variants[m.group().replace("-", "").casefold()][m.group()].append(
                (seg.id, m.start(), m.end())
            )
    if not variants:
        return
    for seg in doc.segments:
        lowered = seg.text.casefold()
        for key in variants:
            if key in lowered:
                for m in re.finditer(rf"\b{re.escape(key)}\b", lowered):
                    variants[key][seg.text[m.start() : m.end()]].append(
                        (seg.id, m.start(), m.end())
                    )
    for forms in variants.values():
        if len(forms) < 2:
            continue
        ranked = sorted(forms.items(), key=lambda kv: -len(kv[1]))
        preferred = ranked[0][0]
        for form, places in ranked[1:]:
            for seg_id, start, end in places:
                yield (
                    seg_id,
                    Hit(
                        start,
                        end,
                        f"'{form}' is also written '{preferred}' in this text",
                        preferred,
                    ),
                )


@lru_cache(maxsize=16)
def _address_regexes(informal: str, formal: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(informal), re.compile(formal)


@check(
    "register_mix",
    family="consistency",
    category="Fluency/Register",
    severity="minor",
    scope="document",
)
def register_mix(doc: DocumentContext) -> Iterator[tuple[int, Hit]]:
    """Informal and formal address mixed in one text (German "du" and "Sie").

    The locale's ``address_forms`` give an informal and a formal pattern;
    when a document uses both, the occurrences of the rarer form are
    flagged. False positives: quoted dialogue that addresses someone else;
    a text that deliberately switches register.
    """
    forms = doc.res.locale.get("address_forms")
    if not forms:
        return
    informal, formal = _address_regexes(forms["informal"], forms["formal"])
    found: dict[str, list[tuple[int, int, int, str]]] = {"informal": [], "formal": []}
    for seg in doc.segments:
        for name, regex in (("informal", informal), ("formal", formal)):
            for m in regex.finditer(seg.text):
                found[name].append((seg.id, m.start(), m.end(), m.group()))
    if not found["informal"] or not found["formal"]:
        return
    minority, majority = (
        ("informal", "formal")
        if len(found["informal"]) < len(found["formal"])
        else ("formal", "informal")
    )
    example = found[majority][0][3]
    for seg_id, start, end, word in found[minority]:
        yield (
            seg_id,
            Hit(
                start,
                end,
                f"'{word}' ({minority}) in a text that mostly uses '{example}' ({majority})",
            ),
        )

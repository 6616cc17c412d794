"""Apply only high-confidence mechanical fixes: quotation marks, spacing, glossary terms.

A flag is applied when its check is in :data:`MECHANICAL`, it carries a
suggestion and its confidence is at least :data:`MIN_CONFIDENCE`.
Overlapping fixes keep the first one (by offset). Everything else (calques,
spelling, grammar) needs a human and is never changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from transcheck.model import Flag

MECHANICAL = frozenset({"quote_style", "spacing", "forbidden_term", "doubled_punctuation"})
MIN_CONFIDENCE = 0.9


def fixable(flag: Flag) -> bool:
    return (
        (flag.check or flag.rule) in MECHANICAL
        and flag.suggestion is not None
        and flag.confidence >= MIN_CONFIDENCE
    )


def apply_fixes(text: str, flags: Sequence[Flag]) -> str:
    """``text`` with the mechanical fixes among ``flags`` applied."""
    chosen: list[Flag] = []
    last_end = -1
    for flag in sorted((f for f in flags if fixable(f)), key=lambda f: (f.start, f.end)):
        if flag.start < last_end or flag.end > len(text) or flag.start > flag.end:
            continue
        chosen.append(flag)
        last_end = flag.end if flag.end > flag.start else flag.end + 1
    out = text
    for flag in reversed(chosen):
        out = out[: flag.start] + (flag.suggestion or "") + out[flag.end :]
    return out

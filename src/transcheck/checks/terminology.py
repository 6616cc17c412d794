"""Terminology family: glossary terms (user TSV/TBX plus built-in defaults)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from transcheck.checks.registry import check
from transcheck.checks.runner import Hit, SegmentContext

_FIXED_BEFORE = ("chicken ", "dynamo ")


@check(
    "forbidden_term",
    family="terminology",
    category="Terminology/Inappropriate for context",
    severity="major",
)
def forbidden_term(ctx: SegmentContext) -> Iterator[Hit]:
    """Forbidden or outdated term ("Kiev" where the style is "Kyiv").

    Uses the glossary's forbidden variants plus the built-in defaults of the
    target language (locale ``[terms]``); the fix replaces the term. False
    positives: historical contexts and fixed names ("Chicken Kiev").
    """
    for start, end, term in ctx.res.glossary.find_forbidden(ctx.text):
        before = ctx.text[max(0, start - 12) : start].lower()
        after = ctx.text[end : end + 12].lower()
        # Fixed names keep the old spelling: "chicken Kiev", "Dynamo Kiev".
        if before.endswith(_FIXED_BEFORE) or after.startswith(" chicken"):
            continue
        yield Hit(start, end, f"'{ctx.text[start:end]}': use '{term.target}'", term.target)


@check(
    "missing_term",
    family="terminology",
    category="Terminology/Wrong term",
    severity="minor",
    needs=("source",),
)
def missing_term(ctx: SegmentContext) -> Iterator[Hit]:
    """Glossary term in the source not rendered with its preferred translation.

    Needs a source segment. False positives: an inflected or paraphrased
    rendering of the term, pronouns standing for it.
    """
    assert ctx.source is not None  # guaranteed by needs=("source",)
    for term in ctx.res.glossary.source_terms_in(ctx.source):
        if re.search(rf"(?<![\w-]){re.escape(term.target)}", ctx.text, re.IGNORECASE):
            continue
        # Zero-width: the preferred term is absent, there is no span for it.
        yield Hit(
            len(ctx.text),
            len(ctx.text),
            f"source term '{term.source}' should be '{term.target}'",
            confidence=0.5,
        )

"""Style family: translationese and calques, from per-language-pair rule packs.

The rules themselves are data (``data/rules/pairs/<src>-<tgt>.toml``); this
module only runs them. Without a known source language every pack for the
target language runs, and the rules that fire are the evidence of the
source-language guess (:mod:`transcheck.checks.source_guess`).
"""

from __future__ import annotations

from collections.abc import Iterator

from transcheck.checks.registry import check
from transcheck.checks.runner import Hit, SegmentContext


@check("translationese", family="style", category="Style/Awkward", severity="minor")
def translationese(ctx: SegmentContext) -> Iterator[Hit]:
    """Calques and source-language interference (rule packs per language pair).

    Catches literal idioms ("as he has never seen them before"), stacked agent
    phrases ("demanded by the West by Moscow"), German-style pre-nominal
    participle chains ("the by the government adopted law"), "since five
    years", "Although ..., but ...", and the like, with a suggestion where one
    exists. False positives: a rule matching a quotation that keeps the
    original wording on purpose; deliberately literal translations.
    """
    for pack in ctx.res.packs:
        for m in pack.finditer(ctx.text):
            rule = m.rule
            yield Hit(
                m.start,
                m.end,
                rule.message,
                rule.suggestion,
                rule=f"{pack.id}:{rule.id}",
                severity=rule.severity,
                category=rule.category,
            )

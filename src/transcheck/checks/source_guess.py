"""Guess the language a text was translated from, from the interference rules that fired.

Each language-pair rule pack names its source language; every rule that
fires adds its weight as evidence for that language. Locale signals of a
source language (German quotation marks „…“, dotted dates) count too.
Confidence grows with the total evidence and with the lead of the best
language over the others.

Known limits: a text with no interference gives lang None; a text
translated from a language without a pack cannot be recognised.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from transcheck.checks.rulepacks import builtin_pair_packs
from transcheck.model import Flag

LANGUAGE_NAMES = {
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "zh": "Chinese",
    "en": "English",
    "it": "Italian",
    "pt": "Portuguese",
    "ru": "Russian",
    "nl": "Dutch",
    "ja": "Japanese",
}
# Locale flags that point at a source language: (rule id, language, weight).
_LOCALE_EVIDENCE = {("quote_style", "„"): ("de", 0.5), ("quote_style", "«"): ("fr", 0.3)}
_EVIDENCE_SCALE = 2.0
# Below this confidence the description says "possibly" (one weak rule).
LIKELY = 0.5


@dataclass(frozen=True, slots=True)
class SourceGuess:
    """``lang`` None means no evidence; ``evidence`` lists 'rule: matched text'."""

    lang: str | None
    confidence: float
    evidence: tuple[str, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()

    def describe(self) -> str:
        if self.lang is None:
            return "no sign of translation from a particular language"
        name = LANGUAGE_NAMES.get(self.lang, self.lang)
        hedge = "likely" if self.confidence >= LIKELY else "possibly"
        return f"{hedge} translated from {name}"

    def to_dict(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "confidence": round(self.confidence, 3),
            "description": self.describe(),
            "evidence": list(self.evidence),
            "scores": {k: round(v, 3) for k, v in self.scores},
        }


def _rule_table() -> dict[str, tuple[str, float]]:
    table = {}
    for pack in builtin_pair_packs():
        if pack.source:
            for rule in pack.rules:
                table[f"{pack.id}:{rule.id}"] = (pack.source, rule.weight)
    return table


def guess_from_flags(texts: Sequence[str], flags: Sequence[Sequence[Flag]]) -> SourceGuess:
    """Weigh the interference flags of a flagged text."""
    table = _rule_table()
    totals: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[str]] = defaultdict(list)
    for text, seg_flags in zip(texts, flags, strict=True):
        for flag in seg_flags:
            span = text[flag.start : flag.end]
            if flag.rule in table:
                lang, weight = table[flag.rule]
            elif (flag.rule, span) in _LOCALE_EVIDENCE:
                lang, weight = _LOCALE_EVIDENCE[(flag.rule, span)]
            else:
                continue
            totals[lang] += weight
            evidence[lang].append(f"{flag.rule}: {span[:60]!r}")
    if not totals:
        return SourceGuess(None, 0.0)
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    best, best_score = ranked[0]
    rest = sum(v for _, v in ranked[1:])
    share = best_score / (best_score + rest)
    strength = 1.0 - math.exp(-best_score / _EVIDENCE_SCALE)
    return SourceGuess(best, round(share * strength, 3), tuple(evidence[best]), tuple(ranked))


def guess_source_language(texts: Sequence[str], lang: str = "en") -> SourceGuess:
    """Guess the source language of ``texts`` (segments of one document in ``lang``)."""
    from transcheck.checks import flag_segments

    results = flag_segments(list(texts), lang=lang, families=("style", "locale"))
    return guess_from_flags(list(texts), [r.flags for r in results])

"""Risk: where translation errors are likely, from the source segment alone.

A long source sentence, rare words and many numbers give a
translator more chances to go wrong. That says nothing about how good a
given translation is, so risk is kept apart from fidelity: it is never a
fidelity feature and never ranks systems in ``compare`` (a score that says
"long sentences are worse" cannot tell two translations of one sentence
apart). It is meant for triage: which segments a reviewer should read first.

``risk = 1 - exp(-(words / 25 + 2 * rare_share + 0.3 * numbers))``
in 0..1, fixed weights (not fitted on the dev sets; bench/mqm_eval.py reports
its global tau beside the source-length baseline). Each term is also
returned, so the reasons can be shown.

Known limits: words are counted on whitespace, or as characters / 1.6 for
scripts without word spacing (zh, ja, ko, th); rare words need a wordfreq
list for the source language (else that term is 0). Names are not counted:
capitalisation marks every German noun.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from transcheck.metrics.signals.base import _WORD
from transcheck.metrics.signals.names import _zipf as zipf
from transcheck.metrics.signals.numbers import numbers

_NO_SPACING = frozenset({"zh", "ja", "ko", "th"})
# Characters per word for scripts without spaces (Chinese ~1.6 per word).
_CHARS_PER_WORD = 1.6
_RARE_ZIPF = 2.5


@dataclass(frozen=True, slots=True)
class Risk:
    """Risk of one source segment and the terms behind it."""

    value: float
    words: float
    rare_share: float
    numbers: int

    def reasons(self) -> list[str]:
        out = []
        if self.words >= 30:
            out.append(f"long sentence ({self.words:.0f} words)")
        if self.rare_share >= 0.1:
            out.append(f"rare words ({self.rare_share:.0%})")
        if self.numbers >= 2:
            out.append(f"{self.numbers} numbers")
        return out

    def to_dict(self) -> dict[str, object]:
        return {"risk": round(self.value, 4), "reasons": self.reasons()}


def _rare_share(words: list[str], lang: str | None) -> float:
    if not lang or lang in _NO_SPACING or not words:
        return 0.0
    lower = [w.lower() for w in words if not w[0].isupper()]
    if not lower:
        return 0.0
    values = [zipf(w, lang) for w in lower]
    if any(v < 0 for v in values):  # -1.0: no word list for the language
        return 0.0
    return sum(v < _RARE_ZIPF for v in values) / len(values)


def source_risk(src: str, src_lang: str | None = None) -> Risk:
    """The risk of translating ``src`` (a function of the source alone)."""
    text = src.strip()
    if not text:
        return Risk(0.0, 0.0, 0.0, 0)
    words = _WORD.findall(text)
    if src_lang in _NO_SPACING:
        count = len(re.sub(r"\s", "", text)) / _CHARS_PER_WORD
    else:
        count = float(len(text.split()))
    rare = _rare_share(words, src_lang)
    n_numbers = len(numbers(text))
    load = count / 25.0 + 2.0 * rare + 0.3 * n_numbers
    return Risk(1.0 - math.exp(-load), count, rare, n_numbers)

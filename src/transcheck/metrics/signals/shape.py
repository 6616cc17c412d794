"""Shape against the source: sentence-mark parity, clause punctuation, length.

Known limits: the expected length ratio comes from coarse per-language
character densities (``CHAR_DENSITY``), not from the segment.
"""

from __future__ import annotations

import math

from transcheck.metrics.signals.base import _QUOTES, CHAR_DENSITY, Signal


def punctuation_parity(hyp: str, src: str) -> Signal:
    """Questions, exclamations and quotes present on one side only."""
    problems = []
    spans: list[tuple[int, int]] = []
    for marks, label in (("?？¿", "question mark"), ("!！¡", "exclamation mark")):
        n_src = sum(src.count(ch) for ch in marks)
        n_hyp = sum(hyp.count(ch) for ch in marks)
        if (n_src > 0) != (n_hyp > 0):
            problems.append(f"{label}: source {n_src}, translation {n_hyp}")
            spans += [(i, i + 1) for i, ch in enumerate(hyp) if ch in marks]
    n_src = sum(src.count(ch) for ch in _QUOTES)
    n_hyp = sum(hyp.count(ch) for ch in _QUOTES)
    if (n_src > 0) != (n_hyp > 0):
        problems.append(f"quotes: source {n_src}, translation {n_hyp}")
        spans += [(i, i + 1) for i, ch in enumerate(hyp) if ch in _QUOTES]
    if not problems:
        return Signal("punctuation", 0.0)
    return Signal("punctuation", float(len(problems)), tuple(spans), "; ".join(problems))


_CLAUSE_MARKS = str.maketrans("，；：（）、－—–", ",;:()," + "---")


def clause_punctuation(hyp: str, other: str) -> Signal:
    """Difference in clause punctuation (, ; : ( ) dashes) between two texts.

    A translation that breaks or merges clauses differently from its source
    or reference tends to be awkward or to shift meaning; MQM annotators
    penalise it. CJK full-width marks count as their ASCII twins. Known
    false positives: languages with different comma rules (German commas
    before every subordinate clause).
    """
    marks = ",;:()-"
    a = hyp.translate(_CLAUSE_MARKS)
    b = other.translate(_CLAUSE_MARKS)
    diff = abs(sum(a.count(m) for m in marks) - sum(b.count(m) for m in marks))
    if not diff:
        return Signal("clause_punctuation", 0.0)
    spans = tuple((i, i + 1) for i, ch in enumerate(a) if ch in marks)
    return Signal(
        "clause_punctuation", float(diff), spans, f"{diff} more/fewer clause marks (, ; : - ( ))"
    )


def length_ratio(
    hyp: str, other: str, *, hyp_lang: str | None = None, other_lang: str | None = None
) -> Signal:
    """|log(length ratio / expected ratio)|: how far the length is off.

    The expected ratio comes from CHAR_DENSITY (1.0 for unknown languages or
    same-language comparison with a reference). Values above ~0.7 (twice or
    half the expected length) suggest an omission or an addition.
    """
    if not hyp.strip() and not other.strip():
        return Signal("length", 0.0)
    expected = CHAR_DENSITY.get(hyp_lang or "", 1.0) / CHAR_DENSITY.get(other_lang or "", 1.0)
    ratio = (len(hyp.strip()) + 1) / ((len(other.strip()) + 1) * expected)
    value = abs(math.log(ratio))
    if value < 0.4:
        return Signal("length", value)
    kind = "longer" if ratio > 1 else "shorter"
    return Signal("length", value, (), f"{ratio:.1f}x the expected length ({kind})")

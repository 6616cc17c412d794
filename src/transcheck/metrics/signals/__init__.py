"""Adequacy signals of one translated segment, each with spans and a message.

A signal compares the hypothesis with its source (reference-free adequacy) or
looks at the hypothesis alone (repetition, rare words, foreign script). Every
function returns a :class:`Signal`: ``value`` >= 0 is the badness the
fidelity model uses as a feature (0 = nothing wrong), ``spans`` are
``(start, end)`` character offsets into the hypothesis where the problem is
visible (empty when the problem is an absence, e.g. a missing number).

One module per detector family, each used by both the fidelity features and
the flags (checks/accuracy.py, checks/source_fidelity.py): ``numbers``,
``names``, ``protected`` (URLs, e-mails, placeholders, tags), ``language``
(untranslated text, wrong target language), ``shape`` (punctuation parity,
clause punctuation, length against the source) and ``target`` (signals of
the hypothesis alone). This module gathers them and runs the source-side set
(:func:`source_signals`).

Known limits: numbers are compared as digit strings after normalising
thousands/decimal separators, plus spelled-out 0-20 in en/de/fr/es and
Chinese/Japanese numerals (``cjk_number``). Names are compared only when the
source is in Latin script.
"""

from __future__ import annotations

from transcheck.metrics.signals.base import CHAR_DENSITY, Signal
from transcheck.metrics.signals.language import untranslated, wrong_language
from transcheck.metrics.signals.names import name_mismatch
from transcheck.metrics.signals.numbers import (
    NumberDiff,
    changed_numbers,
    cjk_number,
    compare_numbers,
    number_mismatch,
    numbers,
)
from transcheck.metrics.signals.protected import (
    ProtectedDiff,
    compare_protected,
    protected_items,
    protected_mismatch,
)
from transcheck.metrics.signals.shape import clause_punctuation, length_ratio, punctuation_parity
from transcheck.metrics.signals.target import (
    NEUTRAL_FUNCTION_SHARE,
    empty_segment,
    function_word_share,
    punctuation_density,
    rare_words,
    repetition,
    unmatched_reference_words,
)

MAX_CHECKED_CHARS = 20_000


def source_signals(
    hyp: str, src: str, *, src_lang: str | None = None, tgt_lang: str | None = None
) -> list[Signal]:
    """Every reference-free adequacy signal of ``hyp`` against its source.

    Texts over ``MAX_CHECKED_CHARS`` are checked on their first
    ``MAX_CHECKED_CHARS`` characters (spans stay valid) and a ``too_long``
    signal says so; the length signal still sees the full texts.
    """
    full_length = length_ratio(hyp, src, hyp_lang=tgt_lang, other_lang=src_lang)
    extra: list[Signal] = []
    if len(hyp) > MAX_CHECKED_CHARS or len(src) > MAX_CHECKED_CHARS:
        extra.append(
            Signal(
                "too_long",
                0.0,
                (),
                f"only the first {MAX_CHECKED_CHARS:,} characters were checked "
                f"(translation {len(hyp):,}, source {len(src):,})",
            )
        )
        hyp, src = hyp[:MAX_CHECKED_CHARS], src[:MAX_CHECKED_CHARS]
    return [
        *extra,
        empty_segment(hyp, src),
        number_mismatch(hyp, src),
        name_mismatch(hyp, src, src_lang=src_lang, tgt_lang=tgt_lang),
        protected_mismatch(hyp, src),
        punctuation_parity(hyp, src),
        full_length,
        untranslated(hyp, src, src_lang=src_lang, tgt_lang=tgt_lang),
    ]


# Share of function words in typical running text (en/de TED dev mean ~0.50);
# used where no word list applies (CJK targets, unknown languages) so the
# feature is neutral there instead of reading as "no function words at all".


__all__ = [
    "CHAR_DENSITY",
    "MAX_CHECKED_CHARS",
    "NEUTRAL_FUNCTION_SHARE",
    "NumberDiff",
    "ProtectedDiff",
    "Signal",
    "changed_numbers",
    "cjk_number",
    "clause_punctuation",
    "compare_numbers",
    "compare_protected",
    "empty_segment",
    "function_word_share",
    "length_ratio",
    "name_mismatch",
    "number_mismatch",
    "numbers",
    "protected_items",
    "protected_mismatch",
    "punctuation_density",
    "punctuation_parity",
    "rare_words",
    "repetition",
    "source_signals",
    "unmatched_reference_words",
    "untranslated",
    "wrong_language",
]

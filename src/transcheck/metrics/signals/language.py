"""Text in the wrong language: untranslated source text and a wrong target language.

Known false positives: names and titles kept in the original on purpose;
short segments are not language-identified.
"""

from __future__ import annotations

from transcheck.metrics.normalize import fold
from transcheck.metrics.signals.base import _CJK, _SCRIPT_OF_LANG, _WORD, Signal
from transcheck.metrics.signals.names import _zipf
from transcheck.metrics.signals.target import _NO_WORD_SPACING, _function_words, function_word_share


def untranslated(
    hyp: str, src: str, *, src_lang: str | None = None, tgt_lang: str | None = None
) -> Signal:
    """Text left in the source language: copied segments or source-script runs.

    Known false positives: names and titles kept in the original on purpose.
    """
    spans: list[tuple[int, int]] = []
    script = _SCRIPT_OF_LANG.get(src_lang or "")
    tgt_script = _SCRIPT_OF_LANG.get(tgt_lang or "")
    if script is not None and script is not tgt_script:
        spans = [(m.start(), m.end()) for m in script.finditer(hyp)]
    raw_h, raw_s = len(hyp.strip()), len(src.strip())
    # A copy (fuzzy ratio >= 90) needs lengths within ~20% of each other;
    # checking that first skips folding both texts for nearly every segment.
    similar = raw_h > 0 and raw_s > 15 and min(raw_h, raw_s) >= 0.7 * max(raw_h, raw_s)
    if (
        similar
        and src_lang != tgt_lang
        and (stripped_h := fold(hyp.strip()))
        and len(stripped_s := fold(src.strip())) > 15
        and _copied(stripped_h, stripped_s, src_lang, tgt_lang)
    ):
        return Signal(
            "untranslated", 1.0, ((0, len(hyp)),), "the translation is a copy of the source"
        )
    if (
        not spans
        and src_lang
        and tgt_lang
        and src_lang != tgt_lang
        and script is None
        and tgt_script is None
    ):
        spans = _foreign_words(hyp, src, src_lang, tgt_lang)
    if not spans:
        return Signal("untranslated", 0.0)
    chars = sum(e - s for s, e in spans)
    value = min(1.0, chars / max(1, len(hyp.strip())))
    words = ", ".join(hyp[s:e] for s, e in spans[:5])
    return Signal("untranslated", value, tuple(spans), f"left in the source language: {words}")


def _copied(hyp: str, src: str, src_lang: str | None, tgt_lang: str | None) -> bool:
    """Is the (folded) hypothesis a copy of the (folded) source?

    Nearly every hypothesis word must occur in the source, and the text must
    look like the source language: names and numbers alone ("Biden warned
    Putin in Kiev" / "Biden warnte Putin in Kiew") are not a copy.
    """
    from rapidfuzz import fuzz

    if fuzz.ratio(hyp, src) < 90:
        return False
    hyp_words = [m.group() for m in _WORD.finditer(hyp)]
    src_words = {m.group() for m in _WORD.finditer(src)}
    if not hyp_words:
        return True
    shared = sum(w in src_words for w in hyp_words) / len(hyp_words)
    if shared < 0.8:
        return False
    if not src_lang or not tgt_lang:
        return True
    # Some word must be at home in the source language but not the target.
    return any(
        (home := _zipf(w, src_lang)) >= 2.5 and home > _zipf(w, tgt_lang) + 1.0 for w in hyp_words
    )


def _foreign_words(hyp: str, src: str, src_lang: str, tgt_lang: str) -> list[tuple[int, int]]:
    """Lower-case words copied from the source that the target language lacks."""
    src_words = {m.group().lower() for m in _WORD.finditer(src)}
    spans = []
    for m in _WORD.finditer(hyp):
        word = m.group()
        low = word.lower()
        if len(low) < 4 or word[0].isupper() or low not in src_words:
            continue
        if _zipf(low, tgt_lang) < 2.0 and _zipf(low, src_lang) >= 3.0:
            spans.append((m.start(), m.end()))
    return spans


_WRONG_LANGUAGE_GATE = 0.2
_WRONG_LANGUAGE_MIN_WORDS = 5
_WRONG_LANGUAGE_CONFIDENCE = 0.8


def wrong_language(hyp: str, tgt_lang: str | None) -> Signal:
    """The hypothesis is written in another language than the target one.

    Gated by cheap tests (few target function words, or for CJK targets few
    CJK characters) so that language identification runs on few segments.
    Known limits: five words at least; closely related languages (no/da)
    are not told apart reliably, so a confident guess is needed.
    """
    if not tgt_lang:
        return Signal("wrong_language", 0.0)
    tgt = tgt_lang.split("-")[0].lower()
    text = hyp[:2000]
    if tgt in _NO_WORD_SPACING:
        letters = sum(ch.isalpha() for ch in text)
        cjk = sum(len(run) for run in _CJK.findall(text))
        if letters < 4 or cjk > letters / 3:
            return Signal("wrong_language", 0.0)
    else:
        words = _WORD.findall(text)
        if len(words) < _WRONG_LANGUAGE_MIN_WORDS or not _function_words(tgt):
            return Signal("wrong_language", 0.0)
        if function_word_share(text, tgt) >= _WRONG_LANGUAGE_GATE:
            return Signal("wrong_language", 0.0)
    from transcheck.langid import UNDETERMINED, detect_language

    guess = detect_language(text)
    if (
        guess.lang == UNDETERMINED
        or guess.lang.split("-")[0] == tgt
        or guess.confidence < _WRONG_LANGUAGE_CONFIDENCE
    ):
        return Signal("wrong_language", 0.0)
    return Signal(
        "wrong_language",
        1.0,
        ((0, len(hyp)),),
        f"written in {guess.lang}, not in {tgt}",
    )

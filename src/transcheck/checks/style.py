"""Style family: translationese and calques, from per-language-pair rule packs.

The rules themselves are data (``data/rules/pairs/<src>-<tgt>.toml``); this
module only runs them. Without a known source language every pack for the
target language runs, and the rules that fire are the evidence of the
source-language guess (:mod:`transcheck.checks.source_guess`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from transcheck.checks.collocation import FUNCTION_ZIPF, collocations, phrase_words
from transcheck.checks.registry import check
from transcheck.checks.rulepacks import base_lang
from transcheck.checks.runner import Hit, SegmentContext
from transcheck.checks.text import zipf


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


# A quoted phrase: curly quotes, or straight ones that open after a space or
# bracket and close before a space or punctuation (so the text *between* two
# quotations never reads as one).
_QUOTED = re.compile(
    r"“(?P<curly>[^“”\"\n]{1,80}?)”"
    r"|(?<![^\s(\[—–])\"(?P<straight>\S[^\"“”\n]{0,78}?(?<=\S))\"(?=[\s.,;:!?)\]—–]|$)"
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
QUOTED_MIN_WORDS, QUOTED_MAX_WORDS = 2, 4
# A literal rendering is no likelier as a phrase than its words apart; an
# English expression ("peace of mind", "petty cash") is, by a wide margin.
ASSOCIATION_MAX = 0.5
# A capitalised word this rare in English (Zipf) inside a Title Case phrase
# is most likely part of a name ("Wang Yi"): names are quoted as they are.
NAME_ZIPF = 4.0


def _chinese_source(ctx: SegmentContext) -> bool:
    src = ctx.res.src_lang
    if src:
        return base_lang(src) == "zh"
    return bool(ctx.source) and _HAN.search(ctx.source or "") is not None


def _name_like(parts: list[str]) -> bool:
    content = [p for p in parts if zipf(p, "en") < FUNCTION_ZIPF]
    title = len(content) >= 2 and all(p[:1].isupper() for p in content)
    return title and any(zipf(p, "en") < NAME_ZIPF for p in content)


@check("quoted_calque", family="style", category="Style/Awkward", severity="major")
def quoted_calque(ctx: SegmentContext) -> Iterator[Hit]:
    """Quoted literal calque of a Chinese slogan or term ("two safeguards").

    Chinese news quotes its slogans and coined terms; machine translation
    renders them word by word inside the quotation marks, and raters mark the
    quoted words Style/Unnatural. Runs on English text whose source is
    Chinese (``--src-lang zh`` or Han characters in the source). A quoted
    phrase of 2-4 plain words is flagged, quotes included, when CMU's trigram
    model of English (shipped in ``pocketsphinx``) knows every word, has not
    seen some pair of its content words together, and finds the words no
    likelier as one phrase than apart (:mod:`transcheck.checks.collocation`).
    Never flagged: single words, phrases with digits or brackets, words the
    model does not know (names, pinyin), Title Case names with a rare word,
    quotations of five words or more (speech). False positives: a new English
    coinage the model (trained on older text) has not seen; a quoted title.
    """
    text = ctx.text
    if ctx.lang != "en" or ('"' not in text and "“" not in text) or not _chinese_source(ctx):
        return
    for m in _QUOTED.finditer(text):
        inner = (m.group("curly") or m.group("straight") or "").strip().rstrip(".,;:!?").strip()
        parts = phrase_words(inner)
        if not parts or not QUOTED_MIN_WORDS <= len(parts) <= QUOTED_MAX_WORDS:
            continue
        if _name_like(parts):
            continue
        lm = collocations()
        if lm is None:
            return
        ev = lm.evidence(parts)
        if ev.unknown or not ev.unseen_pair or ev.association >= ASSOCIATION_MAX:
            continue
        yield Hit(
            m.start(),
            m.end(),
            f"quoted phrase '{inner}' reads as a word-for-word rendering: English does "
            "not use these words together (literal calque of a Chinese term)",
            "render the meaning, or keep the literal term and explain it once",
            rule="zh-en:quoted_calque",
            confidence=min(1.0, 0.5 + max(0.0, -ev.association) / 4),
        )

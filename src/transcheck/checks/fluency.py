"""Fluency family: repeated words, spacing, spelling, punctuation, sentence shape.

Spelling uses offline word lists only (pyspellchecker and wordfreq, both
installed packages). To keep precision, capitalised words (names, German
nouns), all-caps acronyms, words with digits and hyphenated compounds are
never spell-checked, and a word is flagged only when *neither* list knows it
well.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from functools import lru_cache
from itertools import pairwise

from transcheck.checks.registry import check
from transcheck.checks.runner import Hit, SegmentContext
from transcheck.checks.text import common_zipf, spelling_lexicon, suggest, tokens
from transcheck.checks.text import words as word_list

_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=[^\W\d_])[ \u00a0]+(?=[,.;:!?](?:\s|$|[\"”’»)]))")
_SPACE_BEFORE_FR = re.compile(r"(?<=[^\W\d_])[ ]+(?=[,.](?:\s|$))")
_MISSING_AFTER = re.compile(
    r"(?<=[^\W\d_]{2})([,;])(?=[^\W\d_])|(?<=[a-z]{2})([.!?])(?=[A-Z][a-z])"
)
_SPACED_HYPHEN = re.compile(r"(?<=[^\W\d_,;]) -{1,2} (?=\S)|(?<=[^\W\d_])--(?=[^\W\d_])")
_SPACE_MISPLACED = re.compile(r"(?<=[^\W\d_]) ([,;])(?=[^\W\d_])")
_SPACE_PUNCT_HINT = re.compile(r"[ \u00a0][,.;:!?]")
_MISSING_HINT = re.compile(r"[,;.!?][^\W\d_]")
_FR_HIGH = re.compile(r"(?<=[^\W\d_])([;:!?])")
_DOUBLED_PUNCT = re.compile(r"(?<![.,])([,;:])\1(?![.,])|(?<!\.)\.\.(?!\.)")
_SENTENCE = re.compile(r"[^.!?;。！？]{1,100000}")
_A_AN = re.compile(r"\b([Aa]n?)\s+([^\W\d_][\w’'-]*)")
# "a one-off", "a European": vowel letters with a consonant sound. Words in
# u- are skipped (a unit / an umbrella: the letter does not tell).
_A_EXCEPT = ("eu", "one", "once", "ewe")
# "an hour", "an honest": silent h; x- is "ex" (an x-ray).
_AN_EXCEPT = ("hour", "honest", "honor", "honour", "heir", "herb", "x")
_VOWELS = frozenset("aeioAEIO")
_VOWELS_U = frozenset("aeiouAEIOU")
_BRACKETS = (("(", ")"), ("[", "]"), ("“", "”"), ("«", "»"), ("„", "“"))


@check("repeated_word", family="fluency", category="Fluency/Grammar", severity="minor")
def repeated_word(ctx: SegmentContext) -> Iterator[Hit]:
    """Repeated word ("the the").

    Catches the same word twice in a row, separated only by spaces.
    False positives: legitimate repeats listed per language in the locale
    data ("had had", "that that", "das das") are skipped.
    """
    folded = [w.casefold() for w in ctx.words]
    if not any(map(str.__eq__, folded, folded[1:])):
        return  # no word follows itself: nothing can repeat (tokens not needed)
    allowed = {w.casefold() for w in ctx.res.locale.get("allowed_repeats", ())}
    toks = ctx.tokens
    text = ctx.text
    for prev, tok in pairwise(toks):
        if (
            tok.text.casefold() == prev.text.casefold()
            and text[prev.end : tok.start].strip(" ") == ""
            and tok.text.casefold() not in allowed
            and not tok.text[:1].isupper()
        ):
            yield Hit(prev.end, tok.end, f"repeated word '{tok.text}'", "")


@check("spacing", family="fluency", category="Fluency/Punctuation", severity="minor")
def spacing(ctx: SegmentContext) -> Iterator[Hit]:
    """Missing or extra spaces around words and punctuation.

    Catches double spaces, a space before , . ; : ! ? (except where the locale
    wants one, as French does before ; : ! ?), and a missing space after a
    comma or a sentence end ("word,word", "end.Next"). False positives: code,
    URLs and file names inside prose.
    """
    text = ctx.text
    if "  " in text or "\u00a0 " in text or " \u00a0" in text:
        for m in _DOUBLE_SPACE.finditer(text):
            yield Hit(m.start(), m.end(), "extra space", " ")
    high = bool(ctx.res.locale.get("space_before_high_punct"))
    if _SPACE_PUNCT_HINT.search(text):
        for m in (_SPACE_BEFORE_FR if high else _SPACE_BEFORE).finditer(text):
            yield Hit(m.start(), m.end(), "space before punctuation", "")
        for m in _SPACE_MISPLACED.finditer(text):
            yield Hit(
                m.start(), m.end(), "space before instead of after the comma", m.group(1) + " "
            )
    for m in _MISSING_AFTER.finditer(text) if _MISSING_HINT.search(text) else ():
        if (
            "://" in text[max(0, m.start() - 30) : m.start()]
            or "@" in text[max(0, m.start() - 30) : m.start()]
        ):
            continue
        yield Hit(m.start(), m.end(), "missing space after punctuation", m.group() + " ")
    if high:
        for m in _FR_HIGH.finditer(text):
            if "://" in text[max(0, m.start() - 30) : m.end() + 2]:
                continue
            yield Hit(
                m.start(),
                m.end(),
                f"missing (narrow) no-break space before '{m.group()}'",
                "\u202f" + m.group(),
            )


@check("spaced_hyphen", family="fluency", category="Fluency/Punctuation", severity="minor")
def spaced_hyphen(ctx: SegmentContext) -> Iterator[Hit]:
    """Hyphen or double hyphen used as a dash (" - ", "--").

    A parenthetical dash is typeset as the locale's dash (English "—",
    German/French/Spanish " – "), not a hyphen. False positives: plain-text
    conventions (e-mail, code) where "--" is deliberate; minus signs.
    """
    text = ctx.text
    if " - " not in text and "--" not in text:
        return
    dash = str(ctx.res.locale.get("dash", "–"))
    for m in _SPACED_HYPHEN.finditer(text):
        # The span is the hyphen(s) only: the spaces around may be right.
        start = m.start() + (len(m.group()) - len(m.group().lstrip(" ")))
        end = start + len(m.group().strip(" "))
        yield Hit(start, end, f"hyphen used as a dash: write '{dash}'", dash)


@check("doubled_punctuation", family="fluency", category="Fluency/Punctuation", severity="minor")
def doubled_punctuation(ctx: SegmentContext) -> Iterator[Hit]:
    """Doubled punctuation (",," or "..").

    Catches a comma, semicolon or colon typed twice and two full stops that
    are not an ellipsis. False positives: "..." is an ellipsis and skipped.
    """
    text = ctx.text
    if ",," not in text and ";;" not in text and "::" not in text and ".." not in text:
        return
    for m in _DOUBLED_PUNCT.finditer(text):
        yield Hit(m.start(), m.end(), "doubled punctuation", m.group()[0])


@check("unbalanced_brackets", family="fluency", category="Fluency/Punctuation", severity="minor")
def unbalanced_brackets(ctx: SegmentContext) -> Iterator[Hit]:
    """Unbalanced brackets or quotation marks.

    Catches an opening bracket or typographic quote without its closing mate
    (and the reverse). False positives: quotations that continue over several
    segments (a quote opened in one line and closed in the next).
    """
    text = ctx.text
    for open_, close in _BRACKETS:
        if open_ not in text and close not in text:
            continue
        if open_ == "„":  # „…“ shares its closer with English “…”
            if text.count("„") > text.count("“"):
                i = text.rfind("„")
                yield Hit(i, i + 1, "quotation mark '„' is never closed")
            continue
        if open_ == "“" and "„" in text:
            continue
        depth = 0
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch == open_:
                stack.append(i)
                depth += 1
            elif ch == close:
                if stack:
                    stack.pop()
                else:
                    yield Hit(i, i + 1, f"'{close}' without a matching '{open_}'")
        for i in stack:
            yield Hit(i, i + 1, f"'{open_}' is never closed")


@check("spelling", family="fluency", category="Fluency/Spelling", severity="minor")
def spelling(ctx: SegmentContext) -> Iterator[Hit]:
    """Misspelled word (offline word lists, en/de/fr/es/pt/it/nl).

    Catches lowercase words that neither pyspellchecker's list nor wordfreq
    knows (or knows only as very rare). Skipped to keep precision: capitalised
    words (names; all German nouns), acronyms, words with digits, hyphenated
    compounds, words shorter than 3 letters, words the source also has
    (names, codes), placeholders, URLs and accelerator markers ("Ö_ffnen" is
    "Öffnen"). Languages whose word list gives too many false alarms
    (Russian: valid inflected forms) are listed off in
    ``data/l10n/spelling.toml``. False positives: rare technical
    terms and new coinages; long German compounds that are written lowercase.
    """
    lang = ctx.lang
    if lang not in _reliable_spelling() and not _hunspell_reliable(lang):
        return
    lexicon = spelling_lexicon(lang)
    if lexicon is None:
        return
    original = ctx.text
    text, words, toks, marks = ctx.text, ctx.words, None, ()
    marker = getattr(ctx.unit, "accelerator", None)
    if marker and marker in text:
        # "Ö_ffnen" is "Öffnen" with a mnemonic, not the word "ffnen".
        from transcheck.checks.l10n_units import strip_accelerator

        text, marks = strip_accelerator(text, marker)
        words = word_list(text)
    unknown = {w for w in words if _unknown(w, lang, lexicon)}
    if unknown and ctx.source:
        # A word the source has too is a name or a code ("thunar", "gvfs").
        in_source = ctx.source.casefold()
        unknown = {w for w in unknown if w.casefold() not in in_source}
    if not unknown:
        return
    # Words inside URLs, e-mail addresses, file names, placeholders and tags
    # are not prose.
    masked = [m.span() for m in _ADDRESS.finditer(text)] if _ADDRESS_HINT.search(text) else []
    if "%" in text or "{" in text or "<" in text or "$" in text:
        from transcheck.checks.placeholders import protected_spans

        masked += protected_spans(text)
    # Identifiers ("tree_view", "g_mkdir_with_parents": settings keys, function
    # names) are code, not words; found in the text as written, before the
    # accelerator marker is taken out. "Ö_ffnen" is a word with its marker:
    # an identifier has two underscores or is copied from the source.
    idents = []
    if "_" in original:
        source = ctx.source or ""
        idents = [m.span() for m in _IDENTIFIER.finditer(original)
                  if m.group().count("_") > 1 or m.group() in source]
    toks = tokens(text) if marks else ctx.tokens
    count = 0
    for tok in toks:
        word = tok.text
        if word not in unknown or any(a <= tok.start < b for a, b in masked):
            continue
        count += 1
        if count > 8:  # a wall of unknown words is a language problem, not spelling
            return
        start, end = tok.start, tok.end
        if marks:
            from transcheck.checks.l10n_units import to_original

            start, end = to_original(start, marks), to_original(end - 1, marks) + 1
        if any(a <= start < b for a, b in idents):
            continue
        yield Hit(start, end, f"unknown word '{word}'", suggest(word, lang), confidence=0.6)


@lru_cache(maxsize=1)
def _spelling_settings() -> dict[str, list[str]]:
    import tomllib
    from importlib.resources import files

    path = files("transcheck").joinpath("data/l10n/spelling.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _reliable_spelling() -> frozenset[str]:
    """Languages whose word lists are good enough (``data/l10n/spelling.toml``)."""
    return frozenset(_spelling_settings()["reliable"])


@lru_cache(maxsize=8)
def _hunspell_reliable(lang: str) -> bool:
    """A language good enough only with its Hunspell dictionary, and it is installed."""
    if lang not in _spelling_settings().get("with_hunspell", []):
        return False
    from transcheck.checks.hunspell import for_language

    return for_language(lang) is not None


# Longer "words" are not words (hashes, runs of letters): judging them costs
# O(length^2) in the compound and suggestion searches.
_MAX_SPELL_LEN = 40
_ADDRESS_HINT = re.compile(r"://|www\.|@|\.[a-z]{2,4}\b")
_ADDRESS = re.compile(
    r"\S{0,200}(?:://|www\.|@)\S{1,500}|\b[\w-]{1,100}\.(?:com|org|net|de|fr|es|txt|pdf|py|html?)\b"
)
_COMMON_MISSPELLING_MAX = 3.5
_IDENTIFIER = re.compile(r"[A-Za-z0-9]{1,100}(?:_[A-Za-z0-9]{1,100}){1,20}")
_EN_CLITICS = ("n't", "'s", "'re", "'ve", "'ll", "'d", "'m")


def _known(low: str, lang: str, lexicon: Container[str]) -> bool:
    return low in lexicon or common_zipf(low, lang) >= 2.5


def _compound(low: str, lang: str, lexicon: Container[str]) -> bool:
    """True when ``low`` splits into two common words ("supermassive", "mitklettert")."""
    for cut in range(3, len(low) - 2):
        head, tail = low[:cut], low[cut:]
        if common_zipf(head, lang) >= 3.0 and (common_zipf(tail, lang) >= 3.0 or tail in lexicon):
            return True
    return False


def _unknown(word: str, lang: str, lexicon: Container[str]) -> bool:
    """Cheap pre-test of the spelling check: a lowercase word no list knows.

    Compounds of two common words count as known: German writes them solid
    and English coins them ("supermassive"), so flagging them floods output.
    """
    if len(word) < 3 or len(word) > _MAX_SPELL_LEN or not word[0].islower() or "-" in word:
        return False
    low = word.lower().replace("’", "'")
    if "'" in low:
        if lang == "en":
            for clitic in _EN_CLITICS:
                if low.endswith(clitic):
                    low = low[: -len(clitic)] if clitic != "n't" else low[:-3]
                    break
            if low in {"ca", "wo", "sha", "ai"} or _known(low + "n't", lang, lexicon):
                return False  # can't, won't, shan't, ain't
        else:
            low = low.rsplit("'", 1)[-1]
    if len(low) < 3 or low in lexicon:
        return False
    if lang == "de" and len(low) > 12:
        return False  # lowercase German compounds are productive; lists miss them
    z = common_zipf(low, lang)
    if z >= _COMMON_MISSPELLING_MAX:
        return False
    if z >= 2.5:
        # Known to wordfreq but not to the dictionary: a frequent misspelling
        # ("recieve") when a word one edit away is far more frequent.
        best = suggest(low, lang)
        return best is not None and common_zipf(best.lower(), lang) >= z + 1.5
    return not _compound(low, lang, lexicon)


@check("a_an", family="fluency", category="Fluency/Grammar", severity="minor")
def a_an(ctx: SegmentContext) -> Iterator[Hit]:
    """English article 'a' before a vowel sound or 'an' before a consonant.

    Uses the first letter with exceptions for "a European/one" and
    "an hour/honest/x-ray"; words in u- are not judged, nor capitalised words
    (acronyms read letter by letter). False positives: rare words whose
    first letter misleads ("a eulogy" is fine, "an one" is not caught).
    """
    if ctx.lang != "en":
        return
    for m in _A_AN.finditer(ctx.text):
        article, word = m.group(1), m.group(2)
        if word[:1].isupper() or len(word) < 2:
            continue
        low = word.lower()
        if article.lower() == "a" and word[0] in _VOWELS and not low.startswith(_A_EXCEPT):
            yield Hit(
                m.start(1),
                m.end(2),
                f"'a' before a vowel sound in '{word}'",
                ("An" if article[0] == "A" else "an") + " " + word,
            )
        elif (
            article.lower() == "an" and word[0] not in _VOWELS_U and not low.startswith(_AN_EXCEPT)
        ):
            yield Hit(
                m.start(1),
                m.end(2),
                f"'an' before a consonant in '{word}'",
                ("A" if article[0] == "A" else "a") + " " + word,
            )


@check("long_sentence", family="fluency", category="Style/Awkward", severity="minor")
def long_sentence(ctx: SegmentContext) -> Iterator[Hit]:
    """Over-long or deeply nested sentence.

    Catches a sentence longer than the locale's ``long_sentence_words``
    (English 40) or with brackets nested two deep. False positives: lists and
    legal text, where long sentences are the norm.
    """
    limit = int(ctx.res.locale.get("long_sentence_words", 40))
    text = ctx.text
    if len(ctx.words) > limit:
        for m in _SENTENCE.finditer(text):
            n = len(re.findall(r"[^\W\d_]+", m.group()))
            if n > limit:
                start = m.start() + (len(m.group()) - len(m.group().lstrip()))
                yield Hit(
                    start, m.end(), f"sentence of {n} words (over {limit}): consider splitting"
                )
    if text.count("(") + text.count("[") < 2:
        return
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
            if depth == 2:
                yield Hit(i, i + 1, "brackets nested two deep")
        elif ch in ")]":
            depth = max(0, depth - 1)

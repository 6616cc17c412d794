"""Language identification: the writing system first, then seeded langdetect.

:func:`detect_language` looks at the script of the letters first, so short
segments get a sane answer without any statistics: Hangul -> ``ko``, Kana ->
``ja``, Han without Kana -> ``zh``, Greek, Hebrew, Thai, Georgian, Armenian and
the Indic scripts -> their language; Cyrillic, Arabic and Devanagari are
narrowed by tell-tale letters and then by langdetect restricted to the
languages of that script. Latin-script text goes to langdetect restricted to
Latin-script languages; with fewer than six words its confidence is scaled
down. langdetect is seeded (``DetectorFactory.seed = 0``) and its profiles are
loaded once per process, so results repeat.

Known limits: langdetect knows 55 languages; closely related pairs (no/da,
hr/sr-Latn, id/ms) and one- or two-word Latin segments are unreliable, which
the confidence says. Han-only text is called ``zh`` even when it is a
Japanese kanji compound.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import Any

from transcheck.errors import ConfigError
from transcheck.model import Document, LanguageGuess, Segment

UNDETERMINED = "und"
SEED = 0
# langdetect's n-gram statistics need a few words; below this, scale down.
_FULL_CONFIDENCE_WORDS = 6
_SAMPLE_CHARS = 10_000
_HAN_SURE = 4
# In a document, a segment whose own guess is weaker than this takes the
# document's language.
_FALLBACK_BELOW = 0.2
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# (first code point, script name); a code point belongs to the last start <= it.
_SCRIPT_RANGES: tuple[tuple[int, str | None], ...] = (
    (0x0000, None), (0x0041, "Latin"), (0x005B, None), (0x0061, "Latin"), (0x007B, None),
    (0x00C0, "Latin"), (0x0250, None), (0x0370, "Greek"), (0x0400, "Cyrillic"),
    (0x0530, "Armenian"), (0x0590, "Hebrew"), (0x0600, "Arabic"), (0x0700, None),
    (0x0750, "Arabic"), (0x0780, None), (0x0900, "Devanagari"), (0x0980, "Bengali"),
    (0x0A00, "Gurmukhi"), (0x0A80, "Gujarati"), (0x0B00, None), (0x0B80, "Tamil"),
    (0x0C00, "Telugu"), (0x0C80, "Kannada"), (0x0D00, "Malayalam"), (0x0D80, "Sinhala"),
    (0x0E00, "Thai"), (0x0E80, "Lao"), (0x0F00, None), (0x1000, "Myanmar"), (0x10A0, "Georgian"),
    (0x1100, "Hangul"), (0x1200, "Ethiopic"), (0x1400, None), (0x1780, "Khmer"), (0x1800, None),
    (0x1E00, "Latin"), (0x1F00, "Greek"), (0x2000, None), (0x3040, "Kana"), (0x3100, None),
    (0x3130, "Hangul"), (0x3190, None), (0x31F0, "Kana"), (0x3200, None), (0x3400, "Han"),
    (0x4DC0, None), (0x4E00, "Han"), (0xA000, None), (0xAC00, "Hangul"), (0xD7B0, None),
    (0xF900, "Han"), (0xFB00, None), (0xFF66, "Kana"), (0xFFA0, None), (0x20000, "Han"),
    (0x2FA20, None),
)  # fmt: skip
_STARTS = [start for start, _ in _SCRIPT_RANGES]

# Scripts that name their language outright.
_SCRIPT_LANG = {
    "Greek": "el", "Hebrew": "he", "Thai": "th", "Georgian": "ka", "Armenian": "hy",
    "Bengali": "bn", "Gurmukhi": "pa", "Gujarati": "gu", "Tamil": "ta", "Telugu": "te",
    "Kannada": "kn", "Malayalam": "ml", "Sinhala": "si", "Lao": "lo", "Myanmar": "my",
    "Khmer": "km", "Ethiopic": "am", "Hangul": "ko",
}  # fmt: skip
# langdetect profiles per script, used as a restriction (prior) for that script.
_SCRIPT_PROFILES = {
    "Latin": [
        "af", "ca", "cs", "cy", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "id",
        "it", "lt", "lv", "nl", "no", "pl", "pt", "ro", "sk", "sl", "so", "sq", "sv", "sw",
        "tl", "tr", "vi",
    ],
    "Cyrillic": ["ru", "uk", "bg", "mk"],
    "Arabic": ["ar", "fa", "ur"],
    "Devanagari": ["hi", "mr", "ne"],
}
# Letters that only some languages of a script use: (letters, language).
_TELLTALES = {
    "Cyrillic": (("їєґі", "uk"), ("ў", "be"), ("ѓќѕ", "mk"), ("ђћџ", "sr")),
    # Urdu's letters first: Urdu shares Persian's ی and ک (Arabic has ي and ك).
    "Arabic": (("ٹڈڑںے", "ur"), ("پچژگیک", "fa")),
}
_SCRIPT_DEFAULT = {"Cyrillic": "ru", "Arabic": "ar", "Devanagari": "hi", "Latin": "en"}
METHODS = ("profile", "langdetect")
# langdetect's smoothing: alpha 0.5 over a base frequency of 10,000.
_SMOOTHING = 0.5 / 10_000
# Below this many words, add word-frequency evidence (profile method).
_WORD_EVIDENCE_BELOW = 10
_WORD_CANDIDATES = 6
_WORD_FLOOR = 1e-7
# The preferred (document) language gets this share of the prior: in a
# document, most segments are in the document's language.
_PREFER_MASS = 0.9
# langdetect code -> wordfreq code, where they differ.
_WORDFREQ_CODE = {"no": "nb", "tl": "fil", "hr": "sh"}
_WORD_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=8192)
def script_of(ch: str) -> str | None:
    """The script of one character (letters only; digits and punctuation -> None)."""
    return _SCRIPT_RANGES[bisect_right(_STARTS, ord(ch)) - 1][1]


def script_counts(text: str) -> Counter[str]:
    """How many letters of each script ``text`` has (looks at 10,000 chars at most)."""
    sample = text[:_SAMPLE_CHARS]
    # ASCII letters are counted by a regex; only the other characters need
    # the per-character script lookup.
    counts: Counter[str] = Counter()
    latin = len(_ASCII_LETTER.findall(sample))
    if latin:
        counts["Latin"] = latin
    if sample.isascii():
        return counts
    for ch in _NON_ASCII.findall(sample):
        if ch.isalpha():
            script = script_of(ch)
            if script is not None:
                counts[script] += 1
    return counts


@lru_cache(maxsize=1)
def _factory() -> Any:
    """langdetect's profiles, loaded once per process (about 0.5 s)."""
    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY

    DetectorFactory.seed = SEED
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = SEED
    return factory


@lru_cache(maxsize=64)
def _prior(candidates: tuple[str, ...], favour: str | None = None) -> list[float]:
    """A langdetect prior: zero outside ``candidates``; ``favour`` gets half the mass."""
    langlist = _factory().get_lang_list()
    if favour not in candidates:
        return [1.0 if lang in candidates else 0.0 for lang in langlist]
    other = 0.5 / max(len(candidates) - 1, 1)
    return [0.5 if lang == favour else other if lang in candidates else 0.0 for lang in langlist]


class _Normalizer(dict[int, str]):
    """A ``str.translate`` table that applies langdetect's character normalisation."""

    def __missing__(self, code: int) -> str:
        from langdetect.utils.ngram import NGram

        value = str(NGram.normalize(chr(code)))
        self[code] = value
        return value


class _ProfileModel:
    """langdetect's profiles as a matrix of log probabilities (n-gram x language)."""

    def __init__(self) -> None:
        import numpy as np

        factory = _factory()
        self.langs: list[str] = list(factory.get_lang_list())
        self.column = {lang: i for i, lang in enumerate(self.langs)}
        keys = list(factory.word_lang_prob_map)
        self.index = {key: i for i, key in enumerate(keys)}
        table = np.array([factory.word_lang_prob_map[k] for k in keys], dtype=np.float32)
        self.logprob = np.log(table + np.float32(_SMOOTHING))
        self.normalizer = _Normalizer()
        self._restricted: dict[tuple[str, ...], tuple[list[str], Any]] = {}

    def restricted(self, candidates: tuple[str, ...]) -> tuple[list[str], Any]:
        """(language names, contiguous log-probability columns) for ``candidates``."""
        import numpy as np

        if candidates not in self._restricted:
            names = [c for c in candidates if c in self.column]
            cols = [self.column[c] for c in names]
            self._restricted[candidates] = (names, np.ascontiguousarray(self.logprob[:, cols]))
        return self._restricted[candidates]

    def ngrams(self, text: str) -> list[int]:
        """Row ids of the 1-3-grams langdetect would extract from ``text``.

        Like langdetect, words with two capitals in a row (``NATO``) are skipped.
        Words are joined by single spaces, so every bigram of the joined text
        is a bigram of one padded word; trigrams spanning two words (a space in
        the middle) are dropped.
        """
        words = [
            w
            for w in text.translate(self.normalizer).split()
            if w == w.lower() or not _capital_run(w)
        ]
        if not words:
            return []
        joined = " " + " ".join(words) + " "
        grams = [ch for ch in joined if ch != " "]
        grams += [joined[i : i + 2] for i in range(len(joined) - 1)]
        grams += [joined[i : i + 3] for i in range(len(joined) - 2) if joined[i + 1] != " "]
        get = self.index.get
        return [row for row in map(get, grams) if row is not None]


def _capital_run(word: str) -> bool:
    return any(a.isupper() and b.isupper() for a, b in pairwise(word))


@lru_cache(maxsize=1)
def _model() -> _ProfileModel:
    return _ProfileModel()


@lru_cache(maxsize=64)
def _wordfreq_table(lang: str) -> dict[str, float] | None:
    """wordfreq's "small" list for ``lang`` (about 30k words), or None."""
    import wordfreq

    code = _WORDFREQ_CODE.get(lang, lang)
    # Asking for a missing language makes wordfreq log a "nearest match"
    # warning and answer for another language; ask only for listed ones.
    if code not in wordfreq.available_languages(wordlist="small"):
        return None
    return dict(wordfreq.get_frequency_dict(code, wordlist="small"))


def _profile(
    text: str, candidates: Sequence[str], favour: str | None = None
) -> tuple[str, float] | None:
    """Naive Bayes over langdetect's profiles, plus word evidence for short text."""
    import numpy as np

    model = _model()
    rows = model.ngrams(text[:_SAMPLE_CHARS])
    if not rows:
        return None
    names, table = model.restricted(tuple(candidates))
    scores = table[rows].sum(axis=0, dtype=np.float64)
    if favour in names and len(names) > 1:
        # Prior odds of the preferred language against each other one.
        odds = _PREFER_MASS / ((1 - _PREFER_MASS) / (len(names) - 1))
        scores[names.index(favour)] += np.log(odds)
    words = [w.lower().replace("’", "'") for w in _WORD_TOKEN.findall(text[:2000])]
    if 0 < len(words) < _WORD_EVIDENCE_BELOW:
        keep = names.index(favour) if favour in names else None
        scores = _add_word_evidence(scores, names, words, keep)
    scores -= scores.max()
    posterior = np.exp(scores)
    posterior /= posterior.sum()
    best = int(posterior.argmax())
    lang = names[best]
    return ("zh" if lang.startswith("zh") else lang), float(posterior[best])


def _add_word_evidence(
    scores: Any, names: list[str], words: list[str], keep: int | None = None
) -> Any:
    """Add word log-frequencies for the best few candidates (and ``keep``); drop the others.

    Character n-grams alone cannot tell "We hope that doesn't happen." from
    Dutch; whole words can. Candidates without a word list get the mean of
    the others, so they are neither helped nor punished.
    """
    import math

    import numpy as np

    top = [int(i) for i in np.argsort(-scores)[:_WORD_CANDIDATES]]
    if keep is not None and keep not in top:
        top.append(keep)  # the preferred language always competes
    evidence: dict[int, float] = {}
    for i in top:
        table = _wordfreq_table(names[i])
        if table is not None:
            evidence[i] = sum(math.log(max(table.get(w, 0.0), _WORD_FLOOR)) for w in words)
    if not evidence:
        return scores
    mean = sum(evidence.values()) / len(evidence)
    out = np.full_like(scores, -np.inf)
    for i in top:
        out[i] = scores[i] + evidence.get(i, mean)
    return out


def _langdetect(
    text: str, candidates: Sequence[str], favour: str | None = None
) -> tuple[str, float] | None:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.prior_map = _prior(tuple(candidates), favour)
    detector.append(text[:_SAMPLE_CHARS])
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return None
    if not ranked:
        return None
    best = ranked[0]
    lang = "zh" if best.lang.startswith("zh") else best.lang
    return lang, float(best.prob)


@lru_cache(maxsize=65_536)
def detect_language(
    text: str, prefer: str | None = None, method: str = "profile"
) -> LanguageGuess:
    """The language of ``text`` (ISO 639-1) and a confidence in 0..1.

    ``prefer`` (e.g. the document's language) gets 90% of the prior mass for
    Latin/Cyrillic/Arabic/Devanagari text, which steadies one- and two-word
    segments; a clear other language still wins. Empty or letter-less text
    gives ``und`` with confidence 0. Results are memoised per (text, prefer),
    so repeated segments cost nothing.
    """
    counts = script_counts(text)
    total = sum(counts.values())
    if total == 0:
        return LanguageGuess(UNDETERMINED, 0.0, "empty")
    # Kana marks Japanese even when most letters are Han characters.
    if counts["Kana"] and counts["Kana"] >= 0.05 * (counts["Kana"] + counts["Han"]):
        share = (counts["Kana"] + counts["Han"]) / total
        return LanguageGuess("ja", round(share, 4), "script")
    script, top = counts.most_common(1)[0]
    share = top / total
    if script == "Han":
        # A word or two of Han characters may as well be Japanese kanji.
        certainty = 1.0 if top >= _HAN_SURE else 0.7
        return LanguageGuess("zh", round(share * certainty, 4), "script")
    if script in _SCRIPT_LANG:
        return LanguageGuess(_SCRIPT_LANG[script], round(share, 4), "script")
    if script not in _SCRIPT_PROFILES:
        return LanguageGuess(UNDETERMINED, 0.0, "script")
    for letters, lang in _TELLTALES.get(script, ()):
        if any(ch in text for ch in letters):
            return LanguageGuess(lang, round(0.9 * share, 4), "script")
    if method not in METHODS:
        raise ConfigError(None, f"unknown language-ID method {method!r}", key="method")
    detect = _profile if method == "profile" else _langdetect
    found = detect(text, _SCRIPT_PROFILES[script], prefer)
    if found is None:
        return LanguageGuess(_SCRIPT_DEFAULT[script], round(0.3 * share, 4), "script")
    lang, prob = found
    words = len(_WORD.findall(text[:2000]))
    scale = min(1.0, max(words, 1) / _FULL_CONFIDENCE_WORDS)
    return LanguageGuess(lang, round(prob * share * scale, 4), method)


class LanguageReport:
    """The language of a document and, computed on first access, of each segment.

    ``segments`` is lazy: asking only for ``lang`` costs one detection, not one
    per segment. With ``prefer_document``, a segment whose own guess has a
    confidence under 0.2 (one or two ambiguous words, a name) takes the
    document's language, keeps its low confidence and gets method ``document``.
    """

    def __init__(
        self,
        text: str,
        segments: Sequence[Segment],
        *,
        prefer_document: bool,
        method: str = "profile",
    ) -> None:
        self._text = text
        self._segments = list(segments)
        self._prefer_document = prefer_document
        self._method = method

    @property
    def _prefer(self) -> str | None:
        lang = self.document.lang
        return lang if self._prefer_document and lang != UNDETERMINED else None

    @cached_property
    def document(self) -> LanguageGuess:
        return detect_language(self._text[:_SAMPLE_CHARS], None, self._method)

    @property
    def lang(self) -> str:
        return self.document.lang

    @property
    def confidence(self) -> float:
        return self.document.confidence

    @cached_property
    def segments(self) -> list[tuple[Segment, LanguageGuess]]:
        from transcheck.progress import progress

        prefer = self._prefer
        out: list[tuple[Segment, LanguageGuess]] = []
        for segment in progress(self._segments, total=len(self._segments), label="langid"):
            guess = detect_language(segment.text, prefer, self._method)
            if (
                prefer is not None
                and guess.lang != prefer
                and guess.method in METHODS
                and guess.confidence < _FALLBACK_BELOW
            ):
                # Too little evidence for another language ("Kiev", "Putin"):
                # the document's language is the sane answer, with the same
                # low confidence and a method that says where it came from.
                guess = LanguageGuess(prefer, guess.confidence, "document")
            out.append((segment, guess))
        return out

    def segment_dicts(self) -> list[dict[str, Any]]:
        return [
            {"id": s.id, "lang": g.lang, "confidence": g.confidence} for s, g in self.segments
        ]

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN.md contract: ``{"lang", "confidence", "segments": [...]}``."""
        return {"lang": self.lang, "confidence": self.confidence, "segments": self.segment_dicts()}


def identify(
    doc_or_text: Document | str,
    segments: Sequence[Segment] | None = None,
    *,
    prefer_document: bool = True,
    method: str = "profile",
) -> LanguageReport:
    """Language of a document (or text) and of each of its segments.

    Without ``segments`` the text is split into sentences first. With
    ``prefer_document`` each segment's detection leans towards the document's
    language (see :func:`detect_language`), so an ambiguous two-word segment
    of an English page leans to ``en``, while a German quotation in it is
    still ``de``. ``method`` is ``profile`` or ``langdetect`` (module docs).
    """
    if method not in METHODS:
        raise ConfigError(None, f"unknown language-ID method {method!r}", key="method")
    text = doc_or_text.text if isinstance(doc_or_text, Document) else doc_or_text
    if segments is None:
        from transcheck.segment import split_sentences

        segments = split_sentences(text)
    return LanguageReport(text, segments, prefer_document=prefer_document, method=method)

"""Read an input and decide its language once, with one threshold.

``decide_language`` is the single rule every entry point uses: a declared
language wins; otherwise langid's guess on the first ``SAMPLE_CHARS``
characters is used when it is determined and at least ``MIN_CONFIDENCE``
sure, else the language stays unknown (None). A declared language that the
text clearly contradicts (``WARN_CONFIDENCE``) gives a warning, not a change.

Known limits: one language per document; mixed-language documents get the
majority language of their first ``SAMPLE_CHARS`` characters.
"""

from __future__ import annotations

import os
from dataclasses import replace

from transcheck.analysis.results import LanguageInfo, SideInfo
from transcheck.errors import InputError
from transcheck.io.readers import read_document
from transcheck.langid import UNDETERMINED, detect_language
from transcheck.model import Document

DocInput = str | os.PathLike[str] | Document

# A guess below this is no decision: the language stays unknown.
MIN_CONFIDENCE = 0.5
# A declared language contradicted by a guess this sure is worth a warning.
WARN_CONFIDENCE = 0.9
# Characters langid reads: enough for a stable guess, cheap on a 1 GB file.
SAMPLE_CHARS = 10_000


def base_language(lang: str) -> str:
    """``pt-BR`` -> ``pt``: the part two language tags must share to match."""
    return lang.replace("_", "-").split("-")[0].lower()


def detect(text: str) -> tuple[str | None, float | None]:
    """(language, confidence) of ``text``'s sample; (None, conf) when undetermined."""
    guess = detect_language(text[:SAMPLE_CHARS])
    if guess.lang == UNDETERMINED:
        return None, float(guess.confidence)
    return guess.lang, float(guess.confidence)


def decide_language(declared: str | None, text: str) -> LanguageInfo:
    """The language to use for ``text`` (see the module docstring)."""
    detected, conf = detect(text)
    if declared:
        return LanguageInfo(declared, detected, conf, declared)
    sure = detected if detected and (conf or 0.0) >= MIN_CONFIDENCE else None
    return LanguageInfo(sure, detected, conf, None)


def language_warning(info: LanguageInfo, where: str) -> str | None:
    """A warning when a declared language is clearly not the text's."""
    declared, detected, conf = info.declared, info.detected, info.confidence
    if not (declared and detected and conf is not None and conf >= WARN_CONFIDENCE):
        return None
    if base_language(detected) == base_language(declared):
        return None
    return (
        f"{where}: expected language '{declared}' but the text looks like "
        f"'{detected}' (confidence {conf:.2f})"
    )


def as_document(value: DocInput, lang: str | None, role: str) -> Document:
    """A Document for a path or Document; InputError when it holds no text."""
    if isinstance(value, Document):
        doc = value if value.lang or not lang else replace(value, lang=lang)
    else:
        doc = read_document(value, lang=lang)
    if not doc.text.strip():
        raise InputError(doc.path or f"<{role}>", f"the {role} is empty: nothing to analyse")
    return doc


def same_language_warning(tside: SideInfo, aside: SideInfo) -> str | None:
    """A warning when the alternate is clearly in another language than the translation."""
    a, b = tside.language.detected, aside.language.detected
    if not (a and b and base_language(a) != base_language(b)):
        return None
    if (aside.language.confidence or 0) < WARN_CONFIDENCE:
        return None
    return (
        f"{aside.document.path or 'alternate'}: the alternate translation looks like "
        f"'{b}' but the translation looks like '{a}': an alternate must be in the "
        "same language"
    )

"""Sentence splitting that keeps offsets into the document text.

``split_sentences(text, lang)`` and ``segment_document(doc, unit)`` are the
public entry points; language behaviour is data in
:mod:`transcheck.segment.rules` with the fallback chain ``pt_BR -> pt ->
default``. See :mod:`transcheck.segment.splitter` for the rules and limits.
"""

from __future__ import annotations

from transcheck.errors import ConfigError
from transcheck.model import Document, Segment
from transcheck.segment.rules import LanguageRules, fallback_chain, rules_for
from transcheck.segment.splitter import split_text

UNITS = ("sentence", "line")

__all__ = [
    "UNITS",
    "LanguageRules",
    "fallback_chain",
    "rules_for",
    "segment_document",
    "split_sentences",
]


def split_sentences(text: str, lang: str | None = None) -> list[Segment]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text`` for each.

    ``paragraph`` counts blank-line separated blocks from 0. ``lang`` (``en``,
    ``de``, ``pt-BR``...) selects abbreviation and ordinal rules; ``None``
    uses the union of all languages.
    """
    return split_text(text, rules_for(lang))


def segment_document(doc: Document, unit: str = "sentence") -> list[Segment]:
    """Segments of ``doc``: sentences (``unit="sentence"``) or lines (``"line"``)."""
    if unit == "line":
        from transcheck.io.readers import line_segments

        return line_segments(doc)
    if unit != "sentence":
        raise ConfigError(None, f"unknown unit {unit!r} (expected sentence or line)")
    return split_sentences(doc.text, doc.lang)

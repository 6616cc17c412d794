"""Sentence splitting that keeps offsets (first version; to be hardened)."""

from __future__ import annotations

import re

from transcheck.model import Document, Segment

_PARA = re.compile(r"\n[ \t]*\n|\r\n[ \t]*\r\n|\r[ \t]*\r")
_BOUNDARY = re.compile(r"(?<=[.!?…。！？])[\"”’»)]*\s+")


def split_sentences(text: str, lang: str | None = None) -> list[Segment]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text``."""
    segments: list[Segment] = []
    para_start = 0
    paragraph = 0
    for match in [*_PARA.finditer(text), None]:
        para_end = match.start() if match else len(text)
        pos = para_start
        for boundary in [*_BOUNDARY.finditer(text, para_start, para_end), None]:
            end = boundary.start() if boundary else para_end
            chunk = text[pos:end]
            stripped = chunk.strip()
            if stripped:
                s = pos + (len(chunk) - len(chunk.lstrip()))
                segments.append(Segment(len(segments), stripped, s, s + len(stripped), paragraph))
            if boundary:
                pos = boundary.end()
        if text[para_start:para_end].strip():
            paragraph += 1
        if match:
            para_start = match.end()
    return segments


def segment_document(doc: Document, unit: str = "sentence") -> list[Segment]:
    if unit == "line":
        from transcheck.io.readers import line_segments

        return line_segments(doc)
    return split_sentences(doc.text, doc.lang)

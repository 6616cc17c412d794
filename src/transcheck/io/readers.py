"""Readers: files -> Documents, line lists and parallel records.

First version (plain text and one-segment-a-line); the structured formats
(TSV, JSONL, TMX, XLIFF, PO) live in their own modules.
"""

from __future__ import annotations

import os

from transcheck.io.decode import read_text
from transcheck.model import Document, Segment


def read_document(path: str | os.PathLike[str], lang: str | None = None) -> Document:
    """Read a plain-text file as one Document (offsets index ``text``)."""
    text, encoding, warnings = read_text(path)
    return Document(
        text=text, lang=lang, path=os.fspath(path), encoding=encoding, warnings=tuple(warnings)
    )


def line_segments(doc: Document) -> list[Segment]:
    """Every line is one segment (``--unit line``); CRLF and lone CR end lines.

    A final line end does not start an extra empty segment; empty lines in the
    middle are kept as empty segments so line ids match the file.
    """
    segments: list[Segment] = []
    text = doc.text
    pos = 0
    n = len(text)
    line_no = 0
    while pos < n:
        end = pos
        while end < n and text[end] not in "\r\n":
            end += 1
        segments.append(Segment(line_no, text[pos:end], pos, end, line_no))
        line_no += 1
        if end < n and text[end] == "\r" and end + 1 < n and text[end + 1] == "\n":
            end += 1
        pos = end + 1
    return segments


def read_lines(path: str | os.PathLike[str]) -> list[str]:
    """The lines of a one-segment-a-line file (MT evaluation convention)."""
    return [segment.text for segment in line_segments(read_document(path))]

"""`transcheck segment FILE`: sentences (or lines) with offsets into the file text.

``--format jsonl`` writes one ``{"id", "text", "start", "end", "paragraph"}``
object a segment (DESIGN.md); ``start``/``end`` are Python string indices into
the decoded file text. Without ``--lang`` the document language is detected
and its abbreviation rules are used.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from transcheck.cli import options as opt
from transcheck.cli.terminal import terminal_safe
from transcheck.model import Document, Segment

MIN_LANG_CONFIDENCE = 0.5


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = opt.new_parser(subparsers, name, help_text, (
        "Split FILE into sentences (or lines) and print each with its character offsets "
        "into the decoded file text, so text == file_text[start:end]. Blank lines separate "
        "paragraphs; a line without final punctuation (a headline) is its own segment."
    ))  # fmt: skip
    p.add_argument("file", metavar="FILE", help="a text file ('-' for stdin)")
    p.add_argument("--lang", metavar="xx",
                   help="language for abbreviation rules (default: detected)")
    opt.add_unit(p, "sentence", "sentence (default) or line: every line is one segment")
    opt.add_format(p, ("jsonl", "table"), "jsonl")
    opt.add_output(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from transcheck.io import emit, read_document
    from transcheck.progress import progress
    from transcheck.segment import segment_document

    doc = read_document(args.file, lang=args.lang)
    print_warnings(doc)
    if args.unit == "sentence" and doc.lang is None:
        doc = _with_detected_lang(doc)
    segments = segment_document(doc, unit=args.unit)
    rows = progress(segments, total=len(segments), label="segment")
    chunks = _jsonl(rows) if args.format == "jsonl" else _table(rows)
    emit(chunks, args.output)
    return 0


def print_warnings(doc: Document) -> None:
    """Reader notes (legacy encoding) on stderr, one line each; exit code unchanged."""
    for warning in doc.warnings:
        print(f"transcheck: warning: {terminal_safe(warning)}", file=sys.stderr)


def _with_detected_lang(doc: Document) -> Document:
    from dataclasses import replace

    from transcheck.langid import UNDETERMINED, detect_language

    guess = detect_language(doc.text[:10_000])
    if guess.lang == UNDETERMINED or guess.confidence < MIN_LANG_CONFIDENCE:
        return doc
    return replace(doc, lang=guess.lang)


def _jsonl(segments: Iterator[Segment] | Sequence[Segment]) -> Iterator[str]:
    for s in segments:
        row = {"id": s.id, "text": s.text, "start": s.start, "end": s.end, "paragraph": s.paragraph}
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _table(segments: Iterator[Segment] | Sequence[Segment]) -> Iterator[str]:
    yield f"{'id':>5} {'para':>5} {'start':>8} {'end':>8}  text\n"
    for s in segments:
        text = terminal_safe(s.text)  # \r, \n and terminal escapes shown as \x..
        yield f"{s.id:>5} {s.paragraph:>5} {s.start:>8} {s.end:>8}  {text}\n"

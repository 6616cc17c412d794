"""`transcheck langid FILE`: the language of a document and of each segment.

``--format json`` (default) is the DESIGN.md contract: ``{"lang", "confidence",
"segments": [{"id", "lang", "confidence"}, ...]}`` with ISO 639-1 codes
(``und`` when there are no letters). ``jsonl`` writes one object a segment
(with its text and offsets); ``table`` is for people.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from typing import Any

from transcheck.cli import options as opt
from transcheck.cli.commands.segment import print_warnings
from transcheck.cli.terminal import terminal_safe
from transcheck.io.readers import FORMATS
from transcheck.model import Document, Segment


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = opt.new_parser(subparsers, name, help_text, (
        "Identify the language of FILE and of each of its segments. The writing system "
        "decides first (Han, Kana, Hangul, Cyrillic, Arabic, ...), then langdetect, seeded "
        "so results repeat. Short Latin-script segments get a lower confidence."
    ))  # fmt: skip
    p.add_argument("file", metavar="FILE", help="a text file ('-' for stdin)")
    opt.add_unit(p, "sentence", "segments are sentences (default) or lines")
    opt.add_format(p, ("json", "jsonl", "table"), "json")
    p.add_argument("--input-format", choices=("text", *FORMATS), default=None, help=(
        "text, or a parallel file whose records are the segments (default: from the "
        "extension: .tsv .jsonl .tmx .xlf/.xliff .po are parallel, anything else is text)"
    ))  # fmt: skip
    p.add_argument("--side", choices=("source", "target"), default="target",
                   help="for parallel files: which side to identify (default target)")  # fmt: skip
    p.add_argument("--method", choices=("profile", "langdetect"), default="profile", help=(
        "profile: deterministic scoring with langdetect's profiles (default, faster); "
        "langdetect: langdetect's sampling detector, seeded"
    ))  # fmt: skip
    opt.add_output(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from transcheck.io import emit, read_document
    from transcheck.langid import identify
    from transcheck.segment import segment_document

    kind = _input_kind(args.file, args.input_format)
    if kind == "text":
        doc = read_document(args.file)
        print_warnings(doc)
        segments = segment_document(doc, unit=args.unit)
        report = identify(doc, segments, method=args.method)
    else:
        report = identify(*_parallel_side(args.file, kind, args.side), method=args.method)
    if args.format == "json":
        chunks: Iterator[str] = iter([json.dumps(report.to_dict(), ensure_ascii=False) + "\n"])
    elif args.format == "jsonl":
        chunks = (
            json.dumps(
                {"id": s.id, "lang": g.lang, "confidence": g.confidence, "text": s.text,
                 "start": s.start, "end": s.end},
                ensure_ascii=False,
            ) + "\n"
            for s, g in report.segments
        )  # fmt: skip
    else:
        chunks = _table(report.lang, report.confidence, report.segments)
    emit(chunks, args.output)
    return 0


def _input_kind(path: str, forced: str | None) -> str:
    from transcheck.errors import InputError
    from transcheck.io import detect_format

    if forced is not None:
        return forced
    try:
        return detect_format(path)
    except InputError:
        return "text"


def _parallel_side(path: str, kind: str, side: str) -> tuple[str, list[Segment]]:
    """One side of a parallel file as (text, segments); a segment's offsets index
    the text made of all records joined by newlines."""
    from transcheck.io import read_parallel

    warnings: list[str] = []
    records = read_parallel(path, kind, warnings=warnings)
    print_warnings(Document(text="", warnings=tuple(warnings)))
    segments: list[Segment] = []
    pos = 0
    for index, record in enumerate(records):
        text = record.source if side == "source" else record.target
        segments.append(Segment(index, text, pos, pos + len(text), index))
        pos += len(text) + 1
    return "\n".join(s.text for s in segments), segments


def _table(lang: str, confidence: float, rows: list[Any]) -> Iterator[str]:
    yield f"document: {lang} ({confidence:.2f})\n"
    yield f"{'id':>5} {'lang':<4} {'conf':>5}  text\n"
    for segment, guess in rows:
        text = terminal_safe(segment.text.replace("\r", " ").replace("\n", " "))
        if len(text) > 70:
            text = text[:69] + "…"
        yield f"{segment.id:>5} {guess.lang:<4} {guess.confidence:>5.2f}  {text}\n"

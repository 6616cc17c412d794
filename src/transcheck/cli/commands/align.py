"""`transcheck align SRC TGT`: sentence alignment of two documents.

Writes beads (``[0, 1]:[2]:0.153``), JSONL, TSV or a side-by-side table.
Warnings (empty side, language mismatch, decoding, embeddings unavailable,
no overlap) and notes (the aligner ``--semantic auto`` chose, which span of
each side the other covers) go to stderr; the exit code stays 0 for them.
JSONL records carry ``outside_overlap``: true for a 1-0 / 0-1 bead that lies
before or after the span the other side covers (another outlet's lead or
ending, not an omission inside the shared text).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from typing import Any

from transcheck.cli import options as opt
from transcheck.cli.terminal import terminal_safe
from transcheck.model import Alignment, Bead, Segment

_HAS_WORD = re.compile(r"\w")
_TAG = re.compile(r"<[^>]*>")
TABLE_WIDTH = 48


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = opt.new_parser(subparsers, name, help_text, (
        "Align the sentences of SRC and TGT: a translation against its original (two "
        "languages) or against an alternate translation (one language). Beads are "
        "monotone, up to --max-bead sentences a side; unaligned sentences come out as "
        "omissions (1-0) or additions (0-1), each with a confidence in 0..1."
    ))  # fmt: skip
    p.add_argument("src", metavar="SRC", help="source-side document ('-' for stdin)")
    p.add_argument("tgt", metavar="TGT", help="target-side document")
    opt.add_languages(p, "language of SRC (ISO 639-1)", "language of TGT (ISO 639-1)")
    opt.add_files(p, "--lexicon", "bilingual lexicon SRC->TGT words (repeatable)",
                  action="append")  # fmt: skip
    p.add_argument("--lexicon-format", choices=("tsv", "freedict"), default=None,
                   help="lexicon format (default: freedict for .index/.dict.dz, else tsv)")
    opt.add_files(p, "--reverse-lexicon", "a TGT->SRC lexicon, read backwards (e.g. fra-deu "
                  "for de->fr)", action="append")  # fmt: skip
    opt.add_unit(p, "sentence", "sentence: split into sentences first (default); line: one a line")
    opt.add_count(p, "--max-bead", 5,
                  "most sentences on one side of a bead, at most N + 1 in all (default 5)")
    p.add_argument("--no-bootstrap", action="store_true",
                   help="skip the second pass with a lexicon learnt from the first")  # fmt: skip
    opt.add_tristate(p, "--semantic", "auto", (
        "multilingual-e5 embedding costs: on, off, or auto (default: on when the texts "
        "to embed fit in a few seconds, off for corpus-scale inputs, with a note)"
    ))  # fmt: skip
    opt.add_format(p, ("beads", "jsonl", "tsv", "table"), "beads")
    opt.add_output(p)
    p.set_defaults(func=run)


def _segments(path: str, lang: str | None, unit: str) -> tuple[list[Segment], list[str]]:
    from transcheck.io.readers import read_document
    from transcheck.segment import segment_document

    doc = read_document(path, lang, allow_empty=True)
    segments = segment_document(doc, unit)
    if not any(_HAS_WORD.search(_TAG.sub(" ", s.text)) for s in segments):
        # Only whitespace or markup: there is nothing to align on this side.
        segments = []
    return segments, list(doc.warnings)


def _language_warnings(path: str, segments: list[Segment], lang: str | None) -> list[str]:
    """A warning when langid is sure the text is not in the language given."""
    if lang is None or not segments:
        return []
    from transcheck.langid import detect_language

    sample = " ".join(s.text for s in segments[:200])[:20000]
    try:
        guess = detect_language(sample)
    except Exception:  # langid is advisory here: never fail an alignment on it
        return []
    given = lang.split("-")[0].lower()
    found = (getattr(guess, "lang", None) or "").split("-")[0].lower()
    if found and found != given and float(getattr(guess, "confidence", 0.0)) >= 0.8:
        return [f"{path}: given as '{lang}' but the text looks like '{found}'"]
    return []


def run(args: argparse.Namespace) -> int:
    from transcheck.align import align_segments, load_lexicon
    from transcheck.align.tokens import words
    from transcheck.io.output import emit

    src, src_warn = _segments(args.src, args.src_lang, args.unit)
    tgt, tgt_warn = _segments(args.tgt, args.tgt_lang, args.unit)
    lexicon = None
    vocabulary = {w for s in src for w in words(s.text)}
    for path in args.lexicon or []:
        loaded = load_lexicon(path, args.lexicon_format, vocabulary=vocabulary)
        lexicon = loaded if lexicon is None else lexicon.merge(loaded)
    for path in args.reverse_lexicon or []:
        loaded = load_lexicon(path, args.lexicon_format, reverse=True)
        lexicon = loaded if lexicon is None else lexicon.merge(loaded)
    warnings = src_warn + tgt_warn
    warnings += _language_warnings(args.src, src, args.src_lang)
    warnings += _language_warnings(args.tgt, tgt, args.tgt_lang)
    alignment = align_segments(
        src,
        tgt,
        src_lang=args.src_lang,
        tgt_lang=args.tgt_lang,
        lexicon=lexicon,
        max_bead=args.max_bead,
        bootstrap=not args.no_bootstrap,
        semantic=args.semantic,
    )
    for warning in [*warnings, *alignment.warnings]:
        print(f"transcheck: warning: {terminal_safe(warning)}", file=sys.stderr)
    for note in alignment.notes:
        print(f"transcheck: note: {terminal_safe(note)}", file=sys.stderr)
    writers = {"beads": _beads, "jsonl": _jsonl, "tsv": _tsv, "table": _table}
    emit(writers[args.format](alignment), args.output)
    return 0


def _beads(alignment: Alignment) -> Iterator[str]:
    for bead in alignment.beads:
        yield bead.to_beads_line() + "\n"


def _jsonl(alignment: Alignment) -> Iterator[str]:
    src = {s.id: s.text for s in alignment.source}
    tgt = {t.id: t.text for t in alignment.target}
    for bead in alignment.beads:
        record = {
            "src": list(bead.src),
            "tgt": list(bead.tgt),
            "src_text": " ".join(src[i] for i in bead.src),
            "tgt_text": " ".join(tgt[j] for j in bead.tgt),
            "type": bead.kind,
            "cost": round(bead.cost, 4),
            "confidence": round(bead.confidence, 4),
            "outside_overlap": _outside(bead, alignment),
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _outside(bead: Bead, alignment: Alignment) -> bool:
    """True for a skip bead before or after the span its side has linked."""
    if bead.src and bead.tgt:
        return False
    ids, span = (bead.src, alignment.src_covered) if bead.src else (bead.tgt, alignment.tgt_covered)
    if span is None:
        return True
    return ids[-1] < span[0] or ids[0] > span[1]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _tsv(alignment: Alignment) -> Iterator[str]:
    src = {s.id: s.text for s in alignment.source}
    tgt = {t.id: t.text for t in alignment.target}
    for bead in alignment.beads:
        left = _one_line(" ".join(src[i] for i in bead.src))
        right = _one_line(" ".join(tgt[j] for j in bead.tgt))
        yield f"{left}\t{right}\n"


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current or not lines:
        lines.append(current)
    return lines


def _table(alignment: Alignment) -> Iterator[str]:
    src = {s.id: s.text for s in alignment.source}
    tgt = {t.id: t.text for t in alignment.target}
    w = TABLE_WIDTH
    rule = f"{'-' * 14}+{'-' * (w + 2)}+{'-' * (w + 2)}\n"
    yield f"{'bead':<9}{'conf':>5} | {'source':<{w}} | target\n"
    yield rule
    for bead in alignment.beads:
        # An empty side names what the bead is: target added text, or omitted source.
        left = _wrap(terminal_safe(_one_line(" ".join(src[i] for i in bead.src))) or "(added)", w)
        right = _wrap(
            terminal_safe(_one_line(" ".join(tgt[j] for j in bead.tgt))) or "(omitted)", w
        )
        marker = "!" if bead.confidence < 0.5 else " "
        head = f"{bead.kind:<8}{marker}{bead.confidence:5.2f}"
        for k in range(max(len(left), len(right))):
            l_text = left[k] if k < len(left) else ""
            r_text = right[k] if k < len(right) else ""
            yield f"{head if k == 0 else '':<14} | {l_text:<{w}} | {r_text}\n"
        yield rule

"""`transcheck flag FILE`: awkward-phrasing, translationese and QA flags with exact spans.

``--format jsonl`` writes one object a segment, in input order (DESIGN.md):
``{"id", "text", "awkwardness", "flags": [{"rule", "category", "severity",
"start", "end", "message", "suggestion"}]}``; offsets index that segment's
text. ``json`` adds the source-language guess, a summary and a signature;
``table`` is for people. ``--fix OUT`` writes a corrected copy of FILE with
only the mechanical fixes (quotation marks, spacing, glossary terms).

A PO, XLIFF or TMX FILE is read as a catalogue (``transcheck.io.catalogue``,
the readers ``check`` uses): ``--format jsonl`` writes one object a unit, in
file order: ``{"id", "source", "target", "context", "state", "line",
"flags"}``; a plural unit has ``source_plural``, ``target`` is the list of its
forms and each flag has ``form`` (its offsets index that form). Fuzzy units
are skipped unless ``--include-fuzzy``. ``--only``/``--exclude`` take check
ids or rule names, comma-separated.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from transcheck.cli import options as opt
from transcheck.cli.commands.rule_selection import keep_flag, rule_filters
from transcheck.cli.terminal import terminal_safe
from transcheck.errors import InputError
from transcheck.model import Document, Segment


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = opt.new_parser(subparsers, name, help_text, (
        "Flag awkward phrasing, translationese (calques, source-language interference), "
        "spelling, spacing, locale, terminology, accuracy, consistency and boilerplate "
        "problems, each with its exact character span and a suggestion where one exists."
    ))  # fmt: skip
    p.add_argument("file", metavar="FILE", nargs="?", help="the translation ('-' for stdin)")
    p.add_argument("--list", action="store_true", help="print the catalogue of checks and exit")
    p.add_argument("--lang", metavar="xx", help="language of FILE (default: detected)")
    opt.add_files(p, "--src", "the source text (enables accuracy checks)")
    p.add_argument("--src-lang", metavar="xx", help="language of the source (known or assumed)")
    opt.add_files(p, "--alternate", "another translation of the same text")
    opt.add_files(p, "--glossary", "glossary, TSV or TBX")
    opt.add_unit(p, "line", "line (default): every line is a segment; sentence: split sentences "
                 "first and align --src/--alternate")  # fmt: skip
    p.add_argument("--family", action="append", metavar="NAME", help=(
        "run only this check family (repeatable): style, fluency, locale, terminology, "
        "accuracy, consistency, boilerplate"
    ))  # fmt: skip
    p.add_argument("--check", action="append", metavar="ID",
                   help="run only this check (repeatable)")
    p.add_argument("--only", metavar="RULE,...",
                   help="report only these checks or rules (comma-separated)")  # fmt: skip
    p.add_argument("--exclude", metavar="RULE,...", help="do not report these checks or rules")
    p.add_argument("--include-fuzzy", action="store_true", help="catalogues: check fuzzy units too")
    opt.add_format(p, ("jsonl", "json", "table", "tsv"), "jsonl",
                   "output (default jsonl; tsv only with --list)")  # fmt: skip
    opt.add_files(p, "--fix", "write a copy of FILE with mechanical fixes applied")
    opt.add_tristate(p, "--grammar", "off", (
        "grammar pass (Link Grammar unlinked words as minor flags): on; auto = on for "
        "document-sized inputs (<= 1,000 segments); off (default: its spans are weak evidence)"
    ))  # fmt: skip
    opt.add_output(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from transcheck.checks import apply_fixes, flag_segments, guess_from_flags, list_checks
    from transcheck.io import atomic_write, emit

    if args.list:
        specs = list_checks()
        emit(_catalogue_json(specs) if args.format == "json" else _catalogue(specs), args.output)
        return 0
    if not args.file:
        raise InputError(None, "FILE is required (or use --list)")
    from transcheck.io.catalogue import is_catalogue

    if is_catalogue(args.file):
        from transcheck.cli.commands.flag_catalogue import run_catalogue

        return run_catalogue(args)
    if args.format == "tsv":
        raise InputError(None, "--format tsv is for --list; use jsonl, json or table")
    only, exclude = rule_filters(args)
    glossary = _glossary(args.glossary)
    if args.unit == "sentence" and (args.src or args.alternate):
        doc, segments, sources, alternates, alignment, src_lang = _aligned(args)
    else:
        doc = _read(args.file, args.lang)
        segments = _segments(doc, args.unit, doc.lang or "en")
        sources = _parallel_lines(args.src, segments, args.src_lang, "--src")
        alternates = _parallel_lines(args.alternate, segments, doc.lang, "--alternate")
        alignment, src_lang = None, args.src_lang
    lang = doc.lang or "en"
    texts = [s.text for s in segments]
    results = flag_segments(
        texts,
        lang=lang,
        sources=sources,
        src_lang=src_lang,
        glossary=glossary,
        families=args.family,
        alternates=alternates,
        checks=_selected(args.check, only, exclude),
        alignment=alignment,
        grammar=args.grammar,
        on_warning=lambda w: print(f"transcheck: warning: {w}", file=sys.stderr),
    )
    if only or exclude:
        results = [_filtered(r, only, exclude) for r in results]
    if args.fix:
        fixed = _fixed_text(doc, segments, [r.flags for r in results], apply_fixes)
        with atomic_write(args.fix) as handle:
            handle.write(fixed)
    if args.format == "jsonl":
        chunks: Iterator[str] = (
            json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in results
        )
    elif args.format == "json":
        guess = guess_from_flags(texts, [r.flags for r in results]) if sources is None else None
        chunks = iter([_json(results, doc, lang, args, guess)])
    else:
        chunks = _table(results)
    emit(chunks, args.output)
    return 0


def _read(path: str, lang: str | None) -> Document:
    from dataclasses import replace

    from transcheck.analysis.languages import decide_language
    from transcheck.io import read_document

    doc = read_document(path, lang=lang)
    _warn(doc.warnings)
    if doc.lang is None:
        # The one language rule of every entry point; English when undecided.
        decided = decide_language(None, doc.text).lang
        return replace(doc, lang=decided if decided and len(decided) == 2 else "en")
    return doc


def _warn(warnings: Iterable[str]) -> None:
    for warning in warnings:
        print(f"transcheck: warning: {terminal_safe(warning)}", file=sys.stderr)


def _segments(doc: Document, unit: str, lang: str) -> list[Segment]:
    from transcheck.io.readers import line_segments

    if unit == "line":
        return line_segments(doc)
    from transcheck.segment import split_sentences

    return split_sentences(doc.text, lang)


def _glossary(path: str | None) -> object | None:
    if not path:
        return None
    from transcheck.checks import load_glossary

    return load_glossary(path)


def _parallel_lines(
    path: str | None, target: Sequence[Segment], lang: str | None, option: str
) -> list[str] | None:
    """The lines of ``path``, parallel to the translation's lines."""
    if not path:
        return None
    doc = _read(path, lang)
    other = _segments(doc, "line", doc.lang or "en")
    if len(other) != len(target):
        raise InputError(
            path,
            f"{option} has {len(other)} lines but the translation has {len(target)}; "
            "line-unit files must be parallel (or use --unit sentence)",
        )
    return [s.text for s in other]


def _aligned(
    args: argparse.Namespace,
) -> tuple[Document, list[Segment], list[str] | None, list[str] | None, Any, str | None]:
    """Sentence unit with a source or alternate: the analysis' one read-segment-align stage.

    Returns (translation document, its sentences, source texts, alternate
    texts, the source alignment, the source language); a segment whose bead
    it shares with others gets "" (``Counterparts.segment_sources``).
    """
    from transcheck.analysis.counterparts import prepare

    parts = prepare(
        args.file, original=args.src, alternate=args.alternate,
        tgt_lang=args.lang, src_lang=args.src_lang, unit="sentence",
    )  # fmt: skip
    side = parts.translation
    warnings = [*side.document.warnings, *parts.warnings]
    for other in (parts.original, parts.alternate):
        if other is not None:
            warnings.extend(other.document.warnings)
    if parts.alignment is not None:
        warnings.extend(parts.alignment.warnings)
    warnings.extend(f"{stage} {why}" for stage, why in parts.unavailable.items())
    _warn(dict.fromkeys(warnings))
    sources, alternates = parts.segment_sources(), parts.segment_refs()
    doc = side.document
    if doc.lang is None:
        from dataclasses import replace

        doc = replace(doc, lang="en")
    src_lang = parts.original.language.lang if parts.original is not None else args.src_lang
    alignment = parts.alignment if parts.original is not None else None
    return doc, list(side.segments), sources, alternates, alignment, src_lang


def _fixed_text(
    doc: Document, segments: Sequence[Segment], flags: Sequence[Sequence[Any]], apply: Any
) -> str:
    text = doc.text
    pieces = []
    pos = 0
    for seg, seg_flags in zip(segments, flags, strict=True):
        pieces.append(text[pos : seg.start])
        pieces.append(apply(seg.text, seg_flags) if seg_flags else seg.text)
        pos = seg.end
    pieces.append(text[pos:])
    return "".join(pieces)


def _json(
    results: Sequence[Any], doc: Document, lang: str, args: argparse.Namespace, guess: Any
) -> str:
    from transcheck.checks import summarize
    from transcheck.checks.signature import flag_signature

    data = {
        "file": doc.path,
        "lang": lang,
        "unit": args.unit,
        "signature": flag_signature(lang, args.src_lang),
        "source_guess": guess.to_dict() if guess is not None else None,
        "summary": summarize(results),
        "segments": [r.to_dict() for r in results],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _table(results: Sequence[Any]) -> Iterator[str]:
    count = 0
    for r in results:
        for f in r.flags:
            count += 1
            span = r.text[f.start : f.end]
            if len(span) > 60:
                span = span[:57] + "..."
            fix = f" -> {f.suggestion!r}" if f.suggestion else ""
            yield (
                f"{r.id}:{f.start}-{f.end}\t{f.severity}\t{f.rule}\t{f.category}\t"
                f"{span!r}{fix}\t{terminal_safe(f.message)}\n"
            )
    yield f"# {count} flags in {sum(1 for r in results if r.flags)} of {len(results)} segments\n"


def _catalogue(specs: Sequence[Any]) -> Iterator[str]:
    yield "id\tfamily\tcategory\tseverity\ttitle\n"
    for s in specs:
        yield f"{s.id}\t{s.family}\t{s.category}\t{s.severity}\t{s.title}\n"


def _catalogue_json(specs: Sequence[Any]) -> Iterator[str]:
    rows = [
        {"id": s.id, "family": s.family, "category": s.category, "severity": s.severity,
         "scope": s.scope, "needs": list(s.needs), "title": s.title, "help": s.help}
        for s in specs
    ]
    yield json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _selected(
    checks: Sequence[str] | None, only: set[str], exclude: set[str]
) -> list[str] | None:
    """Check ids to run: all (None), ``--check``, or narrowed by --only/--exclude."""
    from transcheck.checks import list_checks

    if not only and not exclude:
        return list(checks) if checks else None
    ids = list(checks) if checks else [s.id for s in list_checks()]
    if only and all(":" not in n for n in only):
        ids = [i for i in ids if i in only]
    return [i for i in ids if i not in exclude]


def _filtered(result: Any, only: set[str], exclude: set[str]) -> Any:
    from dataclasses import replace

    return replace(result, flags=tuple(f for f in result.flags if keep_flag(f, only, exclude)))

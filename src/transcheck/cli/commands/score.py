"""`transcheck score`: BLEU, chrF, chrF++, TER and fidelity with explanations.

``--format jsonl`` writes one object a segment in input order (DESIGN.md):
``{"id", "bleu", "chrf", "chrf++", "ter", "fidelity", "mode", "explanation"}``
(metric keys only when a reference is given). ``json`` is the corpus summary
with signatures and bootstrap intervals; ``csv`` and ``table`` are for
spreadsheets and people. ``--unit sentence`` aligns the documents first and
scores the aligned units; omissions and additions are listed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from transcheck.analysis.languages import decide_language
from transcheck.errors import InputError
from transcheck.model import Document

FORMATS = ("jsonl", "json", "csv", "table")


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = subparsers.add_parser(
        name,
        help=help_text,
        description=(
            "Score a translation (--hyp) against one or more references (--ref) and/or its "
            "source (--src): sacrebleu BLEU, chrF, chrF++ and TER (identical to sacrebleu's "
            "sentence scores) and a fidelity score 0..100 learnt from professional MQM "
            "annotations, with the signals that pulled each segment down."
        ),
    )
    p.add_argument("--hyp", required=True, metavar="FILE", help="the translation to score")
    p.add_argument(
        "--ref",
        action="append",
        default=[],
        metavar="FILE",
        help="a reference / alternate translation (repeat for several)",
    )
    p.add_argument("--src", metavar="FILE", help="the original (source-side adequacy signals)")
    p.add_argument("--src-lang", metavar="xx", help="source language (default: detected)")
    p.add_argument("--tgt-lang", metavar="yy", help="translation language (default: detected)")
    p.add_argument(
        "--unit",
        choices=("line", "sentence"),
        default="line",
        help="line (default): one segment a line, counts must match; "
        "sentence: split and align first",
    )
    p.add_argument("--format", choices=FORMATS, default="jsonl", help="output (default jsonl)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    p.add_argument("--seed", type=int, default=12345, help="bootstrap seed (default 12345)")
    p.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="bootstrap resamples for 95%% intervals (default 1000, 0 = none)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes for large inputs (default: all cores)",
    )
    p.set_defaults(func=run)


def _warn(doc: Document) -> None:
    for warning in doc.warnings:
        print(f"transcheck: warning: {warning}", file=sys.stderr)


def _lang(given: str | None, doc: Document | None) -> str | None:
    if doc is None:
        return given
    return decide_language(given, doc.text).lang


def run(args: argparse.Namespace) -> int:
    from transcheck.errors import ConfigError
    from transcheck.io import emit
    from transcheck.io.readers import line_segments, read_document

    if not args.ref and not args.src:
        raise ConfigError("score", "give --ref FILE (a reference) or --src FILE (the original)")
    if args.bootstrap < 0:
        raise ConfigError("--bootstrap", f"must be >= 0, got {args.bootstrap}")
    hyp_doc = read_document(args.hyp)
    ref_docs = [read_document(path) for path in args.ref]
    src_doc = read_document(args.src) if args.src else None
    for doc in [hyp_doc, *ref_docs, *([src_doc] if src_doc else [])]:
        _warn(doc)
    tgt_lang = _lang(args.tgt_lang, hyp_doc)
    src_lang = _lang(args.src_lang, src_doc)
    if args.unit == "sentence":
        return _run_document(args, hyp_doc, ref_docs, src_doc, src_lang, tgt_lang)
    hyps = _check_sizes(args.hyp, [s.text for s in line_segments(hyp_doc)])
    refs = []
    for path, doc in zip(args.ref, ref_docs, strict=True):
        lines = _check_sizes(path, [s.text for s in line_segments(doc)])
        refs.append(_same_count(args.hyp, hyps, path, lines))
    srcs = None
    if src_doc is not None:
        srcs = _same_count(args.hyp, hyps, args.src, [s.text for s in line_segments(src_doc)])
    from transcheck.metrics import score_corpus

    result = score_corpus(
        hyps,
        refs or None,
        srcs,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        seed=args.seed,
        bootstrap=args.bootstrap,
        workers=args.workers,
    )
    rows = [result.segment_dict(i) for i in range(len(hyps))]
    summary = result.to_dict()
    summary.update(
        {
            "unit": "line",
            "hyp": args.hyp,
            "refs": list(args.ref),
            "src": args.src,
            "src_lang": src_lang,
            "tgt_lang": tgt_lang,
        }
    )
    emit(_render(args.format, rows, summary), args.output)
    return 0


def _check_sizes(path: str, lines: list[str]) -> list[str]:
    from transcheck.metrics.limits import MAX_SEGMENT_WORDS

    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_SEGMENT_WORDS and len(line.split()) > MAX_SEGMENT_WORDS:
            raise InputError(
                path,
                f"line has {len(line.split())} words, over the {MAX_SEGMENT_WORDS}-word limit "
                "of one segment (is this a whole document? use --unit sentence)",
                line=number,
            )
    return lines


def _same_count(hyp_path: str, hyps: list[str], other_path: str, other: list[str]) -> list[str]:
    if len(other) != len(hyps):
        raise InputError(
            hyp_path,
            f"has {len(hyps)} lines but {other_path} has {len(other)}: with --unit line every "
            "line is one segment, so the counts must match (use --unit sentence to align)",
        )
    return other


def _run_document(
    args: argparse.Namespace,
    hyp_doc: Document,
    ref_docs: list[Document],
    src_doc: Document | None,
    src_lang: str | None,
    tgt_lang: str | None,
) -> int:
    from transcheck.analysis import score_document
    from transcheck.errors import ConfigError
    from transcheck.io import emit

    if len(ref_docs) > 1:
        raise ConfigError("--ref", "--unit sentence takes one --ref (the alternate translation)")
    for doc in [hyp_doc, *ref_docs, *([src_doc] if src_doc else [])]:
        if not doc.text.strip():
            raise InputError(doc.path, "is empty: nothing to split into sentences")
    result = score_document(
        replace(hyp_doc, lang=tgt_lang),
        original=replace(src_doc, lang=src_lang) if src_doc else None,
        alternate=replace(ref_docs[0], lang=tgt_lang) if ref_docs else None,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        seed=args.seed,
        bootstrap=args.bootstrap,
    )
    rows = [result.unit_dict(i) for i in range(len(result.units))]
    summary = result.to_dict()
    summary.update(
        {
            "hyp": args.hyp,
            "refs": list(args.ref),
            "src": args.src,
            "src_lang": src_lang,
            "tgt_lang": tgt_lang,
        }
    )
    emit(_render(args.format, rows, summary), args.output)
    return 0


def _render(fmt: str, rows: list[dict[str, Any]], summary: dict[str, Any]) -> Iterator[str]:
    if fmt == "jsonl":
        return (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if fmt == "json":
        return iter([json.dumps(summary, ensure_ascii=False, indent=1) + "\n"])
    if fmt == "csv":
        return _csv(rows)
    return _table(rows, summary)


def _columns() -> tuple[str, ...]:
    """The reference metrics of the registry (a registered one gets a column too)."""
    from transcheck.metrics.registry import reference_metrics

    return reference_metrics()


def _csv(rows: list[dict[str, Any]]) -> Iterator[str]:
    extra = [c for c in ("kind", "tgt_ids", "other_ids") if rows and c in rows[0]]
    columns = _columns()
    header = ["id", *columns, "fidelity", "mode", *extra, "explanation"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                row["id"],
                *(row.get(c, "") for c in columns),
                row["fidelity"],
                row["mode"],
                *(
                    " ".join(map(str, row[c])) if isinstance(row[c], list) else row[c]
                    for c in extra
                ),
                " | ".join(str(item["message"]) for item in row["explanation"]),
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _fmt(value: Any) -> str:
    return "-" if value is None or value == "" else f"{float(value):.1f}"


def _table(rows: list[dict[str, Any]], summary: dict[str, Any]) -> Iterator[str]:
    has_ref = any("chrf" in row for row in rows)
    cols = ["fidelity", *(_columns() if has_ref else ())]
    yield f"{'id':>5} " + " ".join(f"{c:>8}" for c in cols) + "  main issue\n"
    for row in rows:
        issue = row["explanation"][0]["message"] if row["explanation"] else ""
        kind = row.get("kind")
        if kind and kind != "match":
            issue = f"[{kind}] {issue}"
        values = " ".join(f"{_fmt(row.get(c)):>8}" for c in cols)
        yield f"{row['id']:>5} {values}  {issue[:100]}\n"
    yield f"\nmode: {summary['mode']} ({summary['segments']} segments)\n"
    for name, value in summary["corpus"].items():
        lo_hi = summary["ci"].get(name)
        ci = f"  95% CI [{lo_hi[0]:.1f}, {lo_hi[1]:.1f}]" if lo_hi else ""
        yield f"{name:>9}: {value:.2f}{ci}\n"
    for line in summary.get("explanation", []):
        yield f"  pulled down by {line}\n"
    for kind in ("omissions", "additions"):
        for item in summary.get(kind, []):
            yield f"  {kind[:-1]}: {str(item['text'])[:100]}\n"

"""`transcheck score`: BLEU, chrF, chrF++, TER and fidelity with explanations.

``--format jsonl`` writes one object a segment in input order (DESIGN.md):
``{"id", "bleu", "chrf", "chrf++", "ter", "fidelity", "mode", "explanation"}``
(metric keys only when a reference is given). ``json`` is the corpus summary
with signatures and bootstrap intervals; ``csv`` and ``table`` are for
spreadsheets and people (``renderers.score``). ``--unit sentence`` goes through
``transcheck.analysis`` (the documents are aligned and the aligned units
scored; omissions and additions are listed). Files of more than
``metrics.streaming.STREAM_OVER`` lines are read line by line and scored
chunk by chunk in bounded memory, rows written as they are scored.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from transcheck.analysis.languages import decide_language
from transcheck.cli import options as opt
from transcheck.errors import InputError
from transcheck.metrics.segment_limits import MAX_RESAMPLES
from transcheck.model import Document

FORMATS = ("jsonl", "json", "csv", "table")


def render(*args: Any, **kwargs: Any) -> Iterator[str]:
    from transcheck.renderers.score import render as render_score  # numpy loads on use

    return render_score(*args, **kwargs)


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = opt.new_parser(subparsers, name, help_text, (
        "Score a translation (--hyp) against one or more references (--ref) and/or its "
        "source (--src): sacrebleu BLEU, chrF, chrF++ and TER (identical to sacrebleu's "
        "sentence scores) and a fidelity score 0..100 learnt from professional MQM "
        "annotations, with the signals that pulled each segment down."
    ))  # fmt: skip
    opt.add_files(p, "--hyp", "the translation to score", required=True)
    opt.add_files(p, "--ref", "a reference / alternate translation (repeat for several)",
                  action="append", default=[])  # fmt: skip
    opt.add_files(p, "--src", "the original (source-side adequacy signals)")
    opt.add_languages(p, "source language (default: detected)",
                      "translation language (default: detected)")  # fmt: skip
    opt.add_unit(p, "line", "line (default): one segment a line, counts must match; "
                 "sentence: split and align first")  # fmt: skip
    opt.add_format(p, FORMATS, "jsonl")
    opt.add_output(p)
    p.add_argument("--seed", type=int, default=12345, help="bootstrap seed (default 12345)")
    opt.add_count(p, "--bootstrap", 1000, (
        f"bootstrap resamples for 95%% intervals (default 1000, 0 = none, at most "
        f"{MAX_RESAMPLES:,}; over 50,000 lines a streaming Poisson bootstrap)"
    ))  # fmt: skip
    opt.add_count(p, "--workers", None, "processes for large inputs (default: all cores)")
    opt.add_tristate(p, "--embeddings", "auto", (
        "fidelity's sentence-embedding features (multilingual-e5-small, ~45 "
        "sentences/s uncached): auto (default) = on up to 1,000 segments, on, off"
    ))  # fmt: skip
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
    from transcheck.metrics.resampling import check_resamples

    if not args.ref and not args.src:
        raise ConfigError("score", "give --ref FILE (a reference) or --src FILE (the original)")
    check_resamples(args.bootstrap)
    if args.unit == "line" and _streamable(args):
        # Streamed from the files: a million lines are never held as one text.
        return _run_streamed(args)
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
        embeddings=args.embeddings,
    )
    rows = [result.segment_dict(i) for i in range(len(hyps))]
    summary = {**result.to_dict(), "unit": "line", **_inputs(args, src_lang, tgt_lang)}
    emit(render(args.format, rows, summary), args.output)
    return 0


def _inputs(args: argparse.Namespace, src_lang: str | None, tgt_lang: str | None) -> dict:
    """The summary's record of what was scored."""
    return {
        "hyp": args.hyp,
        "refs": list(args.ref),
        "src": args.src,
        "src_lang": src_lang,
        "tgt_lang": tgt_lang,
    }


def _streamable(args: argparse.Namespace) -> bool:
    """More than ``STREAM_OVER`` lines in regular files (not stdin): stream them."""
    from transcheck.execution.pairs import count_newlines
    from transcheck.metrics.streaming import STREAM_OVER

    paths = [args.hyp, *args.ref, *([args.src] if args.src else [])]
    if "-" in paths:
        return False
    return count_newlines(args.hyp) > STREAM_OVER


def _run_streamed(args: argparse.Namespace) -> int:
    """Score chunk by chunk from the files, in bounded memory (``metrics.streaming``).

    A first pass reads every file line by line to count and size-check its
    lines (so nothing is written for an input that will be refused), and a
    second pass scores; no file is ever held whole.
    """
    from itertools import islice

    from transcheck.execution.pairs import iter_file_lines
    from transcheck.io import emit
    from transcheck.metrics.fidelity import wants_embeddings
    from transcheck.metrics.fidelity_features import mode_of
    from transcheck.metrics.streaming import StreamTotals, stream_scores

    warnings: list[str] = []
    n_lines = _check_line_sizes(args.hyp, iter_file_lines(args.hyp, warnings))
    for path in args.ref:
        counted = _check_line_sizes(path, iter_file_lines(path, warnings))
        _same_count_n(args.hyp, n_lines, path, counted)
    if args.src:
        counted = sum(1 for _ in iter_file_lines(args.src, warnings))
        _same_count_n(args.hyp, n_lines, args.src, counted)
    for warning in warnings:
        print(f"transcheck: warning: {warning}", file=sys.stderr)

    def head(path: str) -> str:  # language detection reads the start, as on a Document
        return "\n".join(islice(iter_file_lines(path), 2000))

    tgt_lang = args.tgt_lang or decide_language(None, head(args.hyp)).lang
    src_lang = args.src_lang
    if args.src and not src_lang:
        src_lang = decide_language(None, head(args.src)).lang
    totals = StreamTotals(bootstrap=args.bootstrap, seed=args.seed)
    # ``auto`` decides on the whole input, as an unstreamed run would, by
    # fidelity's own rule (each chunk alone would look small enough).
    mode = mode_of(bool(args.ref), bool(args.src))
    embeddings = "on" if wants_embeddings(args.embeddings, n_lines, mode) else "off"
    chunks = stream_scores(
        iter_file_lines(args.hyp),
        [iter_file_lines(path) for path in args.ref],
        iter_file_lines(args.src) if args.src else None,
        totals,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        workers=args.workers,
        embeddings=embeddings,
    )

    def rows() -> Iterator[dict[str, Any]]:
        for offset, result in chunks:
            for i in range(len(result.segments)):
                row = result.segment_dict(i)
                row["id"] = offset + i
                yield row
            del result  # one chunk alive at a time, not two

    def summary() -> dict[str, Any]:
        for _offset, _result in chunks:  # --format json writes no rows: score what is left
            del _result
        return {**totals.summary(), "unit": "line", **_inputs(args, src_lang, tgt_lang)}

    emit(render(args.format, rows(), summary, has_ref=bool(args.ref)), args.output)
    return 0


def _same_count_n(hyp_path: str, n: int, other_path: str, other: int) -> None:
    if other != n:
        raise InputError(
            hyp_path,
            f"has {n} lines but {other_path} has {other}: with --unit line every "
            "line is one segment, so the counts must match (use --unit sentence to align)",
        )


def _check_sizes(path: str, lines: list[str]) -> list[str]:
    _check_line_sizes(path, lines)
    return lines


def _check_line_sizes(path: str, lines: Iterable[str]) -> int:
    """Refuse a line over the segment word limit; the number of lines."""
    from transcheck.metrics.segment_limits import MAX_SEGMENT_WORDS

    number = 0
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_SEGMENT_WORDS and len(line.split()) > MAX_SEGMENT_WORDS:
            raise InputError(
                path,
                f"line has {len(line.split())} words, over the {MAX_SEGMENT_WORDS}-word limit "
                "of one segment (is this a whole document? use --unit sentence)",
                line=number,
            )
    return number


def _same_count(hyp_path: str, hyps: list[str], other_path: str, other: list[str]) -> list[str]:
    _same_count_n(hyp_path, len(hyps), other_path, len(other))
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
    summary = {**result.to_dict(), **_inputs(args, src_lang, tgt_lang)}
    emit(render(args.format, rows, summary), args.output)
    return 0

"""`transcheck compare`: compare several translations of one text.

Inputs are one-segment-a-line files (``--unit line``, the MT evaluation
convention); every file must have the same number of lines.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from transcheck.cli import options as opt
from transcheck.metrics.segment_limits import MAX_RESAMPLES

DESCRIPTION = (
    "Compare two or more translations (--hyp) of one text against references (--ref) "
    "and/or the source (--src): metrics with 95% confidence intervals, paired bootstrap "
    "and approximate-randomisation tests for every pair, ranking clusters, win/tie/loss, "
    "divergence hotspots with word diffs, compare-mt diagnostics. Systems are ranked by "
    "fidelity (from the reference and/or the source; without a reference from the source "
    "alone); with three or more systems their agreement (consensus) is reported too."
)


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = opt.new_parser(subparsers, name, help_text, DESCRIPTION)
    opt.add_files(p, "--hyp", "a system's output, one segment a line (repeat for each system)",
                  action="append", required=True)  # fmt: skip
    p.add_argument("--name", action="append", metavar="NAME",
                   help="name of the system of the matching --hyp (default: file name)")
    opt.add_files(p, "--ref", "a reference translation (repeat for several references)",
                  action="append")  # fmt: skip
    opt.add_files(p, "--src", "the source text, one segment a line")
    opt.add_files(p, "--glossary",
                  "term glossary (TSV) for the whole-document checks of --unit sentence")
    opt.add_languages(p, "source language (ISO 639-1)", "target language (ISO 639-1)")
    opt.add_unit(p, "line", (
        "line (default): every line is one segment and all files have the same number "
        "of lines; sentence: whole documents, split into sentences and aligned to the "
        "source (or first reference) to form common units"
    ))  # fmt: skip
    opt.add_format(p, ("table", "json", "html"), "table", (
        "table (default), json (the 'systems' list of DESIGN.md plus pairwise tests, "
        "hotspots, diagnostics, signatures) or a self-contained html report"
    ))  # fmt: skip
    opt.add_output(p)
    p.add_argument("--seed", type=int, default=12345, help="seed of resampling (default 12345)")
    opt.add_count(p, "--bootstrap", 1000,
                  f"bootstrap resamples (default 1000, at most {MAX_RESAMPLES:,})", _positive)
    opt.add_count(p, "--ar-trials", 10000, "approximate randomisation trials (default 10000, "
                  f"at most {MAX_RESAMPLES:,})", _positive)  # fmt: skip
    p.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    p.add_argument("--metrics", metavar="LIST", help=(
        "reference metrics, comma-separated (default: every reference metric of the "
        "registry, transcheck.metrics.METRICS: bleu, chrf, chrf++, ter unless one is added)"
    ))  # fmt: skip
    p.add_argument("--no-fidelity", action="store_true", help="skip the fidelity score")
    p.add_argument("--no-flags", action="store_true", help="skip the QA flags")
    opt.add_count(p, "--hotspots", 10, "hotspots to show (default 10)")
    p.set_defaults(func=run)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1 or number > MAX_RESAMPLES:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_RESAMPLES:,}: {value}")
    return number


def system_names(paths: list[str], names: list[str] | None) -> list[str]:
    """``--name`` values, or file names without extension, made unique by
    falling back to the path (``a``, ``dir2/a.txt``)."""
    from transcheck.errors import ConfigError

    if names:
        if len(names) != len(paths):
            raise ConfigError(
                None, f"{len(names)} --name for {len(paths)} --hyp: give one name per --hyp"
            )
        if len(set(names)) != len(names):
            raise ConfigError(None, "--name values must be different")
        return names
    base = [os.path.splitext(os.path.basename(p))[0] or os.path.basename(p) for p in paths]
    out = []
    for path, short in zip(paths, base, strict=True):
        out.append(short if base.count(short) == 1 else os.path.normpath(path))
    if len(set(out)) != len(out):
        out = [f"{i + 1}:{name}" for i, name in enumerate(out)]
    return out


def run(args: argparse.Namespace) -> int:
    import sys

    from transcheck.compare.run import compare_systems, validate_inputs
    from transcheck.io.output import emit
    from transcheck.io.readers import read_lines

    names = system_names(args.hyp, args.name)
    metrics = [m.strip() for m in args.metrics.split(",") if m.strip()] if args.metrics else None
    options = {
        "seed": args.seed,
        "bootstrap": args.bootstrap,
        "ar_trials": args.ar_trials,
        "alpha": args.alpha,
        "metrics": metrics,
        "fidelity": not args.no_fidelity,
        "flags": not args.no_flags,
        "hotspots": args.hotspots,
    }
    if args.unit == "sentence":
        from transcheck.compare.documents import compare_documents
        from transcheck.io.readers import read_document

        result = compare_documents(
            {n: read_document(p, args.tgt_lang) for n, p in zip(names, args.hyp, strict=True)},
            [read_document(p, args.tgt_lang) for p in args.ref or []],
            read_document(args.src, args.src_lang) if args.src else None,
            src_lang=args.src_lang,
            tgt_lang=args.tgt_lang,
            glossary=args.glossary,
            **options,
        )
    else:
        hyps = {name: read_lines(path) for name, path in zip(names, args.hyp, strict=True)}
        refs = [read_lines(path) for path in args.ref] if args.ref else None
        srcs = read_lines(args.src) if args.src else None
        # Name inputs by path in error messages, so "differ in length" names files.
        hyps_by_path = {path: hyps[name] for name, path in zip(names, args.hyp, strict=True)}
        validate_inputs(hyps_by_path, refs, srcs, ref_names=args.ref, src_name=args.src)
        result = compare_systems(
            hyps,
            refs,
            srcs,
            src_lang=args.src_lang,
            tgt_lang=args.tgt_lang,
            ref_names=args.ref,
            src_name=args.src,
            **options,
        )
    if len(names) == 1:
        print(
            "transcheck: note: only one system, so there is nothing to test it against",
            file=sys.stderr,
        )
    from transcheck.renderers.compare import render

    emit(render(result, args.format), args.output)
    return 0

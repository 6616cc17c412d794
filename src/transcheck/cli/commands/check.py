"""`transcheck check [PATHS...]`: the CI gate over corpus manifests."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from transcheck.errors import ConfigError

DESCRIPTION = """\
Find every corpora/**/corpus.toml under PATHS (default: ./corpora), score and
flag the files under test, apply the manifest thresholds and an optional
baseline, print a summary and write the requested reports. Exit 0 when every
gate passes, 1 when a gate fails, 2 for a bad manifest or unreadable input.
"""


def register(subparsers: Any, name: str, help_text: str) -> None:
    p = subparsers.add_parser(name, help=help_text, description=DESCRIPTION)
    p.add_argument("paths", nargs="*", metavar="PATH", help="manifests or directories")
    p.add_argument("--baseline", metavar="FILE", help="compare with this stored baseline")
    p.add_argument(
        "--update-baseline", action="store_true", help="write the current results to --baseline"
    )
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="worker processes")
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument("--scheduler", metavar="ADDR", help="Dask scheduler address (engine dask)")
    p.add_argument(
        "--partition-size", type=int, default=2000, metavar="N", help="pairs per partition"
    )
    p.add_argument("--parquet-dir", metavar="DIR", help="keep the Dask Parquet partitions here")
    p.add_argument("--junit", metavar="FILE", help="write a JUnit XML report")
    p.add_argument("--sarif", metavar="FILE", help="write a SARIF 2.1.0 report")
    p.add_argument("--markdown", metavar="FILE", help="write a Markdown summary")
    p.add_argument("--json", metavar="FILE", help="write the full results as JSON")
    p.add_argument("--cache-dir", metavar="DIR", help="cache directory (default: beside manifest)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the verdict line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from transcheck.execution.run import EngineOptions
    from transcheck.gate import CheckOptions, run_check
    from transcheck.gate.reports import (
        render_json,
        render_junit,
        render_markdown,
        render_sarif,
        render_summary,
    )
    from transcheck.io.output import write_all

    if args.jobs < 1:
        raise ConfigError("--jobs", "must be at least 1")
    if args.partition_size < 1:
        raise ConfigError("--partition-size", "must be at least 1")
    if args.update_baseline and not args.baseline:
        raise ConfigError("--update-baseline", "needs --baseline FILE")
    if args.scheduler and args.engine != "dask":
        raise ConfigError("--scheduler", "needs --engine dask")
    for option in ("junit", "sarif", "markdown", "json"):
        target = getattr(args, option)
        if target and not os.path.isdir(os.path.dirname(os.path.abspath(target))):
            raise ConfigError(f"--{option}", f"output directory of {target} does not exist")
    paths = args.paths or [os.path.join(os.getcwd(), "corpora")]
    engine = EngineOptions(
        engine=args.engine,
        jobs=args.jobs,
        scheduler=args.scheduler,
        partition_size=args.partition_size,
        parquet_dir=args.parquet_dir,
    )
    options = CheckOptions(
        baseline=args.baseline,
        update_baseline=args.update_baseline,
        engine=engine,
        cache_dir=args.cache_dir,
        no_cache=args.no_cache,
        show_progress=not args.quiet,
    )
    progress = None if args.quiet else _progress
    report = run_check(paths, options, progress=progress)
    # Reports are rendered completely before any is written, and written as
    # a set: every report or none (a read-only folder for one leaves none).
    outputs = [
        (args.junit, render_junit),
        (args.sarif, render_sarif),
        (args.markdown, render_markdown),
        (args.json, render_json),
    ]
    rendered = [(target, render(report)) for target, render in outputs if target]
    write_all(rendered)
    summary = render_summary(report)
    if args.quiet:
        summary = summary.rstrip("\n").rsplit("\n", 1)[-1] + "\n"
    sys.stdout.write(summary)
    if report.unreadable:
        # An input problem, not a gate verdict: every report names the file too.
        for line in report.unreadable:
            print(f"transcheck: error: {line}", file=sys.stderr)
        return 2
    return 1 if report.failed else 0


def _progress(message: str) -> None:
    from transcheck.cli.terminal import terminal_safe

    # Corpus and file names are user text: no terminal escapes on stderr.
    print(terminal_safe(message), file=sys.stderr, flush=True)

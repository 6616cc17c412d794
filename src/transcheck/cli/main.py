"""`transcheck COMMAND [options]`.

Each command lives in its own module under ``transcheck.cli.commands`` with a
``register(subparsers)`` that adds its parser and sets ``func``; commands are
imported lazily so ``transcheck segment`` never pays for streamlit or numpy.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from transcheck import __version__, limits
from transcheck.cli.terminal import terminal_safe
from transcheck.errors import TranscheckError

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2

# command name -> (module, one-line help). The order is the order of --help.
COMMANDS: dict[str, tuple[str, str]] = {
    "segment": ("segment", "split a document into sentences with offsets"),
    "langid": ("langid", "language of a document and of each segment"),
    "align": ("align", "sentence alignment of two documents"),
    "score": ("score", "fidelity scores of a translation"),
    "flag": ("flag", "awkward-phrasing and QA flags with exact spans"),
    "compare": ("compare", "compare several translations of one text"),
    "report": ("report", "everything for one document (HTML, Markdown, JSON)"),
    "check": ("check", "CI gate over corpus manifests"),
    "dashboard": ("dashboard", "open the Streamlit dashboard"),
}


class _Parser(argparse.ArgumentParser):
    """argparse prints usage + error and exits 2 already; keep it to one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="transcheck",
        description="Multilingual translation QA and comparison toolkit, fully offline.",
        epilog=limits.help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"transcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    wanted = _wanted_command(argv)
    for name, (module, help_text) in COMMANDS.items():
        if wanted is not None and name != wanted:
            # Only import the command being run; others get a cheap stub.
            sub.add_parser(name, help=help_text)
            continue
        mod = importlib.import_module(f"transcheck.cli.commands.{module}")
        mod.register(sub, name, help_text)
    return parser


def _wanted_command(argv: Sequence[str] | None) -> str | None:
    args = list(sys.argv[1:] if argv is None else argv)
    for arg in args:
        if arg in COMMANDS:
            return arg
        if not arg.startswith("-"):
            return None
    return None


# Options naming an output file: checked before any work, so `-o /dev/null`
# (a device) or a missing folder is refused in a second, not after the run.
_OUTPUT_OPTIONS = ("output", "fix", "junit", "sarif", "markdown", "json")


def _refuse_bad_outputs(args: argparse.Namespace) -> None:
    from transcheck.io.output import resolve_target

    for option in _OUTPUT_OPTIONS:
        target = getattr(args, option, None)
        if isinstance(target, str) and target and target != "-":
            folder = os.path.dirname(os.path.abspath(target))
            if os.path.isdir(folder):  # a missing folder: the command's own message
                resolve_target(target)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Undecodable file names (surrogate escapes) print as \udcxx, never a traceback.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        if args.command:
            print(f"transcheck: error: command '{args.command}' is not available", file=sys.stderr)
        else:
            parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        _refuse_bad_outputs(args)
        return int(func(args) or 0)
    except TranscheckError as exc:
        print(f"transcheck: error: {terminal_safe(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("transcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `transcheck segment big.txt | head` must not print a traceback.
        try:
            sys.stdout = None  # type: ignore[assignment]
        finally:
            return EXIT_OK  # noqa: B012
    except OSError as exc:
        # An OS refusal outside the readers (e.g. -o into a read-only place):
        # still one line, never a traceback.
        where = exc.filename if exc.filename is not None else "<output>"
        message = terminal_safe(f"{where}: {exc.strerror or exc}")
        print(f"transcheck: error: {message}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())

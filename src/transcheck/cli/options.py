"""Options that several commands share, declared once.

Every command spells ``--unit``, ``--format``, ``-o``, the language options,
resample counts and the ``auto|on|off`` switches the same way, so a user who
learnt one command knows the others; these helpers keep the spelling (and
the atomic-output promise in ``-o``'s help) in one place.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

TRISTATE = ("auto", "on", "off")


def new_parser(subparsers: Any, name: str, help_text: str, description: str) -> Any:
    """The subcommand's parser."""
    return subparsers.add_parser(name, help=help_text, description=description)


def add_unit(p: argparse.ArgumentParser, default: str, help_text: str) -> None:
    """``--unit line|sentence``."""
    p.add_argument("--unit", choices=("sentence", "line"), default=default, help=help_text)


def add_format(
    p: argparse.ArgumentParser, choices: Sequence[str], default: str, help_text: str | None = None
) -> None:
    """``--format`` with its choices (help defaults to naming the default)."""
    p.add_argument("--format", choices=tuple(choices), default=default,
                   help=help_text or f"output (default {default})")  # fmt: skip


def add_output(p: argparse.ArgumentParser) -> None:
    """``-o/--output FILE``: written atomically (all or nothing), else stdout."""
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically), not stdout")


def add_languages(p: argparse.ArgumentParser, src_help: str, tgt_help: str) -> None:
    """``--src-lang xx`` and ``--tgt-lang yy``."""
    p.add_argument("--src-lang", metavar="xx", help=src_help)
    p.add_argument("--tgt-lang", metavar="yy", help=tgt_help)


def add_tristate(p: argparse.ArgumentParser, flag: str, default: str, help_text: str) -> None:
    """An ``auto|on|off`` switch."""
    p.add_argument(flag, choices=TRISTATE, default=default, help=help_text)


def add_count(
    p: argparse.ArgumentParser,
    flag: str,
    default: int | None,
    help_text: str,
    kind: Callable[[str], int] = int,
) -> None:
    """An integer option with metavar N (resamples, workers, bead sizes)."""
    p.add_argument(flag, type=kind, default=default, metavar="N", help=help_text)


def add_files(p: argparse.ArgumentParser, flag: str, help_text: str, **extra: Any) -> None:
    """A FILE option; ``action="append"`` etc. pass through."""
    p.add_argument(flag, metavar="FILE", help=help_text, **extra)

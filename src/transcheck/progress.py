"""A dependency-free progress bar on stderr, shown only for long inputs on a terminal.

Known limit: the bar is redrawn at most ten times a second and only when
stderr is a TTY, so logs and CI output stay clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

T = TypeVar("T")
MIN_ITEMS = 2_000
_WIDTH = 30


def progress(
    iterable: Iterable[T],
    total: int | None = None,
    label: str = "",
    *,
    stream: IO[str] | None = None,
    min_items: int = MIN_ITEMS,
) -> Iterator[T]:
    """Yield from ``iterable``, drawing a bar on stderr when it is worth it.

    The bar appears only when stderr is a terminal and ``total`` (or
    ``len(iterable)``) is at least ``min_items``.
    """
    out = stream if stream is not None else sys.stderr
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    isatty = getattr(out, "isatty", None)
    if total is None or total < min_items or not (callable(isatty) and isatty()):
        yield from iterable
        return
    start = last = time.monotonic()
    done = 0
    try:
        for item in iterable:
            yield item
            done += 1
            now = time.monotonic()
            if now - last >= 0.1 or done == total:
                last = now
                _draw(out, label, done, total, now - start)
    finally:
        out.write("\n")
        out.flush()


def _draw(out: IO[str], label: str, done: int, total: int, elapsed: float) -> None:
    filled = int(_WIDTH * done / total) if total else _WIDTH
    rate = done / elapsed if elapsed > 0 else 0.0
    from transcheck.cli.terminal import terminal_safe

    prefix = f"{terminal_safe(label)} " if label else ""  # a file name: user text
    bar = "#" * filled + "-" * (_WIDTH - filled)
    out.write(f"\r{prefix}[{bar}] {done}/{total} {rate:,.0f}/s")
    out.flush()

"""Write outputs so that a crash or SIGKILL never leaves half a file.

``atomic_write`` writes to a temporary file in the target's directory and
renames it over the target only once everything is written and flushed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

from transcheck.errors import InputError


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[str]]:
    """Open ``path`` for writing; the file appears only when the block succeeds."""
    target = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(target))
    if os.path.isdir(target):
        raise InputError(target, "is a directory, cannot write output there")
    if not os.path.isdir(directory):
        raise InputError(target, "output directory does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".transcheck-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(target, f"cannot write output: {exc.strerror or exc}") from None
    try:
        binary = "b" in mode
        with os.fdopen(
            fd, mode, encoding=None if binary else "utf-8", newline=None if binary else ""
        ) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; give the output the permissions a plain
        # open() would (0666 less the umask), as users expect of a report.
        os.chmod(tmp, 0o666 & ~_current_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def emit(chunks: Iterable[str], output: str | None = None) -> None:
    """Write text chunks to ``output`` atomically, or stream them to stdout.

    Chunks are consumed lazily: when writing to a file and an error is
    raised midway, nothing is left behind.
    """
    if output and output != "-":
        with atomic_write(output) as handle:
            for chunk in chunks:
                handle.write(chunk)
        return
    write = sys.stdout.write
    for chunk in chunks:
        write(chunk)
    sys.stdout.flush()

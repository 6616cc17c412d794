"""Write outputs so that a crash, SIGKILL or full disk never leaves half a file.

``atomic_write`` writes to a temporary file in the target's directory, fsyncs
it and renames it over the target only once everything is written; the
directory is fsynced after the rename. ``write_all`` does the same for a set
of files (a check's JUnit + SARIF + Markdown + JSON reports): every temporary
file is written first, and only when all of them are complete are they
renamed, so a refusal or a full disk leaves none of them.

Targets: a regular file or a new name is written; a symlink is written
through (its target is replaced, the link stays); anything else (device,
FIFO, socket, directory) is refused with an InputError naming the path, so
``-o`` never turns ``/dev/null`` into a regular file.

Known limits: ``write_all`` renames one file after another, so a crash
between two renames leaves some new and some old reports (each whole); the
renames happen only after every file is on disk, so that window is tiny.
Writing through a symlink needs write access to the directory of its target.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from transcheck.errors import InputError


def resolve_target(path: str | os.PathLike[str]) -> str:
    """The file an output to ``path`` really replaces; InputError when refused.

    Symlinks are followed (write through, never replace the link); a target
    that exists and is not a regular file is refused.
    """
    target = os.fspath(path)
    real = os.path.realpath(target) if os.path.islink(target) else target
    try:
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(target, f"cannot write output: {exc.strerror or exc}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise InputError(target, "is a directory, cannot write output there")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                target, "not a regular file (a device, FIFO or socket): refusing to write there"
            )
    directory = os.path.dirname(os.path.abspath(real))
    if not os.path.isdir(directory):
        raise InputError(target, "output directory does not exist")
    return real


def _problem(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "cannot write output: no space left on the device (nothing was written)"
    return f"cannot write output: {exc.strerror or exc}"


class _Pending:
    """One temporary file beside its target, written but not yet renamed."""

    def __init__(self, target: str, mode: str) -> None:
        self.target = target
        self.real = resolve_target(target)
        directory = os.path.dirname(os.path.abspath(self.real))
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=".transcheck-", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise InputError(target, _problem(exc)) from None
        binary = "b" in mode
        # A file name that is not UTF-8 (surrogate escapes) must not make
        # the write fail halfway: such characters are written as \udcxx.
        self.handle: IO[str] = os.fdopen(
            fd,
            mode,
            encoding=None if binary else "utf-8",
            errors=None if binary else "backslashreplace",
            newline=None if binary else "",
        )

    def finish(self) -> None:
        """Flush, fsync and close; the permissions a plain open() would give."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.chmod(self.tmp, _mode_for(self.real))
        except OSError as exc:
            self.discard()
            raise InputError(self.target, _problem(exc)) from None

    def commit(self) -> None:
        try:
            os.replace(self.tmp, self.real)
        except OSError as exc:
            self.discard()
            raise InputError(self.target, _problem(exc)) from None
        _fsync_directory(os.path.dirname(os.path.abspath(self.real)))

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


def _mode_for(real: str) -> int:
    """An existing target keeps its mode; a new one gets 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(real).st_mode)
    except OSError:
        return 0o666 & ~_current_umask()


def _fsync_directory(directory: str) -> None:
    # The rename is durable only once the directory entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[str]]:
    """Open ``path`` for writing; the file appears only when the block succeeds."""
    pending = _Pending(os.fspath(path), mode)
    try:
        yield pending.handle
    except OSError as exc:
        pending.discard()
        if exc.filename is None:
            # A write on our handle (ENOSPC, EIO, EFBIG): the output's error.
            raise InputError(pending.target, _problem(exc)) from None
        raise
    except BaseException:
        pending.discard()
        raise
    pending.finish()
    pending.commit()


def write_all(outputs: Sequence[tuple[str, str]]) -> None:
    """Write every (path, text) or none: all temporaries first, then the renames."""
    pending: list[_Pending] = []
    try:
        for target, text in outputs:
            item = _Pending(target, "w")
            pending.append(item)
            try:
                item.handle.write(text)
            except OSError as exc:
                raise InputError(target, _problem(exc)) from None
            item.finish()
    except BaseException:
        for item in pending:
            item.discard()
        raise
    for item in pending:
        item.commit()


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

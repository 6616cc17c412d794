"""A small on-disk cache so the dashboard shows the seed at once.

A cold analysis of the seed takes seconds (langdetect profiles, wordfreq
lists, numpy and sacrebleu imports); unpickling the stored result takes
milliseconds. Entries are keyed by the inputs, the transcheck version and a
fingerprint of every source and data file of the package (path, size,
mtime), so any code or rule-pack change recomputes. Files live in
``.transcheck-cache/dashboard/`` at the repository root (gitignored) and are
written atomically; when that directory is not writable the cache is off.

Known limit: entries are pickles, trusted because only this code writes them;
do not point the cache at a directory others can write to.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from transcheck import __version__

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent.parent
ENV_DIR = "TRANSCHECK_DASHBOARD_CACHE"  # set to "off" to disable
ENV_FINGERPRINT = "TRANSCHECK_CODE_FINGERPRINT"


def cache_dir() -> Path | None:
    setting = os.environ.get(ENV_DIR)
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    root = PACKAGE.parent.parent  # src layout: <repo>/src/transcheck
    if not (root / "pyproject.toml").is_file():
        return None
    return root / ".transcheck-cache" / "dashboard"


def code_fingerprint() -> str:
    """Hash of (path, size, mtime) of every file in the package except the dashboard.

    ``TRANSCHECK_CODE_FINGERPRINT`` overrides it: a deployment whose code
    cannot change (or a benchmark run while others edit the tree) pins it.
    """
    pinned = os.environ.get(ENV_FINGERPRINT)
    if pinned:
        return pinned
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or "dashboard" in path.parts:
            continue
        stat = path.stat()
        digest.update(f"{path.relative_to(PACKAGE)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def key_of(kind: str, parts: tuple[object, ...]) -> str:
    digest = hashlib.sha256(kind.encode())
    digest.update(code_fingerprint().encode())
    for part in parts:
        digest.update(b"\x00" + repr(part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def cached(kind: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or its stored result for the same kind, inputs and code."""
    directory = cache_dir()
    if directory is None:
        return compute()
    path = directory / f"{kind}-{key_of(kind, parts)}.pickle"
    # A missing, truncated or outdated entry is recomputed.
    with (
        contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError),
        path.open("rb") as handle,
    ):
        return pickle.load(handle)  # type: ignore[no-any-return]
    value = compute()
    with contextlib.suppress(OSError):
        _store(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def _store(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".transcheck-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

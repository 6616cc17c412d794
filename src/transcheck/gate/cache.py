"""Content-hash keyed result cache under ``.transcheck-cache/``.

Keys are SHA-256 hex digests of (transcheck code, configuration, content);
values are small JSON objects written atomically, so a killed run leaves only
complete entries and a rerun reuses them.

Entries are validated on read, because a cache folder is just files anyone
can edit: an entry that is not JSON, or whose shape is not that of a
partition result (every field present, with the right types) or of a
document result (``{"result": <partition>, "warnings": [...]}``), is a miss
and leaves a note in ``notes`` (the gate prints it), so ``{}`` can never
stand for "no segments" and ``{"flags": 5}`` never reaches the merge.

Known limits: a well-shaped entry with edited numbers is still trusted (the
engine checks its segment count against the partition it stands for).
"""

from __future__ import annotations

import json
import os
from typing import Any

from transcheck.errors import InputError
from transcheck.io.decode import loads_json, read_input_bytes
from transcheck.io.output import atomic_write

CACHE_DIR_NAME = ".transcheck-cache"


class ResultCache:
    """get/put JSON values by hex key, under ``directory/v1/<2 hex>/``."""

    def __init__(self, directory: str) -> None:
        self.directory = os.path.abspath(directory)
        self.hits = 0
        self.misses = 0
        self.notes: list[str] = []

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, "v1", key[:2], f"{key}.json")

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        if not os.path.lexists(path):
            self.misses += 1
            return None
        try:
            # open_input: a FIFO or device planted in the cache is refused, not read.
            value = loads_json(read_input_bytes(path).decode("utf-8"))
        except InputError as exc:
            return self._bad(path, exc.problem)
        except (OSError, ValueError) as exc:  # UnicodeDecodeError, JSON errors, limits
            return self._bad(path, f"unreadable ({str(exc)[:80]})")
        problem = entry_problem(value)
        if problem is not None:
            return self._bad(path, problem)
        self.hits += 1
        return value  # type: ignore[return-value]

    def _bad(self, path: str, problem: str) -> None:
        self.misses += 1
        self.notes.append(f"cache entry {os.path.basename(path)} ignored (recomputed): {problem}")
        return None

    def take_notes(self) -> list[str]:
        """The notes about ignored entries since the last call."""
        notes, self.notes = self.notes, []
        return notes

    def put(self, key: str, value: dict[str, Any]) -> None:
        path = self._path(key)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            ignore = os.path.join(self.directory, ".gitignore")
            if not os.path.exists(ignore):
                with atomic_write(ignore) as handle:
                    handle.write("# transcheck result cache: safe to delete\n*\n")
            if os.path.islink(path) or (os.path.lexists(path) and not os.path.isfile(path)):
                # The cache is ours: a planted symlink or FIFO is replaced, never
                # written through (an entry must not land outside the cache).
                os.unlink(path)
        except OSError as exc:
            raise InputError(self.directory, f"cannot create cache: {exc.strerror}") from None
        with atomic_write(path) as handle:
            json.dump(value, handle, ensure_ascii=False, separators=(",", ":"))


_NUMBER = (int, float)
_FLAG_FIELDS: dict[str, tuple[type, ...]] = {
    "line": (int,), "column": (int,), "end_line": (int,), "end_column": (int,),
    "rule": (str,), "category": (str,), "severity": (str,), "message": (str,),
    "suggestion": (str, type(None)), "segment_hash": (str,), "excerpt": (str,),
}  # fmt: skip


def _map_of(value: Any, kinds: tuple[type, ...]) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, kinds) and not isinstance(v, bool)
        for k, v in value.items()
    )


def _list_of(value: Any, kinds: tuple[type, ...]) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, kinds) and not isinstance(v, bool) for v in value
    )


def _flag_problem(flag: Any) -> str | None:
    if not isinstance(flag, dict) or set(flag) != set(_FLAG_FIELDS):
        return "a flag is not a flag record"
    for name, kinds in _FLAG_FIELDS.items():
        if not isinstance(flag[name], kinds) or isinstance(flag[name], bool):
            return f"flag field '{name}' has the wrong type"
    return None


# field -> check of a partition result (engine.work.PartitionResult.to_dict).
_PARTITION: dict[str, Any] = {
    "index": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "n": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "sums": lambda v: _map_of(v, _NUMBER),
    "sumsq": lambda v: _map_of(v, _NUMBER),
    "counts_n": lambda v: _map_of(v, (int,)),
    "fidelity_values": lambda v: _list_of(v, _NUMBER),
    "counts": lambda v: _map_of(v, (int,)),
    "categories": lambda v: _map_of(v, (int,)),
    "flags": lambda v: isinstance(v, list),
    "flags_dropped": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "waivers_used": lambda v: isinstance(v, list)
    and all(isinstance(w, list) and len(w) == 2 and _list_of(w, (str,)) for w in v),
    "warnings": lambda v: _list_of(v, (str,)),
    "overrides": lambda v: _map_of(v, _NUMBER),
}


def partition_problem(value: Any) -> str | None:
    """Why ``value`` is not a cached partition result (None when it is one)."""
    if not isinstance(value, dict):
        return f"expected an object, got {type(value).__name__}"
    missing = [k for k in _PARTITION if k not in value]
    if missing:
        return f"missing field '{missing[0]}'"
    extra = [k for k in value if k not in _PARTITION]
    if extra:
        return f"unknown field '{extra[0]}'"
    for name, valid in _PARTITION.items():
        if not valid(value[name]):
            return f"field '{name}' has the wrong shape"
    for flag in value["flags"]:
        problem = _flag_problem(flag)
        if problem:
            return problem
    return None


def entry_problem(value: Any) -> str | None:
    """Why ``value`` is neither a partition nor a document entry (None: it is)."""
    if isinstance(value, dict) and "result" in value:
        if set(value) != {"result", "warnings"} or not _list_of(value["warnings"], (str,)):
            return "a document entry needs exactly 'result' and a list of 'warnings'"
        return partition_problem(value["result"])
    return partition_problem(value)


def cache_for(manifest_path: str, cache_dir: str | None, disabled: bool) -> ResultCache | None:
    """The cache a manifest uses: ``--cache-dir``, else beside the manifest."""
    if disabled:
        return None
    if cache_dir:
        return ResultCache(cache_dir)
    return ResultCache(os.path.join(os.path.dirname(manifest_path), CACHE_DIR_NAME))

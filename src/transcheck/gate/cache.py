"""Content-hash keyed result cache under ``.transcheck-cache/``.

Keys are SHA-256 hex digests of (transcheck code, configuration, content);
values are small JSON objects written atomically, so a killed run leaves only
complete entries and a rerun reuses them. A corrupt entry counts as a miss.
"""

from __future__ import annotations

import json
import os
from typing import Any

from transcheck.errors import InputError
from transcheck.io.output import atomic_write

CACHE_DIR_NAME = ".transcheck-cache"


class ResultCache:
    """get/put JSON values by hex key, under ``directory/v1/<2 hex>/``."""

    def __init__(self, directory: str) -> None:
        self.directory = os.path.abspath(directory)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, "v1", key[:2], f"{key}.json")

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            with open(self._path(key), encoding="utf-8") as handle:
                value = json.load(handle)
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        path = self._path(key)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            ignore = os.path.join(self.directory, ".gitignore")
            if not os.path.exists(ignore):
                with atomic_write(ignore) as handle:
                    handle.write("# transcheck result cache: safe to delete\n*\n")
        except OSError as exc:
            raise InputError(self.directory, f"cannot create cache: {exc.strerror}") from None
        with atomic_write(path) as handle:
            json.dump(value, handle, ensure_ascii=False, separators=(",", ":"))


def cache_for(manifest_path: str, cache_dir: str | None, disabled: bool) -> ResultCache | None:
    """The cache a manifest uses: ``--cache-dir``, else beside the manifest."""
    if disabled:
        return None
    if cache_dir:
        return ResultCache(cache_dir)
    return ResultCache(os.path.join(os.path.dirname(manifest_path), CACHE_DIR_NAME))

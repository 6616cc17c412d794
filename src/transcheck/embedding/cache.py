"""A SQLite store of embedding rows keyed by (model, text hash).

SQLite gives atomic commits (a killed run leaves either the old or the new
rows, never a torn file) and lets concurrent processes share one file.
The location is ``$TRANSCHECK_CACHE_DIR/embeddings.sqlite`` or
``~/.cache/transcheck/embeddings.sqlite``; ``TRANSCHECK_CACHE_DIR=off``
disables it. When the folder cannot be written the cache is off, silently:
it only ever saves time.

A row of the wrong size (a corrupt or foreign file) is treated as a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from pathlib import Path

import numpy as np

ENV_DIR = "TRANSCHECK_CACHE_DIR"


def text_key(model_id: str, text: str) -> str:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(b"\0" + model_id.encode())
    return digest.hexdigest()


def default_path() -> Path | None:
    setting = os.environ.get(ENV_DIR)
    if setting == "off":
        return None
    base = Path(setting) if setting else Path.home() / ".cache" / "transcheck"
    return base / "embeddings.sqlite"


class EmbeddingStore:
    """Get and put float32 rows of a fixed width; every failure is a miss."""

    def __init__(self, path: Path | None, dim: int) -> None:
        self.dim = dim
        self._db: sqlite3.Connection | None = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(path), timeout=10.0)
            db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
            db.commit()
            self._db = db
        except (OSError, sqlite3.Error):
            self._db = None

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        if self._db is None or not keys:
            return found
        width = self.dim * 4
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vec FROM emb WHERE key IN ({marks})", chunk
                ).fetchall()
                for key, blob in rows:
                    if isinstance(blob, bytes) and len(blob) == width:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error:
            return {}
        return found

    def put_many(self, rows: dict[str, np.ndarray]) -> None:
        if self._db is None or not rows:
            return
        with contextlib.suppress(sqlite3.Error):
            self._db.executemany(
                "INSERT OR REPLACE INTO emb (key, vec) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in rows.items()],
            )
            self._db.commit()

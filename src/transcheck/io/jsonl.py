"""JSONL parallel files: one JSON object a line.

The source is the first of the keys ``source``, ``src``; the target the first
of ``target``, ``tgt``, ``translation``, ``hyp``, ``mt``; every other key goes to
``extra``. Blank lines are skipped. Known limit: a file with neither key is
an error, there is no key-mapping option yet.
"""

from __future__ import annotations

import json
from typing import Any

from transcheck.errors import InputError
from transcheck.io.decode import JsonLimitError, loads_json
from transcheck.model import ParallelRecord

SOURCE_KEYS = ("source", "src")
TARGET_KEYS = ("target", "tgt", "translation", "hyp", "mt")


class JsonlParser:
    """Parses lines one at a time so a file can be streamed in constant memory."""

    def __init__(self, path: str | None) -> None:
        self.path = path

    def parse(self, line: str, line_no: int) -> ParallelRecord | None:
        if not line.strip():
            return None
        try:
            obj: Any = loads_json(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                self.path, f"invalid JSON: {exc.msg} at column {exc.colno}", line_no
            ) from None
        except JsonLimitError as exc:
            raise InputError(self.path, f"invalid JSON: {exc}", line_no) from None
        if not isinstance(obj, dict):
            raise InputError(
                self.path, f"expected a JSON object, got {type(obj).__name__}", line_no
            )
        source_key = next((k for k in SOURCE_KEYS if k in obj), None)
        target_key = next((k for k in TARGET_KEYS if k in obj), None)
        if source_key is None or target_key is None:
            missing = "source" if source_key is None else "target"
            raise InputError(
                self.path,
                f"object has no {missing} key (expected one of "
                f"{', '.join(SOURCE_KEYS if source_key is None else TARGET_KEYS)})",
                line_no,
            )
        source, target = obj[source_key], obj[target_key]
        for key, value in ((source_key, source), (target_key, target)):
            if not isinstance(value, str):
                raise InputError(
                    self.path, f"key {key!r} must be a string, got {type(value).__name__}", line_no
                )
        extra = {k: v for k, v in obj.items() if k not in (source_key, target_key)}
        return ParallelRecord(source, target, extra, line_no)

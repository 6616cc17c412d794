"""Waivers: accepted flags, kept in ``waivers.toml`` beside the manifest.

::

    [[waiver]]
    rule = "kiev_spelling"          # the flag's rule id
    segment = "3f2a9c0d1e2b4a5c"    # segment hash (transcheck check --json shows it), or "*"
    reason = "quoted headline, spelling kept"   # required
    file = "translation.en.txt"     # optional: only this file of the corpus

A waived flag is not counted by any threshold; unused waivers are reported
so stale ones can be removed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from transcheck.errors import ConfigError
from transcheck.gate.tomlscan import find_key_line, load_toml

WAIVERS_NAME = "waivers.toml"
_KEYS = {"rule", "segment", "reason", "file"}
_HASH = re.compile(r"^(\*|[0-9a-f]{16})$")


@dataclass(frozen=True, slots=True)
class Waiver:
    rule: str
    segment: str
    reason: str
    file: str | None = None
    line: int | None = None

    def applies_to(self, rel: str) -> bool:
        return self.file is None or os.path.normpath(self.file) == os.path.normpath(rel)


def load_waivers(manifest_path: str) -> list[Waiver]:
    """The waivers beside ``manifest_path`` ([] when there is no waivers file)."""
    path = os.path.join(os.path.dirname(manifest_path), WAIVERS_NAME)
    if not os.path.exists(path):
        return []
    text, data = load_toml(path, "waivers file")
    for key in data:
        if key != "waiver":
            raise ConfigError(
                path, "unknown key (expected [[waiver]] tables)",
                line=find_key_line(text, (key,)), key=key,
            )
    entries = data.get("waiver", [])
    if not isinstance(entries, list):
        raise ConfigError(path, "use [[waiver]] tables", key="waiver")
    waivers = []
    for index, entry in enumerate(entries):
        at = ("waiver", index)
        line = find_key_line(text, at)
        if not isinstance(entry, dict):
            raise ConfigError(path, "each waiver is a [[waiver]] table", line=line, key="waiver")
        for key in entry:
            if key not in _KEYS:
                raise ConfigError(
                    path, f"unknown key (allowed: {', '.join(sorted(_KEYS))})",
                    line=find_key_line(text, (*at, key)), key=key,
                )
        for key in ("rule", "segment", "reason"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(path, f"a waiver needs a non-empty '{key}'", line=line, key=key)
        if not _HASH.match(entry["segment"]):
            raise ConfigError(
                path, "segment must be a 16-hex-digit segment hash or \"*\"",
                line=find_key_line(text, (*at, "segment")), key="segment",
            )
        file = entry.get("file")
        if file is not None and not isinstance(file, str):
            raise ConfigError(path, "file must be a string", line=line, key="file")
        waivers.append(Waiver(entry["rule"], entry["segment"], entry["reason"], file, line))
    return waivers


def waiver_keys(waivers: list[Waiver], rel: str) -> tuple[tuple[str, str], ...]:
    """(rule, segment hash) pairs for one corpus file, for ScoringConfig."""
    return tuple(sorted({(w.rule, w.segment) for w in waivers if w.applies_to(rel)}))

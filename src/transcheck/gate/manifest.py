"""``corpus.toml`` manifests: a strict schema, read with tomllib.

Schema (every key not listed is an error naming the file, line and key)::

    [corpus]
    name = "seed-biden-putin"        # default: the directory name
    description = "..."
    license = "..."                  # required
    source_lang = "de"
    target_lang = "en"
    unit = "document"                # document | line
    glossary = "glossary.tsv"        # optional, beside the manifest
    checks = ["accuracy", "style"]   # optional check families (default: all)

    [[files]]
    path = "original.de.txt"
    role = "source"                  # source | translation | alternate |
                                     # reference | systems | pairs
    lang = "de"
    stand_in = "written by the team" # label: this is not the real original
    name = "..."                     # display name (systems)
    format = "tsv"                   # pairs files: tsv | jsonl | tmx | xliff | po
                                     # (default: from the extension)
    gate = true                      # default: true for translation,
                                     # systems and pairs, false otherwise
    license = "..."                  # per-file license line
    [files.thresholds]               # per-file overrides
    [files.warnings]

    [thresholds]                     # a failed threshold fails the gate
    fidelity = ">= 70"
    critical_flags = "== 0"
    [warnings]                       # a failed warning is reported only
    awkward_rate = "<= 5%"
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transcheck.errors import ConfigError, InputError
from transcheck.gate.thresholds import Threshold, metric_info, parse_threshold
from transcheck.gate.tomlscan import KeyPath, find_key_line, load_toml

MANIFEST_NAME = "corpus.toml"
ROLES = ("source", "translation", "alternate", "reference", "systems", "pairs")
GATED_BY_DEFAULT = ("translation", "systems", "pairs")
UNITS = ("document", "line")
PAIR_FORMATS = ("tsv", "jsonl", "tmx", "xliff", "po")
_CORPUS_KEYS = {
    "name": str,
    "description": str,
    "license": str,
    "source_lang": str,
    "target_lang": str,
    "unit": str,
    "glossary": str,
    "checks": list,
}
_FILE_KEYS = {
    "path": str,
    "role": str,
    "lang": str,
    "stand_in": str,
    "name": str,
    "format": str,
    "gate": bool,
    "license": str,
    "thresholds": dict,
    "warnings": dict,
}
_TOP_KEYS = {"corpus": dict, "files": list, "thresholds": dict, "warnings": dict}
_SKIP_DIRS = {".git", ".transcheck-cache", ".venv", "node_modules", "__pycache__"}


@dataclass(frozen=True)
class FileSpec:
    """One file of a corpus. ``path`` is absolute, ``rel`` as written."""

    path: str
    rel: str
    role: str
    lang: str | None
    name: str
    line: int | None
    format: str | None = None
    stand_in: str | None = None
    gate: bool = False
    license: str | None = None
    thresholds: tuple[Threshold, ...] = ()


@dataclass(frozen=True)
class Manifest:
    path: str
    name: str
    license: str
    unit: str
    source_lang: str | None
    target_lang: str | None
    files: tuple[FileSpec, ...]
    description: str = ""
    glossary: str | None = None
    checks: tuple[str, ...] = ()
    thresholds: tuple[Threshold, ...] = field(default=())

    @property
    def root(self) -> str:
        return os.path.dirname(self.path)

    def role(self, role: str) -> list[FileSpec]:
        return [f for f in self.files if f.role == role]

    @property
    def source(self) -> FileSpec | None:
        found = self.role("source")
        return found[0] if found else None

    @property
    def gated(self) -> list[FileSpec]:
        return [f for f in self.files if f.gate]

    def references_for(self, spec: FileSpec) -> list[FileSpec]:
        """Reference streams for a file under test: references, then alternates
        (never the file itself)."""
        refs = self.role("reference") + self.role("alternate")
        return [r for r in refs if r.path != spec.path]


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text

    def error(self, keypath: KeyPath, problem: str) -> ConfigError:
        key = ".".join(str(k) for k in keypath if not isinstance(k, int)) or None
        return ConfigError(self.path, problem, line=find_key_line(self.text, keypath), key=key)

    def check_keys(self, table: dict[str, Any], schema: dict[str, type], at: KeyPath) -> None:
        for key, value in table.items():
            if key not in schema:
                allowed = ", ".join(schema)
                raise self.error((*at, key), f"unknown key (allowed here: {allowed})")
            expected = schema[key]
            wrong_bool = expected is not bool and isinstance(value, bool)
            if not isinstance(value, expected) or wrong_bool:
                raise self.error((*at, key), f"expected a {expected.__name__}")

    def thresholds(self, table: dict[str, Any], at: KeyPath, level: str) -> list[Threshold]:
        out = []
        for metric, expr in table.items():
            line = find_key_line(self.text, (*at, metric))
            table = ".".join(str(k) for k in at if not isinstance(k, int))
            out.append(
                parse_threshold(
                    metric, expr, level=level, source=self.path, line=line, table=table
                )
            )
        return out


def load_manifest(path: str | os.PathLike[str]) -> Manifest:
    """Read and validate a manifest; ConfigError names file, line and key."""
    name = os.path.abspath(os.fspath(path))
    if not os.path.exists(name):
        raise InputError(name, "no such manifest")
    text, data = load_toml(name, "manifest")
    return _build(_Reader(name, text), data)


def _build(r: _Reader, data: dict[str, Any]) -> Manifest:
    r.check_keys(data, _TOP_KEYS, ())
    corpus = data.get("corpus")
    if corpus is None:
        raise ConfigError(r.path, "missing [corpus] table", key="corpus")
    r.check_keys(corpus, _CORPUS_KEYS, ("corpus",))
    if not corpus.get("license", "").strip():
        raise r.error(("corpus",), "missing 'license' line in [corpus]")
    unit = corpus.get("unit", "document")
    if unit not in UNITS:
        raise r.error(("corpus", "unit"), f"unit must be one of {', '.join(UNITS)}")
    checks = corpus.get("checks", [])
    if not all(isinstance(c, str) for c in checks):
        raise r.error(("corpus", "checks"), "checks is a list of check family names")
    families = _known_families()
    unknown = [c for c in checks if c not in families]
    if unknown:
        raise r.error(
            ("corpus", "checks"),
            f"unknown check family '{unknown[0]}' (known: {', '.join(families)})",
        )
    root = os.path.dirname(r.path)
    glossary = _existing(r, root, corpus["glossary"], ("corpus", "glossary")) if (
        "glossary" in corpus
    ) else None

    if glossary is not None:
        _check_glossary(glossary)

    base = r.thresholds(data.get("thresholds", {}), ("thresholds",), "fail")
    base += r.thresholds(data.get("warnings", {}), ("warnings",), "warn")

    entries = data.get("files", [])
    if not entries:
        raise ConfigError(r.path, "no [[files]] declared", key="files")
    files = [_file(r, root, i, entry, base) for i, entry in enumerate(entries)]
    manifest = Manifest(
        path=r.path,
        name=corpus.get("name") or os.path.basename(root),
        license=corpus["license"].strip(),
        unit=unit,
        source_lang=corpus.get("source_lang"),
        target_lang=corpus.get("target_lang"),
        files=tuple(files),
        description=corpus.get("description", ""),
        glossary=glossary,
        checks=tuple(checks),
        thresholds=tuple(base),
    )
    _validate(r, manifest, entries)
    return manifest


def _check_glossary(path: str) -> None:
    """Parse the glossary now: a bad one is one ConfigError here, not an error
    raised inside every worker process (Dask would log a traceback for each)."""
    from transcheck.checks.glossary import load_glossary

    load_glossary(path)


def _known_families() -> tuple[str, ...]:
    """The check families of transcheck.checks."""
    from transcheck.checks.registry import FAMILIES

    return tuple(FAMILIES)


def _file(
    r: _Reader, root: str, index: int, entry: Any, base: list[Threshold]
) -> FileSpec:
    at: KeyPath = ("files", index)
    if not isinstance(entry, dict):
        raise r.error(at, "each [[files]] entry is a table")
    r.check_keys(entry, _FILE_KEYS, at)
    for required in ("path", "role"):
        if required not in entry:
            raise r.error(at, f"[[files]] entry needs '{required}'")
    role = entry["role"]
    if role not in ROLES:
        raise r.error((*at, "role"), f"role must be one of {', '.join(ROLES)}")
    fmt = entry.get("format")
    if fmt is not None and fmt not in PAIR_FORMATS:
        raise r.error((*at, "format"), f"format must be one of {', '.join(PAIR_FORMATS)}")
    override = r.thresholds(entry.get("thresholds", {}), (*at, "thresholds"), "fail")
    override += r.thresholds(entry.get("warnings", {}), (*at, "warnings"), "warn")
    replaced = {(t.metric, t.level) for t in override}
    merged = tuple([t for t in base if (t.metric, t.level) not in replaced] + override)
    path = _existing(r, root, entry["path"], (*at, "path"))
    return FileSpec(
        path=path,
        rel=entry["path"],
        role=role,
        lang=entry.get("lang"),
        name=entry.get("name") or entry["path"],
        line=find_key_line(r.text, at),
        format=fmt,
        stand_in=entry.get("stand_in"),
        gate=entry.get("gate", role in GATED_BY_DEFAULT),
        license=entry.get("license"),
        thresholds=merged,
    )


def _existing(r: _Reader, root: str, rel: str, at: KeyPath) -> str:
    path = os.path.normpath(os.path.join(root, rel))
    # A manifest names files of its own corpus only: an absolute path, a
    # ``../`` or a symlink out of the folder would put excerpts of any file on
    # the machine into the reports.
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.isabs(rel) or os.path.commonpath([real_root, real]) != real_root:
        raise r.error(at, f"file '{rel}' is outside the corpus folder {root}")
    if not os.path.isfile(path):
        what = (
            "is a directory" if os.path.isdir(path)
            else "is not a regular file" if os.path.exists(path)
            else "does not exist"
        )
        raise r.error(at, f"file '{rel}' {what}")
    return path


def _validate(r: _Reader, manifest: Manifest, entries: list[Any]) -> None:
    if len(manifest.role("source")) > 1:
        raise r.error(("files",), "at most one file may have role 'source'")
    if not manifest.gated:
        raise r.error(("files",), "no file under test (role translation, systems or pairs)")
    for index, spec in enumerate(manifest.files):
        if not spec.gate:
            continue
        if manifest.unit == "document" and spec.role == "pairs":
            raise r.error(("files", index, "role"), "pairs files need unit = \"line\"")
        has_ref = bool(manifest.references_for(spec)) or spec.role == "pairs"
        for threshold in spec.thresholds:
            if metric_info(threshold.metric).needs == "reference" and not has_ref:
                where = _threshold_key(entries[index], index, threshold)
                raise r.error(
                    where or ("thresholds", threshold.metric),
                    f"metric '{threshold.metric}' needs a reference or alternate file, "
                    f"and {spec.rel} has none",
                )
            if threshold.metric in ("omissions", "additions") and (
                manifest.unit != "document" or manifest.source is None
            ):
                raise r.error(
                    ("thresholds", threshold.metric),
                    f"metric '{threshold.metric}' needs unit = \"document\" and a source file",
                )


def _threshold_key(entry: dict[str, Any], index: int, threshold: Threshold) -> KeyPath | None:
    table = "thresholds" if threshold.level == "fail" else "warnings"
    if threshold.metric in entry.get(table, {}):
        return ("files", index, table, threshold.metric)
    return None


def find_manifests(paths: list[str]) -> list[str]:
    """Every ``corpus.toml`` at or under ``paths`` (sorted, de-duplicated)."""
    found: list[str] = []
    for given in paths:
        if os.path.isfile(given):
            found.append(os.path.abspath(given))
            continue
        if not os.path.isdir(given):
            raise InputError(given, "no such file or directory")
        hits = []
        for dirpath, dirnames, filenames in os.walk(given):
            dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
            if MANIFEST_NAME in filenames:
                hits.append(os.path.abspath(os.path.join(dirpath, MANIFEST_NAME)))
        if not hits:
            raise InputError(given, f"no {MANIFEST_NAME} found under this directory")
        found.extend(hits)
    return sorted(dict.fromkeys(found), key=lambda p: Path(p).parts)

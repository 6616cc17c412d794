"""Gettext PO catalogues -> parallel records (msgid -> msgstr).

A small parser of our own (no dependency): entries are separated by blank
lines; ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` and ``msgstr[n]``
take C-escaped strings continued on following ``"..."`` lines. The header
entry (empty msgid) and obsolete ``#~`` entries are skipped. For plurals the
target is ``msgstr[0]``; all forms are in ``extra["msgstr_plural"]``.
Flags (``#, fuzzy``), translator (``# ``) and extracted (``#.``) comments and
references (``#:``) go to ``extra``. Known limit: previous-msgid (``#|``)
comments are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from transcheck import limits
from transcheck.errors import InputError
from transcheck.model import ParallelRecord

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*)$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v", "?": "?", "'": "'"}


@dataclass
class _Entry:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    plurals: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


def _unquote(raw: str, path: str | None, line_no: int) -> str:
    raw = raw.strip()
    if len(raw) < 2 or not raw.startswith('"') or not raw.endswith('"'):
        raise InputError(path, f"malformed PO string {raw[:40]!r}", line_no)
    body = raw[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            if i + 1 >= len(body):
                raise InputError(path, "malformed PO string: dangling backslash", line_no)
            nxt = body[i + 1]
            if nxt not in _ESCAPES:
                raise InputError(path, f"malformed PO string: unknown escape \\{nxt}", line_no)
            out.append(_ESCAPES[nxt])
            i += 2
            continue
        if ch == '"':
            raise InputError(path, "malformed PO string: unescaped quote", line_no)
        out.append(ch)
        i += 1
    return "".join(out)


def parse_po(text: str, path: str | None) -> list[ParallelRecord]:
    entries: list[_Entry] = []
    entry: _Entry | None = None
    last_key: tuple[str, int | None] | None = None
    lines = text.splitlines()
    for index, raw in enumerate(lines):
        line_no = index + 1
        line = raw.strip()
        if not line:
            entry, last_key = None, None
            continue
        if line.startswith("#~"):
            continue  # obsolete entry
        if line.startswith("#"):
            if entry is None or entry.fields:
                entry = _Entry(line_no)
                entries.append(entry)
                last_key = None
            if line.startswith("#,"):
                entry.flags += [f.strip() for f in line[2:].split(",") if f.strip()]
            elif line.startswith("#:"):
                entry.references += line[2:].split()
            elif line.startswith("#|"):
                pass
            else:
                entry.comments.append(line.lstrip("#.").strip())
            continue
        if line.startswith('"'):
            if entry is None or last_key is None:
                raise InputError(path, "string continuation without a keyword", line_no)
            value = _unquote(line, path, line_no)
            key, n = last_key
            if n is None:
                entry.fields[key] += value
            else:
                entry.plurals[n] += value
            continue
        match = _KEYWORD.match(line)
        if match is None:
            raise InputError(path, f"not a PO line: {line[:40]!r}", line_no)
        keyword, plural_index, rest = match.groups()
        if entry is None or (keyword in ("msgctxt", "msgid") and "msgid" in entry.fields):
            entry = _Entry(line_no)
            entries.append(entry)
        value = _unquote(rest, path, line_no)
        if plural_index is not None and len(plural_index) > limits.get("max_int_digits"):
            raise InputError(path, "plural index is over the max_int_digits limit", line_no)
        if plural_index is not None:
            entry.plurals[int(plural_index)] = value
            last_key = ("msgstr", int(plural_index))
        else:
            if keyword in entry.fields:
                raise InputError(path, f"duplicate {keyword} in one entry", line_no)
            entry.fields[keyword] = value
            last_key = (keyword, None)
    return [_record(e, path) for e in entries if _is_message(e, path)]


def _is_message(entry: _Entry, path: str | None) -> bool:
    if "msgid" not in entry.fields:
        if entry.fields or entry.plurals:
            raise InputError(path, "entry has no msgid", entry.line)
        return False  # a comment-only block
    if "msgstr" not in entry.fields and not entry.plurals:
        raise InputError(path, "entry has no msgstr", entry.line)
    return entry.fields["msgid"] != "" or "msgctxt" in entry.fields


def _record(entry: _Entry, path: str | None) -> ParallelRecord:
    plurals = [entry.plurals[k] for k in sorted(entry.plurals)]
    target = entry.fields.get("msgstr", plurals[0] if plurals else "")
    extra: dict[str, Any] = {"flags": entry.flags, "fuzzy": "fuzzy" in entry.flags}
    for key in ("msgctxt", "msgid_plural"):
        if key in entry.fields:
            extra[key] = entry.fields[key]
    if plurals:
        extra["msgstr_plural"] = plurals
    if entry.comments:
        extra["comments"] = entry.comments
    if entry.references:
        extra["references"] = entry.references
    return ParallelRecord(entry.fields["msgid"], target, extra, entry.line)

"""Gettext PO catalogues -> parallel records (msgid -> msgstr) and the header.

A small parser of our own (no dependency): entries are separated by blank
lines; ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` and ``msgstr[n]``
take C-escaped strings continued on following ``"..."`` lines. The header
entry (empty msgid) is returned apart (:func:`parse_po_catalogue`), obsolete
``#~`` entries are skipped. For plurals the target is ``msgstr[0]``; all forms
are in ``extra["msgstr_plural"]``. Flags (``#, fuzzy``), translator (``# ``)
and extracted (``#.``) comments and references (``#:``) go to ``extra``;
``extra["state"]`` is ``fuzzy``, ``untranslated`` or ``translated``.

Lines end at LF, CRLF or a lone CR; CR CR LF (a file that went through two
line-end conversions) counts as one line end, with a warning, so the line
numbers of errors match what an editor shows. A catalogue with only a header
reads as no units, with a warning.

Known limit: previous-msgid (``#|``) comments are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from transcheck import limits
from transcheck.errors import InputError
from transcheck.model import ParallelRecord

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(\".*)$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v", "?": "?", "'": "'"}
# str.splitlines would also split at \x0b, \x0c, \x1c-\x1e, \x85 and U+2028,
# which may sit inside a PO string; only real line ends count here.
_LINE_END = re.compile(r"\r\r\n|\r\n|\r|\n")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


@dataclass
class _Entry:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    plurals: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    # Continuation strings of (keyword, plural index), joined by ``finish``.
    pieces: dict[tuple[str, int | None], list[str]] = field(default_factory=dict)
    sizes: dict[tuple[str, int | None], int] = field(default_factory=dict)

    def finish(self) -> None:
        for (key, n), parts in self.pieces.items():
            if n is None:
                self.fields[key] += "".join(parts)
            else:
                self.plurals[n] += "".join(parts)
        self.pieces = {}


def _unquote(raw: str, path: str | None, line_no: int) -> str:
    raw = raw.strip()
    if len(raw) < 2 or not raw.startswith('"') or not raw.endswith('"'):
        raise InputError(path, f"malformed PO string {raw[:40]!r}", line_no)
    body = raw[1:-1]
    if "\\" not in body and '"' not in body:
        return body  # the common case: nothing to unescape
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


def split_lines(text: str, path: str | None, warnings: list[str] | None) -> list[str]:
    """Lines without their ends; warns once about CR CR LF line ends."""
    if "\r\r\n" in text and warnings is not None:
        warnings.append(f"{path or '<input>'}: CR CR LF line ends read as one line end each")
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_po(
    text: str, path: str | None, warnings: list[str] | None = None
) -> list[ParallelRecord]:
    """The messages of a PO catalogue (header and obsolete entries skipped)."""
    return parse_po_catalogue(text, path, warnings)[0]


def parse_po_catalogue(
    text: str, path: str | None, warnings: list[str] | None = None
) -> tuple[list[ParallelRecord], dict[str, str]]:
    """(messages, header fields such as ``Language`` and ``Plural-Forms``)."""
    entries: list[_Entry] = []
    entry: _Entry | None = None
    last_key: tuple[str, int | None] | None = None
    cap = limits.get("max_cell_chars")
    for index, raw in enumerate(split_lines(text, path, warnings)):
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
            key = last_key[0]
            # Pieces joined once at the end: "+=" on a dict item copied the
            # whole string each time (a 50 MB msgstr in 80-character lines
            # took over 16 minutes).
            parts = entry.pieces.setdefault(last_key, [])
            parts.append(value)
            size = entry.sizes[last_key] = entry.sizes.get(last_key, 0) + len(value)
            if size > cap:
                raise InputError(
                    path, f"{key} has over {cap} characters, over the limit (max_cell_chars)",
                    entry.line,
                )
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
    header: dict[str, str] = {}
    records: list[ParallelRecord] = []
    for e in entries:
        e.finish()
        if not _has_message(e, path):
            continue
        if e.fields["msgid"] == "" and "msgctxt" not in e.fields:
            header = _header(e.fields.get("msgstr", ""))
            continue
        records.append(_record(e))
    if not records and warnings is not None:
        warnings.append(f"{path or '<input>'}: no messages (header only)" if header or entries
                        else f"{path or '<input>'}: no PO entries")
    return records, header


def _header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip()] = value.strip()
    return fields


def nplurals(header: dict[str, str]) -> int | None:
    """The ``nplurals=N`` of the header's Plural-Forms (None when absent)."""
    match = _NPLURALS.search(header.get("Plural-Forms", ""))
    return int(match.group(1)) if match else None


def _has_message(entry: _Entry, path: str | None) -> bool:
    if "msgid" not in entry.fields:
        if entry.fields or entry.plurals:
            raise InputError(path, "entry has no msgid", entry.line)
        return False  # a comment-only block
    if "msgstr" not in entry.fields and not entry.plurals:
        raise InputError(path, "entry has no msgstr", entry.line)
    return True


def _record(entry: _Entry) -> ParallelRecord:
    plurals = [entry.plurals[k] for k in sorted(entry.plurals)]
    target = entry.fields.get("msgstr", plurals[0] if plurals else "")
    fuzzy = "fuzzy" in entry.flags
    translated = any(plurals) if plurals else bool(target)
    extra: dict[str, Any] = {
        "flags": entry.flags,
        "fuzzy": fuzzy,
        "state": "fuzzy" if fuzzy else ("translated" if translated else "untranslated"),
    }
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

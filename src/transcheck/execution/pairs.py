"""Stream (source, target, references) pairs from corpus files in constant memory.

Two layouts are supported:

* parallel one-segment-a-line files (target, optional source, optional
  references), read in lockstep; a length mismatch is an InputError naming the
  shorter file and the line where it ran out;
* record files (TSV, JSONL, and the small XML formats) with source and target
  in one record, streamed through ``transcheck.io.readers.iter_parallel``.

Known limits: the encoding of a line file is sniffed from its first MiB; a
legacy 8-bit file whose later bytes need another code page fails with an
InputError naming the line. UTF-16/32 files are read through the text layer,
which handles their BOM.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from transcheck import limits
from transcheck.errors import InputError
from transcheck.io.decode import decode_bytes, open_input

# A segment longer than this is almost always a broken file (a whole document
# on one line, or binary junk); scoring it would take minutes.
# (transcheck.limits max_cell_chars; this constant is its default.)
MAX_SEGMENT_CHARS = limits.LIMITS["max_cell_chars"].default
_SNIFF_BYTES = 1024 * 1024
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Pair:
    """One segment under test with its context.

    ``line`` is the 1-based line of ``target`` in the file under test and
    ``column`` the 0-based offset of the target text within that line (not 0
    for the second column of a TSV file), so flags map to file positions.
    """

    line: int
    target: str
    source: str | None = None
    refs: tuple[str, ...] = ()
    column: int = 0


def sniff_encoding(path: str) -> tuple[str, list[str]]:
    """The encoding to stream ``path`` with, plus reader warnings.

    Binary or undecodable data raises InputError through the foundation's
    decoder, so a corpus file that is not text fails before any work starts.
    """
    try:
        with open_input(path) as handle:  # devices and FIFOs: "not a regular file"
            head = handle.read(_SNIFF_BYTES)
            more = bool(handle.read(1))
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    if _is_blank(head):
        raise InputError(path, "is empty")
    if more and b"\n" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Do not judge a multibyte character cut at the sniff boundary.
        head = head[: head.rfind(b"\n") + 1]
    _, encoding, warnings = decode_bytes(head, path)
    if encoding == "utf-8":
        encoding = "utf-8-sig"  # drops a BOM at the start, like decode_bytes
    return encoding, warnings


def _is_blank(head: bytes) -> bool:
    """Is ``head`` empty or whitespace once its BOM is removed? (only a BOM: empty)"""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return not head[len(bom) :].decode(codec, errors="replace").strip()
    return not head.strip()


def _open_text(path: str) -> tuple[IO[str], list[str]]:
    encoding, warnings = sniff_encoding(path)
    return open(path, encoding=encoding, newline=""), warnings


def _lines(path: str, handle: IO[str]) -> Iterator[str]:
    number = 0
    cap = limits.get("max_cell_chars")
    try:
        for raw in handle:
            number += 1
            line = raw.rstrip("\r\n")
            if "\x00" in line:
                raise InputError(path, "contains NUL bytes: binary data, not text", line=number)
            if len(line) > cap:
                raise InputError(
                    path,
                    f"line has {len(line)} characters, over the {cap} limit (max_cell_chars)",
                    line=number,
                )
            yield line
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"cannot decode as {handle.encoding}: {exc.reason}", line=number + 1
        ) from None


def iter_file_lines(path: str, warnings: list[str] | None = None) -> Iterator[str]:
    """The lines of a text file one at a time (line ends removed), in constant memory.

    The rules of ``iter_line_pairs``: binary, undecodable, NUL bytes and a
    line over ``max_cell_chars`` are InputErrors naming the file and line;
    CRLF, LF and lone CR end lines. The reader's warnings (a legacy
    encoding) go to ``warnings``.
    """
    handle, notes = _open_text(path)
    if warnings is not None:
        warnings.extend(notes)
    with handle:
        yield from _lines(path, handle)


def count_newlines(path: str) -> int:
    """LF bytes of a regular file, read in 1 MiB blocks (a cheap size test)."""
    from transcheck.io.decode import open_input

    count = 0
    with open_input(path) as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return count


def iter_line_pairs(
    target: str,
    source: str | None = None,
    refs: Iterable[str] = (),
    warnings: list[str] | None = None,
) -> Iterator[Pair]:
    """Yield one Pair per line of ``target``, zipped with source and references.

    Every file is streamed; memory does not grow with the corpus. Raises
    InputError when the files do not have the same number of lines.
    """
    paths = [target] + ([source] if source else []) + list(refs)
    with contextlib.ExitStack() as stack:
        streams: list[Iterator[str]] = []
        for path in paths:
            handle, notes = _open_text(path)
            stack.enter_context(handle)
            if warnings is not None:
                warnings.extend(notes)
            streams.append(_lines(path, handle))
        n_refs = len(paths) - 1 - (1 if source else 0)
        line = 0
        while True:
            row: list[str | None] = [next(stream, None) for stream in streams]
            line += 1
            if all(cell is None for cell in row):
                return
            if any(cell is None for cell in row):
                short = paths[row.index(None)]
                longer = paths[next(i for i, cell in enumerate(row) if cell is not None)]
                raise InputError(
                    short,
                    f"has {line - 1} lines but {os.path.basename(longer)} has more "
                    "(parallel files must have the same number of lines)",
                    line=line,
                )
            cells = [cell or "" for cell in row]
            src = cells[1] if source else None
            yield Pair(line, cells[0], src, tuple(cells[len(cells) - n_refs :]) if n_refs else ())


def iter_record_pairs(
    path: str, fmt: str | None = None, warnings: list[str] | None = None
) -> Iterator[Pair]:
    """Yield Pairs from a TSV or JSONL file of (source, target[, reference]) records.

    Streams through ``transcheck.io.readers.iter_parallel`` (constant memory).
    TSV: columns source, target, optional reference (the third column); JSONL:
    the foundation's source/target keys plus an optional ``ref``/``reference``.
    TMX, XLIFF and PO are read whole by the foundation, then yielded.
    """
    from transcheck.io.readers import detect_format, iter_parallel

    on_warning = warnings.append if warnings is not None else None
    kind = detect_format(path, fmt)
    for record in iter_parallel(path, fmt, on_warning=on_warning):
        line = record.line or 0
        # Source cells too: a 150 KB source cell cost 41 s in check before.
        _check_length(path, record.target, line)
        _check_length(path, record.source, line)
        extra = record.extra
        ref: object = None
        if extra.get("columns"):
            ref = extra["columns"][0]
        else:
            ref = extra.get("ref", extra.get("reference"))
        refs = (ref,) if isinstance(ref, str) else ()
        # Only TSV targets sit at a known column; inside escaped JSON or XML
        # the column does not map to the file, so flags carry the line only.
        column = len(record.source) + 1 if kind == "tsv" else -1
        yield Pair(line, record.target, record.source, refs, column=column)


def _check_length(path: str, text: str, line: int) -> None:
    cap = limits.get("max_cell_chars")
    if len(text) > cap:
        raise InputError(
            path, f"segment has {len(text)} characters, over the {cap} limit (max_cell_chars)",
            line=line,
        )


def partitions(pairs: Iterable[Pair], size: int) -> Iterator[list[Pair]]:
    """Group a stream of pairs into lists of at most ``size`` pairs."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    batch: list[Pair] = []
    for pair in pairs:
        batch.append(pair)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch

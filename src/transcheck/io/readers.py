"""Readers: files -> Documents, line lists and parallel records.

Plain text and one-segment-a-line files are read here; the structured
parallel formats (TSV, JSONL, TMX, XLIFF, PO) have one module each and are
dispatched by :func:`read_parallel` (whole file) or :func:`iter_parallel`
(TSV/JSONL streamed in constant memory).
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import IO

from transcheck.errors import InputError
from transcheck.io.decode import decode_bytes, open_input, read_text, refuse_long_lines
from transcheck.model import Document, ParallelRecord, Segment

FORMATS = ("tsv", "jsonl", "tmx", "xliff", "po")
_EXTENSIONS = {
    ".tsv": "tsv", ".tab": "tsv",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".tmx": "tmx",
    ".xlf": "xliff", ".xliff": "xliff", ".xlif": "xliff",
    ".po": "po", ".pot": "po",
}  # fmt: skip
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Only the encoding pseudo-attribute is removed: the text is already decoded,
# and expat would otherwise try to decode it again (UTF-16 declarations).
_XML_DECL_ENCODING = re.compile(r"""\A(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")


def read_document(
    path: str | os.PathLike[str], lang: str | None = None, *, allow_empty: bool = False
) -> Document:
    """Read a plain-text file as one Document (offsets index ``text``).

    ``-`` reads standard input. Raises InputError naming the file when it is
    missing, a directory, binary, undecodable, or (unless ``allow_empty``)
    empty or only whitespace.
    """
    text, encoding, warnings = read_text(path)
    name = "<stdin>" if os.fspath(path) == "-" else os.fspath(path)
    if not allow_empty:
        _refuse_empty(text, name)
    refuse_long_lines(text, name)
    return Document(text=text, lang=lang, path=name, encoding=encoding, warnings=tuple(warnings))


def _refuse_empty(text: str, name: str) -> None:
    if not text:
        raise InputError(name, "is empty")
    if not text.strip():
        raise InputError(name, "is empty (only whitespace)")


def line_segments(doc: Document) -> list[Segment]:
    """Every line is one segment (``--unit line``); CRLF and lone CR end lines.

    A final line end does not start an extra empty segment; empty lines in the
    middle are kept as empty segments so line ids match the file. The
    segment's ``paragraph`` is its 0-based line number.
    """
    segments: list[Segment] = []
    text = doc.text
    pos = 0
    for line_no, match in enumerate(_LINE_BREAK.finditer(text)):
        segments.append(Segment(line_no, text[pos : match.start()], pos, match.start(), line_no))
        pos = match.end()
    if pos < len(text):
        n = len(segments)
        segments.append(Segment(n, text[pos:], pos, len(text), n))
    return segments


def read_lines(path: str | os.PathLike[str], *, allow_empty: bool = False) -> list[str]:
    """The lines of a one-segment-a-line file (MT evaluation convention)."""
    return [s.text for s in line_segments(read_document(path, allow_empty=allow_empty))]


def detect_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The parallel format named by ``fmt`` or by the file extension."""
    name = os.fspath(path)
    if fmt is not None:
        if fmt not in FORMATS:
            raise InputError(name, f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
        return fmt
    ext = os.path.splitext(name)[1].lower()
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    raise InputError(
        name, f"cannot tell the format from the extension {ext or '(none)'}; pass fmt= one of "
        f"{', '.join(FORMATS)}"
    )


def read_parallel(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    warnings: list[str] | None = None,
) -> list[ParallelRecord]:
    """Read a whole parallel file: TSV, JSONL, TMX 1.4, XLIFF 1.2/2.0 or PO.

    ``src_lang``/``tgt_lang`` pick the sides of a multilingual TMX. Reader
    warnings (legacy encoding) are appended to ``warnings`` when given.
    An empty file, or a TSV/JSONL file without any record, is an InputError;
    a TMX/XLIFF/PO file without units gives [] and a warning.
    """
    kind = detect_format(path, fmt)
    doc = read_document(path)
    if warnings is not None:
        warnings.extend(doc.warnings)
    name = doc.path
    if kind in ("tsv", "jsonl"):
        parser = _line_parser(kind, name)
        records = [
            record
            for line_no, line in enumerate(_LINE_BREAK.split(doc.text), start=1)
            if (record := parser(line, line_no)) is not None
        ]
        if not records:
            raise InputError(name, f"no {kind.upper()} records found")
        return records
    # A catalogue without units (header-only PO, empty XLIFF 2.0 file) is a
    # valid file with nothing to check: a warning, not a refusal.
    return parse_structured(kind, doc.text, name, src_lang, tgt_lang, warnings)[0]


def parse_structured(
    kind: str,
    text: str,
    name: str | None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    warnings: list[str] | None = None,
) -> tuple[list[ParallelRecord], dict[str, str]]:
    """(records, PO header) of a decoded TMX, XLIFF or PO text: the one parser
    behind ``read_parallel`` (check, score) and ``read_catalogue`` (flag)."""
    notes: list[str] = warnings if warnings is not None else []
    if kind == "po":
        from transcheck.io.po import parse_po_catalogue

        return parse_po_catalogue(text, name, notes)
    text = _xml_text(text)
    if "\r\r\n" in text:
        # expat counts CR CR LF as two line ends: error lines would be doubled.
        notes.append(f"{name or '<input>'}: CR CR LF line ends read as one line end each")
        text = text.replace("\r\r\n", "\n")
    if kind == "tmx":
        from transcheck.io.tmx import parse_tmx

        return parse_tmx(text, name, src_lang, tgt_lang, notes), {}
    from transcheck.io.xliff import parse_xliff

    return parse_xliff(text, name, notes), {}


# The declaration pattern backtracks quadratically on a long run of spaces
# (82 s on a 300 KB declaration): it only ever looks at the head of the text.
_XML_DECL_WINDOW = 4096


def _xml_text(text: str) -> str:
    head = _XML_DECL_ENCODING.sub(r"\1", text[:_XML_DECL_WINDOW], count=1)
    return head + text[_XML_DECL_WINDOW:]


def _line_parser(kind: str, name: str | None) -> Callable[[str, int], ParallelRecord | None]:
    if kind == "tsv":
        from transcheck.io.tsv import TsvParser

        return TsvParser(name).parse
    from transcheck.io.jsonl import JsonlParser

    return JsonlParser(name).parse


def iter_parallel(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    on_warning: Callable[[str], None] | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> Iterator[ParallelRecord]:
    """Stream a TSV or JSONL parallel file record by record, in constant memory.

    The encoding is decided from the first megabyte (BOM, UTF-8, or a legacy
    encoding reported through ``on_warning``); a later undecodable byte or
    NUL raises InputError with its line number. TMX/XLIFF/PO are read whole
    (they are small in practice) and then yielded; ``src_lang``/``tgt_lang``
    pick the sides of a multilingual TMX as in :func:`read_parallel`.
    """
    kind = detect_format(path, fmt)
    name = os.fspath(path)
    if kind not in ("tsv", "jsonl"):
        warnings: list[str] = []
        records = read_parallel(
            path, kind, src_lang=src_lang, tgt_lang=tgt_lang, warnings=warnings
        )
        for warning in warnings:
            if on_warning is not None:
                on_warning(warning)
        yield from records
        return
    return_count = 0
    with _open_binary(name) as raw:
        head = raw.read(1024 * 1024)
        if not head.strip():
            raise InputError(name if name != "-" else "<stdin>", "is empty")
        label = "<stdin>" if name == "-" else name
        encoding, skip = _stream_encoding(head, label, on_warning)
        parser = _line_parser(kind, label)
        lines = _decoded_lines(_Prefixed(head[skip:], raw), encoding, label)
        for line_no, line in enumerate(lines, start=1):
            if "\x00" in line:
                raise InputError(label, "contains NUL bytes: binary data, not text", line_no)
            record = parser(line, line_no)
            if record is not None:
                return_count += 1
                yield record
    if return_count == 0:
        raise InputError(label, f"no {kind.upper()} records found")


def _decoded_lines(raw: io.RawIOBase, encoding: str, label: str) -> Iterator[str]:
    """Lines of a byte stream without their line ends; CRLF, CR and LF all end lines.

    8-bit and UTF-8 streams are decoded line by line so an undecodable byte is
    reported on its own line; UTF-16 goes through a text wrapper.
    """
    line_no = 0
    if encoding.startswith("utf-16"):
        text_stream = io.TextIOWrapper(io.BufferedReader(raw), encoding=encoding, newline="")
        try:
            for line_no, text in enumerate(text_stream, start=1):  # noqa: B007
                yield from _LINE_BREAK.split(text.rstrip("\r\n"))
        except UnicodeDecodeError:
            raise InputError(label, f"invalid {encoding}", line_no + 1) from None
        return
    for data in io.BufferedReader(raw, buffer_size=1024 * 1024):
        line_no += data.count(b"\r", 0, len(data) - 1) - data.count(b"\r\n")
        line_no += 1
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise InputError(label, f"invalid {encoding}", line_no) from None
        yield from _LINE_BREAK.split(text.rstrip("\r\n"))


def _open_binary(name: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    if name == "-":
        # Standard input is not ours to close.
        return contextlib.nullcontext(sys.stdin.buffer)
    # Devices and FIFOs are refused ("not a regular file"), never read forever.
    return open_input(name)  # closed by the caller's with-block


def _stream_encoding(
    head: bytes, label: str, on_warning: Callable[[str], None] | None
) -> tuple[str, int]:
    """(codec name, bytes of BOM to skip) for a stream starting with ``head``."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return encoding, len(bom)
    # An incremental decoder tolerates a multi-byte character cut at the end
    # of the sample; anything else that is not UTF-8 goes to legacy detection.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8", 0
    except UnicodeDecodeError:
        pass
    _text, encoding, warnings = decode_bytes(head, label)
    if on_warning is not None:
        for warning in warnings:
            on_warning(warning)
    return encoding, 0


class _Prefixed(io.RawIOBase):
    """A raw stream that yields ``prefix`` and then the rest of ``raw``."""

    def __init__(self, prefix: bytes, raw: IO[bytes]) -> None:
        self._prefix = prefix
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

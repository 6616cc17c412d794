"""Turn the bytes of a user file into text, or say clearly why not.

Accepted: UTF-8 with or without a BOM, UTF-16/32 with a BOM. Legacy 8-bit
encodings (cp1252, latin-1, cp1251, ...) are detected with
charset-normalizer and accepted with a warning naming the encoding. Binary
data (NUL bytes, image signatures) is refused, also after a BOM.

Only regular files are read: a device (``/dev/zero``), a FIFO or a socket is
refused before any byte is read (``open_input``), because its size reads as 0
and it may never end; every reader opens user files through ``open_input``.

Known limits: a file that grows while it is read is read up to the size it
had when it was opened plus what arrives before EOF (no second size check).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from typing import IO

from transcheck import limits
from transcheck.errors import InputError

# Files larger than this are refused before reading (transcheck.limits
# max_file_bytes; this constant is its default, kept for importers).
MAX_FILE_BYTES = limits.LIMITS["max_file_bytes"].default

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (docx/xlsx?)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes, path: str | None = None) -> tuple[str, str, list[str]]:
    """Decode ``data``; returns (text, encoding, warnings).

    Line ends are kept as they are (CRLF, lone CR): offsets must index the
    text the user has. Raises InputError for binary or undecodable data.
    """
    warnings: list[str] = []
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(path, f"this is a binary file ({kind}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"invalid {encoding} after its byte-order mark at byte {exc.start}"
                ) from None
            # A BOM does not make NUL bytes text: the same refusal as without.
            return _refuse_nul(text, path, data[len(bom) :]), encoding, warnings
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text, encoding = _decode_legacy(data, path, exc)
        warnings.append(f"{path or '<input>'}: not UTF-8, decoded as {encoding}")
        return _refuse_nul(text, path, data), encoding, warnings
    return _refuse_nul(text, path, data), "utf-8", warnings


def _refuse_nul(text: str, path: str | None, data: bytes) -> str:
    index = text.find("\x00")
    if index >= 0:
        line = text.count("\n", 0, index) + 1
        raise InputError(path, _nul_problem(data), line=line)
    return text


def _nul_problem(data: bytes) -> str:
    sample = data[:4096]
    # Every other byte NUL: UTF-16 text that lost its byte-order mark.
    if len(sample) >= 4 and sample[1::2].count(0) > 0.4 * len(sample[1::2]):
        return "contains NUL bytes: UTF-16 without a byte-order mark? save it as UTF-8"
    if len(sample) >= 4 and sample[0::2].count(0) > 0.4 * len(sample[0::2]):
        return "contains NUL bytes: UTF-16 without a byte-order mark? save it as UTF-8"
    return "contains NUL bytes: binary data, not text"


def _decode_legacy(data: bytes, path: str | None, exc: UnicodeDecodeError) -> tuple[str, str]:
    line = data.count(b"\n", 0, exc.start) + 1
    if b"\x00" in data:
        raise InputError(path, _nul_problem(data), line=line)
    if _has_utf8_sequences(data):
        # Real UTF-8 elsewhere in the file: this is a corrupt UTF-8 file, not
        # a legacy encoding, and guessing would silently garble it.
        raise InputError(path, f"invalid UTF-8 at byte {exc.start}", line=line)
    best = _guess_legacy(data)
    if best is None:
        raise InputError(path, f"invalid UTF-8 at byte {exc.start}", line=line)
    encoding = best.replace("_", "-")
    try:
        text = data.decode(best)
    except (UnicodeDecodeError, LookupError):
        raise InputError(path, f"invalid UTF-8 at byte {exc.start}", line=line) from None
    if _looks_binary(text):
        raise InputError(path, "this looks like binary data, not text", line=line)
    return text, encoding


# Among equally plausible decodings, the common Windows code pages win: a
# French cp1252 file decodes cleanly as cp1250 too ("crčme"), and charset-
# normalizer's order between such ties is arbitrary.
_PREFERRED = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "iso8859_15", "latin_1")


def _guess_legacy(data: bytes) -> str | None:
    """The most plausible 8-bit encoding of ``data`` (charset-normalizer), or None."""
    from charset_normalizer import from_bytes

    matches = [
        m for m in from_bytes(data[: 1024 * 1024]) if not m.encoding.startswith(("utf", "UTF"))
    ]
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    calm = {m.encoding for m in matches if m.chaos <= least + 0.01}
    for encoding in _PREFERRED:
        if encoding in calm:
            return encoding
    return str(min(matches, key=lambda m: m.chaos).encoding)


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _has_utf8_sequences(data: bytes) -> bool:
    """Does ``data`` contain well-formed multi-byte UTF-8 sequences?

    Legacy 8-bit text ("Caf\xe9") almost never does: a lead byte followed by the
    right number of continuation bytes is rare outside UTF-8.
    """
    return _UTF8_MULTIBYTE.search(data[: 4 * 1024 * 1024]) is not None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls / len(sample) > 0.05


def open_input(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open a user file for binary reading, refusing what is not a regular file.

    The file is opened with O_NONBLOCK so that a FIFO without a writer does
    not block the open; fstat on the open descriptor then decides (no race
    between a check and the open). Devices, FIFOs and sockets are refused
    with "not a regular file"; files over the max_file_bytes limit too.
    """
    name = os.fspath(path)
    if os.path.isdir(name):
        raise InputError(name, "is a directory, expected a file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, expected a file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(name, f"not a regular file ({_kind(info.st_mode)})")
        cap = limits.get("max_file_bytes")
        if info.st_size > cap:
            raise InputError(
                name, f"file is {info.st_size} bytes, over the {cap} byte limit (max_file_bytes)"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_input_bytes(path: str | os.PathLike[str]) -> bytes:
    """All bytes of a regular user file (``open_input`` rules), read under the cap."""
    name = os.fspath(path)
    cap = limits.get("max_file_bytes")
    try:
        with open_input(name) as handle:
            # A regular file whose size was checked: read() to EOF (read(cap)
            # would allocate a 2 GiB buffer up front).
            data = handle.read()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > cap:
        raise InputError(name, f"file is over the {cap} byte limit (max_file_bytes)")
    return data


def _read_stdin(stream: IO[bytes]) -> bytes:
    """Standard input up to the max_file_bytes limit, in 1 MiB reads."""
    cap = limits.get("max_file_bytes")
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(1 << 20):
        size += len(chunk)
        if size > cap:
            raise InputError("<stdin>", f"input is over the {cap} byte limit (max_file_bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def read_text(path: str | os.PathLike[str]) -> tuple[str, str, list[str]]:
    """Read and decode a file; returns (text, encoding, warnings).

    Errors name the file: missing, a directory, not a regular file,
    unreadable, too large, binary, or not decodable.
    """
    name = os.fspath(path)
    if name == "-":
        import sys

        return decode_bytes(_read_stdin(sys.stdin.buffer), "<stdin>")
    return decode_bytes(read_input_bytes(name), name)


class JsonLimitError(ValueError):
    """A JSON text is over a limit (integer digits) or carries lone surrogates."""


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _bounded_int(digits: str) -> int:
    cap = limits.get("max_int_digits")
    if len(digits.lstrip("-")) > cap:
        raise JsonLimitError(
            f"an integer has {len(digits.lstrip('-'))} digits, over the {cap}-digit limit "
            "(max_int_digits)"
        )
    return int(digits)


def loads_json(text: str) -> object:
    """``json.loads`` for user text: bounded integers, bounded nesting, no lone surrogates.

    Raises json.JSONDecodeError for syntax errors and JsonLimitError (a
    ValueError) for the rest, so callers turn both into one InputError line.
    """
    import json

    try:
        value = json.loads(text, parse_int=_bounded_int)
    except RecursionError:
        raise JsonLimitError("nested too deeply") from None
    if _SURROGATE_ESCAPE.search(text):
        # A pair (\ud83d\ude00) decodes to one character; a lone half stays a
        # surrogate that no UTF-8 output can hold: refuse it here, by name.
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise JsonLimitError("a \\u escape is a lone surrogate (not a character)") from None
    return value


def refuse_long_lines(text: str, path: str | None) -> None:
    """InputError naming the line when one is over the max_line_chars limit.

    A single 50 MB line cost 3.3 GB in flag/report (every check, span and
    regex works per line or sentence); refusing it at the limit is one line.
    """
    cap = limits.get("max_line_chars")
    if len(text) <= cap:
        return
    sep = "\n" if "\n" in text else "\r"
    start = 0
    number = 1
    while start <= len(text):
        end = text.find(sep, start)
        if end < 0:
            end = len(text)
        if end - start > cap:
            raise InputError(
                path,
                f"line has {end - start} characters, over the {cap} limit (max_line_chars)",
                line=number,
            )
        start = end + 1
        number += 1

"""Reading user files into Documents and records, and writing outputs safely."""

from transcheck.io.decode import decode_bytes, read_text
from transcheck.io.output import atomic_write, emit
from transcheck.io.readers import (
    FORMATS,
    detect_format,
    iter_parallel,
    line_segments,
    read_document,
    read_lines,
    read_parallel,
)

__all__ = [
    "FORMATS",
    "atomic_write",
    "decode_bytes",
    "detect_format",
    "emit",
    "iter_parallel",
    "line_segments",
    "read_document",
    "read_lines",
    "read_parallel",
    "read_text",
]

"""Reading user files into Documents and writing outputs safely."""

from transcheck.io.decode import decode_bytes, read_text
from transcheck.io.output import atomic_write, emit

__all__ = ["atomic_write", "decode_bytes", "emit", "read_text"]

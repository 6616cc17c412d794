"""Decoding user bytes: BOMs, legacy code pages, corrupt UTF-8, binary data."""

from __future__ import annotations

import codecs

import pytest

from transcheck.errors import InputError
from transcheck.io.decode import decode_bytes

# (text, legacy encoding): real sentences of languages whose 8-bit code pages
# are still found in old corpora.
LEGACY: list[tuple[str, str]] = [
    ("Café crème, naïve façade. Grüße aus Köln, schöne Straße.", "cp1252"),
    ("Zażółć gęślą jaźń, to jest polski tekst.", "cp1250"),
    ("Привет, как дела? Это тест кодировки.", "cp1251"),
    ("Ελληνικά κείμενα εδώ, μια δοκιμή κωδικοποίησης.", "cp1253"),
]


@pytest.mark.parametrize(("text", "encoding"), LEGACY, ids=[e for _, e in LEGACY])
def test_legacy_code_pages_are_detected_with_a_warning(text: str, encoding: str) -> None:
    decoded, found, warnings = decode_bytes(text.encode(encoding), "old.txt")
    assert decoded == text
    assert found == encoding
    assert warnings == [f"old.txt: not UTF-8, decoded as {encoding}"]


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
     (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le")],
)  # fmt: skip
def test_byte_order_marks(bom: bytes, codec: str) -> None:
    text = "Kyiv, not Kiev.\r\n東京\r"
    assert decode_bytes(bom + text.encode(codec)) == (text, codec, [])


def test_corrupt_utf8_is_not_guessed_as_a_code_page() -> None:
    data = "Grüße aus Köln.\nZweite Zeile ".encode() + b"\xc3(\n"
    with pytest.raises(InputError) as info:
        decode_bytes(data, "bad.txt")
    assert info.value.line == 2
    assert "invalid UTF-8 at byte" in str(info.value)


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"%PDF-1.7\n...", "PDF document"), (b"PK\x03\x04rest", "ZIP archive"),
     (b"\x1f\x8b\x08\x00", "gzip"), ("Kyiv".encode("utf-16-le"), "UTF-16 without a byte-order"),
     (b"abc\x00def", "NUL bytes: binary data")],
)  # fmt: skip
def test_binary_data_is_refused_with_a_reason(data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=words):
        decode_bytes(data, "x.bin")


def test_invalid_bom_payload() -> None:
    with pytest.raises(InputError, match="after its byte-order mark"):
        decode_bytes(codecs.BOM_UTF8 + b"ok \xff", "x.txt")

"""Readers for every format, streaming, encodings and atomic output."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from transcheck.errors import InputError
from transcheck.io import (
    atomic_write,
    detect_format,
    emit,
    iter_parallel,
    line_segments,
    read_document,
    read_lines,
    read_parallel,
)
from transcheck.model import Document, ParallelRecord

DATA = Path(__file__).resolve().parent / "data" / "foundation"


def test_tmx_picks_sides_by_language_and_keeps_native_codes_as_placeholders() -> None:
    records = read_parallel(DATA / "sample.tmx")
    # Header srclang="de"; the first other <tuv> is the target. The <bpt>/<ept>
    # pair stays as placeholder tags with its i= id, so dropping it is visible.
    assert [(r.source, r.target) for r in records] == [
        ('Putin warnte Biden vor <bpt i="1"/>harten<ept i="1"/> Sanktionen.',
         "Putin warned Biden against severe sanctions."),
        ("Die Gespräche sind für Januar geplant.", "The talks are planned for January."),
    ]  # fmt: skip
    assert records[0].extra == {
        "tuid": "1", "src_lang": "de", "tgt_lang": "en-GB", "state": "translated"
    }
    assert [r.line for r in records] == [5, 10]
    french = read_parallel(DATA / "sample.tmx", src_lang="en", tgt_lang="fr")
    assert [r.target for r in french] == [
        "Poutine a mis en garde Biden contre de lourdes sanctions.",
        "Les pourparlers sont prévus pour janvier.",
    ]
    assert french[0].source == "Putin warned Biden against severe sanctions."  # <hi> text kept
    assert list(iter_parallel(DATA / "sample.tmx", src_lang="en", tgt_lang="fr")) == french


def test_xliff_12_and_20() -> None:
    v12 = read_parallel(DATA / "sample12.xlf")
    assert [(r.source, r.target) for r in v12] == [
        ('Click <x id="1"/>Save to keep your changes.',
         'Haga clic en <g id="2">Guardar</g> para conservar los cambios.'),
        ("Leave a Reply", ""),
    ]  # fmt: skip
    assert v12[0].extra["state"] == "translated" and v12[0].extra["tgt_lang"] == "es"
    assert v12[1].extra["state"] == "untranslated"
    assert v12[0].line == 5
    v20 = read_parallel(DATA / "sample20.xlf")
    assert [(r.source, r.target) for r in v20] == [
        ('Biden calls on <pc id="1">Putin</pc> to de-escalate.<ph id="2"/>',
         'バイデン氏は<pc id="1">プーチン</pc>氏に緊張緩和を求めた。'),
        ("The West fears an attack.", "西側は攻撃を恐れている。"),
    ]
    assert v20[1].extra["segment"] == "s2" and v20[1].extra["tgt_lang"] == "ja"


def test_po_entries_escapes_plurals_and_flags() -> None:
    records = read_parallel(DATA / "sample.po")
    assert len(records) == 2  # header and obsolete entries are skipped
    first, plural = records
    assert first.source == 'Leave a "Reply"'
    assert first.target == 'Eine "Antwort" hinterlassen\n'
    assert first.extra["msgctxt"] == "button" and first.extra["fuzzy"] is True
    assert first.extra["references"] == ["templates/article.html:42"]
    assert first.line == 7
    assert plural.target == "%d Kommentar"
    assert plural.extra["msgstr_plural"] == ["%d Kommentar", "%d Kommentare"]


def test_tsv_and_jsonl_whole_and_streamed_agree() -> None:
    for name in ("sample.tsv", "sample.jsonl"):
        whole = read_parallel(DATA / name)
        streamed = list(iter_parallel(DATA / name))
        assert whole == streamed
    tsv = read_parallel(DATA / "sample.tsv")
    assert tsv[1] == ParallelRecord(
        "Kiev accuses NATO of provocations.",
        "Kiew wirft der NATO Provokationen vor.",
        {"columns": ["news"]},
        2,
    )
    jsonl = read_parallel(DATA / "sample.jsonl")
    assert [(r.source, r.target, r.line) for r in jsonl] == [
        ("拜登与普京通话。", "Biden and Putin spoke on the phone.", 1),
        ("西方担心俄罗斯会发动进攻。", "The West fears that Russia could attack.", 3),
    ]
    assert jsonl[1].extra == {"system": "B", "seg_id": 2}


def test_records_unpack_as_tuples() -> None:
    for source, target, extra, line in read_parallel(DATA / "sample.tsv"):
        assert source and target and isinstance(extra, dict) and isinstance(line, int)


def test_streaming_reads_large_file_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.tsv"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(50_000):
            handle.write(f"Satz {i} über Köln.\tSentence {i} about Cologne.\n")
    stream = iter_parallel(path)
    first = next(stream)
    assert first == ParallelRecord("Satz 0 über Köln.", "Sentence 0 about Cologne.", {}, 1)
    assert sum(1 for _ in stream) == 49_999


def test_streaming_reports_late_bad_bytes_with_line(tmp_path: Path) -> None:
    path = tmp_path / "late.tsv"
    good = "Grüße\tgreetings\n".encode() * 100_000  # well past the 1 MB sample
    path.write_bytes(good + b"bad \xff\xfe\tline\n")
    with pytest.raises(InputError) as info:
        list(iter_parallel(path))
    assert info.value.line == 100_001
    assert "invalid utf-8" in str(info.value)


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(b"", "utf-8"), (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
     (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"],
)  # fmt: skip
def test_encodings_with_and_without_bom(tmp_path: Path, bom: bytes, encoding: str) -> None:
    text = "Kiew\tKyiv\nМосква\tMoscow\n"
    path = tmp_path / "pairs.tsv"
    path.write_bytes(bom + text.encode(encoding))
    doc = read_document(path)
    assert doc.text == text and doc.encoding == encoding and doc.warnings == ()
    assert [r.source for r in read_parallel(path)] == ["Kiew", "Москва"]
    assert [r.target for r in iter_parallel(path)] == ["Kyiv", "Moscow"]


def test_legacy_encoding_warns(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Привет, как дела? Это тест кодировки.".encode("cp1251"))
    doc = read_document(path)
    assert doc.text == "Привет, как дела? Это тест кодировки."
    assert doc.encoding == "cp1251"
    assert doc.warnings == (f"{path}: not UTF-8, decoded as cp1251",)


def test_line_segments_crlf_cr_and_final_newline() -> None:
    doc = Document(text="one\r\ntwo\rthree\n\nfive\n")
    segments = line_segments(doc)
    assert [s.text for s in segments] == ["one", "two", "three", "", "five"]
    for segment in segments:
        assert doc.text[segment.start : segment.end] == segment.text
    assert [s.paragraph for s in segments] == [0, 1, 2, 3, 4]
    assert [s.text for s in line_segments(Document(text="no newline"))] == ["no newline"]


def test_read_lines_and_empty_policy(tmp_path: Path) -> None:
    path = tmp_path / "hyp.txt"
    path.write_text("a\nb\n", encoding="utf-8")
    assert read_lines(path) == ["a", "b"]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="is empty"):
        read_document(empty)
    assert read_document(empty, allow_empty=True).text == ""


def test_detect_format() -> None:
    names = ("a.TSV", "b.jsonl", "c.tmx", "d.xliff", "e.xlf", "f.pot")
    assert [detect_format(n) for n in names] == ["tsv", "jsonl", "tmx", "xliff", "xliff", "po"]
    assert detect_format("x.txt", "tsv") == "tsv"
    with pytest.raises(InputError, match="cannot tell the format"):
        detect_format("x.txt")
    with pytest.raises(InputError, match="unknown format"):
        detect_format("x.tsv", "csv")


def test_xml_encoding_declaration_of_utf16_file(tmp_path: Path) -> None:
    text = (DATA / "sample.tmx").read_text(encoding="utf-8").replace("UTF-8", "UTF-16")
    path = tmp_path / "memory.tmx"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert len(read_parallel(path)) == 2


def test_atomic_write_leaves_nothing_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"

    def chunks() -> object:
        yield "first\n"
        raise InputError("in.txt", "broken midway", 3)

    with pytest.raises(InputError):
        emit(chunks(), str(target))  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
    with atomic_write(target) as handle:
        handle.write("done\n")
    assert target.read_text(encoding="utf-8") == "done\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_output_gets_ordinary_file_permissions(tmp_path):
    """mkstemp makes 0600 files; a written report must be readable like any file."""
    import os

    from transcheck.io.output import emit

    target = tmp_path / "report.txt"
    old = os.umask(0o022)
    try:
        emit(["Grüße aus Köln\n"], str(target))
    finally:
        os.umask(old)
    assert target.read_text(encoding="utf-8") == "Grüße aus Köln\n"
    assert target.stat().st_mode & 0o777 == 0o644


def test_atomic_write_in_binary_mode(tmp_path):
    from transcheck.io.output import atomic_write

    target = tmp_path / "blob.bin"
    with atomic_write(target, "wb") as handle:
        handle.write("Kyjiw".encode("utf-16"))
    assert target.read_bytes().decode("utf-16") == "Kyjiw"

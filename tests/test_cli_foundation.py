"""`transcheck --version`, `segment` and `langid` through the real CLI entry point."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from transcheck import __version__
from transcheck.cli.main import main
from transcheck.progress import progress

DATA = Path(__file__).resolve().parent / "data" / "foundation"


def _jsonl(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"transcheck {__version__}"


def test_segment_seed_offsets_slice_back(
    seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["segment", str(seed_path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    rows = _jsonl(captured.out)
    text = seed_path.read_bytes().decode("utf-8")
    assert [list(r) for r in rows[:1]] == [["id", "text", "start", "end", "paragraph"]]
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]  # type: ignore[misc]
    assert [r["text"] for r in rows[1:3]] == [
        "Telephone call about conflict in Ukraine",
        "Biden calls on Putin to de-escalate",
    ]
    assert [r["id"] for r in rows] == list(range(len(rows)))
    assert rows[-1]["text"] == "Leave a Reply"


def test_segment_output_file_table_and_line_unit(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "seed.jsonl"
    assert main(["segment", str(seed_path), "--lang", "en", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    from_file = _jsonl(out.read_text(encoding="utf-8"))
    assert main(["segment", str(seed_path), "--lang", "en"]) == 0
    assert _jsonl(capsys.readouterr().out) == from_file

    assert main(["segment", str(seed_path), "--format", "table"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["id", "para", "start", "end", "text"]
    assert table[-1].split()[-3:] == ["Leave", "a", "Reply"]
    assert len(table) == len(from_file) + 1

    assert main(["segment", str(seed_path), "--unit", "line"]) == 0
    lines = _jsonl(capsys.readouterr().out)
    assert lines[2]["text"] == "Telephone call about conflict in Ukraine"
    assert lines[2]["paragraph"] == 2  # line unit: the line number


def test_segment_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = "Der 3. Platz ging an Dr. Weber. Am 7. Dezember kam er zurück.\n".encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["segment", "-", "--lang", "de"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    assert [r["text"] for r in rows] == [
        "Der 3. Platz ging an Dr. Weber.",
        "Am 7. Dezember kam er zurück.",
    ]


def test_langid_seed_and_german_original(
    seed_path: Path, seed_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["langid", str(seed_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"lang", "confidence", "segments"}
    assert report["lang"] == "en" and report["confidence"] > 0.9
    assert set(report["segments"][0]) == {"id", "lang", "confidence"}
    original = seed_corpus / "original.de.txt"
    if not original.exists():
        pytest.skip("the German stand-in is not in the corpus yet")
    assert main(["langid", str(original), "--format", "jsonl"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    langs = [r["lang"] for r in rows]
    assert langs.count("de") > 0.8 * len(langs)


def test_langid_table_and_parallel_sides(capsys: pytest.CaptureFixture[str]) -> None:
    tmx = str(DATA / "sample.tmx")
    assert main(["langid", tmx, "--side", "source", "--format", "table"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("document: de")
    assert main(["langid", tmx]) == 0
    assert json.loads(capsys.readouterr().out)["lang"] == "en"
    assert main(["langid", str(DATA / "sample.jsonl"), "--side", "source"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [s["lang"] for s in report["segments"]] == ["zh", "zh"]


class _FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_for_long_inputs() -> None:
    tty = _FakeTty()
    assert list(progress(range(5000), label="segment", stream=tty)) == list(range(5000))
    assert "5000/5000" in tty.getvalue() and tty.getvalue().startswith("\rsegment [")
    short = _FakeTty()
    assert list(progress(range(10), stream=short)) == list(range(10))
    assert short.getvalue() == ""
    pipe = io.StringIO()
    assert list(progress(range(5000), stream=pipe)) == list(range(5000))
    assert pipe.getvalue() == ""

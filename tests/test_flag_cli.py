"""`transcheck flag` end to end, through main() (exit codes, formats, --fix)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcheck.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["flag", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_is_the_design_contract(
    capsys: pytest.CaptureFixture[str], seed_corpus: Path
) -> None:
    path = seed_corpus / "translation.en.txt"
    code, out, _ = run(capsys, str(path), "--lang", "en")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    file_lines = path.read_text(encoding="utf-8").splitlines()
    assert [o["text"] for o in lines] == file_lines
    for obj in lines:
        assert list(obj) == ["id", "text", "awkwardness", "flags"]
        for f in obj["flags"]:
            assert list(f) == [
                "rule",
                "category",
                "severity",
                "start",
                "end",
                "message",
                "suggestion",
            ]
            assert f["severity"] in {"minor", "major", "critical"}
            assert 0 <= f["start"] <= f["end"] <= len(obj["text"])
    kiev = [f for o in lines for f in o["flags"] if f["rule"] == "forbidden_term"]
    assert [(lines[17]["text"][f["start"] : f["end"]], f["suggestion"]) for f in kiev] == [
        ("Kiev", "Kyiv")
    ]


def test_json_has_source_guess_and_summary(
    capsys: pytest.CaptureFixture[str], seed_corpus: Path
) -> None:
    code, out, _ = run(
        capsys,
        str(seed_corpus / "translation.en.txt"),
        "--format",
        "json",
        "--unit",
        "sentence",
        "--glossary",
        str(seed_corpus / "glossary.tsv"),
    )
    assert code == 0
    data = json.loads(out)
    assert data["source_guess"]["lang"] == "de"
    assert data["source_guess"]["description"] == "likely translated from German"
    assert any("stacked_agents" in e for e in data["source_guess"]["evidence"])
    assert data["summary"]["flags"] == sum(len(s["flags"]) for s in data["segments"])
    assert data["signature"].startswith("name:transcheck-flag|")


def test_fix_writes_corrected_copy(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("In Kiev he said „no“.\nA  second line ,here.\n", encoding="utf-8")
    fixed = tmp_path / "fixed.txt"
    code, _, _ = run(
        capsys, str(src), "--lang", "en", "--fix", str(fixed), "-o", str(tmp_path / "out.jsonl")
    )
    assert code == 0
    assert fixed.read_text(encoding="utf-8") == "In Kyiv he said “no”.\nA second line, here.\n"


def test_list_prints_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--list")
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0] == ["id", "family", "category", "severity", "title"]
    assert {"forbidden_term", "translationese", "scraper_residue", "spelling"} <= {
        r[0] for r in rows[1:]
    }


def test_table_format(capsys: pytest.CaptureFixture[str], seed_corpus: Path) -> None:
    code, out, _ = run(
        capsys,
        str(seed_corpus / "translation.en.txt"),
        "--format",
        "table",
        "--family",
        "boilerplate",
    )
    assert code == 0
    assert "'Leave a Reply'" in out and out.rstrip().endswith("segments")


@pytest.mark.parametrize(
    ("content", "extra", "problem"),
    [
        (b"", [], "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", [], "binary"),
        (b"one\ntwo\n", ["--src", "SRC"], "lines but the translation has"),
        (b"one\n", ["--glossary", "GLOSS"], "GLOSS"),
        (b"one\n", ["--family", "nonsense"], "unknown check family"),
    ],
)
def test_bad_input_one_line_exit_2(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: bytes,
    extra: list[str],
    problem: str,
) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    (tmp_path / "src.txt").write_text("only one\n", encoding="utf-8")
    (tmp_path / "gloss.tsv").write_text("bad line without tabs\n", encoding="utf-8")
    extra = [
        str(tmp_path / "src.txt")
        if a == "SRC"
        else str(tmp_path / "gloss.tsv")
        if a == "GLOSS"
        else a
        for a in extra
    ]
    out_file = tmp_path / "out.jsonl"
    code, out, err = run(capsys, str(path), "--lang", "en", *extra, "-o", str(out_file))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert problem.replace("GLOSS", "gloss.tsv") in err
    assert "Traceback" not in err and out == ""
    assert not out_file.exists()

"""Bad input is a normal case: one line on stderr naming the file, exit 2, no output.

Every case runs the real CLI in-process (``transcheck.cli.main.main``); one
runs through the installed console script in a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from transcheck.cli.main import main

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

TMX_MALFORMED = (
    '<?xml version="1.0"?>\n<tmx version="1.4"><body>\n<tu><tuv xml:lang="en">\n</tmx>\n'
)
XLIFF_MALFORMED = (
    '<xliff version="1.2">\n<file source-language="en" target-language="de">\n'
    "<body><trans-unit id='1'><source>Hi</target></trans-unit></body></file></xliff>\n"
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
    '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&xxe;</seg>'
    '</tuv><tuv xml:lang="de"><seg>x</seg></tuv></tu></body></tmx>\n'
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<xliff version="1.2"><file source-language="en" target-language="de"><body>'
    "<trans-unit id='1'><source>&lol9;</source></trans-unit></body></file></xliff>\n"
)

# (case id, file name, content, command, expected words in the message, line number or None)
Case = tuple[str, str, bytes, str, str, int | None]
CASES: list[Case] = [
    ("empty", "empty.txt", b"", "segment", "is empty", None),
    ("whitespace", "blank.txt", b" \n\r\n\t\n", "segment", "is empty", None),
    ("png", "image.txt", PNG, "segment", "binary file (PNG image)", None),
    ("invalid-utf8", "bad.txt", "Grüße aus Köln.\nZweite Zeile ".encode() + b"\xc3(\n", "segment",
     "invalid UTF-8", 2),
    ("nul", "nul.txt", b"line one\nline\x00two\n", "langid", "NUL bytes", 2),
    ("ragged-tsv", "pairs.tsv", b"a\tb\nc\td\ne\tf\tg\n", "langid", "ragged TSV", 3),
    ("one-column-tsv", "pairs.tsv", b"a\tb\nonly one\n", "langid", "expected at least 2", 2),
    ("malformed-tmx", "memory.tmx", TMX_MALFORMED.encode(), "langid", "malformed XML", 4),
    ("malformed-xliff", "file.xlf", XLIFF_MALFORMED.encode(), "langid", "malformed XML", 3),
    ("xxe", "memory.tmx", XXE.encode(), "langid", "refused unsafe XML", 3),
    ("billion-laughs", "file.xlf", LAUGHS.encode(), "langid", "refused unsafe XML", 3),
    ("bad-jsonl", "pairs.jsonl", b'{"source": "a", "target": "b"}\n{"source": "a",\n', "langid",
     "invalid JSON", 2),
    ("malformed-po", "messages.po", b'msgid "a"\nmsgstr "b\n', "langid", "malformed PO string", 2),
]  # fmt: skip


def _assert_one_error_line(err: str, name: str, words: str, line: int | None) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert name in lines[0]
    assert words in lines[0]
    if line is not None:
        assert f"{name}:{line}:" in lines[0]


@pytest.mark.parametrize(
    ("case", "name", "content", "command", "words", "line"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_file_gives_one_line_and_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: str,
    name: str,
    content: bytes,
    command: str,
    words: str,
    line: int | None,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out_file = tmp_path / "out.json"
    code = main([command, str(path), "-o", str(out_file)])
    captured = capsys.readouterr()
    assert code == 2, case
    _assert_one_error_line(captured.err, name, words, line)
    assert captured.out == ""
    assert not out_file.exists()
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary leftovers


@pytest.mark.parametrize("command", ["segment", "langid"])
def test_directory_and_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    for target, words in ((tmp_path, "is a directory"), (tmp_path / "nope.txt", "no such file")):
        out_file = tmp_path / "out.jsonl"
        assert main([command, str(target), "-o", str(out_file)]) == 2
        _assert_one_error_line(capsys.readouterr().err, target.name, words, None)
        assert not out_file.exists()


def test_unwritable_output_is_one_line(
    seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # /proc refuses new files even for root: a portable "cannot write here".
    for target in ("/proc/out.jsonl", "/nonexistent-dir/out.jsonl"):
        assert main(["segment", str(seed_path), "-o", target]) == 2
        captured = capsys.readouterr()
        _assert_one_error_line(captured.err, target, "out", None)
        assert captured.out == ""


def test_huge_single_line_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sentence = "The talks in Geneva were planned for January without any fixed end "
    text = sentence * (5 * 1024 * 1024 // len(sentence) + 1)
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 5 * 1024 * 1024
    out_file = tmp_path / "out.jsonl"
    assert main(["segment", str(path), "--lang", "en", "-o", str(out_file)]) == 0
    assert capsys.readouterr().err == ""
    rows = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1
    assert rows[0]["start"] == 0 and rows[0]["end"] == len(text.rstrip())


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "lone-cr"])
def test_crlf_and_lone_cr_keep_offsets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], newline: str
) -> None:
    text = newline.join(
        ["Telephone call about conflict in Ukraine", "Biden calls on Putin to de-escalate", "",
         "Dr. Smith left. He came back.", ""]
    )  # fmt: skip
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode("utf-8"))
    assert main(["segment", str(path), "--lang", "en"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    decoded = path.read_bytes().decode("utf-8")
    assert [r["text"] for r in rows] == [
        "Telephone call about conflict in Ukraine",
        "Biden calls on Putin to de-escalate",
        "Dr. Smith left.",
        "He came back.",
    ]
    assert [r["paragraph"] for r in rows] == [0, 0, 1, 1]
    for row in rows:
        assert decoded[row["start"] : row["end"]] == row["text"]


def test_legacy_encoding_is_a_warning_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Café crème, naïve façade. Grüße aus Köln, schöne Straße.".encode("cp1252"))
    assert main(["segment", str(path), "--lang", "fr"]) == 0
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        f"transcheck: warning: {path}: not UTF-8, decoded as cp1252"
    ]
    assert json.loads(captured.out.splitlines()[0])["text"] == "Café crème, naïve façade."


def _console_script() -> str | None:
    beside = Path(sys.executable).parent / "transcheck"
    if beside.exists():
        return str(beside)
    return shutil.which("transcheck")


def test_console_script_subprocess(tmp_path: Path) -> None:
    script = _console_script()
    if script is None:
        pytest.skip("the transcheck console script is not installed")
    path = tmp_path / "image.png.txt"
    path.write_bytes(PNG)
    out_file = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [script, "segment", str(path), "-o", str(out_file)],
        capture_output=True, text=True, timeout=60, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    _assert_one_error_line(result.stderr, path.name, "binary file", None)
    assert result.stdout == ""
    assert not out_file.exists()

"""Hostile input, table-driven: every failure class of issue #17 is a row.

Each refusal row runs the real CLI in-process and asserts exit 2, exactly one
stderr line naming the file and the problem, no traceback, and no output file
left behind. Escaping rows assert the output is safe instead (no raw ESC or
U+202E on the terminal, well-formed JUnit). Special files are private copies
made in tmp_path (a FIFO, character devices 1,3 and 1,5 made with mknod, a
small tmpfs, a read-only tmpfs); the machine's own devices are never used.
Rows that used to hang carry a pytest-timeout mark.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from transcheck.cli.main import main
from transcheck.errors import ConfigError

EN = (
    "The meeting starts at nine o'clock. Please close the window before you leave.\n"
    "The museum is closed on Mondays.\n"
)
DE = (
    "Die Sitzung beginnt um neun Uhr. Bitte schließen Sie das Fenster, bevor Sie gehen.\n"
    "Das Museum ist montags geschlossen.\n"
)
PAIRS = [
    ("The meeting starts at nine o'clock.", "Die Sitzung beginnt um neun Uhr."),
    ("The museum is closed on Mondays.", "Das Museum ist montags geschlossen."),
    ("We flew to Kyiv in May.", "Wir flogen im Mai nach Kiew."),
]
# Terminal attacks: set the window title (OSC 0), clear the screen, reverse the line.
ESCAPES = "Title \x1b]0;pwned\x07 clear \x1b[2J\x1b[H reversed \u202egnp.exe\u202c done."


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_refused(code: int, err: str, name: str, words: str) -> None:
    lines = err.strip().splitlines()
    assert code == 2, err
    assert "Traceback" not in err
    assert len(lines) == 1, err
    assert name in lines[0], err
    assert words in lines[0], err


def assert_failed_file_reported(report: Path, name: str) -> None:
    """``check`` goes on past an unreadable file (issue #16): the report set is
    still written, whole, and names the file as failed."""
    text = report.read_text(encoding="utf-8")
    assert name in text
    assert "\x00" not in text


def line_corpus(folder: Path, pairs_text: str | bytes | None = None, extra: str = "") -> Path:
    """A line-unit corpus with one TSV pairs file; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = "".join(f"{s}\t{t}\n" for s, t in PAIRS)
    data = rows if pairs_text is None else pairs_text
    target = folder / "pairs.tsv"
    if isinstance(data, bytes):
        target.write_bytes(data)
    else:
        target.write_text(data, encoding="utf-8")
    (folder / "corpus.toml").write_text(
        '[corpus]\nname = "hostile"\nlicense = "MIT, written for the tests"\n'
        'source_lang = "en"\ntarget_lang = "de"\nunit = "line"\n'
        f'{extra}\n[[files]]\npath = "pairs.tsv"\nrole = "pairs"\nformat = "tsv"\n\n'
        '[thresholds]\ncritical_flags = "== 0"\n',
        encoding="utf-8",
    )
    return folder


# ---------------------------------------------------------------------------
# 5 and 7: special files and BOM tricks, for every command that reads a file.

def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero_device(path: Path) -> None:
    os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # a private /dev/zero


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


SPECIAL: list[tuple[str, Callable[[Path], None], str]] = [
    ("fifo", _fifo, "not a regular file"),
    ("zero-device", _zero_device, "not a regular file"),
    ("bom-then-nul", _bytes(codecs.BOM_UTF8 + b"\x00" * 64 + b"text\n"), "NUL bytes"),
    ("utf16-bom-then-nul", _bytes(codecs.BOM_UTF16_BE + b"\x00\x00" * 40), "NUL bytes"),
    ("bom-only", _bytes(codecs.BOM_UTF8), "is empty"),
    ("utf16-bom-only", _bytes(codecs.BOM_UTF16_LE), "is empty"),
]
# align accepts an empty side (every sentence of the other is an addition):
# a file that is only a BOM must behave exactly like an empty file there.
EMPTY_ALLOWED = {"align-src", "align-tgt"}


def _commands(bad: str, ok: str) -> dict[str, list[str]]:
    return {
        "segment": ["segment", bad],
        "langid": ["langid", bad],
        "flag": ["flag", bad, "--lang", "en"],
        "report": ["report", bad, "--tgt-lang", "en"],
        "align-src": ["align", bad, ok, "--src-lang", "en", "--tgt-lang", "de"],
        "align-tgt": ["align", ok, bad, "--src-lang", "en", "--tgt-lang", "de"],
        "score": ["score", "--hyp", bad, "--ref", ok],
        "compare": ["compare", "--hyp", bad, "--hyp", ok, "--ref", ok],
    }


COMMANDS = list(_commands("x", "y"))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("kind", "make", "words"), SPECIAL, ids=[s[0] for s in SPECIAL])
def test_special_and_bom_files_are_refused_by_every_command(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    kind: str,
    make: Callable[[Path], None],
    words: str,
) -> None:
    bad = tmp_path / f"{kind}.txt"
    make(bad)
    ok = tmp_path / "ok.txt"
    ok.write_text(EN if command != "align-src" else DE, encoding="utf-8")
    out = tmp_path / "out.txt"
    argv = [*_commands(str(bad), str(ok))[command], "-o", str(out)]
    code, _, err = run(capsys, *argv)
    if command in EMPTY_ALLOWED and words == "is empty":
        empty = tmp_path / "empty.txt"
        empty.write_bytes(b"")
        same = [*_commands(str(empty), str(ok))[command], "-o", str(tmp_path / "same.txt")]
        assert (code, err) == run(capsys, *same)[::2]
        assert out.read_text(encoding="utf-8") == (tmp_path / "same.txt").read_text("utf-8")
        return
    assert_refused(code, err, bad.name, words)
    assert not out.exists()


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("kind", "make", "words"), SPECIAL, ids=[s[0] for s in SPECIAL])
def test_special_and_bom_files_are_refused_by_check(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    make: Callable[[Path], None],
    words: str,
) -> None:
    corpus = line_corpus(tmp_path / "corpus")
    (corpus / "pairs.tsv").unlink()
    make(corpus / "pairs.tsv")
    report = tmp_path / "report.json"
    code, _, err = run(capsys, "check", str(corpus), "--no-cache", "--json", str(report), "-q")
    expected = "is not a regular file" if kind in ("fifo", "zero-device") else words
    assert_refused(code, err, "pairs.tsv", expected)
    if kind in ("fifo", "zero-device"):
        # The manifest itself names a non-file: refused when it loads, no report.
        assert not report.exists()
    else:
        assert_failed_file_reported(report, "pairs.tsv")


# ---------------------------------------------------------------------------
# 6: parallel readers (TMX, XLIFF, JSONL, PO) given to langid and to check.

def _deep_tmx() -> bytes:
    body = "<hi>" * 2000 + "x" + "</hi>" * 2000
    return (
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/><body>'
        f'<tu><tuv xml:lang="en"><seg>{body}</seg></tuv><tuv xml:lang="de"><seg>y</seg></tuv>'
        "</tu></body></tmx>\n"
    ).encode()


def _deep_xliff() -> bytes:
    body = "<g>" * 2000 + "x" + "</g>" * 2000
    return (
        '<xliff version="1.2"><file source-language="en" target-language="de"><body>'
        f"<trans-unit id='1'><source>{body}</source><target>y</target></trans-unit>"
        "</body></file></xliff>\n"
    ).encode()


HUGE = "9" * 5000
READER_ROWS: list[tuple[str, str, bytes, str]] = [
    ("tmx-nested-2000", "memory.tmx", _deep_tmx(), "nested more than"),
    ("xliff-nested-2000", "file.xlf", _deep_xliff(), "nested more than"),
    ("jsonl-huge-int", "pairs.jsonl",
     f'{{"source": "Hello", "target": "Hallo", "n": {HUGE}}}\n'.encode(), "digit limit"),
    ("jsonl-lone-surrogate", "pairs.jsonl",
     b'{"source": "Hello", "target": "Hallo \\ud800 Welt"}\n', "lone surrogate"),
    ("po-huge-plural-index", "messages.po",
     f'msgid "one file"\nmsgid_plural "files"\nmsgstr[{HUGE}] "Datei"\n'.encode(),
     "max_int_digits"),
    ("jsonl-bom-then-nul", "pairs.jsonl", codecs.BOM_UTF8 + b"\x00" * 32, "NUL bytes"),
]  # fmt: skip
_FORMATS = {".tmx": "tmx", ".xlf": "xliff", ".jsonl": "jsonl", ".po": "po"}


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("case", "name", "content", "words"), READER_ROWS, ids=[r[0] for r in READER_ROWS]
)
def test_parallel_readers_refuse_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, name: str, content: bytes,
    words: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out.json"
    code, _, err = run(capsys, "langid", str(path), "-o", str(out))
    assert_refused(code, err, name, words)
    assert not out.exists()
    corpus = line_corpus(tmp_path / "corpus")
    (corpus / name).write_bytes(content)
    manifest = corpus / "corpus.toml"
    fmt = _FORMATS[Path(name).suffix]
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        .replace('path = "pairs.tsv"', f'path = "{name}"')
        .replace('format = "tsv"', f'format = "{fmt}"'),
        encoding="utf-8",
    )
    report = tmp_path / "report.sarif"
    code, _, err = run(capsys, "check", str(corpus), "--no-cache", "--sarif", str(report), "-q")
    assert_refused(code, err, name, words)
    assert_failed_file_reported(report, name)


# ---------------------------------------------------------------------------
# 2: manifest paths stay inside the corpus folder.

def _outside_rows(corpus: Path) -> dict[str, str]:
    outside = corpus.parent / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (corpus / "link.txt").symlink_to(outside)
    return {"absolute": "/etc/passwd", "dotdot": "../secret.txt", "symlink-out": "link.txt"}


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink-out"])
@pytest.mark.parametrize("key", ["path", "glossary"])
def test_manifest_paths_outside_the_corpus_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str, key: str
) -> None:
    corpus = line_corpus(tmp_path / "corpus")
    rel = _outside_rows(corpus)[how]
    manifest = corpus / "corpus.toml"
    text = manifest.read_text(encoding="utf-8")
    if key == "path":
        text = text.replace('path = "pairs.tsv"', f'path = "{rel}"').replace(
            'role = "pairs"\nformat = "tsv"', 'role = "translation"'
        ).replace('unit = "line"', 'unit = "document"')
    else:
        text = text.replace('unit = "line"', f'unit = "line"\nglossary = "{rel}"')
    manifest.write_text(text, encoding="utf-8")
    report = tmp_path / "report.json"
    code, out, err = run(capsys, "check", str(corpus), "--no-cache", "--json", str(report))
    assert_refused(code, err, "corpus.toml", "outside the corpus")
    assert "root:x" not in out + err
    assert not report.exists()


# ---------------------------------------------------------------------------
# 6: tracebacks in config loaders: corpus.toml, waivers, baselines.

CONFIG_ROWS: list[tuple[str, str, str, str]] = [
    # (case, file, content appended or written, expected words)
    ("manifest-huge-int", "corpus.toml", f"\n[warnings]\nflags = {HUGE}\n", "invalid TOML"),
    ("manifest-deep-array", "corpus.toml", "\nx = " + "[" * 3000 + "]" * 3000 + "\n",
     "invalid TOML"),
    ("threshold-padded-100k", "corpus.toml",
     '\n[warnings]\nflag_rate = "<= 5' + " " * 100_000 + 'x"\n', "cannot read threshold"),
    ("waivers-huge-int", "waivers.toml",
     f'[[waiver]]\nrule = "x"\nsegment = "*"\nreason = "r"\nn = {HUGE}\n', "invalid TOML"),
    ("waivers-int-entry", "waivers.toml", "waiver = [5]\n", "[[waiver]] table"),
    ("waivers-int", "waivers.toml", "waiver = 5\n", "[[waiver]] tables"),
    ("waivers-string-reason", "waivers.toml",
     '[[waiver]]\nrule = "x"\nsegment = "*"\nreason = 5\n', "non-empty 'reason'"),
    ("waivers-not-utf8", "waivers.toml", "\udcff", "not UTF-8"),
]  # fmt: skip


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("case", "name", "content", "words"), CONFIG_ROWS, ids=[r[0] for r in CONFIG_ROWS]
)
def test_config_files_with_bad_shapes_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, name: str, content: str,
    words: str,
) -> None:
    corpus = line_corpus(tmp_path / "corpus")
    target = corpus / name
    data = content.encode("utf-8", errors="surrogateescape")
    if name == "corpus.toml":
        data = target.read_bytes() + data
    target.write_bytes(data)
    code, _, err = run(capsys, "check", str(corpus), "--no-cache", "-q")
    assert_refused(code, err, name, words)


BASELINE_ROWS: list[tuple[str, object, str]] = [
    ("int-entry", 5, "expected an object"),
    ("list-metrics", {"metrics": [70.0]}, "'metrics' must be an object"),
    ("string-value", {"metrics": {"fidelity": "high"}}, "'metrics' must be an object"),
    ("empty-ci", {"metrics": {"fidelity": 70.0}, "ci": {"fidelity": []}}, "[low, high]"),
    ("list-ci", {"metrics": {"fidelity": 70.0}, "ci": [1, 2]}, "'ci' must be an object"),
]


@pytest.mark.parametrize(
    ("case", "entry", "words"), BASELINE_ROWS, ids=[r[0] for r in BASELINE_ROWS]
)
def test_badly_shaped_baselines_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, entry: object, words: str
) -> None:
    corpus = line_corpus(tmp_path / "corpus")
    baseline = tmp_path / "baseline.json"
    data = {"format": "transcheck-baseline", "version": 1, "entries": {"hostile/pairs.tsv": entry}}
    baseline.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "check", str(corpus), "--no-cache", "--baseline", str(baseline))
    assert_refused(code, err, "baseline.json", words)


def test_baseline_with_a_huge_integer_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = line_corpus(tmp_path / "corpus")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(
        '{"format": "transcheck-baseline", "entries": {"hostile/pairs.tsv": '
        f'{{"segments": {HUGE}}}}}}}',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "check", str(corpus), "--no-cache", "--baseline", str(baseline))
    assert_refused(code, err, "baseline.json", "digit limit")


# ---------------------------------------------------------------------------
# 3: cache entries are validated on read.

@pytest.mark.parametrize("entry", ["{}", '{"flags": 5}', "[1, 2]", '{"n": "12"}', "not json"])
def test_tampered_cache_entries_are_misses_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: str
) -> None:
    corpus = line_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    first = tmp_path / "first.json"
    code, _, _ = run(capsys, "check", str(corpus), "--cache-dir", str(cache), "--json", str(first))
    assert code == 0
    entries = list(cache.rglob("*.json"))
    assert entries
    for path in entries:
        path.write_text(entry, encoding="utf-8")
    second = tmp_path / "second.json"
    code, out, err = run(
        capsys, "check", str(corpus), "--cache-dir", str(cache), "--json", str(second)
    )
    assert code == 0, err
    assert "Traceback" not in err
    before = json.loads(first.read_text(encoding="utf-8"))["files"][0]
    after = json.loads(second.read_text(encoding="utf-8"))["files"][0]
    assert after["segments"] == before["segments"] == len(PAIRS)
    assert after["metrics"] == before["metrics"]
    assert "ignored (recomputed)" in out


# ---------------------------------------------------------------------------
# 1 and 11: outputs: devices, symlinks, report sets, full disks.

def _null_device(path: Path) -> None:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null


def _full_device(path: Path) -> None:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # a private /dev/full


@pytest.mark.parametrize("device", [_null_device, _full_device], ids=["null", "full"])
@pytest.mark.parametrize("command", COMMANDS)
def test_output_to_a_device_is_refused_and_the_device_stays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str,
    device: Callable[[Path], None],
) -> None:
    src = tmp_path / "src.txt"
    src.write_text(DE, encoding="utf-8")
    tgt = tmp_path / "tgt.txt"
    tgt.write_text(EN, encoding="utf-8")
    node = tmp_path / "node"
    device(node)
    argv = _commands(str(tgt), str(src))[command]
    if command == "align-src":
        argv = _commands(str(src), str(tgt))[command]
    code, _, err = run(capsys, *argv, "-o", str(node))
    assert_refused(code, err, "node", "not a regular file")
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_check_reports_to_a_device_or_symlink(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = line_corpus(tmp_path / "corpus")
    node = tmp_path / "node"
    _null_device(node)
    ok = tmp_path / "ok.xml"
    code, _, err = run(
        capsys, "check", str(corpus), "--no-cache", "--junit", str(ok), "--sarif", str(node)
    )
    assert_refused(code, err, "node", "not a regular file")
    assert not ok.exists()
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    real = tmp_path / "real.sarif"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.sarif"
    link.symlink_to(real)
    code, _, err = run(capsys, "check", str(corpus), "--no-cache", "--sarif", str(link), "-q")
    assert code == 0, err
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["version"] == "2.1.0"


@pytest.mark.parametrize("command", ["segment", "langid", "flag"])
def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(EN, encoding="utf-8")
    real = tmp_path / "sub" / "real.out"
    real.parent.mkdir()
    real.write_text("old content\n", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "link.out"
    link.symlink_to(real)
    argv = _commands(str(doc), str(doc))[command]
    code, _, err = run(capsys, *argv, "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "old content" not in real.read_text(encoding="utf-8")
    assert real.read_text(encoding="utf-8").strip()
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640  # an existing file keeps its mode
    assert not [p for p in real.parent.iterdir() if p.name.startswith(".transcheck-")]


def test_dangling_symlink_output_creates_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(EN, encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "made.jsonl")
    code, _, _ = run(capsys, "segment", str(doc), "-o", str(link))
    assert code == 0
    assert link.is_symlink()
    assert json.loads((tmp_path / "made.jsonl").read_text(encoding="utf-8").splitlines()[0])


@contextlib.contextmanager
def tmpfs(path: Path, options: str) -> Iterator[Path]:
    """A private tmpfs at ``path`` (root only); skips when it cannot be mounted."""
    path.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
        capture_output=True, check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_report_set_is_all_or_nothing_with_a_read_only_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = line_corpus(tmp_path / "corpus")
    with tmpfs(tmp_path / "readonly", "ro,size=64k") as readonly:
        ok = tmp_path / "ok.xml"
        md = tmp_path / "summary.md"
        code, _, err = run(
            capsys, "check", str(corpus), "--no-cache", "--junit", str(ok), "-q",
            "--markdown", str(md), "--sarif", str(readonly / "x.sarif"),
        )
        assert_refused(code, err, "x.sarif", "cannot write output")
        assert not ok.exists() and not md.exists()
        assert not list(tmp_path.glob(".transcheck-*"))


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "--hyp", "{tgt}", "--hyp", "{tgt}", "--ref", "{tgt}", "--format", "html"],
        ["report", "{tgt}", "--original", "{src}", "--format", "html"],
        ["segment", "{big}"],
    ],
    ids=["compare-html", "report-html", "segment-jsonl"],
)
def test_full_disk_exits_2_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    src = tmp_path / "src.txt"
    src.write_text(DE, encoding="utf-8")
    tgt = tmp_path / "tgt.txt"
    tgt.write_text(EN, encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text(EN * 2000, encoding="utf-8")
    names = {"src": str(src), "tgt": str(tgt), "big": str(big)}
    with tmpfs(tmp_path / "full", "size=16k") as full:
        (full / "filler").write_bytes(b"x" * 12288)  # 4 KB left
        out = full / "out.file"
        code, _, err = run(capsys, *[a.format(**names) for a in argv], "-o", str(out))
        assert_refused(code, err, "out.file", "no space left")
        assert sorted(p.name for p in full.iterdir()) == ["filler"]


def test_simulated_enospc_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a tmpfs: a write that fails with ENOSPC halfway is an InputError."""
    import errno

    from transcheck.errors import InputError
    from transcheck.io.output import emit

    def chunks() -> Iterator[str]:
        yield "first chunk\n"
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "out.html"
    with pytest.raises(InputError, match="no space left"):
        emit(chunks(), str(target))
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------
# 4: patterns that blew up on user text: now linear or on bounded input.

@pytest.mark.timeout(30)
def test_toml_header_scan_is_linear() -> None:
    from transcheck.gate.tomlscan import find_key_line

    text = "[corpus]\n" + "[" + " " * 4000 + "x\n" + "[" * 3000 + "\n" + "name = 1\n"
    started = time.monotonic()
    assert find_key_line(text, ("corpus", "name")) == 4
    assert time.monotonic() - started < 5


@pytest.mark.timeout(60)
def test_manifest_with_a_4kb_bracket_line_in_a_string_is_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = line_corpus(tmp_path / "corpus")
    manifest = corpus / "corpus.toml"
    text = manifest.read_text(encoding="utf-8").replace(
        "[corpus]\n", '[corpus]\ndescription = """\n[' + " " * 4000 + '\n"""\nbogus = 1\n'
    )
    manifest.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "check", str(corpus), "--no-cache", "-q")
    assert_refused(code, err, "corpus.toml", "unknown key")


@pytest.mark.timeout(60)
def test_300kb_xml_declaration_is_fast(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(
        "<?xml" + " " * 300_000 + 'version="1.0"?><tmx version="1.4"><body><tu>'
        '<tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="de"><seg>Hallo</seg></tuv>'
        "</tu></body></tmx>\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "langid", str(path))
    assert code in (0, 2) and "Traceback" not in err


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "pattern", ["(?:a|a){1,200}$", "(?:ab|a){1,100}$", "(?:xy|[a-z]z){1,60}$"]
)
def test_rule_pack_screener_refuses_ambiguous_repeated_alternations(pattern: str) -> None:
    from transcheck.checks.rulepacks import screen_pattern

    with pytest.raises(ConfigError, match="backtrack catastrophically"):
        screen_pattern(pattern, "pack.toml: rule 'r'")


@pytest.mark.parametrize(
    "pattern", [r"\b(?:colour|color)s?\b", r"(?:foo|bar){1,50}", "(?:a|a){1,3}"]
)
def test_rule_pack_screener_keeps_safe_alternations(pattern: str) -> None:
    from transcheck.checks.rulepacks import screen_pattern

    screen_pattern(pattern, "pack.toml: rule 'r'")


def test_source_cells_have_the_cell_cap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long_source = "Wort " * 50_000  # 250,000 characters
    corpus = line_corpus(tmp_path / "corpus", f"{long_source}\tKurz.\n")
    code, _, err = run(capsys, "check", str(corpus), "--no-cache", "-q")
    assert_refused(code, err, "pairs.tsv", "over the 200000 limit")


# ---------------------------------------------------------------------------
# 10: a line over max_line_chars is refused with one line, quickly.

@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["flag", "report", "segment", "check-document"])
def test_a_line_over_the_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRANSCHECK_MAX_LINE_CHARS", "50000")
    text = "Ein sehr langer Satz ohne Ende " * 2000  # 62,000 characters on one line
    doc = tmp_path / "long.txt"
    doc.write_text(text + "\n", encoding="utf-8")
    if command == "check-document":
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "long.txt").write_text(text + "\n", encoding="utf-8")
        (corpus / "corpus.toml").write_text(
            '[corpus]\nlicense = "MIT"\ntarget_lang = "de"\n\n[[files]]\npath = "long.txt"\n'
            'role = "translation"\n',
            encoding="utf-8",
        )
        code, _, err = run(capsys, "check", str(corpus), "--no-cache", "-q")
    else:
        code, _, err = run(capsys, command, str(doc), "-o", str(tmp_path / "out"))
    assert_refused(code, err, "long.txt", "max_line_chars")
    assert not (tmp_path / "out").exists()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["score", "compare"])
def test_a_line_over_the_limit_is_refused_by_score_and_compare(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRANSCHECK_MAX_LINE_CHARS", "50000")
    long = tmp_path / "long.txt"
    long.write_text("Ein sehr langer Satz ohne Ende " * 2000 + "\n", encoding="utf-8")
    ok = tmp_path / "ok.txt"
    ok.write_text("Ein kurzer Satz.\n", encoding="utf-8")
    out = tmp_path / "out"
    argv = ["--hyp", str(long), "--ref", str(ok), "-o", str(out)]
    if command == "compare":
        argv = ["--hyp", str(ok), *argv]
    code, _, err = run(capsys, command, *argv)
    assert_refused(code, err, "long.txt", "max_line_chars")
    assert not out.exists()


# A PO string continued over many short lines passed the line cap, and the
# parser's "+=" on a dict item made it quadratic: a 50 MB msgstr ran for over
# 16 minutes in `flag`. Now the cell cap stops it while it is read.
@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["flag", "check"])
def test_a_po_string_continued_past_the_cell_cap_is_refused_quickly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    po = corpus / "de.po"
    piece = '"' + "Wort " * 16 + '"\n'  # 80 characters a line
    po.write_text('msgid "Open"\nmsgstr ""\n' + piece * 40_000, encoding="utf-8")  # 3.2 MB
    (corpus / "corpus.toml").write_text(
        '[corpus]\nlicense = "MIT"\nsource_lang = "en"\ntarget_lang = "de"\nunit = "line"\n\n'
        '[[files]]\npath = "de.po"\nrole = "pairs"\nformat = "po"\n', encoding="utf-8")
    start = time.perf_counter()
    if command == "flag":
        code, _, err = run(capsys, "flag", str(po), "-o", str(tmp_path / "out"))
    else:
        code, _, err = run(capsys, "check", str(corpus), "--no-cache", "-q")
    assert time.perf_counter() - start < 20
    assert_refused(code, err, "de.po:1", "max_cell_chars")  # the entry's line
    assert not (tmp_path / "out").exists()


def test_an_xliff_target_with_line_breaks_has_the_cell_cap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = tmp_path / "long.xlf"
    target = "Ligne assez longue.\n" * 12_000  # 240,000 characters in short lines
    xlf.write_text(
        '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="en" '
        'target-language="fr"><body>\n<trans-unit id="a"><source>Line.</source>'
        f"<target>{target}</target></trans-unit></body></file></xliff>\n", encoding="utf-8")
    code, _, err = run(capsys, "flag", str(xlf), "-o", str(tmp_path / "out"))
    assert_refused(code, err, "long.xlf", "max_cell_chars")


def test_words_over_max_token_chars_are_not_looked_inside(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from transcheck.checks import flag_segments
    from transcheck.checks.text import tokens, words

    blob = "q" * 1_500  # a hash or blob: no word
    text = f"Das ist ein Tset {blob} hier."
    assert [t.text for t in tokens(text)] == ["Das", "ist", "ein", "Tset", "hier"]
    assert blob not in words(text)
    (result,) = flag_segments([f"The recieve button {blob} works."], lang="en")
    spelled = [text[f.start : f.end] for f in result.flags if f.rule == "spelling"]
    assert spelled == [] or all(len(w) < 100 for w in spelled)
    assert any(f.rule == "spelling" and f.end - f.start == len("recieve")
               for f in result.flags)
    monkeypatch.setenv("TRANSCHECK_MAX_TOKEN_CHARS", "5000")
    assert blob in words(text)


def test_limits_are_stated_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    from transcheck.limits import LIMITS

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for limit in LIMITS.values():
        assert limit.name in out and f"{limit.default:,}" in out and limit.env in out


# ---------------------------------------------------------------------------
# 8 and 9: escaping rows (safe output, exit 0).

@pytest.mark.parametrize(
    "argv",
    [
        ["segment", "{doc}", "--format", "table"],
        ["langid", "{doc}", "--format", "table"],
        ["align", "{src}", "{doc}", "--format", "table", "--src-lang", "de", "--tgt-lang", "en"],
    ],
    ids=["segment", "langid", "align"],
)
def test_tables_escape_terminal_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(EN + ESCAPES + "\n", encoding="utf-8")
    src = tmp_path / "src.txt"
    src.write_text(DE + ESCAPES + "\n", encoding="utf-8")
    code, out, err = run(capsys, *[a.format(doc=doc, src=src) for a in argv])
    assert code == 0, err
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in out + err
    assert "\\x1b" in out and "\\u202e" in out


def _escaping_corpus(folder: Path) -> Path:
    folder.mkdir()
    name = "a`b``c <b>x.tsv"
    rows = "".join(f"{s}\t{t}\n" for s, t in PAIRS)
    rows += "Visit <b>Kyiv</b>.\tBesuchen Sie <img src=x onerror=alert(5)> Kiew und Kiev.\n"
    (folder / name).write_text(rows, encoding="utf-8")
    (folder / "glossary.tsv").write_text("source\ttarget\tforbidden\n\tKyiv\tKiev\n", "utf-8")
    (folder / "corpus.toml").write_text(
        '[corpus]\nname = "evil\\u001b]0;title\\u0007 <script>alert(1)</script> `x` \\u202e"\n'
        'license = "MIT"\nsource_lang = "en"\ntarget_lang = "de"\nunit = "line"\n'
        'glossary = "glossary.tsv"\n\n'
        f'[[files]]\npath = "{name}"\nrole = "pairs"\nformat = "tsv"\n'
        'stand_in = "<img src=x onerror=alert(2)> [x](javascript:alert(3)) `a` ``b"\n\n'
        '[thresholds]\nflags = "== 0"\n',
        encoding="utf-8",
    )
    return folder


def test_check_console_junit_and_markdown_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from markdown_it import MarkdownIt

    corpus = _escaping_corpus(tmp_path / "corpus")
    junit, md = tmp_path / "r.xml", tmp_path / "r.md"
    code, out, err = run(
        capsys, "check", str(corpus), "--no-cache", "--junit", str(junit), "--markdown", str(md)
    )
    assert code == 1, err  # the flags gate fails: a forbidden term
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in out + err
    suites = ET.fromstring(junit.read_text(encoding="utf-8"))  # well-formed
    assert "evil\\x1b]0;title\\x07" in suites.find("testsuite").get("name")
    html = MarkdownIt("commonmark").enable("table").render(md.read_text(encoding="utf-8"))
    for tag in ("<script", "<img", "<i>", "<b>", "href="):
        assert tag not in html, tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a`b``c" in html  # the backticks of the file name stay inside its code span


# ---------------------------------------------------------------------------
# 11: a UTF-16 glossary with a BOM is accepted.

@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_glossary_with_a_bom_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str
) -> None:
    glossary = tmp_path / "glossary.tsv"
    text = "source\ttarget\tforbidden\n\tKyiv\tKiev\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    glossary.write_bytes(bom + text.encode(codec))
    doc = tmp_path / "doc.txt"
    doc.write_text("We flew to Kiev in May.\n", encoding="utf-8")
    code, out, err = run(capsys, "flag", str(doc), "--lang", "en", "--glossary", str(glossary))
    assert code == 0, err
    assert "Kyiv" in out


# ---------------------------------------------------------------------------
# 6: the Dask engine reports a bad input in one line, without worker tracebacks.

@pytest.mark.dask
@pytest.mark.timeout(240)
def test_dask_engine_error_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    corpus = line_corpus(tmp_path / "corpus")
    long_target = " ".join(["Wort"] * 1500)
    with (corpus / "pairs.tsv").open("a", encoding="utf-8") as handle:
        handle.write(f"A long line.\t{long_target}.\n")
    proc = subprocess.run(
        [sys.executable, "-m", "transcheck.cli.main", "check", str(corpus), "--engine", "dask",
         "--jobs", "1", "--no-cache", "-q"],
        capture_output=True, text=True, timeout=220, check=False,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "pairs.tsv" in lines[0] and "1000-word limit" in lines[0]


@pytest.mark.timeout(60)
def test_planted_fifo_or_symlink_in_the_cache_is_neither_read_nor_written_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = line_corpus(tmp_path / "corpus")
    cache = tmp_path / "cache"
    code, _, _ = run(capsys, "check", str(corpus), "--cache-dir", str(cache), "-q")
    assert code == 0
    entry = next(cache.rglob("*.json"))
    entry.unlink()
    os.mkfifo(entry)
    code, out, err = run(capsys, "check", str(corpus), "--cache-dir", str(cache))
    assert code == 0, err
    assert "not a regular file" in out
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    entry.unlink()
    entry.symlink_to(victim)
    code, out, err = run(capsys, "check", str(corpus), "--cache-dir", str(cache), "-q")
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not entry.is_symlink() and json.loads(entry.read_text(encoding="utf-8"))["n"] == 3


@pytest.mark.timeout(60)
def test_manifest_with_3000_files_loads_in_one_scan(tmp_path: Path) -> None:
    from transcheck.gate.manifest import load_manifest

    lines = ['[corpus]', 'license = "MIT"', 'unit = "line"', ""]
    for i in range(3000):
        (tmp_path / f"f{i}.tsv").write_text("Guten Tag.\tGood day.\n", encoding="utf-8")
        lines += ["[[files]]", f'path = "f{i}.tsv"', 'role = "pairs"', "[files.thresholds]",
                  'fidelity = ">= 1"', ""]  # fmt: skip
    (tmp_path / "corpus.toml").write_text("\n".join(lines), encoding="utf-8")
    manifest = load_manifest(tmp_path / "corpus.toml")
    assert len(manifest.files) == 3000
    assert manifest.files[2999].line == 4 + 2999 * 6 + 1

"""`transcheck check` end to end on copies of the shipped corpora."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest

from transcheck.cli.main import main

Corrupt = Callable[[str], str]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One cache for the module: unchanged files are not scored again.
    return tmp_path_factory.mktemp("cache")


def _copy(seed_corpus: Path, target: Path) -> Path:
    shutil.copytree(seed_corpus, target, ignore=shutil.ignore_patterns(".transcheck-cache"))
    return target


def _edit(path: Path, corrupt: Corrupt) -> None:
    before = path.read_text(encoding="utf-8")
    after = corrupt(before)
    assert after != before, "the corruption must change the file"
    path.write_text(after, encoding="utf-8")


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_shipped_corpora_pass_and_report_the_seed_problems(
    root: Path, tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "check.json"
    code, out, _ = _check(
        capsys, str(root / "corpora"), "--cache-dir", str(cache_dir), "--json", str(report)
    )
    assert code == 0, out
    assert "gate PASSED" in out
    assert "stand-in: original.de.txt: a German STAND-IN" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    files = {f["file"]: f for f in data["files"]}
    mt = files["translation.en.txt"]
    # The seed's real problems are visible, as flags and warnings.
    assert mt["status"] == "warn"
    excerpts = {f["excerpt"] for f in mt["flags"]}
    assert "Kiev" in excerpts
    assert any("Leave a Reply" in e for e in excerpts)
    assert files["alternate.en.txt"]["status"] == "pass"
    assert files["pairs.tsv"]["segments"] == 12


def _drop(sentence: str) -> Corrupt:
    return lambda text: text.replace(sentence + " ", "").replace(sentence, "")


def _swap(a: str, b: str) -> Corrupt:
    return lambda text: text.replace(a, "\0").replace(b, a).replace("\0", b)


# (file under test, corruption, gate expected to fail)
CORRUPTIONS = [
    ("alternate.en.txt", lambda t: t.replace("Kyiv", "Kiev"), "major_flags == 0"),
    ("alternate.en.txt", _swap("January 10", "January 13"), "category:Accuracy == 0"),
    (
        "alternate.en.txt",
        _drop("Western governments fear that Russia could attack its neighbour."),
        "omissions == 0",
    ),
    (
        "translation.en.txt",
        _swap("50-minute", "13-minute"),
        "category:Accuracy/Mistranslation == 0",
    ),
    (
        "translation.en.txt",
        _drop(
            "During the video call, Biden had threatened the Russian President with sanctions "
            "in the event of an attack on Ukraine, “as he has never seen them before”."
        ),
        "omissions == 0",
    ),
]


@pytest.mark.parametrize(("name", "corrupt", "gate"), CORRUPTIONS)
def test_corrupted_translation_fails_naming_the_gate(
    seed_corpus: Path,
    tmp_path: Path,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    corrupt: Corrupt,
    gate: str,
) -> None:
    corpus = _copy(seed_corpus, tmp_path / "seed")
    _edit(corpus / name, corrupt)
    code, out, err = _check(capsys, str(corpus), "--cache-dir", str(cache_dir))
    assert code == 1, out + err
    assert "gate FAILED" in out
    failing = [line for line in out.splitlines() if line.startswith("FAIL ")]
    assert any(f"seed-biden-putin/{name}" in line and gate in line for line in failing), out


def test_number_swap_in_the_mt_fails_against_the_baseline(
    seed_corpus: Path, tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _copy(seed_corpus, tmp_path / "seed")
    baseline = tmp_path / "baseline.json"
    args = (str(corpus), "--cache-dir", str(cache_dir), "--baseline", str(baseline))
    code, out, _ = _check(capsys, *args, "--update-baseline")
    assert code == 0 and baseline.exists(), out
    code, out, _ = _check(capsys, *args)
    assert code == 0, out  # the same text is no regression
    _edit(corpus / "translation.en.txt", _swap("January 10th", "January 13"))
    code, out, _ = _check(capsys, *args)
    assert code == 1, out
    assert re.search(r"FAIL seed-biden-putin/translation\.en\.txt: \[baseline\]", out), out


def test_waiver_accepts_a_flag(
    seed_corpus: Path, tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _copy(seed_corpus, tmp_path / "seed")
    _edit(corpus / "alternate.en.txt", lambda t: t.replace("Kyiv", "Kiev"))
    report = tmp_path / "r.json"
    code, _, _ = _check(capsys, str(corpus), "--cache-dir", str(cache_dir), "--json", str(report))
    assert code == 1
    files = {f["file"]: f for f in json.loads(report.read_text(encoding="utf-8"))["files"]}
    kiev = [f for f in files["alternate.en.txt"]["flags"] if f["excerpt"] == "Kiev"]
    assert kiev
    waivers = "".join(
        f'[[waiver]]\nrule = "{f["rule"]}"\nsegment = "{f["segment_hash"]}"\n'
        f'reason = "quoted spelling, kept on purpose"\nfile = "alternate.en.txt"\n\n'
        for f in kiev
    )
    (corpus / "waivers.toml").write_text(waivers, encoding="utf-8")
    code, out, _ = _check(capsys, str(corpus), "--cache-dir", str(cache_dir), "--json", str(report))
    assert code == 0, out
    alt = {f["file"]: f for f in json.loads(report.read_text(encoding="utf-8"))["files"]}[
        "alternate.en.txt"
    ]
    assert alt["metrics"]["waived_flags"] == len(kiev)


def test_reports_point_at_the_flagged_text(
    root: Path, tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = {k: tmp_path / f"report.{k}" for k in ("sarif", "junit", "markdown", "json")}
    code, _, _ = _check(
        capsys, str(root / "corpora"), "--cache-dir", str(cache_dir),
        *(arg for k, path in out.items() for arg in (f"--{k}", str(path))),
    )
    assert code == 0
    sarif = json.loads(out["sarif"].read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    checked = 0
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        if "startColumn" not in region or "endLine" in region:
            continue
        path = Path(location["artifactLocation"]["uri"])
        path = path if path.is_absolute() else Path.cwd() / path
        line = path.read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
        span = line[region["startColumn"] - 1 : region["endColumn"] - 1]
        assert span[:200] == result["properties"]["excerpt"]  # excerpts stop at 200
        checked += 1
    assert checked >= 5
    suites = SafeET.fromstring(out["junit"].read_text(encoding="utf-8"))
    cases = suites.findall(".//testcase")
    assert {c.get("classname") for c in cases} >= {
        "seed-biden-putin.translation.en.txt",
        "seed-biden-putin.alternate.en.txt",
        "tiny-en-de.pairs.tsv",
    }
    assert suites.get("failures") == "0"
    markdown = out["markdown"].read_text(encoding="utf-8")
    assert markdown.startswith("## transcheck corpus gate: ✅ passed")
    assert "| seed-biden-putin | translation.en.txt |" in markdown


BAD_INPUTS = [
    # (file, old text, new text), pattern expected on stderr
    (
        ("corpus.toml", 'unit = "document"', 'unit = "document"\nunits = 3'),
        r"corpus\.toml:\d+: key 'corpus\.units': unknown key",
    ),
    (
        ("corpus.toml", 'path = "alternate.en.txt"', 'path = "missing.en.txt"'),
        r"corpus\.toml:\d+: key 'files\.path': file 'missing\.en\.txt' does not exist",
    ),
    (
        ("corpus.toml", 'fidelity = ">= 55"', 'fluency = ">= 55"'),
        r"corpus\.toml:\d+: key 'thresholds\.fluency': unknown metric",
    ),
    (
        ("corpus.toml", "[thresholds]", "[thresholds"),
        r"corpus\.toml:\d+: invalid TOML",
    ),
]


@pytest.mark.parametrize(("edit", "pattern"), BAD_INPUTS)
def test_bad_manifest_exits_2_with_one_line(
    seed_corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edit: tuple[str, str, str],
    pattern: str,
) -> None:
    corpus = _copy(seed_corpus, tmp_path / "seed")
    name, old, new = edit
    _edit(corpus / name, lambda t: t.replace(old, new, 1))
    report = tmp_path / "out.json"
    code, _, err = _check(capsys, str(corpus), "--no-cache", "--json", str(report))
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert re.search(pattern, err), err
    assert "Traceback" not in err
    assert not report.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image)"),
        (b"Kyiv\x00\x00\x00\x00binary", "NUL bytes"),
        (b"", "is empty"),
    ],
)
def test_undecodable_corpus_file_fails_alone_with_its_reason_and_exits_2(
    seed_corpus: Path,
    tmp_path: Path,
    cache_dir: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    words: str,
) -> None:
    corpus = _copy(seed_corpus, tmp_path / "seed")
    (corpus / "alternate.en.txt").write_bytes(content)
    reports = {k: tmp_path / f"out.{k}" for k in ("sarif", "junit", "json", "markdown")}
    options = [a for k, p in reports.items() for a in (f"--{k}", str(p))]
    code, out, _ = _check(capsys, str(corpus), "--cache-dir", str(cache_dir), *options)
    assert code == 2
    # The unreadable file is a failed file with its one-line reason; the MT
    # file, whose reference it is, fails naming it (tests/test_l10n_cli.py
    # shows independent files still being scored) ...
    fails = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 2 and all("readable" in line and words in line for line in fails)
    assert any("needs alternate.en.txt" in line for line in fails)
    # ... in every report.
    for kind, path in reports.items():
        text = path.read_text(encoding="utf-8")
        if kind == "markdown":  # the summary escapes Markdown punctuation: "\(PNG image\)"
            text = re.sub(r"\\(.)", r"\1", text)
        assert words in text and "translation.en.txt" in text
    data = json.loads(reports["json"].read_text(encoding="utf-8"))
    assert {f["file"]: f["status"] for f in data["files"]} == {
        "translation.en.txt": "fail", "alternate.en.txt": "fail"
    }
    assert len(data["unreadable"]) == 2


def test_legacy_encoded_file_is_checked_with_a_note(
    seed_corpus: Path, tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _copy(seed_corpus, tmp_path / "seed")
    tiny = corpus / "tiny.tsv"
    tiny.write_bytes("Grüße aus Köln\tGreetings from Cologne\n".encode("cp1252") * 3)
    (corpus / "corpus.toml").write_text(
        '[corpus]\nlicense = "test"\nsource_lang = "de"\ntarget_lang = "en"\nunit = "line"\n'
        '[[files]]\npath = "tiny.tsv"\nrole = "pairs"\n[thresholds]\ncritical_flags = "== 0"\n',
        encoding="utf-8",
    )
    code, out, _ = _check(capsys, str(corpus), "--cache-dir", str(cache_dir))
    assert code == 0, out
    assert "not UTF-8, decoded as" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--update-baseline"], "--update-baseline: needs --baseline FILE"),
        (["--jobs", "0"], "--jobs: must be at least 1"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler: needs --engine dask"),
        (["--json", "/nonexistent-dir/x.json"], "--json: output directory"),
        (["/nonexistent-corpora"], "/nonexistent-corpora: no such file or directory"),
    ],
)
def test_bad_options_exit_2(
    root: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    paths = [] if args[0].startswith("/nonexistent-corpora") else [str(root / "corpora")]
    code, out, err = _check(capsys, *paths, *args)
    assert code == 2
    assert out == ""
    assert err.startswith("transcheck: error: ") and err.count("\n") == 1, err
    assert words in err


LINE_CORPUS = """\
[corpus]
license = "written for this test"
source_lang = "en"
target_lang = "de"
unit = "line"

[[files]]
path = "source.en"
role = "source"

[[files]]
path = "reference.de"
role = "reference"

[[files]]
path = "system-a.de"
role = "systems"
name = "A"

[[files]]
path = "system-b.de"
role = "systems"
name = "B"

[thresholds]
chrf = ">= 30"
critical_flags = "== 0"
"""

SOURCE = ["The museum is closed on Mondays.", "Thank you for your patience."]
REFERENCE = ["Montags ist das Museum geschlossen.", "Danke für Ihre Geduld."]
SYSTEM_A = ["Das Museum ist montags geschlossen.", "Vielen Dank für Ihre Geduld."]
SYSTEM_B = ["Der Zoo ist heute offen.", "Bitte warten."]


def _line_corpus(tmp_path: Path, system_b: list[str]) -> Path:
    for name, lines in (
        ("source.en", SOURCE),
        ("reference.de", REFERENCE),
        ("system-a.de", SYSTEM_A),
        ("system-b.de", system_b),
    ):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "corpus.toml").write_text(LINE_CORPUS, encoding="utf-8")
    return tmp_path


def test_line_corpus_gates_each_system_against_the_reference(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _line_corpus(tmp_path, SYSTEM_B)
    report = tmp_path / "r.json"
    code, out, _ = _check(capsys, str(corpus), "--cache-dir", str(cache_dir), "--json", str(report))
    files = {f["file"]: f for f in json.loads(report.read_text(encoding="utf-8"))["files"]}
    assert files["system-a.de"]["status"] == "pass"
    assert files["system-a.de"]["metrics"]["chrf"] > files["system-b.de"]["metrics"]["chrf"]
    # System B says something else entirely: chrF against the reference fails.
    assert code == 1
    assert any(
        line.startswith("FAIL ") and "system-b.de" in line and "chrf >= 30" in line
        for line in out.splitlines()
    ), out


def test_line_corpus_with_a_missing_line_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _line_corpus(tmp_path, SYSTEM_B[:1])
    code, _, err = _check(capsys, str(corpus), "--no-cache")
    assert code == 2
    assert "system-b.de:2: has 1 lines but" in err


@pytest.mark.dask
def test_dask_engine_writes_one_parquet_dataset_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("dask.distributed")
    pq = pytest.importorskip("pyarrow.parquet")
    (tmp_path / "c").mkdir()
    corpus = _line_corpus(tmp_path / "c", SYSTEM_B)
    parts = tmp_path / "parts"
    parts.mkdir()
    code, out, _ = _check(
        capsys, str(corpus), "--no-cache", "--engine", "dask", "--jobs", "1",
        "--parquet-dir", str(parts),
    )
    assert code == 1, out  # system B fails its chrF gate, as on the local engine
    for name in ("system-a.de", "system-b.de"):
        table = pq.read_table(str(parts / "c" / name))
        assert table.num_rows == 2

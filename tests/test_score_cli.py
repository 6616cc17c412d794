"""`transcheck score` end to end: formats, bad input, exit codes, no partial output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sacrebleu.metrics import CHRF

from transcheck.cli.main import main

HYP = [
    "Biden and Putin talked on the phone for almost an hour.",
    "The talks begin on January 11 in Geneva.",
    "",
    "Der Kreml ist zufrieden.",
]
REF = [
    "Biden and Putin spoke on the phone for almost an hour.",
    "The talks begin on January 10 in Geneva.",
    "Intensive diplomatic efforts are under way.",
    "The Kremlin is satisfied.",
]
SRC = [
    "Biden und Putin telefonierten fast eine Stunde lang.",
    "Die Gespräche beginnen am 10. Januar in Genf.",
    "Intensive diplomatische Bemühungen sind im Gange.",
    "Der Kreml ist zufrieden.",
]


def _write(path: Path, lines: list[str], encoding: str = "utf-8") -> str:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return str(path)


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    return {
        "hyp": _write(tmp_path / "hyp.en", HYP),
        "ref": _write(tmp_path / "ref.en", REF),
        "src": _write(tmp_path / "src.de", SRC),
    }


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["score", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_one_object_per_segment_in_input_order(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, "--hyp", files["hyp"], "--ref", files["ref"], "--src", files["src"],
        "--src-lang", "de", "--tgt-lang", "en", "--bootstrap", "0",
    )  # fmt: skip
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [0, 1, 2, 3]
    for row, hyp, ref in zip(rows, HYP, REF, strict=True):
        assert {"id", "bleu", "chrf", "chrf++", "ter", "fidelity", "mode", "explanation"} <= set(
            row
        )
        # Rounded to 6 decimals in the output.
        assert row["chrf"] == pytest.approx(CHRF().sentence_score(hyp, [ref]).score, abs=1e-6)
        assert 0.0 <= row["fidelity"] <= 100.0
        assert row["mode"] == "both"
    assert rows[2]["fidelity"] == 0.0  # empty hypothesis: scored and flagged
    assert "empty" in rows[2]["explanation"][0]["message"]
    assert rows[3]["explanation"][0]["signal"] == "src_untranslated"
    assert rows[0]["fidelity"] > rows[3]["fidelity"]


def test_json_summary_has_signatures_and_intervals(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "--hyp", files["hyp"], "--ref", files["ref"], "--format", "json",
        "--bootstrap", "100", "--seed", "7",
    )  # fmt: skip
    assert code == 0
    summary = json.loads(out)
    assert summary["mode"] == "reference" and summary["segments"] == 4
    assert summary["signatures"]["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert "seed:7" in summary["signatures"]["fidelity"]
    for metric in ("bleu", "chrf", "chrf++", "ter", "fidelity"):
        lo, hi = summary["ci"][metric]
        assert lo <= summary["corpus"][metric] <= hi


def test_source_only_and_two_references(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--hyp", files["hyp"], "--src", files["src"], "--bootstrap", "0")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert all(r["mode"] == "source" and "bleu" not in r for r in rows)
    ref2 = _write(tmp_path / "ref2.en", HYP)
    code, out, _ = _run(
        capsys, "--hyp", files["hyp"], "--ref", files["ref"], "--ref", ref2, "--bootstrap", "0"
    )
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["bleu"] == pytest.approx(100.0, abs=1e-9)  # second reference is identical


def test_csv_and_table(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "--hyp", files["hyp"], "--ref", files["ref"], "--format", "csv", "--bootstrap", "0"
    )
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in table] == ["0", "1", "2", "3"]
    assert float(table[0]["fidelity"]) > float(table[2]["fidelity"])
    code, out, _ = _run(capsys, "--hyp", files["hyp"], "--ref", files["ref"], "--format", "table")
    assert code == 0
    assert "fidelity" in out and "95% CI" in out and "mode: reference" in out


def test_output_file_is_written_atomically(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "scores.jsonl"
    code, out, _ = _run(
        capsys, "--hyp", files["hyp"], "--ref", files["ref"], "-o", str(target), "--bootstrap", "0"
    )
    assert code == 0 and out == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 4


def test_line_count_mismatch_names_both_files_and_counts(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = _write(tmp_path / "short.en", REF[:3])
    target = tmp_path / "never.jsonl"
    code, out, err = _run(capsys, "--hyp", files["hyp"], "--ref", short, "-o", str(target))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert files["hyp"] in err and short in err and "4 lines" in err and "has 3" in err
    assert "Traceback" not in err
    assert not target.exists()  # no partial output


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary"), (b"", "is empty"), (b"a\x00b\n", "NUL")],
)
def test_bad_input_is_one_line_exit_2(
    files: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    problem: str,
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = _run(capsys, "--hyp", str(bad), "--ref", files["ref"])
    assert code == 2 and out == ""
    assert problem in err and str(bad) in err and len(err.strip().splitlines()) == 1


def test_missing_reference_and_source_is_a_usage_error(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "--hyp", files["hyp"])
    assert code == 2 and "--ref" in err and "--src" in err


def test_non_utf8_input_is_decoded_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["Der Präsident ist „zufrieden“ über die Gespräche.", "Größere Schritte folgen."]
    hyp = _write(tmp_path / "hyp.de", lines, encoding="cp1252")
    ref = _write(tmp_path / "ref.de", lines)
    code, out, err = _run(capsys, "--hyp", hyp, "--ref", ref, "--bootstrap", "0")
    assert code == 0
    assert "not UTF-8" in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["bleu"] for r in rows] == [pytest.approx(100.0, abs=1e-9)] * 2


def test_sentence_unit_aligns_and_lists_additions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hyp = tmp_path / "t.en"
    hyp.write_text(
        "Biden calls on Putin to de-escalate. The talks begin on January 10 in Geneva. "
        "Russia demands security guarantees.\n\nLeave a Reply\n",
        encoding="utf-8",
    )
    alt = tmp_path / "a.en"
    alt.write_text(
        "Biden urges Putin to de-escalate. The talks start in Geneva on January 10. "
        "Russia is demanding security guarantees.\n",
        encoding="utf-8",
    )
    code, out, err = _run(
        capsys, "--hyp", str(hyp), "--ref", str(alt), "--unit", "sentence",
        "--tgt-lang", "en", "--format", "json", "--bootstrap", "0",
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads(out)
    assert summary["unit"] == "sentence"
    assert [a["text"] for a in summary["additions"]] == ["Leave a Reply"]
    code, out, _ = _run(
        capsys, "--hyp", str(hyp), "--ref", str(alt), "--unit", "sentence",
        "--tgt-lang", "en", "--bootstrap", "0",
    )  # fmt: skip
    rows = [json.loads(line) for line in out.splitlines()]
    added = [r for r in rows if r["kind"] == "addition"]
    assert len(added) == 1 and added[0]["fidelity"] == 0.0
    text = hyp.read_text(encoding="utf-8")
    assert text[added[0]["start"] : added[0]["end"]] == "Leave a Reply"


def test_huge_line_is_refused_with_its_line_number(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = _write(tmp_path / "huge.en", [HYP[0], "word " * 5000, HYP[2], HYP[3]])
    code, out, err = _run(capsys, "--hyp", huge, "--ref", files["ref"])
    assert code == 2 and out == ""
    assert f"{huge}:2" in err and "5000 words" in err


def test_hostile_markup_is_scored_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hyp = _write(tmp_path / "h.en", ["<script>alert(1)</script> Hello {name}", "&lt;b&gt; ok"])
    ref = _write(tmp_path / "r.en", ["Hello {name}", "<b> ok"])
    code, out, _ = _run(capsys, "--hyp", hyp, "--ref", ref, "--src", ref, "--bootstrap", "0")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    protected = [e for e in rows[0]["explanation"] if e["signal"] == "src_protected"]
    assert protected and [0, 8] in protected[0]["spans"]


def test_sentence_unit_lists_an_omission_hidden_in_a_bead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alt = tmp_path / "alt.en"
    alt.write_text(
        "Biden urges Putin to de-escalate. The talks start in Geneva on January 10. "
        "Russia is demanding security guarantees from the West. "
        "NATO members rejected the far-reaching demands.\n",
        encoding="utf-8",
    )
    hyp = tmp_path / "hyp.en"
    hyp.write_text(
        "Biden calls on Putin to de-escalate. The talks begin on January 10 in Geneva. "
        "The far-reaching demands were rejected by several NATO members.\n",
        encoding="utf-8",
    )
    code, out, err = _run(
        capsys, "--hyp", str(hyp), "--ref", str(alt), "--unit", "sentence",
        "--tgt-lang", "en", "--format", "json", "--bootstrap", "0",
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads(out)
    assert [o["text"] for o in summary["omissions"]] == [
        "Russia is demanding security guarantees from the West."
    ]
    assert summary["additions"] == []
    assert summary["corpus"]["fidelity"] < 80.0


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_readme_examples_on_the_seed(
    seed_corpus: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    # The commands of the README's "Fidelity scoring" section.
    translation = seed_corpus / "translation.en.txt"
    if not translation.exists():
        pytest.skip("seed corpus not present")
    code, out, err = _run(
        capsys, "--hyp", str(translation), "--ref", str(seed_corpus / "alternate.en.txt"),
        "--src", str(seed_corpus / "original.de.txt"), "--unit", "sentence", "--format", fmt,
    )  # fmt: skip
    assert code == 0, err
    assert "Leave a Reply" in out and "source site-34" in out
    if fmt == "json":
        summary = json.loads(out)
        assert summary["mode"] == "both" and len(summary["additions"]) == 2
        assert summary["src_lang"] == "de" and summary["tgt_lang"] == "en"


def test_readme_line_example_on_the_tiny_corpus(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # README: --hyp <(cut -f2 pairs.tsv) --ref <(cut -f3 ...) --src <(cut -f1 ...)
    pairs = root / "corpora" / "tiny-en-de" / "pairs.tsv"
    if not pairs.exists():
        pytest.skip("tiny corpus not present")
    rows = [line.split("\t") for line in pairs.read_text("utf-8").splitlines()]
    columns = list(zip(*rows, strict=True))
    paths = [_write(tmp_path / f"col{k}.txt", list(col)) for k, col in enumerate(columns[:3])]
    code, out, err = _run(
        capsys, "--hyp", paths[1], "--ref", paths[2], "--src", paths[0],
        "--src-lang", "en", "--tgt-lang", "de", "--format", "table",
    )  # fmt: skip
    assert code == 0, err
    assert "mode: both" in out and "95% CI" in out

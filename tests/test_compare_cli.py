"""`transcheck compare` through the real CLI: formats, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcheck.cli.main import main

REF = [
    "Biden warned Putin not to invade Ukraine.",
    "Putin in turn warned Biden against sanctions.",
    "The call lasted almost an hour.",
    "Kyiv denies any plans to attack.",
    "Moscow is demanding security guarantees from the West.",
    "That would be a colossal mistake.",
]
GOOD = [
    "Biden warned Putin not to invade Ukraine.",
    "Putin in turn warned Biden against sanctions.",
    "The call lasted nearly an hour.",
    "Kyiv denies any plans to attack.",
    "Moscow demands security guarantees from the West.",
    "That would be a colossal mistake.",
]
BAD = [
    "Biden has Putin warned before an invasion of the Ukraine.",
    "Putin for his part warned Biden before sanctions.",
    "The telephonate lasted almost one hour.",
    "Kiev denies every attack plans.",
    "The security guarantees demanded by the West by Moscow.",
    "This would be a colossal mistake, so the adviser.",
]
SRC = [
    "Biden warnte Putin vor einem Einmarsch in die Ukraine.",
    "Putin seinerseits warnte Biden vor Sanktionen.",
    "Das Telefonat dauerte fast eine Stunde.",
    "Kiew bestreitet jegliche Angriffspläne.",
    "Moskau fordert vom Westen Sicherheitsgarantien.",
    "Das wäre ein kolossaler Fehler.",
]
FAST = ["--bootstrap", "200", "--ar-trials", "500", "--no-fidelity", "--no-flags"]


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, lines in (("ref.en", REF), ("good.en", GOOD), ("bad.en", BAD), ("src.de", SRC)):
        path = tmp_path / f"{name}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out[name] = path
    return out


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["compare", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_output_ranks_and_names_systems(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        [
            "--ref",
            str(files["ref.en"]),
            "--src",
            str(files["src.de"]),
            "--hyp",
            str(files["bad.en"]),
            "--hyp",
            str(files["good.en"]),
            "--src-lang",
            "de",
            "--tgt-lang",
            "en",
            "--format",
            "json",
            *FAST,
        ],
        capsys,
    )
    assert code == 0, err
    data = json.loads(out)
    # default names are the file names without their last extension
    assert [s["name"] for s in data["systems"]] == ["good.en", "bad.en"]
    assert data["systems"][0]["rank"] == 1
    assert data["mode"] == "both"
    assert data["pairwise"][0]["tests"]["chrf"]["p_ar"] < 0.1


def test_names_and_table_output(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        [
            "--ref",
            str(files["ref.en"]),
            "--hyp",
            str(files["good.en"]),
            "--hyp",
            str(files["bad.en"]),
            "--name",
            "deepl-ish",
            "--name",
            "literal",
            *FAST,
        ],
        capsys,
    )
    assert code == 0, err
    assert "deepl-ish" in out and "literal" in out and "ranked by chrf" in out


def test_html_to_file_is_written_atomically(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.html"
    code, out, err = _run(
        [
            "--ref",
            str(files["ref.en"]),
            "--hyp",
            str(files["good.en"]),
            "--hyp",
            str(files["bad.en"]),
            "--format",
            "html",
            "-o",
            str(target),
            *FAST,
        ],
        capsys,
    )
    assert code == 0, err
    assert out == ""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".transcheck-")]


def test_different_lengths_exit_2_naming_each_file(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = tmp_path / "short.txt"
    short.write_text("\n".join(BAD[:4]) + "\n", encoding="utf-8")
    target = tmp_path / "out.json"
    code, out, err = _run(
        [
            "--ref",
            str(files["ref.en"]),
            "--hyp",
            str(files["good.en"]),
            "--hyp",
            str(short),
            "--format",
            "json",
            "-o",
            str(target),
            *FAST,
        ],
        capsys,
    )
    assert code == 2
    assert out == "" and not target.exists()
    line = err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert f"{files['good.en']} has 6 segments" in line
    assert f"{short} has 4 segments" in line
    assert f"{files['ref.en']} has 6 segments" in line


def test_single_system_is_a_one_system_report(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        ["--ref", str(files["ref.en"]), "--hyp", str(files["good.en"]), "--format", "json", *FAST],
        capsys,
    )
    assert code == 0
    assert "only one system" in err
    data = json.loads(out)
    assert len(data["systems"]) == 1 and data["pairwise"] == []


def test_identical_systems_no_difference(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        [
            "--ref",
            str(files["ref.en"]),
            "--hyp",
            str(files["good.en"]),
            "--hyp",
            str(files["good.en"]),
            "--name",
            "a",
            "--name",
            "b",
            "--format",
            "json",
            *FAST,
        ],
        capsys,
    )
    assert code == 0
    (pair,) = json.loads(out)["pairwise"]
    assert all(t["p_ar"] == 1.0 and t["p_bootstrap"] == 1.0 for t in pair["tests"].values())
    assert pair["win_tie_loss"] == {"wins": 0, "ties": len(REF), "losses": 0}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00\xff" * 20, "binary"),
    ],
)
def test_bad_hypothesis_file_is_one_line_exit_2(
    files: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    expected: str,
) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(content)
    code, out, err = _run(
        ["--ref", str(files["ref.en"]), "--hyp", str(files["good.en"]), "--hyp", str(bad), *FAST],
        capsys,
    )
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(bad) in err


def test_missing_file_and_bad_options_exit_2(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        ["--ref", str(files["ref.en"]), "--hyp", str(tmp_path / "nope.txt"), *FAST], capsys
    )
    assert code == 2 and "nope.txt" in err
    code, _, err = _run(
        [
            "--ref",
            str(files["ref.en"]),
            "--hyp",
            str(files["good.en"]),
            "--name",
            "x",
            "--name",
            "y",
            *FAST,
        ],
        capsys,
    )
    assert code == 2 and "--name" in err
    with pytest.raises(SystemExit) as info:
        main(["compare", "--hyp", str(files["good.en"]), "--bootstrap", "0"])
    assert info.value.code == 2
    code, _, err = _run(
        [
            "--ref",
            str(files["ref.en"]),
            "--hyp",
            str(files["good.en"]),
            "--metrics",
            "bleu,meteor",
            *FAST,
        ],
        capsys,
    )
    assert code == 2 and "meteor" in err

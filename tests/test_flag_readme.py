"""The README examples of `transcheck flag` run as written (from the repo root)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from transcheck.cli.main import main

# Exactly the commands of the README's flag section (output paths made unique).
EXAMPLES = [
    "transcheck flag --list",
    "transcheck flag corpora/seed-biden-putin/translation.en.txt --format table",
    "transcheck flag corpora/seed-biden-putin/translation.en.txt --unit sentence "
    "--glossary corpora/seed-biden-putin/glossary.tsv --format json -o OUT/flags.json",
    "transcheck flag corpora/seed-biden-putin/translation.en.txt --fix OUT/fixed.txt "
    "-o OUT/flags.jsonl",
    "transcheck flag corpora/seed-biden-putin/translation.en.txt --unit sentence "
    "--src corpora/seed-biden-putin/original.de.txt --src-lang de --format table",
]


@pytest.mark.parametrize("command", EXAMPLES)
def test_readme_example_runs(
    command: str,
    root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(root)
    argv = shlex.split(command.replace("OUT/", f"{tmp_path}/"))[1:]
    assert main(argv) == 0
    out = capsys.readouterr().out
    if "--list" in argv:
        assert "forbidden_term" in out
    elif "-o" in argv:
        target = Path(argv[argv.index("-o") + 1])
        assert target.stat().st_size > 0
        if target.suffix == ".json":
            assert json.loads(target.read_text("utf-8"))["source_guess"]["lang"] == "de"
    else:
        assert "flags in" in out
    if "--fix" in argv:
        fixed = Path(argv[argv.index("--fix") + 1]).read_text("utf-8")
        assert "Kyiv" in fixed and "Kiev" not in fixed

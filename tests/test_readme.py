"""Every `transcheck` command in the README's bash blocks runs as written.

Commands run in-process through the CLI entry point, from a scratch directory
that links the repository's `corpora/`, `seeds/` and `examples/`, so relative paths work
exactly as they do for a user at the repository root and outputs written with
`-o` land in the scratch directory.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from transcheck.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# Long-running servers are exercised by the dashboard tests instead.
NOT_RUN_HERE = ("transcheck dashboard",)


def readme_commands() -> list[str]:
    text = README.read_text(encoding="utf-8")
    commands: list[str] = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("transcheck ") and not line.startswith(NOT_RUN_HERE):
                commands.append(line)
    return commands


COMMANDS = readme_commands()


def test_the_readme_has_examples_for_every_command() -> None:
    used = {shlex.split(command)[1] for command in COMMANDS}
    assert {"segment", "langid", "align", "score", "flag", "compare", "report", "check"} <= used


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("corpora", "seeds", "examples"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(command)[1:]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, f"{command!r} exited {code}: {err.strip()[-500:]}"
    assert "Traceback" not in err
    if "-o" in argv:
        written = tmp_path / argv[argv.index("-o") + 1]
        assert written.is_file() and written.stat().st_size > 0
    else:
        assert out.strip(), f"{command!r} printed nothing"

"""A SIGKILLed `transcheck check` leaves no partial report, and a rerun
completes using the partitions cached before the kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PARTITIONS = 24
SIZE = 15


def _corpus(root: Path, target: Path) -> Path:
    rows = (root / "corpora" / "tiny-en-de" / "pairs.tsv").read_text(encoding="utf-8")
    lines = rows.splitlines()
    out = []
    for i in range(PARTITIONS * SIZE):
        src, tgt, ref = lines[i % len(lines)].split("\t")
        # Distinct pairs (a numbered item each), so every partition is new work.
        out.append(f"Item {i}: {src}\tPunkt {i}: {tgt}\tPunkt {i}: {ref}")
    target.mkdir()
    (target / "pairs.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
    (target / "corpus.toml").write_text(
        '[corpus]\nlicense = "test data"\nsource_lang = "en"\ntarget_lang = "de"\n'
        'unit = "line"\n[[files]]\npath = "pairs.tsv"\nrole = "pairs"\n'
        '[thresholds]\ncritical_flags = "== 0"\n',
        encoding="utf-8",
    )
    return target


def _cached(cache: Path) -> int:
    return sum(1 for p in cache.rglob("*.json")) if cache.exists() else 0


def test_sigkill_leaves_no_partial_reports_and_rerun_uses_cache(
    root: Path, tmp_path: Path
) -> None:
    corpus = _corpus(root, tmp_path / "big")
    cache = tmp_path / "cache"
    reports = tmp_path / "reports"
    reports.mkdir()
    args = [
        sys.executable, "-m", "transcheck.cli.main", "check", str(corpus),
        "--partition-size", str(SIZE), "--cache-dir", str(cache), "--quiet",
        "--json", str(reports / "check.json"), "--sarif", str(reports / "check.sarif"),
        "--junit", str(reports / "junit.xml"), "--markdown", str(reports / "summary.md"),
    ]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _cached(cache) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    done_before_kill = _cached(cache)
    assert 3 <= done_before_kill < PARTITIONS
    assert list(reports.iterdir()) == []  # no report, and no temporary file either

    rerun = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "gate PASSED" in rerun.stdout
    names = sorted(p.name for p in reports.iterdir())
    assert names == ["check.json", "check.sarif", "junit.xml", "summary.md"]

    data = json.loads((reports / "check.json").read_text(encoding="utf-8"))
    (file,) = data["files"]
    assert file["segments"] == PARTITIONS * SIZE
    reused = int(file["cached"].split("/")[0])
    assert reused >= done_before_kill

"""Long hypothesis run over the readers, config loaders and the CLI.

Runs the property targets of tests/test_properties.py (only TranscheckError
may escape; accepted input must be usable) for a time budget, in batches of
fresh random examples, and rewrites the "fuzz" section of BENCHMARKS.md with
the executions and distinct failures of each target.

    .venv/bin/python bench/fuzz.py              # 10 minutes
    .venv/bin/python bench/fuzz.py --minutes 3  # when the machine is busy

Known limits: a failing target is shrunk by hypothesis (that time counts in
its budget) and reported once per distinct exception type and first line;
no ../shared data is needed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from _common import table, write_section

# Slow targets (a whole CLI command per example) get a larger share of time.
WEIGHTS = {"cli": 3.0, "manifest": 1.5, "parallel": 1.5, "read_document": 1.0}
BATCH = 40


def _counting(target: Callable[[Any], None], count: Counter[str]) -> Callable[[Any], None]:
    def counted(value: Any) -> None:
        count["runs"] += 1
        target(value)

    return counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="total budget (default 10)")
    parser.add_argument("--only", action="append", help="run only this target (repeatable)")
    args = parser.parse_args()

    from hypothesis import HealthCheck, given, settings

    import test_properties as props

    names = args.only or list(props.TARGETS)
    weights = {n: WEIGHTS.get(n, 1.0) for n in names}
    total_weight = sum(weights.values())
    budget = args.minutes * 60
    load_before = os.getloadavg()[0]
    rows = []
    all_failures: list[str] = []
    grand = 0
    started = time.monotonic()
    for name in names:
        target, strategy = props.TARGETS[name]
        count: Counter[str] = Counter()
        counted = _counting(target, count)

        runner = settings(
            max_examples=BATCH,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(given(strategy)(counted))
        failures: dict[str, str] = {}
        share = budget * weights[name] / total_weight
        t0 = time.monotonic()
        while time.monotonic() - t0 < share:
            try:
                runner()
            except Exception as exc:  # a failure: record it once, keep fuzzing
                key = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:140]}"
                if key not in failures:
                    failures[key] = "".join(traceback.format_exception(exc)[-3:])
                    print(f"[{name}] FAILURE {key}", file=sys.stderr)
        elapsed = time.monotonic() - t0
        grand += count["runs"]
        rows.append([name, count["runs"], f"{count['runs'] / elapsed:.0f}", len(failures),
                     f"{elapsed:.0f}"])  # fmt: skip
        all_failures.extend(f"{name}: {k}" for k in failures)
        print(f"{name}: {count['runs']} executions, {len(failures)} failures", file=sys.stderr)
    wall = time.monotonic() - started
    load_after = os.getloadavg()[0]
    body = table(["target", "executions", "per s", "failures", "seconds"], rows)
    body += (
        f"\n\nTotal: {grand:,} executions in {wall / 60:.1f} min, "
        f"{len(all_failures)} distinct failures "
        f"(load average {load_before:.1f} before, {load_after:.1f} after, on a machine "
        "shared with other jobs).\n"
    )
    if all_failures:
        body += "\nFailures:\n\n" + "\n".join(f"- `{f}`" for f in all_failures) + "\n"
    minutes = f" --minutes {args.minutes:g}" if args.minutes != 10 else ""
    write_section(
        "fuzz",
        "Hypothesis fuzzing: readers, config loaders, CLI",
        body,
        f".venv/bin/python bench/fuzz.py{minutes}",
    )
    print(body)
    return 1 if all_failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

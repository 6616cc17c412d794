"""Benchmark: `transcheck check` over a large TSV corpus with bounded memory.

Builds N realistic en-de / zh-en pairs from ../shared/data/mqm-ted-dev
(source and MT output; --with-ref adds the human reference as a third
column), repeated with variations (the human reference as the target, two
adjacent segments joined, a changed number, a lower-cased first letter),
streams them to a temporary TSV, and checks it with `transcheck check` in
fresh processes:

* throughput on the first --sample pairs for --jobs 1, --jobs 2 and a Dask
  LocalCluster of 2 workers (each run once: the sample is large);
* the whole corpus with --jobs 2 (skip with --no-full), printing the peak RSS
  of the driver and of the largest worker.

Writes the section "gate" of BENCHMARKS.md (unless --no-write).

    .venv/bin/python bench/gate_scale.py                 # 1M pairs
    .venv/bin/python bench/gate_scale.py --pairs 20000 --sample 4000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import shared_data_or_skip, table, write_section

_NUMBER = re.compile(r"\d+")


def _rows(data: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    for name, pair in (("ende.dev.jsonl", "en-de"), ("zhen.dev.jsonl", "zh-en")):
        path = data / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                obj = json.loads(line)
                rows.append((pair, obj["source"], obj["hyp"], obj["ref"]))
    return rows


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def _variants(rows: list[tuple[str, str, str, str]], pair: str) -> Iterator[tuple[str, str, str]]:
    """Endless stream of (source, target, reference) for one language pair."""
    mine = [r for r in rows if r[0] == pair]
    k = 0
    while True:
        variation = (k // len(mine)) % 5
        _, src, hyp, ref = mine[k % len(mine)]
        nxt = mine[(k + 1) % len(mine)]
        if variation == 1:
            hyp = ref  # the human translation as the file under test
        elif variation == 2:
            src, hyp, ref = f"{src} {nxt[1]}", f"{hyp} {nxt[2]}", f"{ref} {nxt[3]}"
        elif variation == 3:
            number = str(k % 97 + 2)
            hyp = _NUMBER.sub(number, hyp, count=1) if _NUMBER.search(hyp) else f"{hyp} ({number})"
        elif variation == 4 and hyp[:1].isupper():
            hyp = hyp[:1].lower() + hyp[1:]
        yield _clean(src), _clean(hyp), _clean(ref)
        k += 1


def build_corpus(data: Path, directory: Path, n: int, pair: str, with_ref: bool) -> Path:
    """Write corpus.toml and pairs.tsv with ``n`` pairs; constant memory."""
    rows = _rows(data)
    if not any(r[0] == pair for r in rows):
        raise SystemExit(f"no {pair} rows in {data}")
    directory.mkdir(parents=True, exist_ok=True)
    src_lang, tgt_lang = pair.split("-")
    with open(directory / "pairs.tsv", "w", encoding="utf-8") as out:
        for i, (src, hyp, ref) in zip(range(n), _variants(rows, pair), strict=False):
            del i
            out.write(f"{src}\t{hyp}\t{ref}\n" if with_ref else f"{src}\t{hyp}\n")
    (directory / "corpus.toml").write_text(
        "[corpus]\n"
        f'name = "bench-{pair}"\n'
        'license = "built from mqm-ted-dev (Apache-2.0), benchmark only"\n'
        f'source_lang = "{src_lang}"\ntarget_lang = "{tgt_lang}"\nunit = "line"\n'
        '[[files]]\npath = "pairs.tsv"\nrole = "pairs"\nformat = "tsv"\n'
        '[thresholds]\ncritical_flags = "<= 1000000000"\n',
        encoding="utf-8",
    )
    return directory


def head_corpus(full: Path, directory: Path, n: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    with open(full / "pairs.tsv", encoding="utf-8") as src, open(
        directory / "pairs.tsv", "w", encoding="utf-8"
    ) as out:
        for _, line in zip(range(n), src, strict=False):
            out.write(line)
    (directory / "corpus.toml").write_text(
        (full / "corpus.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return directory


def run_check(corpus: Path, extra: list[str], partition_size: int) -> dict[str, float]:
    """Run `transcheck check` in a fresh process; wall time and peak RSS."""
    code = (
        "import json, resource, sys, time\n"
        "from transcheck.cli.main import main\n"
        "t = time.perf_counter()\n"
        "rc = main(sys.argv[1:])\n"
        "wall = time.perf_counter() - t\n"
        "self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print('BENCH', json.dumps({'rc': rc, 'wall': wall, 'self_mb': self_kb / 1024,"
        " 'children_mb': kids_kb / 1024}))\n"
    )
    args = [
        sys.executable, "-c", code, "check", str(corpus), "--no-cache", "--quiet",
        "--partition-size", str(partition_size), *extra,
    ]
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    line = next((x for x in proc.stdout.splitlines() if x.startswith("BENCH ")), None)
    if proc.returncode not in (0, 1) or line is None:
        raise SystemExit(f"check failed ({proc.returncode}): {proc.stderr[-2000:]}")
    result = json.loads(line[6:])
    result["process_wall"] = elapsed
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1_000_000, help="size of the corpus")
    parser.add_argument("--sample", type=int, default=20_000, help="pairs per engine comparison")
    parser.add_argument("--pair", default="en-de", choices=("en-de", "zh-en"))
    parser.add_argument("--partition-size", type=int, default=2000)
    parser.add_argument("--no-full", action="store_true", help="skip the whole-corpus run")
    parser.add_argument(
        "--with-ref", action="store_true", help="add the reference column (BLEU/chrF/TER too)"
    )
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    args = parser.parse_args()
    data = shared_data_or_skip("mqm-ted-dev")
    sample = min(args.sample, args.pairs)
    with tempfile.TemporaryDirectory(prefix="transcheck-gate-bench-") as tmp:
        t = time.perf_counter()
        full = build_corpus(data, Path(tmp) / "full", args.pairs, args.pair, args.with_ref)
        size_mb = (full / "pairs.tsv").stat().st_size / 1e6
        build_s = time.perf_counter() - t
        print(f"built {args.pairs} pairs ({size_mb:.0f} MB) in {build_s:.1f} s", flush=True)
        small = head_corpus(full, Path(tmp) / "sample", sample)
        configs: list[tuple[str, list[str]]] = [("--jobs 1", []), ("--jobs 2", ["--jobs", "2"])]
        if not args.no_dask:
            try:
                import dask.distributed  # noqa: F401

                dask_args = ["--engine", "dask", "--jobs", "2"]
                configs.append(("Dask LocalCluster, 2 workers", dask_args))
            except ImportError:
                print("dask is not installed: skipping the Dask run", file=sys.stderr)
        rows: list[list[object]] = []
        base = None
        for label, extra in configs:
            result = run_check(small, extra, args.partition_size)
            rate = sample / result["process_wall"]
            base = base or rate
            wall = round(result["process_wall"], 1)
            rows.append(
                [label, sample, wall, round(rate), f"{rate / base:.2f}x",
                 round(result["self_mb"]), round(result["children_mb"])]
            )
            print(f"{label}: {rate:.0f} pairs/s, driver {result['self_mb']:.0f} MB, "
                  f"largest worker {result['children_mb']:.0f} MB", flush=True)
        full_rows: list[list[object]] = []
        if not args.no_write:
            _write(args, rows, full_rows, pending=not args.no_full)
        if not args.no_full:
            result = run_check(full, ["--jobs", "2"], args.partition_size)
            rate = args.pairs / result["process_wall"]
            full_rows.append(
                ["--jobs 2", args.pairs, round(result["process_wall"], 1), round(rate),
                 round(result["self_mb"]), round(result["children_mb"]),
                 "yes" if max(result["self_mb"], result["children_mb"]) < 1024 else "NO"]
            )
            print(f"full {args.pairs} pairs --jobs 2: {result['process_wall']:.0f} s, "
                  f"{rate:.0f} pairs/s, peak RSS driver {result['self_mb']:.0f} MB, "
                  f"largest worker {result['children_mb']:.0f} MB", flush=True)
    body = _write(args, rows, full_rows, pending=False) if not args.no_write else ""
    print(body or "(BENCHMARKS.md not written: --no-write)")
    return 0


def _code_under_test() -> str:
    """Where the checked processes import transcheck from (PYTHONPATH may point
    at a snapshot of a commit while the working tree is being edited)."""
    import transcheck

    return str(Path(transcheck.__file__).resolve().parent)


def _write(
    args: argparse.Namespace,
    rows: list[list[object]],
    full_rows: list[list[object]],
    *,
    pending: bool,
) -> str:
    """Write the "gate" section; called after the sample runs and again at the end."""
    sample = min(args.sample, args.pairs)
    body = (
        f"`transcheck check` (no cache, partitions of {args.partition_size} pairs) over "
        f"{args.pair} pairs built from mqm-ted-dev (source and MT output"
        + (" and the reference" if args.with_ref else ", no reference: the corpus-cleaning case")
        + "; repeated with variations), written to a temporary TSV. Each configuration runs "
        "once in a fresh process; wall time includes start-up and the one-off loading of "
        "rule packs and word lists in every worker (several seconds), which favours long runs. "
        "The machine is shared with other engineers' jobs (1-minute load average "
        f"{os.getloadavg()[0]:.1f} on 2 cores when this section was written), so absolute "
        "numbers and the parallel speed-up are noisy. "
        f"Code under test: `{_code_under_test()}`.\n\n"
        f"Throughput on the same {sample} pairs:\n\n"
        + table(
            ["engine", "pairs", "wall s", "pairs/s", "vs --jobs 1", "driver RSS MB",
             "largest worker RSS MB"],
            rows,
        )
    )
    if full_rows:
        body += "\n\nWhole corpus, bounded memory (peak RSS per process):\n\n" + table(
            ["engine", "pairs", "wall s", "pairs/s", "driver RSS MB", "largest worker RSS MB",
             "< 1 GB"],
            full_rows,
        )
    elif pending:
        body += f"\n\n(The whole-corpus run of {args.pairs} pairs is in progress or was stopped.)"
    else:
        body += f"\n\n(The whole-corpus run of {args.pairs} pairs was skipped: --no-full.)"
    command = "python bench/gate_scale.py" + (
        f" --pairs {args.pairs}" if args.pairs != 1_000_000 else ""
    ) + (f" --sample {args.sample}" if args.sample != 20_000 else "")
    write_section("gate", "CI gate at scale (transcheck check)", body, command)
    return body


if __name__ == "__main__":
    raise SystemExit(main())

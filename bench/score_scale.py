"""`transcheck score` at scale: time and peak memory at 100k and 1M pairs.

    .venv/bin/python bench/score_scale.py [--sizes 100000,1000000] [--loop-sample 2000]

Pairs are real text from ../shared/data/mqm-ted-dev (every ordered pair of
distinct outputs of a segment's systems and its reference, as in
bench/score_speed.py), repeated in order up to each size. Each size is one
``transcheck score --format json`` run in a fresh subprocess (default
bootstrap 1000, all cores); peak RSS is the scorer process's and its
largest worker's. Beside it, the same run's rate is compared with a plain
sacrebleu sentence loop (BLEU, chrF, chrF++, TER per pair) timed on a sample
in the same run. Writes section "score-scale" of BENCHMARKS.md; exits 0
with a note when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import TIMED_CLI_CHILD, shared_data_or_skip, table, write_section
from bench.score_speed import build_pairs, plain_loop
from transcheck.metrics.streaming import CHUNK, STREAM_OVER


def run_size(pairs: list[tuple[str, str]], n: int, tmp: Path) -> dict[str, float]:
    hyp, ref, out = tmp / f"hyp{n}.txt", tmp / f"ref{n}.txt", tmp / f"out{n}.json"
    with open(hyp, "w", encoding="utf-8") as fh, open(ref, "w", encoding="utf-8") as fr:
        for i in range(n):
            h, r = pairs[i % len(pairs)]
            fh.write(h.replace("\n", " ") + "\n")
            fr.write(r.replace("\n", " ") + "\n")
    argv = ["score", "--hyp", str(hyp), "--ref", str(ref), "--tgt-lang", "en",
            "--format", "json", "-o", str(out)]  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-c", TIMED_CLI_CHILD, *argv], capture_output=True, text=True, check=False
    )
    line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    parts = line.split()
    if proc.returncode != 0 or len(parts) != 4 or parts[0] != "0":
        raise SystemExit(f"score failed at {n}: {proc.stderr.strip()[-500:]}")
    summary = json.loads(out.read_text(encoding="utf-8"))
    for path in (hyp, ref, out):
        path.unlink()
    return {
        "seconds": float(parts[1]),
        "rss_mb": int(parts[2]) / 1024,
        "worker_mb": int(parts[3]) / 1024,
        "segments": summary["segments"],
        "chrf": summary["corpus"]["chrf"],
        "streamed": bool(summary.get("streamed")),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--loop-sample", type=int, default=2000)
    args = parser.parse_args()
    data = shared_data_or_skip("mqm-ted-dev")
    pairs = build_pairs(data, 200_000)
    sizes = [int(s) for s in args.sizes.split(",")]
    sample = pairs[: args.loop_sample]
    start = time.perf_counter()
    plain_loop(sample)
    loop_rate = len(sample) / (time.perf_counter() - start)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            got = run_size(pairs, n, Path(tmp))
            rate = n / got["seconds"]
            rows.append([
                f"{n:,}", f"{got['seconds']:.1f}", f"{rate:,.0f}", f"{rate / loop_rate:.2f}",
                f"{got['rss_mb']:.0f}", f"{got['worker_mb']:.0f}",
                "yes" if got["streamed"] else "no", f"{got['chrf']:.2f}",
            ])  # fmt: skip
            print(rows[-1], file=sys.stderr)
    load = os.getloadavg()[0]
    body = table(
        ["pairs", "seconds", "pairs/s", "vs plain loop", "peak RSS MB", "largest worker MB",
         "streamed", "corpus chrF"],
        rows,
    ) + (
        f"\n\nAll of BLEU, chrF, chrF++, TER and fidelity per pair, corpus scores and 1000 "
        f"bootstrap resamples, written as one JSON summary. {len(pairs):,} distinct real pairs "
        f"from mqm-ted-dev repeated in order up to each size. Plain sacrebleu sentence loop "
        f"(4 metrics, no fidelity) in the same run: {loop_rate:,.0f} pairs/s on "
        f"{len(sample):,} pairs. Over {STREAM_OVER:,} lines `score` streams (chunks of {CHUNK:,}, "
        f"Poisson bootstrap): memory stays flat with size. Load average at the end "
        f"{load:.1f} on 2 cores (other engineers' jobs share the machine)."
    )
    write_section(
        "score-scale", "Scoring at scale (transcheck score, 100k and 1M pairs)", body,
        "python bench/score_scale.py",
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

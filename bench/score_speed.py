"""Scoring speed: our batch scorer vs a plain loop over sacrebleu's sentence scorers.

    .venv/bin/python bench/score_speed.py [--pairs 100000] [--loop-sample 3000]

Pairs are built from ../shared/data/mqm-ted-dev: for every segment, every
ordered pair of distinct outputs among its 13 MT systems and its reference
(and lower-cased variants until --pairs is reached), so the pairs are real
text and all distinct (the de-duplication cache cannot help). The plain loop
(BLEU(effective_order=True), CHRF(), CHRF(word_order=2), TER() sentence_score
per pair) is timed on a random sample (--loop-sample) and its rate
extrapolated, because timing it on 100k pairs takes ~10 minutes; our scorer
is timed on the sample (serial) and on all pairs (process pool, all cores).
Scores are checked for equality on the sample. Writes section "score-speed"
of BENCHMARKS.md. Exits 0 with a note when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import shared_data_or_skip, table, write_section
from transcheck.metrics import METRICS, sentence_scores


def build_pairs(data: Path, target: int) -> list[tuple[str, str]]:
    by_seg: dict[tuple[str, str, int], list[str]] = {}
    refs: dict[tuple[str, str, int], str] = {}
    for pair in ("zhen", "ende"):
        with open(data / f"{pair}.dev.jsonl", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                key = (pair, row["doc"], row["seg_id"])
                by_seg.setdefault(key, []).append(row["hyp"])
                refs[key] = row["ref"]
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for variant in (lambda s: s, str.lower, str.upper):
        for key, hyps in by_seg.items():
            texts = list(dict.fromkeys([*hyps, refs[key]]))
            for a in texts:
                for b in texts:
                    item = (variant(a), b)
                    if a != b and item not in seen:
                        seen.add(item)
                        pairs.append(item)
                        if len(pairs) >= target:
                            return pairs
    return pairs


def plain_loop(pairs: list[tuple[str, str]]) -> dict[str, list[float]]:
    from sacrebleu.metrics import BLEU, CHRF, TER

    objs = {
        "bleu": BLEU(effective_order=True),
        "chrf": CHRF(),
        "chrf++": CHRF(word_order=2),
        "ter": TER(),
    }
    return {m: [o.sentence_score(h, [r]).score for h, r in pairs] for m, o in objs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--loop-sample", type=int, default=3000)
    args = parser.parse_args()
    data = shared_data_or_skip("mqm-ted-dev")
    pairs = build_pairs(data, args.pairs)
    sample = random.Random(12345).sample(pairs, min(args.loop_sample, len(pairs)))
    hyps = [h for h, _ in sample]
    refs = [r for _, r in sample]

    start = time.perf_counter()
    loop = plain_loop(sample)
    t_loop = time.perf_counter() - start

    start = time.perf_counter()
    ours, _ = sentence_scores(hyps, [refs], workers=1)
    t_serial = time.perf_counter() - start
    worst = max(
        float(np.max(np.abs(np.asarray(loop[m]) - ours[m]))) if len(sample) else 0.0
        for m in METRICS
    )

    all_h = [h for h, _ in pairs]
    all_r = [r for _, r in pairs]
    start = time.perf_counter()
    sentence_scores(all_h, [all_r])
    t_full = time.perf_counter() - start

    loop_rate = len(sample) / t_loop
    serial_rate = len(sample) / t_serial
    full_rate = len(pairs) / t_full
    est_loop_full = len(pairs) / loop_rate
    load = os.getloadavg()[0]
    rows = [
        ["plain sacrebleu loop (4 metrics)", len(sample), t_loop, f"{loop_rate:,.0f}", "1.00"],
        ["transcheck, serial", len(sample), t_serial, f"{serial_rate:,.0f}",
         f"{serial_rate / loop_rate:.2f}"],
        [f"transcheck, {os.cpu_count()} processes", len(pairs), t_full, f"{full_rate:,.0f}",
         f"{full_rate / loop_rate:.2f}"],
    ]  # fmt: skip
    body = (
        table(["scorer", "pairs", "seconds", "pairs/s", "speed-up vs loop"], rows)
        + f"\n\nAll four scores (BLEU, chrF, chrF++, TER) per pair. {len(pairs):,} distinct "
        f"real pairs from mqm-ted-dev; the plain loop was timed on a random sample of "
        f"{len(sample):,} (extrapolated to {est_loop_full:,.0f} s for all pairs) in the same run. "
        f"Largest difference from sacrebleu on the sample: {worst:.1e}. "
        f"Single runs, not medians (the loop alone takes minutes); load average at the end "
        f"{load:.1f} on {os.cpu_count()} cores: other engineers' jobs share the machine, so "
        "absolute rates are noisy, the ratio less so.\n"
    )
    print(body)
    write_section(
        "score-speed", "Scoring speed (BLEU, chrF, chrF++, TER)", body,
        "python bench/score_speed.py",
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

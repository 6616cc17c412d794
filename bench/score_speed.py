"""Scoring speed: our batch scorer vs a plain loop over sacrebleu's sentence scorers.

    .venv/bin/python bench/score_speed.py [--pairs 100000] [--loop-sample 3000]

Pairs are built from ../shared/data/mqm-ted-dev: for every segment, every
ordered pair of distinct outputs among its 13 MT systems and its reference
(and lower-cased variants until --pairs is reached), so the pairs are real
text and all distinct (the de-duplication cache cannot help). The plain loop
(BLEU(effective_order=True), CHRF(), CHRF(word_order=2), TER() sentence_score
per pair) and our serial scorer run back to back on chunks of a random sample
(--loop-sample, --chunks), half before and half after timing our scorer on all
pairs (process pool, all cores); the loop's median rate is extrapolated to
all pairs (timing it on 100k pairs would take 10-20 minutes). Scores are
checked for equality on the sample. Writes section "score-speed"
of BENCHMARKS.md. Exits 0 with a note when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import shared_data_or_skip, table, write_section
from transcheck.metrics import SACREBLEU_NAMES, sentence_scores


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


def _interleaved(
    sample: list[tuple[str, str]], chunks: int
) -> tuple[list[float], list[float], float]:
    """(loop rates, our serial rates, worst difference) over alternating chunks.

    The loop and our serial scorer run on the same chunk back to back, in
    alternating order, so both see the same machine load; the ratio of
    medians is robust to the load changing during the run.
    """
    size = max(1, len(sample) // chunks)
    loop_rates: list[float] = []
    our_rates: list[float] = []
    worst = 0.0
    for k in range(chunks):
        part = sample[k * size : (k + 1) * size]
        if not part:
            break
        hyps = [h for h, _ in part]
        refs = [r for _, r in part]
        timings: dict[str, float] = {}
        order = ("loop", "ours") if k % 2 == 0 else ("ours", "loop")
        for name in order:
            start = time.perf_counter()
            if name == "loop":
                loop = plain_loop(part)
            else:
                ours, _ = sentence_scores(hyps, [refs], workers=1)
            timings[name] = time.perf_counter() - start
        loop_rates.append(len(part) / timings["loop"])
        our_rates.append(len(part) / timings["ours"])
        worst = max(
            [worst]
            + [float(np.max(np.abs(np.asarray(loop[m]) - ours[m]))) for m in SACREBLEU_NAMES]
        )
    return loop_rates, our_rates, worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--loop-sample", type=int, default=3000)
    parser.add_argument("--chunks", type=int, default=10)
    args = parser.parse_args()
    data = shared_data_or_skip("mqm-ted-dev")
    pairs = build_pairs(data, args.pairs)
    sample = random.Random(12345).sample(pairs, min(args.loop_sample, len(pairs)))
    half = len(sample) // 2
    # Loop rate measured before and after the long parallel run.
    loop_a, ours_a, worst_a = _interleaved(sample[:half], args.chunks // 2)
    all_h = [h for h, _ in pairs]
    all_r = [r for _, r in pairs]
    start = time.perf_counter()
    sentence_scores(all_h, [all_r])
    t_full = time.perf_counter() - start
    loop_b, ours_b, worst_b = _interleaved(sample[half:], args.chunks - args.chunks // 2)
    loop_rate = statistics.median(loop_a + loop_b)
    serial_rate = statistics.median(ours_a + ours_b)
    serial_ratios = [o / lo for o, lo in zip(ours_a + ours_b, loop_a + loop_b, strict=True)]
    full_rate = len(pairs) / t_full
    est_loop_full = len(pairs) / loop_rate
    load = os.getloadavg()[0]
    worst = max(worst_a, worst_b)
    n_chunks = len(loop_a + loop_b)
    rows = [
        ["plain sacrebleu loop (4 metrics)", len(sample), "median of chunks",
         f"{loop_rate:,.0f}", "1.00"],
        ["transcheck, serial", len(sample), "median of chunks", f"{serial_rate:,.0f}",
         f"{statistics.median(serial_ratios):.2f} (chunks {min(serial_ratios):.2f}"
         f"-{max(serial_ratios):.2f})"],
        [f"transcheck, {os.cpu_count()} processes", len(pairs), f"{t_full:.1f}",
         f"{full_rate:,.0f}", f"{full_rate / loop_rate:.2f}"],
    ]  # fmt: skip
    body = (
        table(["scorer", "pairs", "seconds", "pairs/s", "speed-up vs loop"], rows)
        + f"\n\nAll four scores (BLEU, chrF, chrF++, TER) per pair. {len(pairs):,} distinct "
        "real pairs from mqm-ted-dev. The plain loop and our serial scorer ran back to back "
        f"on {n_chunks} chunks of a random sample of {len(sample):,} pairs (alternating "
        "which goes first; half the chunks before, half after the full run), so their "
        "median rates share the machine load; the plain loop would take about "
        f"{est_loop_full:,.0f} s for all pairs. Largest difference from sacrebleu: "
        f"{worst:.1e}. Load average at the end {load:.1f} on {os.cpu_count()} cores: "
        "other engineers' jobs share the machine, so absolute rates and the parallel "
        "speed-up are depressed and noisy.\n"
    )
    print(body)
    write_section(
        "score-speed", "Scoring speed (BLEU, chrF, chrF++, TER)", body,
        "python bench/score_speed.py",
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

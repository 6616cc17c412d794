"""Speed of the full check catalogue, one core (section "flag-speed" of BENCHMARKS.md).

Inputs: the MT hypotheses of ../shared/data/mqm-ted-dev (English from zh-en,
German from en-de; 2,730 real segments each, repeated 3x as distinct
lines so nothing is cached per string) and the seed article's sentences
(repeated). Each case runs `flag_segments` over all segments in one
process (one core), after a warm-up that loads the word lists; the median
of 3 runs is reported as wall time and as process CPU time (CPU time is
less affected by other jobs on this shared machine). Also: one 1 MB
segment, and the cold start (word lists and rule packs loaded once).

Usage: .venv/bin/python bench/flag_speed.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, SHARED_DATA, table, write_section

TARGET = 5000.0


def _timed(func: object, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        func()  # type: ignore[operator]
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    w0 = time.perf_counter()
    from transcheck.checks import flag_segments

    flag_segments(["Warm-up: as he has never seen them before in Kiev."], lang="en")
    flag_segments(["Aufwärmen: Das macht keinen Sinn."], lang="de")
    cold = time.perf_counter() - w0

    # (label, target language, texts, sources or None, source language or None)
    cases: list[tuple[str, str, list[str], list[str] | None, str | None]] = []
    mqm = SHARED_DATA / "mqm-ted-dev"
    for name, src_lang, lang in (("zhen", "zh", "en"), ("ende", "en", "de")):
        path = mqm / f"{name}.dev.jsonl"
        if path.is_file():
            rows_in = [json.loads(line) for line in path.open(encoding="utf-8")]
            # Distinct strings: a copy number makes every line unique.
            texts = [f"{r['hyp']} ({k})" for k in range(3) for r in rows_in]
            sources = [f"{r['source']} ({k})" for k in range(3) for r in rows_in]
            cases.append((f"mqm {name} hyps ({lang})", lang, texts, None, None))
            # With the source, the accuracy family (numbers, tags, untranslated
            # words, cut-off output, repetition loops, length) runs as well.
            cases.append((f"mqm {name} hyps + {src_lang} source", lang, texts, sources, src_lang))
    seed = ROOT / "seeds" / "000_c370c7b379c2e6df.txt"
    if seed.is_file():
        from transcheck.segment import split_sentences

        sentences = [s.text for s in split_sentences(seed.read_text(encoding="utf-8"), "en")]
        cases.append(("seed sentences x200 (en)", "en", sentences * 200, None, None))
    rows = []
    for label, lang, texts, sources, src_lang in cases:
        wall, cpu = _timed(
            lambda t=texts, lg=lang, s=sources, sl=src_lang: flag_segments(
                t, lang=lg, sources=s, src_lang=sl
            ),
            args.repeat,
        )
        rows.append(
            [
                label,
                len(texts),
                f"{len(texts) / wall:,.0f}",
                f"{len(texts) / cpu:,.0f}",
                "yes" if len(texts) / cpu >= TARGET else "no",
            ]
        )
    sentence = "As he has never seen them before, talks in Kiev went on  and on.  "
    huge = sentence * (1_000_000 // len(sentence) + 1)
    wall, cpu = _timed(lambda: flag_segments([huge], lang="en"), 1)
    load_end = os.getloadavg()[0]
    body = (
        table(
            [
                "input",
                "segments",
                "segments/s (wall)",
                "segments/s (CPU)",
                f">= {TARGET:,.0f}/s (CPU)",
            ],
            rows,
        )
        + f"\n\nOne 1 MB segment: {wall:.2f} s wall, {cpu:.2f} s CPU. "
        f"Cold start (import, rule packs, pyspellchecker and wordfreq lists for en+de): "
        f"{cold:.2f} s.\n\nThe full catalogue runs (all families, document checks included); "
        "rows with a source also run the checks that need one. Pinned to one core; the "
        "machine is shared with other engineers' jobs, "
        "so wall numbers are noisy and CPU-time numbers are the fairer measure. "
        f"Load average (1 min) at start {load_start:.2f}, at end {load_end:.2f} "
        f"({os.cpu_count()} cores); the grammar pass (`--grammar on`) is not part of it."
    )
    print(body)
    write_section(
        "flag-speed",
        "Flag speed (full catalogue, one core)",
        body,
        ".venv/bin/python bench/flag_speed.py",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Same-language alignment (a translation against an alternate translation) on MQM TED rows.

There is no gold same-language alignment corpus here, so this bench builds
one from ../shared/data/mqm-ted-dev, whose rows pair each MT output with a
human reference segment by segment: for a seeded sample of (talk, system)
documents, side A is the MT output and side B the reference with, seeded,
6% of the segments dropped (gold 1-0) and 10% of the adjacent pairs merged
into one line (gold 2-1). Both sides are aligned line by line and scored
strict/lax as for Bleualign. Rows compare the default (same language:
rapidfuzz links between spelling variants, see align/fuzzy.py) with the same
call without the language pair (no links).

Run: .venv/bin/python bench/align_same_language.py [--no-write]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import shared_data_or_skip, table, write_section

DROP, MERGE, SAMPLE, SEED = 0.06, 0.10, 0.25, 1
LANGS = {"zhen": "en", "ende": "de"}

Case = tuple[list[str], list[str], list[tuple[tuple[int, ...], tuple[int, ...]]], str]


def build_cases(data: Path) -> list[Case]:
    """Seeded (A, B, gold beads, language) documents; see the module docstring."""
    rng = random.Random(SEED)
    cases: list[Case] = []
    for pair, lang in LANGS.items():
        docs: dict[tuple[str, str], dict[int, dict]] = defaultdict(dict)
        with open(data / f"{pair}.dev.jsonl", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                docs[(row["doc"], row["system"])][row["seg_id"]] = row
        for key in sorted(docs):
            if rng.random() > SAMPLE:
                continue
            segs = [docs[key][i] for i in sorted(docs[key])]
            side_a = [r["hyp"] for r in segs]
            side_b: list[str] = []
            gold = []
            i = 0
            while i < len(segs):
                u = rng.random()
                if u < DROP:
                    gold.append(((i,), ()))
                    i += 1
                elif u < DROP + MERGE and i + 1 < len(segs):
                    gold.append(((i, i + 1), (len(side_b),)))
                    side_b.append(segs[i]["ref"] + " " + segs[i + 1]["ref"])
                    i += 2
                else:
                    gold.append(((i,), (len(side_b),)))
                    side_b.append(segs[i]["ref"])
                    i += 1
            cases.append((side_a, side_b, gold, lang))
    return cases


def run(cases: list[Case]) -> str:
    from transcheck.align import align_texts, score_beads

    # Warm-up (imports, caches) so the first timed row is not charged for it.
    side_a, side_b, _, lang = cases[0]
    align_texts(side_a, side_b, src_lang=lang, tgt_lang=lang, semantic="off")
    align_texts(side_a, side_b, semantic="off")
    rows = []
    for label, same in (("same language (default, rapidfuzz links)", True), ("no links", False)):
        golds, tests = [], []
        start = time.perf_counter()
        for side_a, side_b, gold, lang in cases:
            pair_lang = lang if same else None
            alignment = align_texts(
                side_a, side_b, src_lang=pair_lang, tgt_lang=pair_lang, semantic="off"
            )
            golds.append(gold)
            tests.append([(b.src, b.tgt) for b in alignment.beads])
        seconds = time.perf_counter() - start
        s = score_beads(golds, tests)
        rows.append([label, s.strict_p, s.strict_r, s.strict_f1, s.lax_f1, f"{seconds:.1f}"])
    return table(["run", "strict P", "strict R", "strict F1", "lax F1", "seconds"], rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="print, do not touch BENCHMARKS.md")
    args = parser.parse_args()
    data = shared_data_or_skip("mqm-ted-dev")
    cases = build_cases(data)
    result = run(cases)
    print(result)
    segments = sum(len(c[0]) for c in cases)
    body = (
        f"{len(cases)} documents ({segments} segments; English and German) built from "
        "`../shared/data/mqm-ted-dev`: MT output against its human reference with 6% of "
        "the reference segments dropped and 10% of adjacent pairs merged (seeded). "
        "Gold is known by construction. The second row aligns the same documents without "
        "telling the aligner they share a language (so no rapidfuzz spelling-variant "
        'links). Both rows use the lexical aligner (`semantic="off"`): embedding these '
        "documents cold would take tens of minutes on the shared machine; the seed "
        "against its alternate with embeddings is checked by tests/test_align.py.\n\n"
        f"{result}"
    )
    if not args.no_write:
        write_section(
            "align-same-language",
            "Sentence alignment, same language (MT output vs reference)",
            body,
            ".venv/bin/python bench/align_same_language.py",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

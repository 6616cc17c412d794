"""Alignment quality on Bleualign dev (German-French) and speed at 10k/20k/100k sentences.

Quality: strict and lax P/R/F1 as ../shared/data/bleualign-dev/README.md
defines them, with no lexicon and with the FreeDict German-French
dictionaries (deu-fra, plus fra-deu read backwards) when installed; strict
precision of beads with confidence >= 0.5 against < 0.5.
Speed: the dev set repeated to N source sentences (target repeated in step),
each size in its own subprocess pinned to one BLAS thread, so peak RSS is per
size; the repeated gold is scored too, to show the banded search stays on
the path.

Run: .venv/bin/python bench/align_bleualign.py [--sizes 10000,20000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import shared_data_or_skip, table, write_section

FREEDICT = Path("/usr/share/dictd")
ONE_THREAD = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


def _load(dev: Path) -> tuple[list[str], list[str], list]:
    from transcheck.align import read_beads

    de = (dev / "dev.de").read_text(encoding="utf-8").split("\n")[:-1]
    fr = (dev / "dev.fr").read_text(encoding="utf-8").split("\n")[:-1]
    return de, fr, read_beads(dev / "dev.defr")


def _lexicon():
    from transcheck.align import load_lexicon

    forward = FREEDICT / "freedict-deu-fra.index"
    backward = FREEDICT / "freedict-fra-deu.index"
    if not forward.exists() or not backward.exists():
        return None
    return load_lexicon(forward).merge(load_lexicon(backward, reverse=True))


def quality(dev: Path) -> tuple[str, dict[str, float]]:
    from transcheck.align import align_texts, score_beads

    de, fr, gold = _load(dev)
    gold_set = set(gold)
    rows = []
    results: dict[str, float] = {}
    runs = [("no lexicon", None, "off")]
    lexicon = _lexicon()
    if lexicon is not None:
        runs.append(("FreeDict de-fr", lexicon, "off"))
    runs.append(("semantic (e5), no lexicon", None, "on"))
    if lexicon is not None:
        runs.append(("semantic (e5), FreeDict de-fr", lexicon, "on"))
    for name, lex, semantic in runs:
        for bootstrap in (False, True):
            start = time.perf_counter()
            alignment = align_texts(de, fr, lexicon=lex, bootstrap=bootstrap, semantic=semantic)
            seconds = time.perf_counter() - start
            test = [(b.src, b.tgt) for b in alignment.beads]
            s = score_beads([gold], [test])
            high = [(b.src, b.tgt) in gold_set for b in alignment.beads if b.confidence >= 0.5]
            low = [(b.src, b.tgt) in gold_set for b in alignment.beads if b.confidence < 0.5]
            label = f"{name}, {'bootstrap' if bootstrap else 'one pass'}"
            if alignment.method != ("semantic" if semantic == "on" else "lexical"):
                label += f" (ran {alignment.method}: {' '.join(alignment.warnings)})"
            rows.append(
                [
                    label,
                    s.strict_p,
                    s.strict_r,
                    s.strict_f1,
                    s.lax_p,
                    s.lax_r,
                    s.lax_f1,
                    f"{sum(high) / max(1, len(high)):.3f} (n={len(high)})",
                    f"{sum(low) / max(1, len(low)):.3f} (n={len(low)})" if low else "- (n=0)",
                    f"{seconds:.2f}",
                ]
            )
            results[label] = s.strict_f1
    headers = [
        "run", "strict P", "strict R", "strict F1", "lax P", "lax R", "lax F1",
        "strict P, conf>=0.5", "strict P, conf<0.5", "seconds",
    ]  # fmt: skip
    body = table(headers, rows)
    if lexicon is None:
        body += "\n\nFreeDict de-fr is not installed: the lexicon rows are missing."
    return body, results


def _halves(de: list[str], fr: list[str], gold: list) -> list[tuple[list[str], list[str], list]]:
    """Dev cut in two at the linked gold bead nearest the middle (ids renumbered)."""
    k = len(gold) // 2
    while not (gold[k][0] and gold[k][1]):
        k += 1
    si, ti = gold[k][0][0], gold[k][1][0]
    second = [(tuple(i - si for i in s), tuple(j - ti for j in t)) for s, t in gold[k:]]
    return [(de[:si], fr[:ti], gold[:k]), (de[si:], fr[ti:], second)]


def ablation(dev: Path) -> str:
    """Strict F1 of the two newest cost choices switched off, on all of dev and on each
    half: a choice that only fits one stretch of the file would show as a split verdict."""
    from transcheck.align import align_texts, score_beads
    from transcheck.align.costs import CostParams

    de, fr, gold = _load(dev)
    parts = [(de, fr, gold), *_halves(de, fr, gold)]
    lexicons = [("no lexicon", None)]
    lexicon = _lexicon()
    if lexicon is not None:
        lexicons.append(("FreeDict de-fr", lexicon))
    configs = [
        ("default (max-bead 5, plain lines 0.7, debris 0.4 of a skip)", 5, CostParams()),
        ("no debris or heading rule", 5, CostParams(debris_skip=None, heading_words=0)),
        ("max-bead 4", 4, CostParams()),
        ("no plain-line discount", 5, CostParams(plain_skip=1.0)),
        ("max-bead 4, no discounts (old default)", 4, CostParams(plain_skip=1.0)),
    ]
    rows = []
    for label, max_bead, params in configs:
        for lex_name, lex in lexicons:
            f1 = []
            for src, tgt, g in parts:
                alignment = align_texts(
                    src, tgt, lexicon=lex, max_bead=max_bead, params=params, semantic="off"
                )
                f1.append(score_beads([g], [[(b.src, b.tgt) for b in alignment.beads]]).strict_f1)
            rows.append([label, lex_name, *f1])
    return table(["configuration", "lexicon", "strict F1 dev", "first half", "second half"], rows)


BUCKETS = [(0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 1.01)]


def semantic_detail(dev: Path) -> str:
    """The default semantic run: strict F1 on each half of dev aligned on its own, and
    strict precision of linked beads by confidence bucket (all of dev)."""
    from transcheck.align import align_texts, score_beads

    de, fr, gold = _load(dev)
    parts = [("all of dev", de, fr, gold)]
    parts += [(f"half {k + 1}", *h) for k, h in enumerate(_halves(de, fr, gold))]
    rows = []
    for name, src, tgt, g in parts:
        alignment = align_texts(src, tgt, semantic="on")
        beads = [(b.src, b.tgt, b.confidence) for b in alignment.beads]
        f1 = score_beads([g], [[(x, y) for x, y, _ in beads]]).strict_f1
        gs = set(g)
        cells = []
        for lo, hi in BUCKETS:
            hits = [(x, y) in gs for x, y, c in beads if x and y and lo <= c < hi]
            cells.append(f"{sum(hits) / len(hits):.3f} (n={len(hits)})" if hits else "- (n=0)")
        high = [(x, y) in gs for x, y, c in beads if x and y and c >= 0.8]
        cells.append(f"{sum(high) / max(1, len(high)):.3f} (n={len(high)})")
        rows.append([name, f1, *cells])
    headers = ["part", "strict F1", *(f"P, conf {lo}-{min(hi, 1.0)}" for lo, hi in BUCKETS)]
    return table([*headers, "P, conf >= 0.8"], rows)


def designs(dev: Path) -> str:
    """Strict F1 of the semantic aligner's design variants (issue #14, round 5), on all
    of dev and on each half aligned on its own. Each row changes one thing from the
    default (both refinement passes of refine.py, passage prefix, random-sample
    normalisation)."""
    from dataclasses import replace

    from transcheck.align import align_texts, api, refine, score_beads, semantic

    de, fr, gold = _load(dev)
    parts = [(de, fr, gold), *_halves(de, fr, gold)]
    base = api.SEMANTIC_PARAMS
    configs: list[tuple[str, dict]] = [
        ("default: crossing merges + lone-line absorption", {}),
        ("no refinement (the search's path, as before this round)", {"refine": ()}),
        ("crossing merges only", {"refine": ("cross",)}),
        ("lone-line absorption only", {"refine": ("absorb",)}),
        ("absorption limit 0.10 (default 0.15)", {"limit": 0.10}),
        ("absorption limit 0.20", {"limit": 0.20}),
        ("crossing margin 0.05 (default 0.02)", {"margin": 0.05}),
        ("e5 'query: ' prefix on both sides", {"prefix": "query"}),
        ("mean of the passage and query embeddings", {"prefix": "both"}),
        ("spread = mean distance to the 10 nearest runs (margin criterion)", {"knn": 10}),
        ("merge prior halved after weak line ends (: ; initials)", {"weak_join": 0.5}),
        ("embedding weight 0.35 (default 0.3)", {"w_sem": 0.35}),
        ("skip cost 0.55 (default 0.45)", {"skip": 0.55}),
    ]
    saved = (api.REFINE, semantic.PREFIX, semantic.MARGIN_K)
    saved_defaults = (refine.absorb_orphans.__defaults__, refine.crossing_merges.__defaults__)
    rows = []
    try:
        for label, change in configs:
            api.REFINE = change.get("refine", saved[0])
            semantic.PREFIX = change.get("prefix", saved[1])
            semantic.MARGIN_K = change.get("knn", saved[2])
            refine.absorb_orphans.__defaults__ = (change.get("limit", refine.ABSORB_MAX),)
            refine.crossing_merges.__defaults__ = (change.get("margin", refine.CROSS_MARGIN),)
            fields = {k: v for k, v in change.items() if k in ("weak_join", "w_sem", "skip")}
            params = replace(base, **fields)
            f1 = []
            for src, tgt, g in parts:
                alignment = align_texts(src, tgt, semantic="on", params=params)
                f1.append(score_beads([g], [[(b.src, b.tgt) for b in alignment.beads]]).strict_f1)
            rows.append([label, *f1])
            print(label, f1, flush=True)
    finally:
        api.REFINE, semantic.PREFIX, semantic.MARGIN_K = saved
        refine.absorb_orphans.__defaults__, refine.crossing_merges.__defaults__ = saved_defaults
    return table(["design (semantic, no lexicon)", "strict F1 dev", "half 1", "half 2"], rows)


def speed_one(dev: Path, size: int) -> dict[str, float]:
    """Runs in a subprocess: align the dev set repeated to ``size`` source sentences."""
    from transcheck.align import align_texts, score_beads

    de, fr, gold = _load(dev)
    copies = -(-size // len(de))
    src = (de * copies)[:size]
    full_copies = size // len(de)
    tgt = fr * full_copies + fr[: round((size - full_copies * len(de)) * len(fr) / len(de))]
    gold_rep = [
        (tuple(i + k * len(de) for i in s), tuple(j + k * len(fr) for j in t))
        for k in range(full_copies)
        for s, t in gold
    ]
    cpu0 = time.process_time()
    start = time.perf_counter()
    alignment = align_texts(src, tgt, semantic="off")
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    covered = {
        b
        for b in ((b.src, b.tgt) for b in alignment.beads)
        if not b[0] or b[0][-1] < full_copies * len(de)
    }
    covered = {b for b in covered if not b[1] or b[1][-1] < full_copies * len(fr)}
    s = score_beads([gold_rep], [sorted(covered)])
    return {
        "src": len(src),
        "tgt": len(tgt),
        "wall": wall,
        "cpu": cpu,
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "strict_f1": s.strict_f1,
    }


def speed(sizes: list[int]) -> str:
    rows = []
    for size in sizes:
        env = {**os.environ, **ONE_THREAD}
        proc = subprocess.run(
            [sys.executable, __file__, "--speed-one", str(size)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if proc.returncode != 0:
            rows.append(
                [f"{size:,}", "failed", proc.stderr.strip().splitlines()[-1:], "", "", "", ""]
            )
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(
            [
                f"{r['src']:,} x {r['tgt']:,}",
                f"{r['wall']:.1f}",
                f"{r['cpu']:.1f}",
                f"{(r['src'] + r['tgt']) / r['cpu']:,.0f}",
                f"{r['rss']:.0f}",
                f"{r['strict_f1']:.3f}",
            ]
        )
    headers = [
        "sentences (de x fr)", "wall s", "CPU s", "sentences/CPU-s", "peak RSS MB",
        "strict F1 vs repeated gold",
    ]  # fmt: skip
    return table(headers, rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,20000,100000")
    parser.add_argument("--speed-one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="print, do not touch BENCHMARKS.md")
    args = parser.parse_args()
    dev = shared_data_or_skip("bleualign-dev")
    if args.speed_one:
        print(json.dumps(speed_one(dev, args.speed_one)))
        return 0
    quality_table, _ = quality(dev)
    print(quality_table, flush=True)
    detail_table = semantic_detail(dev)
    print(detail_table, flush=True)
    ablation_table = ablation(dev)
    print(ablation_table, flush=True)
    design_table = designs(dev)
    print(design_table, flush=True)
    speed_table = speed([int(s) for s in args.sizes.split(",") if s])
    print(speed_table)
    load = os.getloadavg()[0]
    body = (
        "Quality on `../shared/data/bleualign-dev` (468 German x 554 French lines, 422 gold "
        "beads), scored as its README defines (Sennrich & Volk 2011). Targets: strict F1 >= "
        "0.88 with a lexicon, >= 0.80 without; hunalign with FreeDict: 0.745 strict / 0.953 "
        "lax. The last two columns check that confidence means something: strict precision "
        "of the beads the aligner is sure of, against the ones it is not. With a lexicon, "
        "the one-pass run puts every dictionary translation of every word in the anchor "
        "bag; the bootstrap run (the default) keeps, for its second pass, only the "
        "translations that the first pass's confident 1-1 beads confirm (seen in two of "
        "them).\n\n"
        f"{quality_table}\n\n"
        "Semantic rows (`--semantic on`, issue #14): multilingual-e5-small embeddings of "
        "runs of 1-3 sentences, the normalised cosine cost taking 0.3 of the content cost, "
        "the search limited to the stretch between the first and last embedding anchors, "
        "then the two refinement passes of `align/refine.py` (crossing merges, lone "
        "prose lines joined to their bead; a bead they change gets margin 0, so a low "
        "confidence). Targets: strict F1 >= 0.93 (Bertalign with LaBSE 0.936 on the "
        "test set). The default run on each half of dev aligned on its own, and strict "
        "precision of linked beads by confidence bucket (target: >= 0.95 at confidence >= 0.8):\n\n"
        f"{detail_table}\n\n"
        "Designs tried for strict F1 >= 0.93 (issue #14, round 5). Error analysis of the "
        "default before this round (0.905; 24 regions of wrong beads): 7 were gold merges "
        "(2-2, 3-2, 3-3) that the search split into 1-1 beads because one line carries the "
        "end of its neighbour's content, mostly after a sentence boundary the splitter "
        "missed (`250 m. Six heures`, `camp IV. Tout`); 5 were a sentence or debris line "
        "left unaligned beside the bead that translates it; 4 were merges that gold "
        "splits; 6 were shifted boundaries inside a 2-3 bead window; 2 cannot be scored "
        "right (gold leaves fr 94 and fr 371 out of every bead, and links 455/456 "
        "crosswise). Embedding costs do not separate the merges from the splits "
        "(cos of the merged bead against its parts overlaps for right and wrong merges, "
        "n=306 right adjacent pairs against 7 gold merges), so the two passes of "
        "`align/refine.py` use evidence the search does not see: the pieces of lines at "
        "missed boundaries (crossing merges), and how little a lone prose line raises "
        "its neighbour's embedding cost (absorption; of two neighbours, the one whose "
        "adjacent sentence it is closer to). Each half of dev is aligned on its own; "
        "thresholds are round values on a plateau (the same F1 for 0.15-0.20 and 0-0.02). "
        "Earlier rounds also tried a Bertalign-style two-step search with e5 (<= 0.837), "
        "weight grids and embedded 4-5 sentence runs. Not tried in a row here: a split "
        "pass (on dev the embedding cost rise of splitting a wrong merge, 0.20-0.43, lies "
        "inside that of right merges, 0.02-0.54).\n\n"
        f"{design_table}\n\n"
        "Ablation (bootstrap runs): the default allows beads of up to 5 sentences a side "
        "(6 in all; gold has 1-5, 2-5, 3-3 and 4-3 beads) and makes lines that are not "
        "running prose (fewer than two lower-case words: captions, headings, name lists, "
        "OCR debris, and short lines that do not end like a sentence: subheadings) cost 0.7 "
        "of a skip to leave unaligned, so a run of captions is not glued onto real "
        "sentences; lines of mere debris (no word of three letters, no number of three "
        "digits: `.....`, `24 a !`) cost 0.4. Each half of dev is aligned on its own.\n\n"
        f"{ablation_table}\n\n"
        "Speed: dev repeated to N source sentences, one subprocess per size (peak RSS per "
        "size), one BLAS thread, default options (two passes: bootstrap lexicon). CPU "
        "seconds are the fairer number: the machine is shared with other engineers and "
        f"the 1-minute load average was {load:.1f} on 2 cores when this ran, so wall times "
        "are inflated. The last column scores the repeated gold (complete copies only): "
        "it shows the coarse-to-fine band keeps the path at scale. Targets: 100k x 100k "
        "in < 60 s, < 1.5 GB; hunalign: 20 s and 740 MB for 20k x 20k.\n\n"
        f"{speed_table}"
    )
    if not args.no_write:
        write_section(
            "align",
            "Sentence alignment (Bleualign dev, German-French)",
            body,
            ".venv/bin/python bench/align_bleualign.py",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

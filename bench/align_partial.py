"""Partial overlap on Bleualign dev: an original that covers only part of the translation.

Cases built from ../shared/data/bleualign-dev (German-French), as issue #14 defines:
- cut: source = dev.de from 30% of its lines on, target = dev.fr up to 70%
  (the overlap is the middle 40%: the target has a lead of its own, the
  source an ending of its own);
- middle block removed: whole files, with the middle 20% of the target lines
  (40%-60%) removed (a dropped stretch of paragraphs);
- swapped: the cut case with the languages' roles swapped (source = French
  from 30%, target = German up to 70%).
Gold: the gold beads that lie wholly inside both kept ranges, renumbered;
every other kept sentence (its counterpart was cut away) is a gold 1-0 or
0-1 bead, which is what a correct alignment says about it. Scored as the
Bleualign README defines; "linked" columns score only the beads that link
both sides (the skips left out of precision too), which does not depend on
that choice. The coverage column checks the reported span of the target
that the source covers against the gold one.

Run: .venv/bin/python bench/align_partial.py [--no-write]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import shared_data_or_skip, table, write_section

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]
Case = tuple[str, list[str], list[str], list[BeadIds]]


def _load(dev: Path) -> tuple[list[str], list[str], list[BeadIds]]:
    from transcheck.align import read_beads

    de = (dev / "dev.de").read_text(encoding="utf-8").split("\n")[:-1]
    fr = (dev / "dev.fr").read_text(encoding="utf-8").split("\n")[:-1]
    return de, fr, read_beads(dev / "dev.defr")


def restrict(
    src: list[str], tgt: list[str], gold: list[BeadIds], keep_src: list[int], keep_tgt: list[int]
) -> tuple[list[str], list[str], list[BeadIds]]:
    """Keep the given lines of each side; gold as the module docstring says."""
    s_new = {old: new for new, old in enumerate(keep_src)}
    t_new = {old: new for new, old in enumerate(keep_tgt)}
    out: list[BeadIds] = []
    linked_s: set[int] = set()
    linked_t: set[int] = set()
    for s, t in gold:
        if all(i in s_new for i in s) and all(j in t_new for j in t):
            out.append((tuple(s_new[i] for i in s), tuple(t_new[j] for j in t)))
            linked_s.update(s)
            linked_t.update(t)
    out += [((s_new[i],), ()) for i in keep_src if i not in linked_s]
    out += [((), (t_new[j],)) for j in keep_tgt if j not in linked_t]
    out.sort(key=lambda b: (min(b[0], default=10**9), min(b[1], default=10**9)))
    return [src[i] for i in keep_src], [tgt[j] for j in keep_tgt], out


def build_cases(de: list[str], fr: list[str], gold: list[BeadIds]) -> list[Case]:
    n, m = len(de), len(fr)
    cases: list[Case] = []
    s, t, g = restrict(de, fr, gold, list(range(int(0.3 * n), n)), list(range(int(0.7 * m))))
    cases.append(("cut: de from 30%, fr up to 70%", s, t, g))
    lo, hi = int(0.4 * m), int(0.6 * m)
    s, t, g = restrict(de, fr, gold, list(range(n)), [j for j in range(m) if not lo <= j < hi])
    cases.append(("middle 20% of fr removed", s, t, g))
    swapped = [(b, a) for a, b in gold]
    s, t, g = restrict(fr, de, swapped, list(range(int(0.3 * m), m)), list(range(int(0.7 * n))))
    cases.append(("swapped: fr from 30%, de up to 70%", s, t, g))
    return cases


def _linked(beads: list[BeadIds]) -> list[BeadIds]:
    return [b for b in beads if b[0] and b[1]]


def run_cases(cases: list[Case], semantic: str) -> list[list[object]]:
    from transcheck.align import align_texts, score_beads

    rows: list[list[object]] = []
    for name, src, tgt, gold in cases:
        start = time.perf_counter()
        alignment = align_texts(src, tgt, semantic=semantic)
        seconds = time.perf_counter() - start
        test = [(b.src, b.tgt) for b in alignment.beads]
        full = score_beads([gold], [test])
        linked = score_beads([_linked(gold)], [_linked(test)])
        tgt_ids = [j for s, t in _linked(gold) for j in t]
        want = f"{min(tgt_ids)}-{max(tgt_ids)}" if tgt_ids else "-"
        got = alignment.tgt_covered
        rows.append(
            [
                name,
                alignment.method,
                f"{len(src)} x {len(tgt)}",
                full.strict_p,
                full.strict_r,
                full.strict_f1,
                linked.strict_f1,
                full.lax_f1,
                f"{got[0]}-{got[1]}" if got else "-",
                want,
                f"{seconds:.1f}",
            ]
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="print, do not touch BENCHMARKS.md")
    args = parser.parse_args()
    dev = shared_data_or_skip("bleualign-dev")
    cases = build_cases(*_load(dev))
    rows = run_cases(cases, "on") + run_cases(cases, "off")
    headers = [
        "case", "aligner", "lines (src x tgt)", "strict P", "strict R", "strict F1",
        "strict F1 linked", "lax F1", "target covered", "gold", "seconds",
    ]  # fmt: skip
    body = table(headers, rows)
    print(body)
    text = (
        "Another outlet's version of an article covers only part of the translation. "
        "Built from Bleualign dev as `bench/align_partial.py` describes (cut: source from "
        "30% of its lines, target up to 70%; a middle 20% of the target removed; the cut "
        "with the sides swapped). Target: strict F1 >= 0.85 on the cut case (the lexical "
        "aligner before issue #14: ~0.02). Default options, no lexicon; `semantic` = "
        "multilingual-e5 bead costs with semi-global end gaps, `lexical` = "
        "`--semantic off`. Target covered: the span of target ids the source was "
        "reported to cover, against the gold span.\n\n" + body
    )
    if not args.no_write:
        write_section(
            "align-partial",
            "Partial overlap (Bleualign dev cut as in issue #14)",
            text,
            ".venv/bin/python bench/align_partial.py",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

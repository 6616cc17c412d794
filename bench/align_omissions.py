"""Omissions and additions found through the semantic aligner, by construction.

A sentence is deleted from one side of a document pair whose alignment is
known, and the QA units (analysis/units.scoring_units, what `score`, `check`
and the dashboard report) are read back: is the deleted sentence's
counterpart reported as an omission (translation sentence deleted) or an
addition (original sentence deleted)? Rows with and without the aligner's
loose-member test (align/refine.loose_members), which marks whole sentences
glued onto a neighbouring bead that the rest of the bead does not translate.
False alarms: omission/addition units on the intact pairs, where there are none
to find (Bleualign dev has real ones in its gold, counted apart; the seed
translation's two are its scraper residue, "source site-34" and "Leave a Reply").

Cases: the seed (original.de.txt against translation.en.txt and
alternate.en.txt; every sentence of a 1-1 bead of the intact alignment, both
directions) and Bleualign dev (German-French; every 8th gold 1-1 bead, the
French sentence deleted), all with `semantic="on"`.

Run: .venv/bin/python bench/align_omissions.py [--no-write]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import shared_data_or_skip, table, write_section
from transcheck.analysis.results import Unit
from transcheck.model import Alignment

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed-biden-putin"
BLEUALIGN_STEP = 8


def _units(alignment: Alignment, loose: bool) -> list[Unit]:
    from transcheck.analysis.units import scoring_units

    if not loose:
        alignment = replace(alignment, loose_src=(), loose_tgt=())
    return scoring_units(alignment.target, alignment.source, alignment, other_is_original=True)


def _found(alignment: Alignment, kind: str, ids: tuple[int, ...], loose: bool) -> bool:
    """Is there a ``kind`` unit holding ``ids`` (other-side ids for omissions)?"""
    for unit in _units(alignment, loose):
        held = unit.other_ids if kind == "omission" else unit.tgt_ids
        if unit.kind == kind and set(ids) <= set(held):
            return True
    return False


def _false_alarms(alignment: Alignment, loose: bool) -> int:
    return sum(u.kind in ("omission", "addition") for u in _units(alignment, loose))


def run_case(
    name: str,
    src: list[str],
    tgt: list[str],
    pairs: list[tuple[int, int]],
    directions: tuple[str, ...],
) -> tuple[list[list[object]], tuple[int, int]]:
    """Rows: (case, deletions, found with loose test, found without, seconds)."""
    from transcheck.align import align_texts

    rows: list[list[object]] = []
    intact = align_texts(src, tgt, semantic="on")
    alarms = (_false_alarms(intact, True), _false_alarms(intact, False))
    for direction in directions:
        hits = {True: 0, False: 0}
        start = time.perf_counter()
        for i, j in pairs:
            if direction == "omission":
                cut = align_texts(src, tgt[:j] + tgt[j + 1 :], semantic="on")
                ids: tuple[int, ...] = (i,)
            else:
                cut = align_texts(src[:i] + src[i + 1 :], tgt, semantic="on")
                ids = (j,)
            for loose in (True, False):
                hits[loose] += _found(cut, direction, ids, loose)
        seconds = time.perf_counter() - start
        n = len(pairs)
        rows.append(
            [
                f"{name}: {'translation' if direction == 'omission' else 'original'} sentence "
                f"deleted -> {direction}",
                n,
                f"{hits[True] / n:.3f} ({hits[True]})",
                f"{hits[False] / n:.3f} ({hits[False]})",
                f"{seconds / n:.2f}",
            ]
        )
    return rows, alarms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-write", action="store_true", help="print, do not touch BENCHMARKS.md")
    args = parser.parse_args()
    dev = shared_data_or_skip("bleualign-dev")
    from transcheck.align import align_texts, read_beads
    from transcheck.segment import split_sentences

    rows: list[list[object]] = []
    alarm_rows: list[list[object]] = []
    de = [s.text for s in split_sentences((SEED / "original.de.txt").read_text("utf-8"), "de")]
    for file in ("translation.en.txt", "alternate.en.txt"):
        en = [s.text for s in split_sentences((SEED / file).read_text("utf-8"), "en")]
        intact = align_texts(de, en, semantic="on")
        pairs = [(b.src[0], b.tgt[0]) for b in intact.beads if len(b.src) == 1 == len(b.tgt)]
        case_rows, alarms = run_case(f"seed {file}", de, en, pairs, ("omission", "addition"))
        rows += case_rows
        alarm_rows.append([f"seed {file}", 0, alarms[0], alarms[1]])
    bde = (dev / "dev.de").read_text(encoding="utf-8").split("\n")[:-1]
    bfr = (dev / "dev.fr").read_text(encoding="utf-8").split("\n")[:-1]
    gold = read_beads(dev / "dev.defr")
    ones = [(s[0], t[0]) for s, t in gold if len(s) == 1 == len(t)]
    case_rows, alarms = run_case("Bleualign dev", bde, bfr, ones[::BLEUALIGN_STEP], ("omission",))
    rows += case_rows
    real = sum(1 for s, t in gold if not s or not t)
    alarm_rows.append(["Bleualign dev", real, alarms[0], alarms[1]])
    headers = ["deletion", "cases", "found, loose test", "found, without", "s / case"]
    alarm_headers = ["intact pair", "real 1-0 / 0-1 in gold", "units, loose test", "units, without"]
    body = (
        "Is a deleted sentence reported? The deleted sentence's counterpart must come "
        "out as an omission (or addition) unit of the QA units. Beads themselves are the "
        "same in both columns (Bleualign strict F1 does not move); the loose test only "
        "tells the units which glued sentences to split off.\n\n"
        f"{table(headers, rows)}\n\nOmission and addition units on the intact pairs (the seed "
        'translation\'s two are its scraper residue, "source site-34" and "Leave a Reply", '
        "real additions):\n\n"
        f"{table(alarm_headers, alarm_rows)}"
    )
    print(body)
    if not args.no_write:
        write_section(
            "align-omissions",
            "Omissions and additions through the semantic aligner (deletions by construction)",
            body,
            ".venv/bin/python bench/align_omissions.py",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The Vecalign / Bleualign bead format, and the Bleualign scoring of beads.

A bead line is ``[0, 1]:[2]`` with an optional ``:cost``; ``[]:[5]`` is an
addition, ``[3]:[]`` an omission. Scoring follows Sennrich & Volk (2011) as
implemented in Vecalign's ``score.py``: precision over the distinct test beads
not empty on both sides (strict: the bead is in gold; lax: a target id of the
bead is linked in gold to one of its source ids); recall is the same with
gold and test swapped after dropping every bead empty on either side; counts
are summed over documents before dividing.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transcheck.errors import InputError

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]
_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?:\s*:\s*(-?[\d.eE+-]+|inf|nan))?\s*$")


def parse_bead(line: str) -> BeadIds | None:
    """``[0, 1]:[2]:0.153`` -> ((0, 1), (2,)); None when the line is not a bead."""
    match = _BEAD.match(line)
    if not match:
        return None
    src = tuple(int(x) for x in match.group(1).replace(",", " ").split())
    tgt = tuple(int(x) for x in match.group(2).replace(",", " ").split())
    return src, tgt


def read_beads(path: str | os.PathLike[str]) -> list[BeadIds]:
    """Read a bead file; InputError names the line of a malformed bead."""
    from transcheck.io.decode import read_text

    name = os.fspath(path)
    text, _, _ = read_text(name)
    beads: list[BeadIds] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        bead = parse_bead(line)
        if bead is None:
            raise InputError(name, "expected a bead like '[0, 1]:[2]'", line=number)
        beads.append(bead)
    return beads


@dataclass(frozen=True)
class BeadScores:
    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float


def _counts(gold: Iterable[BeadIds], test: Iterable[BeadIds]) -> tuple[int, int, int, int]:
    gold_set = {b for b in gold if b[0] or b[1]}
    test_set = {b for b in test if b[0] or b[1]}
    links: dict[int, set[int]] = defaultdict(set)
    for g_src, g_tgt in gold_set:
        for i in g_src:
            links[i].update(g_tgt)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for t_src, t_tgt in test_set:
        if (t_src, t_tgt) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        if any(j in links[i] for i in t_src for j in t_tgt):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def score_beads(
    gold_docs: Sequence[Sequence[BeadIds]], test_docs: Sequence[Sequence[BeadIds]]
) -> BeadScores:
    """Strict and lax P/R/F1 over several documents (counts summed first)."""
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(gold_docs, test_docs, strict=True):
        p = [x + y for x, y in zip(p, _counts(gold, test), strict=True)]
        gold_linked = [b for b in gold if b[0] and b[1]]
        test_linked = [b for b in test if b[0] and b[1]]
        r = [x + y for x, y in zip(r, _counts(test_linked, gold_linked), strict=True)]

    def ratio(tp: int, fp: int) -> float:
        return tp / (tp + fp) if tp + fp else 0.0

    sp, sr = ratio(p[0], p[1]), ratio(r[0], r[1])
    lp, lr = ratio(p[2], p[3]), ratio(r[2], r[3])
    return BeadScores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr))

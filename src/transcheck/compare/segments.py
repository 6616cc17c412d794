"""Segment-level comparison: win/tie/loss per pair and divergence hotspots.

Both work on one per-segment score per system (fidelity when available,
otherwise sentence chrF or consensus). A segment is a tie when the two
texts are identical or the scores differ by at most ``margin`` points.
Hotspots are the segments where the systems' scores spread the most; the
text disagreement (1 - mean pairwise rapidfuzz Indel similarity) breaks
ties and is reported alongside. Known limit: a hotspot says the systems
disagree there, not which of them is right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class WinTieLoss:
    """How often ``a`` beats, ties and loses to ``b`` on single segments."""

    a: str
    b: str
    wins: int
    ties: int
    losses: int

    def to_dict(self) -> dict[str, object]:
        return {"wins": self.wins, "ties": self.ties, "losses": self.losses}


@dataclass(frozen=True, slots=True)
class Hotspot:
    """A segment where the systems diverge: ``spread`` = best - worst score
    (points), ``disagreement`` 0..1 between their texts."""

    id: int
    spread: float
    disagreement: float
    best: str
    worst: str
    scores: dict[str, float]

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "spread": round(self.spread, 3),
            "disagreement": round(self.disagreement, 4),
            "best": self.best,
            "worst": self.worst,
            "scores": {k: round(v, 3) for k, v in self.scores.items()},
        }


def win_tie_loss(
    a: str,
    b: str,
    scores_a: np.ndarray,
    scores_b: np.ndarray,
    texts_a: Sequence[str],
    texts_b: Sequence[str],
    *,
    higher_is_better: bool = True,
    margin: float = 1.0,
) -> WinTieLoss:
    """Count segments where ``a`` is better, equal (within ``margin``) or worse."""
    delta = np.asarray(scores_a, dtype=np.float64) - np.asarray(scores_b, dtype=np.float64)
    if not higher_is_better:
        delta = -delta
    same = np.array([x == y for x, y in zip(texts_a, texts_b, strict=True)], dtype=bool)
    tie = same | (np.abs(delta) <= margin)
    wins = int(np.sum(~tie & (delta > 0)))
    losses = int(np.sum(~tie & (delta < 0)))
    return WinTieLoss(a, b, wins, int(np.sum(tie)), losses)


def disagreement(texts: Sequence[str]) -> float:
    """1 - mean pairwise normalised Indel similarity of the texts (0 = all equal)."""
    if len(texts) < 2:
        return 0.0
    from rapidfuzz import fuzz, process

    matrix = process.cdist(list(texts), list(texts), scorer=fuzz.ratio)
    n = len(texts)
    mean = (float(matrix.sum()) - float(np.trace(matrix))) / (n * (n - 1))
    return 1.0 - mean / 100.0


def hotspots(
    seg_scores: Mapping[str, np.ndarray],
    texts: Mapping[str, Sequence[str]],
    *,
    higher_is_better: bool = True,
    top: int = 10,
) -> list[Hotspot]:
    """The ``top`` segments with the largest spread of scores across systems."""
    names = list(seg_scores)
    if len(names) < 2:
        return []
    matrix = np.stack([np.asarray(seg_scores[n], dtype=np.float64) for n in names])
    spread = matrix.max(axis=0) - matrix.min(axis=0)
    # Rank by spread first; only compute text disagreement for candidates.
    candidates = np.argsort(-spread, kind="stable")[: max(top * 3, top)]
    rows: list[Hotspot] = []
    for idx in candidates:
        i = int(idx)
        column = matrix[:, i]
        best = int(np.argmax(column) if higher_is_better else np.argmin(column))
        worst = int(np.argmin(column) if higher_is_better else np.argmax(column))
        rows.append(
            Hotspot(
                i,
                float(spread[i]),
                disagreement([texts[n][i] for n in names]),
                names[best],
                names[worst],
                {n: float(matrix[k, i]) for k, n in enumerate(names)},
            )
        )
    rows.sort(key=lambda h: (-h.spread, -h.disagreement, h.id))
    return rows[:top]

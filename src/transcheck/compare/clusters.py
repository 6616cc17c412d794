"""Ranking clusters: systems that are not significantly different share a rank.

Systems are ordered by their primary score; walking down that order, a
system opens a new cluster when it is significantly different (p < alpha)
from the first (best) system of the current cluster. So every member of a
cluster is statistically indistinguishable from the cluster's head. Known
limit: this greedy rule depends on the order (as WMT's clusters do); two
members of one cluster can still differ significantly from each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Ranked:
    """A system's place: ``position`` is 1..n by score, ``rank`` its cluster's
    rank (1 for the best cluster), ``rank_range`` like ``"2-4"``."""

    name: str
    score: float
    position: int
    rank: int
    rank_range: str


def rank_clusters(
    scores: dict[str, float],
    p_value: Callable[[str, str], float],
    *,
    higher_is_better: bool = True,
    alpha: float = 0.05,
) -> list[Ranked]:
    """Order systems by score and group them into significance clusters.

    ``p_value(a, b)`` returns the p-value of the pair (symmetric). Ties in
    score keep the input order so results are deterministic.
    """
    names = list(scores)
    order = sorted(
        range(len(names)),
        key=lambda i: (-scores[names[i]] if higher_is_better else scores[names[i]], i),
    )
    ordered = [names[i] for i in order]
    clusters: list[list[str]] = []
    for name in ordered:
        if clusters and p_value(clusters[-1][0], name) >= alpha:
            clusters[-1].append(name)
        else:
            clusters.append([name])
    return _flatten(clusters, scores)


def _flatten(clusters: Sequence[Sequence[str]], scores: dict[str, float]) -> list[Ranked]:
    out: list[Ranked] = []
    position = 0
    for rank, members in enumerate(clusters, start=1):
        first, last = position + 1, position + len(members)
        span = str(first) if first == last else f"{first}-{last}"
        for name in members:
            position += 1
            out.append(Ranked(name, scores[name], position, rank, span))
    return out

"""The result types of ``compare_systems``; ``CompareResult.to_dict`` is the JSON output.

Views (``compare.views``, ``compare.html``) read these types; these types
never import a view.

Known limits: a ``CompareResult`` keeps every system's texts (for diffs on
demand), so it is as large as the inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transcheck import __version__
from transcheck.compare.diagnostics import BucketTable, NgramDiff
from transcheck.compare.diff import DiffOp, diff_tokens, edit_counts
from transcheck.compare.segments import Hotspot, WinTieLoss
from transcheck.metrics.resampling import PairTest


@dataclass(frozen=True, slots=True)
class SystemResult:
    """One system: corpus ``scores`` with 95% bootstrap ``ci`` per metric."""

    name: str
    scores: dict[str, float]
    ci: dict[str, tuple[float, float]]
    position: int
    rank: int
    rank_range: str
    fidelity: float | None = None
    flags: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "fidelity": None if self.fidelity is None else round(self.fidelity, 4),
            "rank": self.rank,
            "rank_range": self.rank_range,
            "position": self.position,
        }
        for metric, value in self.scores.items():
            lo, hi = self.ci.get(metric, (float("nan"), float("nan")))
            out[metric] = round(value, 4)
            out[f"{metric}_ci"] = [_round(lo), _round(hi)]
        if self.flags is not None:
            out["flags"] = self.flags
        return out


@dataclass(frozen=True, slots=True)
class PairResult:
    """Paired tests of ``a`` against ``b`` (delta = a - b) on every metric.

    ``diffs`` are word diffs a -> b of the segments where the two differ most
    on the primary metric: ``(segment id, edit operations)``.
    """

    a: str
    b: str
    tests: tuple[PairTest, ...]
    wtl: WinTieLoss
    significant: bool
    diffs: tuple[tuple[int, tuple[DiffOp, ...]], ...] = ()

    def test(self, metric: str) -> PairTest:
        for t in self.tests:
            if t.metric == metric:
                return t
        raise KeyError(metric)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "significant": self.significant,
            "tests": {t.metric: t.to_dict() for t in self.tests},
            "win_tie_loss": self.wtl.to_dict(),
            "diffs": [
                {"id": i, "ops": [op.to_dict() for op in ops if op.op != "equal"]}
                for i, ops in self.diffs
            ],
        }


@dataclass(frozen=True)
class CompareResult:
    """Everything ``compare_systems`` found; ``to_dict()`` is the JSON output.

    ``systems`` are in ranking order. The texts are kept so that views can
    build diffs on demand; ``to_dict`` only includes texts of hotspots.
    """

    names: tuple[str, ...]
    systems: tuple[SystemResult, ...]
    pairwise: tuple[PairResult, ...]
    primary: str
    higher_is_better: bool
    mode: str
    n_segments: int
    hotspots: tuple[Hotspot, ...]
    length: tuple[BucketTable, ...]
    frequency: BucketTable | None
    ngrams: tuple[NgramDiff, ...]
    signatures: dict[str, str]
    notes: tuple[str, ...]
    hyps: dict[str, list[str]] = field(repr=False)
    refs: list[list[str]] | None = field(repr=False)
    srcs: list[str] | None = field(repr=False)
    segment_scores: dict[str, dict[str, list[float]]] = field(repr=False)
    segment_flags: dict[str, list[Any]] | None = field(repr=False)
    alpha: float = 0.05
    tgt_lang: str | None = None
    src_lang: str | None = None
    # Whole-document figures per system (``--unit sentence``): the analysis
    # ``report`` gives for that system, before the cut into common units.
    documents: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    # Why ``primary`` ranks (transcheck.compare.ranking), one line.
    ranking: str = ""

    def system(self, name: str) -> SystemResult:
        for s in self.systems:
            if s.name == name:
                return s
        raise KeyError(name)

    def pair(self, a: str, b: str) -> PairResult:
        """The pair result oriented as ``a`` vs ``b`` (deltas flipped if needed)."""
        for p in self.pairwise:
            if (p.a, p.b) == (a, b):
                return p
            if (p.a, p.b) == (b, a):
                tests = tuple(
                    PairTest(t.metric, a, b, -t.delta, t.p_bootstrap, t.p_ar) for t in p.tests
                )
                wtl = WinTieLoss(a, b, p.wtl.losses, p.wtl.ties, p.wtl.wins)
                return PairResult(a, b, tests, wtl, p.significant, _flip(p.diffs))
        raise KeyError((a, b))

    @property
    def metrics(self) -> list[str]:
        return list(self.systems[0].scores) if self.systems else []

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": __version__,
            "mode": self.mode,
            "primary": self.primary,
            "ranking": {"metric": self.primary, "reason": self.ranking},
            "higher_is_better": self.higher_is_better,
            "alpha": self.alpha,
            "segments": self.n_segments,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "systems": [s.to_dict() for s in self.systems],
            "pairwise": [p.to_dict() for p in self.pairwise],
            "hotspots": hotspot_rows(self),
            "diagnostics": {
                "length": [t.to_dict() for t in self.length],
                "frequency": None if self.frequency is None else self.frequency.to_dict(),
                "ngrams": [n.to_dict() for n in self.ngrams],
            },
            "signatures": self.signatures,
            "notes": list(self.notes),
            **({"documents": self.documents} if self.documents else {}),
        }


def _flip(
    diffs: tuple[tuple[int, tuple[DiffOp, ...]], ...],
) -> tuple[tuple[int, tuple[DiffOp, ...]], ...]:
    """The same diffs seen from the other side (b -> a)."""
    swap = {"insert": "delete", "delete": "insert"}
    return tuple(
        (
            i,
            tuple(
                DiffOp(
                    swap.get(o.op, o.op), o.b_start, o.b_end, o.a_start, o.a_end, o.b_text, o.a_text
                )  # type: ignore[arg-type]
                for o in ops
            ),
        )
        for i, ops in diffs
    )


def _round(value: float, digits: int = 4) -> float | None:
    return None if value != value else round(value, digits)  # NaN -> null


def hotspot_rows(result: CompareResult) -> list[dict[str, Any]]:
    """Hotspots with every system's text, score, flags, and its diff against the
    segment's best system."""
    rows = []
    for h in result.hotspots:
        best_text = result.hyps[h.best][h.id]
        systems = []
        for name in result.names:
            text = result.hyps[name][h.id]
            entry: dict[str, Any] = {
                "name": name,
                "text": text,
                "score": round(h.scores[name], 3),
            }
            if name != h.best:
                ops = diff_tokens(best_text, text)
                entry["diff_vs_best"] = [op.to_dict() for op in ops if op.op != "equal"]
                entry["edits_vs_best"] = edit_counts(ops)
            if result.segment_flags is not None:
                flags = getattr(result.segment_flags[name][h.id], "flags", ())
                entry["flags"] = [f.to_dict() for f in flags]
            systems.append(entry)
        row = h.to_dict()
        row["source"] = result.srcs[h.id] if result.srcs is not None else None
        row["reference"] = result.refs[0][h.id] if result.refs else None
        row["systems"] = systems
        rows.append(row)
    return rows

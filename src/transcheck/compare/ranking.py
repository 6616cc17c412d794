"""Which score ranks the systems in ``compare``, and the reason, in one line.

Fidelity ranks in a mode only where the bench shows it orders systems at
least as well as chrF: the packaged fidelity weights carry the system
pairwise accuracy of each mode on the dev MQM sets (the corpus fidelity's,
as compare computes it, where present, else the leave-one-document-out
figure) and corpus chrF's on the same rows (bench/train_fidelity.py,
BENCHMARKS.md ``bench:mqm`` and ``bench:compare``). With a reference,
fidelity ranks when its pairwise accuracy is at least chrF's on every dev
set, else chrF ranks. Without a reference chrF cannot be computed, so
source-only fidelity ranks, and the reason quotes its weaker dev figures
beside chrF's.

Known limits: the evidence is the dev sets' (TED zh-en/en-de with a
reference, news zh-en source only); a language pair outside them is ranked
by the same rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# In order of preference when fidelity does not rank.
_FALLBACK = ("chrf", "consensus", "awkwardness")
_LABEL = {
    "fidelity": "fidelity",
    "chrf": "chrF",
    "consensus": "consensus",
    "awkwardness": "awkwardness",
}


@dataclass(frozen=True, slots=True)
class RankingChoice:
    """The ranking metric and the one-line reason shown in every output."""

    metric: str
    reason: str


def _evidence(mode: str) -> tuple[dict[str, float], dict[str, float]]:
    """(fidelity pairwise, chrF pairwise) per dev set for ``mode``; empty when
    the weights carry no evaluation."""
    try:
        from transcheck.metrics.fidelity import load_model

        model = load_model()
    except Exception:  # ConfigError, a missing optional module: no evidence
        return {}, {}
    fid = {k: float(v["pairwise"]) for k, v in model.evaluation.get(mode, {}).items()}
    # Where the weights carry it, the corpus fidelity's own order (the mean
    # of segment fidelity, what compare ranks by) is the evidence: it can be
    # weaker than the CV order of the linear predictor.
    for k, v in model.baselines.items():
        corpus = v.get("fidelity_corpus", {})
        if k in fid and mode in corpus:
            fid[k] = float(corpus[mode])
    # compare ranks by corpus chrF, which orders systems differently from
    # the mean of sentence chrF: weigh fidelity against the corpus figure
    # when the weights carry it.
    chrf = {
        k: float((v.get("chrf_corpus") or v["chrf"])["pairwise"])
        for k, v in model.baselines.items()
        if "chrf" in v
    }
    return fid, chrf


def _pairs(fid: dict[str, float], chrf: dict[str, float]) -> str:
    return ", ".join(f"{k} {fid[k]:.2f} vs {chrf[k]:.2f}" for k in fid if k in chrf)


def choose_ranking(available: Sequence[str], mode: str, fidelity_asked: bool) -> RankingChoice:
    """The metric that ranks and why (``mode``: reference, source, both, consensus).

    ``available`` are the metrics computed for every system; ``fidelity_asked``
    is False under ``--no-fidelity``. Raises ValueError when nothing can rank.
    """
    fallback = next((m for m in _FALLBACK if m in available), None)
    if fallback is None:
        fallback = next((m for m in available if m != "fidelity"), None)
    if "fidelity" not in available:
        if fallback is None:
            raise ValueError("no metric to rank by")
        why = "--no-fidelity" if not fidelity_asked else "fidelity is not available"
        return RankingChoice(fallback, f"ranked by {_LABEL.get(fallback, fallback)}: {why}")
    fid, chrf = _evidence(mode)
    compared = {k: v for k, v in fid.items() if k in chrf}
    if "chrf" in available and compared:
        if all(fid[k] >= chrf[k] for k in compared):
            return RankingChoice(
                "fidelity",
                f"ranked by fidelity: {mode}-mode fidelity orders the dev MQM systems at "
                f"least as well as chrF (pairwise accuracy {_pairs(fid, chrf)}; "
                "bench:mqm, bench:compare)",
            )
        return RankingChoice(
            "chrf",
            f"ranked by chrF: {mode}-mode fidelity orders the dev MQM systems below chrF "
            f"(pairwise accuracy {_pairs(fid, chrf)}; bench:mqm, bench:compare)",
        )
    if not fid:
        return RankingChoice(
            "fidelity", "ranked by fidelity: the fidelity weights carry no bench figures"
        )
    shown = ", ".join(f"{k} {v:.2f}" for k, v in fid.items())
    detail = f"source-only fidelity orders dev MQM system pairs {shown}"
    if compared:
        detail += f" (chrF with a reference: {_pairs(fid, chrf)})"
    return RankingChoice(
        "fidelity",
        f"ranked by fidelity: no reference, so chrF cannot rank; {detail}; "
        "a reference gives a firmer order",
    )

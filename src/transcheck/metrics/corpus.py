"""Score a list of hypotheses: sacrebleu metrics, fidelity, explanations, CIs.

``score_corpus`` is the one entry point for line-unit scoring; document mode
(``transcheck.analysis``) builds aligned units and calls it too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from transcheck.errors import ConfigError
from transcheck.metrics import resampling
from transcheck.metrics.base import FidelityMetric, MeanMetric
from transcheck.metrics.fidelity import fidelity_input, load_model
from transcheck.metrics.registry import METRICS, reference_scores
from transcheck.metrics.resampling import MetricStats
from transcheck.metrics.risk import source_risk
from transcheck.metrics.segment_limits import check_segment_sizes
from transcheck.model import SegmentScores


@dataclass(frozen=True, slots=True)
class CorpusScores:
    """Per-segment and corpus scores of one system.

    ``features``/``feature_values`` are the fidelity model's inputs (one row
    a segment), shown per segment as ``signals``.

    ``segments[i].scores`` holds the reference metrics of the registry
    (bleu, chrf, chrf++, ter and any registered one; with a reference);
    ``segments[i].fidelity`` is 0..100. ``details[i]`` is the
    structured explanation of segment i (signal, impact, message, spans into
    the hypothesis). ``corpus`` has the corpus scores and the mean fidelity,
    ``ci`` 95% bootstrap intervals, ``signatures`` how to reproduce each
    number, ``mode`` which fidelity model was used.
    """

    segments: list[SegmentScores]
    corpus: dict[str, float]
    ci: dict[str, tuple[float, float]]
    signatures: dict[str, str]
    mode: str
    details: list[list[dict[str, object]]] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    stats: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    features: tuple[str, ...] = ()
    feature_values: np.ndarray | None = field(default=None, repr=False)
    seed: int = resampling.DEFAULT_SEED
    bootstrap: int = resampling.DEFAULT_RESAMPLES
    # The sources, for the per-segment risk (a source-only prior shown apart
    # from fidelity, never part of it: transcheck.metrics.risk).
    srcs: Sequence[str] | None = field(default=None, repr=False)
    src_lang: str | None = None

    def segment_dict(self, i: int) -> dict[str, object]:
        """One segment as the ``score --format jsonl`` line (DESIGN.md)."""
        seg = self.segments[i]
        out: dict[str, object] = {"id": seg.id}
        for metric in METRICS:
            if metric in seg.scores:
                out[metric] = round(seg.scores[metric], 6)
        out["fidelity"] = None if seg.fidelity is None else round(seg.fidelity, 4)
        out["mode"] = self.mode
        out["explanation"] = self.details[i] if i < len(self.details) else []
        out["signals"] = self.signals(i)
        if self.srcs is not None and i < len(self.srcs):
            out["risk"] = source_risk(self.srcs[i], self.src_lang).to_dict()
        return out

    def signals(self, i: int) -> dict[str, float]:
        """The non-zero raw feature values of segment i (metrics excluded)."""
        if self.feature_values is None or i >= len(self.feature_values):
            return {}
        row = self.feature_values[i]
        return {
            name: round(float(value), 4)
            for name, value in zip(self.features, row, strict=True)
            if value and name not in METRICS
        }

    def to_dict(self) -> dict[str, object]:
        """The corpus summary (``score --format json``)."""
        return {
            "mode": self.mode,
            "segments": len(self.segments),
            # NaN (an empty corpus) is not JSON: it becomes null.
            "corpus": {k: None if v != v else round(v, 6) for k, v in self.corpus.items()},
            "ci": {k: [round(lo, 6), round(hi, 6)] for k, (lo, hi) in self.ci.items()},
            "signatures": dict(self.signatures),
            "explanation": list(self.explanation),
            "seed": self.seed,
            "bootstrap": self.bootstrap,
        }


def _fixed_fidelity(hyp: str, others: list[str], refs: list[str]) -> float | None:
    """Fidelity decided by rule, not by the model.

    Empty on one side only: 0; empty on both: 100; identical to a reference
    (ignoring surrounding and repeated whitespace): 100, since the reference
    is the gold standard the scores are relative to.
    """
    hyp_empty = not hyp.strip()
    other_empty = all(not o.strip() for o in others)
    if hyp_empty and other_empty:
        return 100.0
    if hyp_empty != other_empty:
        return 0.0
    words = hyp.split()
    if any(words == ref.split() for ref in refs):
        return 100.0
    return None


def score_corpus(
    hyps: Sequence[str],
    refs: Sequence[Sequence[str]] | None = None,
    srcs: Sequence[str] | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    seed: int = resampling.DEFAULT_SEED,
    bootstrap: int = resampling.DEFAULT_RESAMPLES,
    workers: int | None = None,
    embeddings: str = "off",
) -> CorpusScores:
    """Score hypotheses against reference streams and/or sources.

    ``refs`` is a list of reference streams, each parallel to ``hyps``;
    ``srcs`` the source segments. At least one is needed (ConfigError). The
    mode ("reference", "source", "both") says which fidelity weights were
    used. ``bootstrap`` resamples (0 = no intervals) use ``seed``.
    ``embeddings`` ("auto", "on", "off") adds the embedding cosine features
    (see ``metrics.fidelity``).

    Known limits: an empty hypothesis of a non-empty segment gets fidelity 0
    and the reverse (text added where there is nothing) too, by rule.
    """
    hyps = list(hyps)
    streams = [list(s) for s in refs] if refs else []
    if not streams and srcs is None:
        raise ConfigError(None, "scoring needs a reference (--ref) or a source (--src)")
    for k, stream in enumerate(streams):
        if len(stream) != len(hyps):
            raise ConfigError(
                None, f"reference {k + 1} has {len(stream)} segments, hypotheses have {len(hyps)}"
            )
    if srcs is not None and len(srcs) != len(hyps):
        raise ConfigError(None, f"source has {len(srcs)} segments, hypotheses have {len(hyps)}")
    resampling.check_resamples(bootstrap)
    check_segment_sizes(hyps, "hypothesis")
    for stream in streams:
        check_segment_sizes(stream, "reference")
    scores: dict[str, np.ndarray] = {}
    stats: dict[str, np.ndarray] = {}
    if streams:
        scores, stats = reference_scores(hyps, streams, workers=workers, tgt_lang=tgt_lang)
    fid = fidelity_input(
        hyps,
        ref_streams=streams or None,
        ref_scores=scores or None,
        srcs=list(srcs) if srcs is not None else None,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        embeddings=embeddings,
    )
    mode, names, x, evidence = fid.mode, fid.names, fid.x, fid.evidence
    model = load_model()
    fidelity = model.predict(fid.key, names, x) if len(hyps) else np.zeros(0)
    segments: list[SegmentScores] = []
    details: list[list[dict[str, object]]] = []
    for i, hyp in enumerate(hyps):
        others = [s[i] for s in streams] + ([srcs[i]] if srcs is not None else [])
        fixed = _fixed_fidelity(hyp, others, [stream[i] for stream in streams])
        items = model.explain(fid.key, x[i], evidence[i])
        if fixed is not None:
            fidelity[i] = fixed
            if fixed == 0.0:
                message = (
                    "empty translation of a non-empty segment"
                    if not hyp.strip()
                    else "text where the original/reference has none (addition)"
                )
                spans = [[0, len(hyp)]] if hyp.strip() else []
                items = [{"signal": "empty", "impact": -10.0, "message": message, "spans": spans}]
            else:
                items = []
        seg_scores = {m: float(scores[m][i]) for m in scores}
        details.append(items)
        segments.append(
            SegmentScores(
                id=i,
                scores=seg_scores,
                fidelity=float(fidelity[i]),
                explanation=tuple(str(item["message"]) for item in items),
            )
        )
    corpus: dict[str, float] = {m: METRICS[m].corpus_score(stats[m]) for m in stats}
    corpus["fidelity"] = float(fidelity.mean()) if len(hyps) else float("nan")
    ci = corpus_intervals(stats, fidelity, bootstrap, seed) if bootstrap and len(hyps) else {}
    resample_fields = {"bootstrap": bootstrap, "seed": seed}
    sigs = {
        m: with_fields(METRICS[m].signature(len(streams), tgt_lang=tgt_lang), resample_fields)
        for m in stats
    }
    fidelity_metric = METRICS["fidelity"]
    assert isinstance(fidelity_metric, FidelityMetric)
    sigs["fidelity"] = fidelity_metric.model_signature(
        mode=mode, nrefs=len(streams), has_source=srcs is not None,
        embeddings=fid.embeddings, model=dict(model.signature), bootstrap=bootstrap, seed=seed,
    )  # fmt: skip
    return CorpusScores(
        segments=segments,
        corpus=corpus,
        ci=ci,
        signatures=sigs,
        mode=mode,
        details=details,
        explanation=corpus_explanation(details),
        stats=stats,
        features=names,
        feature_values=x,
        seed=seed,
        bootstrap=bootstrap,
        srcs=srcs,
        src_lang=src_lang,
    )


def metric_stats(stats: dict[str, np.ndarray], fidelity: np.ndarray) -> list[MetricStats]:
    """The corpus's statistics as resampling inputs (reference metrics, then fidelity)."""
    out = [
        MetricStats(m, np.asarray(arr, np.float64), METRICS[m].scores_from_sums)
        for m, arr in stats.items()
    ]
    fid = METRICS["fidelity"]
    assert isinstance(fid, MeanMetric)
    out.append(MetricStats("fidelity", fid.stats_from_values(fidelity), fid.scores_from_sums))
    return out


def corpus_intervals(
    stats: dict[str, np.ndarray], fidelity: np.ndarray, bootstrap: int, seed: int
) -> dict[str, tuple[float, float]]:
    """95% bootstrap intervals, drawn and read exactly as ``compare`` does."""
    listed = metric_stats(stats, fidelity)
    samples = resampling.bootstrap_all({"corpus": listed}, len(fidelity), bootstrap, seed)
    return {
        ms.name: resampling.confidence_interval(scores)
        for ms, scores in zip(listed, samples["corpus"], strict=True)
    }


def with_fields(signature: str, fields: dict[str, object]) -> str:
    """``signature`` with ``key:value`` fields appended (sacrebleu's format)."""
    return "|".join([signature, *(f"{k}:{v}" for k, v in fields.items())])


def corpus_explanation(details: list[list[dict[str, object]]], top: int = 5) -> list[str]:
    """The signals that pull most segments down, with the segment ids."""
    impact: dict[str, float] = defaultdict(float)
    where: dict[str, list[int]] = defaultdict(list)
    for i, items in enumerate(details):
        for item in items:
            name = str(item["signal"])
            impact[name] += float(item["impact"])  # type: ignore[arg-type]
            where[name].append(i)
    lines = []
    for name in sorted(impact, key=lambda n: impact[n])[:top]:
        ids = where[name]
        shown = ", ".join(str(i) for i in ids[:10]) + (", ..." if len(ids) > 10 else "")
        lines.append(f"{name}: {len(ids)} segment(s) (ids {shown})")
    return lines

"""Scoring of one document's units: aligned units (sentence) or lines.

``score_units`` cuts the main alignment into units (``analysis.units``) and
scores them with ``metrics.score_corpus``; omissions and additions get
fidelity 0 and are explained as such. ``from_unit_scores`` and
``score_lines`` map the scores onto the translation's segments.

Known limits: a unit's scores are shared by all its translation segments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from transcheck.analysis.results import (
    DocumentScores,
    ScoreSummary,
    ScoreUnit,
    SideInfo,
    Unit,
)
from transcheck.analysis.units import aligned_text_by_target, scoring_units
from transcheck.metrics.corpus import CorpusScores, corpus_explanation, score_corpus
from transcheck.metrics.resampling import DEFAULT_RESAMPLES, DEFAULT_SEED
from transcheck.model import Alignment

ScoreRow = tuple[float | None, dict[str, float], tuple[str, ...]]


def score_units(
    tside: SideInfo,
    main: SideInfo,
    alignment: Alignment,
    aside: SideInfo | None,
    ref_alignment: Alignment | None,
    src_lang: str | None,
    tgt_lang: str | None,
    seed: int = DEFAULT_SEED,
    bootstrap: int = DEFAULT_RESAMPLES,
) -> DocumentScores:
    """Cut the main alignment into units and score them (omissions/additions fidelity 0)."""
    is_original = main.role == "original"
    references = None
    if is_original and aside is not None and ref_alignment is not None:
        references = aligned_text_by_target(aside.segments, ref_alignment)
    units = scoring_units(
        tside.segments, main.segments, alignment,
        other_is_original=is_original, references=references,
    )  # fmt: skip
    has_refs = not is_original or references is not None
    scores = score_corpus(
        [u.hyp for u in units],
        [[u.ref or "" for u in units]] if has_refs else None,
        [u.src or "" for u in units] if is_original else None,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        seed=seed,
        bootstrap=bootstrap,
    )
    _mark_residue(units, scores)
    return DocumentScores(units=units, scores=scores, alignment=alignment)


def _mark_residue(units: list[Unit], scores: CorpusScores) -> None:
    """Omissions and additions are explained as such, not by the model's signals."""
    for i, unit in enumerate(units):
        if unit.kind == "match":
            continue
        if unit.kind == "omission":
            message, spans = "omitted: no translation of this sentence", []
        else:
            message, spans = "added: this text has no counterpart", [[0, len(unit.hyp)]]
        scores.details[i][:] = [
            {"signal": unit.kind, "impact": -10.0, "message": message, "spans": spans}
        ]
        scores.segments[i] = replace(scores.segments[i], explanation=(message,))
    scores.explanation[:] = corpus_explanation(scores.details)


def from_unit_scores(
    ds: DocumentScores,
) -> tuple[dict[int, ScoreRow], ScoreSummary, tuple[ScoreUnit, ...]]:
    """Unit scores mapped onto the translation segments."""
    per_seg: dict[int, ScoreRow] = {}
    units = []
    for unit, seg_scores in zip(ds.units, ds.scores.segments, strict=True):
        row = _score_row(seg_scores)
        for seg_id in unit.tgt_ids:
            per_seg[seg_id] = row
        units.append(ScoreUnit(unit.kind, tuple(unit.tgt_ids), tuple(unit.other_ids), row[0]))
    explanation = _unit_explanation(ds.scores.details, units) or ds.scores.explanation
    return per_seg, _score_summary(ds.scores, explanation), tuple(units)


def score_lines(
    tside: SideInfo,
    sources: list[str] | None,
    refs: list[str] | None,
    src_lang: str | None,
    tgt_lang: str | None,
    seed: int,
    bootstrap: int,
) -> tuple[dict[int, ScoreRow], ScoreSummary]:
    """Line unit: each line scored against the line of the same number."""
    hyps = [s.text for s in tside.segments]
    result = score_corpus(
        hyps, [refs] if refs is not None else None, sources,
        src_lang=src_lang, tgt_lang=tgt_lang, seed=seed, bootstrap=bootstrap,
    )  # fmt: skip
    per_seg: dict[int, ScoreRow] = {}
    units = []
    for seg, seg_scores in zip(tside.segments, result.segments, strict=True):
        row = _score_row(seg_scores)
        per_seg[seg.id] = row
        units.append(ScoreUnit("match", (seg.id,), (), row[0]))
    explanation = _unit_explanation(result.details, units) or result.explanation
    return per_seg, _score_summary(result, explanation)


def _score_row(seg_scores: Any) -> ScoreRow:
    fidelity = seg_scores.fidelity
    return (
        float(fidelity) if fidelity is not None else None,
        {k: float(v) for k, v in dict(seg_scores.scores).items()},
        tuple(seg_scores.explanation),
    )


def _score_summary(result: CorpusScores, explanation: Sequence[str]) -> ScoreSummary:
    corpus = dict(result.corpus)
    fidelity = corpus.get("fidelity")
    return ScoreSummary(
        mode=result.mode,
        fidelity=float(fidelity) if fidelity is not None else None,
        corpus={k: float(v) for k, v in corpus.items()},
        ci={k: (float(v[0]), float(v[1])) for k, v in result.ci.items()},
        explanation=tuple(explanation),
        signatures=tuple(f"{k}: {v}" for k, v in result.signatures.items()),
    )


def _unit_explanation(
    details: Sequence[Sequence[dict[str, Any]]], units: list[ScoreUnit]
) -> list[str]:
    """Signals that pull fidelity down, naming translation segment ids (not unit ids)."""
    if len(details) != len(units):
        return []
    impact: dict[str, float] = {}
    where: dict[str, list[str]] = {}
    for unit, items in zip(units, details, strict=True):
        if unit.tgt_ids:
            label = ", ".join(str(i) for i in unit.tgt_ids)
        elif unit.other_ids:
            label = "original " + ", ".join(str(i) for i in unit.other_ids)
        else:
            label = "an omitted sentence"
        for item in items:
            name = str(item.get("signal", "?"))
            impact[name] = impact.get(name, 0.0) + float(item.get("impact", 0.0) or 0.0)
            where.setdefault(name, [])
            if label not in where[name]:
                where[name].append(label)
    lines = []
    for name in sorted(impact, key=lambda n: impact[n])[:5]:
        ids = where[name]
        shown = "; ".join(ids[:10]) + ("; ..." if len(ids) > 10 else "")
        lines.append(f"{name}: segments {shown}")
    return lines

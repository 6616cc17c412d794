"""Gate statistics for one document-unit file (a whole article).

The file goes through ``transcheck.analysis.analyze_document``, the same
analysis ``transcheck report``, ``score --unit sentence`` and the dashboard
show, so the gate and the report agree. A stage the analysis could not run
(named in its ``unavailable``) leaves its metrics missing, and a threshold on
a missing metric fails. Omitted source sentences and added sentences are
counted from the analysis's scoring units; the document's fidelity, BLEU,
chrF and TER are the analysis's corpus figures (fidelity already accounts
for omissions and additions), not means over sentences.

Known limits: only the first reference/alternate of a document is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from transcheck.analysis.run import analyze_document
from transcheck.execution.work import (
    PartitionResult,
    ScoringConfig,
    account_segment,
    apply_waivers,
    place_flag,
    segment_hash,
)
from transcheck.metrics.registry import METRICS
from transcheck.model import Flag


@dataclass(frozen=True, slots=True)
class DocumentInputs:
    translation: str
    source: str | None
    references: tuple[str, ...]


def analyze_document_file(
    inputs: DocumentInputs, config: ScoringConfig
) -> tuple[PartitionResult, list[str]]:
    """Statistics for one document under test; warnings for the user."""
    warnings: list[str] = []
    if len(inputs.references) > 1:
        warnings.append("only the first reference/alternate is used for a document")
    analysis = analyze_document(
        inputs.translation,
        original=inputs.source,
        alternate=inputs.references[0] if inputs.references else None,
        tgt_lang=config.tgt_lang,
        src_lang=config.src_lang,
        glossary=config.glossary,
        families=list(config.families) or None,
    )
    warnings.extend(analysis.warnings)
    for stage, reason in analysis.unavailable.items():
        warnings.append(f"stage {stage}: {reason}")
    result = PartitionResult()
    text = analysis.translation.document.text
    waivers = set(config.waivers)
    for row in analysis.rows:
        segment = row.segment
        scores = {k: float(v) for k, v in row.scores.items() if k in METRICS}
        if row.fidelity is not None:
            scores["fidelity"] = float(row.fidelity)
        seg_hash = segment_hash(segment.text)
        kept = apply_waivers(row.flags, seg_hash, waivers, result)
        account_segment(result, scores, float(row.awkwardness or 0.0), kept)
        line, column = _line_col(text, segment.start)
        _add_flags(result, kept, segment.text, line, column, seg_hash, config.max_flags)
    if analysis.alignment is not None and inputs.source:
        result.counts["omissions"] = len(analysis.omissions())
        result.counts["additions"] = len(analysis.additions())
    scores_summary = analysis.scores
    if scores_summary is not None:
        # The document-level figures of the analysis (fidelity already counts
        # omitted and added sentences; BLEU, chrF and TER are corpus scores of
        # the aligned units) are what the report shows, so the gate uses them.
        for name, value in scores_summary.corpus.items():
            if name not in METRICS or value != value:
                continue
            result.overrides[name] = float(value)
            if name in scores_summary.ci:
                lo, hi = scores_summary.ci[name]
                result.overrides[f"{name}_ci_lo"] = float(lo)
                result.overrides[f"{name}_ci_hi"] = float(hi)
    result.flags.sort(key=lambda f: (f.line, f.column, f.rule))
    return result, list(dict.fromkeys(warnings))


def _add_flags(
    result: PartitionResult,
    flags: Sequence[Flag],
    text: str,
    line: int,
    column: int,
    seg_hash: str,
    max_flags: int,
) -> None:
    for flag in flags:
        record = place_flag(flag, text, line, column, seg_hash)
        if len(result.flags) < max_flags:
            result.flags.append(record)
        else:
            result.flags_dropped += 1


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    newline = text.rfind("\n", 0, offset)
    return line, offset - newline - 1

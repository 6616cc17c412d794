"""Gate statistics for one document-unit file (a whole article).

When ``transcheck.pipeline.analyze_document`` is available (the same
analysis ``transcheck report`` and the dashboard show) it is used, so the
gate and the report agree; a stage the pipeline could not run (named in its
``unavailable``) leaves its metrics missing, and a threshold on a missing
metric fails.

Otherwise the analysis is composed here: the translation is split into
sentences, aligned with the source (when the corpus has one) and with each
reference/alternate, then every sentence is scored against its aligned
source and reference text and flagged. Omitted source sentences (1-0 beads)
are counted and enter the fidelity mean as segments of fidelity 0, so
dropping a sentence lowers fidelity; sentences with no source (0-1 beads)
are counted as additions.

Known limits: in an n-m bead every target sentence is scored against the
whole source side of the bead; without ``transcheck.align`` no source or
reference text is attached and omissions are not measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from transcheck.engine.adapters import SEGMENT_METRICS, flag_texts, score_segments
from transcheck.engine.work import (
    PartitionResult,
    ScoringConfig,
    account_segment,
    apply_waivers,
    glossary_for,
    place_flag,
    segment_hash,
)
from transcheck.io.readers import read_document
from transcheck.model import Alignment, Document, Flag, Segment
from transcheck.segment import segment_document


@dataclass(frozen=True, slots=True)
class DocumentInputs:
    translation: str
    source: str | None
    references: tuple[str, ...]


def _read(path: str, lang: str | None, warnings: list[str]) -> tuple[Document, list[Segment]]:
    doc = read_document(path, lang=lang)
    warnings.extend(doc.warnings)
    return doc, segment_document(doc, unit="sentence")


def _align(
    src: Sequence[Segment], tgt: Sequence[Segment], src_lang: str | None, tgt_lang: str | None
) -> Alignment | None:
    try:
        from transcheck.align import align_segments
    except ImportError:
        return None
    return align_segments(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)


def _side_texts(
    alignment: Alignment, n_target: int
) -> tuple[list[str], int, int, list[Segment]]:
    """Per target sentence, the joined text of its aligned source sentences;
    plus omission and addition counts and the omitted source segments."""
    by_id = {s.id: s for s in alignment.source}
    texts = [""] * n_target
    omissions = additions = 0
    omitted: list[Segment] = []
    for bead in alignment.beads:
        if bead.src and not bead.tgt:
            omissions += len(bead.src)
            omitted.extend(by_id[i] for i in bead.src)
            continue
        if bead.tgt and not bead.src:
            additions += len(bead.tgt)
            continue
        joined = " ".join(by_id[i].text for i in bead.src)
        for t in bead.tgt:
            if 0 <= t < n_target:
                texts[t] = joined
    return texts, omissions, additions, omitted


def analyze_document_file(
    inputs: DocumentInputs, config: ScoringConfig
) -> tuple[PartitionResult, list[str]]:
    """Statistics for one document under test; warnings for the user."""
    try:
        from transcheck.pipeline import analyze_document
    except ImportError:
        return _composed(inputs, config)
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
        scores = {k: float(v) for k, v in row.scores.items() if k in SEGMENT_METRICS}
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
    if scores_summary is not None and scores_summary.fidelity is not None:
        # The document-level fidelity of the metrics package (which already
        # accounts for omitted and added sentences) is what the report shows.
        result.overrides["fidelity"] = float(scores_summary.fidelity)
        if "fidelity" in scores_summary.ci:
            lo, hi = scores_summary.ci["fidelity"]
            result.overrides["fidelity_ci_lo"] = float(lo)
            result.overrides["fidelity_ci_hi"] = float(hi)
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


def _composed(
    inputs: DocumentInputs, config: ScoringConfig
) -> tuple[PartitionResult, list[str]]:
    warnings: list[str] = []
    doc, segments = _read(inputs.translation, config.tgt_lang, warnings)
    hyps = [s.text for s in segments]
    srcs: list[str] | None = None
    result = PartitionResult()
    omitted: list[Segment] = []
    if inputs.source:
        _, src_segments = _read(inputs.source, config.src_lang, warnings)
        alignment = _align(src_segments, segments, config.src_lang, config.tgt_lang)
        if alignment is None:
            warnings.append("transcheck.align is not available: source not aligned")
        else:
            srcs, omissions, additions, omitted = _side_texts(alignment, len(segments))
            result.bump("omissions", omissions)
            result.bump("additions", additions)
            result.counts.setdefault("omissions", 0)
            result.counts.setdefault("additions", 0)
    refs: list[list[str]] = []
    for ref_path in inputs.references:
        _, ref_segments = _read(ref_path, config.tgt_lang, warnings)
        alignment = _align(ref_segments, segments, config.tgt_lang, config.tgt_lang)
        if alignment is not None:
            refs.append(_side_texts(alignment, len(segments))[0])
    scores, notes = score_segments(
        hyps, refs or None, srcs, src_lang=config.src_lang, tgt_lang=config.tgt_lang,
        seed=config.seed,
    )
    outcomes, flag_notes = flag_texts(
        hyps, lang=config.tgt_lang, sources=srcs, src_lang=config.src_lang,
        glossary=glossary_for(config.glossary), families=config.families,
    )
    warnings.extend(notes + flag_notes)
    waivers = set(config.waivers)
    for segment, row, outcome in zip(segments, scores, outcomes, strict=True):
        seg_hash = segment_hash(segment.text)
        kept = apply_waivers(outcome.flags, seg_hash, waivers, result)
        account_segment(result, row, outcome.awkwardness, kept)
        line, column = _line_col(doc.text, segment.start)
        _add_flags(result, kept, segment.text, line, column, seg_hash, config.max_flags)
    if "fidelity" in result.counts_n:
        for _ in omitted:
            # A dropped sentence is a fully unfaithful part of the translation.
            result.add_metric("fidelity", 0.0)
            result.fidelity_values.append(0.0)
    result.flags.sort(key=lambda f: (f.line, f.column, f.rule))
    return result, warnings


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    newline = text.rfind("\n", 0, offset)
    return line, offset - newline - 1

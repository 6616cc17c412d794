"""``analyze_document``: read, segment once, align once per counterpart, score, flag, summarise.

Every entry point that looks at a whole document (``report``, ``score --unit
sentence``, document-unit ``check``, ``compare --unit sentence`` and the
dashboard) calls this, so they all see the same segments, alignment, scores
and flags. The translation is segmented once; each counterpart (the
original and/or an alternate translation) is segmented once and aligned to
it once. Sentence unit: the main alignment (with the original, else the
alternate) is cut into scoring units (``units.scoring_units``: beads with
scraper residue and untranslated sentences peeled off into additions and
omissions) and scored with ``score_corpus``. Line unit: the files are
line-aligned (line i with line i) and scored line by line.

A stage that fails (a missing optional dependency, a stage error, a bug)
leaves its place empty and ``unavailable[stage]`` says why: nothing is
invented, and the other stages still run.

Known limits: one document at a time, held in memory.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from transcheck import __version__
from transcheck.analysis.counterparts import prepare, run_stage
from transcheck.analysis.languages import DocInput
from transcheck.analysis.results import (
    DocumentAnalysis,
    DocumentScores,
    ScoreSummary,
    ScoreUnit,
    SegmentRow,
    SideInfo,
    SourceGuessInfo,
)
from transcheck.analysis.scoring import ScoreRow, from_unit_scores, score_lines, score_units
from transcheck.analysis.units import bead_index
from transcheck.checks import flag_segments, guess_source_language, load_glossary
from transcheck.errors import InputError
from transcheck.metrics.resampling import DEFAULT_RESAMPLES, DEFAULT_SEED
from transcheck.model import SEVERITIES, Alignment, Document, Flag

# Beads whose aligner confidence is below this are highlighted for a human.
LOW_CONFIDENCE = 0.5


def analyze_document(
    translation: DocInput,
    *,
    original: DocInput | None = None,
    alternate: DocInput | None = None,
    tgt_lang: str | None = None,
    src_lang: str | None = None,
    glossary: object | None = None,
    unit: str = "sentence",
    families: Sequence[str] | None = None,
    flag: bool = True,
    seed: int = DEFAULT_SEED,
    bootstrap: int = DEFAULT_RESAMPLES,
) -> DocumentAnalysis:
    """Analyse one translation against its original and/or an alternate.

    ``translation``/``original``/``alternate`` are paths or Documents;
    ``glossary`` is a path or an object from ``transcheck.checks.load_glossary``;
    ``unit`` is "sentence" (default) or "line". ``flag=False`` skips the
    checks and the source-language guess (``score`` needs numbers only);
    ``seed``/``bootstrap`` set the confidence intervals. Raises InputError
    for an unreadable or empty input.
    """
    parts = prepare(translation, original=original, alternate=alternate, tgt_lang=tgt_lang,
                    src_lang=src_lang, unit=unit)  # fmt: skip
    tside, oside, aside, main = parts.translation, parts.original, parts.alternate, parts.main
    alignment, ref_alignment = parts.alignment, parts.ref_alignment
    sources, refs = parts.sources, parts.refs
    unavailable, warnings = dict(parts.unavailable), list(parts.warnings)
    tgt = tside.language.lang
    src = oside.language.lang if oside else None

    unit_scores: DocumentScores | None = None
    units: tuple[ScoreUnit, ...] = ()
    seg_scores: dict[int, ScoreRow] = {}
    score_summary: ScoreSummary | None = None
    if main is None:
        unavailable["score"] = "no original or alternate given: nothing to score against"
    elif alignment is None:
        unavailable.setdefault("score", "not available: scoring needs the sentence alignment")
    elif unit == "sentence":
        unit_scores = run_stage("score", unavailable, lambda: score_units(
            tside, main, alignment, aside, ref_alignment, src, tgt, seed, bootstrap))  # fmt: skip
        if unit_scores is not None:
            seg_scores, score_summary, units = from_unit_scores(unit_scores)
    else:
        scored = run_stage("score", unavailable, lambda: score_lines(
            tside, sources, refs, src, tgt, seed, bootstrap))  # fmt: skip
        if scored is not None:
            seg_scores, score_summary = scored

    seg_flags: dict[int, tuple[float, tuple[Flag, ...]]] = {}
    guess = None
    if flag:
        terms = load_glossary(glossary) if isinstance(glossary, str | os.PathLike) else glossary
        seg_flags = run_stage("flag", unavailable, lambda: _flag(
            tside, parts.segment_sources(), parts.segment_refs(),
            alignment if oside is not None else None, src, tgt, terms, families,
        )) or {}  # fmt: skip
        guess = run_stage("source_guess", unavailable, lambda: _source_guess(tside, tgt))

    rows = _rows(tside, alignment, sources, refs, seg_scores, seg_flags)
    all_warnings = [*tside.document.warnings]
    for side in (oside, aside):
        if side:
            all_warnings.extend(side.document.warnings)
    if alignment is not None:
        all_warnings.extend(alignment.warnings)
    all_warnings.extend(warnings)
    partial = DocumentAnalysis(
        translation=tside,
        original=oside,
        alternate=aside,
        rows=rows,
        alignment=alignment,
        counterpart=main.role if main else None,
        scores=score_summary,
        source_guess=guess,
        summary={},
        signature=_signature(tside, oside, aside, unit),
        unavailable=unavailable,
        warnings=tuple(dict.fromkeys(all_warnings)),
        units=units,
        unit_scores=unit_scores,
    )
    return replace(partial, summary=summarize(partial))


def score_document(
    translation: Document,
    original: Document | None = None,
    alternate: Document | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    seed: int = DEFAULT_SEED,
    bootstrap: int = DEFAULT_RESAMPLES,
) -> DocumentScores:
    """The scored units of ``analyze_document`` (sentence unit, no checks)."""
    if original is None and alternate is None:
        raise InputError(None, "document scoring needs an original or an alternate translation")
    analysis = analyze_document(
        translation, original=original, alternate=alternate, tgt_lang=tgt_lang,
        src_lang=src_lang, flag=False, seed=seed, bootstrap=bootstrap,
    )  # fmt: skip
    if analysis.unit_scores is None:
        reason = analysis.unavailable.get("score") or analysis.unavailable.get("align", "")
        raise InputError(translation.path, f"could not be scored: {reason}")
    return analysis.unit_scores


def summarize(analysis: DocumentAnalysis) -> dict[str, Any]:
    """Headline numbers: the stable keys the CI gate and the Overview read.

    ``fidelity`` 0..100 (None when not scored), ``flags`` total,
    ``by_severity``/``by_category`` counts, ``awkwardness`` mean 0..1,
    ``omissions``/``additions``/``low_confidence`` bead counts.
    """
    rows = analysis.rows
    flags = [f for r in rows for f in r.flags]
    by_severity = {s: 0 for s in SEVERITIES}
    by_category: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    for f in flags:
        by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
        by_category[f.category] = by_category.get(f.category, 0) + 1
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    awk = [r.awkwardness for r in rows if r.awkwardness is not None]
    beads = analysis.alignment.beads if analysis.alignment else ()
    low = sum(1 for b in beads if b.src and b.tgt and b.confidence < LOW_CONFIDENCE)
    return {
        "segments": len(rows),
        "tgt_lang": analysis.translation.language.lang,
        "src_lang": analysis.original.language.lang if analysis.original else None,
        "counterpart": analysis.counterpart,
        "fidelity": analysis.scores.fidelity if analysis.scores else None,
        "score_mode": analysis.scores.mode if analysis.scores else None,
        "flags": len(flags),
        "flagged_segments": sum(1 for r in rows if r.flags),
        "by_severity": by_severity,
        "by_category": dict(sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_rule": dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
        "awkwardness": sum(awk) / len(awk) if awk else None,
        "beads": len(beads),
        "omissions": len(analysis.omissions()),
        "additions": len(analysis.additions()),
        "low_confidence": low,
        "source_guess": analysis.source_guess.lang if analysis.source_guess else None,
    }


# --- sides and stages ---------------------------------------------------------


# --- checks -----------------------------------------------------------------


def _flag(
    tside: SideInfo,
    sources: list[str] | None,
    alternates: list[str] | None,
    alignment: Alignment | None,
    src_lang: str | None,
    tgt_lang: str | None,
    glossary: object | None,
    families: Sequence[str] | None,
) -> dict[int, tuple[float, tuple[Flag, ...]]]:
    texts = [s.text for s in tside.segments]
    results = flag_segments(
        texts,
        lang=tgt_lang or "en",
        sources=sources,
        src_lang=src_lang,
        glossary=glossary,
        families=list(families) if families else None,
        alternates=alternates,
        alignment=alignment,
    )
    return {
        seg.id: (float(res.awkwardness), tuple(res.flags))
        for seg, res in zip(tside.segments, results, strict=True)
    }


def _source_guess(tside: SideInfo, tgt_lang: str | None) -> SourceGuessInfo:
    guess = guess_source_language([s.text for s in tside.segments], lang=tgt_lang or "en")
    evidence = guess.evidence or ()
    if isinstance(evidence, str):
        evidence = (evidence,)
    return SourceGuessInfo(
        lang=guess.lang,
        confidence=float(guess.confidence or 0.0),
        evidence=tuple(dict.fromkeys(str(e) for e in evidence)),
    )


def _rows(
    tside: SideInfo,
    alignment: Alignment | None,
    sources: list[str] | None,
    refs: list[str] | None,
    seg_scores: dict[int, ScoreRow],
    seg_flags: dict[int, tuple[float, tuple[Flag, ...]]],
) -> tuple[SegmentRow, ...]:
    bead_of = bead_index(alignment)
    rows = []
    for seg in tside.segments:
        bead_i = bead_of.get(seg.id)
        conf = alignment.beads[bead_i].confidence if alignment and bead_i is not None else None
        scores = seg_scores.get(seg.id)
        flags = seg_flags.get(seg.id)
        rows.append(
            SegmentRow(
                segment=seg,
                source=sources[seg.id] if sources is not None else None,
                reference=refs[seg.id] if refs is not None else None,
                bead=bead_i,
                confidence=conf,
                fidelity=scores[0] if scores else None,
                scores=scores[1] if scores else {},
                explanation=scores[2] if scores else (),
                awkwardness=flags[0] if flags else None,
                flags=flags[1] if flags else (),
            )
        )
    return tuple(rows)


def _signature(tside: SideInfo, oside: SideInfo | None, aside: SideInfo | None, unit: str) -> str:
    digest = hashlib.sha256()
    for side in (tside, oside, aside):
        digest.update(side.document.text.encode("utf-8") if side else b"\x00")
    return (
        f"name:transcheck-report|version:{__version__}|unit:{unit}"
        f"|tgt:{tside.language.lang or '-'}"
        f"|src:{(oside.language.lang if oside else None) or '-'}"
        f"|inputs:{digest.hexdigest()[:12]}"
    )

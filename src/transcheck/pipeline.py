"""Everything for one document: read, segment, langid, align, score, flag.

``analyze_document`` runs the whole chain on a translation and, optionally,
its original (another language) and/or an alternate translation (same
language), and returns a ``DocumentAnalysis``: plain frozen data that the
report renderers, the dashboard and the CI gate read.

The stages come from other modules (``align``, ``metrics``, ``checks``,
``langid``). The results of those modules are normalised here into small
dataclasses so that renderers do not depend on each module's result classes.
When a stage's module is not installed, its place in the analysis is empty and
``unavailable[stage]`` says why: nothing is invented.

Sentence unit: ``transcheck.metrics.score_document`` aligns the translation
with the original (else the alternate), peels scraper residue and untranslated
sentences off beads into additions/omissions (``units``) and scores them;
its alignment is reused here, so the report, ``transcheck score`` and the CI
gate agree. Line unit: the files are line-aligned (line i with line i) and
scored with ``score_corpus``.

Known limits: one document at a time, held in memory; with both an original
and an alternate the alternate is aligned a second time for the checks.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from transcheck import __version__
from transcheck.errors import InputError, TranscheckError
from transcheck.model import SEVERITIES, Alignment, Bead, Document, Flag, Segment

Role = Literal["original", "alternate"]
DocInput = str | os.PathLike[str] | Document
_T = TypeVar("_T")

# Beads whose aligner confidence is below this are highlighted for a human.
LOW_CONFIDENCE = 0.5
SEED_CORPUS_NAME = "seed-biden-putin"


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    """A document's language: ``lang`` as used, ``detected`` by langid."""

    lang: str | None
    detected: str | None = None
    confidence: float | None = None
    declared: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "detected": self.detected,
            "confidence": self.confidence,
            "declared": self.declared,
        }


@dataclass(frozen=True, slots=True)
class SideInfo:
    """One input document of the analysis and its segments."""

    role: str
    document: Document
    segments: tuple[Segment, ...]
    language: LanguageInfo

    def to_dict(self) -> dict[str, object]:
        return {
            "role": self.role,
            "path": self.document.path,
            "encoding": self.document.encoding,
            "language": self.language.to_dict(),
            "segments": len(self.segments),
        }


@dataclass(frozen=True, slots=True)
class SegmentRow:
    """One translation segment with everything known about it.

    ``source`` is the text of the counterpart segments aligned to it (None
    when there is no counterpart, "" for an addition); ``bead`` indexes
    ``DocumentAnalysis.alignment.beads``.
    """

    segment: Segment
    source: str | None = None
    reference: str | None = None
    bead: int | None = None
    confidence: float | None = None
    fidelity: float | None = None
    scores: dict[str, float] = field(default_factory=dict)
    explanation: tuple[str, ...] = ()
    awkwardness: float | None = None
    flags: tuple[Flag, ...] = ()

    def to_dict(self) -> dict[str, object]:
        seg = self.segment
        return {
            "id": seg.id,
            "text": seg.text,
            "start": seg.start,
            "end": seg.end,
            "paragraph": seg.paragraph,
            "source": self.source,
            "reference": self.reference,
            "bead": self.bead,
            "confidence": self.confidence,
            "fidelity": self.fidelity,
            "scores": dict(self.scores),
            "explanation": list(self.explanation),
            "awkwardness": self.awkwardness,
            "flags": [_flag_dict(f) for f in self.flags],
        }


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    """Corpus-level scores: ``mode`` is "source", "reference" or "both"."""

    mode: str
    fidelity: float | None
    corpus: dict[str, float] = field(default_factory=dict)
    ci: dict[str, tuple[float, float]] = field(default_factory=dict)
    explanation: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "mode": self.mode,
            "fidelity": self.fidelity,
            "corpus": dict(self.corpus),
            "ci": {k: list(v) for k, v in self.ci.items()},
            "explanation": list(self.explanation),
            "signatures": list(self.signatures),
        }


@dataclass(frozen=True, slots=True)
class ScoreUnit:
    """A scoring unit of document mode: a bead, or residue peeled off one.

    ``kind`` is "match", "omission" (counterpart ids only) or "addition"
    (translation ids only); ``other_ids`` index the counterpart's segments.
    """

    kind: str
    tgt_ids: tuple[int, ...]
    other_ids: tuple[int, ...]
    fidelity: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "tgt_ids": list(self.tgt_ids),
            "other_ids": list(self.other_ids),
            "fidelity": self.fidelity,
        }


@dataclass(frozen=True, slots=True)
class SourceGuessInfo:
    """Which language the translation was probably made from, and why."""

    lang: str | None
    confidence: float
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"lang": self.lang, "confidence": self.confidence, "evidence": list(self.evidence)}


@dataclass(frozen=True, slots=True)
class DocumentAnalysis:
    """The result of ``analyze_document``; ``to_dict()`` is its JSON form.

    ``unavailable`` maps a stage ("langid", "align", "score", "flag",
    "source_guess") to the reason it did not run; ``warnings`` are notes for
    the user (decoding, unexpected language, ...).
    """

    translation: SideInfo
    original: SideInfo | None
    alternate: SideInfo | None
    rows: tuple[SegmentRow, ...]
    alignment: Alignment | None
    counterpart: str | None
    scores: ScoreSummary | None
    source_guess: SourceGuessInfo | None
    summary: dict[str, Any]
    signature: str
    unavailable: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    units: tuple[ScoreUnit, ...] = ()

    @property
    def counterpart_side(self) -> SideInfo | None:
        return self.original if self.counterpart == "original" else self.alternate

    def omissions(self) -> list[Segment]:
        """Counterpart segments with no translation (1-0 beads or peeled units)."""
        side = self.counterpart_side
        if self.alignment is None or side is None:
            return []
        by_id = {s.id: s for s in side.segments}
        if self.units:
            ids = [i for u in self.units if u.kind == "omission" for i in u.other_ids]
        else:
            ids = [i for b in self.alignment.beads if not b.tgt for i in b.src]
        return [by_id[i] for i in ids if i in by_id]

    def additions(self) -> list[Segment]:
        """Translation segments with no counterpart (0-1 beads or peeled units)."""
        if self.alignment is None:
            return []
        by_id = {r.segment.id: r.segment for r in self.rows}
        if self.units:
            ids = [i for u in self.units if u.kind == "addition" for i in u.tgt_ids]
        else:
            ids = [i for b in self.alignment.beads if not b.src for i in b.tgt]
        return [by_id[i] for i in ids if i in by_id]

    def to_dict(self) -> dict[str, object]:
        alignment = None
        if self.alignment is not None:
            alignment = {
                "counterpart": self.counterpart,
                "beads": [
                    {
                        "src": list(b.src),
                        "tgt": list(b.tgt),
                        "kind": b.kind,
                        "cost": b.cost,
                        "confidence": b.confidence,
                    }
                    for b in self.alignment.beads
                ],
                "omissions": [s.id for s in self.omissions()],
                "additions": [s.id for s in self.additions()],
                "warnings": list(self.alignment.warnings),
            }
        return {
            "signature": self.signature,
            "translation": self.translation.to_dict(),
            "original": self.original.to_dict() if self.original else None,
            "alternate": self.alternate.to_dict() if self.alternate else None,
            "summary": self.summary,
            "scores": self.scores.to_dict() if self.scores else None,
            "source_guess": self.source_guess.to_dict() if self.source_guess else None,
            "alignment": alignment,
            "segments": [r.to_dict() for r in self.rows],
            "units": [u.to_dict() for u in self.units],
            "unavailable": dict(self.unavailable),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class SeedCorpus:
    """Paths of the embedded seed corpus (None when a file is missing)."""

    root: Path
    translation: Path
    original: Path | None
    alternate: Path | None
    glossary: Path | None
    tgt_lang: str = "en"
    src_lang: str = "de"

    def notes(self) -> list[str]:
        """The manifest's labels for its files (e.g. the original is a stand-in)."""
        manifest = self.root / "corpus.toml"
        if not manifest.is_file():
            return []
        try:
            from transcheck.gate.manifest import load_manifest

            loaded = load_manifest(manifest)
        except (ImportError, TranscheckError):
            return []
        return [
            f"{Path(str(f.path)).name}: {n}"
            for f in loaded.files
            if (n := getattr(f, "stand_in", None))
        ]


def find_seed_corpus() -> SeedCorpus:
    """Locate corpora/seed-biden-putin next to the package or in the cwd.

    Raises InputError naming the places looked at when it is absent (e.g. an
    installed wheel without the repository).
    """
    here = Path(__file__).resolve()
    candidates = [p / "corpora" / SEED_CORPUS_NAME for p in here.parents[:4]]
    candidates.append(Path.cwd() / "corpora" / SEED_CORPUS_NAME)
    for root in candidates:
        translation = root / "translation.en.txt"
        if translation.is_file():
            return SeedCorpus(
                root=root,
                translation=translation,
                original=_existing(root / "original.de.txt"),
                alternate=_existing(root / "alternate.en.txt"),
                glossary=_existing(root / "glossary.tsv"),
            )
    looked = ", ".join(str(c) for c in dict.fromkeys(candidates))
    raise InputError(
        f"corpora/{SEED_CORPUS_NAME}",
        f"seed corpus not found (looked in {looked}); give a TRANSLATION file",
    )


def _existing(path: Path) -> Path | None:
    return path if path.is_file() else None


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
) -> DocumentAnalysis:
    """Analyse one translation against its original and/or an alternate.

    ``translation``/``original``/``alternate`` are paths or Documents;
    ``glossary`` is a path or an object from ``transcheck.checks.load_glossary``;
    ``unit`` is "sentence" (default) or "line". Raises InputError for an
    unreadable or empty input; stages whose module is missing are skipped and
    named in ``unavailable``.
    """
    if unit not in ("sentence", "line"):
        raise InputError(None, f"unknown unit '{unit}', expected 'sentence' or 'line'")
    unavailable: dict[str, str] = {}
    warnings: list[str] = []
    tdoc = _as_document(translation, tgt_lang, "translation")
    tside = _side("translation", tdoc, tgt_lang, unit, unavailable, warnings)
    tgt = tside.language.lang
    oside = None
    if original is not None:
        odoc = _as_document(original, src_lang, "original")
        oside = _side("original", odoc, src_lang, unit, unavailable, warnings)
    aside = None
    if alternate is not None:
        adoc = _as_document(alternate, tgt, "alternate")
        aside = _side("alternate", adoc, tgt, unit, unavailable, warnings)
        _check_same_language(tside, aside, warnings)
    src = oside.language.lang if oside else None

    counterpart_side = oside or aside
    counterpart: str | None = counterpart_side.role if counterpart_side else None
    alignment = None
    docscored: tuple[Alignment, dict[int, ScoreRow], ScoreSummary, tuple[ScoreUnit, ...]] | None
    docscored = None
    if counterpart_side is not None:
        lang_a = src if oside else tgt
        if unit == "line":  # a count mismatch is the user's error: let it propagate
            alignment = _line_alignment(counterpart_side, tside, lang_a, tgt)
        else:
            # Document mode of transcheck.metrics aligns, peels residue off
            # beads and scores: the numbers `transcheck score` gives too.
            docscored = _run_stage(
                "score", unavailable, lambda: _score_document(tside, oside, aside, src, tgt)
            )
            if docscored is not None:
                alignment = docscored[0]
            else:
                alignment = _run_stage(
                    "align", unavailable, lambda: _align(counterpart_side, tside, lang_a, tgt)
                )
    ref_alignment = alignment if counterpart == "alternate" else None
    if oside is not None and aside is not None:
        if unit == "line":
            ref_alignment = _line_alignment(aside, tside, tgt, tgt)
        else:
            ref_alignment = _run_stage("align", unavailable, lambda: _align(aside, tside, tgt, tgt))

    sources = _counterpart_texts(tside, oside, alignment) if oside else None
    refs = _counterpart_texts(tside, aside, ref_alignment) if aside else None

    units: tuple[ScoreUnit, ...] = ()
    if docscored is not None:
        _, seg_scores, score_summary, units = docscored
    elif "score" in unavailable:
        seg_scores, score_summary = {}, None
    else:
        scored = _run_stage(
            "score",
            unavailable,
            lambda: _score(tside, oside, aside, alignment, sources, refs, src, tgt, unavailable),
        )
        seg_scores, score_summary = scored if scored is not None else ({}, None)
    terms = _load_glossary(glossary, unavailable)
    seg_flags = (
        _run_stage(
            "flag",
            unavailable,
            lambda: _flag(
                tside,
                _one_to_one(tside, alignment, sources),
                _one_to_one(tside, ref_alignment, refs),
                alignment if oside is not None else None,
                src,
                tgt,
                terms,
                families,
            ),
        )
        or {}
    )
    guess = _run_stage("source_guess", unavailable, lambda: _source_guess(tside, tgt))

    bead_of = _bead_index(alignment)
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
    analysis_rows = tuple(rows)
    all_warnings = [*tdoc.warnings]
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
        rows=analysis_rows,
        alignment=alignment,
        counterpart=counterpart,
        scores=score_summary,
        source_guess=guess,
        summary={},
        signature=_signature(tside, oside, aside, unit),
        unavailable=unavailable,
        warnings=tuple(dict.fromkeys(all_warnings)),
        units=units,
    )
    summary = summarize(partial)
    return DocumentAnalysis(**{**_fields(partial), "summary": summary})


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


# --- reading and languages ---------------------------------------------------


def _as_document(value: DocInput, lang: str | None, role: str) -> Document:
    if isinstance(value, Document):
        doc = value if value.lang or not lang else _with_lang(value, lang)
    else:
        from transcheck.io.readers import read_document

        doc = read_document(value, lang=lang)
    if not doc.text.strip():
        raise InputError(doc.path or f"<{role}>", f"the {role} is empty: nothing to analyse")
    return doc


def _with_lang(doc: Document, lang: str) -> Document:
    return Document(doc.text, lang, doc.path, doc.encoding, doc.warnings)


def _side(
    role: str,
    doc: Document,
    declared: str | None,
    unit: str,
    unavailable: dict[str, str],
    warnings: list[str],
) -> SideInfo:
    from transcheck.segment import segment_document

    segments = tuple(segment_document(doc, unit=unit))
    if not segments:
        raise InputError(doc.path or f"<{role}>", f"the {role} has no text segments")
    detected, conf = _detect(doc, unavailable)
    lang = declared or detected
    if (
        declared
        and detected
        and conf is not None
        and conf >= 0.9
        and _base(detected) != _base(declared)
    ):
        warnings.append(
            f"{doc.path or role}: expected language '{declared}' but the text looks like "
            f"'{detected}' (confidence {conf:.2f})"
        )
    if lang != doc.lang:
        doc = _with_lang(doc, lang) if lang else doc
    return SideInfo(role, doc, segments, LanguageInfo(lang, detected, conf, declared))


def _base(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def _detect(doc: Document, unavailable: dict[str, str]) -> tuple[str | None, float | None]:
    try:
        from transcheck.langid import detect_language
    except ImportError as exc:
        unavailable.setdefault("langid", _missing(exc))
        return None, None
    guess = detect_language(doc.text)
    lang = getattr(guess, "lang", None)
    conf = getattr(guess, "confidence", None)
    return lang, float(conf) if conf is not None else None


def _check_same_language(tside: SideInfo, aside: SideInfo, warnings: list[str]) -> None:
    a, b = tside.language.detected, aside.language.detected
    if a and b and _base(a) != _base(b) and (aside.language.confidence or 0) >= 0.9:
        warnings.append(
            f"{aside.document.path or 'alternate'}: the alternate translation looks like "
            f"'{b}' but the translation looks like '{a}': an alternate must be in the same language"
        )


# --- stages -----------------------------------------------------------------


def _missing(exc: ImportError) -> str:
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        return f"not available: {exc.name} is not installed in this build"
    return f"not available: {exc}"


def _run_stage(stage: str, unavailable: dict[str, str], func: Callable[[], _T]) -> _T | None:
    """Run ``func``; on failure the stage is marked unavailable with the reason.

    A missing module (a build without it), a TranscheckError from the stage
    or an unexpected exception (a bug) all leave the other stages running;
    the reason names the error so it is visible in every report.
    """
    try:
        return func()
    except ImportError as exc:
        unavailable.setdefault(stage, _missing(exc))
        return None
    except TranscheckError as exc:
        # The inputs were read fine, so a stage error (a bad rule pack, an
        # unsupported language) costs that stage only, not the whole report.
        unavailable.setdefault(stage, f"failed: {exc}")
        return None
    except Exception as exc:  # a bug in one stage must not lose the whole report
        unavailable.setdefault(
            stage, f"failed with an internal error (please report it): {type(exc).__name__}: {exc}"
        )
        return None


def _align(src: SideInfo, tgt: SideInfo, src_lang: str | None, tgt_lang: str | None) -> Alignment:
    from transcheck.align import align_segments

    return align_segments(src.segments, tgt.segments, src_lang=src_lang, tgt_lang=tgt_lang)


def _line_alignment(
    src: SideInfo, tgt: SideInfo, src_lang: str | None, tgt_lang: str | None
) -> Alignment:
    """Line unit means line-aligned files (MT evaluation convention): line i to line i."""
    if len(src.segments) != len(tgt.segments):
        raise InputError(
            src.document.path or src.role,
            f"line counts differ ({src.role}: {len(src.segments)} lines, "
            f"{tgt.role}: {len(tgt.segments)} lines); with --unit line the files must be "
            "line-aligned",
        )
    beads = tuple(
        Bead((a.id,), (b.id,), 0.0, 1.0) for a, b in zip(src.segments, tgt.segments, strict=True)
    )
    return Alignment(src.segments, tgt.segments, beads, src_lang, tgt_lang)


def _bead_index(alignment: Alignment | None) -> dict[int, int]:
    if alignment is None:
        return {}
    return {t: i for i, bead in enumerate(alignment.beads) for t in bead.tgt}


def _counterpart_texts(
    tside: SideInfo, other: SideInfo | None, alignment: Alignment | None
) -> list[str] | None:
    """For each translation segment, the joined counterpart text aligned to it."""
    if other is None or alignment is None:
        return None
    by_id = {s.id: s.text for s in other.segments}
    texts = {s.id: "" for s in tside.segments}
    for bead in alignment.beads:
        joined = " ".join(by_id[i] for i in bead.src if i in by_id)
        for t in bead.tgt:
            texts[t] = joined
    return [texts.get(s.id, "") for s in tside.segments]


ScoreRow = tuple[float | None, dict[str, float], tuple[str, ...]]


def _score(
    tside: SideInfo,
    oside: SideInfo | None,
    aside: SideInfo | None,
    alignment: Alignment | None,
    sources: list[str] | None,
    refs: list[str] | None,
    src_lang: str | None,
    tgt_lang: str | None,
    unavailable: dict[str, str],
) -> tuple[dict[int, ScoreRow], ScoreSummary | None]:
    if sources is None and refs is None:
        if oside is None and aside is None:
            reason = "no original or alternate given: nothing to score against"
        else:
            reason = "not available: scoring needs the sentence alignment"
        unavailable.setdefault("score", reason)
        return {}, None
    try:
        from transcheck.metrics import score_corpus
    except ImportError as exc:
        unavailable.setdefault("score", _missing(exc))
        return {}, None
    # Score bead by bead: a 2-1 bead is one unit, and a 1-0 omission is an
    # empty hypothesis against its source, which lowers corpus fidelity.
    units = _score_units(tside, oside, aside, alignment, sources, refs)
    hyps = [u[1] for u in units]
    result = score_corpus(
        hyps,
        refs=[[u[2] or "" for u in units]] if refs is not None else None,
        srcs=[u[3] or "" for u in units] if sources is not None else None,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
    )
    per_seg: dict[int, ScoreRow] = {}
    score_units = []
    for unit, seg_scores in zip(units, result.segments, strict=True):
        row = _score_row(seg_scores)
        for seg_id in unit[0]:
            per_seg[seg_id] = row
        score_units.append(ScoreUnit("match", unit[0], (), row[0]))
    details = getattr(result, "details", [])
    explanation = _unit_explanation(details, score_units) or list(_explanations(result))
    return per_seg, _score_summary(result, explanation)


def _score_document(
    tside: SideInfo,
    oside: SideInfo | None,
    aside: SideInfo | None,
    src_lang: str | None,
    tgt_lang: str | None,
) -> tuple[Alignment, dict[int, ScoreRow], ScoreSummary, tuple[ScoreUnit, ...]]:
    """transcheck.metrics.score_document, mapped onto the translation segments."""
    from transcheck.metrics import score_document

    ds = score_document(
        tside.document,
        oside.document if oside else None,
        aside.document if aside else None,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
    )
    mine = [(s.start, s.end) for s in tside.segments]
    theirs = [(s.start, s.end) for s in ds.alignment.target]
    if mine != theirs:
        # Both sides segment with transcheck.segment; a mismatch is a bug.
        raise InputError(
            tside.document.path, "document scoring segmented the translation differently"
        )
    result = ds.scores
    per_seg: dict[int, ScoreRow] = {}
    units = []
    for unit, seg_scores in zip(ds.units, result.segments, strict=True):
        row = _score_row(seg_scores)
        for seg_id in unit.tgt_ids:
            per_seg[seg_id] = row
        units.append(ScoreUnit(unit.kind, tuple(unit.tgt_ids), tuple(unit.other_ids), row[0]))
    explanation = _unit_explanation(getattr(result, "details", []), units)
    summary = _score_summary(result, explanation or list(_explanations(result)))
    return ds.alignment, per_seg, summary, tuple(units)


def _score_row(seg_scores: Any) -> ScoreRow:
    return (
        _opt_float(seg_scores.fidelity),
        {k: float(v) for k, v in dict(seg_scores.scores).items()},
        tuple(seg_scores.explanation),
    )


def _score_summary(result: Any, explanation: Sequence[str]) -> ScoreSummary:
    corpus = dict(result.corpus)
    return ScoreSummary(
        mode=str(getattr(result, "mode", "")),
        fidelity=_opt_float(corpus.get("fidelity")),
        corpus={k: float(v) for k, v in corpus.items() if _is_number(v)},
        ci={k: (float(v[0]), float(v[1])) for k, v in dict(getattr(result, "ci", {})).items()},
        explanation=tuple(explanation),
        signatures=tuple(_signature_strings(getattr(result, "signatures", ()))),
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


def _score_units(
    tside: SideInfo,
    oside: SideInfo | None,
    aside: SideInfo | None,
    alignment: Alignment | None,
    sources: list[str] | None,
    refs: list[str] | None,
) -> list[tuple[tuple[int, ...], str, str | None, str | None]]:
    """(translation ids, hypothesis, reference, source) per scoring unit.

    A unit is a bead of the main alignment; without one, a segment.
    """
    texts = {s.id: s.text for s in tside.segments}
    if alignment is None:
        return [((s.id,), s.text, _at(refs, s.id), _at(sources, s.id)) for s in tside.segments]
    counterpart = oside or aside
    other = {s.id: s.text for s in counterpart.segments} if counterpart else {}
    units: list[tuple[tuple[int, ...], str, str | None, str | None]] = []
    for bead in alignment.beads:
        ids = tuple(bead.tgt)
        hyp = " ".join(texts[i] for i in ids if i in texts)
        aligned = " ".join(other[i] for i in bead.src if i in other)
        src = aligned if oside is not None and sources is not None else None
        ref: str | None = None
        if refs is not None:
            if oside is None:
                ref = aligned
            else:
                ref = " ".join(dict.fromkeys(r for i in ids if (r := _at(refs, i))))
        units.append((ids, hyp, ref, src))
    return units


def _at(values: list[str] | None, index: int | None) -> str | None:
    if values is None or index is None or index >= len(values):
        return None
    return values[index]


def _opt_float(value: object) -> float | None:
    return float(value) if _is_number(value) else None  # type: ignore[arg-type]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _explanations(result: object) -> Iterable[str]:
    explanation = getattr(result, "explanation", None)
    if isinstance(explanation, str):
        return [explanation]
    if isinstance(explanation, list | tuple):
        return [str(e) for e in explanation]
    return []


def _signature_strings(signatures: object) -> list[str]:
    if isinstance(signatures, dict):
        return [f"{k}: {_sig_text(v)}" for k, v in signatures.items()]
    if isinstance(signatures, list | tuple):
        return [_sig_text(s) for s in signatures]
    return []


def _sig_text(value: object) -> str:
    fmt = getattr(value, "format", None)
    if callable(fmt) and not isinstance(value, str):
        return str(fmt())
    return str(value)


def _one_to_one(
    tside: SideInfo, alignment: Alignment | None, texts: list[str] | None
) -> list[str] | None:
    """``texts`` with "" for segments that share their bead with others.

    Segment checks compare one segment with its counterpart; when a bead
    links a counterpart sentence to several translation segments, each
    segment is only part of it (e.g. a sentence plus two residue lines), and
    length or number checks would misfire, so those segments get no
    counterpart. Omissions and additions come from the alignment instead.
    """
    if texts is None or alignment is None:
        return texts
    shared = {t for bead in alignment.beads if len(bead.tgt) > 1 for t in bead.tgt}
    return [("" if seg.id in shared else texts[i]) for i, seg in enumerate(tside.segments)]


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
    from transcheck.checks import flag_segments

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
    out: dict[int, tuple[float, tuple[Flag, ...]]] = {}
    for seg, res in zip(tside.segments, results, strict=True):
        out[seg.id] = (float(res.awkwardness), tuple(res.flags))
    return out


def _load_glossary(glossary: object | None, unavailable: dict[str, str]) -> object | None:
    """A glossary path is loaded up front: its errors are the user's, so they propagate."""
    if not isinstance(glossary, str | os.PathLike):
        return glossary
    try:
        from transcheck.checks import load_glossary
    except ImportError as exc:
        unavailable.setdefault("flag", _missing(exc))
        return None
    return load_glossary(glossary)


def _source_guess(tside: SideInfo, tgt_lang: str | None) -> SourceGuessInfo:
    from transcheck.checks import guess_source_language

    guess = guess_source_language([s.text for s in tside.segments], lang=tgt_lang or "en")
    evidence = getattr(guess, "evidence", ()) or ()
    if isinstance(evidence, str):
        evidence = (evidence,)
    return SourceGuessInfo(
        lang=getattr(guess, "lang", None),
        confidence=float(getattr(guess, "confidence", 0.0) or 0.0),
        evidence=tuple(dict.fromkeys(str(e) for e in evidence)),
    )


def _flag_dict(flag: Flag) -> dict[str, object]:
    data = flag.to_dict()
    data["check"] = flag.check
    data["confidence"] = flag.confidence
    return data


def _signature(tside: SideInfo, oside: SideInfo | None, aside: SideInfo | None, unit: str) -> str:
    import hashlib

    digest = hashlib.sha256()
    for side in (tside, oside, aside):
        digest.update(side.document.text.encode("utf-8") if side else b"\x00")
    fields = (
        f"name:transcheck-report|version:{__version__}|unit:{unit}"
        f"|tgt:{tside.language.lang or '-'}"
        f"|src:{(oside.language.lang if oside else None) or '-'}"
        f"|inputs:{digest.hexdigest()[:12]}"
    )
    return fields


def _fields(analysis: DocumentAnalysis) -> dict[str, Any]:
    return {name: getattr(analysis, name) for name in DocumentAnalysis.__dataclass_fields__}

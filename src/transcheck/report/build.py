"""The document report as plain data, built from a ``DocumentAnalysis``.

Renderers (HTML, Markdown, JSON, CSV) and the dashboard all read these
views, so every output shows the same content. Nothing here escapes text:
each renderer escapes for its own format.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from transcheck.analysis import LOW_CONFIDENCE, DocumentAnalysis, SideInfo
from transcheck.model import SEVERITIES, Flag, Segment

# Segments show this many characters around a flagged span.
CONTEXT_CHARS = 60
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class LanguageRow:
    role: str
    path: str
    lang: str
    detected: str
    confidence: float | None
    segments: int

    # The columns every report format shows, in order.
    HEADERS = ("role", "file", "language", "detected", "confidence", "segments")

    def cells(self) -> tuple[str, str, str, str, str, str]:
        """The row as display strings, unescaped (each renderer escapes for its format)."""
        conf = f"{self.confidence:.2f}" if self.confidence is not None else "–"
        return (self.role, self.path, self.lang, self.detected, conf, str(self.segments))


@dataclass(frozen=True, slots=True)
class AlignRow:
    """One bead, side by side; ``low`` marks a low-confidence 1-1/n-m bead."""

    index: int
    kind: str
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    source: str
    target: str
    confidence: float
    cost: float
    low: bool
    fidelity: float | None
    spans: tuple[tuple[int, int, str], ...]  # flag spans in ``target`` (start, end, severity)
    # Residue that document scoring peeled off this bead (e.g. "Leave a Reply"
    # absorbed into the last sentence's bead): "addition" or "omission".
    contains: str | None = None

    @property
    def status(self) -> str:
        if not self.tgt_ids:
            return "omission"
        if not self.src_ids:
            return "addition"
        if self.contains:
            return f"contains {self.contains}"
        return "low confidence" if self.low else "ok"


@dataclass(frozen=True, slots=True)
class FlagItem:
    """A flag with its context: ``before + span + after`` is an excerpt."""

    segment: int
    rule: str
    category: str
    severity: str
    message: str
    suggestion: str | None
    before: str
    span: str
    after: str
    start: int
    end: int
    check: str | None
    family: str  # the check family (accuracy, fluency, style, ...), else the MQM top level


@dataclass(frozen=True, slots=True)
class DocumentReport:
    """Everything the one-document report shows, in display order."""

    title: str
    signature: str
    analysis: DocumentAnalysis
    languages: tuple[LanguageRow, ...]
    alignment: tuple[AlignRow, ...]
    omissions: tuple[Segment, ...]
    additions: tuple[Segment, ...]
    flags: tuple[FlagItem, ...]
    by_category: dict[str, dict[str, int]]
    notes: tuple[str, ...]

    @property
    def summary(self) -> dict[str, object]:
        return self.analysis.summary


def build_report(
    analysis: DocumentAnalysis, title: str | None = None, notes: Sequence[str] = ()
) -> DocumentReport:
    """Turn an analysis into the report views (pure; cheap even for 10k segments).

    ``notes`` are shown first (e.g. a corpus manifest's "stand-in" labels).
    """
    path = analysis.translation.document.path
    # The full paths are in the Languages table; the title names the file.
    name = title or f"Translation report: {os.path.basename(path) if path else 'document'}"
    return DocumentReport(
        title=name,
        signature=analysis.signature,
        analysis=analysis,
        languages=tuple(_language_rows(analysis)),
        alignment=tuple(alignment_rows(analysis)),
        omissions=tuple(analysis.omissions()),
        additions=tuple(analysis.additions()),
        flags=tuple(flag_items(analysis)),
        by_category=category_severity_counts(analysis),
        notes=(*notes, *_notes(analysis)),
    )


def _language_rows(analysis: DocumentAnalysis) -> list[LanguageRow]:
    sides: list[SideInfo | None] = [analysis.translation, analysis.original, analysis.alternate]
    rows = []
    for side in sides:
        if side is None:
            continue
        lang = side.language
        rows.append(
            LanguageRow(
                role=side.role,
                path=side.document.path or "(text)",
                lang=lang.lang or "unknown",
                detected=lang.detected or "not detected",
                confidence=lang.confidence,
                segments=len(side.segments),
            )
        )
    return rows


def alignment_rows(analysis: DocumentAnalysis) -> list[AlignRow]:
    """Beads side by side in order; without an alignment, one row a segment."""
    spans_of = {r.segment.id: r for r in analysis.rows}
    fidelity_of = {r.segment.id: r.fidelity for r in analysis.rows}
    side = analysis.counterpart_side
    if analysis.alignment is None or side is None:
        return []
    src_text = {s.id: s.text for s in side.segments}
    added = {s.id for s in analysis.additions()}
    omitted = {s.id for s in analysis.omissions()}
    out = []
    for index, bead in enumerate(analysis.alignment.beads):
        contains = None
        if bead.src and bead.tgt:
            if added.intersection(bead.tgt):
                contains = "addition"
            elif omitted.intersection(bead.src):
                contains = "omission"
        target_parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        offset = 0
        for t in bead.tgt:
            row = spans_of.get(t)
            if row is None:
                continue
            if target_parts:
                offset += 1
            for flag in row.flags:
                s, e = _clamp(flag, len(row.segment.text))
                if e > s:
                    spans.append((offset + s, offset + e, flag.severity))
            target_parts.append(row.segment.text)
            offset += len(row.segment.text)
        fid = [fidelity_of[t] for t in bead.tgt if fidelity_of.get(t) is not None]
        out.append(
            AlignRow(
                index=index,
                kind=bead.kind,
                src_ids=tuple(bead.src),
                tgt_ids=tuple(bead.tgt),
                source=" ".join(src_text.get(i, "") for i in bead.src),
                target=" ".join(target_parts),
                confidence=float(bead.confidence),
                cost=float(bead.cost),
                low=bool(bead.src and bead.tgt and bead.confidence < LOW_CONFIDENCE),
                fidelity=fid[0] if fid else None,
                spans=tuple(spans),
                contains=contains,
            )
        )
    return out


def score_rows(analysis: DocumentAnalysis) -> list[tuple[str, str, str]]:
    """(metric, corpus value, 95% interval) display strings, unescaped, for every format."""
    scores = analysis.scores
    if scores is None:
        return []
    rows = []
    for metric, number in scores.corpus.items():
        ci = scores.ci.get(metric)
        rows.append((metric, f"{number:.2f}", f"{ci[0]:.1f} – {ci[1]:.1f}" if ci else "–"))
    return rows


def check_families() -> dict[str, str]:
    """check id -> family from the checks registry."""
    from transcheck.checks import list_checks  # the checks load only when there are flags

    return {spec.id: spec.family for spec in list_checks()}


def flag_items(analysis: DocumentAnalysis) -> list[FlagItem]:
    """Every flag with its context, most severe first, then in text order."""
    families = check_families() if any(r.flags for r in analysis.rows) else {}
    items = []
    for row in analysis.rows:
        text = row.segment.text
        for flag in row.flags:
            s, e = _clamp(flag, len(text))
            lo = max(0, s - CONTEXT_CHARS)
            hi = min(len(text), e + CONTEXT_CHARS)
            items.append(
                FlagItem(
                    segment=row.segment.id,
                    rule=flag.rule,
                    category=flag.category,
                    severity=flag.severity,
                    message=flag.message,
                    suggestion=flag.suggestion,
                    before=("…" if lo > 0 else "") + text[lo:s],
                    span=text[s:e],
                    after=text[e:hi] + ("…" if hi < len(text) else ""),
                    start=s,
                    end=e,
                    check=flag.check,
                    family=families.get(flag.check or "", flag.category.split("/")[0]),
                )
            )
    items.sort(key=lambda f: (-SEVERITY_RANK.get(f.severity, 0), f.segment, f.start))
    return items


def category_severity_counts(analysis: DocumentAnalysis) -> dict[str, dict[str, int]]:
    """category -> severity -> count, categories by descending total."""
    table: dict[str, dict[str, int]] = {}
    for row in analysis.rows:
        for flag in row.flags:
            cell = table.setdefault(flag.category, {s: 0 for s in SEVERITIES})
            cell[flag.severity] = cell.get(flag.severity, 0) + 1
    return dict(sorted(table.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))


def _clamp(flag: Flag, length: int) -> tuple[int, int]:
    # A span outside its segment would be a checks bug; show what is valid.
    start = min(max(flag.start, 0), length)
    end = min(max(flag.end, start), length)
    return start, end


def _notes(analysis: DocumentAnalysis) -> list[str]:
    notes = [f"{stage}: {reason}" for stage, reason in analysis.unavailable.items()]
    notes.extend(analysis.warnings)
    return notes


def merge_spans(spans: tuple[tuple[int, int, str], ...]) -> list[tuple[int, int, str]]:
    """Merge overlapping highlight spans, keeping the most severe label."""
    merged: list[tuple[int, int, str]] = []
    for start, end, sev in sorted(spans):
        if merged and start < merged[-1][1]:
            s0, e0, sev0 = merged[-1]
            worst = sev if SEVERITY_RANK.get(sev, 0) > SEVERITY_RANK.get(sev0, 0) else sev0
            merged[-1] = (s0, max(e0, end), worst)
        else:
            merged.append((start, end, sev))
    return merged

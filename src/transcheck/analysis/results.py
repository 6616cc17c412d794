"""The result types of one document's analysis: plain frozen data.

``DocumentAnalysis`` is what ``analyze_document`` returns and what the
report renderers, ``score --unit sentence``, the CI gate, compare and the
dashboard read. Every type's ``to_dict`` is its JSON form; where the JSON
shape is the dataclass's own fields it comes from ``dataclasses`` (tuples
become lists), so a new field needs no hand-written serialisation.

Known limits: ``DocumentAnalysis.units`` and ``unit_scores`` hold the scoring
units twice over (light ids for renderers, texts plus scores for ``score``);
both come from the same alignment.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from transcheck.model import Alignment, Document, Flag, Segment

if TYPE_CHECKING:  # numpy and sacrebleu load only where scores are made
    from transcheck.metrics.corpus import CorpusScores


def plain(value: Any) -> Any:
    """``value`` with dataclasses turned into dicts and tuples into lists (JSON shape)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


class _AsDict:
    """``to_dict`` from the dataclass fields (mixin for the simple result types)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, object]:
        return plain(self)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class LanguageInfo(_AsDict):
    """A document's language: ``lang`` as used, ``detected`` by langid."""

    lang: str | None
    detected: str | None = None
    confidence: float | None = None
    declared: str | None = None


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


def flag_dict(flag: Flag) -> dict[str, object]:
    data = flag.to_dict()
    data["check"] = flag.check
    data["confidence"] = flag.confidence
    return data


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
        out: dict[str, object] = {
            "id": seg.id,
            "text": seg.text,
            "start": seg.start,
            "end": seg.end,
            "paragraph": seg.paragraph,
        }
        for f in dataclasses.fields(self):
            if f.name not in ("segment", "flags"):
                out[f.name] = plain(getattr(self, f.name))
        out["flags"] = [flag_dict(f) for f in self.flags]
        return out


@dataclass(frozen=True, slots=True)
class ScoreSummary(_AsDict):
    """Corpus-level scores: ``mode`` is "source", "reference" or "both"."""

    mode: str
    fidelity: float | None
    corpus: dict[str, float] = field(default_factory=dict)
    ci: dict[str, tuple[float, float]] = field(default_factory=dict)
    explanation: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreUnit(_AsDict):
    """A scoring unit of document mode: a bead, or residue peeled off one.

    ``kind`` is "match", "omission" (counterpart ids only) or "addition"
    (translation ids only); ``other_ids`` index the counterpart's segments.
    """

    kind: str
    tgt_ids: tuple[int, ...]
    other_ids: tuple[int, ...]
    fidelity: float | None = None


@dataclass(frozen=True, slots=True)
class SourceGuessInfo(_AsDict):
    """Which language the translation was probably made from, and why."""

    lang: str | None
    confidence: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unit:
    """One scoring unit with its texts: translation ids and the aligned texts."""

    tgt_ids: tuple[int, ...]
    other_ids: tuple[int, ...]
    hyp: str
    src: str | None
    ref: str | None
    kind: str  # "match", "omission" or "addition"
    start: int  # offsets of the unit's span in the translation document
    end: int


@dataclass(frozen=True, slots=True)
class DocumentScores:
    """Scores of the aligned units of one translated document (``score --unit sentence``)."""

    units: list[Unit]
    scores: CorpusScores
    alignment: Alignment

    @property
    def omissions(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "omission"]

    @property
    def additions(self) -> list[Unit]:
        return [u for u in self.units if u.kind == "addition"]

    def unit_dict(self, i: int) -> dict[str, object]:
        """The jsonl line of unit i: scores plus where it sits in both texts."""
        unit = self.units[i]
        out = self.scores.segment_dict(i)
        out.update(
            {
                "kind": unit.kind,
                "tgt_ids": list(unit.tgt_ids),
                "other_ids": list(unit.other_ids),
                "start": unit.start,
                "end": unit.end,
                "text": unit.hyp,
            }
        )
        return out

    def to_dict(self) -> dict[str, object]:
        out = self.scores.to_dict()
        out["unit"] = "sentence"
        out["omissions"] = [
            {"other_ids": list(u.other_ids), "text": u.src if u.src is not None else u.ref}
            for u in self.omissions
        ]
        out["additions"] = [{"tgt_ids": list(u.tgt_ids), "text": u.hyp} for u in self.additions]
        out["alignment_warnings"] = list(self.alignment.warnings)
        return out


@dataclass(frozen=True, slots=True)
class DocumentAnalysis:
    """The result of ``analyze_document``; ``to_dict()`` is its JSON form.

    ``unavailable`` maps a stage ("langid", "align", "score", "flag",
    "source_guess") to the reason it did not run; ``warnings`` are notes for
    the user (decoding, unexpected language, ...). ``unit_scores`` are the
    scored units with their texts (sentence unit), the rows ``score`` writes.
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
    unit_scores: DocumentScores | None = field(default=None, repr=False, compare=False)

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

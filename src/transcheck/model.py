"""Plain, frozen data that flows through the pipeline.

Every offset is a Python string index into the *decoded* text of the file the
user gave, so ``document.text[segment.start:segment.end] == segment.text`` and
a flag can point at the exact span in that file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Severity = Literal["minor", "major", "critical"]
SEVERITIES: tuple[Severity, ...] = ("minor", "major", "critical")


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence or line of a document.

    ``start``/``end`` index the document text; ``paragraph`` counts blank-line
    separated blocks from 0 (for line-unit input it is the line number).
    """

    id: int
    text: str
    start: int
    end: int
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded text and where it came from.

    ``encoding`` is the encoding it was decoded from; ``warnings`` carries
    reader notes such as "decoded as cp1252" for the CLI to print.
    """

    text: str
    lang: str | None = None
    path: str | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Bead:
    """A link between 0..n source segments and 0..m target segments.

    ``cost`` is the aligner's cost (lower is better), ``confidence`` in 0..1
    says how sure the aligner is; 1-0 is an omission, 0-1 an addition.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    cost: float = 0.0
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    def to_beads_line(self) -> str:
        """The Vecalign / Bleualign bead format: ``[0, 1]:[2]:0.153``."""
        src = ", ".join(str(i) for i in self.src)
        tgt = ", ".join(str(i) for i in self.tgt)
        return f"[{src}]:[{tgt}]:{self.cost:.3f}"


@dataclass(frozen=True, slots=True)
class Alignment:
    source: tuple[Segment, ...]
    target: tuple[Segment, ...]
    beads: tuple[Bead, ...]
    src_lang: str | None = None
    tgt_lang: str | None = None
    warnings: tuple[str, ...] = ()
    # Which part of each side the other covers: the (first, last) segment ids
    # of the sentences in linked beads, None when no bead is linked.
    src_covered: tuple[int, int] | None = None
    tgt_covered: tuple[int, int] | None = None
    # How it was aligned ("semantic" or "lexical") and notes that are not
    # problems (the aligner chosen by semantic="auto", partial coverage).
    method: str = "lexical"
    notes: tuple[str, ...] = ()
    # Ids of whole sentences inside merged beads that the rest of their bead
    # does not translate (semantic runs; align/refine.loose_members): the QA
    # units split them off as omissions (source) and additions (target).
    loose_src: tuple[int, ...] = ()
    loose_tgt: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Flag:
    """One finding on a segment.

    ``start``/``end`` index the text of the segment the flag belongs to;
    ``category`` is an MQM path such as ``Style/Awkward``.
    """

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None = None
    check: str | None = None
    confidence: float = 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class Signature:
    """How a result was produced, so it can be reproduced.

    Rendered like sacrebleu's: ``name:transcheck|version:0.1.0|seed:12345``.
    """

    name: str
    fields: tuple[tuple[str, str], ...] = ()

    def format(self) -> str:
        parts = [f"name:{self.name}"] + [f"{k}:{v}" for k, v in self.fields]
        return "|".join(parts)

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, **dict(self.fields)}


@dataclass(frozen=True, slots=True)
class SegmentScores:
    """Scores for one segment; ``fidelity`` is 0..100, higher is better."""

    id: int
    scores: dict[str, float] = field(default_factory=dict)
    fidelity: float | None = None
    explanation: tuple[str, ...] = ()


class ParallelRecord(NamedTuple):
    """One source/target pair read from a parallel file (TSV, JSONL, TMX, XLIFF, PO).

    ``extra`` holds the other fields of the record (TSV columns after the
    second, other JSONL keys, TMX/XLIFF ids and languages, PO context and
    flags); ``line`` is the 1-based line where the record starts, when known.
    A NamedTuple so ``for source, target, extra, line in records`` works.
    """

    source: str
    target: str
    extra: dict[str, Any]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A language code (ISO 639-1, or ``und`` when unknown) and a confidence 0..1.

    ``method`` says how it was decided: ``script`` (the writing system alone),
    ``langdetect`` or ``empty``.
    """

    lang: str
    confidence: float
    method: str = "langdetect"

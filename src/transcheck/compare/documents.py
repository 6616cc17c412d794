"""Compare whole documents (``--unit sentence``): turn translations that are
not line-parallel into common comparison units.

Every document is split into sentences; each system (and each extra
reference) is aligned to a pivot (the source when there is one, otherwise
the first reference, otherwise the first system) with ``transcheck.align``.
A unit is a run of pivot sentences that no side splits apart: a boundary
between two pivot sentences is kept only when every side's alignment keeps
it, so an n-m bead in any one system merges those pivot sentences for all.
A side's sentences go to the unit of their bead; sentences the pivot does
not have (0-1 beads: a duplicated headline, scraper residue) join the unit
before them, where they lower that unit's scores, and are counted.

Known limits: units are only as good as the alignment; a system that
reorders whole paragraphs gets merged units there rather than a diff.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from transcheck.model import Document, Segment

if TYPE_CHECKING:
    from transcheck.compare.api import CompareResult


@dataclass(frozen=True, slots=True)
class Units:
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


def document_units(
    pivot: Sequence[Segment],
    sides: Mapping[str, Sequence[Segment]],
    *,
    pivot_lang: str | None = None,
    side_langs: Mapping[str, str | None] | None = None,
) -> Units:
    """Align every side to ``pivot`` and cut all of them into common units."""
    from transcheck.align import align_segments

    n = len(pivot)
    index = {seg.id: i for i, seg in enumerate(pivot)}
    keep = [True] * n  # keep[i]: a unit boundary before pivot sentence i
    per_side: dict[str, list[tuple[list[int], list[int]]]] = {}
    for name, segs in sides.items():
        lang = (side_langs or {}).get(name)
        alignment = align_segments(list(pivot), list(segs), src_lang=pivot_lang, tgt_lang=lang)
        side_index = {seg.id: j for j, seg in enumerate(segs)}
        beads = []
        for bead in alignment.beads:
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
    return Units(pivot_texts, texts, spans, additions, omissions)


def compare_documents(
    hyps: Mapping[str, Document],
    refs: Sequence[Document] | None = None,
    src: Document | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    **options: Any,
) -> CompareResult:
    """``compare_systems`` over whole documents cut into common units.

    The documents are split into sentences and aligned to the pivot (see
    the module docstring); ``options`` go to ``compare_systems``. The notes
    of the result say how many units there are and which systems added or
    left out sentences.
    """
    from transcheck.compare.api import compare_systems
    from transcheck.errors import InputError
    from transcheck.segment import segment_document

    refs = list(refs or [])
    sides: dict[str, list[Segment]] = {}
    langs: dict[str, str | None] = {}
    for name, doc in hyps.items():
        sides[name] = segment_document(doc, "sentence")
        langs[name] = tgt_lang or doc.lang
    ref_keys = [f"\0ref{k}" for k in range(len(refs))]
    for key, doc in zip(ref_keys, refs, strict=True):
        sides[key] = segment_document(doc, "sentence")
        langs[key] = tgt_lang or doc.lang
    if src is not None:
        pivot_doc, pivot_lang, pivot_key = src, src_lang or src.lang, None
    elif refs:
        pivot_doc, pivot_lang, pivot_key = refs[0], tgt_lang or refs[0].lang, ref_keys[0]
    else:
        first = next(iter(hyps))
        pivot_doc, pivot_lang, pivot_key = hyps[first], tgt_lang or hyps[first].lang, first
    pivot = segment_document(pivot_doc, "sentence")
    for name, segs in [("pivot", pivot), *sides.items()]:
        if not segs:
            path = pivot_doc.path if name == "pivot" else _path(name, hyps, refs, ref_keys)
            raise InputError(path, "no sentences to compare (the document is empty)")
    aligned = {k: v for k, v in sides.items() if k != pivot_key}
    units = document_units(pivot, aligned, pivot_lang=pivot_lang, side_langs=langs)
    texts = dict(units.sides)
    if pivot_key is not None:
        texts[pivot_key] = list(units.pivot)
    unit_refs = [texts[k] for k in ref_keys] or None
    result = compare_systems(
        {name: texts[name] for name in hyps},
        unit_refs,
        list(units.pivot) if src is not None else None,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        **options,
    )
    role = "source" if src is not None else "reference" if refs else next(iter(hyps))
    notes = [
        f"sentence units: {len(pivot)} sentences of the pivot ({role}) "
        f"cut into {len(units.pivot)} aligned units"
    ]
    for name in hyps:
        if units.additions.get(name) or units.omissions.get(name):
            notes.append(
                f"{name}: {units.additions.get(name, 0)} sentence(s) without a counterpart, "
                f"{units.omissions.get(name, 0)} pivot sentence(s) left out"
            )
    return replace(result, notes=(*notes, *result.notes))


def _path(
    key: str, hyps: Mapping[str, Document], refs: Sequence[Document], ref_keys: list[str]
) -> str | None:
    if key in hyps:
        return hyps[key].path or key
    return refs[ref_keys.index(key)].path

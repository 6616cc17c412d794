"""Turn several translations of one text into parallel segment lists.

``compare_systems`` needs one hypothesis list per system, all parallel. Line
unit: the files already are (line counts must match). Sentence unit: each
system is aligned to a pivot (the original, else the first system); the
pivot sentences linked by any system's bead are merged into one unit, so
a 2-1 bead in one system and 1-1 beads in another still compare the same
text. Sentences a system added (0-1 beads) join the preceding unit.
Pure: no streamlit.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from transcheck.dashboard.inputs import Inputs, TextInput, check_line_counts
from transcheck.errors import InputError
from transcheck.model import Document, Segment


@dataclass(frozen=True, slots=True)
class ParallelSet:
    """Parallel lists: ``hyps[name][i]`` and ``srcs[i]`` are unit ``i``."""

    hyps: dict[str, list[str]]
    srcs: list[str] | None
    note: str


def parallel_systems(inputs: Inputs) -> ParallelSet:
    systems = inputs.system_inputs()
    if len(systems) < 2:
        raise InputError(
            inputs.translation.name,
            "Compare needs at least two translations (add an alternate or system files)",
        )
    if inputs.unit == "line":
        return _line_units(inputs, systems)
    return _sentence_units(inputs, systems)


def _lines(item: TextInput) -> list[str]:
    from transcheck.io.readers import line_segments

    return [s.text for s in line_segments(Document(item.text, path=item.name))]


def _line_units(inputs: Inputs, systems: list[tuple[str, TextInput]]) -> ParallelSet:
    files = {item.name: item for _, item in systems}
    if inputs.original is not None:
        files[inputs.original.name] = inputs.original
    check_line_counts(files)
    hyps = {name: _lines(item) for name, item in systems}
    srcs = _lines(inputs.original) if inputs.original else None
    return ParallelSet(hyps, srcs, "one unit a line (line-aligned files)")


def _segments(item: TextInput, lang: str | None) -> list[Segment]:
    from transcheck.segment import segment_document

    return list(segment_document(Document(item.text, lang=lang, path=item.name)))


def _sentence_units(inputs: Inputs, systems: list[tuple[str, TextInput]]) -> ParallelSet:
    from transcheck.align import align_segments

    if inputs.original is not None:
        pivot_name, pivot_item, pivot_lang = None, inputs.original, inputs.src_lang
    else:
        pivot_name, pivot_item = systems[0]
        pivot_lang = inputs.tgt_lang
    pivot = _segments(pivot_item, pivot_lang)
    n = len(pivot)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Per system: (pivot ids, target texts) for each bead; additions attach later.
    linked: dict[str, list[tuple[tuple[int, ...], list[str]]]] = {}
    for name, item in systems:
        if name == pivot_name:
            continue
        segs = _segments(item, inputs.tgt_lang)
        alignment = align_segments(pivot, segs, src_lang=pivot_lang, tgt_lang=inputs.tgt_lang)
        text = {s.id: s.text for s in segs}
        beads = []
        for bead in alignment.beads:
            ids = tuple(bead.src)
            for a, b in itertools.pairwise(ids):
                parent[find(b)] = find(a)
            beads.append((ids, [text[t] for t in bead.tgt if t in text]))
        linked[name] = beads
    roots = sorted({find(i) for i in range(n)})
    unit_of = {root: k for k, root in enumerate(roots)}
    unit = [unit_of[find(i)] for i in range(n)]
    srcs_units: list[list[str]] = [[] for _ in roots]
    for seg in pivot:
        srcs_units[unit[seg.id]].append(seg.text)
    hyps: dict[str, list[str]] = {}
    for name, _item in systems:
        parts: list[list[str]] = [[] for _ in roots]
        if name == pivot_name:
            for seg in pivot:
                parts[unit[seg.id]].append(seg.text)
        else:
            last = 0
            for ids, texts in linked[name]:
                if ids:
                    last = unit[ids[0]]
                parts[last].extend(texts)
        hyps[name] = [" ".join(p) for p in parts]
    pivot_label = "the original" if pivot_name is None else f"'{pivot_name}'"
    note = f"{len(roots)} units: sentences of {pivot_label}, merged where a bead spans several"
    srcs = [" ".join(p) for p in srcs_units] if inputs.original is not None else None
    return ParallelSet(hyps, srcs, note)

"""The systems of the dashboard's inputs, as ``compare`` takes them.

Line unit: the files are parallel already (line counts must match) and go
to ``compare_systems``. Sentence unit: the documents go to
``compare.documents.compare_documents``, which analyses each system against
the pivot (the original, else the first system) with
``transcheck.analysis`` and cuts common units, as ``compare --unit
sentence`` does. Pure: no streamlit.

Known limits: the dashboard compares against the original only (the
alternate is one of the systems, never a reference).
"""

from __future__ import annotations

from dataclasses import dataclass

from transcheck.compare.documents import compare_documents
from transcheck.compare.result import CompareResult
from transcheck.compare.run import compare_systems
from transcheck.dashboard.inputs import Inputs, TextInput, check_line_counts
from transcheck.errors import InputError
from transcheck.io.readers import line_segments
from transcheck.model import Document


@dataclass(frozen=True, slots=True)
class ParallelSet:
    """Parallel lists: ``hyps[name][i]`` and ``srcs[i]`` are unit ``i``."""

    hyps: dict[str, list[str]]
    srcs: list[str] | None
    note: str


def compare_inputs(inputs: Inputs) -> tuple[CompareResult, str]:
    """(CompareResult, how the units were built) for the inputs' systems."""
    systems = inputs.system_inputs()
    if len(systems) < 2:
        raise InputError(
            inputs.translation.name,
            "Compare needs at least two translations (add an alternate or system files)",
        )
    src_name = inputs.original.name if inputs.original else None
    if inputs.unit == "line":
        units = _line_units(inputs, systems)
        result = compare_systems(
            units.hyps, refs=None, srcs=units.srcs, src_lang=inputs.src_lang,
            tgt_lang=inputs.tgt_lang, src_name=src_name,
        )  # fmt: skip
        return result, units.note
    result = compare_documents(
        {name: item.document(inputs.tgt_lang) for name, item in systems},
        None,
        inputs.original.document(inputs.src_lang) if inputs.original else None,
        src_lang=inputs.src_lang,
        tgt_lang=inputs.tgt_lang,
        src_name=src_name,
    )
    pivot = "the original" if inputs.original is not None else f"'{systems[0][0]}'"
    note = (
        f"{result.n_segments} units: sentences of {pivot}, merged where a bead spans several"
    )
    return result, note


def _lines(item: TextInput) -> list[str]:
    return [s.text for s in line_segments(Document(item.text, path=item.name))]


def _line_units(inputs: Inputs, systems: list[tuple[str, TextInput]]) -> ParallelSet:
    files = {item.name: item for _, item in systems}
    if inputs.original is not None:
        files[inputs.original.name] = inputs.original
    check_line_counts(files)
    hyps = {name: _lines(item) for name, item in systems}
    srcs = _lines(inputs.original) if inputs.original else None
    return ParallelSet(hyps, srcs, "one unit a line (line-aligned files)")

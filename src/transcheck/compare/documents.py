"""Compare whole documents (``--unit sentence``): turn translations that are
not line-parallel into common comparison units.

Every system (and every extra reference) goes through
``transcheck.analysis.analyze_document`` against the pivot (the source when
there is one, otherwise the first reference, otherwise the first system):
that analysis segments it once and aligns it to the pivot once, and its
document figures (fidelity, BLEU, chrF, TER, omissions, additions, flags)
are the ones ``report`` and ``check`` give for that system; they are kept
per system in ``CompareResult.documents``. The alignments are then cut into
common units (``analysis.units.common_units``): a run of pivot sentences
that no side splits apart, so the paired tests compare the same text.

Known limits: units are only as good as the alignment; a system that
reorders whole paragraphs gets merged units there rather than a diff.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from transcheck.analysis.results import DocumentAnalysis
from transcheck.analysis.run import analyze_document
from transcheck.analysis.units import CommonUnits, common_units
from transcheck.compare.result import CompareResult
from transcheck.compare.run import compare_systems
from transcheck.errors import InputError
from transcheck.model import Alignment, Document

# Kept for callers of the old name: the common units of several sides.
Units = CommonUnits


def _document_figures(analysis: DocumentAnalysis) -> dict[str, Any]:
    """The document-level numbers of one system, as ``report`` shows them."""
    scores = analysis.scores
    summary = analysis.summary
    return {
        "fidelity": scores.fidelity if scores else None,
        "corpus": dict(scores.corpus) if scores else {},
        "omissions": summary["omissions"],
        "additions": summary["additions"],
        "flags": summary["flags"],
        "by_rule": dict(summary["by_rule"]),
    }


def compare_documents(
    hyps: Mapping[str, Document],
    refs: Sequence[Document] | None = None,
    src: Document | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    glossary: object | None = None,
    **options: Any,
) -> CompareResult:
    """``compare_systems`` over whole documents cut into common units.

    The documents are analysed against the pivot (see the module docstring);
    ``glossary`` (a path or loaded glossary) goes to each system's document
    checks; ``options`` go to ``compare_systems``. The notes of the result say how
    many units there are and which systems added or left out sentences.
    """
    refs = list(refs or [])
    ref_keys = [f"\0ref{k}" for k in range(len(refs))]
    docs: dict[str, Document] = {**hyps, **dict(zip(ref_keys, refs, strict=True))}
    if src is not None:
        pivot_doc, pivot_key = src, None
    elif refs:
        pivot_doc, pivot_key = refs[0], ref_keys[0]
    else:
        pivot_key = next(iter(hyps))
        pivot_doc = hyps[pivot_key]
    for key, doc in [("pivot", pivot_doc), *docs.items()]:
        if not doc.text.strip():
            path = doc.path or (key if key in hyps else None)
            raise InputError(path, "no sentences to compare (the document is empty)")
    want_flags = bool(options.get("flags", True))
    analyses: dict[str, DocumentAnalysis] = {}
    for key, doc in docs.items():
        if key == pivot_key:
            continue
        is_system = key in hyps
        analyses[key] = analyze_document(
            doc,
            original=src,
            # Systems are analysed as `report --original SRC --alternate REF` would.
            alternate=(refs[0] if refs else pivot_doc) if src is None or is_system else None,
            tgt_lang=tgt_lang or doc.lang,
            src_lang=src_lang or (src.lang if src is not None else None),
            unit="sentence",
            glossary=glossary,
            flag=is_system and want_flags,
            seed=int(options.get("seed", 12345)),
            bootstrap=0 if not is_system else int(options.get("bootstrap", 1000)),
        )
    first = next(iter(analyses.values()), None)
    if first is None or first.alignment is None:
        reason = first.unavailable.get("align", "") if first else "nothing to align"
        raise InputError(pivot_doc.path, f"could not align the documents: {reason}")
    counterpart = first.counterpart_side
    assert counterpart is not None
    pivot = counterpart.segments
    sides = {k: a.translation.segments for k, a in analyses.items()}
    alignments: dict[str, Alignment] = {}
    for key, analysis in analyses.items():
        if analysis.alignment is None:
            raise InputError(docs[key].path, "could not be aligned to the pivot")
        alignments[key] = analysis.alignment
    units = common_units(pivot, sides, alignments)
    texts = dict(units.sides)
    if pivot_key is not None:
        texts[pivot_key] = list(units.pivot)
    unit_refs = [texts[k] for k in ref_keys] or None
    result = compare_systems(
        {name: texts[name] for name in hyps},
        unit_refs,
        list(units.pivot) if src is not None else None,
        src_lang=(src_lang or counterpart.language.lang) if src is not None else None,
        tgt_lang=tgt_lang or first.translation.language.lang,
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
    documents = {name: _document_figures(a) for name, a in analyses.items() if name in hyps}
    return replace(result, notes=(*notes, *result.notes), documents=documents)

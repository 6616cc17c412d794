"""Read a translation and its counterparts, segment each once, align each once.

``prepare`` is the first half of every document analysis: the translation
and, when given, its original and an alternate translation are read, their
language decided (``languages.decide_language``), segmented once, and each
counterpart aligned to the translation once. ``analyze_document`` scores and
flags on top of it; ``flag --unit sentence`` uses it directly, so no entry
point aligns on its own.

A stage that fails (a missing optional dependency, a stage error, a bug)
leaves its place empty and ``unavailable[stage]`` says why (``run_stage``).

Known limits: one document at a time, held in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from transcheck.align import align_segments
from transcheck.analysis.languages import (
    DocInput,
    as_document,
    decide_language,
    language_warning,
    same_language_warning,
)
from transcheck.analysis.results import LanguageInfo, SideInfo
from transcheck.analysis.units import counterpart_texts, line_alignment, one_to_one
from transcheck.errors import InputError, TranscheckError
from transcheck.model import Alignment, Document
from transcheck.segment import segment_document

_T = TypeVar("_T")


@dataclass(frozen=True)
class Counterparts:
    """The sides of one analysis and the alignments between them.

    ``alignment`` links the main counterpart (the original, else the
    alternate) to the translation; ``ref_alignment`` links the alternate
    (the same object when the alternate is the main counterpart).
    ``sources`` (from the original) and ``refs`` (from the alternate) hold,
    for each translation segment, the joined counterpart text aligned to it
    ("" when none); None when that counterpart was not given.
    """

    translation: SideInfo
    original: SideInfo | None
    alternate: SideInfo | None
    alignment: Alignment | None
    ref_alignment: Alignment | None
    sources: list[str] | None
    refs: list[str] | None
    warnings: list[str] = field(default_factory=list)
    unavailable: dict[str, str] = field(default_factory=dict)

    @property
    def main(self) -> SideInfo | None:
        """The side scores are computed against: the original, else the alternate."""
        return self.original or self.alternate

    def segment_sources(self) -> list[str] | None:
        """``sources`` for segment checks: "" where a bead is shared (``units.one_to_one``)."""
        return one_to_one(self.translation.segments, self.alignment, self.sources)

    def segment_refs(self) -> list[str] | None:
        """``refs`` for segment checks, as ``segment_sources``."""
        return one_to_one(self.translation.segments, self.ref_alignment, self.refs)


def prepare(
    translation: DocInput,
    *,
    original: DocInput | None = None,
    alternate: DocInput | None = None,
    tgt_lang: str | None = None,
    src_lang: str | None = None,
    unit: str = "sentence",
) -> Counterparts:
    """Read, decide languages, segment once and align each counterpart once.

    Raises InputError for an unreadable or empty input, or (line unit) for
    counterparts whose line count differs from the translation's.
    """
    if unit not in ("sentence", "line"):
        raise InputError(None, f"unknown unit '{unit}', expected 'sentence' or 'line'")
    unavailable: dict[str, str] = {}
    warnings: list[str] = []
    tdoc = as_document(translation, tgt_lang, "translation")
    tside = read_side("translation", tdoc, tgt_lang, unit, warnings)
    tgt = tside.language.lang
    oside = aside = None
    if original is not None:
        odoc = as_document(original, src_lang, "original")
        oside = read_side("original", odoc, src_lang, unit, warnings)
    if alternate is not None:
        adoc = as_document(alternate, tgt, "alternate")
        aside = read_side("alternate", adoc, tgt, unit, warnings)
        if note := same_language_warning(tside, aside):
            warnings.append(note)

    main = oside or aside
    alignment = align_side(main, tside, unit, unavailable) if main else None
    ref_alignment = alignment if main is aside else None
    if oside is not None and aside is not None:
        ref_alignment = align_side(aside, tside, unit, unavailable)
    return Counterparts(
        translation=tside,
        original=oside,
        alternate=aside,
        alignment=alignment,
        ref_alignment=ref_alignment,
        sources=_texts(tside, oside, alignment),
        refs=_texts(tside, aside, ref_alignment),
        warnings=warnings,
        unavailable=unavailable,
    )


def read_side(
    role: str, doc: Document, declared: str | None, unit: str, warnings: list[str]
) -> SideInfo:
    """One side, segmented once, with its language decided once."""
    segments = tuple(segment_document(doc, unit=unit))
    if not segments:
        raise InputError(doc.path or f"<{role}>", f"the {role} has no text segments")
    language: LanguageInfo = decide_language(declared, doc.text)
    if note := language_warning(language, doc.path or role):
        warnings.append(note)
    if language.lang and language.lang != doc.lang:
        doc = replace(doc, lang=language.lang)
    return SideInfo(role, doc, segments, language)


def align_side(
    other: SideInfo, tside: SideInfo, unit: str, unavailable: dict[str, str]
) -> Alignment | None:
    """The one alignment of ``other`` to the translation."""
    lang = other.language.lang
    if unit == "line":  # a count mismatch is the user's error: let it propagate
        return line_alignment(
            other.segments, tside.segments, lang, tside.language.lang,
            src_name=other.role, tgt_name=tside.role, path=other.document.path,
        )  # fmt: skip
    return run_stage("align", unavailable, lambda: align_segments(
        other.segments, tside.segments, src_lang=lang, tgt_lang=tside.language.lang))  # fmt: skip


def run_stage(stage: str, unavailable: dict[str, str], func: Callable[[], _T]) -> _T | None:
    """Run ``func``; on failure the stage is marked unavailable with the reason.

    A missing optional dependency (e.g. a tokeniser), a TranscheckError from
    the stage or an unexpected exception (a bug) all leave the other stages
    running; the reason names the error so it is visible in every report.
    """
    try:
        return func()
    except ImportError as exc:
        name = exc.name if isinstance(exc, ModuleNotFoundError) and exc.name else None
        unavailable.setdefault(
            stage, f"not available: {name} is not installed in this build" if name
            else f"not available: {exc}",
        )  # fmt: skip
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


def _texts(
    tside: SideInfo, other: SideInfo | None, alignment: Alignment | None
) -> list[str] | None:
    if other is None or alignment is None:
        return None
    return counterpart_texts(tside.segments, other.segments, alignment)

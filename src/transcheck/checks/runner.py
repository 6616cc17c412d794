"""Run the catalogue over segments: contexts in, Flags out.

A segment check is ``func(ctx: SegmentContext) -> Iterable[Hit]``; a document
check is ``func(doc: DocumentContext) -> Iterable[tuple[int, Hit]]`` (segment
index, hit). The runner fills in the rule id, category and severity declared
at registration unless the hit overrides them (rule packs do).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from transcheck.checks.glossary import Glossary, builtin_glossary
from transcheck.checks.langdata import locale_settings
from transcheck.checks.registry import CheckSpec, select
from transcheck.checks.rulepacks import RulePack, base_lang, packs_for
from transcheck.checks.text import Token, tokens, words
from transcheck.model import Alignment, Flag, Severity

MAX_FLAGS_PER_CHECK = 50


class Hit(NamedTuple):
    """What a check found; None fields take the check's declared defaults."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    rule: str | None = None
    severity: Severity | None = None
    category: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class Resources:
    """Everything language-specific a check may need, built once per run."""

    lang: str
    src_lang: str | None
    locale: dict[str, Any]
    packs: tuple[RulePack, ...]
    glossary: Glossary

    @classmethod
    def build(
        cls, lang: str, src_lang: str | None = None, glossary: Glossary | None = None
    ) -> Resources:
        base = builtin_glossary(lang).merged(glossary)
        return cls(
            lang=lang,
            src_lang=src_lang,
            locale=locale_settings(lang),
            packs=packs_for(lang, src_lang),
            glossary=base,
        )

    @property
    def base(self) -> str:
        return base_lang(self.lang)


@dataclass
class SegmentContext:
    """One segment and its optional source / alternate translation."""

    id: int
    text: str
    res: Resources
    source: str | None = None
    alternate: str | None = None
    # Catalogue metadata (transcheck.checks.l10n_units.UnitInfo) when the
    # segment is one form of a PO/XLIFF/TMX unit; checks needing it declare
    # needs=("unit",).
    unit: Any = None

    @cached_property
    def tokens(self) -> list[Token]:
        """Word tokens with offsets (computed on first use)."""
        return tokens(self.text)

    @cached_property
    def words(self) -> list[str]:
        """Word tokens without offsets (words over ``max_token_chars`` left out)."""
        return words(self.text)

    @property
    def lang(self) -> str:
        return self.res.base


@dataclass
class DocumentContext:
    """All segments of one document, for checks that compare segments."""

    segments: list[SegmentContext]
    res: Resources
    alignment: Alignment | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def to_flag(spec: CheckSpec, hit: Hit) -> Flag:
    return Flag(
        rule=hit.rule or spec.id,
        category=hit.category or spec.category,
        severity=hit.severity or spec.severity,
        start=hit.start,
        end=hit.end,
        message=hit.message,
        suggestion=hit.suggestion,
        check=spec.id,
        confidence=hit.confidence,
    )


class Runner:
    """Selected checks plus resources; call :meth:`run` on a batch of segments."""

    def __init__(
        self,
        res: Resources,
        families: Iterable[str] | None = None,
        ids: Iterable[str] | None = None,
    ) -> None:
        self.res = res
        specs = select(families, ids)
        self.segment_checks = [s for s in specs if s.scope == "segment"]
        self.document_checks = [s for s in specs if s.scope == "document"]

    def run(
        self,
        texts: Sequence[str],
        sources: Sequence[str] | None = None,
        alternates: Sequence[str] | None = None,
        alignment: Alignment | None = None,
        document: bool = True,
        units: Sequence[Any] | None = None,
    ) -> tuple[list[list[Flag]], list[SegmentContext]]:
        """Flags per segment (each list sorted by offset) and the contexts."""
        contexts = [
            SegmentContext(
                i,
                text,
                self.res,
                sources[i] if sources is not None else None,
                alternates[i] if alternates is not None else None,
                units[i] if units is not None else None,
            )
            for i, text in enumerate(texts)
        ]
        out: list[list[Flag]] = [[] for _ in contexts]
        for spec in self.segment_checks:
            func = spec.func
            needs = spec.needs
            for ctx in contexts:
                if needs and not all(getattr(ctx, n) for n in needs):
                    continue
                seg_out = out[ctx.id]
                for n, hit in enumerate(func(ctx)):
                    if n == MAX_FLAGS_PER_CHECK:
                        # A wall of identical findings helps nobody and costs
                        # time and memory on hostile input (a 1 MB segment).
                        break
                    seg_out.append(to_flag(spec, hit))
        if document and contexts:
            doc = DocumentContext(contexts, self.res, alignment)
            for spec in self.document_checks:
                if not all(_doc_has(doc, need) for need in spec.needs):
                    continue
                for index, hit in spec.func(doc):
                    out[index].append(to_flag(spec, hit))
        for flags in out:
            flags.sort(key=lambda f: (f.start, f.end, f.rule))
        return out, contexts


def _doc_has(doc: DocumentContext, need: str) -> bool:
    if need == "alignment":
        return doc.alignment is not None
    return any(getattr(c, need, None) for c in doc.segments)

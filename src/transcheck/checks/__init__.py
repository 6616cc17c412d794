"""QA checks: awkward phrasing, translationese and errors, with exact spans.

Public API::

    flag_segments(texts, *, lang="en", sources=None, src_lang=None,
                  glossary=None, families=None, alternates=None,
                  checks=None, alignment=None, document=True) -> list[SegmentFlags]
    guess_source_language(texts, lang="en") -> SourceGuess
    load_glossary(path) -> Glossary
    apply_fixes(text, flags) -> str
    list_checks() -> list[CheckSpec]
    summarize(results) -> dict

Offsets of every Flag index the text of its own segment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from transcheck.checks.awkwardness import awkwardness
from transcheck.checks.fixes import apply_fixes
from transcheck.checks.glossary import Glossary, Term, load_glossary
from transcheck.checks.registry import CheckSpec, all_checks, check, get_check
from transcheck.checks.source_guess import SourceGuess, guess_from_flags, guess_source_language
from transcheck.errors import InputError
from transcheck.model import Alignment, Flag

if TYPE_CHECKING:
    from transcheck.checks.runner import Runner

__all__ = [
    "CheckSpec",
    "Glossary",
    "SegmentFlags",
    "SourceGuess",
    "Term",
    "apply_fixes",
    "check",
    "flag_segments",
    "get_check",
    "guess_from_flags",
    "guess_source_language",
    "list_checks",
    "load_glossary",
    "summarize",
]


# "--grammar auto" runs the slow pass up to this many segments (a document).
GRAMMAR_AUTO_MAX = 1_000


@dataclass(frozen=True, slots=True)
class SegmentFlags:
    """The flags of one segment and its awkwardness (0..1)."""

    id: int
    text: str
    awkwardness: float
    flags: tuple[Flag, ...]

    def to_dict(self) -> dict[str, object]:
        """The ``flag --format jsonl`` object of DESIGN.md."""
        return {
            "id": self.id,
            "text": self.text,
            "awkwardness": self.awkwardness,
            "flags": [f.to_dict() for f in self.flags],
        }


def list_checks() -> list[CheckSpec]:
    """The whole catalogue, ordered by family then id."""
    return all_checks()


@lru_cache(maxsize=32)
def _runner(
    lang: str,
    src_lang: str | None,
    glossary: Glossary | None,
    families: tuple[str, ...] | None,
    checks: tuple[str, ...] | None,
) -> Runner:
    from transcheck.checks.runner import Resources, Runner

    return Runner(Resources.build(lang, src_lang, glossary), families, checks)


def flag_segments(
    texts: Sequence[str],
    *,
    lang: str = "en",
    sources: Sequence[str] | None = None,
    src_lang: str | None = None,
    glossary: Glossary | None = None,
    families: Iterable[str] | None = None,
    alternates: Sequence[str] | None = None,
    checks: Iterable[str] | None = None,
    alignment: Alignment | None = None,
    document: bool = True,
    units: Sequence[object] | None = None,
    grammar: str = "off",
    on_warning: Callable[[str], None] | None = None,
) -> list[SegmentFlags]:
    """Run the catalogue over ``texts`` (one document, in order).

    ``sources``/``alternates`` are parallel to ``texts`` (InputError when the
    lengths differ); ``document=False`` skips the cross-segment checks, for
    streaming a corpus in chunks. ``units`` (parallel to ``texts``) carries
    catalogue metadata for the localisation checks. Segment ids are list indices.
    ``grammar`` "on" adds the slow pass of :mod:`transcheck.checks.grammar_model`
    (Link Grammar unlinked words as flags, the embedding-based awkwardness);
    "auto" runs it for document-sized inputs (at most GRAMMAR_AUTO_MAX
    segments); ``on_warning`` hears why it could not run.
    """
    texts = list(texts)
    for name, other in (("sources", sources), ("alternates", alternates)):
        if other is not None and len(other) != len(texts):
            raise InputError(
                None, f"{len(texts)} segments but {len(other)} {name}: they must be parallel"
            )
    runner = _runner(
        lang,
        src_lang,
        glossary,
        tuple(sorted(families)) if families is not None else None,
        tuple(checks) if checks is not None else None,
    )
    per_segment, contexts = runner.run(texts, sources, alternates, alignment, document, units)
    base = runner.res.base
    fast = [
        awkwardness(text, flags, base, ctx.words)
        for text, flags, ctx in zip(texts, per_segment, contexts, strict=True)
    ]
    if grammar == "on" or (grammar == "auto" and len(texts) <= GRAMMAR_AUTO_MAX):
        from transcheck.checks.grammar_model import grammar_pass

        scores, extra, _notes = grammar_pass(texts, base, on_warning)
        wanted = families is None or "fluency" in set(families)
        if checks is not None:
            wanted = "grammar_unlinked" in set(checks)
        for flags, more in zip(per_segment, extra, strict=True):
            if wanted and more:
                flags.extend(more)
                flags.sort(key=lambda f: (f.start, f.end, f.rule))
        fast = scores if scores is not None else fast
    return [
        SegmentFlags(i, text, score, tuple(flags))
        for i, (text, flags, score) in enumerate(zip(texts, per_segment, fast, strict=True))
    ]


def summarize(results: Sequence[SegmentFlags]) -> dict[str, object]:
    """Counts by rule, category and severity, and the mean awkwardness."""
    flags = [f for r in results for f in r.flags]
    scored = [r.awkwardness for r in results if r.text.strip()]
    return {
        "segments": len(results),
        "flagged_segments": sum(1 for r in results if r.flags),
        "flags": len(flags),
        "by_severity": dict(Counter(f.severity for f in flags)),
        "by_category": dict(Counter(f.category for f in flags).most_common()),
        "by_rule": dict(Counter(f.rule for f in flags).most_common()),
        "mean_awkwardness": round(sum(scored) / len(scored), 4) if scored else 0.0,
    }

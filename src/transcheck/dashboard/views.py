"""Plain tables and filters behind the dashboard pages (no streamlit).

Rows are lists of dicts of plain values, ready for ``st.dataframe``, which
shows every cell as plain text (no Markdown, no HTML).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from transcheck.report.build import AlignRow, DocumentReport, FlagItem

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class FlagFilter:
    """Chosen values per facet; an empty tuple means "all"."""

    families: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    text: str = ""

    def keep(self, item: FlagItem) -> bool:
        if self.families and item.family not in self.families:
            return False
        if self.categories and item.category not in self.categories:
            return False
        if self.severities and item.severity not in self.severities:
            return False
        if self.rules and item.rule not in self.rules:
            return False
        needle = self.text.strip().casefold()
        if needle:
            haystack = f"{item.before}{item.span}{item.after} {item.message}".casefold()
            return needle in haystack
        return True


def filter_flags(items: Iterable[FlagItem], flt: FlagFilter) -> list[FlagItem]:
    return [item for item in items if flt.keep(item)]


def facets(items: Sequence[FlagItem]) -> dict[str, list[str]]:
    """The values present for each filter facet, sorted."""
    return {
        "families": sorted({i.family for i in items}),
        "categories": sorted({i.category for i in items}),
        "severities": [
            s for s in ("critical", "major", "minor") if any(i.severity == s for i in items)
        ],
        "rules": sorted({i.rule for i in items}),
    }


def flag_rows(items: Iterable[FlagItem]) -> list[dict[str, object]]:
    return [
        {
            "segment": i.segment,
            "severity": i.severity,
            "family": i.family,
            "category": i.category,
            "rule": i.rule,
            "flagged text": i.span,
            "in context": f"{i.before}[{i.span}]{i.after}",
            "message": i.message,
            "suggestion": i.suggestion or "",
        }
        for i in items
    ]


def alignment_rows(rows: Iterable[AlignRow], counterpart: str) -> list[dict[str, object]]:
    return [
        {
            "#": r.index,
            "bead": r.kind,
            "status": r.status,
            counterpart: r.source,
            "translation": r.target,
            "confidence": round(r.confidence, 3),
            "fidelity": None if r.fidelity is None else round(r.fidelity, 1),
        }
        for r in rows
    ]


def alignment_filter(rows: Sequence[AlignRow], statuses: Sequence[str]) -> list[AlignRow]:
    return [r for r in rows if not statuses or r.status in statuses]


def segment_rows(report: DocumentReport) -> list[dict[str, object]]:
    return [
        {
            "id": r.segment.id,
            "text": r.segment.text,
            "fidelity": None if r.fidelity is None else round(r.fidelity, 1),
            "awkwardness": None if r.awkwardness is None else round(r.awkwardness, 3),
            "flags": len(r.flags),
        }
        for r in report.analysis.rows
    ]


def page_bounds(total: int, page: int, size: int = PAGE_SIZE) -> tuple[int, int, int]:
    """(start, end, pages) of 1-based ``page``; the page is clamped to range."""
    pages = max(1, math.ceil(total / size))
    page = min(max(page, 1), pages)
    start = (page - 1) * size
    return start, min(start + size, total), pages


def corpus_dirs(root: Path) -> list[Path]:
    """Directories under ``root`` (corpora/) that hold at least one .txt file."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.txt")))


ROLE_PREFIXES = {
    "translation": ("translation", "hyp", "mt", "target"),
    "original": ("original", "source", "src"),
    "alternate": ("alternate", "reference", "ref"),
}


def guess_roles(files: Sequence[str]) -> dict[str, str | None]:
    """Role -> file name, by the file-name prefix (translation.en.txt, ...)."""
    roles: dict[str, str | None] = {}
    for role, prefixes in ROLE_PREFIXES.items():
        roles[role] = next(
            (f for f in files if Path(f).name.split(".")[0].lower() in prefixes), None
        )
    return roles


def lang_from_name(name: str) -> str | None:
    """``translation.en.txt`` -> "en": the corpus naming convention."""
    parts = Path(name).name.split(".")
    if len(parts) >= 3 and 2 <= len(parts[-2]) <= 3 and parts[-2].isalpha():
        return parts[-2].lower()
    return None

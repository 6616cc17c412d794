"""Small streamlit building blocks that keep user text as plain text.

Rule: user text goes through ``st.dataframe``/``st.text``/``st.code``, or
through ``html.escape`` (``md_escape`` for Markdown) before any markdown
call; ``unsafe_allow_html`` is used only on HTML built from escaped pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from transcheck.dashboard.inputs import Inputs
from transcheck.dashboard.views import PAGE_SIZE, page_bounds
from transcheck.errors import TranscheckError
from transcheck.pipeline import DocumentAnalysis
from transcheck.report.build import merge_spans
from transcheck.report.markdown import md_escape

MARK_CSS = (
    "<style>.tc-text{white-space:pre-wrap;word-break:break-word;line-height:1.5}"
    ".tc-text mark{background:#ffe066;padding:0 1px}.tc-text mark.major{background:#ffb870}"
    ".tc-text mark.critical{background:#ff8a8a}.tc-row{border-bottom:1px solid #eee;"
    "padding:4px 0}.tc-low{background:#fff4d6}.tc-omission{background:#fde2e2}"
    ".tc-addition{background:#e2ecfd}.tc-muted{color:#888;font-size:.85em}</style>"
)


# Streamlit's Markdown pass still sees text inside raw HTML, so characters it
# could read as Markdown become numeric entities too (browsers show them
# as-is). One translation pass, so no entity is escaped twice.
_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-.!|~:$^=\n\r"})


def esc(text: str) -> str:
    """Escape ``text`` for HTML and neutralise Markdown in it (for escaped_html)."""
    return text.translate(_ENTITIES)


def highlight(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """``text`` escaped with ``esc``, each merged span wrapped in ``<mark>``."""
    out = []
    pos = 0
    for start, end, sev in merge_spans(tuple(spans)):
        out.append(esc(text[pos:start]))
        out.append(f'<mark class="{esc(sev)}">{esc(text[start:end])}</mark>')
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def safe_md(text: str) -> str:
    """Markdown-escaped text for st.warning/st.error/st.caption and friends."""
    return md_escape(text)


def escaped_html(fragment: str) -> None:
    """Show HTML that was built only from ``html.escape``d pieces."""
    st.markdown(MARK_CSS + fragment, unsafe_allow_html=True)


def show_notes(analysis: DocumentAnalysis) -> None:
    """Skipped stages as info boxes, warnings about the inputs as warnings."""
    for stage, reason in analysis.unavailable.items():
        st.info(safe_md(f"{stage}: {reason}"))
    for warning in analysis.warnings:
        st.warning(safe_md(warning))


def paged(rows: Sequence[Any], key: str, size: int = PAGE_SIZE) -> tuple[Sequence[Any], int]:
    """The current page of ``rows`` (a page picker appears when needed)."""
    total = len(rows)
    _, _, pages = page_bounds(total, 1, size)
    page = 1
    if pages > 1:
        page = int(
            st.number_input(
                f"Page (of {pages}; {total} rows, {size} a page)",
                min_value=1,
                max_value=pages,
                value=1,
                step=1,
                key=key,
            )
        )
    start, end, _ = page_bounds(total, page, size)
    return rows[start:end], start


def run_safely(label: str, func: Callable[[], Any]) -> Any:
    """Run ``func``; a TranscheckError becomes one clear in-page error."""
    try:
        return func()
    except TranscheckError as exc:
        st.error(f"{safe_md(label)}: {safe_md(str(exc))}")
        return None


def downloads(inputs: Inputs) -> None:
    """Download buttons for the HTML, JSON and CSV reports."""
    from transcheck.dashboard.data import rendered

    cols = st.columns(3)
    specs = (
        ("HTML report", "html", "text/html", "transcheck-report.html"),
        ("JSON report", "json", "application/json", "transcheck-report.json"),
        ("CSV (segments)", "csv", "text/csv", "transcheck-segments.csv"),
    )
    for col, (label, fmt, mime, filename) in zip(cols, specs, strict=True):
        with col:
            st.download_button(
                f"Download {label}",
                data=rendered(inputs, fmt),
                file_name=filename,
                mime=mime,
                key=f"download-{fmt}",
            )


def header(inputs: Inputs, title: str) -> None:
    st.title(title)
    st.caption(f"Corpus: {safe_md(inputs.label)}. Change it on the Corpus page.")


def plain_list(title: str, items: Sequence[tuple[int, str]]) -> None:
    if not items:
        return
    parts = "".join(
        f'<div class="tc-row"><span class="tc-muted">[{i}]</span> '
        f'<span class="tc-text">{esc(text)}</span></div>'
        for i, text in items
    )
    st.markdown(f"**{safe_md(title)}**")
    escaped_html(parts)

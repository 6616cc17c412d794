"""Small streamlit building blocks that keep user text as plain text.

Rule: user text goes through ``st.dataframe``/``st.text``/``st.code``, or
through ``html.escape`` (``md_escape`` for Markdown) before any markdown
call; ``unsafe_allow_html`` is used only on HTML built from escaped pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from transcheck.analysis import DocumentAnalysis
from transcheck.dashboard.inputs import Inputs
from transcheck.dashboard.views import PAGE_SIZE, page_bounds
from transcheck.errors import TranscheckError
from transcheck.report import DocumentReport
from transcheck.report.build import merge_spans
from transcheck.report.markdown import md_escape

MARK_CSS = (
    "<style>.tc-text{white-space:pre-wrap;word-break:break-word;line-height:1.5}"
    ".tc-text mark{background:#ffe066;padding:0 1px}.tc-text mark.major{background:#ffb870}"
    ".tc-text mark.critical{background:#ff8a8a}.tc-row{border-bottom:1px solid #eee;"
    "padding:4px 0}.tc-low{background:#fff4d6}.tc-omission{background:#fde2e2}"
    ".tc-addition{background:#e2ecfd}.tc-muted{color:#888;font-size:.85em}"
    ".tc-table{border-collapse:collapse;margin:.3em 0 1em}.tc-table th,.tc-table td{border:1px "
    "solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}.tc-table th{background:#f6f6f6}"
    "</style>"
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


def downloads(report: DocumentReport) -> None:
    """Download buttons for the HTML, JSON and CSV reports, rendered on click."""
    import functools

    from transcheck.report import render

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
                # A callable: a 10k-segment HTML report is built only when asked for.
                data=functools.partial(render, report, fmt),
                file_name=filename,
                mime=mime,
                key=f"download-{fmt}",
                on_click="ignore",
            )


def header(inputs: Inputs, title: str) -> None:
    st.title(title)
    st.caption(f"Corpus: {safe_md(inputs.label)}. Change it on the Corpus page.")
    for note in inputs.notes:
        st.caption(f"Note: {safe_md(note)}")


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


def html_table(rows: Sequence[dict[str, Any]]) -> None:
    """A plain table from escaped cells (no pandas: fast on the first page)."""
    if not rows:
        return
    headers = list(rows[0])
    head = "".join(f"<th>{esc(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row.get(h))}</td>" for h in headers) + "</tr>" for row in rows
    )
    escaped_html(f'<table class="tc-table"><tr>{head}</tr>{body}</table>')


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return f'<span class="tc-text">{esc(str(value))}</span>'


def svg(markup: str) -> None:
    """Inline SVG from transcheck.report.svg (its labels are HTML-escaped there)."""
    st.markdown(f'<div class="tc-svg">{markup}</div>', unsafe_allow_html=True)


_WARMED: set[str] = set()


def warm_up(inputs: Inputs) -> None:
    """After the first page is drawn, load what the other pages need, once.

    A daemon thread imports pandas/pyarrow (st.dataframe) and fills the disk
    cache with the comparison of these inputs, so switching to Alignment,
    Flags or Compare does not wait for them. Best effort: errors are ignored
    (the page itself reports them when it runs).
    """
    import threading

    from transcheck.dashboard import diskcache

    key = diskcache.key_of("warm", (inputs,))
    if key in _WARMED:
        return
    _WARMED.add(key)

    def work() -> None:
        import contextlib
        import time

        # Let the server send the first page before taking the GIL for imports.
        time.sleep(1.5)

        with contextlib.suppress(Exception):
            import pandas  # noqa: F401
            import pyarrow  # noqa: F401
        if len(inputs.system_inputs()) >= 2 and diskcache.cache_dir() is not None:
            from transcheck.dashboard.data import compute_comparison

            with contextlib.suppress(Exception):
                compute_comparison(inputs)

    threading.Thread(target=work, name="transcheck-warm-up", daemon=True).start()

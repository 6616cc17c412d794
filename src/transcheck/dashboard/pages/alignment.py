"""Alignment: beads side by side, low-confidence rows highlighted, omissions and additions."""

from __future__ import annotations

import streamlit as st

from transcheck.dashboard import data, widgets
from transcheck.dashboard.views import alignment_filter, alignment_rows

STATUSES = (
    "ok",
    "low confidence",
    "omission",
    "addition",
    "contains omission",
    "contains addition",
)
_ROW_CLASS = {
    "low confidence": "tc-low",
    "omission": "tc-omission",
    "addition": "tc-addition",
    "contains omission": "tc-omission",
    "contains addition": "tc-addition",
}


def render() -> None:
    inputs = widgets.run_safely("Corpus", data.current_inputs)
    if inputs is None:
        return
    widgets.header(inputs, "Alignment")
    report = widgets.run_safely("Analysis", lambda: data.report_for(inputs))
    if report is None:
        return
    analysis = report.analysis
    if not report.alignment:
        reason = analysis.unavailable.get("align", "no original or alternate translation given")
        st.info(widgets.safe_md(f"Alignment {reason}"))
        return
    counterpart = analysis.counterpart or "counterpart"
    summary = report.summary
    st.markdown(
        f"{summary.get('beads', 0)} beads against the **{counterpart}**: "
        f"{summary.get('omissions', 0)} omissions (1-0), {summary.get('additions', 0)} additions "
        f"(0-1), {summary.get('low_confidence', 0)} low-confidence beads."
    )
    widgets.plain_list(
        f"Omissions: in the {counterpart}, not in the translation",
        [(s.id, s.text) for s in report.omissions],
    )
    widgets.plain_list(
        "Additions: in the translation only", [(s.id, s.text) for s in report.additions]
    )

    chosen = st.multiselect("Show beads", STATUSES, default=[], placeholder="all beads")
    rows = alignment_filter(report.alignment, chosen)
    st.caption(f"{len(rows)} of {len(report.alignment)} beads")
    page, _ = widgets.paged(rows, key="alignment-page")
    table = alignment_rows(page, counterpart)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"confidence": st.column_config.ProgressColumn(min_value=0, max_value=1)},
    )
    st.markdown(
        "**Side by side** (flagged spans marked; low-confidence, omitted and added rows tinted)"
    )
    parts = []
    for row in page:
        css = _ROW_CLASS.get(row.status, "")
        parts.append(
            f'<div class="tc-row {css}"><span class="tc-muted">#{row.index} '
            f"{widgets.esc(row.kind)} "
            f"{widgets.esc(row.status)} · confidence {row.confidence:.2f}</span>"
            f'<div style="display:flex;gap:1em"><div class="tc-text" style="flex:1">'
            f"{widgets.esc(row.source)}</div>"
            f'<div class="tc-text" style="flex:1">{widgets.highlight(row.target, row.spans)}</div>'
            "</div></div>"
        )
    widgets.escaped_html("".join(parts))

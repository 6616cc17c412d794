"""Flags: filter by family, category, severity and rule; spans in context; suggestions."""

from __future__ import annotations

import streamlit as st

from transcheck.dashboard import data, widgets
from transcheck.dashboard.views import FlagFilter, facets, filter_flags, flag_rows


def render() -> None:
    inputs = widgets.run_safely("Corpus", data.current_inputs)
    if inputs is None:
        return
    widgets.header(inputs, "Flags")
    report = widgets.run_safely("Analysis", lambda: data.report_for(inputs))
    if report is None:
        return
    if "flag" in report.analysis.unavailable:
        st.info(widgets.safe_md("Flags " + report.analysis.unavailable["flag"]))
        return
    items = report.flags
    if not items:
        st.success("No flags on this document.")
        return
    values = facets(items)
    cols = st.columns(4)
    flt = FlagFilter(
        families=tuple(cols[0].multiselect("Family", values["families"], key="f-family")),
        categories=tuple(cols[1].multiselect("Category", values["categories"], key="f-category")),
        severities=tuple(cols[2].multiselect("Severity", values["severities"], key="f-severity")),
        rules=tuple(cols[3].multiselect("Rule", values["rules"], key="f-rule")),
        text=st.text_input("Text contains", key="f-text"),
    )
    shown = filter_flags(items, flt)
    st.caption(f"{len(shown)} of {len(items)} flags")
    page, _ = widgets.paged(shown, key="flags-page")
    st.dataframe(flag_rows(page), hide_index=True, width="stretch")

    st.markdown("**In context** (flagged span marked)")
    parts = []
    for item in page:
        sev = widgets.esc(item.severity)
        suggestion = f" → <b>{widgets.esc(item.suggestion)}</b>" if item.suggestion else ""
        parts.append(
            f'<div class="tc-row"><span class="tc-muted">segment {item.segment} · {sev} · '
            f"{widgets.esc(item.category)} · {widgets.esc(item.rule)}</span><br>"
            f'<span class="tc-text">{widgets.esc(item.before)}<mark class="{sev}">'
            f"{widgets.esc(item.span)}</mark>{widgets.esc(item.after)}</span><br>"
            f'<span class="tc-muted">{widgets.esc(item.message)}</span>{suggestion}</div>'
        )
    widgets.escaped_html("".join(parts))

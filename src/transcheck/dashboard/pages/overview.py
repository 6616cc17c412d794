"""Overview: languages, fidelity, flag counts by category and severity, charts."""

from __future__ import annotations

import streamlit as st

from transcheck.dashboard import data, widgets
from transcheck.dashboard.views import segment_rows


def render() -> None:
    inputs = widgets.run_safely("Seed corpus", data.current_inputs)
    if inputs is None:
        return
    widgets.header(inputs, "Overview")
    report = widgets.run_safely("Analysis", lambda: data.report_for(inputs))
    if report is None:
        return
    analysis = report.analysis
    summary = report.summary
    widgets.show_notes(analysis)

    cols = st.columns(5)
    cols[0].metric("Translation language", str(summary.get("tgt_lang") or "unknown"))
    src = summary.get("src_lang") or "–"
    cols[1].metric("Original language", str(src))
    fid = summary.get("fidelity")
    mode = summary.get("score_mode")
    cols[2].metric(
        "Fidelity (0-100)",
        f"{fid:.1f}" if isinstance(fid, float) else "n/a",
        help=f"mode: {mode}" if mode else analysis.unavailable.get("score"),
    )
    cols[3].metric("Flags", int(summary.get("flags", 0)))
    awk = summary.get("awkwardness")
    cols[4].metric("Awkwardness (0-1)", f"{awk:.2f}" if isinstance(awk, float) else "n/a")

    cols = st.columns(4)
    cols[0].metric("Segments", int(summary.get("segments", 0)))
    cols[1].metric("Omissions (1-0)", int(summary.get("omissions", 0)))
    cols[2].metric("Additions (0-1)", int(summary.get("additions", 0)))
    cols[3].metric("Low-confidence beads", int(summary.get("low_confidence", 0)))

    if analysis.scores is not None:
        st.subheader("Fidelity")
        st.markdown(f"Mode: **{widgets.safe_md(analysis.scores.mode)}**")
        for line in analysis.scores.explanation:
            st.markdown(f"- {widgets.safe_md(line)}")
        if analysis.scores.corpus:
            st.dataframe(
                [
                    {
                        "metric": k,
                        "corpus": round(v, 2),
                        "95% CI": "–"
                        if k not in analysis.scores.ci
                        else "{:.1f} – {:.1f}".format(*analysis.scores.ci[k]),
                    }
                    for k, v in analysis.scores.corpus.items()
                ],
                hide_index=True,
            )
        fid_rows = [
            {"segment": r.segment.id, "fidelity": r.fidelity}
            for r in analysis.rows
            if r.fidelity is not None
        ]
        if fid_rows:
            st.bar_chart(fid_rows, x="segment", y="fidelity", height=220)

    st.subheader("Flags by category and severity")
    if "flag" in analysis.unavailable:
        st.info(widgets.safe_md("Flags " + analysis.unavailable["flag"]))
    elif report.by_category:
        chart = [
            {"category": cat, "severity": sev, "flags": n}
            for cat, by_sev in report.by_category.items()
            for sev, n in by_sev.items()
            if n
        ]
        st.bar_chart(chart, x="category", y="flags", color="severity", horizontal=True)
        st.dataframe(
            [{"category": c, **s, "total": sum(s.values())} for c, s in report.by_category.items()],
            hide_index=True,
        )
    else:
        st.success("No flags.")

    st.subheader("Source-language guess")
    guess = analysis.source_guess
    if guess is None:
        st.info(
            widgets.safe_md("Source-language guess " + analysis.unavailable.get("source_guess", ""))
        )
    else:
        if guess.lang:
            st.markdown(
                f"Probably translated from **{widgets.safe_md(guess.lang)}** "
                f"(confidence {guess.confidence:.2f})"
            )
        else:
            st.markdown("No sign that this text was translated from another language.")
        for line in guess.evidence:
            st.markdown(f"- {widgets.safe_md(line)}")

    st.subheader("Languages")
    st.dataframe(
        [
            {
                "role": r.role,
                "file": r.path,
                "language": r.lang,
                "detected": r.detected,
                "confidence": r.confidence,
                "segments": r.segments,
            }
            for r in report.languages
        ],
        hide_index=True,
    )

    st.subheader("Segments")
    rows, _ = widgets.paged(segment_rows(report), key="overview-page")
    st.dataframe(rows, hide_index=True, width="stretch")

    st.subheader("Downloads")
    widgets.downloads(inputs)
    st.caption(f"Signature: `{report.signature.replace('`', '')}`")

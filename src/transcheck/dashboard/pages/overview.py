"""Overview: languages, fidelity, flag counts by category and severity, charts.

The first page people see, so it avoids pandas, pyarrow and altair (over a
second of imports): tables are escaped HTML and charts inline SVG.
"""

from __future__ import annotations

import streamlit as st

from transcheck.dashboard import data, widgets
from transcheck.dashboard.views import segment_rows
from transcheck.report import svg


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
    cols[1].metric("Original language", str(summary.get("src_lang") or "–"))
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

    scores = analysis.scores
    if scores is not None:
        st.subheader("Fidelity")
        st.markdown(f"Mode: **{widgets.safe_md(scores.mode)}**")
        # One element per list, not one per line: fewer elements to draw.
        if scores.explanation:
            st.markdown("\n".join(f"- {widgets.safe_md(line)}" for line in scores.explanation))
        if scores.corpus:
            widgets.html_table(
                [
                    {
                        "metric": k,
                        "corpus": f"{v:.2f}",
                        "95% CI": "{:.1f} – {:.1f}".format(*scores.ci[k])
                        if k in scores.ci
                        else "–",
                    }
                    for k, v in scores.corpus.items()
                ]
            )
        st.caption("Fidelity per translation segment (0-100):")
        widgets.svg(svg.fidelity_strip([r.fidelity for r in analysis.rows]))

    st.subheader("Flags by category and severity")
    if "flag" in analysis.unavailable:
        st.info(widgets.safe_md("Flags " + analysis.unavailable["flag"]))
    elif report.by_category:
        widgets.svg(svg.stacked_severity_chart(report.by_category))
        widgets.html_table(
            [{"category": c, **s, "total": sum(s.values())} for c, s in report.by_category.items()]
        )
    else:
        st.success("No flags.")

    st.subheader("Source-language guess")
    guess = analysis.source_guess
    if guess is None:
        reason = analysis.unavailable.get("source_guess", "")
        st.info(widgets.safe_md(f"Source-language guess {reason}"))
    else:
        if guess.lang:
            st.markdown(
                f"Probably translated from **{widgets.safe_md(guess.lang)}** "
                f"(confidence {guess.confidence:.2f})"
            )
        else:
            st.markdown("No sign that this text was translated from another language.")
        if guess.evidence:
            st.markdown(
                "\n".join(f"- {widgets.safe_md(line)}" for line in dict.fromkeys(guess.evidence))
            )

    st.subheader("Languages")
    widgets.html_table(
        [
            {
                "role": r.role,
                "file": r.path,
                "language": r.lang,
                "detected": r.detected,
                "confidence": "–" if r.confidence is None else f"{r.confidence:.2f}",
                "segments": r.segments,
            }
            for r in report.languages
        ]
    )

    st.subheader("Segments")
    rows, _ = widgets.paged(segment_rows(report), key="overview-page")
    widgets.html_table(rows)

    st.subheader("Downloads")
    widgets.downloads(report)
    st.caption(f"Signature: {widgets.safe_md(report.signature)}")
    widgets.warm_up(inputs)

"""Compare: the systems, significance, divergence hotspots and diffs.

For a corpus with an original, every translation (the translation, the
alternate and any systems) is compared against the original (source mode);
the tables come from ``transcheck.compare.tables``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from transcheck.dashboard import data, widgets


def render() -> None:
    inputs = widgets.run_safely("Corpus", data.current_inputs)
    if inputs is None:
        return
    widgets.header(inputs, "Compare")
    systems = inputs.system_inputs()
    if len(systems) < 2:
        st.info(
            "Compare needs two or more translations of the same text: pick a corpus with an "
            "alternate translation or upload system files on the Corpus page."
        )
        return
    from transcheck.compare import tables

    computed = widgets.run_safely("Compare", lambda: data.comparison_for(inputs))
    if computed is None:
        return
    result, unit_note = computed
    st.caption(
        widgets.safe_md(
            f"{unit_note}; mode {result.mode}; ranked by "
            f"{result.primary} (clusters at p < {result.alpha})"
        )
    )
    for note in result.notes:
        st.info(widgets.safe_md(note))

    st.subheader("Systems")
    st.dataframe(tables.systems_table(result), hide_index=True, width="stretch")

    st.subheader("Significance (paired tests)")
    pairs = tables.pairwise_rows(result)
    if pairs:
        st.dataframe(pairs, hide_index=True, width="stretch")
    else:
        st.info("Only one system: no pairwise tests.")

    st.subheader("Divergence hotspots")
    hotspots = tables.hotspot_rows(result)
    if not hotspots:
        st.info("No hotspots.")
    for spot in hotspots:
        _hotspot(spot)

    st.subheader("Diff of one unit")
    names = list(result.names)
    cols = st.columns(3)
    a = cols[0].selectbox("System A", names, index=0, key="cmp-a")
    b = cols[1].selectbox("System B", names, index=min(1, len(names) - 1), key="cmp-b")
    seg = int(
        cols[2].number_input(
            "Unit", min_value=0, max_value=max(result.n_segments - 1, 0), value=0, key="cmp-seg"
        )
    )
    if result.srcs is not None:
        st.markdown("**Source**")
        st.text(result.srcs[seg])
    widgets.escaped_html(diff_html(tables.diff_view(result.hyps[a][seg], result.hyps[b][seg])))

    st.subheader("Scores per unit")
    rows, _ = widgets.paged(tables.segment_table(result), key="cmp-page")
    st.dataframe(rows, hide_index=True, width="stretch")


def _hotspot(spot: dict[str, Any]) -> None:
    title = f"unit {spot.get('id')}"
    with st.expander(title):
        if spot.get("source"):
            st.markdown("**Source**")
            st.text(str(spot["source"]))
        st.dataframe(
            [
                {"system": s["name"], "score": s.get("score"), "text": s["text"]}
                for s in spot.get("systems", [])
            ],
            hide_index=True,
            width="stretch",
        )


def diff_html(ops: list[dict[str, str]]) -> str:
    """A word diff A -> B from escaped pieces: deletions struck, insertions underlined."""
    parts = []
    for op in ops:
        kind, a, b = op.get("op"), op.get("a", ""), op.get("b", "")
        if kind == "equal":
            parts.append(widgets.esc(a))
        elif kind == "delete":
            parts.append(f'<del style="background:#fde2e2">{widgets.esc(a)}</del>')
        elif kind == "insert":
            parts.append(f'<ins style="background:#e2fde2">{widgets.esc(b)}</ins>')
        else:
            parts.append(
                f'<del style="background:#fde2e2">{widgets.esc(a)}</del>'
                f'<ins style="background:#e2fde2">{widgets.esc(b)}</ins>'
            )
    return f'<div class="tc-text">{"".join(parts)}</div>'

"""Self-contained HTML report of a comparison: one file, no external assets.

Charts are inline SVG drawn here (no JavaScript at all), every piece of
text from the inputs goes through ``html.escape``, and a Content-Security-
Policy forbids loading anything, so the report is safe to open from an
untrusted corpus and works offline. Known limit: with many systems the
charts get crowded (bars stay readable up to ~20 systems).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from transcheck.compare import tables
from transcheck.compare.diff import diff_tokens

if TYPE_CHECKING:
    from transcheck.compare.result import CompareResult

_PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
)

# Per-pair diff tables only up to this many systems (13 systems = 78 pairs).
_PAIR_DIFFS_UP_TO = 6

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em;color:#222;max-width:1200px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#555;font-style:italic}.sig{font-weight:bold}
ins{background:#d4f7d4;text-decoration:none}del{background:#f7d4d4}
mark.sub{background:#fff2b3}.flag{font-size:.85em;color:#8a3b00}
.legend span{display:inline-block;margin-right:1em}
.sw{display:inline-block;width:.8em;height:.8em;margin-right:.3em}
code{font-size:.85em;word-break:break-all}
"""


def render_html(result: CompareResult, title: str = "transcheck compare") -> str:
    """The whole report as one HTML string."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{result.n_segments} segments, {len(result.names)} systems, mode "
        f"<b>{escape(result.mode)}</b>; ranked by <b>{escape(result.primary)}</b>"
        f" ({'higher' if result.higher_is_better else 'lower'} is better); systems in one "
        f"cluster are not significantly different at p &lt; {result.alpha}.</p>",
    ]
    if result.ranking:
        parts.append(f'<p class="ranking">{escape(result.ranking)}</p>')
    parts += [f'<p class="note">{escape(n)}</p>' for n in result.notes]
    parts += _systems_section(result)
    if result.pairwise:
        parts += _pairwise_section(result)
    if result.pairwise and len(result.names) <= _PAIR_DIFFS_UP_TO:
        parts += _pair_diffs_section(result)
    parts += _diagnostics_section(result)
    if result.hotspots:
        parts += _hotspots_section(result)
    parts.append("<h2>Signatures</h2><ul>")
    parts += [
        f"<li>{escape(k)}: <code>{escape(v)}</code></li>" for k, v in result.signatures.items()
    ]
    parts.append("</ul></body></html>\n")
    return "\n".join(parts)


def _el(tag: str, text: str | None = None, **attrs: object) -> str:
    """One SVG element; numbers get one decimal, ``anchor``/``size`` map to
    ``text-anchor``/``font-size``, and the text is escaped."""
    names = {"anchor": "text-anchor", "size": "font-size"}
    rendered = " ".join(
        f'{names.get(k, k)}="{v:.1f}"'
        if isinstance(v, float)
        else f'{names.get(k, k)}="{escape(str(v))}"'
        for k, v in attrs.items()
    )
    if text is None:
        return f"<{tag} {rendered}/>"
    return f"<{tag} {rendered}>{escape(text)}</{tag}>"


def _num(value: float) -> str:
    """Four significant digits (p-values down to 0.0001), fixed point when large."""
    return f"{value:.1f}" if abs(value) >= 1000 else f"{value:.4g}"


def _table(rows: Sequence[dict[str, Any]]) -> list[str]:
    if not rows:
        return ['<p class="note">(empty)</p>']
    headers = list(rows[0])
    out = [
        "<table><thead><tr>"
        + "".join(f"<th>{escape(str(h))}</th>" for h in headers)
        + "</tr></thead><tbody>"
    ]
    for row in rows:
        cells = []
        for h in headers:
            value = row.get(h)
            if isinstance(value, float):
                cells.append(f'<td class="num">{_num(value)}</td>')
            elif isinstance(value, bool) or value is None:
                cells.append(f"<td>{escape(str(value))}</td>")
            elif isinstance(value, int):
                cells.append(f'<td class="num">{value}</td>')
            else:
                cells.append(f"<td>{escape(str(value))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return out


def _systems_section(result: CompareResult) -> list[str]:
    out = ["<h2>Systems</h2>"]
    out += _table(_compact_systems(result))
    out.append(_ci_chart(result))
    flags = tables.flags_table(result)
    if flags:
        out.append("<h3>QA flags per system</h3>")
        out += _table(flags)
    return out


def _ci_chart(result: CompareResult) -> str:
    """Dot-and-whisker plot of the primary score with its 95% interval.

    The axis spans the intervals (not zero-based) so that close systems
    stay distinguishable; the axis limits are printed.
    """
    metric = result.primary
    items = [
        (s.name, s.scores[metric], s.ci.get(metric, (float("nan"),) * 2)) for s in result.systems
    ]
    values = [v for _, v, _ in items] + [x for _, _, ci in items for x in ci if x == x]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.05 or 1.0
    lo, hi = lo - pad, hi + pad
    width, label_w, row_h = 760, 180, 22
    height = row_h * len(items) + 34
    right = width - 70

    def x(v: float) -> float:
        return label_w + (v - lo) / (hi - lo) * (right - label_w)

    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(metric)} per system with 95% confidence intervals">',
        _el("line", x1=label_w, x2=right, y1=height - 22, y2=height - 22, stroke="#999"),
    ]
    for i, (name, value, (clo, chi)) in enumerate(items):
        y = 10 + i * row_h
        colour = _PALETTE[i % len(_PALETTE)]
        svg.append(_el("text", name, x=label_w - 6, y=y + 14, anchor="end", size=12))
        if clo == clo and chi == chi:
            svg.append(_el("line", x1=x(clo), x2=x(chi), y1=y + 10, y2=y + 10, stroke=colour))
            for v in (clo, chi):
                svg.append(_el("line", x1=x(v), x2=x(v), y1=y + 5, y2=y + 15, stroke=colour))
        svg.append(_el("circle", cx=x(value), cy=y + 10, r=4, fill=colour))
        svg.append(_el("text", f"{value:.2f}", x=right + 6, y=y + 14, size=11))
    for v, anchor in ((lo, "start"), (hi, "end")):
        svg.append(_el("text", f"{v:.1f}", x=x(v), y=height - 8, anchor=anchor, size=11))
    axis = f"{metric}, 95% bootstrap interval"
    svg.append(_el("text", axis, x=(label_w + right) / 2, y=height - 8, anchor="middle", size=11))
    svg.append("</svg>")
    return "".join(svg)


def _compact_systems(result: CompareResult) -> list[dict[str, Any]]:
    """The systems table with each metric and its interval in one cell."""
    rows = []
    for s in result.systems:
        row: dict[str, Any] = {"rank": s.rank_range, "system": s.name}
        for metric, value in s.scores.items():
            lo, hi = s.ci.get(metric, (float("nan"), float("nan")))
            row[metric] = f"{_num(value)} [{_num(lo)}, {_num(hi)}]"
        rows.append(row)
    return rows


def _pairwise_section(result: CompareResult) -> list[str]:
    out = [
        "<h2>Pairwise significance</h2>",
        f"<p>p-values on {escape(result.primary)}, approximate randomisation (AR) and paired "
        f"bootstrap; a pair is significant when both p-values are below {result.alpha}. "
        "Win/tie/loss counts single segments.</p>",
    ]
    out += _table(tables.pairwise_rows(result))
    matrix = tables.pairwise_matrix(result)
    names = matrix["systems"]
    out.append(
        "<p>AR p-value matrix (row vs column; green: AR p below alpha).</p><table><tr><th></th>"
        + "".join(f"<th>{escape(n)}</th>" for n in names)
        + "</tr>"
    )
    for i, name in enumerate(names):
        cells = []
        for j in range(len(names)):
            p = matrix["p"][i][j]
            if p is None:
                cells.append("<td></td>")
            else:
                colour = "#c8ecc8" if p < result.alpha else "#ffffff"
                cells.append(f'<td class="num" style="background:{colour}">{_num(p)}</td>')
        out.append(f"<tr><th>{escape(name)}</th>{''.join(cells)}</tr>")
    out.append("</table>")
    return out


def _pair_diffs_section(result: CompareResult) -> list[str]:
    out = [
        "<h2>Word diffs per pair</h2>",
        f"<p>For each pair, the segments where their {escape(result.primary)} differs most; "
        "the second system's text is marked against the first's.</p>",
    ]
    for pr in result.pairwise:
        out.append(f"<h3>{escape(pr.a)} &rarr; {escape(pr.b)}</h3><table>")
        out.append(
            "<tr><th>segment</th><th>"
            + escape(pr.a)
            + "</th><th>"
            + escape(pr.b)
            + " (diff)</th></tr>"
        )
        for i, _ in pr.diffs:
            a_text, b_text = result.hyps[pr.a][i], result.hyps[pr.b][i]
            out.append(
                f'<tr><td class="num">{i}</td><td>{escape(a_text)}</td>'
                f"<td>{_diff_html(a_text, b_text)}</td></tr>"
            )
        out.append("</table>")
    return out


def _diagnostics_section(result: CompareResult) -> list[str]:
    out = ["<h2>Diagnostics</h2>"]
    for table in tables.bucket_series(result):
        out.append(f"<h3>{escape(table['title'])}</h3>")
        out.append(_line_chart(table))
        rows = []
        for name, vals in table["values"].items():
            row: dict[str, Any] = {"system": name}
            for label, v in zip(table["buckets"], vals, strict=True):
                row[label] = v
            rows.append(row)
        count_row: dict[str, Any] = {"system": "(count)"}
        for label, c in zip(table["buckets"], table["counts"], strict=True):
            count_row[label] = c
        out += _table([count_row, *rows])
    ngrams = tables.ngram_rows(result, top=5)
    if ngrams:
        out.append("<h3>N-grams one system matches in the reference far more than another</h3>")
        out += _table(ngrams)
    return out


def _line_chart(table: dict[str, Any]) -> str:
    labels: list[str] = table["buckets"]
    series: dict[str, list[float | None]] = table["values"]
    width, height, pad = 760, 240, 40
    values = [v for vals in series.values() for v in vals if v is not None]
    if not values:
        return ""
    lo, hi = min([0.0, *values]), max([*values, 1e-9])
    step = (width - 2 * pad) / max(len(labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return pad + i * step, height - pad - (v - lo) / ((hi - lo) or 1.0) * (height - 2 * pad)

    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(table["title"])}">',
        _el("line", x1=pad, y1=height - pad, x2=width - pad, y2=height - pad, stroke="#999"),
    ]
    for i, label in enumerate(labels):
        x, _ = xy(i, lo)
        svg.append(_el("text", label, x=x, y=height - pad + 16, anchor="middle", size=11))
    svg.append(f'<text x="4" y="{pad - 8}" font-size="11">{hi:.1f}</text>')
    svg.append(f'<text x="4" y="{height - pad}" font-size="11">{lo:.1f}</text>')
    legend = []
    for k, (name, vals) in enumerate(series.items()):
        colour = _PALETTE[k % len(_PALETTE)]
        points = [xy(i, v) for i, v in enumerate(vals) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            svg.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
            )
        for px, py in points:
            svg.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{colour}"/>')
        legend.append(
            f'<span><span class="sw" style="background:{colour}"></span>{escape(name)}</span>'
        )
    svg.append("</svg>")
    return "".join(svg) + f'<div class="legend">{"".join(legend)}</div>'


def _diff_html(a: str, b: str) -> str:
    """``b`` marked against ``a``: insertions, deletions, substitutions."""
    pieces = []
    for op in diff_tokens(a, b):
        if op.op == "equal":
            pieces.append(escape(op.b_text))
        elif op.op == "insert":
            pieces.append(f"<ins>{escape(op.b_text)}</ins>")
        elif op.op == "delete":
            pieces.append(f"<del>{escape(op.a_text)}</del>")
        else:
            pieces.append(
                f'<del>{escape(op.a_text)}</del><mark class="sub">{escape(op.b_text)}</mark>'
            )
    return "".join(pieces)


def _hotspots_section(result: CompareResult) -> list[str]:
    out = [
        "<h2>Divergence hotspots</h2>",
        f"<p>Segments where the systems' {escape(result.primary)} spreads the most. Each text is "
        "diffed against the segment's best system: <ins>inserted</ins>, <del>deleted</del>, "
        '<del>replaced</del><mark class="sub">by</mark>.</p>',
    ]
    for row in tables.hotspot_rows(result):
        out.append(
            f"<h3>Segment {row['id']} (spread {row['spread']:.1f}, best {escape(row['best'])}, "
            f"worst {escape(row['worst'])})</h3>"
        )
        if row["source"] is not None:
            out.append(f"<p><b>Source:</b> {escape(row['source'])}</p>")
        if row["reference"] is not None:
            out.append(f"<p><b>Reference:</b> {escape(row['reference'])}</p>")
        out.append(
            "<table><tr><th>system</th><th>score</th>"
            "<th>text (diff vs best)</th><th>flags</th></tr>"
        )
        best_text = result.hyps[row["best"]][row["id"]]
        for entry in row["systems"]:
            text = entry["text"]
            shown = escape(text) if entry["name"] == row["best"] else _diff_html(best_text, text)
            flags = "".join(
                f'<div class="flag">{escape(f["severity"])} {escape(f["category"])}: '
                f"{escape(text[f['start'] : f['end']])!r} {escape(str(f['message']))}</div>"
                for f in entry.get("flags", [])
            )
            out.append(
                f'<tr><td>{escape(entry["name"])}</td><td class="num">{entry["score"]:.2f}</td>'
                f"<td>{shown}</td><td>{flags}</td></tr>"
            )
        out.append("</table>")
    return out

"""Tiny inline SVG charts for the self-contained HTML report.

No external assets and no scripts: bars drawn as <rect>, labels as <text>,
every label HTML-escaped. Limits: no axes beyond a baseline, no tooltips
other than <title> elements.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

SEVERITY_COLOURS = {"minor": "#e0b000", "major": "#e06000", "critical": "#c00020"}


def bar_chart(
    items: Sequence[tuple[str, float]], *, width: int = 520, colour: str = "#3a6ea5", unit: str = ""
) -> str:
    """Horizontal bars, one per (label, value); values must be >= 0."""
    if not items:
        return '<p class="muted">nothing to chart</p>'
    bar_h, gap, label_w = 18, 6, 200
    top = max(v for _, v in items) or 1.0
    height = len(items) * (bar_h + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="bar chart">'
    ]
    for i, (label, value) in enumerate(items):
        y = gap + i * (bar_h + gap)
        w = max(1.0, (width - label_w - 60) * value / top)
        text = escape(_short(label, 30))
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">{text}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
            f"<title>{escape(label)}: {value:g}{escape(unit)}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="12">{value:g}{escape(unit)}'
            "</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_severity_chart(counts: dict[str, dict[str, int]], *, width: int = 520) -> str:
    """Categories as rows, bars stacked by severity (minor, major, critical)."""
    if not counts:
        return '<p class="muted">no flags</p>'
    bar_h, gap, label_w = 18, 6, 220
    top = max(sum(c.values()) for c in counts.values()) or 1
    height = len(counts) * (bar_h + gap) + gap + 20
    scale = (width - label_w - 40) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="flags by category and severity">'
    ]
    for i, (category, by_sev) in enumerate(counts.items()):
        y = gap + i * (bar_h + gap)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">'
            f"{escape(_short(category, 32))}</text>"
        )
        x = float(label_w)
        for sev, n in by_sev.items():
            if not n:
                continue
            w = n * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{SEVERITY_COLOURS.get(sev, "#888")}"><title>{escape(category)}, '
                f"{escape(sev)}: {n}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 13}" font-size="12">{sum(by_sev.values())}</text>'
        )
    y = height - 6
    x = float(label_w)
    for sev, colour in SEVERITY_COLOURS.items():
        parts.append(
            f'<rect x="{x:.0f}" y="{y - 10}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14:.0f}" y="{y}" font-size="11">{sev}</text>'
        )
        x += 80
    parts.append("</svg>")
    return "".join(parts)


def fidelity_strip(values: Sequence[float | None], *, width: int = 720, height: int = 60) -> str:
    """One thin bar per segment, height = fidelity 0..100; grey when unscored."""
    if not values:
        return '<p class="muted">no segments</p>'
    step = width / len(values)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 14}" '
        f'role="img" aria-label="fidelity per segment">'
        f'<line x1="0" y1="{height}" x2="{width}" y2="{height}" stroke="#999"/>'
    ]
    for i, value in enumerate(values):
        x = i * step
        if value is None:
            parts.append(
                f'<rect x="{x:.1f}" y="{height - 4}" width="{max(step - 1, 0.5):.1f}" height="4" '
                f'fill="#ccc"><title>segment {i}: not scored</title></rect>'
            )
            continue
        h = max(1.0, height * min(max(value, 0.0), 100.0) / 100)
        colour = "#2e8b57" if value >= 60 else "#e0b000" if value >= 30 else "#c00020"
        parts.append(
            f'<rect x="{x:.1f}" y="{height - h:.1f}" width="{max(step - 1, 0.5):.1f}" '
            f'height="{h:.1f}" fill="{colour}"><title>segment {i}: {value:.1f}</title></rect>'
        )
    parts.append(
        f'<text x="0" y="{height + 12}" font-size="10">segment 0</text>'
        f'<text x="{width}" y="{height + 12}" font-size="10" text-anchor="end">'
        f"segment {len(values) - 1}</text></svg>"
    )
    return "".join(parts)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""Per-segment CSV of a document report (one row a translation segment).

Cells that a spreadsheet would run as a formula (starting with ``= + - @``,
tab or CR) get a leading apostrophe: hostile text must stay text.
"""

from __future__ import annotations

import csv
import io

from transcheck.report.build import DocumentReport

COLUMNS = (
    "id",
    "paragraph",
    "start",
    "end",
    "text",
    "source",
    "reference",
    "bead",
    "confidence",
    "fidelity",
    "awkwardness",
    "flags",
    "rules",
    "worst_severity",
)
_SEVERITY_ORDER = ("minor", "major", "critical")


def render_csv(report: DocumentReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in report.analysis.rows:
        seg = row.segment
        severities = [f.severity for f in row.flags]
        worst = max(severities, key=_SEVERITY_ORDER.index) if severities else ""
        writer.writerow(
            [
                seg.id,
                seg.paragraph,
                seg.start,
                seg.end,
                _safe(seg.text),
                _safe(row.source or ""),
                _safe(row.reference or ""),
                "" if row.bead is None else row.bead,
                _num(row.confidence),
                _num(row.fidelity),
                _num(row.awkwardness),
                len(row.flags),
                _safe(" ".join(dict.fromkeys(f.rule for f in row.flags))),
                worst,
            ]
        )
    return buffer.getvalue()


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"

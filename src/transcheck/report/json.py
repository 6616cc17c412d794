"""The document report as JSON: ``DocumentAnalysis.to_dict()`` plus a header.

Keys are stable (the CI gate and other tools parse them); ``ensure_ascii`` is
off so text stays readable, and JSON string escaping makes any content safe.
"""

from __future__ import annotations

import json

from transcheck.report.build import DocumentReport

FORMAT_VERSION = 1


def report_dict(report: DocumentReport) -> dict[str, object]:
    return {
        "format": "transcheck-document-report",
        "format_version": FORMAT_VERSION,
        "title": report.title,
        **report.analysis.to_dict(),
        "notes": list(report.notes),
    }


def render_json(report: DocumentReport) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"

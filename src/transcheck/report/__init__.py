"""The one-document report: build it from a DocumentAnalysis, render it.

``build_report(analysis)`` gives plain views; ``render(report, fmt)`` turns
them into "html" (self-contained), "md", "json" or "csv" text.
"""

from __future__ import annotations

from transcheck.errors import ConfigError
from transcheck.report.build import DocumentReport, build_report

FORMATS = ("html", "md", "json", "csv")

__all__ = ["FORMATS", "DocumentReport", "build_report", "render"]


def render(report: DocumentReport, fmt: str) -> str:
    """Render ``report`` as ``fmt`` (one of FORMATS)."""
    if fmt == "html":
        from transcheck.report.html import render_html

        return render_html(report)
    if fmt in ("md", "markdown"):
        from transcheck.report.markdown import render_markdown

        return render_markdown(report)
    if fmt == "json":
        from transcheck.report.json import render_json

        return render_json(report)
    if fmt == "csv":
        from transcheck.report.csv import render_csv

        return render_csv(report)
    raise ConfigError(None, f"unknown report format '{fmt}', expected one of {', '.join(FORMATS)}")

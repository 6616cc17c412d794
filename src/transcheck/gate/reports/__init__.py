"""Report writers for ``transcheck check``: JUnit XML, SARIF 2.1.0, Markdown,
JSON, and the console summary. Each renders a CheckReport to text; the CLI
writes files through transcheck.io.output (atomic)."""

from transcheck.gate.reports.json import render_json
from transcheck.gate.reports.junit import render_junit
from transcheck.gate.reports.markdown import render_markdown
from transcheck.gate.reports.sarif import render_sarif
from transcheck.gate.reports.summary import render_summary

__all__ = ["render_json", "render_junit", "render_markdown", "render_sarif", "render_summary"]

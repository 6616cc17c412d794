"""A Markdown summary for a CI job's summary page (e.g. $GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

from transcheck.gate.reports.summary import HEADERS, summary_rows
from transcheck.gate.runner import CheckReport

MAX_FLAGS_LISTED = 15


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: CheckReport) -> str:
    verdict = "❌ failed" if report.failed else "✅ passed"
    out = [f"## transcheck corpus gate: {verdict}", ""]
    out.append("| " + " | ".join(HEADERS) + " |")
    out.append("|" + "---|" * len(HEADERS))
    for row in summary_rows(report):
        out.append("| " + " | ".join(_cell(c) for c in row) + " |")
    out.append("")
    gates = [(r, o) for r in report.results for o in r.outcomes if o.status in ("fail", "warn")]
    if gates:
        out.append("### Gates")
        out.append("")
        for r, o in gates:
            mark = "**FAIL**" if o.status == "fail" else "warn"
            out.append(f"- {mark} `{r.key}` {o.kind} `{o.gate}`: {_cell(o.message)}")
        out.append("")
    for r in report.results:
        if not r.flags:
            continue
        out.append(f"### Flags in `{r.key}` ({int(r.metrics.get('flags', 0))})")
        out.append("")
        out.append("| line:col | severity | rule | category | text | message |")
        out.append("|---|---|---|---|---|---|")
        for f in r.flags[:MAX_FLAGS_LISTED]:
            where = f"{f.line}:{f.column + 1}" if f.column >= 0 else str(f.line)
            out.append(
                f"| {where} | {f.severity} | `{f.rule}` | {_cell(f.category)} | "
                f"{_cell(f.excerpt)} | {_cell(f.message)} |"
            )
        more = len(r.flags) - MAX_FLAGS_LISTED + r.flags_dropped
        if more > 0:
            out.append(f"\n…and {more} more (see the JSON or SARIF report).")
        out.append("")
    notes = sorted({n for r in report.results for n in r.stand_in})
    if notes:
        out.append("### Stand-ins")
        out.append("")
        out.extend(f"- {_cell(n)}" for n in notes)
        out.append("")
    out.append(f"<sub>{report.signature.format()}</sub>")
    return "\n".join(out) + "\n"

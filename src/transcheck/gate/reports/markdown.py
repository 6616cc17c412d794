"""A Markdown summary for a CI job's summary page (e.g. $GITHUB_STEP_SUMMARY).

Everything that comes from user files (corpus and file names, rule ids,
``stand_in`` notes, flag excerpts and messages) is escaped: plain text gets
a backslash before every character that can open Markdown or HTML syntax
(``<``, ``&``, ``[``, ``*``, backticks, ... and a leading ``-``/``+``/``1.``),
so ``<script>`` renders as text; names go in code
spans fenced by more backticks than they contain, and non-printable
characters shown as ``\\x1b``-style escapes (``terminal_safe``). The summary
page renders Markdown to HTML: raw HTML there would run in the viewer.

Known limits: GitHub's summary renderer is not CommonMark-exact; escaping
uses only what CommonMark and GFM agree on (backslash escapes, code spans).
"""

from __future__ import annotations

import html
import re

from transcheck.cli.terminal import terminal_safe
from transcheck.gate.reports.summary import HEADERS, summary_rows
from transcheck.gate.runner import CheckReport

MAX_FLAGS_LISTED = 15
_BACKTICKS = re.compile(r"`+")
# Characters that open inline syntax anywhere (emphasis, code, links, HTML,
# entities, tables, strikethrough, math); list/heading markers at the start.
_INLINE = re.compile(r"([\\`*_{}\[\]()<>&|!~#$=^:])")
_LEADING = re.compile(r"^(\s*)([-+]|\d+[.)])")


def _text(text: str) -> str:
    """User text rendered literally, on one line."""
    text = terminal_safe(text.replace("\r", " ").replace("\n", " "))
    marker = lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}"  # noqa: E731
    return _LEADING.sub(marker, _INLINE.sub(r"\\\1", text))


def _code(text: str, in_table: bool = False) -> str:
    """A code span that ``text`` cannot close: the fence is longer than any run in it."""
    text = terminal_safe(text.replace("\r", " ").replace("\n", " "))
    if not text.strip():
        return _text(text)
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    if in_table:
        # GFM splits table cells before code spans; "\|" inside a span is "|".
        text = text.replace("|", "\\|")
    return f"{fence}{pad}{text}{pad}{fence}"


def render_markdown(report: CheckReport) -> str:
    verdict = "❌ failed" if report.failed else "✅ passed"
    out = [f"## transcheck corpus gate: {verdict}", ""]
    out.append("| " + " | ".join(HEADERS) + " |")
    out.append("|" + "---|" * len(HEADERS))
    for row in summary_rows(report):
        out.append("| " + " | ".join(_text(c) for c in row) + " |")
    out.append("")
    gates = [(r, o) for r in report.results for o in r.outcomes if o.status in ("fail", "warn")]
    if gates:
        out.append("### Gates")
        out.append("")
        for r, o in gates:
            mark = "**FAIL**" if o.status == "fail" else "warn"
            out.append(
                f"- {mark} {_code(r.key)} {_text(o.kind)} {_code(o.gate)}: {_text(o.message)}"
            )
        out.append("")
    for r in report.results:
        if not r.flags:
            continue
        out.append(f"### Flags in {_code(r.key)} ({int(r.metrics.get('flags', 0))})")
        out.append("")
        out.append("| line:col | severity | rule | category | text | message |")
        out.append("|---|---|---|---|---|---|")
        for f in r.flags[:MAX_FLAGS_LISTED]:
            where = f"{f.line}:{f.column + 1}" if f.column >= 0 else str(f.line)
            out.append(
                f"| {where} | {_text(f.severity)} | {_code(f.rule, in_table=True)} | "
                f"{_text(f.category)} | {_text(f.excerpt)} | {_text(f.message)} |"
            )
        more = len(r.flags) - MAX_FLAGS_LISTED + r.flags_dropped
        if more > 0:
            out.append(f"\n…and {more} more (see the JSON or SARIF report).")
        out.append("")
    notes = sorted({n for r in report.results for n in r.stand_in})
    if notes:
        out.append("### Stand-ins")
        out.append("")
        out.extend(f"- {_text(n)}" for n in notes)
        out.append("")
    out.append(f"<sub>{html.escape(terminal_safe(report.signature.format()))}</sub>")
    return "\n".join(out) + "\n"

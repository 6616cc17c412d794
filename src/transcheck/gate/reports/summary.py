"""The console summary table printed by ``transcheck check``."""

from __future__ import annotations

from transcheck.cli.terminal import terminal_safe
from transcheck.gate.results import FileResult
from transcheck.gate.runner import CheckReport


def _status(result: FileResult) -> str:
    return "FAIL" if result.failed else ("WARN" if result.warned else "PASS")


def _num(result: FileResult, metric: str, digits: int = 1) -> str:
    value = result.metrics.get(metric)
    return "-" if value is None else f"{value:.{digits}f}"


def _percent(result: FileResult, metric: str) -> str:
    value = result.metrics.get(metric)
    return "-" if value is None else f"{100 * value:.1f}%"


def summary_rows(report: CheckReport) -> list[list[str]]:
    rows = []
    for r in report.results:
        rows.append(
            [
                r.corpus,
                r.rel,
                str(r.segments),
                _num(r, "fidelity"),
                str(int(r.metrics.get("flags", 0))),
                str(int(r.metrics.get("critical_flags", 0))),
                _percent(r, "awkward_rate"),
                str(int(r.metrics["omissions"])) if "omissions" in r.metrics else "-",
                r.cached,
                _status(r),
            ]
        )
    return rows


HEADERS = [
    "corpus", "file", "segments", "fidelity", "flags", "critical", "awkward",
    "omitted", "cached", "status",
]


def render_summary(report: CheckReport) -> str:
    rows = summary_rows(report)
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(HEADERS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)).rstrip()]
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    lines.append("")
    failed = warned = 0
    for r in report.results:
        for o in r.outcomes:
            if o.status == "fail":
                failed += 1
                lines.append(f"FAIL {r.key}: [{o.kind}] {o.gate}: {o.message}")
            elif o.status == "warn":
                warned += 1
                lines.append(f"warn {r.key}: {o.gate}: {o.message}")
        for note in r.warnings:
            lines.append(f"note {r.key}: {note}")
    notes = sorted({n for r in report.results for n in r.stand_in})
    for note in notes:
        lines.append(f"stand-in: {note}")
    lines.extend(f"note: {w}" for w in report.unused_waivers)
    if report.baseline_updated:
        lines.append(f"baseline written: {report.baseline}")
    verdict = "FAILED" if report.failed else "PASSED"
    lines.append(
        f"gate {verdict}: {len(report.results)} file(s), {failed} failed gate(s), "
        f"{warned} warning(s)"
    )
    # Corpus and file names, messages and notes come from user files: no
    # terminal escape sequence may reach the console.
    return "\n".join(terminal_safe(line) for line in lines) + "\n"

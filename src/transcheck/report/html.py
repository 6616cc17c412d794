"""The document report as one self-contained HTML file.

Inline CSS and inline SVG only: no scripts, no external fonts, images or
stylesheets, so the file opens offline and is safe to attach to a ticket.
Every piece of text that comes from the user's files or from the checks goes
through ``html.escape``; flagged spans are wrapped in ``<mark>`` after
escaping each piece separately.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from transcheck.report import svg
from transcheck.report.build import (
    AlignRow,
    DocumentReport,
    FlagItem,
    LanguageRow,
    merge_spans,
    score_rows,
)

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;
max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f4f4f4}td.num{text-align:right;white-space:nowrap}
tr.low td{background:#fff4d6}tr.omission td{background:#fde2e2}tr.addition td{background:#e2ecfd}
mark{background:#ffe066;padding:0 1px}mark.major{background:#ffb870}
mark.critical{background:#ff8a8a}
.sev{font-weight:600}.sev.major{color:#b34700}.sev.critical{color:#a00018}.sev.minor{color:#806600}
.muted{color:#777}.big{font-size:2.2em;font-weight:700}.note{background:#fff8e1;
border-left:4px solid #e0b000;padding:.4em .8em;margin:.3em 0}
.text{white-space:pre-wrap;word-break:break-word}code{font-size:12px;word-break:break-all}
"""


def render_html(report: DocumentReport) -> str:
    """The whole report as one HTML string."""
    return "".join(iter_html(report))


def iter_html(report: DocumentReport) -> Iterator[str]:
    """The report in chunks (for ``emit``)."""
    yield (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(report.title)}</title><style>{_CSS}</style></head><body>\n"
    )
    yield f"<h1>{escape(report.title)}</h1>\n"
    yield f'<p class="muted"><code>{escape(report.signature)}</code></p>\n'
    for note in report.notes:
        yield f'<div class="note">{escape(note)}</div>\n'
    yield from _languages(report)
    yield from _fidelity(report)
    yield from _source_guess(report)
    yield from _flags(report)
    yield from _alignment(report)
    yield from _signatures(report)
    yield "</body></html>\n"


def _languages(report: DocumentReport) -> Iterator[str]:
    # Numbers right-aligned; the file name as code.
    classes = ("", "", "", "", ' class="num"', ' class="num"')
    yield "<h2>Languages</h2>\n<table><tr>"
    yield "".join(f"<th>{h}</th>" for h in LanguageRow.HEADERS) + "</tr>\n"
    for row in report.languages:
        cells = [escape(c) for c in row.cells()]
        cells[1] = f"<code>{cells[1]}</code>"
        yield "<tr>" + "".join(f"<td{k}>{c}</td>" for k, c in zip(classes, cells, strict=True))
        yield "</tr>\n"
    yield "</table>\n"


def _missing(report: DocumentReport, stage: str, title: str, default: str) -> str:
    """The muted line for a section whose stage did not run, with its reason."""
    reason = report.analysis.unavailable.get(stage, default)
    return f'<p class="muted">{title} {escape(reason)}</p>\n'


def _fidelity(report: DocumentReport) -> Iterator[str]:
    yield "<h2>Fidelity</h2>\n"
    scores = report.analysis.scores
    if scores is None:
        yield _missing(report, "score", "Fidelity", "not scored")
        return
    value = f"{scores.fidelity:.1f}" if scores.fidelity is not None else "–"
    yield (
        f'<p><span class="big">{value}</span> / 100 &nbsp; '
        f"(mode: <b>{escape(scores.mode)}</b>; higher is better)</p>\n"
    )
    for line in scores.explanation:
        yield f"<p>{escape(line)}</p>\n"
    if scores.corpus:
        yield "<table><tr><th>metric</th><th>corpus</th><th>95% CI</th></tr>\n"
        for metric, number, ci_text in score_rows(report.analysis):
            yield (
                f'<tr><td>{escape(metric)}</td><td class="num">{number}</td>'
                f'<td class="num">{ci_text}</td></tr>\n'
            )
        yield "</table>\n"
    yield "<p>Fidelity per translation segment:</p>\n"
    yield svg.fidelity_strip([r.fidelity for r in report.analysis.rows])


def _source_guess(report: DocumentReport) -> Iterator[str]:
    yield "<h2>Source-language guess</h2>\n"
    guess = report.analysis.source_guess
    if guess is None:
        yield _missing(report, "source_guess", "Source-language guess", "not run")
        return
    if guess.lang:
        yield (
            f"<p>Probably translated from <b>{escape(guess.lang)}</b> "
            f"(confidence {guess.confidence:.2f}).</p>\n"
        )
    else:
        yield "<p>No sign that this text was translated from another language.</p>\n"
    if guess.evidence:
        yield "<ul>" + "".join(f"<li>{escape(e)}</li>" for e in guess.evidence) + "</ul>\n"


def _flags(report: DocumentReport) -> Iterator[str]:
    summary = report.summary
    yield "<h2>Flags</h2>\n"
    if "flag" in report.analysis.unavailable:
        yield f'<p class="muted">Flags {escape(report.analysis.unavailable["flag"])}</p>\n'
        return
    sev = summary.get("by_severity", {})
    counts = ", ".join(f"{escape(str(k))}: {v}" for k, v in sev.items())  # type: ignore[union-attr]
    yield f"<p>{len(report.flags)} flags ({counts}) on {summary.get('flagged_segments', 0)} "
    yield f"of {summary.get('segments', 0)} segments.</p>\n"
    yield svg.stacked_severity_chart(report.by_category)
    if not report.flags:
        return
    yield (
        "<table><tr><th>seg</th><th>severity</th><th>category / rule</th><th>in context</th>"
        "<th>message</th><th>suggestion</th></tr>\n"
    )
    for item in report.flags:
        yield _flag_row(item)
    yield "</table>\n"


def _flag_row(item: FlagItem) -> str:
    sev = escape(item.severity)
    context = (
        f'{escape(item.before)}<mark class="{sev}">{escape(item.span)}</mark>{escape(item.after)}'
    )
    suggestion = escape(item.suggestion) if item.suggestion else '<span class="muted">–</span>'
    return (
        f'<tr><td class="num">{item.segment}</td><td class="sev {sev}">{sev}</td>'
        f"<td>{escape(item.category)}<br><code>{escape(item.rule)}</code></td>"
        f'<td class="text">{context}</td><td>{escape(item.message)}</td>'
        f"<td>{suggestion}</td></tr>\n"
    )


def _alignment(report: DocumentReport) -> Iterator[str]:
    analysis = report.analysis
    yield "<h2>Alignment</h2>\n"
    if not report.alignment:
        yield _missing(report, "align", "Alignment", "no original or alternate given")
        return
    counterpart = escape(analysis.counterpart or "counterpart")
    s = report.summary
    yield (
        f"<p>{s.get('beads', 0)} beads against the {counterpart}; "
        f"{s.get('omissions', 0)} omissions (1-0), {s.get('additions', 0)} additions (0-1), "
        f"{s.get('low_confidence', 0)} low-confidence beads (highlighted).</p>\n"
    )
    yield from _segment_list(
        "Omissions (in the " + (analysis.counterpart or "") + ", not translated)",
        [(seg.id, seg.text) for seg in report.omissions],
    )
    yield from _segment_list(
        "Additions (in the translation only)", [(seg.id, seg.text) for seg in report.additions]
    )
    yield (
        f"<table><tr><th>#</th><th>bead</th><th>{counterpart}</th><th>translation</th>"
        "<th>confidence</th><th>fidelity</th></tr>\n"
    )
    for row in report.alignment:
        yield _align_row(row)
    yield "</table>\n"


def _segment_list(title: str, items: list[tuple[int, str]]) -> Iterator[str]:
    if not items:
        return
    yield f"<h3>{escape(title)}</h3>\n<ul>"
    for seg_id, text in items:
        yield (
            f'<li><span class="muted">[{seg_id}]</span> '
            f'<span class="text">{escape(text)}</span></li>'
        )
    yield "</ul>\n"


def _align_row(row: AlignRow) -> str:
    css = {
        "omission": "omission",
        "addition": "addition",
        "contains addition": "addition",
        "contains omission": "omission",
        "low confidence": "low",
    }.get(row.status, "")
    fid = f"{row.fidelity:.1f}" if row.fidelity is not None else "–"
    src_ids = ",".join(map(str, row.src_ids)) or "–"
    tgt_ids = ",".join(map(str, row.tgt_ids)) or "–"
    return (
        f'<tr class="{css}"><td class="num">{row.index}</td>'
        f'<td>{escape(row.kind)} <span class="muted">[{src_ids}]→[{tgt_ids}] {escape(row.status)}'
        f'</span></td><td class="text">{escape(row.source)}</td>'
        f'<td class="text">{highlight_html(row.target, row.spans)}</td>'
        f'<td class="num">{row.confidence:.2f}</td><td class="num">{fid}</td></tr>\n'
    )


def highlight_html(text: str, spans: tuple[tuple[int, int, str], ...]) -> str:
    """``text`` escaped, with each (merged) span wrapped in ``<mark>``."""
    out = []
    pos = 0
    for start, end, sev in merge_spans(spans):
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{escape(sev)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _signatures(report: DocumentReport) -> Iterator[str]:
    yield "<h2>Signatures</h2>\n<ul>"
    yield f"<li><code>{escape(report.signature)}</code></li>"
    scores = report.analysis.scores
    if scores is not None:
        for sig in scores.signatures:
            yield f"<li><code>{escape(sig)}</code></li>"
    yield "</ul>\n"

"""The document report as Markdown (GitHub-flavoured tables).

All user text is escaped with ``md_escape``: every ASCII punctuation
character that Markdown or GFM could interpret (emphasis, links, headings,
tables, HTML, autolinks, math) gets a backslash, and line breaks become
spaces so a segment can never break out of its table cell. Flagged spans are
shown in **bold**.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from transcheck.report.build import DocumentReport, FlagItem, LanguageRow, score_rows

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&:$=\"'^@])")
_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")


def md_escape(text: str) -> str:
    """Escape ``text`` so that Markdown renders it literally, on one line."""
    return _SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", text))


def render_markdown(report: DocumentReport) -> str:
    return "".join(iter_markdown(report))


def iter_markdown(report: DocumentReport) -> Iterator[str]:
    analysis = report.analysis
    summary = report.summary
    yield f"# {md_escape(report.title)}\n\n"
    yield f"`{_code(report.signature)}`\n\n"
    for note in report.notes:
        yield f"> **Note:** {md_escape(note)}\n\n"

    yield "## Languages\n\n| " + " | ".join(LanguageRow.HEADERS) + " |\n"
    yield "|---" * len(LanguageRow.HEADERS) + "|\n"
    for row in report.languages:
        *text, conf, segments = row.cells()  # the numbers need no escaping
        yield "| " + " | ".join([*(md_escape(c) for c in text), conf, segments]) + " |\n"

    yield "\n## Fidelity\n\n"
    scores = analysis.scores
    if scores is None:
        yield f"Fidelity {md_escape(analysis.unavailable.get('score', 'not scored'))}\n"
    else:
        value = f"{scores.fidelity:.1f}" if scores.fidelity is not None else "–"
        yield f"**{value} / 100** (mode: {md_escape(scores.mode)}; higher is better)\n\n"
        for line in scores.explanation:
            yield f"- {md_escape(line)}\n"
        if scores.corpus:
            yield "\n| metric | corpus | 95% CI |\n|---|---|---|\n"
            for metric, number, ci_text in score_rows(analysis):
                yield f"| {md_escape(metric)} | {number} | {ci_text} |\n"

    yield "\n## Source-language guess\n\n"
    guess = analysis.source_guess
    if guess is None:
        yield f"Source-language guess {md_escape(analysis.unavailable.get('source_guess', ''))}\n"
    else:
        if guess.lang:
            yield (
                f"Probably translated from **{md_escape(guess.lang)}** "
                f"(confidence {guess.confidence:.2f}).\n\n"
            )
        else:
            yield "No sign that this text was translated from another language.\n\n"
        for line in guess.evidence:
            yield f"- {md_escape(line)}\n"

    yield "\n## Flags\n\n"
    if "flag" in analysis.unavailable:
        yield f"Flags {md_escape(analysis.unavailable['flag'])}\n"
    else:
        sev = summary.get("by_severity", {})
        counts = ", ".join(f"{k}: {v}" for k, v in sev.items())
        yield (
            f"{len(report.flags)} flags ({counts}) on {summary.get('flagged_segments', 0)} of "
            f"{summary.get('segments', 0)} segments.\n\n"
        )
        if report.by_category:
            yield "| category | minor | major | critical | total |\n|---|---|---|---|---|\n"
            for category, by_sev in report.by_category.items():
                cells = " | ".join(str(by_sev.get(s, 0)) for s in ("minor", "major", "critical"))
                yield f"| {md_escape(category)} | {cells} | {sum(by_sev.values())} |\n"
            yield "\n| seg | severity | category / rule | in context | message | suggestion |\n"
            yield "|---|---|---|---|---|---|\n"
            for item in report.flags:
                yield _flag_row(item)

    yield "\n## Alignment\n\n"
    if not report.alignment:
        yield f"Alignment {md_escape(analysis.unavailable.get('align', 'no counterpart given'))}\n"
    else:
        counterpart = md_escape(analysis.counterpart or "counterpart")
        yield (
            f"{summary.get('beads', 0)} beads against the {counterpart}; "
            f"{summary.get('omissions', 0)} omissions, {summary.get('additions', 0)} additions, "
            f"{summary.get('low_confidence', 0)} low-confidence beads.\n\n"
        )
        if report.omissions:
            yield "**Omissions** (not translated):\n\n"
            for seg in report.omissions:
                yield f"- \\[{seg.id}\\] {md_escape(seg.text)}\n"
            yield "\n"
        if report.additions:
            yield "**Additions** (in the translation only):\n\n"
            for seg in report.additions:
                yield f"- \\[{seg.id}\\] {md_escape(seg.text)}\n"
            yield "\n"
        yield f"| # | bead | status | {counterpart} | translation | confidence | fidelity |\n"
        yield "|---|---|---|---|---|---|---|\n"
        for row in report.alignment:
            fid = f"{row.fidelity:.1f}" if row.fidelity is not None else "–"
            status = f"**{row.status}**" if row.status != "ok" else "ok"
            yield (
                f"| {row.index} | {row.kind} | {status} | {md_escape(row.source)} | "
                f"{md_escape(row.target)} | {row.confidence:.2f} | {fid} |\n"
            )

    yield "\n## Signatures\n\n"
    yield f"- `{_code(report.signature)}`\n"
    if scores is not None:
        for sig in scores.signatures:
            yield f"- `{_code(sig)}`\n"


def _flag_row(item: FlagItem) -> str:
    return (
        f"| {item.segment} | {md_escape(item.severity)} | {md_escape(item.category)} / "
        f"{md_escape(item.rule)} | {md_escape(item.before)}{_bold(item.span)}"
        f"{md_escape(item.after)} | {md_escape(item.message)} | "
        f"{md_escape(item.suggestion) if item.suggestion else '–'} |\n"
    )


def _bold(span: str) -> str:
    core = span.strip()
    if not core:
        return md_escape(span)
    lead = span[: len(span) - len(span.lstrip())]
    trail = span[len(span.rstrip()) :]
    return f"{md_escape(lead)}**{md_escape(core)}**{md_escape(trail)}"


def _code(text: str) -> str:
    # Inside a code span only backticks and line breaks matter.
    return _BREAKS.sub(" ", text).replace("`", "'")

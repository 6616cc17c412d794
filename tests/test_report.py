"""Report views and renderers: content, escaping, self-containment, CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from test_report_factory import make_analysis
from transcheck.cli.main import main
from transcheck.model import Flag
from transcheck.report import build_report, render
from transcheck.report.build import merge_spans
from transcheck.report.html import highlight_html
from transcheck.report.markdown import md_escape

HOSTILE_EN = (
    "Putin said <script>alert('x')</script> nothing. "
    "Click **here** and [win](javascript:alert(1)) now! "
    "The <img src=x onerror=alert(2)> tag & co. are text."
)
HOSTILE_DE = (
    "Putin sagte <script>alert('x')</script> nichts. "
    "Klicken Sie **hier** und [gewinnen](javascript:alert(1)) jetzt! "
    "Das <img src=x onerror=alert(2)> Tag & Co. sind Text."
)


def hostile_report():
    seg0 = "Putin said <script>alert('x')</script> nothing."
    seg1 = "Click **here** and [win](javascript:alert(1)) now!"
    s0 = seg0.index("<script>")
    s1 = seg1.index("**here**")
    flags = {
        0: [
            Flag(
                "script_tag",
                "Fluency/Markup",
                "critical",
                s0,
                s0 + len("<script>alert('x')</script>"),
                "markup <b>in</b> text",
                suggestion="<remove>",
            )
        ],
        1: [Flag("bold", "Style/Awkward", "minor", s1, s1 + 8, "emphasis", suggestion="here")],
    }
    analysis = make_analysis(
        HOSTILE_EN,
        original=HOSTILE_DE,
        beads=[((0,), (0,), 0.9), ((1,), (1,), 0.2), ((2,), (2,), 0.8)],
        flags=flags,
        fidelity=[70.0, 20.0, 90.0],
    )
    return build_report(analysis)


class _Tags(HTMLParser):
    """Collects the real tags and attributes of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_escapes_every_user_text_and_is_self_contained() -> None:
    html = render(hostile_report(), "html")
    parser = _Tags()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    # No active content and no external resources among the real tags.
    assert names.isdisjoint({"script", "img", "iframe", "link", "object", "embed", "a"})
    for _tag, attrs in parser.tags:
        assert not [a for a in attrs if a.startswith("on") or a in ("src", "href")]
    assert {"svg", "table", "mark", "style"} <= names  # charts are inline SVG
    assert "javascript:alert(1)" in html  # still visible, as plain text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "markup &lt;b&gt;in&lt;/b&gt; text" in html


def test_html_marks_flag_span_and_low_confidence_rows() -> None:
    report = hostile_report()
    html = render(report, "html")
    assert '<mark class="critical">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</mark>' in html
    assert html.count('<tr class="low">') == 1  # one bead at confidence 0.2
    assert [r.status for r in report.alignment] == ["ok", "low confidence", "ok"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**bold**", r"\*\*bold\*\*"),
        ("[a](javascript:x)", r"\[a\]\(javascript\:x\)"),
        ("# Überschrift", r"\# Überschrift"),
        ("a | b", r"a \| b"),
        ("<script>", r"\<script\>"),
        ("line1\nline2", "line1 line2"),
        ("1. Punkt_eins", r"1\. Punkt\_eins"),
        ("キエフ `code`", r"キエフ \`code\`"),
        ("Путин ~~нет~~", r"Путин \~\~нет\~\~"),
    ],
)
def test_md_escape_table(text: str, expected: str) -> None:
    assert md_escape(text) == expected


def test_markdown_has_no_unescaped_user_markup() -> None:
    md = render(hostile_report(), "md")
    assert "<script>" not in md
    assert "**here**" not in md  # the user's bold stays literal (escaped)
    assert r"\*\*here\*\*" in md
    assert "**<**" not in md
    # The flagged span is bolded, with its content escaped.
    assert r"**\<script\>alert\(\'x\'\)\</script\>**" in md
    for line in md.splitlines():
        if line.startswith("| ") and "script" in line:
            # Escaped pipes only: the row keeps its column count.
            assert len(re.findall(r"(?<!\\)\|", line)) in (7, 8)


def test_json_report_round_trips_texts_and_offsets() -> None:
    report = hostile_report()
    data = json.loads(render(report, "json"))
    assert data["format"] == "transcheck-document-report"
    text = report.analysis.translation.document.text
    assert [s["text"] for s in data["segments"]] == [r.segment.text for r in report.analysis.rows]
    for seg in data["segments"]:
        assert text[seg["start"] : seg["end"]] == seg["text"]
    assert data["summary"]["by_severity"] == {"minor": 1, "major": 0, "critical": 1}
    assert data["alignment"]["beads"][1] == {
        "src": [1],
        "tgt": [1],
        "kind": "1-1",
        "cost": pytest.approx(0.8),
        "confidence": 0.2,
    }


def test_csv_neutralises_formulas_and_keeps_rows() -> None:
    analysis = make_analysis('=HYPERLINK("http://x") ist gut. +1 oder -1? @alle lesen.')
    out = render(build_report(analysis), "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["text"] for r in rows] == [
        '\'=HYPERLINK("http://x") ist gut.',
        "'+1 oder -1?",
        "'@alle lesen.",
    ]
    assert len(rows) == len(analysis.rows)


def test_flag_items_context_and_order() -> None:
    report = hostile_report()
    first, second = report.flags
    assert first.severity == "critical" and second.severity == "minor"  # most severe first
    seg0 = report.analysis.rows[0].segment.text
    assert first.before + first.span + first.after == seg0
    assert first.span == "<script>alert('x')</script>"


def test_merge_spans_and_highlight_escape() -> None:
    assert merge_spans(((0, 4, "minor"), (2, 6, "critical"), (8, 9, "major"))) == [
        (0, 6, "critical"),
        (8, 9, "major"),
    ]
    assert highlight_html("a<b>c", ((1, 4, "minor"),)) == 'a<mark class="minor">&lt;b&gt;</mark>c'


def test_notes_show_unavailable_stages() -> None:
    analysis = make_analysis("Ein Satz.", unavailable={"score": "not available: no counterpart"})
    html = render(build_report(analysis), "html")
    assert "score: not available: no counterpart" in html


def test_unknown_format_is_a_config_error() -> None:
    from transcheck.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown report format"):
        render(hostile_report(), "pdf")


# --- CLI ---------------------------------------------------------------------


def test_cli_report_on_seed_writes_html(tmp_path: Path, seed_corpus: Path) -> None:
    if not (seed_corpus / "translation.en.txt").is_file():
        pytest.skip("seed corpus not present")
    out = tmp_path / "seed.html"
    assert main(["report", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "translation.en.txt" in html
    assert "original.de.txt" in html
    assert "Leave a Reply" in html  # the scraper residue is shown in the alignment


def test_cli_report_markdown_with_alternate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tr = tmp_path / "t.en.txt"
    alt = tmp_path / "a.en.txt"
    tr.write_text("The talks were planned for January. Kiev denies it.\n", encoding="utf-8")
    alt.write_text("The talks are planned for January. Kyiv denies this.\n", encoding="utf-8")
    assert main(["report", str(tr), "--alternate", str(alt), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Translation report")
    assert "| alternate |" in md


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary"),
        (b"abc\x00def\n", "NUL"),
    ],
)
def test_cli_report_bad_input_exit_2_one_line_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, problem: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out.html"
    assert main(["report", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "bad.txt" in err and problem in err
    assert not out.exists()
    assert not list(tmp_path.glob(".transcheck-*"))


def test_cli_report_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "/nonexistent/x.txt"]) == 2
    assert "/nonexistent/x.txt: no such file" in capsys.readouterr().err


# The README's report examples, run as written (paths relative to the repo root).
README_EXAMPLES = [
    "report -o {tmp}/seed.html",
    "report corpora/seed-biden-putin/translation.en.txt"
    " --original corpora/seed-biden-putin/original.de.txt --src-lang de --tgt-lang en --format md",
    "report corpora/seed-biden-putin/translation.en.txt"
    " --alternate corpora/seed-biden-putin/alternate.en.txt --format json -o {tmp}/report.json",
]


@pytest.mark.parametrize("example", README_EXAMPLES)
def test_readme_report_examples_run(
    example: str,
    tmp_path: Path,
    seed_corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if not (seed_corpus / "translation.en.txt").is_file():
        pytest.skip("seed corpus not present")
    monkeypatch.chdir(seed_corpus.parent.parent)
    assert main(example.format(tmp=tmp_path).split()) == 0
    out = capsys.readouterr().out
    if " -o " in example:
        written = next(tmp_path.iterdir())
        content = written.read_text(encoding="utf-8")
        if written.suffix == ".json":
            data = json.loads(content)
            assert data["alternate"]["path"].endswith("alternate.en.txt")
            assert data["original"] is None
        else:
            assert content.startswith("<!DOCTYPE html>")
    else:
        assert out.startswith("# Translation report")
        assert "original\\.de\\.txt" in out


def test_cli_html_report_of_hostile_document_has_no_active_content(tmp_path: Path) -> None:
    tr = tmp_path / "hostile.en.txt"
    alt = tmp_path / "alt.en.txt"
    tr.write_text(
        "Putin said <script>alert(1)</script> nothing. Click [here](javascript:alert(2)).\n\n"
        "<img src=x onerror=alert(3)> **Kiev** denies it.\n",
        encoding="utf-8",
    )
    alt.write_text(
        "Putin said nothing. Click here.\n\nKyiv denies it.\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    assert main(["report", str(tr), "--alternate", str(alt), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    assert names.isdisjoint({"script", "img", "a", "iframe", "link"})
    for _tag, attrs in parser.tags:
        assert not [a for a in attrs if a.startswith("on") or a in ("src", "href")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

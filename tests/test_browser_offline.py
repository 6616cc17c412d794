"""Rendered, in headless Chromium: the gate's Markdown summary runs no script,
and the dashboard makes no request outside the machine.

The Markdown summary of a corpus whose names, ``stand_in`` and segment text
carry HTML and script is rendered with markdown-it-py (CommonMark + tables,
raw HTML allowed, as a CI summary page renders it) and loaded into Chromium;
no dialog may fire and no element may come from the user text. The dashboard
is started with ``streamlit run app.py`` and every request the browser makes
while visiting each page is recorded: all must go to 127.0.0.1 (it used to
fetch the favicon from fonts.gstatic.com). Skips when chromium or playwright
is missing; the server is always killed.
"""

from __future__ import annotations

import contextlib
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard_server import running_dashboard
from transcheck.cli.main import main

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def _hostile_corpus(folder: Path) -> Path:
    folder.mkdir()
    name = "x`` <img src=q onerror=alert(11)>.tsv"
    (folder / name).write_text(
        "The museum is closed on Mondays.\tDas Museum ist montags geschlossen.\n"
        "Visit Kyiv.\tBesuchen Sie <img src=x onerror=alert(12)> <script>alert(13)</script> "
        "Kiev.\n",
        encoding="utf-8",
    )
    (folder / "glossary.tsv").write_text("source\ttarget\tforbidden\n\tKyiv\tKiev\n", "utf-8")
    (folder / "corpus.toml").write_text(
        '[corpus]\nname = "c<svg onload=alert(14)>`` `"\nlicense = "MIT"\n'
        'source_lang = "en"\ntarget_lang = "de"\nunit = "line"\nglossary = "glossary.tsv"\n\n'
        f'[[files]]\npath = "{name}"\nrole = "pairs"\nformat = "tsv"\n'
        'stand_in = "<iframe src=javascript:alert(15)></iframe> ``<b onmouseover=alert(16)>``"\n\n'
        '[thresholds]\nflags = "== 0"\n',
        encoding="utf-8",
    )
    return folder


def test_markdown_summary_runs_no_script_in_chromium(
    browser, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from markdown_it import MarkdownIt

    corpus = _hostile_corpus(tmp_path / "corpus")
    summary = tmp_path / "summary.md"
    code = main(["check", str(corpus), "--no-cache", "--markdown", str(summary), "-q"])
    capsys.readouterr()
    assert code == 1  # the flags gate fails on the forbidden term
    # html=True: raw HTML passes through, as on a CI summary page.
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(
        summary.read_text(encoding="utf-8")
    )
    dialogs: list[str] = []
    page = browser.new_page()
    try:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.set_content(f"<!doctype html><html><body>{html}</body></html>")
        page.wait_for_timeout(500)
        page.mouse.move(10, 10)
        for box in page.locator("td, li, code").all()[:60]:
            with contextlib.suppress(Exception):
                box.hover(timeout=200)
        tags = page.evaluate(
            "[...document.querySelectorAll('img,script,svg,iframe,b,a')].map(e => e.tagName)"
        )
        body = page.inner_text("body")
    finally:
        page.close()
    assert dialogs == []
    assert tags == []
    assert "<script>alert(13)</script>" in body  # shown as text, not run
    assert "onerror=alert(11)" in body


@pytest.fixture(scope="module")
def dashboard() -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    with running_dashboard(90) as url:
        yield url


@pytest.mark.timeout(300)
def test_dashboard_requests_nothing_outside_the_machine(dashboard: str, browser) -> None:
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    # Block (and record) anything external, so the test never needs a network.
    page.route(
        "**/*",
        lambda route: route.abort()
        if urllib.parse.urlsplit(route.request.url).hostname not in ("127.0.0.1", None)
        else route.continue_(),
    )
    page.on("request", lambda r: requests.append(r.url))
    try:
        for path, heading in [("", "Overview"), ("flags", "Flags"), ("corpus", "Corpus")]:
            page.goto(f"{dashboard}/{path}")
            page.get_by_role("heading", name=heading).first.wait_for(timeout=180_000)
            page.wait_for_timeout(1500)
        favicon = page.evaluate(
            "(document.querySelector(\"link[rel='shortcut icon'], link[rel='icon']\") || {}).href"
        )
    finally:
        page.close()
    external = [
        u for u in requests
        if urllib.parse.urlsplit(u).scheme in ("http", "https", "ws", "wss")
        and urllib.parse.urlsplit(u).hostname != "127.0.0.1"
    ]  # fmt: skip
    assert requests, "the browser recorded no request at all"
    assert external == []
    assert favicon is None or not favicon.startswith("https://fonts.gstatic.com")

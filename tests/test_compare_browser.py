"""The HTML comparison report opens in a real headless Chromium without a
console error, a failed request or a Content-Security-Policy violation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from transcheck.compare import compare_systems, render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

REF = [
    "Biden warned Putin not to invade Ukraine.",
    "Putin in turn warned Biden against sanctions.",
    "Kyiv denies any plans to attack.",
    "Moscow is demanding security guarantees from the West.",
]
SYSTEMS = {
    "fluent": [
        "Biden warned Putin not to invade Ukraine.",
        "Putin in turn warned Biden against sanctions.",
        "Kyiv denies any plans to attack.",
        "Moscow demands security guarantees from the West.",
    ],
    "literal <i>": [
        "Biden has Putin warned before an invasion of the Ukraine.",
        "Putin for his part warned Biden before sanctions.",
        'Kiev denies every attack plans. <script>console.error("injected")</script>',
        "The security guarantees demanded by the West by Moscow.",
    ],
    "mixed": [
        "Biden warned Putin not to invade Ukraine.",
        "Putin for his part warned Biden before sanctions.",
        "Kyiv denies any plans to attack.",
        "The security guarantees demanded by the West by Moscow.",
    ],
}


@pytest.mark.browser
def test_report_opens_in_headless_chromium_without_console_errors(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="python playwright is not installed"
    )

    result = compare_systems(
        SYSTEMS, [REF], tgt_lang="en", bootstrap=200, ar_trials=500, fidelity=False, flags=False
    )
    page_path = tmp_path / "compare.html"
    page_path.write_text(render_html(result), encoding="utf-8")

    messages: list[str] = []
    failed: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            title = page.title()
            svg_count = page.locator("svg").count()
            hotspot_text = page.locator("body").inner_text()
        finally:
            browser.close()

    errors = [m for m in messages if m.startswith(("error", "pageerror"))]
    assert errors == []
    assert failed == []
    assert title == "transcheck compare"
    assert svg_count >= 2  # the CI chart and at least one diagnostics chart
    # hostile text is shown as text, not run
    assert '<script>console.error("injected")</script>' in hotspot_text
    assert "literal <i>" in hotspot_text

"""The dashboard in a real headless Chromium (Debian chromium + playwright).

Starts ``streamlit run app.py`` on a free port, loads each page, checks the
visible text, uploads hostile and oversized files, and saves screenshots to
tests/artifacts/ (gitignored). Skips cleanly when chromium or playwright is
missing; the server is always killed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard_server import running_dashboard

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = "Putin said <script>window.__pwned = 1</script> **nothing** [x](javascript:alert(1)).\n"

# (url path, heading, a text the page must show)
PAGES = [
    ("", "Overview", "Fidelity (0-100)"),
    ("alignment", "Alignment", "beads against the"),
    ("flags", "Flags", "Severity"),
    ("compare", "Compare", "Systems"),
    ("corpus", "Corpus", "Upload your own files"),
]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    pytest.importorskip("playwright.sync_api")
    with running_dashboard(60) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def _wait_for_text(page, text: str, timeout: float = 60_000) -> None:
    page.get_by_text(text, exact=False).first.wait_for(state="visible", timeout=timeout)


def _wait_until_idle(page, timeout: float = 120_000) -> None:
    """Until the script run ends and lazily loaded elements replaced their skeletons."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidgetRunningIcon"]').wait_for(
        state="detached", timeout=timeout
    )
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
        timeout=timeout,
    )


@pytest.mark.parametrize(("path", "heading", "text"), PAGES)
def test_page_loads_in_chromium(server: str, browser, path: str, heading: str, text: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{server}/{path}")
        page.get_by_role("heading", name=heading).first.wait_for(timeout=120_000)
        _wait_for_text(page, text)
        _wait_until_idle(page)
        body = page.inner_text("body")
        assert "Traceback" not in body
        assert "seed corpus" in body or path == "corpus"
        page.screenshot(path=str(ARTIFACTS / f"dashboard-{path or 'overview'}.png"), full_page=True)
    finally:
        page.close()


def test_uploads_hostile_text_and_oversized_file(server: str, browser, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    hostile = tmp_path / "hostile.en.txt"
    hostile.write_text(HOSTILE * 3, encoding="utf-8")
    big = tmp_path / "big.en.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing it
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    try:
        page.goto(f"{server}/corpus")
        _wait_for_text(page, "Upload your own files")
        inputs = page.locator("input[type=file]")
        # Streamlit refuses the 50 MB file in the page, stating its limit.
        inputs.nth(1).set_input_files(str(big))
        chip = page.get_by_text("big.en.txt").first
        chip.wait_for(timeout=30_000)
        chip.hover()
        _wait_for_text(page, "File must be 20.0MB or smaller", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "dashboard-upload-too-big.png"), full_page=True)
        # A binary file: one clear error in the page, naming the file.
        binary = tmp_path / "photo.png"
        binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
        inputs.nth(0).set_input_files(str(binary))
        page.get_by_role("button", name="Analyse upload").click()
        _wait_for_text(page, "photo.png: this is a binary file (PNG image), not text")
        assert "Traceback" not in page.inner_text("body")
        inputs.nth(0).set_input_files(str(hostile))
        page.get_by_role("button", name="Analyse upload").click()
        _wait_for_text(page, "Loaded upload", timeout=180_000)  # a cold first analysis
        page.get_by_role("link", name="Overview").first.click()
        page.get_by_role("heading", name="Overview").first.wait_for(timeout=120_000)
        _wait_for_text(page, "Segments")
        assert page.evaluate("window.__pwned === undefined")
        page.get_by_role("link", name="Flags").first.click()
        page.get_by_role("heading", name="Flags").first.wait_for(timeout=120_000)
        page.get_by_role("link", name="Alignment").first.click()
        page.get_by_role("heading", name="Alignment").first.wait_for(timeout=120_000)
        page.get_by_role("link", name="Overview").first.click()
        page.get_by_role("heading", name="Overview").first.wait_for(timeout=120_000)
        page.wait_for_timeout(1000)
        assert page.evaluate("window.__pwned === undefined")
        # No link was made from the user's Markdown.
        assert page.locator('a[href^="javascript"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / "dashboard-hostile.png"), full_page=True)
    finally:
        page.close()

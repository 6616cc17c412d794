"""The Streamlit dashboard with streamlit.testing.v1.AppTest.

Every page renders on the seed and on a two-system comparison, filters
change the tables, hostile text stays plain text, and bad uploads give one
clear message each.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from transcheck.dashboard import PAGES
from transcheck.dashboard.data import STATE_KEY
from transcheck.dashboard.inputs import Inputs, TextInput
from transcheck.dashboard.pages.corpus import build_upload_inputs

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # seconds per script run; analyses are cached across runs

HOSTILE = (
    "Putin said <script>alert('x')</script> nothing.\n"
    "Click **here** and [win](javascript:alert(1)) now!\n"
    "# Not a heading <b>bold</b> & | pipe |\n"
)
HOSTILE_DE = (
    "Putin sagte <script>alert('x')</script> nichts.\n"
    "Klicken Sie **hier** und [gewinnen](javascript:alert(1)) jetzt!\n"
    "# Keine Überschrift <b>fett</b> & | Pipe |\n"
)
HOSTILE_ALT = (
    "Putin said nothing <script>alert('y')</script>.\n"
    "Click **here** and [win](javascript:alert(2)) today!\n"
    "# Not a heading at all <i>x</i> & | pipe |\n"
)


def run_page(module: str) -> None:
    from transcheck.dashboard import page_renderer

    page_renderer(module)()


def page_test(module: str, inputs: Inputs | None = None) -> AppTest:
    at = AppTest.from_function(run_page, args=(module,), default_timeout=TIMEOUT)
    if inputs is not None:
        at.session_state[STATE_KEY] = inputs
    return at.run()


def hostile_inputs(unit: str = "line") -> Inputs:
    return Inputs(
        label="hostile <script>alert(3)</script> **corpus**",
        translation=TextInput("hostile.en.txt", HOSTILE),
        original=TextInput("hostile.de.txt", HOSTILE_DE),
        alternate=TextInput("hostile-alt.en.txt", HOSTILE_ALT),
        tgt_lang="en",
        src_lang="de",
        unit=unit,
    )


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def seed_or_skip() -> None:
    if not (ROOT / "corpora" / "seed-biden-putin" / "translation.en.txt").is_file():
        pytest.skip("seed corpus not present")


@pytest.mark.parametrize("module", [p[1] for p in PAGES])
def test_every_page_renders_on_the_seed(module: str) -> None:
    seed_or_skip()
    at = page_test(module)
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == dict((p[1], p[0]) for p in PAGES)[module]


def test_app_router_opens_on_the_seed_overview() -> None:
    seed_or_skip()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    no_exception(at)
    assert at.title[0].value == "Overview"
    assert "seed corpus" in at.caption[0].value
    labels = [m.label for m in at.metric]
    assert "Fidelity (0-100)" in labels and "Flags" in labels


def test_overview_shows_seed_numbers_and_downloads() -> None:
    seed_or_skip()
    at = page_test("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Translation language"] == "en"
    assert metrics["Original language"] == "de"
    assert int(metrics["Segments"]) > 20
    downloads = [b.label for b in at.get("download_button")]
    assert downloads == [
        "Download HTML report",
        "Download JSON report",
        "Download CSV (segments)",
    ]


@pytest.mark.parametrize("module", [p[1] for p in PAGES])
def test_every_page_renders_on_two_systems(module: str) -> None:
    at = page_test(module, hostile_inputs())
    no_exception(at)


def test_compare_page_ranks_both_systems() -> None:
    pytest.importorskip("transcheck.compare.tables")
    at = page_test("compare", hostile_inputs())
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    systems = at.dataframe[0].value
    assert sorted(systems["system"]) == ["hostile", "hostile-alt"]


def test_alignment_status_filter_changes_the_table() -> None:
    seed_or_skip()
    at = page_test("alignment")
    no_exception(at)
    if not at.dataframe:
        pytest.skip(at.info[0].value if at.info else "no alignment")
    total = len(at.dataframe[0].value)
    statuses = set(at.dataframe[0].value["status"])
    at.multiselect[0].select("ok").run()
    only_ok = at.dataframe[0].value
    assert set(only_ok["status"]) == {"ok"}
    if statuses != {"ok"}:
        assert len(only_ok) < total


def test_flag_filters_change_the_table() -> None:
    seed_or_skip()
    at = page_test("flags")
    no_exception(at)
    if not at.dataframe:
        pytest.skip(at.info[0].value if at.info else "no flags on the seed")
    table = at.dataframe[0].value
    rules = sorted(set(table["rule"]))
    assert len(rules) >= 2, "the seed should trigger several rules"
    rule_box = next(m for m in at.multiselect if m.label == "Rule")
    rule_box.select(rules[0]).run()
    filtered = at.dataframe[0].value
    assert set(filtered["rule"]) == {rules[0]}
    assert 0 < len(filtered) < len(table)


def test_hostile_text_renders_as_plain_text() -> None:
    inputs = hostile_inputs()
    for module in ("overview", "alignment", "flags"):
        at = page_test(module, inputs)
        no_exception(at)
        for element in [*at.markdown, *at.caption, *at.title, *at.info, *at.warning]:
            value = str(element.value)
            assert "<script>" not in value, (module, value)
            assert "**here**" not in value and "**corpus**" not in value, (module, value)
            assert "<b>bold</b>" not in value, (module, value)
    at = page_test("overview", inputs)
    shown = "".join(str(m.value) for m in at.markdown)
    # The segment table shows the text with every special character as an entity.
    assert (
        "Putin said &#60;script&#62;alert&#40;&#39;x&#39;&#41;&#60;/script&#62; nothing&#46;"
        in (shown)
    )


# --- uploads (pure checks behind the Corpus page) -----------------------------


def test_binary_upload_is_refused_with_the_file_name() -> None:
    errors, inputs = build_upload_inputs(
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        None,
        None,
        [],
        None,
        None,
        "sentence",
    )
    assert inputs is None
    assert errors == ["photo.png: this is a binary file (PNG image), not text"]


def test_50_mb_upload_is_refused_stating_the_limit() -> None:
    big = b"Biden calls on Putin to de-escalate.\n" * (50 * 1024 * 1024 // 37 + 1)
    errors, inputs = build_upload_inputs(("big.txt", big), None, None, [], None, None, "sentence")
    assert inputs is None
    assert len(errors) == 1
    assert errors[0].startswith("big.txt: file is 50.0 MB, over the 20 MB upload limit")


def test_mismatched_line_counts_are_refused() -> None:
    errors, inputs = build_upload_inputs(
        ("mt.en.txt", b"one\ntwo\nthree\n"),
        ("src.de.txt", b"eins\nzwei\n"),
        None,
        [],
        None,
        None,
        "line",
    )
    assert inputs is None
    assert len(errors) == 1
    assert "line counts differ (mt.en.txt: 3, src.de.txt: 2)" in errors[0]


def test_unexpected_language_is_refused() -> None:
    pytest.importorskip("transcheck.langid")
    german = (
        "Der russische Präsident ist nach dem Telefonat zufrieden. Das Fazit aus Washington "
        "klingt etwas vorsichtiger als die Stellungnahme aus Moskau.\n"
    ).encode()
    errors, inputs = build_upload_inputs(("mt.txt", german), None, None, [], "en", None, "sentence")
    assert inputs is None
    assert len(errors) == 1
    assert "mt.txt: expected language 'en', but this text looks like 'de'" in errors[0]


def test_good_upload_builds_inputs() -> None:
    errors, inputs = build_upload_inputs(
        ("mt.en.txt", b"Kiev denies it.\nThe talks begin.\n"),
        ("src.de.txt", "Kiew bestreitet das.\nDie Gespräche beginnen.\n".encode()),
        None,
        [("other.en.txt", b"Kyiv denies it.\nTalks start.\n")],
        None,
        None,
        "line",
    )
    assert errors == []
    assert inputs is not None
    assert [n for n, _ in inputs.system_inputs()] == ["mt", "other"]


# --- the `transcheck dashboard` command -----------------------------------------


def test_dashboard_command_runs_app_py_with_this_interpreter() -> None:
    import sys

    from transcheck.cli.commands.dashboard import MAX_UPLOAD_MB, command, find_app

    app = find_app()
    assert app == ROOT / "app.py"
    argv = command(app, 8765, headless=True)
    assert argv[:5] == [sys.executable, "-m", "streamlit", "run", str(app)]
    assert argv[argv.index("--server.port") + 1] == "8765"
    assert argv[argv.index("--server.maxUploadSize") + 1] == str(MAX_UPLOAD_MB)
    # The same limit is stated in the page and enforced by .streamlit/config.toml.
    from transcheck.dashboard.inputs import MAX_UPLOAD_MB as PAGE_LIMIT

    assert PAGE_LIMIT == MAX_UPLOAD_MB
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert f"maxUploadSize = {MAX_UPLOAD_MB}" in config


@pytest.mark.parametrize("port", ["0", "70000"])
def test_dashboard_command_refuses_bad_port(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    from transcheck.cli.main import main

    with pytest.raises(SystemExit) as info:
        main(["dashboard", "--port", port])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert (
        err == f"transcheck dashboard: error: argument --port: {port} is not a valid port (1-65535)"
    )


def test_corpus_page_loads_a_repository_corpus_from_its_manifest() -> None:
    seed_or_skip()
    at = page_test("corpus")
    no_exception(at)
    assert at.selectbox[0].value == "seed-biden-putin"
    roles = list(at.dataframe[0].value["role"])
    assert roles[:3] == ["translation", "original", "alternate"]
    next(b for b in at.button if b.label == "Use this corpus").click().run()
    chosen = at.session_state[STATE_KEY]
    assert isinstance(chosen, Inputs)
    assert chosen.translation.name == "seed-biden-putin/translation.en.txt"
    assert (chosen.tgt_lang, chosen.src_lang) == ("en", "de")
    assert chosen.glossary is not None and chosen.glossary.endswith("glossary.tsv")
    assert any("Loaded" in s.value for s in at.success)


def test_flag_filter_facets_combine() -> None:
    from test_report_factory import make_analysis
    from transcheck.dashboard.views import FlagFilter, facets, filter_flags
    from transcheck.model import Flag
    from transcheck.report import build_report

    text = "Kiev denies it. Leave a Reply. Russland fordert Garantien."
    flags = {
        0: [Flag("forbidden_term", "Terminology/Inappropriate for context", "major", 0, 4, "Kyiv")],
        1: [Flag("leave_reply", "Other/Boilerplate", "major", 0, 13, "residue")],
        2: [Flag("untranslated", "Accuracy/Untranslated", "critical", 0, 8, "German")],
    }
    items = build_report(make_analysis(text, flags=flags)).flags
    values = facets(items)
    assert values["severities"] == ["critical", "major"]
    assert values["families"] == ["Accuracy", "Other", "Terminology"]  # no check id: MQM top level
    major = filter_flags(items, FlagFilter(severities=("major",)))
    assert [i.rule for i in major] == ["forbidden_term", "leave_reply"]
    both = filter_flags(items, FlagFilter(severities=("major",), families=("Other",)))
    assert [i.rule for i in both] == ["leave_reply"]
    assert [i.rule for i in filter_flags(items, FlagFilter(text="russland"))] == ["untranslated"]
    assert filter_flags(items, FlagFilter()) == list(items)


def test_warm_start_reuses_stored_seed_inputs_and_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk cache gives back the same seed inputs and report, without recomputing."""
    from transcheck.analysis import find_seed_corpus
    from transcheck.dashboard import data, diskcache
    from transcheck.report import build_report

    monkeypatch.setenv(diskcache.ENV_DIR, str(tmp_path))
    seed = find_seed_corpus()
    key = data._seed_key(seed.root)
    cold = diskcache.cached("seed-inputs", key, lambda: data._seed_inputs(seed))
    assert "Kiev" in cold.translation.text
    assert len(list(tmp_path.glob("seed-inputs-*.pickle"))) == 1

    def recompute() -> Inputs:
        raise AssertionError("stored seed inputs were not reused")

    assert diskcache.cached("seed-inputs", key, recompute) == cold

    report = build_report(data.analyze_inputs(cold), title="seed")
    diskcache.cached("report", data._key(cold), lambda: report)
    warm = diskcache.cached("report", data._key(cold), recompute)  # type: ignore[arg-type]
    assert warm is not report  # unpickled from disk
    assert warm.summary == report.summary
    assert [r.segment.text for r in warm.analysis.rows] == [
        r.segment.text for r in report.analysis.rows
    ]

    # A changed seed file changes the key, so a stale entry is never shown.
    (tmp_path / "seed").mkdir()
    for path in seed.root.iterdir():
        if path.is_file():
            (tmp_path / "seed" / path.name).write_bytes(path.read_bytes())
    before = data._seed_key(tmp_path / "seed")
    (tmp_path / "seed" / "translation.en.txt").write_text("Changed.\n", encoding="utf-8")
    assert data._seed_key(tmp_path / "seed") != before

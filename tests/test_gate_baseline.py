"""Baselines fail only regressions beyond noise; waiver files are strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.errors import ConfigError, InputError
from transcheck.gate.baseline import compare_with_baseline, load_baseline, write_baseline
from transcheck.gate.results import FileResult, bootstrap_ci, wilson
from transcheck.gate.waivers import load_waivers, waiver_keys


def _result(metrics: dict[str, float], ci: dict[str, tuple[float, float]]) -> FileResult:
    return FileResult(
        corpus="c", manifest="m", path="/x/t.txt", rel="t.txt", role="translation",
        unit="line", segments=100, metrics=metrics, ci=ci, categories={}, flags=[],
    )


BASE = _result(
    {"fidelity": 70.0, "critical_flags": 0.0, "major_flags": 2.0, "flag_rate": 0.10},
    {"fidelity": (67.0, 73.0), "flag_rate": (0.055, 0.175)},
)

# (current metrics, current CIs, {metric: expected status})
CASES = [
    # Same numbers: nothing regresses.
    (dict(BASE.metrics), dict(BASE.ci), {"fidelity": "pass", "major_flags": "pass"}),
    # 68.5 is inside the baseline CI: noise.
    (
        {**BASE.metrics, "fidelity": 68.5},
        {**BASE.ci, "fidelity": (65.5, 71.5)},
        {"fidelity": "pass"},
    ),
    # 60 with CI (57, 63): both estimates outside the other's interval.
    (
        {**BASE.metrics, "fidelity": 60.0},
        {**BASE.ci, "fidelity": (57.0, 63.0)},
        {"fidelity": "fail"},
    ),
    # Better is never a regression.
    (
        {**BASE.metrics, "fidelity": 80.0},
        {**BASE.ci, "fidelity": (77.0, 83.0)},
        {"fidelity": "pass"},
    ),
    # One more major flag: counts of major/critical flags have no noise.
    ({**BASE.metrics, "major_flags": 3.0}, dict(BASE.ci), {"major_flags": "fail"}),
    # The flag rate doubles well beyond its Wilson interval.
    (
        {**BASE.metrics, "flag_rate": 0.40},
        {**BASE.ci, "flag_rate": wilson(40, 100)},
        {"flag_rate": "fail"},
    ),
]


@pytest.mark.parametrize(("metrics", "ci", "expected"), CASES)
def test_baseline_regressions(
    tmp_path: Path,
    metrics: dict[str, float],
    ci: dict[str, tuple[float, float]],
    expected: dict[str, str],
) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(str(path), [BASE], None)
    current = _result(metrics, ci)
    compare_with_baseline(current, load_baseline(str(path)))
    status = {o.metric: o.status for o in current.outcomes}
    for metric, want in expected.items():
        assert status[metric] == want, (metric, current.outcomes)


def test_missing_entry_is_skipped_and_bad_files_are_errors(tmp_path: Path) -> None:
    other = _result({"fidelity": 50.0}, {})
    other.rel = "other.txt"
    path = tmp_path / "baseline.json"
    write_baseline(str(path), [BASE], None)
    compare_with_baseline(other, load_baseline(str(path)))
    assert [o.status for o in other.outcomes] == ["skip"]
    with pytest.raises(InputError, match="update-baseline"):
        load_baseline(str(tmp_path / "none.json"))
    (tmp_path / "bad.json").write_text('{"entries": {}}', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a transcheck baseline"):
        load_baseline(str(tmp_path / "bad.json"))


def test_bootstrap_ci_is_seeded_and_contains_the_mean() -> None:
    values = [float(v) for v in (55, 60, 62, 70, 71, 75, 80, 82, 90, 95)]
    lo, hi = bootstrap_ci(values)
    assert (lo, hi) == bootstrap_ci(values)  # seeded: repeatable
    assert lo < sum(values) / len(values) < hi
    assert hi - lo == pytest.approx(2 * 1.96 * 12.5 / 10**0.5, rel=0.35)  # ~ normal width


def test_wilson_interval() -> None:
    lo, hi = wilson(10, 100)
    # Wilson 95% interval for 10/100 (textbook value 0.0552 .. 0.1744).
    assert (lo, hi) == pytest.approx((0.0552, 0.1744), abs=5e-4)


WAIVERS_OK = """\
[[waiver]]
rule = "forbidden_term"
segment = "0123456789abcdef"
reason = "quoted headline"
file = "alternate.en.txt"

[[waiver]]
rule = "boilerplate:leave_reply"
segment = "*"
reason = "scraper residue is removed downstream"
"""


def test_waivers_load_per_file(tmp_path: Path) -> None:
    (tmp_path / "waivers.toml").write_text(WAIVERS_OK, encoding="utf-8")
    waivers = load_waivers(str(tmp_path / "corpus.toml"))
    assert [w.line for w in waivers] == [1, 7]
    assert waiver_keys(waivers, "alternate.en.txt") == (
        ("boilerplate:leave_reply", "*"),
        ("forbidden_term", "0123456789abcdef"),
    )
    assert waiver_keys(waivers, "translation.en.txt") == (("boilerplate:leave_reply", "*"),)
    assert load_waivers(str(tmp_path / "nothing" / "corpus.toml")) == []


@pytest.mark.parametrize(
    ("edit", "line", "words"),
    [
        (
            ('reason = "quoted headline"', 'reason = "quoted headline"\nexpires = 1'),
            5,
            "unknown key",
        ),
        (('segment = "0123456789abcdef"', 'segment = "line 4"'), 3, "segment hash"),
        (('reason = "quoted headline"\n', ""), 1, "non-empty 'reason'"),
    ],
)
def test_bad_waivers_name_the_line(
    tmp_path: Path, edit: tuple[str, str], line: int, words: str
) -> None:
    (tmp_path / "waivers.toml").write_text(WAIVERS_OK.replace(*edit, 1), encoding="utf-8")
    with pytest.raises(ConfigError, match=words) as info:
        load_waivers(str(tmp_path / "corpus.toml"))
    assert info.value.line == line

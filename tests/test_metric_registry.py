"""A metric registered in one place shows up in score, compare and check."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from transcheck.cli.main import main
from transcheck.compare import compare_systems
from transcheck.errors import ConfigError
from transcheck.gate.thresholds import METRICS as GATE_METRICS
from transcheck.gate.thresholds import parse_threshold
from transcheck.metrics import METRICS, Metric, register
from transcheck.metrics.registry import reference_metrics, unregister

HYPS = ["Der Kreml ist zufrieden.", "Путин предупредил Байдена.", "Biden warned Putin twice again."]
REFS = ["Der Kreml ist sehr zufrieden.", "Путин предупредил Байдена.", "Biden warned Putin."]


class LengthRatio(Metric):
    """Words of the hypothesis against words of the reference (100 = same length)."""

    name = "lenratio"
    higher_is_better = True
    description = "length ratio vs the reference"
    width = 2

    def segment_stats(
        self, hyps: Sequence[str], streams: Sequence[Sequence[str]], *, tgt_lang: str | None
    ) -> np.ndarray:
        return np.array(
            [[len(h.split()), len(streams[0][i].split())] for i, h in enumerate(hyps)], float
        )

    def scores_from_sums(self, sums: np.ndarray) -> np.ndarray:
        sums = np.asarray(sums, dtype=np.float64)
        lo = np.minimum(sums[..., 0], sums[..., 1])
        hi = np.maximum(np.maximum(sums[..., 0], sums[..., 1]), 1.0)
        return 100.0 * lo / hi


@pytest.fixture
def toy() -> Iterator[Metric]:
    metric = register(LengthRatio())
    try:
        yield metric
    finally:
        unregister(metric.name)


def test_registered_metric_is_in_score_output(toy: Metric, tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\n".join(HYPS) + "\n", encoding="utf-8")
    ref.write_text("\n".join(REFS) + "\n", encoding="utf-8")
    rows_out, summary_out = tmp_path / "rows.jsonl", tmp_path / "summary.json"
    base = ["score", "--hyp", str(hyp), "--ref", str(ref), "--tgt-lang", "en"]
    assert main([*base, "-o", str(rows_out)]) == 0
    assert main([*base, "--format", "json", "--bootstrap", "50", "-o", str(summary_out)]) == 0
    rows = [json.loads(line) for line in rows_out.read_text(encoding="utf-8").splitlines()]
    assert [r["lenratio"] for r in rows] == pytest.approx([80.0, 100.0, 60.0])
    summary = json.loads(summary_out.read_text(encoding="utf-8"))
    assert summary["corpus"]["lenratio"] == pytest.approx(100.0 * 11 / 12)
    lo, hi = summary["ci"]["lenratio"]
    assert lo <= summary["corpus"]["lenratio"] <= hi
    assert "lenratio" in summary["signatures"]


def test_registered_metric_is_in_compare_output(toy: Metric) -> None:
    other = ["Der Kreml ist zufrieden, sagt man.", "Путин предупредил.", "Biden warned Putin."]
    result = compare_systems(
        {"a": HYPS, "b": other}, [REFS], tgt_lang="en", fidelity=False, flags=False,
        bootstrap=50, ar_trials=50,
    )  # fmt: skip
    assert "lenratio" in result.metrics
    data = result.to_dict()
    assert all("lenratio" in s and "lenratio_ci" in s for s in data["systems"])
    assert result.system("a").scores["lenratio"] == pytest.approx(100.0 * 11 / 12)


def test_registered_metric_is_a_valid_check_threshold(toy: Metric) -> None:
    threshold = parse_threshold("lenratio", ">= 90", level="fail", source="corpus.toml", line=3)
    assert threshold.holds(95.0) and not threshold.holds(80.0)
    assert GATE_METRICS["lenratio"].higher_is_better
    assert "lenratio" in reference_metrics() and "lenratio" in METRICS


def test_unregistered_metric_is_not_a_threshold() -> None:
    assert "lenratio" not in METRICS
    with pytest.raises(ConfigError, match="unknown metric"):
        parse_threshold("lenratio", ">= 90", level="fail", source="corpus.toml", line=3)

"""compare ranks by fidelity only where the bench evidence allows, and says why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcheck.cli.main import main
from transcheck.compare import ranking
from transcheck.compare.ranking import choose_ranking
from transcheck.metrics import fidelity
from transcheck.metrics.fidelity import load_model

REF = ["Biden warned Putin not to invade Ukraine.", "The call lasted almost an hour."]
GOOD = ["Biden warned Putin not to invade Ukraine.", "The call lasted nearly an hour."]
BAD = ["Biden has Putin warned before an invasion of the Ukraine.", "The telephonate lasted."]
SRC = [
    "Biden warnte Putin vor einem Einmarsch in die Ukraine.",
    "Das Telefonat dauerte fast eine Stunde.",
]
FAST = ["--bootstrap", "50", "--ar-trials", "50", "--no-flags"]


def _with_evidence(monkeypatch: pytest.MonkeyPatch, fid: float, chrf: float) -> None:
    """The packaged model with its bench figures replaced (reference mode only)."""
    model = load_model()
    evaluation = {"reference": {"ted-zhen": {"pairwise": fid}, "ted-ende": {"pairwise": fid}}}
    baselines = {"ted-zhen": {"chrf": {"pairwise": chrf}}, "ted-ende": {"chrf": {"pairwise": chrf}}}
    fake = fidelity.FidelityModel(model.modes, model.signature, evaluation, baselines)
    monkeypatch.setattr(fidelity, "load_model", lambda: fake)


def test_reference_mode_ranks_by_fidelity_only_when_it_is_at_least_chrf(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    available = ["fidelity", "bleu", "chrf", "ter"]
    _with_evidence(monkeypatch, fid=0.70, chrf=0.62)
    choice = choose_ranking(available, "reference", True)
    assert choice.metric == "fidelity"
    assert "at least as well as chrF" in choice.reason and "0.70 vs 0.62" in choice.reason
    _with_evidence(monkeypatch, fid=0.55, chrf=0.62)
    choice = choose_ranking(available, "reference", True)
    assert choice.metric == "chrf"
    assert choice.reason.startswith("ranked by chrF:") and "0.55 vs 0.62" in choice.reason


def test_the_packaged_evidence_decides_each_mode() -> None:
    model = load_model()
    for mode in ("reference", "both"):
        # What compare ranks by: corpus fidelity against corpus chrF.
        fid = {k: model.baselines[k]["fidelity_corpus"][mode] for k in model.evaluation[mode]}
        chrf = {k: model.baselines[k]["chrf_corpus"]["pairwise"] for k in fid}
        expected = "fidelity" if all(fid[k] >= chrf[k] for k in fid) else "chrf"
        assert choose_ranking(["fidelity", "chrf"], mode, True).metric == expected
    # No reference: chrF cannot rank; the reason quotes source-only figures.
    source = choose_ranking(["fidelity", "awkwardness"], "source", True)
    assert source.metric == "fidelity" and "no reference" in source.reason
    assert "news-zhen" in source.reason


def test_without_fidelity_the_reason_says_so() -> None:
    assert choose_ranking(["bleu", "chrf"], "reference", False).reason == (
        "ranked by chrF: --no-fidelity"
    )
    assert choose_ranking(["consensus"], "consensus", True).metric == "consensus"
    with pytest.raises(ValueError):
        ranking.choose_ranking([], "consensus", True)


def _write(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, lines in (("ref", REF), ("good", GOOD), ("bad", BAD), ("src", SRC)):
        out[name] = tmp_path / f"{name}.txt"
        out[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_json_table_and_html_state_the_ranking_metric_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _write(tmp_path)
    args = ["compare", "--ref", str(f["ref"]), "--hyp", str(f["good"]), "--hyp", str(f["bad"])]
    args += [*FAST, "--tgt-lang", "en"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    reason = data["ranking"]["reason"]
    assert data["ranking"]["metric"] == data["primary"]
    assert reason.startswith(f"ranked by {'fidelity' if data['primary'] == 'fidelity' else 'chrF'}")
    assert "chrF" in reason and "bench:mqm" in reason
    assert main(args) == 0
    assert reason in capsys.readouterr().out
    html = tmp_path / "compare.html"
    assert main([*args, "--format", "html", "-o", str(html)]) == 0
    capsys.readouterr()
    assert "ranked by" in html.read_text(encoding="utf-8") and "bench:mqm" in html.read_text(
        encoding="utf-8"
    )


def test_no_fidelity_table_names_chrf_and_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = _write(tmp_path)
    code = main(
        ["compare", "--ref", str(f["ref"]), "--hyp", str(f["good"]), "--hyp", str(f["bad"]),
         *FAST, "--no-fidelity"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "ranked by chrf" in out and "ranked by chrF: --no-fidelity" in out


def test_corpus_chrf_is_the_evidence_when_the_weights_carry_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # compare ranks by corpus chrF; fidelity beating the mean of sentence
    # chrF (0.62) is not enough when corpus chrF orders the systems better.
    model = load_model()
    evaluation = {"reference": {"ted-zhen": {"pairwise": 0.66}, "ted-ende": {"pairwise": 0.66}}}
    both = {"chrf": {"pairwise": 0.62}, "chrf_corpus": {"pairwise": 0.71}}
    fake = fidelity.FidelityModel(
        model.modes, model.signature, evaluation, {"ted-zhen": both, "ted-ende": both}
    )
    monkeypatch.setattr(fidelity, "load_model", lambda: fake)
    choice = choose_ranking(["fidelity", "bleu", "chrf", "ter"], "reference", True)
    assert choice.metric == "chrf"
    assert "0.66 vs 0.71" in choice.reason


def test_the_packaged_weights_carry_corpus_chrf_evidence() -> None:
    baselines = load_model().baselines
    assert baselines, "the packaged weights carry chrF's dev figures"
    for figures in baselines.values():
        assert 0.0 < figures["chrf_corpus"]["pairwise"] <= 1.0

"""Risk: a source-only prior of where errors are likely, kept apart from fidelity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcheck.cli.main import main
from transcheck.metrics import fidelity_features as feat
from transcheck.metrics.risk import source_risk


def test_long_rare_and_numeric_sources_are_riskier() -> None:
    short = source_risk("Das Telefonat dauerte fast eine Stunde.", "de")
    long = source_risk(
        "Die weitreichenden Forderungen nach Sicherheitsgarantien, die Moskau am 17. Dezember "
        "2021 in zwei Vertragsentwürfen vorgelegt hatte, wurden von mehreren NATO-Mitgliedern, "
        "darunter Polen und die baltischen Staaten, als unannehmbar zurückgewiesen.",
        "de",
    )
    assert 0.0 < short.value < long.value < 1.0
    assert long.numbers >= 2 and "numbers" in " ".join(long.reasons())
    assert source_risk("", "de").value == 0.0


def test_chinese_is_counted_in_characters_not_spaces() -> None:
    one = source_risk("拜登警告普京。", "zh")
    three = source_risk(
        "拜登警告普京不要入侵乌克兰，普京则警告拜登不要实施制裁，通话持续了近一个小时。", "zh"
    )
    assert one.words < three.words and one.value < three.value
    assert one.rare_share == 0.0  # no word split for Chinese: the rare term is off


def test_risk_is_never_a_fidelity_feature() -> None:
    for mode in feat.MODES:
        for embeddings in (False, True):
            names = feat.feature_names(mode, embeddings)
            assert not any("risk" in n for n in names)


def test_score_rows_show_risk_beside_fidelity_only_with_a_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src.de"
    src.write_text(
        "Das Telefonat dauerte fast eine Stunde.\n"
        "Moskau hatte am 17. Dezember 2021 zwei Vertragsentwürfe mit 8 und 9 Artikeln vorgelegt, "
        "die mehrere NATO-Mitglieder als unannehmbar zurückwiesen.\n",
        encoding="utf-8",
    )
    hyp = tmp_path / "hyp.en"
    hyp.write_text(
        "The call lasted almost an hour.\n"
        "On 17 December 2021 Moscow tabled two draft treaties with 8 and 9 articles, which "
        "several NATO members rejected as unacceptable.\n",
        encoding="utf-8",
    )
    args = ["score", "--src", str(src), "--hyp", str(hyp), "--src-lang", "de", "--tgt-lang", "en"]
    assert main(args) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["risk"]["risk"] < rows[1]["risk"]["risk"]
    assert any(r.endswith(" numbers") for r in rows[1]["risk"]["reasons"])
    assert not any("risk" in item["signal"] for row in rows for item in row["explanation"])
    assert main(["score", "--ref", str(hyp), "--hyp", str(hyp)]) == 0
    assert all("risk" not in json.loads(line) for line in capsys.readouterr().out.splitlines())

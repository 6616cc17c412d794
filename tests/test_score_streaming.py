"""`score` on more lines than one chunk streams, and its corpus figures are exact."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from transcheck.cli.main import main
from transcheck.metrics import PoissonBootstrap, score_corpus, streaming
from transcheck.metrics.registry import METRICS

PAIRS = [
    ("The Kremlin is satisfied.", "The Kremlin says it is satisfied."),
    ("Biden warned Putin of sanctions.", "Biden warned Putin of tough sanctions."),
    ("Der Kreml ist zufrieden.", "Der Kreml zeigt sich zufrieden."),
    ("Путин предупредил Байдена.", "Путин предупредил Байдена об ошибке."),
    ("Kiev denies any plans to attack.", "Kyiv denies any plan to attack."),
    ("Leave a Reply", "The talks are planned for January."),
    ("", "An empty translation of a full sentence."),
]


def _files(tmp_path: Path) -> tuple[Path, Path]:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("".join(h + "\n" for h, _ in PAIRS), encoding="utf-8")
    ref.write_text("".join(r + "\n" for _, r in PAIRS), encoding="utf-8")
    return hyp, ref


def _score(tmp_path: Path, hyp: Path, ref: Path, fmt: str, *extra: str) -> str:
    out = tmp_path / f"out.{fmt}"
    argv = ["score", "--hyp", str(hyp), "--ref", str(ref), "--tgt-lang", "en"]
    assert main([*argv, "--format", fmt, "-o", str(out), *extra]) == 0
    return out.read_text(encoding="utf-8")


def test_streamed_run_equals_one_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hyp, ref = _files(tmp_path)
    whole_rows = _score(tmp_path, hyp, ref, "jsonl")
    whole = json.loads(_score(tmp_path, hyp, ref, "json", "--bootstrap", "200"))
    monkeypatch.setattr(streaming, "STREAM_OVER", 3)  # 7 lines stream from the files
    monkeypatch.setattr(streaming, "CHUNK", 3)  # in chunks of 3, 3, 1
    rows = _score(tmp_path, hyp, ref, "jsonl")
    streamed = json.loads(_score(tmp_path, hyp, ref, "json", "--bootstrap", "200"))
    assert rows == whole_rows  # same ids, scores and explanations, row by row
    assert streamed["streamed"] and streamed["segments"] == len(PAIRS)
    for metric, value in whole["corpus"].items():
        assert streamed["corpus"][metric] == pytest.approx(value, abs=1e-6), metric
        lo, hi = streamed["ci"][metric]
        assert lo <= streamed["corpus"][metric] + 1e-9 and streamed["corpus"][metric] <= hi + 1e-9
    assert streamed["signatures"]["bleu"] == whole["signatures"]["bleu"]
    table = _score(tmp_path, hyp, ref, "table")
    assert "Kiev" not in table and "chrf" in table and "95% CI" in table


def test_chunked_sums_equal_scoring_all_at_once() -> None:
    hyps, refs = [h for h, _ in PAIRS] * 3, [r for _, r in PAIRS] * 3
    whole = score_corpus(hyps, [refs], tgt_lang="en", bootstrap=0)
    totals = streaming.StreamTotals(bootstrap=50, seed=3)
    for _ in streaming.stream_scores(
        iter(hyps), [iter(refs)], None, totals, src_lang=None, tgt_lang="en", workers=1, chunk=4
    ):
        pass
    summary = totals.summary()
    for metric, value in whole.corpus.items():
        assert summary["corpus"][metric] == pytest.approx(value, abs=1e-6), metric


def test_poisson_bootstrap_is_seeded_and_centred() -> None:
    rng = np.random.default_rng(0)
    values = rng.uniform(0, 100, size=2000)
    fid = METRICS["fidelity"]
    stats = np.stack([values, np.ones_like(values)], axis=1)
    runs = []
    for _ in range(2):
        boot = PoissonBootstrap(400, seed=9)
        for start in range(0, 2000, 300):
            boot.add({"fidelity": stats[start : start + 300]})
        runs.append(boot.intervals({"fidelity": fid.scores_from_sums})["fidelity"])
    assert runs[0] == runs[1]
    lo, hi = runs[0]
    mean, se = values.mean(), values.std() / np.sqrt(len(values))
    assert lo < mean < hi
    assert hi - lo == pytest.approx(2 * 1.96 * se, rel=0.25)


def test_bootstrap_limit_is_named_and_enforced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hyp, ref = _files(tmp_path)
    code = main(["score", "--hyp", str(hyp), "--ref", str(ref), "--bootstrap", "100000000"])
    assert code == 2
    err = capsys.readouterr().err
    assert "--bootstrap" in err and "100,000" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_info:  # argparse rejects it: usage error, exit 2
        main(["compare", "--hyp", str(hyp), "--ref", str(ref), "--bootstrap", "100001"])
    assert exit_info.value.code == 2
    assert "100,000" in capsys.readouterr().err


def test_compare_caps_the_size_of_one_segment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_line = " ".join(["Wort"] * 1500)
    a, ref = tmp_path / "a.txt", tmp_path / "ref.txt"
    a.write_text(long_line + "\nKurz.\n", encoding="utf-8")
    ref.write_text("Ein Satz.\nKurz.\n", encoding="utf-8")
    assert main(["compare", "--hyp", str(a), "--hyp", str(ref), "--ref", str(ref)]) == 2
    assert "1000-word limit" in capsys.readouterr().err


def test_score_and_compare_give_the_same_interval_for_the_same_data() -> None:
    from transcheck.compare import compare_systems

    hyps, refs = [h for h, _ in PAIRS] * 2, [r for _, r in PAIRS] * 2
    scored = score_corpus(hyps, [refs], tgt_lang="en", bootstrap=300, seed=5)
    compared = compare_systems(
        {"a": hyps, "b": refs}, [refs], tgt_lang="en", fidelity=False, flags=False,
        bootstrap=300, ar_trials=10, seed=5,
    )  # fmt: skip
    for metric in ("bleu", "chrf", "ter"):
        assert compared.system("a").ci[metric] == pytest.approx(scored.ci[metric], abs=1e-9)


def test_streamed_files_read_like_documents_and_refuse_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hyp, ref = _files(tmp_path)
    whole_rows = _score(tmp_path, hyp, ref, "jsonl")
    # CR, CRLF and a Latin-1 file: the streamed reader cuts and decodes as read_document.
    odd_hyp, odd_ref = tmp_path / "odd_hyp.txt", tmp_path / "odd_ref.txt"
    ends = ["\r\n", "\r", "\n"]
    odd_hyp.write_bytes("".join(h + ends[i % 3] for i, (h, _) in enumerate(PAIRS))
                       .encode("utf-8"))
    odd_ref.write_bytes("".join(r + "\r\n" for _, r in PAIRS).encode("utf-8"))
    monkeypatch.setattr(streaming, "STREAM_OVER", 3)
    monkeypatch.setattr(streaming, "CHUNK", 2)
    # count_newlines sees LF bytes only; 5 of the 7 hypothesis lines end in one.
    assert _score(tmp_path, odd_hyp, odd_ref, "jsonl") == whole_rows
    short = tmp_path / "short.txt"
    short.write_text("".join(r + "\n" for _, r in PAIRS[:-1]), encoding="utf-8")
    out = tmp_path / "refused.jsonl"
    code = main(["score", "--hyp", str(hyp), "--ref", str(short), "--tgt-lang", "en",
                 "-o", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "has 7 lines" in err[0] and "short.txt" in err[0]
    assert not out.exists()
    latin = tmp_path / "latin.txt"
    latin.write_bytes("".join(h + "\n" for h, _ in PAIRS[:3]).replace("Der", "Dé")
                      .encode("latin-1") + b"Gr\xfc\xdfe aus K\xf6ln\n" * 4)
    code = main(["score", "--hyp", str(latin), "--ref", str(ref), "--tgt-lang", "de",
                 "--format", "json", "-o", str(out)])
    assert code == 0 and json.loads(out.read_text(encoding="utf-8"))["segments"] == 7

"""Paired bootstrap and approximate randomisation on sufficient statistics.

The reference values are sacrebleu's own ``PairedTest`` run in the test on
the same strings with the same seed (12345): our resamples are drawn the
same way, so p-values and intervals must agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest

from transcheck.compare import system_stats as stats
from transcheck.compare.clusters import rank_clusters
from transcheck.metrics import resampling as significance

# An English reference and two systems for a German news text: "fluent" is
# close to the reference, "literal" keeps German idioms and word order.
REF = [
    "Biden warned Putin not to invade Ukraine.",
    "Putin in turn warned Biden against imposing sanctions.",
    "The call lasted almost an hour.",
    "Moscow is demanding security guarantees from the West.",
    "Kyiv denies any plans to attack.",
    "The two leaders last spoke by video link in December.",
    "Western governments fear that Russia could attack its neighbour.",
    "Ushakov said he expected the meeting to produce results.",
    "That would be a colossal mistake, said the adviser.",
    "Biden threatened sanctions like Putin had never seen.",
    "The United States and its allies would respond decisively.",
    "Russia must de-escalate its tensions with Ukraine.",
]
FLUENT = [
    "Biden warned Putin not to invade Ukraine.",
    "Putin in turn warned Biden against imposing sanctions.",
    "The call lasted nearly an hour.",
    "Moscow demands security guarantees from the West.",
    "Kyiv denies any plans to attack.",
    "The two leaders last talked by video link in December.",
    "Western governments fear Russia could attack its neighbour.",
    "Ushakov said he expected the meeting to produce results.",
    "That would be a colossal mistake, the adviser said.",
    "Biden threatened sanctions such as Putin had never seen.",
    "The United States and its allies would respond decisively.",
    "Russia must reduce its tensions with Ukraine.",
]
LITERAL = [
    "Biden has Putin urgently warned before an invasion of the Ukraine.",
    "Putin for his part warned Biden before severe sanctions.",
    "The telephonate lasted almost one hour long.",
    "The security guarantees demanded by the West by Moscow.",
    "Kiev denies every attack plans.",
    "The both leaders had last on 7 December per video spoken.",
    "The West fears that Russia its neighbour could attack.",
    "Uschakow said, he expects from the meeting results.",
    "This would be a colossal mistake, so the adviser.",
    "Biden threatened sanctions as he has never seen them before.",
    "The USA and their allies would decisively react.",
    "Russia must its tensions with the Ukraine de-escalate.",
]


def _stats(name: str, hyps: list[str], refs: list[str]) -> stats.MetricStats:
    return stats.extract(name, hyps, [refs])


def _ours(
    a: list[str], b: list[str], refs: list[str], metric: str
) -> tuple[float, float, tuple[float, float]]:
    n = len(refs)
    sa, sb = _stats(metric, a, refs), _stats(metric, b, refs)
    weights = significance.bootstrap_weights(n, 1000, 12345)
    boot_a = significance.bootstrap_scores(sa, weights)
    boot_b = significance.bootstrap_scores(sb, weights)
    p_bs = significance.bootstrap_p(sb.corpus() - sa.corpus(), boot_b, boot_a)
    (p_ar,) = significance.ar_p_values([sa], [sb], significance.ar_masks(n, 10000, 12345))
    return p_bs, p_ar, significance.confidence_interval(boot_b)


def _sacrebleu(a: list[str], b: list[str], refs: list[str], metric: str, test: str) -> object:
    obj = BLEU() if metric == "bleu" else CHRF()
    _, scores = PairedTest([("a", a), ("b", b)], {metric: obj}, [refs], test_type=test)()
    key = next(k for k in scores if k != "System")
    return scores[key][1]


@pytest.mark.parametrize("metric", ["bleu", "chrf"])
def test_p_values_and_interval_match_sacrebleu(metric: str) -> None:
    p_bs, p_ar, (lo, hi) = _ours(LITERAL, FLUENT, REF, metric)
    bs = _sacrebleu(LITERAL, FLUENT, REF, metric, "bs")
    ar = _sacrebleu(LITERAL, FLUENT, REF, metric, "ar")
    # Same seed and draws; sacrebleu counts ">" where we count ">=", which
    # only matters for resamples with exactly the observed difference, so
    # allow 0.01. The interval half-width must agree to float32 precision.
    assert p_bs == pytest.approx(bs.p_value, abs=0.01)  # type: ignore[attr-defined]
    assert p_ar == pytest.approx(ar.p_value, abs=0.01)  # type: ignore[attr-defined]
    assert (hi - lo) / 2 == pytest.approx(bs.ci, abs=1e-3)  # type: ignore[attr-defined]
    # The literal translation is clearly worse on these 12 segments.
    assert p_ar < 0.01
    assert p_bs < 0.01


def test_identical_systems_give_p_one() -> None:
    sa = _stats("chrf", FLUENT, REF)
    sb = _stats("chrf", list(FLUENT), REF)
    weights = significance.bootstrap_weights(len(REF), 200, 7)
    boot = significance.bootstrap_scores(sa, weights)
    assert significance.bootstrap_p(0.0, boot, significance.bootstrap_scores(sb, weights)) == 1.0
    assert significance.ar_p_values([sa], [sb], significance.ar_masks(len(REF), 500, 7)) == [1.0]


def test_resampling_is_seeded() -> None:
    w1 = significance.bootstrap_weights(20, 50, 12345)
    w2 = significance.bootstrap_weights(20, 50, 12345)
    w3 = significance.bootstrap_weights(20, 50, 1)
    np.testing.assert_array_equal(w1, w2)
    assert not np.array_equal(w1, w3)
    # every resample draws exactly n segments
    assert set(w1.sum(axis=1).tolist()) == {20.0}


def test_ar_many_pairs_equals_one_pair_at_a_time() -> None:
    systems = {"fluent": FLUENT, "literal": LITERAL, "ref": REF}
    ms = {
        k: [_stats("bleu", v, REF), stats.mean_stats("len", [len(t) for t in v])]
        for k, v in systems.items()
    }
    masks = significance.ar_masks(len(REF), 3000, 12345)
    pairs = [("fluent", "literal"), ("fluent", "ref"), ("literal", "ref")]
    many = significance.ar_p_values_many([(ms[a], ms[b]) for a, b in pairs], masks)
    for (a, b), row in zip(pairs, many, strict=True):
        assert row == significance.ar_p_values(ms[a], ms[b], masks)


@pytest.mark.parametrize(
    ("scores", "significant_pairs", "expected"),
    [
        # (source: hand-worked) a and b tie, c is different from a -> two clusters
        ({"a": 60.0, "b": 59.5, "c": 40.0}, {("a", "c"), ("b", "c")}, {"a": 1, "b": 1, "c": 2}),
        # nothing significant -> one cluster
        ({"a": 60.0, "b": 59.5, "c": 58.0}, set(), {"a": 1, "b": 1, "c": 1}),
        # everything significant -> strict order
        (
            {"a": 1.0, "b": 3.0, "c": 2.0},
            {("a", "b"), ("a", "c"), ("b", "c")},
            {"b": 1, "c": 2, "a": 3},
        ),
    ],
)
def test_rank_clusters(
    scores: dict[str, float], significant_pairs: set[tuple[str, str]], expected: dict[str, int]
) -> None:
    def p(x: str, y: str) -> float:
        return 0.001 if (x, y) in significant_pairs or (y, x) in significant_pairs else 0.5

    ranked = rank_clusters(scores, p)
    assert {r.name: r.rank for r in ranked} == expected
    assert [r.position for r in ranked] == [1, 2, 3]
    assert [r.name for r in ranked] == sorted(scores, key=lambda k: -scores[k])


def test_rank_clusters_lower_is_better() -> None:
    ranked = rank_clusters({"a": 30.0, "b": 45.0}, lambda x, y: 0.001, higher_is_better=False)
    assert [(r.name, r.rank, r.rank_range) for r in ranked] == [("a", 1, "1"), ("b", 2, "2")]


def test_on_mqm_rows_matches_sacrebleu(shared_data: Path) -> None:
    rows = [json.loads(line) for line in (shared_data / "mqm-ted-dev" / "ende.dev.jsonl").open()]
    a = [r["hyp"] for r in rows if r["system"] == "UEdin"][:80]
    b = [r["hyp"] for r in rows if r["system"] == "VolcTrans-AT"][:80]
    ref = [r["ref"] for r in rows if r["system"] == "UEdin"][:80]
    p_bs, p_ar, (lo, hi) = _ours(a, b, ref, "chrf")
    bs = _sacrebleu(a, b, ref, "chrf", "bs")
    ar = _sacrebleu(a, b, ref, "chrf", "ar")
    assert p_bs == pytest.approx(bs.p_value, abs=0.002)  # type: ignore[attr-defined]
    assert p_ar == pytest.approx(ar.p_value, abs=0.002)  # type: ignore[attr-defined]
    assert (hi - lo) / 2 == pytest.approx(bs.ci, abs=1e-3)  # type: ignore[attr-defined]


def test_chunked_bootstrap_equals_one_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    systems = {
        "fluent": [_stats("bleu", FLUENT, REF), _stats("chrf", FLUENT, REF)],
        "literal": [_stats("bleu", LITERAL, REF), _stats("chrf", LITERAL, REF)],
    }
    monkeypatch.setattr(significance, "_CELLS", 5 * len(REF))  # 5 resamples a chunk
    chunked = significance.bootstrap_all(systems, len(REF), 23, 12345)
    weights = significance.bootstrap_weights(len(REF), 23, 12345)
    for name, metrics in systems.items():
        for got, metric in zip(chunked[name], metrics, strict=True):
            np.testing.assert_allclose(
                got, significance.bootstrap_scores(metric, weights), atol=1e-9
            )


def test_ar_mask_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # small enough: exactly sacrebleu's one-call draw, cut into chunks
    monkeypatch.setattr(significance, "_CELLS", 7 * 12)
    chunks = list(significance.ar_mask_chunks(12, 30, 12345))
    assert [c.shape[0] for c in chunks] == [7, 7, 7, 7, 2]
    np.testing.assert_array_equal(np.concatenate(chunks), significance.ar_masks(12, 30, 12345))
    # too large for one call: drawn per chunk, still seeded and complete
    monkeypatch.setattr(significance, "_MASK_AT_ONCE", 10)
    first = np.concatenate(list(significance.ar_mask_chunks(12, 30, 12345)))
    again = np.concatenate(list(significance.ar_mask_chunks(12, 30, 12345)))
    assert first.shape == (30, 12)
    np.testing.assert_array_equal(first, again)
    sa, sb = _stats("chrf", FLUENT, REF), _stats("chrf", LITERAL, REF)
    (p,) = significance.ar_tests(
        {"a": [sa], "b": [sb]}, [("a", "b")], significance.ar_mask_chunks(12, 30, 12345)
    )[0]
    assert 0 < p <= 1

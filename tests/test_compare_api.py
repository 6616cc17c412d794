"""compare_systems end to end on small real texts in English, German and Chinese."""

from __future__ import annotations

import json

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from transcheck.compare import compare_systems, diff_tokens
from transcheck.compare.html import render_html
from transcheck.compare.result import CompareResult
from transcheck.compare.tables import (
    bucket_series,
    hotspot_rows,
    ngram_rows,
    pairwise_matrix,
    segment_table,
    systems_table,
    text_table,
)
from transcheck.errors import ConfigError, InputError

EN_SRC = [
    "Biden warnte Putin eindringlich vor einem Einmarsch in die Ukraine.",
    "Putin seinerseits warnte Biden vor harten Sanktionen.",
    "Das Telefonat dauerte fast eine Stunde.",
    "Moskau fordert vom Westen Sicherheitsgarantien.",
    "Kiew bestreitet jegliche Angriffspläne.",
    "Die beiden hatten zuletzt am 7. Dezember per Video gesprochen.",
    "Der Westen fürchtet, dass Russland sein Nachbarland angreifen könnte.",
    "Uschakow sagte, er erwarte von dem Treffen Ergebnisse.",
    "Das wäre ein kolossaler Fehler, sagte der Berater.",
    "Russland müsse seine Spannungen mit der Ukraine abbauen.",
]
EN_REF = [
    "Biden urgently warned Putin not to invade Ukraine.",
    "Putin in turn warned Biden against severe sanctions.",
    "The call lasted almost an hour.",
    "Moscow is demanding security guarantees from the West.",
    "Kyiv denies any plans to attack.",
    "The two last spoke by video link on December 7.",
    "The West fears that Russia could attack its neighbour.",
    "Ushakov said he expected the meeting to produce results.",
    "That would be a colossal mistake, the adviser said.",
    "Russia must de-escalate its tensions with Ukraine.",
]
EN_FLUENT = [
    "Biden urgently warned Putin not to invade Ukraine.",
    "Putin in turn warned Biden against tough sanctions.",
    "The call lasted nearly an hour.",
    "Moscow demands security guarantees from the West.",
    "Kyiv denies any plans to attack.",
    "The two last spoke by video on December 7.",
    "The West fears Russia could attack its neighbour.",
    "Ushakov said he expected results from the meeting.",
    "That would be a colossal mistake, the adviser said.",
    "Russia must reduce its tensions with Ukraine.",
]
EN_LITERAL = [
    "Biden has Putin urgently warned before an invasion in the Ukraine.",
    "Putin for his part warned Biden before hard sanctions.",
    "The telephonate lasted almost one hour.",
    "Moscow demands from the West security guarantees.",
    "Kiev denies every attack plans.",
    "The both had last on 7 December per video spoken.",
    "The West fears that Russia its neighbour country attack could.",
    "Uschakow said, he expects from the meeting results.",
    "This would be a colossal mistake, so the adviser.",
    "Russia must its tensions with the Ukraine reduce.",
]
EN_MIXED = [
    FLUENT if i % 2 else LIT
    for i, (FLUENT, LIT) in enumerate(zip(EN_FLUENT, EN_LITERAL, strict=True))
]

DE_REF = [
    "Die Regierung hat die Sanktionen gegen Russland verschärft.",
    "Der Präsident sprach fast eine Stunde mit seinem Amtskollegen.",
    "Die Verhandlungen sollen im Januar beginnen.",
    "Beide Seiten bezeichneten das Gespräch als ernsthaft.",
    "Die Truppen stehen weiterhin an der Grenze.",
    "Kiew wirft Moskau Provokationen vor.",
]
DE_A = [
    "Die Regierung hat die Sanktionen gegen Russland verschärft.",
    "Der Präsident sprach beinahe eine Stunde mit seinem Amtskollegen.",
    "Die Verhandlungen sollen im Januar beginnen.",
    "Beide Seiten nannten das Gespräch ernsthaft.",
    "Die Truppen stehen noch immer an der Grenze.",
    "Kiew wirft Moskau Provokationen vor.",
]
DE_B = [
    "Die Regierung verschärfte Sanktionen Russland.",
    "Präsident redete Stunde mit Kollege.",
    "Verhandlungen im Januar.",
    "Die Seiten sagten das Gespräch war ernst.",
    "Soldaten an Grenze.",
    "Kiew sagt Moskau provoziert.",
]

ZH_REF = [
    "我们对宇宙的大部分了解都来自于光。",
    "他说得非常清楚。",
    "会议将在一月举行。",
    "双方都认为谈话很认真。",
]
ZH_A = [
    "我们对宇宙的大部分了解来自于光。",
    "他说得非常清楚。",
    "会议将于一月举行。",
    "双方都认为谈话很认真。",
]
ZH_B = ["宇宙光。", "他说清楚。", "一月会议。", "谈话认真。"]


def _compare(
    hyps: dict[str, list[str]], refs: list[list[str]] | None, **kw: object
) -> CompareResult:
    kw.setdefault("fidelity", False)
    kw.setdefault("flags", False)
    kw.setdefault("bootstrap", 300)
    kw.setdefault("ar_trials", 1000)
    return compare_systems(hyps, refs, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "refs", "good", "bad"),
    [("en", EN_REF, EN_FLUENT, EN_LITERAL), ("de", DE_REF, DE_A, DE_B), ("zh", ZH_REF, ZH_A, ZH_B)],
)
def test_good_system_ranks_first_with_exact_corpus_scores(
    lang: str, refs: list[str], good: list[str], bad: list[str]
) -> None:
    result = _compare({"bad": bad, "good": good}, [refs], tgt_lang=lang)
    assert [s.name for s in result.systems] == ["good", "bad"]
    assert result.primary == "chrf"
    tok = "zh" if lang == "zh" else "13a"
    for name, hyps in (("good", good), ("bad", bad)):
        system = result.system(name)
        # Corpus scores equal sacrebleu's corpus_score (1e-9: summation order).
        assert system.scores["bleu"] == pytest.approx(
            BLEU(tokenize=tok).corpus_score(hyps, [refs]).score, abs=1e-9
        )
        assert system.scores["chrf"] == pytest.approx(
            CHRF().corpus_score(hyps, [refs]).score, abs=1e-9
        )
        if lang != "zh":
            assert system.scores["ter"] == pytest.approx(
                TER().corpus_score(hyps, [refs]).score, abs=1e-9
            )
        lo, hi = system.ci["chrf"]
        assert lo <= system.scores["chrf"] <= hi
    pair = result.pair("good", "bad")
    assert pair.test("chrf").delta > 0
    assert pair.wtl.wins > pair.wtl.losses
    # a perfect tie never counts as a win
    identical = sum(1 for g, b in zip(good, bad, strict=True) if g == b)
    assert pair.wtl.ties >= identical


def test_three_systems_clusters_hotspots_and_diagnostics() -> None:
    result = _compare(
        {"literal": EN_LITERAL, "fluent": EN_FLUENT, "mixed": EN_MIXED},
        [EN_REF],
        srcs=EN_SRC,
        src_lang="de",
        tgt_lang="en",
    )
    assert result.mode == "both"
    assert [s.name for s in result.systems] == ["fluent", "mixed", "literal"]
    assert result.system("fluent").rank == 1
    assert result.system("literal").rank > 1  # significantly worse than the best
    assert "consensus" in result.metrics  # three systems: agreement is available
    assert len(result.pairwise) == 3
    # hotspots: segments where literal and fluent differ the most
    assert result.hotspots
    top = result.hotspots[0]
    assert top.best == "fluent" or top.scores["fluent"] == top.scores[top.best]
    assert top.spread == pytest.approx(
        max(top.scores.values()) - min(top.scores.values()), abs=1e-9
    )
    # diagnostics exist and are keyed by system
    assert {t["metric"] for t in bucket_series(result)} >= {"chrf", "word_f"}
    freq = result.frequency
    assert freq is not None and set(freq.values) == {"fluent", "mixed", "literal"}
    # every reference word is in one bucket: 80 space-separated words, and
    # "de-escalate" counts as two
    assert sum(freq.counts) == 81
    grams = ngram_rows(result)
    assert grams
    for row in grams:
        favoured = "a matches" if row["favours"] == row["a"] else "b matches"
        other = "b matches" if favoured == "a matches" else "a matches"
        assert row[favoured] > row[other]


def test_ngram_differences_find_the_idioms() -> None:
    from transcheck.compare.diagnostics import matched_ngrams, ngram_differences

    fluent = matched_ngrams(EN_FLUENT, EN_REF)
    literal = matched_ngrams(EN_LITERAL, EN_REF)
    assert fluent["kyiv"] == 1 and literal["kyiv"] == 0
    assert fluent["in turn"] == 1 and literal["in turn"] == 0
    diff = ngram_differences("fluent", "literal", fluent, literal, top=500, min_count=1)
    favoured = {g for g, _, _ in diff.a_better}
    assert {"kyiv", "in turn", "to invade"} <= favoured
    assert all(ma > mb for _, ma, mb in diff.a_better)
    assert all(mb > ma for _, ma, mb in diff.b_better)


def test_identical_systems_say_no_difference() -> None:
    result = _compare({"a": EN_FLUENT, "b": list(EN_FLUENT)}, [EN_REF])
    (pair,) = result.pairwise
    for test in pair.tests:
        assert test.delta == 0.0
        assert test.p_ar == 1.0
        assert test.p_bootstrap == 1.0
    assert (pair.wtl.wins, pair.wtl.ties, pair.wtl.losses) == (0, len(EN_REF), 0)
    assert not pair.significant
    assert {s.rank for s in result.systems} == {1}


def test_one_system_is_a_one_system_report() -> None:
    result = _compare({"only": EN_FLUENT}, [EN_REF])
    assert len(result.systems) == 1 and result.systems[0].rank == 1
    assert result.pairwise == ()
    assert any("only one system" in n for n in result.notes)
    data = result.to_dict()
    assert data["systems"][0]["name"] == "only" and data["pairwise"] == []


def test_no_reference_uses_consensus_of_three_systems() -> None:
    result = _compare(
        {"literal": EN_LITERAL, "fluent": EN_FLUENT, "mixed": EN_MIXED}, None, srcs=EN_SRC
    )
    assert result.mode == "source"
    assert result.primary == "consensus"
    assert "bleu" not in result.metrics
    # mixed shares half of its segments with each other system: most agreement
    assert result.systems[0].name == "mixed"
    assert result.frequency is None


def test_no_reference_no_source_two_systems_is_refused() -> None:
    with pytest.raises(ConfigError, match="nothing to compare on"):
        _compare({"a": EN_FLUENT, "b": EN_LITERAL}, None)


def test_mismatched_lengths_name_every_input() -> None:
    with pytest.raises(InputError) as info:
        _compare({"a.txt": EN_FLUENT, "b.txt": EN_LITERAL[:7]}, [EN_REF], ref_names=["ref.txt"])
    message = str(info.value)
    for part in ("a.txt has 10 segments", "b.txt has 7 segments", "ref.txt has 10 segments"):
        assert part in message


def test_empty_input_is_refused() -> None:
    with pytest.raises(InputError, match="no segments"):
        _compare({"a": [], "b": []}, [[]])


def test_unknown_metric_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown metric 'meteor'"):
        _compare({"a": EN_FLUENT, "b": EN_LITERAL}, [EN_REF], metrics=["meteor"])


def test_seed_makes_results_repeat_and_appears_in_signature() -> None:
    r1 = _compare({"a": EN_FLUENT, "b": EN_MIXED}, [EN_REF], seed=99)
    r2 = _compare({"a": EN_FLUENT, "b": EN_MIXED}, [EN_REF], seed=99)
    assert r1.to_dict() == r2.to_dict()
    assert "seed:99" in r1.signatures["compare"]
    # the inputs hash changes with any input text
    r3 = _compare({"a": EN_FLUENT, "b": [*EN_MIXED[:-1], "Other."]}, [EN_REF], seed=99)
    inputs = [r.signatures["compare"].split("|inputs:")[1] for r in (r1, r2, r3)]
    assert inputs[0] == inputs[1] != inputs[2]
    assert "nrefs:1" in r1.signatures["bleu"]


def test_json_shape_and_views_are_plain_data() -> None:
    result = _compare(
        {"literal": EN_LITERAL, "fluent": EN_FLUENT, "mixed": EN_MIXED}, [EN_REF], srcs=EN_SRC
    )
    data = json.loads(json.dumps(result.to_dict()))
    assert [s["name"] for s in data["systems"]] == ["fluent", "mixed", "literal"]
    for s in data["systems"]:
        assert {"name", "fidelity", "rank", "chrf", "chrf_ci", "bleu", "ter"} <= set(s)
    pair = data["pairwise"][0]
    assert {"p_bootstrap", "p_ar", "delta"} <= set(pair["tests"]["chrf"])
    assert set(pair["win_tie_loss"]) == {"wins", "ties", "losses"}
    assert data["hotspots"][0]["systems"][0]["text"]
    matrix = pairwise_matrix(result)
    assert matrix["p"][0][0] is None and matrix["p"][0][1] == matrix["p"][1][0]
    assert len(systems_table(result)) == 3 and len(segment_table(result)) == len(EN_REF)
    assert hotspot_rows(result)[0]["reference"] in EN_REF
    assert "ranked by chrf" in text_table(result)


def test_html_is_self_contained_and_escapes_hostile_text() -> None:
    hostile = [
        t + ' <script>alert("x")</script>' if i == 2 else t for i, t in enumerate(EN_LITERAL)
    ]
    result = _compare({"<b>sys</b>": hostile, "fluent": EN_FLUENT}, [EN_REF])
    page = render_html(result)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;sys&lt;/b&gt;" in page
    assert "<svg" in page
    for external in ("http://", "https://", "src=", "@import"):
        assert external not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


@pytest.mark.parametrize(
    ("a", "b", "ops"),
    [
        ("He said Kiev is far.", "He said Kyiv is far.", ["equal", "replace", "equal"]),
        ("for its part he warned", "he warned", ["delete", "equal"]),
        (
            "Die Regierung hat verschärft.",
            "Die Regierung hat die Sanktionen verschärft.",
            ["equal", "insert", "equal"],
        ),
        ("他说得很清楚。", "他说得非常清楚。", ["equal", "replace", "equal"]),
        (
            "The West fears Russia.",
            "The West fears that Russia its neighbour.",
            ["equal", "insert", "equal", "insert", "equal"],
        ),
        ("", "Leave a reply.", ["insert"]),
        ("same", "same", ["equal"]),
    ],
)
def test_word_diff(a: str, b: str, ops: list[str]) -> None:
    diff = diff_tokens(a, b)
    assert [op.op for op in diff] == ops
    for op in diff:
        assert a[op.a_start : op.a_end] == op.a_text
        assert b[op.b_start : op.b_end] == op.b_text
    # the b side of all ops rebuilds b
    assert "".join(op.b_text for op in diff) == b


def test_process_pool_gives_the_same_scores_as_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from transcheck.compare import workers

    systems = {"literal": EN_LITERAL, "fluent": EN_FLUENT, "mixed": EN_MIXED}
    args = (systems, [EN_REF], EN_SRC, "de", "en", 12345, 100, True, True)
    serial = workers.score_systems(workers.ScoringJob(*args))
    monkeypatch.setattr(workers, "PARALLEL_SEGMENTS", 0)
    monkeypatch.setattr(workers, "_usable_cores", lambda: 2)
    pooled = workers.score_systems(workers.ScoringJob(*args))
    assert pooled.notes == serial.notes
    assert pooled.fidelity == serial.fidelity
    # the checks module is part of the package: flags must be there
    assert serial.flags is not None and pooled.flags is not None
    assert set(pooled.flags) == set(systems)
    for name in systems:
        assert [f.to_dict() for f in pooled.flags[name]] == [
            f.to_dict() for f in serial.flags[name]
        ]
    assert (pooled.stats is None) == (serial.stats is None)
    if serial.stats is not None and pooled.stats is not None:
        for name in systems:
            for metric, arr in serial.stats[name].items():
                assert (pooled.stats[name][metric] == arr).all()


def test_languages_are_detected_when_not_given() -> None:
    result = _compare({"a": DE_A, "b": DE_B}, [DE_REF], srcs=EN_SRC[:6])
    assert result.tgt_lang == "de"
    assert result.src_lang == "de"  # EN_SRC is the German original of the English table
    assert any(n.startswith("target language not given: detected de") for n in result.notes)
    given = _compare({"a": DE_A, "b": DE_B}, [DE_REF], tgt_lang="de")
    assert not any("not given" in n for n in given.notes)


def test_pair_diffs_point_at_the_most_different_segments() -> None:
    result = _compare({"fluent": EN_FLUENT, "literal": EN_LITERAL}, [EN_REF])
    (pair,) = result.pairwise
    assert 1 <= len(pair.diffs) <= 3
    gaps = [
        abs(
            result.segment_scores["fluent"]["chrf"][i] - result.segment_scores["literal"]["chrf"][i]
        )
        for i in range(len(EN_REF))
    ]
    assert pair.diffs[0][0] == max(range(len(gaps)), key=gaps.__getitem__)
    for i, ops in pair.diffs:
        a, b = result.hyps[pair.a][i], result.hyps[pair.b][i]
        assert "".join(op.b_text for op in ops) == b
        assert "".join(op.a_text for op in ops) == a
        assert any(op.op != "equal" for op in ops)
    # seen from the other side, insertions become deletions
    flipped = result.pair(pair.b, pair.a)
    for (i, ops), (j, back) in zip(pair.diffs, flipped.diffs, strict=True):
        assert i == j
        assert [o.op for o in ops] == [
            {"insert": "delete", "delete": "insert"}.get(o.op, o.op) for o in back
        ]
        assert "".join(o.b_text for o in back) == result.hyps[pair.a][i]
    data = result.to_dict()["pairwise"][0]["diffs"]
    assert data[0]["id"] == pair.diffs[0][0] and data[0]["ops"]
    assert "Word diffs per pair" in render_html(result)


@pytest.mark.parametrize(
    ("hyps", "refs", "primary"),
    [
        ({"only": EN_FLUENT}, [EN_REF], "chrf"),
        ({"literal": EN_LITERAL, "fluent": EN_FLUENT, "mixed": EN_MIXED}, None, "consensus"),
    ],
)
def test_html_for_one_system_and_for_consensus_only(
    hyps: dict[str, list[str]], refs: list[list[str]] | None, primary: str
) -> None:
    result = _compare(hyps, refs, tgt_lang="en")
    assert result.primary == primary
    page = render_html(result)
    assert page.rstrip().endswith("</html>")
    for name in hyps:
        assert name in page


def test_two_references_give_sacrebleu_multi_reference_scores() -> None:
    # second reference: the fluent system itself, so "fluent" gains the most
    refs = [EN_REF, EN_FLUENT]
    result = _compare({"fluent": EN_FLUENT, "literal": EN_LITERAL}, refs, tgt_lang="en")
    for name, hyps in (("fluent", EN_FLUENT), ("literal", EN_LITERAL)):
        scores = result.system(name).scores
        # sacrebleu corpus scores with two references; 1e-9: summation order only
        assert scores["bleu"] == pytest.approx(BLEU().corpus_score(hyps, refs).score, abs=1e-9)
        assert scores["chrf"] == pytest.approx(CHRF().corpus_score(hyps, refs).score, abs=1e-9)
        assert scores["ter"] == pytest.approx(TER().corpus_score(hyps, refs).score, abs=1e-9)
    assert result.system("fluent").scores["chrf"] == pytest.approx(100.0, abs=1e-9)
    assert "nrefs:2" in result.signatures["bleu"]

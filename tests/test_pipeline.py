"""analyze_document on the seed and on small multilingual documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcheck.analysis import analyze_document, find_seed_corpus
from transcheck.errors import InputError
from transcheck.model import Document

SUMMARY_KEYS = {
    "segments",
    "tgt_lang",
    "src_lang",
    "counterpart",
    "fidelity",
    "score_mode",
    "flags",
    "flagged_segments",
    "by_severity",
    "by_category",
    "by_rule",
    "awkwardness",
    "beads",
    "omissions",
    "additions",
    "low_confidence",
    "source_guess",
}

# (language, text): real sentences, including markup that must stay text.
DOCUMENTS = [
    ("en", "Kiev denies any plans to attack. <script>alert(1)</script> Leave a Reply."),
    ("de", "Der Kreml ist „zufrieden“. Das Fazit aus Washington klingt vorsichtiger."),
    ("fr", "Le président russe est « satisfait ». La conclusion de Washington est prudente !"),
    ("ru", "Путин предупредил Байдена. Это была бы «колоссальная ошибка»."),
    ("ja", "バイデン氏はプーチン氏に警告した。ロシアは侵攻計画を否定している。"),
]


@pytest.fixture(scope="module")
def seed_analysis():
    try:
        seed = find_seed_corpus()
    except InputError:
        pytest.skip("seed corpus not present")
    return analyze_document(
        seed.translation,
        original=seed.original,
        alternate=seed.alternate,
        tgt_lang=seed.tgt_lang,
        src_lang=seed.src_lang,
        glossary=seed.glossary,
    )


def test_seed_analysis_has_stable_summary_and_json(seed_analysis) -> None:
    summary = seed_analysis.summary
    assert set(summary) >= SUMMARY_KEYS
    assert summary["tgt_lang"] == "en" and summary["src_lang"] == "de"
    assert summary["counterpart"] == "original"
    assert summary["segments"] == len(seed_analysis.rows) > 20
    data = json.loads(json.dumps(seed_analysis.to_dict(), ensure_ascii=False))
    assert data["summary"] == json.loads(json.dumps(summary))
    assert len(data["segments"]) == summary["segments"]


def test_seed_offsets_index_the_file_text(seed_analysis) -> None:
    text = seed_analysis.translation.document.text
    for row in seed_analysis.rows:
        seg = row.segment
        assert text[seg.start : seg.end] == seg.text
    assert any("Leave a Reply" in r.segment.text for r in seed_analysis.rows)


def test_seed_alignment_covers_every_segment_once(seed_analysis) -> None:
    if seed_analysis.alignment is None:
        pytest.skip(f"alignment: {seed_analysis.unavailable.get('align')}")
    beads = seed_analysis.alignment.beads
    tgt_ids = [i for b in beads for i in b.tgt]
    src_ids = [i for b in beads for i in b.src]
    assert sorted(tgt_ids) == [r.segment.id for r in seed_analysis.rows]
    assert sorted(src_ids) == [s.id for s in seed_analysis.original.segments]
    # Each translation row carries the original text of its bead.
    for row in seed_analysis.rows:
        bead = beads[row.bead]
        assert row.segment.id in bead.tgt
        by_id = {s.id: s.text for s in seed_analysis.original.segments}
        assert row.source == " ".join(by_id[i] for i in bead.src)


def test_seed_stages_either_ran_or_say_why(seed_analysis) -> None:
    for stage in ("score", "flag", "source_guess"):
        reason = seed_analysis.unavailable.get(stage)
        if reason is None:
            continue
        assert reason.startswith(("not available", "failed", "no original")), reason
    if "score" not in seed_analysis.unavailable:
        assert seed_analysis.scores is not None
        assert 0.0 <= seed_analysis.scores.fidelity <= 100.0
        assert seed_analysis.scores.mode in ("source", "both")
    if "flag" not in seed_analysis.unavailable:
        assert all(0.0 <= r.awkwardness <= 1.0 for r in seed_analysis.rows)
        for row in seed_analysis.rows:
            for flag in row.flags:
                assert 0 <= flag.start <= flag.end <= len(row.segment.text)


@pytest.mark.parametrize(("lang", "text"), DOCUMENTS)
def test_documents_without_counterpart_keep_text_exactly(lang: str, text: str) -> None:
    analysis = analyze_document(Document(text, path=f"doc.{lang}.txt"), tgt_lang=lang)
    assert analysis.alignment is None and analysis.scores is None
    assert "nothing to score against" in analysis.unavailable["score"]
    joined = "".join(r.segment.text for r in analysis.rows)
    assert joined.replace(" ", "") == text.replace(" ", "")
    assert analysis.summary["tgt_lang"] == lang


def test_declared_language_mismatch_is_a_warning() -> None:
    pytest.importorskip("transcheck.langid")
    french = (
        "Le président américain a de nouveau mis en garde son homologue russe contre une "
        "invasion de l'Ukraine. Les États-Unis et leurs alliés répondraient avec fermeté."
    )
    analysis = analyze_document(Document(french, path="article.txt"), tgt_lang="en")
    assert any("expected language 'en'" in w and "'fr'" in w for w in analysis.warnings)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty"), (b" \n\t\n", "empty"), (b"GIF89a\x00\x01", "binary")],
)
def test_bad_translation_raises_input_error_naming_file(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=problem) as info:
        analyze_document(path)
    assert str(path) in str(info.value)


def test_bad_original_is_named(tmp_path: Path) -> None:
    tr = tmp_path / "t.txt"
    tr.write_text("Ein Satz. Noch einer.", encoding="utf-8")
    with pytest.raises(InputError, match="no such file") as info:
        analyze_document(tr, original=tmp_path / "missing.de.txt")
    assert "missing.de.txt" in str(info.value)


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(InputError, match="unknown unit"):
        analyze_document(Document("Ein Satz."), unit="paragraph")


def test_line_unit_keeps_line_ids() -> None:
    doc = Document("first line. still first\nsecond line\n\nfourth line\n", path="l.txt")
    analysis = analyze_document(doc, tgt_lang="en", unit="line")
    # transcheck.io.readers.line_segments keeps empty middle lines so ids match the file.
    assert [r.segment.text for r in analysis.rows] == [
        "first line. still first",
        "second line",
        "",
        "fourth line",
    ]
    assert [r.segment.id for r in analysis.rows] == list(range(len(analysis.rows)))


def test_find_seed_corpus_paths() -> None:
    try:
        seed = find_seed_corpus()
    except InputError as exc:
        assert "seed corpus not found" in str(exc)
        return
    assert seed.translation.name == "translation.en.txt"
    assert seed.translation.read_bytes().startswith(b"Telephone call about conflict in Ukraine")


def test_line_unit_aligns_line_by_line_and_refuses_count_mismatch() -> None:
    tr = Document("Kiev denies it.\nThe talks begin in January.\n", path="mt.en.txt")
    src = Document("Kiew bestreitet das.\nDie Gespräche beginnen im Januar.\n", path="src.de.txt")
    analysis = analyze_document(tr, original=src, tgt_lang="en", src_lang="de", unit="line")
    assert [(b.src, b.tgt) for b in analysis.alignment.beads] == [((0,), (0,)), ((1,), (1,))]
    assert [r.source for r in analysis.rows] == [
        "Kiew bestreitet das.",
        "Die Gespräche beginnen im Januar.",
    ]
    short = Document("Kiew bestreitet das.\n", path="short.de.txt")
    with pytest.raises(InputError, match=r"line counts differ") as info:
        analyze_document(tr, original=short, tgt_lang="en", src_lang="de", unit="line")
    assert "short.de.txt" in str(info.value)


def test_seed_scraper_residue_is_reported_as_additions(seed_analysis) -> None:
    if "score" in seed_analysis.unavailable:
        pytest.skip(f"score: {seed_analysis.unavailable['score']}")
    added = [s.text for s in seed_analysis.additions()]
    # The seed ends with scraper residue that has no counterpart in the original.
    assert "Leave a Reply" in added
    assert "source site-34" in added
    assert seed_analysis.summary["additions"] == len(added)
    kinds = {u.kind for u in seed_analysis.units}
    assert "addition" in kinds
    assert sorted(i for u in seed_analysis.units for i in u.tgt_ids) == [
        r.segment.id for r in seed_analysis.rows
    ]

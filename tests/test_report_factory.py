"""Build DocumentAnalysis values from plain pieces, for report/dashboard tests.

This uses the real pipeline dataclasses and ``summarize``; only the stage
results (alignment beads, flags, scores) are given instead of computed, so
renderers can be tested on exact, known content.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from transcheck.analysis import (
    DocumentAnalysis,
    LanguageInfo,
    ScoreSummary,
    SegmentRow,
    SideInfo,
    summarize,
)
from transcheck.model import Alignment, Bead, Document, Flag
from transcheck.segment import split_sentences


def side(role: str, text: str, lang: str, path: str) -> SideInfo:
    doc = Document(text=text, lang=lang, path=path)
    return SideInfo(role, doc, tuple(split_sentences(text, lang)), LanguageInfo(lang, lang, 0.99))


def make_analysis(
    translation: str,
    *,
    original: str | None = None,
    beads: Sequence[tuple[tuple[int, ...], tuple[int, ...], float]] = (),
    flags: dict[int, Sequence[Flag]] | None = None,
    fidelity: Sequence[float] | None = None,
    unavailable: dict[str, str] | None = None,
) -> DocumentAnalysis:
    tside = side("translation", translation, "en", "translation.en.txt")
    oside = side("original", original, "de", "original.de.txt") if original else None
    alignment = None
    if oside is not None:
        alignment = Alignment(
            oside.segments,
            tside.segments,
            tuple(Bead(s, t, 1.0 - c, c) for s, t, c in beads),
            "de",
            "en",
        )
    src_text = {s.id: s.text for s in oside.segments} if oside else {}
    bead_of = {t: i for i, (_, ts, _) in enumerate(beads) for t in ts}
    rows = []
    for seg in tside.segments:
        b = bead_of.get(seg.id)
        rows.append(
            SegmentRow(
                segment=seg,
                source=" ".join(src_text[i] for i in beads[b][0]) if b is not None else None,
                bead=b,
                confidence=beads[b][2] if b is not None else None,
                fidelity=fidelity[seg.id] if fidelity else None,
                awkwardness=0.5 if (flags or {}).get(seg.id) else 0.0,
                flags=tuple((flags or {}).get(seg.id, ())),
            )
        )
    scores = None
    if fidelity:
        scores = ScoreSummary(
            mode="source",
            fidelity=sum(fidelity) / len(fidelity),
            corpus={"fidelity": sum(fidelity) / len(fidelity)},
            ci={"fidelity": (min(fidelity), max(fidelity))},
            explanation=("fidelity compares each sentence with its aligned source",),
            signatures=("name:fidelity|seed:12345",),
        )
    analysis = DocumentAnalysis(
        translation=tside,
        original=oside,
        alternate=None,
        rows=tuple(rows),
        alignment=alignment,
        counterpart="original" if oside else None,
        scores=scores,
        source_guess=None,
        summary={},
        signature="name:transcheck-report|test",
        unavailable=dict(unavailable or {}),
    )
    fields = {f: getattr(analysis, f) for f in DocumentAnalysis.__dataclass_fields__}
    fields["summary"] = summarize(analysis)
    return DocumentAnalysis(**fields)


SEED_LIKE_EN = (
    "Biden calls on Putin to de-escalate. The Russian President is satisfied. Leave a Reply."
)
SEED_LIKE_DE = "Biden fordert Putin zur Deeskalation auf. Der russische Präsident ist zufrieden."


def test_summary_counts_flags_beads_omissions_and_additions() -> None:
    flags = {
        0: [Flag("kiev", "Locale/Spelling", "major", 0, 5, "use Kyiv")],
        2: [
            Flag("residue", "Style/Boilerplate", "critical", 0, 13, "scraper residue"),
            Flag("short", "Style/Awkward", "minor", 0, 5, "fragment"),
        ],
    }
    analysis = make_analysis(
        SEED_LIKE_EN,
        original=SEED_LIKE_DE,
        beads=[((0,), (0,), 0.95), ((1,), (1,), 0.3), ((), (2,), 0.0)],
        flags=flags,
        fidelity=[80.0, 40.0, 0.0],
    )
    s = analysis.summary
    # Expected values counted by hand from the table above.
    assert s["segments"] == 3
    assert s["flags"] == 3
    assert s["flagged_segments"] == 2
    assert s["by_severity"] == {"minor": 1, "major": 1, "critical": 1}
    assert s["by_category"] == {"Locale/Spelling": 1, "Style/Awkward": 1, "Style/Boilerplate": 1}
    assert s["beads"] == 3
    assert s["additions"] == 1
    assert s["omissions"] == 0
    assert s["low_confidence"] == 1  # the 1-1 bead at 0.3 < LOW_CONFIDENCE
    assert s["fidelity"] == pytest.approx(40.0, abs=1e-9)  # mean of 80, 40, 0
    assert [seg.text for seg in analysis.additions()] == ["Leave a Reply."]


def test_omission_is_a_source_segment_without_translation() -> None:
    analysis = make_analysis(
        "Biden calls on Putin to de-escalate.",
        original=SEED_LIKE_DE,
        beads=[((0,), (0,), 0.9), ((1,), (), 0.0)],
    )
    assert [s.text for s in analysis.omissions()] == ["Der russische Präsident ist zufrieden."]
    assert analysis.summary["omissions"] == 1
    assert analysis.summary["additions"] == 0


def test_units_peeled_residue_count_as_additions_and_mark_their_bead() -> None:
    import dataclasses

    from transcheck.analysis import ScoreUnit
    from transcheck.report import build_report

    base = make_analysis(
        SEED_LIKE_EN,
        original=SEED_LIKE_DE,
        beads=[((0,), (0,), 0.95), ((1,), (1, 2), 0.6)],
    )
    assert base.additions() == []  # by beads alone the residue hides in a 1-2 bead
    units = (
        ScoreUnit("match", (0,), (0,), 80.0),
        ScoreUnit("match", (1,), (1,), 70.0),
        ScoreUnit("addition", (2,), (), 0.0),
    )
    analysis = dataclasses.replace(base, units=units)
    assert [s.text for s in analysis.additions()] == ["Leave a Reply."]
    rows = build_report(analysis).alignment
    assert [r.status for r in rows] == ["ok", "contains addition"]
    assert analysis.to_dict()["units"][2] == {
        "kind": "addition",
        "tgt_ids": [2],
        "other_ids": [],
        "fidelity": 0.0,
    }

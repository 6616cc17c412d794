"""Sentence splitting: real sentences per language, offsets that slice back."""

from __future__ import annotations

import pytest

from transcheck.model import Document
from transcheck.segment import fallback_chain, rules_for, segment_document, split_sentences

# (lang, text, expected sentences). Expected splits written by hand from the
# punctuation conventions of each language.
CASES: list[tuple[str, str, list[str]]] = [
    ("en", "Dr. Smith arrived at 3.5 p.m. on Monday. He left early!",
     ["Dr. Smith arrived at 3.5 p.m. on Monday.", "He left early!"]),
    ("en", "The U.S. President met J. R. R. Tolkien fans. They cheered.",
     ["The U.S. President met J. R. R. Tolkien fans.", "They cheered."]),
    ("en", "Apples, pears, etc. are fruit. Bring milk, eggs, etc. Then go home.",
     ["Apples, pears, etc. are fruit.", "Bring milk, eggs, etc.", "Then go home."]),
    ("en", "He hesitated... Then he spoke. “We hope that doesn’t happen.” The USA agreed.",
     ["He hesitated...", "Then he spoke.", "“We hope that doesn’t happen.”",
      "The USA agreed."]),
    ("en", "“Is it true?” she asked. “Yes!” he said.",
     ["“Is it true?” she asked.", "“Yes!” he said."]),
    ("de", "Er kam am 7. Dezember an. Der 3. Platz ging an z. B. Müller. Das kostet 3,5 Mio. Euro.",
     ["Er kam am 7. Dezember an.", "Der 3. Platz ging an z. B. Müller.",
      "Das kostet 3,5 Mio. Euro."]),
    ("de", "„Wir sind zufrieden.“ Das sagte Dr. Uschakow. Es war im Jahr 2021. Dann kam 2022.",
     ["„Wir sind zufrieden.“", "Das sagte Dr. Uschakow.", "Es war im Jahr 2021.",
      "Dann kam 2022."]),
    ("fr", "M. Dupont est arrivé. « Je suis content. » Il est parti à 8 h. Mme Martin aussi.",
     ["M. Dupont est arrivé.", "« Je suis content. »", "Il est parti à 8 h.",
      "Mme Martin aussi."]),
    ("fr", "Vraiment ? Oui ! C'est la vie, etc. Et après ?",
     ["Vraiment ?", "Oui !", "C'est la vie, etc.", "Et après ?"]),
    ("fr", "Ils arrivèrent à 13 h. 30 au sommet. Le camp était à 7200 m. 21. Retour.",
     ["Ils arrivèrent à 13 h. 30 au sommet.", "Le camp était à 7200 m.", "21. Retour."]),
    ("de", "Lasten kamen am 13. , 15. und 17. Juni an (wirklich! ) und blieben. Gut.",
     ["Lasten kamen am 13. , 15. und 17. Juni an (wirklich! ) und blieben.", "Gut."]),
    ("es", "El Sr. García llegó ayer. ¿Vienes mañana? ¡Claro que sí! Cuesta 3,5 euros.",
     ["El Sr. García llegó ayer.", "¿Vienes mañana?", "¡Claro que sí!", "Cuesta 3,5 euros."]),
    ("it", "Il Sig. Rossi è arrivato. Il Dott. Bianchi no. Che peccato!",
     ["Il Sig. Rossi è arrivato.", "Il Dott. Bianchi no.", "Che peccato!"]),
    ("nl", "Dhr. Jansen kwam bijv. te laat. Hij zei niets. Waarom niet?",
     ["Dhr. Jansen kwam bijv. te laat.", "Hij zei niets.", "Waarom niet?"]),
    ("pt", "O Sr. Silva chegou. A Dra. Costa também! Tudo bem?",
     ["O Sr. Silva chegou.", "A Dra. Costa também!", "Tudo bem?"]),
    ("pt-BR", "Comprei na Acme Ltda. Depois fui para casa.",
     ["Comprei na Acme Ltda.", "Depois fui para casa."]),
    ("ru", "Это было в 2020 г. Москва готовилась. Мы, т. е. я и он, ушли. А. С. Пушкин жил там.",
     ["Это было в 2020 г.", "Москва готовилась.", "Мы, т. е. я и он, ушли.",
      "А. С. Пушкин жил там."]),
    ("ru", "«Мы довольны», — сказал он. «Правда?» Да.",
     ["«Мы довольны», — сказал он.", "«Правда?»", "Да."]),
    ("zh", "拜登与普京通话。美国总统警告俄罗斯！你同意吗？“我们希望不会发生。”他说。",
     ["拜登与普京通话。", "美国总统警告俄罗斯！", "你同意吗？", "“我们希望不会发生。”他说。"]),
    ("ja", "彼は「はい。」と言った。明日は雨です。本当ですか？「はい。」「いいえ。」",
     ["彼は「はい。」と言った。", "明日は雨です。", "本当ですか？", "「はい。」", "「いいえ。」"]),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_split_per_language(lang: str, text: str, expected: list[str]) -> None:
    segments = split_sentences(text, lang)
    assert [s.text for s in segments] == expected
    for segment in segments:
        assert text[segment.start : segment.end] == segment.text


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_offsets_survive_crlf_and_lone_cr(lang: str, text: str, expected: list[str]) -> None:
    for newline in ("\r\n", "\r", "\n"):
        doc = newline.join([text, "", text + "  "]) + newline
        segments = split_sentences(doc, lang)
        for segment in segments:
            assert doc[segment.start : segment.end] == segment.text
        assert [s.text for s in segments] == expected + expected
        assert [s.paragraph for s in segments] == [0] * len(expected) + [1] * len(expected)


def test_seed_headlines_and_residue_are_own_segments(seed_text: str) -> None:
    segments = split_sentences(seed_text, "en")
    texts = [s.text for s in segments]
    # The seed's second block is two headline lines without punctuation.
    assert texts[1:3] == ["Telephone call about conflict in Ukraine",
                          "Biden calls on Putin to de-escalate"]  # fmt: skip
    assert segments[1].paragraph == segments[2].paragraph == 1
    assert texts[-2:] == ["source site-34", "Leave a Reply"]
    assert "Kiev" in next(t for t in texts if "accuses Kiev" in t)
    assert "December 7th." in next(t for t in texts if t.startswith("Biden and Putin met"))
    for segment in segments:
        assert seed_text[segment.start : segment.end] == segment.text
    # 14 blank-line separated blocks in the seed.
    assert segments[-1].paragraph == 13
    assert len(segments) == 32


def test_wrapped_prose_is_joined_and_titles_are_not() -> None:
    text = "A long sentence that was wrapped\nat a fixed width, and goes on.\nTitle\nNext line."
    assert [s.text for s in split_sentences(text, "en")] == [
        "A long sentence that was wrapped\nat a fixed width, and goes on.",
        "Title",
        "Next line.",
    ]


def test_wrapped_block_joins_lines_before_capitalised_names() -> None:
    text = (
        "During the phone call, Biden and Putin also talked about the planned\n"
        "talks between representatives of the two countries, which the Kremlin\n"
        "Chief of Staff described as necessary. Ushakov said that the meeting\n"
        "should produce results.\n"
    )
    segments = split_sentences(text, "en")
    assert [s.text.split()[0] for s in segments] == ["During", "Ushakov"]
    for segment in segments:
        assert text[segment.start : segment.end] == segment.text


def test_random_mixtures_always_slice_back() -> None:
    import random

    rng = random.Random(7)
    pieces = [text for _, text, _ in CASES] + [
        "\n", "\r\n", "\r", "\n\n", " ", "...", "« ", " »", "「", "」", "Dr.", "3.", "z. B.",
        "\u00a0", "\t", "U.S.", "。", "!?", "“", "”", "A.", "etc.", "",
    ]  # fmt: skip
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        lang = rng.choice(["en", "de", "fr", "ja", "zh", "ru", None])
        previous_end = 0
        for index, segment in enumerate(split_sentences(text, lang)):
            assert segment.id == index
            assert text[segment.start : segment.end] == segment.text
            assert segment.text == segment.text.strip() and segment.text
            assert segment.start >= previous_end
            previous_end = segment.end


def test_enumerators_and_decimals_do_not_split() -> None:
    text = "1. Introduction\n\nThe rate rose to 3.5 percent. Version 2.0 is out."
    assert [s.text for s in split_sentences(text, "en")] == [
        "1. Introduction", "The rate rose to 3.5 percent.", "Version 2.0 is out."
    ]  # fmt: skip


def test_unknown_language_uses_union_of_rules() -> None:
    text = "Am 7. Dezember kam Dr. Weber, z. B. mit Mme Curie. Dann ging er."
    assert [s.text for s in split_sentences(text)] == [
        "Am 7. Dezember kam Dr. Weber, z. B. mit Mme Curie.", "Dann ging er."
    ]  # fmt: skip


def test_fallback_chain_is_data() -> None:
    assert fallback_chain("pt-BR") == ["pt_BR", "pt", "default"]
    assert fallback_chain("pt_PT") == ["pt", "default"]
    assert fallback_chain("xx") == ["default"]
    assert fallback_chain(None) == ["default"]
    assert "Ltda" in rules_for("pt-BR").abbreviations
    assert "Ltda" not in rules_for("pt").abbreviations
    assert "Sr" in rules_for("pt").abbreviations
    assert rules_for("de").ordinal_dot and not rules_for("en").ordinal_dot


def test_empty_and_whitespace_give_no_segments() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\r\n\t ") == []


def test_huge_line_without_boundaries() -> None:
    text = ("word " * 200_000) + "end."
    segments = split_sentences(text, "en")
    assert len(segments) == 1
    assert segments[0].end == len(text)


@pytest.mark.parametrize(
    ("text", "count"),
    [("1. Absatz " * 20_000, 1), ("z. B. " * 30_000, 1), ("a." * 50_000, 1),
     ("。" * 50_000, 1), (" . " * 50_000, 50_000)],
    ids=["ordinals", "abbreviations", "dots", "cjk-stops", "lone-periods"],
)  # fmt: skip
def test_pathological_runs_stay_linear(text: str, count: int) -> None:
    # Quadratic behaviour would take minutes here and hit the pytest timeout.
    segments = split_sentences(text, "de")
    assert len(segments) == count
    assert segments[-1].end == len(text.rstrip())


def test_segment_document_units() -> None:
    doc = Document(text="One. Two.\nThree", lang="en")
    assert [s.text for s in segment_document(doc)] == ["One.", "Two.", "Three"]
    assert [s.text for s in segment_document(doc, unit="line")] == ["One. Two.", "Three"]

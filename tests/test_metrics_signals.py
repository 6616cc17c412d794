"""Adequacy signals on real multilingual strings: which fire, and where."""

from __future__ import annotations

import pytest

from transcheck.metrics import signals as sig
from transcheck.metrics.normalize import translit_key

# (hypothesis, source, src_lang, tgt_lang, signals that must fire)
ROWS: list[tuple[str, str, str, str, set[str]]] = [
    ("He came at 5 o'clock.", "Er kam um 6 Uhr.", "de", "en", {"numbers"}),
    ("They met on December 7th.", "Sie trafen sich am 7. Dezember.", "de", "en", set()),
    ("It cost 1,000 euros.", "Es kostete 1.000 Euro.", "de", "en", set()),
    ("Two heads of state talked.", "2 Staatschefs sprachen.", "de", "en", set()),
    ("Says Putin's adviser.", "Sagt Putins Berater Juri Uschakow.", "de", "en", {"names"}),
    ("Says Yuri Ushakov.", "Sagt Putins Berater Juri Uschakow.", "de", "en", set()),
    (
        "Visit www.example.org now",
        "Besuchen Sie https://example.org jetzt",
        "de",
        "en",
        {"protected"},
    ),
    (
        "Hello {name}, you have %d messages",
        "Bonjour {name}, vous avez %d messages",
        "fr",
        "en",
        set(),
    ),
    (
        "Hello name, you have messages",
        "Bonjour {name}, vous avez %d messages",
        "fr",
        "en",
        {"protected"},
    ),
    ("Is he coming.", "Kommt er?", "de", "en", {"punctuation"}),
    ("Er kam um 6 Uhr an.", "Er kam um 6 Uhr an.", "de", "en", {"untranslated"}),
    ("Biden warned Putin in Kiev.", "Biden warnte Putin in Kiew.", "de", "en", set()),
    ("Il est arrivé à Paris hier.", "Il est arrivé à Paris hier.", "fr", "en", {"untranslated"}),
    ("He said 我们 yesterday.", "他昨天说我们。", "zh", "en", {"untranslated"}),
    (
        "Yes.",
        "Der russische Präsident ist nach dem langen Telefonat sehr zufrieden.",
        "de",
        "en",
        {"length"},
    ),
    ("", "Nicht leer.", "de", "en", {"empty", "length"}),
    ("¿Dónde está la biblioteca?", "Where is the library?", "en", "es", set()),
]


@pytest.mark.parametrize(("hyp", "src", "src_lang", "tgt_lang", "expected"), ROWS)
def test_source_signals_table(
    hyp: str, src: str, src_lang: str, tgt_lang: str, expected: set[str]
) -> None:
    found = sig.source_signals(hyp, src, src_lang=src_lang, tgt_lang=tgt_lang)
    fired = {s.name for s in found if s.value > 0.0 and (s.name != "length" or s.value >= 0.7)}
    assert fired == expected
    for signal in found:
        for start, end in signal.spans:
            assert 0 <= start < end <= len(hyp)
        if signal.value > 0 and signal.name != "length":
            assert signal.message


def test_number_spans_point_at_the_wrong_number() -> None:
    hyp = "Talks start on January 11th in Geneva."
    signal = sig.number_mismatch(hyp, "Die Gespräche beginnen am 10. Januar in Genf.")
    assert signal.value == 2.0  # 10 missing, 11 added
    assert [hyp[s:e] for s, e in signal.spans] == ["11"]
    assert "10" in signal.message


# Against a human reference only substitutions count: the German rows are
# real mqm-ted-dev renderings (reference spells out or converts; MQM 0).
@pytest.mark.parametrize(
    ("hyp", "ref", "expected", "span_text"),
    [
        ("The talks begin on January 11 in Geneva.", "The talks begin on January 10 in Geneva.",
         1.0, ["11"]),
        ("The talks start on 10 January in Geneva.", "The talks begin on January 10 in Geneva.",
         0.0, []),
        ("fünf Jahre Montagezeit, 2,5 Millionen Teile.",
         "fünf Jahre [Bauzeit], zweieinhalb Millionen Teile.", 0.0, []),
        ("– 8 Fuß, 12 Fuß lange Proteine.", "– zweieinhalb bis vier Meter lange Proteine.",
         0.0, []),
        ("It costs 12 and 40 dollars.", "It costs 12 and 14 dollars.", 1.0, ["40"]),
    ],
)  # fmt: skip
def test_changed_numbers_counts_substitutions_only(
    hyp: str, ref: str, expected: float, span_text: list[str]
) -> None:
    signal = sig.changed_numbers(hyp, ref)
    assert signal.value == expected
    assert [hyp[s:e] for s, e in signal.spans] == span_text
    assert bool(signal.message) == bool(expected)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Uschakow", "Ushakov"),
        ("Ouchakov", "Ushakov"),
        ("Tschaikowsky", "Chaikovsky"),
        ("Müller", "Mueller"),
        ("José", "Jose"),
    ],
)
def test_transliteration_keys_agree(a: str, b: str) -> None:
    assert translit_key(a) == translit_key(b)


def test_repetition_and_rare_words_spans() -> None:
    hyp = "the the talks were were productive and and flurbishingly good"
    rep = sig.repetition(hyp)
    assert [hyp[s:e] for s, e in rep.spans] == ["the", "were", "and"]
    rare = sig.rare_words(hyp, "en")
    assert [hyp[s:e] for s, e in rare.spans] == ["flurbishingly"]


def test_unmatched_reference_words() -> None:
    hyp = "The Kiev government reacted."
    spans = sig.unmatched_reference_words(hyp, ["The Kyiv government reacted."])
    assert [hyp[s:e] for s, e in spans] == ["Kiev"]


@pytest.mark.parametrize(
    ("fluent", "broken", "lang"),
    [
        (
            "I think that this is one of the most important things we can do.",
            "Important thing, policy, climate, emissions, reduction, target.",
            "en",
        ),
        (
            "Ich glaube, dass wir das in der Zukunft noch besser machen können.",
            "Zukunft, Verbesserung, Klimapolitik, Emissionsreduktion, Zielwerte.",
            "de",
        ),
    ],
)
def test_function_words_and_punctuation_density(fluent: str, broken: str, lang: str) -> None:
    fluent_share = sig.function_word_share(fluent, lang)
    broken_share = sig.function_word_share(broken, lang)
    assert fluent_share > 0.5 > broken_share
    dense = sig.punctuation_density(broken)
    assert dense.value > sig.punctuation_density(fluent).value
    assert {broken[s:e] for s, e in dense.spans} == {",", "."}


def test_naturalness_signals_neutral_where_no_word_list_applies() -> None:
    assert sig.function_word_share("我认为这是我们能做的最重要的事情之一。", "zh") == pytest.approx(
        sig.NEUTRAL_FUNCTION_SHARE, abs=0.0
    )
    assert sig.function_word_share("", "en") == pytest.approx(sig.NEUTRAL_FUNCTION_SHARE, abs=0.0)
    empty = sig.punctuation_density("")
    assert empty.value == pytest.approx(0.0, abs=0.0)
    assert empty.spans == ()

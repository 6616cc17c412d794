"""One regression table runs the whole catalogue over real strings in several languages."""

from __future__ import annotations

import pytest

from transcheck.checks import apply_fixes, flag_segments, get_check, list_checks
from transcheck.checks.registry import CheckSpec, check, register, unregister
from transcheck.errors import RegistryError

# (lang, text, rules that must fire, rules that must not fire). Expected rules
# come from the language knowledge written next to each row.
TABLE: list[tuple[str, str, set[str], set[str]]] = [
    # German "es gibt" rendered word for word.
    ("en", "It gives many problems in this city.", {"de-en:it_gives"}, set()),
    ("en", "Since five years she works here.", {"any-en:since_duration"}, set()),
    ("en", "A handy tool; it gives some tips.", set(), {"de-en:mobile_handy", "de-en:it_gives"}),
    # Spanish "tener N años".
    ("en", "My sister has 25 years and lives in Madrid.", {"es-en:have_years"}, set()),
    # Chinese paired connective 虽然…但是.
    ("en", "Although it was raining, but we went out.", {"zh-en:although_but"}, set()),
    # French "dans la mesure où".
    ("en", "In the measure where it is possible, we help.", {"fr-en:in_the_measure"}, set()),
    # German extended attribute.
    (
        "en",
        "The by the government last year adopted law failed.",
        {"de-en:prenominal_participle"},
        set(),
    ),
    # German quotation marks in English text.
    ("en", "He said „no“ twice.", {"quote_style"}, set()),
    # Typing slips.
    ("en", "This is is the the best plan.", {"repeated_word"}, set()),
    ("en", "He came  home late ,and slept.", {"spacing"}, set()),
    ("en", "She recieved the leter yesterday.", {"spelling"}, set()),
    # Frequent misspellings that wordfreq knows, next to the right word.
    ("en", "We definately waited untill noon.", {"spelling"}, set()),
    # Words of URLs, e-mail addresses and file names are not prose.
    ("en", "Mail jdoe@exmaple.com or see https://exmaple.org/xqzzy.", set(), {"spelling"}),
    # Compounds of common words and contractions are not misspellings.
    ("en", "Two supermassive holes weren't seen.", set(), {"spelling"}),
    ("de", "Das Schwarze Loch mitklettert nicht.", set(), {"spelling"}),
    ("es", "El perro comío la comida rapidamente.", {"spelling"}, set()),
    ("fr", "Le chien a mangé la nouriture.", {"spelling"}, set()),
    ("en", "It was a honest mistake, not an good one.", {"a_an"}, set()),
    # Legitimate repeats and names must stay quiet.
    (
        "en",
        "He had had enough of Zelensky's NATO-related remarks.",
        set(),
        {"repeated_word", "spelling"},
    ),
    ("en", "An hour later, a European union and an FBI agent arrived.", set(), {"a_an"}),
    # Locale: decimal comma and dotted date in English.
    ("en", "Growth was 3,5 percent on 7.12.2021.", {"number_format", "date_format"}, set()),
    # Large numbers need digit groups; a spaced hyphen is not a dash.
    (
        "en",
        "About 500000 people - many of them young - came.",
        {"number_format", "spaced_hyphen"},
        set(),
    ),
    (
        "de",
        "Etwa 40000 Menschen kamen -- viele davon jung.",
        {"number_format", "spaced_hyphen"},
        set(),
    ),
    ("en", "Call #12345 in 2021; 5 - 3 is 2.", set(), {"number_format", "spaced_hyphen"}),
    # German: anglicisms and English quotes.
    ("de", "Das macht keinen Sinn, sagte er.", {"en-de:sinn_machen"}, set()),
    ("de", "Peter's Auto ist rot. Geht's dir gut?", {"en-de:genitive_apostrophe"}, set()),
    ("de", "In 2019 war das anders.", {"en-de:in_year"}, set()),
    ("de", "Er sagte “Nein” und ging.", {"en-de:english_quotes"}, set()),
    ("de", "Das Wachstum lag bei 3.5 Prozent.", {"number_format"}, set()),
    ("de", "Die Wahl am 7.12.2021 war knapp.", set(), {"number_format"}),
    # French: space before high punctuation is required.
    ("fr", "Vraiment? Oui: c'est vrai!", {"spacing"}, set()),
    ("fr", "Vraiment\u202f? Oui\u202f: c'est vrai\u202f!", set(), {"spacing"}),
    # Boilerplate and noise in any language.
    ("en", "Leave a Reply", {"boilerplate:leave_reply"}, set()),
    ("de", "Diese Website verwendet Cookies.", {"boilerplate:cookie_line"}, set()),
    ("en", "The cafÃ© was closed.", {"mojibake"}, set()),
    ("es", "Hola\u200bmundo", {"control_chars"}, set()),
    # Mentioning a reply in running prose is not residue.
    (
        "en",
        "Please leave a reply to the committee before the end of the month, as agreed.",
        set(),
        {"boilerplate:leave_reply"},
    ),
]


@pytest.mark.parametrize(("lang", "text", "must", "must_not"), TABLE)
def test_catalogue_table(lang: str, text: str, must: set[str], must_not: set[str]) -> None:
    (result,) = flag_segments([text], lang=lang)
    fired = {f.rule for f in result.flags}
    assert must <= fired, (must - fired, fired)
    assert not (must_not & fired), must_not & fired
    for f in result.flags:
        assert 0 <= f.start <= f.end <= len(text)
    assert 0.0 <= result.awkwardness <= 1.0


def test_spans_are_exact() -> None:
    (r,) = flag_segments(["It was as he has never seen it before, they said."])
    (flag,) = [f for f in r.flags if f.rule == "de-en:never_seen_before"]
    assert r.text[flag.start : flag.end] == "as he has never seen it before"
    assert flag.category == "Style/Awkward" and flag.severity == "major"


ACCURACY = [
    # (source, target, rule): numbers, placeholders, untranslated text.
    ("Das Treffen ist am 25. Januar.", "The meeting is in January.", "number_mismatch"),
    ("Klicken Sie auf {0}, um fortzufahren.", "Click to continue.", "markup_mismatch"),
    ("Siehe <b>hier</b>.", "See here.", "markup_mismatch"),
    ("This is not translated at all.", "This is not translated at all.", "untranslated"),
    ("今天我们要讨论的是气候变化对农业和城市生活的长期影响。", "Climate.", "length_ratio"),
]


@pytest.mark.parametrize(("source", "target", "rule"), ACCURACY)
def test_accuracy_with_source(source: str, target: str, rule: str) -> None:
    (r,) = flag_segments([target], sources=[source])
    assert rule in {f.rule for f in r.flags}


def test_accuracy_quiet_on_good_pair() -> None:
    (r,) = flag_segments(
        ["The meeting on 10 January costs 1,500 euros."],
        sources=["Das Treffen am 10. Januar kostet 1.500 Euro."],
        families=["accuracy"],
    )
    assert r.flags == ()


NUMBER_PAIRS = [
    # (source, src_lang, target, flagged): a comma between digits is a decimal comma
    # in German but a list separator in a coordinate such as "[1,1]".
    ("看左面，[1,1] 的输入等于0输出。", "zh", "On the left, the input of [1, 1] gives 0.", False),
    ("在右边， [0,0] 的输入是1输出。", "zh", "On the right, the input of [0, 0] is 1.", False),
    ("Der Wert liegt bei 3,5 Prozent.", "de", "The value is 3.5 percent.", False),
    ("Der Wert liegt bei 3,5 Prozent.", "de", "The value is 3 percent.", True),
    ("Le point (12,40) est à droite.", "fr", "The point (12.40) is on the right.", False),
    ("Der Punkt [17,40] liegt rechts.", "de", "The point [17, 44] is on the right.", True),
]


@pytest.mark.parametrize(("source", "src_lang", "target", "flagged"), NUMBER_PAIRS)
def test_number_mismatch_reads_comma_numbers_both_ways(
    source: str, src_lang: str, target: str, flagged: bool
) -> None:
    (r,) = flag_segments([target], sources=[source], src_lang=src_lang, families=["accuracy"])
    assert any(f.rule == "number_mismatch" and f.severity == "major" for f in r.flags) is flagged


def test_consistency_across_segments() -> None:
    results = flag_segments(
        ["Good morning.", "Hello there.", "Use e-mail today.", "Send an email now."],
        sources=["Guten Morgen.", "Guten Morgen.", "E-Mail nutzen.", "Mail senden."],
        families=["consistency"],
    )
    rules = [sorted(f.rule for f in r.flags) for r in results]
    assert "inconsistent_translation" in rules[1]
    assert any("spelling_variants" in r for r in rules)


def test_fixes_are_mechanical_only() -> None:
    text = "In Kiev he said „no“ ,twice  today; it gives many reasons."
    (r,) = flag_segments([text])
    fixed = apply_fixes(text, r.flags)
    assert fixed == "In Kyiv he said “no” ,twice today; it gives many reasons."


def test_registry_rejects_duplicates_and_lists_ids() -> None:
    spec = get_check("spelling")
    with pytest.raises(RegistryError, match="registered twice"):
        register(spec)
    with pytest.raises(RegistryError, match=r"valid: .*spelling"):
        get_check("no_such_check")
    with pytest.raises(RegistryError, match="snake_case"):
        check("Bad-Id", family="style", category="Style/Awkward", severity="minor")(
            lambda ctx: iter(())
        )


def test_registered_plugin_check_runs() -> None:
    def shouting(ctx):  # type: ignore[no-untyped-def]
        """Shouting (all capitals)."""
        from transcheck.checks.runner import Hit

        if ctx.text.isupper():
            yield Hit(0, len(ctx.text), "all capitals")

    register(CheckSpec("test_shouting", shouting, "style", "Style/Awkward", "minor"))
    try:
        (r,) = flag_segments(["STOP THAT NOW"], checks=["test_shouting"])
        assert [f.rule for f in r.flags] == ["test_shouting"]
    finally:
        unregister("test_shouting")


def test_catalogue_has_help_for_every_check() -> None:
    specs = list_checks()
    assert len({s.id for s in specs}) == len(specs) >= 20
    families = {s.family for s in specs}
    assert families == {
        "style",
        "fluency",
        "locale",
        "terminology",
        "accuracy",
        "consistency",
        "boilerplate",
        "l10n",
    }
    for s in specs:
        assert s.title and s.title != s.id
        assert "/" in s.category


def test_alignment_gaps_become_omission_and_addition_flags() -> None:
    from transcheck.model import Alignment, Bead, Segment

    src = tuple(Segment(i, t, 0, len(t)) for i, t in enumerate(["Eins.", "Zwei.", "Drei."]))
    tgt_texts = ["One.", "Three.", "Subscribe now!"]
    tgt = tuple(Segment(i, t, 0, len(t)) for i, t in enumerate(tgt_texts))
    beads = (Bead((0,), (0,)), Bead((1,), ()), Bead((2,), (1,)), Bead((), (2,)))
    results = flag_segments(tgt_texts, alignment=Alignment(src, tgt, beads), families=["accuracy"])
    gaps = [(r.id, f.category, f.start, f.end) for r in results for f in r.flags]
    # The omitted "Zwei." is reported (zero-width) on the next target sentence;
    # the unaligned target sentence is an addition spanning its text.
    assert gaps == [(1, "Accuracy/Omission", 0, 0), (2, "Accuracy/Addition", 0, 14)]


def test_alternate_numbers() -> None:
    (r,) = flag_segments(
        ["The talks are on January 13th with 2,500 guests."],
        alternates=["Talks follow on January 13, with 2500 guests."],
        families=["accuracy"],
    )
    assert r.flags == ()
    (r,) = flag_segments(
        ["The talks are on January 31st."],
        alternates=["Talks follow on January 13."],
        families=["accuracy"],
    )
    assert {f.rule for f in r.flags} == {"alternate_numbers"}


# (locale, key, expected value, the file it comes from in the fallback chain)
LOCALES = [
    ("pt_BR", "quotes", ["“", "”"], "pt_BR.toml"),
    ("pt_BR", "decimal", ",", "pt.toml"),
    ("pt-BR", "long_sentence_words", 40, "default.toml"),
    ("es_MX", "decimal", ".", "es_MX.toml"),
    ("es", "decimal", ",", "es.toml"),
    ("fr", "space_before_high_punct", True, "fr.toml"),
    ("xx", "long_sentence_words", 40, "default.toml"),
]


@pytest.mark.parametrize(("lang", "key", "value", "origin"), LOCALES)
def test_locale_fallback_chain(lang: str, key: str, value: object, origin: str) -> None:
    from transcheck.checks.langdata import fallback_chain, locale_settings

    assert locale_settings(lang)[key] == value
    assert origin.removesuffix(".toml") in fallback_chain(lang)


def test_pt_br_quotes_differ_from_pt() -> None:
    text = "Ele disse «não» duas vezes."
    (br,) = flag_segments([text], lang="pt_BR", families=["locale"])
    (pt,) = flag_segments([text], lang="pt", families=["locale"])
    assert [f.suggestion for f in br.flags] == ["“", "”"]
    assert pt.flags == ()


# (text, expected source language, hedge): interference rules of each pack.
GUESSES = [
    ("Since five years I live here. The by the city planned bridge fell.", "de", "likely"),
    ("The totality of the budget was put in place in the measure where it helped.", "fr", "likely"),
    ("My sister has 25 years. It depends of the weather, the people is happy.", "es", "likely"),
    ("Although it rained, but we went out because we were bored, so we left.", "zh", "likely"),
    ("For its part, the council agreed.", "de", "possibly"),
]


@pytest.mark.parametrize(("text", "lang", "hedge"), GUESSES)
def test_source_guess_per_language(text: str, lang: str, hedge: str) -> None:
    from transcheck.checks import guess_source_language
    from transcheck.checks.source_guess import LANGUAGE_NAMES

    guess = guess_source_language([text])
    assert guess.lang == lang
    assert guess.describe() == f"{hedge} translated from {LANGUAGE_NAMES[lang]}"
    assert guess.evidence


def test_register_mix_flags_the_rarer_address_form() -> None:
    # German: formal "Sie/Ihnen/Ihre" (capitalised inside a sentence) and
    # informal "du" in one text; sentence-initial "Sie kamen" is "they came".
    texts = [
        "Können Sie mir helfen?",
        "Ich zeige Ihnen das Bild.",
        "Dann siehst du es.",
        "Sie kamen gestern.",
        "Danke für Ihre Zeit.",
    ]
    results = flag_segments(texts, lang="de", families=["consistency"])
    flagged = [(r.id, r.text[f.start : f.end]) for r in results for f in r.flags]
    assert flagged == [(2, "du")]
    (alone,) = flag_segments(["Siehst du das? Du bist dran."], lang="de", families=["consistency"])
    assert alone.flags == ()


def test_entry_point_plugins_register_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    from transcheck.checks import registry
    from transcheck.checks.runner import Hit

    def plugin() -> None:
        def exclamations(ctx):  # type: ignore[no-untyped-def]
            """Too many exclamation marks ("!!!")."""
            i = ctx.text.find("!!")
            if i >= 0:
                yield Hit(i, len(ctx.text.rstrip()), "exclamation marks")

        register(CheckSpec("test_plugin_bang", exclamations, "style", "Style/Awkward", "minor"))

    class FakeEntryPoint:
        name, value = "bang", "tests:plugin"

        def load(self) -> object:
            return plugin

    monkeypatch.setattr(registry, "_plugins_loaded", False)
    monkeypatch.setattr(
        importlib.metadata, "entry_points", lambda group: [FakeEntryPoint()] if group else []
    )
    try:
        assert get_check("test_plugin_bang").title == 'Too many exclamation marks ("!!!").'
        (r,) = flag_segments(["Stop it!!!"], checks=["test_plugin_bang"])
        assert [(f.rule, f.start, f.end) for f in r.flags] == [("test_plugin_bang", 7, 10)]
    finally:
        unregister("test_plugin_bang")


# Residue lines vs ordinary short sentences (boilerplate is judged per line).
RESIDUE = [
    ("© 2021 Example Media", "boilerplate:copyright_line"),
    ("All rights reserved.", "boilerplate:copyright_line"),
    ("Share on Facebook", "boilerplate:share_line"),
    ("Read more", "boilerplate:page_furniture"),
    ("Copyright law is complex.", None),
    ("A storm like I have never seen before.", None),
]


@pytest.mark.parametrize(("text", "rule"), RESIDUE)
def test_residue_and_lookalikes(text: str, rule: str | None) -> None:
    (r,) = flag_segments([text])
    assert [f.rule for f in r.flags] == ([rule] if rule else [])

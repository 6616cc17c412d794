"""Language ID: script first, repeatable, sane on short segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.errors import ConfigError
from transcheck.langid import detect_language, identify, script_counts
from transcheck.model import Document
from transcheck.segment import split_sentences

# One real sentence per language (our own translations of a seed sentence).
SENTENCES: list[tuple[str, str]] = [
    ("en", "The West fears that Russia could attack the neighbouring country."),
    ("de", "Der Westen befürchtet, dass Russland das Nachbarland angreifen könnte."),
    ("fr", "L'Occident craint que la Russie n'attaque le pays voisin."),
    ("es", "Occidente teme que Rusia pueda atacar al país vecino."),
    ("it", "L'Occidente teme che la Russia possa attaccare il paese vicino."),
    ("nl", "Het Westen vreest dat Rusland het buurland zou kunnen aanvallen."),
    ("pt", "O Ocidente teme que a Rússia possa atacar o país vizinho."),
    ("pl", "Zachód obawia się, że Rosja może zaatakować sąsiedni kraj."),
    ("sv", "Väst fruktar att Ryssland kan anfalla grannlandet."),
    ("tr", "Batı, Rusya'nın komşu ülkeye saldırabileceğinden korkuyor."),
    ("ru", "Запад опасается, что Россия может напасть на соседнюю страну."),
    ("uk", "Захід побоюється, що Росія може напасти на сусідню країну."),
    ("bg", "Западът се опасява, че Русия може да нападне съседната страна."),
    ("zh", "西方担心俄罗斯可能会进攻邻国。"),
    ("ja", "西側はロシアが隣国を攻撃するかもしれないと恐れている。"),
    ("ko", "서방은 러시아가 이웃 나라를 공격할 수 있다고 우려한다."),
    ("ar", "يخشى الغرب أن تهاجم روسيا البلد المجاور."),
    ("fa", "غرب می‌ترسد که روسیه به کشور همسایه حمله کند."),
    ("he", "המערב חושש שרוסיה עלולה לתקוף את המדינה השכנה."),
    ("el", "Η Δύση φοβάται ότι η Ρωσία θα μπορούσε να επιτεθεί στη γειτονική χώρα."),
    ("hi", "पश्चिम को डर है कि रूस पड़ोसी देश पर हमला कर सकता है।"),
    ("th", "ชาติตะวันตกกลัวว่ารัสเซียอาจโจมตีประเทศเพื่อนบ้าน"),
]


@pytest.mark.parametrize(("lang", "text"), SENTENCES, ids=[lang for lang, _ in SENTENCES])
def test_sentence_languages(lang: str, text: str) -> None:
    guess = detect_language(text)
    assert guess.lang == lang
    assert guess.confidence > 0.8


@pytest.mark.parametrize(
    ("text", "lang"),
    [("안녕", "ko"), ("はい", "ja"), ("東京へ", "ja"), ("中国", "zh"), ("Ναι", "el"),
     ("כן", "he"), ("ใช่", "th"), ("Київ", "uk"), ("Ђорђе", "sr"), ("پیام", "fa")],
)  # fmt: skip
def test_script_decides_short_segments(text: str, lang: str) -> None:
    guess = detect_language(text)
    assert (guess.lang, guess.method) == (lang, "script")


def test_short_latin_segments_have_lower_confidence() -> None:
    short = detect_language("Danke schön")
    long = detect_language("Die Regierung in Moskau bestreitet jegliche Angriffspläne.")
    assert short.lang == long.lang == "de"
    assert short.confidence < 0.5 < 0.9 < long.confidence
    # Word evidence fixes what character n-grams alone get wrong.
    assert detect_language("“We hope that doesn’t happen.”").lang == "en"


@pytest.mark.parametrize("text", ["", "   ", "12345 - 678", "!!!"])
def test_no_letters_is_undetermined(text: str) -> None:
    guess = detect_language(text)
    assert (guess.lang, guess.confidence) == ("und", 0.0)


@pytest.mark.parametrize("method", ["profile", "langdetect"])
def test_results_repeat(method: str) -> None:
    texts = ["Merci beaucoup", "Biden calls on Putin to de-escalate", "Dank je wel", "Obrigado"]
    first = [detect_language(t, None, method) for t in texts]
    detect_language.cache_clear()
    second = [detect_language(t, None, method) for t in texts]
    assert first == second


def test_unknown_method_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        detect_language("Hello there, how are you?", None, "magic")
    with pytest.raises(ConfigError):
        identify("Hello there.", method="magic")


def test_seed_is_english_and_original_is_german(seed_text: str, seed_corpus: Path) -> None:
    report = identify(Document(text=seed_text))
    assert report.lang == "en" and report.confidence > 0.9
    langs = [d["lang"] for d in report.segment_dicts()]
    assert langs.count("en") >= len(langs) - 2  # residue like "source site-34" may differ
    original = seed_corpus / "original.de.txt"
    if not original.exists():
        pytest.skip("the German stand-in is not in the corpus yet")
    assert identify(original.read_text(encoding="utf-8")).lang == "de"


def test_segments_are_detected_lazily() -> None:
    text = "Das ist ein deutscher Satz über Köln. This one is an English sentence about Cologne."
    report = identify(text, split_sentences(text))
    assert report.lang in {"de", "en"}
    assert "segments" not in vars(report)
    assert [d["lang"] for d in report.to_dict()["segments"]] == ["de", "en"]
    assert "segments" in vars(report)


def test_weak_segments_take_the_document_language() -> None:
    text = "The talks in Geneva are planned for January, officials said.\n\nKiev\n"
    segments = split_sentences(text, "en")
    rows = identify(text, segments).segments
    assert [g.lang for _, g in rows] == ["en", "en"]
    assert rows[1][1].method == "document" and rows[1][1].confidence < 0.2
    alone = identify(text, segments, prefer_document=False).segments
    assert alone[1][1].method == "profile"


def test_script_counts() -> None:
    counts = script_counts("Kiew → Київ, 東京")
    assert counts == {"Latin": 4, "Cyrillic": 4, "Han": 2}

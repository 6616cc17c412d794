"""Russian spelling through Debian's Hunspell dictionary (hunspell-ru), read in pure Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.checks import flag_segments
from transcheck.checks.hunspell import find, for_language, load

needs_ru = pytest.mark.skipif(find("ru") is None, reason="hunspell-ru is not installed")


@needs_ru
def test_inflected_russian_forms_are_known_and_misspellings_are_not() -> None:
    ru = for_language("ru")
    assert ru is not None
    # Case and number forms the old word list lacked (206 false alarms per 1,000 units).
    for word in ("документу", "кодировки", "сохранённых", "вкладки", "нажмите", "открыть"):
        assert word in ru, word
    for word in ("ошибкаа", "сохранитть", "дакумент"):
        assert word not in ru, word


@needs_ru
def test_russian_spelling_flags_a_typo_not_a_valid_form_nor_an_identifier() -> None:
    texts = ["Не удалось сохранитть документ.", "Кодировка документу не подходит.",
             "Ключ tree_view_mode не найден.", "_Открыть файл"]
    results = flag_segments(texts, lang="ru", sources=["Could not save the document.",
                            "Encoding", "Key tree_view_mode not found.", "_Open file"])
    spelled = [[texts[i][f.start : f.end] for f in r.flags if f.rule == "spelling"]
               for i, r in enumerate(results)]
    assert spelled == [["сохранитть"], [], [], []]


def test_a_dictionary_with_features_the_reader_lacks_is_not_half_read(tmp_path: Path) -> None:
    base = tmp_path / "xx_XX"
    (tmp_path / "xx_XX.dic").write_text("2\nhaus/A\nbaum\n", encoding="utf-8")
    (tmp_path / "xx_XX.aff").write_text(
        "SET UTF-8\nSFX A Y 1\nSFX A 0 es .\n", encoding="utf-8")
    simple = load(str(base))
    assert simple is not None and "hauses" in simple and "baumes" not in simple
    assert "haus" in simple and "baum" in simple
    (tmp_path / "xx_XX.aff").write_text(
        "SET UTF-8\nPFX B Y 1\nPFX B 0 un .\nSFX A Y 1\nSFX A 0 es .\n", encoding="utf-8")
    assert load(str(base)) is None  # prefixes: refused whole, not read without them
    assert load(str(tmp_path / "missing")) is None

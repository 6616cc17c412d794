"""The slow awkwardness pass (``--grammar on``): Link Grammar, word rarity, embedding.

For each segment: Link Grammar evidence (:mod:`transcheck.checks.grammar`),
word-frequency statistics (wordfreq Zipf: mean, minimum, rare share, mean
and largest Zipf gap between neighbours) and the hypothesis sentence
embedding (:func:`transcheck.embedding.embed`) feed one logistic model fitted
by ``bench/calibrate_grammar.py`` on the three-rater news dev labels
(leave-one-document-out CV) and stored under ``"full"`` in
``data/awkwardness.json``. It ships *disabled* (``"enabled": false``): on
news dev it only ties hypothesis length (AUC 0.688 vs 0.690; 0.587 vs 0.566
within length quartiles) and on TED zh-en it is worse (0.543 vs 0.621), so
the fast score stays the awkwardness until a model beats length on both.
Each unlinked word becomes a minor ``grammar_unlinked`` flag whose span is
that word, so the evidence is visible.

Batched: the parser runs segment by segment with a progress bar
(:mod:`transcheck.progress`), the embedding in one batched call. When Link
Grammar or the embedding is unavailable, one warning names the reason and the
fast score of :mod:`transcheck.checks.awkwardness` is kept.

Known limits: English only (the model was fitted on English MT output); the
model sees length too (log word count is one feature), so it is not free of
it; unlinked words are weak span evidence (about 0.28 character precision
against the raters' Style/Fluency spans on news dev), hence minor.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np

from transcheck.checks import grammar
from transcheck.checks.awkwardness import load_params
from transcheck.checks.text import tokens, zipf_dict
from transcheck.model import Flag
from transcheck.progress import progress

HAND_FEATURES: tuple[str, ...] = (
    "log_words",
    "nulls",
    "null_share",
    "unknown_share",
    "disjunct_cost_per_sentence",
    "link_cost_per_word",
    "log_linkages",
    "no_parse",
    "mean_zipf",
    "min_zipf",
    "zipf_gap",
    "max_zipf_gap",
    "rare_share",
    "commas_per_word",
    "long_words_share",
)
RULE = "grammar_unlinked"


def hand_features(text: str, res: grammar.GrammarResult, lang: str) -> list[float]:
    """The non-embedding features of one segment, in the order of HAND_FEATURES."""
    words = [t.text for t in tokens(text)]
    get = zipf_dict(lang).get
    zipfs = [get(w.lower(), 0.0) for w in words] or [5.0]
    n = max(len(words), 1)
    gaps = [abs(a - b) for a, b in pairwise(zipfs)] or [0.0]
    parsed_words = max(res.words, 1)
    return [
        math.log1p(len(words)),
        float(res.nulls),
        res.nulls / parsed_words,
        res.unknown / parsed_words,
        res.disjunct_cost / max(res.sentences, 1),
        res.link_cost / parsed_words,
        math.log1p(res.linkages),
        float(res.sentences == 0),
        sum(zipfs) / len(zipfs),
        min(zipfs),
        sum(gaps) / len(gaps),
        max(gaps),
        sum(1 for z in zipfs if z < 3.0) / n,
        sum(text.count(c) for c in ",;") / n,
        sum(1 for w in words if len(w) >= 10) / n,
    ]


def unlinked_flags(res: grammar.GrammarResult) -> list[Flag]:
    """One minor Fluency/Grammar flag per unlinked word, spanning that word."""
    return [
        Flag(
            rule=RULE,
            category="Fluency/Grammar",
            severity="minor",
            start=u.start,
            end=u.end,
            message=f"Link Grammar cannot link '{u.word}' into the sentence",
        )
        for u in res.unlinked
    ]


def full_model(lang: str) -> dict[str, Any] | None:
    """The fitted slow model for ``lang``, or None (also when it ships disabled)."""
    full = load_params().get("full") or {}
    if not full.get("enabled", False):
        return None
    model = full.get("models", {}).get(lang)
    if model and tuple(full.get("features", ())) == HAND_FEATURES:
        return model
    return None


def score_rows(hand: np.ndarray, emb: np.ndarray, model: dict[str, Any]) -> np.ndarray:
    """Probabilities from the hand features and embeddings (rows)."""
    x = np.column_stack([emb, hand]).astype(float)
    z = (x - np.asarray(model["mean"])) / np.asarray(model["std"])
    # Row-wise sum, so a chunk scores the same as the whole (no BLAS order).
    logit = (z * np.asarray(model["weights"])).sum(axis=1) + model["bias"]
    return 1.0 / (1.0 + np.exp(-np.clip(logit, -30.0, 30.0)))


def grammar_pass(
    texts: Sequence[str],
    lang: str,
    on_warning: Callable[[str], None] | None = None,
) -> tuple[list[float] | None, list[list[Flag]], list[list[str]]]:
    """(awkwardness or None, extra flags, notes) per segment.

    None for the scores means: keep the fast score (a warning said why).
    """
    warn = on_warning or (lambda _msg: None)
    empty: list[list[Flag]] = [[] for _ in texts]
    notes: list[list[str]] = [[] for _ in texts]
    if not grammar.available(lang):
        warn(f"grammar evidence off: {grammar.unavailable_reason(lang)}")
        return None, empty, notes
    results = [
        grammar.parse_segment(t, lang) for t in progress(texts, label="grammar", min_items=200)
    ]
    flags = [unlinked_flags(r) for r in results]
    notes = [list(r.notes) for r in results]
    model = full_model(lang)
    if model is None:  # no enabled model for this language: the fast score stays
        return None, flags, notes
    from transcheck.embedding import EmbeddingUnavailable, embed

    try:
        emb = embed(list(texts))
    except EmbeddingUnavailable as exc:
        warn(f"sentence embedding unavailable ({exc}): the fast awkwardness score is kept")
        return None, flags, notes
    hand = np.array([hand_features(t, r, lang) for t, r in zip(texts, results, strict=True)])
    probs = score_rows(hand, emb, model)
    scores = [
        0.0 if not t.strip() else round(float(p), 4) for t, p in zip(texts, probs, strict=True)
    ]
    return scores, flags, notes

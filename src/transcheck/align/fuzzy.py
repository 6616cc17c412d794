"""Same-language word links by rapidfuzz: spelling variants count as shared anchors.

Two translations in one language share most content words, and the prefix
features (features.py) already match inflected forms that agree on their
first five letters ("behaviour" / "behavior"). What they miss are words
that differ early: "colour" / "color" (colou / color), "favourite" /
"favorite", "Tchaikovsky" / "Tschaikowsky". For every word of the
target whose prefix never occurs on the source side, the most similar such
source word (rapidfuzz ``fuzz.ratio`` on accent-folded words, >= ``CUTOFF``)
lends its prefix to the target sentences that contain the word.

Known limits: only words of 4+ letters; variants further apart than the
cutoff ("centre" / "center" scores 83, "Kiev" / "Kyiv" 75) stay unlinked;
at most ``MAX_VOCABULARY`` of the most frequent unmatched words a side are compared (the matrix is
vocabulary x vocabulary); used for same-language pairs only, because across
languages it links false friends (measured on Bleualign dev: no gain).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from transcheck.align.features import MIN_WORD, PREFIX
from transcheck.align.tokens import content_words

CUTOFF = 85
MAX_VOCABULARY = 3000


def fuzzy_links(src_texts: Sequence[str], tgt_texts: Sequence[str]) -> list[set[str]]:
    """Extra features for each target sentence: prefixes of the source words that
    its unmatched words are spelling variants of."""
    from rapidfuzz import fuzz, process

    src_words = [content_words(t, MIN_WORD) for t in src_texts]
    tgt_words = [content_words(t, MIN_WORD) for t in tgt_texts]
    src_prefixes = {w[:PREFIX] for ws in src_words for w in ws}
    tgt_prefixes = {w[:PREFIX] for ws in tgt_words for w in ws}
    src_free = Counter(w for ws in src_words for w in ws if w[:PREFIX] not in tgt_prefixes)
    tgt_free = Counter(w for ws in tgt_words for w in ws if w[:PREFIX] not in src_prefixes)
    extra: list[set[str]] = [set() for _ in tgt_texts]
    if not src_free or not tgt_free:
        return extra
    src_vocab = [w for w, _ in src_free.most_common(MAX_VOCABULARY)]
    tgt_vocab = [w for w, _ in tgt_free.most_common(MAX_VOCABULARY)]
    scores = process.cdist(
        tgt_vocab, src_vocab, scorer=fuzz.ratio, score_cutoff=CUTOFF, dtype=np.uint8, workers=1
    )
    best = scores.argmax(axis=1)
    link = {
        w: src_vocab[j][:PREFIX]
        for w, j, s in zip(tgt_vocab, best, scores[np.arange(len(tgt_vocab)), best], strict=True)
        if s >= CUTOFF
    }
    for feats, ws in zip(extra, tgt_words, strict=True):
        feats.update(link[w] for w in ws if w in link)
    return extra

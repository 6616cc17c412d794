"""Sentence features for alignment: weighted bags of anchors as dense vectors.

Each sentence becomes a bag of features that can match across the two sides:
numbers, punctuation that survives translation (? ! : ; quotes, brackets, %),
5-letter prefixes of folded words (same-language matches, names, cognates)
and, when a lexicon is given, the prefixes of the translations of source
words. Features are weighted by inverse document frequency on their side.
Only features present on both sides can ever match, so only those get a
vector dimension; the others only add to the norm.

Known limits: when the shared vocabulary is larger than the memory budget
allows, features are hashed (with signs) into fewer dimensions, which adds a
little noise to the similarities of long documents.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from transcheck.align.lexicon import Lexicon
from transcheck.align.tokens import fold_text

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[?!:;%()\"“”«»„]")
_PUNCT = frozenset('?!:;%()"“”«»„')
_QUOTES = frozenset('"“”«»„')
PREFIX = 5
MIN_WORD = 4
MAX_TRANSLATIONS = 4
# Bytes the dense vectors of both sides may use; above it features are hashed.
VECTOR_BUDGET_BYTES = 320 * 1024**2


@dataclass(frozen=True)
class SideFeatures:
    """Dense per-sentence vectors (n, dim), the squared norm of unshared features
    (n,), and character lengths (n,)."""

    vecs: np.ndarray
    extra_norm2: np.ndarray
    lengths: np.ndarray

    @property
    def n(self) -> int:
        return int(self.lengths.shape[0])


def sentence_features(text: str, lexicon: Lexicon | None = None) -> set[str]:
    """The feature set of one sentence (see the module docstring)."""
    feats: set[str] = set()
    for tok in _TOKEN.findall(fold_text(text)):
        first = tok[0]
        if first.isdigit():
            feats.add("#" + tok.replace(",", "."))
        elif tok in _PUNCT:
            feats.add("q" if tok in _QUOTES else tok)
        else:
            if len(tok) >= MIN_WORD:
                feats.add(tok[:PREFIX])
            if lexicon is not None and len(tok) >= 3:
                for trans in lexicon.lookup(tok)[:MAX_TRANSLATIONS]:
                    if len(trans) >= MIN_WORD:
                        feats.add(trans[:PREFIX])
    return feats


def build_features(
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    lexicon: Lexicon | None = None,
    src_extra: Sequence[set[str]] | None = None,
) -> tuple[SideFeatures, SideFeatures]:
    """Vectors for both sides; ``lexicon`` translates source words into target features.

    ``src_extra`` adds features to source sentences (the bootstrapped lexicon).
    """
    src_sets = [sentence_features(t, lexicon) for t in src_texts]
    if src_extra is not None:
        src_sets = [s | e for s, e in zip(src_sets, src_extra, strict=True)]
    tgt_sets = [sentence_features(t) for t in tgt_texts]
    df_src = Counter(f for s in src_sets for f in s)
    df_tgt = Counter(f for s in tgt_sets for f in s)
    shared = sorted(set(df_src) & set(df_tgt))
    n, m = len(src_sets), len(tgt_sets)
    budget_dim = max(256, VECTOR_BUDGET_BYTES // (4 * max(1, n + m)))
    dim = max(1, min(len(shared), budget_dim))
    hashed = len(shared) > dim
    index = {f: i for i, f in enumerate(shared)}
    src = _side(src_sets, df_src, index, dim, hashed, [len(t) for t in src_texts])
    tgt = _side(tgt_sets, df_tgt, index, dim, hashed, [len(t) for t in tgt_texts])
    return src, tgt


def _side(
    sets: list[set[str]],
    df: Counter[str],
    index: dict[str, int],
    dim: int,
    hashed: bool,
    lengths: list[int],
) -> SideFeatures:
    n = len(sets)
    idf = {f: math.log((n + 1) / (c + 0.5)) for f, c in df.items()}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    extra = np.zeros(n, dtype=np.float64)
    for r, feats in enumerate(sets):
        for f in feats:
            w = idf[f]
            col = index.get(f)
            if col is None:
                extra[r] += w * w
                continue
            if hashed:
                # Knuth multiplicative hash: a deterministic spread over dims;
                # the sign bit keeps collisions zero-mean.
                h = (col * 2654435761) & 0xFFFFFFFF
                rows.append(r)
                cols.append(h % dim)
                vals.append(w if (h >> 31) & 1 else -w)
            else:
                rows.append(r)
                cols.append(col)
                vals.append(w)
    vecs = np.zeros((n, dim), dtype=np.float32)
    if rows:
        np.add.at(vecs, (np.asarray(rows), np.asarray(cols)), np.asarray(vals, dtype=np.float32))
    return SideFeatures(vecs, extra, np.asarray(lengths, dtype=np.float64))


def coarsen(side: SideFeatures, factor: int) -> SideFeatures:
    """Sum blocks of ``factor`` consecutive sentences (for coarse-to-fine search)."""
    n = side.n
    blocks = -(-n // factor)
    pad = blocks * factor - n
    vecs = side.vecs
    if pad:
        vecs = np.vstack([vecs, np.zeros((pad, vecs.shape[1]), dtype=vecs.dtype)])
    summed = vecs.reshape(blocks, factor, -1).sum(axis=1)
    extra = np.add.reduceat(side.extra_norm2, np.arange(0, n, factor)) if n else side.extra_norm2
    lengths = np.add.reduceat(side.lengths, np.arange(0, n, factor)) if n else side.lengths
    return SideFeatures(summed, extra, lengths)

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

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from transcheck.align.lexicon import Lexicon
from transcheck.align.tokens import fold_word

_LOWER_WORD = re.compile(r"[^\W\d_]{2,}")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[?!:;%()\"“”«»„]")
_PUNCT = frozenset('?!:;%()"“”«»„')
_QUOTES = frozenset('"“”«»„')
PREFIX = 5
MIN_WORD = 4
MAX_TRANSLATIONS = 4
# A line with fewer lower-case words than this is not running prose (a caption,
# a heading, a list of names, OCR debris) ...
PROSE_MIN_WORDS = 2
# ... on a side where at least a quarter of the lines have this many (a script
# with case; a caption-heavy page still qualifies).
PROSE_CASE_WORDS = 3
# A line with no word of three letters and no number of three digits is debris
# (OCR noise, rules, page furniture: "....", "- _-", "24 a !"): on Bleualign dev
# gold leaves 15 of the 18 such lines unaligned.
_SUBSTANCE = re.compile(r"[^\W\d_]{3,}|\d{3,}")
# Sentence-final punctuation, and what may close a sentence after it.
_ENDS = frozenset(".!?:;…")
_CLOSERS = "\"'»«“”„’)] "
# Bytes the dense vectors of both sides may use; above it features are hashed.
VECTOR_BUDGET_BYTES = 200 * 1024**2


@dataclass(frozen=True)
class SideFeatures:
    """Dense per-sentence vectors (n, dim), the squared norm of unshared features
    (n,), character lengths (n,) and, per sentence, the share of the full skip
    cost that leaving it unaligned costs (n,; 1.0 for prose, see ``skip_shares``)."""

    vecs: np.ndarray
    extra_norm2: np.ndarray
    lengths: np.ndarray
    skip_share: np.ndarray | None = None
    # Per boundary between lines k and k + 1 (n - 1,): the share of the merge
    # prior that a bead joining them pays (see ``join_shares``; None: 1.0 each).
    join_share: np.ndarray | None = None

    @property
    def n(self) -> int:
        return int(self.lengths.shape[0])


def sentence_features(text: str, lexicon: Lexicon | None = None) -> set[str]:
    """The feature set of one sentence (see the module docstring)."""
    tokens = _TOKEN.findall(text.casefold())
    feats = set(map(_token_feature, tokens))
    feats.discard("")
    if lexicon is not None:
        for tok in map(fold_word, tokens):
            if len(tok) < 3 or tok[0].isdigit() or tok in _PUNCT:
                continue
            for trans in lexicon.lookup(tok)[:MAX_TRANSLATIONS]:
                if len(trans) >= MIN_WORD:
                    feats.add(trans[:PREFIX])
    return feats


@lru_cache(maxsize=200_000)
def _token_feature(token: str) -> str:
    """The feature of one case-folded token ("" for none); cached, as words repeat."""
    tok = fold_word(token)
    if not tok:
        return ""
    if tok[0].isdigit():
        return "#" + tok.replace(",", ".")
    if tok in _PUNCT:
        return "q" if tok in _QUOTES else tok
    return tok[:PREFIX] if len(tok) >= MIN_WORD else ""


def _lower_words(text: str) -> int:
    return sum(1 for w in _LOWER_WORD.findall(text) if w.islower())


def build_features(
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    lexicon: Lexicon | None = None,
    src_extra: Sequence[set[str]] | None = None,
    sets: tuple[list[set[str]], list[set[str]]] | None = None,
    skip_share: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[SideFeatures, SideFeatures]:
    """Vectors for both sides; ``lexicon`` translates source words into target features.

    ``src_extra`` adds features to source sentences (the bootstrapped lexicon);
    ``sets`` passes feature sets computed before (see ``feature_sets``);
    ``skip_share`` holds each side's per-line skip-cost shares (see ``skip_shares``).
    """
    src_sets, tgt_sets = sets if sets is not None else feature_sets(src_texts, tgt_texts, lexicon)
    if src_extra is not None:
        src_sets = [s | e if e else s for s, e in zip(src_sets, src_extra, strict=True)]
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
    if skip_share is None:
        return src, tgt
    return replace(src, skip_share=skip_share[0]), replace(tgt, skip_share=skip_share[1])


def _heading(text: str, max_words: int) -> bool:
    """A short line that does not end like a sentence (a subheading, a caption)."""
    stripped = text.strip().rstrip(_CLOSERS)
    return bool(stripped) and len(stripped.split()) <= max_words and stripped[-1] not in _ENDS


def skip_shares(
    texts: Sequence[str],
    plain_skip: float,
    debris_skip: float | None = None,
    heading_words: int = 0,
) -> np.ndarray:
    """Share of the skip cost for leaving each line unaligned: ``plain_skip`` for
    lines that are not running prose, 1.0 for the others.

    Scraped and OCR'd documents interleave captions, headings, name lists and
    debris that the other side often lacks (or has elsewhere). Absorbing them
    into a neighbour's bead costs little when they share no anchors, so at a
    full skip cost a long run of them pulls real sentences into bad merges;
    making them cheaper to leave out keeps the true 1-1 beads. Lines of mere
    debris (no word of three letters, no number of three digits) cost
    ``debris_skip`` when given. Only for sides written in a script with case:
    elsewhere every line would look plain.
    """
    counts = np.fromiter(map(_lower_words, texts), dtype=np.int64, count=len(texts))
    shares = np.ones(len(texts))
    if len(texts) and plain_skip < 1.0 and float(np.percentile(counts, 75)) >= PROSE_CASE_WORDS:
        shares[counts < PROSE_MIN_WORDS] = plain_skip
        if heading_words:
            heads = [_heading(t, heading_words) for t in texts]
            shares[np.array(heads, dtype=bool)] = plain_skip
        if debris_skip is not None:
            debris = [not _SUBSTANCE.search(t) for t in texts]
            shares[np.array(debris, dtype=bool)] = min(plain_skip, debris_skip)
    return shares


# A line ends weakly when its last mark is a colon, semicolon or comma, or when
# its final full stop follows initials or a one- or two-letter capitalised
# word ("Ch .", "B.M .", "l' E ."): a list or a name split by the sentence
# splitter, not a sentence. On Bleualign dev 39% of the German and 53% of the
# French weak boundaries lie inside a gold bead, against 13% and 15% of the
# others (and 10 of 10 boundaries after initials).
_WEAK_MARKS = frozenset(":;,")
_INITIALS = re.compile(r"(?:^|[\s-])(?:[A-ZÀ-Ý][a-zà-ÿ]?|[A-ZÀ-Ý](?:\.[A-ZÀ-Ý])+)\s?\.$")


def weak_end(text: str) -> bool:
    """True when a line stops where a sentence cannot end (see ``_WEAK_MARKS``)."""
    stripped = text.strip()
    if not stripped:
        return False
    return stripped[-1] in _WEAK_MARKS or bool(_INITIALS.search(stripped))


def join_shares(texts: Sequence[str], weak_join: float) -> np.ndarray | None:
    """Share of the merge prior for a bead joining each line to the next:
    ``weak_join`` after a line that ends weakly, 1.0 after the others (None
    when ``weak_join`` is 1.0: the plain prior)."""
    if weak_join == 1.0 or len(texts) < 2:
        return None
    return np.array([weak_join if weak_end(t) else 1.0 for t in texts[:-1]])


def feature_sets(
    src_texts: Sequence[str], tgt_texts: Sequence[str], lexicon: Lexicon | None = None
) -> tuple[list[set[str]], list[set[str]]]:
    """The feature set of every sentence of both sides."""
    return [sentence_features(t, lexicon) for t in src_texts], [
        sentence_features(t) for t in tgt_texts
    ]


def _side(
    sets: list[set[str]],
    df: Counter[str],
    index: dict[str, int],
    dim: int,
    hashed: bool,
    lengths: list[int],
) -> SideFeatures:
    n = len(sets)
    names = list(df)
    fid = {f: k for k, f in enumerate(names)}
    idf = np.log((n + 1) / (np.fromiter(df.values(), dtype=np.float64, count=len(df)) + 0.5))
    col = np.fromiter((index.get(f, -1) for f in names), dtype=np.int64, count=len(names))
    sign = np.ones(len(names), dtype=np.float64)
    if hashed:
        # Knuth multiplicative hash: a deterministic spread over the dimensions;
        # a sign bit keeps collisions zero-mean.
        h = (np.maximum(col, 0) * 2654435761) & 0xFFFFFFFF
        sign = np.where((h >> 31) & 1, 1.0, -1.0)
        col = np.where(col >= 0, h % dim, -1)
    counts = np.fromiter((len(s) for s in sets), dtype=np.int64, count=n)
    rows = np.repeat(np.arange(n), counts)
    ids = np.fromiter((fid[f] for s in sets for f in s), dtype=np.int64, count=int(counts.sum()))
    weight = idf[ids]
    cols = col[ids]
    shared = cols >= 0
    extra = np.bincount(rows[~shared], weights=weight[~shared] ** 2, minlength=n)
    vecs = np.zeros((n, dim), dtype=np.float32)
    np.add.at(vecs, (rows[shared], cols[shared]), (weight * sign[ids])[shared].astype(np.float32))
    return SideFeatures(vecs, extra.astype(np.float64), np.asarray(lengths, dtype=np.float64))


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
    share = side.skip_share
    if share is not None and n:
        # A block costs what its lines cost to skip on average.
        starts = np.arange(0, n, factor)
        share = np.add.reduceat(share, starts) / np.diff(np.append(starts, n))
    return SideFeatures(summed, extra, lengths, share)

"""compare-mt style diagnostics: where does each system do well or badly?

- ``length_buckets``: a corpus metric per system over the segments whose
  reference (or source) length in words falls in each bucket, computed from
  the same sufficient statistics as the main table, so a bucket score is an
  exact corpus score over that bucket.
- ``frequency_buckets``: word precision, recall and F-measure per
  word-frequency bucket, frequencies being wordfreq's Zipf values for the
  target language (offline, shipped with wordfreq). Rare words are where
  systems usually differ most.
- ``ngram_differences``: reference n-grams that one system matches far
  more often than another (compare-mt's smoothed ratio
  ``(m_a + 1) / (m_a + m_b + 2)``).

Known limits: words are the tokens of ``compare.diff.tokenize`` (single
characters for Chinese and Japanese, since no segmenter ships offline), and
lowercased; a language wordfreq does not know puts every word in the
``unknown`` bucket.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from transcheck.compare.diff import tokenize
from transcheck.compare.system_stats import MetricStats

LENGTH_EDGES = (10, 20, 30, 40, 50, 60)
# Zipf scale: 1 = once per 100M words, 6 = once per thousand.
ZIPF_EDGES = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)


@dataclass(frozen=True, slots=True)
class BucketTable:
    """``values[system][i]`` belongs to ``labels[i]``; ``counts[i]`` is the
    number of segments (length) or reference words (frequency) there."""

    title: str
    metric: str
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    values: dict[str, tuple[float | None, ...]]

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "metric": self.metric,
            "buckets": list(self.labels),
            "counts": list(self.counts),
            "values": {
                k: [None if v is None else round(v, 3) for v in vals]
                for k, vals in self.values.items()
            },
        }


@dataclass(frozen=True, slots=True)
class NgramDiff:
    """N-grams ``a`` matches in the reference more often than ``b`` and vice versa;
    each item is ``(ngram, matches_a, matches_b)``."""

    a: str
    b: str
    a_better: tuple[tuple[str, int, int], ...]
    b_better: tuple[tuple[str, int, int], ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "a_better": [list(x) for x in self.a_better],
            "b_better": [list(x) for x in self.b_better],
        }


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(t.text.lower() for t in tokenize(text) if t.text[0].isalnum() or t.text[0] == "_")


def words(text: str) -> list[str]:
    """Lowercased word tokens (punctuation dropped)."""
    # Cached: lengths, frequencies and n-grams all tokenise the same texts.
    return list(_words(text))


def _labels(edges: Sequence[float], fmt: str) -> tuple[str, ...]:
    labels = [f"<{edges[0]:{fmt}}"]
    labels += [f"{lo:{fmt}}-{hi:{fmt}}" for lo, hi in pairwise(edges)]
    labels.append(f">={edges[-1]:{fmt}}")
    return tuple(labels)


def length_buckets(
    metrics: Mapping[str, MetricStats], lengths: Sequence[int], *, basis: str = "reference"
) -> BucketTable:
    """Corpus score per system per length bucket (``lengths`` in words)."""
    bucket = np.digitize(np.asarray(lengths), LENGTH_EDGES)
    labels = _labels(LENGTH_EDGES, "d")
    counts = tuple(int(np.sum(bucket == i)) for i in range(len(labels)))
    values: dict[str, tuple[float | None, ...]] = {}
    metric_name = ""
    for name, metric in metrics.items():
        metric_name = metric.name
        row: list[float | None] = []
        for i in range(len(labels)):
            mask = bucket == i
            row.append(float(metric.score(metric.stats[mask].sum(axis=0))) if mask.any() else None)
        values[name] = tuple(row)
    return BucketTable(
        f"{metric_name} by {basis} length (words)", metric_name, labels, counts, values
    )


@lru_cache(maxsize=16)
def _frequencies(lang: str) -> dict[str, float]:
    """wordfreq's word -> frequency table for ``lang`` ({} when unknown).

    Looked up directly rather than through ``zipf_frequency``, which would
    need the optional jieba/MeCab tokenisers for Chinese and Japanese.
    """
    from wordfreq import get_frequency_dict

    try:
        return dict(get_frequency_dict(lang, wordlist="best"))
    except (LookupError, ValueError, OSError):
        return {}


def zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` (log10 per billion words; 0 when unseen)."""
    freq = _frequencies(lang).get(word, 0.0)
    return math.log10(freq * 1e9) if freq > 0 else 0.0


def frequency_buckets(
    hyps: Mapping[str, Sequence[str]], refs: Sequence[str], *, lang: str | None
) -> BucketTable:
    """Word F-measure per system per Zipf-frequency bucket of the word.

    Per segment, a hypothesis word matches a reference word of the same form
    (clipped counts); each word is bucketed by its own frequency.
    """
    code = (lang or "en").split("-")[0].lower()
    labels = _labels(ZIPF_EDGES, ".0f")
    ref_words = [Counter(_words(r)) for r in refs]
    vocabulary = {w for c in ref_words for w in c}
    for texts in hyps.values():
        vocabulary.update(w for t in texts for w in _words(t))
    # One Zipf lookup per word type; the loops below only index a dict.
    bucket = {w: int(np.digitize(zipf(w, code), ZIPF_EDGES)) for w in vocabulary}

    ref_total = [0] * len(labels)
    for counter in ref_words:
        for word, count in counter.items():
            ref_total[bucket[word]] += count
    values: dict[str, tuple[float | None, ...]] = {}
    for name, texts in hyps.items():
        matched = [0] * len(labels)
        hyp_total = [0] * len(labels)
        for text, ref_counter in zip(texts, ref_words, strict=True):
            for word, count in Counter(_words(text)).items():
                b = bucket[word]
                hyp_total[b] += count
                ref_count = ref_counter.get(word)
                if ref_count:
                    matched[b] += min(count, ref_count)
        row: list[float | None] = []
        for m, h, r in zip(matched, hyp_total, ref_total, strict=True):
            if h == 0 and r == 0:
                row.append(None)
                continue
            prec = m / h if h else 0.0
            rec = m / r if r else 0.0
            row.append(100.0 * 2 * prec * rec / (prec + rec) if prec + rec else 0.0)
        values[name] = tuple(row)
    return BucketTable(
        "word F-measure by word frequency (Zipf, wordfreq)",
        "word_f",
        labels,
        tuple(ref_total),
        values,
    )


Gram = tuple[str, ...]


def _grams(tokens: tuple[str, ...], n: int) -> Counter[Gram]:
    # zip over shifted views builds n-gram tuples in C, much faster than join
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def reference_ngrams(refs: Sequence[str], max_n: int = 4) -> list[list[Counter[Gram]]]:
    """Per segment, the reference's n-gram counts for n = 1..max_n."""
    return [[_grams(_words(ref), n) for n in range(1, max_n + 1)] for ref in refs]


def matched_ngrams(
    hyps: Sequence[str],
    refs: Sequence[str] | None = None,
    max_n: int = 4,
    *,
    ref_ngrams: list[list[Counter[Gram]]] | None = None,
) -> Counter[str]:
    """Reference n-grams (1..max_n words, space-joined) the hypotheses match,
    clipped per segment.

    Pass ``ref_ngrams`` (from ``reference_ngrams``) to reuse the reference
    side across systems.
    """
    if ref_ngrams is None:
        ref_ngrams = reference_ngrams(refs or [], max_n)
    total: Counter[Gram] = Counter()
    for hyp, ref_counts in zip(hyps, ref_ngrams, strict=True):
        hw = _words(hyp)
        for n, rc in enumerate(ref_counts[:max_n], start=1):
            if len(hw) < n:
                break
            hc = _grams(hw, n)
            # Counter & is the clipped intersection, computed in C-level loops.
            total.update(hc & rc)
    return Counter({" ".join(g): c for g, c in total.items()})


def ngram_differences(
    a: str,
    b: str,
    matched_a: Counter[str],
    matched_b: Counter[str],
    *,
    top: int = 10,
    min_count: int = 2,
) -> NgramDiff:
    """The n-grams whose smoothed match ratio most favours ``a``, and ``b``."""
    scored: list[tuple[float, str, int, int]] = []
    for gram in set(matched_a) | set(matched_b):
        ma, mb = matched_a.get(gram, 0), matched_b.get(gram, 0)
        if ma + mb < min_count or ma == mb:
            continue
        scored.append(((ma + 1) / (ma + mb + 2), gram, ma, mb))
    favour_a = sorted((s for s in scored if s[2] > s[3]), key=lambda s: (-s[0], -s[2], s[1]))
    favour_b = sorted((s for s in scored if s[3] > s[2]), key=lambda s: (s[0], -s[3], s[1]))
    return NgramDiff(
        a,
        b,
        tuple((g, ma, mb) for _, g, ma, mb in favour_a[:top]),
        tuple((g, ma, mb) for _, g, ma, mb in favour_b[:top]),
    )

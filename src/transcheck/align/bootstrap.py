"""A lexicon learnt from the aligner's own confident 1-1 beads.

Word pairs that co-occur in confident 1-1 beads much more than chance (Dice
coefficient) are taken as translations and fed to a second pass. This finds
the document's own vocabulary ("Gipfel"/"sommet") without a dictionary.

Known limits: needs some dozens of confident beads to learn anything; at
most ``MAX_BEADS`` beads (evenly spread) are read, to bound time on huge
documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from transcheck.align.features import PREFIX
from transcheck.align.tokens import words

MAX_BEADS = 5000
MIN_BEADS = 20
MIN_COUNT = 2
MIN_DICE = 0.6


def _content(text: str) -> set[str]:
    return {w for w in words(text) if len(w) >= 4 and not w.isdigit()}


def learn_pairs(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Source word -> its best target word, from aligned sentence pairs."""
    if len(pairs) < MIN_BEADS:
        return {}
    step = max(1, len(pairs) // MAX_BEADS)
    src_count: Counter[str] = Counter()
    tgt_count: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    for src, tgt in pairs[::step]:
        s_words, t_words = _content(src), _content(tgt)
        src_count.update(s_words)
        tgt_count.update(t_words)
        joint.update((s, t) for s in s_words for t in t_words)
    best: dict[str, tuple[float, str]] = {}
    for (s, t), c in joint.items():
        if c < MIN_COUNT or s[:PREFIX] == t[:PREFIX]:
            continue
        dice = 2 * c / (src_count[s] + tgt_count[t])
        if dice >= MIN_DICE and dice > best.get(s, (0.0, ""))[0]:
            best[s] = (dice, t)
    return {s: t for s, (_, t) in best.items()}


def extra_features(texts: Sequence[str], learnt: dict[str, str]) -> list[set[str]]:
    """Target-side features that the learnt pairs add to each source sentence."""
    return [{learnt[w][:PREFIX] for w in _content(t) if w in learnt} for t in texts]

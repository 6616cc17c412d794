"""A lexicon learnt from the aligner's own confident 1-1 beads.

Word pairs that co-occur in confident 1-1 beads much more than chance (Dice
coefficient) are taken as translations and fed to a second pass. This finds
the document's own vocabulary ("Gipfel"/"sommet") without a dictionary.

Known limits: needs some dozens of confident beads to learn anything; at
most ``MAX_BEADS`` beads (evenly spread) are read, to bound time on huge
documents.

With a dictionary, the second pass uses only the dictionary translations
that the confident beads confirm (``confirm_translations``) instead of every
translation of every word: measured on Bleualign dev, the full dictionary
bag adds as many false matches (senses and common words the text does not
use) as true ones, while the confirmed part helps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from transcheck.align.features import MAX_TRANSLATIONS, MIN_WORD, PREFIX
from transcheck.align.lexicon import Lexicon
from transcheck.align.tokens import content_words, words

MAX_BEADS = 5000
MIN_BEADS = 20
MIN_COUNT = 2
MIN_DICE = 0.6


def learn_pairs(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Source word -> its best target word, from aligned sentence pairs."""
    if len(pairs) < MIN_BEADS:
        return {}
    step = max(1, len(pairs) // MAX_BEADS)
    src_count: Counter[str] = Counter()
    tgt_count: Counter[str] = Counter()
    joint: Counter[tuple[str, str]] = Counter()
    for src, tgt in pairs[::step]:
        s_words, t_words = set(content_words(src)), set(content_words(tgt))
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


def confirm_translations(
    pairs: Sequence[tuple[str, str]], lexicon: Lexicon
) -> dict[str, tuple[str, ...]]:
    """Source word -> the dictionary translations (target feature prefixes) that occur
    in the target sentence of at least ``MIN_COUNT`` of the aligned pairs.

    Translations identical to the word's own prefix (cognates) already match
    without a dictionary and are skipped. Empty with fewer than ``MIN_BEADS`` pairs.
    """
    if len(pairs) < MIN_BEADS:
        return {}
    step = max(1, len(pairs) // MAX_BEADS)
    seen: Counter[tuple[str, str]] = Counter()
    for src, tgt in pairs[::step]:
        tgt_prefixes = {w[:PREFIX] for w in words(tgt) if len(w) >= MIN_WORD}
        for w in {w for w in words(src) if len(w) >= 3 and not w.isdigit()}:
            own = w[:PREFIX]
            for trans in lexicon.lookup(w)[: 2 * MAX_TRANSLATIONS]:
                prefix = trans[:PREFIX]
                if len(trans) >= MIN_WORD and prefix != own and prefix in tgt_prefixes:
                    seen[(w, prefix)] += 1
    confirmed: dict[str, dict[str, None]] = {}
    for (w, prefix), count in seen.items():
        if count >= MIN_COUNT:
            confirmed.setdefault(w, {})[prefix] = None
    return {w: tuple(v) for w, v in confirmed.items()}


def extra_features(
    texts: Sequence[str], learnt: Mapping[str, str | tuple[str, ...]]
) -> list[set[str]]:
    """Target-side features that the learnt pairs add to each source sentence.

    A value is one target word or a tuple of target feature prefixes.
    """
    out = []
    for text in texts:
        feats: set[str] = set()
        for w in words(text):
            found = learnt.get(w)
            if isinstance(found, str):
                if len(w) >= 4:
                    feats.add(found[:PREFIX])
            elif found:
                feats.update(found)
        out.append(feats)
    return out

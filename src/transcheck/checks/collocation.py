"""Is a short English phrase a usual expression? Evidence from a trigram LM.

The language model is CMU's US English trigram model (``en-us.lm.bin``,
BSD licence) that ships inside the ``pocketsphinx`` wheel, so nothing is
downloaded at run time. It is memory-mapped in ~0.02 s and answers one
conditional probability in well under a microsecond; callers ask it only
about the few candidate phrases they found (quoted phrases are rare).

For a phrase w1..wn the evidence is

- ``pairs``: for each adjacent pair of *content* words (neither among the
  ~35 most frequent English words by wordfreq, Zipf >= 6.5), the pointwise
  mutual information ln P(b | a) - ln P(b). In a back-off model a pair never
  seen in training gets P(b | a) = bo(a) * P(b), so its PMI is the back-off
  weight of ``a``, at most 0: a negative value means "the model has not seen
  these words together" (or saw them less often than chance);
- ``association``: the sum over positions 2..n of ln P(wi | up to two
  previous words) - ln P(wi): how much likelier the words are as one phrase
  than as independent words; an idiom ("peace of mind") scores high, a
  literal rendering ("connected travel") scores at or below 0;
- ``unknown``: words the model does not know (names, pinyin, typos); about
  them the model can say nothing.

When ``pocketsphinx`` is missing or its model cannot be read,
:func:`english_lm` returns ``None`` and a reason (logged once as one warning
line); callers then skip the rule and the rest of the catalogue runs.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from transcheck.checks.text import zipf

LOG = logging.getLogger("transcheck")
MODEL_PARTS = ("en-us", "en-us.lm.bin")
# pocketsphinx returns log probabilities in base 1.0001 (its LogMath default).
_LN_UNIT = math.log(1.0001)
# Words at or above this Zipf frequency are function words here (the, of,
# and, is, ...): pairs with them say little about collocation.
FUNCTION_ZIPF = 6.5
_PART = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=1)
def english_lm() -> tuple[Any | None, str]:
    """(the pocketsphinx NGramModel or None, why it is None).

    Loaded once per process; a failure is logged once as one warning line.
    """
    try:
        import pocketsphinx
    except Exception as exc:  # ImportError, or a broken native library
        reason = f"pocketsphinx is not available ({exc}); the zh-en quoted_calque rule is off"
        LOG.warning("transcheck: warning: %s", reason)
        return None, reason
    try:
        path = Path(pocketsphinx.get_model_path(), *MODEL_PARTS)
        model = pocketsphinx.NGramModel.readfile(str(path))
        zero = model.prob(["the"])  # a smoke test: the model answers
        if not isinstance(zero, int):
            raise TypeError(f"unexpected probability {zero!r}")
    except Exception as exc:
        reason = f"the pocketsphinx English model cannot be read ({exc}); quoted_calque is off"
        LOG.warning("transcheck: warning: %s", reason)
        return None, reason
    return model, ""


@dataclass(frozen=True, slots=True)
class PhraseEvidence:
    """What the LM says about one phrase (lowercased words)."""

    words: tuple[str, ...]
    unknown: tuple[str, ...]
    pairs: tuple[float, ...]
    association: float

    @property
    def unseen_pair(self) -> bool:
        """Some adjacent content-word pair is rarer together than apart."""
        return bool(self.pairs) and min(self.pairs) < 0.0


def phrase_words(phrase: str) -> list[str] | None:
    """The space-separated words of ``phrase`` (hyphenated compounds stay one
    word), or None when the phrase holds anything but letters, apostrophes,
    hyphens and spaces (digits, brackets, commas: not a plain phrase)."""
    if re.search(r"[^\w\s'’-]|[\d_]", phrase):
        return None
    words = phrase.split()
    if not all(all(_PART.fullmatch(p) for p in w.split("-")) for w in words):
        return None
    return words


class Collocations:
    """Phrase evidence from the LM, memoised per phrase."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self._zero = model.prob(["zzzqqxj"])  # the out-of-vocabulary answer
        self._cache: dict[tuple[str, ...], PhraseEvidence] = {}

    def _lp(self, word: str, *history: str) -> float:
        # NGramModel.prob takes the word first, then its history, most recent first.
        return self.model.prob([word, *history]) * _LN_UNIT

    def evidence(self, words: list[str] | tuple[str, ...]) -> PhraseEvidence:
        """Evidence for ``words``; a hyphenated word counts as its parts, but
        the parts of one compound ("de-escalate", "anti-secession") are never
        a content-word pair: a prefix is not a free word."""
        key = tuple(w.lower().replace("’", "'") for w in words)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        low: list[str] = []
        joined: list[bool] = []  # joined[i]: low[i] is glued to low[i - 1] by a hyphen
        for word in key:
            for k, part in enumerate(p for p in word.split("-") if p):
                low.append(part)
                joined.append(k > 0)
        unknown = tuple(w for w in low if self.model.prob([w]) == self._zero)
        pairs: list[float] = []
        association = 0.0
        if not unknown:
            content = [zipf(w, "en") < FUNCTION_ZIPF for w in low]
            for i in range(1, len(low)):
                history = low[max(0, i - 2) : i][::-1]
                association += self._lp(low[i], *history) - self._lp(low[i])
                if content[i - 1] and content[i] and not joined[i]:
                    pairs.append(self._lp(low[i], low[i - 1]) - self._lp(low[i]))
        out = PhraseEvidence(tuple(low), unknown, tuple(pairs), association)
        if len(self._cache) < 100_000:
            self._cache[key] = out
        return out


@lru_cache(maxsize=1)
def collocations() -> Collocations | None:
    """The shared :class:`Collocations`, or None without the model."""
    model, _reason = english_lm()
    return Collocations(model) if model is not None else None

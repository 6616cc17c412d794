"""Sentence features from the pocketsphinx en-us trigram LM (bench helper).

Per hypothesis, over its in-vocabulary words (history reset at sentence ends
and after an unknown word):

- ``lm_mean``: mean ln P(w | two previous words), with ``<s>`` at starts;
- ``lm_min``: the lowest per-word ln P;
- ``lm_worst3``: the lowest mean ln P over a 3-word window;
- ``lm_unigram_share``: share of words whose bigram (previous word, w) the
  model never saw (it backs off to the unigram: ln P(w | h) = ln bo(h) + ln P(w));
- ``lm_unseen_trigram_share``: share of words with two in-sentence previous
  words whose trigram the model never saw;
- ``lm_pmi_mean``: mean ln P(w | history) - ln P(w) (association beyond word
  frequency: the LM counterpart of "do these words go together");
- ``lm_oov_share``: share of words the model does not know.

All are per word (length-normalised). The back-off weight bo(h) is not
exposed by pocketsphinx; it is read as the mode of ln P(x | h) - ln P(x)
over a few rare words x that (almost) never follow anything.
"""

from __future__ import annotations

import math
import re
from typing import Any

LM_FEATURES: tuple[str, ...] = (
    "lm_mean",
    "lm_min",
    "lm_worst3",
    "lm_unigram_share",
    "lm_unseen_trigram_share",
    "lm_pmi_mean",
    "lm_oov_share",
)
_LN_UNIT = math.log(1.0001)
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|[.!?;:]")
_PROBES = ("xylophone", "aardvark", "zeppelin", "walrus", "trombone", "platypus", "hamster")


class LMFeatures:
    """Per-text LM features, memoising back-off weights per history."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.zero = model.prob(["zzzqqxj"])
        self.probes = [p for p in _PROBES if model.prob([p]) != self.zero]
        self._bo: dict[tuple[str, ...], int] = {}
        self._uni: dict[str, int] = {}

    def _unigram(self, w: str) -> int:
        hit = self._uni.get(w)
        if hit is None:
            hit = self._uni[w] = self.model.prob([w])
        return hit

    def _backoff(self, *h: str) -> int:
        """ln bo(h) in model units; ``h`` most recent word first."""
        hit = self._bo.get(h)
        if hit is None:
            shorter = h[:-1]
            diffs = [
                self.model.prob([p, *h])
                - (self.model.prob([p, *shorter]) if shorter else self._unigram(p))
                for p in self.probes
            ]
            # unseen probes agree to a unit or two (rounding); one seen after h differs
            hit = self._bo[h] = max(diffs, key=lambda d: sum(abs(d - e) <= 2 for e in diffs))
        return hit

    def features(self, text: str) -> list[float]:
        lps: list[float] = []
        pmis: list[float] = []
        unseen = 0
        unseen3 = 0
        with3 = 0
        oov = 0
        words = 0
        history: list[str] = ["<s>"]
        for tok in _TOKEN.findall(text):
            if tok in ".!?;:":
                history = ["<s>"]
                continue
            w = tok.lower().replace("’", "'")
            words += 1
            uni = self._unigram(w)
            if uni == self.zero:
                oov += 1
                history = ["<s>"]
                continue
            raw = self.model.prob([w, *history[::-1][:2]])
            lps.append(raw * _LN_UNIT)
            pmis.append((raw - uni) * _LN_UNIT)
            h1 = history[-1]
            bigram = self.model.prob([w, h1])
            if abs(bigram - uni - self._backoff(h1)) <= 2:  # rounding
                unseen += 1
            if len(history) == 2:
                with3 += 1
                if abs(raw - bigram - self._backoff(h1, history[0])) <= 2:
                    unseen3 += 1
            history = [*history[-1:], w]
        if not lps:
            return [-10.0, -10.0, -10.0, 1.0, 1.0, 0.0, float(oov > 0)]
        n = len(lps)
        windows = [sum(lps[i : i + 3]) / len(lps[i : i + 3]) for i in range(max(n - 2, 1))]
        return [
            sum(lps) / n,
            min(lps),
            min(windows),
            unseen / n,
            unseen3 / max(with3, 1),
            sum(pmis) / n,
            oov / max(words, 1),
        ]

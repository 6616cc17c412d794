"""Metrics as objects, after sacrebleu's ``metrics/base.py``.

A ``Metric`` has a name, a direction (``higher_is_better``), per-segment
sufficient statistics (one row a segment, additive over segments), a
corpus score from summed statistics (vectorised, so one call scores every
bootstrap resample), sentence scores and a signature. Everything that
bootstraps, tests significance, gates or reports a metric works on these
five things only, so a new metric is one class and one ``register`` call
(``metrics.registry``).

Known limits: statistics must be additive (sums over segments); a metric
whose corpus score is not a function of summed per-segment statistics
(e.g. a trained document-level scorer) does not fit.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from transcheck import __version__
from transcheck.metrics import sacrebleu_adapter as sb
from transcheck.metrics.formulas import score_bleu, score_chrf, score_mean, score_ter
from transcheck.metrics.stats import all_sentence_stats, bleu_tokenizer
from transcheck.model import Signature


class Metric(ABC):
    """One metric: statistics per segment, a corpus score of their sum."""

    name: str = ""
    higher_is_better: bool = True
    # True: defined only against a reference; False: also from the source.
    needs_reference: bool = True
    # One line for ``check``'s threshold help and reports.
    description: str = ""
    # Columns of the statistics array.
    width: int = 1

    @abstractmethod
    def segment_stats(
        self, hyps: Sequence[str], streams: Sequence[Sequence[str]], *, tgt_lang: str | None
    ) -> np.ndarray:
        """``(segments, width)`` additive statistics of ``hyps`` against ``streams``."""

    @abstractmethod
    def scores_from_sums(self, sums: np.ndarray) -> np.ndarray:
        """Corpus scores of summed statistics ``(..., width)`` -> ``(...)``."""

    def corpus_score(self, stats: np.ndarray) -> float:
        """The corpus score of per-segment statistics (rows summed)."""
        arr = np.asarray(stats, dtype=np.float64).reshape(-1, self.width)
        return float(self.scores_from_sums(arr.sum(axis=0)))

    def sentence_scores(self, stats: np.ndarray) -> np.ndarray:
        """Per-segment scores (default: the corpus formula on each row)."""
        return np.asarray(self.scores_from_sums(np.asarray(stats, dtype=np.float64)))

    def signature(self, nrefs: int, *, tgt_lang: str | None = None) -> str:
        """How the corpus score was computed, so it can be reproduced."""
        return Signature(self.name, (("version", __version__), ("nrefs", str(nrefs)))).format()


class SacrebleuMetric(Metric):
    """A sacrebleu metric (BLEU, chrF, chrF++, TER) with sacrebleu's own numbers.

    Statistics come from ``metrics.stats`` (sacrebleu's extractors, the exact
    fast TER port, de-duplication, a process pool); corpus scores from
    ``metrics.formulas``; sentence scores and signatures from sacrebleu.
    """

    def __init__(
        self, name: str, width: int, higher_is_better: bool, description: str, formula: object
    ) -> None:
        self.name = name
        self.width = width
        self.higher_is_better = higher_is_better
        self.description = description
        self._formula = formula

    def segment_stats(
        self, hyps: Sequence[str], streams: Sequence[Sequence[str]], *, tgt_lang: str | None
    ) -> np.ndarray:
        return all_sentence_stats(hyps, streams, (self.name,), tgt_lang=tgt_lang)[self.name]

    def scores_from_sums(self, sums: np.ndarray) -> np.ndarray:
        return np.asarray(self._formula(sums))  # type: ignore[operator]

    def sentence_scores(self, stats: np.ndarray) -> np.ndarray:
        # Sentence BLEU uses effective order, unlike the corpus formula.
        return np.array(
            [sb.score_row(self.name, row, sentence=True) for row in np.asarray(stats)],
            dtype=np.float64,
        )

    def signature(self, nrefs: int, *, tgt_lang: str | None = None) -> str:
        tok = bleu_tokenizer(tgt_lang) if self.name == "bleu" else "13a"
        return sb.signature_text(self.name, nrefs, sentence=False, tokenize=tok)


class MeanMetric(Metric):
    """A per-segment value averaged over segments (fidelity): statistics ``[value, 1]``."""

    width = 2

    def __init__(self, name: str, higher_is_better: bool, description: str) -> None:
        self.name = name
        self.higher_is_better = higher_is_better
        self.description = description
        self.needs_reference = False

    @staticmethod
    def stats_from_values(values: Sequence[float] | np.ndarray) -> np.ndarray:
        arr = np.asarray(values, dtype=np.float64)
        return np.stack([arr, np.ones_like(arr)], axis=1)

    def segment_stats(
        self, hyps: Sequence[str], streams: Sequence[Sequence[str]], *, tgt_lang: str | None
    ) -> np.ndarray:
        raise NotImplementedError(f"{self.name} values come from its model: use stats_from_values")

    def scores_from_sums(self, sums: np.ndarray) -> np.ndarray:
        return np.asarray(score_mean(sums))

    def sentence_scores(self, stats: np.ndarray) -> np.ndarray:
        return np.asarray(stats, dtype=np.float64)[:, 0]


class FidelityMetric(MeanMetric):
    """transcheck's fidelity (0..100): the model in ``metrics.fidelity``, averaged."""

    def __init__(self) -> None:
        super().__init__("fidelity", True, "segment fidelity, 0..100")

    def model_signature(
        self,
        *,
        mode: str,
        nrefs: int,
        has_source: bool,
        embeddings: bool = False,
        model: dict[str, object],
        bootstrap: int,
        seed: int,
    ) -> str:
        fields = [
            ("version", __version__),
            ("mode", mode),
            ("nrefs", str(nrefs)),
            ("src", "yes" if has_source else "no"),
            ("embeddings", "yes" if embeddings else "no"),
            *((k, str(v)) for k, v in model.items() if k not in {"name", "version"}),
            ("bootstrap", str(bootstrap)),
            ("seed", str(seed)),
        ]
        return Signature("transcheck-fidelity", tuple(fields)).format()


def builtin_metrics() -> list[Metric]:
    """The metrics every build has, in report order."""
    return [
        FidelityMetric(),
        SacrebleuMetric("bleu", 10, True, "sentence BLEU vs the reference", score_bleu),
        SacrebleuMetric("chrf", 18, True, "sentence chrF vs the reference", score_chrf),
        SacrebleuMetric("chrf++", 24, True, "sentence chrF++ vs the reference", score_chrf),
        SacrebleuMetric("ter", 2, False, "sentence TER vs the reference", score_ter),
    ]

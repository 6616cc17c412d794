"""Corpus scores of summed sufficient statistics, vectorised over resamples.

Each function maps an array of column sums ``(..., features)`` to corpus
scores ``(...)``, so one call scores every bootstrap resample or
approximate-randomisation trial. They reproduce sacrebleu 2.x's corpus
scores (BLEU with ``exp`` smoothing and no effective order, chrF with
effective-order averaging, TER as edits over reference words) without its
private methods; ``tests/test_metrics_sacrebleu_pin.py`` pins the equality.

Known limits: sentence BLEU (effective order) is not here: sentence scores
come from sacrebleu itself (``metrics.sacrebleu_adapter``).
"""

from __future__ import annotations

import numpy as np


def score_bleu(sums: np.ndarray, order: int = 4) -> np.ndarray:
    """Corpus BLEU from summed ``[hyp_len, ref_len, correct1..n, total1..n]``.

    Mirrors sacrebleu ``BLEU.compute_bleu`` with ``smooth_method='exp'`` and
    no effective order (the corpus-level default).
    """
    sums = np.asarray(sums, dtype=np.float64)
    sys_len, ref_len = sums[..., 0], sums[..., 1]
    correct = sums[..., 2 : 2 + order]
    total = sums[..., 2 + order : 2 + 2 * order]
    with np.errstate(divide="ignore", invalid="ignore"):
        bp = np.where(
            sys_len < ref_len,
            np.where(sys_len > 0, np.exp(1.0 - ref_len / np.maximum(sys_len, 1e-300)), 0.0),
            1.0,
        )
        # exp smoothing: the k-th zero-match order gets 100 / (2^k * total).
        zero = correct == 0
        k = np.cumsum(zero, axis=-1)
        prec = np.where(
            zero,
            100.0 / (np.power(2.0, k) * np.maximum(total, 1)),
            100.0 * correct / np.maximum(total, 1),
        )
        # sacrebleu stops at the first order without n-grams: later
        # precisions stay 0 and my_log(0) drives the score to 0.
        no_ngrams = np.cumsum(total == 0, axis=-1) > 0
        prec = np.where(no_ngrams, 0.0, prec)
        logs = np.where(prec > 0, np.log(np.where(prec > 0, prec, 1.0)), -9999999999.0)
        score = bp * np.exp(logs.sum(axis=-1) / order)
    return np.where(correct.sum(axis=-1) == 0, 0.0, score)


def score_chrf(sums: np.ndarray, beta: int = 2) -> np.ndarray:
    """Corpus chrF from summed ``[hyp, ref, match]`` triples per n-gram order.

    Mirrors sacrebleu ``CHRF._compute_f_score`` without eps smoothing:
    precision and recall are averaged over the orders where both sides have
    n-grams, then combined into one F-beta.
    """
    sums = np.asarray(sums, dtype=np.float64)
    hyp, ref, match = sums[..., 0::3], sums[..., 1::3], sums[..., 2::3]
    both = (hyp > 0) & (ref > 0)
    eff = both.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        prec = np.where(both, match / np.where(hyp > 0, hyp, 1.0), 0.0).sum(axis=-1)
        rec = np.where(both, match / np.where(ref > 0, ref, 1.0), 0.0).sum(axis=-1)
        prec = np.where(eff > 0, prec / np.maximum(eff, 1), 0.0)
        rec = np.where(eff > 0, rec / np.maximum(eff, 1), 0.0)
        factor = beta**2
        denom = factor * prec + rec
        score = np.where(
            denom > 0, 100.0 * (1 + factor) * prec * rec / np.where(denom > 0, denom, 1.0), 0.0
        )
    return score


def score_ter(sums: np.ndarray) -> np.ndarray:
    """Corpus TER (0..100+, lower is better) from summed ``[edits, ref_len]``."""
    sums = np.asarray(sums, dtype=np.float64)
    edits, ref_len = sums[..., 0], sums[..., 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(
            ref_len > 0, edits / np.where(ref_len > 0, ref_len, 1.0), np.where(edits > 0, 1.0, 0.0)
        )
    return 100.0 * ratio


def score_mean(sums: np.ndarray) -> np.ndarray:
    """Mean of a per-segment value from summed ``[value, count]``."""
    sums = np.asarray(sums, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(
            sums[..., 1] > 0, sums[..., 0] / np.where(sums[..., 1] > 0, sums[..., 1], 1.0), 0.0
        )

"""Per-segment sufficient statistics for BLEU, chrF, chrF++ and TER.

Statistics are computed once per segment with sacrebleu's own tokenisers and
n-gram extractors (TER through the faster exact port in ``metrics.ter``) and
then reused for sentence scores, corpus scores, bootstrap intervals and paired
significance tests, which therefore cost almost nothing extra.

Sentence scores equal sacrebleu's ``sentence_score`` (BLEU with
``effective_order=True``, chrF/chrF++/TER defaults); corpus scores equal
``corpus_score`` with the default corpus BLEU (``effective_order=False``).

Known limits: chrF is taken from the chrF++ statistics when there is exactly
one reference (the character part is identical); with several references
each metric picks its own best reference, as sacrebleu does.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from transcheck.errors import ConfigError
from transcheck.metrics import sacrebleu_adapter as sb
from transcheck.metrics.formulas import score_bleu, score_chrf, score_ter
from transcheck.metrics.sacrebleu_adapter import SACREBLEU_NAMES

_FORMULAS = {"bleu": score_bleu, "chrf": score_chrf, "chrf++": score_chrf, "ter": score_ter}

# Below this many segments the process pool costs more than it saves (and
# tests stay fast and single-process).
PARALLEL_THRESHOLD = 4000


def _check(metric: str) -> str:
    if metric not in SACREBLEU_NAMES:
        known = ", ".join(SACREBLEU_NAMES)
        raise ConfigError(None, f"unknown metric '{metric}' (known: {known})")
    return metric


# BLEU tokenisers by target language, as sacrebleu recommends; "char" for
# Japanese/Korean because their MeCab tokenisers are not installed.
_BLEU_TOKENIZERS = {"zh": "zh", "ja": "char", "ko": "char"}


def bleu_tokenizer(tgt_lang: str | None) -> str:
    """sacrebleu's BLEU tokeniser for a target language (default 13a)."""
    return _BLEU_TOKENIZERS.get((tgt_lang or "").split("-")[0].lower(), "13a")


def signature(
    metric: str, nrefs: int, *, sentence: bool = False, tgt_lang: str | None = None
) -> str:
    """sacrebleu's signature string for ``metric`` with ``nrefs`` references."""
    tok = bleu_tokenizer(tgt_lang) if metric == "bleu" else "13a"
    return sb.signature_text(_check(metric), nrefs, sentence=sentence, tokenize=tok)


def _streams(refs: Sequence[Sequence[str]], n: int) -> list[list[str]]:
    streams = [list(stream) for stream in refs]
    for stream in streams:
        if len(stream) != n:
            raise ConfigError(
                None, f"a reference stream has {len(stream)} segments, hypotheses have {n}"
            )
    return streams


def _ter_stats(hyps: Sequence[str], streams: list[list[str]]) -> np.ndarray:
    from transcheck.metrics.ter import translation_edit_rate

    out = np.zeros((len(hyps), 2), dtype=np.float64)
    ref_cache: dict[str, list[str]] = {}
    for i, hyp in enumerate(hyps):
        words_hyp = sb.ter_words(hyp)
        best = int(1e16)
        total_len = 0
        for stream in streams:
            ref = stream[i]
            words_ref = ref_cache.get(ref)
            if words_ref is None:
                words_ref = ref_cache[ref] = sb.ter_words(ref)
            edits, ref_len = translation_edit_rate(words_hyp, words_ref)
            total_len += ref_len
            best = min(best, edits)
        out[i, 0] = best
        out[i, 1] = total_len / len(streams)
    return out


# Statistics per segment of each metric (BLEU: lengths + 4 orders x 2;
# chrF: 6 char orders x 3; chrF++: + 2 word orders x 3; TER: edits, length).
STAT_WIDTH = {"bleu": 10, "chrf": 18, "chrf++": 24, "ter": 2}


def _serial_stats(
    hyps: Sequence[str], streams: list[list[str]], metrics: Sequence[str], tokenize: str = "13a"
) -> dict[str, np.ndarray]:
    if not hyps:
        return {m: np.zeros((0, STAT_WIDTH[m])) for m in metrics}
    out: dict[str, np.ndarray] = {}
    wanted = set(metrics)
    if "bleu" in wanted:
        out["bleu"] = np.asarray(sb.extract_statistics("bleu", hyps, streams, tokenize), np.int64)
    if wanted & {"chrf", "chrf++"}:
        if len(streams) == 1 or "chrf++" in wanted:
            plus = sb.extract_statistics("chrf++", hyps, streams)
            plus_arr = np.asarray(plus, dtype=np.int64).reshape(len(hyps), 24)
            if "chrf++" in wanted:
                out["chrf++"] = plus_arr
            if "chrf" in wanted and len(streams) == 1:
                out["chrf"] = plus_arr[:, :18].copy()
        if "chrf" in wanted and "chrf" not in out:
            chrf = sb.extract_statistics("chrf", hyps, streams)
            out["chrf"] = np.asarray(chrf, dtype=np.int64).reshape(len(hyps), 18)
    if "ter" in wanted:
        out["ter"] = _ter_stats(hyps, streams)
    return out


def _chunk_stats(
    args: tuple[list[str], list[list[str]], tuple[str, ...], str],
) -> dict[str, np.ndarray]:
    hyps, streams, metrics, tokenize = args
    return _serial_stats(hyps, streams, metrics, tokenize)


def usable_cores() -> int:
    """Cores this process may run on (CPU affinity, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return os.cpu_count() or 1


def _workers(requested: int | None) -> int:
    return max(1, requested) if requested is not None else usable_cores()


def all_sentence_stats(
    hyps: Sequence[str],
    refs: Sequence[Sequence[str]],
    metrics: Sequence[str] = SACREBLEU_NAMES,
    *,
    workers: int | None = None,
    tgt_lang: str | None = None,
) -> dict[str, np.ndarray]:
    """Statistics for several metrics at once: metric -> (segments, k) array.

    ``refs`` is a list of reference streams, each parallel to ``hyps``.
    ``tgt_lang`` picks the BLEU tokeniser (zh for Chinese, char for
    Japanese/Korean, else 13a).
    Identical (hypothesis, references) pairs are computed once. Inputs of at
    least ``PARALLEL_THRESHOLD`` unique pairs run on a process pool of
    ``workers`` processes (default: the usable cores).
    """
    metrics = tuple(_check(m) for m in metrics)
    hyps = list(hyps)
    streams = _streams(refs, len(hyps))
    if not streams:
        raise ConfigError(None, "reference-based metrics need at least one reference stream")
    keys: dict[tuple[str, ...], int] = {}
    inverse = np.empty(len(hyps), dtype=np.int64)
    for i, hyp in enumerate(hyps):
        key = (hyp, *(stream[i] for stream in streams))
        inverse[i] = keys.setdefault(key, len(keys))
    unique = list(keys)
    u_hyps = [key[0] for key in unique]
    u_streams = [[key[k + 1] for key in unique] for k in range(len(streams))]
    n_workers = _workers(workers)
    if n_workers <= 1 or len(unique) < PARALLEL_THRESHOLD:
        result = _serial_stats(u_hyps, u_streams, metrics, bleu_tokenizer(tgt_lang))
    else:
        result = _parallel_stats(u_hyps, u_streams, metrics, n_workers, bleu_tokenizer(tgt_lang))
    return {name: arr[inverse] for name, arr in result.items()}


def _parallel_stats(
    hyps: list[str],
    streams: list[list[str]],
    metrics: tuple[str, ...],
    n_workers: int,
    tokenize: str = "13a",
) -> dict[str, np.ndarray]:
    import multiprocessing

    # Many small chunks balance the load (TER time varies a lot per segment);
    # spawn, not fork, so this is safe inside threaded hosts such as Streamlit.
    n_chunks = n_workers * 8
    size = -(-len(hyps) // n_chunks)
    jobs = [
        (hyps[i : i + size], [s[i : i + size] for s in streams], metrics, tokenize)
        for i in range(0, len(hyps), size)
    ]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=n_workers, mp_context=ctx) as pool:
        parts = list(pool.map(_chunk_stats, jobs))
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def sentence_stats(
    metric: str,
    hyps: Sequence[str],
    refs: Sequence[Sequence[str]],
    *,
    tgt_lang: str | None = None,
) -> np.ndarray:
    """Sufficient statistics of one metric: a (segments, k) array.

    Rows can be summed over any subset (bootstrap, paired tests) and turned
    into a score with :func:`corpus_score_from_stats`.
    """
    return all_sentence_stats(hyps, refs, (metric,), tgt_lang=tgt_lang)[metric]


def corpus_score_from_stats(metric: str, stats: np.ndarray) -> float:
    """The corpus score (sacrebleu ``corpus_score``) of per-segment or summed statistics."""
    arr = np.asarray(stats, dtype=np.float64)
    formula = _FORMULAS[_check(metric)]
    if arr.ndim == 2:
        # An empty corpus sums to zeros: sacrebleu's own score of nothing.
        arr = arr.sum(axis=0) if arr.shape[0] else np.zeros(STAT_WIDTH[metric])
    return float(formula(arr))


def sentence_scores_from_stats(metric: str, stats: np.ndarray) -> np.ndarray:
    """Per-segment scores, equal to sacrebleu's ``sentence_score``."""
    _check(metric)
    return np.array(
        [sb.score_row(metric, row, sentence=True) for row in np.asarray(stats)], dtype=np.float64
    )


def sentence_scores(
    hyps: Sequence[str],
    refs: Sequence[Sequence[str]],
    metrics: Sequence[str] = SACREBLEU_NAMES,
    *,
    workers: int | None = None,
    tgt_lang: str | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(scores, stats): metric -> per-segment scores and metric -> statistics."""
    stats = all_sentence_stats(hyps, refs, metrics, workers=workers, tgt_lang=tgt_lang)
    scores = {name: sentence_scores_from_stats(name, arr) for name, arr in stats.items()}
    return scores, stats

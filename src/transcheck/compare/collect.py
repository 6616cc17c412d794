"""The statistics of every metric for every system of a comparison.

Reference metrics come from the metric registry (one call for all systems
joined, or the statistics the fidelity pass already computed); fidelity and
flags from ``compare.workers``; consensus (three or more systems) from
rapidfuzz similarities to the other systems' outputs.

Known limits: consensus rewards the majority.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from transcheck.compare.system_stats import MetricStats, mean_stats, stats_for
from transcheck.compare.workers import ScoringJob, score_systems
from transcheck.metrics.registry import METRICS, reference_scores
from transcheck.model import Signature


def collect_metrics(
    texts: dict[str, list[str]],
    ref_streams: list[list[str]] | None,
    src_list: list[str] | None,
    src_lang: str | None,
    tgt_lang: str | None,
    wanted: Sequence[str],
    seed: int,
    bootstrap: int,
    fidelity: bool,
    flags: bool,
    notes: list[str],
) -> tuple[dict[str, dict[str, MetricStats]], dict[str, str], dict[str, list[Any]] | None]:
    """Statistics of every metric for every system (``system -> metric ->
    MetricStats``), their signatures, and the per-segment flags."""
    names = list(texts)
    per_system: dict[str, dict[str, MetricStats]] = {name: {} for name in names}
    signatures: dict[str, str] = {}
    job = ScoringJob(
        texts, ref_streams, src_list, src_lang, tgt_lang, seed, bootstrap, fidelity, flags
    )
    scored = score_systems(job)
    notes += scored.notes
    signatures.update(scored.signatures)
    fid_values, seg_flags = scored.fidelity, scored.flags
    if ref_streams:
        _reference_stats(texts, ref_streams, wanted, tgt_lang, per_system, signatures, scored.stats)
    if fid_values is not None:
        for name in names:
            per_system[name]["fidelity"] = mean_stats("fidelity", fid_values[name])
    if len(names) >= 3:
        for name, values in _consensus(texts).items():
            per_system[name]["consensus"] = mean_stats("consensus", values)
        signatures["consensus"] = Signature(
            "consensus", (("scorer", "rapidfuzz.fuzz.ratio"), ("pseudo_refs", "other_systems"))
        ).format()
    if seg_flags is not None:
        for name in names:
            awk = [float(getattr(f, "awkwardness", 0.0)) for f in seg_flags[name]]
            per_system[name]["awkwardness"] = mean_stats("awkwardness", awk, higher_is_better=False)

    return per_system, signatures, seg_flags


def _reference_stats(
    texts: dict[str, list[str]],
    refs: list[list[str]],
    wanted: Sequence[str],
    tgt_lang: str | None,
    out: dict[str, dict[str, MetricStats]],
    signatures: dict[str, str],
    shared: dict[str, dict[str, np.ndarray]] | None = None,
) -> None:
    """Fill ``out[system][metric]`` for the reference metrics.

    ``shared`` are statistics already computed for all systems joined (by
    the fidelity call); the rest go through
    ``transcheck.metrics.stats.all_sentence_stats`` in one call for all
    systems (its fast exact TER, de-duplication and process pool), with the
    target language's BLEU tokeniser.
    """

    names = list(texts)
    n = len(refs[0])
    have = {m for m in wanted if shared and all(m in shared.get(x, {}) for x in names)}
    missing = tuple(m for m in wanted if m not in have)
    arrays: dict[str, np.ndarray] = {}
    if missing:
        joined = [h for name in names for h in texts[name]]
        streams = [stream * len(names) for stream in refs]
        _, arrays = reference_scores(joined, streams, missing, tgt_lang=tgt_lang)
    for k, name in enumerate(names):
        for metric in wanted:
            if metric in have and shared is not None:
                block = shared[name][metric]
            else:
                block = arrays[metric][k * n : (k + 1) * n]
            out[name][metric] = stats_for(metric, block)
    for metric in wanted:
        signatures[metric] = METRICS[metric].signature(len(refs), tgt_lang=tgt_lang)


def _consensus(texts: dict[str, list[str]]) -> dict[str, list[float]]:
    """Per segment, each system's mean similarity (0..100) to the others' outputs."""
    from rapidfuzz import fuzz, process

    names = list(texts)
    k = len(names)
    n = len(texts[names[0]])
    out = np.zeros((k, n), dtype=np.float64)
    for i in range(n):
        column = [texts[name][i] for name in names]
        matrix = process.cdist(column, column, scorer=fuzz.ratio)
        out[:, i] = (matrix.sum(axis=1) - np.diag(matrix)) / (k - 1)
    return {name: out[j].tolist() for j, name in enumerate(names)}

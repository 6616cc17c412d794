"""``compare_systems``: several translations of one text, side by side.

Pipeline: sufficient statistics per system and metric (``stats``), corpus
scores with bootstrap 95% intervals, paired bootstrap and approximate
randomisation for every pair (``significance``), significance clusters
(``clusters``), win/tie/loss and hotspots (``segments``), compare-mt
diagnostics (``diagnostics``), plus fidelity from ``transcheck.metrics`` and
flags from ``transcheck.checks`` when those modules are importable.

Ranking (``compare.ranking``): fidelity where the bench shows it orders
systems at least as well as chrF (the reason is in every output), else the
first available of chrF (with references), consensus (with three or more
systems: each system's mean similarity to the other systems' outputs, a
pseudo-reference signal that needs neither a reference nor a source),
awkwardness from the flags (lower is better).

A pair is "significant" when both its approximate-randomisation and its
paired-bootstrap p-value on the primary metric are below ``alpha``; ranking
clusters use that same decision.

Known limits: everything is held in memory (13 systems x a few thousand
segments is fine); consensus rewards the majority, so one system that is
better than all the others in the same way is under-rated by it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np

from transcheck import __version__
from transcheck.analysis.languages import decide_language
from transcheck.compare import diagnostics, segments
from transcheck.compare.clusters import Ranked, rank_clusters
from transcheck.compare.collect import collect_metrics
from transcheck.compare.diagnostics import BucketTable, NgramDiff
from transcheck.compare.diff import DiffOp, diff_tokens
from transcheck.compare.ranking import choose_ranking
from transcheck.compare.result import CompareResult, PairResult, SystemResult
from transcheck.compare.system_stats import MetricStats
from transcheck.errors import ConfigError, InputError
from transcheck.metrics import resampling
from transcheck.metrics.registry import reference_metrics
from transcheck.metrics.resampling import DEFAULT_RESAMPLES, DEFAULT_SEED, PairTest, check_resamples
from transcheck.metrics.segment_limits import check_segment_sizes
from transcheck.model import Signature

DEFAULT_AR_TRIALS = 10000
# Win/tie/loss margin per metric scale: points on 0..100, 0.01 on 0..1.
_MARGINS = {"awkwardness": 0.01}
_DEFAULT_MARGIN = 1.0
# Pairs of n-gram diagnostics: all pairs up to this many systems, else
# best-vs-each (13 systems would give 78 pairs of tables nobody reads).
_ALL_PAIRS_UP_TO = 4


def validate_inputs(
    hyps: Mapping[str, Sequence[str]],
    refs: Sequence[Sequence[str]] | None,
    srcs: Sequence[str] | None,
    ref_names: Sequence[str] | None = None,
    src_name: str | None = None,
) -> int:
    """Check that every input has the same number of segments; return it.

    Raises InputError naming every input and its count when they differ,
    and when there are no segments at all.
    """
    if not hyps:
        raise ConfigError(None, "no systems to compare: give at least one --hyp")
    counts: list[tuple[str, int]] = [(name, len(texts)) for name, texts in hyps.items()]
    for i, stream in enumerate(refs or []):
        label = ref_names[i] if ref_names and i < len(ref_names) else f"reference {i + 1}"
        counts.append((label, len(stream)))
    if srcs is not None:
        counts.append((src_name or "source", len(srcs)))
    sizes = {c for _, c in counts}
    if len(sizes) > 1:
        listing = ", ".join(f"{name} has {count} segments" for name, count in counts)
        odd = min(counts, key=lambda nc: sum(1 for _, c in counts if c == nc[1]))
        raise InputError(odd[0], f"inputs differ in length: {listing}")
    n = counts[0][1]
    if n == 0:
        raise InputError(counts[0][0], "no segments to compare (the input is empty)")
    return n


def compare_systems(
    hyps: Mapping[str, Sequence[str]],
    refs: Sequence[Sequence[str]] | None = None,
    srcs: Sequence[str] | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    seed: int = DEFAULT_SEED,
    bootstrap: int = DEFAULT_RESAMPLES,
    ar_trials: int = DEFAULT_AR_TRIALS,
    alpha: float = 0.05,
    metrics: Sequence[str] | None = None,
    fidelity: bool = True,
    flags: bool = True,
    hotspots: int = 10,
    ref_names: Sequence[str] | None = None,
    src_name: str | None = None,
) -> CompareResult:
    """Compare systems ``hyps`` (name -> segments) against ``refs`` and/or ``srcs``.

    ``refs`` is a list of reference streams, each parallel to the hypotheses.
    ``metrics`` restricts the reference metrics (default bleu, chrf, chrf++,
    ter). ``fidelity``/``flags`` turn off the metrics/checks integration.
    Raises InputError for inputs of different lengths, ConfigError for bad
    options.
    """
    check_resamples(bootstrap, "--bootstrap", minimum=1)
    check_resamples(ar_trials, "--ar-trials", minimum=1)
    if not 0.0 < alpha < 1.0:
        raise ConfigError(None, "alpha must be between 0 and 1")
    n = validate_inputs(hyps, refs, srcs, ref_names, src_name)
    # The same per-segment size cap as `score`: TER on a pasted document is slow.
    for name, system in hyps.items():
        check_segment_sizes(list(system), f"system '{name}'")
    for stream in refs or []:
        check_segment_sizes(list(stream), "reference")
    names = list(hyps)
    texts = {name: list(hyps[name]) for name in names}
    ref_streams = [list(r) for r in refs] if refs else None
    src_list = list(srcs) if srcs is not None else None
    notes: list[str] = []
    known = reference_metrics()
    wanted = tuple(metrics) if metrics else known
    for m in wanted:
        if m not in known:
            raise ConfigError(None, f"unknown metric '{m}' (known: {', '.join(known)})")

    if tgt_lang is None:
        tgt_lang = _detect([t for name in names for t in texts[name][:200]], "target", notes)
    if src_lang is None and src_list is not None:
        src_lang = _detect(src_list[:200], "source", notes)

    per_system, signatures, seg_flags = collect_metrics(
        texts,
        ref_streams,
        src_list,
        src_lang,
        tgt_lang,
        wanted,
        seed,
        bootstrap,
        fidelity,
        flags,
        notes,
    )
    mode = (
        "both"
        if ref_streams and src_list is not None
        else "reference"
        if ref_streams
        else "source"
        if src_list is not None
        else "consensus"
    )
    try:
        choice = choose_ranking(list(per_system[names[0]]), mode, fidelity)
    except ValueError:
        raise ConfigError(
            None,
            "nothing to compare on: give a reference (--ref) or a source (--src), "
            "or three or more systems",
        ) from None
    primary = choice.metric
    higher = per_system[names[0]][primary].higher_is_better

    corpus, boots, cis = _corpus_and_intervals(per_system, n, bootstrap, seed)
    pairs, p_primary = _pairwise(
        per_system, corpus, boots, texts, primary, higher, n, ar_trials, seed, alpha
    )

    ranked = rank_clusters(
        {name: corpus[name][primary] for name in names},
        lambda x, y: p_primary[(x, y)],
        higher_is_better=higher,
        alpha=alpha,
    )
    fid_corpus = {name: corpus[name].get("fidelity") for name in names}
    systems = tuple(
        _system_result(
            r,
            corpus[r.name],
            cis[r.name],
            fid_corpus[r.name],
            seg_flags[r.name] if seg_flags else None,
        )
        for r in ranked
    )
    order = [r.name for r in ranked]
    seg_scores = {
        name: {m: _segment_values(ms).tolist() for m, ms in per_system[name].items()}
        for name in names
    }
    spots = segments.hotspots(
        {name: _segment_values(per_system[name][primary]) for name in order},
        texts,
        higher_is_better=higher,
        top=hotspots,
    )
    length, frequency, ngrams = _diagnostics(
        per_system, texts, ref_streams, src_list, order, primary, tgt_lang
    )
    if len(names) == 1:
        notes.append("only one system: no pairwise tests, win/tie/loss or hotspots")
    signatures["compare"] = Signature(
        "transcheck-compare",
        (
            ("version", __version__),
            ("seed", str(seed)),
            ("bs", str(bootstrap)),
            ("ar", str(ar_trials)),
            ("primary", primary),
            ("alpha", str(alpha)),
            ("nrefs", str(len(ref_streams or []))),
            ("inputs", _inputs_hash(texts, ref_streams, src_list)),
        ),
    ).format()
    return CompareResult(
        names=tuple(order),
        systems=systems,
        pairwise=tuple(pairs),
        primary=primary,
        ranking=choice.reason,
        higher_is_better=higher,
        mode=mode,
        n_segments=n,
        hotspots=tuple(spots),
        length=length,
        frequency=frequency,
        ngrams=ngrams,
        signatures=signatures,
        notes=tuple(notes),
        hyps=texts,
        refs=ref_streams,
        srcs=src_list,
        segment_scores=seg_scores,
        segment_flags=seg_flags,
        alpha=alpha,
        tgt_lang=tgt_lang,
        src_lang=src_lang,
    )


def _corpus_and_intervals(
    per_system: dict[str, dict[str, MetricStats]], n: int, bootstrap: int, seed: int
) -> tuple[
    dict[str, dict[str, float]],
    dict[str, dict[str, np.ndarray]],
    dict[str, dict[str, tuple[float, float]]],
]:
    """Corpus score, bootstrap scores and 95% interval per system and metric,
    all systems on the same resamples (so the bootstrap is paired)."""
    boot_all = resampling.bootstrap_all(
        {name: list(ms.values()) for name, ms in per_system.items()}, n, bootstrap, seed
    )
    corpus: dict[str, dict[str, float]] = {}
    boots: dict[str, dict[str, np.ndarray]] = {}
    cis: dict[str, dict[str, tuple[float, float]]] = {}
    for name, metrics in per_system.items():
        corpus[name], boots[name], cis[name] = {}, {}, {}
        for (metric, ms), scores in zip(metrics.items(), boot_all[name], strict=True):
            corpus[name][metric] = ms.corpus()
            boots[name][metric] = scores
            cis[name][metric] = resampling.confidence_interval(scores)
    return corpus, boots, cis


def _pairwise(
    per_system: dict[str, dict[str, MetricStats]],
    corpus: dict[str, dict[str, float]],
    boots: dict[str, dict[str, np.ndarray]],
    texts: dict[str, list[str]],
    primary: str,
    higher: bool,
    n: int,
    ar_trials: int,
    seed: int,
    alpha: float,
) -> tuple[list[PairResult], dict[tuple[str, str], float]]:
    """Both paired tests on every metric, and win/tie/loss, for every pair.

    Returns the pairs and, per ordered pair, the p-value used for clusters.
    """
    names = list(per_system)
    metric_names = list(per_system[names[0]])
    pair_names = list(combinations(names, 2))
    ar_all = resampling.ar_tests(
        {name: [per_system[name][m] for m in metric_names] for name in names},
        pair_names,
        resampling.ar_mask_chunks(n, ar_trials, seed),
    )
    pairs: list[PairResult] = []
    p_primary: dict[tuple[str, str], float] = {}
    for (a, b), ar in zip(pair_names, ar_all, strict=True):
        tests = []
        for metric, p_ar in zip(metric_names, ar, strict=True):
            delta = corpus[a][metric] - corpus[b][metric]
            p_bs = resampling.bootstrap_p(delta, boots[a][metric], boots[b][metric])
            tests.append(PairTest(metric, a, b, delta, p_bs, p_ar))
        prim = next(t for t in tests if t.metric == primary)
        # Significant only when both tests agree: AR alone is the usual
        # choice, but the stricter reading keeps clusters conservative.
        p = max(prim.p_ar, prim.p_bootstrap)
        p_primary[(a, b)] = p_primary[(b, a)] = p
        wtl = segments.win_tie_loss(
            a,
            b,
            _segment_values(per_system[a][primary]),
            _segment_values(per_system[b][primary]),
            texts[a],
            texts[b],
            higher_is_better=higher,
            margin=_MARGINS.get(primary, _DEFAULT_MARGIN),
        )
        pairs.append(
            PairResult(
                a,
                b,
                tuple(tests),
                wtl,
                p < alpha,
                _pair_diffs(texts[a], texts[b], per_system[a][primary], per_system[b][primary]),
            )
        )
    return pairs, p_primary


def _pair_diffs(
    texts_a: list[str], texts_b: list[str], a: MetricStats, b: MetricStats, top: int = 3
) -> tuple[tuple[int, tuple[DiffOp, ...]], ...]:
    """Word diffs of the ``top`` segments where a and b differ most."""
    gap = np.abs(_segment_values(a) - _segment_values(b))
    order = np.argsort(-gap, kind="stable")
    picked = [int(i) for i in order if texts_a[int(i)] != texts_b[int(i)]][:top]
    return tuple((i, tuple(diff_tokens(texts_a[i], texts_b[i]))) for i in picked)


def _detect(sample: list[str], side: str, notes: list[str]) -> str | None:
    """The language of a sample of segments when the user did not give it
    (tokenisers, flags and word frequencies depend on it), with a note."""
    guess = decide_language(None, "\n".join(sample))
    lang = guess.lang
    if not lang:
        return None
    notes.append(
        f"{side} language not given: detected {lang} "
        f"(confidence {float(guess.confidence or 0.0):.2f}); "
        f"set --{'tgt' if side == 'target' else 'src'}-lang to override"
    )
    return str(lang)


def _inputs_hash(
    texts: dict[str, list[str]], refs: list[list[str]] | None, srcs: list[str] | None
) -> str:
    """First 12 hex digits of a SHA-256 over every input text, in order, so a
    signature says which corpus it was computed on."""
    import hashlib

    digest = hashlib.sha256()
    streams = [(f"hyp:{n}", t) for n, t in texts.items()]
    streams += [(f"ref:{k}", r) for k, r in enumerate(refs or [])]
    streams += [("src", srcs)] if srcs is not None else []
    for label, lines in streams:
        digest.update(label.encode("utf-8") + b"\0")
        for line in lines:
            digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()[:12]


def _segment_values(ms: MetricStats) -> np.ndarray:
    if ms.segment_scores is not None:
        return ms.segment_scores
    return np.asarray(ms.score(ms.stats), dtype=np.float64)


def _system_result(
    r: Ranked,
    scores: dict[str, float],
    ci: dict[str, tuple[float, float]],
    fid: float | None,
    seg_flags: list[Any] | None,
) -> SystemResult:
    return SystemResult(
        r.name,
        scores,
        ci,
        r.position,
        r.rank,
        r.rank_range,
        fid,
        _flag_summary(seg_flags) if seg_flags is not None else None,
    )


def _flag_summary(seg_flags: list[Any]) -> dict[str, Any]:
    by_severity: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    flagged = 0
    for item in seg_flags:
        found = tuple(getattr(item, "flags", ()))
        flagged += bool(found)
        for f in found:
            by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    top = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {"segments_flagged": flagged, "by_severity": by_severity, "top_rules": dict(top)}


def _diagnostics(
    per_system: dict[str, dict[str, MetricStats]],
    texts: dict[str, list[str]],
    refs: list[list[str]] | None,
    srcs: list[str] | None,
    order: list[str],
    primary: str,
    tgt_lang: str | None,
) -> tuple[tuple[BucketTable, ...], BucketTable | None, tuple[NgramDiff, ...]]:
    if refs:
        lengths, basis = [len(diagnostics.words(r)) for r in refs[0]], "reference"
    elif srcs is not None:
        lengths, basis = [len(diagnostics.words(s)) for s in srcs], "source"
    else:
        columns = zip(*(texts[name] for name in order), strict=True)
        lengths = [int(np.mean([len(diagnostics.words(t)) for t in col])) for col in columns]
        basis = "mean hypothesis"
    shown = [primary] + [m for m in ("chrf",) if m != primary and m in per_system[order[0]]]
    length = tuple(
        diagnostics.length_buckets(
            {name: per_system[name][m] for name in order}, lengths, basis=basis
        )
        for m in shown
    )
    if not refs:
        return length, None, ()
    frequency = diagnostics.frequency_buckets({n: texts[n] for n in order}, refs[0], lang=tgt_lang)
    ref_ngrams = diagnostics.reference_ngrams(refs[0])
    matched = {
        name: diagnostics.matched_ngrams(texts[name], ref_ngrams=ref_ngrams) for name in order
    }
    if len(order) <= _ALL_PAIRS_UP_TO:
        pairs = list(combinations(order, 2))
    else:
        pairs = [(order[0], other) for other in order[1:]]
    ngrams = tuple(diagnostics.ngram_differences(a, b, matched[a], matched[b]) for a, b in pairs)
    return length, frequency, ngrams

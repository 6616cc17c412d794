"""``compare_systems``: several translations of one text, side by side.

Pipeline: sufficient statistics per system and metric (``stats``), corpus
scores with bootstrap 95% intervals, paired bootstrap and approximate
randomisation for every pair (``significance``), significance clusters
(``clusters``), win/tie/loss and hotspots (``segments``), compare-mt
diagnostics (``diagnostics``), plus fidelity from ``transcheck.metrics`` and
flags from ``transcheck.checks`` when those modules are importable.

Ranking uses the first available of: fidelity, chrF (with references),
consensus (with three or more systems: each system's mean similarity to the
other systems' outputs, a pseudo-reference signal that needs neither a
reference nor a source), awkwardness from the flags (lower is better).

A pair is "significant" when both its approximate-randomisation and its
paired-bootstrap p-value on the primary metric are below ``alpha``; ranking
clusters use that same decision.

Known limits: everything is held in memory (13 systems x a few thousand
segments is fine); consensus rewards the majority, so one system that is
better than all the others in the same way is under-rated by it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from transcheck import __version__
from transcheck.compare import diagnostics, segments, significance
from transcheck.compare.clusters import Ranked, rank_clusters
from transcheck.compare.diagnostics import BucketTable, NgramDiff
from transcheck.compare.diff import DiffOp, diff_tokens
from transcheck.compare.segments import Hotspot, WinTieLoss
from transcheck.compare.significance import PairTest
from transcheck.compare.stats import MetricStats, mean_stats, stats_for
from transcheck.errors import ConfigError, InputError, TranscheckError
from transcheck.metrics.registry import METRICS, reference_metrics, reference_scores
from transcheck.metrics.stats import usable_cores as _usable_cores  # patched in tests

DEFAULT_SEED = 12345
DEFAULT_BOOTSTRAP = 1000
DEFAULT_AR_TRIALS = 10000
# Win/tie/loss margin per metric scale: points on 0..100, 0.01 on 0..1.
_MARGINS = {"awkwardness": 0.01}
_DEFAULT_MARGIN = 1.0
# Pairs of n-gram diagnostics: all pairs up to this many systems, else
# best-vs-each (13 systems would give 78 pairs of tables nobody reads).
_ALL_PAIRS_UP_TO = 4


@dataclass(frozen=True, slots=True)
class SystemResult:
    """One system: corpus ``scores`` with 95% bootstrap ``ci`` per metric."""

    name: str
    scores: dict[str, float]
    ci: dict[str, tuple[float, float]]
    position: int
    rank: int
    rank_range: str
    fidelity: float | None = None
    flags: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "fidelity": None if self.fidelity is None else round(self.fidelity, 4),
            "rank": self.rank,
            "rank_range": self.rank_range,
            "position": self.position,
        }
        for metric, value in self.scores.items():
            lo, hi = self.ci.get(metric, (float("nan"), float("nan")))
            out[metric] = round(value, 4)
            out[f"{metric}_ci"] = [_round(lo), _round(hi)]
        if self.flags is not None:
            out["flags"] = self.flags
        return out


@dataclass(frozen=True, slots=True)
class PairResult:
    """Paired tests of ``a`` against ``b`` (delta = a - b) on every metric.

    ``diffs`` are word diffs a -> b of the segments where the two differ most
    on the primary metric: ``(segment id, edit operations)``.
    """

    a: str
    b: str
    tests: tuple[PairTest, ...]
    wtl: WinTieLoss
    significant: bool
    diffs: tuple[tuple[int, tuple[DiffOp, ...]], ...] = ()

    def test(self, metric: str) -> PairTest:
        for t in self.tests:
            if t.metric == metric:
                return t
        raise KeyError(metric)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "significant": self.significant,
            "tests": {t.metric: t.to_dict() for t in self.tests},
            "win_tie_loss": self.wtl.to_dict(),
            "diffs": [
                {"id": i, "ops": [op.to_dict() for op in ops if op.op != "equal"]}
                for i, ops in self.diffs
            ],
        }


@dataclass(frozen=True)
class CompareResult:
    """Everything ``compare_systems`` found; ``to_dict()`` is the JSON output.

    ``systems`` are in ranking order. The texts are kept so that views can
    build diffs on demand; ``to_dict`` only includes texts of hotspots.
    """

    names: tuple[str, ...]
    systems: tuple[SystemResult, ...]
    pairwise: tuple[PairResult, ...]
    primary: str
    higher_is_better: bool
    mode: str
    n_segments: int
    hotspots: tuple[Hotspot, ...]
    length: tuple[BucketTable, ...]
    frequency: BucketTable | None
    ngrams: tuple[NgramDiff, ...]
    signatures: dict[str, str]
    notes: tuple[str, ...]
    hyps: dict[str, list[str]] = field(repr=False)
    refs: list[list[str]] | None = field(repr=False)
    srcs: list[str] | None = field(repr=False)
    segment_scores: dict[str, dict[str, list[float]]] = field(repr=False)
    segment_flags: dict[str, list[Any]] | None = field(repr=False)
    alpha: float = 0.05
    tgt_lang: str | None = None
    src_lang: str | None = None
    # Whole-document figures per system (``--unit sentence``): the analysis
    # ``report`` gives for that system, before the cut into common units.
    documents: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def system(self, name: str) -> SystemResult:
        for s in self.systems:
            if s.name == name:
                return s
        raise KeyError(name)

    def pair(self, a: str, b: str) -> PairResult:
        """The pair result oriented as ``a`` vs ``b`` (deltas flipped if needed)."""
        for p in self.pairwise:
            if (p.a, p.b) == (a, b):
                return p
            if (p.a, p.b) == (b, a):
                tests = tuple(
                    PairTest(t.metric, a, b, -t.delta, t.p_bootstrap, t.p_ar) for t in p.tests
                )
                wtl = WinTieLoss(a, b, p.wtl.losses, p.wtl.ties, p.wtl.wins)
                return PairResult(a, b, tests, wtl, p.significant, _flip(p.diffs))
        raise KeyError((a, b))

    @property
    def metrics(self) -> list[str]:
        return list(self.systems[0].scores) if self.systems else []

    def to_dict(self) -> dict[str, Any]:
        from transcheck.compare.views import hotspot_rows

        return {
            "version": __version__,
            "mode": self.mode,
            "primary": self.primary,
            "higher_is_better": self.higher_is_better,
            "alpha": self.alpha,
            "segments": self.n_segments,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "systems": [s.to_dict() for s in self.systems],
            "pairwise": [p.to_dict() for p in self.pairwise],
            "hotspots": hotspot_rows(self),
            "diagnostics": {
                "length": [t.to_dict() for t in self.length],
                "frequency": None if self.frequency is None else self.frequency.to_dict(),
                "ngrams": [n.to_dict() for n in self.ngrams],
            },
            "signatures": self.signatures,
            "notes": list(self.notes),
            **({"documents": self.documents} if self.documents else {}),
        }


def _flip(
    diffs: tuple[tuple[int, tuple[DiffOp, ...]], ...],
) -> tuple[tuple[int, tuple[DiffOp, ...]], ...]:
    """The same diffs seen from the other side (b -> a)."""
    swap = {"insert": "delete", "delete": "insert"}
    return tuple(
        (
            i,
            tuple(
                DiffOp(
                    swap.get(o.op, o.op), o.b_start, o.b_end, o.a_start, o.a_end, o.b_text, o.a_text
                )  # type: ignore[arg-type]
                for o in ops
            ),
        )
        for i, ops in diffs
    )


def _round(value: float, digits: int = 4) -> float | None:
    return None if value != value else round(value, digits)  # NaN -> null


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
    bootstrap: int = DEFAULT_BOOTSTRAP,
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
    if bootstrap < 1 or ar_trials < 1:
        raise ConfigError(None, "--bootstrap and --ar-trials must be at least 1")
    if not 0.0 < alpha < 1.0:
        raise ConfigError(None, "alpha must be between 0 and 1")
    n = validate_inputs(hyps, refs, srcs, ref_names, src_name)
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

    per_system, signatures, seg_flags = _collect_metrics(
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
    available = list(per_system[names[0]])
    primary = next(
        (m for m in ("fidelity", "chrf", "consensus", "awkwardness") if m in available), None
    )
    if primary is None:
        primary = next(iter(available), None)
    if primary is None:
        raise ConfigError(
            None,
            "nothing to compare on: give a reference (--ref) or a source (--src), "
            "or three or more systems",
        )
    higher = per_system[names[0]][primary].higher_is_better
    if primary != "fidelity" and fidelity:
        notes.append(f"ranking by {primary}: fidelity is not available")

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
    mode = (
        "both"
        if ref_streams and src_list is not None
        else "reference"
        if ref_streams
        else "source"
        if src_list is not None
        else "consensus"
    )
    signatures["compare"] = (
        f"name:transcheck-compare|version:{__version__}|seed:{seed}|bs:{bootstrap}|ar:{ar_trials}"
        f"|primary:{primary}|alpha:{alpha}|nrefs:{len(ref_streams or [])}"
        f"|inputs:{_inputs_hash(texts, ref_streams, src_list)}"
    )
    return CompareResult(
        names=tuple(order),
        systems=systems,
        pairwise=tuple(pairs),
        primary=primary,
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


def _collect_metrics(
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
    scored = _score_systems(
        texts, ref_streams, src_list, src_lang, tgt_lang, seed, bootstrap, fidelity, flags
    )
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
        signatures["consensus"] = (
            "name:consensus|scorer:rapidfuzz.fuzz.ratio|pseudo_refs:other_systems"
        )
    if seg_flags is not None:
        for name in names:
            awk = [float(getattr(f, "awkwardness", 0.0)) for f in seg_flags[name]]
            per_system[name]["awkwardness"] = mean_stats("awkwardness", awk, higher_is_better=False)

    return per_system, signatures, seg_flags


def _corpus_and_intervals(
    per_system: dict[str, dict[str, MetricStats]], n: int, bootstrap: int, seed: int
) -> tuple[
    dict[str, dict[str, float]],
    dict[str, dict[str, np.ndarray]],
    dict[str, dict[str, tuple[float, float]]],
]:
    """Corpus score, bootstrap scores and 95% interval per system and metric,
    all systems on the same resamples (so the bootstrap is paired)."""
    boot_all = significance.bootstrap_all(
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
            cis[name][metric] = significance.confidence_interval(scores)
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
    ar_all = significance.ar_tests(
        {name: [per_system[name][m] for m in metric_names] for name in names},
        pair_names,
        significance.ar_mask_chunks(n, ar_trials, seed),
    )
    pairs: list[PairResult] = []
    p_primary: dict[tuple[str, str], float] = {}
    for (a, b), ar in zip(pair_names, ar_all, strict=True):
        tests = []
        for metric, p_ar in zip(metric_names, ar, strict=True):
            delta = corpus[a][metric] - corpus[b][metric]
            p_bs = significance.bootstrap_p(delta, boots[a][metric], boots[b][metric])
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
    try:
        from transcheck.langid import detect_language
    except ImportError:
        return None
    guess = detect_language("\n".join(sample))
    lang = getattr(guess, "lang", None)
    if not lang or lang == "und":
        return None
    notes.append(
        f"{side} language not given: detected {lang} "
        f"(confidence {float(getattr(guess, 'confidence', 0.0)):.2f}); "
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


# From this many segments (all systems together) fidelity and flags run on a
# process pool, one group of systems per core; below it the pool's start-up
# (~1 s a worker to import the models) costs more than it saves.
PARALLEL_SEGMENTS = 4000


@dataclass
class _Scored:
    """What the metrics and checks modules contributed for a set of systems."""

    fidelity: dict[str, list[float]] | None
    stats: dict[str, dict[str, np.ndarray]] | None
    flags: dict[str, list[Any]] | None
    notes: list[str]
    signatures: dict[str, str]


def _score_group(
    job: tuple[
        dict[str, list[str]],
        list[list[str]] | None,
        list[str] | None,
        str | None,
        str | None,
        int,
        int,
        bool,
        bool,
        int | None,
    ],
) -> _Scored:
    """Fidelity (with reference statistics) and flags for some systems."""
    texts, refs, srcs, src_lang, tgt_lang, seed, bootstrap, want_fid, want_flags, workers = job
    notes: list[str] = []
    sigs: dict[str, str] = {}
    fid, stats = (
        _fidelity(texts, refs, srcs, src_lang, tgt_lang, seed, bootstrap, notes, sigs, workers)
        if want_fid
        else (None, None)
    )
    flags = _flags(texts, srcs, src_lang, tgt_lang, notes) if want_flags else None
    return _Scored(fid, stats, flags, notes, sigs)


def _score_systems(
    texts: dict[str, list[str]],
    refs: list[list[str]] | None,
    srcs: list[str] | None,
    src_lang: str | None,
    tgt_lang: str | None,
    seed: int,
    bootstrap: int,
    want_fid: bool,
    want_flags: bool,
) -> _Scored:
    """``_score_group`` over all systems, split across cores when large."""
    names = list(texts)
    n = len(texts[names[0]])
    cores = min(_usable_cores(), len(names))
    if not (want_fid or want_flags):
        return _Scored(None, None, None, [], {})
    if cores < 2 or n * len(names) < PARALLEL_SEGMENTS:
        return _score_group(
            (texts, refs, srcs, src_lang, tgt_lang, seed, bootstrap, want_fid, want_flags, None)
        )
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    groups = [names[i::cores] for i in range(cores)]
    jobs = [
        (
            {x: texts[x] for x in group},
            refs,
            srcs,
            src_lang,
            tgt_lang,
            seed,
            bootstrap,
            want_fid,
            want_flags,
            1,
        )
        for group in groups
    ]
    # spawn, not fork: safe inside threaded hosts such as Streamlit.
    ctx = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=cores, mp_context=ctx) as pool:
            parts = list(pool.map(_score_group, jobs))
    except (BrokenProcessPool, OSError) as exc:
        # e.g. no room for more processes: the same work, one process.
        serial = _score_group(
            (texts, refs, srcs, src_lang, tgt_lang, seed, bootstrap, want_fid, want_flags, None)
        )
        serial.notes.append(f"process pool unavailable ({type(exc).__name__}); scored serially")
        return serial
    merged = _Scored({}, {}, {}, [], {})
    for part in parts:
        for note in part.notes:
            if note not in merged.notes:
                merged.notes.append(note)
        merged.signatures.update(part.signatures)
        for attr in ("fidelity", "stats", "flags"):
            value, into = getattr(part, attr), getattr(merged, attr)
            if value is None or into is None:
                setattr(merged, attr, None)
            else:
                into.update(value)
    return merged


def _fidelity(
    texts: dict[str, list[str]],
    refs: list[list[str]] | None,
    srcs: list[str] | None,
    src_lang: str | None,
    tgt_lang: str | None,
    seed: int,
    bootstrap: int,
    notes: list[str],
    signatures: dict[str, str],
    workers: int | None = None,
) -> tuple[dict[str, list[float]] | None, dict[str, dict[str, np.ndarray]] | None]:
    """Per-segment fidelity (0..100) per system from ``transcheck.metrics``,
    and the reference statistics it computed on the way.

    All systems are scored in one ``score_corpus`` call over the joined
    segments (fidelity is per segment, so this equals one call per system,
    but statistics are extracted once, on the process pool when large).
    Returns (None, None) with a note when the metrics module is missing or
    cannot score these inputs.
    """
    if refs is None and srcs is None:
        notes.append("fidelity needs a reference or a source")
        return None, None
    try:
        from transcheck.metrics import score_corpus
    except ImportError:
        notes.append("fidelity unavailable: transcheck.metrics.score_corpus is not installed")
        return None, None
    names = list(texts)
    k = len(names)
    n = len(texts[names[0]])
    joined = [h for name in names for h in texts[name]]
    try:
        result = score_corpus(
            joined,
            [stream * k for stream in refs] if refs else None,
            srcs * k if srcs is not None else None,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            seed=seed,
            bootstrap=0,
            workers=workers,
        )
    except TranscheckError as exc:
        # Inputs were validated already: this is the metrics module's own
        # configuration (e.g. its weights file), so compare without it.
        notes.append(f"fidelity unavailable: {exc}")
        return None, None
    values = [s.fidelity for s in result.segments]
    if len(values) != len(joined) or any(v is None for v in values):
        notes.append("fidelity unavailable: the metrics module returned no fidelity")
        return None, None
    out = {
        name: [float(v) for v in values[j * n : (j + 1) * n] if v is not None]
        for j, name in enumerate(names)
    }
    sig = result.signatures.get("fidelity") if isinstance(result.signatures, Mapping) else None
    if sig:
        signatures["fidelity"] = str(sig).replace("|bootstrap:0|", f"|bootstrap:{bootstrap}|")
    stats = getattr(result, "stats", None)
    if not isinstance(stats, Mapping) or not stats:
        return out, None
    per_system = {
        name: {m: np.asarray(arr)[j * n : (j + 1) * n] for m, arr in stats.items()}
        for j, name in enumerate(names)
    }
    return out, per_system


def _flags(
    texts: dict[str, list[str]],
    srcs: list[str] | None,
    src_lang: str | None,
    tgt_lang: str | None,
    notes: list[str],
) -> dict[str, list[Any]] | None:
    """Per-system, per-segment ``SegmentFlags`` from ``transcheck.checks``."""
    try:
        from transcheck.checks import flag_segments
    except ImportError:
        notes.append("flags unavailable: transcheck.checks.flag_segments is not installed")
        return None
    out: dict[str, list[Any]] = {}
    try:
        for name, hyps in texts.items():
            out[name] = list(
                flag_segments(hyps, lang=tgt_lang or "en", sources=srcs, src_lang=src_lang)
            )
    except TranscheckError as exc:
        # Our inputs were validated already, so this is the checks module's
        # own configuration (e.g. a rule pack): compare without flags.
        notes.append(f"flags unavailable: {exc}")
        return None
    return out


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

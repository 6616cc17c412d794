"""Train the fidelity model to rank translations of the same source segment.

    .venv/bin/python bench/train_fidelity.py [--write] [--l2 1.0]

Data: ../shared/data/mqm-ted-dev (zh-en, en-de, with a reference, one rater a
row) and ../shared/data/mqm-news-dev (zh-en, three raters, source only).
Features come from ``transcheck.metrics.fidelity_features``; the embedding cosines
from ``transcheck.embedding`` (cached on disk after the first run).

Objective: pairwise logistic loss over pairs of translations of the same
``seg_id`` (the pair ordered by MQM), each segment weighted equally, L2 on
standardised features; numpy Newton steps. A feature whose weight comes out
with the wrong sign (e.g. TER next to chrF: collinearity) is dropped and the
rest refitted, so explanations stay sensible. Only differences within a
segment enter the loss, so nothing constant per source segment can gain
weight. The ranking score is then mapped to MQM units by one least-squares
line on ``-log(1 - mqm)`` (scale only: order unchanged), and the fixed
domain priors for rare signals (copied source, empty output) apply in those
units.

Weight sets: reference and both are trained on the TED rows (the only ones
with a reference), source on TED and news. Each mode has an
embedding-free set and a ``+embeddings`` set. ``--write`` stores them, with
their training signature and the cross-validated figures, in
src/transcheck/data/fidelity_weights.json. Cross-validation leaves one
document out (4 TED talks, 19 news documents). Exits 0 with a note when
the data is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, SHARED_DATA
from transcheck import __version__
from transcheck.metrics.correlation import kendall_tau_b, pearson
from transcheck.metrics.fidelity_features import (
    MODES,
    build_features,
    embedding_cosines,
    feature_names,
    weights_key,
)
from transcheck.metrics.stats import sentence_scores

# name -> (file under ../shared/data, source language, target language)
DATASETS: dict[str, tuple[str, str, str]] = {
    "ted-zhen": ("mqm-ted-dev/zhen.dev.jsonl", "zh", "en"),
    "ted-ende": ("mqm-ted-dev/ende.dev.jsonl", "en", "de"),
    "news-zhen": ("mqm-news-dev/zhen.sxs.dev.jsonl", "zh", "en"),
}
WEIGHTS = ROOT / "src" / "transcheck" / "data" / "fidelity_weights.json"
DEFAULT_L2 = 1.0

# Expected sign of each weight (+1: higher is better, -1: higher is worse,
# 0: either). Unlisted features are penalties (-1).
SIGNS: dict[str, int] = {
    "chrf": 1,
    "bleu": 1,
    "chrf++": 1,
    "function_words": 1,
    "ref_cosine": 1,
    "src_cosine": 1,
    "hyp_probe": 1,
    "ref_len_ratio": 0,
    "src_len_ratio": 0,
}
# Domain priors, in target units (-log(1 - mqm)) per unit of the raw
# feature, for signals too rare in the dev rows to be fitted (copied source,
# empty output, broken placeholders): each weight is at least this negative.
# Not tuned on dev. A major accuracy error (MQM -5) moves the target of a
# clean segment by about -1.8.
PRIORS: dict[str, float] = {
    "src_untranslated": -2.0,
    "src_empty": -3.0,
    "wrong_language": -2.0,
    "src_protected": -0.5,
    "src_numbers": -0.5,
    "ref_numbers": -0.5,
    "repetition": -0.2,
    # Names stay weak: capitalised common nouns ("Big Bang" -> "Urknall")
    # make the name check noisy on English sources.
    "src_names": -0.15,
}


@dataclass
class Dataset:
    name: str
    rows: list[dict]
    src_lang: str
    tgt_lang: str
    has_ref: bool
    names: tuple[str, ...]
    x: np.ndarray  # every feature of the widest mode (both, or source), with embeddings
    mqm: np.ndarray
    systems: np.ndarray
    docs: np.ndarray
    groups: np.ndarray  # one id per source segment
    hyp_vectors: np.ndarray | None = None  # e5 embeddings of the hypotheses (the probe)

    def columns(self, mode: str, embeddings: bool) -> tuple[tuple[str, ...], np.ndarray]:
        names = feature_names(mode, embeddings)
        index = [self.names.index(n) for n in names]
        return names, self.x[:, index]


def available_datasets() -> list[str]:
    return [name for name, (path, _, _) in DATASETS.items() if (SHARED_DATA / path).is_file()]


def load_dataset(name: str, *, embeddings: bool = True) -> Dataset:
    path, src_lang, tgt_lang = DATASETS[name]
    with open(SHARED_DATA / path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    has_ref = all("ref" in r for r in rows)
    hyps = [r["hyp"] for r in rows]
    srcs = [r["source"] for r in rows]
    refs = [[r["ref"] for r in rows]] if has_ref else None
    scores = sentence_scores(hyps, refs, tgt_lang=tgt_lang)[0] if refs else None
    cosines = None
    vectors = None
    if embeddings:
        from transcheck.embedding import embed

        cosines = embedding_cosines(hyps, srcs=srcs, ref_streams=refs)
        vectors = embed(hyps).astype(np.float64)
    _, names, x, _ = build_features(
        hyps, srcs=srcs, src_lang=src_lang, tgt_lang=tgt_lang, cosines=cosines
    )
    if refs:
        # Both mode for the reference columns; the source mode's columns are
        # a superset of both mode's source ones.
        _, ref_names, ref_x, _ = build_features(
            hyps,
            ref_streams=refs,
            ref_scores=scores,
            srcs=srcs,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            cosines=cosines,
        )
        extra = [i for i, n in enumerate(ref_names) if n not in names]
        names = names + tuple(ref_names[i] for i in extra)
        x = np.hstack([x, ref_x[:, extra]])
    seg_keys = [f"{r['doc']}\t{r['seg_id']}" for r in rows]
    index = {k: i for i, k in enumerate(dict.fromkeys(seg_keys))}
    return Dataset(
        name,
        rows,
        src_lang,
        tgt_lang,
        has_ref,
        names,
        x,
        np.array([r["mqm"] for r in rows], dtype=np.float64),
        np.array([r["system"] for r in rows]),
        np.array([f"{name}:{r['doc']}" for r in rows]),
        np.array([index[k] for k in seg_keys]),
        vectors,
    )


def target(mqm: np.ndarray) -> np.ndarray:
    return -np.log1p(-np.minimum(mqm, 0.0))


def segment_pairs(groups: np.ndarray, mqm: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(better, worse, weight): every pair of rows of one segment with different
    MQM; each segment's pairs sum to weight 1 (segments count equally, as in
    item tau)."""
    better, worse, weight = [], [], []
    order = np.argsort(groups, kind="stable")
    bounds = np.flatnonzero(np.diff(groups[order])) + 1
    for idx in np.split(order, bounds):
        a, b = np.triu_indices(len(idx), 1)
        i, j = idx[a], idx[b]
        diff = mqm[i] - mqm[j]
        keep = diff != 0
        if not keep.any():
            continue
        i, j, diff = i[keep], j[keep], diff[keep]
        better.append(np.where(diff > 0, i, j))
        worse.append(np.where(diff > 0, j, i))
        weight.append(np.full(len(i), 1.0 / len(i)))
    if not better:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(better), np.concatenate(worse), np.concatenate(weight)


def _newton(d: np.ndarray, w: np.ndarray, l2: float, iters: int = 30) -> np.ndarray:
    """Minimise sum w log(1 + exp(-d @ beta)) + l2/2 |beta|^2 (d: pair differences)."""
    beta = np.zeros(d.shape[1])
    scale = w.sum()
    for _ in range(iters):
        margin = d @ beta
        p = 1.0 / (1.0 + np.exp(margin))  # = sigmoid(-margin)
        grad = -(d * (w * p)[:, None]).sum(axis=0) + l2 * scale / 100.0 * beta
        hess = (d * (w * p * (1 - p))[:, None]).T @ d + l2 * scale / 100.0 * np.eye(d.shape[1])
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def fit(
    x: np.ndarray, mqm: np.ndarray, groups: np.ndarray, names: tuple[str, ...], l2: float
) -> dict[str, object]:
    """Pairwise-ranking weights, scaled to MQM units, with priors applied."""
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    constant = std < 1e-9
    mean[constant] = 0.0  # never seen in training: a prior acts on raw values
    std[constant] = 1.0
    z = (x - mean) / std
    better, worse, weight = segment_pairs(groups, mqm)
    d = z[better] - z[worse]
    signs = np.array([SIGNS.get(n, -1) for n in names])
    active = ~constant
    beta = np.zeros(len(names))
    for _ in range(len(names)):
        cols = np.flatnonzero(active)
        beta[:] = 0.0
        if len(cols) and len(d):
            beta[cols] = _newton(d[:, cols], weight, l2)
        wrong = active & (beta * signs < 0)
        if not wrong.any():
            break
        active &= ~wrong
    # Scale to MQM units: the least-squares slope of the target on the score
    # within segments (both centred per segment), since the score measures
    # differences between translations of one source, not source difficulty.
    score = z @ beta
    y = target(mqm)
    sc, yc = _centred(score, groups), _centred(y, groups)
    slope = float((sc * yc).sum() / (sc * sc).sum()) if (sc * sc).sum() > 0 else 0.0
    slope = max(slope, 1e-3)
    weights = beta * slope
    intercept = float(y.mean() - slope * score.mean())
    for j, name in enumerate(names):
        prior = PRIORS.get(name)
        if prior is not None and weights[j] / std[j] > prior:
            weights[j] = prior * std[j]
    return {"mean": mean, "std": std, "weights": weights, "intercept": intercept}


PROBE = "hyp_probe"
# Ridge on the 384 probe weights (relative to the summed pair weights):
# leave-one-document-out figures were flat from 1e2 to 3e4, so strong.
PROBE_L2 = 1000.0


def fit_probe(
    vectors: np.ndarray, mqm: np.ndarray, groups: np.ndarray
) -> tuple[np.ndarray, float]:
    """(w, b): the direction in hypothesis-embedding space that ranks the
    translations of one segment as MQM does (pairwise logistic, standardised
    dimensions); ``vectors @ w + b`` is the ``hyp_probe`` feature."""
    mean = vectors.mean(axis=0)
    std = vectors.std(axis=0) + 1e-9
    better, worse, weight = segment_pairs(groups, mqm)
    z = (vectors - mean) / std
    beta = _newton(z[better] - z[worse], weight, PROBE_L2, iters=25)
    return beta / std, float(-(mean / std) @ beta)


def _with_probe(
    names: tuple[str, ...], x: np.ndarray, vectors: np.ndarray | None, probe: tuple | None
) -> np.ndarray:
    """``x`` with its probe column recomputed from ``probe`` (fitted on the
    training rows only, so CV never sees the held-out document)."""
    if PROBE not in names or vectors is None or probe is None:
        return x
    x = x.copy()
    x[:, names.index(PROBE)] = vectors @ probe[0] + probe[1]
    return x


def _centred(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """``values`` minus the mean of their group."""
    _, inverse = np.unique(groups, return_inverse=True)
    sums = np.bincount(inverse, weights=values)
    counts = np.bincount(inverse)
    return values - (sums / counts)[inverse]


def predict(model: dict, x: np.ndarray) -> np.ndarray:
    z = (x - model["mean"]) / model["std"]
    return model["intercept"] + (z * model["weights"]).sum(axis=-1)


def calibration() -> dict[str, float]:
    """The 0..100 map: a predicted target 0 (no error) -> 95, one major error
    (MQM -5, target -log 6) -> 50."""
    beta = float(np.log(0.95 / 0.05))
    alpha = beta / float(np.log1p(5.0))
    return {"alpha": round(alpha, 6), "beta": round(beta, 6)}


# ---- evaluation -------------------------------------------------------------


def item_tau(metric: np.ndarray, mqm: np.ndarray, groups: np.ndarray) -> float:
    """Mean over source segments of Kendall tau-b (metric vs MQM over systems);
    segments with constant MQM are skipped, a constant metric counts 0."""
    taus = []
    for g in np.unique(groups):
        idx = groups == g
        if np.ptp(mqm[idx]) == 0:
            continue
        tau = kendall_tau_b(metric[idx], mqm[idx])
        taus.append(0.0 if tau != tau else tau)
    return float(np.mean(taus)) if taus else float("nan")


def system_means(systems: np.ndarray, values: np.ndarray) -> np.ndarray:
    names = sorted(set(systems.tolist()))
    return np.array([values[systems == n].mean() for n in names])


def pairwise_accuracy(systems: np.ndarray, metric: np.ndarray, mqm: np.ndarray) -> float:
    """Share of system pairs ordered as MQM orders them (metric ties: half)."""
    m, h = system_means(systems, metric), system_means(systems, mqm)
    a, b = np.triu_indices(len(m), 1)
    dh = np.sign(h[a] - h[b])
    dm = np.sign(m[a] - m[b])
    keep = dh != 0
    agree = np.where(dm[keep] == 0, 0.5, (dm[keep] == dh[keep]).astype(float))
    return float(agree.mean()) if keep.any() else float("nan")


def corpus_chrf_pairwise(ds: Dataset) -> float:
    """System pairwise accuracy of corpus chrF, the score ``compare`` ranks by.

    A system's corpus chrF (sacrebleu's corpus statistics over all its
    segments) is not the mean of its sentence chrF; ``compare`` ranks by the
    corpus figure, so its ranking rule needs this one too.
    """
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    by_system: dict[str, tuple[list[str], list[str]]] = {}
    for row, system in zip(ds.rows, ds.systems.tolist(), strict=True):
        hyps, refs = by_system.setdefault(system, ([], []))
        hyps.append(row["hyp"])
        refs.append(row["ref"])
    score = {name: chrf.corpus_score(h, [r]).score for name, (h, r) in by_system.items()}
    per_row = np.array([score[s] for s in ds.systems.tolist()])
    return pairwise_accuracy(ds.systems, per_row, ds.mqm)


def corpus_fidelity_pairwise(ds: Dataset, mode: str) -> float:
    """System pairwise accuracy of the corpus fidelity ``compare`` ranks by.

    Scored with the packaged weights as ``transcheck score`` scores (the mean
    of segment fidelity, rule-fixed segments included, embeddings off), so it
    is in-sample for the weights but it is the figure compare's order has;
    the CV figures of ``evaluation`` rank the linear predictor instead.
    """
    from transcheck.metrics import score_corpus

    by_system: dict[str, list[dict]] = {}
    for row, system in zip(ds.rows, ds.systems.tolist(), strict=True):
        by_system.setdefault(system, []).append(row)
    score = {}
    for name, rows in by_system.items():
        result = score_corpus(
            [r["hyp"] for r in rows], [[r["ref"] for r in rows]],
            [r["source"] for r in rows] if mode == "both" else None,
            src_lang=ds.src_lang, tgt_lang=ds.tgt_lang, bootstrap=0, embeddings="off",
        )  # fmt: skip
        score[name] = result.corpus["fidelity"]
    per_row = np.array([score[s] for s in ds.systems.tolist()])
    return pairwise_accuracy(ds.systems, per_row, ds.mqm)


def baselines(datasets: dict[str, Dataset]) -> dict[str, dict[str, dict[str, float]]]:
    """chrF's figures on the reference sets (sentence chrF, the feature, and
    corpus chrF) and the corpus fidelity's, per mode: what compare ranks by."""
    return {
        dname: {
            "chrf": {k: round(v, 4) for k, v in evaluate(d, d.x[:, d.names.index("chrf")]).items()},
            "chrf_corpus": {"pairwise": round(corpus_chrf_pairwise(d), 4)},
            "fidelity_corpus": {
                mode: round(corpus_fidelity_pairwise(d, mode), 4) for mode in ("reference", "both")
            },
        }
        for dname, d in datasets.items()
        if d.has_ref
    }


def evaluate(ds: Dataset, metric: np.ndarray) -> dict[str, float]:
    return {
        "item_tau": item_tau(metric, ds.mqm, ds.groups),
        "pairwise": pairwise_accuracy(ds.systems, metric, ds.mqm),
        "sys_r": pearson(system_means(ds.systems, metric), system_means(ds.systems, ds.mqm)),
        "global_tau": kendall_tau_b(metric, ds.mqm),
    }


def training_sets(mode: str, datasets: dict[str, Dataset]) -> list[Dataset]:
    """Reference and both need a reference (TED); source trains on every set."""
    return [d for d in datasets.values() if d.has_ref or mode == "source"]


def cross_validated(
    mode: str, embeddings: bool, datasets: dict[str, Dataset], l2: float
) -> dict[str, np.ndarray]:
    """Leave-one-document-out predictions of each training set, per dataset."""
    train = training_sets(mode, datasets)
    parts = [d.columns(mode, embeddings) for d in train]
    names = parts[0][0]
    x = np.vstack([p[1] for p in parts])
    mqm = np.concatenate([d.mqm for d in train])
    docs = np.concatenate([d.docs for d in train])
    offsets = np.cumsum([0] + [int(d.groups.max()) + 1 for d in train])
    groups = np.concatenate([d.groups + offsets[k] for k, d in enumerate(train)])
    vectors = _vectors(train) if PROBE in names else None
    pred = np.empty(len(mqm))
    for doc in np.unique(docs):
        test = docs == doc
        xf = x
        if vectors is not None:
            probe = fit_probe(vectors[~test], mqm[~test], groups[~test])
            xf = _with_probe(names, x, vectors, probe)
        model = fit(xf[~test], mqm[~test], groups[~test], names, l2)
        pred[test] = predict(model, xf[test])
    out = {}
    start = 0
    for d in train:
        out[d.name] = pred[start : start + len(d.rows)]
        start += len(d.rows)
    return out


def fit_all(
    mode: str, embeddings: bool, datasets: dict[str, Dataset], l2: float
) -> tuple[tuple[str, ...], dict]:
    train = training_sets(mode, datasets)
    parts = [d.columns(mode, embeddings) for d in train]
    names = parts[0][0]
    x = np.vstack([p[1] for p in parts])
    mqm = np.concatenate([d.mqm for d in train])
    offsets = np.cumsum([0] + [int(d.groups.max()) + 1 for d in train])
    groups = np.concatenate([d.groups + offsets[k] for k, d in enumerate(train)])
    vectors = _vectors(train) if PROBE in names else None
    probe = fit_probe(vectors, mqm, groups) if vectors is not None else None
    model = fit(_with_probe(names, x, vectors, probe), mqm, groups, names, l2)
    model["probe"] = probe
    return names, model


def _vectors(train: list[Dataset]) -> np.ndarray | None:
    if any(d.hyp_vectors is None for d in train):
        return None
    return np.vstack([d.hyp_vectors for d in train])  # type: ignore[misc]


def load_all(embeddings: bool = True) -> dict[str, Dataset]:
    return {name: load_dataset(name, embeddings=embeddings) for name in available_datasets()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write the packaged weights")
    parser.add_argument("--l2", type=float, default=DEFAULT_L2, help="L2 strength")
    parser.add_argument(
        "--no-embeddings", action="store_true", help="embedding-free weight sets only"
    )
    parser.add_argument(
        "--baselines-only", action="store_true",
        help="recompute only chrF's figures in the packaged weights (no retraining)",
    )
    args = parser.parse_args()
    names_present = available_datasets()
    if not names_present:
        print(f"skipped: no MQM dev data under {SHARED_DATA}", file=sys.stderr)
        return 0
    if args.baselines_only:
        weights = json.loads(WEIGHTS.read_text(encoding="utf-8"))
        weights["baselines"] = baselines(load_all(embeddings=False))
        WEIGHTS.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(weights["baselines"], indent=1))
        return 0
    datasets = load_all(embeddings=not args.no_embeddings)
    digest = hashlib.sha256()
    for name in names_present:
        digest.update((SHARED_DATA / DATASETS[name][0]).read_bytes())
    result: dict[str, object] = {
        "signature": {
            "name": "transcheck-fidelity",
            "version": __version__,
            "data": "mqm-ted-dev (zhen+ende) + mqm-news-dev (zhen, source mode)",
            "data_sha256": digest.hexdigest()[:16],
            "target": "pairwise order of mqm within seg_id; scale: -log(1-mqm)",
            "model": f"pairwise logistic, l2={args.l2}, standardised features",
            "embeddings": "multilingual-e5-small cosine (src_cosine, ref_cosine)",
            "trained": time.strftime("%Y-%m-%d"),
        },
        "modes": {},
        "evaluation": {},
    }
    for mode in MODES:
        for emb in (False,) if args.no_embeddings else (False, True):
            key = weights_key(mode, emb)
            names, model = fit_all(mode, emb, datasets, args.l2)
            cv = cross_validated(mode, emb, datasets, args.l2)
            print(f"{key}")
            for name, w, s in zip(names, model["weights"], model["std"], strict=True):
                print(f"  {name:18s} {w / s:+.4f} per unit")
            evaluation = {}
            for dname, pred in cv.items():
                ev = evaluate(datasets[dname], pred)
                evaluation[dname] = {k: round(v, 4) for k, v in ev.items()}
                print(
                    f"  {dname}: CV item tau {ev['item_tau']:.3f} pairwise {ev['pairwise']:.3f} "
                    f"sys r {ev['sys_r']:.3f} global tau {ev['global_tau']:.3f}"
                )
            result["modes"][key] = {  # type: ignore[index]
                "features": list(names),
                "mean": [round(float(v), 6) for v in model["mean"]],
                "std": [round(float(v), 6) for v in model["std"]],
                "weights": [round(float(v), 6) for v in model["weights"]],
                "intercept": round(float(model["intercept"]), 6),
                "calibration": calibration(),
            }
            result["evaluation"][key] = evaluation  # type: ignore[index]
            if model.get("probe") is not None:
                w, b = model["probe"]
                result.setdefault("probes", {})[key] = {  # type: ignore[union-attr]
                    "w": [round(float(v), 6) for v in w],
                    "b": round(b, 6),
                }
    # chrF's figures on the same rows: compare ranks by fidelity in a mode
    # only where fidelity orders the dev systems at least as well as chrF
    # (transcheck.compare.ranking reads both from the weights file).
    result["baselines"] = baselines(datasets)
    if args.write:
        WEIGHTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

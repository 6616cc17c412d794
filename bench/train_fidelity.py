"""Fit the fidelity model to MQM on ../shared/data/mqm-ted-dev.

    .venv/bin/python bench/train_fidelity.py [--write] [--ridge 3.0]

Features come from ``transcheck.metrics.features`` (reference, source and
both modes). Target: ``-log(1 - mqm)`` (0 = perfect, compresses the -25
non-translation outliers). Model: ridge regression on standardised features,
one weight set per mode, pooled over both language pairs so it is not tied to
one pair.

Honest estimate: leave-one-talk-out cross-validation over the four dev talks
(two per pair) -- each talk is predicted by a model fitted on the other three
-- and in-sample numbers, both printed. ``--write`` stores the weights fitted
on all rows, with their training signature, in
src/transcheck/data/fidelity_weights.json. Exits 0 with a note when the data
is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import ROOT, shared_data_or_skip
from transcheck import __version__
from transcheck.metrics.correlation import kendall_tau_b, system_pearson
from transcheck.metrics.features import MODES, build_features
from transcheck.metrics.stats import sentence_scores

PAIRS = {"zhen": ("zh", "en"), "ende": ("en", "de")}
DEFAULT_RIDGE = 3.0
WEIGHTS = ROOT / "src" / "transcheck" / "data" / "fidelity_weights.json"


def load_rows(data: Path) -> dict[str, list[dict]]:
    rows = {}
    for pair in PAIRS:
        with open(data / f"{pair}.dev.jsonl", encoding="utf-8") as handle:
            rows[pair] = [json.loads(line) for line in handle if line.strip()]
    return rows


def features_for(rows: list[dict], pair: str, mode: str) -> tuple[tuple[str, ...], np.ndarray]:
    src_lang, tgt_lang = PAIRS[pair]
    hyps = [r["hyp"] for r in rows]
    refs = [[r["ref"] for r in rows]] if mode in {"reference", "both"} else None
    srcs = [r["source"] for r in rows] if mode in {"source", "both"} else None
    scores = sentence_scores(hyps, refs, tgt_lang=tgt_lang)[0] if refs else None
    _, names, x, _ = build_features(
        hyps, ref_streams=refs, ref_scores=scores, srcs=srcs, src_lang=src_lang, tgt_lang=tgt_lang
    )
    return names, x


def target(mqm: np.ndarray) -> np.ndarray:
    return -np.log1p(-np.minimum(mqm, 0.0))


# Expected sign of each feature's weight (+1: higher is better). A fitted
# weight of the wrong sign is a collinearity artefact (e.g. TER next to chrF)
# that would make explanations absurd, so that feature is dropped and the
# rest refitted.
SIGNS: dict[str, int] = {"chrf": 1, "bleu": 1, "chrf++": 1, "function_words": 1}
# Domain priors, in target units per unit of the raw feature, for signals too
# rare in the dev data to be fitted (copied source, empty output, broken
# placeholders): each weight is at least this negative. Not tuned on dev.
# Magnitudes follow MQM weights: a major accuracy error (-5) moves the
# target -log(1 - mqm) of a clean segment by about -1.8; a wrong number or a
# dropped name is such an error, a doubled-length segment likely one too.
# Names stay weak: capitalised common nouns ("Big Bang" -> "Urknall") make
# the name check noisy on English sources.
# No prior for length against the *reference*: human references merge,
# split and restructure clauses, so on the dev rows a length mismatch with the
# reference says nothing about MQM (flagged rows: zhen -2.02 vs -2.20
# overall, ende -0.92 vs -1.56) and the forced weight cost CV system r. The
# data still fits it (weight 0 on the dev rows, sign-constrained). Numbers
# against the reference count only substitutions (signals.changed_numbers):
# references spell numbers out or convert units, which the former
# missing-or-added count penalised (76 dev rows, average MQM).
PRIORS: dict[str, float] = {
    "src_untranslated": -2.0,
    "src_empty": -3.0,
    "src_protected": -0.5,
    "src_numbers": -0.5,
    "ref_numbers": -0.25,
    "src_names": -0.15,
    "src_length": -0.8,
    "repetition": -0.2,
}


def fit(
    x: np.ndarray, y: np.ndarray, ridge: float, names: tuple[str, ...]
) -> dict[str, np.ndarray | float]:
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    constant = std < 1e-9
    mean[constant] = 0.0  # never seen in training: the prior acts on raw values
    std[constant] = 1.0
    z = (x - mean) / std
    active = np.array([not c for c in constant])
    weights = np.zeros(z.shape[1])
    signs = np.array([SIGNS.get(name, -1) for name in names])
    for _ in range(len(names)):
        cols = np.flatnonzero(active)
        zc = z[:, cols]
        gram = zc.T @ zc + ridge * len(y) / 100.0 * np.eye(len(cols))
        weights[:] = 0.0
        weights[cols] = np.linalg.solve(gram, zc.T @ (y - y.mean()))
        wrong = active & (weights * signs < 0)
        if not wrong.any():
            break
        active &= ~wrong
        weights[wrong] = 0.0
    for j, name in enumerate(names):
        prior = PRIORS.get(name)
        if prior is not None and weights[j] / std[j] > prior:
            weights[j] = prior * std[j]
    return {"mean": mean, "std": std, "weights": weights, "intercept": float(y.mean())}


def calibration(pred: np.ndarray) -> dict[str, float]:
    """Anchor the 0..100 scale on MQM, not on the spread of predictions.

    A predicted target of 0 (no error) maps to 95 and -log(6) (one major
    error, MQM -5) to 50, so a signal's prior weight keeps its MQM meaning.
    ``pred`` is unused but kept so the calibration is one place to change.
    """
    del pred
    beta = float(np.log(0.95 / 0.05))
    alpha = beta / float(np.log1p(5.0))
    return {"alpha": round(alpha, 6), "beta": round(beta, 6)}


def predict(model: dict, x: np.ndarray) -> np.ndarray:
    return model["intercept"] + ((x - model["mean"]) / model["std"]) @ model["weights"]


def evaluate(
    pred: np.ndarray, mqm: np.ndarray, systems: list[str], pairs: np.ndarray
) -> dict[str, tuple[float, float]]:
    out = {}
    for pair in PAIRS:
        mask = pairs == pair
        sys_names = [s for s, m in zip(systems, mask, strict=True) if m]
        out[pair] = (
            kendall_tau_b(pred[mask], mqm[mask]),
            system_pearson(sys_names, pred[mask], mqm[mask]),
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write the packaged weights")
    parser.add_argument("--ridge", type=float, default=DEFAULT_RIDGE, help="ridge strength")
    args = parser.parse_args()
    data = shared_data_or_skip("mqm-ted-dev")
    rows = load_rows(data)
    all_rows = [r for pair in PAIRS for r in rows[pair]]
    mqm = np.array([r["mqm"] for r in all_rows], dtype=np.float64)
    y = target(mqm)
    talks = np.array([f"{pair}:{r['doc']}" for pair in PAIRS for r in rows[pair]])
    pairs = np.array([pair for pair in PAIRS for _ in rows[pair]])
    systems = [f"{r['system']}" for r in all_rows]
    digest = hashlib.sha256()
    for pair in PAIRS:
        digest.update((data / f"{pair}.dev.jsonl").read_bytes())
    result: dict[str, object] = {
        "signature": {
            "name": "transcheck-fidelity",
            "version": __version__,
            "data": "mqm-ted-dev (zhen+ende)",
            "data_sha256": digest.hexdigest()[:16],
            "target": "-log(1-mqm)",
            "model": f"ridge({args.ridge}) on standardised features",
            "trained": time.strftime("%Y-%m-%d"),
        },
        "modes": {},
        "evaluation": {},
    }
    for mode in MODES:
        parts = [features_for(rows[pair], pair, mode) for pair in PAIRS]
        names = parts[0][0]
        x = np.vstack([p[1] for p in parts])
        cv = np.empty_like(y)
        for talk in sorted(set(talks)):
            test = talks == talk
            cv[test] = predict(fit(x[~test], y[~test], args.ridge, names), x[test])
        model = fit(x, y, args.ridge, names)
        insample = predict(model, x)
        ev_cv = evaluate(cv, mqm, systems, pairs)
        ev_in = evaluate(insample, mqm, systems, pairs)
        print(f"mode {mode}")
        for name, w in zip(names, model["weights"], strict=True):
            print(f"  {name:18s} {w:+.4f}")
        for pair in PAIRS:
            print(
                f"  {pair}: CV tau {ev_cv[pair][0]:.3f} sys r {ev_cv[pair][1]:.3f} | "
                f"in-sample tau {ev_in[pair][0]:.3f} sys r {ev_in[pair][1]:.3f}"
            )
        result["modes"][mode] = {  # type: ignore[index]
            "features": list(names),
            "mean": [round(float(v), 6) for v in model["mean"]],
            "std": [round(float(v), 6) for v in model["std"]],
            "weights": [round(float(v), 6) for v in model["weights"]],
            "intercept": round(float(model["intercept"]), 6),
            "calibration": calibration(insample),
        }
        result["evaluation"][mode] = {  # type: ignore[index]
            pair: {
                "cv_tau": round(ev_cv[pair][0], 4),
                "cv_sys_r": round(ev_cv[pair][1], 4),
                "in_tau": round(ev_in[pair][0], 4),
                "in_sys_r": round(ev_in[pair][1], 4),
            }
            for pair in PAIRS
        }
    if args.write:
        WEIGHTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

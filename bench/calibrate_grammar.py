"""Fit the slow awkwardness model (``--grammar on``) on the three-rater news dev set.

Rows: ../shared/data/mqm-news-dev/zhen.sxs.dev.jsonl; label: at least two of
the three raters marked ``Style/Unnatural or awkward`` (``awkward`` >= 2/3).
Features: :data:`transcheck.checks.grammar_model.HAND_FEATURES` (Link
Grammar, Zipf statistics, length) and the 384-d hypothesis embedding.
Model: L2 logistic regression (numpy, Newton steps), scored by
leave-one-document-out CV; reported next to hypothesis length, pooled and
within the four quartiles of hypothesis length (so length cannot carry it).
TED zh-en dev (``Style/Awkward`` labels) is the second check: the model
fitted on all news rows, applied unchanged. Also: character precision of
the ``grammar_unlinked`` spans against the raters' Style/Fluency spans.

Usage: .venv/bin/python bench/calibrate_grammar.py [--l2 1000] [--cache DIR] [--dry-run]
Writes the "full" model into src/transcheck/data/awkwardness.json (unless
--dry-run) and section "awkwardness-grammar" of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import shared_data_or_skip, table, write_section
from calibrate_awkwardness import fit_logistic, roc_auc
from transcheck.checks import grammar
from transcheck.checks.awkwardness import PARAMS_PATH
from transcheck.checks.grammar_model import HAND_FEATURES, hand_features


def load(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def features(rows: list[dict[str, Any]], cache: Path | None, name: str) -> tuple[np.ndarray, list]:
    """(hand feature matrix, unlinked spans per row), cached by file content hash."""
    digest = hashlib.sha256("".join(r["hyp"] for r in rows).encode()).hexdigest()[:12]
    target = cache / f"grammar-{name}-{digest}.json" if cache else None
    if target and target.is_file():
        data = json.loads(target.read_text())
        return np.array(data["hand"]), data["unlinked"]
    hand, unlinked = [], []
    start = time.perf_counter()
    for i, row in enumerate(rows):
        res = grammar.parse_segment(row["hyp"], "en")
        hand.append(hand_features(row["hyp"], res, "en"))
        unlinked.append([(u.start, u.end) for u in res.unlinked])
        if i % 500 == 0:
            print(f"  {name}: {i}/{len(rows)} parsed, {time.perf_counter() - start:.0f} s")
    if target:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"hand": hand, "unlinked": unlinked}))
    return np.array(hand), unlinked


def predict(model: dict[str, Any], x: np.ndarray) -> np.ndarray:
    z = (x - model["mean"]) / model["std"]
    return (z * model["weights"]).sum(axis=1) + model["bias"]


def cv_and_transfer(
    x: np.ndarray, x_other: np.ndarray, y: np.ndarray, docs: np.ndarray, l2: float
) -> tuple[np.ndarray, np.ndarray]:
    """Leave-one-document-out scores of the rows ``x``, and the scores of
    ``x_other`` (the second check set) by the model fitted on all of ``x``."""
    cv = np.zeros(len(y))
    for doc in np.unique(docs):
        test = docs == doc
        cv[test] = predict(fit_logistic(x[~test], y[~test], l2), x[test])
    return cv, predict(fit_logistic(x, y, l2), x_other)


def within_quartiles(y: np.ndarray, score: np.ndarray, length: np.ndarray) -> float:
    bins = np.digitize(length, np.quantile(length, [0.25, 0.5, 0.75]))
    return float(np.mean([roc_auc(y[bins == b], score[bins == b]) for b in range(4)]))


def extra_features(rows: list[dict[str, Any]]) -> tuple[list[str], np.ndarray]:
    """Bench-only screen: punctuation, repetition, rule-pack hits, length ratio.

    ``len_ratio`` and the flag counts use the source too: they describe the
    translation against its source, not the source alone.
    """
    from calibrate_awkwardness import flag_rows

    results = flag_rows(rows, "en")
    out = []
    for row, res in zip(rows, results, strict=True):
        hyp = row["hyp"]
        words = re.findall(r"\w+", hyp.lower())
        n = max(len(words), 1)
        bigrams = Counter(pairwise(words))
        out.append(
            [
                sum(1 for i, w in enumerate(words) if len(w) > 3 and w in words[max(0, i - 4) : i])
                / n,
                float(sum(c - 1 for c in bigrams.values() if c > 1)),
                float(sum(hyp.count(q) for q in '"“”')),
                len(hyp) / max(len(row["source"]), 1),
                float(sum(1 for f in res.flags if f.category.startswith("Style"))),
                float(sum(1 for f in res.flags if ":" in f.rule)),
            ]
        )
    names = [
        "repeated_word_share",
        "repeated_bigrams",
        "quotes",
        "len_ratio (hyp/src chars)",
        "style_flags",
        "rule_pack_hits",
    ]
    return names, np.array(out, float)


def _word_spans(row: dict[str, Any]) -> list[tuple[str, bool]]:
    """(lowercased word, inside a rater's Style/* span) for each word of the hypothesis."""
    gold: set[int] = set()
    for e in row.get("errors", []):
        if e.get("span") and e["category"].startswith("Style"):
            gold.update(range(*e["span"]))
    return [
        (m.group().lower(), bool(gold & set(range(m.start(), m.end()))))
        for m in re.finditer(r"[A-Za-z']+", row["hyp"])
    ]


def lexical_scores(
    train: list[list[tuple[str, bool]]], test: list[list[tuple[str, bool]]]
) -> np.ndarray:
    """Per test row: words whose smoothed rate inside raters' Style spans (learned on
    ``train``) is over twice the overall rate. A lexical memory of the dev topics."""
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for words in train:
        for w, hit in words:
            total[w] += 1
            inside[w] += hit
    prior = sum(inside.values()) / max(sum(total.values()), 1)
    k = 10.0
    return np.array(
        [
            sum(1 for w, _ in words if (inside[w] + prior * k) / (total[w] + k) > 2 * prior)
            for words in test
        ],
        float,
    )


def doc_means(rows: list[dict[str, Any]], x: np.ndarray) -> np.ndarray:
    """Each row's features averaged over its (system, document): the document context."""
    keys = np.array([r["system"] + "|" + r["doc"] for r in rows])
    out = np.zeros_like(x)
    for key in np.unique(keys):
        mask = keys == key
        out[mask] = x[mask].mean(axis=0)
    return out


def span_precision(rows: list[dict[str, Any]], spans: list) -> tuple[int, float]:
    flagged = hit = count = 0
    for row, row_spans in zip(rows, spans, strict=True):
        gold: set[int] = set()
        for e in row["errors"]:
            if e.get("span") and e["category"].startswith(("Style", "Fluency")):
                gold.update(range(*e["span"]))
        for a, b in row_spans:
            count += 1
            flagged += b - a
            hit += len(gold & set(range(a, b)))
    return count, hit / max(flagged, 1)


def screen(
    news: list[dict[str, Any]],
    ted: list[dict[str, Any]],
    hand: np.ndarray,
    t_hand: np.ndarray,
    emb: np.ndarray,
    y: np.ndarray,
    ty: np.ndarray,
    docs: np.ndarray,
) -> tuple[list[list[str]], list[list[str]]]:
    """Single-feature AUCs and a few candidate models on news (CV by doc) and TED."""
    from transcheck.embedding import embed

    names, extra = extra_features(news)
    _, t_extra = extra_features(ted)
    cos = (emb * embed([r["source"] for r in news])).sum(axis=1)
    t_emb = embed([r["hyp"] for r in ted])
    t_cos = (t_emb * embed([r["source"] for r in ted])).sum(axis=1)
    length, t_length = np.expm1(hand[:, 0]), np.expm1(t_hand[:, 0])
    cols = [*HAND_FEATURES, *names, "src-hyp embedding cosine (negated)"]
    xn = np.column_stack([hand, extra, -cos])
    xt = np.column_stack([t_hand, t_extra, -t_cos])
    screen_rows = [
        [
            name,
            f"{roc_auc(y, xn[:, j]):.3f}",
            f"{within_quartiles(y, xn[:, j], length):.3f}",
            f"{roc_auc(ty, xt[:, j]):.3f}",
            f"{within_quartiles(ty, xt[:, j], t_length):.3f}",
        ]
        for j, name in enumerate(cols)
    ]
    candidates = [
        ("all hand + screen features", xn, xt, 10.0),
        (
            "... + their (system, document) means",
            np.column_stack([xn, doc_means(news, xn)]),
            np.column_stack([xt, doc_means(ted, xt)]),
            10.0,
        ),
        ("embedding alone", emb, t_emb, 300.0),
        (
            "embedding + all features",
            np.column_stack([emb, xn]),
            np.column_stack([t_emb, xt]),
            300.0,
        ),
    ]
    model_rows = []
    spans_n = [_word_spans(r) for r in news]
    lex = np.zeros(len(y))
    for doc in np.unique(docs):
        test = np.where(docs == doc)[0]
        train = [spans_n[i] for i in np.where(docs != doc)[0]]
        lex[test] = lexical_scores(train, [spans_n[i] for i in test])
    t_lex = lexical_scores(spans_n, [_word_spans(r) for r in ted])
    model_rows.append(
        [
            "words often inside raters' Style spans (count; learned per word)",
            f"{roc_auc(y, lex):.3f}",
            f"{within_quartiles(y, lex, length):.3f}",
            f"{roc_auc(ty, t_lex):.3f}",
            f"{within_quartiles(ty, t_lex, t_length):.3f}",
        ]
    )
    for label, a, b, l2 in candidates:
        cv, t_score = cv_and_transfer(a, b, y, docs, l2)
        model_rows.append(
            [
                f"{label} (L2 {l2:g})",
                f"{roc_auc(y, cv):.3f}",
                f"{within_quartiles(y, cv, length):.3f}",
                f"{roc_auc(ty, t_score):.3f}",
                f"{within_quartiles(ty, t_score, t_length):.3f}",
            ]
        )
    return screen_rows, model_rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--l2", type=float, default=1000.0)
    ap.add_argument("--cache", type=Path, help="folder for parsed features (reruns are fast)")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--skip-ted", action="store_true", help="news only (no TED check)")
    args = ap.parse_args()
    news_dir = shared_data_or_skip("mqm-news-dev")
    data = news_dir.parent
    if not grammar.available("en"):
        print(f"skip: {grammar.unavailable_reason('en')}")
        return 0
    from transcheck.embedding import embed

    news = load(data / "mqm-news-dev" / "zhen.sxs.dev.jsonl")
    y = np.array([r["awkward"] >= 0.6 for r in news], int)
    docs = np.array([r["doc"] for r in news])
    hand, unlinked = features(news, args.cache, "news")
    emb = embed([r["hyp"] for r in news])
    x = np.column_stack([emb, hand])
    length = np.expm1(hand[:, 0])
    cv = np.zeros(len(y))
    cv_hand = np.zeros(len(y))
    for doc in np.unique(docs):
        test = docs == doc
        cv[test] = predict(fit_logistic(x[~test], y[~test], args.l2), x[test])
        cv_hand[test] = predict(fit_logistic(hand[~test], y[~test], 10.0), hand[test])
    final = fit_logistic(x, y, args.l2)
    rows_out = [
        [
            "hypothesis length (words)",
            f"{roc_auc(y, length):.3f}",
            f"{within_quartiles(y, length, length):.3f}",
        ],
        [
            "grammar + Zipf features, CV by doc",
            f"{roc_auc(y, cv_hand):.3f}",
            f"{within_quartiles(y, cv_hand, length):.3f}",
        ],
        [
            "embedding + grammar + Zipf, CV by doc",
            f"{roc_auc(y, cv):.3f}",
            f"{within_quartiles(y, cv, length):.3f}",
        ],
    ]
    ted_row: list[str] = []
    ted_path = data / "mqm-ted-dev" / "zhen.dev.jsonl"
    if ted_path.is_file() and not args.skip_ted:
        ted = load(ted_path)
        ty = np.array(
            [any(e["category"] == "Style/Awkward" for e in r["errors"]) for r in ted], int
        )
        t_hand, _ = features(ted, args.cache, "tedzhen")
        t_score = predict(final, np.column_stack([embed([r["hyp"] for r in ted]), t_hand]))
        t_len = np.expm1(t_hand[:, 0])
        ted_row = [f"{roc_auc(ty, t_len):.3f}", f"{roc_auc(ty, t_score):.3f}"]
    screen_rows: list[list[str]] = []
    model_rows: list[list[str]] = []
    if ted_row:
        screen_rows, model_rows = screen(news, ted, hand, t_hand, emb, y, ty, docs)
    count, precision = span_precision(news, unlinked)
    body = [
        f"News zh-en dev, {len(y)} rows, {int(y.sum())} awkward (>= 2 of 3 raters), "
        f"{len(np.unique(docs))} documents; logistic L2 {args.l2:g}; Link Grammar 5.12 (Debian).",
        "",
        table(["model", "ROC AUC", "mean AUC within length quartiles"], rows_out),
        "",
    ]
    if ted_row:
        body += [
            "TED zh-en dev (Style/Awkward; news model applied unchanged): "
            f"length {ted_row[0]}, model {ted_row[1]}.",
            "",
        ]
    if screen_rows:
        body += [
            "Candidate features, one at a time (raw value as the score; news and TED zh-en "
            "dev; within = mean AUC inside the four hypothesis-length quartiles):",
            "",
            table(["feature", "news AUC", "news within", "TED AUC", "TED within"], screen_rows),
            "",
            "Candidate models (news: leave-one-document-out CV; TED: fitted on all news, "
            "applied unchanged):",
            "",
            table(["model", "news AUC", "news within", "TED AUC", "TED within"], model_rows),
            "",
            "Targets (news CV AUC >= 0.75, within length quartiles >= 0.62, TED zh-en >= "
            "0.68): no candidate reaches 0.75 on news or beats length on TED. The document "
            "means (a system's style over the whole document) and the per-word memory of "
            "the raters' Style spans (which words of these news topics they mark, e.g. "
            "'agreement', 'price') are the only candidates over 0.62 within quartiles on "
            "news, and both lose to length on TED (the word memory does not transfer to "
            "other topics), so the slow model ships disabled and the fast score stays the "
            "awkwardness.",
            "",
        ]
    body.append(
        f"`grammar_unlinked` spans on news dev: {count} flags, character precision "
        f"{precision:.3f} against the union of the raters' Style/Fluency spans."
    )
    print("\n".join(body))
    write_section(
        "awkwardness-grammar",
        "Awkwardness with grammar evidence (--grammar on)",
        "\n".join(body),
        "python bench/calibrate_grammar.py",
    )
    if not args.dry_run:
        params = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))
        digest = hashlib.sha256((data / "mqm-news-dev" / "zhen.sxs.dev.jsonl").read_bytes())
        params["full"] = {
            "signature": f"name:awkwardness-grammar|data:mqm-news-dev@{digest.hexdigest()[:12]}"
            f"|label:awkward>=2/3|model:logistic-l2-{args.l2:g}|features:e5-small+linkgrammar",
            "features": list(HAND_FEATURES),
            "models": {
                "en": {
                    "bias": float(final["bias"]),
                    "mean": [float(v) for v in final["mean"]],
                    "std": [float(v) for v in final["std"]],
                    "weights": [float(v) for v in final["weights"]],
                }
            },
            "cv": {
                "auc": round(roc_auc(y, cv), 4),
                "auc_within_length_quartiles": round(within_quartiles(y, cv, length), 4),
            },
        }
        PARAMS_PATH.write_text(json.dumps(params, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {PARAMS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

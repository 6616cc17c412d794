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

Usage: .venv/bin/python bench/calibrate_grammar.py [--l2 300] [--cache DIR] [--dry-run]
Writes the "full" model into src/transcheck/data/awkwardness.json (unless
--dry-run) and section "awkwardness-grammar" of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
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


def within_quartiles(y: np.ndarray, score: np.ndarray, length: np.ndarray) -> float:
    bins = np.digitize(length, np.quantile(length, [0.25, 0.5, 0.75]))
    return float(np.mean([roc_auc(y[bins == b], score[bins == b]) for b in range(4)]))


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--l2", type=float, default=300.0)
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

"""Evaluate `transcheck flag` against MQM annotations in ../shared/data/mqm-ted-dev.

Reports, per direction (zh-en hypotheses are English, en-de German):
- ROC AUC of `awkwardness` for rows with a Style/Awkward error and for rows
  with any Fluency or Style error (in-sample: the shipped parameters were
  fitted on these rows; the talk-level cross-validated numbers come from
  bench/calibrate_awkwardness.py and are quoted next to them);
- character-level precision and recall of flags of Style/Fluency/Locale
  categories against the union of annotated Style/* and Fluency/* spans, per
  flag severity; and of Accuracy flags against Accuracy/* spans;
- per-rule precision for the rules that fired;
- a diagnostic: the AUC a rater-identity oracle would reach (not usable by
  any text feature), which bounds what a text-only score can do here.

Usage: .venv/bin/python bench/flag_eval.py   (writes section "flags" of BENCHMARKS.md)
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import shared_data_or_skip, table, write_section
from calibrate_awkwardness import (
    DIRECTIONS,
    flag_rows,
    labels,
    load_rows,
    roc_auc,
)
from transcheck.checks.awkwardness import PARAMS_PATH

STYLE_FLUENCY = ("Style", "Fluency", "Locale convention")


def gold_chars(row: dict[str, Any], prefixes: tuple[str, ...]) -> set[int]:
    chars: set[int] = set()
    for error in row["errors"]:
        span = error.get("span")
        if span and error["category"].startswith(prefixes):
            chars.update(range(span[0], span[1]))
    return chars


def span_scores(rows: list[dict[str, Any]], results: list[Any]) -> dict[str, Any]:
    """Character-level P/R per (family group, severity) and per rule."""
    hit: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    gold_total: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    rule_hit: Counter[str] = Counter()
    rule_chars: Counter[str] = Counter()
    rule_count: Counter[str] = Counter()
    for row, res in zip(rows, results, strict=True):
        gold_sf = gold_chars(row, ("Style", "Fluency"))
        gold_acc = gold_chars(row, ("Accuracy",))
        predicted: dict[str, set[int]] = defaultdict(set)
        for flag in res.flags:
            if flag.end <= flag.start:
                continue
            chars = set(range(flag.start, flag.end))
            is_acc = flag.category.startswith("Accuracy")
            gold = gold_acc if is_acc else gold_sf
            if not is_acc and not flag.category.startswith(STYLE_FLUENCY):
                gold = gold_sf
            group = ("accuracy" if is_acc else "style/fluency") + f" {flag.severity}"
            predicted[group] |= chars
            if flag.end - flag.start < 0.8 * max(len(res.text), 1):
                # The same flags without segment-wide ones (long_sentence
                # spans a whole sentence: a segment signal, not a span).
                predicted[group + ", local spans"] |= chars
            rule_hit[flag.rule] += len(chars & gold)
            rule_chars[flag.rule] += len(chars)
            rule_count[flag.rule] += 1
        for group, chars in predicted.items():
            gold = gold_acc if group.startswith("accuracy") else gold_sf
            hit[group] += len(chars & gold)
            flagged[group] += len(chars)
        for kind, gold in (("style/fluency", gold_sf), ("accuracy", gold_acc)):
            gold_total[kind] += len(gold)
            union = set().union(
                *(c for g, c in predicted.items() if g.startswith(kind) and "local" not in g)
            )
            covered[kind] += len(union & gold)
    groups = {}
    for group in sorted(flagged):
        kind = group.split(" ", 1)[0]
        groups[group] = {
            "precision": hit[group] / flagged[group] if flagged[group] else float("nan"),
            "recall": hit[group] / gold_total[kind] if gold_total[kind] else float("nan"),
            "chars": flagged[group],
        }
    rules = {
        rule: (rule_count[rule], rule_hit[rule] / rule_chars[rule] if rule_chars[rule] else 0.0)
        for rule in rule_count
    }
    recall = {k: covered[k] / gold_total[k] if gold_total[k] else float("nan") for k in gold_total}
    return {"groups": groups, "rules": rules, "recall_any": recall}


def rater_oracle_auc(rows: list[dict[str, Any]], y: np.ndarray) -> float:
    """AUC of each row's rater's awkward rate (a diagnostic only: rows of one
    rater tie, so this is what knowing the rater alone explains)."""
    by_rater: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_rater[",".join(row.get("raters", []))].append(i)
    score = np.zeros(len(rows))
    for idx in by_rater.values():
        score[idx] = y[idx].mean()
    return roc_auc(y, score)


def main() -> int:
    data = shared_data_or_skip("mqm-ted-dev")
    params = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))
    calib = params.get("calibration", {})
    auc_rows, span_rows, rule_rows = [], [], []
    for name, lang in DIRECTIONS:
        rows = load_rows(data, name)
        results = flag_rows(rows, lang)
        y_awk, y_any = labels(rows)
        awk = np.array([r.awkwardness for r in results])
        length = np.array([len(r.text.split()) for r in results], float)
        cv = calib.get(name, {})
        auc_rows.append(
            [
                name,
                roc_auc(y_awk, length),
                roc_auc(y_awk, awk),
                cv.get("auc_awkward_talk_cv_pooled", float("nan")),
                cv.get("auc_awkward_talk_cv_within", float("nan")),
                roc_auc(y_any, awk),
                cv.get("auc_any_fluency_style_talk_cv_pooled", float("nan")),
                rater_oracle_auc(rows, y_awk),
            ]
        )
        spans = span_scores(rows, results)
        for group, v in spans["groups"].items():
            span_rows.append([name, group, v["chars"], v["precision"], v["recall"]])
        for kind, r in spans["recall_any"].items():
            span_rows.append([name, f"{kind} (all severities)", "", "", r])
        for rule, (count, precision) in sorted(spans["rules"].items(), key=lambda kv: -kv[1][0]):
            rule_rows.append([name, rule, count, precision])
    body = (
        "Data: ../shared/data/mqm-ted-dev (Freitag et al. 2021, TACL; MQM annotations of "
        "WMT 2021 TED talks). Each (system, talk) is flagged as one document with its source.\n\n"
        "### Awkwardness (ROC AUC)\n\n"
        + table(
            [
                "file",
                "length only",
                "Style/Awkward (in-sample)",
                "Style/Awkward (talk CV, pooled)",
                "Style/Awkward (talk CV, within talk)",
                "any Fluency/Style (in-sample)",
                "any Fluency/Style (talk CV)",
                "rater oracle (diagnostic)",
            ],
            auc_rows,
        )
        + "\n\nTarget AUC >= 0.75 (zhen Style/Awkward) is **not met**. Which rows carry "
        "Style/Awkward depends strongly on the rater (zhen: two raters mark ~30% of their rows, "
        "the others ~1%; the rater-oracle column is the AUC of knowing only who rated the "
        "row), and within a segment the 13 systems differ little in ways a text-only score "
        "can see: on these talks it stays near the length baseline. The shipped "
        f"model (`{params.get('signature', '?')}`) fits only "
        f"{', '.join(calib.get('features_fitted', []))} (chosen by talk CV) plus fixed prior "
        "weights for flag counts.\n\n"
        "### Flag spans vs annotated spans (character level)\n\n"
        "style/fluency = flags of Style, Fluency, Locale and Terminology-like categories vs the "
        "union of annotated Style/* and Fluency/* spans; accuracy = Accuracy flags vs "
        "Accuracy/* spans. Recall of a severity row = annotated characters covered by that "
        "severity's flags.\n\n"
        + table(["file", "flags", "flagged chars", "precision", "recall"], span_rows)
        + "\n\n"
        + (
            "No major-severity flag fired on these rows, so the target 'span precision >= 0.5 "
            "for major flags' is untested here (major rules target interference such as "
            "calques and stacked agents, which these MT outputs do not show)."
            if not any("major" in str(row[1]) for row in span_rows)
            else "Major-severity rows are listed above."
        )
        + "\n\n### Rules that fired on dev\n\n"
        + table(["file", "rule", "flags", "char precision"], rule_rows)
    )
    print(body)
    write_section(
        "flags",
        "Flags vs MQM annotations (mqm-ted-dev)",
        body,
        ".venv/bin/python bench/flag_eval.py",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
    group_count: Counter[str] = Counter()
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
            group_count[group] += 1
            if flag.end - flag.start < 0.8 * max(len(res.text), 1):
                # The same flags without segment-wide ones (long_sentence
                # spans a whole sentence: a segment signal, not a span).
                predicted[group + ", local spans"] |= chars
                group_count[group + ", local spans"] += 1
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
            "count": group_count[group],
        }
    rules = {
        rule: (rule_count[rule], rule_hit[rule] / rule_chars[rule] if rule_chars[rule] else 0.0)
        for rule in rule_count
    }
    recall = {k: covered[k] / gold_total[k] if gold_total[k] else float("nan") for k in gold_total}
    return {"groups": groups, "rules": rules, "recall_any": recall}


def major_rows(rows: list[dict[str, Any]], results: list[Any]) -> dict[str, list[int]]:
    """Per rule of major/critical severity: [flags, rows flagged, rows with a
    Major annotated error of the flag's family, rows with any Major error].

    Row level, because omissions have no span on either side (MQM omission
    spans are null; our omission flags are empty spans at the end), so span
    precision cannot see them. Family: Accuracy flags need a Major Accuracy/*
    error; the others a Major error outside Accuracy.
    """
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row, res in zip(rows, results, strict=True):
        majors = [e["category"] for e in row["errors"] if e["severity"] == "Major"]
        seen: set[str] = set()
        for flag in res.flags:
            if flag.severity == "minor":
                continue
            counts = out[flag.rule]
            counts[0] += 1
            if flag.rule in seen:
                continue
            seen.add(flag.rule)
            is_acc = flag.category.startswith("Accuracy")
            counts[1] += 1
            counts[2] += any(c.startswith("Accuracy") == is_acc for c in majors)
            counts[3] += bool(majors)
    return dict(out)


def segment_oracle_auc(rows: list[dict[str, Any]], y: np.ndarray) -> float:
    """AUC of the awkward rate of the *other* systems' rows of the same source
    segment (leave-one-out; a diagnostic only): how far "this sentence is hard
    to translate well" goes, the most any source-side signal could explain."""
    by_segment: dict[tuple[str, Any], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_segment[(row["doc"], row["seg_id"])].append(i)
    score = np.zeros(len(rows))
    for idx in by_segment.values():
        total = y[idx].sum()
        for i in idx:
            score[i] = (total - y[i]) / max(len(idx) - 1, 1)
    return roc_auc(y, score)


def awkward_verdict(auc_rows: list[list[Any]]) -> str:
    """Whether the zhen Style/Awkward target holds, by in-sample and by talk CV."""
    zhen = next((r for r in auc_rows if r[0] == "zhen"), None)
    if zhen is None:
        return "zhen rows missing: the target AUC >= 0.75 is untested."
    in_sample, cv_within = zhen[2], zhen[4]
    met = in_sample >= 0.75 and cv_within >= 0.75
    return (
        f"Target AUC >= 0.75 (zhen Style/Awkward): {'**met**' if met else '**not met**'} "
        f"(in-sample {in_sample:.3f}, talk CV within talk {cv_within:.3f})."
    )


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


def diagnostic_table(calib: dict[str, Any]) -> str:
    """The bench-only candidate features and their within-talk CV AUC."""
    names = [n for n, _ in DIRECTIONS if "diagnostic_within_talk_cv" in calib.get(n, {})]
    if not names:
        return "(not computed: rerun bench/calibrate_awkwardness.py)"
    keys = list(calib[names[0]]["diagnostic_within_talk_cv"])
    return table(
        ["features", *[f"{n} within-talk CV AUC" for n in names]],
        [[k, *(float(calib[n]["diagnostic_within_talk_cv"][k]) for n in names)] for k in keys],
    )


def major_verdict(span_rows: list[list[Any]]) -> str:
    """One honest sentence on the target 'span precision >= 0.5 for major flags'."""
    major = [r for r in span_rows if str(r[1]).endswith(" major")]
    if not major:
        return (
            "No major-severity flag with a span fired on these rows, so the target "
            "'span precision >= 0.5 for major flags' is untested here."
        )
    flags = sum(int(r[2]) for r in major)
    parts = ", ".join(f"{r[0]} {r[1]} {r[4]:.3f} over {r[2]} flags" for r in major)
    met = all(r[4] >= 0.5 for r in major)
    return (
        f"Span precision of major flags: {parts}. Target >= 0.5: "
        + ("**met**" if met else "**not met**")
        + f" on {flags} flags in all, far too few for a stable estimate: one flag more or "
        "less moves it by several points."
    )


def news_block(data: Path) -> str:
    """Span precision per rule and per severity on the three-rater news dev rows.

    Gold = the union of all three raters' Style/* and Fluency/* spans (so a
    flag counts as landing when any rater marked those characters).
    """
    path = data / "mqm-news-dev" / "zhen.sxs.dev.jsonl"
    if not path.is_file():
        return ""
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    results = flag_rows(rows, "en")
    spans = span_scores(rows, results)
    group_rows = [
        [g, v["count"], v["chars"], v["precision"], v["recall"]] for g, v in spans["groups"].items()
    ]
    rule_rows = [
        [rule, count, precision]
        for rule, (count, precision) in sorted(spans["rules"].items(), key=lambda kv: -kv[1][0])
    ]
    major = spans["groups"].get("style/fluency major")
    verdict = (
        "No major flag of family style or fluency fired on these rows: the target "
        "'span precision >= 0.5 over >= 30 major style/fluency flags' is **not met** "
        "(untestable: no rule marked major lands there)."
        if major is None
        else f"Major style/fluency flags: {major['count']} flags, span precision "
        f"{major['precision']:.3f}. Target >= 0.5 over >= 30 flags: "
        + ("**met**" if major["precision"] >= 0.5 and major["count"] >= 30 else "**not met**")
        + "."
    )
    halves = half_rows(rows, results)
    return (
        "\n\n### News zh-en dev (three raters): flag spans\n\n"
        f"{len(rows)} rows ({path.parent.name}); gold = union of the three raters' Style/* "
        "and Fluency/* spans (Accuracy/* for accuracy flags).\n\n"
        + table(["flags", "flag count", "flagged chars", "precision", "recall"], group_rows)
        + "\n\n"
        + verdict
        + "\n\nDoes it generalise? The 19 documents split in two halves (sorted ids, "
        "alternating), major style/fluency flags per half. The rules' constants were set "
        "looking at all dev rows, so the halves are not held-out data; they show whether the "
        "precision rests on the phrases of a few documents (one strong and one weak half). "
        "The 10 systems translate the same segments, so one calqued term counts up to 10 "
        "times in its document:\n\n"
        + table(["half", "documents", "rows", "major flags", "span precision"], halves)
        + "\n\nzh-en:quoted_calque alone, with its two constants changed (shipped: "
        "association < 0.5, names = Title Case with a word under Zipf 4.0): flags and span "
        "precision per half. A flat table means the precision does not hang on the values "
        "chosen on these rows:\n\n"
        + table(
            ["association below", "name Zipf", "flags (1 / 2)", "precision half 1",
             "precision half 2"],
            quoted_sensitivity(rows),
        )
        + "\n\n"
        + table(["rule", "flags", "char precision"], rule_rows)
    )


def quoted_sensitivity(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """quoted_calque per half of the documents under other constants."""
    from transcheck.checks import flag_segments, style

    docs = sorted({r["doc"] for r in rows})
    half = {d: i % 2 for i, d in enumerate(docs)}
    shipped = style.ASSOCIATION_MAX, style.NAME_ZIPF
    out = []
    try:
        for assoc in (-1.0, 0.0, 0.5, float("inf")):
            for name_zipf in (0.0, 4.0):
                style.ASSOCIATION_MAX, style.NAME_ZIPF = assoc, name_zipf
                results = flag_segments(
                    [r["hyp"] for r in rows], lang="en", src_lang="zh",
                    checks=["quoted_calque"], document=False,
                )
                tally = [[0, 0, 0], [0, 0, 0]]  # flags, hit chars, chars
                for row, res in zip(rows, results, strict=True):
                    gold = gold_chars(row, ("Style", "Fluency"))
                    t = tally[half[row["doc"]]]
                    for flag in res.flags:
                        chars = set(range(flag.start, flag.end))
                        t[0] += 1
                        t[1] += len(chars & gold)
                        t[2] += len(chars)
                out.append([
                    assoc, name_zipf, f"{tally[0][0]} / {tally[1][0]}",
                    *(t[1] / t[2] if t[2] else float("nan") for t in tally),
                ])
    finally:
        style.ASSOCIATION_MAX, style.NAME_ZIPF = shipped
    return out


def half_rows(rows: list[dict[str, Any]], results: list[Any]) -> list[list[Any]]:
    """Major style/fluency span precision on each half of the documents."""
    docs = sorted({r["doc"] for r in rows})
    out = []
    for half in (0, 1):
        keep = {d for i, d in enumerate(docs) if i % 2 == half}
        idx = [i for i, r in enumerate(rows) if r["doc"] in keep]
        spans = span_scores([rows[i] for i in idx], [results[i] for i in idx])
        major = spans["groups"].get("style/fluency major", {"count": 0, "precision": float("nan")})
        out.append([half + 1, len(keep), len(idx), major["count"], major["precision"]])
    return out


def main() -> int:
    data = shared_data_or_skip("mqm-ted-dev")
    params = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))
    calib = params.get("calibration", {})
    auc_rows, span_rows, rule_rows, major_table = [], [], [], []
    quoted: dict[str, tuple[int, float]] = {}
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
                segment_oracle_auc(rows, y_awk),
            ]
        )
        spans = span_scores(rows, results)
        quoted[name] = spans["rules"].get("zh-en:quoted_calque", (0, float("nan")))
        for group, v in spans["groups"].items():
            span_rows.append([name, group, v["count"], v["chars"], v["precision"], v["recall"]])
        for kind, r in spans["recall_any"].items():
            span_rows.append([name, f"{kind} (all severities)", "", "", "", r])
        for rule, (count, flagged, same, any_major) in sorted(major_rows(rows, results).items()):
            major_table.append([name, rule, count, flagged, same / flagged, any_major / flagged])
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
                "same-segment oracle (diagnostic)",
            ],
            auc_rows,
        )
        + "\n\n"
        + awkward_verdict(auc_rows)
        + " Which rows carry Style/Awkward depends strongly on the rater (zhen: two raters mark "
        "~30% of their rows, the others ~1%; the rater-oracle column is the AUC of knowing "
        "only who rated the row, which no text feature may use). The same-segment oracle (the "
        "awkward rate of the other 12 systems' outputs of the same source sentence) bounds "
        "what sentence difficulty explains; the rest would have to come from differences "
        "between the systems' outputs of one sentence, which are mostly word choices a "
        "frequency list cannot judge. The shipped "
        f"model (`{params.get('signature', '?')}`) fits only "
        f"{', '.join(calib.get('features_fitted', []))} (chosen by talk CV) plus fixed prior "
        "weights for flag counts.\n\n"
        "Bench-only candidate features tried next to length (logistic fits without flag "
        "priors, within-talk CV AUC; computed by bench/calibrate_awkwardness.py, not shipped "
        "unless they beat length in both directions):\n\n"
        + diagnostic_table(calib)
        + "\n\n### Flag spans vs annotated spans (character level)\n\n"
        "style/fluency = flags of Style, Fluency, Locale and Terminology-like categories vs the "
        "union of annotated Style/* and Fluency/* spans; accuracy = Accuracy flags vs "
        "Accuracy/* spans. Recall of a severity row = annotated characters covered by that "
        "severity's flags.\n\n"
        + table(["file", "flags", "flag count", "flagged chars", "precision", "recall"], span_rows)
        + "\n\nEmpty-span flags (a missing number, a cut-off ending) have no characters and "
        "do not count in this table.\n\n"
        "### Major-severity flags, row level\n\n"
        "Rows where a major (or critical) rule fired: the share that carry an annotated Major "
        "error of the same family (Accuracy for Accuracy flags, else non-Accuracy), and of any "
        "category. Row level also covers empty-span flags such as omissions.\n\n"
        + (
            table(
                [
                    "file",
                    "rule",
                    "flags",
                    "rows",
                    "row precision (same family, Major)",
                    "row precision (any Major)",
                ],
                major_table,
            )
            if major_table
            else "No major-severity flag fired on these rows."
        )
        + "\n\n"
        + major_verdict(span_rows)
        + "\n\nzh-en:quoted_calque (quoted literal calques, news-tuned) on these TED rows: "
        + ", ".join(f"{n} {c} flags" for n, (c, _p) in quoted.items())
        + " (TED talks quote few Chinese slogans; every flag here would be a false one "
        "unless a rater marked it).\n\n### Rules that fired on dev\n\n"
        + table(["file", "rule", "flags", "char precision"], rule_rows)
        + news_block(data.parent)
    )
    print(body)
    write_section(
        "flags",
        "Flags vs MQM annotations (mqm-ted-dev, mqm-news-dev)",
        body,
        ".venv/bin/python bench/flag_eval.py",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

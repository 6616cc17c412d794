"""Measure LibreOffice Lightproof's English rules (Debian ``libreoffice-lightproof-en``).

Lightproof runs inside LibreOffice through UNO; its rules, though, are plain
data (``dic``: regex, suggestion, message, condition, group) in
``lightproof_lightproof_en.py``. This bench loads that list without UNO and
runs the rules that have no condition (conditions call LibreOffice's
spell-checker) over the news zh-en dev hypotheses: rows hit, character
precision against the union of the raters' Style/Fluency spans, and the ROC
AUC of "any hit" for the awkward label (>= 2 of 3 raters).

Usage: .venv/bin/python bench/calibrate_lightproof.py  (writes section
"awkwardness-lightproof" of BENCHMARKS.md; skips without the package or data)
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import shared_data_or_skip, write_section
from calibrate_awkwardness import roc_auc

RULES = Path(
    "/usr/lib/libreoffice/share/extensions/lightproof_en/pythonpath/lightproof_lightproof_en.py"
)


def load_rules() -> tuple[list[tuple[re.Pattern[str], int]], int]:
    """(compiled unconditional rules with their group, number of rules in all)."""
    spec = importlib.util.spec_from_file_location("lightproof_rules_en", RULES)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = []
    for rule in module.dic:
        if rule[3]:  # a condition needs LibreOffice's morphology/spelling
            continue
        pattern = re.sub(r"^\(\?iu\)", "(?iu)", rule[0])
        try:
            out.append((re.compile(pattern), int(rule[4])))
        except re.error:
            continue
    return out, len(module.dic)


def main() -> int:
    data = shared_data_or_skip("mqm-news-dev")
    if not RULES.is_file():
        print("skip: libreoffice-lightproof-en is not installed")
        return 0
    rules, total = load_rules()
    with open(data / "zhen.sxs.dev.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    y = np.array([r["awkward"] >= 0.6 for r in rows], int)
    hits = np.zeros(len(rows))
    flagged = landed = count = 0
    for i, row in enumerate(rows):
        gold: set[int] = set()
        for e in row["errors"]:
            if e.get("span") and e["category"].startswith(("Style", "Fluency")):
                gold.update(range(*e["span"]))
        for pattern, group in rules:
            for m in pattern.finditer(row["hyp"]):
                a, b = m.start(group), m.end(group)
                count += 1
                hits[i] += 1
                flagged += b - a
                landed += len(gold & set(range(a, b)))
    body = (
        f"Rules: {total} in Debian's libreoffice-lightproof-en, {len(rules)} without a "
        "LibreOffice condition run here (no UNO). News zh-en dev, "
        f"{len(rows)} rows, {int(y.sum())} awkward.\n\n"
        f"Hits: {count} on {int((hits > 0).sum())} rows; character precision against the "
        f"raters' Style/Fluency spans {landed / max(flagged, 1):.3f}; ROC AUC of the hit "
        f"count for the awkward label {roc_auc(y, hits):.3f}."
    )
    print(body)
    write_section(
        "awkwardness-lightproof",
        "Lightproof English rules on news dev (measured, not used)",
        body,
        ".venv/bin/python bench/calibrate_lightproof.py",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

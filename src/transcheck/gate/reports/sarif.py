"""SARIF 2.1.0: every flag is a result with its file, line and columns, and
every failed gate is an error result at the file's entry in the manifest.

Columns are Unicode code points, 1-based, ``endColumn`` exclusive, declared
with ``columnKind: unicodeCodePoints``. Known limit: flags in JSONL corpora
only carry a line (a column inside an escaped JSON string does not map to
the file).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from transcheck import __version__
from transcheck.execution.work import FlagRecord
from transcheck.gate.runner import CheckReport

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"critical": "error", "major": "warning", "minor": "note"}


def _uri(path: str, base: str) -> str:
    try:
        rel = os.path.relpath(path, base)
    except ValueError:
        return Path(path).as_uri()
    if rel.startswith(".."):
        return Path(path).as_uri()
    return Path(rel).as_posix()


def _region(flag: FlagRecord) -> dict[str, int]:
    region = {"startLine": flag.line}
    if flag.column >= 0:
        region["startColumn"] = flag.column + 1
        if flag.end_line != flag.line:
            region["endLine"] = flag.end_line
        region["endColumn"] = max(flag.end_column, flag.column) + 1
    return region


def render_sarif(report: CheckReport, base: str | None = None) -> str:
    base = base or os.getcwd()
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for result in report.results:
        uri = _uri(result.path, base)
        for flag in result.flags:
            rules.setdefault(
                flag.rule,
                {
                    "id": flag.rule,
                    "shortDescription": {"text": flag.category},
                    "properties": {"category": flag.category},
                },
            )
            message = flag.message + (f" Suggestion: {flag.suggestion}" if flag.suggestion else "")
            results.append(
                {
                    "ruleId": flag.rule,
                    "level": _LEVEL.get(flag.severity, "warning"),
                    "message": {"text": message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri},
                                "region": _region(flag),
                            }
                        }
                    ],
                    "partialFingerprints": {"segmentHash/v1": flag.segment_hash},
                    "properties": {
                        "severity": flag.severity,
                        "category": flag.category,
                        "excerpt": flag.excerpt,
                    },
                }
            )
        for outcome in result.outcomes:
            if outcome.status not in ("fail", "warn"):
                continue
            rule_id = f"gate/{outcome.metric}"
            rules.setdefault(
                rule_id,
                {"id": rule_id, "shortDescription": {"text": f"corpus gate on {outcome.metric}"}},
            )
            results.append(
                {
                    "ruleId": rule_id,
                    "level": "error" if outcome.status == "fail" else "warning",
                    "message": {"text": f"{result.key}: {outcome.message}"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri},
                                "region": {"startLine": 1},
                            }
                        }
                    ],
                }
            )
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "transcheck",
                        "version": __version__,
                        "rules": list(rules.values()),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"

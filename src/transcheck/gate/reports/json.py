"""The full check result as JSON (the shape of CheckReport.to_dict())."""

from __future__ import annotations

import json

from transcheck.gate.runner import CheckReport


def render_json(report: CheckReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"

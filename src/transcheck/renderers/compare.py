"""``transcheck compare`` output: the text table, JSON or the self-contained HTML report.

Known limits: the HTML report holds every hotspot's texts inline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from transcheck.compare.html import render_html
from transcheck.compare.result import CompareResult
from transcheck.compare.tables import text_table

FORMATS = ("table", "json", "html")


def render(result: CompareResult, fmt: str) -> Iterator[str]:
    if fmt == "json":
        yield json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "html":
        yield render_html(result)
    else:
        yield text_table(result)

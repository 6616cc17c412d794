"""``transcheck score`` output: jsonl rows, the json summary, csv and a table.

Rows may be an iterator (a streamed run): jsonl, csv and the table consume
them one by one; the summary may be a callable, read after the rows (a
streamed run knows its corpus figures only then).

Known limits: the table truncates a row's main issue to 100 characters.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from transcheck.metrics.registry import reference_metrics

FORMATS = ("jsonl", "json", "csv", "table")
Summary = dict[str, Any] | Callable[[], dict[str, Any]]


def render(
    fmt: str, rows: Iterable[dict[str, Any]], summary: Summary, *, has_ref: bool | None = None
) -> Iterator[str]:
    """Text chunks of ``fmt``; ``has_ref`` says whether reference columns exist
    (default: whether a row has chrF)."""
    if fmt == "jsonl":
        return (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if fmt == "json":
        return iter([json.dumps(_summary(summary), ensure_ascii=False, indent=1) + "\n"])
    if fmt == "csv":
        return _csv(iter(rows))
    if has_ref is None:
        rows = list(rows)
        has_ref = any("chrf" in row for row in rows)
    return _table(rows, summary, has_ref)


def _summary(summary: Summary) -> dict[str, Any]:
    return summary() if callable(summary) else summary


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    first = next(rows, None)
    extra = [c for c in ("kind", "tgt_ids", "other_ids") if first and c in first]
    columns = reference_metrics()
    header = ["id", *columns, "fidelity", "mode", *extra, "explanation"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in itertools.chain([first] if first else [], rows):
        writer.writerow(
            [
                row["id"],
                *(row.get(c, "") for c in columns),
                row["fidelity"],
                row["mode"],
                *(
                    " ".join(map(str, row[c])) if isinstance(row[c], list) else row[c]
                    for c in extra
                ),
                " | ".join(str(item["message"]) for item in row["explanation"]),
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if first is None:
        yield buffer.getvalue()


def _fmt(value: Any) -> str:
    return "-" if value is None or value == "" else f"{float(value):.1f}"


def _table(rows: Iterable[dict[str, Any]], summary: Summary, has_ref: bool) -> Iterator[str]:
    cols = ["fidelity", *(reference_metrics() if has_ref else ())]
    yield f"{'id':>5} " + " ".join(f"{c:>8}" for c in cols) + "  main issue\n"
    for row in rows:
        issue = row["explanation"][0]["message"] if row["explanation"] else ""
        kind = row.get("kind")
        if kind and kind != "match":
            issue = f"[{kind}] {issue}"
        values = " ".join(f"{_fmt(row.get(c)):>8}" for c in cols)
        yield f"{row['id']:>5} {values}  {issue[:100]}\n"
    data = _summary(summary)
    yield f"\nmode: {data['mode']} ({data['segments']} segments)\n"
    for name, value in data["corpus"].items():
        lo_hi = data["ci"].get(name)
        ci = f"  95% CI [{lo_hi[0]:.1f}, {lo_hi[1]:.1f}]" if lo_hi else ""
        yield f"{name:>9}: {value:.2f}{ci}\n"
    for line in data.get("explanation", []):
        yield f"  pulled down by {line}\n"
    for kind in ("omissions", "additions"):
        for item in data.get(kind, []):
            yield f"  {kind[:-1]}: {str(item['text'])[:100]}\n"

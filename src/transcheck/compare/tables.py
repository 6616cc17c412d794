"""Plain-data views of a ``CompareResult``, shared by the HTML report, the
table output and the dashboard's Compare page (no streamlit here).

Every function returns lists/dicts of str, int, float and None only, ready
for ``json.dumps``, a pandas DataFrame or an HTML table.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from transcheck.compare.diff import diff_tokens
from transcheck.compare.result import hotspot_rows as hotspot_rows  # re-exported for views

if TYPE_CHECKING:
    from transcheck.compare.result import CompareResult, PairResult

# With more systems than this, the text table lists only ranking neighbours.
_ALL_PAIRS_IN_TABLE = 6


def _fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None or value != value else f"{value:.{digits}f}"


def systems_table(result: CompareResult) -> list[dict[str, Any]]:
    """One row a system, in ranking order: rank, name, every metric with its CI."""
    rows = []
    for s in result.systems:
        row: dict[str, Any] = {"rank": s.rank_range if s.rank_range else s.rank, "system": s.name}
        for metric, value in s.scores.items():
            lo, hi = s.ci.get(metric, (float("nan"), float("nan")))
            digits = 3 if metric == "awkwardness" else 2
            row[metric] = round(value, 4)
            row[f"{metric} 95% CI"] = f"[{_fmt(lo, digits)}, {_fmt(hi, digits)}]"
        if s.flags is not None:
            row["flagged segments"] = s.flags.get("segments_flagged", 0)
        rows.append(row)
    return rows


def pairwise_matrix(
    result: CompareResult, metric: str | None = None, test: str = "ar"
) -> dict[str, Any]:
    """Square matrices over ranked systems: ``delta[i][j]`` = score(i) - score(j)
    and ``p[i][j]`` (``test`` = "ar" or "bootstrap"); the diagonal is None."""
    metric = metric or result.primary
    names = list(result.names)
    delta: list[list[float | None]] = [[None] * len(names) for _ in names]
    p: list[list[float | None]] = [[None] * len(names) for _ in names]
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if i == j:
                continue
            t = result.pair(a, b).test(metric)
            delta[i][j] = round(t.delta, 4)
            p[i][j] = round(t.p_ar if test == "ar" else t.p_bootstrap, 5)
    return {"systems": names, "metric": metric, "test": test, "delta": delta, "p": p}


def pairwise_rows(result: CompareResult, metric: str | None = None) -> list[dict[str, Any]]:
    """One row a pair: delta and both p-values on ``metric``, and win/tie/loss."""
    return [_pair_row(pr, metric or result.primary) for pr in result.pairwise]


def _pair_row(pr: PairResult, metric: str) -> dict[str, Any]:
    t = pr.test(metric)
    return {
        "a": pr.a,
        "b": pr.b,
        "metric": metric,
        "delta": round(t.delta, 4),
        "p (bootstrap)": round(t.p_bootstrap, 4),
        "p (AR)": round(t.p_ar, 4),
        "significant": pr.significant,
        "wins": pr.wtl.wins,
        "ties": pr.wtl.ties,
        "losses": pr.wtl.losses,
    }


def flags_table(result: CompareResult) -> list[dict[str, Any]]:
    """Each system's QA flags side by side: flagged segments, severities, top rules.

    Empty when the checks module did not run (see the result's notes).
    """
    rows = []
    for s in result.systems:
        if s.flags is None:
            continue
        severity = s.flags.get("by_severity", {})
        rules = s.flags.get("top_rules", {})
        rows.append(
            {
                "system": s.name,
                "flagged segments": s.flags.get("segments_flagged", 0),
                "critical": severity.get("critical", 0),
                "major": severity.get("major", 0),
                "minor": severity.get("minor", 0),
                "top rules": ", ".join(f"{k} ({v})" for k, v in list(rules.items())[:5]),
            }
        )
    return rows


def diff_view(a: str, b: str) -> list[dict[str, str]]:
    """Word diff of ``a`` -> ``b`` as ``{"op", "a", "b"}`` pieces for rendering."""
    return [{"op": op.op, "a": op.a_text, "b": op.b_text} for op in diff_tokens(a, b)]


def bucket_series(result: CompareResult) -> list[dict[str, Any]]:
    """Every diagnostics bucket table (length, then frequency) as plain dicts."""
    tables = [t.to_dict() for t in result.length]
    if result.frequency is not None:
        tables.append(result.frequency.to_dict())
    return tables


def ngram_rows(result: CompareResult, top: int | None = None) -> list[dict[str, Any]]:
    """N-grams one system matches in the reference far more than another
    (``top`` per pair and direction; all kept ones by default)."""
    rows = []
    for nd in result.ngrams:
        for favours, items in ((nd.a, nd.a_better), (nd.b, nd.b_better)):
            for gram, ma, mb in items[:top]:
                rows.append(
                    {
                        "a": nd.a,
                        "b": nd.b,
                        "favours": favours,
                        "ngram": gram,
                        "a matches": ma,
                        "b matches": mb,
                    }
                )
    return rows


def segment_table(result: CompareResult, metric: str | None = None) -> list[dict[str, Any]]:
    """Every segment with every system's score on ``metric`` (default primary)."""
    metric = metric or result.primary
    rows = []
    for i in range(result.n_segments):
        row: dict[str, Any] = {"id": i}
        for name in result.names:
            row[name] = round(result.segment_scores[name][metric][i], 3)
        rows.append(row)
    return rows


def text_table(result: CompareResult) -> str:
    """The plain-text table printed by ``transcheck compare`` (default format)."""
    rows = systems_table(result)
    metrics = result.metrics
    headers = ["rank", "system", *metrics]
    body = [
        [str(r["rank"]), str(r["system"]), *(f"{r[m]:.2f} {r[m + ' 95% CI']}" for m in metrics)]
        for r in rows
    ]
    widths = [max(len(h), *(len(row[i]) for row in body)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in body]
    out = [
        f"{result.n_segments} segments, {len(result.names)} systems, mode {result.mode}, "
        f"ranked by {result.primary} (clusters at p < {result.alpha})",
        *([result.ranking] if result.ranking else []),
        "",
        *lines,
    ]
    if result.pairwise:
        rows = pairwise_rows(result)
        title = f"pairwise on {result.primary} (delta = a - b; * = significant):"
        if len(result.names) > _ALL_PAIRS_IN_TABLE:
            # 13 systems make 78 pairs: the table shows neighbours in the
            # ranking; json and html have every pair.
            neighbours = [result.pair(a, b) for a, b in pairwise(result.names)]
            rows = [_pair_row(p, result.primary) for p in neighbours]
            title = (
                f"pairwise on {result.primary}, neighbours in the ranking (all "
                f"{len(result.pairwise)} pairs in --format json/html; * = significant):"
            )
        out += ["", title]
        for r in rows:
            mark = "*" if r["significant"] else " "
            out.append(
                f" {mark} {r['a']} vs {r['b']}: delta {r['delta']:+.3f}"
                f"  p(bs) {r['p (bootstrap)']:.4f}"
                f"  p(AR) {r['p (AR)']:.4f}  win/tie/loss {r['wins']}/{r['ties']}/{r['losses']}"
            )
    if result.hotspots:
        out += ["", "divergence hotspots (segment: best / worst, spread):"]
        for h in result.hotspots[:5]:
            out.append(f"  #{h.id}: {h.best} / {h.worst}, {h.spread:.1f}")
    for note in result.notes:
        out.append(f"note: {note}")
    return "\n".join(out) + "\n"

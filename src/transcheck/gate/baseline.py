"""Stored baselines: metric values with CIs per corpus file, and the
comparison that fails only regressions beyond noise.

Rules (``higher`` or ``lower`` is better per metric):

* means (fidelity, chrF, ...): a regression when the current value lies
  outside the baseline's 95% bootstrap CI on the bad side *and* the baseline
  value lies outside the current CI (the two estimates are each implausible
  under the other's interval);
* rates: the same with Wilson intervals;
* counts of critical and major flags, omissions and additions: any increase
  (they are deterministic, so there is no sampling noise to allow for);
  other counts are compared through their rates.
"""

from __future__ import annotations

import json
import os
from typing import Any

from transcheck import __version__
from transcheck.errors import ConfigError, InputError
from transcheck.gate.results import FileResult, GateOutcome, show_value
from transcheck.gate.thresholds import METRICS
from transcheck.io.decode import JsonLimitError, loads_json, read_input_bytes
from transcheck.io.output import atomic_write

FORMAT = "transcheck-baseline"
_STRICT_COUNTS = ("critical_flags", "major_flags", "omissions", "additions")


def load_baseline(path: str) -> dict[str, Any]:
    """The ``entries`` of a baseline file; InputError/ConfigError when unusable."""
    if not os.path.exists(path):
        raise InputError(path, "no such baseline (create it with --update-baseline)")
    try:
        data = loads_json(read_input_bytes(path).decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(path, f"cannot read baseline: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(path, f"baseline is not valid JSON: {exc.msg}", line=exc.lineno) from None
    except JsonLimitError as exc:
        raise ConfigError(path, f"baseline is not usable JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(path, f"not a transcheck baseline (missing format = {FORMAT!r})")
    entries = data.get("entries")
    if not isinstance(entries, dict):
        raise ConfigError(path, "baseline has no 'entries' object", key="entries")
    for name, entry in entries.items():
        problem = _entry_problem(entry)
        if problem:
            raise ConfigError(path, f"baseline entry {name!r}: {problem}", key="entries")
    return entries


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _entry_problem(entry: Any) -> str | None:
    """Why a stored entry cannot be compared with (None when it can)."""
    if not isinstance(entry, dict):
        return f"expected an object, got {type(entry).__name__}"
    metrics = entry.get("metrics", {})
    if not isinstance(metrics, dict) or not all(_number(v) for v in metrics.values()):
        return "'metrics' must be an object of numbers"
    ci = entry.get("ci", {})
    if not isinstance(ci, dict):
        return "'ci' must be an object of [low, high] pairs"
    for metric, pair in ci.items():
        if not (isinstance(pair, list) and len(pair) == 2 and all(_number(v) for v in pair)):
            return f"ci of {metric!r} must be a [low, high] pair of numbers"
    return None


def baseline_entry(result: FileResult) -> dict[str, Any]:
    return {
        "segments": result.segments,
        "metrics": {k: v for k, v in result.metrics.items()},
        "ci": {k: list(v) for k, v in result.ci.items()},
    }


def write_baseline(path: str, results: list[FileResult], previous: dict[str, Any] | None) -> None:
    """Write (atomically) a baseline with the current results; entries of
    corpora not in this run are kept from ``previous``."""
    entries = dict(previous or {})
    for result in results:
        entries[result.key] = baseline_entry(result)
    data = {"format": FORMAT, "version": 1, "transcheck": __version__, "entries": entries}
    with atomic_write(path) as handle:
        json.dump(data, handle, indent=2, sort_keys=True, ensure_ascii=False)
        handle.write("\n")


def compare_with_baseline(result: FileResult, entries: dict[str, Any]) -> None:
    """Append baseline outcomes to ``result.outcomes``."""
    entry = entries.get(result.key)
    if entry is None:
        result.outcomes.append(
            GateOutcome(
                "baseline", "*", "baseline", "skip", None, "no baseline entry for this file"
            )
        )
        return
    base_metrics: dict[str, float] = entry.get("metrics", {})
    base_ci: dict[str, list[float]] = entry.get("ci", {})
    for metric in _STRICT_COUNTS:
        if metric in base_metrics and metric in result.metrics:
            now, before = result.metrics[metric], base_metrics[metric]
            status = "fail" if now > before else "pass"
            result.outcomes.append(
                GateOutcome(
                    f"baseline {metric}", metric, "baseline", status, now,
                    f"{metric} {int(before)} -> {int(now)}"
                    + (" (increase)" if now > before else ""),
                )
            )
    from transcheck.metrics.registry import METRICS as SCORE_METRICS  # numpy: on use

    for metric in (*SCORE_METRICS, "flag_rate", "awkward_rate"):
        if metric not in base_metrics or metric not in result.metrics:
            continue
        now, before = result.metrics[metric], base_metrics[metric]
        now_ci = result.ci.get(metric, (now, now))
        before_ci = tuple(base_ci.get(metric, (before, before)))
        higher = METRICS[metric].higher_is_better
        if higher:
            worse = now < before_ci[0] and before > now_ci[1]
        else:
            worse = now > before_ci[1] and before < now_ci[0]
        status = "fail" if worse else "pass"
        note = "regression beyond the 95% CIs" if worse else "within noise or better"
        result.outcomes.append(
            GateOutcome(
                f"baseline {metric}", metric, "baseline", status, now,
                f"{metric} {show_value(metric, before)} -> {show_value(metric, now)}: {note}",
            )
        )

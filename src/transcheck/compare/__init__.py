"""Compare several translations of one text: scores with confidence
intervals, paired significance, ranking clusters, segment-level wins and
hotspots, word diffs, compare-mt diagnostics and an HTML report.

Names are imported lazily so ``import transcheck.compare`` costs nothing
until a function is used (numpy and sacrebleu load on first call).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transcheck.compare.diff import DiffOp, diff_tokens
    from transcheck.compare.html import render_html
    from transcheck.compare.result import CompareResult, PairResult, SystemResult
    from transcheck.compare.run import compare_systems

_EXPORTS = {
    "compare_systems": "transcheck.compare.run",
    "CompareResult": "transcheck.compare.result",
    "PairResult": "transcheck.compare.result",
    "SystemResult": "transcheck.compare.result",
    "diff_tokens": "transcheck.compare.diff",
    "DiffOp": "transcheck.compare.diff",
    "render_html": "transcheck.compare.html",
}

__all__ = [
    "CompareResult",
    "DiffOp",
    "PairResult",
    "SystemResult",
    "compare_systems",
    "diff_tokens",
    "render_html",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'transcheck.compare' has no attribute {name!r}")
    return getattr(import_module(module), name)

"""The narrow interface from the engine to scoring and flagging.

``score_segments`` and ``flag_texts`` call the public APIs of
``transcheck.metrics`` and ``transcheck.checks`` with the engine's
settings (no bootstrap per partition, no nested process pools, no
cross-segment checks for independent pairs).

Known limits: the per-segment metrics are those of ``metrics.registry`` at
the time of the call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from transcheck.model import Flag

# The metrics (sacrebleu, numpy) and the checks are imported on first use: a
# catalogue check needs neither scoring stack, and the import is a third of
# its run.


@dataclass(frozen=True, slots=True)
class FlagOutcome:
    awkwardness: float
    flags: tuple[Flag, ...]


def score_segments(
    hyps: Sequence[str],
    refs: Sequence[Sequence[str]] | None,
    srcs: Sequence[str] | None,
    *,
    src_lang: str | None,
    tgt_lang: str | None,
    seed: int = 12345,
) -> tuple[list[dict[str, float]], list[str]]:
    """Per-segment metric values (keys from the metric registry), plus warnings."""
    if not hyps:
        return [], []
    if not refs and srcs is None:
        return [{} for _ in hyps], ["no source or reference: fidelity is not computed"]
    from transcheck.metrics.corpus import score_corpus
    from transcheck.metrics.registry import segment_metrics

    result = score_corpus(
        list(hyps),
        [list(stream) for stream in refs] if refs else None,
        list(srcs) if srcs is not None else None,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        seed=seed,
        # Partition-level corpus statistics are not used: CIs are computed
        # over the whole file by the gate, so skip the bootstrap here.
        bootstrap=0,
        # The engine parallelises over partitions; no nested pools.
        workers=1,
    )
    known = set(segment_metrics())
    rows: list[dict[str, float]] = []
    for segment in result.segments:
        row = {k: float(v) for k, v in segment.scores.items() if k in known}
        if segment.fidelity is not None:
            row["fidelity"] = float(segment.fidelity)
        rows.append(row)
    return rows, []


def flag_texts(
    texts: Sequence[str],
    *,
    lang: str | None,
    sources: Sequence[str] | None,
    src_lang: str | None,
    glossary: Any = None,
    families: Sequence[str] | None = None,
    document: bool = True,
) -> tuple[list[FlagOutcome], list[str]]:
    """Flags for every text (same order), plus warnings.

    ``document=False`` skips cross-segment checks (duplicates, consistency):
    the pairs of a parallel corpus are independent of each other.
    """
    if not texts:
        return [], []
    from transcheck.checks import flag_segments

    results = flag_segments(
        list(texts),
        lang=lang or "en",
        sources=list(sources) if sources is not None else None,
        src_lang=src_lang,
        glossary=glossary,
        families=list(families) if families else None,
        document=document,
    )
    return [FlagOutcome(float(r.awkwardness), tuple(r.flags)) for r in results], []


def load_glossary(path: str | None) -> Any:
    """The checks package's glossary object for ``path`` (None when no path)."""
    if not path:
        return None
    from transcheck.checks import load_glossary as _load

    return _load(path)

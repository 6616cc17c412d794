"""Line-unit scoring in bounded memory: chunk by chunk, rows out as they are scored.

``stream_scores`` scores parallel line streams (hypotheses, reference streams,
source) in chunks of ``CHUNK`` lines with ``score_corpus`` (no bootstrap per
chunk) and yields each chunk's result; a ``StreamTotals`` it fills on the
way holds only summed statistics, the fidelity sum, a ``PoissonBootstrap``
(resamples x statistics) and the top explanation signals, so the corpus
figures at the end are those of the whole input (sums of the chunks' sums:
identical to scoring all lines at once) and memory does not grow with the
number of lines.

Known limits: the 95% intervals of a streamed run come from the Poisson
bootstrap (``metrics.resampling``), not from the multinomial bootstrap of an
in-memory run, so they differ slightly from ``score_corpus``'s; ``score``
streams only inputs of more than ``STREAM_OVER`` lines, so smaller ones get
exactly ``score_corpus``'s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from transcheck.metrics.base import MeanMetric
from transcheck.metrics.corpus import CorpusScores, score_corpus, with_fields
from transcheck.metrics.registry import METRICS
from transcheck.metrics.resampling import PoissonBootstrap

# `score` streams inputs of more lines than this (smaller ones are scored at
# once, with the multinomial bootstrap).
STREAM_OVER = 50_000
# Lines scored at once. Memory grows with the chunk: at 50,000 lines the
# scorer peaked at 872 MB and each sacrebleu worker at 726 MB (sacrebleu
# keeps the n-gram counts of every reference of its share), 1.0 GB over the
# process tree at 100k pairs; 10,000 keeps the tree well under 1 GB, and the
# pool start-up per chunk (~1 s) is a few per cent of a chunk's scoring.
CHUNK = 10_000


@dataclass
class StreamTotals:
    """What a streamed run keeps of all chunks: sums, bootstrap sums, signal impacts."""

    bootstrap: int
    seed: int
    segments: int = 0
    mode: str = ""
    sums: dict[str, np.ndarray] = field(default_factory=dict)
    signatures: dict[str, str] = field(default_factory=dict)
    impact: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    where: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    resampler: PoissonBootstrap | None = None

    def add(self, result: CorpusScores, offset: int) -> None:
        if self.resampler is None:
            self.resampler = PoissonBootstrap(self.bootstrap, self.seed)
        fid = METRICS["fidelity"]
        assert isinstance(fid, MeanMetric)
        values = np.array([s.fidelity or 0.0 for s in result.segments], dtype=np.float64)
        block = {m: np.asarray(a, np.float64) for m, a in result.stats.items()}
        block["fidelity"] = fid.stats_from_values(values)
        for name, arr in block.items():
            total = arr.sum(axis=0)
            self.sums[name] = self.sums[name] + total if name in self.sums else total
        self.resampler.add(block)
        for i, items in enumerate(result.details):
            for item in items:
                name = str(item["signal"])
                self.impact[name] += float(item["impact"])  # type: ignore[arg-type]
                self.counts[name] += 1
                if len(self.where[name]) < 11:
                    self.where[name].append(offset + i)
        if not self.mode:
            self.mode = result.mode
            fields = {"bootstrap": self.bootstrap, "seed": self.seed}
            for name, sig in result.signatures.items():
                base = sig.split("|bootstrap:")[0]
                self.signatures[name] = with_fields(base, fields)
        self.segments += len(result.segments)

    def summary(self) -> dict[str, object]:
        """The corpus summary, in the shape of ``CorpusScores.to_dict``."""
        scorers = {name: METRICS[name].scores_from_sums for name in self.sums}
        corpus = {name: float(scorers[name](total)) for name, total in self.sums.items()}
        ci = self.resampler.intervals(scorers) if self.resampler and self.bootstrap else {}
        lines = []
        for name in sorted(self.impact, key=lambda n: self.impact[n])[:5]:
            ids = self.where[name]
            shown = ", ".join(str(i) for i in ids[:10]) + (
                ", ..." if self.counts[name] > 10 else ""
            )
            lines.append(f"{name}: {self.counts[name]} segment(s) (ids {shown})")
        ordered = {k: corpus[k] for k in [*(k for k in corpus if k != "fidelity"), "fidelity"]}
        return {
            "mode": self.mode,
            "segments": self.segments,
            "corpus": {k: None if v != v else round(v, 6) for k, v in ordered.items()},
            "ci": {k: [round(lo, 6), round(hi, 6)] for k, (lo, hi) in ci.items()},
            "signatures": dict(self.signatures),
            "explanation": lines,
            "seed": self.seed,
            "bootstrap": self.bootstrap,
            "streamed": True,
        }


def stream_scores(
    hyps: Iterator[str],
    refs: Sequence[Iterator[str]],
    srcs: Iterator[str] | None,
    totals: StreamTotals,
    *,
    src_lang: str | None,
    tgt_lang: str | None,
    workers: int | None,
    chunk: int | None = None,
    embeddings: str = "off",
) -> Iterator[tuple[int, CorpusScores]]:
    """(offset, chunk result) for consecutive chunks; ``totals`` collects the corpus.

    ``embeddings`` is passed to every chunk as it is: resolve ``auto`` against
    the whole input's size first, or each chunk would decide on its own size.
    """
    chunk = chunk or CHUNK
    offset = 0
    while True:
        part = _take(hyps, chunk)
        if not part:
            return
        ref_parts = [_take(stream, len(part)) for stream in refs]
        src_part = _take(srcs, len(part)) if srcs is not None else None
        result = score_corpus(
            part, ref_parts or None, src_part, src_lang=src_lang, tgt_lang=tgt_lang,
            bootstrap=0, workers=workers, embeddings=embeddings,
        )  # fmt: skip
        totals.add(result, offset)
        yield offset, result
        offset += len(part)
        del result, part, ref_parts, src_part  # not alive while the next chunk is scored


def _take(items: Iterator[str], n: int) -> list[str]:
    out = []
    for item in items:
        out.append(item)
        if len(out) == n:
            break
    return out

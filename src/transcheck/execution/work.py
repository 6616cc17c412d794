"""The per-partition function every backend runs: score and flag some pairs.

A PartitionResult holds sufficient statistics (sums, counts, a capped list
of flags), never the pairs themselves, so results of millions of pairs can be
merged in constant memory and cached as small JSON files.
"""

from __future__ import annotations

import functools
import hashlib
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from transcheck.execution.adapters import flag_texts, load_glossary, score_segments
from transcheck.execution.pairs import Pair
from transcheck.model import Flag

_SEVERITY_RANK = {"minor": 1, "major": 2, "critical": 3}
AWKWARD_CATEGORY = "Style/Awkward"


def segment_hash(text: str) -> str:
    """A stable 16-hex-digit id of a segment's text (NFC, outer space trimmed).

    Waivers name segments by this hash so they survive line moves.
    """
    norm = unicodedata.normalize("NFC", text.strip())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """Everything besides the pairs that decides a partition's result."""

    src_lang: str | None = None
    tgt_lang: str | None = None
    glossary: str | None = None
    families: tuple[str, ...] = ()
    waivers: tuple[tuple[str, str], ...] = ()  # (rule, segment hash or "*")
    max_flags: int = 2000
    seed: int = 12345

    def fingerprint(self) -> str:
        """Hash of the configuration; the glossary by content, not by path, so
        a moved or copied corpus still hits the cache."""
        data = asdict(self)
        if self.glossary:
            try:
                with open(self.glossary, "rb") as handle:
                    data["glossary"] = hashlib.sha256(handle.read()).hexdigest()
            except OSError:
                pass
        return hashlib.sha256(repr(data).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class FlagRecord:
    """A flag placed in a file: 1-based lines, 0-based columns (-1: unknown)."""

    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    category: str
    severity: str
    message: str
    suggestion: str | None
    segment_hash: str
    excerpt: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FlagRecord:
        return cls(**data)


@dataclass
class PartitionResult:
    """Mergeable statistics of some segments of one file."""

    index: int = 0
    n: int = 0
    sums: dict[str, float] = field(default_factory=dict)
    sumsq: dict[str, float] = field(default_factory=dict)
    counts_n: dict[str, int] = field(default_factory=dict)  # segments having the metric
    fidelity_values: list[float] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)
    flags: list[FlagRecord] = field(default_factory=list)
    flags_dropped: int = 0
    waivers_used: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Document-level values that replace the segment means (not merged).
    overrides: dict[str, float] = field(default_factory=dict)
    from_cache: bool = False

    def add_metric(self, name: str, value: float) -> None:
        self.sums[name] = self.sums.get(name, 0.0) + value
        self.sumsq[name] = self.sumsq.get(name, 0.0) + value * value
        self.counts_n[name] = self.counts_n.get(name, 0) + 1

    def count_flags(self, flags: Sequence[Flag]) -> None:
        """Count one segment's flags: flagged/awkward segments, per severity and category."""
        if flags:
            self.bump("flagged_segments")
        if any(f.category == AWKWARD_CATEGORY for f in flags):
            self.bump("awkward_segments")
        for flag in flags:
            self.bump("flags")
            self.bump(f"{flag.severity}_flags")
            self.categories[flag.category] = self.categories.get(flag.category, 0) + 1

    def bump(self, name: str, by: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + by

    def merge(self, other: PartitionResult, *, keep_values: bool, max_flags: int) -> None:
        """Add ``other`` into this result (order-independent except flag order)."""
        self.n += other.n
        for name, value in other.sums.items():
            self.sums[name] = self.sums.get(name, 0.0) + value
            self.sumsq[name] = self.sumsq.get(name, 0.0) + other.sumsq.get(name, 0.0)
            self.counts_n[name] = self.counts_n.get(name, 0) + other.counts_n.get(name, 0)
        if keep_values:
            self.fidelity_values.extend(other.fidelity_values)
        for name, count in other.counts.items():
            self.bump(name, count)
        for name, count in other.categories.items():
            self.categories[name] = self.categories.get(name, 0) + count
        room = max(0, max_flags - len(self.flags))
        self.flags.extend(other.flags[:room])
        self.flags_dropped += other.flags_dropped + max(0, len(other.flags) - room)
        used = set(map(tuple, self.waivers_used)) | set(map(tuple, other.waivers_used))
        self.waivers_used = sorted(used)  # type: ignore[arg-type]
        for warning in other.warnings:
            if warning not in self.warnings:
                self.warnings.append(warning)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["flags"] = [f.to_dict() for f in self.flags]
        data.pop("from_cache")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartitionResult:
        data = dict(data)
        data["flags"] = [FlagRecord.from_dict(f) for f in data.get("flags", [])]
        data["waivers_used"] = [tuple(w) for w in data.get("waivers_used", [])]
        return cls(**data)


@dataclass(frozen=True, slots=True)
class PartitionTask:
    """One partition of one file: what a worker needs, picklable."""

    index: int
    pairs: tuple[Pair, ...]
    config: ScoringConfig
    parquet_dir: str | None = None


@functools.lru_cache(maxsize=8)
def glossary_for(path: str | None) -> Any:
    # Loaded once per worker process, not once per partition.
    return load_glossary(path)


def process_partition(task: PartitionTask) -> PartitionResult:
    """Score and flag the pairs of ``task``; write Parquet rows when asked."""
    cfg = task.config
    pairs = task.pairs
    hyps = [p.target for p in pairs]
    has_src = all(p.source is not None for p in pairs) and bool(pairs)
    srcs = [p.source or "" for p in pairs] if has_src else None
    n_refs = min((len(p.refs) for p in pairs), default=0)
    refs = [[p.refs[i] for p in pairs] for i in range(n_refs)] if n_refs else None

    scores, warnings = score_segments(
        hyps, refs, srcs, src_lang=cfg.src_lang, tgt_lang=cfg.tgt_lang, seed=cfg.seed
    )
    outcomes, flag_warnings = flag_texts(
        hyps,
        lang=cfg.tgt_lang,
        sources=srcs,
        src_lang=cfg.src_lang,
        glossary=glossary_for(cfg.glossary),
        families=cfg.families,
        document=False,
    )
    result = PartitionResult(index=task.index, warnings=[*warnings, *flag_warnings])
    rows: list[dict[str, Any]] = []
    waivers = set(cfg.waivers)
    for pair, row, outcome in zip(pairs, scores, outcomes, strict=True):
        seg_hash = segment_hash(pair.target)
        kept = apply_waivers(outcome.flags, seg_hash, waivers, result)
        account_segment(result, row, outcome.awkwardness, kept)
        for flag in kept:
            record = place_flag(flag, pair.target, pair.line, pair.column, seg_hash)
            if len(result.flags) < cfg.max_flags:
                result.flags.append(record)
            else:
                result.flags_dropped += 1
        if task.parquet_dir:
            rows.append(_parquet_row(pair, row, outcome.awkwardness, kept, seg_hash))
    if task.parquet_dir:
        write_parquet(rows, task.parquet_dir, task.index)
    return result


def apply_waivers(
    flags: Iterable[Flag], seg_hash: str, waivers: set[tuple[str, str]], result: PartitionResult
) -> list[Flag]:
    kept = []
    for flag in flags:
        for key in ((flag.rule, seg_hash), (flag.rule, "*")):
            if key in waivers:
                result.bump("waived_flags")
                if key not in result.waivers_used:
                    result.waivers_used.append(key)
                break
        else:
            kept.append(flag)
    return kept


def account_segment(
    result: PartitionResult, row: dict[str, float], awkwardness: float, flags: Sequence[Flag]
) -> None:
    result.n += 1
    for name, value in row.items():
        result.add_metric(name, value)
    if "fidelity" in row:
        result.fidelity_values.append(round(row["fidelity"], 4))
    result.add_metric("awkwardness", awkwardness)
    result.count_flags(flags)


def place_flag(flag: Flag, text: str, line: int, column: int, seg_hash: str) -> FlagRecord:
    """Map a flag's offsets in ``text`` (which starts at ``line``/``column`` of
    the file) to file lines and columns; ``column`` -1 means unknown."""
    start = max(0, min(flag.start, len(text)))
    end = max(start, min(flag.end, len(text)))
    start_line = line + text.count("\n", 0, start)
    end_line = line + text.count("\n", 0, end)
    if column < 0:
        start_col = end_col = -1
    else:
        start_col = _column(text, start, column)
        end_col = _column(text, end, column)
    return FlagRecord(
        line=start_line,
        column=start_col,
        end_line=end_line,
        end_column=end_col,
        rule=flag.rule,
        category=flag.category,
        severity=flag.severity,
        message=flag.message,
        suggestion=flag.suggestion,
        segment_hash=seg_hash,
        excerpt=text[start:end][:200],
    )


def _column(text: str, offset: int, base: int) -> int:
    newline = text.rfind("\n", 0, offset)
    return offset - newline - 1 if newline >= 0 else base + offset


def _parquet_row(
    pair: Pair, row: dict[str, float], awkwardness: float, flags: Sequence[Flag], seg_hash: str
) -> dict[str, Any]:
    worst = max((_SEVERITY_RANK.get(f.severity, 0) for f in flags), default=0)
    return {
        "line": pair.line,
        "segment_hash": seg_hash,
        "fidelity": row.get("fidelity"),
        "chrf": row.get("chrf"),
        "awkwardness": awkwardness,
        "n_flags": len(flags),
        "worst_severity": worst,
        "awkward": any(f.category == AWKWARD_CATEGORY for f in flags),
    }


def write_parquet(rows: list[dict[str, Any]], directory: str, index: int) -> str:
    """Write one partition's segment rows as ``part-NNNNNN.parquet`` atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    os.makedirs(directory, exist_ok=True)
    target = os.path.join(directory, f"part-{index:06d}.parquet")
    tmp = f"{target}.{os.getpid()}.tmp"
    table = pa.Table.from_pylist(
        rows,
        schema=pa.schema(
            [
                ("line", pa.int64()),
                ("segment_hash", pa.string()),
                ("fidelity", pa.float64()),
                ("chrf", pa.float64()),
                ("awkwardness", pa.float64()),
                ("n_flags", pa.int32()),
                ("worst_severity", pa.int8()),
                ("awkward", pa.bool_()),
            ]
        ),
    )
    pq.write_table(table, tmp)
    os.replace(tmp, target)
    return target

"""Run score+flag over a stream of pairs with a backend and a partition cache.

``run_pairs`` is what the gate calls for line-unit and TSV/JSONL corpora:
pairs are grouped into partitions, each partition is looked up in the cache
by the hash of its content and configuration, the misses are processed by the
chosen backend, and all results are merged into one PartitionResult.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from transcheck.errors import InputError
from transcheck.execution.backends import dask_client, run_dask, run_pool, run_serial
from transcheck.execution.pairs import Pair, partitions
from transcheck.execution.work import PartitionResult, PartitionTask, ScoringConfig

# Keep per-segment fidelity values (for a bootstrap CI) up to this many
# segments; beyond it the CI uses the normal approximation from sums.
MAX_KEPT_VALUES = 200_000


class PartitionCache(Protocol):
    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, value: dict[str, Any]) -> None: ...


@dataclass(frozen=True, slots=True)
class EngineOptions:
    engine: str = "local"  # local | dask
    jobs: int = 1
    scheduler: Any = None  # dask: address, Client, LocalCluster, or None
    partition_size: int = 2000
    parquet_dir: str | None = None  # dask: where partitions are written
    max_flags: int = 2000


@dataclass
class RunOutcome:
    result: PartitionResult
    partitions: int
    cached: int
    parquet_dir: str | None = None


# The parts of the package whose code or data decide a gate result; the
# dashboard, report renderers and compare do not invalidate the cache.
_RESULT_CODE = (
    "align", "checks", "metrics", "segment", "io", "engine", "gate", "data",
    "analysis", "model.py", "langid", "langid.py", "segment.py", "__init__.py",
)


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the transcheck sources and data that decide results, so a cache
    entry made by different rules or metrics code is never reused."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in _RESULT_CODE:
        base = root / name
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            if path.is_file() and path.suffix in {".py", ".tsv", ".toml", ".json", ".txt"}:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def partition_key(file_key: str, config: ScoringConfig, pairs: Iterable[Pair]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{code_fingerprint()}|{config.fingerprint()}|{file_key}".encode())
    for pair in pairs:
        digest.update(repr((pair.line, pair.column, pair.target, pair.source, pair.refs)).encode())
    return digest.hexdigest()


def run_pairs(
    pairs: Iterable[Pair],
    config: ScoringConfig,
    options: EngineOptions,
    *,
    cache: PartitionCache | None = None,
    file_key: str = "",
    on_partition: Callable[[int, bool], None] | None = None,
) -> RunOutcome:
    """Score and flag every pair; returns the merged statistics.

    With ``engine="dask"`` each partition's segment rows are written as Parquet
    (under ``options.parquet_dir`` or a temporary directory) and the segment
    statistics are summarised from those files.
    """
    merged = PartitionResult()
    counter = {"partitions": 0, "cached": 0}
    keys: dict[int, str] = {}
    parquet_dir = options.parquet_dir
    owned_tmp = None
    if options.engine == "dask" and parquet_dir is None:
        owned_tmp = parquet_dir = tempfile.mkdtemp(prefix="transcheck-parquet-")

    def tasks() -> Iterator[PartitionTask]:
        for index, batch in enumerate(partitions(pairs, options.partition_size)):
            counter["partitions"] += 1
            key = partition_key(file_key, config, batch)
            hit = cache.get(key) if cache is not None else None
            if hit is not None and hit.get("n") != len(batch):
                hit = None  # an entry for fewer segments must not drop any
            if hit is not None and (parquet_dir is None or _has_part(parquet_dir, index)):
                counter["cached"] += 1
                cached = PartitionResult.from_dict(hit)
                cached.from_cache = True
                _merge(merged, cached, options)
                if on_partition:
                    on_partition(index, True)
                continue
            keys[index] = key
            yield PartitionTask(index, tuple(batch), config, parquet_dir)

    def finish(result: PartitionResult) -> None:
        key = keys.pop(result.index, None)
        if cache is not None and key is not None:
            cache.put(key, result.to_dict())
        _merge(merged, result, options)
        if on_partition:
            on_partition(result.index, False)

    try:
        if options.engine == "dask":
            client, owned = dask_client(options.scheduler, options.jobs)
            try:
                for result in run_dask(tasks(), client):
                    finish(result)
            finally:
                if owned:
                    _close_client(client)
            assert parquet_dir is not None
            _summarise_from_parquet(merged, parquet_dir, counter["partitions"])
        elif options.jobs > 1:
            for result in run_pool(tasks(), options.jobs):
                finish(result)
        else:
            for result in run_serial(tasks()):
                finish(result)
    finally:
        if owned_tmp:
            shutil.rmtree(owned_tmp, ignore_errors=True)
    merged.flags.sort(key=lambda f: (f.line, f.column, f.rule))
    return RunOutcome(merged, counter["partitions"], counter["cached"], options.parquet_dir)


def _has_part(directory: str, index: int) -> bool:
    return os.path.exists(os.path.join(directory, f"part-{index:06d}.parquet"))


def _merge(merged: PartitionResult, result: PartitionResult, options: EngineOptions) -> None:
    keep = merged.n + result.n <= MAX_KEPT_VALUES
    merged.merge(result, keep_values=keep, max_flags=options.max_flags)
    if not keep:
        merged.fidelity_values = []


def _close_client(client: Any) -> None:
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def _summarise_from_parquet(merged: PartitionResult, directory: str, count: int) -> None:
    """Recompute segment statistics from the ``count`` Parquet partitions of
    this run, one file at a time, and check them against the returned
    partition results (parts left by an earlier, longer run are ignored)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    n = 0
    fid_sum = fid_sq = 0.0
    fid_n = 0
    flagged = 0
    for index in range(count):
        path = os.path.join(directory, f"part-{index:06d}.parquet")
        if not os.path.exists(path):
            continue  # reported below as a count mismatch
        table = pq.read_table(path)
        n += table.num_rows
        fidelity = table.column("fidelity").drop_null()
        if len(fidelity):
            fid_sum += pc.sum(fidelity).as_py()
            fid_sq += pc.sum(pc.multiply(fidelity, fidelity)).as_py()
            fid_n += len(fidelity)
        flagged += pc.sum(pc.greater(table.column("n_flags"), 0)).as_py() or 0
    if n != merged.n:
        raise InputError(
            directory,
            f"Parquet partitions hold {n} segments but the workers reported {merged.n}; with a "
            "remote scheduler, --parquet-dir must be a directory the workers and this machine "
            "share",
        )
    if fid_n:
        merged.sums["fidelity"] = fid_sum
        merged.sumsq["fidelity"] = fid_sq
        merged.counts_n["fidelity"] = fid_n
    if flagged or "flagged_segments" in merged.counts:
        merged.counts["flagged_segments"] = int(flagged)

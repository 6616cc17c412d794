"""The same partitions give the same statistics serially, on a process pool
and on a Dask LocalCluster; the partition cache makes reruns free."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from transcheck.execution.pairs import iter_record_pairs
from transcheck.execution.run import EngineOptions, RunOutcome, run_pairs
from transcheck.execution.work import ScoringConfig
from transcheck.gate.cache import ResultCache

CONFIG = ScoringConfig(src_lang="en", tgt_lang="de")


@pytest.fixture(scope="module")
def pairs_file(root: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """36 en-de pairs: the tiny corpus three times, each copy a little changed
    (numbers, case) so partitions differ."""
    rows = (root / "corpora" / "tiny-en-de" / "pairs.tsv").read_text(encoding="utf-8")
    lines = rows.splitlines()
    out = lines + [
        # Second copy: a wrong number, so there is a flag to compare.
        line.replace("nine", "ten").replace("neun", "zehn").replace("250 Ex", "520 Ex")
        for line in lines
    ]
    out += [line.replace("250", "300").upper() for line in lines]
    path = tmp_path_factory.mktemp("pairs") / "pairs.tsv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return str(path)


def _run(path: str, options: EngineOptions, cache: ResultCache | None = None) -> RunOutcome:
    return run_pairs(iter_record_pairs(path), CONFIG, options, cache=cache, file_key=path)


def _summary(outcome: RunOutcome) -> tuple[object, ...]:
    r = outcome.result
    means = {k: round(r.sums[k] / r.counts_n[k], 6) for k in sorted(r.sums)}
    flags = [(f.line, f.column, f.rule) for f in r.flags]
    return r.n, means, dict(sorted(r.counts.items())), dict(sorted(r.categories.items())), flags


@pytest.fixture(scope="module")
def serial(pairs_file: str) -> RunOutcome:
    return _run(pairs_file, EngineOptions(partition_size=5))


def test_serial_run_covers_every_pair(serial: RunOutcome) -> None:
    assert serial.result.n == 36
    assert serial.partitions == 8
    assert serial.cached == 0
    assert 0.0 < serial.result.sums["fidelity"] / serial.result.n <= 100.0
    assert len(serial.result.fidelity_values) == 36
    lines = {f.line for f in serial.result.flags}
    assert 16 in lines  # "520 Exemplare" for "250 copies" in copy two

def test_process_pool_matches_serial(pairs_file: str, serial: RunOutcome) -> None:
    pooled = _run(pairs_file, EngineOptions(jobs=2, partition_size=5))
    assert _summary(pooled) == _summary(serial)


def test_cache_makes_a_rerun_free_and_identical(
    pairs_file: str, serial: RunOutcome, tmp_path: Path
) -> None:
    cache = ResultCache(str(tmp_path / "cache"))
    first = _run(pairs_file, EngineOptions(partition_size=5), cache)
    again = _run(pairs_file, EngineOptions(partition_size=5), cache)
    assert (first.cached, again.cached, again.partitions) == (0, 8, 8)
    assert _summary(again) == _summary(first) == _summary(serial)
    assert (tmp_path / "cache" / ".gitignore").exists()


@pytest.mark.dask
def test_dask_local_cluster_matches_serial_and_writes_parquet(
    pairs_file: str, serial: RunOutcome, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("dask.distributed")
    pq = pytest.importorskip("pyarrow.parquet")
    parquet_dir = tmp_path / "parquet"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        outcome = _run(
            pairs_file,
            EngineOptions(
                engine="dask", scheduler=client, partition_size=5, parquet_dir=str(parquet_dir)
            ),
        )
    n, means, counts, categories, flags = _summary(outcome)
    s_n, s_means, s_counts, s_categories, s_flags = _summary(serial)
    assert (n, counts, categories, flags) == (s_n, s_counts, s_categories, s_flags)
    assert means["fidelity"] == pytest.approx(s_means["fidelity"], abs=1e-6)  # float sum order
    parts = sorted(os.listdir(parquet_dir))
    assert parts == [f"part-{i:06d}.parquet" for i in range(8)]
    table = pq.read_table(str(parquet_dir))
    assert table.num_rows == 36
    assert sorted(table.column("line").to_pylist()) == list(range(1, 37))

"""Where partitions run: in this process, on a process pool, or on Dask.

Every backend takes a lazy iterator of tasks and yields results as they
finish, keeping at most a small window of tasks in flight, so memory stays
bounded whatever the corpus size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from transcheck.errors import ConfigError
from transcheck.execution.work import PartitionResult, PartitionTask, process_partition

ENGINES = ("local", "dask")


def run_serial(tasks: Iterable[PartitionTask]) -> Iterator[PartitionResult]:
    for task in tasks:
        yield process_partition(task)


def run_pool(tasks: Iterable[PartitionTask], jobs: int) -> Iterator[PartitionResult]:
    """A process pool of ``jobs`` workers, at most 2*jobs tasks in flight."""
    import concurrent.futures as cf
    import itertools
    import multiprocessing

    stream = iter(tasks)
    first = next(stream, None)
    if first is None:
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        # Load rule packs, word lists and models once here: forked workers
        # inherit them instead of each spending seconds loading their own.
        process_partition(replace(first, index=-1, pairs=first.pairs[:1], parquet_dir=None))
    with cf.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
        yield from _windowed(
            pool.submit, itertools.chain([first], stream), 2 * jobs, cf.wait, cf.FIRST_COMPLETED
        )


def _windowed(
    submit: Any, tasks: Iterable[Any], window: int, wait: Any, first: Any
) -> Iterator[Any]:
    pending: set[Any] = set()
    for task in tasks:
        pending.add(submit(process_partition, task))
        if len(pending) >= window:
            done, pending = wait(pending, return_when=first)
            for future in done:
                yield future.result()
    while pending:
        done, pending = wait(pending, return_when=first)
        for future in done:
            yield future.result()


def dask_client(scheduler: Any, jobs: int) -> tuple[Any, bool]:
    """A dask.distributed Client for ``scheduler`` (an address, a cluster, a
    client, or None for a LocalCluster of ``jobs`` workers); returns (client,
    owned) where owned means the caller must close it."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError(
            "--engine dask", "needs the optional extra: pip install 'transcheck[dask]'"
        ) from None
    if scheduler is None:
        import logging
        import warnings

        with warnings.catch_warnings():
            # "Port 8787 is already in use": noise for a CLI that shows no dashboard.
            warnings.simplefilter("ignore")
            # silence_logs: a task that raises (bad input) is reported once, as
            # one line by the CLI, not also as a worker "Compute Failed" traceback.
            cluster = LocalCluster(
                n_workers=max(1, jobs),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,
            )
        return Client(cluster), True
    if hasattr(scheduler, "submit"):
        return scheduler, False
    if hasattr(scheduler, "scheduler_address"):
        return Client(scheduler), True
    try:
        return Client(str(scheduler), timeout="10s"), True
    except OSError as exc:
        raise ConfigError("--scheduler", f"cannot reach the Dask scheduler: {exc}") from None


def run_dask(
    tasks: Iterable[PartitionTask], client: Any, window: int | None = None
) -> Iterator[PartitionResult]:
    """Run ``process_partition`` on the cluster behind ``client``."""
    from dask.distributed import wait

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = window or 2 * workers

    def submit(func: Any, task: PartitionTask) -> Any:
        # pure=False: identical partitions of different runs must both run.
        return client.submit(func, task, pure=False)

    yield from _windowed(submit, tasks, window, wait, "FIRST_COMPLETED")

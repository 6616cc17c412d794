"""Run score+flag over corpora of any size: streamed partitions of pairs,
processed serially, on a process pool, or on a Dask cluster.

The unit of work is :func:`transcheck.execution.work.process_partition`; every
backend runs exactly that function, so results do not depend on the backend.
"""

from transcheck.execution.pairs import Pair, iter_line_pairs, iter_record_pairs, partitions
from transcheck.execution.work import (
    FlagRecord,
    PartitionResult,
    PartitionTask,
    ScoringConfig,
    process_partition,
)

__all__ = [
    "FlagRecord",
    "Pair",
    "PartitionResult",
    "PartitionTask",
    "ScoringConfig",
    "iter_line_pairs",
    "iter_record_pairs",
    "partitions",
    "process_partition",
]

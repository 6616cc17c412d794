"""TSV parallel files: ``source<TAB>target[<TAB>more...]``, one pair a line.

No quoting (the MT-evaluation convention: quotes are text). Every non-blank
line must have the same number of columns as the first one, at least two;
blank lines are skipped. Columns after the second go to ``extra["columns"]``.
"""

from __future__ import annotations

from transcheck.errors import InputError
from transcheck.model import ParallelRecord


class TsvParser:
    """Parses lines one at a time so a file can be streamed in constant memory."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.columns: int | None = None

    def parse(self, line: str, line_no: int) -> ParallelRecord | None:
        line = line.rstrip("\r\n")
        if not line.strip():
            return None
        cells = line.split("\t")
        if len(cells) < 2:
            raise InputError(
                self.path, "has 1 column, expected at least 2 (source<TAB>target)", line_no
            )
        if self.columns is None:
            self.columns = len(cells)
        elif len(cells) != self.columns:
            raise InputError(
                self.path,
                f"ragged TSV: {len(cells)} columns here, {self.columns} in the first row",
                line_no,
            )
        extra = {"columns": cells[2:]} if len(cells) > 2 else {}
        return ParallelRecord(cells[0], cells[1], extra, line_no)

"""Arrow tables in and out of a chunk: decimal columns from cents, and a chunk's result."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrow import int_array
from .fields import RowErrors

# Amounts are written as decimal(18, 2): exact dollars and cents in Parquet, "1234.50" in CSV. Arrow's
# 64-bit decimal holds exactly the int64 cents the evaluators compute, so no conversion is needed.
AMOUNT_TYPE = pa.decimal64(18, 2)
ERROR_COLUMNS = ("row", "case_id", "field", "message")


def decimal_array(cents: np.ndarray) -> pa.Array:
    """int64 cents as an exact decimal(18, 2) array (the same 64-bit integers, no float, no text)."""
    cents = np.ascontiguousarray(cents, dtype=np.int64)
    return pa.Array.from_buffers(AMOUNT_TYPE, len(cents), [None, pa.py_buffer(cents)])


class DecimalColumns:
    """Output amount columns filled block by block, written straight into Arrow decimal buffers."""

    def __init__(self, names, size: int):
        self.size = size
        # Arrow's memory pool keeps freed memory for the next chunk (fresh pages are slow to fault in).
        self.buffers = {name: pa.allocate_buffer(size * 8) for name in names}
        self.cents = {name: np.frombuffer(buffer, dtype=np.int64) for name, buffer in self.buffers.items()}

    def put(self, name: str, start: int, cents: np.ndarray) -> None:
        self.cents[name][start : start + len(cents)] = cents

    def array(self, name: str) -> pa.Array:
        return pa.Array.from_buffers(AMOUNT_TYPE, self.size, [None, self.buffers[name]])


def text_array(table: pa.Table, name: str, keep: np.ndarray | None) -> pa.Array:
    column = table.column(name)
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = pc.cast(column, pa.string())
    column = pc.utf8_trim_whitespace(column)
    if column.type != pa.string():
        column = pc.cast(column, pa.string())
    return column if keep is None else column.take(int_array(keep))


@dataclass
class ChunkResult:
    """One chunk computed: the good rows' output, and an error record per problem in a bad row."""

    output: pa.Table
    errors: list[tuple[int, str, str, str]]  # (row number in the input, counting from 1; case_id; field; message)
    rows: int
    seconds: float = 0.0
    csv: list | None = None  # the output rows as CSV bytes, in pieces, when OUT is a CSV file
    case_hashes: np.ndarray | None = None  # a 64-bit hash of every input row's case_id (duplicates)

    @classmethod
    def build(cls, output: pa.Table, errors: RowErrors, table: pa.Table, first_row: int) -> "ChunkResult":
        found = sorted(errors.found, key=lambda item: item[0])
        records: list[tuple[int, str, str, str]] = []
        if found:
            ids = text_array(table, "case_id", np.array([index for index, _, _ in found], dtype=np.int64)).to_pylist()
            records = [
                (first_row + index + 1, case_id or "", field, message)
                for (index, field, message), case_id in zip(found, ids)
            ]
        return cls(output=output, errors=records, rows=table.num_rows)

    @property
    def bad_rows(self) -> int:
        return len({row for row, _, _, _ in self.errors})

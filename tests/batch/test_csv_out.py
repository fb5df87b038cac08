"""The numpy CSV encoder writes exactly the bytes Arrow's CSV writer writes, for any table the batch makes."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spouse_relief.batch import csv_out
from spouse_relief.batch.arrow import validity

AMOUNT = pa.decimal64(18, 2)


def _amounts(cents: list[int], present: list[bool]) -> pa.Array:
    values = np.array(cents, dtype=np.int64)
    mask = np.array(present, dtype=bool)
    nulls = None if mask.all() else validity(mask)
    return pa.Array.from_buffers(AMOUNT, len(values), [nulls, pa.py_buffer(values)], null_count=-1)


def _same(table: pa.Table) -> None:
    assert csv_out.rows_csv(table) == csv_out.arrow_csv(table)


def test_hand_made_cells():
    table = pa.table({
        "case_id": pa.array(["a", "b,c", 'd"e', None, "x\ny", " sp", "", "é€😀"]),
        "tax_year": pa.array([2022, 1, -2, 3, 4, 5, 0, 1990], pa.int32()),
        "L1_A": _amounts([0, 5, -5, 123456, -100, 99_999_999_999_99, -99, 10], [True] * 7 + [False]),
        "L1_B": _amounts([0] * 8, [True] * 8),
        "result_outcome": pa.array(["none", "refund", None, "x", "y", "z", "w", "liability"]),
    })
    _same(table)
    assert csv_out.rows_csv(table).splitlines()[0] == b'"a",2022,0.00,0.00,"none"'
    assert csv_out.header(table.schema) == b'"case_id","tax_year","L1_A","L1_B","result_outcome"\n'


def test_numbers_too_wide_for_a_frame_and_other_types_go_through_arrow():
    _same(pa.table({"n": _amounts([10**17, -(10**17), 1], [True] * 3)}))
    _same(pa.table({"n": _amounts([-(2**63), 0, 1], [True] * 3)}))
    _same(pa.table({"f": pa.array([1.5, None]), "d": pa.array([None, None], pa.decimal128(10, 3))}))
    _same(pa.table({"t": pa.array(["x" * 500, "y"])}))
    assert csv_out.rows_csv(pa.table({"n": _amounts([], [])})) == b""


def test_amounts_either_side_of_32_bits_of_cents():
    """Amounts under 2**32 cents are split into digits in 32-bit arithmetic, larger ones in 64-bit."""
    edges = [2**32 - 1, 2**32, 2**32 + 1, 10**10 - 1, 10**10, 10**13 - 1]
    cents = edges + [-edge for edge in edges] + [0, 7, 100_000_000_00]
    _same(pa.table({"L1_A": _amounts(cents, [True] * len(cents)), "L1_B": _amounts([2**32 - 1] * len(cents), [True] * len(cents))}))
    assert csv_out.rows_csv(pa.table({"n": _amounts([2**32 - 1, 2**32], [True, True])})) == b"42949672.95\n42949672.96\n"


def test_blocks_and_constant_columns():
    rows = csv_out.BLOCK_ROWS * 2 + 17
    rng = np.random.default_rng(5)
    varying = rng.integers(-(10**12), 10**12, rows)
    constant_in_first_block = np.r_[np.zeros(csv_out.BLOCK_ROWS, dtype=np.int64), rng.integers(-500, 500, rows - csv_out.BLOCK_ROWS)]
    table = pa.table({
        "case_id": pa.array([f"IL-{index}" for index in range(rows)]),
        "zero": _amounts([0] * rows, [True] * rows),
        "seven": _amounts([-700] * rows, [True] * rows),
        "varying": _amounts(varying.tolist(), [True] * rows),
        "later": _amounts(constant_in_first_block.tolist(), (rng.random(rows) < 0.9).tolist()),
        "last": _amounts([5] * rows, [True] * rows),
    })
    _same(table)
    _same(table.slice(3, 5000))


_TEXT = st.one_of(st.none(), st.text(max_size=20), st.sampled_from(['"', '""', ",", "\n", "\r\n", " ", "a,b\"c\nd"]))
_CENTS = st.one_of(st.integers(-(10**13), 10**13), st.sampled_from([0, 1, -1, 99, -99, 100, -100, 10**8, 10**11 - 1, -(10**11) + 1]))


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(st.tuples(_TEXT, st.integers(-(2**31), 2**31 - 1), _CENTS, st.booleans(), _CENTS, _TEXT), min_size=1, max_size=40))
def test_any_cells_give_arrows_bytes(rows):
    texts, years, first, present, second, outcomes = (list(column) for column in zip(*rows))
    table = pa.table({
        "case_id": pa.array(texts, pa.string()),
        "tax_year": pa.array(years, pa.int32()),
        "L1_A": _amounts(first, present),
        "L1_B": _amounts(second, [True] * len(second)),
        "result_outcome": pa.array(outcomes, pa.string()),
    })
    _same(table)

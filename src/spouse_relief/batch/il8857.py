"""Form IL-8857 in batch: the column format (docs/batch.md) read into the column evaluator.

Input columns: ``case_id``, ``tax_year``, optional ``residency`` (``resident``, ``nonresident``,
``part_year_resident``; empty means resident), and ``L<line>_<column>`` for the input lines
(``L1_A``, ``L65b_C``, ``L69_A``; ``L41_*`` only for a nonresident or part-year resident). A
line's cells mean what line entry means (spouse_relief.worksheets.il8857): A alone is divided by
the line's rule; otherwise the missing columns are completed so that B + C = A.

Output columns: ``case_id``, ``tax_year``, every printed line's ``L<line>_A/B/C`` in printed
order, ``result_outcome`` (liability, refund, none) and ``result_amount`` (from line 80, column B).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..worksheets.il8857 import supported_tax_years
from ..worksheets.il8857_definition import INPUT_LINES, PRINTED_LINES, TYPABLE_WHEN_NONRESIDENT, WORKSHEET
from ..worksheets.lines import COLUMNS, complete_columns
from ..parameters import parameter
from .arrow import bool_array, int_array
from .arrow import text_array as arrow_text
from .cents import as_fraction
from .columns import ColumnEntries, RateColumn, evaluate_in_blocks
from .fields import FileError, RowErrors, amount_column, case_and_year, coded_column
from .tables import AMOUNT_TYPE, ChunkResult, DecimalColumns, text_array

FORM = "IL-8857"
NAME = "il8857"
CASE_ID, TAX_YEAR, RESIDENCY = "case_id", "tax_year", "residency"
RESIDENCIES = ("resident", "nonresident", "part_year_resident")
ENTRY_LINES: tuple[str, ...] = tuple(number for number in PRINTED_LINES if number in INPUT_LINES or number in TYPABLE_WHEN_NONRESIDENT)
_LINE_COLUMN = re.compile(r"^L(?P<line>[0-9]+[a-d]?)_(?P<column>[ABC])$")


def column_name(line: str, column: str) -> str:
    return f"L{line}_{column}"


INPUT_COLUMNS: tuple[str, ...] = (CASE_ID, TAX_YEAR, RESIDENCY) + tuple(
    column_name(number, column) for number in ENTRY_LINES for column in COLUMNS
)
OUTPUT_COLUMNS: tuple[str, ...] = (
    (CASE_ID, TAX_YEAR)
    + tuple(column_name(number, column) for number in PRINTED_LINES for column in COLUMNS)
    + ("result_outcome", "result_amount")
)


def check_header(names: Iterable[str]) -> list[str]:
    """Refuse a header that cannot be read (missing case_id/tax_year, unknown or computed lines)."""
    names = list(names)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise FileError(name, "the column appears twice")
        seen.add(name)
        if name in (CASE_ID, TAX_YEAR, RESIDENCY):
            continue
        match = _LINE_COLUMN.match(name)
        if match is None:
            raise FileError(
                name,
                "unknown column: the columns are case_id, tax_year, residency and L<line>_<A|B|C> "
                "for the worksheet's input lines (docs/batch.md)",
            )
        number = match["line"]
        if number not in PRINTED_LINES:
            raise FileError(name, "unknown line: the worksheet has lines 1 through 80, with 65a through 65d")
        if number not in ENTRY_LINES:
            raise FileError(name, f"line {number} is computed ({WORKSHEET.line(number).label}); remove the column")
    for required in (CASE_ID, TAX_YEAR):
        if required not in seen:
            raise FileError(required, "the column is required")
    return names


@cache
def _rate_fraction(name: str, tax_year: int) -> tuple[int, int]:
    return as_fraction(parameter(name).for_tax_year(tax_year).value)


def _rates_for(years: np.ndarray, usable: np.ndarray):
    """RateColumns for the chunk: each case's rate parameter for its tax year (0 where unusable)."""
    unique, inverse = np.unique(np.where(usable, years, 0), return_inverse=True)
    cache: dict[str, RateColumn] = {}

    def rates(name: str) -> RateColumn:
        if name not in cache:
            fractions = [_rate_fraction(name, int(year)) if year else (0, 1) for year in unique]
            numerators = np.array([numerator for numerator, _ in fractions], dtype=np.int64)[inverse]
            denominators = np.array([denominator for _, denominator in fractions], dtype=np.int64)[inverse]
            cache[name] = RateColumn(numerators, denominators)
        return cache[name]

    return rates


def _entries_for_line(
    table: pa.Table, names: set[str], number: str, errors: RowErrors
) -> tuple[ColumnEntries | None, np.ndarray | None]:
    """Line entry as columns: A alone is divided by the line's rule; otherwise B + C = A is completed."""
    cells: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for column in COLUMNS:
        name = column_name(number, column)
        if name in names:
            cells[column] = amount_column(table, name, errors)
    if not cells:
        return None, None
    size = table.num_rows
    zeros = np.zeros(size, dtype=np.int64)
    absent = np.zeros(size, dtype=bool)
    a_value, has_a = cells.get("A", (zeros, absent))
    b_value, has_b = cells.get("B", (zeros, absent))
    c_value, has_c = cells.get("C", (zeros, absent))
    given = has_a | has_b | has_c
    if not given.any():
        return None, given
    a_only = has_a & ~has_b & ~has_c
    placed = given & ~a_only
    entry = ColumnEntries()
    if placed.any():
        a, b, c = complete_columns(a_value, b_value, c_value, (has_a, has_b, has_c), np.where)
        entry.fixed = np.where(placed, np.stack([a, b, c]), 0)
    if a_only.any():
        entry.to_divide = np.where(a_only, a_value, 0)
    return entry, given


def output_lines(lines: Iterable[str] | None) -> tuple[str, ...]:
    """The printed lines to write (all by default), checked, in printed order."""
    if lines is None:
        return PRINTED_LINES
    wanted = {str(number).strip() for number in lines}
    unknown = sorted(wanted - set(PRINTED_LINES))
    if unknown:
        raise FileError("--lines", f"unknown line(s) {', '.join(unknown)}: the worksheet has lines 1 through 80, with 65a through 65d")
    return tuple(number for number in PRINTED_LINES if number in wanted)


def compute_chunk(table: pa.Table, first_row: int = 0, lines: Iterable[str] | None = None) -> ChunkResult:
    """Compute the worksheets of one chunk. ``first_row`` is the chunk's offset in the input;
    ``lines`` limits the output to some printed lines (the result columns are always written)."""
    names = set(check_header(table.column_names))
    size = table.num_rows
    errors = RowErrors(size)

    years, usable_year = case_and_year(table, CASE_ID, TAX_YEAR, supported_tax_years(), errors)

    nonresident = np.zeros(size, dtype=bool)
    if RESIDENCY in names:
        codes, values = coded_column(table, RESIDENCY)
        for code, value in enumerate(values):
            if value == "resident":
                continue
            rows = codes == code
            if value in RESIDENCIES:
                nonresident |= rows
            else:
                errors.add_many(np.flatnonzero(rows), RESIDENCY, f"{value!r} is not one of resident, nonresident, part_year_resident")

    entries: dict[str, ColumnEntries] = {}
    for number in ENTRY_LINES:
        entry, given = _entries_for_line(table, names, number, errors)
        if entry is None:
            continue
        if number in TYPABLE_WHEN_NONRESIDENT:
            refused = given & ~nonresident
            label = WORKSHEET.line(number).label
            for index in np.flatnonzero(refused).tolist():
                column = next(c for c in COLUMNS if column_name(number, c) in names and _cell_given(table, column_name(number, c), index))
                errors.add(
                    index, column_name(number, column),
                    f"line {number} is computed ({label}); remove it (it is typed only for a nonresident or part-year resident)",
                )
        entries[number] = entry

    typed = {number: nonresident for number in TYPABLE_WHEN_NONRESIDENT}
    chosen = output_lines(lines)
    names_out = [column_name(number, column) for number in chosen for column in COLUMNS]
    amounts = DecimalColumns(names_out + ["result_amount"], size)
    requester = np.zeros(size, dtype=np.int64)

    def consume(start: int, stop: int, values: dict[str, np.ndarray]) -> None:
        for number in chosen:
            block = values[number]
            for row, column in enumerate(COLUMNS):
                amounts.put(column_name(number, column), start, block[row])
        requester[start:stop] = values["80"][1]
        amounts.put("result_amount", start, np.abs(values["80"][1]))

    evaluate_in_blocks(WORKSHEET, entries, _rates_for(years, usable_year), size, consume, typed=typed)
    outcome = pc.take(_OUTCOMES, int_array(np.sign(requester) % 3, np.int8))  # 0 none, 1 liability, 2 (-1) refund
    columns: dict[str, pa.Array] = {
        CASE_ID: text_array(table, CASE_ID, None),
        TAX_YEAR: int_array(years, np.int32),
    }
    columns |= {name: amounts.array(name) for name in names_out}
    columns["result_outcome"] = outcome
    columns["result_amount"] = amounts.array("result_amount")
    output = pa.table(columns)
    if errors.bad.any():
        output = output.filter(bool_array(~errors.bad))
    return ChunkResult.build(output, errors, table, first_row)


_OUTCOMES = arrow_text(["none", "liability", "refund"])


def _cell_given(table: pa.Table, name: str, index: int) -> bool:
    value = table.column(name)[index].as_py()
    return value is not None and str(value).strip() != ""


def output_schema(lines: Iterable[str] | None = None) -> pa.Schema:
    """The output's columns and types (for an input with no rows)."""
    fields = [pa.field(CASE_ID, pa.string()), pa.field(TAX_YEAR, pa.int32())]
    fields += [pa.field(column_name(number, column), AMOUNT_TYPE) for number in output_lines(lines) for column in COLUMNS]
    fields += [pa.field("result_outcome", pa.string()), pa.field("result_amount", AMOUNT_TYPE)]
    return pa.schema(fields)

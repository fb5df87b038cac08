"""Reading the fields of a chunk (a pyarrow table) into columns, with an error per bad cell.

Amounts become int64 cents by the same rules as :func:`spouse_relief.money.parse_amount`: text
such as ``1234.5`` or ``-12.05`` is read by a vectorized fast path; anything else (``$1,200``,
``(46.00)``, ``1E3``, ``abc``, ``1.005``) goes cell by cell through ``parse_amount`` itself, so
both evaluators accept and refuse the same amounts with the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..money import parse_amount
from .arrow import bool_array, int_array, null_text
from .cents import MAX_AMOUNT_CENTS

_PLAIN_AMOUNT = r"^-?[0-9]{1,12}(\.[0-9]{0,2})?$"
_PLAIN_DECIMAL = pa.decimal64(16, 2)  # the plain pattern allows 12 whole digits
_LIMIT_TEXT = f"{Decimal(MAX_AMOUNT_CENTS) / 100:,.2f}"


@dataclass
class RowErrors:
    """Errors found in a chunk: (row index within the chunk, field, message), and a bad-row mask."""

    size: int
    found: list[tuple[int, str, str]] = dataclass_field(default_factory=list)

    def __post_init__(self) -> None:
        self.bad = np.zeros(self.size, dtype=bool)

    def add(self, index: int, field: str, message: str) -> None:
        self.found.append((int(index), field, message))
        self.bad[index] = True

    def add_many(self, indexes: np.ndarray, field: str, message: str | list[str]) -> None:
        messages = message if isinstance(message, list) else [message] * len(indexes)
        for index, text in zip(indexes.tolist(), messages):
            self.add(index, field, text)


class FileError(InputError):
    """A problem with the whole file (a header, a column's type): nothing can be computed."""


def _column(table: pa.Table, name: str) -> pa.Array:
    column = table.column(name)
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def column_as_text(table: pa.Table, name: str) -> pa.Array:
    column = _column(table, name)
    return column if _is_text(column.type) else pc.cast(column, pa.string())


def amount_column(table: pa.Table, name: str, errors: RowErrors) -> tuple[np.ndarray, np.ndarray]:
    """The column ``name`` as (int64 cents, present mask). Bad cells are recorded and read as absent."""
    size = table.num_rows
    column = _column(table, name)
    kind = column.type
    if pa.types.is_null(kind):
        return np.zeros(size, dtype=np.int64), np.zeros(size, dtype=bool)
    if pa.types.is_floating(kind):
        raise FileError(name, f"amounts must be read as decimals, not binary floats (the column is {kind}); "
                        "store amounts as text or as a decimal type")
    if pa.types.is_integer(kind):
        dollars, present = integers(column)
        over = present & (np.abs(dollars) > MAX_AMOUNT_CENTS // 100)
        if over.any():
            indexes = np.flatnonzero(over)
            errors.add_many(indexes, name, [_over_limit_message(dollars[i]) for i in indexes])
            present &= ~over
        return np.where(present, dollars * 100, 0), present
    if (pa.types.is_decimal128(kind) or pa.types.is_decimal64(kind)) and kind.scale <= 2 and kind.precision <= 18:
        present = _valid(column)
        cents = _unscaled(column) * 10 ** (2 - kind.scale)
        return _within_limit(np.where(present, cents, 0), present, name, errors)
    if not (_is_text(kind) or pa.types.is_decimal(kind)):
        raise FileError(name, f"amounts must be text or decimals, not {kind}")
    return _text_amounts(column_as_text(table, name), name, errors)


def _valid(column: pa.Array) -> np.ndarray:
    if column.null_count == 0 or len(column) == 0:
        return np.ones(len(column), dtype=bool)
    return _booleans(column.is_valid())


def _within_limit(cents: np.ndarray, present: np.ndarray, name: str, errors: RowErrors) -> tuple[np.ndarray, np.ndarray]:
    if len(cents) == 0 or (cents.max() <= MAX_AMOUNT_CENTS and cents.min() >= -MAX_AMOUNT_CENTS):
        return cents, present
    over = present & (np.abs(cents) > MAX_AMOUNT_CENTS)
    if over.any():
        indexes = np.flatnonzero(over)
        errors.add_many(indexes, name, [_over_limit_message(Decimal(int(cents[i])) / 100) for i in indexes])
        present = present & ~over
        cents = np.where(present, cents, 0)
    return cents, present


def _text_amounts(text: pa.Array, name: str, errors: RowErrors) -> tuple[np.ndarray, np.ndarray]:
    size = len(text)
    if text.null_count == size:
        return np.zeros(size, dtype=np.int64), np.zeros(size, dtype=bool)
    plain = _matches(text, _PLAIN_AMOUNT)
    present = _valid(text)
    odd = present & ~plain
    if odd.sum() > size // 100:  # many cells with spaces around them: trim them all, then look again
        text = pc.utf8_trim_whitespace(text)
        plain = _matches(text, _PLAIN_AMOUNT)
        odd = present & ~plain
    cents = np.zeros(size, dtype=np.int64)
    if plain.any():
        chosen = text if plain.all() else pc.if_else(bool_array(plain), text, null_text(size))
        cents = _unscaled(pc.cast(chosen, _PLAIN_DECIMAL))
    for index, raw in zip(np.flatnonzero(odd).tolist(), text.take(int_array(np.flatnonzero(odd))).to_pylist()):
        if not raw.strip():  # an empty cell
            present[index] = False
            continue
        try:
            amount = parse_amount(raw, name)
        except InputError as exc:
            errors.add(index, name, exc.message)
            present[index] = False
            continue
        if abs(amount) > Decimal(MAX_AMOUNT_CENTS) / 100:
            errors.add(index, name, _over_limit_message(amount))
            present[index] = False
            continue
        cents[index] = int(amount * 100)
    return _within_limit(np.where(present, cents, 0), present, name, errors)


def _matches(text: pa.Array, pattern: str) -> np.ndarray:
    matched = pc.match_substring_regex(text, pattern)
    return _booleans(matched) & _valid(matched)  # a null cell does not match


def _unscaled(decimals: pa.Array) -> np.ndarray:
    """The integers behind a decimal array of precision 18 or less (for scale 2: its cents).

    decimal64 holds them as int64; decimal128 as two 64-bit words, low first, and a precision of
    18 or less means the low word alone is the value.
    """
    words = np.frombuffer(decimals.buffers()[1], dtype=np.int64)
    step = 2 if pa.types.is_decimal128(decimals.type) else 1
    return words[step * decimals.offset : step * (decimals.offset + len(decimals)) : step].copy()


def _ints(text: pa.Array) -> np.ndarray:
    values, present = integers(pc.cast(text, pa.int64()))
    return np.where(present, values, 0)


def _non_empty(text: pa.Array) -> np.ndarray:
    """Where a (trimmed) text cell holds something: not null and not empty."""
    lengths, present = integers(pc.utf8_length(text))
    return present & (lengths > 0)


def integers(column: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """An integer array's values as int64 (anything where null) and where it has a value, from its buffers."""
    buffer = column.buffers()[1]
    if buffer is None or len(column) == 0:
        return np.zeros(len(column), dtype=np.int64), np.zeros(len(column), dtype=bool)
    values = np.frombuffer(buffer, dtype=column.type.to_pandas_dtype())[column.offset : column.offset + len(column)]
    return values.astype(np.int64), _valid(column)


def _booleans(column: pa.Array) -> np.ndarray:
    """A boolean array's values as numpy bools, from its bitmap (whatever is under a null)."""
    if len(column) == 0:
        return np.zeros(0, dtype=bool)
    bits = np.frombuffer(column.buffers()[1], dtype=np.uint8)
    return np.unpackbits(bits, bitorder="little", count=column.offset + len(column))[column.offset :].astype(bool)


def _over_limit_message(amount: object) -> str:
    return f"{amount} is larger than the batch limit of {_LIMIT_TEXT} (either sign) for one amount"


def coded_column(table: pa.Table, name: str) -> tuple[np.ndarray, list[str]]:
    """A text column of few distinct values (a status, a state, true/false) as codes.

    Returns (code per row, the distinct values): code -1 where the cell is empty or missing.
    """
    trimmed = pc.utf8_trim_whitespace(column_as_text(table, name))
    encoded = pc.dictionary_encode(trimmed)
    values = encoded.dictionary.to_pylist()
    indices, present = integers(encoded.indices)
    codes = np.where(present, indices, -1)
    if "" in values:
        codes = np.where(codes == values.index(""), -1, codes)
    return codes, values


def missing_text(table: pa.Table, name: str) -> np.ndarray:
    """Where a text cell is empty or missing."""
    trimmed = pc.utf8_trim_whitespace(column_as_text(table, name))
    return ~_non_empty(trimmed)


def year_column(table: pa.Table, name: str, errors: RowErrors) -> np.ndarray:
    """A whole-number column such as ``tax_year`` as int64; a missing or bad cell is an error (0)."""
    column = _column(table, name)
    size = table.num_rows
    if pa.types.is_integer(column.type):
        years, present = integers(column)
        missing = ~present
    elif _is_text(column.type):
        trimmed = pc.utf8_trim_whitespace(column)
        present = _non_empty(trimmed)
        whole = _matches(trimmed, r"^[0-9]{1,4}$")
        years = np.zeros(size, dtype=np.int64)
        if whole.any():
            years = _ints(pc.if_else(bool_array(whole), trimmed, null_text(size)))
        bad = present & ~whole
        if bad.any():
            indexes = np.flatnonzero(bad)
            shown = trimmed.take(int_array(indexes)).to_pylist()
            errors.add_many(indexes, name, [f"{value!r} is not a tax year (a whole number such as 2022)" for value in shown])
        missing = ~present
        present &= whole
    else:
        raise FileError(name, f"expected whole numbers such as 2022, not {column.type}")
    if missing.any():
        errors.add_many(np.flatnonzero(missing), name, "is required")
    return np.where(present, years, 0)


def case_and_year(
    table: pa.Table, case_id: str, tax_year: str, supported: tuple[int, int], errors: RowErrors
) -> tuple[np.ndarray, np.ndarray]:
    """The checks every form's batch starts with: ``case_id`` is required, and ``tax_year`` is a
    whole number within the years the law data covers. Returns the years and where they are usable."""
    missing_id = missing_text(table, case_id)
    if missing_id.any():
        errors.add_many(np.flatnonzero(missing_id), case_id, "is required")
    years = year_column(table, tax_year, errors)
    first, last = supported
    outside = (years != 0) & ((years < first) | (years > last))
    for index in np.flatnonzero(outside).tolist():
        errors.add(index, tax_year, f"{years[index]} is outside the tax years the law data covers ({first} through {last})")
    return years, (years != 0) & ~outside

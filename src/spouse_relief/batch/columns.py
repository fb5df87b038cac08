"""The column evaluator: one worksheet definition, many cases at once, in integer cents.

It reads the same :class:`~spouse_relief.worksheets.lines.Worksheet` as the case evaluator
(:func:`spouse_relief.worksheets.lines.evaluate_case`) and calls the same formula and division
words: each word's integer-cents arithmetic (``on_rows``; for divisions ``divide_cents``) is
written beside its Decimal arithmetic in ``lines.py``. A line's value is a ``(3, n)`` array of
int64 cents (numpy): rows A (joint), B (requesting spouse),
C (other spouse), one column per case. Every formula treats the three rows alike, as the case
evaluator treats the three columns alike; divisions look across rows, from B and C.

A formula or division class this module does not know is an error, never a silent zero: a new
word in the vocabulary needs its ``on_rows`` beside its ``on_column``, and the property test
(tests/batch/test_column_evaluator.py) proves the two evaluators agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from ..worksheets.lines import ByBasis, Equal, Formula, Line, Worksheet
from ..worksheets.lines import divide_cents as divide_columns

A, B, C = 0, 1, 2


@dataclass
class ColumnEntries:
    """What the cases gave for one input line, as columns (the column form of ``Entry``).

    ``fixed`` is ``(3, n)``: amounts already placed in A, B and C. ``to_divide`` is ``(n,)``:
    joint money whose owner is unclear, divided by the line's division. Either may be None
    (nothing of that kind in any case).
    """

    fixed: np.ndarray | None = None
    to_divide: np.ndarray | None = None


@dataclass(frozen=True)
class RateColumn:
    """A rate parameter per case as an exact fraction: ``numerator / denominator`` (int64 each)."""

    numerator: np.ndarray
    denominator: np.ndarray


RateColumns = Callable[[str], RateColumn]


def evaluate_columns(
    worksheet: Worksheet,
    entries: Mapping[str, ColumnEntries],
    rates: RateColumns,
    size: int,
    typed: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Compute every line for ``size`` cases; returns each line's ``(3, size)`` int64 cents.

    ``typed`` maps a normally computed line to a boolean mask of the cases that typed it (the
    column form of ``typed_lines``); those cases take the line from ``entries`` instead.
    """
    typed = typed or {}
    zero = np.zeros((3, size), dtype=np.int64)
    zero.setflags(write=False)
    values: dict[str, np.ndarray] = {}
    for line in worksheet.lines:
        mask = typed.get(line.number)
        if line.computed:
            computed = _apply(line.formula, values, rates, zero)
            if mask is not None and mask.any():
                allocated = _allocate(line, entries.get(line.number), values, zero)
                computed = np.where(mask, allocated, computed)
            values[line.number] = computed
        else:
            values[line.number] = _allocate(line, entries.get(line.number), values, zero)
    return values


BLOCK_ROWS = 8192  # cases evaluated together: a line's (3, n) block then fits in a core's cache (docs/performance.md)


def evaluate_in_blocks(
    worksheet: Worksheet,
    entries: Mapping[str, ColumnEntries],
    rates: RateColumns,
    size: int,
    consume: Callable[[int, int, dict[str, np.ndarray]], None],
    typed: Mapping[str, np.ndarray] | None = None,
    block_rows: int = BLOCK_ROWS,
) -> None:
    """:func:`evaluate_columns` over blocks of ``block_rows`` cases; ``consume(start, stop, values)``
    receives each block's lines before the next block is computed (same results, several times faster
    on many cases: the arrays of a block stay in cache)."""
    typed = typed or {}
    for start in range(0, size, block_rows):
        stop = min(start + block_rows, size)
        block_entries = {
            number: ColumnEntries(
                None if entry.fixed is None else entry.fixed[:, start:stop],
                None if entry.to_divide is None else entry.to_divide[start:stop],
            )
            for number, entry in entries.items()
        }

        def block_rates(name: str, start: int = start, stop: int = stop) -> RateColumn:
            rate = rates(name)
            return RateColumn(rate.numerator[start:stop], rate.denominator[start:stop])

        block_typed = {number: mask[start:stop] for number, mask in typed.items()}
        consume(start, stop, evaluate_columns(worksheet, block_entries, block_rates, stop - start, typed=block_typed))


def _apply(formula: Formula | None, values: dict[str, np.ndarray], rates: RateColumns, zero: np.ndarray) -> np.ndarray:
    """A computed line on rows: the formula word's integer-cents arithmetic (``on_rows``, written in
    worksheets/lines.py beside its Decimal arithmetic)."""
    on_rows = getattr(formula, "on_rows", None)
    if on_rows is None:
        raise TypeError(f"the column evaluator has no column form for formula {formula!r}")
    return on_rows(values, rates, zero)


def _allocate(line: Line, entry: ColumnEntries | None, values: dict[str, np.ndarray], zero: np.ndarray) -> np.ndarray:
    if entry is None or (entry.fixed is None and entry.to_divide is None):
        return zero
    row = zero.copy() if entry.fixed is None else entry.fixed.copy()
    if entry.to_divide is not None:
        amount = entry.to_divide
        division = line.division or Equal()
        if isinstance(division, ByBasis):
            basis_b = _basis(division.lines, B, values)
            basis_c = _basis(division.lines, C, values)
            part_b, part_c = divide_columns(amount, basis_b, basis_c)
        elif isinstance(division, Equal):
            part_b, part_c = divide_columns(amount, None, None)
        else:
            raise TypeError(f"the column evaluator has no column form for division {division!r}")
        row[A] += amount
        row[B] += part_b
        row[C] += part_c
    return row


def _basis(lines: tuple[str, ...], column: int, values: dict[str, np.ndarray]) -> np.ndarray:
    total = values[lines[0]][column].copy()
    for number in lines[1:]:
        total += values[number][column]
    return total


# Words for the IRC 6015(d) split
#
# The column forms of SmallerLine, OtherSpouses, ShareByBasis and PartOfWhole (their Decimal
# arithmetic is at the end of worksheets/lines.py; tests/federal/test_f6015d_columns.py proves the
# two agree).

from ..worksheets.lines import OtherSpouses, PartOfWhole, ShareByBasis, SmallerLine  # noqa: E402
from .cents import round_half_up_div  # noqa: E402


def _split_word(formula: Formula, values: dict[str, np.ndarray]) -> np.ndarray | None:
    if isinstance(formula, SmallerLine):
        return np.minimum(values[formula.first], values[formula.second])
    if isinstance(formula, OtherSpouses):
        return values[formula.line][[A, C, B]]
    if isinstance(formula, ShareByBasis):
        whole = values[formula.amount][A]
        part_b, part_c = divide_columns(whole, _basis(formula.basis, B, values), _basis(formula.basis, C, values))
        return np.stack([whole, part_b, part_c])
    if isinstance(formula, PartOfWhole):
        whole = values[formula.whole][A]
        empty = whole == 0
        share = round_half_up_div(
            np.broadcast_to(values[formula.amount][A], values[formula.part].shape), values[formula.part], np.where(empty, 1, whole)
        )
        return np.where(empty, 0, share)
    return None


_apply_without_split_words = _apply


def _apply(formula: Formula | None, values: dict[str, np.ndarray], rates: RateColumns, zero: np.ndarray) -> np.ndarray:  # noqa: F811
    result = _split_word(formula, values)
    return _apply_without_split_words(formula, values, rates, zero) if result is None else result

"""Federal income tax on columns of taxable incomes, in exact integer cents.

The column form of :mod:`spouse_relief.federal_tax`, from the same parameter files: the Tax
Table under its limit (the rate schedule at the row's midpoint, rounded to whole dollars half
up), the rate schedule at and above it (rounded to the cent half up), and the Qualified Dividends
and Capital Gain Tax Worksheet where there are qualified dividends or net capital gain. The
property test (tests/batch/test_f8379_batch.py) proves it agrees with the case computation.

A rate schedule's amount is kept as an exact integer: cents times the brackets' common
denominator (rates such as 0.396 become 396/1000), so no step passes through a float.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from ..federal_tax import CAPITAL_GAIN_RATES, CAPITAL_GAIN_THRESHOLDS, RATE_SCHEDULE, TAX_TABLE
from ..parameters import parameter
from .cents import as_fraction, round_half_up_div


def _cents(amount) -> int:
    return int(amount * 100)


@dataclass(frozen=True)
class Schedule:
    """One year's rate schedule for one filing status: bracket starts in cents, rates over a common denominator."""

    starts: np.ndarray  # cents
    ends: np.ndarray  # cents (the last is effectively unbounded)
    numerators: np.ndarray
    denominator: int


@dataclass(frozen=True, eq=False)
class TaxTable:
    limit: int  # cents
    at_least: np.ndarray  # cents, each band's start
    width: np.ndarray  # cents, each band's row width
    first_row: np.ndarray  # each band's first row number in the whole table

    def __eq__(self, other: object) -> bool:  # the same layout (rows and limit)
        return (
            isinstance(other, TaxTable) and self.limit == other.limit
            and np.array_equal(self.at_least, other.at_least) and np.array_equal(self.width, other.width)
        )

    __hash__ = None  # type: ignore[assignment]

    def row(self, amount: np.ndarray) -> np.ndarray:
        """The table row number holding each amount (amounts at least zero and under the limit)."""
        band = np.clip(np.searchsorted(self.at_least, amount, side="right") - 1, 0, len(self.at_least) - 1)
        return self.first_row[band] + (amount - self.at_least[band]) // self.width[band]

    def midpoints_doubled(self) -> np.ndarray:
        """Twice each row's midpoint, in cents, for every row of the table in order."""
        starts = [
            np.arange(at_least, below, width)
            for at_least, below, width in zip(self.at_least.tolist(), self.at_least[1:].tolist() + [self.limit], self.width.tolist())
        ]
        widths = [np.full(len(part), width) for part, width in zip(starts, self.width.tolist())]
        return 2 * np.concatenate(starts) + np.concatenate(widths)


@dataclass(frozen=True)
class CapitalGainLaw:
    zero_top: int  # cents
    fifteen_top: int | None  # cents; None: no 20% rate (line 13 is taxable income)
    middle: tuple[int, int]
    highest: tuple[int, int]


_UNBOUNDED = 1 << 56


@cache
def schedule(filing_status: str, tax_year: int) -> Schedule:
    brackets = parameter(RATE_SCHEDULE).for_tax_year(tax_year).value[filing_status]
    fractions = [as_fraction(rate) for _, rate in brackets]
    denominator = int(np.lcm.reduce([denominator for _, denominator in fractions]))
    starts = [_cents(over) for over, _ in brackets]
    return Schedule(
        starts=np.array(starts, dtype=np.int64),
        ends=np.array(starts[1:] + [_UNBOUNDED], dtype=np.int64),
        numerators=np.array([numerator * (denominator // den) for numerator, den in fractions], dtype=np.int64),
        denominator=denominator,
    )


@cache
def tax_table(tax_year: int) -> TaxTable:
    table = parameter(TAX_TABLE).for_tax_year(tax_year).value
    at_least = np.array([_cents(band["at_least"]) for band in table["rows"]], dtype=np.int64)
    below = np.array([_cents(band["below"]) for band in table["rows"]], dtype=np.int64)
    width = np.array([_cents(band["width"]) for band in table["rows"]], dtype=np.int64)
    counts = (below - at_least) // width
    return TaxTable(
        limit=_cents(table["limit"]),
        at_least=at_least,
        width=width,
        first_row=np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64),
    )


@cache
def table_taxes(filing_status: str, tax_year: int) -> np.ndarray:
    """The printed Tax Table's column for a filing status: the tax (cents, whole dollars) of every row,
    the schedule at the row's midpoint rounded to whole dollars half up. Built once per year and status."""
    rates = schedule(filing_status, tax_year)
    doubled = tax_table(tax_year).midpoints_doubled()
    return round_half_up_div(_schedule_at_half(rates, doubled), 1, rates.denominator * 2 * 100) * 100


@cache
def capital_gain_law(filing_status: str, tax_year: int) -> CapitalGainLaw:
    thresholds = parameter(CAPITAL_GAIN_THRESHOLDS).for_tax_year(tax_year).value
    rates = parameter(CAPITAL_GAIN_RATES).for_tax_year(tax_year).value
    fifteen = thresholds["fifteen_rate_top"][filing_status]
    return CapitalGainLaw(
        zero_top=_cents(thresholds["zero_rate_top"][filing_status]),
        fifteen_top=None if fifteen is None else _cents(fifteen),
        middle=as_fraction(rates["middle"]),
        highest=as_fraction(rates["highest"]),
    )


def regular_tax(taxable: np.ndarray, filing_status: str, tax_year: int) -> np.ndarray:
    """Tax Table under its limit, the rate schedule otherwise (``federal_tax.regular_tax``), in cents.

    Under the limit the tax is read from the table's row, as on paper (:func:`table_taxes`); at or
    above it the schedule is applied to the amount and rounded to the cent.
    """
    table = tax_table(tax_year)
    amount = np.maximum(taxable, 0)
    in_table = amount < table.limit
    if in_table.any():
        tax = table_taxes(filing_status, tax_year)[table.row(np.where(in_table, amount, 0))]
    else:
        tax = np.zeros_like(amount)
    if not in_table.all():
        rates = schedule(filing_status, tax_year)
        above = np.flatnonzero(~in_table)
        tax[above] = round_half_up_div(_schedule_at_half(rates, 2 * amount[above]), 1, rates.denominator * 2)
    return tax


def _schedule_at_half(rates: Schedule, doubled: np.ndarray) -> np.ndarray:
    """2 x schedule(doubled / 2) in cents x denominator, exactly, for a doubled amount."""
    total = np.zeros_like(doubled)
    for start, end, numerator in zip(rates.starts.tolist(), rates.ends.tolist(), rates.numerators.tolist()):
        inside = np.clip(doubled, 2 * start, 2 * end if end < _UNBOUNDED else _UNBOUNDED) - 2 * start
        total += inside * numerator
    return total


def income_tax(
    taxable: np.ndarray, filing_status: str, tax_year: int, qualified_dividends: np.ndarray, net_capital_gain: np.ndarray
) -> np.ndarray:
    """``federal_tax.income_tax`` for one year and filing status, on columns (cents).

    ``qualified_dividends`` must not be negative (the case computation refuses it; the batch
    formats refuse such rows before they get here).
    """
    gain = np.maximum(net_capital_gain, 0)
    plain = (qualified_dividends == 0) & (gain == 0)
    if plain.all():
        return regular_tax(taxable, filing_status, tax_year)
    worksheet = capital_gain_worksheet(taxable, filing_status, tax_year, qualified_dividends, gain)
    if not plain.any():
        return worksheet
    return np.where(plain, regular_tax(taxable, filing_status, tax_year), worksheet)


def capital_gain_worksheet(
    taxable: np.ndarray, filing_status: str, tax_year: int, qualified_dividends: np.ndarray, net_capital_gain: np.ndarray
) -> np.ndarray:
    """The Qualified Dividends and Capital Gain Tax Worksheet, lines 1-25, on columns (cents)."""
    law = capital_gain_law(filing_status, tax_year)
    line1 = np.maximum(taxable, 0)
    line4 = qualified_dividends + net_capital_gain
    line5 = np.maximum(line1 - line4, 0)
    line7 = np.minimum(line1, law.zero_top)
    line8 = np.minimum(line5, line7)
    line9 = line7 - line8
    line10 = np.minimum(line1, line4)
    line12 = line10 - line9
    line13 = line1 if law.fifteen_top is None else np.full_like(line1, law.fifteen_top)
    line14 = np.minimum(line1, line13)
    line15 = line5 + line9
    line16 = np.maximum(line14 - line15, 0)
    line17 = np.minimum(line12, line16)
    line18 = round_half_up_div(line17, *law.middle)
    line19 = line9 + line17
    line20 = line10 - line19
    line21 = round_half_up_div(line20, *law.highest)
    line22 = regular_tax(line5, filing_status, tax_year)
    line23 = line18 + line21 + line22
    line24 = regular_tax(line1, filing_status, tax_year)
    return np.minimum(line23, line24)

"""Federal income tax on taxable income, the way a Form 1040 computes it: one definition.

* Under the Tax Table limit: the IRS Tax Table. Each row of the table shows the tax on the row's
  midpoint under the rate schedule, rounded to whole dollars; the row widths and the limit are
  data (``federal/income_tax/tax_table``).
* At or above the limit: the rate schedule (the Tax Computation Worksheet), to the cent.
* With qualified dividends or net capital gain: the Qualified Dividends and Capital Gain Tax
  Worksheet, lines 1-25 (:data:`QDCG_WORKSHEET`), written once in the worksheet vocabulary; its
  lines 22 and 24 use the table or schedule as above.

The table-or-schedule lookup is a word of the vocabulary (:class:`TaxByTableOrSchedule`) and the
whole tax another (:class:`IncomeTax`); each has its Decimal arithmetic (one case, with a trace)
and its integer-cents arithmetic (columns of many cases, ``spouse_relief.batch``) side by side
here, beside the tables they read. Nothing here knows a year: rates, brackets, thresholds and the
table layout come from the parameter files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from ..errors import InputError
from ..money import ZERO, round_cents
from ..parameters import ParameterValue, parameter
from ..trace import TraceEntry
from .lines import (
    STATUS, Add, _absent, _cents_tools, Amount, AtLeastZero, CentsContext, DecimalContext, LawOr, Smaller, Step, Sub, TimesRate,
    run_steps_cents, run_steps_decimal, year_value,
)
from .lines import Law as LawAmount
from .lines import np

FILING_STATUSES = ("married_filing_jointly", "married_filing_separately", "single", "head_of_household")

RATE_SCHEDULE = "federal/income_tax/rate_schedule"
TAX_TABLE = "federal/income_tax/tax_table"
CAPITAL_GAIN_THRESHOLDS = "federal/income_tax/capital_gain_thresholds"
CAPITAL_GAIN_RATES = "federal/income_tax/capital_gain_rates"
PARAMETERS = (RATE_SCHEDULE, TAX_TABLE, CAPITAL_GAIN_THRESHOLDS, CAPITAL_GAIN_RATES)

_STATUS_WORDS = {
    "married_filing_jointly": "married filing jointly",
    "married_filing_separately": "married filing separately",
    "single": "single",
    "head_of_household": "head of household",
}
TABLE_CITATION = "Form 1040 instructions, Tax Table and Tax Computation Worksheet; IRC 1"
QDCG_CITATION = "Form 1040 instructions, Qualified Dividends and Capital Gain Tax Worksheet"


@dataclass
class TaxComputation:
    """The tax on a taxable income, the method used, and the trace of every step."""

    tax: Decimal
    method: str  # "tax_table", "rate_schedule" or "capital_gain_worksheet"
    trace: list[TraceEntry] = field(default_factory=list)


def check_status(filing_status: str) -> None:
    if filing_status not in FILING_STATUSES:
        raise InputError("filing_status", f"{filing_status!r} is not one of {', '.join(FILING_STATUSES)}")


# --- the table and the schedule, in Decimal ----------------------------------------------------


def _brackets(filing_status: str, tax_year: int) -> tuple[ParameterValue, tuple[tuple[Decimal, Decimal], ...]]:
    check_status(filing_status)
    used = year_value(RATE_SCHEDULE, tax_year)
    return used, used.value[filing_status]


def schedule_amount(taxable_income: Decimal, brackets: tuple[tuple[Decimal, Decimal], ...]) -> Decimal:
    """The rate schedule applied to an amount, unrounded: each bracket's rate on the part inside it."""
    amount = max(taxable_income, ZERO)
    total = Decimal(0)
    for index, (start, rate) in enumerate(brackets):
        end = brackets[index + 1][0] if index + 1 < len(brackets) else None
        if amount <= start:
            break
        top = amount if end is None else min(amount, end)
        total += (top - start) * rate
    return total


def _schedule_words(brackets: tuple[tuple[Decimal, Decimal], ...], amount: Decimal) -> str:
    parts = []
    for index, (start, rate) in enumerate(brackets):
        end = brackets[index + 1][0] if index + 1 < len(brackets) else None
        if amount <= start:
            break
        top = amount if end is None else min(amount, end)
        parts.append(f"{rate * 100:g}% x ({top:,} - {start:,})")
    return " + ".join(parts) if parts else "0"


def tax_table_row(taxable_income: Decimal, tax_year: int) -> tuple[Decimal, Decimal] | None:
    """The Tax Table row (at least, less than) holding an amount, or None at or above the table limit."""
    table = year_value(TAX_TABLE, tax_year).value
    amount = max(taxable_income, ZERO)
    if amount >= table["limit"]:
        return None
    for band in table["rows"]:
        if band["at_least"] <= amount < band["below"]:
            steps = ((amount - band["at_least"]) / band["width"]).to_integral_value(rounding=ROUND_FLOOR)
            start = band["at_least"] + steps * band["width"]
            return start, start + band["width"]
    raise InputError("taxable_income", f"{amount} is not covered by the {tax_year} Tax Table rows")  # pragma: no cover


def _table_or_schedule(
    amount: Decimal, filing_status: str, tax_year: int, use_tax_table: bool, words: bool = True
) -> tuple[Decimal, str, str, list[ParameterValue]]:
    """(tax, method, how in words, law used): the Tax Table under its limit, the schedule otherwise."""
    used, brackets = _brackets(filing_status, tax_year)
    amount = max(amount, ZERO)
    row = tax_table_row(amount, tax_year) if use_tax_table else None
    status = _STATUS_WORDS[filing_status]
    if row is None:
        tax = round_cents(schedule_amount(amount, brackets))
        how = f"{tax_year} rate schedule, {status}: {_schedule_words(brackets, amount)}, rounded to the cent" if words else ""
        return tax, "rate_schedule", how, [used]
    start, end = row
    midpoint = (start + end) / 2
    tax = schedule_amount(midpoint, brackets).quantize(Decimal(1), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))
    how = (
        f"{tax_year} Tax Table, {status}, row {start:,} to {end:,}: the schedule at the row midpoint {midpoint:,}, "
        f"{_schedule_words(brackets, midpoint)}, rounded to whole dollars"
    ) if words else ""
    return tax, "tax_table", how, [year_value(TAX_TABLE, tax_year), used]


# --- the table and the schedule, in integer cents ----------------------------------------------


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


_UNBOUNDED = 1 << 56


@dataclass(frozen=True)
class Schedule:
    """One year's rate schedule for one filing status: bracket starts in cents, rates over a common denominator."""

    starts: Any
    ends: Any
    numerators: Any
    denominator: int


@dataclass(frozen=True, eq=False)
class TaxTable:
    """The layout of a year's tax table in cents: its limit and its bands of rows."""

    limit: int  # cents
    at_least: Any  # cents, each band's start
    width: Any  # cents, each band's row width
    first_row: Any  # each band's first row number in the whole table

    def same_layout(self, other: "TaxTable") -> bool:
        return (self.limit == other.limit and np.array_equal(self.at_least, other.at_least)
                and np.array_equal(self.width, other.width))

    def row(self, amount: Any) -> Any:
        """The table row number holding each amount (amounts at least zero and under the limit)."""
        band = np.clip(np.searchsorted(self.at_least, amount, side="right") - 1, 0, len(self.at_least) - 1)
        return self.first_row[band] + (amount - self.at_least[band]) // self.width[band]

    def midpoints_doubled(self) -> Any:
        """Twice each row's midpoint, in cents, for every row of the table in order."""
        bounds = zip(self.at_least.tolist(), self.at_least[1:].tolist() + [self.limit], self.width.tolist())
        starts = [np.arange(at_least, below, width) for at_least, below, width in bounds]
        widths = [np.full(len(part), width) for part, width in zip(starts, self.width.tolist())]
        return 2 * np.concatenate(starts) + np.concatenate(widths)


@cache
def schedule(filing_status: str, tax_year: int) -> Schedule:
    as_fraction = _cents_tools().as_fraction
    brackets = parameter(RATE_SCHEDULE).for_tax_year(tax_year).value[filing_status]
    fractions = [as_fraction(rate) for _, rate in brackets]
    denominator = int(np.lcm.reduce([den for _, den in fractions]))
    starts = [_cents(over) for over, _ in brackets]
    return Schedule(
        starts=np.array(starts, dtype=np.int64),
        ends=np.array(starts[1:] + [_UNBOUNDED], dtype=np.int64),
        numerators=np.array([num * (denominator // den) for num, den in fractions], dtype=np.int64),
        denominator=denominator,
    )


@cache
def tax_table(tax_year: int) -> TaxTable:
    table = parameter(TAX_TABLE).for_tax_year(tax_year).value
    at_least = np.array([_cents(band["at_least"]) for band in table["rows"]], dtype=np.int64)
    below = np.array([_cents(band["below"]) for band in table["rows"]], dtype=np.int64)
    width = np.array([_cents(band["width"]) for band in table["rows"]], dtype=np.int64)
    counts = (below - at_least) // width
    return TaxTable(limit=_cents(table["limit"]), at_least=at_least, width=width,
                    first_row=np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64))


@cache
def table_taxes(filing_status: str, tax_year: int) -> Any:
    """The printed Tax Table's column for a filing status: the tax (cents, whole dollars) of every row,
    the schedule at the row's midpoint rounded to whole dollars half up. Built once per year and status."""
    round_half_up_div = _cents_tools().round_half_up_div
    rates = schedule(filing_status, tax_year)
    doubled = tax_table(tax_year).midpoints_doubled()
    return round_half_up_div(_schedule_at_half(rates, doubled), 1, rates.denominator * 2 * 100) * 100


def _schedule_at_half(rates: Schedule, doubled: Any) -> Any:
    """2 x schedule(doubled / 2) in cents x denominator, exactly, for a doubled amount."""
    total = np.zeros_like(doubled)
    for start, end, numerator in zip(rates.starts.tolist(), rates.ends.tolist(), rates.numerators.tolist()):
        inside = np.clip(doubled, 2 * start, 2 * end if end < _UNBOUNDED else _UNBOUNDED) - 2 * start
        total += inside * numerator
    return total


def regular_tax_cents(taxable: Any, filing_status: str, tax_year: int) -> Any:
    """Tax Table under its limit (read by row, as on paper), the rate schedule otherwise; int64 cents."""
    round_half_up_div = _cents_tools().round_half_up_div
    table = tax_table(tax_year)
    amount = np.maximum(taxable, 0)
    in_table = amount < table.limit
    tax = table_taxes(filing_status, tax_year)[table.row(np.where(in_table, amount, 0))]
    if not in_table.all():
        rates = schedule(filing_status, tax_year)
        above = np.flatnonzero(~in_table)
        tax[above] = round_half_up_div(_schedule_at_half(rates, 2 * amount[above]), 1, rates.denominator * 2)
    return tax


def _regular_tax_by_year(taxable: Any, filing_status: str, law: Any) -> Any:
    """:func:`regular_tax_cents` for each row's tax year (``law`` a ``YearLaw``).

    Where the chunk's years share one table layout, rows under the limit read their tax from one
    table of every year's column at once; the other rows are computed year by year.
    """
    groups = law.groups()
    if not groups:
        return np.zeros(len(taxable), dtype=np.int64)
    if groups[0][1] is None:
        return regular_tax_cents(taxable, filing_status, groups[0][0])
    years = [year for year, _ in groups]
    table = tax_table(years[0])
    amount = np.maximum(taxable, 0)
    tax = np.zeros(len(taxable), dtype=np.int64)
    rest: Any = None
    if all(tax_table(year).same_layout(table) for year in years[1:]):
        columns = np.zeros((len(law.unique), len(table_taxes(filing_status, years[0]))), dtype=np.int64)
        for position, year in enumerate(law.unique.tolist()):
            if year:
                columns[position] = table_taxes(filing_status, int(year))
        simple = (amount < table.limit) & (law.years != 0)
        tax = columns[law.inverse, table.row(np.where(simple, amount, 0))]
        rest = ~simple
    for year, rows in groups:
        if rest is not None:
            rows = rows[rest[rows]]
        if len(rows):
            tax[rows] = regular_tax_cents(taxable[rows], filing_status, year)
    return tax


# --- the words --------------------------------------------------------------------------------


def _lookup_decimal(amount: Decimal, status: str, ctx: DecimalContext) -> Decimal:
    tax, _, words, used = _table_or_schedule(amount, status, ctx.tax_year, ctx.use_tax_table, ctx.tracing)
    ctx.notes.append(words)
    ctx.used.extend(item for item in used if item not in ctx.used)
    return tax


@dataclass(frozen=True)
class TaxByTableOrSchedule:
    """Tax on an amount: the Tax Table under its limit, the rate schedule at and above it."""

    amount: Any

    def names(self) -> tuple[str, ...]:
        return self.amount.names()

    def describe(self) -> str:
        return f"tax on {self.amount.describe()} from the Tax Table (under its limit) or the rate schedule"

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return _lookup_decimal(self.amount.decimal(ctx), ctx.status, ctx)

    def cents(self, ctx: CentsContext) -> Any:
        return _regular_tax_by_year(_column(self.amount.cents(ctx), ctx.size), ctx.status, ctx.law)


def _column(value: Any, size: int) -> Any:
    if isinstance(value, int):
        return np.full(size, value, dtype=np.int64)
    return value


V = Amount
QDCG_WORKSHEET: tuple[Step, ...] = tuple(
    Step(number, label, f"{QDCG_CITATION}, line {number}", formula)
    for number, label, formula in (
        ("1", "Taxable income", AtLeastZero(V("taxable income"))),
        ("2", "Qualified dividends", V("qualified dividends")),
        ("3", "Net capital gain (not below zero)", AtLeastZero(V("net capital gain"))),
        ("4", "Add lines 2 and 3", Add((V("2"), V("3")))),
        ("5", "Ordinary part of taxable income", AtLeastZero(Sub(V("1"), V("4")))),
        ("6", "Top of the 0% rate", LawAmount(CAPITAL_GAIN_THRESHOLDS, ("zero_rate_top", STATUS))),
        ("7", "Smaller of line 1 or line 6", Smaller(V("1"), V("6"))),
        ("8", "Smaller of line 5 or line 7", Smaller(V("5"), V("7"))),
        ("9", "Taxed at 0%", Sub(V("7"), V("8"))),
        ("10", "Smaller of line 1 or line 4", Smaller(V("1"), V("4"))),
        ("11", "Amount from line 9", V("9")),
        ("12", "Line 10 minus line 11", Sub(V("10"), V("11"))),
        ("13", "Top of the 15% rate", LawOr(CAPITAL_GAIN_THRESHOLDS, ("fifteen_rate_top", STATUS), V("1"))),
        ("14", "Smaller of line 1 or line 13", Smaller(V("1"), V("13"))),
        ("15", "Add lines 5 and 9", Add((V("5"), V("9")))),
        ("16", "Line 14 minus line 15, not below zero", AtLeastZero(Sub(V("14"), V("15")))),
        ("17", "Taxed at 15%", Smaller(V("12"), V("16"))),
        ("18", "Tax at 15%", TimesRate(V("17"), CAPITAL_GAIN_RATES, ("middle",))),
        ("19", "Add lines 9 and 17", Add((V("9"), V("17")))),
        ("20", "Taxed at 20%", Sub(V("10"), V("19"))),
        ("21", "Tax at 20%", TimesRate(V("20"), CAPITAL_GAIN_RATES, ("highest",))),
        ("22", "Tax on line 5", TaxByTableOrSchedule(V("5"))),
        ("23", "Add lines 18, 21 and 22", Add((V("18"), V("21"), V("22")))),
        ("24", "Tax on line 1", TaxByTableOrSchedule(V("1"))),
        ("25", "Tax on all taxable income", Smaller(V("23"), V("24"))),
    )
)


@dataclass(frozen=True)
class IncomeTax:
    """The Form 1040 tax on taxable income at the context's filing status: the table or schedule,
    or, with qualified dividends or net capital gain, the worksheet (:data:`QDCG_WORKSHEET`)."""

    taxable: Any
    qualified_dividends: Any
    net_capital_gain: Any
    status: str | None = None  # None: the context's filing status
    trace_prefix: str = ""  # before the worksheet's line numbers in the trace ("injured: " -> "injured: QDCG 5")

    def names(self) -> tuple[str, ...]:
        return self.taxable.names() + self.qualified_dividends.names() + self.net_capital_gain.names()

    def describe(self) -> str:
        status = _STATUS_WORDS[self.status] if self.status else "the filing status"
        return (
            f"tax on {self.taxable.describe()} ({status}): with "
            f"{self.qualified_dividends.describe()} or {self.net_capital_gain.describe()}, by the Qualified Dividends "
            "and Capital Gain Tax Worksheet; otherwise from the Tax Table or the rate schedule"
        )

    def decimal(self, ctx: DecimalContext) -> Decimal:
        taxable = self.taxable.decimal(ctx)
        qualified = self.qualified_dividends.decimal(ctx)
        gain = self.net_capital_gain.decimal(ctx)
        if qualified < 0:
            raise InputError("qualified_dividends", "cannot be negative")
        status = self.status or ctx.status
        if qualified == 0 and gain <= 0:
            return _lookup_decimal(taxable, status, ctx)
        worksheet = ctx.child({"taxable income": taxable, "qualified dividends": qualified, "net capital gain": gain},
                              prefix=f"{ctx.prefix}{self.trace_prefix}QDCG ", status=status)
        run_steps_decimal(QDCG_WORKSHEET, worksheet)
        ctx.trace.extend(worksheet.trace)
        ctx.notes.append(f"by the Qualified Dividends and Capital Gain Tax Worksheet (lines {ctx.prefix}{self.trace_prefix}QDCG 1-25)")
        return worksheet.values["25"]

    def cents(self, ctx: CentsContext) -> Any:
        taxable = _column(self.taxable.cents(ctx), ctx.size)
        qualified = self.qualified_dividends.cents(ctx)
        gain = self.net_capital_gain.cents(ctx)
        status = self.status or ctx.status
        tax = _regular_tax_by_year(taxable, status, ctx.law)
        if _absent(qualified) and _absent(gain):
            return tax
        worksheet = np.flatnonzero((_column(qualified, ctx.size) != 0) | (_column(gain, ctx.size) > 0))
        if len(worksheet):
            values = {"taxable income": taxable[worksheet], "qualified dividends": _column(qualified, ctx.size)[worksheet],
                      "net capital gain": _column(gain, ctx.size)[worksheet]}
            rows = ctx.take(worksheet, values, status=status)
            run_steps_cents(QDCG_WORKSHEET, rows)
            tax[worksheet] = rows.values["25"]
        return tax


# --- one case: the functions other modules call ------------------------------------------------


def income_tax(
    taxable_income: Decimal,
    filing_status: str,
    tax_year: int,
    *,
    qualified_dividends: Decimal = ZERO,
    net_capital_gain: Decimal = ZERO,
    use_tax_table: bool = True,
    column: str = "amount",
    prefix: str = "",
) -> TaxComputation:
    """Tax on taxable income; with qualified dividends or net capital gain, by the worksheet.

    ``net_capital_gain`` is the smaller of Schedule D lines 15 and 16 (or Form 1040 capital gain
    distributions); below zero it counts as zero (the worksheet's line 3).
    """
    check_status(filing_status)
    if qualified_dividends < 0:
        raise InputError("qualified_dividends", "cannot be negative")
    ctx = DecimalContext(
        {"taxable income": taxable_income, "qualified dividends": qualified_dividends, "net capital gain": net_capital_gain},
        tax_year, status=filing_status, column=column, prefix=prefix, use_tax_table=use_tax_table,
    )
    step = Step("tax", "Income tax", TABLE_CITATION, IncomeTax(V("taxable income"), V("qualified dividends"), V("net capital gain")))
    run_steps_decimal((step,), ctx)
    if qualified_dividends != 0 or net_capital_gain > 0:
        return TaxComputation(ctx.values["tax"], "capital_gain_worksheet", ctx.trace[:-1])
    method = "tax_table" if use_tax_table and tax_table_row(taxable_income, tax_year) is not None else "rate_schedule"
    return TaxComputation(ctx.values["tax"], method, ctx.trace)


def regular_tax(
    taxable_income: Decimal, filing_status: str, tax_year: int, *, use_tax_table: bool = True, column: str = "amount", line: str = "tax"
) -> TaxComputation:
    """Tax Table under its limit (when ``use_tax_table``), the rate schedule otherwise."""
    return income_tax(taxable_income, filing_status, tax_year, use_tax_table=use_tax_table, column=column,
                      prefix=line.removesuffix("tax"))


def rate_schedule_tax(taxable_income: Decimal, filing_status: str, tax_year: int, **kwargs: Any) -> TaxComputation:
    """Tax by the rate schedule (Tax Computation Worksheet), rounded to the cent."""
    return regular_tax(taxable_income, filing_status, tax_year, use_tax_table=False, **kwargs)


def tax_table_tax(taxable_income: Decimal, filing_status: str, tax_year: int, **kwargs: Any) -> TaxComputation:
    """Tax from the Tax Table: the schedule tax at the row's midpoint, in whole dollars."""
    if tax_table_row(taxable_income, tax_year) is None:
        raise InputError("taxable_income", f"{taxable_income:,} is at or above the Tax Table limit; use the rate schedule")
    return regular_tax(taxable_income, filing_status, tax_year, **kwargs)


def capital_gain_worksheet(
    taxable_income: Decimal, filing_status: str, tax_year: int, *, qualified_dividends: Decimal, net_capital_gain: Decimal, **kwargs: Any
) -> TaxComputation:
    """The Qualified Dividends and Capital Gain Tax Worksheet (Form 1040 instructions), lines 1-25."""
    check_status(filing_status)
    ctx = DecimalContext(
        {"taxable income": taxable_income, "qualified dividends": qualified_dividends, "net capital gain": net_capital_gain},
        tax_year, status=filing_status, column=kwargs.get("column", "amount"), prefix=kwargs.get("prefix", "") + "QDCG ",
        use_tax_table=kwargs.get("use_tax_table", True),
    )
    run_steps_decimal(QDCG_WORKSHEET, ctx)
    return TaxComputation(ctx.values["25"], "capital_gain_worksheet", ctx.trace)


def income_tax_cents(taxable: Any, filing_status: str, tax_year: int, qualified_dividends: Any, net_capital_gain: Any) -> Any:
    """:func:`income_tax` on columns of int64 cents for one tax year (the column arithmetic of :class:`IncomeTax`)."""
    from ..batch.cents import YearLaw

    taxable = np.asarray(taxable, dtype=np.int64)
    law = YearLaw(np.full(len(taxable), tax_year, dtype=np.int64))
    ctx = CentsContext({"t": taxable, "q": np.asarray(qualified_dividends, dtype=np.int64),
                        "g": np.asarray(net_capital_gain, dtype=np.int64)}, law, len(taxable), status=filing_status)
    return IncomeTax(V("t"), V("q"), V("g")).cents(ctx)

"""Federal income tax on taxable income, the way a Form 1040 computes it.

* Taxable income under the Tax Table limit: the IRS Tax Table. Each row of the table shows the
  tax on the row's midpoint under the rate schedule, rounded to whole dollars; the row widths
  and the limit are data (``federal/income_tax/tax_table``).
* At or above the limit: the rate schedule (the Tax Computation Worksheet), to the cent.
* Qualified dividends and net capital gain: the Qualified Dividends and Capital Gain Tax
  Worksheet, whose lines 22 and 24 use the table or schedule as above.

Every step returns a :class:`~spouse_relief.trace.TraceEntry`. The rates, brackets, thresholds
and table layout come from the parameter files; nothing here knows a year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from .errors import InputError
from .money import ZERO, round_cents
from .parameters import ParameterValue, parameter
from .trace import ParameterUse, TraceEntry

FILING_STATUSES = ("married_filing_jointly", "married_filing_separately", "single", "head_of_household")

RATE_SCHEDULE = "federal/income_tax/rate_schedule"
TAX_TABLE = "federal/income_tax/tax_table"
CAPITAL_GAIN_THRESHOLDS = "federal/income_tax/capital_gain_thresholds"
CAPITAL_GAIN_RATES = "federal/income_tax/capital_gain_rates"

_STATUS_WORDS = {
    "married_filing_jointly": "married filing jointly",
    "married_filing_separately": "married filing separately",
    "single": "single",
    "head_of_household": "head of household",
}


@dataclass
class TaxComputation:
    """The tax on a taxable income, the method used, and the trace of every step."""

    tax: Decimal
    method: str  # "tax_table", "rate_schedule" or "capital_gain_worksheet"
    trace: list[TraceEntry] = field(default_factory=list)


def _check_status(filing_status: str) -> None:
    if filing_status not in FILING_STATUSES:
        raise InputError("filing_status", f"{filing_status!r} is not one of {', '.join(FILING_STATUSES)}")


def _brackets(filing_status: str, tax_year: int) -> tuple[ParameterValue, tuple[tuple[Decimal, Decimal], ...]]:
    _check_status(filing_status)
    used = parameter(RATE_SCHEDULE).for_tax_year(tax_year)
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


def rate_schedule_tax(
    taxable_income: Decimal, filing_status: str, tax_year: int, *, column: str = "amount", line: str = "tax"
) -> TaxComputation:
    """Tax by the rate schedule (Tax Computation Worksheet), rounded to the cent."""
    used, brackets = _brackets(filing_status, tax_year)
    amount = max(taxable_income, ZERO)
    tax = round_cents(schedule_amount(amount, brackets))
    entry = TraceEntry(
        line=line,
        label=f"Tax on {amount:,} by the {tax_year} rate schedule, {_STATUS_WORDS[filing_status]}",
        values={column: tax},
        formula=_schedule_words(brackets, amount) + ", rounded to the cent",
        citation=f"IRC 1; {used.short_citation()}; Tax Computation Worksheet, Form 1040 instructions",
        inputs={"taxable income": amount},
        parameters=[ParameterUse.of(used)],
    )
    return TaxComputation(tax=tax, method="rate_schedule", trace=[entry])


def tax_table_row(taxable_income: Decimal, tax_year: int) -> tuple[Decimal, Decimal] | None:
    """The Tax Table row (at least, less than) holding an amount, or None at or above the table limit."""
    table = parameter(TAX_TABLE).for_tax_year(tax_year).value
    amount = max(taxable_income, ZERO)
    if amount >= table["limit"]:
        return None
    for band in table["rows"]:
        if band["at_least"] <= amount < band["below"]:
            steps = ((amount - band["at_least"]) / band["width"]).to_integral_value(rounding=ROUND_FLOOR)
            start = band["at_least"] + steps * band["width"]
            return start, start + band["width"]
    raise InputError("taxable_income", f"{amount} is not covered by the {tax_year} Tax Table rows")  # pragma: no cover


def tax_table_tax(
    taxable_income: Decimal, filing_status: str, tax_year: int, *, column: str = "amount", line: str = "tax"
) -> TaxComputation:
    """Tax from the Tax Table: the schedule tax at the row's midpoint, in whole dollars."""
    row = tax_table_row(taxable_income, tax_year)
    if row is None:
        raise InputError("taxable_income", f"{taxable_income:,} is at or above the Tax Table limit; use the rate schedule")
    table_used = parameter(TAX_TABLE).for_tax_year(tax_year)
    used, brackets = _brackets(filing_status, tax_year)
    start, end = row
    midpoint = (start + end) / 2
    tax = schedule_amount(midpoint, brackets).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    tax = tax.quantize(Decimal("0.01"))
    entry = TraceEntry(
        line=line,
        label=f"Tax from the {tax_year} Tax Table, {_STATUS_WORDS[filing_status]}, row {start:,} to {end:,}",
        values={column: tax},
        formula=(
            f"row midpoint {midpoint:,}: " + _schedule_words(brackets, midpoint) + " rounded to whole dollars"
        ),
        citation=f"Form 1040 instructions, Tax Table; {used.short_citation()}",
        inputs={"taxable income": max(taxable_income, ZERO), "row at least": start, "row less than": end},
        parameters=[ParameterUse.of(table_used), ParameterUse.of(used)],
    )
    return TaxComputation(tax=tax, method="tax_table", trace=[entry])


def regular_tax(
    taxable_income: Decimal,
    filing_status: str,
    tax_year: int,
    *,
    use_tax_table: bool = True,
    column: str = "amount",
    line: str = "tax",
) -> TaxComputation:
    """Tax Table under its limit (when ``use_tax_table``), the rate schedule otherwise."""
    if use_tax_table and tax_table_row(taxable_income, tax_year) is not None:
        return tax_table_tax(taxable_income, filing_status, tax_year, column=column, line=line)
    return rate_schedule_tax(taxable_income, filing_status, tax_year, column=column, line=line)


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
    distributions), not below zero; the worksheet's line 3.
    """
    _check_status(filing_status)
    if qualified_dividends < 0:
        raise InputError("qualified_dividends", "cannot be negative")
    net_capital_gain = max(net_capital_gain, ZERO)
    if qualified_dividends == 0 and net_capital_gain == 0:
        return regular_tax(taxable_income, filing_status, tax_year, use_tax_table=use_tax_table, column=column, line=f"{prefix}tax")
    return capital_gain_worksheet(
        taxable_income,
        filing_status,
        tax_year,
        qualified_dividends=qualified_dividends,
        net_capital_gain=net_capital_gain,
        use_tax_table=use_tax_table,
        column=column,
        prefix=prefix,
    )


def capital_gain_worksheet(
    taxable_income: Decimal,
    filing_status: str,
    tax_year: int,
    *,
    qualified_dividends: Decimal,
    net_capital_gain: Decimal,
    use_tax_table: bool = True,
    column: str = "amount",
    prefix: str = "",
) -> TaxComputation:
    """The Qualified Dividends and Capital Gain Tax Worksheet (Form 1040 instructions), lines 1-25."""
    thresholds_used = parameter(CAPITAL_GAIN_THRESHOLDS).for_tax_year(tax_year)
    rates_used = parameter(CAPITAL_GAIN_RATES).for_tax_year(tax_year)
    zero_top = thresholds_used.value["zero_rate_top"][filing_status]
    fifteen_top = thresholds_used.value["fifteen_rate_top"][filing_status]
    middle_rate = rates_used.value["middle"]
    highest_rate = rates_used.value["highest"]
    cite = "Form 1040 instructions, Qualified Dividends and Capital Gain Tax Worksheet"
    trace: list[TraceEntry] = []
    lines: dict[str, Decimal] = {}

    def put(number: str, label: str, value: Decimal, formula: str, used: list[ParameterValue] = ()) -> Decimal:
        lines[number] = value
        trace.append(
            TraceEntry(
                line=f"{prefix}QDCG {number}",
                label=label,
                values={column: value},
                formula=formula,
                citation=f"{cite}, line {number}",
                parameters=[ParameterUse.of(item) for item in used],
            )
        )
        return value

    amount = max(taxable_income, ZERO)
    put("1", "Taxable income", amount, "taxable income")
    put("2", "Qualified dividends", qualified_dividends, "qualified dividends")
    put("3", "Net capital gain (not below zero)", net_capital_gain, "smaller of Schedule D lines 15 and 16")
    put("4", "Add lines 2 and 3", lines["2"] + lines["3"], "line 2 + line 3")
    put("5", "Ordinary part of taxable income", max(lines["1"] - lines["4"], ZERO), "line 1 - line 4, not below zero")
    put("6", "Top of the 0% rate", zero_top, "threshold for the filing status", [thresholds_used])
    put("7", "Smaller of line 1 or line 6", min(lines["1"], lines["6"]), "min(line 1, line 6)")
    put("8", "Smaller of line 5 or line 7", min(lines["5"], lines["7"]), "min(line 5, line 7)")
    put("9", "Taxed at 0%", lines["7"] - lines["8"], "line 7 - line 8", [rates_used])
    put("10", "Smaller of line 1 or line 4", min(lines["1"], lines["4"]), "min(line 1, line 4)")
    put("11", "Amount from line 9", lines["9"], "line 9")
    put("12", "Line 10 minus line 11", lines["10"] - lines["11"], "line 10 - line 11")
    top = lines["1"] if fifteen_top is None else fifteen_top
    put("13", "Top of the 15% rate", top, "threshold for the filing status (none: taxable income)", [thresholds_used])
    put("14", "Smaller of line 1 or line 13", min(lines["1"], lines["13"]), "min(line 1, line 13)")
    put("15", "Add lines 5 and 9", lines["5"] + lines["9"], "line 5 + line 9")
    put("16", "Line 14 minus line 15, not below zero", max(lines["14"] - lines["15"], ZERO), "max(line 14 - line 15, 0)")
    put("17", "Taxed at 15%", min(lines["12"], lines["16"]), "min(line 12, line 16)")
    put("18", "Tax at 15%", round_cents(lines["17"] * middle_rate), f"line 17 x {middle_rate}", [rates_used])
    put("19", "Add lines 9 and 17", lines["9"] + lines["17"], "line 9 + line 17")
    put("20", "Taxed at 20%", lines["10"] - lines["19"], "line 10 - line 19")
    put("21", "Tax at 20%", round_cents(lines["20"] * highest_rate), f"line 20 x {highest_rate}", [rates_used])
    ordinary = regular_tax(lines["5"], filing_status, tax_year, use_tax_table=use_tax_table, column=column, line=f"{prefix}QDCG 22")
    trace.extend(ordinary.trace)
    lines["22"] = ordinary.tax
    put("23", "Add lines 18, 21 and 22", lines["18"] + lines["21"] + lines["22"], "line 18 + line 21 + line 22")
    whole = regular_tax(lines["1"], filing_status, tax_year, use_tax_table=use_tax_table, column=column, line=f"{prefix}QDCG 24")
    trace.extend(whole.trace)
    lines["24"] = whole.tax
    put("25", "Tax on all taxable income", min(lines["23"], lines["24"]), "smaller of line 23 or line 24")
    return TaxComputation(tax=lines["25"], method="capital_gain_worksheet", trace=trace)

"""Tax on taxable income: the Tax Table, the rate schedule and the capital gain worksheet."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from spouse_relief.errors import InputError
from spouse_relief.worksheets.f1040_tax import income_tax, rate_schedule_tax, regular_tax, tax_table_row, tax_table_tax

MFJ, MFS = "married_filing_jointly", "married_filing_separately"


@pytest.mark.parametrize(
    "year, status, taxable, expected",
    [
        # deps.md section 2: tax before credits, computed by Tax-Calculator and PolicyEngine alike (rate schedule).
        (2019, MFJ, "61100", "6944"),
        (2019, MFS, "47800", "6374.50"),
        (2019, MFS, "13300", "1402"),
        (2022, MFJ, "59600", "6741"),
        (2022, MFS, "47050", "5968"),
        (2022, MFS, "12550", "1300.50"),
        (2024, MFJ, "56300", "6292"),
        (2024, MFS, "45400", "5216"),
        (2024, MFS, "10900", "1090"),
    ],
)
def test_rate_schedule_matches_the_engines_in_deps(year, status, taxable, expected):
    assert rate_schedule_tax(D(taxable), status, year).tax == D(expected)


def test_tax_table_reads_the_row_midpoint():
    # deps.md pitfall 3: 2024 MFJ taxable income 56,300 is 6,292 by the schedule but 6,295 in the table.
    result = regular_tax(D("56300"), MFJ, 2024)
    assert result.method == "tax_table"
    assert result.tax == D("6295")
    assert tax_table_row(D("56300"), 2024) == (D("56300"), D("56350"))
    assert tax_table_row(D("56349.99"), 2024) == (D("56300"), D("56350"))


@pytest.mark.parametrize(
    "taxable, row, tax",
    [
        ("0", ("0", "5"), "0"),
        ("4.99", ("0", "5"), "0"),  # midpoint 2.50 x 10% = 0.25 -> 0
        ("5", ("5", "15"), "1"),  # midpoint 10 -> 1
        ("15", ("15", "25"), "2"),
        ("25", ("25", "50"), "4"),  # midpoint 37.50 -> 3.75 -> 4
        ("2999", ("2975", "3000"), "299"),  # midpoint 2,987.50 -> 298.75 -> 299
        ("3000", ("3000", "3050"), "303"),  # midpoint 3,025 -> 302.50 -> 303 (half up)
        ("99999", ("99950", "100000"), None),
    ],
)
def test_tax_table_rows(taxable, row, tax):
    assert tax_table_row(D(taxable), 2024) == (D(row[0]), D(row[1]))
    if tax is not None:
        assert tax_table_tax(D(taxable), "single", 2024).tax == D(tax)


def test_table_limit_switches_to_the_schedule():
    assert tax_table_row(D("100000"), 2024) is None
    at_limit = regular_tax(D("100000"), MFJ, 2024)
    assert at_limit.method == "rate_schedule"
    # 2,320 + 12% x 71,100 + 22% x 5,700 = 2,320 + 8,532 + 1,254 = 12,106
    assert at_limit.tax == D("12106")
    with pytest.raises(InputError):
        tax_table_tax(D("100000"), MFJ, 2024)


def test_pre_2018_rates_and_top_bracket():
    # 2016 MFS: 927.50 + 15% x 28,375 + 25% x 38,300 + 28% x 39,775 + 33% x 90,950 + 35% x 26,800 + 39.6% x 66,525
    amount = D("300000")
    expected = (
        D("927.50") + D("0.15") * (37650 - 9275) + D("0.25") * (75950 - 37650) + D("0.28") * (115725 - 75950)
        + D("0.33") * (206675 - 115725) + D("0.35") * (233475 - 206675) + D("0.396") * (300000 - 233475)
    )
    assert rate_schedule_tax(amount, MFS, 2016).tax == expected.quantize(D("0.01"))


def test_negative_taxable_income_is_zero_tax():
    assert regular_tax(D("-500"), MFS, 2024).tax == 0


def test_capital_gain_worksheet():
    # 2024 MFJ: taxable 80,000 of which 5,000 qualified dividends and 10,000 gain, all under the 0% top 94,050:
    # tax = table tax on 65,000 (midpoint 65,025: 2,320 + 12% x 41,825 = 7,339).
    result = income_tax(D("80000"), MFJ, 2024, qualified_dividends=D("5000"), net_capital_gain=D("10000"))
    assert result.method == "capital_gain_worksheet"
    assert result.tax == D("7339")
    lines = {entry.line: entry.values["amount"] for entry in result.trace}
    assert lines["QDCG 9"] == D("15000")


def test_capital_gain_worksheet_twenty_percent():
    # 2024 single, taxable 700,000 all long-term gain: 0% to 47,025; 15% to 518,900; 20% above.
    result = income_tax(D("700000"), "single", 2024, net_capital_gain=D("700000"))
    expected = D("0.15") * (518900 - 47025) + D("0.20") * (700000 - 518900)
    assert result.tax == expected.quantize(D("0.01"))


def test_capital_gain_worksheet_2012_has_no_twenty_percent_rate():
    # 2012 MFJ: 0% to the top of the 15% bracket (70,700), 15% on the rest of the gain, no 20% rate.
    result = income_tax(D("1000000"), MFJ, 2012, net_capital_gain=D("1000000"))
    assert result.tax == (D("0.15") * (1000000 - 70700)).quantize(D("0.01"))


def test_worksheet_never_exceeds_regular_tax():
    plain = regular_tax(D("42000"), MFS, 2020).tax
    with_gain = income_tax(D("42000"), MFS, 2020, net_capital_gain=D("2000")).tax
    assert with_gain <= plain


def test_bad_status_and_year():
    from spouse_relief.parameters import ParameterError

    with pytest.raises(InputError):
        regular_tax(D("1000"), "married", 2024)
    with pytest.raises(ParameterError):
        regular_tax(D("1000"), MFJ, 2009)
    with pytest.raises(ParameterError):
        regular_tax(D("1000"), MFJ, 2026)

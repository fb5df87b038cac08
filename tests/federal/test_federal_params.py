"""Every federal parameter file loads, covers the years it should, and agrees with itself."""

from __future__ import annotations

from decimal import Decimal

import pytest

from spouse_relief.parameters import parameter, parameter_names

FEDERAL = [name for name in parameter_names() if name.startswith("federal/")]
MINE = [name for name in FEDERAL if name.startswith(("federal/income_tax/", "federal/f8379/"))]
YEARS = range(2010, 2026)


@pytest.mark.parametrize("name", FEDERAL)
def test_every_federal_parameter_loads(name):
    loaded = parameter(name)
    assert loaded.values
    for value in loaded.values:
        assert value.verified in ("V", "V2", "U")
        assert value.sources


@pytest.mark.parametrize("name", MINE)
def test_covers_2010_through_2025(name):
    for year in YEARS:
        assert parameter(name).covers_tax_year(year), (name, year)


def test_income_tax_files_are_known_through_2025():
    for name in MINE:
        if name.startswith("federal/income_tax/"):
            assert parameter(name).known_through.year == 2025


@pytest.mark.parametrize("year", YEARS)
def test_separate_brackets_are_half_the_joint_ones(year):
    # IRC 1(d): the married-filing-separately table is the joint table halved, in every year 2010-2025.
    schedule = parameter("federal/income_tax/rate_schedule").for_tax_year(year).value
    joint, separate = schedule["married_filing_jointly"], schedule["married_filing_separately"]
    assert [rate for _, rate in joint] == [rate for _, rate in separate]
    assert [start / 2 for start, _ in joint] == [start for start, _ in separate]
    for status in ("single", "head_of_household"):
        assert [rate for _, rate in schedule[status]] == [rate for _, rate in joint]


@pytest.mark.parametrize("year", YEARS)
def test_standard_deduction_shape(year):
    amounts = parameter("federal/income_tax/standard_deduction").for_tax_year(year).value
    assert amounts["married_filing_separately"] * 2 == amounts["married_filing_jointly"]
    assert amounts["single"] == amounts["married_filing_separately"]
    assert amounts["single"] < amounts["head_of_household"] < amounts["married_filing_jointly"]


def test_personal_exemption_is_zero_from_2018():
    exemption = parameter("federal/income_tax/personal_exemption")
    assert all(exemption.for_tax_year(year).value > 0 for year in range(2010, 2018))
    assert all(exemption.for_tax_year(year).value == 0 for year in range(2018, 2026))


@pytest.mark.parametrize("year", YEARS)
def test_zero_rate_capital_gain_top_before_2018_is_the_top_of_the_15_percent_bracket(year):
    thresholds = parameter("federal/income_tax/capital_gain_thresholds").for_tax_year(year).value
    schedule = parameter("federal/income_tax/rate_schedule").for_tax_year(year).value
    for status, brackets in schedule.items():
        fifteen = [start for start, rate in brackets if rate == Decimal("0.15")]
        top = thresholds["zero_rate_top"][status]
        if fifteen:  # 2010-2017
            next_start = brackets[[start for start, _ in brackets].index(fifteen[0]) + 1][0]
            assert top == next_start, (year, status)
        assert thresholds["fifteen_rate_top"][status] is None or thresholds["fifteen_rate_top"][status] > top


def test_reference_values_that_are_verified():
    # federal-rules.md section 6.5 [V]: 2010 and 2011 MFJ basic standard deduction; married per-box amounts 2012-2017.
    standard = parameter("federal/income_tax/standard_deduction")
    assert standard.for_tax_year(2010).value["married_filing_jointly"] == Decimal("11400")
    assert standard.for_tax_year(2011).value["married_filing_jointly"] == Decimal("11600")
    per_box = parameter("federal/income_tax/additional_standard_deduction")
    expected = {2012: "1150", 2013: "1200", 2014: "1200", 2015: "1250", 2016: "1250", 2017: "1250"}
    for year, amount in expected.items():
        assert per_box.for_tax_year(year).value["married"] == Decimal(amount)
    # deps.md: 2019/2022/2024 standard deductions seen in two engines; 2025 MFJ 31,500 (OBBBA).
    assert standard.for_tax_year(2019).value["married_filing_separately"] == Decimal("12200")
    assert standard.for_tax_year(2022).value["married_filing_separately"] == Decimal("12950")
    assert standard.for_tax_year(2024).value["married_filing_jointly"] == Decimal("29200")
    assert standard.for_tax_year(2025).value["married_filing_jointly"] == Decimal("31500")


def test_community_property_rulings_cover_every_community_property_state():
    states = parameter("federal/relief/community_property_states").for_tax_year(2024).value
    rulings = parameter("federal/f8379/community_property_rulings").for_tax_year(2024).value
    assert sorted(states) == sorted(rulings)

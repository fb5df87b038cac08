"""Every parameter file is well formed and cited; the loader is strict."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from spouse_relief.parameters import ParameterError, parameter, parameter_names, parse_parameter_text

NAMES = parameter_names()


def test_there_are_parameters():
    assert "il/income_tax_rate" in NAMES
    assert len(NAMES) >= 9


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_file_is_well_formed_and_cited(name):
    loaded = parameter(name)
    assert loaded.description
    assert loaded.values
    for value in loaded.values:
        assert value.verified in ("V", "V2", "U")
        assert value.sources, f"{name} {value.effective} cites nothing"
        assert all(source.title.strip() for source in value.sources)
    assert loaded.last_reviewed <= date.today()


GOOD = """
description: A test rate with two values in time.
unit: rate
known_through: 2025
values:
  - {from: 2010, value: "0.03", verified: V, sources: [X]}
  - {from: 2018, value: "0.0495", verified: U, sources: [X]}
sources:
  X: {title: Some instructions}
last_reviewed: 2026-01-01
"""


def test_lookup_by_year_and_unverified_flag():
    rate = parse_parameter_text("test/rate", GOOD)
    assert rate.for_tax_year(2017).value == Decimal("0.03")
    assert rate.for_tax_year(2018).value == Decimal("0.0495")
    assert rate.for_tax_year(2018).unverified
    with pytest.raises(ParameterError, match="covers up to"):
        rate.for_tax_year(2026)
    with pytest.raises(ParameterError, match="no value before"):
        rate.for_tax_year(2009)


@pytest.mark.parametrize(
    "change, message",
    [
        (("unit: rate", "unit: rate\nunit: usd"), "duplicate key"),
        (('value: "0.03"', "value: 0.03x"), "not a plain decimal"),
        (("verified: V,", "verified: maybe,"), "verified must be"),
        (("sources: [X]}\n  - {from: 2018", "sources: [Y]}\n  - {from: 2018"), "not defined under sources"),
        (("from: 2018", "from: 2005"), "increasing order"),
        (("known_through: 2025", "known_through: 2015"), "known_through is before"),
        (("last_reviewed", "colour: blue\nlast_reviewed"), "unknown field"),
        (("description: A test rate with two values in time.", "description: x"), "description must say"),
        (("unit: rate", "unit: furlongs"), "unit"),
    ],
)
def test_loader_rejects_malformed_files(change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(ParameterError, match=message):
        parse_parameter_text("test/bad", GOOD.replace(old, new, 1))


def test_yaml_scalars_never_become_floats_or_dates_implicitly():
    rate = parse_parameter_text("test/rate", GOOD)
    value = rate.for_tax_year(2018).value
    assert isinstance(value, Decimal) and str(value) == "0.0495"


def test_usd_amounts_refuse_fractions_of_a_cent():
    text = GOOD.replace("unit: rate", "unit: usd").replace('"0.0495"', '"10.005"')
    with pytest.raises(ParameterError, match="two decimal places"):
        parse_parameter_text("test/usd", text)


def test_illinois_rates_for_every_year_1990_to_2025():
    expected = {1990: "0.03", 2010: "0.03", 2011: "0.05", 2014: "0.05", 2015: "0.0375", 2016: "0.0375",
                2017: "0.043549", 2018: "0.0495", 2022: "0.0495", 2025: "0.0495"}
    rate = parameter("il/income_tax_rate")
    for year in range(1990, 2026):
        assert rate.for_tax_year(year).value > 0
    for year, value in expected.items():
        assert rate.for_tax_year(year).value == Decimal(value), year


def test_illinois_exemption_allowance_table():
    allowance = parameter("il/exemption_allowance")
    table = {1997: 1000, 1998: 1300, 1999: 1650, 2011: 2000, 2012: 2050, 2013: 2100, 2014: 2125, 2015: 2150,
             2016: 2175, 2017: 2175, 2018: 2225, 2019: 2275, 2020: 2325, 2021: 2375, 2022: 2425, 2023: 2425,
             2024: 2775, 2025: 2850}
    for year, amount in table.items():
        assert allowance.for_tax_year(year).value == Decimal(amount), year
    cap = parameter("il/exemption_agi_cap")
    assert cap.for_tax_year(2016).value["married_filing_jointly"] is None
    assert cap.for_tax_year(2017).value["married_filing_jointly"] == Decimal(500000)


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_names_its_law_in_plain_words(name):
    """A page says the law a computation used by its title, never by the parameter's name."""
    title = parameter(name).title
    assert len(title.split()) >= 2 and title[:1].isupper(), (name, title)
    assert "_" not in title and "/" not in title and "[" not in title, (name, title)


def test_a_title_is_plain_words():
    with pytest.raises(ParameterError, match="title must name the law in plain words"):
        parse_parameter_text("test/rate", 'title: "il/income_tax_rate"\n' + GOOD)
    assert parse_parameter_text("test/rate", 'title: "A test rate"\n' + GOOD).title == "A test rate"
    assert parse_parameter_text("test/rate", GOOD).title == ""


def test_the_law_used_in_words():
    """The law a trace used, as a page says it: the title, the value in the page's words, the sources."""
    from spouse_relief.language import law_words
    from spouse_relief.trace import ParameterUse

    rate = ParameterUse.of(parameter("il/income_tax_rate").for_tax_year(2022))
    assert rate.title == "Illinois income tax rate" and rate.as_dict()["name"] == "il/income_tax_rate"
    assert law_words(rate).startswith("Illinois income tax rate, 4.95% (Form IL-8857 Instructions (R-12/22), Lines 45 and 62; ")
    assert law_words(rate, "es").startswith("Tasa del impuesto sobre los ingresos de Illinois, 4.95% (Form IL-8857 Instructions")
    allowance = ParameterUse.of(parameter("il/exemption_allowance").for_tax_year(2022))
    assert law_words(allowance).startswith("Illinois basic exemption allowance, $2,425.00 (")
    due = ParameterUse.of(parameter("federal/deadlines/federal_return_due_date").for_tax_year(2022))
    assert law_words(due, "es").startswith("Fecha de vencimiento de una declaración federal del impuesto sobre los ingresos, 15 de abril (IRC 6072(a)")
    days = ParameterUse.of(parameter("federal/deadlines/cdp_request_days").for_tax_year(2022))
    assert ", 30 days (IRC 6330" in law_words(days) and ", 30 días (IRC 6330" in law_words(days, "es")
    # a table by filing status says no single value: the title and the sources only
    deduction = ParameterUse.of(parameter("federal/income_tax/standard_deduction").for_tax_year(2024))
    assert law_words(deduction).startswith("Basic standard deduction (Rev. Proc. 2023-34")
    for use in (rate, allowance, due, days, deduction):
        assert "/" not in law_words(use).split(" (")[0] and "_" not in law_words(use) and "Decimal" not in law_words(use)

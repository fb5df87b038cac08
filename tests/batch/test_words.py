"""Each word of the worksheet vocabulary: its Decimal arithmetic and its integer-cents arithmetic agree.

The words' two arithmetics sit side by side in worksheets/lines.py (and, for the tax words, in
worksheets/f1040_tax.py); here random columns (generated with numpy, vectorised) go through
``word.cents`` at once and through ``word.decimal`` case by case, and every value must be equal
to the cent. Then the whole Form 8379 definition is compared the same way on 50,000 random couples
given as the definition's named amounts (the batch tests compare the full batch, reading included).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from spouse_relief.batch.cents import YearLaw
from spouse_relief.worksheets import f8379_definition as definition
from spouse_relief.worksheets.f1040_tax import CAPITAL_GAIN_RATES, CAPITAL_GAIN_THRESHOLDS, IncomeTax, TaxByTableOrSchedule
from spouse_relief.worksheets.lines import (
    STATUS, Add, All, Amount, AtLeastZero, CentsContext, CountAsAmount, DecimalContext, Given, Law, LawOr, LawSays, Not,
    Positive, ShareOf, Smaller, Sub, TimesCount, TimesRate, When, Zero, divide, divide_cents, run_steps_cents,
    run_steps_decimal,
)
from spouse_relief.worksheets.f8379 import steps_for

SIZE = 50_000
YEARS = np.arange(2010, 2026)
V = Amount


def _amounts(rng: np.random.Generator, size: int, scale: int = 10_000_000) -> np.ndarray:
    """Cents: mostly ordinary amounts, some zeros, some negative, some large, odd cents for ties."""
    kind = rng.integers(0, 10, size)
    amount = rng.integers(0, scale, size)
    amount = np.where(kind == 0, 0, amount)
    amount = np.where(kind == 1, -amount, amount)
    amount = np.where(kind == 2, rng.integers(0, 50_000_000_000, size), amount)
    return amount | (rng.integers(0, 2, size) & (kind == 3))


def _decimal(cents: int) -> Decimal:
    return Decimal(int(cents)) / 100


def _contexts(values: dict[str, np.ndarray], years: np.ndarray, status: str = "married_filing_separately"):
    cents = CentsContext(dict(values), YearLaw(years), len(years), status=status)

    def one(row: int) -> DecimalContext:
        row_values = {name: (bool(column[row]) if column.dtype == bool else _decimal(column[row]) if not name.startswith("count")
                             else int(column[row])) for name, column in values.items()}
        return DecimalContext(row_values, int(years[row]), status=status, tracing=False)

    return cents, one


def _check(word, values: dict[str, np.ndarray], years: np.ndarray, status: str = "married_filing_separately", rows: int | None = None) -> None:
    cents, one = _contexts(values, years, status)
    got = np.broadcast_to(np.asarray(word.cents(cents)), (len(years),))
    for row in range(rows or len(years)):
        want = word.decimal(one(row))
        if isinstance(want, bool):
            assert bool(got[row]) == want, (word.describe(), row)
        else:
            assert int(got[row]) == int(want * 100), (word.describe(), row, got[row], want)


@pytest.fixture(scope="module")
def columns():
    rng = np.random.default_rng(13)
    values = {name: _amounts(rng, SIZE) for name in ("a", "b", "c")}
    values["count"] = rng.integers(0, 5, SIZE)
    values["flag"] = rng.random(SIZE) < 0.5
    return values, rng.choice(YEARS, SIZE)


@pytest.mark.parametrize("word", [
    Add((V("a"), V("b"), V("c"))), Sub(V("a"), V("b")), AtLeastZero(Sub(V("a"), V("b"))), Smaller(V("a"), V("b")),
    TimesRate(V("a"), CAPITAL_GAIN_RATES, ("middle",)), TimesCount("count", Law("federal/income_tax/personal_exemption")),
    When(Given("flag"), V("a"), Zero()), LawOr(CAPITAL_GAIN_THRESHOLDS, ("fifteen_rate_top", STATUS), V("a")),
    ShareOf(V("a"), V("b"), V("c")), CountAsAmount("count"), Law("federal/income_tax/standard_deduction", (STATUS,)),
    Positive(V("a")), Not(Positive(V("b"))), All((Given("flag"), Positive(V("c")))),
    LawSays("federal/f8379/part_iii_layout", (), "exemptions"),
], ids=lambda word: type(word).__name__)
def test_word_decimal_and_cents_agree(word, columns):
    values, years = columns
    _check(word, values, years)


@pytest.mark.parametrize("status", ["married_filing_separately", "married_filing_jointly", "single", "head_of_household"])
def test_tax_words_agree(status, columns):
    values, years = columns
    taxable = {"a": np.abs(values["a"]), "b": np.abs(values["b"]) // 4, "c": values["c"]}
    _check(TaxByTableOrSchedule(V("a")), taxable, years, status, rows=5_000)
    _check(IncomeTax(V("a"), V("b"), V("c")), taxable, years, status, rows=5_000)


def test_one_division_rule_for_every_form():
    amounts = np.array([1001, 1001, 1001, -1001, 500, 7], dtype=np.int64)
    basis_b = np.array([0, -300, 300, 1, -5, 2], dtype=np.int64)
    basis_c = np.array([0, 200, -200, 1, -6, 1], dtype=np.int64)
    part_b, part_c = divide_cents(amounts, basis_b, basis_c)
    # both zero: halves (5.01 half up); a negative basis counts as zero: the other spouse takes all
    assert part_b.tolist() == [501, 0, 1001, -501, 250, 5]
    assert (part_b + part_c).tolist() == amounts.tolist()
    for index in range(len(amounts)):
        want = divide(_decimal(amounts[index]), _decimal(basis_b[index]), _decimal(basis_c[index]))
        assert (int(want[0] * 100), int(want[1] * 100)) == (part_b[index], part_c[index])


def _random_inputs(rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
    values: dict[str, np.ndarray] = {}
    for name in definition.INPUTS:
        values[name] = np.abs(_amounts(rng, size, 6_000_000))
    for name, _ in (("line 13b", 0), ("net capital gain", 0), ("earned income", 0), ("qualified business income", 0)):
        for column in ("injured", "other"):
            if f"{name} {column}" in values:
                values[f"{name} {column}"] = _amounts(rng, size, 6_000_000)
    for name in ("line 13a", "line 13b", "line 14", "itemized deductions", "nonrefundable credits", "refundable credits",
                 "line 18", "line 19", "qualified dividends", "net capital gain"):
        values[f"{name} joint"] = values[f"{name} injured"] + values[f"{name} other"]
    values["qualified dividends injured"] = np.where(rng.random(size) < 0.7, 0, values["qualified dividends injured"])
    values["qualified dividends other"] = np.where(rng.random(size) < 0.7, 0, values["qualified dividends other"])
    values["qualified dividends joint"] = values["qualified dividends injured"] + values["qualified dividends other"]
    values["payments as allocated joint"] = values["payments as allocated injured"] + values["payments as allocated other"] + values["joint payments to divide"]
    for name in ("boxes checked", "exemptions claimed"):
        for spouse in ("injured", "other"):
            values[f"{name} {spouse}"] = rng.integers(0, 3, size)
    for flag in ("itemized", "QBI entered", "joint total tax entered", "offset entered", "community property",
                 "community by default", "federal tax debt", "premarital debt: own share protected",
                 "premarital debt: half of community protected"):
        values[flag] = rng.random(size) < 0.4
    return values


def test_the_form_8379_definition_agrees_on_50000_couples():
    rng = np.random.default_rng(8379)
    values = _random_inputs(rng, SIZE)
    years = rng.choice(YEARS, SIZE)
    values["exemptions claimed injured"] = np.where(years >= 2018, 0, values["exemptions claimed injured"])
    values["exemptions claimed other"] = np.where(years >= 2018, 0, values["exemptions claimed other"])
    by_layout = {}
    for layout_years in (years < 2018, years >= 2018):
        rows = np.flatnonzero(layout_years)
        part = {name: column[rows] for name, column in values.items()}
        ctx = CentsContext(part, YearLaw(years[rows]), len(rows))
        run_steps_cents(steps_for(int(years[rows[0]])), ctx)
        by_layout[int(years[rows[0]]) >= 2018] = (rows, ctx.values)
    counts = {name for name in values if name.startswith(("boxes", "exemptions claimed"))}
    for later, (rows, got) in by_layout.items():
        for position, row in enumerate(rows.tolist()):
            case = {name: (bool(column[row]) if column.dtype == bool else int(column[row]) if name in counts
                           else _decimal(column[row])) for name, column in values.items()}
            ctx = DecimalContext(case, int(years[row]), tracing=False)
            run_steps_decimal(steps_for(int(years[row])), ctx)
            for name, want in ctx.values.items():
                if isinstance(want, Decimal) and name not in values:
                    have = np.broadcast_to(np.asarray(got[name]), (len(rows),))[position]
                    assert int(have) == int(want * 100), (name, row, int(years[row]), have, want)

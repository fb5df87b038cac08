"""Cross-check against an independent engine: Tax-Calculator (taxcalc) 6.8.0, the `crosscheck` extra.

Compares, for a few dozen couples and every year 2013-2025, each filed jointly and as two separate
returns: the standard deduction and exemptions (taxable income), and the regular tax on taxable
income by the rate schedule (including the Qualified Dividends and Capital Gain Tax Worksheet).
taxcalc never uses the IRS Tax Table, so the comparison is with our rate-schedule tax, not the table.

Where the engines legitimately differ (asserted, so a change on either side shows up):
* taxcalc's 2023 married-filing-separately 37% bracket starts at 578,125; Rev. Proc. 2022-38 puts it
  at half the joint 693,750, i.e. 346,875 (ours). Only separate returns above 346,875 are affected.
* Before 2018 taxcalc phases out personal exemptions (IRC 151(d)(3)) at high incomes; we do not
  model the phase-out, so taxable income is compared only below the phase-out.
* For 2025 taxcalc applies the OBBBA deduction for seniors (up to 6,000 for each spouse 65 or older,
  Schedule 1-A, phased out with income). It is not part of the standard deduction and not in our
  data; on Form 8379 it is entered as an item (line 14). Aged returns in 2025 are checked to differ
  by no more than 6,000 per aged person.

Kept in one module so taxcalc's import (about 2 s) is paid once; NUMBA_DISABLE_JIT avoids the
20-second JIT compile. The claim-probability simulation of the EITC and ACTC is switched off and
exact calculations are on, as deps.md shows (otherwise credits drop out at random).
"""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

os.environ.setdefault("NUMBA_DISABLE_JIT", "1")
taxcalc = pytest.importorskip("taxcalc", reason="install the crosscheck extra: pip install taxcalc==6.8.0")
pd = pytest.importorskip("pandas")

from spouse_relief.worksheets.f1040_tax import capital_gain_worksheet, rate_schedule_tax  # noqa: E402
from spouse_relief.parameters import parameter  # noqa: E402

YEARS = range(2013, 2026)
SENIOR_DEDUCTION_2025 = Decimal("6000")  # the engine's; used only to bound the documented difference
MFJ, MFS = "married_filing_jointly", "married_filing_separately"

# (wages A, wages B, qualified dividends of A, long-term gain of B, A aged 65+, B aged 65+)
COUPLES = [
    (0, 0, 0, 0, False, False),
    (12_000, 0, 0, 0, False, False),
    (18_500, 6_200, 0, 0, False, False),
    (25_000, 25_000, 0, 0, False, False),
    (31_750, 8_900, 0, 0, True, False),
    (40_000, 0, 0, 0, False, False),
    (44_100, 39_950, 0, 0, False, False),
    (52_000, 18_000, 0, 0, False, False),
    (60_000, 25_000, 0, 0, False, False),
    (67_300, 67_300, 0, 0, True, True),
    (75_000, 5_000, 1_200, 0, False, False),
    (88_800, 41_200, 0, 3_000, False, False),
    (95_000, 95_000, 0, 0, False, False),
    (99_999, 1, 0, 0, False, False),
    (110_000, 60_000, 4_000, 0, False, True),
    (125_000, 0, 0, 0, False, False),
    (140_000, 90_000, 0, 12_000, False, False),
    (160_000, 160_000, 0, 0, False, False),
    (185_000, 30_000, 8_000, 0, False, False),
    (210_000, 0, 0, 0, False, False),
    (230_000, 115_000, 0, 0, False, False),
    (260_000, 40_000, 15_000, 25_000, False, False),
    (300_000, 10_000, 0, 0, False, False),
    (340_000, 300_000, 0, 0, False, False),
    (420_000, 0, 0, 0, False, False),
    (480_000, 120_000, 30_000, 0, False, False),
    (520_000, 510_000, 0, 0, False, False),
    (650_000, 0, 0, 50_000, False, False),
    (800_000, 350_000, 0, 0, False, False),
    (1_200_000, 0, 60_000, 200_000, False, False),
    (2_500_000, 900_000, 0, 0, False, False),
    (15_000, 15_000, 2_500, 2_500, True, True),
]


def _frame():
    rows = []
    recid = 0
    for index, (wages_a, wages_b, dividends_a, gain_b, aged_a, aged_b) in enumerate(COUPLES):
        age_a, age_b = (70 if aged_a else 40), (70 if aged_b else 38)
        common = dict(e00200=wages_a + wages_b, e00200p=wages_a, e00200s=wages_b, e00650=dividends_a,
                      e00600=dividends_a, p23250=gain_b)
        recid += 1
        rows.append(dict(RECID=recid, MARS=2, XTOT=2, age_head=age_a, age_spouse=age_b, **common))
        recid += 1
        rows.append(dict(RECID=recid, MARS=3, XTOT=1, age_head=age_a, e00200=wages_a, e00200p=wages_a,
                         e00650=dividends_a, e00600=dividends_a))
        recid += 1
        rows.append(dict(RECID=recid, MARS=3, XTOT=1, age_head=age_b, e00200=wages_b, e00200p=wages_b, p23250=gain_b))
    return pd.DataFrame(rows).fillna(0)


@pytest.fixture(scope="module")
def engine_results():
    policy = taxcalc.Policy()
    policy.implement_reform({"eitc_claim_prob_scale": {2013: 9e99}, "actc_claim_prob_scale": {2013: 9e99}})
    results = {}
    frame = _frame()
    for year in YEARS:
        records = taxcalc.Records(data=frame.copy(), start_year=year, gfactors=None, weights=None,
                                  adjust_ratios=None, exact_calculations=True)
        calc = taxcalc.Calculator(policy=policy, records=records)
        calc.calc_all()
        results[year] = calc.dataframe(["RECID", "MARS", "c00100", "c04800", "taxbc", "e00650", "p23250"])
    return results


def _ours_taxable(year, status, wages, aged_boxes, exemptions):
    standard = parameter("federal/income_tax/standard_deduction").for_tax_year(year).value[status]
    per_box = parameter("federal/income_tax/additional_standard_deduction").for_tax_year(year).value["married"]
    exemption = parameter("federal/income_tax/personal_exemption").for_tax_year(year).value
    return max(wages - standard - aged_boxes * per_box - exemptions * exemption, Decimal(0))


def _ours_tax(year, status, taxable, qualified, gain):
    if qualified or gain:
        return capital_gain_worksheet(taxable, status, year, qualified_dividends=qualified,
                                      net_capital_gain=gain, use_tax_table=False).tax
    return rate_schedule_tax(taxable, status, year).tax


def _money(value) -> Decimal:
    return Decimal(str(round(float(value), 2))).quantize(Decimal("0.01"))


# Pre-2018 personal exemption phase-out starts (IRC 151(d)(3), indexed): AGI of a separate return above
# these is left out of the taxable-income comparison (taxcalc models the phase-out, we do not).
def _below_exemption_phaseout(year, status, agi):
    if year >= 2018:
        return True
    return agi < (Decimal("150000") if status == MFS else Decimal("250000"))


@pytest.mark.parametrize("year", YEARS)
def test_taxable_income_and_schedule_tax_agree(engine_results, year):
    frame = engine_results[year]
    compared = 0
    for index, (wages_a, wages_b, dividends_a, gain_b, aged_a, aged_b) in enumerate(COUPLES):
        returns = frame.iloc[3 * index: 3 * index + 3]
        specs = [
            (MFJ, wages_a + wages_b + dividends_a + gain_b, int(aged_a) + int(aged_b), 2, dividends_a, gain_b),
            (MFS, wages_a + dividends_a, int(aged_a), 1, dividends_a, 0),
            (MFS, wages_b + gain_b, int(aged_b), 1, 0, gain_b),
        ]
        for (status, income, boxes, exemptions, qualified, gain), (_, row) in zip(specs, returns.iterrows()):
            engine_taxable = _money(row["c04800"])
            if _below_exemption_phaseout(year, status, Decimal(income)):
                ours = _ours_taxable(year, status, Decimal(income), boxes, exemptions)
                if year == 2025 and boxes:
                    senior_deduction = ours - engine_taxable  # OBBBA section 70103, not modelled here
                    assert Decimal(0) <= senior_deduction <= SENIOR_DEDUCTION_2025 * boxes, (year, status, index)
                else:
                    assert ours == engine_taxable, (year, status, index)
            ours_tax = _ours_tax(year, status, engine_taxable, Decimal(qualified), Decimal(gain))
            engine_tax = _money(row["taxbc"])
            if year == 2023 and status == MFS and engine_taxable > Decimal("346875"):
                # taxcalc: 35% up to 578,125; Rev. Proc. 2022-38: 37% above 346,875 (two points more).
                ordinary = max(engine_taxable - Decimal(qualified) - Decimal(gain), Decimal(0))
                expected_gap = (min(ordinary, Decimal("578125")) - Decimal("346875")) * Decimal("0.02")
                assert abs((ours_tax - engine_tax) - max(expected_gap, Decimal(0))) <= Decimal("0.02"), (year, index)
                continue
            assert abs(ours_tax - engine_tax) <= Decimal("0.01"), (year, status, index, ours_tax, engine_tax)
            compared += 1
    assert compared >= 80


def test_engines_disagree_on_2023_separate_top_bracket(engine_results):
    """The documented difference exists (if taxcalc fixes it, this test says so)."""
    policy = taxcalc.Policy()
    policy.set_year(2023)
    assert policy.II_brk6[0][2] == 578125  # taxcalc's MFS value
    ours = parameter("federal/income_tax/rate_schedule").for_tax_year(2023).value[MFS]
    assert ours[-1] == (Decimal("346875"), Decimal("0.37"))

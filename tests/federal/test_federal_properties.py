"""Invariants of the Form 8379 estimate and the 6015(d) split, over generated cases."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spouse_relief.worksheets.f1040_tax import rate_schedule_tax, regular_tax
from spouse_relief.worksheets.f6015d import compute as compute_6015d
from spouse_relief.worksheets.f8379 import compute as compute_8379

cents = st.integers(min_value=0, max_value=30_000_000).map(lambda n: Decimal(n) / 100)
dollars = st.integers(min_value=0, max_value=250_000).map(Decimal)
years = st.integers(min_value=2010, max_value=2025)


@st.composite
def f8379_cases(draw):
    year = draw(years)
    income = [
        {"line": "13a", "description": "injured wages", "amount": str(draw(dollars)), "owner": "injured"},
        {"line": "13a", "description": "other wages", "amount": str(draw(dollars)), "owner": "other"},
        {"line": "13b", "description": "joint interest", "amount": str(draw(st.integers(0, 5000))), "owner": "joint"},
    ]
    case = {
        "tax_year": year,
        "injured_spouse": {"name": "I", "age_65_or_older": draw(st.booleans())},
        "other_spouse": {"name": "O", "blind": draw(st.booleans())},
        "income": income,
        "deduction": {"method": "standard"},
        "withholding": [
            {"description": "injured", "amount": str(draw(cents) / 10), "owner": "injured"},
            {"description": "other", "amount": str(draw(cents) / 10), "owner": "other"},
        ],
        "payments": [{"description": "joint estimates", "amount": str(draw(st.integers(0, 20000))), "owner": "joint"}],
        "joint_return": {"earned_income_credit": str(draw(st.integers(0, 7000)))},
    }
    for item in case["withholding"]:
        item["amount"] = str(Decimal(item["amount"]).quantize(Decimal("0.01")))
    if year < 2018:
        case["exemptions"] = {"injured": draw(st.integers(1, 3)), "other": draw(st.integers(1, 3))}
    if draw(st.booleans()):
        case["offset"] = {"amount": str(draw(st.integers(0, 20000))), "debt_type": "child_support"}
    return case


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f8379_cases())
def test_injured_refund_is_between_zero_and_the_overpayment(case):
    result = compute_8379(case)
    assert Decimal(0) <= result.injured_spouse_refund <= result.joint_overpayment
    assert result.injured_spouse_refund + result.available_for_offset == result.joint_overpayment
    assert result.share_of_tax["injured"] + result.share_of_tax["other"] == result.joint_tax
    for columns in result.allocation.values():
        assert columns["injured"] + columns["other"] == columns["joint"]
    if result.offset:
        assert result.offset["applied_to_debt"] <= result.available_for_offset


@st.composite
def split_cases(draw):
    count = draw(st.integers(1, 6))
    items = []
    for index in range(count):
        items.append(
            {
                "description": f"item {index}",
                "kind": draw(st.sampled_from(["income", "deduction"])),
                "owner": draw(st.sampled_from(["requesting", "other", "joint"])),
                "amount": str(draw(st.integers(1, 100_000))),
            }
        )
    return {
        "tax_year": 2020,
        "requesting_spouse": {"name": "R"},
        "other_spouse": {"name": "O"},
        "other_spouse_elects": True,
        "deficiency": str(draw(cents)),
        "items": items,
    }


@settings(max_examples=200, deadline=None)
@given(split_cases())
def test_portions_add_to_the_deficiency_when_both_elect_and_nothing_is_known(case):
    result = compute_6015d(case)
    deficiency = Decimal(case["deficiency"])
    requesting, other = result.portions["requesting"]["total"], result.portions["other"]["total"]
    assert requesting + other == deficiency
    assert Decimal(0) <= requesting <= deficiency
    assert result.relief["requesting"] == deficiency - requesting


@settings(max_examples=100, deadline=None)
@given(split_cases(), st.booleans())
def test_knowledge_only_adds_to_a_spouse_s_portion(case, all_known):
    plain = compute_6015d(case).portions["requesting"]["total"]
    for item in case["items"]:
        if item["owner"] != "requesting":
            item["requesting_knew"] = "all" if all_known else "0"
    known = compute_6015d(case).portions["requesting"]["total"]
    assert known >= plain
    if all_known:
        assert known == Decimal(case["deficiency"])


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 99_999), years, st.sampled_from(["married_filing_jointly", "married_filing_separately", "single", "head_of_household"]))
def test_table_is_within_a_few_dollars_of_the_schedule(amount, year, status):
    table = regular_tax(Decimal(amount), status, year).tax
    schedule = rate_schedule_tax(Decimal(amount), status, year).tax
    # a $50 row's midpoint is at most $25 away; the highest rate below 100,000 is 28% (separate returns,
    # 2010-2017): 25 x 28% = 7.00, plus half a dollar of rounding.
    assert abs(table - schedule) <= Decimal("7.50")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 1_000_000), st.integers(0, 5_000), years)
def test_tax_never_falls_as_income_rises(amount, more, year):
    lower = regular_tax(Decimal(amount), "married_filing_separately", year).tax
    higher = regular_tax(Decimal(amount + more), "married_filing_separately", year).tax
    assert higher >= lower

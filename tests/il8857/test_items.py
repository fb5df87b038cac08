"""Item entry: each rule of the IL-8857 instructions puts an item on its line and in its columns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from spouse_relief.io import read_document
from spouse_relief.worksheets.il8857 import compute_il8857, parse_il8857

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "il8857"

D = Decimal


def compute(items, **extra):
    return compute_il8857(parse_il8857({"form": "IL-8857", "tax_year": 2022, "items": items, **extra}))


def row(result, line):
    return tuple(result.lines[line][column] for column in "ABC")


def test_earned_by_rule_and_joint_income_split_equally():
    result = compute([
        {"kind": "wages", "amount": "30425", "owner": "me"},
        {"kind": "wages", "amount": "50425", "owner": "spouse"},
        {"kind": "taxable_interest", "amount": "500.01", "owner": "joint"},
    ])
    assert row(result, "1") == (D("80850.00"), D("30425.00"), D("50425.00"))
    assert row(result, "2") == (D("500.01"), D("250.01"), D("250.00"))  # half up to B, the rest to C


def test_unclear_payment_is_divided_by_each_spouses_line_67():
    result = compute([
        {"kind": "wages", "amount": "30000", "owner": "me"},
        {"kind": "wages", "amount": "10000", "owner": "spouse"},
        {"kind": "estimated_payment", "amount": "1000", "owner": "unclear"},
    ])
    b67, c67 = result.lines["67"]["B"], result.lines["67"]["C"]
    assert (b67, c67) == (D("1485.00"), D("495.00"))  # 30,000 x 4.95%; 10,000 x 4.95%
    assert row(result, "69") == (D("1000.00"), D("750.00"), D("250.00"))


def test_determination_wins_over_the_earned_by_rule():
    result = compute([{"kind": "other_income", "amount": "6000", "owner": "me",
                       "determination": {"by": "court", "me": "1000", "spouse": "5000"}}])
    assert row(result, "15") == (D("6000.00"), D("1000.00"), D("5000.00"))


def test_no_return_before_assessment_puts_known_items_in_both_columns():
    result = compute(
        [{"kind": "business_income", "amount": "1000", "owner": "spouse", "knew": ["me"]},
         {"kind": "business_income", "amount": "500", "owner": "spouse"}],
        returns_filed_before_assessment={"federal": False, "illinois": True},
    )
    assert row(result, "6") == (D("1500.00"), D("1000.00"), D("1500.00"))
    assert any("both columns" in note for note in result.notes)


def test_erroneous_items_go_to_each_spouse_who_knew_with_the_instructions_signs():
    result = compute([
        {"kind": "erroneous_income_or_deduction", "amount": "1000", "owner": "spouse", "knew": ["me"]},
        {"kind": "erroneous_exemption", "amount": "2425", "owner": "spouse"},
        {"kind": "erroneous_credit", "amount": "100", "owner": "joint"},
        {"kind": "credit_increase_from_correction", "amount": "10", "owner": "spouse", "knew": ["spouse"]},
    ])
    assert row(result, "59") == (D("1000.00"), D("1000.00"), D("1000.00"))
    assert row(result, "60") == (D("-2425.00"), D("0.00"), D("-2425.00"))
    assert row(result, "63") == (D("-90.00"), D("-100.00"), D("-90.00"))
    # 61 = 59 - 60: a disallowed exemption raises income; 64 = 62 - 63: a disallowed credit raises tax.
    assert row(result, "61") == (D("3425.00"), D("1000.00"), D("3425.00"))
    assert result.lines["62"]["C"] == D("169.54")  # 3,425 x .0495 = 169.5375
    assert result.lines["64"]["C"] == D("259.54")  # 169.54 - (-90)


def test_exemptions_follow_the_year_the_additions_and_the_agi_cap():
    result = compute([
        {"kind": "wages", "amount": "40000", "owner": "me"},
        {"kind": "exemption", "person": "me", "age_65_or_older": True, "blind": True},
        {"kind": "exemption", "person": "spouse"},
        {"kind": "exemption", "person": "dependent", "owner": "unclear"},
    ])
    assert row(result, "43") == (D("9275.00"), D("5637.50"), D("3637.50"))  # 4,425 + 2,425 + 2,425 (split)
    capped = compute([
        {"kind": "wages", "amount": "500000.01", "owner": "me"},
        {"kind": "exemption", "person": "me"},
    ])
    assert row(capped, "43") == (D("0.00"), D("0.00"), D("0.00"))
    assert any("is over 500000" in source for source in capped.trace_for("43").notes)


def test_dated_payments_give_the_last_payment_for_the_refund_window():
    result = compute(
        [{"kind": "wages", "amount": "1000", "owner": "me"},
         {"kind": "estimated_payment", "amount": "10", "owner": "me", "date": "2024-06-17"},
         {"kind": "estimated_payment", "amount": "10", "owner": "me", "date": "2023-01-17"}],
        dates={"original_return_filed": "2023-04-18", "request": "2026-11-01"},
    )
    window = result.refund_window
    assert window.deadline == date(2026, 10, 15)  # 3 years after the extended due date is later than 2025-06-17
    assert window.timely is False


def test_shipped_item_example_computes():
    result = compute_il8857(parse_il8857(read_document(EXAMPLES / "items_2022.yaml")))
    assert result.lines["59"]["B"] == result.lines["59"]["C"] == D("4000.00")
    assert result.outcome in ("liability", "refund")

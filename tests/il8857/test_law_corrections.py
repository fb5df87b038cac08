"""IL-8857 corrections worked by hand from the instructions (R-12/22) and 86 Ill. Adm. Code 100.5040.

Rate 2022: 4.95%. Every expected number below is computed in the comments, not taken from the tool."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from spouse_relief.worksheets.il8857 import compute_il8857, parse_il8857


def _lines(lines: dict, dates: dict | None = None, today: date = date(2026, 11, 30)):
    document = {"form": "IL-8857", "tax_year": 2022, "lines": lines}
    if dates:
        document["dates"] = dates
    return compute_il8857(parse_il8857(document), today)


ERRONEOUS_KNOWN = {
    "1": {"A": "20000.00", "B": "20000.00", "C": "0.00"},
    "59": {"A": "1000.00", "B": "1000.00", "C": "0.00"},
    "68": {"A": "1500.00", "B": "1500.00", "C": "0.00"},
}


def test_line_80_counts_the_erroneous_items_twice_when_it_nets():
    # B: 45 = 20,000 x 4.95% = 990.00; 62 = 1,000 x 4.95% = 49.50 = 64; 67 = 990.00 + 49.50 = 1,039.50;
    # 78 = 1,039.50 - 1,500.00 = -460.50 (overpayment); 79 = 64 + 66 = 49.50 (underpayment).
    # As printed, one of each: the net, -460.50 + 49.50 = -411.00 (line 64 counted in 78 and again in 79).
    # Counted once: line 78 itself, -460.50.
    result = _lines(ERRONEOUS_KNOWN)
    assert result.lines["78"]["B"] == Decimal("-460.50")
    assert result.lines["79"]["B"] == Decimal("49.50")
    assert result.lines["80"]["B"] == Decimal("-411.00")
    assert result.line80_once is not None and result.line80_once.once == Decimal("-460.50")
    assert any("count twice" in warning and "-460.50" in warning for warning in result.warnings)
    assert result.as_dict()["checks"]["line_80_erroneous_items_once"]["erroneous_items_once"] == "-460.50"


def test_line_80_no_second_reading_when_the_signs_agree():
    # Withholding 500: 78 = 1,039.50 - 500 = 539.50 and 79 = 49.50, both underpayments: the larger, 539.50. No double count.
    lines = dict(ERRONEOUS_KNOWN, **{"68": {"A": "500.00", "B": "500.00", "C": "0.00"}})
    result = _lines(lines)
    assert result.lines["80"]["B"] == Decimal("539.50")
    assert result.line80_once is None


def test_refund_headline_within_three_years_of_the_extended_due_date():
    # 2022 return due 2023-04-15, extended 6 months to 2023-10-15, + 3 years = 2026-10-15; request 2025-01-10: all tax paid.
    result = _lines(ERRONEOUS_KNOWN, {"original_return_filed": "2023-04-10", "last_payment": "2023-04-10", "request": "2025-01-10"})
    assert result.headline == "You may be refunded $411.00."


def test_refund_headline_when_the_window_has_closed():
    # Filed on time; last payment 2023-04-10 + 1 year = 2024-04-10; the latest window is 2026-10-15 < request 2026-11-30.
    result = _lines(ERRONEOUS_KNOWN, {"original_return_filed": "2023-04-10", "last_payment": "2023-04-10", "request": "2026-11-30"})
    assert result.outcome == "refund"
    assert result.headline.startswith("No refund: the time to request one ended 2026-10-15.")
    assert "You may be refunded" not in result.headline


def test_refund_headline_limited_to_payments_within_one_year():
    # Items: wages 20,000 (you) -> 45 = 990.00; withholding 1,500 dated 2022-12-31 and a payment of 100 on 2026-03-01.
    # 78 = 990 - 1,600 = -610.00, 79 = 0 -> 80 = -610.00 (refund 610.00 on the worksheet).
    # Request 2026-11-30: after 2026-10-15; last payment 2026-03-01 + 1 year = 2027-03-01, so the one-year limit:
    # payments on or after 2025-11-30 -> only the 100.00.
    document = {
        "form": "IL-8857", "tax_year": 2022,
        "dates": {"original_return_filed": "2023-04-10", "request": "2026-11-30"},
        "items": [
            {"kind": "wages", "amount": "20000", "owner": "you"},
            {"kind": "withholding", "amount": "1500", "owner": "you", "date": "2022-12-31"},
            {"kind": "payment_after_filing", "amount": "100", "owner": "you", "date": "2026-03-01"},
        ],
    }
    result = compute_il8857(parse_il8857(document), date(2026, 11, 30))
    assert result.amount == Decimal("610.00")
    assert result.headline == (
        "You may be refunded $100.00: the worksheet shows $610.00, but the refund is limited to the $100.00 paid on or after 2025-11-30."
    )


def test_owner_word_me_is_still_accepted_for_you():
    old = parse_il8857({"form": "IL-8857", "tax_year": 2022, "items": [{"kind": "wages", "amount": "10", "owner": "me", "knew": ["me"]}]})
    new = parse_il8857({"form": "IL-8857", "tax_year": 2022, "items": [{"kind": "wages", "amount": "10", "owner": "you", "knew": ["you"]}]})
    assert old.entries["1"].fixed == new.entries["1"].fixed
    determination = parse_il8857({"form": "IL-8857", "tax_year": 2022, "items": [
        {"kind": "other_income", "amount": "6000", "owner": "you", "determination": {"by": "court", "me": "1000", "spouse": "5000"}}]})
    assert determination.entries["15"].fixed["B"] == Decimal("1000")


def test_joint_estimated_payments_form_rule_and_regulation_example_2():
    # 45: A 60,000 x 4.95% = 2,970.00; B 20,000 -> 990.00; C 40,000 -> 1,980.00 (= lines 58 and 67).
    # Withholding 68: B 990.00 (covers her tax), C 500.00. Joint estimates 700.00 typed in column A only.
    # Form (by line 67): B 700 x 990 / 2,970 = 233.33 (half up), C 466.67 -> 78 B = 990 - 1,223.33 = -233.33 = 80 B.
    # Regulation, Example 2 (by 58 - 68): B 990 - 990 = 0, C 1,980 - 500 = 1,480 -> B 0.00, C 700.00;
    # 78 B = 990 - 990 = 0.00 -> 80 B 0.00.
    result = _lines({
        "1": {"A": "60000.00", "B": "20000.00", "C": "40000.00"},
        "68": {"A": "1490.00", "B": "990.00", "C": "500.00"},
        "69": {"A": "700.00"},
    })
    assert result.lines["69"]["B"] == Decimal("233.33")
    assert result.lines["80"]["B"] == Decimal("-233.33")
    reading = result.estimated_by_regulation
    assert reading is not None
    assert reading.regulation_b == Decimal("0.00")
    assert reading.line80_regulation == Decimal("0.00")
    assert any("100.5040, Example 2" in note for note in result.notes)


def test_nonresident_exemption_item_needs_the_schedule_nr_amount():
    import pytest

    from spouse_relief.errors import InputError

    with pytest.raises(InputError) as raised:
        parse_il8857({"form": "IL-8857", "tax_year": 2022, "residency": "nonresident",
                      "items": [{"kind": "wages", "amount": "40000", "owner": "you"}, {"kind": "exemption", "person": "you"}]})
    assert raised.value.field == "items[1].amount"
    assert "Schedule NR" in raised.value.message
    case = parse_il8857({"form": "IL-8857", "tax_year": 2022, "residency": "nonresident",
                         "items": [{"kind": "exemption", "person": "you", "amount": "1137.50"}]})
    assert case.entries["43"].fixed["B"] == Decimal("1137.50")


def test_nonresident_unclear_line_41_follows_base_income_with_a_warning():
    # Line 40: B 40,000.00, C 60,000.00. Joint Illinois base income 50,000 not split on Schedule NR:
    # B = 50,000 x 40,000 / 100,000 = 20,000.00; C = 30,000.00 (never 25,000 each in silence).
    document = {"form": "IL-8857", "tax_year": 2022, "residency": "nonresident", "items": [
        {"kind": "wages", "amount": "40000", "owner": "you"},
        {"kind": "wages", "amount": "60000", "owner": "spouse"},
        {"kind": "base_income_allocated_to_illinois", "amount": "50000", "owner": "unclear"},
    ]}
    result = compute_il8857(parse_il8857(document), date(2026, 11, 30))
    assert result.lines["41"] == {"A": Decimal("50000.00"), "B": Decimal("20000.00"), "C": Decimal("30000.00")}
    assert any(warning.startswith("line 41: each spouse's base income allocated to Illinois comes from their own Schedule NR") for warning in result.warnings)


def test_subtractions_typed_in_column_a_follow_the_related_income():
    # Line 36 (retirement income and social security) follows lines 9 + 10 + 14: B 12,000 (pension), C 3,000 (social
    # security): 10,000 x 12,000 / 15,000 = 8,000.00 for B, 2,000.00 for C. Line 37 (Illinois refund) follows line 4:
    # B 0, C 400 -> all 300.00 to C.
    result = _lines({
        "4": {"A": "400.00", "C": "400.00"},
        "10": {"A": "12000.00", "B": "12000.00"},
        "14": {"A": "3000.00", "C": "3000.00"},
        "36": {"A": "10000.00"},
        "37": {"A": "300.00"},
    })
    assert result.lines["36"] == {"A": Decimal("10000.00"), "B": Decimal("8000.00"), "C": Decimal("2000.00")}
    assert result.lines["37"] == {"A": Decimal("300.00"), "B": Decimal("0.00"), "C": Decimal("300.00")}

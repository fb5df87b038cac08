"""Form IL-8857 line 14 and the refund-request window."""

from __future__ import annotations

from datetime import date

from spouse_relief.worksheets.il8857_checks import line14_category, refund_request_window


def test_line_14_categories():
    assert line14_category(2022, None).category == "illinois_guidelines"
    assert line14_category(1999, None).category == "illinois_guidelines"  # ends Dec 31, 1999, after Aug 13
    unknown = line14_category(1997, None)
    assert unknown.category == "unknown" and "line 14b" in unknown.missing[0]
    assert line14_category(1997, False).category == "illinois_guidelines"
    old = line14_category(1997, True)
    assert old.category == "federal_pre_1998_guidelines"
    assert "$500" in old.explanation


def test_refund_window_three_years_after_extended_due_date():
    window = refund_request_window(2021, date(2022, 4, 18), date(2022, 4, 18), date(2025, 10, 15))
    assert window.deadline == date(2025, 10, 15)
    assert window.timely is True and "all taxes paid" in window.applicable_limit


def test_refund_window_late_filed_return():
    window = refund_request_window(2018, date(2021, 3, 1), date(2021, 3, 1), date(2023, 6, 1))
    assert window.deadline == date(2024, 3, 1)
    assert "with the return or after filing" in window.applicable_limit


def test_refund_window_one_year_after_payment_with_lookback():
    window = refund_request_window(2015, date(2016, 4, 15), date(2024, 2, 29), date(2024, 11, 1))
    assert window.deadline == date(2025, 2, 28)  # Feb 29 + 1 year
    assert window.lookback_date == date(2023, 11, 1)


def test_refund_window_closed_and_unknown():
    closed = refund_request_window(2015, date(2016, 4, 15), date(2016, 4, 15), date(2024, 11, 1))
    assert closed.timely is False and "closed" in closed.applicable_limit
    unknown = refund_request_window(2015, None, None, date(2024, 11, 1))
    assert unknown.timely is None and len(unknown.missing) == 2

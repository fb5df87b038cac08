"""Calendar arithmetic and the IRC 7503 roll: weekends, DC legal holidays (Emancipation Day, Juneteenth)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spouse_relief.dates import add_days, add_months, add_years, is_business_day, legal_holiday_name, roll_forward


@pytest.mark.parametrize(
    "start, years, expected",
    [
        (date(2000, 1, 11), 2, date(2002, 1, 11)),  # Reg. 1.6015-5(b)(4), Example 1
        (date(2024, 2, 29), 1, date(2025, 2, 28)),  # February 29 -> February 28 in a common year
        (date(2024, 2, 29), 4, date(2028, 2, 29)),  # and stays February 29 in a leap year
        (date(2023, 2, 28), 1, date(2024, 2, 28)),
        (date(2021, 8, 2), 10, date(2031, 8, 2)),
        (date(2024, 2, 29), -1, date(2023, 2, 28)),
    ],
)
def test_add_years(start, years, expected):
    assert add_years(start, years) == expected


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2027, 4, 15), -6, date(2026, 10, 15)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_add_days():
    assert add_days(date(2026, 3, 21), 90) == date(2026, 6, 19)
    assert add_days(date(2024, 2, 28), 1) == date(2024, 2, 29)


@pytest.mark.parametrize(
    "last_day, timely, why",
    [
        (date(2027, 5, 1), date(2027, 5, 3), ["Saturday", "Sunday"]),
        (date(2027, 5, 2), date(2027, 5, 3), ["Sunday"]),
        # DC Emancipation Day, April 16, on a weekday
        (date(2026, 4, 16), date(2026, 4, 17), ["Emancipation Day"]),
        (date(2024, 4, 16), date(2024, 4, 17), ["Emancipation Day"]),
        # April 16, 2022 was a Saturday: observed Friday April 15, so April 15 moves to Monday April 18
        (date(2022, 4, 15), date(2022, 4, 18), ["Emancipation Day (observed)", "Saturday", "Sunday"]),
        # April 16, 2023 was a Sunday: observed Monday April 17, so April 15 (Saturday) moves to Tuesday April 18
        (date(2023, 4, 15), date(2023, 4, 18), ["Saturday", "Sunday", "Emancipation Day (observed)"]),
        # April 15, 2029 is a Sunday and April 16 a Monday
        (date(2029, 4, 15), date(2029, 4, 17), ["Sunday", "Emancipation Day"]),
        # Juneteenth: a Wednesday in 2024; a Friday in 2026 (then the weekend)
        (date(2024, 6, 19), date(2024, 6, 20), ["Juneteenth"]),
        (date(2026, 6, 19), date(2026, 6, 22), ["Juneteenth", "Saturday", "Sunday"]),
        # June 19, 2022 was a Sunday: observed Monday June 20
        (date(2022, 6, 19), date(2022, 6, 21), ["Sunday", "Juneteenth"]),
        # Thanksgiving, and Christmas observed on a Friday
        (date(2026, 11, 26), date(2026, 11, 27), ["Thanksgiving"]),
        (date(2021, 12, 24), date(2021, 12, 27), ["Christmas", "Saturday", "Sunday"]),
        # Inauguration Day in DC (2025: also Martin Luther King Jr. Day)
        (date(2025, 1, 20), date(2025, 1, 21), ["Inauguration Day"]),
        # a business day does not move
        (date(2026, 4, 15), date(2026, 4, 15), []),
    ],
)
def test_roll_forward(last_day, timely, why):
    rolled = roll_forward(last_day)
    assert rolled.timely_day == timely
    assert rolled.last_day == last_day
    assert len(rolled.reasons) == (timely - last_day).days
    for word, reason in zip(why, rolled.reasons):
        assert word in reason
    assert rolled.parameter is not None and rolled.parameter.name == "federal/deadlines/legal_holiday_calendar"


def test_emancipation_day_is_a_dc_legal_holiday_only_since_it_was_created():
    assert legal_holiday_name(date(2026, 4, 16)) == "Emancipation Day"
    assert legal_holiday_name(date(2004, 4, 16)) is None  # a DC holiday since 2005


def test_a_state_holiday_counts_for_an_office_in_that_state():
    # Kentucky (where Form 8857 is mailed): Good Friday 2026 is April 3, a Kentucky holiday
    assert is_business_day(date(2026, 4, 3))
    assert not is_business_day(date(2026, 4, 3), office_state="KY")
    assert roll_forward(date(2026, 4, 3), office_state="KY").timely_day == date(2026, 4, 6)


DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=400, deadline=None)
@given(DAYS)
def test_a_rolled_day_is_never_earlier_never_a_weekend_or_holiday_and_at_most_a_few_days_later(day):
    rolled = roll_forward(day).timely_day
    assert rolled >= day
    assert rolled.weekday() < 5
    assert legal_holiday_name(rolled) is None
    assert (rolled - day).days <= 4
    # every day skipped was a weekend or a holiday, and rolling again changes nothing
    skipped = [day + timedelta(days=n) for n in range((rolled - day).days)]
    assert all(not is_business_day(d) for d in skipped)
    assert roll_forward(rolled).timely_day == rolled


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(min_value=-30, max_value=30))
def test_add_years_keeps_month_and_never_overshoots_the_day(day, years):
    moved = add_years(day, years)
    assert moved.month == day.month
    assert moved.year == day.year + years
    assert moved.day == day.day or (day.month == 2 and day.day == 29 and moved.day == 28)


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(min_value=-240, max_value=240))
def test_add_months_lands_in_the_right_month_on_the_same_or_last_day(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + timedelta(days=1)).day == 1)

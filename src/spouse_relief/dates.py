"""Calendar arithmetic for deadlines: periods in years, months and days, and the IRC 7503 roll.

Periods land on the same calendar day (two years after January 11, 2000 is January 11, 2002,
Reg. 1.6015-5(b)(4) Example 1). A period that starts on a day the target month lacks (February
29, or the 31st) ends on the last day of the target month: February 29, 2024 plus one year is
February 28, 2025. That is the earlier of the two possible readings, so a user warned by it is
never late.

IRC 7503: when the last day for an act falls on a Saturday, Sunday or legal holiday, the act is
timely on the next day that is none of these. "Legal holiday" means a legal holiday in the
District of Columbia (federal holidays as observed, plus DC Emancipation Day, April 16, and
Inauguration Day); which calendar to use is a parameter, ``federal/deadlines/legal_holiday_calendar``.
A filing at an IRS office outside DC also gets that state's statewide holidays (``office_state``).
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from . import usercache
from .parameters import parameter
from .trace import ParameterUse

HOLIDAY_CALENDAR = "federal/deadlines/legal_holiday_calendar"


def add_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later (or earlier, if negative), or the month's last day if it is shorter."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later; February 29 becomes February 28 in a common year."""
    return add_months(start, 12 * years)


def _holidays_package_fingerprint() -> str:
    """What the kept calendars depend on: the installed ``holidays`` package's version file (found, not imported)."""
    from importlib.util import find_spec

    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return "none"
    try:
        return hashlib.sha256((Path(spec.origin).parent / "version.py").read_bytes()).hexdigest()[:16]
    except OSError:
        return "unknown"


@lru_cache(maxsize=1)
def _kept_calendars() -> tuple[str, dict]:
    name = f"holidays-{_holidays_package_fingerprint()}.json"
    kept = usercache.read_json(name)
    return name, kept if isinstance(kept, dict) else {}


def _from_package(country: str, subdivision: str | None, office_state: str | None, year: int) -> dict[str, str]:
    import holidays  # heavy: importing it loads every country's calendar module

    found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    if office_state:
        found = found + holidays.country_holidays(country, subdiv=office_state, years=year)
    return {day.isoformat(): name for day, name in sorted(found.items()) if day.year == year}


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str | None, office_state: str | None, year: int) -> dict[date, str]:
    """The legal holidays of one year, by day, from the ``holidays`` package.

    The package's answer for a calendar and year is kept in the user's cache folder (per package
    version), so a command that needs a few deadlines does not import the package's hundreds of
    country modules each time it starts.
    """
    name, kept = _kept_calendars()
    key = f"{country}/{subdivision or ''}/{office_state or ''}/{year}"
    found = _read_days(kept.get(key), year)
    if found is not None:
        return found
    days = _from_package(country, subdivision, office_state, year)
    kept[key] = days
    usercache.write_json(name, dict(kept))  # a copy: another thread may add to it
    return {date.fromisoformat(day): holiday for day, holiday in days.items()}


def _read_days(days, year: int) -> dict[date, str] | None:
    """A kept year of holidays, or None when it is missing or damaged (then the package is asked again)."""
    if not isinstance(days, dict):
        return None
    try:
        found = {date.fromisoformat(day): holiday for day, holiday in days.items()}
    except (TypeError, ValueError):
        return None
    if not all(day.year == year and isinstance(holiday, str) and holiday for day, holiday in found.items()):
        return None
    return found


def _calendar_settings(on: date) -> tuple[str, str | None, ParameterUse]:
    used = parameter(HOLIDAY_CALENDAR).at(on)
    return used.value["country"], used.value.get("subdivision"), ParameterUse.of(used)


def legal_holiday_name(day: date, office_state: str | None = None) -> str | None:
    """The name of the legal holiday on ``day`` (DC calendar, plus ``office_state``'s), or None."""
    country, subdivision, _ = _calendar_settings(day)
    return _holidays(country, subdivision, office_state, day.year).get(day) or None


def is_business_day(day: date, office_state: str | None = None) -> bool:
    return day.weekday() < 5 and legal_holiday_name(day, office_state) is None


@dataclass
class Rolled:
    """A last day and the day an act is timely after IRC 7503, with why it moved."""

    last_day: date
    timely_day: date
    reasons: list[str] = field(default_factory=list)
    parameter: ParameterUse | None = None

    @property
    def moved(self) -> bool:
        return self.timely_day != self.last_day


def _why_not_business(day: date, office_state: str | None) -> str | None:
    if day.weekday() == 5:
        return f"{day.isoformat()} is a Saturday"
    if day.weekday() == 6:
        return f"{day.isoformat()} is a Sunday"
    name = legal_holiday_name(day, office_state)
    if name:
        return f"{day.isoformat()} is a legal holiday ({name})"
    return None


def roll_forward(last_day: date, office_state: str | None = None) -> Rolled:
    """IRC 7503: the next day that is not a Saturday, Sunday or legal holiday (``last_day`` itself if it is one)."""
    _, _, use = _calendar_settings(last_day)
    day = last_day
    reasons: list[str] = []
    while (why := _why_not_business(day, office_state)) is not None:
        reasons.append(why)
        day += timedelta(days=1)
    return Rolled(last_day=last_day, timely_day=day, reasons=reasons, parameter=use)

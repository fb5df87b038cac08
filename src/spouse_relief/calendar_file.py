"""One iCalendar writer for every deadline export (the CLI's ``deadlines --ics``, the web's
calendar download): all-day events with reminders, the disclaimer in each description."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    day: date
    description: str
    reminder_days: tuple[int, ...] = ()
    categories: tuple[str, ...] = field(default_factory=tuple)


def calendar_bytes(events: list[CalendarEvent], name: str, stamp: datetime | None = None) -> bytes:
    from icalendar import Alarm, Calendar, Event  # lazy: only the calendar export needs it

    stamp = stamp or datetime.now(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", "-//spouse-relief//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@spouse-relief")
        event.add("summary", item.summary)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        if item.categories:
            event.add("categories", list(item.categories))
        for days in item.reminder_days:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"In {days} days: {item.summary}")
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()

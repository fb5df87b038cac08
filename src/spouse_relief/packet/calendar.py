"""The case's deadlines as an iCalendar file (.ics), one all-day event each, with reminders."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from .. import DISCLAIMER
from .assemble import CaseView

REMINDER_DAYS = (14, 2)


def to_ics(view: CaseView) -> bytes:
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//spouse-relief//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"spouse-relief: {view.case.title}")
    stamp = datetime.now(timezone.utc)
    for deadline in view.deadlines:
        if deadline.when is None:
            continue
        event = Event()
        uid = hashlib.sha256(f"{deadline.title}|{deadline.when.isoformat()}".encode()).hexdigest()[:24]
        event.add("uid", f"{uid}@spouse-relief")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.when)
        event.add("dtend", deadline.when + timedelta(days=1))
        event.add("summary", f"Deadline: {deadline.title}")
        lines = [deadline.note] if deadline.note else []
        lines += [f"{index}. {step}" for index, step in enumerate(deadline.steps, 1)]
        lines += [f"Source: {deadline.citation}", DISCLAIMER]
        event.add("description", "\n".join(line for line in lines if line))
        event.add("transp", "TRANSPARENT")
        for days in REMINDER_DAYS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{deadline.title}: {days} days left")
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()

"""The case's deadlines as an iCalendar file (.ics), one all-day event each, with reminders."""

from __future__ import annotations

import hashlib

from .. import DISCLAIMER
from ..calendar_file import CalendarEvent, calendar_bytes
from .assemble import CaseView

REMINDER_DAYS = (14, 2)


def to_ics(view: CaseView) -> bytes:
    events = []
    for deadline in view.deadlines:
        if deadline.when is None:
            continue
        lines = [deadline.note] if deadline.note else []
        lines += [f"{index}. {step}" for index, step in enumerate(deadline.steps, 1)]
        lines += [f"Source: {deadline.citation}", DISCLAIMER]
        events.append(CalendarEvent(
            uid=hashlib.sha256(f"{deadline.title}|{deadline.when.isoformat()}".encode()).hexdigest()[:24],
            summary=f"Deadline: {deadline.title}",
            day=deadline.when,
            description="\n".join(line for line in lines if line),
            reminder_days=REMINDER_DAYS,
        ))
    return calendar_bytes(events, f"spouse-relief: {view.case.title}")

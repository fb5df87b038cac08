"""The one iCalendar writer (the CLI's ``deadlines --ics``, the web's and the API's calendar
download): one all-day event per deadline, with the steps and citations.

Which deadlines are written: only those still ahead - open, at risk (sources differ: act by the
earlier day), a right that opens later, or open now - and dated. A missed deadline, or one whose
clock has not started, is not put in a calendar (the packet and the pages list them with what
remains possible). A last day gets one reminder two weeks before; a day a right opens gets none.
The text says which day is the statutory last day and which is the day after an IRC 7503 roll,
and that the tool is educational. Deadlines come from the outcome, so a form that does not
apply (an IL-8857 outside Illinois) is never in the calendar.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .. import DISCLAIMER
from ..navigator.deadlines import Deadline

WRITTEN = ("open", "at_risk", "opens_later", "open_now")
REMINDER_DAYS = 14


def written_deadlines(deadlines: list[Deadline]) -> list[Deadline]:
    return [deadline for deadline in deadlines if deadline.date is not None and deadline.status in WRITTEN]


def _description(deadline: Deadline) -> str:
    lines = [deadline.title, ""]
    if deadline.last_day and deadline.date and deadline.last_day != deadline.date:
        lines.append(f"Last day {deadline.last_day.isoformat()}; timely on {deadline.date.isoformat()} under IRC 7503. Act by the earlier day if you can.")
    if deadline.later_date:
        lines.append(f"Another reading of the rules allows until {deadline.later_date.isoformat()}; do not rely on it.")
    lines.append("How this date was found:")
    lines.extend(f"- {step.text}" for step in deadline.steps)
    if deadline.notes:
        lines.append("Notes:")
        lines.extend(f"- {note}" for note in deadline.notes)
    lines.append("Sources:")
    lines.extend(f"- {citation}" for citation in deadline.citations)
    if deadline.unverified:
        lines.append("Some of the rules used are unverified [U]; check them before relying on this date.")
    lines.extend(["", DISCLAIMER])
    return "\n".join(lines)


def calendar_bytes(deadlines: list[Deadline], name: str = "spouse-relief deadlines", *, stamp: datetime | None = None) -> bytes:
    from icalendar import Alarm, Calendar, Event  # lazy: only the calendar export needs it

    stamp = stamp or datetime.now(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", "-//spouse-relief//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for deadline in written_deadlines(deadlines):
        summary = ("Opens: " if deadline.kind == "opens" else "Deadline: ") + deadline.title
        event = Event()
        event.add("uid", f"{deadline.id.replace(':', '-')}@spouse-relief")
        event.add("summary", summary)
        event.add("dtstart", deadline.date)
        event.add("dtend", deadline.date + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("description", _description(deadline))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["spouse-relief", *deadline.paths])
        if deadline.kind == "last_day":
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"In {REMINDER_DAYS} days: {summary}")
            alarm.add("trigger", timedelta(days=-REMINDER_DAYS))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def outcome_calendar(outcome) -> bytes:
    """The calendar of a case's outcome."""
    return calendar_bytes(outcome.deadlines, f"spouse-relief: {outcome.case.title}")

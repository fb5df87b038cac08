"""Deadlines as an iCalendar file: one all-day event per deadline, with the steps and citations.

Only deadlines still ahead (open, at risk, or a right that opens later) are written; each has a
reminder two weeks before. The text says which day is the statutory last day and which is the
day after an IRC 7503 roll, and that the tool is educational.
"""

from __future__ import annotations

from datetime import datetime

from .. import DISCLAIMER
from ..calendar_file import CalendarEvent
from ..calendar_file import calendar_bytes as write_calendar
from .deadlines import Deadline

WRITTEN = ("open", "at_risk", "opens_later", "open_now")
REMINDER_DAYS = 14


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


def calendar_bytes(deadlines: list[Deadline], *, stamp: datetime | None = None) -> bytes:
    events = [
        CalendarEvent(
            uid=deadline.id.replace(":", "-"),
            summary=("Opens: " if deadline.kind == "opens" else "Deadline: ") + deadline.title,
            day=deadline.date,
            description=_description(deadline),
            reminder_days=(REMINDER_DAYS,) if deadline.kind == "last_day" else (),
            categories=("spouse-relief", *deadline.paths),
        )
        for deadline in written_deadlines(deadlines)
    ]
    return write_calendar(events, "spouse-relief deadlines", stamp)


def written_deadlines(deadlines: list[Deadline]) -> list[Deadline]:
    return [deadline for deadline in deadlines if deadline.date is not None and deadline.status in WRITTEN]


__all__ = ["calendar_bytes", "written_deadlines"]

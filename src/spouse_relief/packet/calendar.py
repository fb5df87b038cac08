"""The one iCalendar writer (the CLI's ``deadlines --ics``, the web's and the API's calendar
download): one all-day event per deadline, with the steps and citations.

Which deadlines are written: only those still ahead - open, at risk (sources differ: act by the
earlier day), a right that opens later, or open now - and dated. A missed deadline, or one whose
clock has not started, is not put in a calendar (the packet and the pages list them with what
remains possible). A last day gets one reminder two weeks before; a day a right opens gets none.
The text says which day is the statutory last day and which is the day after an IRC 7503 roll,
and that the tool is educational. Deadlines come from the outcome, so a form that does not
apply (an IL-8857 outside Illinois) is never in the calendar. The web writes it in the page's
language (``language="es"``: the titles, steps and notes from the catalog, dates in words; the
citations as written); the CLI in English.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .. import DISCLAIMER
from ..language import DEFAULT, N_, day_words, iso_dates_in_words, translate_text, translations
from ..navigator.deadlines import Deadline

WRITTEN = ("open", "at_risk", "opens_later", "open_now")
REMINDER_DAYS = 14


def written_deadlines(deadlines: list[Deadline]) -> list[Deadline]:
    return [deadline for deadline in deadlines if deadline.date is not None and deadline.status in WRITTEN]


def _description(deadline: Deadline, language: str = DEFAULT) -> str:
    t = translations(language).gettext

    def words(text: str) -> str:  # a sentence of the outcome, its dates in the language's words
        return text if language == DEFAULT else iso_dates_in_words(translate_text(language, text), language)

    def day(value) -> str:
        return value.isoformat() if language == DEFAULT else day_words(value, language)

    lines = [words(deadline.title), ""]
    if deadline.last_day and deadline.date and deadline.last_day != deadline.date:
        lines.append(t(N_("Last day %(last)s; timely on %(date)s under IRC 7503. Act by the earlier day if you can."))
                     % {"last": day(deadline.last_day), "date": day(deadline.date)})
    if deadline.later_date:
        lines.append(t(N_("Another reading of the rules allows until %(date)s; do not rely on it.")) % {"date": day(deadline.later_date)})
    lines.append(t(N_("How this date was found:")))
    lines.extend(f"- {words(step.text)}" for step in deadline.steps)
    if deadline.notes:
        lines.append(t(N_("Notes:")))
        lines.extend(f"- {words(note)}" for note in deadline.notes)
    lines.append(t(N_("Sources:")))
    lines.extend(f"- {citation}" for citation in deadline.citations)
    if deadline.unverified:
        lines.append(t(N_("Some of the rules used are unverified [U]; check them before relying on this date.")))
    lines.extend(["", t(DISCLAIMER)])
    return "\n".join(lines)


def calendar_bytes(deadlines: list[Deadline], name: str = "spouse-relief deadlines", *, stamp: datetime | None = None, language: str = DEFAULT) -> bytes:
    from icalendar import Alarm, Calendar, Event  # lazy: only the calendar export needs it

    stamp = stamp or datetime.now(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", "-//spouse-relief//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for deadline in written_deadlines(deadlines):
        t = translations(language).gettext
        summary = t(N_("Opens: %(title)s") if deadline.kind == "opens" else N_("Deadline: %(title)s")) % {"title": translate_text(language, deadline.title)}
        event = Event()
        event.add("uid", f"{deadline.id.replace(':', '-')}@spouse-relief")
        event.add("summary", summary)
        event.add("dtstart", deadline.date)
        event.add("dtend", deadline.date + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("description", _description(deadline, language))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["spouse-relief", *deadline.paths])
        if deadline.kind == "last_day":
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", t(N_("In %(days)s days: %(summary)s")) % {"days": REMINDER_DAYS, "summary": summary})
            alarm.add("trigger", timedelta(days=-REMINDER_DAYS))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def outcome_calendar(outcome, language: str = DEFAULT) -> bytes:
    """The calendar of a case's outcome, in the person's language."""
    return calendar_bytes(outcome.deadlines, f"spouse-relief: {outcome.case.title}", language=language)

"""Deadlines: each a small function of dates and parameters, returning the date and the steps.

Every period comes from a parameter file under ``params/federal/deadlines/`` (or Illinois's
rules through ``spouse_relief.worksheets.il8857_checks``). A last day that falls on a Saturday, Sunday or DC legal
holiday moves to the next business day (IRC 7503, ``spouse_relief.dates.roll_forward``); both the
last day and the moved day are shown, and the user is told to act by the earlier one.

A deadline's status, as of the screening date:

* ``open`` - still ahead; ``at_risk`` - the sources disagree and the earlier reading has passed
  (file now; the later reading has not passed); ``missed`` - passed (``remaining`` says what is
  still possible);
* ``not_started`` - the clock has not started (e.g. no collection activity yet);
* ``unknown`` - an answer is missing (``missing`` names it);
* for a day that *opens* a right (``kind="opens"``): ``opens_later`` or ``open_now``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..dates import add_days, add_months, add_years, is_business_day, roll_forward
from ..parameters import parameter
from ..trace import ParameterUse
from ..worksheets.il8857_checks import refund_request_window
from .facts import CollectionEvent, Payment, TaxYear
from .findings import Question
from .sources import CITE

FORM8857_PATHS = ("irc6015b", "irc6015c", "irc6015f", "irc66c", "irc66c_equitable")
DeadlineStatus = Literal["open", "at_risk", "missed", "not_started", "unknown", "opens_later", "open_now"]


@dataclass
class Step:
    """One step of how a deadline is worked out, with its date and citation."""

    text: str
    on: date | None = None
    citation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "date": self.on.isoformat() if self.on else None, "citation": self.citation}


@dataclass
class Deadline:
    """One deadline of an open relief path (the one Deadline type of the whole project)."""

    id: str
    title: str
    paths: list[str]
    tax_year: int | None
    kind: Literal["last_day", "opens"] = "last_day"
    date: date | None = None
    last_day: date | None = None
    later_date: date | None = None
    status: DeadlineStatus = "unknown"
    steps: list[Step] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    parameters: list[ParameterUse] = field(default_factory=list)
    missing: list[Question] = field(default_factory=list)
    remaining: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rolled_under_7503: bool = True
    started_on: date | None = None  # the event that started the clock, where there is one

    @property
    def unverified(self) -> bool:
        return any(use.verified == "U" for use in self.parameters) or any("[U]" in cite for cite in self.citations)

    def use(self, name: str, on: date) -> Any:
        """Look up a parameter, remember it (for the citation and the verification tag), return its value."""
        used = parameter(name).at(on)
        self.parameters.append(ParameterUse.of(used))
        cite = used.citation()
        if cite not in self.citations:
            self.citations.append(cite)
        return used.value

    def cite(self, *citations: str) -> None:
        for citation in citations:
            if citation not in self.citations:
                self.citations.append(citation)

    def step(self, text: str, on: date | None = None, citation: str | None = None) -> None:
        self.steps.append(Step(text, on, citation))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "paths": list(self.paths),
            "tax_year": self.tax_year,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "later_date": self.later_date.isoformat() if self.later_date else None,
            "status": self.status,
            "steps": [step.as_dict() for step in self.steps],
            "citations": list(self.citations),
            "parameters": [use.as_dict() for use in self.parameters],
            "missing": [question.as_dict() for question in self.missing],
            "remaining": list(self.remaining),
            "notes": list(self.notes),
            "unverified": self.unverified,
        }


# ---------------------------------------------------------------------------------------------
# Shared pieces


def _roll(deadline: Deadline, last_day: date, *, apply: bool = True) -> date:
    """Set the last day and the IRC 7503 day; record why it moved."""
    deadline.last_day = last_day
    rolled = roll_forward(last_day)
    if rolled.parameter is not None:
        deadline.parameters.append(rolled.parameter)
    if not apply:
        deadline.rolled_under_7503 = False
        deadline.date = last_day
        if rolled.moved:
            why = "; ".join(rolled.reasons)
            deadline.step(
                f"It might move to the next business day, {rolled.timely_day.isoformat()} ({why}; IRC 7503), but it is not "
                f"clear that this rule reaches a deadline set only by an IRS letter [U]; act by {last_day.isoformat()}",
                rolled.timely_day,
                CITE["irc7503"],
            )
        return last_day
    if rolled.moved:
        why = "; ".join(rolled.reasons)
        deadline.step(
            f"{why}: the deadline moves to the next business day, "
            f"{rolled.timely_day.isoformat()} (IRC 7503; act by {last_day.isoformat()} if you can)",
            rolled.timely_day,
            CITE["irc7503"],
        )
        deadline.cite(CITE["irc7503"])
    else:
        deadline.step(f"{last_day.isoformat()} is a business day, so it does not move to the next business day (IRC 7503)", last_day)
    deadline.date = rolled.timely_day
    return rolled.timely_day


def _settle(deadline: Deadline, as_of: date) -> Deadline:
    """Set the status from the date(s) and the screening date."""
    if deadline.date is None:
        return deadline
    if deadline.kind == "opens":
        deadline.status = "open_now" if as_of >= deadline.date else "opens_later"
        return deadline
    if deadline.later_date is not None and deadline.later_date > deadline.date:
        if as_of > deadline.later_date:
            deadline.status = "missed"
        elif as_of > deadline.date:
            deadline.status = "at_risk"
        else:
            deadline.status = "open"
    else:
        deadline.status = "missed" if as_of > deadline.date else "open"
    if deadline.status != "missed":
        deadline.remaining = []
    return deadline


def federal_due_date(deadline: Deadline, tax_year: int, *, with_extension: bool = False) -> date:
    """The original due date of the year's federal return (with the automatic extension if asked)."""
    month, day = deadline.use("federal/deadlines/federal_return_due_date", date(tax_year + 1, 1, 1))
    due = date(tax_year + 1, month, day)
    if with_extension:
        months = deadline.use("federal/deadlines/federal_extension_months", due)
        extended = add_months(due, months)
        deadline.step(f"Original due date {due.isoformat()}, extended by {months} months to {extended.isoformat()}", extended)
        return extended
    return due


def deemed_filed(deadline: Deadline, tax_year: int, filed_on: date) -> date:
    """IRC 6513(a): a return filed before its due date counts as filed on the due date."""
    due = federal_due_date(deadline, tax_year)
    if filed_on < due:
        deadline.step(
            f"Return filed {filed_on.isoformat()}, before its due date; it counts as filed on {due.isoformat()}",
            due,
            CITE["irc6513a"],
        )
        deadline.cite(CITE["irc6513a"])
        return due
    deadline.step(f"Return filed {filed_on.isoformat()}", filed_on)
    return filed_on


def payment_date(deadline: Deadline, tax_year: int, payment: Payment) -> date:
    """When a payment counts as paid: withholding and estimated tax on the return's due date (6513(b))."""
    if payment.source in ("withholding", "estimated"):
        due = federal_due_date(deadline, tax_year)
        if payment.on < due:
            deadline.cite(CITE["irc6513b"])
            return due
    return payment.on


# ---------------------------------------------------------------------------------------------
# IRC 6015(b) and (c): two years after the first collection activity against the requester

QUALIFYING_COLLECTION = ("levy_notice", "offset_of_your_refund", "suit", "court_claim")
_COLLECTION_WORDS = {
    "levy_notice": "a notice of intent to levy (IRC 6330)",
    "offset_of_your_refund": "an offset of your own refund against the joint tax (IRC 6402)",
    "suit": "a suit by the United States against you",
    "court_claim": "a claim by the United States in a court case involving you or your property",
    "lien_notice": "a notice of federal tax lien",
    "levy": "a levy",
    "demand_for_payment": "a demand for payment (a bill)",
}


_ASSUMED_WORDS = {"levy_notice": "levy notice", "offset_of_your_refund": "offset of your refund", "suit": "suit", "court_claim": "court claim"}


def first_collection_activity(
    deadline: Deadline, events: list[CollectionEvent]
) -> tuple[CollectionEvent | None, list[str]]:
    """The first event that starts the clock (Reg. 1.6015-5(b)(2)), and caveats found on the way."""
    caveats: list[str] = []
    start = None
    counted: list[CollectionEvent] = []
    for event in sorted(events, key=lambda event: event.on):
        words = _COLLECTION_WORDS[event.kind]
        if event.kind not in QUALIFYING_COLLECTION:
            extra = (
                "; a levy follows a notice of intent to levy, and that notice's date is what counts"
                if event.kind == "levy"
                else ""
            )
            deadline.step(f"{event.on.isoformat()}: {words} is not collection activity for this rule{extra}", event.on, CITE["reg6015_5b2"])
            continue
        if event.against == "spouse":
            deadline.step(f"{event.on.isoformat()}: {words} was against your spouse only, not against you", event.on, CITE["reg6015_5b2"])
            continue
        if start is None:
            start = deadline.use("federal/deadlines/irc6015_collection_activity_start", event.on)
        if event.on <= start:
            deadline.step(
                f"{event.on.isoformat()}: {words} came on or before {start.isoformat()}; only collection after that date starts the clock",
                event.on,
                CITE["rra98_3201g2"],
            )
            continue
        if event.kind == "offset_of_your_refund" and event.notice_mentioned_relief_rights is False:
            deadline.step(
                f"{event.on.isoformat()}: {words}, but the notice did not tell you of your right to relief; the Tax Court "
                "held such an offset did not start the period (McGee v. Commissioner, 123 T.C. 314 (2004)) [V2]",
                event.on,
                CITE["mcgee"],
            )
            deadline.cite(CITE["mcgee"])
            continue
        if event.kind == "offset_of_your_refund" and event.notice_mentioned_relief_rights is None:
            caveats.append(
                "If the offset notice did not tell you of your right to ask for innocent spouse relief, the clock may "
                "not have started then (McGee v. Commissioner) [V2]; this date assumes it did."
            )
        if event.against is None:
            caveats.append(f"It is assumed that the {_ASSUMED_WORDS[event.kind]} of {event.on.isoformat()} was against you.")
        counted.append(event)
    first = counted[0] if counted else None
    return first, caveats


def election_6015bc(year: TaxYear, index: int, as_of: date) -> Deadline:
    """IRC 6015(b)(1)(E), (c)(3)(B): elect no later than 2 years after the first collection activity against you."""
    deadline = Deadline(
        id=f"irc6015bc_election:{year.year}",
        title=f"{year.year}: last day to elect innocent spouse relief or separation of liability (Form 8857)",
        paths=["irc6015b", "irc6015c"],
        tax_year=year.year,
    )
    deadline.cite(CITE["irc6015b_e"], CITE["reg6015_5b"])
    field = f"tax_years.{index}.collection"
    if year.collection is None:
        deadline.status = "unknown"
        deadline.missing.append(Question.ask("collection", field, str(year.year)))
        years = deadline.use("federal/deadlines/irc6015bc_election_years", as_of)
        deadline.step(f"The {period_words(years, 'year', adjective=True)} period runs from the first collection activity against you; none has been listed")
        return deadline
    first, caveats = first_collection_activity(deadline, year.collection)
    deadline.notes.extend(caveats)
    if first is None:
        deadline.status = "not_started"
        years = deadline.use("federal/deadlines/irc6015bc_election_years", as_of)
        deadline.step(
            "No collection activity against you yet (a levy notice, an offset of your own refund, a suit, or a claim in "
            f"a court case): the {period_words(years, 'year', adjective=True)} clock has not started. A lien, a bill or a notice of deficiency does not start it.",
            None,
            CITE["reg6015_5b2"],
        )
        return deadline
    deadline.started_on = first.on
    years = deadline.use("federal/deadlines/irc6015bc_election_years", first.on)
    deadline.step(f"First collection activity against you: {_COLLECTION_WORDS[first.kind]} on {first.on.isoformat()}", first.on, CITE["reg6015_5b2"])
    deadline.step("Later collection activity does not restart the clock", None, CITE["reg6015_5b4"])
    last_day = add_years(first.on, years)
    deadline.step(f"{first.on.isoformat()} + {years} years = {last_day.isoformat()}", last_day, CITE["irc6015b_e"])
    _roll(deadline, last_day)
    deadline.remaining = [
        "Equitable relief (IRC 6015(f)) is still open: for unpaid tax until the collection period ends, for tax paid within the refund period.",
    ]
    if first.kind == "offset_of_your_refund":
        deadline.remaining.append(
            "If the offset notice did not tell you about innocent spouse relief, the clock may not have started (McGee) [V2]."
        )
    return _settle(deadline, as_of)


# ---------------------------------------------------------------------------------------------
# IRC 6015(f): the collection period for unpaid tax, the refund period for paid tax


def collection_period(year: TaxYear, index: int, as_of: date) -> Deadline:
    """IRC 6015(f)(2)(A): a request about unpaid tax may be made until the IRC 6502 collection period ends."""
    deadline = Deadline(
        id=f"irc6015f_unpaid:{year.year}",
        title=f"{year.year}: last day to request equitable relief from the unpaid tax (collection period ends)",
        paths=["irc6015f", "irc66c_equitable"],
        tax_year=year.year,
    )
    deadline.cite(CITE["irc6015f2"])
    if year.collection_period_ends is not None:
        deadline.step(
            f"The collection period ends {year.collection_period_ends.isoformat()} (as given, e.g. from your account transcript)",
            year.collection_period_ends,
            CITE["irc6502"],
        )
        end = year.collection_period_ends
    elif year.assessed_on is not None:
        years = deadline.use("federal/deadlines/collection_period_years", year.assessed_on)
        end = add_years(year.assessed_on, years)
        deadline.step(f"Tax assessed {year.assessed_on.isoformat()} + {years} years = {end.isoformat()}", end, CITE["irc6502"])
        if year.collection_suspended_days:
            end = add_days(end, year.collection_suspended_days)
            deadline.step(
                f"Plus {year.collection_suspended_days} days the period was suspended (as given) = {end.isoformat()}",
                end,
                CITE["irc6015e2"],
            )
        else:
            deadline.notes.append(
                "Suspensions (a pending Form 8857 request and a short period after it, a CDP hearing, bankruptcy, an offer in "
                "compromise) make the period longer; the IRS account transcript shows the actual end date."
            )
    elif year.liabilities.underpayment and year.return_filed_on is not None:
        years = deadline.use("federal/deadlines/collection_period_years", year.return_filed_on)
        end = add_years(year.return_filed_on, years)
        deadline.step(
            f"The assessment date is not given; tax shown on a return is assessed after the return is filed "
            f"({year.return_filed_on.isoformat()}), so the period ends no earlier than {year.return_filed_on.isoformat()} + "
            f"{years} years = {end.isoformat()} (the actual end is later; see your account transcript)",
            end,
            CITE["irc6502"],
        )
        deadline.missing.append(Question.ask("assessed_on", f"tax_years.{index}.assessed_on", str(year.year)))
    else:
        deadline.status = "unknown"
        deadline.missing.append(Question.ask("assessed_on", f"tax_years.{index}.assessed_on", str(year.year)))
        deadline.step("The collection period runs from assessment; the assessment date is not known")
        return deadline
    _roll(deadline, end)
    deadline.remaining = [
        "When the collection period has ended the IRS can no longer collect the unpaid tax (unless it was extended or "
        "suspended); check your account transcript.",
    ]
    return _settle(deadline, as_of)


@dataclass
class Lookback:
    """Which payments a refund claim made on ``claim_date`` can recover (IRC 6511(b)(2))."""

    claim_date: date
    earliest_payment: date
    steps: list[Step]


def refund_period(year: TaxYear, index: int, as_of: date) -> Deadline | None:
    """IRC 6511(a) (6015(f)(2)(B)): 3 years from the return's filing or 2 years from payment, whichever is later.

    None when no payment is listed (nothing to refund).
    """
    if not year.payments:
        return None
    deadline = Deadline(
        id=f"refund_period:{year.year}",
        title=f"{year.year}: last day to ask for relief with a refund of tax already paid (refund period)",
        paths=["irc6015b", "irc6015f", "irc66c_equitable"],
        tax_year=year.year,
    )
    deadline.cite(CITE["irc6015f2"], CITE["irc6015g1"])
    period = deadline.use("federal/deadlines/refund_claim_period", date(year.year + 1, 1, 1))
    latest = max(payment_date(deadline, year.year, payment) for payment in year.payments)
    two_year = add_years(latest, period["after_payment"])
    deadline.step(f"Latest payment {latest.isoformat()} + {period['after_payment']} years = {two_year.isoformat()}", two_year, CITE["irc6511a"])
    if year.return_filed_on is None:
        deadline.missing.append(Question.ask("return_filed_on", f"tax_years.{index}.return_filed_on", str(year.year)))
        deadline.step("The 3-years-from-filing date needs the filing date; only the 2-years-from-payment date is known")
        last_day = two_year
        deadline.notes.append("This date may be too early: the 3-years-from-filing date could be later.")
    else:
        filed = deemed_filed(deadline, year.year, year.return_filed_on)
        three_year = add_years(filed, period["after_return_filed"])
        deadline.step(f"{filed.isoformat()} + {period['after_return_filed']} years = {three_year.isoformat()}", three_year, CITE["irc6511a"])
        last_day = max(two_year, three_year)
        deadline.step(f"The later of the two: {last_day.isoformat()}", last_day, CITE["irc6511a"])
    _roll(deadline, last_day)
    deadline.remaining = [
        "Payments made outside the refund period cannot be refunded; relief from any unpaid balance is still possible "
        "until the collection period ends."
    ]
    return _settle(deadline, as_of)


def refund_lookback(year: TaxYear, claim_date: date) -> Lookback | None:
    """IRC 6511(b)(2): the earliest payment date a claim made on ``claim_date`` can reach."""
    if year.return_filed_on is None:
        return None
    scratch = Deadline(id="lookback", title="lookback", paths=[], tax_year=year.year)
    period = scratch.use("federal/deadlines/refund_claim_period", date(year.year + 1, 1, 1))
    lookback = scratch.use("federal/deadlines/refund_lookback", date(year.year + 1, 1, 1))
    filed = deemed_filed(scratch, year.year, year.return_filed_on)
    three_year_end = roll_forward(add_years(filed, period["after_return_filed"])).timely_day
    if claim_date <= three_year_end:
        earliest = add_years(claim_date, -lookback["claim_within_three_year_period"])
        text = (
            f"A claim on {claim_date.isoformat()} is within {period_words(period['after_return_filed'], 'year')} of filing, so it reaches tax paid on or after "
            f"{earliest.isoformat()}"
        )
        if year.extension:
            months = scratch.use("federal/deadlines/federal_extension_months", filed)
            earliest = add_months(earliest, -months)
            text += f", moved back {months} months for the extension to {earliest.isoformat()}"
    else:
        earliest = add_years(claim_date, -lookback["otherwise"])
        text = f"A claim on {claim_date.isoformat()} is after the 3-year period, so it reaches only tax paid on or after {earliest.isoformat()}"
    scratch.step(text + " [U]", earliest, CITE["irc6511b"])
    return Lookback(claim_date=claim_date, earliest_payment=earliest, steps=scratch.steps)


# ---------------------------------------------------------------------------------------------
# Form 8379


def form8379_window(year: TaxYear, index: int, as_of: date) -> Deadline:
    """Form 8379: 3 years from the due date including extensions, or 2 years from payment, whichever is later [V2].

    The IRC 6511 reading (3 years from actual filing) is computed beside it: the earlier of the
    two readings is the date shown; the later is ``later_date`` (never blocked before it).
    """
    deadline = Deadline(
        id=f"form8379_claim:{year.year}",
        title=f"{year.year}: last day to file Form 8379 (injured spouse allocation)",
        paths=["form8379"],
        tax_year=year.year,
    )
    offset = year.refund_offset
    if offset.joint_return_filed_yet is False:
        deadline.status = "not_started"
        deadline.cite(CITE["i8379_when"])
        deadline.step("The joint return is not filed yet: attach Form 8379 to it (no separate deadline applies)", None, CITE["i8379_when"])
        return deadline
    period = deadline.use("federal/deadlines/form8379_claim_period", date(year.year + 1, 1, 1))
    due = federal_due_date(deadline, year.year, with_extension=bool(year.extension))
    irs_reading = add_years(due, period["after_due_date_with_extensions"])
    added = period["after_due_date_with_extensions"]
    if year.extension:
        deadline.step(f"Due date of the original return with extensions {due.isoformat()} + {added} years = {irs_reading.isoformat()}", irs_reading, CITE["i8379_when"])
    else:
        deadline.step(f"Due date of the original return {due.isoformat()} + {added} years = {irs_reading.isoformat()}", irs_reading, CITE["i8379_when"])
    own_payments = [payment for payment in (year.payments or []) if payment.by in ("you", "joint", None)]
    if own_payments:
        paid = max(payment_date(deadline, year.year, payment) for payment in own_payments)
        deadline.step(f"The tax later offset was paid on {paid.isoformat()} (latest payment listed)", paid)
    else:
        paid = federal_due_date(deadline, year.year)
        deadline.step(
            f"No payment dates listed: withholding and estimated tax count as paid on the due date, {paid.isoformat()} [U]",
            paid,
            CITE["irc6513b"],
        )
        deadline.cite(CITE["irc6513b"])
    after_payment = add_years(paid, period["after_payment"])
    deadline.step(f"{paid.isoformat()} + {period['after_payment']} years = {after_payment.isoformat()}", after_payment, CITE["i8379_when"])
    official = max(irs_reading, after_payment)
    deadline.step(f"Instructions' reading: the later of the two, {official.isoformat()} [V2]", official, CITE["i8379_when"])
    readings = [official]
    if year.return_filed_on is not None:
        filed = deemed_filed(deadline, year.year, year.return_filed_on)
        refund = deadline.use("federal/deadlines/refund_claim_period", date(year.year + 1, 1, 1))
        statute = max(add_years(filed, refund["after_return_filed"]), add_years(paid, refund["after_payment"]))
        deadline.step(
            f"IRC 6511 reading: {period_words(refund['after_return_filed'], 'year')} from filing ({add_years(filed, refund['after_return_filed']).isoformat()}) "
            f"or {period_words(refund['after_payment'], 'year')} from payment, whichever is later: {statute.isoformat()}",
            statute,
            CITE["irc6511a"],
        )
        readings.append(statute)
    else:
        deadline.missing.append(Question.ask("return_filed_on", f"tax_years.{index}.return_filed_on", str(year.year)))
    earlier, later = min(readings), max(readings)
    _roll(deadline, earlier)
    if later > earlier:
        deadline.later_date = roll_forward(later).timely_day
        deadline.step(
            f"The readings differ: file by {deadline.date.isoformat()} to be safe; a claim is not barred before "
            f"{deadline.later_date.isoformat()} under the other reading",
            deadline.later_date,
        )
    deadline.notes.append(
        "A general article says an injured spouse claim has 'up to one year'; that is not the rule. The Form 8379 "
        "instructions and IRC 6511 give the periods above, and the earlier of the two is shown."
    )
    if offset.debt not in (None, "federal_tax"):
        deadline.notes.append(
            "For an offset for a debt other than federal tax, commentators describe a different limit for injured spouse claims "
            "(Procedurally Taxing, 2016) and the IRS manual (IRM 25.18.5) could not be read on this point [U]; the earlier, "
            "safer date is shown, and a claim is never treated as late before the later date."
        )
        deadline.cite(CITE["irm25_18_5"])
    deadline.remaining = [
        "Your share of that refund can no longer be claimed on Form 8379. Ask the agency that received the offset "
        "(named on the offset notice) whether it will return your share.",
        "If the debt was a joint federal tax from this return, see Form 8857 instead.",
    ]
    return _settle(deadline, as_of)


# ---------------------------------------------------------------------------------------------
# IRC 66(c)


def irc66c_request(year: TaxYear, index: int, as_of: date) -> Deadline:
    """No later than 6 months before the assessment period against the other spouse ends; if an exam starts in
    that window, 30 days after the IRS's first contact."""
    deadline = Deadline(
        id=f"irc66c_request:{year.year}",
        title=f"{year.year}: last day to request traditional relief from community-property law (IRC 66(c), Form 8857)",
        paths=["irc66c"],
        tax_year=year.year,
    )
    timing = deadline.use("federal/deadlines/irc66c_request_timing", date(year.year + 1, 1, 1))
    cp = year.community_property
    if cp.other_spouse_assessment_period_ends is not None:
        ends = cp.other_spouse_assessment_period_ends
        deadline.step(f"The assessment period against your spouse ends {ends.isoformat()} (as given)", ends)
    elif cp.other_spouse_return_filed_on is not None:
        filed = deemed_filed(deadline, year.year, cp.other_spouse_return_filed_on)
        years = deadline.use("federal/deadlines/assessment_period_years", date(year.year + 1, 1, 1))
        ends = add_years(filed, years)
        deadline.step(
            f"Your spouse's return counts as filed {filed.isoformat()}; + {years} years = {ends.isoformat()} "
            "(general rule only; longer periods exist) [U]",
            ends,
            CITE["irc6501a"],
        )
    else:
        deadline.status = "unknown"
        deadline.missing.append(
            Question.ask("other_spouse_assessment_period", f"tax_years.{index}.community_property.other_spouse_assessment_period_ends", str(year.year))
        )
        return deadline
    months = timing["months_before_assessment_period_ends"]
    last_day = add_months(ends, -months)
    deadline.step(f"{ends.isoformat()} - {months} months = {last_day.isoformat()}", last_day, CITE["exception_equitable"])
    contact = year.first_letter("exam_contact", "audit_notice")
    if contact is not None and last_day < contact.on <= ends:
        days = timing["days_after_exam_contact"]
        last_day = add_days(contact.on, days)
        deadline.step(
            f"The IRS first contacted you about an examination on {contact.on.isoformat()}, inside that window: "
            f"{contact.on.isoformat()} + {days} days = {last_day.isoformat()}",
            last_day,
            CITE["exception_equitable"],
        )
    _roll(deadline, last_day)
    deadline.remaining = [
        "Equitable relief from community-property law is still open: for unpaid tax until the collection period ends, for tax paid within the refund period.",
        "Traditional relief is late unless the assessment period against your spouse is longer than the general rule; a Low Income Taxpayer Clinic or a tax professional can check.",
    ]
    return _settle(deadline, as_of)


# ---------------------------------------------------------------------------------------------
# After a Form 8857 is filed: appeal, Tax Court


def form12509_appeal(preliminary_on: date, as_of: date) -> Deadline:
    deadline = Deadline(
        id="form12509_appeal",
        title="Last day to appeal the preliminary determination (Form 12509)",
        paths=list(FORM8857_PATHS),
        tax_year=None,
    )
    days = deadline.use("federal/deadlines/form12509_appeal_days", preliminary_on)
    last_day = add_days(preliminary_on, days)
    deadline.step(f"Preliminary determination letter dated {preliminary_on.isoformat()} + {days} days = {last_day.isoformat()}", last_day)
    _roll(deadline, last_day, apply=False)
    deadline.remaining = [
        "Wait for the final determination letter: a Tax Court petition is due within the period it states (IRC 6015(e)(1)(A)).",
    ]
    return _settle(deadline, as_of)


def tax_court_petition(final_on: date, as_of: date) -> Deadline:
    deadline = Deadline(
        id="tax_court_petition",
        title="Last day to petition the Tax Court after the final determination",
        paths=list(FORM8857_PATHS),
        tax_year=None,
    )
    days = deadline.use("federal/deadlines/tax_court_petition_days", final_on)
    last_day = add_days(final_on, days)
    deadline.step(f"Final determination mailed {final_on.isoformat()} + {days} days = {last_day.isoformat()}", last_day, CITE["irc6015e1"])
    deadline.notes.append(
        "Late petitions are dismissed: the Tax Court treats this period as one it cannot extend for any reason "
        f"({CITE['frutiger']}; earlier Matuszak v. Commissioner, 862 F.3d 192 (2d Cir. 2017)). A bankruptcy stay suspends the period (IRC 6015(e)(6))."
    )
    deadline.cite(CITE["frutiger"])
    _roll(deadline, last_day)
    deadline.remaining = [
        "A late petition is dismissed. Relief may still be raised in a collection due process hearing or as a defense "
        "in a deficiency case; ask a Low Income Taxpayer Clinic or the Taxpayer Advocate Service.",
    ]
    return _settle(deadline, as_of)


def tax_court_opens(filed_on: date, as_of: date) -> Deadline:
    deadline = Deadline(
        id="tax_court_opens",
        title="First day to petition the Tax Court without a final determination",
        paths=list(FORM8857_PATHS),
        tax_year=None,
        kind="opens",
        rolled_under_7503=False,
    )
    months = deadline.use("federal/deadlines/tax_court_no_determination_months", filed_on)
    opens = add_months(filed_on, months)
    deadline.step(
        f"Form 8857 filed {filed_on.isoformat()} + {months} months = {opens.isoformat()}: from then on, with no final "
        "determination, you may petition at any time",
        opens,
        CITE["irc6015e1"],
    )
    deadline.date = opens
    return _settle(deadline, as_of)


# ---------------------------------------------------------------------------------------------
# Collection due process


def cdp_levy(event: CollectionEvent, tax_year: int, as_of: date) -> list[Deadline]:
    """A notice of intent to levy: CDP hearing within 30 days; an equivalent hearing within 1 year."""
    hearing = Deadline(
        id=f"cdp_hearing_levy:{tax_year}:{event.on.isoformat()}",
        title=f"{tax_year}: last day to request a collection due process hearing (Form 12153) after the levy notice",
        paths=["cdp_hearing"],
        tax_year=tax_year,
    )
    days = hearing.use("federal/deadlines/cdp_request_days", event.on)
    last_day = add_days(event.on, days)
    hearing.step(f"Levy notice dated {event.on.isoformat()} + {days} days = {last_day.isoformat()} (postmark by then)", last_day, CITE["irc6330"])
    _roll(hearing, last_day)
    hearing.remaining = [_equivalent_hearing_words(event.on)]
    _settle(hearing, as_of)
    return [hearing, _equivalent_hearing(event, tax_year, as_of)]


def cdp_lien(event: CollectionEvent, tax_year: int, as_of: date) -> list[Deadline]:
    hearing = Deadline(
        id=f"cdp_hearing_lien:{tax_year}:{event.on.isoformat()}",
        title=f"{tax_year}: last day to request a collection due process hearing (Form 12153) after the lien notice",
        paths=["cdp_hearing"],
        tax_year=tax_year,
    )
    if event.cdp_response_due is not None:
        hearing.step(f"The lien notice gives {event.cdp_response_due.isoformat()} as the last day", event.cdp_response_due, CITE["irc6320"])
        hearing.cite(CITE["irc6320"])
        _roll(hearing, event.cdp_response_due)
    else:
        terms = hearing.use("federal/deadlines/cdp_lien_response_days", event.on)
        business_days, days = terms["business_days_after_filing"], terms["days_after_that"]
        if event.lien_filed_on is not None:
            # IRC 6320(a)(2), (a)(3)(B): the hearing may be asked during the 30 days that begin the day after the
            # five business days following the lien filing.
            day = event.lien_filed_on
            counted = 0
            while counted < business_days:
                day = add_days(day, 1)
                if is_business_day(day):
                    counted += 1
            last_day = add_days(day, days)
            hearing.step(
                f"Lien filed {event.lien_filed_on.isoformat()} + {business_days} business days = {day.isoformat()}; the request period is the "
                f"{days} days after that: {last_day.isoformat()}. Use the date printed in the lien notice if it differs.",
                last_day,
                CITE["irc6320"],
            )
        else:
            # The notice comes no later than the end of the business days after the filing, so the request period
            # ends at least that many days after the notice: the notice date plus those days is never too late.
            last_day = add_days(event.on, days)
            hearing.step(
                f"The lien filing date is not given. The notice comes within {business_days} business days after the filing, so the "
                f"request period ends no earlier than the notice date {event.on.isoformat()} + {days} days = {last_day.isoformat()}; "
                "act by then. The date printed in the lien notice may be a few days later.",
                last_day,
                CITE["irc6320"],
            )
            hearing.missing.append(Question("cdp_response_due", "tax_years.*.collection.*.cdp_response_due", "What date does the lien notice give as the last day to request a hearing?"))
        hearing.cite(CITE["irc6320"])
        _roll(hearing, last_day)
    hearing.remaining = [_equivalent_hearing_words(event.on)]
    _settle(hearing, as_of)
    return [hearing, _equivalent_hearing(event, tax_year, as_of)]


def _equivalent_hearing(event: CollectionEvent, tax_year: int, as_of: date) -> Deadline:
    deadline = Deadline(
        id=f"equivalent_hearing:{tax_year}:{event.kind}:{event.on.isoformat()}",
        title=f"{tax_year}: last day to request an equivalent hearing (Form 12153) if the CDP request is late",
        paths=["cdp_hearing"],
        tax_year=tax_year,
    )
    years = deadline.use("federal/deadlines/cdp_equivalent_hearing_years", event.on)
    last_day = add_years(event.on, years)
    deadline.step(f"Notice dated {event.on.isoformat()} + {years} year = {last_day.isoformat()}", last_day)
    _roll(deadline, last_day)
    deadline.remaining = ["Relief can still be requested on Form 8857; an installment agreement, offer in compromise or hardship status remain possible."]
    return _settle(deadline, as_of)


def cdp_tax_court(determination_on: date, tax_year: int, as_of: date) -> Deadline:
    deadline = Deadline(
        id=f"cdp_tax_court:{tax_year}",
        title=f"{tax_year}: last day to petition the Tax Court after the CDP notice of determination",
        paths=["cdp_hearing"],
        tax_year=tax_year,
    )
    days = deadline.use("federal/deadlines/cdp_tax_court_petition_days", determination_on)
    last_day = add_days(determination_on, days)
    deadline.step(f"Notice of determination dated {determination_on.isoformat()} + {days} days = {last_day.isoformat()}", last_day)
    _roll(deadline, last_day)
    return _settle(deadline, as_of)


# ---------------------------------------------------------------------------------------------
# Illinois


def il8857_refund_window(year: TaxYear, index: int, as_of: date, request_date: date) -> Deadline:
    """IL-8857 refund-request window, computed by ``worksheets.il8857_checks.refund_request_window``."""
    deadline = Deadline(
        id=f"il8857_refund:{year.year}",
        title=f"{year.year}: last day to file Form IL-8857 if the request should bring a refund",
        paths=["il8857"],
        tax_year=year.year,
    )
    deadline.cite(CITE["il8857_refund"])
    il = year.illinois
    window = refund_request_window(
        year.year,
        il.original_return_filed_on if il else None,
        il.last_payment_on if il else None,
        (il.request_date if il and il.request_date else request_date),
    )
    for text in window.steps:
        deadline.step(text, None, CITE["il8857_refund"])
    if window.applicable_limit:
        deadline.notes.append(f"Refund limit: {window.applicable_limit}")
    for use in window.parameters:
        deadline.parameters.append(use)
        deadline.cite(use.citation)
    if il is None or il.original_return_filed_on is None:
        deadline.missing.append(Question.ask("il_original_return_filed_on", f"tax_years.{index}.illinois.original_return_filed_on", str(year.year)))
    if il is None or il.last_payment_on is None:
        deadline.missing.append(Question.ask("il_last_payment_on", f"tax_years.{index}.illinois.last_payment_on", str(year.year)))
    if window.deadline is None:
        deadline.status = "unknown"
        return deadline
    deadline.last_day = window.deadline
    deadline.date = window.deadline
    deadline.rolled_under_7503 = False
    one_year = parameter("il/refund_request_windows").for_tax_year(year.year).value["after_payment"]
    deadline.remaining = [
        "A request can still be made to be relieved of unpaid Illinois tax; only the refund is limited "
        f"(to payments made within {_years(one_year)} before the request).",
    ]
    return _settle(deadline, as_of)


def _years(count: int) -> str:
    return period_words(count, "year")


def period_words(count: int, unit: str, *, adjective: bool = False) -> str:
    """A period read from a parameter, in words: 'one year', 'two years', '12 months'; as an adjective 'two-year'."""
    names = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    number = names.get(count, str(count))
    if adjective:
        return f"{number}-{unit}"
    return f"{number} {unit}{'' if count == 1 else 's'}"


def _equivalent_hearing_words(notice_on: date) -> str:
    years = parameter("federal/deadlines/cdp_equivalent_hearing_years").at(notice_on).value
    return f"An equivalent hearing can still be requested on Form 12153 within {period_words(years, 'year')} of the notice (no Tax Court review)."

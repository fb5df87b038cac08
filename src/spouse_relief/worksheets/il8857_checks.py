"""Illinois checks printed on Form IL-8857 beside the worksheet: the line 14 category and the
refund-request window (IL-8857 Instructions, R-12/22, "How long do I have to request a refund?").

Every date and period comes from params/il/. Illinois deadlines are shown as computed; whether
a last day on a weekend or holiday moves is not stated in the instructions, so the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..dates import add_months, add_years
from ..money import format_usd
from ..parameters import parameter
from ..trace import ParameterUse

GUIDELINES_ILLINOIS = "illinois_guidelines"
GUIDELINES_FEDERAL_PRE_1998 = "federal_pre_1998_guidelines"
CATEGORY_UNKNOWN = "unknown"


@dataclass
class Line14Category:
    """Which guidelines decide line 14 (Illinois or the federal pre-1998 ones), and why."""

    category: str  # illinois_guidelines | federal_pre_1998_guidelines | unknown
    explanation: str
    missing: list[str] = field(default_factory=list)
    parameters: list[ParameterUse] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "category": self.category,
            "explanation": self.explanation,
            "missing": list(self.missing),
            "parameters": [use.as_dict() for use in self.parameters],
        }


def line14_category(tax_year: int, paid_before_boundary: bool | None) -> Line14Category:
    """Form IL-8857 line 14: which guidelines review the request.

    A tax year ending on or after the boundary (August 13, 1999), or ending before it with the
    liability unpaid by then: Illinois guidelines (separate-return liability, this worksheet).
    Ending before it and paid by then: the federal guidelines in effect before 1998, with the
    old $500 understatement test.
    """
    boundary_value = parameter("il/relief_rules_boundary").for_tax_year(tax_year)
    threshold_value = parameter("il/old_rules_understatement_threshold").for_tax_year(tax_year)
    boundary: date = boundary_value.value
    uses = [ParameterUse.of(boundary_value)]
    year_end = date(tax_year, 12, 31)
    when = boundary.strftime("%B %d, %Y").replace(" 0", " ")
    if year_end >= boundary:
        return Line14Category(
            GUIDELINES_ILLINOIS,
            f"Form IL-8857, line 14a is No: tax year {tax_year} ends on or after {when}, so the request is reviewed under "
            "Illinois guidelines: you are liable only for the tax on a separate return showing your own "
            "income and deductions, as this worksheet computes.",
            parameters=uses,
        )
    if paid_before_boundary is None:
        return Line14Category(
            CATEGORY_UNKNOWN,
            f"Tax year {tax_year} ends before {when}. Which guidelines apply depends on line 14b.",
            missing=[f"form_answers.paid_in_full_before_august_13_1999: Did you pay the entire liability for "
                     f"{tax_year} before {when}? (Form IL-8857 line 14b)"],
            parameters=uses,
        )
    if not paid_before_boundary:
        return Line14Category(
            GUIDELINES_ILLINOIS,
            f"Tax year {tax_year} ends before {when} but the liability was not paid by then, so the request "
            "is reviewed under Illinois guidelines (separate-return liability, this worksheet).",
            parameters=uses,
        )
    threshold = threshold_value.value
    return Line14Category(
        GUIDELINES_FEDERAL_PRE_1998,
        f"Tax year {tax_year} ends before {when} and was paid by then, so the request is reviewed under the "
        "federal guidelines in effect before 1998: you are released as the IRS released you, or, with no "
        f"federal innocent spouse issue, if the understatement was greater than ${threshold:,} and came from "
        "an omission by your spouse that you did not know of when you signed. Answer lines 15 and 16.",
        parameters=uses + [ParameterUse.of(threshold_value)],
    )


@dataclass
class RefundWindow:
    """The last day to claim the IL-8857 refund, with the limits weighed and the steps to it."""

    deadline: date | None
    candidates: list[dict]
    applicable_limit: str
    lookback_date: date | None
    request_date: date
    steps: list[str]
    parameters: list[ParameterUse]
    missing: list[str] = field(default_factory=list)
    timely: bool | None = None
    unverified: bool = False
    limit_kind: str = "unknown"  # all | after_late_return | one_year | closed | unknown

    def as_dict(self) -> dict:
        return {
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "request_date": self.request_date.isoformat(),
            "timely": self.timely,
            "applicable_limit": self.applicable_limit,
            "limit_kind": self.limit_kind,
            "lookback_date": self.lookback_date.isoformat() if self.lookback_date else None,
            "candidates": self.candidates,
            "steps": list(self.steps),
            "missing": list(self.missing),
            "unverified": self.unverified,
            "parameters": [use.as_dict() for use in self.parameters],
        }


def extended_due_date(tax_year: int) -> tuple[date, list[ParameterUse], list[str]]:
    due = parameter("il/individual_due_date").for_tax_year(tax_year)
    extension = parameter("il/extension_months").for_tax_year(tax_year)
    month, day = due.value
    original = date(tax_year + 1, month, day)
    extended = add_months(original, extension.value)
    steps = [
        f"Original due date of the {tax_year} Illinois return: {original.isoformat()}",
        f"Automatic extension of {extension.value} months: extended due date {extended.isoformat()}",
    ]
    return extended, [ParameterUse.of(due), ParameterUse.of(extension)], steps


def refund_request_window(
    tax_year: int,
    original_return_filed: date | None,
    last_payment: date | None,
    request_date: date,
) -> RefundWindow:
    """The last day to request relief that results in a refund, and the refund limit that applies.

    The latest of: three years after the extended due date; three years after the original return
    was filed, if filed late; one year after the Illinois tax was paid.
    """
    windows = parameter("il/refund_request_windows").for_tax_year(tax_year)
    years = windows.value
    extended, uses, steps = extended_due_date(tax_year)
    uses = [ParameterUse.of(windows)] + uses
    missing: list[str] = []
    candidates: list[dict] = []

    after_extended = add_years(extended, years["after_extended_due_date"])
    candidates.append({"rule": "three years after the extended due date", "date": after_extended.isoformat()})
    steps.append(f"{extended.isoformat()} + {years['after_extended_due_date']} years = {after_extended.isoformat()}")

    late_filed = None
    if original_return_filed is None:
        missing.append("dates.original_return_filed: When was the original joint return filed?")
    elif original_return_filed > extended:
        late_filed = add_years(original_return_filed, years["after_late_filed_return"])
        candidates.append({"rule": "three years after the late-filed original return", "date": late_filed.isoformat()})
        steps.append(
            f"Return filed late on {original_return_filed.isoformat()}: + {years['after_late_filed_return']} years = "
            f"{late_filed.isoformat()}"
        )
    else:
        steps.append(f"Return filed on time ({original_return_filed.isoformat()}): no late-filed window")

    after_payment = None
    if last_payment is None:
        missing.append("dates.last_payment: When was the Illinois tax for this year last paid (including levies and offsets)?")
    else:
        after_payment = add_years(last_payment, years["after_payment"])
        candidates.append({"rule": "one year after the tax was paid", "date": after_payment.isoformat()})
        steps.append(f"Last payment {last_payment.isoformat()} + {years['after_payment']} year = {after_payment.isoformat()}")

    deadline = max(date.fromisoformat(candidate["date"]) for candidate in candidates)
    steps.append(f"The latest of these: {deadline.isoformat()}")
    lookback = None
    late_years, payment_years = _years(years["after_late_filed_return"]), _years(years["after_payment"])
    if request_date <= after_extended:
        limit = f"within {_years(years['after_extended_due_date'])} of the extended due date: you may receive a refund of all taxes paid"
        timely: bool | None = True
        kind = "all"
    elif late_filed is not None and request_date <= late_filed:
        limit = f"within {late_years} after a late-filed return: the refund is limited to payments made with the return or after filing"
        timely = True
        kind = "after_late_return"
    elif after_payment is not None and request_date <= after_payment:
        lookback = add_years(request_date, -years["after_payment"])
        limit = f"the refund is limited to payments made on or after {lookback.isoformat()} ({payment_years} before the request)"
        timely = True
        kind = "one_year"
    elif missing:
        limit = "unknown until the missing dates are given"
        timely = None
        kind = "unknown"
    else:
        limit = "the refund window has closed: no refund, though relief from an unpaid liability can still be requested"
        timely = False
        kind = "closed"
    steps.append(f"Request dated {request_date.isoformat()}: {limit}")
    steps.append(
        "The IL-8857 instructions do not say whether a window ending on a weekend or holiday moves; the date is "
        "shown as computed, from the nominal due date (IDOR moves a due date on a weekend or holiday to the next "
        "business day, which can only make the window later)."
    )
    return RefundWindow(
        deadline=deadline, candidates=candidates, applicable_limit=limit, lookback_date=lookback,
        request_date=request_date, steps=steps, parameters=uses, missing=missing, timely=timely,
        unverified=any(use.verified == "U" for use in uses), limit_kind=kind,
    )


def _years(count: int) -> str:
    words = {1: "one year", 2: "two years", 3: "three years"}
    return words.get(count, f"{count} years")


def refund_headline(
    amount: Decimal, window: RefundWindow, dated_payments: list[tuple[date, Decimal]] | None, original_return_filed: date | None
) -> str:
    """The refund sentence, within the window and the limit of "How long do I have to request a refund?"."""
    shown = format_usd(amount)
    if window.limit_kind == "closed":
        closed = window.deadline.isoformat() if window.deadline else "already"
        return (
            f"No refund: the time to request one ended {closed}. The worksheet's {shown} in your favor cannot be refunded; "
            "relief from unpaid Illinois tax can still be requested."
        )
    if window.limit_kind == "unknown":
        return f"The worksheet shows {shown} in your favor; whether it can be refunded depends on dates not yet given (when the joint return was filed and when Illinois tax was last paid)."
    if window.limit_kind == "all":
        return f"You may be refunded {shown}."
    start = original_return_filed if window.limit_kind == "after_late_return" else window.lookback_date
    assert start is not None
    which = "with the return or after it was filed" if window.limit_kind == "after_late_return" else f"on or after {start.isoformat()}"
    if dated_payments is None:
        return f"You may be refunded up to {shown}, limited to Illinois tax paid {which}; the payments and their dates decide how much."
    within = sum((paid for on, paid in dated_payments if on >= start), Decimal("0"))
    if within <= 0:
        return f"No refund: no payment listed was made {which}, and the refund is limited to those payments."
    if within < amount:
        return f"You may be refunded {format_usd(within)}: the worksheet shows {shown}, but the refund is limited to the {format_usd(within)} paid {which}."
    return f"You may be refunded {shown} (payments made {which} total {format_usd(within)})."


# --- line 80 read with the erroneous items counted once -------------------------------------------

LINE80_CITATION = (
    "Form IL-8857 Instructions (R-12/22), Lines 78 through 80: line 78 includes lines 64 and 66 through line 67, "
    "and line 80 combines line 78 with line 79 (lines 64 plus 66) when one is an overpayment and the other an underpayment"
)


@dataclass
class Line80Reading:
    """Line 80 as printed and with each erroneous item counted once, and the warning when they differ."""

    literal: Decimal
    once: Decimal
    warning: str

    def as_dict(self) -> dict:
        return {"literal": str(self.literal), "erroneous_items_once": str(self.once), "warning": self.warning, "citation": LINE80_CITATION}


def line80_erroneous_items_once(values: dict[str, dict[str, Decimal]]) -> Line80Reading | None:
    """When line 80 (column B) nets line 78 with line 79, the erroneous items of lines 64 and 66 count twice;
    the reading that counts them once is line 78 itself. None when the two readings agree."""
    net, erroneous, literal = values["78"]["B"], values["79"]["B"], values["80"]["B"]
    same_sign = (net > 0 and erroneous > 0) or (net < 0 and erroneous < 0)
    if same_sign or erroneous == 0 or literal == net:
        return None
    warning = (
        f"line 80: as printed, line 80 combines line 78 ({net}) with line 79 ({erroneous}), so the erroneous items on lines 64 "
        f"and 66 count twice (line 78 already holds them through line 67). Counted once, line 80 would be {net} instead of "
        f"{literal}. The printed instruction is followed here; a preparer may raise the difference with IDOR ({LINE80_CITATION})."
    )
    return Line80Reading(literal=literal, once=net, warning=warning)


# --- joint estimated payments: the form's rule and the regulation's example -----------------------

REGULATION_CITATION = "86 Ill. Adm. Code 100.5040, Example 2 (joint estimated payments in proportion to each spouse's separate tax net of withholding)"


@dataclass
class EstimatedPaymentsReading:
    """Joint estimated payments divided as the form says and as the regulation says."""

    divided: Decimal
    form_b: Decimal
    regulation_b: Decimal
    line80_form: Decimal
    line80_regulation: Decimal
    note: str

    def as_dict(self) -> dict:
        return {
            "divided": str(self.divided), "form_B": str(self.form_b), "regulation_B": str(self.regulation_b),
            "line_80_form_B": str(self.line80_form), "line_80_regulation_B": str(self.line80_regulation),
            "note": self.note, "citation": REGULATION_CITATION,
        }


def estimated_payments_by_regulation(values: dict[str, dict[str, Decimal]], entry: Any) -> EstimatedPaymentsReading | None:
    """Line 69's unclear part divided as the regulation's Example 2 does, beside the form's division by line 67.

    None when nothing on line 69 is divided or when the two divisions give the same amounts."""
    from .lines import CompareLine80, divide

    if entry is None or entry.to_divide == 0:
        return None
    divided = entry.to_divide
    form_b = values["69"]["B"] - entry.fixed["B"]
    basis_b = values["58"]["B"] - values["68"]["B"]
    basis_c = values["58"]["C"] - values["68"]["C"]
    regulation_b, regulation_c = divide(divided, basis_b, basis_c)
    if regulation_b == form_b:
        return None
    shift = regulation_b - form_b
    line78 = values["78"]["B"] - shift
    line80 = CompareLine80.choose(line78, values["79"]["B"])
    note = (
        f"Joint estimated payments of {divided} on line 69 are divided by line 67 as the IL-8857 instructions say (your part {form_b}). "
        f"The regulation's example divides them by each spouse's separate tax net of withholding (line 58 minus line 68: you {max(basis_b, Decimal('0'))}, "
        f"your spouse {max(basis_c, Decimal('0'))}), which gives you {regulation_b} and line 80 column B {line80} instead of {values['80']['B']} "
        f"({REGULATION_CITATION}). The form's rule is used here."
    )
    return EstimatedPaymentsReading(divided, form_b, regulation_b, values["80"]["B"], line80, note)

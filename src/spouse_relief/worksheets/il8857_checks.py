"""Illinois checks printed on Form IL-8857 beside the worksheet: the line 14 category and the
refund-request window (IL-8857 Instructions, R-12/22, "How long do I have to request a refund?").

Every date and period comes from params/il/. Illinois deadlines are shown as computed; whether
a last day on a weekend or holiday moves is not stated in the instructions, so the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..dates import add_months, add_years
from ..parameters import parameter
from ..trace import ParameterUse

GUIDELINES_ILLINOIS = "illinois_guidelines"
GUIDELINES_FEDERAL_PRE_1998 = "federal_pre_1998_guidelines"
CATEGORY_UNKNOWN = "unknown"


@dataclass
class Line14Category:
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
            f"Line 14a is No: tax year {tax_year} ends on or after {when}, so the request is reviewed under "
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

    def as_dict(self) -> dict:
        return {
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "request_date": self.request_date.isoformat(),
            "timely": self.timely,
            "applicable_limit": self.applicable_limit,
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
    if request_date <= after_extended:
        limit = "within three years of the extended due date: you may receive a refund of all taxes paid"
        timely: bool | None = True
    elif late_filed is not None and request_date <= late_filed:
        limit = "within three years after a late-filed return: the refund is limited to payments made with the return or after filing"
        timely = True
    elif after_payment is not None and request_date <= after_payment:
        lookback = add_years(request_date, -years["after_payment"])
        limit = f"the refund is limited to payments made on or after {lookback.isoformat()} (one year before the request)"
        timely = True
    elif missing:
        limit = "unknown until the missing dates are given"
        timely = None
    else:
        limit = "the refund window has closed: no refund, though relief from an unpaid liability can still be requested"
        timely = False
    steps.append(f"Request dated {request_date.isoformat()}: {limit}")
    steps.append(
        "The IL-8857 instructions do not say whether a window ending on a weekend or holiday moves; the date is "
        "shown as computed, from the nominal due date (IDOR moves a due date on a weekend or holiday to the next "
        "business day, which can only make the window later)."
    )
    return RefundWindow(
        deadline=deadline, candidates=candidates, applicable_limit=limit, lookback_date=lookback,
        request_date=request_date, steps=steps, parameters=uses, missing=missing, timely=timely,
        unverified=any(use.verified == "U" for use in uses),
    )

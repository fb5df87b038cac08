"""The results page's reading of the outcome: what to do now first (``Outcome.bottom_line``'s
forms and numbers, each with its date in words), then the paths that apply, those an answer still
decides, and those that do not apply. A number is shown only where it was computed from data and
its deadline has not passed: a result never contradicts a deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..language import N_
from ..navigator.findings import NOT_ANSWERED
from . import interview_plan as plan

# A plan item's form -> the worksheet whose number belongs beside it.
_WORKSHEET_OF_FORM = (("Form 8379", "f8379"), ("Form IL-8857", "il8857"), ("Form 8857", "f6015d"))


@dataclass
class Step:
    """One line of "What to do now"."""

    form: str
    years: list[int]
    when: Any = None  # a date, or None
    missed: bool = False
    numbers: list[str] = field(default_factory=list)  # "2024: estimated refund ..." per year
    # what to add before a number can be computed: {"text": "2024: Add ...", "field": the question that asks it, or None}
    missing: list[dict[str, Any]] = field(default_factory=list)
    remaining: list[str] = field(default_factory=list)  # for a missed deadline: what is still possible


def _worksheet_key(form: str) -> str | None:
    return next((key for name, key in _WORKSHEET_OF_FORM if form.startswith(name)), None)


def _asked_by(path: str | None) -> str | None:
    """The interview's field for what a worksheet waits for ("tax_years.0.return_items"), or None
    when no question of the interview asks it (a typed line of a form, say)."""
    from ..pipeline import WAITING_PART, WAITING_QUESTIONS

    asked = WAITING_QUESTIONS | {name for name, _ in WAITING_PART.values()}
    parts = (path or "").split(".")
    if len(parts) == 3 and parts[0] == "tax_years" and parts[1].isdigit() and parts[2] in asked:
        return path
    return None


def what_to_do(outcome) -> tuple[list[Step], list[Step]]:
    """(the forms to send for the case's tax years, the other steps that may help)."""
    main, more = [], []
    for item in outcome.plan.items:
        deadline = item.deadline
        step = Step(item.form, list(item.tax_years), deadline.date if deadline else None, bool(deadline and deadline.status == "missed"))
        if step.missed:
            step.remaining = list(deadline.remaining)
        key = _worksheet_key(item.form)
        for year in item.tax_years if key else []:
            found = outcome.year(year)
            computed = found.worksheets.get(key) if found else None
            if computed is None:
                continue
            if computed.error is not None:
                step.missing.append({"text": f"{year}: {plan.plain_error(computed.error.message)}", "year": year,
                                     "field": _asked_by(computed.error.field)})
            elif computed.headline and not step.missed:
                step.numbers.append(f"{year}: {computed.headline}" if len(item.tax_years) > 1 else computed.headline)
        (main if item.tax_years else more).append(step)
    return main, more


SAID_UNKNOWN = N_("You said you don't know")  # before a question answered "I don't know"


def findings_by_answer(view, case=None) -> dict[str, list[dict[str, Any]]]:
    """The findings in three piles: apply (met or a judgment call), open (an answer decides), do not
    apply. For a person who owes no tax, a path that only a question about owing tax could open
    (a hearing on collection, hardship) does not apply: those questions are never asked of her.

    A question that decides several open findings is listed once, in ``shared`` (shown above
    them), and not in each; each open finding keeps its own (``asks``), and its reasons leave out
    the "Not yet answered" lines those lists already hold. A question answered "I don't know" says
    so (``said_unknown``)."""
    piles: dict[str, list[dict[str, Any]]] = {"apply": [], "open": [], "not": [], "shared": []}
    owes_nothing = case is not None and plan.no_tax_owed(case)
    unknown = set(case.unknown) if case is not None else set()
    opened = []
    for finding, shown in zip(view.outcome.findings, view.findings):
        pile = {"met": "apply", "judgment": "apply", "unknown": "open"}.get(shown["status"], "not")
        if pile == "open" and owes_nothing and all(question.id in plan.NOT_WITHOUT_TAX for question in finding.missing):
            pile = "not"
        shown = dict(shown, weighing=[dict(row, reason=_said(row["reason"], factor, unknown)) for row, factor in zip(shown["weighing"], finding.factors)])
        piles[pile].append(shown)
        if pile == "open":
            opened.append((finding, shown))
    count: dict[str, int] = {}
    for finding, _shown in opened:
        for question in finding.missing:
            count[question.field] = count.get(question.field, 0) + 1
    shared: dict[str, dict[str, Any]] = {}
    for finding, shown in opened:
        asked = {question.text for question in finding.missing}
        shown["reasons"] = [reason for reason in shown["reasons"] if not (reason.startswith(NOT_ANSWERED) and reason[len(NOT_ANSWERED):] in asked)]
        shown["asks"] = [_ask(question, unknown) for question in finding.missing if count[question.field] < 2]
        shown["shares"] = any(count[question.field] > 1 for question in finding.missing)
        for question in finding.missing:
            if count[question.field] > 1:
                shared.setdefault(question.field, _ask(question, unknown))
    piles["shared"] = list(shared.values())
    return piles


def _ask(question, unknown: set[str]) -> dict[str, Any]:
    return {"text": question.text, "said_unknown": question.field in unknown}


def _said(reason: str, factor, unknown: set[str]) -> str:
    """A factor's "Not yet answered: ..." where every question was answered "I don't know"."""
    if reason.startswith(NOT_ANSWERED) and factor.missing and all(question.field in unknown for question in factor.missing):
        return f"{SAID_UNKNOWN}: {reason[len(NOT_ANSWERED):]}"
    return reason


def results_context(view, case) -> dict[str, Any]:
    from .interview_plan import ordered

    main, more = what_to_do(view.outcome)
    open_questions = ordered(case, view.outcome.questions) if view.outcome.screening is not None else []
    return {"steps": main, "more_steps": more, "piles": findings_by_answer(view, case), "open_count": len(open_questions),
            "safety_first": bool(view.outcome.plan.safety) and abuse_said(case), "asked_by": _asked_by}


def abuse_said(case) -> bool:
    abuse = case.facts.abuse
    return any(getattr(abuse, name, None) is True for name in ("abused", "did_not_challenge_for_fear", "financial_control", "signed_under_duress"))

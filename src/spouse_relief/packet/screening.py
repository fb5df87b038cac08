"""The navigator's screening of a case's facts: findings, the open questions, deadlines, plan.

The case keeps the facts document raw (``case.facts``, the file ``spouse-relief screen`` reads);
its ``tax_years`` follow the case's tax years. The screening runs as of the view's date.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..parameters import ParameterError
from .assemble import CaseView, ChecklistItem, Deadline, optional_module

STATUS_LABELS = {"met": "Met", "not_met": "Not met", "unknown": "Unknown: a question is open", "judgment": "A judgment call"}
WEIGHS = {"favoring": "Favors relief", "neutral": "Neutral", "against": "Weighs against relief", "unknown": "Unknown"}


@dataclass
class QuestionView:
    id: str
    field: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "field": self.field, "question": self.text}


@dataclass
class FindingView:
    id: str
    title: str
    tax_year: int | None
    status: str
    reasons: list[str]
    citations: list[str]
    missing: list[str]
    weighing: list[dict[str, str]] = field(default_factory=list)
    deadline: str | None = None
    summary: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def as_dict(self) -> dict[str, Any]:
        return self.raw


@dataclass
class PlanStep:
    title: str
    lines: list[str]
    raw: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return self.raw


def facts_document(case, as_of) -> dict[str, Any]:
    """The facts to screen: the case's facts, its tax years, and the date of the screening."""
    document = copy.deepcopy(case.facts) if case.facts else {}
    years = {entry.get("year"): entry for entry in document.get("tax_years", []) if isinstance(entry, dict)}
    document["tax_years"] = [years.get(entry.tax_year, {"year": entry.tax_year}) for entry in sorted(case.tax_years, key=lambda item: item.tax_year)]
    document["as_of"] = as_of.isoformat()
    return document


def run_screening(case, as_of):
    """(screening, error): the navigator's screening, or the input error that stops it."""
    pipeline = optional_module("navigator.pipeline")
    if pipeline is None:
        return None, None
    if not case.tax_years:
        return None, InputError("tax_years", "add a tax year first: the screening works year by year")
    try:
        return pipeline.screen_data(facts_document(case, as_of)), None
    except (InputError, ParameterError) as exc:
        if isinstance(exc, ParameterError):
            return None, InputError("facts", f"the law data has no answer here: {exc}")
        return None, InputError(f"facts.{exc.field}" if exc.field else "facts", exc.message)


def open_questions(screening, skip: set[str]) -> list[QuestionView]:
    """The questions the findings still need, once each by field, in the order the rules ask them."""
    seen: dict[str, QuestionView] = {}
    for finding in screening.findings:
        for question in finding.missing:
            if question.field in skip or question.field in seen:
                continue
            seen[question.field] = QuestionView(question.id, question.field, question.text)
    return list(seen.values())


def add_screening(view: CaseView, deadlines: list[Deadline], checklist: list[ChecklistItem], mail_to: list[dict[str, Any]]) -> None:
    pipeline = optional_module("navigator.pipeline")
    view.screening_available = pipeline is not None
    if pipeline is None:
        view.missing_pieces.append("navigator")
        return
    screening, error = run_screening(view.case, view.today)
    view.screening, view.screening_error = screening, error
    if screening is None:
        return
    view.questions = open_questions(screening, set(view.case.unknown))
    for finding in screening.findings:
        raw = finding.as_dict()
        title = finding.title + (f" ({finding.tax_year})" if finding.tax_year else "")
        deadline = finding.deadline
        view.findings.append(
            FindingView(
                id=finding.id, title=title, tax_year=finding.tax_year, status=finding.status,
                reasons=list(finding.reasons), citations=list(finding.citations),
                missing=[question.text for question in finding.missing],
                weighing=[{"name": factor.label, "weight": WEIGHS.get(factor.weighs, factor.weighs), "reason": factor.reason} for factor in finding.factors],
                deadline=(f"{deadline.title}: {deadline.date.isoformat()}" if deadline is not None and deadline.date else None),
                summary=finding.summary, raw=raw,
            )
        )
    for deadline in screening.deadlines:
        deadlines.append(
            Deadline(
                title=deadline.title + (f" ({deadline.tax_year})" if deadline.tax_year and str(deadline.tax_year) not in deadline.title else ""),
                when=deadline.date,
                citation="; ".join(deadline.citations),
                steps=[step.text + (f" ({step.on.isoformat()})" if step.on else "") for step in deadline.steps],
                source="navigator",
                note="; ".join(deadline.notes + ([f"Still needed: {q.text}" for q in deadline.missing] if deadline.date is None else [])),
            )
        )
    for item in screening.plan.items:
        raw = item.as_dict()
        lines = [item.why]
        if item.revision:
            lines.append(f"Revision: {item.revision}.")
        if item.url:
            lines.append(f"Official form: {item.url}")
        if item.evidence:
            lines.append("Evidence that matters: " + "; ".join(item.evidence))
        if item.next_steps:
            lines.append("What happens next: " + " ".join(item.next_steps))
        view.plan.append(PlanStep(title=item.form + (f" ({', '.join(str(y) for y in item.tax_years)})" if item.tax_years else ""), lines=lines, raw=raw))
        for text in item.attachments:
            checklist.append(ChecklistItem(text=text, source=item.form))
        for text in item.evidence:
            checklist.append(ChecklistItem(text=text, source=f"{item.form}: evidence"))
        if item.send_to:
            mail_to.append({"form": item.form, "address": list(item.send_to), "url": item.url})
    if screening.plan.safety:
        view.plan.append(PlanStep(title="Your safety", lines=list(screening.plan.safety), raw={"safety": list(screening.plan.safety)}))

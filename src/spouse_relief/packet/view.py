"""The one rendering of an outcome in plain words, read by the web pages, the HTML and PDF
packets: a finding, a deadline and a plan step each become a small mapping of display text here
and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..language import N_
from ..pipeline import STATUS_LABELS, Outcome

WORKSHEET_TITLES = {
    "il8857": "IL-8857 Allocation of Liability Worksheet",
    "f8379": "Form 8379 injured spouse allocation",
    "f6015d": "Separation of liability split (IRC 6015(d))",
}
STILL_NEEDED = "Still needed"
WEIGHS = {"favoring": "Favors relief", "neutral": "Neutral", "against": "Weighs against relief", "unknown": "Unknown"}


def finding_view(finding) -> dict[str, Any]:
    shown = finding.deadline
    return {
        "id": finding.id,
        "title": finding.title + (f" ({finding.tax_year})" if finding.tax_year else ""),
        "tax_year": finding.tax_year,
        "status": finding.status,
        "status_label": STATUS_LABELS.get(finding.status, finding.status),
        "summary": finding.summary,
        "reasons": list(finding.reasons),
        "citations": list(finding.citations),
        "missing": [question.text for question in finding.missing],
        "weighing": [{"name": factor.label, "weight": WEIGHS.get(factor.weighs, factor.weighs), "reason": factor.reason} for factor in finding.factors],
        "deadline": f"{shown.title}: {shown.date.isoformat()}" if shown is not None and shown.date else None,
    }


def step_words(step) -> str:
    """A deadline's step with its date said once: added only where the step's words do not say it."""
    if step.on is None or step.on.isoformat() in step.text:
        return step.text
    return f"{step.text} ({step.on.isoformat()})"


def deadline_view(deadline, outcome: Outcome) -> dict[str, Any]:
    days_left = outcome.days_left(deadline)
    title = deadline.title
    if deadline.tax_year and str(deadline.tax_year) not in title:
        title += f" ({deadline.tax_year})"
    notes = list(deadline.notes)
    if deadline.date is None:
        notes += [f"{STILL_NEEDED}: {question.text}" for question in deadline.missing]
    return {
        "id": deadline.id,
        "title": title,
        "when": deadline.date,
        "status": deadline.status,
        "days_left": days_left,
        "missed": deadline.status == "missed",
        "steps": [step_words(step) for step in deadline.steps],
        "citation": "; ".join(deadline.citations),
        "note": "; ".join(notes),
        "remaining": list(deadline.remaining) if deadline.status == "missed" else [],
    }


# The heads of a plan step's paragraphs ("Revision: ..."): a page in Spanish translates the head
# and the rest apart (``language.translate_text``).
PLAN_HEADS = (N_("Revision"), N_("Send by"), N_("Official form"), N_("Evidence that matters"), N_("What happens next"))


def plan_view(item) -> dict[str, Any]:
    lines = [item.why]
    if item.revision:
        lines.append(f"Revision: {item.revision}.")
    if item.deadline and item.deadline.date:
        lines.append(f"Send by: {item.deadline.date.isoformat()}.")
    if item.url:
        lines.append(f"Official form: {item.url}")
    if item.evidence:
        evidence = "; ".join(item.evidence)
        lines.append(f"Evidence that matters: {evidence}")
    if item.next_steps:
        next_steps = " ".join(item.next_steps)
        lines.append(f"What happens next: {next_steps}")
    title = item.form + (f" ({', '.join(str(year) for year in item.tax_years)})" if item.tax_years else "")
    return {"title": title, "lines": lines}


@dataclass
class OutcomeView:
    """What the pages and the packet show: the outcome, in words."""

    outcome: Outcome
    findings: list[dict[str, Any]] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    plan: list[dict[str, Any]] = field(default_factory=list)
    drafts: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)

    titles = WORKSHEET_TITLES

    @property
    def today(self):
        return self.outcome.as_of

    def __getattr__(self, name: str):
        """Everything else is the outcome's own: case, years, checklist, mail_to, questions,
        problem, illinois, links, bottom_line."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.outcome, name)


def outcome_view(outcome: Outcome) -> OutcomeView:
    from .explanation import drafts

    view = OutcomeView(
        outcome,
        findings=[finding_view(finding) for finding in outcome.findings],
        deadlines=[deadline_view(deadline, outcome) for deadline in outcome.deadlines],
        plan=[plan_view(item) for item in outcome.plan.items],
    )
    if outcome.plan.safety:
        view.plan.append({"title": "Your safety", "lines": list(outcome.plan.safety)})
    view.drafts = drafts(outcome)
    saved = outcome.case.explanations
    view.explanations = {key: (getattr(saved, key) or text) for key, text in view.drafts.items()}
    return view

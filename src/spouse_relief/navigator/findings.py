"""What the screening says about one relief path: a Finding built from Conditions.

A condition is ``met``, ``not_met``, ``unknown`` (an answer is missing: the question that settles
it is named) or ``judgment`` (facts and circumstances: the factors are shown as favoring,
neutral or against, side by side - the tool does not decide a judgment call).

A path's status combines its conditions: any ``not_met`` closes it; otherwise any ``unknown``
leaves it open pending answers; otherwise any ``judgment`` leaves the decision to the IRS;
otherwise it is ``met``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .facts import question_text

if TYPE_CHECKING:
    from .deadlines import Deadline

Status = Literal["met", "not_met", "unknown", "judgment"]
STATUSES: tuple[str, ...] = ("met", "not_met", "unknown", "judgment")
Weight = Literal["favoring", "neutral", "against", "unknown"]

NOT_ANSWERED_BARE = "Not yet answered."
NOT_ANSWERED = "Not yet answered: "

# Order in which reasons are listed: what decides the path first.
_SEVERITY = {"not_met": 0, "unknown": 1, "judgment": 2, "met": 3}


@dataclass(frozen=True)
class Question:
    """A missing answer: its id (see facts.QUESTIONS), the field that holds it, and the question in plain words."""

    id: str
    field: str
    text: str

    @classmethod
    def ask(cls, question_id: str, field: str, about: str | None = None) -> "Question":
        text = question_text(question_id)
        if about:
            text = f"{text} ({about})"
        return cls(id=question_id, field=field, text=text)

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "field": self.field, "question": self.text}


@dataclass
class Factor:
    """One facts-and-circumstances factor, and which way it weighs."""

    id: str
    label: str
    weighs: Weight
    reason: str
    citation: str
    missing: list[Question] = field(default_factory=list)
    unverified: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "weighs": self.weighs,
            "reason": self.reason,
            "citation": self.citation,
            "missing": [question.as_dict() for question in self.missing],
            "unverified": self.unverified,
        }


@dataclass
class Condition:
    """One condition of a relief path: met, not met, unknown or a judgment call, with reasons."""

    id: str
    label: str
    status: Status
    reasons: list[str]
    citations: list[str]
    missing: list[Question] = field(default_factory=list)
    unverified: bool = False

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if self.status == "unknown" and not self.missing:
            raise ValueError(f"condition {self.id}: unknown must name the question that settles it")
        if self.status == "unknown":
            self.reasons = [
                NOT_ANSWERED + self.missing[0].text if reason in (NOT_ANSWERED_BARE, "Not answered.") else reason
                for reason in self.reasons
            ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "status": self.status,
            "reasons": list(self.reasons),
            "citations": list(self.citations),
            "missing": [question.as_dict() for question in self.missing],
            "unverified": self.unverified,
        }


def combine(statuses: list[str]) -> Status:
    if not statuses:
        return "met"
    if "not_met" in statuses:
        return "not_met"
    if "unknown" in statuses:
        return "unknown"
    if "judgment" in statuses:
        return "judgment"
    return "met"


def _unique(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


@dataclass
class Finding:
    """One relief path (or alternative) for one tax year (``tax_year`` None: the whole case)."""

    id: str
    title: str
    tax_year: int | None
    conditions: list[Condition] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    deadlines: list["Deadline"] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status_override: Status | None = None
    summary: str | None = None

    @property
    def status(self) -> Status:
        if self.status_override is not None:
            return self.status_override
        return combine([condition.status for condition in self.conditions])

    @property
    def reasons(self) -> list[str]:
        """Plain-words reasons, what decides the path first. A closed path gives only what closes it."""
        ordered = sorted(self.conditions, key=lambda condition: _SEVERITY[condition.status])
        if self.status == "not_met":
            ordered = [condition for condition in ordered if condition.status == "not_met"]
        reasons = [self.summary] if self.summary else []
        for condition in ordered:
            reasons.extend(condition.reasons)
        return _unique(reasons)

    @property
    def citations(self) -> list[str]:
        cited: list[str] = []
        for condition in self.conditions:
            cited.extend(condition.citations)
        cited.extend(factor.citation for factor in self.factors)
        for deadline in self.deadlines:
            cited.extend(deadline.citations)
        return _unique(cited)

    @property
    def missing(self) -> list[Question]:
        """The questions that would settle the path; none once it is closed (``not_met``)."""
        if self.status == "not_met":
            return []
        asked: list[Question] = []
        for condition in self.conditions:
            asked.extend(condition.missing)
        for factor in self.factors:
            asked.extend(factor.missing)
        for deadline in self.deadlines:
            asked.extend(deadline.missing)
        return _unique(asked)

    @property
    def unverified(self) -> bool:
        return (
            any(condition.unverified for condition in self.conditions)
            or any(factor.unverified for factor in self.factors if factor.weighs != "unknown")
            or any(deadline.unverified for deadline in self.deadlines)
        )

    @property
    def deadline(self) -> "Deadline | None":
        """The deadline to show for the path: the earliest still open, else the latest missed.

        A closed path (``not_met``) shows a deadline only if one was missed (it may be why it closed).
        """
        dated = [deadline for deadline in self.deadlines if deadline.kind == "last_day" and deadline.date is not None]
        open_ones = [deadline for deadline in dated if deadline.status in ("open", "at_risk")]
        if open_ones and self.status != "not_met":
            return min(open_ones, key=lambda deadline: deadline.date)
        missed = [deadline for deadline in dated if deadline.status == "missed"]
        if missed:
            return max(missed, key=lambda deadline: deadline.date)
        return None

    def condition(self, condition_id: str) -> Condition | None:
        for condition in self.conditions:
            if condition.id == condition_id:
                return condition
        return None

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract (docs/navigator.md): id, status, reasons, citations, missing, deadline, and more."""
        shown = self.deadline
        return {
            "id": self.id,
            "title": self.title,
            "tax_year": self.tax_year,
            "status": self.status,
            "reasons": self.reasons,
            "citations": self.citations,
            "missing": [question.as_dict() for question in self.missing],
            "deadline": shown.date.isoformat() if shown and shown.date else None,
            "deadline_status": shown.status if shown else None,
            "unverified": self.unverified,
            "conditions": [condition.as_dict() for condition in self.conditions],
            "factors": [factor.as_dict() for factor in self.factors],
            "deadlines": [deadline.id for deadline in self.deadlines],
            "notes": list(self.notes),
        }

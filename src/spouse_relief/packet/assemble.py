"""Run the pipeline over a whole case: the numbers of each tax year, the screening, the deadlines,
the plan, the checklist and the explanation drafts. The web pages, the API and the packet all
render this one view; no rule lives here, only the order of the calls.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import InputError
from ..parameters import ParameterError
from .casefile import CaseFile


def optional_module(name: str):
    """A pipeline module that may not be installed in this build yet (None if absent)."""
    package = "spouse_relief." + name.split(".")[0]
    try:
        return importlib.import_module(f"spouse_relief.{name}")
    except ModuleNotFoundError as exc:
        # absent, or only partly there (a piece of the same package missing): not in this build
        if exc.name and (exc.name == package or exc.name.startswith(package + ".") or package.startswith(exc.name + ".")):
            return None
        raise


@dataclass
class Deadline:
    title: str
    when: date | None
    citation: str = ""
    steps: list[str] = field(default_factory=list)
    source: str = ""
    note: str = ""
    days_left: int | None = None
    missed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.when.isoformat() if self.when else None,
            "days_left": self.days_left,
            "missed": self.missed,
            "citation": self.citation,
            "steps": list(self.steps),
            "source": self.source,
            "note": self.note,
        }


@dataclass
class Computed:
    """One worksheet of one tax year: its result, or the input error that stops it."""

    form: str
    result: Any = None
    error: InputError | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None


@dataclass
class YearView:
    tax_year: int
    worksheets: dict[str, Computed] = field(default_factory=dict)


@dataclass
class ChecklistItem:
    text: str
    source: str
    done: bool = False


@dataclass
class CaseView:
    case: CaseFile
    today: date
    years: list[YearView]
    screening: Any = None
    screening_error: InputError | None = None
    screening_available: bool = False
    deadlines: list[Deadline] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    mail_to: list[dict[str, Any]] = field(default_factory=list)
    explanations: dict[str, str] = field(default_factory=dict)
    drafts: dict[str, str] = field(default_factory=dict)
    missing_pieces: list[str] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)
    plan: list[Any] = field(default_factory=list)
    questions: list[Any] = field(default_factory=list)

    def year(self, tax_year: int) -> YearView | None:
        return next((year for year in self.years if year.tax_year == tax_year), None)


def _as_input_error(exc: Exception, prefix: str) -> InputError:
    if isinstance(exc, InputError):
        field_name = f"{prefix}.{exc.field}" if exc.field else prefix
        return InputError(field_name, exc.message)
    return InputError(prefix, f"the law data has no answer here: {exc}")


def compute_il8857(document: dict, today: date) -> Computed:
    module = optional_module("worksheets.il8857")
    if module is None:
        return Computed("IL-8857", error=InputError("il8857", "the IL-8857 worksheet is not part of this build"))
    try:
        case = module.parse_il8857(document)
        return Computed("IL-8857", result=module.compute_il8857(case, today=today))
    except (InputError, ParameterError) as exc:
        return Computed("IL-8857", error=_as_input_error(exc, "il8857"))


def _days(deadline: Deadline, today: date) -> Deadline:
    if deadline.when is not None:
        deadline.days_left = (deadline.when - today).days
        deadline.missed = deadline.days_left < 0
    return deadline


def assemble(case: CaseFile, today: date | None = None) -> CaseView:
    today = today or date.today()
    years: list[YearView] = []
    deadlines: list[Deadline] = []
    checklist: list[ChecklistItem] = []
    mail_to: list[dict[str, Any]] = []
    for entry in sorted(case.tax_years, key=lambda item: item.tax_year):
        view = YearView(entry.tax_year)
        if entry.il8857 is not None:
            computed = compute_il8857(entry.il8857, today)
            view.worksheets["il8857"] = computed
            if computed.ok:
                result = computed.result
                window = result.refund_window
                if window.deadline is not None:
                    deadlines.append(
                        Deadline(
                            title=f"Form IL-8857 refund request, tax year {entry.tax_year}",
                            when=window.deadline,
                            citation="; ".join(use.citation for use in window.parameters) or "Form IL-8857 Instructions",
                            steps=list(window.steps),
                            source=f"IL-8857 {entry.tax_year}",
                            note=window.applicable_limit,
                        )
                    )
                for text in result.attachments:
                    checklist.append(ChecklistItem(text=text, source=f"Form IL-8857, tax year {entry.tax_year}"))
                mail_to.append({"form": f"Form IL-8857 (tax year {entry.tax_year})", "address": list(result.mail_to), "url": result.form_url})
        from .federal import add_federal

        add_federal(entry, view, today)
        years.append(view)

    view = CaseView(case=case, today=today, years=years)
    from .screening import add_screening

    add_screening(view, deadlines, checklist, mail_to)
    view.deadlines = sorted((_days(item, today) for item in deadlines), key=lambda item: (item.when is None, item.when or date.max))
    view.checklist = _dedupe(checklist)
    view.mail_to = _dedupe_mail(mail_to)
    from .explanation import drafts

    view.drafts = drafts(view)
    view.explanations = {
        key: (getattr(case.explanations, key) or view.drafts.get(key, "")) for key in ("form8857", "il8857_line17")
    }
    return view


def _dedupe(items: list[ChecklistItem]) -> list[ChecklistItem]:
    seen: dict[str, ChecklistItem] = {}
    for item in items:
        if item.text in seen:
            if item.source not in seen[item.text].source:
                seen[item.text].source += f"; {item.source}"
        else:
            seen[item.text] = ChecklistItem(item.text, item.source, item.done)
    return list(seen.values())


def _dedupe_mail(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: list[dict[str, Any]] = []
    for entry in entries:
        same = next((item for item in merged if item["address"] == entry["address"]), None)
        if same:
            if entry["form"] not in same["form"]:
                same["form"] += f"; {entry['form']}"
        else:
            merged.append(dict(entry))
    return merged

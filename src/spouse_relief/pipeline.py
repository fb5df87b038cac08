"""The order of everything, in one readable place: a case in, one outcome out.

    outcome = run(case, as_of=date(2026, 11, 23))
    outcome.findings     # one Finding per relief path per tax year, then the alternatives
    outcome.years        # per tax year, the worksheets that apply, each computed or saying what it needs
    outcome.deadlines    # every deadline of an open path (one Deadline type), by date
    outcome.plan         # forms to send, attachments, evidence, where, what happens next, safety
    outcome.checklist    # what to attach and gather
    outcome.bottom_line  # one sentence per computed worksheet and per form to send
    outcome.as_dict()    # the public JSON contract (docs/case.md): `spouse-relief case --json`, the API

Which forms apply to a year is decided here, from the screening:

* Form IL-8857 where Illinois is involved: the year's Illinois connection is met (an Illinois
  residence or a joint Illinois return), or a preparer entered the worksheet. Where the facts say
  the year was spent in another state, nothing about Illinois is computed, shown or listed.
* Form 8379 where a joint refund was taken or is expected to be taken (or a preparer entered it).
* The IRC 6015(c)/(d) split where there is a deficiency and separation of liability is not ruled
  out (or a preparer entered it).

Every interface (CLI, web pages, JSON API, PDF, HTML, iCalendar) renders this outcome; none
computes anything of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import DISCLAIMER
from .case import FORM_NAMES, Case, import_document
from .derive import Derived, f6015d_input, f8379_input, il8857_input
from .errors import InputError
from .navigator import deadlines as dl
from .navigator.deadlines import Deadline
from .navigator.facts import Facts, TaxYear, load_facts
from .navigator.findings import Finding, Question
from .navigator.plan import Plan, build_plan
from .navigator.screening import alternatives, bars, form8379, il8857, irc66c, irc6015b, irc6015c, irc6015f
from .navigator.screening.common import YearContext
from .parameters import ParameterError

FORM8857_PATHS = dl.FORM8857_PATHS
ILLINOIS_PATHS = ("il8857", "il_injured_spouse")
EVIDENCE = "evidence"  # a checklist item's source: "Form 8857: evidence"
STATUS_LABELS = {"met": "Met", "not_met": "Not met", "unknown": "Unknown: a question is open", "judgment": "A judgment call"}


# --- screening: facts -> findings, deadlines, plan -------------------------------------------------


@dataclass
class Screening:
    """The screening of a case's facts: findings, deadlines and plan as of a date."""

    facts: Facts
    as_of: date
    request_date: date
    findings: list[Finding]
    deadlines: list[Deadline]
    plan: Plan

    def finding(self, path_id: str, tax_year: int | None = None) -> Finding:
        for finding in self.findings:
            if finding.id == path_id and (tax_year is None or finding.tax_year == tax_year):
                return finding
        raise KeyError((path_id, tax_year))

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "request_date": self.request_date.isoformat(),
            "disclaimer": DISCLAIMER,
            "paths": [finding.as_dict() for finding in self.findings],
            "deadlines": [deadline.as_dict() for deadline in self.deadlines],
            "plan": self.plan.as_dict(),
        }


def _unpaid_deadline(year: TaxYear, index: int, as_of: date) -> Deadline | None:
    """The collection-period deadline, or None when the tax is plainly not assessed yet."""
    if year.collection_period_ends or year.assessed_on:
        return dl.collection_period(year, index, as_of)
    assessed_signs = bool(year.collection) or year.first_letter("balance_due_notice") is not None
    if year.liabilities.understatement and not year.liabilities.underpayment and not assessed_signs:
        return None  # a proposed deficiency is not assessed: the collection period has not begun
    return dl.collection_period(year, index, as_of)


def screen_year(facts: Facts, year: TaxYear, index: int, as_of: date, request_date: date) -> list[Finding]:
    ctx = YearContext(facts, year, index, as_of, request_date)
    bar = bars.screen(ctx)
    election = dl.election_6015bc(year, index, as_of)
    refund = dl.refund_period(year, index, as_of) if year.joint_return is not False else None
    unpaid = _unpaid_deadline(year, index, as_of)
    innocent = irc6015b.screen(ctx, bar, election, refund)
    separation = irc6015c.screen(ctx, bar, election)
    equitable = irc6015f.screen(ctx, bar, innocent, separation, unpaid, refund)
    separate_cp = year.filed_separately is not False and year.joint_return is not True and ctx.lived_in_community_property_state() is not False
    community = irc66c.screen(ctx, bar, dl.irc66c_request(year, index, as_of) if separate_cp else None)
    separate_refund = dl.refund_period(year, index, as_of) if separate_cp else None
    community_equitable = irc66c.screen_equitable(ctx, bar, unpaid if separate_cp else None, separate_refund)
    offset_deadline = (
        dl.form8379_window(year, index, as_of)
        if year.refund_offset.status in ("taken", "expected") and year.joint_return is not False
        else None
    )
    injured = form8379.screen(ctx, offset_deadline)
    il_deadline = dl.il8857_refund_window(year, index, as_of, request_date) if il8857.il_deadline_needed(ctx) else None
    illinois = il8857.screen(ctx, il_deadline)
    il_injured, _ = il8857.screen_injured(ctx)
    found = [innocent, separation, equitable, community, community_equitable, injured, illinois, il_injured]
    if bar.status == "not_met" or any(path.status != "not_met" for path in (innocent, separation, equitable, community, community_equitable)):
        found.append(bar)  # the bars matter only where a Form 8857 request is in view
    return found


def after_filing_deadlines(facts: Facts, as_of: date) -> list[Deadline]:
    """Appeal and Tax Court dates once a Form 8857 has been filed and answered."""
    status = facts.form8857
    found: list[Deadline] = []
    if status.preliminary_determination_on and not status.final_determination_on:
        found.append(dl.form12509_appeal(status.preliminary_determination_on, as_of))
    if status.final_determination_on:
        found.append(dl.tax_court_petition(status.final_determination_on, as_of))
    elif status.filed_on:
        found.append(dl.tax_court_opens(status.filed_on, as_of))
    return found


def collect_deadlines(findings: list[Finding]) -> list[Deadline]:
    """Every deadline of a path still open, and every missed one (with what remains possible), once each,
    by date (undated ones last)."""
    seen: dict[str, Deadline] = {}
    for finding in findings:
        for deadline in finding.deadlines:
            if finding.status != "not_met" or deadline.status == "missed":
                seen.setdefault(deadline.id, deadline)
    return sorted(seen.values(), key=lambda d: (d.date is None, d.date or date.max, d.id))


def _illinois_ruled_out(finding: Finding) -> bool:
    connection = finding.condition("illinois")
    return connection is not None and connection.status == "not_met"


def screen_facts(facts: Facts) -> Screening:
    """Findings, deadlines and plan of validated facts, as of ``facts.as_of`` (default today).

    Where the facts say a year was spent outside Illinois, the year's Illinois paths are left out
    (nothing about Illinois is shown for it)."""
    as_of = facts.as_of or date.today()
    request_date = facts.request_date or facts.form8857.filed_on or as_of
    findings: list[Finding] = []
    contexts = []
    for index, year in enumerate(facts.tax_years):
        found = screen_year(facts, year, index, as_of, request_date)
        illinois = next(finding for finding in found if finding.id == "il8857")
        if _illinois_ruled_out(illinois):
            found = [finding for finding in found if finding.id not in ILLINOIS_PATHS]
        findings.extend(found)
        contexts.append(YearContext(facts, year, index, as_of, request_date))
    after = after_filing_deadlines(facts, as_of)
    if after:
        for finding in findings:
            if finding.id in FORM8857_PATHS and finding.status != "not_met":
                finding.deadlines.extend(after)
    extra, _ = alternatives.screen(facts, contexts, as_of)
    findings.extend(extra)
    deadlines = collect_deadlines(findings)
    return Screening(facts, as_of, request_date, findings, deadlines, build_plan(facts, findings, deadlines, as_of))


def screen_data(data: Any, *, name: str = "facts") -> Screening:
    return screen_facts(load_facts(data, name=name))


# --- worksheets -----------------------------------------------------------------------------------


@dataclass
class Computed:
    """One form's worksheet for one tax year: its result, or the input error or missing answer that stops it."""

    key: str  # il8857 | f8379 | f6015d
    tax_year: int
    result: Any = None
    error: InputError | None = None
    source: str | None = None  # "case" (derived from the facts) or "entered" (a preparer's override)
    notes: list[str] = field(default_factory=list)

    @property
    def form(self) -> str:
        return FORM_NAMES[self.key]

    @property
    def ok(self) -> bool:
        return self.result is not None

    @property
    def headline(self) -> str | None:
        return headline(self.key, self.result) if self.ok else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "form": self.key,
            "name": self.form,
            "tax_year": self.tax_year,
            "source": self.source,
            "headline": self.headline,
            "notes": list(self.notes),
            "error": self.error.as_dict() if self.error else None,
            "result": result_dict(self.result) if self.ok else None,
        }


# Every worksheet result follows one protocol: as_dict() (the JSON contract) and headline.
def result_dict(result: Any) -> dict[str, Any]:
    return result.as_dict()


def headline(key: str, result: Any) -> str | None:
    return result.headline


def _compute(key: str, derived: Derived, as_of: date) -> Any:
    if key == "il8857":
        from .worksheets.il8857 import compute_il8857, parse_il8857

        return compute_il8857(parse_il8857(derived.document), today=as_of)
    if key == "f8379":
        from .worksheets.f8379 import compute, parse_input
    else:
        from .worksheets.f6015d import compute, parse_input
    return compute(parse_input(derived.document))


WAITING = {
    "il8857": ("return_items", "Add the items of the joint return (income, adjustments, Illinois payments) to compute Form IL-8857's worksheet."),
    "f8379": ("return_items", "Add the items of the joint return (income, federal withholding and payments) to compute Form 8379."),
    "f6015d": ("deficiency_amount", "Add the deficiency and the items that caused it to compute each spouse's portion."),
}
# What a worksheet waits for once part of it is given: only what is still missing.
WAITING_PART = {
    "il8857": ("return_items", "Add the income and adjustments of the joint return (only exemptions are listed) to compute Form IL-8857's worksheet."),
    "f8379": ("return_items", "Add the income, federal tax withheld or payments of the joint return (the items listed are not enough) to compute Form 8379."),
    "f6015d_deficiency": ("deficiency_amount", "Add the deficiency (the additional tax the IRS proposed) to compute each spouse's portion."),
    "f6015d_items": ("items", "Add the items that caused the deficiency to compute each spouse's portion."),
}


WAITING_QUESTIONS = {name for name, _ in WAITING.values()}  # the facts fields whose questions ask for them


def waiting_for(key: str, year: TaxYear) -> tuple[str, str]:
    """(the field, what to add) for a worksheet that cannot be computed yet: only what is missing."""
    if key == "f6015d":
        if year.deficiency_amount is not None:
            return WAITING_PART["f6015d_items"]
        return WAITING_PART["f6015d_deficiency"] if year.items else WAITING[key]
    if year.return_items:
        return WAITING_PART[key]
    return WAITING[key]


def compute_form(case: Case, year: TaxYear, key: str, as_of: date, request_date: date) -> Computed:
    index = case.year_index(year.year)
    where = f"tax_years.{index}"
    try:
        derived = {"il8857": lambda: il8857_input(case, year, request_date),
                   "f8379": lambda: f8379_input(case, year),
                   "f6015d": lambda: f6015d_input(case, year)}[key]()
    except InputError as exc:
        return Computed(key, year.year, error=exc)
    if derived is None:
        name, message = waiting_for(key, year)
        return Computed(key, year.year, error=InputError(f"{where}.{name}", message))
    try:
        return Computed(key, year.year, result=_compute(key, derived, as_of), source=derived.source, notes=derived.notes)
    except InputError as exc:
        prefix = f"overrides.{year.year}.{key}" if derived.source == "entered" else f"{where}.{key}"
        return Computed(key, year.year, error=InputError(f"{prefix}.{exc.field}" if exc.field else prefix, exc.message), source=derived.source)
    except ParameterError as exc:
        return Computed(key, year.year, error=InputError(f"{where}.{key}", exc.words()), source=derived.source)


def _finding(screening: Screening | None, path: str, tax_year: int) -> Finding | None:
    if screening is None:
        return None
    return next((item for item in screening.findings if item.id == path and item.tax_year == tax_year), None)


def forms_that_may_apply(year: TaxYear, screening: Screening | None, applying: list[str]) -> list[str]:
    """Worksheets not needed yet but not ruled out either (an answer would decide): a person may start them."""
    paths = {"il8857": "il8857", "f8379": "form8379", "f6015d": "irc6015c"}
    found = []
    for key, path in paths.items():
        finding = _finding(screening, path, year.year)
        if key not in applying and finding is not None and finding.status != "not_met":
            found.append(key)
    return found


def forms_that_apply(case: Case, year: TaxYear, screening: Screening | None) -> list[str]:
    """Which worksheets a year needs, in the order the packet shows them."""
    def finding(path: str) -> Finding | None:
        return _finding(screening, path, year.year)

    forms = []
    illinois = finding("il8857")
    connection = illinois.condition("illinois") if illinois is not None else None
    if case.override(year.year, "il8857") is not None or (connection is not None and connection.status == "met"):
        forms.append("il8857")
    if case.override(year.year, "f8379") is not None or (year.refund_offset.status in ("taken", "expected") and year.joint_return is not False):
        forms.append("f8379")
    deficiency = year.liabilities.understatement or year.deficiency_asserted_on is not None or year.deficiency_amount is not None
    separation = finding("irc6015c")
    if case.override(year.year, "f6015d") is not None or (deficiency and separation is not None and separation.status != "not_met"):
        forms.append("f6015d")
    return forms


# --- the outcome ------------------------------------------------------------------------------------


@dataclass
class YearOutcome:
    """One tax year of the outcome: the worksheets that apply and those that may."""

    tax_year: int
    worksheets: dict[str, Computed] = field(default_factory=dict)
    may_apply: list[str] = field(default_factory=list)  # not needed yet, not ruled out: an open question decides

    def as_dict(self) -> dict[str, Any]:
        return {"tax_year": self.tax_year, "worksheets": {key: computed.as_dict() for key, computed in self.worksheets.items()},
                "may_apply": list(self.may_apply)}


@dataclass
class ChecklistItem:
    """One thing to attach or gather, and which finding or form asks for it."""

    text: str
    source: str

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "source": self.source}


@dataclass
class Outcome:
    """Everything the pipeline works out for a case; every interface renders it."""

    case: Case
    as_of: date
    request_date: date
    years: list[YearOutcome]
    screening: Screening | None = None
    problem: InputError | None = None  # why the screening could not run (the facts need an answer first)
    questions: list[Question] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    mail_to: list[dict[str, Any]] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return self.screening.findings if self.screening else []

    @property
    def deadlines(self) -> list[Deadline]:
        return self.screening.deadlines if self.screening else []

    @property
    def plan(self) -> Plan:
        return self.screening.plan if self.screening else Plan(items=[], safety=[], links=[])

    @property
    def illinois(self) -> bool:
        """Whether anything about Illinois is in the outcome (a worksheet or an Illinois path)."""
        return any("il8857" in year.worksheets for year in self.years) or any(f.id in ILLINOIS_PATHS for f in self.findings)

    @property
    def links(self) -> list[dict[str, str]]:
        """The official forms and publications the outcome calls for (Form 8857 and Publication 971 at least)."""
        links = self.plan.links
        if not links:
            from .parameters import parameter

            filing = parameter("federal/relief/form8857_filing").values[-1].value
            links = [(filing["title"], filing["url"]), ("Publication 971, Innocent Spouse Relief", filing["publication_url"])]
        return [{"title": title, "url": url} for title, url in links]

    @property
    def bottom_line(self) -> list[str]:
        lines = []
        for year in self.years:
            for computed in year.worksheets.values():
                if computed.headline:
                    lines.append(f"{year.tax_year}, {computed.form}: {computed.headline}")
        for item in self.plan.items:
            when = f" by {item.deadline.date.isoformat()}" if item.deadline and item.deadline.date else ""
            years = f" for {', '.join(str(y) for y in item.tax_years)}" if item.tax_years else ""
            lines.append(f"Send {item.form}{years}{when}.")
        if self.questions:
            lines.append(f"{len(self.questions)} question{'' if len(self.questions) == 1 else 's'} still open.")
        return lines

    def year(self, tax_year: int) -> YearOutcome | None:
        return next((year for year in self.years if year.tax_year == tax_year), None)

    def days_left(self, deadline: Deadline) -> int | None:
        return (deadline.date - self.as_of).days if deadline.date else None

    def as_dict(self) -> dict[str, Any]:
        """The public JSON contract (docs/case.md)."""
        return {
            "as_of": self.as_of.isoformat(),
            "request_date": self.request_date.isoformat(),
            "title": self.case.title,
            "tax_years": [year.tax_year for year in self.years],
            "problem": self.problem.as_dict() if self.problem else None,
            "bottom_line": self.bottom_line,
            "findings": [finding.as_dict() for finding in self.findings],
            "questions": [question.as_dict() for question in self.questions],
            "deadlines": [dict(deadline.as_dict(), days_left=self.days_left(deadline)) for deadline in self.deadlines],
            "years": [year.as_dict() for year in self.years],
            "plan": self.plan.as_dict(),
            "checklist": [item.as_dict() for item in self.checklist],
            "mail_to": [dict(entry) for entry in self.mail_to],
            "disclaimer": DISCLAIMER,
        }


def case_facts(case: Case, as_of: date) -> Facts:
    """The case's facts, checked as of a date (a date after it, or a year not yet ended, is an error naming the field)."""
    if not case.facts.tax_years:
        raise InputError("tax_years", "add a tax year first: the screening works year by year")
    document = case.facts_document()
    document["as_of"] = as_of.isoformat()
    return load_facts(document)


def open_questions(findings: list[Finding], skip: set[str]) -> list[Question]:
    """The questions the findings still need, once each by field, in the order the rules ask them."""
    seen: dict[str, Question] = {}
    for finding in findings:
        for question in finding.missing:
            if question.field not in skip and question.field not in seen:
                seen[question.field] = question
    return list(seen.values())


def run(case: Case, as_of: date) -> Outcome:
    screening, problem = None, None
    try:
        screening = screen_facts(case_facts(case, as_of))
    except InputError as exc:
        problem = InputError(f"facts.{exc.field}" if exc.field else "facts", exc.message)
    except ParameterError as exc:
        problem = InputError("facts", exc.words())
    request_date = screening.request_date if screening else (case.facts.request_date or as_of)
    years = []
    for year in case.tax_years:
        outcome_year = YearOutcome(year.year)
        applying = forms_that_apply(case, year, screening)
        for key in applying:
            outcome_year.worksheets[key] = compute_form(case, year, key, as_of, request_date)
        outcome_year.may_apply = forms_that_may_apply(year, screening, applying)
        years.append(outcome_year)
    outcome = Outcome(case, as_of, request_date, years, screening, problem)
    if screening is not None:
        outcome.questions = open_questions(screening.findings, set(case.unknown)) + worksheet_questions(outcome)
    outcome.checklist, outcome.mail_to = _checklist(outcome)
    return outcome


def worksheet_questions(outcome: Outcome) -> list[Question]:
    """What a worksheet that applies still needs from the case (the return's items, the deficiency), once each."""
    asked: dict[str, Question] = {}
    for year in outcome.years:
        for computed in year.worksheets.values():
            if computed.error is None or computed.source is not None:
                continue
            name = computed.error.field.rsplit(".", 1)[-1]
            if name in WAITING_QUESTIONS and computed.error.field not in outcome.case.unknown:
                asked.setdefault(computed.error.field, Question.ask(name, computed.error.field, str(year.tax_year)))
    return list(asked.values())


def _checklist(outcome: Outcome) -> tuple[list[ChecklistItem], list[dict[str, Any]]]:
    """What to attach and gather, and where to send each form, once each."""
    checklist: dict[str, ChecklistItem] = {}
    mail_to: list[dict[str, Any]] = []

    def add(text: str, source: str) -> None:
        if text in checklist:
            if source not in checklist[text].source:
                checklist[text].source += f"; {source}"
        else:
            checklist[text] = ChecklistItem(text, source)

    def send(form: str, address: list[str], url: str | None) -> None:
        same = next((entry for entry in mail_to if entry["address"] == address), None)
        if same is None:
            mail_to.append({"form": form, "address": address, "url": url})
        elif form not in same["form"]:
            same["form"] += f"; {form}"

    for item in outcome.plan.items:
        for text in item.attachments:
            add(text, item.form)
        for text in item.evidence:
            add(text, f"{item.form}: {EVIDENCE}")
        if item.send_to:
            send(item.form, list(item.send_to), item.url)
    for year in outcome.years:
        computed = year.worksheets.get("il8857")
        if computed is not None and computed.ok:
            source = f"Form IL-8857, tax year {year.tax_year}"
            for text in computed.result.attachments:
                add(text, source)
            send(f"Form IL-8857 (tax year {year.tax_year})", list(computed.result.mail_to), computed.result.form_url)
    return list(checklist.values()), mail_to


# --- ways in ------------------------------------------------------------------------------------


def load_case_file(path: str | Path) -> Case:
    """Any file the tool reads (a case, facts, IL-8857, Form 8379 or 6015(d) file) as a case."""
    from .io import read_document

    return import_document(read_document(Path(path)))


def default_as_of(case: Case) -> date:
    """The date a file asks to be read as of (a facts file's ``as_of``), else today."""
    return case.facts.as_of or date.today()

"""The order of everything, in one readable place: facts -> findings, deadlines, plan.

    screening = screen_file("examples/screen/divorced_deficiency.yaml")
    screening.findings      # one Finding per path per tax year, then the alternatives
    screening.deadlines     # every deadline of a path still open, by date
    screening.plan          # forms, attachments, evidence, where to send, what happens next, safety
    screening.as_dict()     # the JSON contract (docs/navigator.md)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .. import DISCLAIMER
from ..io import read_document
from . import deadlines as dl
from .deadlines import Deadline
from .facts import Facts, TaxYear, load_facts
from .findings import Finding
from .plan import Plan, build_plan
from .screening import alternatives, bars, form8379, il8857, irc66c, irc6015b, irc6015c, irc6015f
from .screening.common import YearContext

PATH_IDS = ("irc6015b", "irc6015c", "irc6015f", "irc66c", "irc66c_equitable", "form8379", "il8857", "il_injured_spouse", "form8857_may_be_filed")
FORM8857_PATHS = ("irc6015b", "irc6015c", "irc6015f", "irc66c", "irc66c_equitable")


@dataclass
class Screening:
    facts: Facts
    as_of: date
    request_date: date
    findings: list[Finding]
    deadlines: list[Deadline]
    plan: Plan

    def findings_for(self, path_id: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.id == path_id]

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
    b = irc6015b.screen(ctx, bar, election, refund)
    c = irc6015c.screen(ctx, bar, election)
    f = irc6015f.screen(ctx, bar, b, c, unpaid, refund)
    separate_cp = year.filed_separately is not False and year.joint_return is not True and ctx.lived_in_community_property_state() is not False
    cp = irc66c.screen(ctx, bar, dl.irc66c_request(year, index, as_of) if separate_cp else None)
    separate_refund = dl.refund_period(year, index, as_of) if separate_cp else None
    cp_equitable = irc66c.screen_equitable(ctx, bar, unpaid if separate_cp else None, separate_refund)
    offset_deadline = (
        dl.form8379_window(year, index, as_of)
        if year.refund_offset.status in ("taken", "expected") and year.joint_return is not False
        else None
    )
    injured = form8379.screen(ctx, offset_deadline)
    il_deadline = dl.il8857_refund_window(year, index, as_of, request_date) if il8857.il_deadline_needed(ctx) else None
    il = il8857.screen(ctx, il_deadline)
    il_injured, _ = il8857.screen_injured(ctx)
    found = [b, c, f, cp, cp_equitable, injured, il, il_injured]
    if bar.status == "not_met" or any(path.status != "not_met" for path in (b, c, f, cp, cp_equitable)):
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


def screen_facts(facts: Facts) -> Screening:
    as_of = facts.as_of or date.today()
    request_date = facts.request_date or facts.form8857.filed_on or as_of
    findings: list[Finding] = []
    contexts = []
    for index, year in enumerate(facts.tax_years):
        findings.extend(screen_year(facts, year, index, as_of, request_date))
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


def collect_deadlines(findings: list[Finding]) -> list[Deadline]:
    """Every deadline of a path still open, and every missed one (with what remains possible), once each,
    by date (undated ones last)."""
    seen: dict[str, Deadline] = {}
    for finding in findings:
        for deadline in finding.deadlines:
            if finding.status != "not_met" or deadline.status == "missed":
                seen.setdefault(deadline.id, deadline)
    return sorted(seen.values(), key=lambda d: (d.date is None, d.date or date.max, d.id))


def screen_data(data: Any, *, name: str = "facts") -> Screening:
    return screen_facts(load_facts(data, name=name))


def screen_file(path: str | Path) -> Screening:
    file = Path(path)
    return screen_facts(load_facts(read_document(file), name=file.name))

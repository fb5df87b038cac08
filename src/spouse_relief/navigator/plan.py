"""The plan: for each open path, the form and its revision, what to attach, the evidence that
matters in this case, where to send it, what happens next, and the safety note.

Form titles, revisions, addresses and links come from ``params/federal/relief/*_filing.yaml``
and ``params/il/il8857_filing.yaml``; nothing here is a law value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..money import format_usd
from ..parameters import ParameterError, parameter
from .deadlines import FORM8857_PATHS
from .facts import Facts, TaxYear
from .sources import CITE

if TYPE_CHECKING:
    from .deadlines import Deadline
    from .findings import Finding

OPEN = ("met", "judgment", "unknown")


@dataclass
class PlanItem:
    """One form to send: for which paths and years, why, its revision and where it goes."""

    form: str
    paths: list[str]
    tax_years: list[int]
    why: str
    revision: str | None = None
    url: str | None = None
    instructions_url: str | None = None
    attachments: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    send_to: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    deadline: "Deadline | None" = None
    unverified: bool = False
    citation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "revision": self.revision,
            "url": self.url,
            "instructions_url": self.instructions_url,
            "paths": list(self.paths),
            "tax_years": list(self.tax_years),
            "why": self.why,
            "attachments": list(self.attachments),
            "evidence": list(self.evidence),
            "send_to": list(self.send_to),
            "next_steps": list(self.next_steps),
            "deadline": self.deadline.date.isoformat() if self.deadline and self.deadline.date else None,
            "unverified": self.unverified,
            "citation": self.citation,
        }


@dataclass
class Plan:
    """The forms to send, what to keep safe, and where to read more."""

    items: list[PlanItem]
    safety: list[str]
    links: list[tuple[str, str]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": [item.as_dict() for item in self.items],
            "safety": list(self.safety),
            "links": [{"title": title, "url": url} for title, url in self.links],
        }


def _filing(name: str, on: date) -> tuple[dict[str, Any], str, bool]:
    """A form's filing data in force on ``on`` (or the latest known, for a screening dated earlier)."""
    param = parameter(name)
    try:
        used = param.at(on)
    except ParameterError:
        used = param.values[-1]
    return used.value, used.citation(), used.verified == "U"


# What makes a path concern the person at all. While one of these questions is unanswered, the
# path stays a question on the results page: it is not a form to send (nor a deadline missed).
CONCERNS = {
    "irc6015b": ("understatement",),
    "irc6015c": ("understatement",),
    "irc6015f": ("understatement", "underpayment"),
    "irc66c": ("filed_separately", "residence_state", "community_income_not_reported"),
    "irc66c_equitable": ("filed_separately", "residence_state", "community_income_not_reported"),
    "form8379": ("refund_offset_status",),
    "il8857": ("residence_state", "il_liability"),
    "il_injured_spouse": ("residence_state", "il_refund_offset"),
}


def concerns_you(finding: "Finding") -> bool:
    """Whether an open path is known to concern the person: met, a judgment call, or open only on
    answers other than the ones that say whether it concerns her at all (``CONCERNS``)."""
    if finding.status not in OPEN:
        return False
    asked = CONCERNS.get(finding.id, ())
    return finding.status != "unknown" or not any(question.id in asked for question in finding.missing)


def to_send(findings: list["Finding"], *ids: str) -> list["Finding"]:
    """The findings of these paths whose form is one to send (``concerns_you``)."""
    return [finding for finding in findings if finding.id in ids and concerns_you(finding)]



def _earliest(findings: list["Finding"]) -> "Deadline | None":
    dated = [finding.deadline for finding in findings if finding.deadline is not None]
    return min(dated, key=lambda deadline: deadline.date) if dated else None


def form8857_item(facts: Facts, findings: list["Finding"], as_of: date) -> PlanItem | None:
    relief = to_send(findings, *FORM8857_PATHS)
    if not relief:
        return None
    value, cite, unverified = _filing("federal/relief/form8857_filing", as_of)
    years = sorted({finding.tax_year for finding in relief if finding.tax_year is not None})
    by_year = {}
    for finding in relief:
        by_year.setdefault(finding.tax_year, []).append(finding.title.split(" (")[0].lower())
    asked = "; ".join(f"{year}: {', '.join(names)}" for year, names in sorted(by_year.items()))
    why = f"Ask for {asked}. One form can cover several years; enter the years of the liability (not the year a refund was taken) on line 3."
    item = PlanItem(
        form=value["title"],
        revision=value.get("revision"),
        url=value.get("url"),
        instructions_url=value.get("instructions_url"),
        paths=sorted({finding.id for finding in relief}),
        tax_years=years,
        why=why,
        deadline=_earliest(relief),
        unverified=unverified,
        citation=cite,
    )
    item.attachments = [
        "Complete copies of every document that supports your answers: the Tax Court may review only what the IRS had (IRC 6015(e)(7)), so send it all now.",
        "A copy of any divorce decree, separation agreement or other agreement that says who pays the tax.",
        "Do not attach Form 8857 to a tax return; send it by itself.",
    ]
    item.evidence = evidence_8857(facts, relief)
    mail = ", ".join(value.get("mail_to") or ())
    item.send_to = [f"By mail: {mail} [V2: check the current Form 8857 instructions]"]
    if value.get("private_delivery_to"):
        delivery = ", ".join(value["private_delivery_to"])
        item.send_to.append(f"By private delivery service: {delivery} [V2]")
    if value.get("fax"):
        item.send_to.append(f"By fax: {value['fax']} [V2]")
    appeal_days = parameter("federal/deadlines/form12509_appeal_days").at(as_of).value
    petition_days = parameter("federal/deadlines/tax_court_petition_days").at(as_of).value
    waiting_months = parameter("federal/deadlines/tax_court_no_determination_months").at(as_of).value
    suspension_days = parameter("federal/deadlines/collection_suspension_extra_days").at(as_of).value
    item.next_steps = [
        f"File as soon as you learn of a tax you believe only your spouse should owe; do not wait for a bill or a levy ({CITE['i8857_when']}).",
        f"The IRS must tell your spouse or former spouse about the request; your spouse may send information, appeal a grant, and take part in a Tax Court case ({CITE['irc6015e4']}). See the safety note.",
        "While the request is pending the IRS generally cannot levy or sue to collect the amounts at issue; interest and penalties keep running, and refunds may still be offset.",
        f"The IRS's time to collect is put on hold while the request is pending and for {suspension_days} days after ({CITE['irc6015e2']}): if relief is denied, the IRS has that much longer to collect.",
        f"You get a preliminary determination letter; you have {appeal_days} days to appeal it on Form 12509 (your spouse may appeal a grant).",
        f"A final determination letter follows. A Tax Court petition must be filed within {petition_days} days after it is mailed; the Tax Court treats that limit as one it cannot extend, so a late petition is dismissed whatever the reason ({CITE['frutiger']}). "
        f"If no final letter comes, you may petition at any time once {waiting_months} months have passed since you filed.",
        f"There is no official processing time; expect {waiting_months} months or more [U].",
    ]
    return item


def evidence_8857(facts: Facts, relief: list["Finding"]) -> list[str]:
    evidence: list[str] = []
    years = {finding.tax_year for finding in relief}
    items = [item for year in facts.tax_years if year.year in years for item in (year.items or []) if item.owner == "spouse"]
    if items:
        names = ", ".join(f"'{item.description}'" for item in items)
        evidence.append(
            f"Who knew about {names}: who earned or controlled it, who prepared the return, whether you saw the return before signing, "
            "accounts or statements in your spouse's name only, and what you were told."
        )
    if any(year.liabilities.underpayment for year in facts.tax_years if year.year in years):
        evidence.append("Why you expected your spouse to pay the tax shown: what was said, their income, earlier years when they paid.")
    evidence.append("Who handled the money: which accounts were whose, who paid the bills, whether you could see the statements.")
    evidence.append("Benefit: that you received nothing beyond normal support (no unusual purchases, trips or transfers), or that your spouse kept the benefit.")
    if facts.abuse.abused or facts.abuse.financial_control:
        documents = ", ".join(facts.abuse.documentation) if facts.abuse.documentation else "none listed yet"
        evidence.append(
            "Abuse or financial control: protective orders, police or medical reports, statements from counselors, shelters, clergy or friends, "
            f"and your own written account (documents you have: {documents})."
        )
    status = facts.marriage.status
    if status == "divorced":
        evidence.append("Proof of divorce: the decree (with the date).")
    elif status == "legally_separated":
        evidence.append("Proof of legal separation: the decree of separate maintenance.")
    elif status == "widowed":
        evidence.append("Proof of your spouse's death: the death certificate.")
    elif facts.household.moved_apart_on:
        evidence.append(
            f"Proof you have lived apart since {facts.household.moved_apart_on.isoformat()}: a lease or deed, utility bills, mail, or statements from people who know."
        )
    finances = facts.finances
    if finances.economic_hardship or (finances.monthly_income is not None and finances.monthly_basic_expenses is not None):
        income, expenses, size = finances.monthly_income, finances.monthly_basic_expenses, finances.household_size
        detail = ""  # one whole phrase for each combination, so that it can be translated
        if income is not None and expenses is not None and size:
            detail = f" (you listed {format_usd(income)} income and {format_usd(expenses)} basic expenses a month) for a household of {size}"
        elif income is not None and expenses is not None:
            detail = f" (you listed {format_usd(income)} income and {format_usd(expenses)} basic expenses a month)"
        elif size:
            detail = f" for a household of {size}"
        evidence.append(f"Economic hardship: proof of your monthly income and reasonable basic living expenses{detail}.")
    if any(payment.by == "you" for year in facts.tax_years if year.year in years for payment in (year.payments or [])):
        evidence.append("Payments you made with your own money (for a refund): cancelled checks or bank statements.")
    if facts.you.poor_health:
        evidence.append("Your health when signing or now: medical records or a letter from a provider.")
    return evidence


def form8379_items(facts: Facts, findings: list["Finding"], as_of: date) -> list[PlanItem]:
    open_ = to_send(findings, "form8379")
    if not open_:
        return []
    value, cite, unverified = _filing("federal/relief/form8379_filing", as_of)
    times, times_cite, _ = _filing("federal/relief/processing_times", as_of)
    items = []
    for finding in open_:
        year = next(year for year in facts.tax_years if year.year == finding.tax_year)
        item = PlanItem(
            form=value["title"],
            revision=value.get("revision"),
            url=value.get("url"),
            instructions_url=value.get("instructions_url"),
            paths=["form8379"],
            tax_years=[finding.tax_year] if finding.tax_year else [],
            why=f"{finding.tax_year}: get back your share of the joint refund taken for your spouse's debt (one Form 8379 per year).",
            deadline=finding.deadline,
            unverified=unverified,
            citation=cite,
        )
        alone = year.refund_offset.joint_return_filed_yet is not False
        if alone:
            item.attachments = [
                "All Forms W-2 and W-2G of both spouses, and any Form 1099 showing federal tax withheld.",
                "Do not attach the joint return you already filed; show both social security numbers in the same order as on it.",
            ]
            item.send_to = [value["send_by_itself"]]
            item.next_steps = [f"The IRS usually takes about {times['form8379_by_itself']} weeks when Form 8379 is filed by itself [V2]."]
        else:
            item.attachments = ["Attach Form 8379 to the joint return; on a paper return write 'Injured Spouse' at the top left of page 1."]
            item.send_to = [value["send_with_return"]]
            item.next_steps = [
                f"About {times['form8379_with_efiled_return']} weeks with an e-filed return, {times['form8379_with_paper_return']} weeks on paper [V2]."
            ]
        item.evidence = ["The offset notice (from the Bureau of the Fiscal Service, or from the IRS for a federal tax debt), showing the amount taken and the agency."]
        item.next_steps.extend(form8379_follow_up(year, alone, as_of))
        item.next_steps.append("The IRS divides the refund by each spouse's items and separate tax (IRM 25.18.5); this tool's Form 8379 worksheet estimates your share.")
        if finding.condition("community_property"):
            item.next_steps.append("In a community-property state the IRS applies the state's law; the share returned may be smaller than your own payments.")
        items.append(item)
    return items


def form8379_follow_up(year: "TaxYear", alone: bool, as_of: date) -> list[str]:
    """What to do while Form 8379 is processed: the child support hold, the measured wait, interest, e-file limits."""
    steps: list[str] = []
    measured, _, _ = _filing("federal/relief/form8379_measured_processing_days", as_of)
    steps.append(f"A review by the Treasury Inspector General for Tax Administration found the IRS took {measured} days on average to resolve injured spouse claims [U].")
    if alone:
        days, _, _ = _filing("federal/relief/refund_interest_free_days", as_of)
        steps.append(f"If the IRS takes more than {days} days after it receives your Form 8379 to refund your share, it owes you interest on it ({CITE['irc6611e']}).")
    else:
        excluded, _, _ = _filing("federal/relief/form8379_efile_exclusions", as_of)
        listed = " or ".join(excluded)
        steps.append(
            "Before e-filing the return with Form 8379, check the current IRS e-file rules with your software or preparer: a return with "
            f"{listed} may not be e-filed with Form 8379 [U]; if not, file the return and Form 8379 on paper."
        )
    if year.refund_offset.debt == "child_support":
        months, _, _ = _filing("federal/relief/child_support_offset_hold_months", as_of)
        steps.append(
            f"Call or write the state child support agency named on the offset notice: tell it you are filing Form 8379 and ask it to hold your share. "
            f"For a joint refund it may hold the money for up to {months} months, or until the IRS tells it your share was refunded ({CITE['cfr303_72h5']})."
        )
    return steps


def il8857_items(facts: Facts, findings: list["Finding"], as_of: date) -> list[PlanItem]:
    open_ = to_send(findings, "il8857")
    if not open_:
        return []
    value, cite, unverified = _filing("il/il8857_filing", as_of)
    items = []
    for finding in open_:
        item = PlanItem(
            form="Form IL-8857, Request for Innocent Spouse Relief (Illinois), with its Allocation of Liability Worksheet",
            revision=value.get("form_revision"),
            url=value.get("form_url"),
            paths=["il8857"],
            tax_years=[finding.tax_year] if finding.tax_year else [],
            why=f"{finding.tax_year}: Illinois relief is separate from the federal request; file it even if you file federal Form 8857.",
            attachments=list(value.get("attachments") or ()),
            send_to=[", ".join(value.get("mail_to") or ())],
            evidence=["The same evidence as for Form 8857, plus your Illinois returns and any notices from the Illinois Department of Revenue (IDOR)."],
            next_steps=[
                "Once the Illinois Department of Revenue (IDOR) receives it, collection against you for that year stops during its review.",
                "This tool's IL-8857 worksheet computes the allocation line by line.",
            ],
            deadline=finding.deadline,
            unverified=unverified,
            citation=cite,
        )
        items.append(item)
    return items


def il_injured_items(findings: list["Finding"]) -> list[PlanItem]:
    items = []
    for finding in to_send(findings, "il_injured_spouse"):
        route = finding.condition("route")
        items.append(
            PlanItem(
                form="Illinois: separate return (Form IL-1040, married filing separately) or Form IL-1040-X",
                paths=["il_injured_spouse"],
                tax_years=[finding.tax_year] if finding.tax_year else [],
                why=" ".join(route.reasons) if route else "Illinois has no injured spouse form.",
                url="https://tax.illinois.gov/individuals/filingrequirements.html",
                deadline=finding.deadline,
                citation=CITE["il_injured"],
            )
        )
    return items


def alternative_items(findings: list["Finding"], as_of: date) -> list[PlanItem]:
    items = []
    table = [
        ("cdp_hearing", "federal/relief/form12153_filing", "Ask for a hearing before Appeals; you can raise innocent spouse relief there."),
        ("taxpayer_advocate", "federal/relief/form911_filing", "Ask the Taxpayer Advocate Service for help with hardship, a threatened levy or IRS delay."),
        ("installment_agreement", "federal/relief/form9465_filing", "Pay over time while relief is decided, if you cannot pay in full."),
        ("offer_in_compromise", "federal/relief/form656_filing", "Settle for less than the full amount if you cannot pay; decide after the relief request for the same year."),
        ("representative", "federal/relief/form2848_filing", "Let an attorney, CPA, enrolled agent or a Low Income Taxpayer Clinic act for you."),
    ]
    for finding_id, name, why in table:
        open_ = [f for f in findings if f.id == finding_id and f.status in (("met", "judgment") if finding_id != "representative" else OPEN)]
        if finding_id == "offer_in_compromise":
            open_ = [f for f in open_ if f.condition("balance_owed") and f.condition("balance_owed").status == "met"]
        if not open_:
            continue
        value, cite, unverified = _filing(name, as_of)
        finding = open_[0]
        items.append(
            PlanItem(
                form=value["title"],
                revision=value.get("revision"),
                url=value.get("url"),
                paths=[finding_id],
                tax_years=[],
                why=why,
                send_to=[value["send_to"]] if value.get("send_to") else [],
                deadline=finding.deadline,
                unverified=unverified,
                citation=cite,
            )
        )
    return items


def appeal_item(facts: Facts, deadlines: list["Deadline"], as_of: date) -> PlanItem | None:
    appeal = next((d for d in deadlines if d.id == "form12509_appeal" and d.status == "open"), None)
    if appeal is None:
        return None
    value, cite, unverified = _filing("federal/relief/form12509_filing", as_of)
    return PlanItem(
        form=value["title"],
        url=value.get("url"),
        paths=["irc6015b", "irc6015c", "irc6015f"],
        tax_years=[],
        why="Appeal the preliminary determination if you disagree.",
        send_to=[value["send_to"]],
        deadline=appeal,
        unverified=unverified,
        citation=cite,
        next_steps=["Include every document and explanation you have: the record matters if the case goes to the Tax Court."],
    )


def safety_note(facts: Facts, findings: list["Finding"]) -> list[str]:
    asks_8857 = bool(to_send(findings, *FORM8857_PATHS))
    notes: list[str] = []
    if asks_8857:
        notes.append(
            "By law the IRS must tell your spouse or former spouse that you asked for relief and let them take part; there is no "
            f"exception for abuse. The IRS will not tell them your current name, address, phone numbers or employer ({CITE['notice_other_spouse']})."
        )
    abuse = facts.abuse
    if abuse.abused or abuse.financial_control or abuse.other_spouse_knows_your_address is False:
        notes.extend(
            [
                "If you fear for your safety: use a safe mailing address (a P.O. box, or a trusted person's address) on every form.",
                "Check the documents you attach for your new address, phone number or employer, and black them out where they are not needed [U].",
                "Say on Form 8857 that you were abused and attach what documentation you have; the IRS weighs abuse and financial control in your favor.",
                "A domestic violence advocate (National Domestic Violence Hotline, 1-800-799-7233 [U]) or a Low Income Taxpayer Clinic can help you plan the request.",
            ]
        )
    elif asks_8857:
        notes.append("If anything about contact with your spouse worries you, say so on Form 8857 and use a mailing address you control.")
    return notes


def build_plan(facts: Facts, findings: list["Finding"], deadlines: list["Deadline"], as_of: date) -> Plan:
    items: list[PlanItem] = []
    first = form8857_item(facts, findings, as_of)
    if first:
        items.append(first)
    appeal = appeal_item(facts, deadlines, as_of)
    if appeal:
        items.append(appeal)
    items.extend(form8379_items(facts, findings, as_of))
    items.extend(il8857_items(facts, findings, as_of))
    items.extend(il_injured_items(findings))
    items.extend(alternative_items(findings, as_of))
    links: list[tuple[str, str]] = []
    for item in items:
        if item.url and (item.form, item.url) not in links:
            links.append((item.form, item.url))
    innocent = _filing("federal/relief/form8857_filing", as_of)[0]
    if not any(item.tax_years for item in items):  # no form to file for a year yet: the two forms a joint filer may need
        for name in ("federal/relief/form8857_filing", "federal/relief/form8379_filing"):
            value = _filing(name, as_of)[0]
            if value.get("url") and (value["title"], value["url"]) not in links:
                links.append((value["title"], value["url"]))
    if innocent.get("publication_url") and any(url == innocent.get("url") for _, url in links):
        links.append(("Publication 971, Innocent Spouse Relief", innocent["publication_url"]))
    return Plan(items=items, safety=safety_note(facts, findings), links=links)

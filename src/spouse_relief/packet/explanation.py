"""The explanation drafts: Form 8857 (why you believe you should be relieved) and Form IL-8857
line 17, assembled from the person's answers (the facts) and numbers. The person edits them
before printing; nothing here decides anything."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..money import format_usd


def _money(raw: Any) -> str | None:
    try:
        return format_usd(Decimal(str(raw).replace(",", "").replace("$", "")))
    except (InvalidOperation, ValueError):
        return None


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _facts_sentences(facts: dict[str, Any], spouse: str) -> list[str]:
    sentences: list[str] = []
    marriage = facts.get("marriage") or {}
    status = marriage.get("status")
    when = {"divorced": marriage.get("divorced_on"), "legally_separated": marriage.get("legally_separated_on"), "widowed": marriage.get("widowed_on")}.get(status or "")
    if status == "divorced":
        sentences.append(f"{spouse[:1].upper() + spouse[1:]} and I are divorced" + (f" (since {when})." if when else "."))
    elif status == "legally_separated":
        sentences.append("We are legally separated" + (f" (since {when})." if when else "."))
    elif status == "widowed":
        sentences.append(f"{spouse[:1].upper() + spouse[1:]} has died" + (f" ({when})." if when else "."))
    household = facts.get("household") or {}
    if household.get("moved_apart_on"):
        sentences.append(f"We have not lived in the same household since {household['moved_apart_on']}.")
    abuse = facts.get("abuse") or {}
    if abuse.get("abused") is True:
        sentences.append(f"{spouse[:1].upper() + spouse[1:]} abused me" + (", before I signed the return" if abuse.get("before_signing") else "") + ".")
        if abuse.get("did_not_challenge_for_fear"):
            sentences.append("Because of the abuse, I did not question the return for fear of what would happen.")
        if abuse.get("documentation"):
            sentences.append("I am attaching documentation: " + "; ".join(str(item) for item in abuse["documentation"]) + ".")
    if abuse.get("financial_control") is True:
        sentences.append(f"{spouse[:1].upper() + spouse[1:]} controlled the household money, so I could not question the return or how the tax was paid.")
    for year in facts.get("tax_years") or []:
        if not isinstance(year, dict):
            continue
        label = year.get("year")
        for item in year.get("items") or []:
            if not isinstance(item, dict) or item.get("owner") not in ("spouse", None):
                continue
            what = item.get("description") or "an item"
            amount = _money(item.get("amount")) if item.get("amount") is not None else None
            text = f"For {label}, the understatement comes from {what}" + (f" ({amount})" if amount else "") + f", which was {spouse}'s."
            knew = item.get("you_knew")
            if knew == "no":
                text += " I did not know about it when I signed the return"
                text += (", and I had no reason to know." if item.get("reason_to_know") is False else ".")
            elif knew == "partly" and item.get("known_amount") is not None:
                text += f" When I signed, I knew of only {_money(item['known_amount'])} of it."
            sentences.append(text)
        if year.get("involved_in_finances") is False:
            sentences.append(f"For {label}, I was not involved in the household finances and did not prepare the return.")
        if year.get("significant_benefit") is False:
            sentences.append(f"I did not benefit from the {label} items or the unpaid tax beyond normal support.")
        if year.get("liabilities", {}).get("underpayment") and year.get("knew_spouse_would_not_pay") is False:
            sentences.append(f"When I signed the {label} return, I believed {spouse} would pay the tax shown on it.")
        if year.get("legal_obligation") == "spouse_must_pay":
            sentences.append(f"Our divorce decree or agreement says {spouse} must pay the {label} tax.")
        if year.get("misappropriated_payment"):
            sentences.append(f"{spouse[:1].upper() + spouse[1:]} took money meant to pay the {label} tax.")
    finances = facts.get("finances") or {}
    if finances.get("economic_hardship") is True:
        sentences.append("Paying this tax would leave me unable to pay reasonable basic living expenses.")
    if finances.get("later_years_compliance") == "complied":
        sentences.append("I have filed and paid my taxes in the years since.")
    you = facts.get("you") or {}
    if you.get("poor_health") is True:
        sentences.append("I was in poor health when I signed the return, or I am now.")
    return sentences


def drafts(view) -> dict[str, str]:
    case = view.case
    years = [str(year.tax_year) for year in view.years]
    spouse = case.people.other_spouse.name or "my spouse (or former spouse)"
    opening = f"I am asking for relief from the joint tax liability for {_join(years) or 'the tax year(s) in question'}, from the joint return I filed with {spouse}."
    facts_part = _facts_sentences(case.facts or {}, case.people.other_spouse.name or "my spouse")
    closing = "Please see the attached documents."
    federal = [opening] + facts_part + [closing]
    illinois = [opening.replace("joint tax liability", "joint Illinois income tax liability")] + facts_part
    for year in view.years:
        computed = year.worksheets.get("il8857")
        if computed is not None and computed.ok:
            illinois.append(f"For {year.tax_year}, the Allocation of Liability Worksheet shows: {computed.result.headline}")
    illinois.append(closing)
    return {"form8857": "\n\n".join(federal), "il8857_line17": "\n\n".join(illinois)}

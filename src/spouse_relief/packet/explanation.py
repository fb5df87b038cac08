"""The explanation drafts: Form 8857 (why you believe you should be relieved) and, where Illinois
is involved, Form IL-8857 line 17, assembled from the typed case's facts and the outcome's numbers.
The person edits them before printing; nothing here decides anything."""

from __future__ import annotations

from ..money import format_usd
from ..navigator.facts import Facts


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def facts_sentences(facts: Facts, spouse: str) -> list[str]:
    sentences: list[str] = []
    marriage = facts.marriage
    when = {"divorced": marriage.divorced_on, "legally_separated": marriage.legally_separated_on, "widowed": marriage.widowed_on}.get(marriage.status or "")
    since = f" (since {when.isoformat()})." if when else "."
    if marriage.status == "divorced":
        sentences.append(f"{_capital(spouse)} and I are divorced{since}")
    elif marriage.status == "legally_separated":
        sentences.append(f"We are legally separated{since}")
    elif marriage.status == "widowed":
        sentences.append(f"{_capital(spouse)} has died" + (f" ({when.isoformat()})." if when else "."))
    if facts.household.moved_apart_on:
        sentences.append(f"We have not lived in the same household since {facts.household.moved_apart_on.isoformat()}.")
    abuse = facts.abuse
    if abuse.abused is True:
        sentences.append(f"{_capital(spouse)} abused me" + (", before I signed the return" if abuse.before_signing else "") + ".")
        if abuse.did_not_challenge_for_fear:
            sentences.append("Because of the abuse, I did not question the return for fear of what would happen.")
        if abuse.documentation:
            sentences.append("I am attaching documentation: " + "; ".join(abuse.documentation) + ".")
    if abuse.financial_control is True:
        sentences.append(f"{_capital(spouse)} controlled the household money, so I could not question the return or how the tax was paid.")
    for year in sorted(facts.tax_years, key=lambda entry: entry.year):
        label = year.year
        for item in year.items or []:
            if item.owner not in ("spouse", None):
                continue
            amount = f" ({format_usd(item.amount)})" if item.amount is not None else ""
            text = f"For {label}, the understatement comes from {item.description}{amount}, which was {spouse}'s."
            if item.you_knew == "no":
                text += " I did not know about it when I signed the return"
                text += ", and I had no reason to know." if item.reason_to_know is False else "."
            elif item.you_knew == "partly" and item.known_amount is not None:
                text += f" When I signed, I knew of only {format_usd(item.known_amount)} of it."
            sentences.append(text)
        if year.involved_in_finances is False:
            sentences.append(f"For {label}, I was not involved in the household finances and did not prepare the return.")
        if year.significant_benefit is False:
            sentences.append(f"I did not benefit from the {label} items or the unpaid tax beyond normal support.")
        if year.liabilities.underpayment and year.knew_spouse_would_not_pay is False:
            sentences.append(f"When I signed the {label} return, I believed {spouse} would pay the tax shown on it.")
        if year.legal_obligation == "spouse_must_pay":
            sentences.append(f"Our divorce decree or agreement says {spouse} must pay the {label} tax.")
        if year.misappropriated_payment:
            sentences.append(f"{_capital(spouse)} took money meant to pay the {label} tax.")
    if facts.finances.economic_hardship is True:
        sentences.append("Paying this tax would leave me unable to pay reasonable basic living expenses.")
    if facts.finances.later_years_compliance == "complied":
        sentences.append("I have filed and paid my taxes in the years since.")
    if facts.you.poor_health is True:
        sentences.append("I was in poor health when I signed the return, or I am now.")
    return sentences


def drafts(outcome) -> dict[str, str]:
    """The drafts the outcome calls for: Form 8857 always, IL-8857 line 17 only where Illinois is involved."""
    case = outcome.case
    years = [str(year.tax_year) for year in outcome.years]
    spouse = case.people.other_spouse.name or case.facts.spouse.name or "my spouse (or former spouse)"
    opening = f"I am asking for relief from the joint tax liability for {_join(years) or 'the tax year(s) in question'}, from the joint return I filed with {spouse}."
    facts_part = facts_sentences(case.facts, case.people.other_spouse.name or case.facts.spouse.name or "my spouse")
    closing = "Please see the attached documents."
    found = {"form8857": "\n\n".join([opening] + facts_part + [closing])}
    if outcome.illinois:
        illinois = [opening.replace("joint tax liability", "joint Illinois income tax liability")] + facts_part
        for year in outcome.years:
            computed = year.worksheets.get("il8857")
            if computed is not None and computed.ok:
                illinois.append(f"For {year.tax_year}, the Allocation of Liability Worksheet shows: {computed.headline}")
        found["il8857_line17"] = "\n\n".join(illinois + [closing])
    return found

"""Beside or instead of relief: installment agreement, offer in compromise, currently not collectible,
Taxpayer Advocate (Form 911), collection due process hearing (Form 12153), a representative (Form 2848).

Each is a case-level finding (``tax_year`` None) with its conditions as far as the sources give
them; most are the IRS's decision (``judgment``), and most sources are secondary (V2) or
unverified (U), which the output says.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ...dates import add_months
from ...money import format_usd
from ..deadlines import Deadline, cdp_levy, cdp_lien, cdp_tax_court, collection_period
from ..facts import Facts
from ..findings import Condition, Finding, Question
from ..sources import CITE
from .common import YearContext, param

IDS = (
    "installment_agreement",
    "offer_in_compromise",
    "currently_not_collectible",
    "taxpayer_advocate",
    "cdp_hearing",
    "representative",
)


def _collection_ended(ctx: YearContext) -> Deadline | None:
    """The year's collection period, when it is known to have ended (IRC 6502): that balance can no longer be collected."""
    year = ctx.year
    if year.collection_period_ends is None and year.assessed_on is None:
        return None
    period = collection_period(year, ctx.index, ctx.as_of)
    return period if period.status == "missed" else None


def _balance(contexts: list[YearContext]) -> tuple[Decimal, list[Question], bool]:
    """Total still collectible, questions for years that may owe but give no balance, and whether any balance is known.

    A balance whose collection period has ended is left out: the IRS can no longer collect it."""
    total = Decimal("0")
    missing: list[Question] = []
    known = False
    for ctx in contexts:
        year = ctx.year
        if year.balance_due is not None:
            known = True
            if _collection_ended(ctx) is None:
                total += year.balance_due
        elif year.liabilities.understatement or year.liabilities.underpayment:
            missing.append(ctx.ask("balance_due", "balance_due"))
    return total, missing, known


def balance_owed(contexts: list[YearContext]) -> Condition:
    total, missing, known = _balance(contexts)
    label = "A balance is owed that the IRS can still collect"
    cite = [CITE["installment"]]
    ended = [(ctx, period) for ctx in contexts if ctx.year.balance_due and (period := _collection_ended(ctx)) is not None]
    closed = [
        f"The collection period for {ctx.year.year} ended {period.date.isoformat()}: the IRS can no longer collect "
        f"that balance ({format_usd(ctx.year.balance_due)}), so no payment plan, offer or hardship status is needed for it."
        for ctx, period in ended
        if period.date is not None
    ]
    if closed:
        cite = cite + [CITE["irc6502"]]
    if total > 0:
        return Condition("balance_owed", label, "met", [f"{format_usd(total)} is owed in all (as listed)."] + closed, cite)
    if missing:
        return Condition("balance_owed", label, "unknown", ["The amount owed is not given."] + closed, cite, missing)
    return Condition("balance_owed", label, "not_met", closed or ["No balance is owed."], cite)


def hardship_answer(facts: Facts) -> bool | None:
    finances = facts.finances
    if finances.economic_hardship is not None:
        return finances.economic_hardship
    if finances.monthly_income is not None and finances.monthly_basic_expenses is not None:
        return finances.monthly_income <= finances.monthly_basic_expenses
    return None


def _tax_alone(contexts: list[YearContext], limit: Decimal) -> tuple[str, Decimal] | None:
    """The tax owed without interest and penalties (IRC 6159(c)(1)), when it is known to be within ``limit``.

    The balance includes interest and penalties, so a balance within the limit means the tax alone is too."""
    total = Decimal("0")
    from_balance = True
    for ctx in contexts:
        year = ctx.year
        if _collection_ended(ctx) is not None:
            continue
        if year.tax_due_without_penalties_and_interest is not None:
            total += year.tax_due_without_penalties_and_interest
            from_balance = False
        elif year.balance_due is not None:
            total += year.balance_due
    if total > limit:
        return None
    words = f"at most {format_usd(total)}, the balance with them" if from_balance else format_usd(total)
    return words, total


def installment_agreement(facts: Facts, contexts: list[YearContext], as_of: date) -> Finding:
    finances = facts.finances
    conditions = [balance_owed(contexts)]
    cite = [CITE["installment"]]
    if finances.can_pay_in_full is True:
        conditions.append(Condition("cannot_pay_in_full", "You cannot pay in full now", "not_met", ["You can pay in full; paying stops interest and penalties."], cite))
    elif finances.can_pay_in_full is False:
        conditions.append(Condition("cannot_pay_in_full", "You cannot pay in full now", "met", ["You cannot pay the balance in full now."], cite))
    else:
        conditions.append(Condition("cannot_pay_in_full", "You cannot pay in full now", "unknown", ["Not answered."], cite, [Question.ask("can_pay_in_full", "finances.can_pay_in_full")]))
    total, _, known = _balance(contexts)
    limits, limits_cite, _ = param("federal/relief/installment_agreement_limits", as_of)
    terms, terms_cite, _ = param("federal/relief/installment_agreement_terms", as_of)
    cite_kind = cite + [limits_cite, terms_cite]
    label = "Which kind of agreement the balance allows"
    if not known:
        _, balance_missing, _ = _balance(contexts)
        conditions.append(Condition("kind", label, "unknown", ["The kind of agreement depends on the amount owed."], cite_kind, balance_missing or [Question.ask("balance_due", "tax_years.0.balance_due")]))
    elif finances.filed_and_paid_last_five_years and finances.installment_agreement_last_five_years is False and (
        guaranteed := _tax_alone(contexts, limits["guaranteed_max_tax"])
    ) is not None:
        tax_words, tax_alone = guaranteed
        conditions.append(
            Condition(
                "kind", label, "met",
                [
                    f"Guaranteed agreement: the tax owed without interest and penalties ({tax_words}) is at most "
                    f"{format_usd(limits['guaranteed_max_tax'])}, you (and your spouse, for a joint return) filed and paid for the last "
                    f"{terms['compliance_lookback_years']} years with no agreement, and it is paid within {terms['guaranteed_payoff_years']} years: the IRS must accept."
                ],
                cite_kind + [CITE["irc6159c"]],
            )
        )
    elif total <= limits["streamlined_max_balance"]:
        reasons = [f"Streamlined agreement: a balance up to {format_usd(limits['streamlined_max_balance'])} paid within {terms['streamlined_payoff_months']} months needs no financial statement (apply online)."]
        asked: list[Question] = []
        unsplit = [ctx for ctx in contexts if ctx.year.balance_due and ctx.year.tax_due_without_penalties_and_interest is None and _collection_ended(ctx) is None]
        if finances.filed_and_paid_last_five_years and finances.installment_agreement_last_five_years is False and unsplit:
            reasons.append(
                f"If the tax alone, without interest and penalties, is at most {format_usd(limits['guaranteed_max_tax'])}, the IRS must accept "
                "a guaranteed agreement (IRC 6159(c)(1)); the balance listed includes interest and penalties."
            )
            asked = [ctx.ask("tax_due_without_penalties_and_interest", "tax_due_without_penalties_and_interest") for ctx in unsplit]
        conditions.append(Condition("kind", label, "met", reasons, cite_kind, asked))
    else:
        conditions.append(Condition("kind", label, "judgment", [f"The balance is over {format_usd(limits['streamlined_max_balance'])}: the IRS asks for a financial statement and decides."], cite_kind))
    finding = Finding("installment_agreement", "Installment agreement (Form 9465 or online)", None, conditions)
    finding.notes.append("A payment plan does not give up relief: ask for relief on Form 8857 as well. Interest and penalties keep running; user fees change (check IRS.gov) [V2].")
    return finding


def offer_in_compromise(facts: Facts, contexts: list[YearContext], as_of: date) -> Finding:
    fee, fee_cite, _ = param("federal/relief/offer_in_compromise_fee", as_of)
    terms, terms_cite, _ = param("federal/relief/offer_in_compromise_terms", as_of)
    conditions = [
        balance_owed(contexts),
        Condition(
            "decided_by_irs",
            "The IRS accepts an offer it judges to be the most it can expect to collect",
            "judgment",
            [
                f"The IRS decides on your ability to pay, income, expenses and assets. Application fee {format_usd(fee)} (none for a "  # type: ignore[arg-type]
                f"low-income certification or a doubt-as-to-liability offer); a lump-sum offer sends {terms['lump_sum_payment_rate']} with "
                f"the application; an offer not decided within {terms['deemed_acceptance_years']} years is deemed accepted."
            ],
            [CITE["oic"], fee_cite, terms_cite],
        ),
        Condition(
            "relief_first",
            "Ask for relief before an offer covering the same year",
            "judgment",
            ["An offer in compromise you enter into for a year bars Form 8857 for that year: request innocent spouse relief first, or decide with help."],
            [CITE["oic_bar"]],
        ),
    ]
    return Finding("offer_in_compromise", "Offer in compromise (Form 656)", None, conditions)


def currently_not_collectible(facts: Facts, contexts: list[YearContext], as_of: date) -> Finding:
    hardship = hardship_answer(facts)
    cite = [CITE["cnc"]]
    conditions = [balance_owed(contexts)]
    label = "Paying would keep you from meeting basic living expenses"
    if hardship is True:
        conditions.append(Condition("hardship", label, "judgment", ["You report economic hardship: the IRS may put the account in hardship status after reviewing your finances [U]."], cite, unverified=True))
    elif hardship is False:
        conditions.append(Condition("hardship", label, "not_met", ["You report no economic hardship."], cite, unverified=True))
    else:
        conditions.append(Condition("hardship", label, "unknown", ["Not answered."], cite, [Question.ask("economic_hardship", "finances.economic_hardship")], True))
    finding = Finding("currently_not_collectible", "Currently not collectible (hardship status)", None, conditions)
    finding.notes.append("Collection stops, but the collection period keeps running, interest and penalties accrue, refunds can still be offset and a lien may be filed [U].")
    return finding


def taxpayer_advocate(facts: Facts, contexts: list[YearContext], as_of: date) -> Finding:
    reasons, missing = [], []
    hardship = hardship_answer(facts)
    if hardship:
        reasons.append("You face economic hardship.")
    elif hardship is None:
        missing.append(Question.ask("economic_hardship", "finances.economic_hardship"))
    threats = [
        f"levy notice on {event.on.isoformat()}" if event.kind == "levy_notice" else f"levy on {event.on.isoformat()}"
        for ctx in contexts
        for event in (ctx.year.collection or [])
        if event.kind in ("levy_notice", "levy") and event.against != "spouse"
    ]
    if threats:
        listed = "; ".join(threats)
        reasons.append(f"The IRS threatens or takes adverse action: {listed}.")
    filed = facts.form8857.filed_on
    if filed and facts.form8857.final_determination_on is None:
        months, _, _ = param("federal/deadlines/tax_court_no_determination_months", filed)
        if as_of >= add_months(filed, int(months)):  # type: ignore[arg-type]
            reasons.append(f"Your Form 8857 (filed {filed.isoformat()}) has waited more than {months} months without a final determination.")
    cite = [CITE["form911"]]
    label = "Significant hardship, an immediate threat of adverse action, or IRS delay"
    if reasons:
        condition = Condition("criteria", label, "met", reasons, cite)
    elif missing:
        condition = Condition("criteria", label, "unknown", ["The usual criteria are hardship, a threat of adverse action, or IRS delay."], cite, missing)
    else:
        condition = Condition("criteria", label, "not_met", ["None of the usual criteria (hardship, a threat of adverse action, IRS delay beyond normal times) is shown."], cite)
    finding = Finding("taxpayer_advocate", "Taxpayer Advocate Service (Form 911)", None, [condition])
    phone, _, _ = param("federal/relief/taxpayer_advocate_contact", as_of)
    finding.notes.append(f"Taxpayer Advocate Service: {phone} [U], or the local office in your state. It usually does not take injured spouse refund cases.")
    return finding


def cdp_hearing(facts: Facts, contexts: list[YearContext], as_of: date) -> tuple[Finding, list[Deadline]]:
    deadlines: list[Deadline] = []
    reasons: list[str] = []
    unanswered = [ctx for ctx in contexts if ctx.year.collection is None]
    for ctx in contexts:
        for event in ctx.year.collection or []:
            if event.against == "spouse":
                continue
            if event.kind == "levy_notice":
                found = cdp_levy(event, ctx.year.year, as_of)
            elif event.kind == "lien_notice":
                found = cdp_lien(event, ctx.year.year, as_of)
            else:
                continue
            deadlines.extend(found)
            hearing, equivalent = found
            if hearing.status == "open":
                if event.kind == "levy_notice":
                    reasons.append(f"{ctx.year.year}: request a CDP hearing on Form 12153 by {hearing.date.isoformat()} (levy notice of {event.on.isoformat()}).")
                else:
                    reasons.append(f"{ctx.year.year}: request a CDP hearing on Form 12153 by {hearing.date.isoformat()} (lien notice of {event.on.isoformat()}).")
            elif equivalent.status == "open":
                reasons.append(f"{ctx.year.year}: the CDP deadline passed on {hearing.date.isoformat()}; an equivalent hearing can still be requested by {equivalent.date.isoformat()} (no Tax Court review).")
            else:
                reasons.append(f"{ctx.year.year}: the hearing deadlines for the notice of {event.on.isoformat()} have passed.")
        determination = ctx.year.first_letter("cdp_notice_of_determination")
        if determination is not None:
            court = cdp_tax_court(determination.on, ctx.year.year, as_of)
            deadlines.append(court)
            reasons.append(f"{ctx.year.year}: petition the Tax Court about the CDP determination by {court.date.isoformat()}.")
    cite = [CITE["irc6330"], CITE["irc6320"], CITE["cdp_spousal"]]
    label = "A lien or levy notice gives the right to a hearing"
    open_ = any(d.status == "open" for d in deadlines)
    if reasons:
        condition = Condition("notice", label, "met" if open_ else "not_met", reasons, cite)
    elif unanswered:
        condition = Condition("notice", label, "unknown", ["No lien or levy notice is listed for some years."], cite, [ctx.ask("collection", "collection") for ctx in unanswered])
    else:
        condition = Condition("notice", label, "not_met", ["No lien or levy notice is listed."], cite)
    finding = Finding("cdp_hearing", "Collection due process hearing (Form 12153)", None, [condition], deadlines=deadlines)
    finding.notes.append(
        "In a CDP hearing you can raise innocent spouse relief (IRC 6330(c)(2)(A)); a timely request stops most levies and suspends the collection period."
    )
    return finding, deadlines


def representative(facts: Facts, as_of: date) -> Finding:
    reasons = [
        "You can authorize an attorney, CPA or enrolled agent to act for you on Form 2848; a Low Income Taxpayer Clinic helps for free or a small fee.",
        "For a joint-return matter each spouse signs a separate Form 2848 (Form 8821 only lets someone see information).",
    ]
    if facts.abuse.abused:
        reasons.append("With abuse in the picture, a representative can deal with the IRS for you.")
    condition = Condition("available", "A representative may act for you", "met", reasons, [CITE["form2848"]], unverified=True)
    return Finding("representative", "Representative (Form 2848)", None, [condition])


def screen(facts: Facts, contexts: list[YearContext], as_of: date) -> tuple[list[Finding], list[Deadline]]:
    cdp, deadlines = cdp_hearing(facts, contexts, as_of)
    findings = [
        installment_agreement(facts, contexts, as_of),
        offer_in_compromise(facts, contexts, as_of),
        currently_not_collectible(facts, contexts, as_of),
        taxpayer_advocate(facts, contexts, as_of),
        cdp,
        representative(facts, as_of),
    ]
    return findings, deadlines

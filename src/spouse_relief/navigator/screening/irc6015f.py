"""Equitable relief, IRC 6015(f), under Rev. Proc. 2013-34.

Seven threshold conditions (section 4.01), then the streamlined determination (section 4.02:
no longer married, economic hardship, no knowledge - all three and the IRS grants relief), and
otherwise the factors of section 4.03(2), each shown as favoring, neutral or against. The tool
does not decide a judgment call. Underpayments (tax shown on the return but not paid) are
reachable only here.
"""

from __future__ import annotations

from decimal import Decimal

from ...money import format_usd
from ..deadlines import Deadline, refund_lookback
from ..findings import Condition, Factor, Finding, Question
from ..sources import CITE
from .common import (
    NO_LONGER_MARRIED,
    YearContext,
    abuse_exception,
    abuse_kept_from_challenging,
    abuse_or_control,
    abuse_questions,
    describe_item,
    factor,
    from_bars,
    household_test,
    joint_return,
    no_fraudulent_scheme,
    param,
    poverty_line,
    tax_covered,
)

ID = "irc6015f"
TITLE = "Equitable relief (IRC 6015(f), Rev. Proc. 2013-34)"
REFUNDABLE_SOURCES = ("separate", "installment_agreement", "levy", "offset_of_your_refund")


def _kinds(ctx: YearContext) -> tuple[bool | None, bool | None]:
    liabilities = ctx.year.liabilities
    return liabilities.understatement, liabilities.underpayment


def liability_exists(ctx: YearContext) -> Condition:
    understatement, underpayment = _kinds(ctx)
    label = "There is an understatement or an unpaid tax to be relieved"
    cite = [CITE["underpayment"]]
    if understatement and underpayment:
        return Condition("liability", label, "met", ["There is tax missing from the return and tax shown but not paid; equitable relief reaches both."], cite)
    if understatement:
        return Condition("liability", label, "met", ["There is tax missing from the return; equitable relief reaches both."], cite)
    if underpayment:
        return Condition("liability", label, "met", ["There is tax shown but not paid; equitable relief reaches both."], cite)
    if understatement is False and underpayment is False:
        return Condition("liability", label, "not_met", [f"No understatement or unpaid tax is listed for {ctx.year.year}."], cite)
    missing = []
    if understatement is None:
        missing.append(ctx.ask("understatement", "liabilities.understatement"))
    if underpayment is None:
        missing.append(ctx.ask("underpayment", "liabilities.underpayment"))
    return Condition("liability", label, "unknown", ["It is not said whether tax is missing from the return or unpaid."], cite, missing)


def not_available_under_bc(ctx: YearContext, b: Finding, c: Finding) -> Condition:
    label = "Relief is not available under IRC 6015(b) or (c) (threshold 2)"
    cite = [CITE["rp_threshold"]]
    understatement, underpayment = _kinds(ctx)
    if underpayment and not understatement:
        return Condition("not_available_bc", label, "met", ["An unpaid tax shown on the return is outside (b) and (c); only equitable relief reaches it."], cite)
    if c.status == "met":
        return Condition(
            "not_available_bc", label, "judgment",
            ["Separation of liability looks available; equitable relief is considered only for what (b) and (c) do not relieve."],
            cite,
        )
    reasons = ["Equitable relief is considered for whatever (b) and (c) do not relieve; ask for all of them on one Form 8857."]
    if underpayment:
        reasons.append("The unpaid tax shown on the return can be relieved only here.")
    return Condition("not_available_bc", label, "met", reasons, cite)


def timely(ctx: YearContext, unpaid: Deadline | None, refund: Deadline | None) -> Condition:
    """Threshold 3: the collection period for unpaid tax; the refund period for tax paid (IRC 6015(f)(2)).

    Each part is timely on its own: once the collection period has ended the unpaid tax can no longer be
    collected, but a request for a refund of tax paid is still timely within the refund period (6015(f)(2)(B))."""
    year = ctx.year
    label = "The request is timely (collection period for unpaid tax; refund period for paid tax)"
    cite = [CITE["irc6015f2"]]
    reasons: list[str] = []
    missing: list[Question] = []
    has_unpaid = year.balance_due is None or year.balance_due > 0
    unpaid_part = "none"  # none | open | unknown | closed
    if has_unpaid:
        if unpaid is None:
            unpaid_part = "open"
            reasons.append("The tax has not been assessed yet, so the collection period has not begun: a request now is on time.")
        elif unpaid.status == "unknown":
            unpaid_part = "unknown"
            missing.extend(unpaid.missing)
            reasons.append("The collection-period end depends on the assessment date.")
        elif unpaid.status == "missed" or (unpaid.date and ctx.request_date > unpaid.date):
            unpaid_part = "closed"
            reasons.append(
                f"The collection period ended {unpaid.date.isoformat()}: the IRS can no longer collect the unpaid tax "
                "(unless the period was extended or suspended), so there is nothing left to relieve for it."
            )
        else:
            unpaid_part = "open"
            reasons.append(f"For the unpaid tax, a request by {unpaid.date.isoformat()} (end of the collection period) is on time.")
    refund_part = "none"  # none | open | closed
    if refund is not None:
        if refund.status == "missed" or (refund.date and ctx.request_date > refund.date):
            refund_part = "closed"
            reasons.append(f"For tax already paid, the refund period ended {refund.date.isoformat()}: those payments cannot be refunded.")
        elif refund.date:
            refund_part = "open"
            own = " This part is timely on its own (IRC 6015(f)(2)(B))." if unpaid_part == "closed" else ""
            reasons.append(f"For tax already paid, a request by {refund.date.isoformat()} keeps a refund possible.{own}")
            missing.extend(q for q in refund.missing if q not in missing)
    elif not has_unpaid:
        reasons.append("Everything is paid and no payment is listed; list the payments to see whether a refund is still possible.")
        missing.append(ctx.ask("payments", "payments"))
        return Condition("timely", label, "unknown", reasons, cite, missing)
    if unpaid_part == "open" or refund_part == "open":
        status = "met"
    elif unpaid_part == "unknown":
        status = "unknown"
    else:
        status = "not_met"
    return Condition("timely", label, status, reasons, cite, missing)  # type: ignore[arg-type]


def disqualified_assets(ctx: YearContext) -> Condition:
    """Threshold 5: relief only to the extent the liability exceeds the value of disqualified assets your spouse transferred to you."""
    label = "No disqualified assets transferred to you, or the liability exceeds their value (threshold 5)"
    cite = [CITE["rp_threshold_u"]]
    year = ctx.year
    transfers = year.asset_transfers
    if transfers is None:
        return Condition("disqualified_assets", label, "unknown", ["Transfers of property from your spouse to you are not listed."], cite, [ctx.ask("asset_transfers", "asset_transfers")], True)
    counted = [(i, t) for i, t in enumerate(transfers) if not t.under_divorce_decree and not t.principal_purpose_not_tax_avoidance]
    if not counted:
        return Condition("disqualified_assets", label, "met", ["No transfer from your spouse to you is presumed made to avoid tax."], cite, unverified=True)
    unvalued = [ctx.ask("asset_transfer_value", f"asset_transfers.{i}.value", f"{year.year}: {t.description or f'transfer {i + 1}'}") for i, t in counted if t.value is None]
    total = sum((t.value for _, t in counted if t.value is not None), Decimal("0"))
    liability, what = (year.balance_due, "the amount owed") if year.balance_due is not None else (year.deficiency_amount, "the deficiency")
    if unvalued or liability is None:
        missing = unvalued + ([] if liability is not None else [ctx.ask("balance_due", "balance_due")])
        return Condition(
            "disqualified_assets", label, "unknown",
            [f"Your spouse transferred property to you ({format_usd(total)} valued so far): relief reaches only the part of the liability above the value of disqualified assets."],
            cite, missing, True,
        )
    if total >= liability:
        return Condition(
            "disqualified_assets", label, "not_met",
            [f"The transfers from your spouse ({format_usd(total)}) are at least {what} ({format_usd(liability)}): nothing is left for equitable relief to reach."],
            cite, unverified=True,
        )
    return Condition(
        "disqualified_assets", label, "met",
        [f"Your spouse transferred property to you ({format_usd(total)}): relief can reach only {format_usd(liability - total)}, the part of {what} ({format_usd(liability)}) above that value."],
        cite, unverified=True,
    )


def no_fraudulent_return(ctx: YearContext) -> Condition:
    value = ctx.year.knowingly_filed_fraudulent_return
    label = "You did not knowingly take part in filing a fraudulent joint return (threshold 6)"
    cite = [CITE["rp_threshold_u"]]
    if value is None:
        return Condition("no_fraudulent_return", label, "unknown", ["Not yet answered."], cite, [ctx.ask("knowingly_filed_fraudulent_return", "knowingly_filed_fraudulent_return")], True)
    if value:
        return Condition("no_fraudulent_return", label, "not_met", ["You knowingly took part in filing a fraudulent joint return: no equitable relief."], cite, unverified=True)
    return Condition("no_fraudulent_return", label, "met", ["You did not knowingly take part in filing a fraudulent return."], cite, unverified=True)


def _exceptions(ctx: YearContext) -> list[str]:
    year = ctx.year
    found = []
    items = year.items or []
    if any(item.yours_only_by_community_property_law for item in items):
        found.append("an item is yours only because of community property law")
    if any(item.titled_to_you_but_spouses for item in items):
        found.append("an item is in your name but belongs to your spouse (nominal ownership)")
    if year.misappropriated_payment:
        found.append("your spouse took money meant to pay the tax (misappropriation)")
    if abuse_exception(ctx):
        found.append("you were abused before signing and, for fear of retaliation, could not challenge the items")
    if year.spouse_fraud_caused_it:
        found.append("your spouse's fraud caused it")
    return found


def attributable_to_spouse(ctx: YearContext) -> Condition:
    """Threshold 7: the liability comes (at least partly) from your spouse's items or income, or an exception applies."""
    year = ctx.year
    label = "The liability comes from your spouse's item or income, or an exception applies (threshold 7)"
    cite = [CITE["rp_threshold"], CITE["rp_exceptions"]]
    understatement, underpayment = _kinds(ctx)
    exceptions = _exceptions(ctx)
    sources_found: list[str] = []
    missing: list[Question] = []
    yours_only = False
    if understatement:
        spouse = ctx.spouse_items()
        if spouse:
            named = ", ".join(describe_item(item) for _, item in spouse)
            sources_found.append(f"the understatement comes from your spouse's items ({named})")
        elif year.items and all(item.owner == "you" for item in year.items):
            yours_only = True
        else:
            missing.append(ctx.ask("items", "items"))
    if underpayment:
        if year.underpayment_caused_by in ("spouse", "both", "joint"):
            extra = " (relief is considered for your spouse's part)" if year.underpayment_caused_by != "spouse" else ""
            sources_found.append(f"the unpaid tax comes from your spouse's income{extra}")
        elif year.underpayment_caused_by == "you":
            yours_only = True
        else:
            missing.append(ctx.ask("underpayment_caused_by", "underpayment_caused_by"))
    if sources_found:
        found = "; ".join(sources_found)
        return Condition("attributable_to_spouse", label, "met", [f"Met: {found}."], cite)
    if exceptions:
        because = "; ".join(exceptions)
        return Condition("attributable_to_spouse", label, "met", [f"Your own items can be considered because {because}."], cite)
    if yours_only and ctx.facts.abuse.abused and abuse_exception(ctx) is None:
        return Condition(
            "attributable_to_spouse", label, "unknown",
            ["The tax comes from your own items or income; the abuse exception applies only if the abuse came before you signed "
             "and, because of it, you could not challenge the items for fear of retaliation (Rev. Proc. 2013-34 section 4.01(7)(d))."],
            cite + [CITE["rp_abuse_exception"]], abuse_questions(ctx, before_signing=True),
        )
    if missing:
        return Condition("attributable_to_spouse", label, "unknown", ["It is not said whose items or income produced the tax."], cite, missing)
    if yours_only:
        return Condition(
            "attributable_to_spouse", label, "not_met",
            ["The tax comes from your own items or income and none of the exceptions (community property, nominal ownership, misappropriation, abuse, your spouse's fraud) applies."],
            cite,
        )
    return Condition("attributable_to_spouse", label, "unknown", ["It is not said whose items or income produced the tax."], cite, [ctx.ask("items", "items")])


# ---- streamlined elements and factors -------------------------------------------------------


def hardship_factor(ctx: YearContext) -> Factor:
    """Rev. Proc. 2013-34 section 4.03(2)(b): the direct answer, else income against 250% of the HHS poverty
    guidelines (hardship unless there are assets to pay from), else the monthly margin over basic expenses."""
    finances = ctx.facts.finances
    cite = CITE["rp_hardship"]
    label = "(b) Economic hardship"
    if finances.economic_hardship is True:
        return factor("economic_hardship", label, "favoring", "Paying would leave you unable to meet reasonable basic living expenses.", cite)
    if finances.economic_hardship is False:
        return factor("economic_hardship", label, "neutral", "You could pay and still meet basic living expenses; under Rev. Proc. 2013-34 that is neutral [U].", cite, unverified=True)
    if finances.monthly_income is None:
        return factor("economic_hardship", label, "unknown", "Not answered.", cite, [Question.ask("economic_hardship", "finances.economic_hardship")])
    prefix: list[str] = []
    cites = [cite]
    missing: list[Question] = []
    if finances.household_size is not None:
        line = poverty_line(finances.household_size, ctx.facts.you.state, ctx.request_date)
        cites.extend(line.citations)
        yearly = finances.monthly_income * 12
        percent = f"{line.multiple * 100:.0f}%"
        if yearly <= line.limit:
            measured = (
                f"Your yearly income ({format_usd(finances.monthly_income)} a month, {format_usd(yearly)} a year) is at or below "
                f"{percent} of the {line.year} HHS poverty guideline for a household of {finances.household_size} in {line.region} "
                f"({format_usd(line.guideline)}), that is {format_usd(line.limit)}"
            )
        else:
            measured = (
                f"Your yearly income ({format_usd(finances.monthly_income)} a month, {format_usd(yearly)} a year) is above "
                f"{percent} of the {line.year} HHS poverty guideline for a household of {finances.household_size} in {line.region} "
                f"({format_usd(line.guideline)}), that is {format_usd(line.limit)}"
            )
        stale = f" The guidelines after {line.year} are not in the law data; newer ones are higher [U]." if line.stale else ""
        if yearly <= line.limit:
            if finances.assets_to_pay_from is True:
                return factor("economic_hardship", label, "neutral", f"{measured}, but you have assets you could pay from and still meet basic living expenses [U].{stale}", "; ".join(cites), unverified=True)
            if finances.assets_to_pay_from is False:
                return factor("economic_hardship", label, "favoring", f"{measured}, and you have no assets to pay from: under Rev. Proc. 2013-34 that is economic hardship [U].{stale}", "; ".join(cites), unverified=True)
            return factor(
                "economic_hardship", label, "unknown",
                f"{measured}: that is economic hardship unless you have assets you could pay from [U].{stale}",
                "; ".join(cites), [Question.ask("assets_to_pay_from", "finances.assets_to_pay_from")], True,
            )
        prefix.append(f"{measured}.{stale}")
    if finances.monthly_basic_expenses is not None:
        surplus = finances.monthly_income - finances.monthly_basic_expenses
        margin, margin_cite, _ = param("federal/relief/economic_hardship_monthly_margin", ctx.request_date)
        cites.append(margin_cite)
        cited = "; ".join(cites)
        if finances.assets_to_pay_from and surplus <= margin:  # type: ignore[operator]
            return factor("economic_hardship", label, "neutral", " ".join(prefix + [f"Your income exceeds basic living expenses by {format_usd(surplus)} a month at most, but you have assets to pay from [U]."]), cited, unverified=True)
        if surplus <= 0:
            return factor("economic_hardship", label, "favoring", " ".join(prefix + [f"Your monthly income ({format_usd(finances.monthly_income)}) does not cover your basic living expenses ({format_usd(finances.monthly_basic_expenses)})."]), cited)
        if surplus <= margin:  # type: ignore[operator]
            reason = (
                f"Your income exceeds basic living expenses by {format_usd(surplus)} a month, not more than {format_usd(margin)}: "  # type: ignore[arg-type]
                "under Rev. Proc. 2013-34 that may be hardship, considering your assets [U]."
            )
            return factor("economic_hardship", label, "favoring", " ".join(prefix + [reason]), cited, unverified=True)
        if finances.household_size is None:
            missing.append(Question.ask("household_size", "finances.household_size"))
        reason = f"Your income exceeds basic living expenses by {format_usd(surplus)} a month."
        if missing:
            return factor("economic_hardship", label, "unknown", " ".join(prefix + [reason, "Income at or below the poverty-guideline limit for your household would still count as hardship."]), cited, missing, True)
        return factor("economic_hardship", label, "neutral", " ".join(prefix + [reason]), cited, unverified=True)
    missing.append(Question.ask("economic_hardship", "finances.economic_hardship"))
    if finances.household_size is None:
        missing.append(Question.ask("household_size", "finances.household_size"))
    return factor("economic_hardship", label, "unknown", " ".join(prefix) or "Not answered.", "; ".join(cites), missing, bool(prefix))


def knowledge_factor(ctx: YearContext) -> Factor:
    year = ctx.year
    label = "(c) Knowledge or reason to know"
    cite = CITE["rp_factors"]
    understatement, underpayment = _kinds(ctx)
    kept = abuse_kept_from_challenging(ctx)
    if kept:
        return factor(
            "knowledge", label, "favoring",
            "Because of abuse or your spouse's control of the money you could not challenge the return or question the payment "
            "for fear of retaliation: the knowledge factor favors relief even if you knew.",
            CITE["rp_abuse"],
        )
    weights: list[str] = []
    reasons: list[str] = []
    missing: list[Question] = []
    if understatement:
        spouse = ctx.spouse_items()
        if not spouse:
            missing.append(ctx.ask("items", "items"))
        for i, item in spouse:
            about = f"{year.year}: {item.description}"
            if item.you_knew in ("yes", "partly") or item.reason_to_know:
                weights.append("against")
                reasons.append(f"You knew or had reason to know of {describe_item(item)}.")
            elif item.you_knew == "no" and item.reason_to_know is False:
                weights.append("favoring")
                reasons.append(f"You did not know and had no reason to know of {describe_item(item)}.")
            else:
                weights.append("unknown")
                field = "you_knew" if item.you_knew is None else "reason_to_know"
                missing.append(ctx.ask("item_you_knew" if item.you_knew is None else "item_reason_to_know", f"items.{i}.{field}", about))
    if underpayment:
        if year.knew_spouse_would_not_pay is True:
            weights.append("against")
            reasons.append("When signing you knew or had reason to know your spouse would not or could not pay the tax shown.")
        elif year.knew_spouse_would_not_pay is False or year.expected_spouse_to_pay:
            weights.append("favoring")
            reasons.append("When signing you reasonably expected your spouse to pay the tax shown.")
        else:
            weights.append("unknown")
            missing.append(ctx.ask("knew_spouse_would_not_pay", "knew_spouse_would_not_pay"))
    if kept is None and "against" in weights:
        # Abuse or control would turn the factor, but only if it kept you from challenging: until answered, not settled.
        missing.extend(question for question in abuse_questions(ctx) if question not in missing)
        if abuse_or_control(ctx):
            reasons.append("You report abuse or financial control; it favors relief only if, because of it, you could not challenge the return or question the payment for fear of retaliation.")
            return factor("knowledge", label, "unknown", " ".join(reasons), CITE["rp_abuse"], missing)
    if not weights:
        return factor("knowledge", label, "unknown", "Not answered.", cite, missing)
    if "against" in weights:
        weighs = "against"
    elif "unknown" in weights:
        weighs = "unknown"
    else:
        weighs = "favoring"
    return factor("knowledge", label, weighs, " ".join(reasons) or "Not fully answered.", cite, missing)


def factors_for(ctx: YearContext, marital: Condition) -> list[Factor]:
    year, facts = ctx.year, ctx.facts
    cite = CITE["rp_factors"]
    out: list[Factor] = []
    if marital.status == "met":
        out.append(factor("marital_status", "(a) Marital status", "favoring", " ".join(marital.reasons), cite, unverified=marital.unverified))
    elif marital.status == "not_met":
        still = "You are still married. " if facts.marriage.status == "married" else ""
        out.append(factor("marital_status", "(a) Marital status", "neutral", still + " ".join(marital.reasons), cite, unverified=marital.unverified))
    else:
        out.append(factor("marital_status", "(a) Marital status", "unknown", "Not fully answered.", cite, marital.missing))
    out.append(hardship_factor(ctx))
    out.append(knowledge_factor(ctx))
    label = "(d) Legal obligation"
    if year.legal_obligation == "spouse_must_pay":
        if year.knew_spouse_would_not_pay_when_agreed:
            out.append(factor("legal_obligation", label, "neutral", "A decree or agreement makes your spouse pay, but you knew then that your spouse would not pay [U].", cite, unverified=True))
        else:
            out.append(factor("legal_obligation", label, "favoring", "A divorce decree or binding agreement makes your spouse solely responsible for this tax.", cite))
    elif year.legal_obligation == "you_must_pay":
        out.append(factor("legal_obligation", label, "against", "A divorce decree or agreement makes you responsible for this tax.", cite))
    elif year.legal_obligation == "none":
        out.append(factor("legal_obligation", label, "neutral", "No decree or agreement says who pays.", cite))
    else:
        out.append(factor("legal_obligation", label, "unknown", "Not answered.", cite, [ctx.ask("legal_obligation", "legal_obligation")]))
    label = "(e) Significant benefit"
    if year.spouse_benefited_exclusively:
        out.append(factor("significant_benefit", label, "favoring", "Your spouse enjoyed the benefit to your exclusion [U].", cite, unverified=True))
    elif year.significant_benefit is True:
        if abuse_or_control(ctx):
            out.append(factor("significant_benefit", label, "favoring", "Abuse or financial control limited the benefit you could get [U].", cite, unverified=True))
        else:
            out.append(factor("significant_benefit", label, "against", "You benefited beyond normal support from the item or the unpaid tax.", CITE["inequity"]))
    elif year.significant_benefit is False:
        out.append(factor("significant_benefit", label, "neutral", "No benefit beyond normal support.", cite))
    else:
        out.append(factor("significant_benefit", label, "unknown", "Not answered.", cite, [ctx.ask("significant_benefit", "significant_benefit")]))
    label = "(f) Compliance with income tax laws"
    compliance = facts.finances.later_years_compliance
    weights = {"complied": ("favoring", "You have filed and paid in the years since."), "good_faith": ("neutral", "You made a good-faith effort to comply but fell short [U]."), "not_complied": ("against", "You have not complied with the tax laws since.")}
    if compliance in weights:
        weighs, reason = weights[compliance]
        out.append(factor("compliance", label, weighs, reason, cite, unverified=compliance == "good_faith"))
    else:
        out.append(factor("compliance", label, "unknown", "Not answered.", cite, [Question.ask("later_years_compliance", "finances.later_years_compliance")]))
    label = "(g) Mental or physical health"
    if facts.you.poor_health is True:
        out.append(factor("health", label, "favoring", "You were in poor mental or physical health when signing or are now.", cite))
    elif facts.you.poor_health is False:
        out.append(factor("health", label, "neutral", "No health problem is claimed.", cite))
    else:
        out.append(factor("health", label, "unknown", "Not answered.", cite, [Question.ask("poor_health", "you.poor_health")]))
    return out


def determination(ctx: YearContext, marital: Condition, factors: list[Factor]) -> Condition:
    by_id = {f.id: f for f in factors}
    hardship, knowledge = by_id["economic_hardship"], by_id["knowledge"]
    elements = [
        ("that you are no longer married", marital.status == "met"),
        ("that paying would leave you unable to meet basic living expenses", hardship.weighs == "favoring"),
        ("that you did not know (or were abused or controlled)", knowledge.weighs == "favoring"),
    ]
    cite = [CITE["rp_streamlined"]]
    label = "Streamlined determination, or a decision on the factors"
    if all(ok for _, ok in elements):
        return Condition(
            "determination", label, "met",
            ["Streamlined determination (Rev. Proc. 2013-34 section 4.02): you are no longer married, you would suffer economic hardship, and the knowledge element is met, so the IRS grants relief without weighing other factors [V2]."],
            cite, unverified=marital.unverified or hardship.unverified,
        )
    short = "; ".join(name for name, ok in elements if not ok)
    counts = {w: sum(1 for f in factors if f.weighs == w) for w in ("favoring", "neutral", "against", "unknown")}
    return Condition(
        "determination", label, "judgment",
        [
            " ".join([
                "The IRS grants this relief without weighing anything else (a streamlined determination) only when three things are shown: "
                "that you are no longer married, that paying would leave you unable to meet basic living expenses, and that you did not know (or were abused or controlled).",
                f"Not shown yet: {short}.",
                "So the IRS weighs the factors, and no single factor decides.",
                f"Here {counts['favoring']} favor relief, {counts['neutral']} are neutral, {counts['against']} weigh against, {counts['unknown']} are unanswered.",
            ])
        ],
        [CITE["rp_factors"]],
    )


def refund_notes(ctx: YearContext, refund: Deadline | None) -> list[str]:
    """Which listed payments could be refunded (Rev. Proc. 2013-34 section 4.04; IRC 6511)."""
    year = ctx.year
    if not year.payments:
        return []
    start, _, _ = param("federal/relief/equitable_refund_payments_after", ctx.request_date)
    lookback = refund_lookback(year, ctx.request_date)
    refundable, not_refundable = [], []
    for payment in year.payments:
        text = f"{format_usd(payment.amount)} on {payment.on.isoformat()}"
        if payment.by != "you" or payment.source not in REFUNDABLE_SOURCES or payment.own_funds is False:
            not_refundable.append(f"{text} (made with the return, jointly, by withholding or estimated tax, or by your spouse)")
        elif payment.on <= start:  # type: ignore[operator]
            not_refundable.append(f"{text} (made before {start.isoformat()})")  # type: ignore[union-attr]
        elif lookback is not None and payment.on < lookback.earliest_payment:
            not_refundable.append(f"{text} (before {lookback.earliest_payment.isoformat()}, outside the refund lookback [U])")
        else:
            refundable.append(text)
    notes = []
    if refundable:
        listed = "; ".join(refundable)
        notes.append(f"Payments that could be refunded if relief is granted (your own separate payments): {listed}.")
    if not_refundable:
        listed = "; ".join(not_refundable)
        notes.append(f"Payments that would not be refunded: {listed}.")
    if ctx.year.liabilities.understatement:
        notes.append("Rev. Proc. 2013-34 broadened refunds in understatement cases; its exact wording is unverified [U].")
    return notes


def screen(ctx: YearContext, bars: Finding, b: Finding, c: Finding, unpaid: Deadline | None, refund: Deadline | None) -> Finding:
    marital = household_test(
        ctx,
        "federal/relief/equitable_marital_status_months",
        ctx.request_date,
        CITE["rp_factors"],
        purpose="the marital-status element",
        widowed_heir_rule=True,
    )
    factors = factors_for(ctx, marital)
    conditions = [
        joint_return(ctx),
        tax_covered(ctx),
        liability_exists(ctx),
        not_available_under_bc(ctx, b, c),
        timely(ctx, unpaid, refund),
        no_fraudulent_scheme(ctx, CITE["rp_threshold"]),
        disqualified_assets(ctx),
        no_fraudulent_return(ctx),
        attributable_to_spouse(ctx),
        from_bars(bars),
        determination(ctx, marital, factors),
    ]
    finding = Finding(
        ID,
        TITLE,
        ctx.year.year,
        conditions=conditions,
        factors=factors,
        deadlines=[d for d in (unpaid, refund) if d is not None],
    )
    finding.notes.extend(refund_notes(ctx, refund))
    if ctx.facts.marriage.status not in NO_LONGER_MARRIED and marital.status == "met":
        months, _, _ = param("federal/relief/equitable_marital_status_months", ctx.request_date)
        finding.notes.append(f"The {months}-month household test for the marital-status factor is measured to the date the IRS decides [U]; the planned request date is used here.")
    return finding

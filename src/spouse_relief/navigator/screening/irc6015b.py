"""Innocent spouse relief, IRC 6015(b): every condition, and partial relief under 6015(b)(2).

Conditions (all must hold): a joint return; an understatement; attributable to erroneous items
of the other spouse; when signing you did not know and had no reason to know of it; it is
inequitable to hold you liable (facts and circumstances - always a judgment); elected within two
years after the first collection activity against you; no fraudulent transfer scheme; and no bar
to filing Form 8857. If you knew of only part of an item, relief covers the part you did not
know of (6015(b)(2)).
"""

from __future__ import annotations

from ..deadlines import Deadline
from ..findings import Condition, Factor, Finding
from ..sources import CITE
from .common import (
    NO_LONGER_MARRIED,
    YearContext,
    abuse_or_control,
    describe_item,
    factor,
    from_bars,
    item_amount_text,
    joint_return,
    no_fraudulent_scheme,
    tax_covered,
    timely_bc,
)

ID = "irc6015b"
TITLE = "Innocent spouse relief (IRC 6015(b))"


def understatement(ctx: YearContext, path_words: str) -> Condition:
    liabilities = ctx.year.liabilities
    label = "There is an understatement of tax (tax missing from the return)"
    cite = [CITE["understatement"]]
    if liabilities.understatement:
        return Condition("understatement", label, "met", ["The IRS says tax is missing from the return (an understatement)."], cite)
    if liabilities.understatement is False:
        reason = f"There is no understatement for {ctx.year.year}; {path_words} reaches only tax missing from the return."
        if liabilities.underpayment:
            reason = (f"There is no understatement for {ctx.year.year}; {path_words} reaches only tax missing from the return. "
                      "Tax shown on the return but not paid can be relieved only under equitable relief (IRC 6015(f)).")
            cite.append(CITE["underpayment"])
        return Condition("understatement", label, "not_met", [reason], cite)
    if path_words == "innocent spouse relief":
        needs = "Innocent spouse relief needs tax missing from the return."
    else:
        needs = "Separation of liability needs tax missing from the return."
    return Condition("understatement", label, "unknown", [needs], cite, [ctx.ask("understatement", "liabilities.understatement")])


def spouse_items(ctx: YearContext) -> Condition:
    label = "The understatement comes from erroneous items of your spouse"
    cite = [CITE["irc6015b"]]
    items = ctx.year.items
    if items is None or not items:
        return Condition("spouse_items", label, "unknown", ["The items that caused the understatement are not listed."], cite, [ctx.ask("items", "items")])
    spouse = ctx.spouse_items()
    if spouse:
        names = ", ".join(describe_item(item) for _, item in spouse)
        return Condition("spouse_items", label, "met", [f"Erroneous items of your spouse: {names}."], cite)
    unanswered = [(i, item) for i, item in enumerate(items) if item.owner is None]
    if unanswered:
        return Condition(
            "spouse_items", label, "unknown", ["It is not said whose items these are."], cite,
            [ctx.ask("item_owner", f"items.{i}.owner", f"{ctx.year.year}: {item.description}") for i, item in unanswered],
        )
    if any(item.owner in ("joint", "unclear") for item in items):
        return Condition(
            "spouse_items", label, "judgment",
            ["The items are joint or their owner is unclear; relief reaches only the part attributable to your spouse, which the IRS decides on the facts."],
            cite,
        )
    return Condition("spouse_items", label, "not_met", ["All the items are yours; innocent spouse relief covers only your spouse's erroneous items."], cite)


def no_knowledge(
    ctx: YearContext,
    *,
    law: str = "IRC 6015(b)",
    partial_words: str = "Partial relief (IRC 6015(b)(2))",
    label: str = "When signing, you did not know and had no reason to know of the understatement",
    cite: list[str] | None = None,
) -> Condition:
    """6015(b)(1)(C) and (b)(2): item by item, what you knew or had reason to know when signing.

    ``law`` and ``partial_words`` name the rule in the reasons, so IRC 66(c) can use the same test in its own words."""
    cite = cite or [CITE["irc6015b"], CITE["reason_to_know"]]
    spouse = ctx.spouse_items()
    if not spouse:
        return Condition("no_knowledge", label, "unknown", ["Knowledge is tested item by item; no item of your spouse is listed."], cite, [ctx.ask("items", "items")])
    relieved, partial, excluded, judged, missing = [], [], [], [], []
    for i, item in spouse:
        about = f"{ctx.year.year}: {item.description}"
        if item.you_knew is None:
            missing.append(ctx.ask("item_you_knew", f"items.{i}.you_knew", about))
        elif item.you_knew == "yes":
            excluded.append(f"You knew of {describe_item(item)} when signing, so it cannot be relieved under {law}.")
        elif item.you_knew == "partly":
            if item.known_amount is None:
                missing.append(ctx.ask("item_known_amount", f"items.{i}.known_amount", about))
            else:
                unknown_part = (item.amount - item.known_amount) if item.amount is not None else None
                partial.append(
                    f"{partial_words}: you knew of {item_amount_text(item.known_amount)} of {describe_item(item)}; "
                    f"relief may cover the tax on the {item_amount_text(unknown_part)} you did not know of."
                )
                if item.reason_to_know is None:
                    judged.append(f"Whether you had reason to know of the rest of {describe_item(item)} is weighed by the IRS.")
        elif item.reason_to_know is True:
            excluded.append(f"A reasonable person in your place would have known of {describe_item(item)}, so it cannot be relieved under {law}.")
        elif item.reason_to_know is False:
            relieved.append(f"You did not know and had no reason to know of {describe_item(item)}.")
        else:
            judged.append(
                f"You did not know of {describe_item(item)}; whether you had reason to know is weighed on the facts: the "
                "item's size and nature, your finances, education and business experience, your part in the activity, "
                f"whether you asked about items a reasonable person would question, and whether it broke a pattern of earlier years.{reason_to_know_context(ctx)}"
            )
            missing.append(ctx.ask("item_reason_to_know", f"items.{i}.reason_to_know", about))
    reasons = relieved + partial + judged + excluded
    if any(question.id in ("item_you_knew", "item_known_amount") for question in missing):
        return Condition("no_knowledge", label, "unknown", reasons + ["What you knew when signing is not yet answered for every item."], cite, missing)
    if relieved or partial:
        return Condition("no_knowledge", label, "judgment" if judged else "met", reasons, cite, missing)
    if judged:
        return Condition("no_knowledge", label, "judgment", reasons, cite, missing)
    return Condition("no_knowledge", label, "not_met", reasons, cite)


def reason_to_know_context(ctx: YearContext) -> str:
    """What the facts file says about the Publication 971 reason-to-know factors, in words."""
    year, you = ctx.year, ctx.facts.you
    said = []
    for value, toward, away in (
        (year.involved_in_finances, "you took part in the household finances", "you did not take part in the household finances"),
        (year.asked_about_return, "you asked about the return before signing", "you did not ask about the return"),
        (year.item_departed_from_pattern, "the item broke the pattern of earlier returns", "the item followed the pattern of earlier returns"),
        (you.education_or_finance_experience, "you have education or experience in finance", "you have no particular education or experience in finance"),
    ):
        if value is not None:
            said.append(toward if value else away)
    joined = "; ".join(said)
    return f" You say {joined}." if said else ""


def inequity_factors(ctx: YearContext) -> list[Factor]:
    """6015(b)(1)(D): what weighs for and against holding you liable (always the IRS's judgment)."""
    year, facts = ctx.year, ctx.facts
    cite = CITE["inequity"]
    factors: list[Factor] = []
    if year.significant_benefit is True:
        if abuse_or_control(ctx):
            factors.append(factor("significant_benefit", "Significant benefit", "neutral", "You benefited beyond normal support, but abuse or financial control may have limited the benefit.", cite, unverified=True))
        else:
            factors.append(factor("significant_benefit", "Significant benefit", "against", "You received money or property beyond normal support from the item.", cite))
    elif year.significant_benefit is False:
        factors.append(factor("significant_benefit", "Significant benefit", "favoring", "You received no benefit beyond normal support.", cite))
    else:
        factors.append(factor("significant_benefit", "Significant benefit", "unknown", "Not answered.", cite, [ctx.ask("significant_benefit", "significant_benefit")]))
    if facts.marriage.status in NO_LONGER_MARRIED or (facts.household.moved_apart_on and not facts.household.apart_only_temporarily):
        factors.append(factor("separated", "Divorce or separation", "favoring", "You are no longer married to, or no longer live with, your spouse.", cite))
    elif facts.marriage.status == "married":
        factors.append(factor("separated", "Divorce or separation", "neutral", "You are still married.", cite))
    if year.deserted:
        factors.append(factor("deserted", "Desertion", "favoring", "Your spouse deserted you.", cite))
    if facts.abuse.abused:
        factors.append(factor("abuse", "Abuse", "favoring", "Abuse by your spouse weighs toward relief (Rev. Proc. 2013-34 factors, applied by the IRS to (b) as well [U]).", CITE["rp_abuse"], unverified=True))
    if facts.finances.economic_hardship:
        factors.append(factor("economic_hardship", "Economic hardship", "favoring", "Paying would leave you unable to meet basic living expenses.", CITE["rp_hardship"]))
    return factors


def screen(ctx: YearContext, bars: Finding, election: Deadline, refund: Deadline | None) -> Finding:
    factors = inequity_factors(ctx)
    inequity = Condition(
        "inequitable",
        "It is inequitable to hold you liable (facts and circumstances)",
        "judgment",
        ["Whether it is inequitable to hold you liable is the IRS's judgment on all the facts; see the factors."],
        [CITE["inequity"]],
    )
    finding = Finding(
        ID,
        TITLE,
        ctx.year.year,
        conditions=[
            joint_return(ctx),
            tax_covered(ctx),
            understatement(ctx, "innocent spouse relief"),
            spouse_items(ctx),
            no_knowledge(ctx),
            inequity,
            timely_bc(ctx, election),
            no_fraudulent_scheme(ctx, CITE["reg6015_1d"]),
            from_bars(bars),
        ],
        factors=factors,
        deadlines=[election] + ([refund] if refund else []),
    )
    finding.notes.append(
        "Relief covers the tax, interest and penalties from the understatement; what is relieved can be collected only "
        "from your spouse. Refunds are possible for payments you made with your own money, within the refund period (IRC 6511)."
    )
    return finding

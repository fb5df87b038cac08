"""Separation of liability, IRC 6015(c): deficiencies only, no refunds.

Conditions: a joint return; a deficiency, asserted by the IRS; divorced, legally separated,
widowed, or not a member of the same household at any time during the 12 months ending on the
date of the election (temporary absences count as the same household); elected within two years
after the first collection activity; no fraudulent transfer scheme; no bar to Form 8857.
Limits: items you actually knew of stay with you unless you were abused before signing and did
not challenge them for fear of retaliation (the IRS must prove actual knowledge); the value of
disqualified assets your spouse transferred to you is added to your share.
"""

from __future__ import annotations

from decimal import Decimal

from ...dates import add_years
from ...money import format_usd
from ..deadlines import Deadline, period_words
from ..findings import Condition, Finding
from ..sources import CITE
from .common import (
    YearContext,
    abuse_exception,
    describe_item,
    from_bars,
    household_test,
    item_amount_text,
    joint_return,
    no_fraudulent_scheme,
    param,
    tax_covered,
    timely_bc,
)
from .irc6015b import spouse_items, understatement

ID = "irc6015c"
TITLE = "Separation of liability (IRC 6015(c))"


def deficiency_asserted(ctx: YearContext) -> Condition:
    year = ctx.year
    label = "The IRS has asserted a deficiency (the election may be made only after that)"
    cite = [CITE["irc6015c_asserted"]]
    letter = year.first_letter("thirty_day_letter", "notice_of_deficiency", "cp2000")
    if year.deficiency_asserted_on or letter or (year.assessed_on and year.liabilities.understatement):
        when = year.deficiency_asserted_on or (letter.on if letter else year.assessed_on)
        return Condition("deficiency_asserted", label, "met", [f"The IRS asserted a deficiency ({when.isoformat()})."], cite)
    if year.letters is not None and year.liabilities.understatement is not True:
        return Condition(
            "deficiency_asserted", label, "not_met",
            ["Not yet: separation of liability can be elected only after the IRS proposes additional tax (a 30-day letter, CP2000 or notice of deficiency)."],
            cite,
        )
    return Condition("deficiency_asserted", label, "unknown", ["It is not said when the IRS proposed the additional tax."], cite, [ctx.ask("deficiency_asserted", "deficiency_asserted_on")])


def actual_knowledge(ctx: YearContext) -> Condition:
    """6015(c)(3)(C): items you actually knew of when signing stay with you (IRS burden); abuse exception."""
    label = "The IRS cannot show you actually knew of the items (or the abuse exception applies)"
    cite = [CITE["irc6015c_knowledge"]]
    spouse = ctx.spouse_items()
    if not spouse:
        return Condition("actual_knowledge", label, "unknown", ["Actual knowledge is tested item by item; no item of your spouse is listed."], cite, [ctx.ask("items", "items")])
    exception = abuse_exception(ctx)
    duress = ctx.facts.abuse.signed_under_duress
    relieved, limited, excluded, missing = [], [], [], []
    for i, item in spouse:
        about = f"{ctx.year.year}: {item.description}"
        if item.you_knew is None:
            missing.append(ctx.ask("item_you_knew", f"items.{i}.you_knew", about))
        elif item.you_knew == "no":
            relieved.append(f"You did not know of {describe_item(item)} (reason to know does not matter here).")
        elif exception or duress:
            why = "you were abused before signing and did not challenge it for fear of retaliation" if exception else "you signed under duress"
            relieved.append(f"You knew of {describe_item(item)}, but {why}, so the actual-knowledge limit does not apply.")
        elif item.you_knew == "partly":
            if item.known_amount is None:
                missing.append(ctx.ask("item_known_amount", f"items.{i}.known_amount", about))
            else:
                limited.append(f"You knew of {item_amount_text(item.known_amount)} of {describe_item(item)}: the tax on that part stays with you; the rest can be allocated to your spouse.")
        else:
            text = f"You knew of {describe_item(item)} when signing: the tax on it stays with you (if the IRS shows it)."
            if exception is None and ctx.facts.abuse.abused is not False:
                text = (f"You knew of {describe_item(item)} when signing: the tax on it stays with you (if the IRS shows it). "
                        "If you were abused before signing and did not challenge it for fear of retaliation, this limit does not apply.")
                missing.append(ctx.ask("abused", "abuse.abused"))
            excluded.append(text)
    reasons = relieved + limited + excluded
    if any(question.id in ("item_you_knew", "item_known_amount") for question in missing):
        return Condition("actual_knowledge", label, "unknown", reasons + ["What you knew when signing is not yet answered for every item."], cite, missing)
    if relieved or limited:
        return Condition("actual_knowledge", label, "met", reasons, cite)
    if missing:
        return Condition("actual_knowledge", label, "unknown", reasons, cite, missing)
    return Condition("actual_knowledge", label, "not_met", reasons, cite)


def disqualified_assets(ctx: YearContext) -> Condition:
    """6015(c)(4): transfers presumed made to avoid tax increase your share by their value."""
    year = ctx.year
    label = "Disqualified assets your spouse transferred to you (added to your share)"
    cite = [CITE["irc6015c_assets"]]
    if year.asset_transfers is None:
        return Condition("disqualified_assets", label, "unknown", ["Transfers of property from your spouse to you are not listed."], cite, [ctx.ask("asset_transfers", "asset_transfers")])
    if not year.asset_transfers:
        return Condition("disqualified_assets", label, "met", ["Your spouse transferred no property to you."], cite)
    letter = year.first_letter("thirty_day_letter", "notice_of_deficiency")
    anchor = letter.on if letter else year.deficiency_asserted_on
    added: list[Decimal] = []
    reasons, missing = [], []
    for i, transfer in enumerate(year.asset_transfers):
        name = transfer.description or f"transfer {i + 1}"
        value_text = format_usd(transfer.value) if transfer.value is not None else "its value"
        if transfer.under_divorce_decree:
            reasons.append(f"{name} was made under a divorce or separate maintenance decree: not presumed disqualified.")
            continue
        if transfer.on is None or anchor is None:
            missing.append(ctx.ask("asset_transfer_date", f"asset_transfers.{i}.on", f"{year.year}: {name}"))
            if anchor is None:
                missing.append(ctx.ask("deficiency_asserted", "deficiency_asserted_on"))
            continue
        years, param_cite, _ = param("federal/relief/disqualified_asset_presumption_years", transfer.on)
        window = add_years(anchor, -int(years))  # type: ignore[arg-type]
        if transfer.on > window:
            if transfer.principal_purpose_not_tax_avoidance:
                reasons.append(f"{name} ({transfer.on.isoformat()}) falls in the presumption window (after {window.isoformat()}), but you say tax avoidance was not its principal purpose; you must show that.")
            else:
                reasons.append(f"{name} ({transfer.on.isoformat()}) came after {window.isoformat()}, {period_words(int(years), 'year')} before the first proposed-deficiency letter: it is presumed made to avoid tax, and {value_text} is added to your share.")
                if transfer.value is not None:
                    added.append(transfer.value)
            cite.append(param_cite)
        else:
            reasons.append(f"{name} ({transfer.on.isoformat()}) is before the presumption window; it counts only if the IRS proves a tax-avoidance purpose.")
    if missing:
        return Condition("disqualified_assets", label, "unknown", reasons, cite, missing)
    total = sum(added, Decimal("0"))
    if not added:
        return Condition("disqualified_assets", label, "met", reasons, cite)
    # IRC 6015(c)(4)(A): the value is added to your share of the deficiency - compared with the deficiency, not the balance with interest.
    if year.deficiency_amount is None:
        return Condition(
            "disqualified_assets", label, "met",
            reasons + ["Whether any relief remains depends on the deficiency itself (without interest and penalties)."],
            cite, [ctx.ask("deficiency_amount", "deficiency_amount")],
        )
    if total >= year.deficiency_amount:
        return Condition(
            "disqualified_assets", label, "not_met",
            reasons + [f"The presumed disqualified transfers ({format_usd(total)}) are at least the deficiency ({format_usd(year.deficiency_amount)}): no relief remains under IRC 6015(c)."],
            cite,
        )
    return Condition(
        "disqualified_assets", label, "met",
        reasons + [f"The deficiency ({format_usd(year.deficiency_amount)}) is more than the transfers ({format_usd(total)}): some relief can remain."],
        cite,
    )


def unpaid(ctx: YearContext) -> Condition:
    year = ctx.year
    label = "Some of the deficiency is unpaid (separation of liability gives no refunds)"
    cite = [CITE["irc6015g3"]]
    if year.balance_due is not None:
        if year.balance_due > 0:
            return Condition("unpaid", label, "met", [f"{format_usd(year.balance_due)} is unpaid; separation of liability can relieve only unpaid tax and gives no refunds."], cite)
        return Condition("unpaid", label, "not_met", ["The deficiency is paid in full; separation of liability gives no refunds (ask under IRC 6015(b) or (f) for a refund)."], cite)
    if year.payments:
        return Condition("unpaid", label, "unknown", ["Payments are listed, and separation of liability gives no refunds."], cite, [ctx.ask("balance_due", "balance_due")])
    return Condition("unpaid", label, "met", ["No payment is listed; separation of liability relieves only the unpaid deficiency and gives no refunds."], cite)


def screen(ctx: YearContext, bars: Finding, election: Deadline) -> Finding:
    household = household_test(
        ctx,
        "federal/relief/household_lookback_months",
        ctx.request_date,
        CITE["irc6015c_household"],
        purpose="separation of liability",
    )
    finding = Finding(
        ID,
        TITLE,
        ctx.year.year,
        conditions=[
            joint_return(ctx),
            tax_covered(ctx),
            understatement(ctx, "separation of liability"),
            deficiency_asserted(ctx),
            household,
            spouse_items(ctx),
            actual_knowledge(ctx),
            disqualified_assets(ctx),
            unpaid(ctx),
            timely_bc(ctx, election),
            no_fraudulent_scheme(ctx, CITE["irc6015c_fraud"]),
            from_bars(bars),
        ],
        deadlines=[election],
    )
    finding.notes.append(
        "Your share is figured by IRC 6015(d): the deficiency times your share of the erroneous items; credits, other "
        "taxes and penalties follow the spouse whose item caused them. The IRS carries the burden of showing actual knowledge."
    )
    if ctx.facts.marriage.status == "married" and finding.condition("marital_status") and finding.condition("marital_status").status == "not_met":
        finding.notes.append("A second election is allowed later if the first failed only because of the marital-status or household test and that test is met now (Reg. 1.6015-1(h)(5)).")
    return finding

"""Injured spouse allocation, Form 8379 Part I (lines 2-9), and the community-property flag.

It gets back your share of a joint refund taken (or expected to be taken) for a past-due debt of
your spouse alone. It relieves no liability; a joint federal tax from the joint return is a Form
8857 matter instead.
"""

from __future__ import annotations

from datetime import date

from ...language import state_name
from ...money import format_usd
from ...parameters import parameter
from ..deadlines import Deadline
from ..findings import Condition, Finding
from ..sources import CITE
from .common import YearContext, yes_no

ID = "form8379"
TITLE = "Injured spouse allocation (Form 8379)"


def _debt_kinds(on: date) -> dict[str, str]:
    return parameter("federal/relief/offset_debt_kinds").at(on).value


def offset(ctx: YearContext) -> Condition:
    """Line 3: a joint overpayment used (or to be used) for a listed past-due debt owed only by your spouse."""
    year, offset = ctx.year, ctx.year.refund_offset
    label = "Form 8379, line 3: the joint refund was (or will be) taken for a listed debt of your spouse alone"
    cite = [CITE["f8379_part1"], CITE["topic203"]]
    if offset.status == "none":
        return Condition("offset", label, "not_met", [f"No joint refund for {year.year} was or is expected to be taken for a debt."], cite)
    if offset.status is None:
        return Condition("offset", label, "unknown", ["It is not said whether a joint refund was taken for a debt."], cite, [ctx.ask("refund_offset_status", "refund_offset.status")])
    kinds = _debt_kinds(date(year.year + 1, 1, 1))
    missing = []
    amount = f" ({format_usd(offset.amount)})" if offset.amount is not None else ""
    if offset.status != "taken":
        reasons = [f"The joint refund{amount} is expected to be taken."]
    elif offset.offset_on:
        reasons = [f"The joint refund{amount} was taken on {offset.offset_on.isoformat()}."]
    else:
        reasons = [f"The joint refund{amount} was taken."]
    status = "met"
    if offset.debt is None:
        missing.append(ctx.ask("refund_offset_debt", "refund_offset.debt"))
        status = "unknown"
    elif offset.debt not in kinds:
        listed = ", ".join(kinds.values())
        return Condition("offset", label, "not_met", [f"The debt is not one for which federal refunds are offset: {listed}."], cite)
    else:
        reasons.append(f"The debt is {kinds[offset.debt]}.")
    if offset.debt_owed_only_by_spouse is None:
        missing.append(ctx.ask("debt_owed_only_by_spouse", "refund_offset.debt_owed_only_by_spouse"))
        status = "unknown"
    elif not offset.debt_owed_only_by_spouse:
        reason = "The debt is owed by both of you, so you are not an injured spouse."
        if offset.debt == "federal_tax":
            reason = "The debt is owed by both of you, so you are not an injured spouse. If it is a joint federal tax from a joint return, ask for relief on Form 8857 instead."
            cite.append(CITE["f8379_vs_8857"])
        return Condition("offset", label, "not_met", reasons + [reason], cite)
    else:
        reasons.append("It is owed only by your spouse.")
    return Condition("offset", label, status, reasons, cite, missing)  # type: ignore[arg-type]


def contribution(ctx: YearContext) -> Condition:
    """Lines 6-9: payments of yours, or earned income with the EIC/ACTC, or another refundable credit."""
    offset = ctx.year.refund_offset
    label = "Form 8379, lines 6-9: you made tax payments or claimed a refundable credit"
    cite = [CITE["f8379_part1"]]
    if offset.your_tax_payments:
        return Condition("contribution", label, "met", ["Form 8379, line 6: you had federal tax withheld or made estimated payments."], cite)
    if offset.your_earned_income and offset.eic_or_additional_child_tax_credit:
        return Condition("contribution", label, "met", ["Form 8379, lines 7-8: you had earned income and claimed the earned income credit or the additional child tax credit."], cite)
    if offset.other_refundable_credit:
        return Condition("contribution", label, "met", ["Form 8379, line 9: you claimed another refundable credit."], cite)
    missing = []
    if offset.your_tax_payments is None:
        missing.append(ctx.ask("your_tax_payments", "refund_offset.your_tax_payments"))
    if offset.your_earned_income is None:
        missing.append(ctx.ask("your_earned_income", "refund_offset.your_earned_income"))
    elif offset.your_earned_income and offset.eic_or_additional_child_tax_credit is None:
        missing.append(ctx.ask("eic_or_additional_child_tax_credit", "refund_offset.eic_or_additional_child_tax_credit"))
    if offset.other_refundable_credit is None:
        missing.append(ctx.ask("other_refundable_credit", "refund_offset.other_refundable_credit"))
    if missing:
        return Condition("contribution", label, "unknown", ["Whether any of the refund is yours depends on your payments and credits."], cite, missing)
    return Condition(
        "contribution", label, "not_met",
        ["You made no tax payments and claimed no refundable credit, so no part of the joint refund is yours."],
        cite,
    )


def screen(ctx: YearContext, deadline: Deadline | None) -> Finding:
    year = ctx.year
    conditions = [
        yes_no(
            year.joint_return,
            id="joint_return",
            label="Form 8379, line 2: a joint return was (or will be) filed",
            met_when=True,
            met_reason=f"You filed a joint return for {year.year}.",
            not_met_reason="Form 8379 is only for a joint return.",
            citation=CITE["f8379_part1"],
            question=ctx.ask("joint_return", "joint_return"),
        ),
        offset(ctx),
        yes_no(
            year.refund_offset.you_legally_obligated,
            id="not_obligated",
            label="Form 8379, line 4: you are not legally obligated to pay the debt",
            met_when=False,
            met_reason="You are not legally obligated to pay the debt.",
            not_met_reason="You are legally obligated to pay the debt, so you are not an injured spouse.",
            citation=CITE["f8379_part1"],
            question=ctx.ask("you_legally_obligated", "refund_offset.you_legally_obligated"),
        ),
    ]
    finding = Finding(ID, TITLE, year.year, conditions=conditions, deadlines=[deadline] if deadline else [])
    lived = ctx.lived_in_community_property_state()
    if lived:
        conditions.append(
            Condition(
                "community_property",
                "Form 8379, line 5: community-property state (lines 6-9 are skipped)",
                "met",
                [
                    f"You lived in {state_name(year.residence_state)}, a community-property state: skip lines 6-9; only the 'not obligated' "
                    "condition must be met. The IRS divides the refund under the state's law, so the share returned can be "
                    "smaller than your own payments (for federal tax debts the IRS may keep more of the community share)."
                ],
                [CITE["f8379_cp"]],
            )
        )
    else:
        made = contribution(ctx)
        if lived is None and made.status == "not_met":
            made = Condition(
                made.id, made.label, "unknown",
                made.reasons + ["In a community-property state lines 6-9 are skipped (line 5), so where you lived decides it."],
                made.citations + [CITE["f8379_cp"]], [ctx.ask("residence_state", "residence_state")],
            )
        conditions.append(made)
        if lived is None:
            finding.notes.append("Form 8379 line 5 asks whether you lived in a community-property state; say which state you lived in to check.")
    if year.refund_offset.status == "taken" and year.refund_offset.by_agency in ("bfs", None) and year.refund_offset.debt not in ("federal_tax", None):
        finding.notes.append("Dispute the debt itself with the agency named on the Bureau of the Fiscal Service offset notice; Form 8379 only recovers your share.")
    finding.notes.append("File one Form 8379 for each year; it can go with the joint return or alone after the offset (Form 8857 line 2 sends people here).")
    return finding

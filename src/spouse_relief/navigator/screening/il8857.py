"""Illinois: Form IL-8857 beside the federal request, and Illinois's injured-spouse route.

IL-8857 (35 ILCS 5/502(c)(4); 86 Ill. Adm. Code 100.5040) is its own relief, not a copy of IRC
6015: it must be filed even when federal Form 8857 was filed, one per year with its Allocation of
Liability Worksheet. Line 14 decides which guidelines apply (``spouse_relief.worksheets.il8857_checks``).
Illinois has no injured-spouse form: a separate Illinois return, or Form IL-1040-X after an IDOR
offset of a joint refund.
"""

from __future__ import annotations

from ...worksheets import il8857_checks
from ...language import state_name
from ...parameters import parameter
from ..deadlines import Deadline
from ..findings import Condition, Finding
from ..sources import CITE
from .common import YearContext

ID = "il8857"
TITLE = "Illinois innocent spouse relief (Form IL-8857)"
INJURED_ID = "il_injured_spouse"
INJURED_TITLE = "Illinois injured spouse route (separate return or Form IL-1040-X)"


def illinois_connection(ctx: YearContext) -> Condition:
    year, il = ctx.year, ctx.year.illinois
    label = "You filed an Illinois return for the year (lived in Illinois)"
    cite = [CITE["il8857"]]
    if year.residence_state == "IL" or (il is not None and il.joint_il_return):
        return Condition("illinois", label, "met", [f"You lived in or filed in Illinois for {year.year}."], cite)
    if year.residence_state is not None:
        return Condition("illinois", label, "not_met", [f"You lived in {state_name(year.residence_state)}, not Illinois, and no Illinois return is listed."], cite)
    return Condition("illinois", label, "unknown", ["Your state for the year is not given."], cite, [ctx.ask("residence_state", "residence_state")])


def _il_answer(ctx: YearContext, name: str):
    il = ctx.year.illinois
    return None if il is None else getattr(il, name)


def screen(ctx: YearContext, deadline: Deadline | None) -> Finding:
    year = ctx.year
    conditions = [illinois_connection(ctx)]
    if conditions[0].status == "not_met":
        return Finding(ID, TITLE, year.year, conditions=conditions)
    joint = _il_answer(ctx, "joint_il_return")
    label = "A joint Illinois return was filed for the year"
    if joint is True:
        conditions.append(Condition("joint_il_return", label, "met", ["You filed a joint Illinois return."], [CITE["il8857"]]))
    elif joint is False:
        conditions.append(Condition("joint_il_return", label, "not_met", ["No joint Illinois return was filed; IL-8857 needs one."], [CITE["il8857"]]))
    else:
        conditions.append(Condition("joint_il_return", label, "unknown", ["Not yet answered."], [CITE["il8857"]], [ctx.ask("joint_il_return", "illinois.joint_il_return")]))
    owed = _il_answer(ctx, "il_liability")
    label = "Illinois tax is owed or was paid on the joint return"
    if owed is True:
        conditions.append(Condition("il_liability", label, "met", ["Illinois tax is owed or was paid on the joint return; relief limits you to the tax on your own separate-return share."], [CITE["il8857"]]))
    elif owed is False:
        conditions.append(Condition("il_liability", label, "not_met", ["No Illinois tax is owed or paid to be relieved."], [CITE["il8857"]]))
    else:
        conditions.append(Condition("il_liability", label, "unknown", ["Not yet answered."], [CITE["il8857"]], [ctx.ask("il_liability", "illinois.il_liability")]))
    conditions.append(line14(ctx))
    finding = Finding(ID, TITLE, year.year, conditions=conditions, deadlines=[deadline] if deadline else [])
    known = [item for _, item in ctx.spouse_items() if item.you_knew in ("yes", "partly")]
    if known:
        named = ", ".join(f"'{item.description}'" for item in known)
        finding.notes.append(
            "Under Illinois guidelines an erroneous item you knew of is allocated to you as well as your spouse "
            f"(Allocation of Liability Worksheet, lines 59-63): {named}."
        )
    finding.notes.append(
        "File Form IL-8857 even if you filed federal Form 8857, one for each year, with its Allocation of Liability Worksheet "
        "(the worksheet is computed from the items of your joint Illinois return). Illinois relief also covers the tax on your spouse's reported income."
    )
    if deadline is None:
        finding.notes.append("No Illinois deadline for asking relief from unpaid tax was found in the sources [U]; the refund window applies only to refunds.")
    return finding


def line14(ctx: YearContext) -> Condition:
    label = "Form IL-8857, line 14: which guidelines review the request"
    cite = [CITE["il8857_line14"]]
    category = il8857_checks.line14_category(ctx.year.year, _il_answer(ctx, "paid_before_boundary"))
    for use in category.parameters:
        cite.append(use.citation)
    if category.category == il8857_checks.CATEGORY_UNKNOWN:
        return Condition("line14", label, "unknown", [category.explanation], cite, [ctx.ask("paid_before_boundary", "illinois.paid_before_boundary")])
    if category.category == il8857_checks.GUIDELINES_FEDERAL_PRE_1998:
        return Condition("line14", label, "judgment", [category.explanation], cite)
    return Condition("line14", label, "met", [category.explanation], cite)


def _route_value(tax_year: int) -> tuple[dict, str, bool]:
    used = parameter("il/injured_spouse_route").for_tax_year(tax_year)
    return used.value, used.citation(), used.verified == "U"


def separate_return_deadline(ctx: YearContext) -> Deadline:
    """The Illinois separate-return choice is open until the extended due date (irrevocable)."""
    deadline = Deadline(
        id=f"il_separate_return:{ctx.year.year}",
        title=f"{ctx.year.year}: last day to file a separate Illinois return instead of a joint one",
        paths=[INJURED_ID],
        tax_year=ctx.year.year,
        rolled_under_7503=False,
    )
    extended, uses, steps = il8857_checks.extended_due_date(ctx.year.year)
    for use in uses:
        deadline.parameters.append(use)
        deadline.cite(use.citation)
    for text in steps:
        deadline.step(text)
    deadline.cite(CITE["il_injured"])
    deadline.last_day = extended
    deadline.date = extended
    deadline.status = "missed" if ctx.as_of > extended else "open"
    deadline.remaining = [
        "The joint return stands; if the Illinois Department of Revenue (IDOR) took the refund, claim your part on Form IL-1040-X, or contact the agency that took it."
    ]
    return deadline


def screen_injured(ctx: YearContext) -> tuple[Finding, Deadline | None]:
    year, il = ctx.year, ctx.year.illinois
    conditions = [illinois_connection(ctx)]
    if conditions[0].status == "not_met":
        return Finding(INJURED_ID, INJURED_TITLE, year.year, conditions=conditions), None
    cite = [CITE["il_injured"]]
    offset = il.refund_offset if il else None
    label = "An Illinois refund was (or will be) taken for your spouse's debt"
    if offset in ("taken", "expected"):
        reason = "An Illinois refund was taken for your spouse's debt." if offset == "taken" else "An Illinois refund may be taken for your spouse's debt."
        conditions.append(Condition("il_offset", label, "met", [reason], cite))
    elif offset == "none":
        conditions.append(Condition("il_offset", label, "not_met", ["No Illinois refund is at risk."], cite))
    else:
        conditions.append(Condition("il_offset", label, "unknown", ["Not yet answered."], cite, [ctx.ask("il_refund_offset", "illinois.refund_offset")]))
    route, route_cite, route_unverified = _route_value(year.year)
    cite = cite + [route_cite]
    deadline = None
    label = "A route exists: separate Illinois return, Form IL-1040-X, or the agency"
    if route["separate_return_election"] != "available":
        conditions.append(Condition("route", label, "judgment", [f"Illinois's injured-spouse route for {year.year} is not verified (IDOR Publication 125 covers years before 2009) [U]."], cite, unverified=True))
    elif il is not None and il.joint_il_return is False:
        conditions.append(Condition("route", label, "met", ["You filed a separate Illinois return, so your own Illinois refund is not used for your spouse's debt."], cite))
    elif il is not None and il.joint_il_return is True:
        by = il.offset_by
        if by == "idor":
            conditions.append(Condition("route", label, "met", ["The Illinois Department of Revenue took the joint refund for an Illinois liability: claim your part on Form IL-1040-X."], cite))
        elif by == "other_agency":
            conditions.append(Condition("route", label, "met", ["Another agency took the joint refund: contact that agency (named on the offset notice); Illinois has no injured spouse form."], cite))
        elif by == "comptroller_local":
            conditions.append(
                Condition("route", label, "not_met", ["The Comptroller took it for a local government debt: it does not accept injured spouse protests (35 ILCS 5/502(c) lets a joint refund pay either filer's local debt); a protest of the debt itself goes to the Comptroller by the date in its notice."], cite + [CITE["il_comptroller"]])
            )
        else:
            conditions.append(Condition("route", label, "unknown", ["Which route applies depends on who took the refund."], cite, [ctx.ask("il_offset_by", "illinois.offset_by")]))
    elif il is None or (il.il_return_filed_yet is None and il.joint_il_return is None):
        deadline = separate_return_deadline(ctx)
        if deadline.status == "missed":
            reason = f"The choice of a separate Illinois return closed on {deadline.date.isoformat()}; if a joint Illinois return was filed, the route depends on who took the refund."
        else:
            reason = f"If the Illinois return is not filed yet, a separate Illinois return by {deadline.date.isoformat()} keeps your refund from your spouse's debt; if a joint one was filed, the route depends on who took the refund."
        conditions.append(Condition("route", label, "unknown", [reason], cite, [ctx.ask("joint_il_return", "illinois.joint_il_return")]))
    else:
        deadline = separate_return_deadline(ctx)
        if deadline.status == "missed":
            conditions.append(Condition("route", label, "not_met", [f"The separate-return choice closed on {deadline.date.isoformat()} (the extended due date); with a joint return, only Form IL-1040-X after an offset by the Illinois Department of Revenue (IDOR), or the agency that took the refund, remain."], cite))
        else:
            conditions.append(
                Condition("route", label, "met", [f"File a separate Illinois return (married filing separately) by {deadline.date.isoformat()}, the extended due date; the choice is irrevocable. If you file jointly, the Illinois Department of Revenue (IDOR) may take the whole refund for your spouse's debt."], cite)
            )
    if offset not in ("taken", "expected"):
        deadline = None  # the separate-return day matters only where an Illinois refund is at risk
    finding = Finding(INJURED_ID, INJURED_TITLE, year.year, conditions=conditions, deadlines=[deadline] if deadline else [])
    finding.notes.append("Illinois has no injured spouse form; federal Form 8379 does not cover the Illinois refund.")
    return finding, deadline


def il_deadline_needed(ctx: YearContext) -> bool:
    il = ctx.year.illinois
    return il is not None and bool(il.want_refund or il.last_payment_on)


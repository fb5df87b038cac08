"""Relief from community-property law for separate filers, IRC 66(c).

For a married person in a community-property state who filed a separate return and is charged
with tax on the other spouse's community income. Traditional 66(c) relief [U]: the item is the
other spouse's community income, you did not know and had no reason to know of it, and it is
inequitable to include it. Otherwise equitable 66(c) relief under Rev. Proc. 2013-34 (thresholds 1
and 2 waived) [V]. Requested on Form 8857 no later than 6 months before the assessment period
against the other spouse ends (or 30 days after an exam contact in that window) [V].
"""

from __future__ import annotations

from ..deadlines import Deadline
from ..findings import Condition, Finding
from ..sources import CITE
from .common import YearContext, from_bars
from .irc6015b import no_knowledge

ID = "irc66c"
TITLE = "Relief from community-property law for separate filers (IRC 66(c))"


def separate_return(ctx: YearContext) -> Condition:
    year = ctx.year
    label = "You filed a separate return (not a joint return)"
    cite = [CITE["irc66c"]]
    if year.filed_separately:
        return Condition("separate_return", label, "met", [f"You filed a separate return for {year.year}."], cite)
    if year.joint_return:
        return Condition("separate_return", label, "not_met", [f"You filed a joint return for {year.year}: IRC 66(c) is for separate returns; IRC 6015 applies instead."], cite)
    if year.joint_return is False and year.filed_separately is False:
        return Condition("separate_return", label, "not_met", [f"No return of yours for {year.year} is listed as filed separately."], cite)
    return Condition("separate_return", label, "unknown", ["It is not said how you filed."], cite, [ctx.ask("filed_separately", "filed_separately")])


def community_property_state(ctx: YearContext) -> Condition:
    label = "You lived in a community-property state"
    states = ctx.community_property_states()
    cite = [f"Publication 555 (community-property states: {', '.join(states)}) [V]"]
    lived = ctx.lived_in_community_property_state()
    if lived is None:
        return Condition("community_property_state", label, "unknown", ["Your state for the year is not given."], cite, [ctx.ask("residence_state", "residence_state")])
    if lived:
        return Condition("community_property_state", label, "met", [f"{ctx.year.residence_state} is a community-property state."], cite)
    return Condition("community_property_state", label, "not_met", [f"{ctx.year.residence_state} is not a community-property state."], cite)


def community_income(ctx: YearContext) -> Condition:
    value = ctx.year.community_property.spouses_community_income_not_reported_by_you
    label = "The tax is on your spouse's community income that you did not report"
    cite = [CITE["irc66c"]]
    if value is None:
        return Condition("community_income", label, "unknown", ["Not yet answered."], cite, [ctx.ask("community_income_not_reported", "community_property.spouses_community_income_not_reported_by_you")], True)
    if value:
        return Condition("community_income", label, "met", ["The tax is on your spouse's share of community income that you left off your return."], cite, unverified=True)
    return Condition("community_income", label, "not_met", ["The tax is not on your spouse's community income."], cite, unverified=True)


def timely(ctx: YearContext, deadline: Deadline) -> Condition:
    label = "Requested in time before the assessment period against your spouse ends"
    cite = [CITE["exception_equitable"]]
    if deadline.status == "unknown":
        return Condition("timely", label, "unknown", ["The deadline depends on your spouse's assessment period."], cite, deadline.missing)
    assert deadline.date is not None
    if deadline.status == "missed" or ctx.request_date > deadline.date:
        return Condition("timely", label, "not_met", [f"The last day was {deadline.date.isoformat()}."], cite)
    return Condition("timely", label, "met", [f"A request by {deadline.date.isoformat()} is on time."], cite, unverified=deadline.unverified)


def screen(ctx: YearContext, bars: Finding, deadline: Deadline | None) -> Finding:
    knowledge = no_knowledge(ctx)
    knowledge.citations = [CITE["irc66c"]]
    knowledge.unverified = True
    if knowledge.status == "not_met":
        knowledge = Condition(
            "no_knowledge", knowledge.label, "judgment",
            knowledge.reasons + ["Traditional 66(c) relief needs no knowledge; equitable 66(c) relief under Rev. Proc. 2013-34 can still be considered."],
            [CITE["irc66c"], CITE["rp_factors"]], unverified=True,
        )
    inequity = Condition(
        "inequitable", "It is inequitable to include the item in your income", "judgment",
        ["Whether it is inequitable is the IRS's judgment on the facts (Rev. Proc. 2013-34 factors)."],
        [CITE["irc66c"]],
    )
    conditions = [
        separate_return(ctx),
        community_property_state(ctx),
        community_income(ctx),
        knowledge,
        inequity,
        from_bars(bars),
    ]
    if deadline is not None:
        conditions.insert(5, timely(ctx, deadline))
    finding = Finding(ID, TITLE, ctx.year.year, conditions=conditions, deadlines=[deadline] if deadline else [])
    finding.notes.append("Request it on Form 8857 (the same form as innocent spouse relief).")
    return finding

"""Relief from community-property law for separate filers, IRC 66(c): two kinds, two time limits.

For a married person in a community-property state who filed a separate return and is charged
with tax on the other spouse's community income.

* Traditional 66(c) relief (``irc66c``) [U for the conditions]: the item is the other spouse's
  community income, you did not know and had no reason to know of it, and it is inequitable to
  include it. Requested no later than six months before the assessment period against the other
  spouse ends (or 30 days after an exam contact in that window) [V].
* Equitable 66(c) relief (``irc66c_equitable``) under Rev. Proc. 2013-34 (threshold conditions 1
  and 2 waived) [V]: timely within the IRC 6502 collection period for unpaid tax, or the IRC 6511
  refund period for tax paid (Rev. Proc. 2013-34 section 4.01(3); Notice 2011-70; proposed Reg.
  1.66-4(j)(2)(ii)) [V2] - the six-month limit does not apply to it.
"""

from __future__ import annotations

from ...language import state_name
from ..deadlines import Deadline, period_words
from ..findings import Condition, Finding
from ..sources import CITE
from . import irc6015f
from .common import YearContext, from_bars, household_test, no_fraudulent_scheme, param
from .irc6015b import no_knowledge

ID = "irc66c"
TITLE = "Traditional relief from community-property law for separate filers (IRC 66(c))"
EQUITABLE_ID = "irc66c_equitable"
EQUITABLE_TITLE = "Equitable relief from community-property law for separate filers (IRC 66(c), Rev. Proc. 2013-34)"


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
        return Condition("community_property_state", label, "met", [f"{state_name(ctx.year.residence_state)} is a community-property state."], cite)
    return Condition("community_property_state", label, "not_met", [f"{state_name(ctx.year.residence_state)} is not a community-property state."], cite)


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
    label = "Requested in time for traditional relief (before the assessment period against your spouse ends)"
    cite = [CITE["exception_equitable"]]
    if deadline.status == "unknown":
        return Condition("timely", label, "unknown", ["The deadline for traditional relief depends on your spouse's assessment period."], cite, deadline.missing)
    assert deadline.date is not None
    if deadline.status == "missed" or ctx.request_date > deadline.date:
        return Condition(
            "timely", label, "not_met",
            [f"The last day for traditional relief was {deadline.date.isoformat()}. Equitable relief from community-property law has its own, later time limit."],
            cite,
        )
    return Condition("timely", label, "met", [f"A request by {deadline.date.isoformat()} is on time for traditional relief."], cite, unverified=deadline.unverified)


def _knowledge(ctx: YearContext) -> Condition:
    return no_knowledge(
        ctx,
        law="traditional IRC 66(c) relief",
        partial_words="Partial relief",
        label="You did not know and had no reason to know of your spouse's community income",
        cite=[CITE["irc66c"]],
    )


def _community_conditions(ctx: YearContext) -> list[Condition]:
    return [separate_return(ctx), community_property_state(ctx), community_income(ctx)]


def screen(ctx: YearContext, bars: Finding, deadline: Deadline | None) -> Finding:
    """Traditional 66(c) relief; its time limit is the one tied to the other spouse's assessment period."""
    knowledge = _knowledge(ctx)
    knowledge.unverified = True
    inequity = Condition(
        "inequitable", "It is inequitable to include the item in your income", "judgment",
        ["Whether it is inequitable is the IRS's judgment on the facts (Rev. Proc. 2013-34 factors)."],
        [CITE["irc66c"]],
    )
    conditions = _community_conditions(ctx) + [knowledge, inequity]
    if deadline is not None:
        conditions.append(timely(ctx, deadline))
    conditions.append(from_bars(bars))
    finding = Finding(ID, TITLE, ctx.year.year, conditions=conditions, deadlines=[deadline] if deadline else [])
    finding.notes.append("Request it on Form 8857 (the same form as innocent spouse relief); one form asks for traditional and equitable relief together.")
    return finding


def screen_equitable(ctx: YearContext, bars: Finding, unpaid: Deadline | None, refund: Deadline | None) -> Finding:
    """Equitable 66(c) relief (Rev. Proc. 2013-34, thresholds 1 and 2 waived): timely within the collection
    period for unpaid tax, or the refund period for tax paid; no knowledge test of its own (knowledge is a factor)."""
    marital = household_test(ctx, "federal/relief/equitable_marital_status_months", ctx.request_date, CITE["rp_factors"], purpose="the marital-status element", widowed_heir_rule=True)
    factors = irc6015f.factors_for(ctx, marital)
    timely_condition = irc6015f.timely(ctx, unpaid, refund)
    timely_condition.citations = [CITE["irc66c_equitable_timing"]]
    conditions = _community_conditions(ctx) + [
        timely_condition,
        no_fraudulent_scheme(ctx, CITE["rp_threshold"]),
        irc6015f.disqualified_assets(ctx),
        from_bars(bars),
        irc6015f.determination(ctx, marital, factors),
    ]
    finding = Finding(
        EQUITABLE_ID, EQUITABLE_TITLE, ctx.year.year, conditions=conditions, factors=factors,
        deadlines=[d for d in (unpaid, refund) if d is not None],
    )
    timing, _, _ = param("federal/deadlines/irc66c_request_timing", ctx.request_date)
    months = int(timing["months_before_assessment_period_ends"])  # type: ignore[index]
    finding.notes.append(
        f"Equitable relief from community-property law is not limited to {period_words(months, 'month')} before your spouse's assessment "
        "period ends: it follows the collection period for unpaid tax and the refund period for tax paid."
    )
    return finding

"""When Form 8857 must not be filed for a year (Reg. 1.6015-1(c), (e); IRC 6015(g)(2)), and premature claims.

Finding id ``form8857_may_be_filed``: ``met`` means nothing bars a request for the year,
``not_met`` means a bar applies (the reasons say which).
"""

from __future__ import annotations

from ..findings import Condition, Finding
from ..sources import CITE
from .common import YearContext, yes_no

ID = "form8857_may_be_filed"


def screen(ctx: YearContext) -> Finding:
    year = ctx.year
    proceedings = year.proceedings
    conditions = [
        yes_no(
            None if proceedings.court_decided_relief is None else not proceedings.court_decided_relief,
            id="no_final_court_decision",
            label="No final court decision on relief for the year",
            met_when=True,
            met_reason="No court has decided whether you get relief for this year.",
            not_met_reason="A court has made a final decision on relief for this year: do not file Form 8857 for it (res judicata).",
            citation=CITE["irc6015g2"],
            question=ctx.ask("court_decided_relief", "proceedings.court_decided_relief"),
        ),
        yes_no(
            None if proceedings.took_part_in_court_case is None else not proceedings.took_part_in_court_case,
            id="no_meaningful_participation",
            label="No meaningful participation in a court case where relief could have been asked",
            met_when=True,
            met_reason="You did not take an active part in a court case about this year's tax.",
            not_met_reason="You took an active part in a court case about this year's tax in which relief could have been "
            "asked: relief is barred (unless IRC 6015 did not yet exist when that case ran).",
            citation=CITE["irc6015g2"],
            question=ctx.ask("took_part_in_court_case", "proceedings.took_part_in_court_case"),
        ),
        yes_no(
            None if proceedings.offer_in_compromise is None else not proceedings.offer_in_compromise,
            id="no_offer_in_compromise",
            label="No offer in compromise covering the year",
            met_when=True,
            met_reason="You have not entered into an offer in compromise for this year.",
            not_met_reason="You entered into an offer in compromise covering this year: do not file Form 8857 for it.",
            citation=CITE["reg6015_1c"],
            question=ctx.ask("offer_in_compromise", "proceedings.offer_in_compromise"),
        ),
        yes_no(
            None if proceedings.closing_agreement is None else not proceedings.closing_agreement,
            id="no_closing_agreement",
            label="No closing agreement settling the same liability",
            met_when=True,
            met_reason="You have not signed a closing agreement settling this liability.",
            not_met_reason="You signed a closing agreement that settled this liability: do not file Form 8857 for it "
            "(an exception exists only for agreements made in a pending TEFRA partnership proceeding).",
            citation=CITE["reg6015_1c"],
            question=ctx.ask("closing_agreement", "proceedings.closing_agreement"),
        ),
        _not_premature(ctx),
    ]
    return Finding(ID, "Form 8857 may be filed for the year (no bar applies)", year.year, conditions)


def _not_premature(ctx: YearContext) -> Condition:
    """Reg. 1.6015-5(b)(5): a claim before any audit notice or letter showing a liability is not considered."""
    year = ctx.year
    label = "An audit notice or a letter showing a possible liability has been received"
    evidence = []
    if year.letters:
        evidence.append("letters from the IRS are listed")
    if year.deficiency_asserted_on or year.assessed_on:
        evidence.append("the IRS has proposed or assessed tax")
    if year.collection:
        evidence.append("collection action is listed")
    if year.liabilities.underpayment:
        evidence.append("tax shown on the return is unpaid (the IRS bills it)")
    if year.balance_due:
        evidence.append("a balance is owed")
    if evidence:
        listed = ", ".join(evidence)
        return Condition("not_premature", label, "met", [f"The request would not be premature: {listed}."], [CITE["reg6015_5b5"]])
    if year.letters is not None and year.collection is not None and year.liabilities.understatement is not True:
        return Condition(
            "not_premature",
            label,
            "not_met",
            [
                "Too early: the IRS does not consider a request for a year before you have an audit notice or a letter "
                "showing tax may be owed; a premature request does not count as your election."
            ],
            [CITE["reg6015_5b5"]],
        )
    if year.liabilities.understatement:
        return Condition("not_premature", label, "met", ["The IRS says tax is missing from the return."], [CITE["reg6015_5b5"]])
    return Condition(
        "not_premature",
        label,
        "unknown",
        ["A request is considered only after an audit notice or a letter showing tax may be owed."],
        [CITE["reg6015_5b5"]],
        [ctx.ask("liability_notice", "letters")],
    )

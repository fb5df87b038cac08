"""Pieces shared by the screening modules: the year being screened, and conditions several paths use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ...dates import add_months
from ...money import format_usd
from ...parameters import parameter
from ...trace import ParameterUse
from ..deadlines import Deadline, period_words
from ..facts import Facts, Item, TaxYear
from ..findings import Condition, Factor, Finding, Question
from ..sources import CITE

NO_LONGER_MARRIED = ("divorced", "legally_separated", "widowed")


@dataclass
class YearContext:
    """What a relief path's screening reads for one tax year."""

    facts: Facts
    year: TaxYear
    index: int
    as_of: date
    request_date: date

    def field(self, name: str) -> str:
        return f"tax_years.{self.index}.{name}"

    def ask(self, question_id: str, name: str, about: str | None = None) -> Question:
        return Question.ask(question_id, self.field(name), about or str(self.year.year))

    def spouse_items(self) -> list[tuple[int, Item]]:
        return [(i, item) for i, item in enumerate(self.year.items or []) if item.owner == "spouse"]

    def community_property_states(self) -> tuple[str, ...]:
        return parameter("federal/relief/community_property_states").at(date(self.year.year, 1, 1)).value

    def lived_in_community_property_state(self) -> bool | None:
        state = self.year.residence_state
        if state is None:
            return None
        return state in self.community_property_states()


def param(name: str, on: date) -> tuple[object, str, bool]:
    """A parameter's value, its citation, and whether it is unverified."""
    used = parameter(name).at(on)
    return used.value, used.citation(), used.verified == "U"


def param_use(name: str, on: date) -> ParameterUse:
    return ParameterUse.of(parameter(name).at(on))


def yes_no(
    value: bool | None,
    *,
    id: str,
    label: str,
    met_when: bool,
    met_reason: str,
    not_met_reason: str,
    citation: str,
    question: Question,
    unverified: bool = False,
) -> Condition:
    """A condition settled by one yes/no answer."""
    if value is None:
        return Condition(id, label, "unknown", [f"Not yet answered: {question.text}"], [citation], [question], unverified)
    if value == met_when:
        return Condition(id, label, "met", [met_reason], [citation], unverified=unverified)
    return Condition(id, label, "not_met", [not_met_reason], [citation], unverified=unverified)


def joint_return(ctx: YearContext) -> Condition:
    condition = yes_no(
        ctx.year.joint_return,
        id="joint_return",
        label="A joint return was filed for the year",
        met_when=True,
        met_reason=f"You filed a joint return for {ctx.year.year}.",
        not_met_reason=f"No joint return was filed for {ctx.year.year}; relief under IRC 6015 needs one "
        "(separate filers in a community-property state use IRC 66(c)).",
        citation=CITE["joint_return"],
        question=ctx.ask("joint_return", "joint_return"),
    )
    if ctx.year.joint_return and ctx.facts.abuse.signed_under_duress:
        condition.reasons.append(
            "You say you signed under duress: a return signed under duress is not a joint return for you, and you are "
            "liable only for your own tax (Reg. 1.6013-4(d)); say so on Form 8857."
        )
        condition.citations.append(CITE["reg6013_4d"])
    return condition


def tax_covered(ctx: YearContext) -> Condition:
    kind = ctx.year.liabilities.tax_kind
    if kind == "income":
        return Condition("tax_covered", "The tax is income tax (or self-employment tax)", "met", ["The liability is income tax, which IRC 6015 covers."], [CITE["reg6015_1a3"]])
    return Condition(
        "tax_covered",
        "The tax is income tax (or self-employment tax)",
        "not_met",
        [_NOT_COVERED[kind]],
        [CITE["reg6015_1a3"]],
    )


_NOT_COVERED = {  # the kinds of tax IRC 6015 does not reach, each in a whole sentence
    "household_employment": "Relief under IRC 6015 does not reach household employment taxes.",
    "shared_responsibility": "Relief under IRC 6015 does not reach shared responsibility taxes.",
    "business": "Relief under IRC 6015 does not reach business taxes.",
    "trust_fund_recovery_penalty": "Relief under IRC 6015 does not reach trust fund recovery penalty taxes.",
}


def no_fraudulent_scheme(ctx: YearContext, citation: str) -> Condition:
    return yes_no(
        None if ctx.year.fraudulent_scheme_transfers is None else not ctx.year.fraudulent_scheme_transfers,
        id="no_fraudulent_scheme",
        label="No transfer of property between the spouses as part of a fraudulent scheme",
        met_when=True,
        met_reason="No property moved between you as part of a fraudulent scheme (the IRS must prove one).",
        not_met_reason="Property moved between you and your spouse as part of a fraudulent scheme: no relief under IRC 6015 is available.",
        citation=citation,
        question=ctx.ask("fraudulent_scheme_transfers", "fraudulent_scheme_transfers"),
    )


def from_bars(bars: Finding) -> Condition:
    """Carry the 'may Form 8857 be filed' finding into a path as one condition."""
    return Condition(
        "form8857_may_be_filed",
        "Nothing bars a Form 8857 request for the year",
        bars.status,
        bars.reasons,
        bars.citations,
        bars.missing,
        bars.unverified,
    )


def timely_bc(ctx: YearContext, election: Deadline) -> Condition:
    years = int(parameter("federal/deadlines/irc6015bc_election_years").at(ctx.request_date).value)
    span = period_words(years, "year")
    span_adjective = period_words(years, "year", adjective=True)
    label = f"Elected within {span} after the first collection activity against you"
    cite = [CITE["irc6015b_e"], CITE["reg6015_5b2"]]
    if election.status == "unknown":
        return Condition("timely", label, "unknown", ["The deadline depends on collection activity against you, which is not listed."], cite, election.missing)
    if election.status == "not_started":
        return Condition(
            "timely",
            label,
            "met",
            [f"No collection activity against you has started the {span_adjective} clock, so a request now is on time."],
            cite,
        )
    assert election.date is not None
    if election.status == "missed":
        return Condition(
            "timely",
            label,
            "not_met",
            [f"The {span_adjective} period ended {election.date.isoformat()} (first collection activity against you: {election.started_on.isoformat()})."
             if election.started_on else f"The {span_adjective} period ended {election.date.isoformat()} (first collection activity against you: as listed)."],
            cite,
        )
    if ctx.request_date > election.date:
        return Condition(
            "timely",
            label,
            "not_met",
            [f"Your planned request date {ctx.request_date.isoformat()} is after the last day, {election.date.isoformat()}: send Form 8857 by then."],
            cite,
        )
    return Condition(
        "timely",
        label,
        "met",
        [f"A request by {election.date.isoformat()} is on time ({span} after the first collection activity; a last day on a weekend or holiday moves to the next business day, IRC 7503)."],
        cite,
    )


def household_test(
    ctx: YearContext, months_param: str, tested_on: date, citation: str, *, purpose: str, widowed_heir_rule: bool = False
) -> Condition:
    """Divorced, legally separated, widowed - or not in the same household during the months ending on ``tested_on``.

    The move-out day counts as a day in the same household, so the test is met from the same
    calendar day ``months`` later (the earlier-safe reading).
    """
    facts = ctx.facts
    status = facts.marriage.status
    label = "Divorced, legally separated, widowed, or not in the same household during the look-back period"
    if status == "widowed" and widowed_heir_rule:
        # Rev. Proc. 2013-34 section 4.03(2)(a)(iii): widowed counts only for one who is not an heir to an estate that can pay.
        heir = facts.marriage.heir_to_estate_that_can_pay
        cited = [citation, CITE["rp_widowed"]]
        if heir is False:
            return Condition("marital_status", label, "met", ["You are widowed and not an heir to an estate of your spouse that could pay the tax."], cited)
        if heir is None:
            return Condition(
                "marital_status", label, "unknown",
                ["Being widowed counts as no longer married only if you are not an heir to your spouse's estate that has enough to pay the tax."],
                cited, [Question.ask("heir_to_estate_that_can_pay", "marriage.heir_to_estate_that_can_pay")],
            )
        return Condition(
            "marital_status", label, "not_met",
            ["You are widowed, but an heir to your spouse's estate that has enough to pay the tax, so you are not treated as no longer married."],
            cited,
        )
    if status in NO_LONGER_MARRIED:
        said = {"divorced": "You are divorced.", "legally_separated": "You are legally separated.", "widowed": "You are widowed."}[status]
        return Condition("marital_status", label, "met", [said], [citation])
    household = facts.household
    status_question = [] if status == "married" else [Question.ask("marital_status", "marriage.status")]
    fail = "not_met" if status == "married" else "unknown"
    if household.living_together:
        return Condition(
            "marital_status", label, fail,
            [f"You still live in the same household as your spouse, so {purpose} is not open now."],
            [citation], status_question,
        )
    if household.moved_apart_on is None:
        return Condition(
            "marital_status", label, "unknown",
            ["Whether you qualify depends on your marital status or on when you stopped living together."],
            [citation], status_question + [Question.ask("moved_apart_on", "household.moved_apart_on")],
        )
    if household.apart_only_temporarily:
        return Condition(
            "marital_status", label, fail,
            ["Your time apart is temporary (such as prison, illness, work, military service or school), which counts as the same household."],
            [citation], status_question,
        )
    value, months_cite, unverified = param(months_param, tested_on)
    months = int(value)  # type: ignore[arg-type]
    qualifies_on = add_months(household.moved_apart_on, months)
    if tested_on >= qualifies_on:
        reasons = [
            f"You have lived apart since {household.moved_apart_on.isoformat()}: by {tested_on.isoformat()} that is at least "
            f"{months} months (counting the move-out day as a day together)."
        ]
        if household.apart_only_temporarily is None:
            return Condition(
                "marital_status", label, "unknown", reasons, [citation, months_cite],
                [Question.ask("apart_only_temporarily", "household.apart_only_temporarily")], unverified,
            )
        return Condition("marital_status", label, "met", reasons, [citation, months_cite], unverified=unverified)
    moved, met_on, tested = household.moved_apart_on.isoformat(), qualifies_on.isoformat(), tested_on.isoformat()
    if purpose == "separation of liability":
        opens = f"You moved apart on {moved}; the {months}-month test is met from {met_on}, after {tested}. Separation of liability opens on {met_on}."
    else:
        opens = f"You moved apart on {moved}; the {months}-month test is met from {met_on}, after {tested}. The marital-status element opens on {met_on}."
    return Condition(
        "marital_status", label, fail,
        [opens],
        [citation, months_cite], status_question, unverified,
    )


def describe_item(item: Item) -> str:
    amount = f" ({format_usd(item.amount)})" if item.amount is not None else ""
    return f"'{item.description}'{amount}"


def abuse_exception(ctx: YearContext) -> bool | None:
    """Reg. 1.6015-3(c)(2)(v): abused before signing and, for fear of retaliation, did not challenge the items."""
    abuse = ctx.facts.abuse
    answers = (abuse.abused, abuse.before_signing, abuse.did_not_challenge_for_fear)
    if all(answer is True for answer in answers):
        return True
    if any(answer is False for answer in answers):
        return False
    return None


def abuse_kept_from_challenging(ctx: YearContext) -> bool | None:
    """Rev. Proc. 2013-34 section 4.03(2)(c)(iv): abuse or financial control counts for the knowledge factor only
    if, because of it, you could not challenge the return or question the payment for fear of retaliation."""
    abuse = ctx.facts.abuse
    claimed = abuse_or_control(ctx)
    if claimed is False or abuse.did_not_challenge_for_fear is False:
        return False
    if claimed and abuse.did_not_challenge_for_fear:
        return True
    return None


def abuse_questions(ctx: YearContext, *, before_signing: bool = False) -> list[Question]:
    """The questions still open about abuse (or control), what it kept you from doing, and when it happened."""
    abuse = ctx.facts.abuse
    asked: list[Question] = []
    if abuse.abused is None and abuse.financial_control is None:
        asked += [Question.ask("abused", "abuse.abused"), Question.ask("financial_control", "abuse.financial_control")]
    if abuse.did_not_challenge_for_fear is None:
        asked.append(Question.ask("did_not_challenge_for_fear", "abuse.did_not_challenge_for_fear"))
    if before_signing and abuse.before_signing is None:
        asked.append(Question.ask("abuse_before_signing", "abuse.before_signing"))
    return asked


def abuse_or_control(ctx: YearContext) -> bool | None:
    abuse = ctx.facts.abuse
    if abuse.abused or abuse.financial_control:
        return True
    if abuse.abused is False and abuse.financial_control is False:
        return False
    return None


def item_amount_text(amount: Decimal | None) -> str:
    return format_usd(amount) if amount is not None else "an amount not given"


def factor(id: str, label: str, weighs: str, reason: str, citation: str, missing: list[Question] | None = None, unverified: bool = False) -> Factor:
    if weighs == "unknown" and missing and reason in ("Not answered.", "Not fully answered."):
        reason = "Not yet answered: " + " ".join(question.text for question in missing)
    return Factor(id, label, weighs, reason, citation, missing or [], unverified)  # type: ignore[arg-type]


@dataclass
class PovertyLine:
    """The HHS poverty guideline for a household, and the income limit a multiple of it gives."""

    guideline: Decimal
    limit: Decimal
    multiple: Decimal
    year: int
    region: str
    citations: list[str]
    unverified: bool
    stale: bool  # the guidelines of a later year are not in the law data


POVERTY_REGIONS = {"AK": ("alaska", "Alaska"), "HI": ("hawaii", "Hawaii")}


def poverty_line(household_size: int, state: str | None, on: date) -> PovertyLine:
    """HHS poverty guideline for ``household_size`` in force on ``on`` (the latest recorded, if later),
    times the economic-hardship multiple of Rev. Proc. 2013-34 section 4.03(2)(b)."""
    guidelines = parameter("federal/relief/poverty_guidelines")
    stale = on > guidelines.known_through
    used = guidelines.at(min(on, guidelines.known_through))
    key, region = POVERTY_REGIONS.get(state or "", ("contiguous", "the 48 contiguous states and DC"))
    table = used.value
    guideline = table[f"{key}_first"] + table[f"{key}_additional"] * (household_size - 1)
    multiple_used = parameter("federal/relief/economic_hardship_poverty_multiple").at(on)
    multiple = Decimal(multiple_used.value)
    return PovertyLine(
        guideline=guideline,
        limit=guideline * multiple,
        multiple=multiple,
        year=used.effective.year,
        region=region,
        citations=[used.citation(), multiple_used.citation()],
        unverified=used.unverified or multiple_used.unverified or stale,
        stale=stale,
    )

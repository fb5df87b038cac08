"""The facts file: what the user told us, kept raw (YAML or JSON; see docs/navigator.md).

Every answer is optional. A missing answer is ``None`` and never means "no": the screening
reports ``unknown`` and names the question that settles it (``QUESTIONS`` below). The words
``unknown``, ``null``, ``~`` and an empty value all mean "not answered". An empty list means
"none" (``collection: []`` - no collection action yet); an absent list means "not answered".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from ..errors import InputError
from ..io import dates_in_range
from ..money import parse_amount

NOT_ANSWERED = {"", "~", "null", "unknown", "not sure", "not_sure", "unsure"}
NONE_WORDS = {"none", "no"}


def _money(raw: Any) -> Decimal | None:
    if raw is None:
        return None
    try:
        return parse_amount(raw, "amount")
    except InputError as exc:
        raise ValueError(exc.message) from None


Money = Annotated[Decimal, BeforeValidator(_money)]
YesNo = bool | None
Owner = Literal["you", "spouse", "joint", "unclear"]


class Model(BaseModel):
    """Strict about unknown fields, lax about spelling of answers (yes/no/true/false)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    _dates_in_range = field_validator("*")(dates_in_range)  # 9999-12-31 overflowed the date arithmetic

    @model_validator(mode="before")
    @classmethod
    def _unanswered_is_none(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {
                key: (None if isinstance(value, str) and value.strip().lower() in NOT_ANSWERED else value)
                for key, value in data.items()
            }
        return data


class Person(Model):
    name: str | None = None


class You(Person):
    @model_validator(mode="before")
    @classmethod
    def _upper_state(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("state"), str):
            data = {**data, "state": data["state"].strip().upper()}
        return data

    state: str | None = Field(None, description="Two-letter state where you live now.")
    poor_health: YesNo = Field(None, description="In poor mental or physical health when signing, or now.")
    education_or_finance_experience: YesNo = None


class Marriage(Model):
    status: Literal["married", "divorced", "legally_separated", "widowed"] | None = None
    married_on: date | None = None
    divorced_on: date | None = None
    legally_separated_on: date | None = None
    widowed_on: date | None = None
    heir_to_estate_that_can_pay: YesNo = Field(None, description="Widowed: an heir to the spouse's estate, which has enough to pay the tax.")


class Household(Model):
    living_together: YesNo = None
    moved_apart_on: date | None = Field(None, description="The day you stopped living in the same household.")
    apart_only_temporarily: YesNo = Field(
        None, description="Apart only for prison, illness, work, military service, school or a trip, expecting to return."
    )


class Abuse(Model):
    abused: YesNo = None
    before_signing: YesNo = None
    did_not_challenge_for_fear: YesNo = None
    financial_control: YesNo = None
    signed_under_duress: YesNo = None
    documentation: list[str] = Field(default_factory=list)
    other_spouse_knows_your_address: YesNo = None


class Finances(Model):
    economic_hardship: YesNo = None
    household_size: int | None = Field(None, ge=1, le=30)
    monthly_income: Money | None = None
    monthly_basic_expenses: Money | None = None
    assets_to_pay_from: YesNo = None
    later_years_compliance: Literal["complied", "good_faith", "not_complied"] | None = None
    can_pay_in_full: YesNo = None
    filed_and_paid_last_five_years: YesNo = None
    installment_agreement_last_five_years: YesNo = None


class Item(Model):
    description: str = Field(min_length=1)
    owner: Owner | None = None
    kind: Literal["unreported_income", "deduction", "credit", "basis", "other"] | None = None
    amount: Money | None = None
    you_knew: Literal["no", "yes", "partly"] | None = None
    known_amount: Money | None = None
    reason_to_know: YesNo = None
    yours_only_by_community_property_law: YesNo = None
    titled_to_you_but_spouses: YesNo = None

    @model_validator(mode="before")
    @classmethod
    def _knew_words(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("you_knew"), (bool, str)):
            value = data["you_knew"]
            lowered = str(value).strip().lower()
            if lowered in ("true", "yes", "y"):
                data = {**data, "you_knew": "yes"}
            elif lowered in ("false", "no", "n"):
                data = {**data, "you_knew": "no"}
            elif lowered in ("part", "partly", "partially", "some"):
                data = {**data, "you_knew": "partly"}
        return data


# Items of the joint return (income, adjustments, exemptions, payments): the input every worksheet
# derives its lines from (spouse_relief/derive.py). Income and adjustment kinds follow Form 1040
# (the IL-8857 worksheet's lines 1-30 use the same words); payments say whose tax they paid.
RETURN_INCOME_KINDS = (
    "wages", "taxable_interest", "ordinary_dividends", "state_tax_refund", "alimony_received", "business_income",
    "capital_gain", "other_gains", "ira_distributions", "pensions_and_annuities",
    "rental_partnership_s_corporation_trust_income", "farm_income", "unemployment_compensation",
    "social_security_benefits", "other_income",
)
RETURN_ADJUSTMENT_KINDS = (
    "educator_expenses", "reservist_artist_official_business_expenses", "health_savings_account_deduction",
    "armed_forces_moving_expenses", "self_employment_tax_deduction", "self_employed_retirement_plans",
    "self_employed_health_insurance", "early_withdrawal_penalty", "alimony_paid", "ira_deduction",
    "student_loan_interest", "tuition_and_fees", "archer_msa_deduction", "other_adjustments",
)
RETURN_PAYMENT_KINDS = ("federal_withholding", "federal_estimated_payment", "illinois_withholding", "illinois_estimated_payment")
# Lines only the Illinois return and the IL-8857 worksheet have (additions, subtractions, credits,
# other taxes, erroneous items, penalties, payments), by the worksheet's own item names.
ILLINOIS_ONLY_KINDS = (
    "exempt_interest_and_dividends", "other_additions", "retirement_income_subtraction", "illinois_refund_subtraction",
    "other_subtractions", "base_income_allocated_to_illinois", "exemption_allowance", "investment_credit_recapture",
    "credit_for_tax_paid_to_other_states", "property_tax_and_education_credit", "schedule_1299c_credits",
    "household_employment_tax", "use_tax", "cannabis_and_gaming_surcharges", "charitable_donation",
    "erroneous_income_or_deduction", "erroneous_exemption", "erroneous_credit", "credit_increase_from_correction",
    "late_filing_penalty", "late_payment_penalty", "estimated_tax_penalty", "other_penalty",
    "pass_through_withholding", "earned_income_credit", "payment_with_return", "payment_after_filing",
    "offset_or_other_payment", "refund_received",
)
RETURN_ITEM_KINDS = RETURN_INCOME_KINDS + RETURN_ADJUSTMENT_KINDS + RETURN_PAYMENT_KINDS + ("exemption",) + ILLINOIS_ONLY_KINDS
ReturnItemKind = Literal[RETURN_ITEM_KINDS]  # type: ignore[valid-type]


class Determination(Model):
    """An allocation of the item made by the IRS, IDOR or a court in a relief proceeding: it wins."""

    by: Literal["IRS", "IDOR", "court"]
    you: Money
    spouse: Money


class ReturnItem(Model):
    kind: ReturnItemKind
    amount: Money | None = None
    owner: Owner | None = None
    description: str | None = None
    on: date | None = Field(None, description="For a payment: the date it was made.")
    knew: list[Literal["you", "spouse"]] | None = Field(None, description="Who knew of the item (where no return was filed before assessment).")
    person: Literal["you", "spouse", "dependent"] | None = Field(None, description="For an exemption: whose.")
    age_65_or_older: YesNo = None
    blind: YesNo = None
    determination: Determination | None = None


class Payment(Model):
    on: date
    amount: Money
    by: Owner | None = None
    source: Literal[
        "with_return",
        "withholding",
        "estimated",
        "installment_agreement",
        "separate",
        "levy",
        "offset_of_your_refund",
    ] | None = None
    own_funds: YesNo = None


CollectionKind = Literal[
    "levy_notice",  # IRC 6330 notice of intent to levy (and right to a CDP hearing)
    "offset_of_your_refund",  # the IRS applied your own refund to this joint liability
    "suit",  # a suit by the United States against you to collect
    "court_claim",  # a claim in a court case (e.g. bankruptcy) involving you or your property
    "lien_notice",  # IRC 6320 notice of a federal tax lien filing
    "levy",  # an actual levy (garnishment, bank levy)
    "demand_for_payment",  # a bill
]


class CollectionEvent(Model):
    kind: CollectionKind
    on: date
    against: Literal["you", "spouse", "both"] | None = None
    notice_mentioned_relief_rights: YesNo = None
    cdp_response_due: date | None = Field(None, description="For a lien notice: the date printed in the notice.")
    lien_filed_on: date | None = Field(None, description="For a lien notice: the date the notice of federal tax lien was filed.")


LetterKind = Literal[
    "audit_notice",
    "exam_contact",
    "cp2000",
    "thirty_day_letter",
    "notice_of_deficiency",
    "balance_due_notice",
    "cdp_notice_of_determination",
]


class Letter(Model):
    kind: LetterKind
    on: date


class AssetTransfer(Model):
    on: date | None = None
    value: Money | None = None
    description: str | None = None
    under_divorce_decree: YesNo = None
    principal_purpose_not_tax_avoidance: YesNo = None


class Liabilities(Model):
    understatement: YesNo = Field(None, description="Tax missing from the return (audit, CP2000, deficiency).")
    underpayment: YesNo = Field(None, description="Tax shown on the return but not paid.")
    tax_kind: Literal[
        "income", "household_employment", "shared_responsibility", "business", "trust_fund_recovery_penalty"
    ] = "income"


class Proceedings(Model):
    court_decided_relief: YesNo = None
    took_part_in_court_case: YesNo = None
    offer_in_compromise: YesNo = None
    closing_agreement: YesNo = None


class RefundOffset(Model):
    status: Literal["taken", "expected", "none"] | None = None
    debt: Literal[
        "federal_tax", "state_income_tax", "state_unemployment", "child_support", "spousal_support", "federal_nontax", "other"
    ] | None = None
    debt_owed_only_by_spouse: YesNo = None
    you_legally_obligated: YesNo = None
    offset_on: date | None = None
    amount: Money | None = None
    by_agency: Literal["irs", "bfs", "idor", "comptroller_local", "other"] | None = None
    your_tax_payments: YesNo = Field(None, description="Form 8379 line 6: withholding or estimated tax of yours.")
    your_earned_income: YesNo = None
    eic_or_additional_child_tax_credit: YesNo = None
    other_refundable_credit: YesNo = None
    joint_return_filed_yet: YesNo = None


class Illinois(Model):
    il_return_filed_yet: YesNo = None
    joint_il_return: YesNo = None
    il_liability: YesNo = Field(None, description="Illinois says tax is owed, or tax was paid, on the joint IL return.")
    want_refund: YesNo = None
    paid_before_boundary: YesNo = Field(None, description="IL-8857 line 14b: entire liability paid before August 13, 1999.")
    original_return_filed_on: date | None = None
    last_payment_on: date | None = None
    request_date: date | None = None
    refund_offset: Literal["taken", "expected", "none"] | None = Field(None, description="An Illinois refund taken for your spouse's debt.")
    offset_by: Literal["idor", "other_agency", "comptroller_local"] | None = None
    residency: Literal["resident", "nonresident", "part_year_resident"] | None = Field(
        None, description="Illinois residency for the year (Form IL-8857 worksheet; default: full-year resident)."
    )
    federal_return_filed_before_assessment: YesNo = Field(None, description="A federal return was filed before the tax was assessed.")
    il_return_filed_before_assessment: YesNo = Field(None, description="An Illinois return was filed before the tax was assessed.")
    filed_federal_form_8857: YesNo = Field(None, description="Federal Form 8857 was filed for this year.")
    transferred_assets_without_full_value: YesNo = Field(
        None, description="Your spouse transferred property to you for less than full value (Form IL-8857)."
    )


class CommunityProperty(Model):
    """IRC 66(c): separate returns in a community-property state."""

    spouses_community_income_not_reported_by_you: YesNo = None
    other_spouse_return_filed_on: date | None = None
    other_spouse_assessment_period_ends: date | None = None


class TaxYear(Model):
    year: int = Field(ge=1990, le=2100)
    joint_return: YesNo = None
    filed_separately: YesNo = None
    return_filed_on: date | None = None
    extension: YesNo = None
    residence_state: str | None = None
    liabilities: Liabilities = Field(default_factory=Liabilities)
    deficiency_asserted_on: date | None = None
    assessed_on: date | None = None
    collection_period_ends: date | None = None
    collection_suspended_days: int | None = Field(None, ge=0)
    balance_due: Money | None = None
    deficiency_amount: Money | None = Field(None, description="The deficiency (additional tax) the IRS determined, without interest.")
    tax_due_without_penalties_and_interest: Money | None = Field(None, description="The part of the balance that is tax alone.")
    underpayment_caused_by: Owner | None = None
    expected_spouse_to_pay: YesNo = None
    knew_spouse_would_not_pay: YesNo = None
    misappropriated_payment: YesNo = Field(None, description="Spouse took money meant to pay the tax.")
    spouse_fraud_caused_it: YesNo = None
    significant_benefit: YesNo = None
    spouse_benefited_exclusively: YesNo = None
    deserted: YesNo = None
    legal_obligation: Literal["spouse_must_pay", "you_must_pay", "none"] | None = None
    knew_spouse_would_not_pay_when_agreed: YesNo = None
    involved_in_finances: YesNo = None
    asked_about_return: YesNo = None
    item_departed_from_pattern: YesNo = None
    fraudulent_scheme_transfers: YesNo = None
    knowingly_filed_fraudulent_return: YesNo = None
    asset_transfers: list[AssetTransfer] | None = None
    items: list[Item] | None = None
    return_items: list[ReturnItem] | None = None
    deficiency_amount: Money | None = Field(None, description="The deficiency the IRS asserts (notice of deficiency), tax only.")
    payments: list[Payment] | None = None
    collection: list[CollectionEvent] | None = None
    letters: list[Letter] | None = None
    proceedings: Proceedings = Field(default_factory=Proceedings)
    refund_offset: RefundOffset = Field(default_factory=RefundOffset)
    illinois: Illinois | None = None
    community_property: CommunityProperty = Field(default_factory=CommunityProperty)

    @model_validator(mode="before")
    @classmethod
    def _none_lists_and_states(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            for key in ("collection", "asset_transfers", "items", "return_items", "payments", "letters"):
                value = data.get(key)
                if isinstance(value, str) and value.strip().lower() in NONE_WORDS:
                    data[key] = []
            if isinstance(data.get("residence_state"), str):
                data["residence_state"] = data["residence_state"].strip().upper()
        return data

    def first_letter(self, *kinds: str) -> Letter | None:
        found = [letter for letter in (self.letters or []) if letter.kind in kinds]
        return min(found, key=lambda letter: letter.on) if found else None


class Form8857Status(Model):
    filed_on: date | None = None
    preliminary_determination_on: date | None = None
    final_determination_on: date | None = None


class Facts(Model):
    as_of: date | None = Field(None, description="The date of the screening (default: today).")
    request_date: date | None = Field(None, description="When you plan to send Form 8857 (default: as_of).")
    you: You = Field(default_factory=You)
    spouse: Person = Field(default_factory=Person)
    marriage: Marriage = Field(default_factory=Marriage)
    household: Household = Field(default_factory=Household)
    abuse: Abuse = Field(default_factory=Abuse)
    finances: Finances = Field(default_factory=Finances)
    form8857: Form8857Status = Field(default_factory=Form8857Status)
    tax_years: list[TaxYear] = Field(min_length=1)


# ---------------------------------------------------------------------------------------------
# Questions: each missing answer names one of these, with the field that holds the answer.

QUESTIONS: dict[str, str] = {
    "joint_return": "Did you file a joint return (married filing jointly) for this year?",
    "filed_separately": "Did you file a separate return (married filing separately) for this year?",
    "understatement": "Does the IRS say tax is missing from this year's return (an audit, a CP2000 notice, a notice of deficiency)?",
    "underpayment": "Was tax shown on this year's return left unpaid?",
    "items": "Which items caused the missing tax (unreported income, wrong deductions or credits), and whose were they?",
    "item_owner": "Whose item is it: yours, your spouse's, or both of yours?",
    "item_you_knew": "When you signed the return, did you know about this item (no, yes, or only part of it)?",
    "item_known_amount": "How much of this item did you know about when you signed?",
    "item_reason_to_know": "Would a reasonable person in your place have known about this item when signing?",
    "significant_benefit": "Did you get money or property beyond normal support from the item or the unpaid tax?",
    "marital_status": "Are you now married to, divorced from, legally separated from, or widowed by the spouse on the return?",
    "living_together": "Do you and your spouse live in the same household now?",
    "moved_apart_on": "On what date did you stop living in the same household as your spouse?",
    "apart_only_temporarily": "Is the time apart only temporary (prison, illness, work, military service, school) with a plan to return?",
    "deficiency_asserted": "Has the IRS proposed additional tax (a 30-day letter, CP2000 or notice of deficiency)? On what date?",
    "collection": "Has the IRS taken collection action against you for this year (a levy notice, keeping your own refund, a suit, a claim in a court case)? List each with its date, or answer none.",
    "collection_rights_notice": "Did the IRS notice about keeping your refund tell you about your right to ask for innocent spouse relief?",
    "fraudulent_scheme_transfers": "Did you and your spouse move money or property between you as part of a scheme to cheat the IRS or anyone else?",
    "asset_transfers": "Did your spouse give or transfer money or property to you (other than normal support)? List each with its date and value, or answer none.",
    "asset_transfer_date": "On what date was this transfer made?",
    "knowingly_filed_fraudulent_return": "Did you knowingly take part in filing a fraudulent joint return?",
    "court_decided_relief": "Has a court made a final decision on whether you get relief for this year?",
    "took_part_in_court_case": "Did you take an active part in a court case about this year's tax in which you could have asked for relief?",
    "offer_in_compromise": "Did you enter into an offer in compromise with the IRS covering this year?",
    "closing_agreement": "Did you sign a closing agreement with the IRS that settled this liability?",
    "liability_notice": "Have you received an audit notice, a proposed-tax letter or a bill for this year?",
    "abused": "Were you abused by your spouse (physically, psychologically, sexually or emotionally, including control, isolation or intimidation)?",
    "abuse_before_signing": "Did the abuse happen before you signed the return?",
    "did_not_challenge_for_fear": "Because of the abuse, did you not question items on the return for fear of what your spouse would do?",
    "financial_control": "Did your spouse control the household money so that you could not question the return or the payment?",
    "economic_hardship": "Would paying this tax leave you unable to pay your reasonable basic living expenses (housing, food, medical care, transportation)?",
    "legal_obligation": "Does a divorce decree or binding agreement say who must pay this tax (your spouse, you, or neither)?",
    "later_years_compliance": "Have you filed and paid your taxes in the years since (complied, good-faith effort, or not)?",
    "poor_health": "Were you in poor mental or physical health when you signed the return or now?",
    "underpayment_caused_by": "Whose income produced the unpaid tax: yours, your spouse's, or both?",
    "knew_spouse_would_not_pay": "When you signed, did you know or have reason to know your spouse would not or could not pay the tax shown?",
    "assessed_on": "On what date was the tax assessed (see your IRS account transcript), or when does the IRS collection period end?",
    "return_filed_on": "On what date was the joint return filed?",
    "payments": "What payments were made for this year, on what dates, by whom, and how (with the return, withholding, estimated, installment, separate)?",
    "refund_offset_status": "Was a joint refund for this year taken (or is it expected to be taken) to pay a debt?",
    "refund_offset_debt": "What was the debt: past-due federal tax, state income tax, child support, spousal support, federal nontax debt (such as a student loan), or state unemployment compensation?",
    "debt_owed_only_by_spouse": "Is the debt owed only by your spouse (not jointly by you both)?",
    "you_legally_obligated": "Are you legally obligated to pay this debt?",
    "your_tax_payments": "Did you have federal tax withheld or make estimated tax payments for this year?",
    "your_earned_income": "Did you have earned income (wages, salary or self-employment) this year?",
    "eic_or_additional_child_tax_credit": "Did you claim the earned income credit or the additional child tax credit?",
    "other_refundable_credit": "Did you claim another refundable credit (for example the American opportunity credit or the premium tax credit)?",
    "offset_on": "On what date was the refund taken (see the offset notice)?",
    "residence_state": "In which state did you live during this year?",
    "community_income_not_reported": "Is the tax about your spouse's community income that you did not report on your separate return?",
    "other_spouse_assessment_period": "When does the IRS's time to assess your spouse's tax for this year end (or when did your spouse file a return)?",
    "joint_il_return": "Did you file a joint Illinois return (Form IL-1040) for this year?",
    "il_liability": "Does Illinois say tax is owed on the joint return, or do you want back Illinois tax paid?",
    "paid_before_boundary": "Was the entire Illinois liability for this year paid before August 13, 1999?",
    "il_original_return_filed_on": "On what date was the joint Illinois return filed?",
    "il_last_payment_on": "On what date was Illinois tax last paid for this year?",
    "il_request_date": "On what date will you send Form IL-8857 for this year?",
    "il_refund_offset": "Was (or will) an Illinois refund for this year be taken to pay a debt of your spouse?",
    "il_offset_by": "Who took the Illinois refund: the Illinois Department of Revenue, another state agency, or the Comptroller for a local government debt?",
    "deficiency_amount": "How much additional tax does the IRS say is owed for this year (the notice of deficiency or 30-day letter)?",
    "return_items": "What was on the joint return: each income, adjustment and tax payment, its amount, and whose it was?",
    "balance_due": "How much is still owed for this year (tax, penalties and interest)?",
    "can_pay_in_full": "Can you pay the balance in full now?",
    "filed_and_paid_last_five_years": "In the last five years, did you file all returns and pay all tax?",
    "installment_agreement_last_five_years": "Did you have an installment agreement in the last five years?",
    # Added for the law corrections (economic hardship, widowed heirs, lien filings, deficiencies, debts)
    "household_size": "How many people live in your household (you, and those who depend on you)?",
    "assets_to_pay_from": "Do you have savings or other assets you could pay the tax from and still meet your basic living expenses?",
    "heir_to_estate_that_can_pay": "Are you an heir to your late spouse's estate, and does the estate have enough to pay this tax?",
    "lien_filed_on": "On what date was the notice of federal tax lien filed (it is on the lien notice)?",
    "deficiency_amount": "How much additional tax (the deficiency, without interest and penalties) did the IRS determine for this year?",
    "asset_transfer_value": "What was the transferred money or property worth?",
    "tax_due_without_penalties_and_interest": "How much of the balance is tax alone (without penalties and interest)? Your IRS account transcript shows it.",
}


def question_text(question_id: str) -> str:
    return QUESTIONS[question_id]


def load_facts(data: Any, *, name: str = "facts") -> Facts:
    """Validate a parsed facts document. Errors name the field (``tax_years.0.items.1.you_knew``)."""
    from pydantic import ValidationError

    from ..io import pydantic_error

    if not isinstance(data, dict):
        raise InputError(name, "the facts file must be a mapping of fields (see docs/navigator.md)")
    try:
        facts = Facts.model_validate(data)
    except ValidationError as exc:
        error = pydantic_error(exc)
        if error.message.startswith("Value error, "):
            error = InputError(error.field, error.message[len("Value error, "):])
        raise error from None
    _check_consistency(facts)
    return facts


def _check_consistency(facts: Facts) -> None:
    as_of = facts.as_of or date.today()
    seen: set[int] = set()
    for index, year in enumerate(facts.tax_years):
        where = f"tax_years.{index}"
        if year.year in seen:
            raise InputError(f"{where}.year", f"{year.year} appears twice; list each tax year once")
        seen.add(year.year)
        if year.year >= as_of.year:
            raise InputError(f"{where}.year", f"{year.year} has not ended by {as_of.isoformat()}, the date of this screening")
        if year.return_filed_on and year.return_filed_on.year <= year.year:
            raise InputError(f"{where}.return_filed_on", f"a return for {year.year} cannot be filed before the year ends")
        if year.joint_return and year.filed_separately:
            raise InputError(f"{where}.filed_separately", "a year cannot have both a joint return and a separate return")
        dated: list[tuple[str, date | None]] = [
            ("return_filed_on", year.return_filed_on),
            ("deficiency_asserted_on", year.deficiency_asserted_on),
            ("assessed_on", year.assessed_on),
            ("refund_offset.offset_on", year.refund_offset.offset_on),
        ]
        dated += [(f"payments.{i}.on", payment.on) for i, payment in enumerate(year.payments or [])]
        dated += [(f"collection.{i}.on", event.on) for i, event in enumerate(year.collection or [])]
        dated += [(f"letters.{i}.on", letter.on) for i, letter in enumerate(year.letters or [])]
        for field, when in dated:
            if when is not None and when > as_of:
                raise InputError(f"{where}.{field}", f"{when.isoformat()} is after the screening date {as_of.isoformat()} (as_of)")
        for i, item in enumerate(year.items or []):
            if item.known_amount is not None and item.amount is not None and item.known_amount > item.amount:
                raise InputError(f"{where}.items.{i}.known_amount", "is larger than the item's amount")
        if year.residence_state and len(year.residence_state) != 2:
            raise InputError(f"{where}.residence_state", "use the two-letter state code (e.g. IL, TX)")
    if facts.request_date and facts.request_date < as_of and facts.form8857.filed_on is None:
        raise InputError("request_date", f"is before the screening date {as_of.isoformat()}; give the date you plan to send Form 8857")
    if facts.you.state and len(facts.you.state) != 2:
        raise InputError("you.state", "use the two-letter state code (e.g. IL, TX)")
    if facts.household.moved_apart_on and facts.household.moved_apart_on > as_of:
        raise InputError("household.moved_apart_on", "is after the screening date (as_of)")
    if facts.household.moved_apart_on and facts.household.living_together:
        raise InputError("household.living_together", "says you live together, but household.moved_apart_on gives a date you moved apart")

"""Answers only a form asks: the Form 8857 and Form 8379 questions the rest of the case does not
settle (language, safe contact details, education, what you knew, the line 20-22 table, Part V),
and the paid preparer. Stored once, on the case (``Case.forms``); every field is optional and a
missing answer stays blank on the form and is listed for the person to fill ("unknown is not no").

``QUESTIONS`` is the registry the interview reads: each question in plain words, why the IRS
asks it, the printed line it fills, and the form it belongs to, so a question is asked only when
its form applies to the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ..errors import InputError
from ..money import parse_amount


def _money(raw: Any) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return parse_amount(raw, "amount")
    except InputError as exc:
        raise ValueError(exc.message) from None


Money = Annotated[Decimal, BeforeValidator(_money)]
Text = Annotated[str, Field(max_length=5000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_unanswered(cls, data: Any) -> Any:
        """An empty or null answer is "not answered": the field keeps its default."""
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data


class Address(_Model):
    """An address split the way the forms print it."""

    street: str = Field("", max_length=200, description="Number and street or P.O. box")
    apt: str = Field("", max_length=40)
    city_state_zip: str = Field("", max_length=200, description="City, town or post office, state, and ZIP code")
    county: str = Field("", max_length=100)
    country: str = Field("", max_length=100, description="Only for a foreign address")

    def is_empty(self) -> bool:
        return not (self.street or self.city_state_zip)


class Asset(_Model):
    """Form 8857 line 20: one row of the assets table."""

    description: str = Field(min_length=1, max_length=200)
    fair_market_value: Money | None = None
    loan_balance: Money | None = None


class OtherAmount(_Model):
    """A typed row of line 22 (other income, court-ordered payments)."""

    type: str = Field(min_length=1, max_length=120)
    amount: Money


MonthlyIncome = Literal[
    "gifts", "wages", "pensions", "unemployment", "social_security", "government_assistance", "alimony",
    "child_support", "self_employment", "rental", "interest_dividends",
]
MonthlyExpense = Literal[
    "food", "housekeeping", "clothing", "personal_care", "auto", "public_transportation", "rent_or_mortgage",
    "real_estate_taxes_insurance", "utilities", "telephone", "cable_internet", "health_insurance", "out_of_pocket_medical",
    "child_care", "caregiver", "income_tax_withholding", "estimated_tax", "term_life_insurance",
    "retirement_required", "retirement_voluntary", "union_dues", "unpaid_state_local_taxes", "student_loans", "miscellaneous",
]


class PaidPreparer(_Model):
    name: str = Field(min_length=1, max_length=200)
    self_employed: bool | None = None
    ptin: str = Field("", max_length=11)
    firm_name: str = Field("", max_length=200)
    firm_address: str = Field("", max_length=300)
    firm_ein: str = Field("", max_length=10)
    phone: str = Field("", max_length=40)


class Representative(_Model):
    """Form 2848 line 2: the attorney, CPA, enrolled agent or clinic student who will act for you."""

    name: str = Field(min_length=1, max_length=200)
    address: str = Field("", max_length=300)
    caf_number: str = Field("", max_length=20)
    ptin: str = Field("", max_length=11)
    phone: str = Field("", max_length=40)
    fax: str = Field("", max_length=40)


class AbuseStatement(_Model):
    """Form 8857 Part V. Filled only when the person chose to tell (``share: true``)."""

    share: bool | None = Field(None, description="Chose to answer Part V on the form (the part is not mandatory).")
    no_account_code: bool | None = Field(None, description="Line 23a: do not put the abuse code on my account.")
    description: Text = Field("", description="Line 23b, in the person's words.")
    afraid: bool | None = Field(None, description="Line 23c.")
    danger: bool | None = Field(None, description="Line 23d.")


class Form8857Answers(_Model):
    english_primary: bool | None = Field(None, description="Line 4")
    language: str = Field("", max_length=80, description="Line 4, if English is not the primary language")
    contact_address: Address = Field(default_factory=Address, description="Line 5: where to be contacted (may be a safe address)")
    send_all_mail_here: bool | None = Field(None, description="Line 5: send all mail, including legal notices, to this address")
    safe_phone: str = Field("", max_length=40, description="Line 5: best or safest daytime phone")
    voicemail_ok: bool | None = Field(None, description="Line 5: consent to a voicemail at this number")
    spouse_address: Address = Field(default_factory=Address, description="Line 6: the other spouse's current address, if known")
    spouse_phone: str = Field("", max_length=40, description="Line 6")
    education: Literal["none", "high_school", "some_college", "college_degree"] | None = Field(None, description="Line 8")
    degrees: str = Field("", max_length=300, description="Line 8")
    business_courses: Text = Field("", description="Line 8")
    education_explanation: Text = Field("", description="Line 8")
    health_explanation: Text = Field("", description="Line 9")
    afraid_to_provide: bool | None = Field(None, description="Line 10: offered, never assumed")
    intended_joint_return: bool | None = Field(None, description="Line 11")
    intended_joint_explanation: Text = Field("", description="Line 11")
    return_preparation: Text = Field("", description="Line 12")
    knowledge_of_income: Text = Field("", description="Line 13")
    missing_or_incorrect_information: Text = Field("", description="Line 14")
    balance_due_expectation: Text = Field("", description="Line 15")
    financial_problems: Text = Field("", description="Line 16")
    household_finances: Text = Field("", description="Line 17")
    large_expenses: bool | None = Field(None, description="Line 18")
    large_expenses_description: Text = Field("", description="Line 18")
    transfers: bool | None = Field(None, description="Line 19 (when the case does not already say)")
    transfers_description: Text = Field("", description="Line 19")
    assets: list[Asset] | None = Field(None, description="Line 20")
    people_supported: int | None = Field(None, ge=1, le=30, description="Line 21 (default: household size)")
    monthly_income: dict[MonthlyIncome, Money] | None = Field(None, description="Line 22, income")
    other_income: list[OtherAmount] = Field(default_factory=list, max_length=3)
    monthly_expenses: dict[MonthlyExpense, Money] | None = Field(None, description="Line 22, expenses")
    court_ordered_payments: list[OtherAmount] = Field(default_factory=list, max_length=3)
    abuse: AbuseStatement = Field(default_factory=AbuseStatement, description="Part V")
    additional_information: Text = Field("", description="Line 24")
    want_refund: bool | None = Field(None, description="Line 25")


class Form8379Answers(_Model):
    """Part I answers the screening facts do not hold, and Part II."""

    community_property_states: str = Field("", max_length=200, description="Line 5, if a community property state")
    first_on_return: Literal["you", "spouse"] | None = Field(None, description="Line 10: whose name is shown first on the joint return")
    refund_in_both_names: bool | None = Field(None, description="Line 11")
    refund_to_different_address: bool | None = Field(None, description="Line 12")
    refund_address: Address = Field(default_factory=Address, description="Line 12: the different address for the refund")


class IL8857Answers(_Model):
    """Form IL-8857 Step 2 asks one thing the rest of the case does not."""

    spouse_employer: str = Field("", max_length=300, description="Line 11: that person's place of employment and its address")


class FormAnswers(_Model):
    """What only the forms ask (``Case.forms``)."""

    f8857: Form8857Answers = Field(default_factory=Form8857Answers)
    f8379: Form8379Answers = Field(default_factory=Form8379Answers)
    il8857: IL8857Answers = Field(default_factory=IL8857Answers)
    paid_preparer: PaidPreparer | None = None
    representative: Representative | None = Field(None, description="Form 2848: someone who will act for you")


def parse_answers(document: Any, prefix: str = "forms") -> FormAnswers:
    """Validate a ``forms`` document; errors name the field."""
    from pydantic import ValidationError

    from ..io import pydantic_error

    if document is None:
        return FormAnswers()
    if not isinstance(document, dict):
        raise InputError(prefix, "expected a mapping of answers")
    try:
        return FormAnswers.model_validate(document)
    except ValidationError as exc:
        raise pydantic_error(exc, prefix) from None


# ---------------------------------------------------------------------------------------------
# The question registry: what the interview asks, only when the form applies.


@dataclass(frozen=True)
class FormQuestion:
    """One question only a form asks: its form and line, the answer's field, the words and why it is asked."""

    id: str
    form: Literal["8857", "8379", "IL-8857", "any"]
    line: str
    field: str
    text: str
    why: str
    kind: Literal["yes_no", "text", "choice", "address", "money_table", "rows", "number", "person"] = "text"
    when: str = ""
    where: str = ""  # the printed place it fills, when that is not one line of one form

    @property
    def reference(self) -> str:
        if self.where:
            return self.where
        name = f"Form {self.form}" if self.form != "any" else "the forms"
        return f"{name}, line {self.line}" if self.line else name

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "form": self.form, "line": self.line, "field": self.field, "text": self.text,
            "why": self.why, "kind": self.kind, "when": self.when, "reference": self.reference,
        }


_Q = FormQuestion
QUESTIONS: tuple[FormQuestion, ...] = (
    _Q("language", "8857", "4", "f8857.english_primary", "Is English the language you prefer to use?",
       "The IRS can arrange an interpreter and write to you in your language.", "yes_no"),
    _Q("language_name", "8857", "4", "f8857.language", "Which language do you prefer?", "So the IRS can contact you in it.",
       when="language is no"),
    _Q("contact_address", "8857", "5", "f8857.contact_address", "Where should the IRS write to you about this request? It can be a safe address, such as a P.O. box or a trusted person's address.",
       "The IRS sends its letters there; it will not tell your spouse this address.", "address"),
    _Q("county", "8857", "5", "f8857.contact_address.county", "In which county is that address?", "The form asks for it beside the address.", when="an address is given"),
    _Q("send_all_mail_here", "8857", "5", "f8857.send_all_mail_here", "Should the IRS send all your mail, including legal notices, to this address?",
       "Otherwise the IRS may keep using the address on your last tax return.", "yes_no", when="an address is given"),
    _Q("safe_phone", "8857", "5", "f8857.safe_phone", "What is the best or safest phone number to reach you on weekdays?",
       "The IRS may call with questions; give a number only you answer.", "text"),
    _Q("voicemail_ok", "8857", "5", "f8857.voicemail_ok", "Is it safe for the IRS to leave a voicemail at that number?",
       "If someone else might hear it, say no.", "yes_no", when="a phone number is given"),
    _Q("spouse_address", "8857", "6", "f8857.spouse_address", "What is your spouse's (or former spouse's) current address, if you know it?",
       "The IRS must contact that person; leave it blank if you do not know.", "address"),
    _Q("education", "8857", "8", "f8857.education", "What was the highest level of school you had finished when the returns were filed?",
       "The IRS considers whether you could have understood the return.", "choice"),
    _Q("business_courses", "8857", "8", "f8857.business_courses", "Did you take any college courses in business or tax? Which ones?",
       "Part of the same question about understanding the return."),
    _Q("health_explanation", "8857", "9", "f8857.health_explanation", "Tell us about the health problem and when it started.",
       "Poor health when signing or now can weigh in your favor.", when="poor health is yes"),
    _Q("afraid_to_provide", "8857", "10", "f8857.afraid_to_provide", "Is there anything you are afraid to put on this form but would talk about with the IRS?",
       "If you say yes, the IRS will talk with you about it instead of asking you to write it down.", "yes_no"),
    _Q("intended_joint_return", "8857", "11", "f8857.intended_joint_return", "Did you mean to file a joint return with your spouse for these years? Why or why not?",
       "If you did not agree to a joint return, it may not be a joint return at all.", "yes_no"),
    _Q("return_preparation", "8857", "12", "f8857.return_preparation", "How were you involved in preparing the returns? Did you give papers, review the return, or sign without seeing it?",
       "The IRS asks what part you had in the returns."),
    _Q("knowledge_of_income", "8857", "13", "f8857.knowledge_of_income", "What did you know about your spouse's income when the returns were filed?",
       "What you knew or had reason to know decides innocent spouse relief."),
    _Q("missing_or_incorrect_information", "8857", "14", "f8857.missing_or_incorrect_information", "What did you know about anything missing or wrong on the returns, and did you ask about it?",
       "Same reason: what you knew when you signed."),
    _Q("balance_due_expectation", "8857", "15", "f8857.balance_due_expectation", "If tax was owed with the return, how did you think it would be paid?",
       "For unpaid tax, the IRS asks whether you reasonably expected it to be paid."),
    _Q("financial_problems", "8857", "16", "f8857.financial_problems", "Were you having money problems when the returns were filed (bankruptcy, unpaid bills)?",
       "Helps show what you could have known or done."),
    _Q("household_finances", "8857", "17", "f8857.household_finances", "How were you involved in the household money? Joint accounts, who paid bills, who saw statements?",
       "Involvement in finances is one of the factors the IRS weighs."),
    _Q("large_expenses", "8857", "18", "f8857.large_expenses", "In those years, did you or your spouse make large purchases or have large expenses (trips, cars, jewelry, home improvements)?",
       "The IRS asks whether you benefited beyond normal support.", "yes_no"),
    _Q("transfers", "8857", "19", "f8857.transfers", "Did your spouse transfer money or property to you?",
       "Transfers can limit separation of liability.", "yes_no", when="the case does not list transfers yet"),
    _Q("assets", "8857", "20", "f8857.assets", "What do you own now (cash, bank accounts, car, home), what is each worth, and what do you still owe on it?",
       "The IRS weighs whether paying would cause economic hardship.", "rows"),
    _Q("people_supported", "8857", "21", "f8857.people_supported", "How many people do you support now, counting yourself?",
       "Part of the economic hardship question.", "number"),
    _Q("monthly_income", "8857", "22", "f8857.monthly_income", "What is your household's average monthly income, by kind?",
       "Part of the economic hardship question.", "money_table"),
    _Q("monthly_expenses", "8857", "22", "f8857.monthly_expenses", "What are your household's average monthly expenses, by kind?",
       "Part of the economic hardship question.", "money_table"),
    _Q("abuse_share", "8857", "23a", "f8857.abuse.share", "You told us about abuse. Do you want to describe it on the form? This part is not required.",
       "Abuse can weigh strongly in your favor, but you choose what to tell. You can also tell the IRS by phone instead (line 10).",
       "yes_no", when="abuse is yes"),
    _Q("abuse_description", "8857", "23b", "f8857.abuse.description", "Describe the abuse, roughly when it began, and how it affected your ability to question the return or the payment.",
       "In your own words; attach a longer statement if you want.", when="chose to describe abuse"),
    _Q("abuse_afraid", "8857", "23c", "f8857.abuse.afraid", "Are you afraid of your spouse or former spouse?", "Helps the IRS handle your request with care.", "yes_no",
       when="chose to describe abuse"),
    _Q("abuse_danger", "8857", "23d", "f8857.abuse.danger", "Does that person pose a danger to you, your children or your family?", "Same reason.", "yes_no",
       when="chose to describe abuse"),
    _Q("no_account_code", "8857", "23a", "f8857.abuse.no_account_code", "The IRS puts a note on your account so staff handle it with care. Do you NOT want that note?",
       "You can ask the IRS to remove it later.", "yes_no", when="chose to describe abuse"),
    _Q("additional_information", "8857", "24", "f8857.additional_information", "Is there anything else the IRS should know to decide whether it is unfair to hold you liable?",
       "The Tax Court may only look at what the IRS had, so say it now."),
    _Q("want_refund", "8857", "25", "f8857.want_refund", "If you qualify and already paid some of this tax, do you want it refunded?",
       "The IRS refunds only if you tick this box.", "yes_no", when="you paid some of the tax"),
    _Q("community_property_states", "8379", "5", "f8379.community_property_states", "Which community property state did you live in during that year?",
       "In those states the IRS divides the refund by state law.", when="lived in a community property state"),
    _Q("first_on_return", "8379", "10", "f8379.first_on_return", "Whose name is shown first on the joint return: yours or your spouse's?",
       "The names and numbers must be in the same order as on the return.", "choice"),
    _Q("refund_in_both_names", "8379", "11", "f8379.refund_in_both_names", "Do you want the refund check issued in both names?",
       "Otherwise you get a separate check for your share.", "yes_no"),
    _Q("refund_address", "8379", "12", "f8379.refund_to_different_address", "Should your refund go to an address different from the one on the joint return? Which?",
       "For example if you have moved.", "address"),
    _Q("spouse_employer", "IL-8857", "11", "il8857.spouse_employer", "Where does your spouse (or former spouse) work, and what is the employer's address, if you know?",
       "Illinois asks for it to contact that person; leave it blank if you do not know."),
    _Q("paid_preparer", "any", "", "paid_preparer", "Is a paid preparer filling in these forms for you? Name, PTIN and firm.",
       "A paid preparer must sign and give these details; choose \"No, nobody\" if you are doing it yourself.", "person",
       where="Paid Preparer Use Only on Form 8857 and Form 8379"),
    _Q("representative", "any", "", "representative", "Will an attorney, CPA, enrolled agent or Low Income Taxpayer Clinic act for you with the IRS? Their name and address.",
       "They need a signed Form 2848 (power of attorney); we fill in your part.", "person", where="Form 2848, line 2"),
)


def questions_for(forms: set[str] | list[str]) -> list[FormQuestion]:
    """The questions to ask when these forms apply ("8857", "8379", "IL-8857")."""
    wanted = set(forms)
    return [question for question in QUESTIONS if question.form in wanted or (question.form == "any" and wanted)]

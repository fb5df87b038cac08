"""What the interview asks next, and how: the engine's open questions (``Outcome.questions``) put in
the order a person thinks, grouped into pages, each with plain words, a "why we ask" line and the
form line it fills; then the questions only a form asks (``forms.source.open_questions``), only
when that form applies.

Nothing here decides relevance from the law: the pipeline names what is still open. This module
only (1) asks about safety first, once, (2) holds back the questions that cannot matter to a
person who owes no tax (her refund was taken for her spouse's debt), and (3) orders and groups.
"""

from __future__ import annotations

import functools
import re

from dataclasses import dataclass, replace
from typing import Any

from ..navigator.findings import Question

SAFETY_FIELD = "abuse.abused"
SAFETY_ID = "abused"


@dataclass(frozen=True)
class Guide:
    group: str  # questions of one group share a page (small yes/no questions), in this order
    why: str
    line: str = ""  # the form line the answer fills, for the preparer
    text: str = ""  # plain words, when the engine's own are not plain enough


# Groups in the order a person thinks: safety, what happened, the return, the marriage, the money,
# what you knew, what the IRS did, then the rest. Each group has a page title.
GROUPS: dict[str, str] = {
    "safety": "Your safety",
    "return": "The joint return",
    "refund": "The refund that was taken",
    "refund_you": "Your part of the joint return",
    "items": "What was on the return",
    "missing": "The tax the IRS says is missing",
    "knew": "What you knew",
    "marriage": "You and your spouse now",
    "abuse": "How you were treated",
    "irs": "What the IRS has done",
    "money": "Paying the tax",
    "history": "Earlier decisions about this tax",
    "honesty": "Two questions the law requires",
    "illinois": "Illinois",
    "later": "Since then",
    "about": "About you",
    "forms": "For the forms",
}

GUIDES: dict[str, Guide] = {
    "abused": Guide("safety", "Abuse can change which relief you get and how we help you keep your address safe. "
                              "You do not have to answer: choose \"I would rather not say\" and go on.", "Form 8857, Part V",
                    "Has your spouse or former spouse ever hurt you, threatened you, or controlled you or your money?"),
    "joint_return": Guide("return", "Relief from a joint return is only for a joint return.", "Form 8857, line 1; Form 8379, line 2"),
    "filed_separately": Guide("return", "A separate return changes which relief can apply.", ""),
    "return_filed_on": Guide("return", "Some deadlines count from the day the return was filed.", "Form 8379 deadline"),
    "residence_state": Guide("return", "Some states have their own relief and their own property rules.", "Form 8379, line 5"),
    "refund_offset_status": Guide("refund", "If a joint refund was taken for your spouse's debt, you may get your share back (injured spouse).", "Form 8379, line 3; Form 8857, line 2"),
    "refund_offset_debt": Guide("refund", "Only some debts can be split this way, and the kind decides who handles it.", "Form 8379, line 3"),
    "debt_owed_only_by_spouse": Guide("refund", "Your share can come back only if the debt was your spouse's alone.", "Form 8379, line 3"),
    "you_legally_obligated": Guide("refund", "If you owe the debt too, the IRS keeps your share.", "Form 8379, line 4"),
    "offset_on": Guide("refund", "The deadline to ask for your share counts from this date.", "Form 8379 deadline"),
    "your_tax_payments": Guide("refund_you", "Your share of the refund comes from your own payments and credits.", "Form 8379, line 6"),
    "your_earned_income": Guide("refund_you", "Same reason: your share depends on your own income and payments.", "Form 8379, line 7"),
    "eic_or_additional_child_tax_credit": Guide("refund_you", "Those credits count toward your share.", "Form 8379, line 8"),
    "other_refundable_credit": Guide("refund_you", "Those credits count toward your share.", "Form 8379, line 9"),
    "return_items": Guide("items", "Your share of a refund or of the tax is computed from who earned and paid what.", "Form 8379, Part III; IL-8857 worksheet"),
    "understatement": Guide("missing", "Relief from tax that was left off the return has its own rules.", "Form 8857, line 1"),
    "underpayment": Guide("missing", "Tax that was on the return but not paid has other rules.", "Form 8857, line 15"),
    "liability_notice": Guide("missing", "A letter from the IRS shows what it says is owed and when.", ""),
    "deficiency_asserted": Guide("missing", "Some deadlines count from the date the IRS first proposed the tax.", ""),
    "deficiency_amount": Guide("missing", "Separation of liability divides this amount between you.", "IRC 6015(d) allocation"),
    "items": Guide("missing", "Relief is decided item by item: whose it was and what you knew.", "Form 8857, lines 13-14"),
    "item_owner": Guide("missing", "You can be relieved of your spouse's items, not your own.", "Form 8857, line 13"),
    "item_you_knew": Guide("knew", "What you knew when you signed decides innocent spouse relief.", "Form 8857, lines 13-14"),
    "item_known_amount": Guide("knew", "Relief can cover the part you did not know about.", "Form 8857, line 13"),
    "item_reason_to_know": Guide("knew", "The IRS asks whether a reasonable person would have known.", "Form 8857, line 14"),
    "knew_spouse_would_not_pay": Guide("knew", "For unpaid tax, the IRS asks what you expected when you signed.", "Form 8857, line 15"),
    "underpayment_caused_by": Guide("knew", "Tax from your spouse's income weighs in your favor.", ""),
    "significant_benefit": Guide("knew", "Benefiting beyond normal support weighs against relief.", "Form 8857, line 18"),
    "marital_status": Guide("marriage", "Separation of liability needs you to be divorced, separated, widowed or living apart.", "Form 8857, line 7"),
    "living_together": Guide("marriage", "Same reason.", "Form 8857, line 7"),
    "moved_apart_on": Guide("marriage", "Living apart for 12 months opens separation of liability.", "Form 8857, line 7"),
    "apart_only_temporarily": Guide("marriage", "A temporary absence does not count as living apart.", ""),
    "abuse_before_signing": Guide("abuse", "Abuse before signing can excuse what you knew.", "Form 8857, Part V"),
    "did_not_challenge_for_fear": Guide("abuse", "Not questioning the return out of fear weighs in your favor.", "Form 8857, Part V"),
    "financial_control": Guide("abuse", "Being kept from the household money weighs in your favor.", "Form 8857, line 17"),
    "collection": Guide("irs", "Collection starts some deadlines (2 years for equitable relief claims of refund, 30 days for a hearing).", "",
                        "Has the IRS started collecting this tax from you (a notice of levy or intent to levy, a lien, or a suit)? "
                        "Do not count a refund taken for your spouse's own debt."),
    "collection_rights_notice": Guide("irs", "If the notice did not tell you about relief, a deadline may not have started.", ""),
    "assessed_on": Guide("irs", "The IRS has a limited time to collect after this date.", ""),
    "lien_filed_on": Guide("irs", "A lien has its own hearing deadline.", ""),
    "balance_due": Guide("money", "What is owed decides which ways of paying are open.", ""),
    "tax_due_without_penalties_and_interest": Guide("money", "Same reason.", ""),
    "can_pay_in_full": Guide("money", "If you cannot pay, there are payment plans and other options.", ""),
    "economic_hardship": Guide("money", "Hardship weighs in your favor for equitable relief.", "Form 8857, lines 20-22"),
    "household_size": Guide("money", "Basic living expenses depend on the size of the household.", "Form 8857, line 21"),
    "assets_to_pay_from": Guide("money", "Same reason: hardship.", "Form 8857, line 20"),
    "heir_to_estate_that_can_pay": Guide("money", "An estate that can pay changes the hardship question.", ""),
    "filed_and_paid_last_five_years": Guide("later", "A simple payment plan needs a clean record.", ""),
    "installment_agreement_last_five_years": Guide("later", "Same reason.", ""),
    "later_years_compliance": Guide("later", "Filing and paying since then weighs in your favor.", ""),
    "poor_health": Guide("later", "Poor health weighs in your favor.", "Form 8857, line 9"),
    "legal_obligation": Guide("later", "A divorce decree saying your spouse must pay weighs in your favor.", ""),
    "asset_transfers": Guide("later", "Transfers from your spouse can limit separation of liability.", "Form 8857, line 19"),
    "asset_transfer_date": Guide("later", "Transfers in the year before the IRS proposed the tax are presumed to avoid tax.", "Form 8857, line 19"),
    "asset_transfer_value": Guide("later", "The value transferred can be added to what you owe.", "Form 8857, line 19"),
    "court_decided_relief": Guide("history", "A court's final decision can settle the question for good.", ""),
    "took_part_in_court_case": Guide("history", "Same reason.", ""),
    "offer_in_compromise": Guide("history", "An offer in compromise settles the tax for good.", ""),
    "closing_agreement": Guide("history", "A closing agreement settles the tax for good.", ""),
    "fraudulent_scheme_transfers": Guide("honesty", "The law asks every person who asks for relief; most people answer no.", "",
                                         "Did you and your spouse move money or property between you to cheat the IRS or anyone else?"),
    "knowingly_filed_fraudulent_return": Guide("honesty", "Same reason: the law asks everyone.", "",
                                               "Did you knowingly help file a false joint return?"),
    "community_income_not_reported": Guide("return", "Community property states have a rule of their own.", ""),
    "other_spouse_assessment_period": Guide("irs", "Some relief depends on how long the IRS can still assess your spouse.", ""),
}
for _id in ("joint_il_return", "il_liability", "paid_before_boundary", "il_original_return_filed_on", "il_last_payment_on",
            "il_request_date", "il_refund_offset", "il_offset_by"):
    GUIDES[_id] = Guide("illinois", "Illinois has its own relief, Form IL-8857, with its own dates.", "Form IL-8857")
ORDER = list(GROUPS)
# Small questions (yes/no, a choice of a few answers, a date, an amount) of one group share a page, at
# most PER_PAGE; a list (a table of rows) may head such a page, never share one with another list.
SMALL = {"yes_no", "choice", "date", "amount"}
LISTS = {"list"}
PER_PAGE = 4
# A question the engine asks only while another is unanswered (its answer may make it moot) never
# shares a page with that other one: it starts the next page, if it is still open. A divorced person
# is never asked when she moved apart; a debt that cannot be split is never asked whose it was.
AFTER: dict[str, str] = {"moved_apart_on": "marital_status", "living_together": "marital_status", "apart_only_temporarily": "marital_status",
                         "debt_owed_only_by_spouse": "refund_offset_debt"}

# Questions that cannot matter when no tax is owed by the person (a refund taken for the spouse's
# own debt): never ask about fraud or about hardship paying a tax she does not owe.
NOT_WITHOUT_TAX = {
    "economic_hardship", "household_size", "assets_to_pay_from", "heir_to_estate_that_can_pay", "fraudulent_scheme_transfers",
    "knowingly_filed_fraudulent_return", "collection", "collection_rights_notice", "balance_due", "can_pay_in_full",
    "tax_due_without_penalties_and_interest", "filed_and_paid_last_five_years", "installment_agreement_last_five_years",
    "lien_filed_on", "assessed_on",
}


def guide(question_id: str) -> Guide:
    return GUIDES.get(question_id, Guide("later", "The rules need this answer to decide.", ""))


def no_tax_owed(case) -> bool:
    """Every year of the case says no tax is missing and none was left unpaid (the person's problem is a refund)."""
    years = case.facts.tax_years
    return bool(years) and all(
        year.liabilities.understatement is False and year.liabilities.underpayment is False and not year.balance_due for year in years
    )


def safety_open(case) -> bool:
    """The safety question is asked once, first: until it is answered (or skipped with "I don't know")."""
    return case.facts.abuse.abused is None and SAFETY_FIELD not in case.unknown and not any(a.field == SAFETY_FIELD for a in case.answered)


def ordered(case, questions: list[Question]) -> list[Question]:
    """The open questions in the order a person thinks, without those that cannot matter; safety first."""
    shown = list(questions)
    if no_tax_owed(case):
        shown = [question for question in shown if question.id not in NOT_WITHOUT_TAX]
    shown = [question for question in shown if question.field != SAFETY_FIELD]
    position = {question.field: index for index, question in enumerate(shown)}
    shown.sort(key=lambda question: (ORDER.index(guide(question.id).group), position[question.field]))
    if safety_open(case):
        from ..navigator.facts import QUESTIONS

        shown.insert(0, Question(SAFETY_ID, SAFETY_FIELD, QUESTIONS[SAFETY_ID]))
    return shown


def page_group(question: Question) -> str:
    """The group a question shares a page with: a form's own questions never share one with the
    screening's (the page would say the screening is not done above questions for the forms), and
    share one only with those of the same part of the form (``FORM_PAGES``)."""
    return f"forms.{form_page(question.field)}" if question.field.startswith("forms.") else guide(question.id).group


def next_page(questions: list[Question], kinds: dict[str, str]) -> list[Question]:
    """One thing per page; small questions (yes/no, a choice, a date, an amount) of the same group
    share one (at most PER_PAGE), after a list of that group or not, but never one with the question
    they follow (``AFTER``).
    A form's own questions come a part of the form at a time: every open question of that part on
    one page (``FORM_PAGES``), whatever its kind."""
    if not questions:
        return []
    first = questions[0]
    if first.field.startswith("people."):  # "About you" is one page: name, number, address
        return [question for question in questions if question.field.startswith("people.")]
    if first.field.startswith("forms."):
        group = page_group(first)
        page = []
        for question in questions:
            if page_group(question) != group or len(page) >= FORM_PAGE_MOST:
                break
            page.append(question)
        return page
    if kinds.get(first.field) not in SMALL | LISTS or first.field == SAFETY_FIELD:
        return [first]
    group = page_group(first)
    page = [first]
    for question in questions[1:]:
        if len(page) >= PER_PAGE or page_group(question) != group:
            break
        if AFTER.get(question.id) in {item.id for item in page}:
            break  # a follow-up starts the next page, in the order asked
        if kinds.get(question.field) in SMALL and question.field != SAFETY_FIELD:
            page.append(question)
    return page


def pages_left(questions: list[Question], kinds: dict[str, str]) -> int:
    """How many pages ``questions`` take as ``next_page`` cuts them (a follow-up question not yet open may add one)."""
    count = 0
    while questions:
        page = next_page(questions, kinds) or questions[:1]
        shown = {question.field for question in page}
        questions = [question for question in questions if question.field not in shown]
        count += 1
    return count


def plain_text(question: Question) -> str:
    """The question in plain words (with the year it is about, as the engine says it)."""
    words = guide(question.id).text
    if not words:
        return question.text
    about = question.text.rsplit(" (", 1)[1] if question.text.endswith(")") and " (" in question.text else ""
    return f"{words} ({about}" if about and about[:4].isdigit() else words


def page_title(questions: list[Question]) -> str:
    if not questions:
        return "Questions"
    if questions[0].field.startswith("people."):
        return GROUPS["about"]
    if questions[0].field.startswith("forms."):
        return FORM_PAGE_TITLES.get(form_page(questions[0].field), GROUPS["forms"])
    return GROUPS.get(guide(questions[0].id).group, "Questions")


# --- the form-only questions (Case.forms) -----------------------------------------------------

FORM_KINDS = {"yes_no", "text", "choice", "number", "address", "rows", "money_table", "person"}

# The form's own questions a page at a time, by the parts of the form and in its order (question ids
# of ``forms.answers.QUESTIONS``): (page, title, questions). A question that depends on another of
# its page (line 4's language when English is not preferred; the county, the mail and the voicemail
# once an address or a phone is given) comes on a short page of the same title right after it: the
# pages work without JavaScript. The abuse questions (Part V) keep pages of their own, never shared
# with anything else; the first asks only whether to describe it.
FORM_PAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("reach", "How the IRS can reach you", ("language", "language_name", "contact_address", "county", "send_all_mail_here", "safe_phone",
                                            "voicemail_ok", "afraid_to_provide")),
    ("spouse", "Your spouse", ("spouse_address", "spouse_employer")),
    ("filed", "When the returns were filed", ("education", "business_courses", "health_explanation", "intended_joint_return", "large_expenses",
                                              "transfers")),
    ("knew", "What you knew about the returns", ("return_preparation", "knowledge_of_income", "missing_or_incorrect_information", "balance_due_expectation",
                               "financial_problems", "household_finances")),
    ("own", "What you own", ("assets", "people_supported")),
    ("monthly", "Your monthly income and expenses", ("monthly_income", "monthly_expenses")),
    ("abuse", "Telling the IRS how you were treated", ("abuse_share",)),
    ("abuse_details", "Telling the IRS how you were treated", ("abuse_description", "abuse_afraid", "abuse_danger", "no_account_code")),
    ("refund", "Your share of the refund", ("community_property_states", "first_on_return", "refund_in_both_names", "refund_address")),
    ("else", "Anything else", ("additional_information", "want_refund", "paid_preparer", "representative")),
)
FORM_PAGE_TITLES = {page: title for page, title, _ids in FORM_PAGES}
# A few words naming each question of the forms' pages and of About you, before its error in the
# error summary of a page of several questions ("Phone number: Use at most 40 characters.").
SHORT_LABELS = {
    "language": "Your language", "language_name": "The name of your language", "contact_address": "Address for the IRS's letters",
    "county": "County", "send_all_mail_here": "All mail to this address", "safe_phone": "Phone number", "voicemail_ok": "Voicemail",
    "afraid_to_provide": "Information you are afraid to give", "spouse_address": "Your spouse's address",
    "spouse_employer": "Your spouse's employer", "education": "Your education", "business_courses": "Business or tax courses",
    "health_explanation": "Your health", "intended_joint_return": "A joint return intended", "large_expenses": "Large expenses",
    "transfers": "Transfers of money or property", "return_preparation": "Preparing the returns", "knowledge_of_income": "Your spouse's income",
    "missing_or_incorrect_information": "Missing or wrong information", "balance_due_expectation": "The tax due",
    "financial_problems": "Financial problems", "household_finances": "The household's finances", "assets": "What you own",
    "people_supported": "People in your household", "monthly_income": "Monthly income", "monthly_expenses": "Monthly expenses",
    "abuse_share": "Telling the IRS about abuse", "abuse_description": "What happened", "abuse_afraid": "Afraid of your spouse",
    "abuse_danger": "Danger now", "no_account_code": "A note on your account", "community_property_states": "Community property state",
    "first_on_return": "Name shown first", "refund_in_both_names": "Refund in both names", "refund_address": "Address for the refund",
    "additional_information": "Anything else", "want_refund": "A refund", "paid_preparer": "Paid preparer", "representative": "Representative",
    "your_name": "Your name", "your_ssn": "Your social security number", "your_address": "Your home address", "spouse_name": "Your spouse's name",
    "spouse_ssn": "Your spouse's social security number",
}
FORM_PAGE_MOST = 12  # questions on one page at most (a page posts at most 20)
# The pages of questions a person answers in her own words, which she may write on the paper form herself.
BY_HAND_PAGES = {"knew"}
BY_HAND = "by_hand"  # the choice's name on the page


@functools.cache
def _form_page_of() -> dict[str, tuple[int, str]]:
    from ..forms.answers import QUESTIONS

    ids = {question_id: (index, page) for index, (page, _title, questions) in enumerate(FORM_PAGES) for question_id in questions}
    return {f"forms.{question.field}": ids[question.id] for question in QUESTIONS if question.id in ids}


def _form_page_entry(field: str) -> tuple[int, str]:
    """(place, page) of a form's question; a question of no page has one of its own, after the others."""
    return _form_page_of().get(field, (len(FORM_PAGES), field))


def form_page(field: str) -> str:
    """'forms.f8857.knowledge_of_income' -> 'knew': the page of the form's questions it is asked on
    (a question of no page has one of its own)."""
    return _form_page_entry(field)[1]


BY_HAND_WORDS = "I will write it on the paper form myself"


def _essay_fields() -> frozenset[str]:
    """The form's questions answered in a person's own words (``forms.answers.Text``): a box of a few lines."""
    from ..forms.answers import QUESTIONS, FormAnswers

    found = set()
    for question in QUESTIONS:
        info = _answer_field(FormAnswers, question.field)
        if info is not None and any(getattr(limit, "max_length", 0) == 5000 for limit in info.metadata):
            found.add(f"forms.{question.field}")
    return frozenset(found)


def _answer_field(model: Any, path: str):
    """The pydantic field at a dotted ``path`` of ``model`` ("f8857.safe_phone"), or None."""
    info = None
    for part in path.split("."):
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        model = info.annotation
    return info


ESSAY_FIELDS = _essay_fields()


def written_by_hand(field: str, value, kind: str, unknown) -> bool:
    """An answer in the person's own words left to write on the paper form: answered, empty, not "I don't know"."""
    return field.startswith("forms.") and kind == "text" and not value and field not in unknown


def check_form_answer(field: str, value, name: str) -> None:
    """An answer to a form's own question against that answer's limits in ``forms.answers`` (how long,
    how many): an ``InputError`` on the input ``name``, in plain words."""
    from typing import Annotated

    from pydantic import TypeAdapter, ValidationError

    from ..errors import InputError
    from ..forms.answers import FormAnswers

    info = _answer_field(FormAnswers, field.removeprefix("forms."))
    if info is None or not info.metadata:
        return
    try:
        TypeAdapter(Annotated[(info.annotation, *info.metadata)]).validate_python(value)
    except ValidationError as exc:
        raise InputError(name, _plain_words(exc.errors()[0]["msg"])) from None


def _form_page_place(field: str) -> int:
    return _form_page_entry(field)[0]


def form_questions(outcome, inputs=None) -> list[Any]:
    """``forms.source.open_questions`` for this outcome, those the interview can ask, not yet answered:
    a question answered once ("I don't know", "There were none", "No, nobody") is not asked again,
    even when its answer leaves the form's line empty."""
    from ..forms.source import inputs_from_outcome, open_questions

    done = set(outcome.case.unknown) | {answer.field for answer in outcome.case.answered}
    found = []
    for question in open_questions(inputs or inputs_from_outcome(outcome)):
        if question.kind in FORM_KINDS and f"forms.{question.field}" not in done:
            found.append(question)
    return sorted(found, key=lambda question: _form_page_place(f"forms.{question.field}"))  # the pages' order (a stable sort)


# --- about you: the names, numbers and address the filled forms print (Case.people) ------------


@dataclass(frozen=True)
class AboutQuestion:
    """A question about the people on the joint return, stored where the "About you" page keeps it."""

    id: str
    field: str  # people.<role>.<name | ssn | address>
    text: str
    why: str
    lines: tuple[tuple[str, str], ...]  # (form, line) the answer fills
    kind: str  # text | ssn | address
    reference: str = ""


ABOUT = (
    AboutQuestion("your_name", "people.requesting_spouse.name", "What is your full name?",
                  "The forms print it at the top of every page.", (("8857", "5"), ("8379", "10")), "text"),
    AboutQuestion("your_ssn", "people.requesting_spouse.ssn", "What is your social security number (or ITIN)?",
                  "The IRS finds your account by it. We keep it encrypted and show only its last four digits.", (("8857", "5"), ("8379", "10")), "ssn"),
    AboutQuestion("your_address", "people.requesting_spouse.address", "What is your current home address?",
                  "The forms print it; next you can give a different, safer address for the IRS's letters.", (("8857", "5"),), "address"),
    AboutQuestion("spouse_name", "people.other_spouse.name", "What is your spouse's (or former spouse's) full name?",
                  "The forms name the other person on the joint return. Give it only if you know it and it is safe to give.",
                  (("8857", "6"), ("8379", "10")), "text"),
    AboutQuestion("spouse_ssn", "people.other_spouse.ssn", "What is your spouse's (or former spouse's) social security number, if you know it?",
                  "Form 8379 lists both numbers in the order of the joint return. Give it only if you know it and it is safe to give.",
                  (("8379", "10"),), "ssn"),
)
ABOUT_BY_FIELD = {question.field: question for question in ABOUT}
_ABOUT_FORMS = {"8857", "8379", "IL-8857"}  # the forms that print the people's names and numbers


def about_forms(outcome, inputs=None) -> set[str]:
    """The forms of this case's packet that print the people's details (none before a screening)."""
    from ..forms.source import applicable_forms, inputs_from_outcome

    if outcome.screening is None and inputs is None:
        return set()
    return {instance.form for instance in applicable_forms(inputs or inputs_from_outcome(outcome))} & _ABOUT_FORMS


_FORM_NAMED = re.compile(r"\b(IL-8857|8857|8379)\b")


def about_reference(question: AboutQuestion | Guide, forms: set[str]) -> str:
    """"Form 8857, line 5; Form 8379, line 10": the lines the answer fills, of the ``forms`` only.
    A question's guide ("Form 8379, Part III; IL-8857 worksheet") keeps the parts that name one of
    the ``forms``, or no form at all ("IRC 6015(d) allocation")."""
    if isinstance(question, Guide):
        named = [(_FORM_NAMED.search(part), part) for part in question.line.split("; ") if part]
        return "; ".join(part for found, part in named if found is None or found.group(1) in forms)
    return "; ".join(f"Form {form}, line {line}" for form, line in question.lines if form in forms)


def about_questions(outcome, inputs=None) -> list[AboutQuestion]:
    """The people's details a form that applies prints and the case does not have yet (nor was
    "I don't know" answered): asked once, on one page, just before the form's own questions.
    The spouse's number only for Form 8379, which requires it; everything about the spouse is optional."""
    forms = about_forms(outcome, inputs)
    if not forms:
        return []
    case = outcome.case
    done = set(case.unknown) | {answer.field for answer in case.answered}
    named = {role: getattr(getattr(case.facts, who, None), "name", None) for role, who in (("requesting_spouse", "you"), ("other_spouse", "spouse"))}
    found = []
    for question in ABOUT:
        _people, role, part = question.field.split(".")
        reference = about_reference(question, forms)
        if not reference or question.field in done or getattr(getattr(case.people, role), part) or (part == "name" and named[role]):
            continue
        found.append(replace(question, reference=reference))
    return found


def address_text(parts: dict) -> str:
    """An address typed in parts as the one text the case keeps (``Person.address``), in the shape
    ``forms.source.split_address`` reads back: street, apartment, city-state-ZIP on lines of their own."""
    apt = str(parts.get("apt") or "")
    if apt and not re.match(r"^(apt|apartment|unit|suite|ste|#)\b", apt, re.I):
        apt = f"Apt {apt}"
    return "\n".join(part for part in (str(parts.get("street") or ""), apt, str(parts.get("city_state_zip") or "")) if part)


def address_parts(text: str) -> dict[str, str]:
    from ..forms.source import split_address

    address = split_address(text or "")
    return {"street": address.street, "apt": address.apt, "city_state_zip": address.city_state_zip}


# --- Form 8857 line 22: one amount per kind, in the form's order and with its own row names ------

MONTHLY_INCOME = (("", (
    ("gifts", "Gifts (support from family or friends)"), ("wages", "Wages (gross pay)"), ("pensions", "Pensions"),
    ("unemployment", "Unemployment"), ("social_security", "Social security"),
    ("government_assistance", "Government assistance, such as housing, food stamps, grants"), ("alimony", "Alimony"),
    ("child_support", "Child support"), ("self_employment", "Self-employment business income"), ("rental", "Rental income"),
    ("interest_dividends", "Interest and dividends"))),
)
MONTHLY_EXPENSES = (
    ("Food and personal care", (("food", "Food"), ("housekeeping", "Housekeeping supplies"), ("clothing", "Clothing and clothing services"),
                                ("personal_care", "Personal care products and services"))),
    ("Transportation", (("auto", "Car loan or lease payment, gas, insurance, licenses, parking, maintenance"),
                        ("public_transportation", "Public transportation"))),
    ("Housing and utilities", (("rent_or_mortgage", "Rent or mortgage"), ("real_estate_taxes_insurance", "Real estate taxes and insurance"),
                               ("utilities", "Electric, oil, gas, water, trash"), ("telephone", "Telephone and cell phone"),
                               ("cable_internet", "Cable and Internet"))),
    ("Medical", (("health_insurance", "Health insurance premiums"), ("out_of_pocket_medical", "Out-of-pocket medical expenses"))),
    ("Other", (("child_care", "Child and dependent care"), ("caregiver", "Caregiver expenses"),
               ("income_tax_withholding", "Income tax withholding (federal, state, and local)"), ("estimated_tax", "Estimated tax payments"),
               ("term_life_insurance", "Term life insurance premiums"), ("retirement_required", "Retirement contributions (required by the employer)"),
               ("retirement_voluntary", "Retirement contributions (voluntary)"), ("union_dues", "Union dues"),
               ("unpaid_state_local_taxes", "Unpaid state and local taxes (minimum payment)"), ("student_loans", "Student loans (minimum payment)"))),
    ("", (("miscellaneous", "Miscellaneous"),)),
)
# A money table -> (its groups, the typed rows the form prints with it, their heading, the group they follow)
MONEY_TABLES = {
    "monthly_income": (MONTHLY_INCOME, "other_income", "Other income, such as disability payments or gambling winnings", 0),
    "monthly_expenses": (MONTHLY_EXPENSES, "court_ordered_payments",
                         "Court-ordered debt payments (such as court- or agency-ordered child support, alimony, garnishments)", 4),
}
OTHER_ROWS = 3  # the form prints three typed rows for each


def money_table(field: str) -> str | None:
    """'forms.f8857.monthly_income' -> 'monthly_income' when that answer is asked as a table of amounts."""
    last = field.rsplit(".", 1)[-1]
    return last if field.startswith("forms.f8857.") and last in MONEY_TABLES else None


def money_rows_field(table: str) -> str:
    """'monthly_income' -> 'forms.f8857.other_income': the typed rows the form prints with that table."""
    return f"forms.f8857.{MONEY_TABLES[table][1]}"


def money_rows_before(table: str) -> str | None:
    """The kind the typed rows are printed before on the form ('miscellaneous'), or None: after every kind."""
    groups, _other, _heading, after = MONEY_TABLES[table]
    return groups[after + 1][1][0][0] if after + 1 < len(groups) else None


def money_kinds(table: str) -> dict[str, str]:
    """Every kind of a money table -> its label, in the form's order."""
    return {key: label for _group, items in MONEY_TABLES[table][0] for key, label in items}


def read_money_table(form, field: str) -> tuple[str, dict | None, list, dict[str, str]]:
    """('value' | 'unknown' | 'blank', amounts by kind, the typed rows printed with them, errors by input
    name). A blank amount is "not given"; an amount that is not one is an error beside it, in words."""
    from ..errors import InputError
    from ..money import parse_amount

    name = f"q.{field}"
    table = money_table(field)
    if str(form.get(f"{name}.unknown", "") or form.get(name, "") or "") == "__unknown__":
        return "unknown", None, [], {}
    amounts: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key, label in money_kinds(table).items():
        typed = str(form.get(f"{name}.{key}", "") or "").strip()
        if not typed:
            continue
        try:
            amounts[key] = str(parse_amount(typed, key))
        except InputError:
            errors[f"{name}.{key}"] = f"{label}: enter the amount in dollars, like 450.00."
    other = money_rows_field(table)
    _outcome, rows, row_errors = read_rows(form, other, None, True, limit=OTHER_ROWS)
    errors.update({key: message for key, message in row_errors.items() if key != f"q.{other}"})  # no rows: not an error here
    if errors:
        return "blank", None, [], errors
    if not amounts and not rows:
        return "blank", None, [], {name: "Enter at least one amount, or choose \"I don't know\"."}
    return "value", amounts, rows or [], {}


# --- the paid preparer and the representative: a few fields about one person ----------------

PERSON_FIELDS = {  # a person question -> its fields (name, label, kind); the name is required when someone is named
    "paid_preparer": (("name", "Preparer's name", "text"), ("ptin", "Preparer's PTIN", "text"), ("firm_name", "Firm's name", "text"),
                      ("firm_address", "Firm's address", "text"), ("firm_ein", "Firm's EIN", "text"), ("phone", "Phone number", "text"),
                      ("self_employed", "The preparer is self-employed", "check")),
    "representative": (("name", "Representative's name", "text"), ("address", "Address", "text"), ("caf_number", "CAF number", "text"),
                       ("ptin", "PTIN", "text"), ("phone", "Telephone number", "text"), ("fax", "Fax number", "text")),
}
NOBODY, SOMEONE = "nobody", "someone"


def person_field(field: str) -> str | None:
    """'forms.paid_preparer' -> 'paid_preparer' when that answer is asked as a person's details."""
    last = field.removeprefix("forms.")
    return last if field.startswith("forms.") and last in PERSON_FIELDS else None


def read_person(form, field: str) -> tuple[str, dict | None, dict[str, str]]:
    """('value' | 'unknown' | 'blank', the person's details or None for "No, nobody", errors by input name)."""
    from ..forms.answers import FormAnswers
    from .interview import _unwrap

    name = f"q.{field}"
    choice = str(form.get(name, "") or "")
    if choice == "__unknown__":
        return "unknown", None, {}
    kind = person_field(field)
    model = _unwrap(FormAnswers.model_fields[kind].annotation)
    if choice == NOBODY:
        return "value", None, {}
    typed = {key: str(form.get(f"{name}.{key}", "") or "").strip() for key, _label, what in PERSON_FIELDS[kind] if what == "text"}
    if choice != SOMEONE and not any(typed.values()):
        return "blank", None, {}
    errors = {}
    for key, label, what in PERSON_FIELDS[kind]:
        longest = next((limit.max_length for limit in model.model_fields[key].metadata if hasattr(limit, "max_length")), None)
        if what == "text" and longest and len(typed[key]) > longest:
            errors[f"{name}.{key}"] = f"{label}: use at most {longest} characters."
    if not typed["name"]:
        errors[f"{name}.name"] = f"{PERSON_FIELDS[kind][0][1]}: enter the name, or choose \"No, nobody\"."
    if errors:
        return "blank", None, errors
    person: dict[str, Any] = {key: value for key, value in typed.items() if value}
    person.update({key: True for key, _label, what in PERSON_FIELDS[kind] if what == "check" and form.get(f"{name}.{key}")})
    return "value", person, {}


# --- field paths in words (never shown to a person as they are) ------------------------------

_PATH_QUESTIONS = {  # the last part(s) of a field path -> the question that asks it
    "refund_offset.status": "refund_offset_status", "refund_offset.debt": "refund_offset_debt", "liabilities.understatement": "understatement",
    "liabilities.underpayment": "underpayment", "marriage.status": "marital_status", "deficiency_asserted_on": "deficiency_asserted",
    "household.living_together": "living_together", "illinois.joint_il_return": "joint_il_return", "illinois.refund_offset": "il_refund_offset",
    "illinois.original_return_filed_on": "il_original_return_filed_on", "illinois.last_payment_on": "il_last_payment_on",
    "illinois.request_date": "il_request_date", "abuse.abused": "abused", "abuse.before_signing": "abuse_before_signing", "letters": "liability_notice",
}
_FORMS = {"f8379": "Form 8379", "il8857": "Form IL-8857", "f6015d": "the separation of liability split", "f8857": "Form 8857"}
_GROUP_WORDS = {  # a group of answers no one question asks (the repair view's "facts.marriage") -> its name
    "you": "About you", "spouse": "About your spouse", "marriage": "Your marriage", "household": "Your household",
    "abuse": "How you were treated", "finances": "Your money", "form8857": "Form 8857", "liabilities": "The tax the IRS says is missing",
    "proceedings": "Earlier decisions about this tax", "refund_offset": "The refund that was taken", "illinois": "Illinois",
    "community_property": "Community property", "people": "The people on the return", "requesting_spouse": "About you",
    "other_spouse": "About your spouse",
}


def field_words(field: str) -> str:
    """'tax_years.0.refund_offset.status' -> the question that asks it, in words; never the path."""
    from ..navigator.facts import QUESTIONS

    if field in ABOUT_BY_FIELD:
        return ABOUT_BY_FIELD[field].text
    parts = [part for part in field.removeprefix("facts.").split(".") if part]
    year = ""
    if len(parts) > 1 and parts[0] == "tax_years":
        year = parts[1] if parts[1].isdigit() and len(parts[1]) == 4 else ""
        parts = parts[2:]
    words = ""
    for size in (2, 1):
        key = ".".join(parts[-size:]) if len(parts) >= size else ""
        question_id = _PATH_QUESTIONS.get(key) or (key if key in QUESTIONS else "")
        if question_id:
            words = guide(question_id).text or QUESTIONS[question_id]
            break
    if not words:
        form = next((name for key, name in _FORMS.items() if key in parts), "")
        # the nearest list whose question asks it ("return_items.0.kind"), or group of answers ("marriage")
        group = next((guide(part).text or QUESTIONS[part] if part in QUESTIONS else _GROUP_WORDS[part]
                      for part in reversed(parts) if part in QUESTIONS or part in _GROUP_WORDS), "")
        words = f"An answer for {form}" if form else group or "One of your answers"
    return f"{words} ({year})" if year else words


_LIBRARY_WORDS = (  # what the validation library says -> plain words (the first that matches)
    (re.compile(r"^Input should be a valid (?:integer|number|decimal)\b.*", re.S), "enter a number"),
    (re.compile(r"^Input should be a valid date\b.*", re.S), "enter a date, like April 15, 2025"),
    (re.compile(r"^Input should be a valid boolean\b.*", re.S), "choose Yes or No"),
    (re.compile(r"^Input should be a valid (?:list|array|tuple|set)\b.*", re.S), "enter one or more entries"),
    (re.compile(r"^Input should be a valid (?:string|dictionary|object)\b.*", re.S), "is not in a form this question takes"),
    (re.compile(r"^Input should be greater than or equal to (\d+)$"), r"enter \1 or more"),
    (re.compile(r"^Input should be less than or equal to (\d+)$"), r"enter at most \1"),
    (re.compile(r"^Input should be .*", re.S), "choose one of the answers offered"),
    (re.compile(r"^Field required$"), "an answer is needed"),
    (re.compile(r"^Extra inputs are not permitted$"), "is not a question this form asks"),
    (re.compile(r"^String should have at most (\d+) characters?$"), r"use at most \1 characters"),
    (re.compile(r"^String should have at least (\d+) characters?$"), r"use at least \1 characters"),
    (re.compile(r"^Value error, "), ""),
    (re.compile(r"^expected a group of answers \(a mapping\)"), "expected a group of answers"),  # the files' word, not a person's
)
_PATH_IN_TEXT = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\.(?:\d+|[a-z][a-z0-9]*(?:_[a-z0-9]+)*))+\b")
_CODE_WORD = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def _plain_words(text: str) -> str:
    """A message's own words with library phrasing, paths, code words and True/False put plainly."""
    for pattern, words in _LIBRARY_WORDS:
        if pattern.search(text):
            text = pattern.sub(words, text, count=1)
            break
    text = re.sub(r":? you edited version \d+, the saved case is now version \d+\.", ".", text)  # a stale save, without version numbers
    text = re.sub(r"\s*\(as_of\)", "", text).replace("as_of", "today")
    text = re.sub(r"after the screening date (\d{4}-\d{2}-\d{2})", r"after today (\1)", text).replace("after the screening date", "after today")
    from .filters import iso_dates_in_words

    text = iso_dates_in_words(text)
    text = _PATH_IN_TEXT.sub(lambda match: field_words(match.group(0)) if "_" in match.group(0) or re.search(r"\.\d", match.group(0)) else match.group(0), text)
    text = _CODE_WORD.sub(lambda match: match.group(0).replace("_", " "), text)
    return re.sub(r"\bTrue\b", "Yes", re.sub(r"\bFalse\b", "No", re.sub(r"\bNone\b", "no answer", text)))


def plain_error(message: str) -> str:
    """An error 'path.to.field: what is wrong' (or several, joined by '; ') with each path put in
    words, and what is wrong in plain words: never a field path, a code word or a library's phrase."""
    parts = []
    for part in str(message).split("; "):
        head, sep, rest = part.partition(": ")
        head = head.strip().removeprefix("q.")
        if sep and not head:
            rest = _plain_words(rest)
            parts.append(rest[:1].upper() + rest[1:])
        elif sep and " " not in head and ("." in head or "_" in head):
            parts.append(f"{field_words(head)}: {_plain_words(rest)}")
        elif sep and " " not in head:
            parts.append(f"{head[:1].upper()}{head[1:]}: {_plain_words(rest)}")
        else:
            parts.append(_plain_words(part))
    return "; ".join(parts)


# --- money as rows: the return's items and the erroneous items, entered once ------------------

ROW_FIELDS = {  # a list question asked as a table of rows -> its columns (sub-field, label, required)
    "return_items": (("kind", "What it is", True), ("owner", "Whose", True), ("amount", "Amount", True), ("description", "Where from (optional)", False)),
    "items": (("description", "What it is", True), ("kind", "Kind", True), ("owner", "Whose", True), ("amount", "Amount", True),
              ("you_knew", "Did you know when you signed?", False)),
    "payments": (("on", "Date paid", True), ("amount", "Amount", True), ("by", "Who paid", False), ("source", "How it was paid", False)),
    "collection": (("kind", "What the IRS did", True), ("on", "Date", True), ("against", "Against whom", False)),
    "assets": (("description", "What it is", True), ("fair_market_value", "What it is worth now", False),
               ("loan_balance", "What you still owe on a loan for it", False)),
    "other_income": (("type", "Type", True), ("amount", "Amount", True)),
    "court_ordered_payments": (("type", "Type", True), ("amount", "Amount", True)),
}
MONEY_COLUMNS = {"amount", "fair_market_value", "loan_balance"}  # the columns of rows that hold dollars
FORM_ROWS = {"assets", "other_income", "court_ordered_payments"}  # rows of a form's own answers (Case.forms)
NONE_WORDS = {"assets": "I own nothing of value"}  # "none" in the words of the question (else "There were none")
PAYMENT_SOURCES = {"with_return": "Paid with the return", "withholding": "Withheld from pay", "estimated": "Estimated tax payment",
                   "installment_agreement": "Installment agreement payment", "separate": "A separate payment", "levy": "Taken by a levy",
                   "offset_of_your_refund": "My own refund, kept for it"}
COLLECTION_KINDS = {"demand_for_payment": "A bill (demand for payment)", "levy_notice": "A notice of intent to levy", "levy": "A levy (pay or a bank account taken)",
                    "lien_notice": "A notice of a federal tax lien", "offset_of_your_refund": "Kept my own refund for it", "suit": "A suit to collect",
                    "court_claim": "A claim in a court case (such as bankruptcy)"}
AGAINST = {"you": "Me", "spouse": "My spouse", "both": "Both of us"}
_DATE_TYPED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ROW_KINDS = {  # the common kinds of a return item first, in words; the rest stay on the worksheet pages
    "wages": "Wages (Form W-2)", "business_income": "Self-employment or business income", "taxable_interest": "Interest",
    "ordinary_dividends": "Dividends", "unemployment_compensation": "Unemployment", "pensions_and_annuities": "Pensions and annuities",
    "ira_distributions": "IRA distributions", "social_security_benefits": "Social security", "capital_gain": "Capital gains",
    "other_income": "Other income", "federal_withholding": "Federal tax withheld", "federal_estimated_payment": "Federal estimated tax paid",
    "illinois_withholding": "Illinois tax withheld", "illinois_estimated_payment": "Illinois estimated tax paid",
}
ITEM_KINDS = {"unreported_income": "Income left off the return", "deduction": "A deduction that was wrong", "credit": "A credit that was wrong",
              "basis": "Wrong cost basis of something sold", "other": "Something else"}
OWNERS = {"you": "Mine", "spouse": "My spouse's", "joint": "Both of ours", "unclear": "Not clear"}
KNEW = {"no": "No", "yes": "Yes", "partly": "Only part of it"}
EXTRA_ROWS = 3


def row_field(field: str) -> str | None:
    """'tax_years.0.return_items' -> 'return_items' when that list is asked as rows."""
    last = field.rsplit(".", 1)[-1]
    if last in FORM_ROWS:
        return last if field == f"forms.f8857.{last}" else None
    return last if field.startswith("tax_years.") and last in ROW_FIELDS else None


def row_options(name: str, column: str, illinois: bool) -> list[tuple[str, str]]:
    if column == "owner":
        return list(OWNERS.items())
    if column == "you_knew":
        return list(KNEW.items())
    if column == "by":
        return list(OWNERS.items())
    if column == "source":
        return list(PAYMENT_SOURCES.items())
    if column == "against":
        return list(AGAINST.items())
    if column == "kind" and name == "collection":
        return list(COLLECTION_KINDS.items())
    if column == "kind":
        kinds = ITEM_KINDS if name == "items" else ROW_KINDS
        return [(key, label) for key, label in kinds.items() if illinois or not key.startswith("illinois_")]
    return []


def row_date(text: str) -> str | None:
    """A date typed in a row (the browser's YYYY-MM-DD, or MM/DD/YYYY as people write it) as YYYY-MM-DD."""
    from datetime import date

    match = _DATE_TYPED.match(text)
    try:
        if match:
            return date(int(match.group(3)), int(match.group(1)), int(match.group(2))).isoformat()
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def read_rows(form, field: str, current: list | None, illinois: bool, limit: int = 60) -> tuple[str, list | None, dict[str, str]]:
    """('value' | 'unknown' | 'blank', the rows as entries, errors by input name). A row left empty is
    skipped; a row ticked "Remove" is removed; what else an entry holds (dates, who knew) is kept;
    at most ``limit`` rows are read."""
    from ..money import parse_amount
    from ..errors import InputError

    name = f"q.{field}"
    choice = str(form.get(name, "") or "")
    if choice == "__unknown__":
        return "unknown", None, {}
    if choice == "none":
        return "value", [], {}
    kind = row_field(field)
    columns = ROW_FIELDS[kind]
    existing = list(current or [])
    count = min(int(str(form.get(f"{name}.rows", "0") or "0")) if str(form.get(f"{name}.rows", "0") or "0").isdigit() else 0, limit)
    entries: list[dict] = []
    errors: dict[str, str] = {}
    for index in range(count):
        prefix = f"{name}.{index}"
        if form.get(f"{prefix}.remove"):
            continue
        typed = {column: str(form.get(f"{prefix}.{column}", "") or "").strip() for column, _label, _required in columns}
        if not any(value for column, value in typed.items() if column not in ("owner", "you_knew")) and index >= len(existing):
            continue
        entry = dict(existing[index]) if index < len(existing) and isinstance(existing[index], dict) else {}
        for column, label, required in columns:
            value = typed[column]
            key = f"{prefix}.{column}"
            if not value:
                if required:
                    errors[key] = f"Row {index + 1}: enter {label.lower().removesuffix(' (optional)')}."
                else:
                    entry.pop(column, None)
                continue
            if column in MONEY_COLUMNS:
                try:
                    entry[column] = str(parse_amount(value, key))
                except InputError:
                    what = "" if column == "amount" else f"{label}: "
                    errors[key] = f"Row {index + 1}: {what}enter the amount in dollars, like 12,500.00."
            elif column == "on":
                typed_date = row_date(value)
                if typed_date is None:
                    errors[key] = f"Row {index + 1}: enter the date, like 04/15/2025."
                else:
                    entry[column] = typed_date
            elif row_options(kind, column, True):
                if value not in dict(row_options(kind, column, True)):
                    errors[key] = f"Row {index + 1}: choose {label.lower()}."
                else:
                    entry[column] = value
            elif len(value) > 200:
                errors[key] = f"Row {index + 1}: use at most 200 characters."
            else:
                entry[column] = value
        entries.append(entry)
    if errors:
        return "blank", None, errors
    if not entries:
        none = NONE_WORDS.get(kind, "There were none")
        return "blank", None, {name: f"Enter at least one row, or choose \"{none}\" or \"I don't know\"."}
    return "value", entries, {}

"""The one adapter between the case and the field maps.

``CaseInputs`` is what the forms read: the case (people, typed facts, ``Case.forms``: the answers
only forms ask) and what the pipeline computed (the screening with its plan, each year's Form 8379
and IL-8857 results, the explanation drafts). ``inputs_from_outcome`` builds it from
``pipeline.run``'s ``Outcome``; nothing else reads the case.

``form_mapping`` turns the inputs into the nested mapping the YAML maps read (``you``, ``spouse``,
``contact``, ``answers``, ``f8857``, ``f8379``, ``alt``, ``preparer``). Every value here is either a
person's answer or a computed result; nothing is guessed: an unknown stays None and the form's line
is listed as left to fill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..money import format_usd
from ..parameters import parameter
from .answers import Address, FormAnswers

from ..navigator.deadlines import FORM8857_PATHS as RELIEF_PATHS  # noqa: E402
ALTERNATIVES = {"cdp_hearing": "12153", "taxpayer_advocate": "911", "installment_agreement": "9465", "offer_in_compromise": "656", "representative": "2848"}
_CITY_STATE_ZIP = re.compile(r"^(?P<city>.*?)[,\s]+(?P<state>[A-Z]{2})\s+(?P<zip>\d{5}(?:-\d{4})?)$")


@dataclass
class CaseInputs:
    people: Any  # Case.people
    facts: Any  # navigator.facts.Facts or None
    answers: FormAnswers
    screening: Any = None  # the Outcome's screening (findings, deadlines, plan)
    f8379: dict[int, Any] = field(default_factory=dict)  # tax year -> Form 8379 result
    il8857: dict[int, Any] = field(default_factory=dict)  # tax year -> IL-8857 result
    explanations: dict[str, str] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    title: str = ""


def inputs_from_outcome(outcome: Any) -> CaseInputs:
    """From the pipeline's ``Outcome`` (``pipeline.run``): the one place the forms read the case."""
    from ..packet.explanation import drafts

    f8379: dict[int, Any] = {}
    il8857: dict[int, Any] = {}
    for year in outcome.years:
        for key, found in (("f8379", f8379), ("il8857", il8857)):
            computed = year.worksheets.get(key)
            if computed is not None and computed.ok:
                found[year.tax_year] = computed.result
    saved = outcome.case.explanations
    explanations = {key: (getattr(saved, key, None) or text) for key, text in drafts(outcome).items()}
    return CaseInputs(
        people=outcome.case.people,
        facts=outcome.case.facts,
        answers=outcome.case.forms,
        screening=outcome.screening,
        f8379=f8379,
        il8857=il8857,
        explanations={key: value for key, value in explanations.items() if value},
        today=outcome.as_of,
        title=outcome.case.title,
    )


def load_inputs(document: Any, today: date | None = None) -> CaseInputs:
    """Any file a person can bring (a case, facts, IL-8857, Form 8379 or 6015(d) file) -> the inputs,
    through the one pipeline. A facts file's ``as_of`` is the day the deadlines count from."""
    from ..case import import_document
    from ..pipeline import run

    case = import_document(document)
    if today is None:
        facts = document.get("facts") if isinstance(document, dict) and document.get("format") else document
        as_of = facts.get("as_of") if isinstance(facts, dict) else None
        today = date.fromisoformat(str(as_of)) if as_of else date.today()
    return inputs_from_outcome(run(case, today))


# --- which forms apply -----------------------------------------------------------------------


@dataclass(frozen=True)
class FormInstance:
    form: str  # "8857", "8379", "IL-8857", "911", ...
    tax_year: int | None = None
    years: tuple[int, ...] = ()


def _open_findings(inputs: CaseInputs, *ids: str) -> list[Any]:
    if inputs.screening is None:
        return []
    from ..navigator.plan import to_send

    return to_send(inputs.screening.findings, *ids)


def relief_years(inputs: CaseInputs) -> list[int]:
    return sorted({finding.tax_year for finding in _open_findings(inputs, *RELIEF_PATHS) if finding.tax_year})


def applicable_forms(inputs: CaseInputs) -> list[FormInstance]:
    """The forms this case calls for: Form 8857 where a relief path is open, Form 8379 per year of an
    offset, IL-8857 per Illinois year, and the alternatives the plan recommends."""
    found: list[FormInstance] = []
    years = relief_years(inputs)
    if years:
        found.append(FormInstance("8857", None, tuple(years)))
    for finding in _open_findings(inputs, "form8379"):
        found.append(FormInstance("8379", finding.tax_year, (finding.tax_year,)))
    for finding in _open_findings(inputs, "il8857"):
        found.append(FormInstance("IL-8857", finding.tax_year, (finding.tax_year,)))
    if inputs.screening is not None:
        planned = {path for item in inputs.screening.plan.items for path in item.paths}
        for path, form in ALTERNATIVES.items():
            if form == "2848" and inputs.answers.representative is None:
                continue  # a power of attorney needs someone to appoint; the cover sheet says how
            if path in planned:
                found.append(FormInstance(form, None, tuple(years or _balance_years(inputs))))
    return found


def _balance_years(inputs: CaseInputs) -> list[int]:
    if inputs.facts is None:
        return []
    return sorted(year.year for year in inputs.facts.tax_years if year.balance_due or year.liabilities.underpayment or year.liabilities.understatement)


# --- the mapping -----------------------------------------------------------------------------


def split_address(raw: str) -> Address:
    """'12 Oak St, Apt 4, Springfield, IL 62701' or multi-line -> the form's boxes (best effort;
    FormAnswers carries a split address when the person gives one)."""
    text = (raw or "").strip()
    if not text:
        return Address()
    parts = [part.strip() for part in re.split(r"\n|,", text) if part.strip()]
    apt = ""
    if len(parts) >= 3 and re.match(r"^(apt|apartment|unit|suite|ste|#)\b", parts[1], re.I):
        apt = parts.pop(1)
    if len(parts) == 1:
        return Address(street=parts[0])
    return Address(street=parts[0], apt=apt, city_state_zip=", ".join(parts[1:]))


def _address_view(address: Address, phone: str = "") -> dict[str, Any]:
    match = _CITY_STATE_ZIP.match(address.city_state_zip.strip())
    street_and_apt = address.street + (f", {address.apt}" if address.apt else "")
    one_line = ", ".join(part for part in (street_and_apt, address.city_state_zip) if part)
    return {
        "street": address.street,
        "apt": address.apt,
        "county": address.county,
        "city_state_zip": address.city_state_zip,
        "street_and_apt": street_and_apt,
        "city": match.group("city").strip(" ,") if match else None,
        "state": match.group("state") if match else None,
        "zip": match.group("zip") if match else None,
        "one_line": one_line,
        "one_line_county": one_line + (f" ({address.county} County)" if address.county and one_line else ""),
        "phone": phone,
    }


def _person(person: Any, facts_name: str | None) -> dict[str, Any]:
    name = (getattr(person, "name", "") or facts_name or "").strip()
    words = name.split()
    return {
        "name": name,
        "ssn": getattr(person, "ssn", "") or "",
        "phone": getattr(person, "phone", "") or "",
        "email": getattr(person, "email", "") or "",
        "first_name": " ".join(words[:-1]) if len(words) > 1 else name,
        "last_name": words[-1] if len(words) > 1 else "",
        "address": _address_view(split_address(getattr(person, "address", "") or "")),
    }


def _years_of(inputs: CaseInputs, years: list[int]) -> list[Any]:
    if inputs.facts is None:
        return []
    return [year for year in inputs.facts.tax_years if year.year in years]


def _all_known(values: list[Any]) -> bool:
    return bool(values) and all(value is not None for value in values)


def _f8857(inputs: CaseInputs, years: list[int]) -> dict[str, Any]:
    facts = inputs.facts
    answers = inputs.answers.f8857
    chosen = _years_of(inputs, years)
    out: dict[str, Any] = {"years": [str(year) for year in years]}
    if facts is None:
        return out
    joint = [year.joint_return for year in chosen]
    community = bool(_open_findings(inputs, "irc66c"))
    out["line1"] = True if (any(joint) or community) else (False if _all_known(joint) else None)
    taken = [year.refund_offset for year in facts.tax_years]
    if any(offset.status == "taken" and offset.debt_owed_only_by_spouse for offset in taken):
        out["line2"] = True
    elif taken and all(offset.status in ("none", "expected") or offset.debt_owed_only_by_spouse is False for offset in taken if offset.status is not None) and all(offset.status is not None for offset in taken):
        out["line2"] = False
    marriage, household = facts.marriage, facts.household
    status = {"divorced": "divorced", "legally_separated": "separated", "widowed": "widowed"}.get(marriage.status or "")
    if marriage.status == "married":
        status = "together" if household.living_together else ("apart" if household.living_together is False else None)
    out["marital"] = status
    out["apart_since"] = household.moved_apart_on if status == "apart" else None
    out["divorced_since"] = marriage.divorced_on if status == "divorced" else None
    out["separated_since"] = marriage.legally_separated_on if status == "separated" else None
    out["widowed_since"] = marriage.widowed_on if status == "widowed" else None
    out["health"] = facts.you.poor_health
    out["line13"] = answers.knowledge_of_income or _knowledge_text(inputs, chosen)
    out["line15"] = answers.balance_due_expectation or _balance_text(inputs, chosen)
    transfers = [year.asset_transfers for year in chosen]
    if any(transfers):
        out["transfers"] = True
        out["transfers_text"] = answers.transfers_description or "; ".join(
            ", ".join(part for part in (
                transfer.description or "an asset",
                f"transferred {transfer.on.strftime('%m/%d/%Y')}" if transfer.on else "",
                f"worth {format_usd(transfer.value)}" if transfer.value is not None else "",
            ) if part)
            for year_transfers in transfers for transfer in (year_transfers or [])
        )
    elif transfers and all(item == [] for item in transfers):
        out["transfers"] = False
    else:
        out["transfers"] = answers.transfers
        out["transfers_text"] = answers.transfers_description
    out["people_supported"] = answers.people_supported or facts.finances.household_size
    # line 20: "I own nothing of value" is written as "None" on the first row, not left blank
    out["assets"] = [{"description": "None"}] if answers.assets == [] else [asset.model_dump() for asset in answers.assets or []]
    income = {key: value for key, value in (answers.monthly_income or {}).items()}
    expenses = {key: value for key, value in (answers.monthly_expenses or {}).items()}
    out["income"] = income
    out["expenses"] = expenses
    if answers.monthly_income is not None or answers.other_income:
        out["income_total"] = sum(income.values(), Decimal(0)) + sum((row.amount for row in answers.other_income), Decimal(0))
    if answers.monthly_expenses is not None or answers.court_ordered_payments:
        out["expenses_total"] = sum(expenses.values(), Decimal(0)) + sum((row.amount for row in answers.court_ordered_payments), Decimal(0))
    part5: dict[str, Any] = {}
    if answers.abuse.share:
        part5 = {
            "abused": facts.abuse.abused,
            "no_account_code": answers.abuse.no_account_code,
            "description": answers.abuse.description,
            "afraid": answers.abuse.afraid,
            "danger": answers.abuse.danger,
        }
    out["part5"] = part5
    line24 = answers.additional_information
    if not line24 and inputs.explanations.get("form8857"):
        line24 = "Please see the attached statement explaining why I should not be held liable for the tax."
    out["line24"] = line24
    refund = answers.want_refund
    own_payments = any(payment.by == "you" for year in chosen for payment in (year.payments or [])) or any(
        event.kind == "offset_of_your_refund" for year in chosen for event in (year.collection or []))
    out["ask_refund"] = own_payments
    out["want_refund"] = refund
    return out


def _knowledge_text(inputs: CaseInputs, chosen: list[Any]) -> str:
    """Line 13 from what the person told us about the spouse's items (never more)."""
    spouse = _person(inputs.people.other_spouse, getattr(inputs.facts.spouse, "name", None))["name"] or "my spouse"
    sentences = []
    for year in chosen:
        for item in year.items or []:
            if item.owner != "spouse" or item.you_knew is None:
                continue
            amount = f" ({format_usd(item.amount)})" if item.amount is not None else ""
            what = item.description
            if item.you_knew == "no":
                sentences.append(f"{year.year}: I did not know about {what}{amount} when the return was filed.")
            elif item.you_knew == "partly":
                known = f" {format_usd(item.known_amount)} of" if item.known_amount is not None else " part of"
                sentences.append(f"{year.year}: I knew about{known} {what}{amount} when the return was filed.")
            else:
                sentences.append(f"{year.year}: I knew about {what}{amount} when the return was filed.")
    if not sentences:
        return ""
    return f"About the income and items of {spouse}: " + " ".join(sentences)


def _balance_text(inputs: CaseInputs, chosen: list[Any]) -> str:
    if chosen and all(year.liabilities.underpayment is False for year in chosen):
        return "The returns did not show a balance due."
    sentences = []
    for year in chosen:
        if not year.liabilities.underpayment:
            continue
        if year.expected_spouse_to_pay:
            sentences.append(f"{year.year}: I expected my spouse to pay the balance due shown on the return.")
        if year.knew_spouse_would_not_pay is False:
            sentences.append(f"{year.year}: I did not know that it would not be paid.")
    return " ".join(sentences)


def _f8379(inputs: CaseInputs, tax_year: int, you: dict[str, Any], spouse: dict[str, Any], contact: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    answers = inputs.answers.f8379
    year = next((entry for entry in (inputs.facts.tax_years if inputs.facts else []) if entry.year == tax_year), None)
    out: dict[str, Any] = {}
    skip: list[str] = []
    if year is not None:
        offset = year.refund_offset
        out["line2"] = year.joint_return
        if offset.status == "none" or offset.debt_owed_only_by_spouse is False:
            out["line3"] = False
        elif offset.status in ("taken", "expected") and offset.debt_owed_only_by_spouse:
            out["line3"] = True
        out["line4"] = offset.you_legally_obligated
        states = parameter("federal/relief/community_property_states").values[-1].value
        if answers.community_property_states:
            out["line5"], out["line5_states"] = True, answers.community_property_states
        elif year.residence_state:
            out["line5"] = year.residence_state in states
            out["line5_states"] = year.residence_state if out["line5"] else None
        out["line6"] = offset.your_tax_payments
        out["line7"] = offset.your_earned_income
        out["line8"] = offset.eic_or_additional_child_tax_credit
        out["line9"] = offset.other_refundable_credit
        # the form's own "skip" and "stop here" instructions
        if out.get("line5"):
            skip += ["6", "7", "8", "9"]
        elif out.get("line6"):
            skip += ["7", "8", "9"]
        else:
            if out.get("line7") is False:
                skip.append("8")
            if out.get("line8"):
                skip.append("9")
        if out.get("line2") is False:
            skip += ["3", "4", "5", "6", "7", "8", "9"]
        elif out.get("line3") is False:
            skip += ["4", "5", "6", "7", "8", "9"]
        elif out.get("line4") is True:
            skip += ["5", "6", "7", "8", "9"]
        for line in skip:
            out[f"line{line}"] = None
        if offset.joint_return_filed_yet is not False:
            out["phone"] = contact.get("phone") or you["phone"]
    order = {"you": (you, spouse), "spouse": (spouse, you)}.get(answers.first_on_return or "")
    if order:
        out["first"] = {"name": order[0]["name"], "ssn": order[0]["ssn"], "injured": order[0] is you}
        out["second"] = {"name": order[1]["name"], "ssn": order[1]["ssn"], "injured": order[1] is you}
    if answers.refund_to_different_address or not answers.refund_address.is_empty():
        out["line12"] = True
        out["line12_address"] = _address_view(answers.refund_address)["one_line"]
    elif answers.refund_to_different_address is False:
        out["line12"] = False
    result = inputs.f8379.get(tax_year)
    if result is not None:
        out["part3"] = {line: _columns(columns) for line, columns in result.allocation.items()}
        labels = getattr(result, "line_labels", {}) or {}
        if "exemption" in str(labels.get("16", "")).lower():
            # before 2018 line 16 was exemptions and line 17 all credits: not what this revision prints
            out["part3"].pop("16", None)
            out["part3"].pop("17", None)
    return out, skip


def _columns(columns: dict[str, Any]) -> dict[str, Any]:
    """Columns (a)-(c) whatever the result calls them (joint/injured/other or joint/you/spouse)."""
    return {
        "joint": columns.get("joint", columns.get("a")),
        "injured": columns.get("injured", columns.get("you", columns.get("b"))),
        "other": columns.get("other", columns.get("spouse", columns.get("c"))),
    }


def _alt(inputs: CaseInputs, years: list[int]) -> dict[str, Any]:
    facts = inputs.facts
    chosen = _years_of(inputs, years)
    out: dict[str, Any] = {"has_years": bool(years) or None}
    out["periods"] = [{"type": "Income", "form": "1040", "period": f"12/31/{year}"} for year in years]
    out["matters"] = [{"type": "Income", "form": "1040", "period": ", ".join(str(year) for year in years)}] if years else []
    balances = [year.balance_due for year in chosen if year.balance_due is not None]
    out["balance_due"] = sum(balances, Decimal(0)) if balances else None
    events = [event.kind for year in chosen for event in (year.collection or [])]
    relief = bool(relief_years(inputs))
    out["f12153"] = {
        "lien": True if "lien_notice" in events else None,
        "levy": True if ("levy_notice" in events or "levy" in events) else None,
        "innocent_spouse": relief or None,
    }
    if years:
        year_text = ", ".join(str(year) for year in years)
        issue = f"The IRS is collecting joint income tax for {year_text} from me."
        if relief:
            issue += " I am asking for innocent spouse relief for these years on Form 8857."
        if facts is not None and facts.finances.economic_hardship:
            issue += " Paying would leave me unable to pay my basic living expenses."
        out["f911"] = {"issue": issue, "relief": "Help with my request for relief and a hold on collection while it is decided." if relief else ""}
    return out


def form_mapping(inputs: CaseInputs, form: str, tax_year: int | None = None, years: tuple[int, ...] = ()) -> dict[str, Any]:
    """The mapping the field maps read, for one form (and one tax year for per-year forms)."""
    facts = inputs.facts
    you = _person(inputs.people.requesting_spouse, getattr(getattr(facts, "you", None), "name", None))
    spouse = _person(inputs.people.other_spouse, getattr(getattr(facts, "spouse", None), "name", None))
    answers = inputs.answers
    contact_address = answers.f8857.contact_address if not answers.f8857.contact_address.is_empty() else split_address(inputs.people.requesting_spouse.address)
    if not contact_address.county and answers.f8857.contact_address.county:
        contact_address = contact_address.model_copy(update={"county": answers.f8857.contact_address.county})
    contact = _address_view(contact_address, answers.f8857.safe_phone or you["phone"])
    contact["send_all_mail_here"] = answers.f8857.send_all_mail_here
    contact["voicemail_ok"] = answers.f8857.voicemail_ok
    if not answers.f8857.spouse_address.is_empty():
        spouse["address"] = _address_view(answers.f8857.spouse_address)
    spouse["phone"] = answers.f8857.spouse_phone or spouse["phone"]
    year_list = list(years) or relief_years(inputs)
    home = you["address"]
    mapping: dict[str, Any] = {
        "you": you,
        "home": home,
        "mailing": contact if contact["one_line"] and contact["one_line"] != home["one_line"] else {},
        "spouse": spouse,
        "contact": contact,
        "answers": answers,
        "preparer": answers.paid_preparer.model_dump() if answers.paid_preparer else {},
        "representative": answers.representative.model_dump() if answers.representative else {},
        "year": tax_year,
        "years_text": ", ".join(str(year) for year in year_list),
        "tax_form": "1040",
        "language": {"interpreter": True if answers.f8857.english_primary is False else None, "name": answers.f8857.language},
    }
    if form == "8857":
        mapping["f8857"] = _f8857(inputs, year_list)
        if not mapping["f8857"].get("ask_refund") and answers.f8857.want_refund is None:
            mapping["skip_lines"] = ["25"]  # nothing of yours was paid: line 25 is not asked
    elif form == "8379" and tax_year is not None:
        mapping["f8379"], mapping["skip_lines"] = _f8379(inputs, tax_year, you, spouse, contact)
    else:
        mapping["alt"] = _alt(inputs, year_list)
    return mapping


# --- the interview: the form questions still open for this case --------------------------------

_WHEN = {
    "": lambda inputs, answers: True,
    "language is no": lambda inputs, answers: answers.f8857.english_primary is False,
    "poor health is yes": lambda inputs, answers: bool(inputs.facts and inputs.facts.you.poor_health),
    "the case does not list transfers yet": lambda inputs, answers: inputs.facts is None or any(
        year.asset_transfers is None for year in inputs.facts.tax_years if year.year in relief_years(inputs)),
    "abuse is yes": lambda inputs, answers: bool(inputs.facts and (inputs.facts.abuse.abused or inputs.facts.abuse.financial_control)),
    "chose to describe abuse": lambda inputs, answers: answers.f8857.abuse.share is True,
    "you paid some of the tax": lambda inputs, answers: bool(_f8857(inputs, relief_years(inputs)).get("ask_refund")),
    "an address is given": lambda inputs, answers: not answers.f8857.contact_address.is_empty() or not split_address(
        inputs.people.requesting_spouse.address).is_empty(),
    "a phone number is given": lambda inputs, answers: bool(answers.f8857.safe_phone or inputs.people.requesting_spouse.phone),
    "lived in a community property state": lambda inputs, answers: inputs.facts is not None and any(
        year.residence_state in parameter("federal/relief/community_property_states").values[-1].value for year in inputs.facts.tax_years),
}


def open_questions(inputs: CaseInputs) -> list[Any]:
    """The registry's questions (``answers.QUESTIONS``) that this case still needs: only for the forms
    that apply (Form 8857, Form 8379), only when their condition holds, only when not yet answered."""
    from .answers import questions_for
    from .fill import blank, lookup

    forms = {instance.form for instance in applicable_forms(inputs)} & {"8857", "8379", "IL-8857"}
    found = []
    for question in questions_for(forms):
        if not _WHEN[question.when](inputs, inputs.answers):
            continue
        value = lookup(inputs.answers, question.field)
        if isinstance(value, Address):
            value = None if value.is_empty() else value
        if blank(value):
            found.append(question)
    return found

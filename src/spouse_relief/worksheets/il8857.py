"""Form IL-8857 Allocation of Liability Worksheet: parse a case, compute it, explain it.

Two ways in (docs/il8857.md):

* **line entry**: ``{"form": "IL-8857", "tax_year": 2022, "lines": {"1": {"A": ..., "B": ..., "C": ...}}}``
* **item entry**: ``{"form": "IL-8857", "tax_year": 2022, "items": [{"kind": "wages", "amount": ..., "owner": "you"}]}``
  (the owner words are those of the whole project: you, spouse, joint, unclear; the older ``me``
  is accepted for ``you``)

Both end as :class:`~spouse_relief.worksheets.lines.Entry` objects per input line, evaluated by the
shared case evaluator over :data:`WORKSHEET`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from .. import DISCLAIMER
from ..errors import InputError
from .il8857_checks import (
    EstimatedPaymentsReading,
    Line14Category,
    Line80Reading,
    RefundWindow,
    estimated_payments_by_regulation,
    line14_category,
    line80_erroneous_items_once,
    refund_headline,
    refund_request_window,
)
from ..io import pydantic_error
from ..money import ZERO, format_usd, parse_amount
from ..parameters import parameter
from ..trace import ParameterUse, TraceEntry
from .il8857_definition import INPUT_LINES, PRINTED_LINES, RATE, TYPABLE_WHEN_NONRESIDENT, WORKSHEET
from .lines import COLUMNS, Entry, complete_columns, evaluate_case, pick_one, tax_year_rates

FORM = "IL-8857"
COLUMN_NAMES = {"A": "joint", "B": "you (the requesting spouse)", "C": "your spouse"}
OWNER_COLUMN = {"you": "B", "spouse": "C"}
OWNER_ALIASES = {"me": "you"}  # older input files (docs/il8857.md); translated once, here

# Item kinds of item entry -> the worksheet line they belong on.
ITEM_KINDS: dict[str, str] = {
    "wages": "1", "taxable_interest": "2", "ordinary_dividends": "3", "state_tax_refund": "4",
    "alimony_received": "5", "business_income": "6", "capital_gain": "7", "other_gains": "8",
    "ira_distributions": "9", "pensions_and_annuities": "10", "rental_partnership_s_corporation_trust_income": "11",
    "farm_income": "12", "unemployment_compensation": "13", "social_security_benefits": "14", "other_income": "15",
    "educator_expenses": "17", "reservist_artist_official_business_expenses": "18", "health_savings_account_deduction": "19",
    "armed_forces_moving_expenses": "20", "self_employment_tax_deduction": "21", "self_employed_retirement_plans": "22",
    "self_employed_health_insurance": "23", "early_withdrawal_penalty": "24", "alimony_paid": "25", "ira_deduction": "26",
    "student_loan_interest": "27", "tuition_and_fees": "28", "archer_msa_deduction": "29", "other_adjustments": "30",
    "exempt_interest_and_dividends": "33", "other_additions": "34", "retirement_income_subtraction": "36",
    "illinois_refund_subtraction": "37", "other_subtractions": "38", "base_income_allocated_to_illinois": "41",
    "exemption": "43", "exemption_allowance": "43", "investment_credit_recapture": "46",
    "credit_for_tax_paid_to_other_states": "48", "property_tax_and_education_credit": "49", "schedule_1299c_credits": "50",
    "household_employment_tax": "53", "use_tax": "54", "cannabis_and_gaming_surcharges": "55",
    "charitable_donation": "57", "erroneous_income_or_deduction": "59", "erroneous_exemption": "60",
    "erroneous_credit": "63", "credit_increase_from_correction": "63",
    "late_filing_penalty": "65a", "late_payment_penalty": "65b", "estimated_tax_penalty": "65c", "other_penalty": "65d",
    "withholding": "68", "estimated_payment": "69", "pass_through_withholding": "70", "earned_income_credit": "71",
    "payment_with_return": "72", "payment_after_filing": "73", "offset_or_other_payment": "74", "refund_received": "76",
}
# Erroneous items (Correction of erroneous items section): entered as positive amounts in item entry.
# The line's sign follows the instructions: a decrease in exemption allowance or in credits is negative.
ERRONEOUS_SIGN = {"erroneous_income_or_deduction": 1, "erroneous_exemption": -1, "erroneous_credit": -1,
                  "credit_increase_from_correction": 1}
# Items that go "in full to each spouse who knew" when no return was filed before assessment.
FEDERAL_ITEM_LINES = frozenset(str(number) for number in list(range(1, 16)) + list(range(17, 31)))
ILLINOIS_ITEM_LINES = frozenset({"33", "34", "36", "37", "38", "48", "49", "50", "71"})
PAYMENT_LINES = frozenset({"68", "69", "70", "71", "72", "73", "74", "76"})

Whom = Literal["you", "spouse"]


def _owner_word(value: Any) -> Any:
    if isinstance(value, str):
        return OWNER_ALIASES.get(value.strip(), value)
    if isinstance(value, list):
        return [_owner_word(item) for item in value]
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Determination(_Model):
    """An allocation made by the IRS, IDOR or a court in an innocent spouse proceeding: it wins."""

    by: Literal["IRS", "IDOR", "court"]
    you: Any
    spouse: Any

    @model_validator(mode="before")
    @classmethod
    def _old_words(cls, data: Any) -> Any:
        if isinstance(data, dict) and "me" in data and "you" not in data:
            data = {("you" if key == "me" else key): value for key, value in data.items()}
        return data


class Item(_Model):
    kind: str
    amount: Any = None
    owner: Literal["you", "spouse", "joint", "unclear"] | None = None
    knew: list[Whom] | None = None
    description: str | None = None
    date: dt.date | None = None
    determination: Determination | None = None
    # exemption items
    person: Literal["you", "spouse", "dependent"] | None = None
    age_65_or_older: bool | None = None
    blind: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _old_words(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = {key: (_owner_word(value) if key in ("owner", "knew", "person") else value) for key, value in data.items()}
        return data

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in ITEM_KINDS:
            raise ValueError(f"unknown item kind {kind!r}; see docs/il8857.md for the list")
        return kind


class ReturnsFiledBeforeAssessment(_Model):
    federal: bool = True
    illinois: bool = True


class FormAnswers(_Model):
    filed_federal_form_8857: bool | None = None
    transferred_assets_without_full_value: bool | None = None
    paid_in_full_before_august_13_1999: bool | None = None


class Dates(_Model):
    original_return_filed: date | None = None
    last_payment: date | None = None
    request: date | None = None


class Il8857Input(_Model):
    form: str
    tax_year: int
    name: str | None = None
    description: str | None = None
    residency: Literal["resident", "nonresident", "part_year_resident"] = "resident"
    returns_filed_before_assessment: ReturnsFiledBeforeAssessment = ReturnsFiledBeforeAssessment()
    form_answers: FormAnswers = FormAnswers()
    dates: Dates = Dates()
    lines: dict[str, Any] | None = None
    items: list[Item] | None = None


@dataclass
class Il8857Case:
    """One IL-8857 worksheet to compute: the year, residency, entries, answers and dates."""

    tax_year: int
    residency: str
    entries: dict[str, Entry]
    typed_lines: frozenset[str]
    form_answers: FormAnswers
    dates: Dates
    returns_filed_before_assessment: ReturnsFiledBeforeAssessment
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    entry_mode: str = "lines"
    dated_payments: list[tuple[date, Decimal]] | None = None  # payment items with dates; None when any payment is undated


@dataclass
class Il8857Result:
    """The worksheet's result, in the protocol every worksheet result follows (CONTRACTS.md)."""

    case: Il8857Case
    lines: dict[str, dict[str, Decimal]]
    trace: list[TraceEntry]  # in printed line order
    outcome: str
    amount: Decimal
    rate: ParameterUse
    warnings: list[str]
    notes: list[str]
    line14: Line14Category
    refund_window: RefundWindow
    attachments: list[str]
    mail_to: list[str]
    form_url: str
    line80_once: Line80Reading | None = None
    estimated_by_regulation: EstimatedPaymentsReading | None = None

    def trace_for(self, line: str) -> TraceEntry:
        for entry in self.trace:
            if entry.line == line:
                return entry
        raise KeyError(line)

    @property
    def headline(self) -> str | None:
        """The bottom line in one sentence; a refund only within the window and the limit that applies."""
        if self.outcome == "liability":
            return f"You are liable for {format_usd(self.amount)}."
        if self.outcome == "none":
            return "You are liable for nothing and no refund is due."
        return refund_headline(self.amount, self.refund_window, self.case.dated_payments, self.case.dates.original_return_filed)

    def checks(self) -> dict[str, Any]:
        return {
            "line_14": self.line14.as_dict(),
            "refund_request_window": self.refund_window.as_dict(),
            "line_80_erroneous_items_once": self.line80_once.as_dict() if self.line80_once else None,
            "estimated_payments_by_regulation": self.estimated_by_regulation.as_dict() if self.estimated_by_regulation else None,
            "attachments": list(self.attachments),
            "mail_to": list(self.mail_to),
            "form_url": self.form_url,
        }

    def as_dict(self, include_trace: bool = True) -> dict[str, Any]:
        """The public JSON contract (docs/il8857.md): keep ``lines`` and ``result`` stable."""
        document: dict[str, Any] = {
            "form": FORM,
            "revision": WORKSHEET.revision,
            "tax_year": self.case.tax_year,
            "rate": str(self.rate.value),
            "lines": {number: {column: str(value) for column, value in row.items()} for number, row in self.lines.items()},
            "result": {"outcome": self.outcome, "amount": str(self.amount)},
            "headline": self.headline,
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "checks": self.checks(),
            "disclaimer": DISCLAIMER,
        }
        if include_trace:
            document["trace"] = [entry.as_dict() for entry in self.trace]
        return document


# --- parsing ------------------------------------------------------------------------------------


def supported_tax_years() -> tuple[int, int]:
    rate = parameter(RATE)
    return rate.first_effective.year, rate.known_through.year


def parse_il8857(document: Any) -> Il8857Case:
    """Validate an input document (line entry, item entry or both) into a case. Raises InputError."""
    if not isinstance(document, dict):
        raise InputError("input", "expected a mapping with form, tax_year and lines or items")
    form = document.get("form")
    if form != FORM:
        raise InputError("form", f"expected {FORM!r}, got {form!r}")
    try:
        model = Il8857Input.model_validate(document)
    except ValidationError as exc:
        raise pydantic_error(exc) from None
    first, last = supported_tax_years()
    if not first <= model.tax_year <= last:
        raise InputError("tax_year", f"{model.tax_year} is outside the tax years the law data covers ({first} through {last})")
    if model.lines is None and model.items is None:
        raise InputError("lines", "give the worksheet's lines (line entry) or the items (item entry)")

    typed_lines = TYPABLE_WHEN_NONRESIDENT if model.residency != "resident" else frozenset()
    case = Il8857Case(
        tax_year=model.tax_year, residency=model.residency, entries={}, typed_lines=typed_lines,
        form_answers=model.form_answers, dates=model.dates,
        returns_filed_before_assessment=model.returns_filed_before_assessment,
        entry_mode="items" if model.items is not None and model.lines is None else "lines" if model.items is None else "both",
    )
    if model.lines is not None:
        _parse_lines(model.lines, case)
    if model.items is not None:
        _place_items(model.items, case)
    if typed_lines:
        for number in sorted(typed_lines):
            if number not in case.entries:
                case.warnings.append(
                    f"line {number}: you are a {model.residency.replace('_', '-')}, so line {number} is the base income "
                    "allocated to Illinois on Schedule NR; nothing was entered, so it is zero"
                )
    _check_erroneous_section(case)
    _check_unsplit_lines(case)
    return case


def _check_unsplit_lines(case: Il8857Case) -> None:
    """Never divide silently what the law splits by facts the input lacks (Schedule NR, other subtractions)."""
    if "41" in case.entries and case.entries["41"].to_divide != 0:
        case.warnings.append(
            "line 41: each spouse's base income allocated to Illinois comes from their own Schedule NR; it was not given "
            "for part of the amount, so that part is divided in proportion to each spouse's base income (line 40). "
            "Enter each spouse's Schedule NR amount for an exact split."
        )
    if "38" in case.entries and case.entries["38"].to_divide != 0:
        case.warnings.append(
            "line 38: other subtractions whose owner is not given are divided equally; say whose each subtraction is "
            "(it follows the income it subtracts)."
        )


def _parse_lines(lines: dict[str, Any], case: Il8857Case) -> None:
    for raw_number, raw_value in lines.items():
        number = str(raw_number).strip()
        where = f"lines.{number}"
        if number not in PRINTED_LINES:
            raise InputError(where, "unknown line: the worksheet has lines 1 through 80, with 65a through 65d")
        if number not in INPUT_LINES and number not in case.typed_lines:
            line = WORKSHEET.line(number)
            hint = " (it is typed only for a nonresident or part-year resident)" if number in TYPABLE_WHEN_NONRESIDENT else ""
            raise InputError(where, f"line {number} is computed ({line.label}); remove it{hint}")
        if isinstance(raw_value, dict):
            given: dict[str, Decimal] = {}
            for column, amount in raw_value.items():
                if column not in COLUMNS:
                    raise InputError(
                        f"{where}.{column}", f"unknown column {column!r}: columns are A (joint), B (you), C (your spouse)"
                    )
                if amount is not None:
                    given[column] = parse_amount(amount, f"{where}.{column}")
        else:
            given = {"A": parse_amount(raw_value, where)}
        if not given:
            continue
        entry = case.entries.setdefault(number, Entry())
        _place_typed(number, given, entry, case)


def _place_typed(number: str, given: dict[str, Decimal], entry: Entry, case: Il8857Case) -> None:
    a, b, c = given.get("A"), given.get("B"), given.get("C")
    if a is not None and b is None and c is None:
        entry.to_divide += a
        entry.sources.append(f"typed: column A {a} only, so its owner is unclear and it is divided by the line's rule")
        return
    a, b, c = complete_columns(a or ZERO, b or ZERO, c or ZERO, (a is not None, b is not None, c is not None), pick_one)
    if b + c != a:
        case.warnings.append(
            f"line {number}: columns B ({b}) and C ({c}) add to {b + c}, not column A ({a}); kept as entered "
            "(an item known to both spouses can belong in both columns)"
        )
    for column, amount in (("A", a), ("B", b), ("C", c)):
        entry.add(column, amount)
    entry.sources.append(f"typed: A {a}, B {b}, C {c}")


def _knowers(item: Item, where: str, reason: str) -> list[str]:
    owners = {"you": {"you"}, "spouse": {"spouse"}, "joint": {"you", "spouse"}, "unclear": set()}[item.owner or "unclear"]
    if item.knew is not None:
        knowers = set(item.knew) | (owners if item.owner in ("you", "spouse") else set())
    elif item.owner == "unclear" or item.owner is None:
        raise InputError(f"{where}.knew", f"needed: {reason}, so the item goes to each spouse who knew of it. Who knew: you, spouse, or both?")
    else:
        knowers = owners
    if not knowers:
        raise InputError(f"{where}.knew", "name at least one spouse who knew of the item")
    return sorted(knowers)


def _place_items(items: list[Item], case: Il8857Case) -> None:
    federal_agi = _joint_agi_from_items(items)
    case.dated_payments = []
    for index, item in enumerate(items):
        where = f"items[{index}]"
        line = ITEM_KINDS[item.kind]
        label = item.description or item.kind.replace("_", " ")
        if line not in INPUT_LINES and line not in case.typed_lines:
            raise InputError(f"{where}.kind", f"{item.kind} goes on line {line}, which is typed only for a nonresident or part-year resident")
        if item.kind == "exemption":
            _place_exemption(item, where, case, federal_agi)
            continue
        if item.amount is None:
            raise InputError(f"{where}.amount", "is required")
        amount = parse_amount(item.amount, f"{where}.amount") * ERRONEOUS_SIGN.get(item.kind, 1)
        if line in PAYMENT_LINES and line != "76" and case.dated_payments is not None:
            if item.date is None:
                case.dated_payments = None
            else:
                case.dated_payments.append((item.date, amount))
        entry = case.entries.setdefault(line, Entry())
        if item.determination is not None:
            det = item.determination
            mine = parse_amount(det.you, f"{where}.determination.you")
            theirs = parse_amount(det.spouse, f"{where}.determination.spouse")
            sign = ERRONEOUS_SIGN.get(item.kind, 1)
            mine, theirs = mine * sign, theirs * sign
            entry.add("A", amount)
            entry.add("B", mine)
            entry.add("C", theirs)
            entry.sources.append(f"{label}: {amount} allocated by the {det.by}'s determination: B {mine}, C {theirs}")
            if mine + theirs != amount:
                case.warnings.append(f"{where}: the determination's amounts add to {mine + theirs}, not {amount}; kept as determined")
            continue
        if item.owner is None:
            raise InputError(f"{where}.owner", "say whose item this is: you, spouse, joint, or unclear")
        reason = None
        if item.kind in ERRONEOUS_SIGN:
            reason = "an erroneous item is allocated to each spouse who knew of it"
        elif line in FEDERAL_ITEM_LINES and not case.returns_filed_before_assessment.federal:
            reason = "no return was filed before the IRS assessed"
        elif line in ILLINOIS_ITEM_LINES and not case.returns_filed_before_assessment.illinois:
            reason = "no Illinois return was filed before IDOR assessed"
        if reason is not None:
            knowers = _knowers(item, where, reason)
            entry.add("A", amount)
            for whom in knowers:
                entry.add(OWNER_COLUMN[whom], amount)
            names = " and ".join("you" if whom == "you" else "your spouse" for whom in knowers)
            entry.sources.append(f"{label}: {amount} in full to each spouse who knew of it ({names}), because {reason}")
            if len(knowers) == 2:
                case.notes.append(f"line {line}: {label} is in both columns B and C because both spouses knew of it")
            continue
        if item.owner in OWNER_COLUMN:
            column = OWNER_COLUMN[item.owner]
            entry.add("A", amount)
            entry.add(column, amount)
            if item.owner == "you":
                entry.sources.append(f"{label}: {amount}, yours, in column {column}")
            else:
                entry.sources.append(f"{label}: {amount}, your spouse's, in column {column}")
        else:
            entry.to_divide += amount
            entry.sources.append(f"{label}: {amount}, {item.owner}, divided by the line's rule")
        if item.date is not None and line in PAYMENT_LINES and line != "76":
            last = case.dates.last_payment
            if last is None or item.date > last:
                case.dates = case.dates.model_copy(update={"last_payment": item.date})


def _joint_agi_from_items(items: list[Item]) -> Decimal:
    """Federal AGI of the joint return (line 32, column A) from the items, for the exemption cap."""
    total = ZERO
    for index, item in enumerate(items):
        line = ITEM_KINDS.get(item.kind)
        if line is None or item.amount is None or item.kind == "exemption":
            continue
        amount = parse_amount(item.amount, f"items[{index}].amount")
        if line in FEDERAL_ITEM_LINES:
            total += amount if int(line) <= 15 else -amount
    return total


# An exemption without a description of its own, by whose it is.
EXEMPTION_FOR = {"you": "exemption for you", "spouse": "exemption for your spouse", "dependent": "exemption for a dependent"}


def _place_exemption(item: Item, where: str, case: Il8857Case, federal_agi: Decimal) -> None:
    year = case.tax_year
    entry = case.entries.setdefault("43", Entry())
    if item.person is None:
        raise InputError(f"{where}.person", "say whose exemption this is: you, spouse, or dependent")
    if case.residency != "resident":
        _place_prorated_exemption(item, where, case, entry)
        return
    allowance = parameter("il/exemption_allowance").for_tax_year(year)
    additional = parameter("il/exemption_additional").for_tax_year(year)
    cap = parameter("il/exemption_agi_cap").for_tax_year(year)
    amount = allowance.value
    parts = [f"basic {allowance.value}"]
    if item.person != "dependent":
        if item.age_65_or_older:
            amount += additional.value["age_65_or_older"]
            parts.append(f"65 or older {additional.value['age_65_or_older']}")
        if item.blind:
            amount += additional.value["blind"]
            parts.append(f"blind {additional.value['blind']}")
    limit = cap.value["married_filing_jointly"]
    label = item.description or EXEMPTION_FOR[item.person]
    uses = [allowance, additional, cap]
    if limit is not None and federal_agi > limit:
        amount = ZERO
        entry.sources.append(
            f"{label}: none, because the joint federal AGI ({federal_agi}) is over {limit} "
            f"({cap.short_citation()}) [{cap.verified}]"
        )
        return
    # the law used, by its title in the data (a page says a mark other than [V] in words)
    cited = "; ".join(parameter(use.name).title + ("" if use.verified == "V" else f" [{use.verified}]") for use in uses)
    if item.person == "dependent":
        _place_allowance(entry, item.owner or "unclear", amount, f"{label}: {amount} ({', '.join(parts)})", f" ({cited})")
        return
    column = OWNER_COLUMN[item.person]
    entry.add("A", amount)
    entry.add(column, amount)
    entry.sources.append(f"{label}: {amount} ({' + '.join(parts)}) in column {column} ({cited})")


def _place_prorated_exemption(item: Item, where: str, case: Il8857Case, entry: Entry) -> None:
    """A nonresident's or part-year resident's exemption allowance is the prorated amount from Schedule NR."""
    if item.amount is None:
        raise InputError(
            f"{where}.amount",
            "as a nonresident or part-year resident, give the exemption allowance from Schedule NR (the full allowance "
            "prorated by the Illinois share of base income); it is not the resident amount",
        )
    amount = parse_amount(item.amount, f"{where}.amount")
    label = item.description or "exemption allowance from Schedule NR"
    owner = item.person if item.person in OWNER_COLUMN else (item.owner or "unclear")
    _place_allowance(entry, owner, amount, f"{label}: {amount} (Schedule NR)", "")


def _place_allowance(entry: Entry, owner: str, amount: Decimal, described: str, cited: str) -> None:
    """An exemption amount: in the owner's column, or divided equally when it is not clearly allocable."""
    if owner in OWNER_COLUMN:
        entry.add("A", amount)
        entry.add(OWNER_COLUMN[owner], amount)
        entry.sources.append(f"{described}, claimed by {'you' if owner == 'you' else 'your spouse'}{cited}")
    else:
        entry.to_divide += amount
        entry.sources.append(f"{described}, not clearly allocable, divided equally{cited}")


def _check_erroneous_section(case: Il8857Case) -> None:
    filed = case.returns_filed_before_assessment
    if filed.federal or filed.illinois:
        return
    used = [number for number in ("59", "60", "63") if number in case.entries]
    if used:
        case.warnings.append(
            f"lines {', '.join(used)}: no return was filed before assessment, so the instructions say to enter zero on "
            "lines 59 through 64 and report every item on its own line (lines 1-32, 33-38, 48-50, 71)"
        )


# --- computing ----------------------------------------------------------------------------------


def compute_il8857(case: Il8857Case, today: date | None = None) -> Il8857Result:
    evaluation = evaluate_case(WORKSHEET, case.entries, tax_year_rates(case.tax_year), typed_lines=case.typed_lines)
    rate_use = ParameterUse.of(parameter(RATE).for_tax_year(case.tax_year))
    requester = evaluation.value("80", "B")
    if requester > 0:
        outcome, amount = "liability", requester
    elif requester < 0:
        outcome, amount = "refund", -requester
    else:
        outcome, amount = "none", ZERO
    filing = parameter("il/il8857_filing").for_tax_year(case.tax_year).value
    attachments = [text for text in filing["attachments"] if _attachment_applies(text, case)]
    line14 = line14_category(case.tax_year, case.form_answers.paid_in_full_before_august_13_1999)
    window = refund_request_window(
        case.tax_year, case.dates.original_return_filed, case.dates.last_payment, case.dates.request or today or date.today()
    )
    notes = list(case.notes)
    reconstructed = [line.number for line in WORKSHEET.lines if line.label_reconstructed]
    notes.append(
        f"The printed labels of lines {_ranges(reconstructed)} are reconstructed from IDOR's IL-1040 worksheets "
        "(the arithmetic and numbering follow the IL-8857 instructions)."
    )
    if rate_use.verified == "U":
        notes.append(f"The tax rate for {case.tax_year} is unverified: {rate_use.citation}")
    if line14.category != "illinois_guidelines":
        notes.append(line14.explanation)
    warnings = list(case.warnings)
    once = line80_erroneous_items_once(evaluation.values)
    if once is not None:
        warnings.append(once.warning)
    estimated = estimated_payments_by_regulation(evaluation.values, case.entries.get("69"))
    if estimated is not None:
        notes.append(estimated.note)
    trace = [evaluation.trace[number] for number in PRINTED_LINES if number in evaluation.trace]
    return Il8857Result(
        case=case, lines=evaluation.values, trace=trace, outcome=outcome, amount=amount,
        rate=rate_use, warnings=warnings, notes=notes, line14=line14, refund_window=window,
        attachments=attachments, mail_to=list(filing["mail_to"]), form_url=filing["form_url"],
        line80_once=once, estimated_by_regulation=estimated,
    )


def _attachment_applies(text: str, case: Il8857Case) -> bool:
    if "(line 12)" in text:
        return case.form_answers.filed_federal_form_8857 is not False
    if "(line 13)" in text:
        return case.form_answers.transferred_assets_without_full_value is not False
    if "Schedule NR" in text:
        return case.residency != "resident"
    return True


def _ranges(numbers: list[str]) -> str:
    """'1-15, 17-30, 33, ...' for a list of printed line numbers."""
    groups: list[list[str]] = []
    for number in numbers:
        previous = groups[-1][-1] if groups else None
        if previous is not None and previous.isdigit() and number.isdigit() and int(number) == int(previous) + 1:
            groups[-1].append(number)
        else:
            groups.append([number])
    return ", ".join(group[0] if len(group) == 1 else f"{group[0]}-{group[-1]}" for group in groups)


def explain(result: Il8857Result, line: str, depth: int = 1) -> str:
    """How a line came to be, with the lines it was computed from down to ``depth`` levels."""
    if line not in PRINTED_LINES:
        raise InputError("--explain", f"unknown line {line!r}: the worksheet has lines 1 through 80, with 65a through 65d")
    seen: set[str] = set()
    blocks: list[str] = []

    def visit(number: str, level: int) -> None:
        if number in seen:
            return
        seen.add(number)
        blocks.append(result.trace_for(number).explain())
        definition = WORKSHEET.line(number)
        if level < depth and definition.formula is not None and number not in result.case.typed_lines:
            for needed in definition.formula.inputs():
                visit(needed, level + 1)
        if level < depth and definition.division is not None and number in result.case.entries:
            if result.case.entries[number].to_divide != 0:
                for needed in definition.division.basis_lines():
                    visit(needed, level + 1)

    visit(line, 0)
    return "\n\n".join(blocks)

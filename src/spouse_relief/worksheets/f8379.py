"""Form 8379, Injured Spouse Allocation, for one case: the input, the Decimal evaluation, the result.

Part III (lines 13a-20) and the IRM 25.18.5 refund estimate are defined once, in
:mod:`spouse_relief.worksheets.f8379_definition`; this module reads a case into the named amounts
that definition starts from (each item divided by its own rule, ``f8379_definition.ITEM_RULE``),
evaluates it in Decimal with a trace of every step, and builds the result.

Owners use the project's words: ``you`` (the injured spouse), ``spouse`` (the other spouse),
``joint``, ``unclear``; the old ``injured`` / ``other`` are accepted and translated on input.
Result columns are named as on the form: ``joint`` (a), ``injured`` (b), ``other`` (c).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .. import DISCLAIMER
from ..errors import InputError
from ..io import pydantic_error
from ..money import ZERO, format_usd, parse_amount
from ..parameters import OutsideData, parameter
from ..trace import TraceEntry
from . import f8379_definition as definition
from .lines import DecimalContext, run_steps_decimal

COLUMNS = ("joint", "injured", "other")
SPOUSES = ("injured", "other")
INSTRUCTIONS = "Instructions for Form 8379"
IRM = "IRM 25.18.5"
FORM_LINKS = {
    "Form 8379": "https://www.irs.gov/pub/irs-pdf/f8379.pdf",
    "Instructions for Form 8379": "https://www.irs.gov/pub/irs-pdf/i8379.pdf",
    "About Form 8379": "https://www.irs.gov/forms-pubs/about-form-8379",
}


# --- input ------------------------------------------------------------------------------------


def _amount(raw: Any) -> Decimal:
    try:
        return parse_amount(raw, "")
    except InputError as exc:
        raise ValueError(exc.message) from None


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("cannot be negative")
    return value


Amount = Annotated[Decimal, BeforeValidator(_amount)]
NotNegative = Annotated[Decimal, BeforeValidator(_amount), AfterValidator(_not_negative)]  # a tax, a credit, a deduction, an offset
OWNER_ALIASES = {"injured": "you", "other": "spouse"}  # the form's old words, accepted on input


def _owner(raw: Any) -> Any:
    return OWNER_ALIASES.get(raw, raw) if isinstance(raw, str) else raw


Owner = Annotated[Literal["you", "spouse", "joint", "unclear"], BeforeValidator(_owner)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Split(_Strict):
    injured: Amount = Field(validation_alias=AliasChoices("injured", "you"))
    other: Amount = Field(validation_alias=AliasChoices("other", "spouse"))


class Item(_Strict):
    """An amount from the joint return and whose it is."""

    description: str = Field(min_length=1)
    amount: Amount
    owner: Owner
    split: Split | None = None  # for a joint item: the couple's own division
    property: Literal["community", "separate"] | None = None  # community-property states only

    @model_validator(mode="after")
    def _split_adds_up(self) -> "Item":
        if self.amount < 0 and not self._may_be_negative():
            raise ValueError("amount cannot be negative here (only an income item, such as a capital loss, can be)")
        if self.split is not None:
            if self.owner != "joint":
                raise ValueError("a split is only for an item owned jointly (owner: joint)")
            if self.split.injured + self.split.other != self.amount:
                raise ValueError(
                    f"split injured {self.split.injured} + other {self.split.other} does not add up to amount {self.amount}"
                )
        return self

    def _may_be_negative(self) -> bool:
        return False


class IncomeItem(Item):
    line: Literal["13a", "13b"]
    kind: Literal["ordinary", "qualified_dividends", "net_capital_gain"] = "ordinary"
    earned: bool | None = None  # earned income for the EIC: W-2 wages always; self-employment income when true

    @model_validator(mode="after")
    def _w2_is_wages(self) -> "IncomeItem":
        if self.line == "13a" and self.kind != "ordinary":
            raise ValueError("line 13a holds only Form W-2 income (kind: ordinary)")
        if self.line == "13a" and self.owner in ("joint", "unclear"):
            raise ValueError("Form W-2 income belongs to the spouse who earned it (owner: you or spouse)")
        return self

    def _may_be_negative(self) -> bool:
        return self.line == "13b"

    @property
    def is_earned(self) -> bool:
        return self.line == "13a" or bool(self.earned)


class PaymentItem(Item):
    """Estimated tax or extension payments (line 20). A joint payment without a split is divided
    by the spouses' separate tax liabilities."""


class Spouse(_Strict):
    name: str = Field(min_length=1)
    age_65_or_older: bool = False
    blind: bool = False


class Deduction(_Strict):
    method: Literal["standard", "itemized"]
    itemized: list[Item] = Field(default_factory=list)

    @model_validator(mode="after")
    def _itemized_listed(self) -> "Deduction":
        if self.method == "standard" and self.itemized:
            raise ValueError("itemized deductions are listed only when method is itemized")
        if self.method == "itemized" and not self.itemized:
            raise ValueError("list the itemized deductions (description, amount, owner)")
        return self


class QBIDeduction(_Strict):
    amount: NotNegative
    qualified_business_income: Split


class Exemptions(_Strict):
    injured: int = Field(ge=0, validation_alias=AliasChoices("injured", "you"))
    other: int = Field(ge=0, validation_alias=AliasChoices("other", "spouse"))


class JointReturn(_Strict):
    total_tax: NotNegative | None = None  # Form 1040 total tax as filed or corrected; computed when absent
    earned_income_credit: NotNegative = ZERO
    overpayment: Amount | None = None  # as shown on the return; checked against the computation


class Offset(_Strict):
    amount: NotNegative
    debt_type: str
    # When the debt arose: before the marriage (a separate debt) or during it; only a federal tax debt in a
    # community-property state depends on it (None: not known - the during-the-marriage rule, with a note).
    debt_incurred: Literal["premarital", "during_marriage"] | None = None


class CommunityProperty(_Strict):
    state: str = Field(min_length=2, max_length=2)
    default_property: Literal["community", "separate"] = "community"


class F8379Input(_Strict):
    form: Literal["8379", "f8379"] = "8379"
    tax_year: int = Field(ge=1900, le=2100)
    injured_spouse: Spouse
    other_spouse: Spouse
    community_property: CommunityProperty | None = None
    joint_return: JointReturn = Field(default_factory=JointReturn)
    income: list[IncomeItem] = Field(default_factory=list)
    adjustments: list[Item] = Field(default_factory=list)
    deduction: Deduction
    qbi_deduction: QBIDeduction | None = None
    exemptions: Exemptions | None = None
    nonrefundable_credits: list[Item] = Field(default_factory=list)
    refundable_credits: list[Item] = Field(default_factory=list)
    other_taxes: list[Item] = Field(default_factory=list)
    withholding: list[Item] = Field(default_factory=list)
    payments: list[PaymentItem] = Field(default_factory=list)
    offset: Offset | None = None


def parse_input(data: Any) -> F8379Input:
    """Validate a Form 8379 input document; a bad field raises InputError naming it."""
    if not isinstance(data, dict):
        raise InputError("", "the input must be a mapping of fields (see docs/f8379.md)")
    try:
        case = F8379Input.model_validate(data)
    except ValidationError as exc:
        error = pydantic_error(exc)
        raise InputError(error.field, error.message.removeprefix("Value error, ")) from None
    try:
        _check_law_fields(case)
    except OutsideData as exc:  # a year the law data does not cover: the field that chose it
        raise InputError("tax_year", f"{case.tax_year}: {exc.words()}") from None
    return case


def _check_law_fields(case: F8379Input) -> None:
    kinds = parameter("federal/relief/offset_debt_kinds").for_tax_year(case.tax_year).value
    if case.offset is not None and case.offset.debt_type not in kinds:
        raise InputError("offset.debt_type", f"{case.offset.debt_type!r} is not one of {', '.join(kinds)}")
    states = parameter("federal/relief/community_property_states").for_tax_year(case.tax_year).value
    if case.community_property is not None and case.community_property.state.upper() not in states:
        raise InputError(
            "community_property.state", f"{case.community_property.state!r} is not a community-property state ({', '.join(states)})"
        )
    exemption = parameter("federal/income_tax/personal_exemption").for_tax_year(case.tax_year)
    if case.exemptions is not None and exemption.value == 0 and (case.exemptions.injured or case.exemptions.other):
        raise InputError("exemptions", f"there is no personal exemption for {case.tax_year} (line 16 is not exemptions)")
    if case.community_property is None:
        for group in ("income", "adjustments", "nonrefundable_credits", "refundable_credits", "other_taxes", "withholding", "payments"):
            for index, item in enumerate(getattr(case, group)):
                if item.property is not None:
                    raise InputError(f"{group}.{index}.property", "is only for a community-property state (set community_property)")
    basis = parameter(definition.EIC_BASIS).for_tax_year(case.tax_year)
    if case.joint_return.earned_income_credit and basis.value != "earned_income":
        raise InputError("joint_return.earned_income_credit", f"no method for the basis {basis.value!r}")


# --- reading a case into the definition's amounts ------------------------------------------------


@dataclass
class _Reading:
    """The values read from a Form 8379 input, where each came from, and notes."""

    values: dict[str, Any]
    sources: dict[str, list[str]]
    notes: list[str]


def _items(case: F8379Input, group: str) -> list[Item]:
    if group in ("13a", "13b"):
        return [item for item in case.income if item.line == group]
    if group == "itemized":
        return list(case.deduction.itemized)
    return list(getattr(case, group))


def _how(item: Item, community: bool, rate: Any) -> str:
    if community:
        return f"community property: {rate(definition.COMMUNITY_SHARE)} each"
    if item.owner == "you":
        return "injured spouse's item"
    if item.owner == "spouse":
        return "other spouse's item"
    if item.split is not None:
        return "joint item, divided as the spouses state"
    return f"joint item, no division stated: {rate(definition.JOINT_SHARE)} to each (default)"


def read_case(case: F8379Input) -> _Reading:
    """The named amounts the definition starts from (``f8379_definition.INPUTS``), each item divided by its rule."""
    rate = lambda name: parameter(name).for_tax_year(case.tax_year).value  # noqa: E731
    community = case.community_property
    values: dict[str, Any] = {name: ZERO for name in definition.INPUTS}
    sources: dict[str, list[str]] = {}
    notes: list[str] = []
    for group, name, _ in definition.ITEM_GROUPS:
        rows = sources.setdefault(name, [])
        for item in _items(case, group):
            character = (item.property or community.default_property) if community else None
            values[f"{name} joint"] += item.amount
            if definition.divided_by_separate_tax(group, item.owner, item.split is not None) and character != "community":
                values["joint payments to divide"] += item.amount
                rows.append(f"{item.description}: {item.amount} (joint payment, no agreement: divided by separate tax liability)")
                continue
            split = (item.split.injured, item.split.other) if item.split is not None else None
            injured, other = definition.ITEM_RULE.decimal(item.amount, item.owner, split, character == "community", rate)
            values[f"{name} injured"] += injured
            values[f"{name} other"] += other
            if item.owner in ("joint", "unclear") and split is None and character != "community":
                notes.append(
                    "A joint item had no division stated and was split equally (the instructions let you allocate joint items "
                    "as you determine); add a split to change it."
                )
            rows.append(f"{item.description}: {item.amount} -> injured {injured}, other {other} ({_how(item, character == 'community', rate)})")
            if community and group in definition.COMMUNITY_TRACKED:
                values[f"{character} payments and credits injured"] += injured
            if isinstance(item, IncomeItem):
                _read_income(item, injured, other, values, rate)
    _read_answers(case, values)
    return _Reading(values, sources, list(dict.fromkeys(notes)))


def _read_income(item: IncomeItem, injured: Decimal, other: Decimal, values: dict[str, Any], rate: Any) -> None:
    if item.kind != "ordinary":
        values[f"{item.kind.replace('_', ' ')} joint"] += item.amount
        values[f"{item.kind.replace('_', ' ')} injured"] += injured
        values[f"{item.kind.replace('_', ' ')} other"] += other
    if item.is_earned:  # earned income follows the owner or the couple's split, never the community rule
        split = (item.split.injured, item.split.other) if item.split is not None else None
        earned = definition.ITEM_RULE.decimal(item.amount, item.owner, split, False, rate)
        values["earned income injured"] += earned[0]
        values["earned income other"] += earned[1]


def _read_answers(case: F8379Input, values: dict[str, Any]) -> None:
    for spouse, person in (("injured", case.injured_spouse), ("other", case.other_spouse)):
        values[f"boxes checked {spouse}"] = int(person.age_65_or_older) + int(person.blind)
        values[f"exemptions claimed {spouse}"] = getattr(case.exemptions, spouse) if case.exemptions else 0
    values["itemized"] = case.deduction.method == "itemized"
    if case.qbi_deduction is not None:
        values["QBI entered"] = True
        values["QBI deduction"] = case.qbi_deduction.amount
        values["qualified business income injured"] = case.qbi_deduction.qualified_business_income.injured
        values["qualified business income other"] = case.qbi_deduction.qualified_business_income.other
    else:
        values["QBI entered"] = False
    joint = case.joint_return
    values["joint total tax entered"] = joint.total_tax is not None
    values["joint total tax as shown"] = joint.total_tax if joint.total_tax is not None else ZERO
    values["earned income credit"] = joint.earned_income_credit
    values["offset entered"] = case.offset is not None
    values["offset amount"] = case.offset.amount if case.offset else ZERO
    values["community property"] = case.community_property is not None
    values["community by default"] = bool(case.community_property) and case.community_property.default_property == "community"
    values["federal tax debt"] = case.offset is not None and case.offset.debt_type == "federal_tax"
    rule = premarital_rule(case)
    values["premarital debt: own share protected"] = rule == "own_share"
    values["premarital debt: half of community protected"] = rule == "half_of_community"


def premarital_rule(case: F8379Input) -> str | None:
    """The state's rule for the other spouse's premarital federal tax debt, when it applies (else None)."""
    if case.community_property is None or case.offset is None or case.offset.debt_incurred != "premarital":
        return None
    rules = parameter(definition.PREMARITAL_RULE).for_tax_year(case.tax_year).value
    return rules.get(case.community_property.state.upper())


def steps_for(tax_year: int) -> tuple:
    """The definition for a tax year: Part III in the year's layout, then the refund estimate."""
    layout = parameter(definition.LAYOUT).for_tax_year(tax_year).value
    return definition.PART_III_START + definition.LAYOUTS[layout] + definition.PART_III_END + definition.REFUND_ESTIMATE


# --- result -----------------------------------------------------------------------------------


@dataclass
class F8379Result:
    """Form 8379 Part III computed: each spouse's share of the joint refund, line by line."""

    tax_year: int
    line_labels: dict[str, str]
    allocation: dict[str, dict[str, Decimal]]
    taxable_income: dict[str, Decimal]
    separate_tax: dict[str, Decimal]
    joint_tax: Decimal
    share_of_tax: dict[str, Decimal]
    earned_income_credit: dict[str, Decimal]
    payments_and_credits: dict[str, Decimal]
    joint_overpayment: Decimal
    injured_spouse_refund: Decimal
    available_for_offset: Decimal
    offset: dict[str, Any] | None
    community_property: dict[str, Any] | None
    notes: list[str]
    unverified: list[str]
    trace: list[TraceEntry] = field(default_factory=list)

    @property
    def headline(self) -> str | None:
        if self.joint_overpayment == 0:
            return "The joint return shows no overpayment, so there is no refund for an offset to take or to protect."
        return (
            f"Of the joint overpayment of {format_usd(self.joint_overpayment)}, an estimated "
            f"{format_usd(self.injured_spouse_refund)} is the injured spouse's and {format_usd(self.available_for_offset)} "
            "can be applied to the other spouse's debt."
        )

    def as_dict(self) -> dict[str, Any]:
        def money(values: dict[str, Decimal]) -> dict[str, str]:
            return {key: str(value) for key, value in values.items()}

        return {
            "form": "8379",
            "tax_year": self.tax_year,
            "headline": self.headline,
            "line_labels": dict(self.line_labels),
            "allocation": {line: money(columns) for line, columns in self.allocation.items()},
            "taxable_income": money(self.taxable_income),
            "separate_tax": money(self.separate_tax),
            "joint_tax": str(self.joint_tax),
            "share_of_tax": money(self.share_of_tax),
            "earned_income_credit": money(self.earned_income_credit),
            "payments_and_credits": money(self.payments_and_credits),
            "joint_overpayment": str(self.joint_overpayment),
            "injured_spouse_refund": str(self.injured_spouse_refund),
            "available_for_offset": str(self.available_for_offset),
            "offset": _jsonable(self.offset),
            "community_property": _jsonable(self.community_property),
            "notes": list(self.notes),
            "unverified": list(self.unverified),
            "trace": [entry.as_dict() for entry in self.trace],
            "forms": dict(FORM_LINKS),
            "disclaimer": DISCLAIMER,
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


PART_III_LINES = ("13a", "13b", "14", "15", "QBI", "16", "17", "18", "19", "20")
_LINE_KEYS = {line: ("QBI" if line == "QBI" else f"line {line}") for line in PART_III_LINES}


# --- computation ------------------------------------------------------------------------------


def compute(case: F8379Input | dict) -> F8379Result:
    """Form 8379 Part III and the injured spouse's refund estimate for one case."""
    if not isinstance(case, F8379Input):
        case = parse_input(case)
    year = case.tax_year
    reading = read_case(case)
    ctx = DecimalContext(reading.values, year)
    ctx.sources = reading.sources
    run_steps_decimal(steps_for(year), ctx)
    values = ctx.values
    labels = parameter(definition.LABELS).for_tax_year(year).value
    for entry in ctx.trace:
        entry.label = labels.get(entry.line, entry.label)
    pick = lambda key, columns=COLUMNS: {column: values[f"{key} {column}"] for column in columns}  # noqa: E731
    return F8379Result(
        tax_year=year,
        line_labels=dict(labels),
        allocation={line: pick(key) for line, key in _LINE_KEYS.items()},
        taxable_income={spouse: values[f"{spouse} taxable income"] for spouse in SPOUSES},
        separate_tax={spouse: values[f"{spouse} separate tax"] for spouse in SPOUSES},
        joint_tax=values["joint tax"],
        share_of_tax=pick("share of tax", SPOUSES),
        earned_income_credit=pick("earned income credit", SPOUSES),
        payments_and_credits=pick("payments and credits"),
        joint_overpayment=values["joint overpayment"],
        injured_spouse_refund=values["injured spouse refund"],
        available_for_offset=values["available for offset"],
        offset=_offset(case, values),
        community_property=_community(case, values),
        notes=reading.notes + ctx.remarks + _checks(case, values) + _premarital_note(case),
        unverified=_unverified(ctx.trace, year),
        trace=ctx.trace,
    )


def _checks(case: F8379Input, values: dict[str, Any]) -> list[str]:
    """Where the return's own figures differ from what the items give (a check, not a computation)."""
    notes = []
    computed = values["joint computed tax"]
    if case.joint_return.total_tax is not None and case.joint_return.total_tax != computed:
        notes.append(
            f"The items entered give a joint tax of {computed}; the return's {case.joint_return.total_tax} is used. "
            "A difference can come from items not entered (AMT, other credits) or a mistake in an item."
        )
    shown = case.joint_return.overpayment
    if shown is not None and shown != values["joint overpayment"]:
        notes.append(
            f"The return shows an overpayment of {shown}; the items entered give {values['joint overpayment']}. "
            "Check the items against the return."
        )
    return notes


def _offset(case: F8379Input, values: dict[str, Any]) -> dict[str, Any] | None:
    if case.offset is None:
        return None
    kinds = parameter("federal/relief/offset_debt_kinds").for_tax_year(case.tax_year).value
    return {
        "debt_type": case.offset.debt_type,
        "debt_type_name": kinds[case.offset.debt_type],
        "amount": case.offset.amount,
        "applied_to_debt": values["offset applied to debt"],
        "refund_to_other_spouse": values["offset refund to other spouse"],
        "debt_left_unpaid": values["offset debt left unpaid"],
    }


_COMMUNITY_RULE = {
    True: (
        "federal tax debt: tax liabilities are community debts, so only the injured spouse's separate-property part of "
        "the refund is protected (share of payments that are separate property)"
    ),
    False: "debt other than federal tax: limited to the liable spouse's half of community property plus separate property",
}


def _community(case: F8379Input, values: dict[str, Any]) -> dict[str, Any] | None:
    if case.community_property is None:
        return None
    state = case.community_property.state.upper()
    rulings = parameter(definition.RULINGS).for_tax_year(case.tax_year).value
    federal_tax = bool(values["federal tax debt"])
    rule = premarital_rule(case) if federal_tax else None
    how = _COMMUNITY_RULE[federal_tax]
    if rule is not None:
        how = _PREMARITAL_WORDS[rule]
    if case.offset is None:
        how += " (no debt type entered; a federal tax debt would reduce the refund to the separate-property part)"
    result = {
        "state": state,
        "ruling": rulings.get(state),
        "rule": how,
        "injured_community_payments_and_credits": values["community part"],
        "injured_separate_payments_and_credits": values["separate part"],
        "refund_before_community_rule": values["refund before the community rule"],
        "refund_after_community_rule": values["injured spouse refund"],
    }
    if federal_tax:
        result["debt_incurred"] = case.offset.debt_incurred
        result["readings"] = {
            "state_law_premarital_debt": values["injured spouse refund"] if rule is not None else None,
            "separate_property_only": values["separate-property reading"],
        }
    return result


_PREMARITAL_WORDS = {
    "own_share": "premarital federal tax debt: under this state's law as read in the revenue rulings the community answers "
                 "for it only to the extent of the liable spouse's own share, so the injured spouse's whole share is protected [U]",
    "half_of_community": "premarital federal tax debt: under this state's law as read in the revenue rulings it reaches only the "
                         "liable spouse's half of community property, so the injured spouse keeps the separate-property part "
                         "and half of the community part [U]",
    "separate_property_only": "premarital federal tax debt: under this state's law community property answers for either "
                              "spouse's premarital debts, so only the injured spouse's separate-property part is protected [U]",
}


def _premarital_note(case: F8379Input) -> list[str]:
    """Unknown is not No: when the debt's date would change the result, name the question."""
    offset, community = case.offset, case.community_property
    if community is None or offset is None or offset.debt_type != "federal_tax" or offset.debt_incurred is not None:
        return []
    rules = parameter(definition.PREMARITAL_RULE).for_tax_year(case.tax_year).value
    if rules.get(community.state.upper()) in (None, "separate_property_only"):
        return []
    return [
        "Was the federal tax debt owed before the marriage? In this state a premarital debt may leave more of the refund "
        "protected; the estimate uses the rule for a debt arising during the marriage. Say when the debt arose to see the other result."
    ]


def _unverified(trace: list[TraceEntry], year: int) -> list[str]:
    found: list[str] = []
    for entry in trace:
        for use in entry.parameters:
            if use.verified == "U":
                text = f"{use.title or use.name}: {parameter(use.name).for_tax_year(year).note or 'unverified'}"  # the law by its title
                if text not in found:
                    found.append(text)
    return found

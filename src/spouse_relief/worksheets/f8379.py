"""Form 8379, Injured Spouse Allocation: Part III and an estimate of the injured spouse's refund.

Part III (lines 13a-20) allocates the joint return's items between the spouses, each by its
rule in the instructions. The refund estimate then follows the computation the IRS describes in
IRM 25.18.5:

1. each spouse's separate tax, on the items allocated to that spouse, at married-filing-
   separately rates (Tax Table under its limit, as a return would);
2. the injured spouse's share of the joint tax = joint tax x own separate tax / both separate
   taxes;
3. the injured spouse's payments (withholding, estimated and extension payments) plus share of
   the refundable credits (the earned income credit by earned income) minus that share is the
   injured spouse's refund, not below zero and not above the joint overpayment;
4. the rest of the overpayment is what the offset can take.

In a community-property state, community items are divided equally, and for a federal tax debt
only the injured spouse's separate-property part of that refund is protected (IRM 25.18.5;
unverified readings are marked in the data and in the output).

Columns are named as on the form: ``joint`` (a), ``injured`` (b), ``other`` (c).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .. import DISCLAIMER
from ..errors import InputError
from ..federal_tax import income_tax
from ..io import pydantic_error
from ..money import ZERO, parse_amount, round_cents
from ..parameters import ParameterValue, parameter
from ..trace import ParameterUse, TraceEntry

COLUMNS = ("joint", "injured", "other")
SPOUSES = ("injured", "other")
# When a divisor is zero (neither spouse has a separate tax, or no earned income), the project
# divides equally (docs/DESIGN.md, "A zero basis divides equally"). Not a rule of law.
EQUAL_SPLIT = Decimal("0.5")
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


Amount = Annotated[Decimal, BeforeValidator(_amount)]
Owner = Literal["injured", "other", "joint"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Split(_Strict):
    injured: Amount
    other: Amount


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
        if self.line == "13a" and self.owner == "joint":
            raise ValueError("Form W-2 income belongs to the spouse who earned it (owner: injured or other)")
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
    amount: Amount
    qualified_business_income: Split


class Exemptions(_Strict):
    injured: int = Field(ge=0)
    other: int = Field(ge=0)


class JointReturn(_Strict):
    total_tax: Amount | None = None  # Form 1040 total tax as filed or corrected; computed when absent
    earned_income_credit: Amount = ZERO
    overpayment: Amount | None = None  # as shown on the return; checked against the computation


class Offset(_Strict):
    amount: Amount
    debt_type: str


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
    _check_law_fields(case)
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


# --- result -----------------------------------------------------------------------------------


@dataclass
class F8379Result:
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

    def step(self, name: str) -> list[TraceEntry]:
        wanted = name.strip().lower()
        return [entry for entry in self.trace if entry.line.lower() == wanted or entry.line.lower().endswith(": " + wanted)]

    def as_dict(self) -> dict[str, Any]:
        def money(values: dict[str, Decimal]) -> dict[str, str]:
            return {key: str(value) for key, value in values.items()}

        return {
            "form": "8379",
            "tax_year": self.tax_year,
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


# --- computation ------------------------------------------------------------------------------


def _divide(amount: Decimal, numerator: Decimal, denominator: Decimal) -> tuple[Decimal, Decimal]:
    """Divide an amount by a basis: the injured spouse's part rounded to the cent (half up), the
    other spouse the rest, so the two add up. A zero basis divides equally."""
    if denominator == 0:
        injured = round_cents(amount * EQUAL_SPLIT)
    else:
        injured = round_cents(amount * numerator / denominator)
    return injured, amount - injured


class _Calculator:
    def __init__(self, case: F8379Input):
        self.case = case
        self.year = case.tax_year
        self.trace: list[TraceEntry] = []
        self.notes: list[str] = []
        self.unverified: list[str] = []
        self.labels = parameter("federal/f8379/part_iii_lines").for_tax_year(self.year)
        self.joint_share = parameter("federal/f8379/joint_item_default_share").for_tax_year(self.year)
        self.community = case.community_property
        self.community_share = parameter("federal/f8379/community_share").for_tax_year(self.year) if self.community else None
        # Each spouse's amounts by property character (community-property states), for the offset rule.
        self.by_character: dict[str, dict[str, Decimal]] = {s: {"community": ZERO, "separate": ZERO} for s in SPOUSES}
        self.used_default_joint_share = False

    # allocation of one item -------------------------------------------------------------
    def character(self, item: Item) -> str | None:
        if self.community is None:
            return None
        return item.property or self.community.default_property

    def allocate(self, item: Item) -> tuple[Decimal, Decimal, str]:
        """(injured, other, how) for one item."""
        character = self.character(item)
        if character == "community":
            injured, other = _divide(item.amount, self.community_share.value, Decimal(1))
            return injured, other, f"community property: {self.community_share.value} each"
        if item.owner == "injured":
            return item.amount, ZERO, "injured spouse's item"
        if item.owner == "other":
            return ZERO, item.amount, "other spouse's item"
        if item.split is not None:
            return item.split.injured, item.split.other, "joint item, divided as the spouses state"
        self.used_default_joint_share = True
        injured, other = _divide(item.amount, self.joint_share.value, Decimal(1))
        return injured, other, f"joint item, no division stated: {self.joint_share.value} to each (default)"

    def allocate_items(self, items: list[Item], *, track: bool = False) -> tuple[Decimal, Decimal, Decimal, list[str]]:
        joint = injured = other = ZERO
        rows = []
        for item in items:
            part_injured, part_other, how = self.allocate(item)
            joint += item.amount
            injured += part_injured
            other += part_other
            rows.append(f"{item.description}: {item.amount} -> injured {part_injured}, other {part_other} ({how})")
            if track:
                character = self.character(item) or "separate"
                self.by_character["injured"][character] += part_injured
                self.by_character["other"][character] += part_other
        return joint, injured, other, rows

    def record(
        self,
        line: str,
        label: str,
        values: dict[str, Decimal],
        formula: str,
        citation: str,
        *,
        inputs: dict[str, Decimal] | None = None,
        used: list[ParameterValue] = (),
        notes: list[str] = (),
    ) -> None:
        entry = TraceEntry(
            line=line,
            label=label,
            values=dict(values),
            formula=formula,
            citation=citation,
            inputs=dict(inputs or {}),
            parameters=[ParameterUse.of(item) for item in used],
            notes=list(notes),
        )
        self.trace.append(entry)
        for item in used:
            if item.unverified:
                text = f"{item.name}: {item.note or 'unverified'}"
                if text not in self.unverified:
                    self.unverified.append(text)

    # the computation -----------------------------------------------------------------------
    def run(self) -> F8379Result:
        case = self.case
        year = self.year
        labels = self.labels.value
        allocation: dict[str, dict[str, Decimal]] = {}
        old_layout = "exemption" in labels["16"].lower()

        def line_entry(line: str, joint: Decimal, injured: Decimal, other: Decimal, rows: list[str], citation: str, **extra) -> None:
            allocation[line] = {"joint": joint, "injured": injured, "other": other}
            self.record(
                line,
                labels.get(line, extra.pop("label", line)),
                allocation[line],
                extra.pop("formula", "each item allocated by its rule; columns (b) + (c) = (a)"),
                citation,
                used=[self.labels] + list(extra.pop("used", [])),
                notes=rows,
                **extra,
            )

        # 13a, 13b income
        wages = [item for item in case.income if item.line == "13a"]
        other_income = [item for item in case.income if item.line == "13b"]
        for line, items, cite in (
            ("13a", wages, f"{INSTRUCTIONS}, line 13a (W-2 income to the spouse who earned it)"),
            ("13b", other_income, f"{INSTRUCTIONS}, line 13b (all other income; joint income as you determine)"),
        ):
            joint, injured, other, rows = self.allocate_items(items)
            used = [self.joint_share] if any(i.owner == "joint" and i.split is None for i in items) else []
            if self.community:
                used.append(self.community_share)
            line_entry(line, joint, injured, other, rows, cite, used=used)

        # 14 adjustments
        joint, injured, other, rows = self.allocate_items(case.adjustments)
        line_entry("14", joint, injured, other, rows, f"{INSTRUCTIONS}, line 14 (to the spouse who would claim it on a separate return)")

        # 15 deduction
        if case.deduction.method == "standard":
            basic = parameter("federal/income_tax/standard_deduction").for_tax_year(year)
            extra = parameter("federal/income_tax/additional_standard_deduction").for_tax_year(year)
            share = parameter("federal/f8379/basic_standard_deduction_share").for_tax_year(year)
            basic_joint = basic.value["married_filing_jointly"]
            basic_injured = round_cents(basic_joint * share.value)
            basic_other = basic_joint - basic_injured
            per_box = extra.value["married"]
            boxes = {
                "injured": int(case.injured_spouse.age_65_or_older) + int(case.injured_spouse.blind),
                "other": int(case.other_spouse.age_65_or_older) + int(case.other_spouse.blind),
            }
            injured = basic_injured + boxes["injured"] * per_box
            other = basic_other + boxes["other"] * per_box
            allocation["15"] = {"joint": injured + other, "injured": injured, "other": other}
            self.record(
                "15",
                labels["15"],
                allocation["15"],
                f"basic standard deduction {basic_joint} x {share.value} to each spouse; plus boxes checked "
                f"(injured {boxes['injured']}, other {boxes['other']}) x {per_box}",
                f"{INSTRUCTIONS}, line 15 and its additional standard deduction worksheet",
                inputs={"basic standard deduction (joint)": basic_joint, "per box (married)": per_box},
                used=[self.labels, basic, share, extra],
            )
        else:
            joint, injured, other, rows = self.allocate_items(case.deduction.itemized)
            line_entry(
                "15", joint, injured, other, rows,
                f"{INSTRUCTIONS}, line 15 (itemized: business deductions to the spouse concerned, others as you determine)",
            )

        # QBI deduction (no line on the form)
        if case.qbi_deduction is not None:
            qbi = case.qbi_deduction
            total_qbi = qbi.qualified_business_income.injured + qbi.qualified_business_income.other
            injured, other = _divide(qbi.amount, qbi.qualified_business_income.injured, total_qbi)
            allocation["QBI"] = {"joint": qbi.amount, "injured": injured, "other": other}
            self.record(
                "QBI",
                "Qualified business income deduction",
                allocation["QBI"],
                "deduction x each spouse's qualified business income / both spouses' qualified business income",
                f"{INSTRUCTIONS}, Reminders (QBI deduction allocated by each spouse's share of QBI)",
                inputs={"QBI injured": qbi.qualified_business_income.injured, "QBI other": qbi.qualified_business_income.other},
            )
        else:
            allocation["QBI"] = {"joint": ZERO, "injured": ZERO, "other": ZERO}

        # 16 exemptions (old layout) -- counts, in whole numbers
        exemption = parameter("federal/income_tax/personal_exemption").for_tax_year(year)
        counts = {"injured": 0, "other": 0}
        if case.exemptions is not None:
            counts = {"injured": case.exemptions.injured, "other": case.exemptions.other}
        exemption_amounts = {spouse: counts[spouse] * exemption.value for spouse in SPOUSES}
        if old_layout:
            allocation["16"] = {
                "joint": Decimal(counts["injured"] + counts["other"]),
                "injured": Decimal(counts["injured"]),
                "other": Decimal(counts["other"]),
            }
            exemption_notes = []
            if case.exemptions is None or min(counts.values()) < 1:
                exemption_notes.append(
                    "Each spouse should be allocated at least one exemption (whole numbers only); a secondary source says the IRS rejects the form otherwise [V2]."
                )
                self.notes.extend(exemption_notes)
            self.record(
                "16",
                labels["16"],
                allocation["16"],
                f"number of exemptions each spouse would claim on a separate return (whole numbers); each worth {exemption.value}",
                f"{INSTRUCTIONS}, line 16",
                used=[self.labels, exemption],
                notes=exemption_notes,
            )

        # credits
        nonref_joint, nonref_injured, nonref_other, nonref_rows = self.allocate_items(case.nonrefundable_credits)
        ref_joint, ref_injured, ref_other, ref_rows = self.allocate_items(case.refundable_credits, track=True)
        credit_cite = (
            f"{INSTRUCTIONS}, line 17 (child-related credits to the spouse who claims the child; business credits by "
            "interest in the business; others as you determine; never the earned income credit)"
        )
        if old_layout:
            line_entry(
                "17", nonref_joint + ref_joint, nonref_injured + ref_injured, nonref_other + ref_other,
                nonref_rows + ref_rows, credit_cite,
            )
        else:
            line_entry("16", nonref_joint, nonref_injured, nonref_other, nonref_rows, credit_cite.replace("line 17", "line 16"))
            line_entry("17", ref_joint, ref_injured, ref_other, ref_rows, credit_cite)

        # 18 other taxes, 19 withholding
        joint, injured, other, rows = self.allocate_items(case.other_taxes)
        line_entry("18", joint, injured, other, rows, f"{INSTRUCTIONS}, line 18 (self-employment tax to the spouse who earned the income)")
        other_taxes = {"injured": injured, "other": other, "joint": joint}
        joint, injured, other, rows = self.allocate_items(case.withholding, track=True)
        line_entry("19", joint, injured, other, rows, f"{INSTRUCTIONS}, line 19 (by whose income it was withheld from)")
        withholding = {"injured": injured, "other": other, "joint": joint}

        # taxable income and separate tax per spouse (IRM 25.18.5)
        taxable: dict[str, Decimal] = {}
        separate_tax: dict[str, Decimal] = {}
        for spouse in SPOUSES:
            income_total = allocation["13a"][spouse] + allocation["13b"][spouse]
            deductions = allocation["14"][spouse] + allocation["15"][spouse] + allocation["QBI"][spouse] + exemption_amounts[spouse]
            taxable[spouse] = max(income_total - deductions, ZERO)
            self.record(
                f"{spouse}: taxable income",
                f"{'Injured' if spouse == 'injured' else 'Other'} spouse's separate taxable income",
                {spouse: taxable[spouse]},
                "lines 13a + 13b - 14 - 15 - QBI - exemptions (line 16 x exemption amount), not below zero",
                f"{IRM} (separate tax on the allocated items)",
                inputs={
                    "income": income_total,
                    "adjustments": allocation["14"][spouse],
                    "deduction": allocation["15"][spouse],
                    "QBI deduction": allocation["QBI"][spouse],
                    "exemptions": exemption_amounts[spouse],
                },
                used=[exemption],
            )
            qualified, gain = self._preferential(spouse)
            computed = income_tax(
                taxable[spouse], "married_filing_separately", year,
                qualified_dividends=qualified, net_capital_gain=gain, column=spouse, prefix=f"{spouse}: ",
            )
            self.trace.extend(computed.trace)
            credits = nonref_injured if spouse == "injured" else nonref_other
            after_credits = max(computed.tax - credits, ZERO)
            separate_tax[spouse] = after_credits + other_taxes[spouse]
            self.record(
                f"{spouse}: separate tax",
                f"{'Injured' if spouse == 'injured' else 'Other'} spouse's separate tax liability",
                {spouse: separate_tax[spouse]},
                "tax at married-filing-separately rates - nonrefundable credits (not below zero) + other taxes",
                f"{IRM}, Injured Spouse's Share of Tax Liability (ISST / OSST)",
                inputs={"tax": computed.tax, "nonrefundable credits": credits, "other taxes": other_taxes[spouse]},
            )

        # joint tax
        joint_tax = self._joint_tax(allocation, exemption_amounts, nonref_joint, other_taxes["joint"])

        # share of joint tax
        sum_separate = separate_tax["injured"] + separate_tax["other"]
        share_injured, share_other = _divide(joint_tax, separate_tax["injured"], sum_separate)
        share_of_tax = {"injured": share_injured, "other": share_other}
        share_notes = ["Neither spouse has a separate tax: the joint tax is divided equally."] if sum_separate == 0 else []
        self.record(
            "share of tax",
            "Each spouse's share of the joint tax",
            share_of_tax,
            "joint tax x own separate tax / (injured separate tax + other separate tax); injured rounded to the cent, other the rest",
            f"{IRM} (2023: 25.18.5.4), Injured Spouse's Share of Tax Liability",
            inputs={"joint tax": joint_tax, "injured separate tax": separate_tax["injured"], "other separate tax": separate_tax["other"]},
            notes=share_notes,
        )

        # 20 payments (joint ones without a split: by separate tax)
        self._payments(allocation, separate_tax, sum_separate, line_entry)
        payments = allocation["20"]

        # earned income credit
        eic = self._earned_income_credit()

        totals = {
            spouse: withholding[spouse] + payments[spouse] + (ref_injured if spouse == "injured" else ref_other) + eic[spouse]
            for spouse in SPOUSES
        }
        totals["joint"] = withholding["joint"] + payments["joint"] + ref_joint + case.joint_return.earned_income_credit
        self.record(
            "payments and credits",
            "Each spouse's payments and refundable credits",
            totals,
            "line 19 + line 20 + refundable credits (line 17) + share of the earned income credit",
            f"{IRM} (injured spouse's payments and credits)",
        )

        overpayment = max(totals["joint"] - joint_tax, ZERO)
        over_notes = []
        if totals["joint"] <= joint_tax:
            over_notes.append("The joint return shows no overpayment: nothing is refundable and nothing can be offset.")
        if case.joint_return.overpayment is not None and case.joint_return.overpayment != overpayment:
            over_notes.append(
                f"The return shows an overpayment of {case.joint_return.overpayment}; the items entered give {overpayment}. "
                "Check the items against the return."
            )
        self.notes.extend(over_notes)
        self.record(
            "overpayment",
            "Joint overpayment",
            {"joint": overpayment},
            "total payments and refundable credits - joint tax, not below zero",
            "Form 1040, overpayment line",
            inputs={"payments and credits": totals["joint"], "joint tax": joint_tax},
            notes=over_notes,
        )

        raw_refund = totals["injured"] - share_injured
        refund = min(max(raw_refund, ZERO), overpayment)
        self.record(
            "injured spouse refund",
            "Injured spouse's share of the overpayment",
            {"injured": refund},
            "injured payments and credits - injured share of the joint tax, not below zero, not above the joint overpayment",
            f"{IRM}; Rev. Rul. 80-7 (the cap at the joint overpayment is unverified)",
            inputs={"injured payments and credits": totals["injured"], "injured share of tax": share_injured, "joint overpayment": overpayment},
        )

        community_result = None
        if self.community is not None:
            refund, community_result = self._community_property(refund, overpayment)

        available = overpayment - refund
        self.record(
            "available for offset",
            "Overpayment the offset can take (the other spouse's share)",
            {"other": available},
            "joint overpayment - injured spouse's refund",
            f"{IRM}; IRC 6402",
            inputs={"joint overpayment": overpayment, "injured spouse refund": refund},
        )

        offset_result = None
        if case.offset is not None:
            kinds = parameter("federal/relief/offset_debt_kinds").for_tax_year(year)
            applied = min(case.offset.amount, available)
            offset_result = {
                "debt_type": case.offset.debt_type,
                "debt_type_name": kinds.value[case.offset.debt_type],
                "amount": case.offset.amount,
                "applied_to_debt": applied,
                "refund_to_other_spouse": available - applied,
                "debt_left_unpaid": case.offset.amount - applied,
            }
            self.record(
                "offset",
                "Debt paid from the other spouse's share",
                {"other": applied},
                "smaller of the debt and the amount available for offset",
                "IRC 6402; Form 8379 line 3",
                inputs={"debt": case.offset.amount, "available for offset": available},
                used=[kinds],
            )

        if self.used_default_joint_share:
            self.notes.append(
                "A joint item had no division stated and was split equally (the instructions let you allocate joint items as you determine); add a split to change it."
            )
        return F8379Result(
            tax_year=year,
            line_labels=dict(labels),
            allocation=allocation,
            taxable_income=taxable,
            separate_tax=separate_tax,
            joint_tax=joint_tax,
            share_of_tax=share_of_tax,
            earned_income_credit=eic,
            payments_and_credits=totals,
            joint_overpayment=overpayment,
            injured_spouse_refund=refund,
            available_for_offset=available,
            offset=offset_result,
            community_property=community_result,
            notes=self.notes,
            unverified=self.unverified,
            trace=self.trace,
        )

    def _preferential(self, spouse: str) -> tuple[Decimal, Decimal]:
        qualified = gain = ZERO
        for item in self.case.income:
            injured, other, _ = self.allocate(item)
            part = injured if spouse == "injured" else other
            if item.kind == "qualified_dividends":
                qualified += part
            elif item.kind == "net_capital_gain":
                gain += part
        return qualified, max(gain, ZERO)

    def _joint_tax(self, allocation, exemption_amounts, credits: Decimal, other_taxes: Decimal) -> Decimal:
        case = self.case
        income_total = allocation["13a"]["joint"] + allocation["13b"]["joint"]
        deductions = (
            allocation["14"]["joint"] + allocation["15"]["joint"] + allocation["QBI"]["joint"]
            + exemption_amounts["injured"] + exemption_amounts["other"]
        )
        taxable = max(income_total - deductions, ZERO)
        qualified = sum((i.amount for i in case.income if i.kind == "qualified_dividends"), ZERO)
        gain = max(sum((i.amount for i in case.income if i.kind == "net_capital_gain"), ZERO), ZERO)
        computed = income_tax(
            taxable, "married_filing_jointly", self.year,
            qualified_dividends=qualified, net_capital_gain=gain, column="joint", prefix="joint: ",
        )
        self.trace.extend(computed.trace)
        computed_total = max(computed.tax - credits, ZERO) + other_taxes
        notes = []
        if case.joint_return.total_tax is not None:
            joint_tax = case.joint_return.total_tax
            formula = "total tax as shown on the joint return (entered)"
            if joint_tax != computed_total:
                notes.append(
                    f"The items entered give a joint tax of {computed_total}; the return's {joint_tax} is used. "
                    "A difference can come from items not entered (AMT, other credits) or a mistake in an item."
                )
        else:
            joint_tax = computed_total
            formula = "tax on joint taxable income (married filing jointly) - nonrefundable credits (not below zero) + other taxes"
        self.notes.extend(notes)
        self.record(
            "joint tax",
            "Joint tax liability",
            {"joint": joint_tax},
            formula,
            f"{IRM} (joint tax as shown or corrected)",
            inputs={"joint taxable income": taxable, "computed joint tax": computed_total},
            notes=notes,
        )
        return joint_tax

    def _payments(self, allocation, separate_tax, sum_separate, line_entry) -> None:
        joint = injured = other = ZERO
        rows = []
        prorated = False
        for item in self.case.payments:
            character = self.character(item)
            if item.owner == "joint" and item.split is None and character != "community":
                part_injured, part_other = _divide(item.amount, separate_tax["injured"], sum_separate)
                prorated = True
                how = "joint payment, no agreement: by separate tax liability"
            else:
                part_injured, part_other, how = self.allocate(item)
            joint += item.amount
            injured += part_injured
            other += part_other
            self.by_character["injured"][character or "separate"] += part_injured
            self.by_character["other"][character or "separate"] += part_other
            rows.append(f"{item.description}: {item.amount} -> injured {part_injured}, other {part_other} ({how})")
        formula = "separate payments to the spouse who made them; joint payments as agreed"
        if prorated:
            formula += "; otherwise payment x own separate tax / both separate taxes (injured rounded to the cent, other the rest)"
        line_entry(
            "20", joint, injured, other, rows,
            f"{INSTRUCTIONS}, line 20 (joint estimated payments without agreement: by separate tax liability)",
            formula=formula,
            inputs={"injured separate tax": separate_tax["injured"], "other separate tax": separate_tax["other"]} if prorated else {},
        )

    def _earned_income_credit(self) -> dict[str, Decimal]:
        credit = self.case.joint_return.earned_income_credit
        basis = parameter("federal/f8379/eic_allocation_basis").for_tax_year(self.year)
        if basis.value != "earned_income":
            raise InputError("joint_return.earned_income_credit", f"no method for the basis {basis.value!r}")
        earned = {spouse: ZERO for spouse in SPOUSES}
        for item in self.case.income:
            if item.is_earned:
                if item.owner == "joint":
                    part_injured = item.split.injured if item.split else round_cents(item.amount * self.joint_share.value)
                    earned["injured"] += part_injured
                    earned["other"] += item.amount - part_injured
                else:
                    earned[item.owner] += item.amount
        injured, other = _divide(credit, earned["injured"], earned["injured"] + earned["other"])
        result = {"injured": injured, "other": other}
        notes = []
        if credit and earned["injured"] + earned["other"] == 0:
            notes.append("No earned income was entered, so the earned income credit was divided equally; mark earned items.")
            self.notes.extend(notes)
        if self.community is not None:
            character = self.community.default_property
            self.by_character["injured"][character] += injured
            self.by_character["other"][character] += other
        self.record(
            "EIC",
            "Each spouse's share of the earned income credit",
            result,
            "earned income credit x own earned income / both spouses' earned income (earned by the spouse who earned it)",
            f"{IRM}, Spouse's Contribution to Earned Income Credit; Rev. Rul. 87-52",
            inputs={"earned income credit": credit, "injured earned income": earned["injured"], "other earned income": earned["other"]},
            used=[basis] if credit else [],
            notes=notes,
        )
        return result

    def _community_property(self, refund: Decimal, overpayment: Decimal) -> tuple[Decimal, dict[str, Any]]:
        state = self.community.state.upper()
        rulings = parameter("federal/f8379/community_property_rulings").for_tax_year(self.year)
        rule = parameter("federal/f8379/community_property_offset").for_tax_year(self.year)
        debt = self.case.offset.debt_type if self.case.offset else None
        injured_parts = self.by_character["injured"]
        total = injured_parts["community"] + injured_parts["separate"]
        ruling = rulings.value.get(state)
        if debt == "federal_tax" and rule.value["federal_tax"] == "separate_property_only":
            protected, _ = _divide(refund, injured_parts["separate"], total) if total else (ZERO, ZERO)
            how = (
                "federal tax debt: tax liabilities are community debts, so only the injured spouse's separate-property "
                "part of the refund is protected (share of payments that are separate property)"
            )
        else:
            protected = refund
            how = "debt other than federal tax: limited to the liable spouse's half of community property plus separate property"
            if debt is None:
                how += " (no debt type entered; a federal tax debt would reduce the refund to the separate-property part)"
        result = {
            "state": state,
            "ruling": ruling,
            "rule": how,
            "injured_community_payments_and_credits": injured_parts["community"],
            "injured_separate_payments_and_credits": injured_parts["separate"],
            "refund_before_community_rule": refund,
            "refund_after_community_rule": protected,
        }
        self.record(
            "community property",
            "Injured spouse's refund under the community-property rules",
            {"injured": protected},
            how,
            f"{IRM} (2017); {ruling}; Form 8379 line 5",
            inputs={
                "refund before the rule": refund,
                "injured community payments": injured_parts["community"],
                "injured separate payments": injured_parts["separate"],
            },
            used=[rule, rulings],
        )
        return protected, result


def compute(case: F8379Input | dict) -> F8379Result:
    """Form 8379 Part III and the injured spouse's refund estimate for one case."""
    if not isinstance(case, F8379Input):
        case = parse_input(case)
    return _Calculator(case).run()

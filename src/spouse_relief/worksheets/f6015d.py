"""Separation of liability: the split of a deficiency under IRC 6015(c) and (d), Reg. 1.6015-3(d).

The steps, in the regulation's order:

1. carve-outs: items taxed separately (a disallowed credit, a tax other than the section 1 tax
   or AMT such as self-employment tax) go wholly to the spouse whose item it is; a child's
   liability stays joint for a child of both, else goes to the parent; AMT is not allocated
   (flagged, both stay liable); items the electing spouse actually knew of stay with that
   spouse (Reg. 1.6015-3(c)(2), partial knowledge by the known part);
2. each erroneous item is allocated as if separate returns had been filed (joint items one half
   each unless another split is shown);
3. the tax-benefit rule: a disallowed deduction goes first to its owner up to the owner's income
   on the joint return (less allowed deductions already using it), the excess to the other
   spouse to the extent it offset that spouse's income (Reg. 1.6015-3(d)(2)(i), (d)(5) Ex. 5, 6);
4. the proportion: deficiency x the electing spouse's net items / all net items, run
   separately for each group of items taxed at a different rate (Reg. 1.6015-3(d)(6));
5. add-backs: separate-treatment items, penalties from the spouse's items, known items, and
   the value of disqualified assets (6015(c)(4)).

A spouse who does not elect stays liable for the whole deficiency. The requesting spouse's
relief is what is left of the deficiency (and penalties) after the allocated portion; there are
no refunds under (c) (6015(g)(3)).

Partial relief under 6015(b)(2) (the requesting spouse knew of part of an item) is computed
incrementally: the understatement with the whole item minus the understatement with only the
known part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .. import DISCLAIMER
from ..errors import InputError
from ..federal_tax import FILING_STATUSES, income_tax
from ..io import pydantic_error
from ..money import ZERO, parse_amount, round_cents
from ..parameters import parameter
from ..trace import ParameterUse, TraceEntry

SPOUSES = ("requesting", "other")
DEFAULT_CLASS = "ordinary"
REG = "Reg. 1.6015-3"
FORM_LINKS = {
    "Form 8857": "https://www.irs.gov/pub/irs-pdf/f8857.pdf",
    "Instructions for Form 8857": "https://www.irs.gov/pub/irs-pdf/i8857.pdf",
    "Publication 971": "https://www.irs.gov/pub/irs-pdf/p971.pdf",
}


def _amount(raw: Any) -> Decimal:
    try:
        return parse_amount(raw, "")
    except InputError as exc:
        raise ValueError(exc.message) from None


def _knowledge(raw: Any) -> Any:
    if isinstance(raw, str) and raw.strip().lower() == "all":
        return "all"
    return _amount(raw)


Amount = Annotated[Decimal, BeforeValidator(_amount)]
Knowledge = Annotated[Decimal | Literal["all"], BeforeValidator(_knowledge)]
Owner = Literal["requesting", "other", "joint"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Split(_Strict):
    requesting: Amount
    other: Amount


class Spouse(_Strict):
    name: str = Field(min_length=1)


class ErroneousItem(_Strict):
    description: str = Field(min_length=1)
    kind: Literal["income", "deduction", "credit", "other_tax"]
    owner: Owner
    amount: Amount = Field(gt=0)
    split: Split | None = None
    rate_class: str = DEFAULT_CLASS
    requesting_knew: Knowledge | None = None
    other_knew: Knowledge | None = None
    deficiency: Amount | None = None  # the part of the deficiency from this item, where known

    @model_validator(mode="after")
    def _consistent(self) -> "ErroneousItem":
        if self.split is not None:
            if self.owner != "joint":
                raise ValueError("a split is only for an item of both spouses (owner: joint)")
            if self.split.requesting + self.split.other != self.amount:
                raise ValueError("split requesting + other does not add up to amount")
        for name in ("requesting_knew", "other_knew"):
            known = getattr(self, name)
            if isinstance(known, Decimal) and not ZERO <= known <= self.amount:
                raise ValueError(f"{name} must be between 0 and the item's amount, or 'all'")
        if self.kind in ("credit", "other_tax") and self.deficiency is not None and self.deficiency != self.amount:
            raise ValueError("for a credit or other tax, amount is already the deficiency it causes; leave out deficiency")
        return self

    def known_fraction(self, spouse: str) -> Decimal:
        """The part of this item the spouse actually knew of, as a fraction. Owners know their own items."""
        if self.owner == spouse:
            return Decimal(1)
        known = getattr(self, f"{spouse}_knew")
        if known is None:
            return ZERO
        if known == "all":
            return Decimal(1)
        return known / self.amount


class Penalty(_Strict):
    description: str = Field(min_length=1)
    amount: Amount = Field(ge=0)
    spouse: Owner  # the spouse whose item generated it


class ChildLiability(_Strict):
    description: str = Field(min_length=1)
    amount: Amount = Field(ge=0)
    child_of: Literal["both", "requesting", "other"]


class DisqualifiedAsset(_Strict):
    description: str = Field(min_length=1)
    value: Amount = Field(ge=0)
    transferred_to: Literal["requesting", "other"]


class PartialItem(_Strict):
    description: str = Field(min_length=1)
    kind: Literal["income", "deduction"] = "income"
    amount: Amount = Field(gt=0)
    known_amount: Amount = Field(ge=0)

    @model_validator(mode="after")
    def _known_in_range(self) -> "PartialItem":
        if self.known_amount > self.amount:
            raise ValueError("known_amount cannot be more than amount")
        return self


class PartialRelief(_Strict):
    """6015(b)(2): relief for the part of an item the requesting spouse did not know of."""

    item: PartialItem
    filing_status: str = "married_filing_jointly"
    taxable_income_reported: Amount | None = None
    qualified_dividends: Amount = ZERO
    net_capital_gain: Amount = ZERO
    understatement_full: Amount | None = None  # entered instead of computed, e.g. for years outside the data
    understatement_known: Amount | None = None

    @model_validator(mode="after")
    def _computable(self) -> "PartialRelief":
        entered = (self.understatement_full is not None, self.understatement_known is not None)
        if entered == (True, True):
            return self
        if any(entered):
            raise ValueError("enter both understatement_full and understatement_known, or neither")
        if self.taxable_income_reported is None:
            raise ValueError("taxable_income_reported is required to compute the understatements")
        if self.filing_status not in FILING_STATUSES:
            raise ValueError(f"filing_status must be one of {', '.join(FILING_STATUSES)}")
        return self


class F6015dInput(_Strict):
    form: Literal["6015d", "f6015d"] = "6015d"
    tax_year: int = Field(ge=1900, le=2100)
    requesting_spouse: Spouse
    other_spouse: Spouse
    other_spouse_elects: bool = False
    deficiency: Amount | None = None
    rate_classes: dict[str, Amount] | None = None
    income_on_return: Split | None = None
    allowed_deductions: Split | None = None
    items: list[ErroneousItem] = Field(default_factory=list)
    penalties: list[Penalty] = Field(default_factory=list)
    child_liabilities: list[ChildLiability] = Field(default_factory=list)
    alternative_minimum_tax: Amount = ZERO
    disqualified_assets: list[DisqualifiedAsset] = Field(default_factory=list)
    partial_relief: PartialRelief | None = None

    @model_validator(mode="after")
    def _something_to_do(self) -> "F6015dInput":
        if self.deficiency is None and self.partial_relief is None:
            raise ValueError("enter a deficiency with its items, or partial_relief, or both")
        if self.deficiency is not None and not self.items:
            raise ValueError("list the erroneous items that make up the deficiency")
        return self


def parse_input(data: Any) -> F6015dInput:
    if not isinstance(data, dict):
        raise InputError("", "the input must be a mapping of fields (see docs/f6015d.md)")
    try:
        case = F6015dInput.model_validate(data)
    except ValidationError as exc:
        error = pydantic_error(exc)
        raise InputError(error.field, error.message.removeprefix("Value error, ")) from None
    return case


# --- result -----------------------------------------------------------------------------------


@dataclass
class F6015dResult:
    tax_year: int
    names: dict[str, str]
    deficiency: Decimal | None
    penalties: Decimal
    allocated_items: list[dict[str, Any]]
    portions: dict[str, dict[str, Decimal]]
    relief: dict[str, Decimal | None]
    partial_relief: dict[str, Decimal] | None
    notes: list[str]
    unverified: list[str]
    trace: list[TraceEntry] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def text(value: Any) -> Any:
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, dict):
                return {key: text(item) for key, item in value.items()}
            if isinstance(value, list):
                return [text(item) for item in value]
            return value

        return {
            "form": "6015d",
            "tax_year": self.tax_year,
            "spouses": dict(self.names),
            "deficiency": text(self.deficiency),
            "penalties": str(self.penalties),
            "allocated_items": text(self.allocated_items),
            "portions": text(self.portions),
            "relief": text(self.relief),
            "partial_relief": text(self.partial_relief),
            "notes": list(self.notes),
            "unverified": list(self.unverified),
            "trace": [entry.as_dict() for entry in self.trace],
            "forms": dict(FORM_LINKS),
            "disclaimer": DISCLAIMER,
        }


# --- computation ------------------------------------------------------------------------------


@dataclass
class _Piece:
    """Part of an erroneous item allocated to one spouse."""

    item_index: int
    item: ErroneousItem
    spouse: str
    amount: Decimal
    reason: str


def _split_amount(amount: Decimal, requesting: Decimal, total: Decimal) -> tuple[Decimal, Decimal]:
    """The requesting spouse's part rounded to the cent (half up); the other spouse gets the rest."""
    part = round_cents(amount * requesting / total) if total else ZERO
    return part, amount - part


class _Calculator:
    def __init__(self, case: F6015dInput):
        self.case = case
        self.trace: list[TraceEntry] = []
        self.notes: list[str] = []
        self.unverified: list[str] = []
        self.joint_share = parameter("federal/f6015/joint_item_share").for_tax_year(self.case.tax_year)

    def record(self, line: str, label: str, values: dict[str, Decimal], formula: str, citation: str, *, inputs=None, notes=(), used=()) -> None:
        self.trace.append(
            TraceEntry(
                line=line, label=label, values=dict(values), formula=formula, citation=citation,
                inputs=dict(inputs or {}), notes=list(notes), parameters=[ParameterUse.of(u) for u in used],
            )
        )

    def name(self, spouse: str) -> str:
        return (self.case.requesting_spouse if spouse == "requesting" else self.case.other_spouse).name

    # Step 2 and 3 ---------------------------------------------------------------------------
    def allocate_items(self) -> list[_Piece]:
        case = self.case
        pieces: list[_Piece] = []
        benefit = case.income_on_return is not None
        if not benefit and any(item.kind == "deduction" and item.owner != "joint" for item in case.items):
            self.notes.append(
                "The tax-benefit rule was not applied: enter income_on_return (each spouse's income on the joint return) "
                "so a disallowed deduction larger than its owner's income can be allocated to the other spouse."
            )
        capacity: dict[str, Decimal] = {}
        if benefit:
            allowed = case.allowed_deductions or Split(requesting=ZERO, other=ZERO)
            for spouse in SPOUSES:
                capacity[spouse] = max(getattr(case.income_on_return, spouse) - getattr(allowed, spouse), ZERO)
        excess: list[tuple[int, ErroneousItem, str, Decimal]] = []
        for index, item in enumerate(case.items):
            if item.kind in ("credit", "other_tax"):
                continue  # separate treatment, below
            if item.owner == "joint":
                if item.split is not None:
                    parts = {"requesting": item.split.requesting, "other": item.split.other}
                    why = "item of both spouses, divided as shown"
                else:
                    mine, theirs = _split_amount(item.amount, self.joint_share.value, Decimal(1))
                    parts = {"requesting": mine, "other": theirs}
                    why = f"item of both spouses: {self.joint_share.value} each (Reg. 1.6015-3(d)(2)(iv))"
                for spouse in SPOUSES:
                    if parts[spouse]:
                        pieces.append(_Piece(index, item, spouse, parts[spouse], why))
                continue
            owner = item.owner
            if item.kind == "deduction" and benefit:
                own = min(item.amount, capacity[owner])
                capacity[owner] -= own
                if own:
                    pieces.append(_Piece(index, item, owner, own, f"used against {self.name(owner)}'s own income (tax-benefit rule)"))
                if item.amount - own:
                    excess.append((index, item, owner, item.amount - own))
            else:
                pieces.append(_Piece(index, item, owner, item.amount, f"{self.name(owner)}'s item, as if separate returns were filed"))
        for index, item, owner, amount in excess:
            receiver = "other" if owner == "requesting" else "requesting"
            shifted = min(amount, capacity[receiver])
            capacity[receiver] -= shifted
            if shifted:
                pieces.append(
                    _Piece(index, item, receiver, shifted, f"offset {self.name(receiver)}'s income on the joint return (tax-benefit rule)")
                )
            if amount - shifted:
                pieces.append(_Piece(index, item, owner, amount - shifted, f"exceeds both spouses' income: kept with {self.name(owner)}"))
                self.notes.append(
                    f"{item.description}: {amount - shifted} of the disallowed deduction exceeds both spouses' income; no source read says "
                    f"how to allocate it, so it stays with its owner [U]."
                )
        for piece in pieces:
            self.record(
                f"item {piece.item_index + 1}",
                f"{piece.item.description} ({piece.item.kind}, class {piece.item.rate_class})",
                {piece.spouse: piece.amount},
                piece.reason,
                f"IRC 6015(d)(3); {REG}(d)(2)" + (", (d)(5) Examples 5-6" if "tax-benefit" in piece.reason else ""),
                inputs={"item amount": piece.item.amount},
                used=[self.joint_share] if piece.item.owner == "joint" and piece.item.split is None else [],
            )
        return pieces

    # Steps 1, 4, 5 --------------------------------------------------------------------------
    def run(self) -> F6015dResult:
        case = self.case
        portions: dict[str, dict[str, Decimal]] = {}
        relief: dict[str, Decimal | None] = {"requesting": None, "other": None}
        allocated_items: list[dict[str, Any]] = []
        total_penalties = sum((p.amount for p in case.penalties), ZERO)
        if case.deficiency is not None:
            pieces = self.allocate_items()
            allocated_items = [
                {"item": p.item.description, "spouse": p.spouse, "amount": p.amount, "rate_class": p.item.rate_class, "reason": p.reason}
                for p in pieces
            ]
            separate = self.separate_items()
            child = self.child_items()
            amt = case.alternative_minimum_tax
            classes = self.class_deficiencies(pieces, separate, child, amt)
            electors = ["requesting"] + (["other"] if case.other_spouse_elects else [])
            whole = case.deficiency + total_penalties
            for spouse in SPOUSES:
                if spouse not in electors:
                    portions[spouse] = {"total": whole, "not_electing": whole}
                    self.record(
                        f"{spouse}: total",
                        f"{self.name(spouse)} does not elect: liable for the whole",
                        {spouse: whole},
                        "deficiency + penalties (joint and several liability stays)",
                        f"{REG}(d)(1); Reg. 1.6015-3(d)(5) Example 2",
                    )
                    continue
                portions[spouse] = self.portion_for(spouse, pieces, separate, child, amt, classes, whole)
            relief["requesting"] = whole - portions["requesting"]["total"]
            if case.other_spouse_elects:
                relief["other"] = whole - portions["other"]["total"]
            self.record(
                "relief",
                f"Relief for {self.name('requesting')} (the requesting spouse)",
                {"requesting": relief["requesting"]},
                "deficiency + penalties - the requesting spouse's allocated portion; no refund under 6015(c)",
                "IRC 6015(c), (g)(3)",
                inputs={"deficiency": case.deficiency, "penalties": total_penalties, "portion": portions["requesting"]["total"]},
            )
            if amt:
                self.notes.append(
                    "Alternative minimum tax is 'allocated appropriately' (Reg. 1.6015-3(d)(4)(iv)(A)) with no method given: "
                    "it is left with both spouses here; ask for a manual allocation."
                )
        partial = self.partial_relief() if case.partial_relief is not None else None
        return F6015dResult(
            tax_year=case.tax_year,
            names={"requesting": case.requesting_spouse.name, "other": case.other_spouse.name},
            deficiency=case.deficiency,
            penalties=total_penalties,
            allocated_items=allocated_items,
            portions=portions,
            relief=relief,
            partial_relief=partial,
            notes=self.notes,
            unverified=self.unverified,
            trace=self.trace,
        )

    def separate_items(self) -> list[tuple[ErroneousItem, dict[str, Decimal]]]:
        """Credits and other taxes: wholly to the spouse whose item it is (Reg. 1.6015-3(d)(4)(ii))."""
        result = []
        for index, item in enumerate(self.case.items):
            if item.kind not in ("credit", "other_tax"):
                continue
            if item.owner == "joint":
                if item.split is not None:
                    parts = {"requesting": item.split.requesting, "other": item.split.other}
                    why = "credit or tax of both spouses, divided as shown"
                else:
                    mine, theirs = _split_amount(item.amount, self.joint_share.value, Decimal(1))
                    parts = {"requesting": mine, "other": theirs}
                    why = "credit or tax of both spouses, divided equally here"
                    self.notes.append(
                        f"{item.description}: the IRS divides a credit or tax of both spouses case by case (no formula); "
                        "equal halves are used here - enter a split to change it [U]."
                    )
            else:
                parts = {item.owner: item.amount, ("other" if item.owner == "requesting" else "requesting"): ZERO}
                why = f"{self.name(item.owner)}'s {'credit' if item.kind == 'credit' else 'tax'}: allocated wholly to that spouse"
            result.append((item, parts))
            self.record(
                f"item {index + 1}",
                f"{item.description} ({'disallowed credit' if item.kind == 'credit' else 'other tax'}, separate treatment)",
                parts,
                why + "; left out of the proportion",
                f"IRC 6015(d)(2); {REG}(d)(4)(ii)",
            )
        return result

    def child_items(self) -> list[tuple[ChildLiability, dict[str, Decimal]]]:
        result = []
        for child in self.case.child_liabilities:
            if child.child_of == "both":
                parts = {"requesting": child.amount, "other": child.amount}
                why = "child of both spouses: stays joint"
            else:
                parts = {child.child_of: child.amount, ("other" if child.child_of == "requesting" else "requesting"): ZERO}
                why = f"child of {self.name(child.child_of)} only: to the parent"
            result.append((child, parts))
            self.record(
                "child",
                f"{child.description} (child's liability)",
                parts,
                why,
                f"IRC 6015(d)(5); {REG}(d)(4)(iii)",
            )
        return result

    def class_deficiencies(self, pieces, separate, child, amt) -> dict[str, Decimal]:
        case = self.case
        separate_total = sum((item.amount for item, _ in separate), ZERO)
        child_total = sum((c.amount for c, _ in child), ZERO)
        in_proportion = case.deficiency - separate_total - child_total - amt
        if in_proportion < 0:
            raise InputError("deficiency", f"is less than the credits, other taxes, child's liability and AMT entered ({case.deficiency} < {case.deficiency - in_proportion})")
        used_classes = {p.item.rate_class for p in pieces} | {
            item.rate_class for item in case.items if item.kind in ("income", "deduction")
        }
        if case.rate_classes is None:
            if used_classes - {DEFAULT_CLASS}:
                raise InputError("rate_classes", f"items name rate classes {sorted(used_classes)}: give the deficiency of each class")
            classes = {DEFAULT_CLASS: in_proportion}
        else:
            classes = dict(case.rate_classes)
            if sum(classes.values(), ZERO) != in_proportion:
                raise InputError(
                    "rate_classes",
                    f"the classes add up to {sum(classes.values(), ZERO)}, but the deficiency less separate items is {in_proportion}",
                )
            for index, item in enumerate(case.items):
                if item.kind in ("income", "deduction") and item.rate_class not in classes:
                    raise InputError(f"items.{index}.rate_class", f"{item.rate_class!r} is not one of the rate_classes")
        for name, amount in classes.items():
            total = sum((p.amount for p in pieces if p.item.rate_class == name), ZERO)
            if amount and total <= 0:
                raise InputError("rate_classes" if case.rate_classes else "items", f"class {name!r} has a deficiency but no items")
            self.record(
                f"class {name}",
                f"Deficiency run through the proportion, class {name}",
                {"joint": amount},
                "deficiency - separate-treatment items - child's liability - AMT" if case.rate_classes is None else "as entered for the class",
                f"{REG}(d)(4)(i), (d)(6)",
                inputs={"net items in the class": total},
            )
        return classes

    def portion_for(self, spouse, pieces, separate, child, amt, classes, whole) -> dict[str, Decimal]:
        """What an electing spouse owes: proportion + knowledge + separate items + penalties + assets."""
        case = self.case
        partner = "other" if spouse == "requesting" else "requesting"
        proportional = knowledge = override = ZERO
        for name, deficiency_class in classes.items():
            class_pieces = [p for p in pieces if p.item.rate_class == name]
            fixed = [p for p in class_pieces if p.item.deficiency is not None]
            flowing = [p for p in class_pieces if p.item.deficiency is None]
            fixed_total = ZERO
            for index in sorted({p.item_index for p in fixed}):
                item = case.items[index]
                fixed_total += item.deficiency
                item_pieces = [p for p in fixed if p.item_index == index]
                share_of_item = ZERO
                for p in item_pieces:
                    part = round_cents(item.deficiency * p.amount / item.amount)
                    if p.spouse == spouse:
                        share_of_item += part
                    else:
                        share_of_item += round_cents(part * item.known_fraction(spouse))
                override += share_of_item
                self.record(
                    f"{spouse}: item {index + 1}",
                    f"{item.description}: deficiency entered for the item",
                    {spouse: share_of_item},
                    "item's deficiency x this spouse's part of the item (own part, plus the other's part this spouse knew of)",
                    f"{REG}(d)(4)(i)(B), (c)(2)",
                    inputs={"item deficiency": item.deficiency},
                )
            remaining = deficiency_class - fixed_total
            if remaining < 0:
                raise InputError("items", f"class {name!r}: the deficiencies entered for items exceed the class deficiency")
            total = sum((p.amount for p in flowing), ZERO)
            if not total:
                continue
            requesting_amount = sum((p.amount for p in flowing if p.spouse == "requesting"), ZERO)
            requesting_part, other_part = _split_amount(remaining, requesting_amount, total)
            own_amount = requesting_amount if spouse == "requesting" else total - requesting_amount
            own = requesting_part if spouse == "requesting" else other_part
            known_amount = sum(
                (p.amount * p.item.known_fraction(spouse) for p in flowing if p.spouse == partner), ZERO
            )
            known = round_cents(remaining * known_amount / total)
            proportional += own
            knowledge += known
            self.record(
                f"{spouse}: class {name}",
                f"{self.name(spouse)}'s proportionate share, class {name}",
                {spouse: own},
                f"{remaining} x {own_amount} / {total}" + (" (the requesting spouse rounded to the cent, the other the rest)"),
                f"IRC 6015(d)(1); {REG}(d)(4)(i)(A)",
                inputs={"deficiency in the proportion": remaining, "items allocated to this spouse": own_amount, "all items": total},
            )
            if known:
                self.record(
                    f"{spouse}: knowledge, class {name}",
                    f"Items of {self.name(partner)} that {self.name(spouse)} actually knew of, class {name}",
                    {spouse: known},
                    f"{remaining} x {round_cents(known_amount)} / {total}: the portion of the deficiency from the known items stays with "
                    f"{self.name(spouse)}",
                    f"IRC 6015(c)(3)(C); {REG}(c)(2), (d)(4)(i)(B)",
                    inputs={"known items": round_cents(known_amount)},
                )
        separate_total = ZERO
        for item, parts in separate:
            separate_total += parts[spouse] + round_cents(parts[partner] * item.known_fraction(spouse))
        child_total = sum((parts[spouse] for _, parts in child), ZERO)
        penalties = sum(
            (p.amount for p in case.penalties if p.spouse in (spouse, "joint")), ZERO
        )
        assets = sum((a.value for a in case.disqualified_assets if a.transferred_to == spouse), ZERO)
        subtotal = proportional + knowledge + override + separate_total + child_total + amt + penalties + assets
        total = min(subtotal, whole)
        result = {
            "proportionate": proportional,
            "known_items": knowledge + override,
            "separate_treatment": separate_total,
            "child_liability": child_total,
            "alternative_minimum_tax": amt,
            "penalties": penalties,
            "disqualified_assets": assets,
            "total": total,
        }
        notes = []
        if subtotal > whole:
            notes.append("capped at the whole deficiency and penalties (6015(c)(4)(A))")
        self.record(
            f"{spouse}: total",
            f"{self.name(spouse)}'s allocated portion",
            {spouse: total},
            "proportionate share + known items + separate-treatment items + child's liability + AMT + penalties + disqualified assets",
            f"IRC 6015(c)(1), (c)(4), (d); {REG}(d)(4)(iv)(B)",
            inputs={key: value for key, value in result.items() if key != "total"},
            notes=notes,
        )
        return result

    # 6015(b)(2) ------------------------------------------------------------------------------
    def partial_relief(self) -> dict[str, Decimal]:
        spec = self.case.partial_relief
        item = spec.item
        if spec.understatement_full is not None:
            full, known = spec.understatement_full, spec.understatement_known
            how = "understatements as entered"
        else:
            year = self.case.tax_year
            base = spec.taxable_income_reported

            def tax(extra: Decimal, label: str) -> Decimal:
                computed = income_tax(
                    base + extra, spec.filing_status, year,
                    qualified_dividends=spec.qualified_dividends, net_capital_gain=spec.net_capital_gain,
                    column="joint", prefix=f"partial relief ({label}): ",
                )
                self.trace.extend(computed.trace)
                return computed.tax

            reported_tax = tax(ZERO, "as reported")
            full = tax(item.amount, "whole item") - reported_tax
            known = tax(item.known_amount, "known part") - reported_tax
            how = "tax on corrected taxable income minus tax on reported taxable income"
        relief = full - known
        self.record(
            "partial relief",
            f"6015(b)(2): relief for the part of {item.description} the requesting spouse did not know of",
            {"requesting": relief},
            f"understatement with the whole item ({full}) - understatement with only the known part ({known}); {how}",
            "IRC 6015(b)(2); Publication 971 (gambling winnings example); incremental method [U]",
            inputs={"item": item.amount, "known part": item.known_amount, "understatement (whole item)": full, "understatement (known part)": known},
        )
        text = "6015(b)(2) partial relief: the incremental method (whole item minus known part) is this project's reading; the publication gives no formula [U]."
        if text not in self.unverified:
            self.unverified.append(text)
        return {"understatement_full": full, "understatement_known": known, "relief": relief}


def compute(case: F6015dInput | dict) -> F6015dResult:
    """The 6015(c)/(d) split (and 6015(b)(2) partial relief) for one case."""
    if not isinstance(case, F6015dInput):
        case = parse_input(case)
    return _Calculator(case).run()

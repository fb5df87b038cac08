"""Separation of liability: the split of a deficiency under IRC 6015(c) and (d), Reg. 1.6015-3(d).

The arithmetic is the definition in :mod:`.f6015d_definition` (small worksheets in the
worksheet vocabulary, read by the Decimal case evaluator here and by the integer-cents column
evaluator). This module does what is not arithmetic, in the regulation's order:

1. the carve-outs: which items are taxed separately (a disallowed credit, a tax other than the
   section 1 tax or AMT) and whose they are; a child's liability (joint for a child of both, else
   the parent's); AMT (left with both, flagged);
2. each erroneous item as if separate returns had been filed: to its owner; an item of both
   spouses divided (one half each unless a split is shown), and each spouse's part of it treated
   like that spouse's own item from then on (6015(d)(3)(A); Reg. 1.6015-3(d)(2)(iv));
3. the tax-benefit rule for disallowed deductions (6015(d)(3)(B)): the definition computes how
   much of each spouse's deductions stays, moves or exceeds both incomes; here those totals are
   spread over the items in the order they are listed;
4. what each spouse actually knew of (Reg. 1.6015-3(c)(2)): entered per item; that a person
   knew of their own items is a presumption the input can turn off (the IRS must show actual
   knowledge, 6015(c)(3)(C));
5. the rate groups (Reg. 1.6015-3(d)(6)) and deficiencies entered for particular items.

A spouse who does not elect stays liable for the whole. Relief is what is left of the deficiency
and penalties after the allocated portion; no refunds under (c) (6015(g)(3)).

Partial relief under 6015(b)(2) (the requesting spouse knew of part of an item) is computed
incrementally: the understatement with the whole item minus the understatement with only the
known part.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .. import DISCLAIMER
from ..errors import InputError
from .f1040_tax import FILING_STATUSES, income_tax
from ..io import pydantic_error
from ..money import ZERO, format_usd, parse_amount, round_cents
from ..parameters import parameter
from ..trace import ParameterUse, TraceEntry
from .f6015d_definition import CARVE_OUTS, ITEM_DEFICIENCY, PARTIAL_RELIEF, PROPORTION, TAX_BENEFIT, TOTALS
from .lines import COLUMNS, Entry, Evaluation, Worksheet, divide, evaluate_case

SPOUSES = ("you", "spouse")
COLUMN_OF = {"you": "B", "spouse": "C"}
OUTPUT_NAME = {"you": "requesting", "spouse": "other"}  # the result's keys, unchanged for its readers
OWNER_ALIASES = {"requesting": "you", "other": "spouse"}
KEY_ALIASES = {"requesting": "you", "other": "spouse", "requesting_knew": "you_knew", "other_knew": "spouse_knew"}
DEFAULT_CLASS = "ordinary"
PORTION_LINES = {  # the result's parts of an electing spouse's portion: lines of the definition's totals
    "proportionate": ("26",), "known_items": ("38",), "separate_treatment": ("27",), "child_liability": ("39",),
    "alternative_minimum_tax": ("40",), "penalties": ("36", "37"), "disqualified_assets": ("41",),
    "underpayment": ("34",), "total": ("44",),
}
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


def _owner_word(raw: Any) -> Any:
    return OWNER_ALIASES.get(raw, raw) if isinstance(raw, str) else raw


Amount = Annotated[Decimal, BeforeValidator(_amount)]
Knowledge = Annotated[Decimal | Literal["all"], BeforeValidator(_knowledge)]
Owner = Annotated[Literal["you", "spouse", "joint", "unclear"], BeforeValidator(_owner_word)]
SpouseWord = Annotated[Literal["you", "spouse"], BeforeValidator(_owner_word)]


def other(spouse: str) -> str:
    return "spouse" if spouse == "you" else "you"


class _Strict(BaseModel):
    """Strict input; the old words (``requesting``, ``other``) are accepted as keys and translated once."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _old_words(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        renamed = {}
        for key, value in data.items():
            new = KEY_ALIASES.get(key, key) if key not in cls.model_fields else key
            if new in data and new != key:
                raise ValueError(f"{key!r} and {new!r} are the same field: give one")
            renamed[new] = value
        return renamed


class Split(_Strict):
    you: Amount
    spouse: Amount


class Spouse(_Strict):
    name: str = Field(min_length=1)


class ErroneousItem(_Strict):
    description: str = Field(min_length=1)
    kind: Literal["income", "deduction", "credit", "other_tax"]
    owner: Owner
    amount: Amount = Field(gt=0)
    split: Split | None = None
    rate_class: str = DEFAULT_CLASS
    you_knew: Knowledge | None = None
    spouse_knew: Knowledge | None = None
    deficiency: Amount | None = None  # the part of the deficiency from this item, where known

    @model_validator(mode="after")
    def _consistent(self) -> "ErroneousItem":
        if self.split is not None:
            if self.owner not in ("joint", "unclear"):
                raise ValueError("a split is only for an item of both spouses (owner: joint)")
            if self.split.you + self.split.spouse != self.amount:
                raise ValueError("split you + spouse does not add up to amount")
        for name in ("you_knew", "spouse_knew"):
            known = getattr(self, name)
            if isinstance(known, Decimal) and not ZERO <= known <= self.amount:
                raise ValueError(f"{name} must be between 0 and the item's amount, or 'all'")
        if self.kind in ("credit", "other_tax") and self.deficiency is not None and self.deficiency != self.amount:
            raise ValueError("for a credit or other tax, amount is already the deficiency it causes; leave out deficiency")
        return self

    def known_fraction(self, spouse: str, presume_own: bool) -> Decimal:
        """The part of this item the spouse actually knew of, as a fraction.

        With ``presume_own`` a spouse is taken to know their own (wholly owned) items, as the
        regulation's Example 5 does for H; it is a presumption the IRS must make good
        (6015(c)(3)(C)), so the input can turn it off. Knowledge of an item of both spouses is
        never presumed: it is entered.
        """
        if self.owner == spouse and presume_own:
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
    spouse: Annotated[Literal["you", "spouse", "joint"], BeforeValidator(_owner_word)]  # whose items generated it


class ChildLiability(_Strict):
    description: str = Field(min_length=1)
    amount: Amount = Field(ge=0)
    child_of: Annotated[Literal["both", "you", "spouse"], BeforeValidator(_owner_word)]


class DisqualifiedAsset(_Strict):
    description: str = Field(min_length=1)
    value: Amount = Field(ge=0)
    transferred_to: SpouseWord


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
    tax_shown_on_return: Amount | None = Field(default=None, ge=0)
    withholding: Split | None = None
    presume_knew_own_items: bool = True
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
        if self.tax_shown_on_return and self.income_on_return is None:
            raise ValueError("to divide the tax shown on the return, enter income_on_return (each spouse's income on the joint return)")
        return self


def parse_input(data: Any) -> F6015dInput:
    if not isinstance(data, dict):
        raise InputError("", "the input must be a mapping of fields (see docs/f6015d.md)")
    try:
        case = F6015dInput.model_validate(data)
    except ValidationError as exc:
        error = pydantic_error(exc)
        raise InputError(_as_typed(data, error.field), error.message.removeprefix("Value error, ")) from None
    return case


def _as_typed(data: Any, path: str) -> str:
    """An error's field path in the words the input used (an old alias stays the old alias)."""
    typed, node = [], data
    old_of = {new: old for old, new in KEY_ALIASES.items()}
    for part in path.split(".") if path else []:
        if isinstance(node, dict) and part not in node and old_of.get(part) in node:
            part = old_of[part]
        typed.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            node = None
    return ".".join(typed)


# --- result -----------------------------------------------------------------------------------


def _text(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_text(item) for item in value]
    return value


@dataclass
class F6015dResult:
    """The split. Keys naming a spouse are ``requesting`` (the spouse asking) and ``other``."""

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
    underpayment: dict[str, Decimal] | None = None

    @property
    def headline(self) -> str | None:
        """One plain sentence with the bottom line, or None when nothing can be said."""
        name = self.names["requesting"]
        if self.deficiency is not None:
            whole = self.deficiency + self.penalties
            return (
                f"Under separation of liability, {name} would be liable for {format_usd(self.portions['requesting']['total'])} "
                f"of the {format_usd(whole)} deficiency and penalties, and relieved of {format_usd(self.relief['requesting'])}."
            )
        if self.partial_relief is not None:
            return f"Partial relief would cover {format_usd(self.partial_relief['relief'])} of the understatement, the part {name} did not know of."
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "form": "6015d",
            "tax_year": self.tax_year,
            "spouses": dict(self.names),
            "deficiency": _text(self.deficiency),
            "penalties": str(self.penalties),
            "allocated_items": _text(self.allocated_items),
            "portions": _text(self.portions),
            "relief": _text(self.relief),
            "underpayment": _text(self.underpayment),
            "partial_relief": _text(self.partial_relief),
            "headline": self.headline,
            "notes": list(self.notes),
            "unverified": list(self.unverified),
            "trace": [entry.as_dict() for entry in self.trace],
            "forms": dict(FORM_LINKS),
            "disclaimer": DISCLAIMER,
        }


# --- entries for the definition ----------------------------------------------------------------


def spouse_entry(you: Decimal = ZERO, spouse: Decimal = ZERO, whole: Decimal | None = None, sources: list[str] | None = None) -> Entry:
    """An input line's amounts: B the spouse asking, C the other spouse, A the whole (B + C unless given)."""
    entry = Entry(sources=list(sources or []))
    entry.fixed = {"A": you + spouse if whole is None else whole, "B": you, "C": spouse}
    return entry


def whole_entry(amount: Decimal) -> Entry:
    return spouse_entry(whole=amount)


def by_spouse(amounts: dict[str, Decimal]) -> Entry:
    return spouse_entry(amounts.get("you", ZERO), amounts.get("spouse", ZERO))


@dataclass(frozen=True)
class DefinitionRun:
    """One evaluation of a worksheet of the definition: what went in, and the Decimal result."""

    worksheet: Worksheet
    entries: dict[str, Entry]
    typed: frozenset[str]
    evaluation: Evaluation


@dataclass
class _Piece:
    """Part of an erroneous item allocated to one spouse."""

    item_index: int
    item: ErroneousItem
    spouse: str
    amount: Decimal
    reason: str
    source: str  # the spouse whose part of the item this was before the tax-benefit rule

    def known_by(self, spouse: str, presume_own: bool) -> Decimal:
        """How much of this piece ``spouse`` actually knew of, to the cent (half up)."""
        return round_cents(self.amount * self.item.known_fraction(spouse, presume_own))


def _spread(parts: list[tuple[int, Decimal]], total: Decimal) -> dict[int, Decimal]:
    """Spread ``total`` over the parts in order, each taking at most its own amount."""
    taken: dict[int, Decimal] = {}
    for key, amount in parts:
        share = min(amount, total)
        taken[key] = share
        total -= share
    return taken


# --- computation ------------------------------------------------------------------------------


class _Split:
    def __init__(self, case: F6015dInput):
        self.case = case
        self.trace: list[TraceEntry] = []
        self.notes: list[str] = []
        self.unverified: list[str] = []
        self.joint_share = parameter("federal/f6015/joint_item_share").for_tax_year(case.tax_year)
        self.presume = case.presume_knew_own_items
        self.runs: list[DefinitionRun] = []

    def name(self, spouse: str) -> str:
        return (self.case.requesting_spouse if spouse == "you" else self.case.other_spouse).name

    def record(self, line: str, label: str, values: dict[str, Decimal], formula: str, citation: str, *, inputs=None, used=()) -> None:
        self.trace.append(
            TraceEntry(
                line=line, label=label, values={OUTPUT_NAME.get(k, k): v for k, v in values.items()}, formula=formula,
                citation=citation, inputs=dict(inputs or {}), parameters=[ParameterUse.of(u) for u in used],
            )
        )

    def evaluate(self, worksheet: Worksheet, entries: dict[str, Entry], prefix: str = "", typed: frozenset[str] = frozenset()) -> Evaluation:
        """One of the definition's worksheets, in Decimal; its trace joins the case's, in plain words."""
        evaluation = evaluate_case(worksheet, entries, lambda name: parameter(name).for_tax_year(self.case.tax_year), typed)
        self.runs.append(DefinitionRun(worksheet, dict(entries), typed, evaluation))
        for line in worksheet.lines:
            entry = evaluation.trace[line.number]
            if not line.computed and line.number not in entries:
                continue
            self.trace.append(_plain(entry, prefix))
        return evaluation

    # Step 2: each item as if separate returns were filed ---------------------------------------
    def item_parts(self, item: ErroneousItem) -> tuple[dict[str, Decimal], str, list[Any]]:
        """Each spouse's part of an item, why, and the law value used."""
        if item.owner in SPOUSES:
            return {item.owner: item.amount, other(item.owner): ZERO}, f"{self.name(item.owner)}'s item, as if separate returns were filed", []
        if item.split is not None:
            return {"you": item.split.you, "spouse": item.split.spouse}, "item of both spouses, divided as shown", []
        share = self.joint_share.value
        mine, theirs = divide(item.amount, share, Decimal(1) - share)
        why = f"item of both spouses: {share} each ({REG}(d)(2)(iv))"
        if item.owner == "unclear":
            why = f"whose item it is is unclear: divided as an item of both spouses, {share} each ({REG}(d)(2)(iv)) [U]"
            self.note_unverified(
                f"{item.description}: whose item this is was not said, so it is divided as an item of both spouses; the spouse "
                f"asking must establish the allocation ({REG}(d)(3)) [U]."
            )
        return {"you": mine, "spouse": theirs}, why, [self.joint_share]

    def note_unverified(self, text: str) -> None:
        if text not in self.unverified:
            self.unverified.append(text)

    # Step 3: the tax-benefit rule --------------------------------------------------------------
    def allocate_items(self) -> tuple[list[_Piece], Evaluation]:
        case = self.case
        income_pieces: list[_Piece] = []
        deduction_parts: list[tuple[int, str, Decimal, str]] = []  # (item index, spouse, amount, why)
        for index, item in enumerate(case.items):
            if item.kind in ("credit", "other_tax"):
                continue  # separate treatment
            parts, why, used = self.item_parts(item)
            for spouse in SPOUSES:
                if not parts[spouse]:
                    continue
                if item.kind == "deduction":
                    deduction_parts.append((index, spouse, parts[spouse], why))
                else:
                    income_pieces.append(_Piece(index, item, spouse, parts[spouse], why, spouse))
        benefit = self.tax_benefit(deduction_parts)
        pieces = income_pieces + self.deduction_pieces(deduction_parts, benefit)
        pieces.sort(key=lambda piece: piece.item_index)
        for piece in pieces:
            self.record(
                f"item {piece.item_index + 1}",
                f"{piece.item.description} ({piece.item.kind}, class {piece.item.rate_class})",
                {piece.spouse: piece.amount},
                piece.reason,
                f"IRC 6015(d)(3); {REG}(d)(2)" + (", (d)(5) Examples 5-6" if "tax-benefit" in piece.reason else ""),
                inputs={"item amount": piece.item.amount},
                used=[self.joint_share] if piece.item.owner in ("joint", "unclear") and piece.item.split is None else [],
            )
        return pieces, benefit

    def tax_benefit(self, deduction_parts: list[tuple[int, str, Decimal, str]]) -> Evaluation:
        case = self.case
        own = {spouse: sum((amount for _, who, amount, _ in deduction_parts if who == spouse), ZERO) for spouse in SPOUSES}
        entries = {"9": by_spouse(own)}
        typed: frozenset[str] = frozenset()
        if case.income_on_return is not None:
            allowed = case.allowed_deductions or Split(you=ZERO, spouse=ZERO)
            entries["6"] = spouse_entry(case.income_on_return.you, case.income_on_return.spouse)
            entries["7"] = spouse_entry(allowed.you, allowed.spouse)
        else:
            typed = frozenset({"17"})
            entries["17"] = by_spouse(own)
            entries["17"].sources.append("the tax-benefit rule is not applied: no income on the return was entered")
            if deduction_parts:
                self.notes.append(
                    "The tax-benefit rule was not applied: enter each spouse's income on the joint return so a disallowed "
                    "deduction larger than its owner's income can be allocated to the other spouse."
                )
        return self.evaluate(TAX_BENEFIT, entries, "tax benefit", typed)

    def deduction_pieces(self, parts: list[tuple[int, str, Decimal, str]], benefit: Evaluation) -> list[_Piece]:
        """Spread the definition's totals (lines 10, 15, 16) over the deductions in the order listed."""
        items = self.case.items
        if self.case.income_on_return is None:
            return [_Piece(index, items[index], spouse, amount, why, spouse) for index, spouse, amount, why in parts]
        pieces: list[_Piece] = []
        for spouse in SPOUSES:
            column = COLUMN_OF[spouse]
            mine = [(n, amount) for n, (_, who, amount, _) in enumerate(parts) if who == spouse]
            used = _spread(mine, benefit.value("10", column))
            excess = [(n, amount - used[n]) for n, amount in mine]
            given = _spread(excess, benefit.value("15", column))
            receiver = other(spouse)
            for n, amount in mine:
                index = parts[n][0]
                kept = amount - used[n] - given[n]
                for who, part, why in (
                    (spouse, used[n], f"used against {self.name(spouse)}'s own income (tax-benefit rule)"),
                    (receiver, given[n], f"offset {self.name(receiver)}'s income on the joint return (tax-benefit rule)"),
                    (spouse, kept, f"exceeds both spouses' income: kept with {self.name(spouse)}"),
                ):
                    if part:
                        pieces.append(_Piece(index, items[index], who, part, why, spouse))
                if kept:
                    self.notes.append(
                        f"{items[index].description}: {kept} of the disallowed deduction exceeds both spouses' income; no source "
                        "read says how to allocate it, so it stays with its owner [U]."
                    )
        return pieces

    # Step 1: carve-outs ------------------------------------------------------------------------
    def separate_items(self) -> list[tuple[ErroneousItem, dict[str, Decimal]]]:
        """Credits and other taxes: wholly to the spouse whose item it is (Reg. 1.6015-3(d)(4)(ii))."""
        result = []
        for index, item in enumerate(self.case.items):
            if item.kind not in ("credit", "other_tax"):
                continue
            parts, why, used = self.item_parts(item)
            if item.owner in ("joint", "unclear") and item.split is None:
                self.notes.append(
                    f"{item.description}: the IRS divides a credit or tax of both spouses case by case (no formula); "
                    "equal halves are used here - enter a split to change it [U]."
                )
            result.append((item, parts))
            kind = "disallowed credit" if item.kind == "credit" else "other tax"
            self.record(
                f"item {index + 1}", f"{item.description} ({kind}, separate treatment)", parts,
                why + "; left out of the proportion", f"IRC 6015(d)(2); {REG}(d)(4)(ii)", used=used,
            )
        return result

    def child_items(self) -> list[tuple[ChildLiability, dict[str, Decimal]]]:
        result = []
        for child in self.case.child_liabilities:
            if child.child_of == "both":
                parts, why = {"you": child.amount, "spouse": child.amount}, "child of both spouses: stays joint"
            else:
                parts = {child.child_of: child.amount, other(child.child_of): ZERO}
                why = f"child of {self.name(child.child_of)} only: to the parent"
            result.append((child, parts))
            self.record("child", f"{child.description} (child's liability)", parts, why, f"IRC 6015(d)(5); {REG}(d)(4)(iii)")
        return result

    def carve_outs(self, separate, child) -> Decimal:
        case = self.case
        entries = {
            "1": whole_entry(case.deficiency),
            "2": whole_entry(sum((item.amount for item, _ in separate), ZERO)),
            "3": whole_entry(sum((c.amount for c, _ in child), ZERO)),
            "4": whole_entry(case.alternative_minimum_tax),
        }
        in_proportion = self.evaluate(CARVE_OUTS, entries).value("5", "A")
        if in_proportion < 0:
            raise InputError(
                "deficiency",
                f"is less than the credits, other taxes, child's liability and AMT entered ({case.deficiency} < {case.deficiency - in_proportion})",
            )
        return in_proportion

    # Step 5: rate groups -----------------------------------------------------------------------
    def class_deficiencies(self, pieces: list[_Piece], in_proportion: Decimal) -> dict[str, Decimal]:
        case = self.case
        proportion_items = [(index, item) for index, item in enumerate(case.items) if item.kind in ("income", "deduction")]
        if case.rate_classes is None:
            used_classes = {item.rate_class for _, item in proportion_items}
            if used_classes - {DEFAULT_CLASS}:
                raise InputError("rate_classes", f"items name rate classes {sorted(used_classes)}: give the deficiency of each class")
            return {DEFAULT_CLASS: in_proportion}
        classes = dict(case.rate_classes)
        if sum(classes.values(), ZERO) != in_proportion:
            raise InputError(
                "rate_classes",
                f"the classes add up to {sum(classes.values(), ZERO)}, but the deficiency less separate items is {in_proportion}",
            )
        for index, item in proportion_items:
            if item.rate_class not in classes:
                raise InputError(f"items.{index}.rate_class", f"{item.rate_class!r} is not one of the rate_classes")
        return classes

    def fixed_items(self, class_pieces: list[_Piece]) -> tuple[Decimal, dict[str, Decimal]]:
        """Items whose own deficiency is entered: each spouse's part (own, plus the other's part known of)."""
        total, shares = ZERO, {"you": ZERO, "spouse": ZERO}
        for index in sorted({p.item_index for p in class_pieces if p.item.deficiency is not None}):
            item = self.case.items[index]
            total += item.deficiency
            mine = [p for p in class_pieces if p.item_index == index]
            held = {s: sum((p.amount for p in mine if p.spouse == s), ZERO) for s in SPOUSES}
            knew = {s: sum((p.known_by(s, self.presume) for p in mine if p.spouse == other(s)), ZERO) for s in SPOUSES}
            entries = {"20a": whole_entry(item.deficiency), "20b": by_spouse(held), "20d": by_spouse(knew)}
            evaluation = self.evaluate(ITEM_DEFICIENCY, entries, f"item {index + 1}")
            for spouse in SPOUSES:
                shares[spouse] += evaluation.value("20f", COLUMN_OF[spouse])
        return total, shares

    def proportion(self, name: str, amount: Decimal, pieces: list[_Piece]) -> tuple[Evaluation, dict[str, Decimal]]:
        class_pieces = [p for p in pieces if p.item.rate_class == name]
        fixed_total, fixed_shares = self.fixed_items(class_pieces)
        flowing = [p for p in class_pieces if p.item.deficiency is None]
        net = {s: sum((p.amount for p in flowing if p.spouse == s), ZERO) for s in SPOUSES}
        known = {s: sum((p.known_by(s, self.presume) for p in flowing if p.spouse == other(s)), ZERO) for s in SPOUSES}
        if amount and not any(net.values()) and not fixed_total:
            raise InputError("rate_classes" if self.case.rate_classes else "items", f"class {name!r} has a deficiency but no items")
        if amount - fixed_total < 0:
            raise InputError("items", f"class {name!r}: the deficiencies entered for items exceed the class deficiency")
        entries = {"19": whole_entry(amount), "20": whole_entry(fixed_total), "22": by_spouse(net), "24": by_spouse(known)}
        return self.evaluate(PROPORTION, entries, f"class {name}"), fixed_shares

    # Steps 4 and 7: the totals -----------------------------------------------------------------
    def totals(self, classes, separate, child, benefit: Evaluation, known_fixed: dict[str, Decimal]) -> Evaluation:
        case = self.case
        sums = {line: {s: sum((ev.value(line, COLUMN_OF[s]) for ev in classes.values()), ZERO) for s in SPOUSES} for line in ("23", "25")}
        own_separate = {s: sum((parts[s] for _, parts in separate), ZERO) for s in SPOUSES}
        known_separate = {
            s: sum((round_cents(parts[other(s)] * item.known_fraction(s, self.presume)) for item, parts in separate), ZERO) for s in SPOUSES
        }
        whole = case.deficiency + sum((p.amount for p in case.penalties), ZERO)
        withholding = case.withholding or Split(you=ZERO, spouse=ZERO)
        amt = case.alternative_minimum_tax
        entries = {
            "26": by_spouse(sums["23"]),
            "27": by_spouse(own_separate),
            "29": spouse_entry(benefit.value("18", "B"), benefit.value("18", "C")),
            "30": whole_entry(case.tax_shown_on_return or ZERO),
            "32": spouse_entry(withholding.you, withholding.spouse),
            "35": whole_entry(sum((p.amount for p in case.penalties if p.spouse == "joint"), ZERO)),
            "37": by_spouse({s: sum((p.amount for p in case.penalties if p.spouse == s), ZERO) for s in SPOUSES}),
            "38": by_spouse({s: sums["25"][s] + known_fixed[s] + known_separate[s] for s in SPOUSES}),
            "39": by_spouse({s: sum((parts[s] for _, parts in child), ZERO) for s in SPOUSES}),
            "40": spouse_entry(amt, amt, amt),
            "41": by_spouse({s: sum((a.value for a in case.disqualified_assets if a.transferred_to == s), ZERO) for s in SPOUSES}),
            "43": spouse_entry(whole, whole, whole),
        }
        return self.evaluate(TOTALS, entries)

    def portions(self, totals: Evaluation) -> dict[str, dict[str, Decimal]]:
        electors = ["you"] + (["spouse"] if self.case.other_spouse_elects else [])
        whole = totals.value("43", "A")
        portions: dict[str, dict[str, Decimal]] = {}
        for spouse in SPOUSES:
            key = OUTPUT_NAME[spouse]
            if spouse not in electors:
                portions[key] = {"total": whole, "not_electing": whole}
                entry = next(entry for entry in self.trace if entry.line == "line 43")
                self.trace.append(replace(
                    entry, line=f"{key}: total", label=f"{self.name(spouse)} does not elect: liable for the whole (joint and several liability stays)",
                    values={key: whole}, citation=f"{REG}(d)(1); {REG}(d)(5) Example 2",
                ))
                continue
            value = {line: totals.value(line, COLUMN_OF[spouse]) for lines in PORTION_LINES.values() for line in lines}
            portions[key] = {part: sum((value[line] for line in lines), ZERO) for part, lines in PORTION_LINES.items()}
            summary = next(entry for entry in self.trace if entry.line == "line 44")
            self.trace.append(replace(summary, line=f"{key}: total", label=f"{self.name(spouse)}'s allocated portion", values={key: value["44"]}))
        return portions

    def run(self) -> F6015dResult:
        case = self.case
        portions: dict[str, dict[str, Decimal]] = {}
        relief: dict[str, Decimal | None] = {"requesting": None, "other": None}
        pieces: list[_Piece] = []
        underpayment = None
        if case.deficiency is not None:
            separate, child = self.separate_items(), self.child_items()
            in_proportion = self.carve_outs(separate, child)
            pieces, benefit = self.allocate_items()
            classes, known_fixed = {}, {"you": ZERO, "spouse": ZERO}
            for name, amount in self.class_deficiencies(pieces, in_proportion).items():
                classes[name], fixed = self.proportion(name, amount, pieces)
                known_fixed = {s: known_fixed[s] + fixed[s] for s in SPOUSES}
            totals = self.totals(classes, separate, child, benefit, known_fixed)
            portions = self.portions(totals)
            whole = totals.value("43", "A")
            relief["requesting"] = whole - portions["requesting"]["total"]
            if case.other_spouse_elects:
                relief["other"] = whole - portions["other"]["total"]
            summary = next(entry for entry in self.trace if entry.line == "line 45")
            self.trace.append(replace(summary, line="relief", label=f"Relief for {self.name('you')} (the requesting spouse)", values={"requesting": relief["requesting"]}))
            underpayment = {"requesting": totals.value("34", "B"), "other": totals.value("34", "C"), "total": totals.value("34", "A")}
            self.closing_notes(pieces)
        partial = self.partial_relief() if case.partial_relief is not None else None
        return F6015dResult(
            tax_year=case.tax_year,
            names={"requesting": case.requesting_spouse.name, "other": case.other_spouse.name},
            deficiency=case.deficiency,
            penalties=sum((p.amount for p in case.penalties), ZERO),
            allocated_items=[
                {"item": p.item.description, "spouse": OUTPUT_NAME[p.spouse], "amount": p.amount, "rate_class": p.item.rate_class, "reason": p.reason}
                for p in pieces
            ],
            portions=portions,
            relief=relief,
            partial_relief=partial,
            notes=self.notes,
            unverified=self.unverified,
            trace=self.trace,
            underpayment=underpayment,
        )

    def closing_notes(self, pieces: list[_Piece]) -> None:
        case = self.case
        if case.alternative_minimum_tax:
            self.notes.append(
                "Alternative minimum tax is 'allocated appropriately' (Reg. 1.6015-3(d)(4)(iv)(A)) with no method given: "
                "it is left with both spouses here; ask for a manual allocation."
            )
        if self.presume and any(p.item.owner == p.source != p.spouse for p in pieces):
            self.notes.append(
                "Each spouse is taken to have known of their own items, so a deduction moved to the other spouse by the "
                "tax-benefit rule stays with its owner's own election. Actual knowledge is for the IRS to show "
                "(IRC 6015(c)(3)(C); Reg. 1.6015-3(c)(2)); turn this presumption off where the IRS has not shown it."
            )
        if any(p.spouse == "joint" for p in case.penalties) and not (case.withholding or case.tax_shown_on_return):
            self.notes.append(
                "A penalty from both spouses' items is divided by each spouse's share of the deficiency; enter the tax shown on "
                "the return and each spouse's withholding to divide it by the shares of the underpayment (Estate of Capehart)."
            )

    # 6015(b)(2) ------------------------------------------------------------------------------
    def partial_relief(self) -> dict[str, Decimal]:
        spec = self.case.partial_relief
        item = spec.item
        if spec.understatement_full is not None:
            full, known = spec.understatement_full, spec.understatement_known
            how = "understatements as entered"
        else:
            reported_tax = self.partial_tax(ZERO, "as reported")
            full = self.partial_tax(item.amount, "whole item") - reported_tax
            known = self.partial_tax(item.known_amount, "known part") - reported_tax
            how = "tax on corrected taxable income minus tax on reported taxable income"
        entries = {"46": spouse_entry(full, sources=[how]), "47": spouse_entry(known, sources=[how])}
        relief = self.evaluate(PARTIAL_RELIEF, entries, "partial relief").value("48", "B")
        summary = self.trace[-1]
        self.trace.append(replace(summary, line="partial relief", label=f"6015(b)(2): relief for the part of {item.description} the requesting spouse did not know of", values={"requesting": relief}))
        self.note_unverified(
            "6015(b)(2) partial relief: the incremental method (whole item minus known part) is this project's reading; the publication gives no formula [U]."
        )
        return {"understatement_full": full, "understatement_known": known, "relief": relief}

    def partial_tax(self, extra: Decimal, label: str) -> Decimal:
        spec = self.case.partial_relief
        computed = income_tax(
            spec.taxable_income_reported + extra, spec.filing_status, self.case.tax_year,
            qualified_dividends=spec.qualified_dividends, net_capital_gain=spec.net_capital_gain,
            column="joint", prefix=f"partial relief ({label}): ",
        )
        self.trace.extend(computed.trace)
        return computed.tax


_COLUMN_WORDS = {"A": "whole", "B": "requesting", "C": "other"}
_COLUMN_PHRASE = {"A": "(the whole)", "B": "(the spouse asking for relief)", "C": "(the other spouse)"}


def _plain(entry: TraceEntry, prefix: str) -> TraceEntry:
    """A definition line's trace entry with the columns named in plain words."""
    inputs = {}
    for name, value in entry.inputs.items():
        head, _, column = name.rpartition(" ")
        inputs[f"{head} {_COLUMN_PHRASE[column]}" if column in _COLUMN_PHRASE else name] = value
    line = f"line {entry.line}"
    return replace(
        entry,
        line=f"{prefix}: {line}" if prefix else line,
        values={_COLUMN_WORDS[column]: value for column, value in entry.values.items() if column in COLUMNS},
        inputs=inputs,
    )


def definition_runs(case: F6015dInput | dict) -> list[DefinitionRun]:
    """Every worksheet of the definition as evaluated for one case, in order (for the column evaluator)."""
    split = _Split(case if isinstance(case, F6015dInput) else parse_input(case))
    split.run()
    return split.runs


def compute(case: F6015dInput | dict) -> F6015dResult:
    """The 6015(c)/(d) split (and 6015(b)(2) partial relief) for one case."""
    if not isinstance(case, F6015dInput):
        case = parse_input(case)
    return _Split(case).run()

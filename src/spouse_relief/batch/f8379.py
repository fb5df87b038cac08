"""Form 8379 in batch: one couple per row, computed on columns in exact integer cents.

This is the column form of :mod:`spouse_relief.worksheets.f8379` (Part III allocation and the
IRM 25.18.5 refund estimate) and of :mod:`spouse_relief.federal_tax` (:mod:`.federal`), from the
same parameter files. What a row means is :func:`row_document`: the case input it stands for.
The property test (tests/batch/test_f8379_batch.py) computes random rows both ways and
requires every amount to agree to the cent.

Input columns (docs/batch.md): ``case_id``, ``tax_year``; item columns
``<category>_<owner>`` (owner ``injured``, ``other`` or ``joint``; in a community-property state
``<category>_<owner>_community`` / ``_separate`` give the item's property character, the plain
column takes ``community_property_default``); and the couple's other facts (``deduction``,
``qbi_*``, ``exemptions_*``, ``joint_total_tax``, ``joint_earned_income_credit``, ``offset_*``,
``community_property_*``, the age and blindness boxes).

Each item column is one item: a joint amount without a split is divided as one amount.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa

from ..federal_tax import CAPITAL_GAIN_RATES, CAPITAL_GAIN_THRESHOLDS, RATE_SCHEDULE, TAX_TABLE
from ..parameters import parameter
from . import federal
from .cents import as_fraction, half_up, quotient_in_range, round_half_up_div
from .arrow import int_array, validity
from .fields import FileError, RowErrors, amount_column, case_and_year, coded_column
from .tables import AMOUNT_TYPE, ChunkResult, decimal_array, text_array

FORM = "8379"
NAME = "f8379"
CASE_ID, TAX_YEAR = "case_id", "tax_year"
OWNERS = ("injured", "other", "joint")
SPOUSES = ("injured", "other")
PROPERTIES = ("community", "separate")
MFS, MFJ = "married_filing_separately", "married_filing_jointly"


@dataclass(frozen=True)
class Category:
    """A kind of item: where it goes in the case input and on Part III."""

    name: str
    group: str  # the case input's list: income, adjustments, deduction.itemized, withholding, ...
    line: str | None = None  # 13a / 13b for income
    kind: str = "ordinary"
    earned: bool = False
    owners: tuple[str, ...] = OWNERS
    not_negative: bool = False  # a negative amount is refused (only other income on line 13b may be negative)


CATEGORIES: tuple[Category, ...] = (
    Category("wages", "income", "13a", earned=True, owners=("injured", "other"), not_negative=True),
    Category("self_employment_income", "income", "13b", earned=True),
    Category("other_income", "income", "13b"),
    Category("qualified_dividends", "income", "13b", kind="qualified_dividends", not_negative=True),
    Category("net_capital_gain", "income", "13b", kind="net_capital_gain"),
    Category("adjustments", "adjustments", "14", not_negative=True),
    Category("itemized_deductions", "itemized", not_negative=True),
    Category("nonrefundable_credits", "nonrefundable_credits", not_negative=True),
    Category("refundable_credits", "refundable_credits", not_negative=True),
    Category("other_taxes", "other_taxes", not_negative=True),
    Category("withholding", "withholding", not_negative=True),
    Category("payments", "payments", not_negative=True),
)
CATEGORY = {category.name: category for category in CATEGORIES}

FLAGS = ("injured_age_65_or_older", "injured_blind", "other_age_65_or_older", "other_blind")
DEDUCTION = "deduction"
QBI_AMOUNTS = ("qbi_deduction", "qbi_injured", "qbi_other")
EXEMPTIONS = ("exemptions_injured", "exemptions_other")
JOINT_AMOUNTS = ("joint_total_tax", "joint_earned_income_credit")
OFFSET_AMOUNT, OFFSET_DEBT = "offset_amount", "offset_debt_type"
COMMUNITY_STATE, COMMUNITY_DEFAULT = "community_property_state", "community_property_default"
NOT_NEGATIVE_SCALARS = QBI_AMOUNTS + JOINT_AMOUNTS + (OFFSET_AMOUNT,)


@dataclass(frozen=True)
class ItemColumn:
    name: str
    category: Category
    owner: str
    property: str | None


def _item_columns() -> dict[str, ItemColumn]:
    columns: dict[str, ItemColumn] = {}
    for category in CATEGORIES:
        for owner in category.owners:
            for prop in (None,) + PROPERTIES:
                name = f"{category.name}_{owner}" + (f"_{prop}" if prop else "")
                columns[name] = ItemColumn(name, category, owner, prop)
    return columns


ITEM_COLUMNS = _item_columns()
SCALAR_COLUMNS = (
    (CASE_ID, TAX_YEAR) + FLAGS + (DEDUCTION,) + QBI_AMOUNTS + EXEMPTIONS + JOINT_AMOUNTS
    + (OFFSET_AMOUNT, OFFSET_DEBT, COMMUNITY_STATE, COMMUNITY_DEFAULT)
)
INPUT_COLUMNS = SCALAR_COLUMNS + tuple(ITEM_COLUMNS)

PART_III_LINES = ("13a", "13b", "14", "15", "QBI", "16", "17", "18", "19", "20")
RESULT_COLUMNS = (
    "taxable_income_injured", "taxable_income_other", "separate_tax_injured", "separate_tax_other", "joint_tax",
    "share_of_tax_injured", "share_of_tax_other", "earned_income_credit_injured", "earned_income_credit_other",
    "payments_and_credits_joint", "payments_and_credits_injured", "payments_and_credits_other",
    "joint_overpayment", "injured_spouse_refund", "available_for_offset",
    "offset_applied_to_debt", "offset_refund_to_other_spouse", "offset_debt_left_unpaid", "refund_before_community_rule",
)
NULLABLE_RESULTS = ("offset_applied_to_debt", "offset_refund_to_other_spouse", "offset_debt_left_unpaid", "refund_before_community_rule")


def line_column(line: str, column: str) -> str:
    return f"QBI_{column}" if line == "QBI" else f"L{line}_{column}"


_LINE_ORDER = ("joint", "injured", "other")  # the form's columns (a), (b), (c)
OUTPUT_COLUMNS = (CASE_ID, TAX_YEAR) + tuple(line_column(line, column) for line in PART_III_LINES for column in _LINE_ORDER) + RESULT_COLUMNS

PARAMETERS = (
    RATE_SCHEDULE, TAX_TABLE, CAPITAL_GAIN_RATES, CAPITAL_GAIN_THRESHOLDS,
    "federal/income_tax/standard_deduction", "federal/income_tax/additional_standard_deduction",
    "federal/income_tax/personal_exemption", "federal/f8379/part_iii_lines", "federal/f8379/joint_item_default_share",
    "federal/f8379/basic_standard_deduction_share", "federal/f8379/eic_allocation_basis", "federal/f8379/community_share",
    "federal/f8379/community_property_offset", "federal/f8379/community_property_rulings",
    "federal/relief/offset_debt_kinds", "federal/relief/community_property_states",
)


@cache
def supported_tax_years() -> tuple[int, int]:
    """The tax years every parameter the computation uses has values for."""
    first = max(parameter(name).first_effective.year for name in PARAMETERS)
    last = min(parameter(name).known_through.year for name in PARAMETERS)
    return first, last


def check_header(names: Iterable[str]) -> list[str]:
    names = list(names)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise FileError(name, "the column appears twice")
        seen.add(name)
        if name in SCALAR_COLUMNS or name in ITEM_COLUMNS:
            continue
        if re.match(r"^wages_joint(_community|_separate)?$", name):
            raise FileError(name, "Form W-2 income belongs to the spouse who earned it: use wages_injured or wages_other")
        raise FileError(name, "unknown column: see docs/batch.md for the Form 8379 columns")
    for required in (CASE_ID, TAX_YEAR):
        if required not in seen:
            raise FileError(required, "the column is required")
    return names


def output_schema(lines: Iterable[str] | None = None) -> pa.Schema:
    fields = [pa.field(CASE_ID, pa.string()), pa.field(TAX_YEAR, pa.int32())]
    fields += [pa.field(name, AMOUNT_TYPE) for name in OUTPUT_COLUMNS[2:]]
    return pa.schema(fields)


# --- what a row means --------------------------------------------------------------------------


_TRUE = {"true", "yes", "1", "y", "t", "on"}
_FALSE = {"false", "no", "0", "n", "f", "off"}


def row_document(row: Mapping[str, Any]) -> dict[str, Any]:
    """The Form 8379 case input a batch row stands for (for ``worksheets.f8379.compute``).

    Cells are text as read from the file (empty or None: not given). The batch computes exactly
    what ``compute(row_document(row))`` computes, for every row it accepts.
    """

    def cell(name: str) -> str | None:
        value = row.get(name)
        if value is None:
            return None
        text = str(value).strip()
        return text or None

    def flag(name: str) -> bool:
        value = cell(name)
        return value is not None and value.lower() in _TRUE

    document: dict[str, Any] = {
        "form": FORM,
        "tax_year": cell(TAX_YEAR),
        "injured_spouse": {"name": "injured spouse", "age_65_or_older": flag("injured_age_65_or_older"), "blind": flag("injured_blind")},
        "other_spouse": {"name": "other spouse", "age_65_or_older": flag("other_age_65_or_older"), "blind": flag("other_blind")},
        "deduction": {"method": cell(DEDUCTION) or "standard"},
    }
    groups: dict[str, list[dict[str, Any]]] = {}
    for name, column in ITEM_COLUMNS.items():
        amount = cell(name)
        if amount is None:
            continue
        item: dict[str, Any] = {"description": name, "amount": amount, "owner": column.owner}
        if column.category.group == "income":
            item["line"] = column.category.line
            item["kind"] = column.category.kind
            if column.category.line == "13b" and column.category.earned:
                item["earned"] = True
        if column.property is not None:
            item["property"] = column.property
        groups.setdefault(column.category.group, []).append(item)
    for group, items in groups.items():
        if group == "itemized":
            document["deduction"]["itemized"] = items
        else:
            document[group] = items
    if cell("qbi_deduction") is not None or cell("qbi_injured") is not None or cell("qbi_other") is not None:
        document["qbi_deduction"] = {
            "amount": cell("qbi_deduction"),
            "qualified_business_income": {"injured": cell("qbi_injured") or "0", "other": cell("qbi_other") or "0"},
        }
    if cell("exemptions_injured") is not None or cell("exemptions_other") is not None:
        document["exemptions"] = {"injured": cell("exemptions_injured") or "0", "other": cell("exemptions_other") or "0"}
    joint_return = {}
    if cell("joint_total_tax") is not None:
        joint_return["total_tax"] = cell("joint_total_tax")
    if cell("joint_earned_income_credit") is not None:
        joint_return["earned_income_credit"] = cell("joint_earned_income_credit")
    if joint_return:
        document["joint_return"] = joint_return
    if cell(OFFSET_AMOUNT) is not None or cell(OFFSET_DEBT) is not None:
        document["offset"] = {"amount": cell(OFFSET_AMOUNT), "debt_type": cell(OFFSET_DEBT)}
    if cell(COMMUNITY_STATE) is not None:
        document["community_property"] = {"state": cell(COMMUNITY_STATE), "default_property": cell(COMMUNITY_DEFAULT) or "community"}
    return document


# --- the computation on columns ---------------------------------------------------------------


class _Years:
    """Per-row law values, looked up once per distinct tax year in the chunk."""

    def __init__(self, years: np.ndarray, usable: np.ndarray):
        self.years = np.where(usable, years, 0)
        seen = np.zeros(10_000, dtype=bool)  # tax years are four digits at most (year_column)
        seen[self.years] = True
        self.unique = np.flatnonzero(seen)
        position = np.zeros(10_000, dtype=np.int64)
        position[self.unique] = np.arange(len(self.unique))
        self.inverse = position[self.years]
        self.usable = usable

    def values(self, function: Callable[[int], Any], dtype=np.int64, missing: Any = 0) -> np.ndarray:
        looked_up = [function(int(year)) if year else missing for year in self.unique]
        return np.array(looked_up, dtype=dtype)[self.inverse]

    def fraction(self, name: str) -> tuple[np.ndarray | int, np.ndarray | int]:
        """A rate per row as an exact fraction; plain integers when every year has the same rate."""
        pairs = [as_fraction(parameter(name).for_tax_year(int(year)).value) if year else None for year in self.unique]
        known = {pair for pair in pairs if pair is not None}
        if len(known) <= 1:
            return known.pop() if known else (0, 1)
        pairs = [pair or (0, 1) for pair in pairs]
        return (np.array([p[0] for p in pairs], dtype=np.int64)[self.inverse], np.array([p[1] for p in pairs], dtype=np.int64)[self.inverse])

    def groups(self) -> list[tuple[int, np.ndarray | None]]:
        """(tax year, its rows) for each usable year; the rows are None when one year covers the chunk."""
        if not hasattr(self, "_groups"):
            years = [int(year) for year in self.unique if year]
            if len(years) == 1 and len(self.unique) == 1:
                self._groups = [(years[0], None)]
            else:
                positions = self.inverse.astype(np.int16)  # a radix sort for small integers
                order = np.argsort(positions, kind="stable")
                bounds = np.searchsorted(positions[order], np.arange(len(self.unique) + 1))
                self._groups = [
                    (int(year), order[bounds[position] : bounds[position + 1]])
                    for position, year in enumerate(self.unique.tolist()) if year
                ]
        return self._groups


class _Total:
    """A running sum of columns that allocates only when something non-zero is added (None is zero)."""

    def __init__(self, size: int):
        self.size = size
        self.value: np.ndarray | None = None

    def add(self, array: np.ndarray | None) -> None:
        if array is None:
            return
        if self.value is None:
            self.value = np.array(array, dtype=np.int64, copy=True)
        else:
            self.value += array

    def get(self) -> np.ndarray:
        return _zeros(self.size) if self.value is None else self.value


def _or_zero(array: np.ndarray | None) -> np.ndarray | int:
    return 0 if array is None else array


def _law(name: str, year: int) -> Any:
    return parameter(name).for_tax_year(year).value


def _cents_of(amount) -> int:
    return int(amount * 100)


def _zeros(size: int) -> np.ndarray:
    return np.zeros(size, dtype=np.int64)


def _divide(amount: np.ndarray, numerator: np.ndarray, denominator: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``worksheets.f8379._divide`` on columns: injured rounded half up, other the rest; zero basis: halves."""
    nonzero = np.flatnonzero(amount)
    if len(nonzero) < len(amount) // 2:  # mostly nothing to divide: divide only the rest
        injured = np.zeros_like(amount)
        if len(nonzero):
            injured[nonzero] = _divide(amount[nonzero], numerator[nonzero], denominator[nonzero])[0]
        return injured, amount - injured
    zero = denominator == 0
    injured = round_half_up_div(amount, np.where(zero, 0, numerator), np.where(zero, 1, denominator))
    injured = np.where(zero, half_up(amount), injured)
    return injured, amount - injured


def _share(amount: np.ndarray, fraction: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    injured = round_half_up_div(amount, *fraction)
    return injured, amount - injured


_ITEM_NOT_NEGATIVE = "amount cannot be negative here (only an income item, such as a capital loss, can be)"
_BATCH_NOT_NEGATIVE = "cannot be negative in a batch (compute a couple with a negative amount here on its own: spouse-relief f8379)"


class _Coded:
    """A text column of few distinct values, as codes (-1: empty), with per-value checks."""

    def __init__(self, table: pa.Table, name: str, names: set[str]):
        self.name = name
        if name in names:
            self.codes, self.values = coded_column(table, name)
        else:
            self.codes, self.values = np.full(table.num_rows, -1, dtype=np.int64), []

    @property
    def given(self) -> np.ndarray:
        return self.codes >= 0

    def where(self, test: Callable[[str], bool]) -> np.ndarray:
        """Rows whose value passes ``test``."""
        chosen = [code for code, value in enumerate(self.values) if test(value)]
        return np.isin(self.codes, chosen) if chosen else np.zeros(len(self.codes), dtype=bool)

    def per_value(self, function: Callable[[str], Any], dtype, missing: Any) -> np.ndarray:
        looked_up = np.array([function(value) for value in self.values] + [missing], dtype=dtype)
        return looked_up[self.codes]  # code -1 picks the last entry: ``missing``

    def refuse(self, errors: RowErrors, test: Callable[[str], bool], message: Callable[[str], str], rows: np.ndarray | None = None) -> None:
        """Record an error in every row (of ``rows``) whose value fails ``test``."""
        for code, value in enumerate(self.values):
            if not test(value):
                hit = self.codes == code
                if rows is not None:
                    hit &= rows
                if hit.any():
                    errors.add_many(np.flatnonzero(hit), self.name, message(value))

    def by_year(self, law: "_Years", test: Callable[[int, str], bool]) -> np.ndarray:
        """Rows whose value passes ``test(year, value)`` for the row's tax year (False where empty)."""
        table = np.zeros((len(law.unique), len(self.values) + 1), dtype=bool)
        for row, year in enumerate(law.unique.tolist()):
            for code, value in enumerate(self.values):
                table[row, code] = bool(year) and test(int(year), value)
        return table[law.inverse, self.codes]


def _flag(coded: _Coded, errors: RowErrors) -> np.ndarray:
    coded.refuse(errors, lambda value: value.lower() in _TRUE | _FALSE,
                 lambda value: f"{value!r} is not true or false (yes/no, 1/0 also work)")
    return coded.where(lambda value: value.lower() in _TRUE)


def _counts(coded: _Coded, errors: RowErrors) -> np.ndarray:
    whole = re.compile(r"[0-9]{1,3}")
    coded.refuse(errors, lambda value: whole.fullmatch(value) is not None,
                 lambda value: f"{value!r} is not a whole number of exemptions (0 or more)")
    return coded.per_value(lambda value: int(value) if whole.fullmatch(value) else 0, np.int64, 0)


def compute_chunk(table: pa.Table, first_row: int = 0, lines: Iterable[str] | None = None) -> ChunkResult:
    """Compute the Form 8379 allocation and refund estimate of every couple in a chunk."""
    names = set(check_header(table.column_names))
    size = table.num_rows
    errors = RowErrors(size)

    years, usable_year = case_and_year(table, CASE_ID, TAX_YEAR, supported_tax_years(), errors)
    law = _Years(years, usable_year)

    def amount(name: str, not_negative: bool = False, message: str = _BATCH_NOT_NEGATIVE) -> tuple[np.ndarray, np.ndarray]:
        if name not in names:
            return _zeros(size), np.zeros(size, dtype=bool)
        cents, present = amount_column(table, name, errors)
        if not_negative:
            negative = present & (cents < 0)
            if negative.any():
                errors.add_many(np.flatnonzero(negative), name, message)
                cents = np.where(negative, 0, cents)
        return cents, present

    flags = {name: _flag(_Coded(table, name, names), errors) for name in FLAGS}

    # community property
    state = _Coded(table, COMMUNITY_STATE, names)
    default = _Coded(table, COMMUNITY_DEFAULT, names)
    community = state.given
    default.refuse(errors, lambda value: value in PROPERTIES, lambda value: f"{value!r} is not community or separate")
    default.refuse(errors, lambda value: False, lambda value: "is only for a community-property state (set community_property_state)",
                   rows=~community)
    default_community = ~default.where(lambda value: value == "separate")
    if community.any():
        known = state.by_year(law, lambda year, value: value.upper() in _law("federal/relief/community_property_states", year))
        for index in np.flatnonzero(community & ~known & (law.years != 0)).tolist():
            states = _law("federal/relief/community_property_states", int(law.years[index]))
            errors.add(index, COMMUNITY_STATE, f"{state.values[state.codes[index]]!r} is not a community-property state ({', '.join(states)})")

    # deduction method
    method = _Coded(table, DEDUCTION, names)
    method.refuse(errors, lambda value: value in ("standard", "itemized"), lambda value: f"{value!r} is not standard or itemized")
    itemized_rows = method.where(lambda value: value == "itemized")

    # items: each column allocated by its rule
    joint_share = law.fraction("federal/f8379/joint_item_default_share")
    community_share = law.fraction("federal/f8379/community_share")
    any_community = bool(community.any())
    totals: dict[str, dict[str, _Total]] = {}
    preferential = {kind: {owner: _Total(size) for owner in _LINE_ORDER} for kind in ("qualified_dividends", "net_capital_gain")}
    earned = {spouse: _Total(size) for spouse in SPOUSES}
    tracked_separate = _Total(size)  # the injured spouse's payments and credits that are separate property
    tracked_community = _Total(size)
    payments_to_prorate: list[tuple[np.ndarray, np.ndarray]] = []  # (amount, rows prorated by separate tax)
    itemized_given = np.zeros(size, dtype=bool)

    for name, column in ITEM_COLUMNS.items():
        if name not in names:
            continue
        cents, present = amount(name, column.category.not_negative, _ITEM_NOT_NEGATIVE)
        if not present.any():
            continue
        if column.property is not None:
            refused = present & ~community
            if refused.any():
                errors.add_many(np.flatnonzero(refused), name,
                                "a property character is only for a community-property state (set community_property_state)")
        if column.category.group == "itemized":
            itemized_given |= present
        injured: np.ndarray | None
        other: np.ndarray | None
        if column.owner == "injured":
            injured, other = cents, None
        elif column.owner == "other":
            injured, other = None, cents
        else:
            injured, other = _share(cents, joint_share)
        character_community = None
        if any_community:
            character_community = community & (default_community if column.property is None else column.property == "community")
            if character_community.any():
                split_injured, split_other = _share(cents, community_share)
                injured = np.where(character_community, split_injured, _or_zero(injured))
                other = np.where(character_community, split_other, _or_zero(other))
            else:
                character_community = None
        if column.category.group == "payments" and column.owner == "joint":
            prorated = np.ones(size, dtype=bool) if character_community is None else ~character_community
            payments_to_prorate.append((np.where(prorated, cents, 0), prorated))
            injured = None if character_community is None else np.where(prorated, 0, injured)
            other = None if character_community is None else np.where(prorated, 0, other)
        sums = totals.setdefault(column.category.line or column.category.group, {owner: _Total(size) for owner in _LINE_ORDER})
        sums["joint"].add(cents)
        sums["injured"].add(injured)
        sums["other"].add(other)
        if any_community and injured is not None and column.category.group in ("refundable_credits", "withholding", "payments"):
            # The injured spouse's part by property character, for the community-property offset rule;
            # joint payments divided by separate tax are added once that division is known (below).
            if character_community is None:
                tracked_separate.add(injured)
            else:
                tracked_community.add(np.where(character_community, injured, 0))
                tracked_separate.add(np.where(character_community, 0, injured))
        if column.category.kind in preferential:
            parts = preferential[column.category.kind]
            parts["joint"].add(cents)
            parts["injured"].add(injured)
            parts["other"].add(other)
        if column.category.earned:
            if column.owner == "joint":
                part = round_half_up_div(cents, *joint_share)
                earned["injured"].add(part)
                earned["other"].add(cents - part)
            else:
                earned[column.owner].add(cents)

    def line(group: str) -> dict[str, np.ndarray]:
        sums = totals.get(group)
        return {owner: _zeros(size) if sums is None else sums[owner].get() for owner in _LINE_ORDER}

    preferential = {kind: {owner: total.get() for owner, total in parts.items()} for kind, parts in preferential.items()}
    earned = {spouse: total.get() for spouse, total in earned.items()}
    tracked_separate, tracked_community = tracked_separate.get(), tracked_community.get()

    for index in np.flatnonzero(itemized_rows & ~itemized_given).tolist():
        errors.add(index, DEDUCTION, "list the itemized deductions (itemized_deductions_injured, _other or _joint)")
    for index in np.flatnonzero(~itemized_rows & itemized_given).tolist():
        errors.add(index, DEDUCTION, "itemized deductions are given, so deduction must be itemized")

    # line 15: standard deduction by rule, or the itemized items
    basic_joint = law.values(lambda year: _cents_of(_law("federal/income_tax/standard_deduction", year)[MFJ]))
    per_box = law.values(lambda year: _cents_of(_law("federal/income_tax/additional_standard_deduction", year)["married"]))
    basic_injured = round_half_up_div(basic_joint, *law.fraction("federal/f8379/basic_standard_deduction_share"))
    boxes = {
        "injured": flags["injured_age_65_or_older"].astype(np.int64) + flags["injured_blind"],
        "other": flags["other_age_65_or_older"].astype(np.int64) + flags["other_blind"],
    }
    standard = {"injured": basic_injured + boxes["injured"] * per_box, "other": basic_joint - basic_injured + boxes["other"] * per_box}
    standard["joint"] = standard["injured"] + standard["other"]
    itemized = line("itemized")
    line15 = {owner: np.where(itemized_rows, itemized[owner], standard[owner]) for owner in _LINE_ORDER}

    # QBI deduction
    qbi_amount, qbi_present = amount("qbi_deduction", True)
    qbi_injured, qbi_injured_present = amount("qbi_injured", True)
    qbi_other, qbi_other_present = amount("qbi_other", True)
    for index in np.flatnonzero((qbi_injured_present | qbi_other_present) & ~qbi_present).tolist():
        errors.add(index, "qbi_deduction", "is required when qbi_injured or qbi_other is given")
    if qbi_present.any():
        qbi_part_injured, qbi_part_other = _divide(qbi_amount, qbi_injured, qbi_injured + qbi_other)
    else:
        qbi_part_injured, qbi_part_other = _zeros(size), _zeros(size)
    qbi = {"joint": qbi_amount, "injured": qbi_part_injured, "other": qbi_part_other}

    # exemptions (before 2018) and the Part III layout
    exemption_value = law.values(lambda year: _cents_of(_law("federal/income_tax/personal_exemption", year)))
    counts = {}
    for spouse, name in zip(SPOUSES, EXEMPTIONS):
        coded = _Coded(table, name, names)
        counts[spouse] = _counts(coded, errors)
        refused = coded.given & (counts[spouse] != 0) & (exemption_value == 0) & (law.years != 0)
        for index in np.flatnonzero(refused).tolist():
            errors.add(index, name, f"there is no personal exemption for {years[index]} (line 16 is not exemptions)")
    exemption_amount = {spouse: counts[spouse] * exemption_value for spouse in SPOUSES}
    old_layout = law.values(lambda year: "exemption" in _law("federal/f8379/part_iii_lines", year)["16"].lower(), dtype=bool, missing=False)
    eic_basis_ok = law.values(lambda year: _law("federal/f8379/eic_allocation_basis", year) == "earned_income", dtype=bool, missing=True)

    # the joint return's own amounts, the offset
    joint_total_tax, has_joint_total_tax = amount("joint_total_tax", True)
    eic_credit, _ = amount("joint_earned_income_credit", True)
    offset_amount, has_offset_amount = amount(OFFSET_AMOUNT, True)
    debt = _Coded(table, OFFSET_DEBT, names)
    has_offset = debt.given
    if (has_offset_amount & ~has_offset).any():
        errors.add_many(np.flatnonzero(has_offset_amount & ~has_offset), OFFSET_DEBT, "is required with offset_amount")
    missing_amount = has_offset & ~has_offset_amount & ~errors.bad
    if missing_amount.any():
        errors.add_many(np.flatnonzero(missing_amount), OFFSET_AMOUNT, "is required with offset_debt_type")
    known_debt = debt.by_year(law, lambda year, value: value in _law("federal/relief/offset_debt_kinds", year))
    for index in np.flatnonzero(has_offset & ~known_debt & (law.years != 0)).tolist():
        kinds = _law("federal/relief/offset_debt_kinds", int(law.years[index]))
        errors.add(index, OFFSET_DEBT, f"{debt.values[debt.codes[index]]!r} is not one of {', '.join(kinds)}")
    federal_tax_debt = debt.where(lambda value: value == "federal_tax")
    for index in np.flatnonzero(~eic_basis_ok).tolist():
        errors.add(index, "joint_earned_income_credit", "the law data has no method for dividing the earned income credit this year")

    # each spouse's taxable income and separate tax (IRM 25.18.5)
    l13a, l13b, l14 = line("13a"), line("13b"), line("14")
    nonrefundable, refundable = line("nonrefundable_credits"), line("refundable_credits")
    other_taxes, withholding = line("other_taxes"), line("withholding")
    taxable = {}
    separate_tax = {}
    for spouse in SPOUSES:
        deductions = l14[spouse] + line15[spouse] + qbi[spouse] + exemption_amount[spouse]
        taxable[spouse] = np.maximum(l13a[spouse] + l13b[spouse] - deductions, 0)
        tax = _tax_by_year(law, taxable[spouse], MFS, preferential["qualified_dividends"][spouse], preferential["net_capital_gain"][spouse])
        separate_tax[spouse] = np.maximum(tax - nonrefundable[spouse], 0) + other_taxes[spouse]

    joint_deductions = l14["joint"] + line15["joint"] + qbi["joint"] + exemption_amount["injured"] + exemption_amount["other"]
    joint_taxable = np.maximum(l13a["joint"] + l13b["joint"] - joint_deductions, 0)
    joint_computed = _tax_by_year(law, joint_taxable, MFJ, preferential["qualified_dividends"]["joint"], preferential["net_capital_gain"]["joint"])
    joint_computed = np.maximum(joint_computed - nonrefundable["joint"], 0) + other_taxes["joint"]
    joint_tax = np.where(has_joint_total_tax, joint_total_tax, joint_computed)

    both_separate = separate_tax["injured"] + separate_tax["other"]
    share_injured, share_other = _divide(joint_tax, separate_tax["injured"], both_separate)

    # line 20: joint payments without a split (and not community) by separate tax liability
    payments = line("payments")
    payments = {owner: payments[owner].copy() for owner in _LINE_ORDER}
    for cents, prorated in payments_to_prorate:
        part_injured, part_other = _divide(cents, separate_tax["injured"], both_separate)
        payments["injured"] += part_injured
        payments["other"] += part_other
        if any_community:
            tracked_separate += np.where(prorated, part_injured, 0)

    # earned income credit by earned income
    if eic_credit.any():
        both_earned = earned["injured"] + earned["other"]
        in_range = np.ones(size, dtype=bool)
        credited = np.flatnonzero(eic_credit)
        in_range[credited] = quotient_in_range(
            eic_credit[credited], earned["injured"][credited], np.where(both_earned[credited] == 0, 1, both_earned[credited])
        )
        for index in np.flatnonzero(~in_range).tolist():
            errors.add(index, "joint_earned_income_credit",
                       "the spouses' earned incomes nearly cancel, so the credit's division is out of range for the batch; "
                       "compute this couple on its own (spouse-relief f8379)")
        eic_injured, eic_other = _divide(np.where(in_range, eic_credit, 0), earned["injured"], both_earned)
    else:
        eic_injured, eic_other = _zeros(size), _zeros(size)
    if any_community:
        tracked_community += np.where(community & default_community, eic_injured, 0)
        tracked_separate += np.where(community & ~default_community, eic_injured, 0)

    totals_paid = {
        "injured": withholding["injured"] + payments["injured"] + refundable["injured"] + eic_injured,
        "other": withholding["other"] + payments["other"] + refundable["other"] + eic_other,
        "joint": withholding["joint"] + payments["joint"] + refundable["joint"] + eic_credit,
    }
    overpayment = np.maximum(totals_paid["joint"] - joint_tax, 0)
    refund = np.minimum(np.maximum(totals_paid["injured"] - share_injured, 0), overpayment)

    # community-property rule for a federal tax debt
    separate_only = law.values(
        lambda year: _law("federal/f8379/community_property_offset", year)["federal_tax"] == "separate_property_only",
        dtype=bool, missing=False,
    )
    applies = community & federal_tax_debt & separate_only
    refund_before_community = refund
    if applies.any():
        tracked = tracked_community + tracked_separate
        protected, _ = _divide(refund, tracked_separate, np.where(tracked == 0, 1, tracked))
        protected = np.where(tracked == 0, 0, protected)
        refund = np.where(applies, protected, refund)
    available = overpayment - refund
    applied = np.minimum(offset_amount, available)

    if old_layout.any():  # before 2018: line 16 is the number of exemptions, line 17 every credit
        l16 = {
            "joint": np.where(old_layout, (counts["injured"] + counts["other"]) * 100, nonrefundable["joint"]),
            "injured": np.where(old_layout, counts["injured"] * 100, nonrefundable["injured"]),
            "other": np.where(old_layout, counts["other"] * 100, nonrefundable["other"]),
        }
        l17 = {owner: np.where(old_layout, nonrefundable[owner] + refundable[owner], refundable[owner]) for owner in _LINE_ORDER}
    else:
        l16, l17 = nonrefundable, refundable

    part_iii = {
        "13a": l13a, "13b": l13b, "14": l14, "15": line15, "QBI": qbi, "16": l16, "17": l17,
        "18": other_taxes, "19": withholding, "20": payments,
    }
    results = {
        "taxable_income_injured": taxable["injured"], "taxable_income_other": taxable["other"],
        "separate_tax_injured": separate_tax["injured"], "separate_tax_other": separate_tax["other"],
        "joint_tax": joint_tax, "share_of_tax_injured": share_injured, "share_of_tax_other": share_other,
        "earned_income_credit_injured": eic_injured, "earned_income_credit_other": eic_other,
        "payments_and_credits_joint": totals_paid["joint"], "payments_and_credits_injured": totals_paid["injured"],
        "payments_and_credits_other": totals_paid["other"],
        "joint_overpayment": overpayment, "injured_spouse_refund": refund, "available_for_offset": available,
        "offset_applied_to_debt": applied, "offset_refund_to_other_spouse": available - applied,
        "offset_debt_left_unpaid": offset_amount - applied, "refund_before_community_rule": refund_before_community,
    }
    present = {name: has_offset for name in NULLABLE_RESULTS[:3]}
    present["refund_before_community_rule"] = community
    return _result(table, years, part_iii, results, present, errors, first_row)


def _tax_by_year(law: _Years, taxable: np.ndarray, status: str, qualified: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """``federal_tax.income_tax`` for each row's tax year.

    Rows on the Tax Table with no qualified dividends or net capital gain (most couples) read their
    tax from one table of every year's Tax Table column, when the chunk's years share a table
    layout; the other rows are computed year by year.
    """
    years = [year for year, _ in law.groups()]
    if not years:
        return _zeros(len(taxable))
    table = federal.tax_table(years[0])
    if len(years) > 1 and all(federal.tax_table(year) == table for year in years[1:]):
        columns = np.zeros((len(law.unique), len(federal.table_taxes(status, years[0]))), dtype=np.int64)
        for position, year in enumerate(law.unique.tolist()):
            if year:
                columns[position] = federal.table_taxes(status, int(year))
        amount = np.maximum(taxable, 0)
        simple = (amount < table.limit) & (qualified == 0) & (gain <= 0) & (law.years != 0)
        tax = columns[law.inverse, table.row(np.where(simple, amount, 0))]
        rest = np.flatnonzero(~simple)
        if len(rest):
            tax[rest] = _tax_by_year_groups(law, rest, taxable, status, qualified, gain)
        return tax
    return _tax_by_year_groups(law, None, taxable, status, qualified, gain)


def _tax_by_year_groups(
    law: _Years, subset: np.ndarray | None, taxable: np.ndarray, status: str, qualified: np.ndarray, gain: np.ndarray
) -> np.ndarray:
    """Year by year, for all rows or the rows in ``subset``; returns the tax of those rows."""
    if subset is None:
        tax = _zeros(len(taxable))
        for year, rows in law.groups():
            if rows is None:
                return federal.income_tax(taxable, status, year, qualified, gain)
            tax[rows] = federal.income_tax(taxable[rows], status, year, qualified[rows], gain[rows])
        return tax
    tax = _zeros(len(subset))
    positions = law.inverse[subset]
    for position, year in enumerate(law.unique.tolist()):
        if not year:
            continue
        mine = np.flatnonzero(positions == position)
        if len(mine):
            rows = subset[mine]
            tax[mine] = federal.income_tax(taxable[rows], status, int(year), qualified[rows], gain[rows])
    return tax


def _result(table, years, part_iii, results, present, errors: RowErrors, first_row: int) -> ChunkResult:
    good = ~errors.bad
    keep = None if good.all() else np.flatnonzero(good)

    def pick(array: np.ndarray) -> np.ndarray:
        return array if keep is None else array[keep]

    columns: dict[str, pa.Array] = {
        CASE_ID: text_array(table, CASE_ID, keep),
        TAX_YEAR: int_array(pick(years), np.int32),
    }
    for number in PART_III_LINES:
        for owner in _LINE_ORDER:
            columns[line_column(number, owner)] = decimal_array(pick(part_iii[number][owner]))
    for name in RESULT_COLUMNS:
        array = decimal_array(pick(results[name]))
        if name in present:  # null where the case has no such value (no offset; not community property)
            valid = validity(pick(present[name]))
            array = pa.Array.from_buffers(AMOUNT_TYPE, len(array), [valid, array.buffers()[1]])
        columns[name] = array
    return ChunkResult.build(pa.table(columns), errors, table, first_row)

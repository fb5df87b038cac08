"""Form 8379 in batch: one couple per row, computed on columns in exact integer cents.

Only reading and writing are here: the computation is the one definition of Form 8379 Part III and
the IRM 25.18.5 refund estimate (:mod:`spouse_relief.worksheets.f8379_definition`, with the Form
1040 tax of :mod:`spouse_relief.worksheets.f1040_tax`), evaluated by the words' integer-cents
arithmetic. What a row means is :func:`row_document`: the case input it stands for.
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

from ..parameters import parameter
from ..worksheets import f8379_definition as definition
from ..worksheets.f1040_tax import PARAMETERS as TAX_PARAMETERS
from ..worksheets.lines import CentsContext, run_steps_cents
from .cents import YearLaw
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
OFFSET_AMOUNT, OFFSET_DEBT, OFFSET_INCURRED = "offset_amount", "offset_debt_type", "offset_debt_incurred"
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
    + (OFFSET_AMOUNT, OFFSET_DEBT, OFFSET_INCURRED, COMMUNITY_STATE, COMMUNITY_DEFAULT)
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
    *TAX_PARAMETERS, definition.LAYOUT,
    "federal/income_tax/standard_deduction", "federal/income_tax/additional_standard_deduction",
    "federal/income_tax/personal_exemption", "federal/f8379/part_iii_lines", "federal/f8379/joint_item_default_share",
    "federal/f8379/basic_standard_deduction_share", "federal/f8379/eic_allocation_basis", "federal/f8379/community_share",
    "federal/f8379/community_property_offset", "federal/f8379/community_property_rulings", definition.PREMARITAL_RULE,
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
        item: dict[str, Any] = {"description": name, "amount": amount, "owner": _BATCH_OWNER[column.owner]}
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
        if cell(OFFSET_INCURRED) is not None:
            document["offset"]["debt_incurred"] = cell(OFFSET_INCURRED)
    if cell(COMMUNITY_STATE) is not None:
        document["community_property"] = {"state": cell(COMMUNITY_STATE), "default_property": cell(COMMUNITY_DEFAULT) or "community"}
    return document


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

    def by_year(self, law: YearLaw, test: Callable[[int, str], bool]) -> np.ndarray:
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


# --- reading the columns into the definition's amounts ------------------------------------------

_BATCH_OWNER = {"injured": "you", "other": "spouse", "joint": "joint"}


class _Total:
    """A running sum of columns that allocates only when something is added (a plain 0 is nothing)."""

    def __init__(self) -> None:
        self.value: Any = 0

    def add(self, array: Any) -> None:
        if isinstance(array, int) and array == 0:
            return
        if isinstance(self.value, int):
            self.value = np.array(array, dtype=np.int64, copy=True)
        else:
            self.value += array


class _Reader:
    """One chunk's columns, checked, as the named amounts of ``f8379_definition.INPUTS``."""

    def __init__(self, table: pa.Table, errors: RowErrors, law: YearLaw):
        self.table, self.errors, self.law = table, errors, law
        self.names = set(table.column_names)
        self.size = table.num_rows
        self.totals: dict[str, _Total] = {name: _Total() for name in definition.INPUTS}
        self.itemized_given = np.zeros(self.size, dtype=bool)

    def amount(self, name: str, not_negative: bool = False, message: str = _BATCH_NOT_NEGATIVE) -> tuple[np.ndarray, np.ndarray]:
        if name not in self.names:
            return np.zeros(self.size, dtype=np.int64), np.zeros(self.size, dtype=bool)
        cents, present = amount_column(self.table, name, self.errors)
        if not_negative:
            negative = present & (cents < 0)
            if negative.any():
                self.errors.add_many(np.flatnonzero(negative), name, message)
                cents = np.where(negative, 0, cents)
        return cents, present

    def coded(self, name: str) -> _Coded:
        return _Coded(self.table, name, self.names)

    def read(self) -> dict[str, Any]:
        community, default_community = self.community()
        self.items(community, default_community)
        values: dict[str, Any] = {name: total.value for name, total in self.totals.items()}
        values.update(self.answers(community, default_community))
        return values

    def community(self) -> tuple[np.ndarray, np.ndarray]:
        state, default = self.coded(COMMUNITY_STATE), self.coded(COMMUNITY_DEFAULT)
        community = state.given
        default.refuse(self.errors, lambda value: value in PROPERTIES, lambda value: f"{value!r} is not community or separate")
        default.refuse(self.errors, lambda value: False,
                       lambda value: "is only for a community-property state (set community_property_state)", rows=~community)
        if community.any():
            known = state.by_year(self.law, lambda year, value: value.upper() in _law("federal/relief/community_property_states", year))
            for index in np.flatnonzero(community & ~known & (self.law.years != 0)).tolist():
                states = _law("federal/relief/community_property_states", int(self.law.years[index]))
                self.errors.add(index, COMMUNITY_STATE,
                                f"{state.values[state.codes[index]]!r} is not a community-property state ({', '.join(states)})")
        return community, ~default.where(lambda value: value == "separate")

    def items(self, community: np.ndarray, default_community: np.ndarray) -> None:
        """Each item column divided by its rule (``f8379_definition.ITEM_RULE``), summed by line."""
        any_community = bool(community.any())
        groups = {group: name for group, name, _ in definition.ITEM_GROUPS}
        for name, column in ITEM_COLUMNS.items():
            if name not in self.names:
                continue
            cents, present = self.amount(name, column.category.not_negative, _ITEM_NOT_NEGATIVE)
            if not present.any():
                continue
            if column.category.group == "itemized":
                self.itemized_given |= present
            if column.property is not None and (present & ~community).any():
                self.errors.add_many(np.flatnonzero(present & ~community), name,
                                     "a property character is only for a community-property state (set community_property_state)")
            group = column.category.line if column.category.group == "income" else column.category.group
            target = groups[group]
            owned: Any = False
            if any_community:
                owned = community & (default_community if column.property is None else column.property == "community")
            self.item(column, cents, owned, target)

    def item(self, column: ItemColumn, cents: np.ndarray, owned: Any, target: str) -> None:
        owner = _BATCH_OWNER[column.owner]
        totals = self.totals
        totals[f"{target} joint"].add(cents)
        if definition.divided_by_separate_tax(column.category.group, owner, has_split=False):
            prorated = True if owned is False else ~owned
            totals["joint payments to divide"].add(cents if owned is False else np.where(prorated, cents, 0))
            if owned is False:
                return
            cents = np.where(owned, cents, 0)
        injured, other = definition.ITEM_RULE.cents(cents, owner, owned, self.law)
        totals[f"{target} injured"].add(injured)
        totals[f"{target} other"].add(other)
        if column.category.group in definition.COMMUNITY_TRACKED and not (isinstance(injured, int) and injured == 0):
            if owned is False:
                totals["separate payments and credits injured"].add(injured)
            else:
                totals["community payments and credits injured"].add(np.where(owned, injured, 0))
                totals["separate payments and credits injured"].add(np.where(owned, 0, injured))
        kind = column.category.kind
        if kind != "ordinary":
            words = kind.replace("_", " ")
            totals[f"{words} joint"].add(cents)
            totals[f"{words} injured"].add(injured)
            totals[f"{words} other"].add(other)
        if column.category.earned:
            earned = definition.ITEM_RULE.cents(cents, owner, False, self.law)
            totals["earned income injured"].add(earned[0])
            totals["earned income other"].add(earned[1])

    def answers(self, community: np.ndarray, default_community: np.ndarray) -> dict[str, Any]:
        errors, law = self.errors, self.law
        flags = {name: _flag(self.coded(name), errors) for name in FLAGS}
        method = self.coded(DEDUCTION)
        method.refuse(errors, lambda value: value in ("standard", "itemized"), lambda value: f"{value!r} is not standard or itemized")
        itemized = method.where(lambda value: value == "itemized")
        listed = self.itemized_given
        for index in np.flatnonzero(itemized & ~listed).tolist():
            errors.add(index, DEDUCTION, "list the itemized deductions (itemized_deductions_injured, _other or _joint)")
        for index in np.flatnonzero(~itemized & listed).tolist():
            errors.add(index, DEDUCTION, "itemized deductions are given, so deduction must be itemized")
        values: dict[str, Any] = {"itemized": itemized, "community property": community, "community by default": community & default_community}
        for spouse in SPOUSES:
            values[f"boxes checked {spouse}"] = flags[f"{spouse}_age_65_or_older"].astype(np.int64) + flags[f"{spouse}_blind"]
        values.update(self.exemptions())
        values.update(self.qbi())
        joint_tax, has_joint_tax = self.amount("joint_total_tax", True)
        values.update({"joint total tax as shown": joint_tax, "joint total tax entered": has_joint_tax,
                       "earned income credit": self.amount("joint_earned_income_credit", True)[0]})
        values.update(self.offset())
        values.update(self.premarital(community))
        eic_basis_ok = law.equals(definition.EIC_BASIS, (), "earned_income")
        for index in np.flatnonzero(~np.asarray(eic_basis_ok) & (law.years != 0) & (values["earned income credit"] != 0)).tolist():
            errors.add(index, "joint_earned_income_credit", "the law data has no method for dividing the earned income credit this year")
        return values

    def premarital(self, community: np.ndarray) -> dict[str, Any]:
        """Each row's state rule for a premarital federal tax debt (``f8379_definition.PREMARITAL_RULE``)."""
        incurred = self.coded(OFFSET_INCURRED)
        incurred.refuse(self.errors, lambda value: value in ("premarital", "during_marriage"),
                        lambda value: f"{value!r} is not premarital or during_marriage")
        premarital = incurred.where(lambda value: value == "premarital") & community
        values: dict[str, Any] = {"premarital debt: own share protected": False, "premarital debt: half of community protected": False}
        if not premarital.any():
            return values
        state = self.coded(COMMUNITY_STATE)
        for rule in ("own_share", "half_of_community"):
            by_state = state.by_year(self.law, lambda year, value, rule=rule: _law(definition.PREMARITAL_RULE, year).get(value.upper()) == rule)
            values[f"premarital debt: {rule.replace('_', ' ')} protected"] = premarital & by_state
        return values

    def exemptions(self) -> dict[str, Any]:
        exemption = self.law.amount(definition.EXEMPTION)
        values = {}
        for spouse, name in zip(SPOUSES, EXEMPTIONS):
            coded = self.coded(name)
            counts = _counts(coded, self.errors)
            refused = coded.given & (counts != 0) & (np.asarray(exemption) == 0) & (self.law.years != 0)
            for index in np.flatnonzero(refused).tolist():
                self.errors.add(index, name, f"there is no personal exemption for {int(self.law.years[index])} (line 16 is not exemptions)")
            values[f"exemptions claimed {spouse}"] = counts
        return values

    def qbi(self) -> dict[str, Any]:
        amount, present = self.amount("qbi_deduction", True)
        injured, injured_present = self.amount("qbi_injured", True)
        other, other_present = self.amount("qbi_other", True)
        for index in np.flatnonzero((injured_present | other_present) & ~present).tolist():
            self.errors.add(index, "qbi_deduction", "is required when qbi_injured or qbi_other is given")
        return {"QBI entered": present, "QBI deduction": amount,
                "qualified business income injured": injured, "qualified business income other": other}

    def offset(self) -> dict[str, Any]:
        errors, law = self.errors, self.law
        amount, has_amount = self.amount(OFFSET_AMOUNT, True)
        debt = self.coded(OFFSET_DEBT)
        if (has_amount & ~debt.given).any():
            errors.add_many(np.flatnonzero(has_amount & ~debt.given), OFFSET_DEBT, "is required with offset_amount")
        missing = debt.given & ~has_amount & ~errors.bad
        if missing.any():
            errors.add_many(np.flatnonzero(missing), OFFSET_AMOUNT, "is required with offset_debt_type")
        known = debt.by_year(law, lambda year, value: value in _law("federal/relief/offset_debt_kinds", year))
        for index in np.flatnonzero(debt.given & ~known & (law.years != 0)).tolist():
            kinds = _law("federal/relief/offset_debt_kinds", int(law.years[index]))
            errors.add(index, OFFSET_DEBT, f"{debt.values[debt.codes[index]]!r} is not one of {', '.join(kinds)}")
        return {"offset entered": debt.given, "offset amount": amount, "federal tax debt": debt.where(lambda value: value == "federal_tax")}


def _law(name: str, year: int) -> Any:
    return parameter(name).for_tax_year(year).value


# --- the computation: the definition, on columns -----------------------------------------------


def compute_chunk(table: pa.Table, first_row: int = 0, lines: Iterable[str] | None = None) -> ChunkResult:
    """Compute the Form 8379 allocation and refund estimate of every couple in a chunk."""
    check_header(table.column_names)
    size = table.num_rows
    errors = RowErrors(size)
    years, usable = case_and_year(table, CASE_ID, TAX_YEAR, supported_tax_years(), errors)
    law = YearLaw(np.where(usable, years, 0))
    values = _Reader(table, errors, law).read()
    ctx = CentsContext(values, law, size)
    run_steps_cents(definition.PART_III_START, ctx)
    _run_layouts(ctx)
    run_steps_cents(definition.PART_III_END + definition.REFUND_ESTIMATE, ctx)
    present = {name: values["offset entered"] for name in NULLABLE_RESULTS[:3]}
    present["refund_before_community_rule"] = values["community property"]
    return _result(table, years, ctx.values, present, errors, first_row)


def _run_layouts(ctx: CentsContext) -> None:
    """Part III lines 16 and 17 in each row's layout (``f8379_definition.LAYOUTS``, by the law data)."""
    layouts = {name: ctx.law.equals(definition.LAYOUT, (), name) for name in definition.LAYOUTS}
    chosen = [name for name, rows in layouts.items() if np.any(rows)]
    if len(chosen) <= 1:
        run_steps_cents(definition.LAYOUTS[chosen[0] if chosen else "credits"], ctx)
        return
    results = {}
    for name in chosen:
        part = CentsContext(dict(ctx.values), ctx.law, ctx.size)
        run_steps_cents(definition.LAYOUTS[name], part)
        results[name] = part.values
    for step in definition.LAYOUTS[chosen[0]]:
        for _, key, _ in step.outputs():
            merged: Any = 0
            for name in chosen:
                merged = np.where(layouts[name], results[name][key], merged)
            ctx.values[key] = merged


RESULT_VALUES = {
    **{f"taxable_income_{spouse}": f"{spouse} taxable income" for spouse in SPOUSES},
    **{f"separate_tax_{spouse}": f"{spouse} separate tax" for spouse in SPOUSES},
    "joint_tax": "joint tax",
    **{f"share_of_tax_{spouse}": f"share of tax {spouse}" for spouse in SPOUSES},
    **{f"earned_income_credit_{spouse}": f"earned income credit {spouse}" for spouse in SPOUSES},
    **{f"payments_and_credits_{column}": f"payments and credits {column}" for column in _LINE_ORDER},
    "joint_overpayment": "joint overpayment", "injured_spouse_refund": "injured spouse refund",
    "available_for_offset": "available for offset", "offset_applied_to_debt": "offset applied to debt",
    "offset_refund_to_other_spouse": "offset refund to other spouse", "offset_debt_left_unpaid": "offset debt left unpaid",
    "refund_before_community_rule": "refund before the community rule",
}


def _result(table, years, values, present, errors: RowErrors, first_row: int) -> ChunkResult:
    good = ~errors.bad
    keep = None if good.all() else np.flatnonzero(good)
    size = table.num_rows

    def pick(value: Any) -> np.ndarray:
        array = np.broadcast_to(np.asarray(value, dtype=np.int64), (size,))
        return np.ascontiguousarray(array if keep is None else array[keep])

    columns: dict[str, pa.Array] = {CASE_ID: text_array(table, CASE_ID, keep), TAX_YEAR: int_array(pick(years), np.int32)}
    for number in PART_III_LINES:
        key = "QBI" if number == "QBI" else f"line {number}"
        for owner in _LINE_ORDER:
            columns[line_column(number, owner)] = decimal_array(pick(values[f"{key} {owner}"]))
    for name in RESULT_COLUMNS:
        array = decimal_array(pick(values[RESULT_VALUES[name]]))
        if name in present:  # null where the case has no such value (no offset; not community property)
            valid = validity(pick(present[name]).astype(bool))
            array = pa.Array.from_buffers(AMOUNT_TYPE, len(array), [valid, array.buffers()[1]])
        columns[name] = array
    return ChunkResult.build(pa.table(columns), errors, table, first_row)

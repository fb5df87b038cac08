"""The worksheet vocabulary: lines, formulas, divisions, and the case evaluator.

A worksheet is a list of :class:`Line` in printed order. Each computed line has a formula built
from a small vocabulary (:class:`Sum`, :class:`Difference`, :class:`FloorAtZero`,
:class:`TimesRate`, :class:`Copy`, :class:`CompareLine80`); each input line has a
:class:`Division` saying how an amount whose owner is unclear is divided between the spouses.

The definitions are plain data, so two evaluators can read them:

* :func:`evaluate_case` here computes one case in ``Decimal`` with a trace for every line;
* the column evaluator (``spouse_relief.batch``) computes the same definitions over columns of
  many cases in integer cents.

Every formula evaluates each column on its own (A joint, B requesting spouse, C other spouse);
only divisions look across columns (B's share of A, by a basis taken from B and C). Each formula
word carries both arithmetics side by side: ``on_column`` (Decimal) and ``on_rows`` (int64 cents,
called by ``batch/columns.py``).

Worksheets whose steps are not three like columns (Form 8379 Part III and its refund estimate,
the Form 1040 tax) are lists of :class:`Step` built from the expression words (:class:`Amount`,
:class:`Law`, :class:`Add`, :class:`Sub`, :class:`AtLeastZero`, :class:`Smaller`,
:class:`TimesRate`, :class:`TimesCount`, :class:`When`, :class:`LawOr`, :class:`ShareOf`,
:class:`ByItemChoice`, and the yes/no words :class:`Given`, :class:`LawSays`, :class:`Positive`,
:class:`Not`, :class:`All`), each with ``decimal`` and ``cents`` side by side;
:func:`run_steps_decimal` and :func:`run_steps_cents` evaluate them. The tax words (the Tax Table
or rate schedule, the income tax) sit beside their tables in ``f1040_tax.py``. One division rule
serves every form: :func:`divide` and :func:`divide_cents` (a basis below zero counts as zero;
both zero, equal halves).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..money import ZERO, round_cents
from ..parameters import ParameterValue, parameter
from ..trace import ParameterUse, TraceEntry

COLUMNS = ("A", "B", "C")
LineValues = Mapping[str, Mapping[str, Decimal]]
SPOUSE_COLUMNS = ("B", "C")


# --- expression words: one definition, both arithmetics side by side -----------------------------
#
# Form 8379 and the Form 1040 tax are written as :class:`Step` lists whose values are built from
# the words below. Each word has its Decimal arithmetic (``decimal``, for one case, with the law
# values it used recorded for the trace) and its integer-cents arithmetic (``cents``, for columns
# of many cases: numpy int64 arrays, or a plain int where every case has the same value) side by
# side, and describes itself in words (``describe``) so the explanation is generated, never typed.
# tests/batch/test_words.py proves the two arithmetics agree, word by word.


class _LazyNumpy:
    """numpy, imported on first use (the batch extra): the Decimal evaluator never needs it."""

    def __getattr__(self, name: str) -> Any:
        import numpy

        return getattr(numpy, name)


np = _LazyNumpy()

STATUS = "<filing status>"  # in a law key: the filing status the definition is evaluated for


def _absent(value: Any) -> bool:
    """In the cents arithmetic a plain 0 stands for an amount no case has (nothing to compute)."""
    return isinstance(value, int) and not isinstance(value, bool) and value == 0


@functools.cache
def _cents_tools() -> Any:
    from ..batch import cents

    return cents


@functools.lru_cache(maxsize=4096)
def year_value(name: str, tax_year: int) -> ParameterValue:
    return parameter(name).for_tax_year(tax_year)


class DecimalContext:
    """One case: named values in Decimal, the tax year's law, the trace being written."""

    def __init__(self, values: dict[str, Any], tax_year: int, *, status: str = "", column: str = "amount", prefix: str = "", use_tax_table: bool = True, tracing: bool = True):
        self.values = values
        self.tracing = tracing  # False: values only, no trace (for comparing evaluators over many cases)
        self.tax_year = tax_year
        self.status = status
        self.column = column
        self.prefix = prefix
        self.use_tax_table = use_tax_table
        self.used: list[ParameterValue] = []
        self.notes: list[str] = []
        self.remarks: list[str] = []  # every step note that applied, for the result's notes
        self.sources: dict[str, list[str]] = {}  # an entered line's items, in words, by step name
        self.trace: list[TraceEntry] = []

    def law(self, name: str, keys: tuple[str, ...] = ()) -> Any:
        used = year_value(name, self.tax_year)
        if self.tracing and not any(item is used for item in self.used):
            self.used.append(used)
        value = used.value
        for key in keys:
            value = value[self.status if key == STATUS else key]
        return value

    def child(self, values: dict[str, Any], **changes: Any) -> "DecimalContext":
        settings = {"status": self.status, "column": self.column, "prefix": self.prefix, "use_tax_table": self.use_tax_table,
                    "tracing": self.tracing}
        settings.update(changes)
        return DecimalContext(values, self.tax_year, **settings)


class CentsContext:
    """Many cases: named values as int64 cents columns, each row's law through ``law`` (a ``YearLaw``)."""

    def __init__(self, values: dict[str, Any], law: Any, size: int, *, status: str = ""):
        self.values = values
        self.law = law
        self.size = size
        self.status = status

    def keys(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.status if key == STATUS else key for key in keys)

    def take(self, rows: Any, values: dict[str, Any], status: str | None = None) -> "CentsContext":
        """A context for a subset of the rows (``values`` already taken)."""
        return CentsContext(values, self.law.take(rows), len(rows), status=status or self.status)


def _law_words(name: str, keys: tuple[str, ...]) -> str:
    shown = [("the filing status" if key == STATUS else key.replace("_", " ")) for key in keys]
    return name.rsplit("/", 1)[-1].replace("_", " ") + (f" ({', '.join(shown)})" if shown else "")


@dataclass(frozen=True)
class _Named:
    """A word that names one amount, line or count."""

    name: str

    def names(self) -> tuple[str, ...]:
        return (self.name,)

    def describe(self) -> str:
        return self.name


@dataclass(frozen=True)
class Amount(_Named):
    """A named amount: an input, or an earlier step's value."""

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return ctx.values[self.name]

    def cents(self, ctx: CentsContext) -> Any:
        return ctx.values[self.name]


@dataclass(frozen=True)
class Law:
    """An amount in dollars from the law data for the tax year (``keys`` pick inside a table)."""

    parameter: str
    keys: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return ()

    def describe(self) -> str:
        return "the " + _law_words(self.parameter, self.keys)

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return ctx.law(self.parameter, self.keys)

    def cents(self, ctx: CentsContext) -> Any:
        return ctx.law.amount(self.parameter, ctx.keys(self.keys))


@dataclass(frozen=True)
class Add:
    """The sum of its terms."""

    terms: tuple[Any, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(name for term in self.terms for name in term.names())

    def describe(self) -> str:
        return " + ".join(_operand(term) for term in self.terms)

    def decimal(self, ctx: DecimalContext) -> Decimal:
        total = ZERO
        for term in self.terms:
            total += term.decimal(ctx)
        return total

    def cents(self, ctx: CentsContext) -> Any:
        total: Any = 0
        for term in self.terms:
            value = term.cents(ctx)
            if _absent(value):  # an absent input: nothing to add
                continue
            total = value if _absent(total) else total + value
        return total


@dataclass(frozen=True)
class Sub:
    """One term minus another."""

    minuend: Any
    subtrahend: Any

    def names(self) -> tuple[str, ...]:
        return self.minuend.names() + self.subtrahend.names()

    def describe(self) -> str:
        return f"{_operand(self.minuend)} - {_operand(self.subtrahend, tight=True)}"

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return self.minuend.decimal(ctx) - self.subtrahend.decimal(ctx)

    def cents(self, ctx: CentsContext) -> Any:
        subtrahend = self.subtrahend.cents(ctx)
        minuend = self.minuend.cents(ctx)
        return minuend if _absent(subtrahend) else minuend - subtrahend


@dataclass(frozen=True)
class AtLeastZero:
    """Its term, or zero if that is negative."""

    inner: Any

    def names(self) -> tuple[str, ...]:
        return self.inner.names()

    def describe(self) -> str:
        return f"{self.inner.describe()}, not below zero"

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return max(self.inner.decimal(ctx), ZERO)

    def cents(self, ctx: CentsContext) -> Any:
        inner = self.inner.cents(ctx)
        return 0 if _absent(inner) else np.maximum(inner, 0)


@dataclass(frozen=True)
class Smaller:
    """The minimum of two amounts."""

    first: Any
    second: Any

    def names(self) -> tuple[str, ...]:
        return self.first.names() + self.second.names()

    def describe(self) -> str:
        return f"the smaller of {self.first.describe()} and {self.second.describe()}"

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return min(self.first.decimal(ctx), self.second.decimal(ctx))

    def cents(self, ctx: CentsContext) -> Any:
        return np.minimum(self.first.cents(ctx), self.second.cents(ctx))


@dataclass(frozen=True)
class TimesRate:
    """An amount times a rate from the law data, rounded to the cent half up.

    As a formula of a three-column worksheet (IL-8857) it names a line and a rate parameter; in
    an expression, ``amount`` is any word and ``keys`` pick the rate inside a table.
    """

    line: Any
    rate_parameter: str
    keys: tuple[str, ...] = ()

    def inputs(self) -> tuple[str, ...]:
        return (self.line,)

    def names(self) -> tuple[str, ...]:
        return self.line.names()

    def describe(self) -> str:
        if isinstance(self.line, str):
            return f"line {self.line} times the tax year's rate, rounded to the cent (half up)"
        return f"{_operand(self.line, tight=True)} x the {_law_words(self.rate_parameter, self.keys)}, rounded to the cent (half up)"

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return round_cents(self.line.decimal(ctx) * ctx.law(self.rate_parameter, self.keys))

    def on_column(self, values: Any, column: str, law: Any) -> Decimal:
        rate = law.rates(self.rate_parameter)
        if not law.used:
            law.used.append(ParameterUse.of(rate))
        return round_cents(values[self.line][column] * rate.value)

    def on_rows(self, values: Any, rates: Any, zero: Any) -> Any:
        base = values[self.line]
        if base is zero:
            return zero
        rate = rates(self.rate_parameter)
        return _cents_tools().round_half_up_div(base, rate.numerator, rate.denominator)

    def cents(self, ctx: CentsContext) -> Any:
        amount = self.line.cents(ctx)
        if _absent(amount):
            return 0
        numerator, denominator = ctx.law.fraction(self.rate_parameter, ctx.keys(self.keys))
        return _cents_tools().round_half_up_div(amount, numerator, denominator)


@dataclass(frozen=True)
class TimesCount:
    """A whole number (of boxes, of exemptions) times an amount: exact, nothing to round."""

    count: str
    amount: Any

    def names(self) -> tuple[str, ...]:
        return (self.count,) + self.amount.names()

    def describe(self) -> str:
        return f"{self.count} x {_operand(self.amount, tight=True)}"

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return ctx.values[self.count] * self.amount.decimal(ctx)

    def cents(self, ctx: CentsContext) -> Any:
        count = ctx.values[self.count]
        return 0 if _absent(count) else count * self.amount.cents(ctx)


@dataclass(frozen=True)
class Given(_Named):
    """A yes/no answer of the case (a box checked, an amount entered)."""

    def decimal(self, ctx: DecimalContext) -> bool:
        return bool(ctx.values[self.name])

    def cents(self, ctx: CentsContext) -> Any:
        return ctx.values[self.name]


@dataclass(frozen=True)
class LawSays:
    """A yes/no from the law data: the value at ``keys`` equals ``value`` for the tax year."""

    parameter: str
    keys: tuple[str, ...]
    value: str

    def names(self) -> tuple[str, ...]:
        return ()

    def describe(self) -> str:
        return f"the {_law_words(self.parameter, self.keys)} is {self.value.replace('_', ' ')}"

    def decimal(self, ctx: DecimalContext) -> bool:
        return ctx.law(self.parameter, self.keys) == self.value

    def cents(self, ctx: CentsContext) -> Any:
        return ctx.law.equals(self.parameter, ctx.keys(self.keys), self.value)


@dataclass(frozen=True)
class All:
    """True when every condition is."""

    conditions: tuple[Any, ...]

    def names(self) -> tuple[str, ...]:
        return tuple(name for condition in self.conditions for name in condition.names())

    def describe(self) -> str:
        return " and ".join(condition.describe() for condition in self.conditions)

    def decimal(self, ctx: DecimalContext) -> bool:
        return all(condition.decimal(ctx) for condition in self.conditions)

    def cents(self, ctx: CentsContext) -> Any:
        result: Any = True
        for condition in self.conditions:
            result = result & condition.cents(ctx)
        return result


@dataclass(frozen=True)
class When:
    """A choice by condition: ``then`` where the condition holds, ``otherwise`` elsewhere."""

    condition: Any
    then: Any
    otherwise: Any

    def names(self) -> tuple[str, ...]:
        return self.condition.names() + self.then.names() + self.otherwise.names()

    def describe(self) -> str:
        return f"if {self.condition.describe()}: {self.then.describe()}; otherwise {self.otherwise.describe()}"

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return self.then.decimal(ctx) if self.condition.decimal(ctx) else self.otherwise.decimal(ctx)

    def cents(self, ctx: CentsContext) -> Any:
        condition = self.condition.cents(ctx)
        if condition is True or condition is False or np.ndim(condition) == 0:
            return self.then.cents(ctx) if condition else self.otherwise.cents(ctx)
        rows = np.flatnonzero(condition)
        if len(rows) == 0:
            return self.otherwise.cents(ctx)
        if len(rows) * 4 >= ctx.size:
            return np.where(condition, self.then.cents(ctx), self.otherwise.cents(ctx))
        # few rows take ``then``: compute it on those rows only
        taken = {name: _take(ctx.values[name], rows) for name in self.then.names() if name in ctx.values}
        chosen = np.array(np.broadcast_to(self.otherwise.cents(ctx), (ctx.size,)), dtype=np.int64)
        chosen[rows] = self.then.cents(ctx.take(rows, taken))
        return chosen


def _take(value: Any, rows: Any) -> Any:
    return value[rows] if np.ndim(value) else value


@dataclass(frozen=True)
class LawOr:
    """An amount from the law data, or ``fallback`` where the data has none (null) for the year."""

    parameter: str
    keys: tuple[str, ...]
    fallback: Any

    def names(self) -> tuple[str, ...]:
        return self.fallback.names()

    def describe(self) -> str:
        return f"the {_law_words(self.parameter, self.keys)} (where there is none: {self.fallback.describe()})"

    def decimal(self, ctx: DecimalContext) -> Decimal:
        value = ctx.law(self.parameter, self.keys)
        return self.fallback.decimal(ctx) if value is None else value

    def cents(self, ctx: CentsContext) -> Any:
        keys = ctx.keys(self.keys)
        missing = ctx.law.equals(self.parameter, keys, None)
        if missing is False:
            return ctx.law.amount(self.parameter, keys)
        fallback = self.fallback.cents(ctx)
        if missing is True:
            return fallback
        return np.where(missing, fallback, ctx.law.amount(self.parameter, keys, missing=0))


@dataclass(frozen=True)
class ShareOf:
    """Proration by a basis: the first spouse's part of ``amount`` (the other's is the rest).

    ``amount x basis_b / (basis_b + basis_c)`` rounded to the cent half up, by :func:`divide`: the
    one division rule of every form (a basis below zero counts as zero; both zero, equal halves).
    """

    amount: Any
    basis_b: Any
    basis_c: Any

    def names(self) -> tuple[str, ...]:
        return self.amount.names() + self.basis_b.names() + self.basis_c.names()

    def describe(self) -> str:
        b, c = self.basis_b.describe(), self.basis_c.describe()
        return (
            f"{_operand(self.amount, tight=True)} x {b} / ({b} + {c}), rounded to the cent (half up) "
            "(a basis below zero counts as zero; both zero: equal halves)"
        )

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return divide(self.amount.decimal(ctx), self.basis_b.decimal(ctx), self.basis_c.decimal(ctx))[0]

    def cents(self, ctx: CentsContext) -> Any:
        amount = self.amount.cents(ctx)
        if _absent(amount):
            return 0
        return divide_cents(amount, self.basis_b.cents(ctx), self.basis_c.cents(ctx))[0]


@dataclass(frozen=True)
class Zero:
    """Nothing: zero dollars."""

    def names(self) -> tuple[str, ...]:
        return ()

    def describe(self) -> str:
        return "zero"

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return ZERO

    def cents(self, ctx: CentsContext) -> Any:
        return 0


@dataclass(frozen=True)
class CountAsAmount(_Named):
    """A whole number (of exemptions) shown in an amount column, as the form prints it."""

    def decimal(self, ctx: DecimalContext) -> Decimal:
        return Decimal(ctx.values[self.name])

    def cents(self, ctx: CentsContext) -> Any:
        return ctx.values[self.name] * 100


@dataclass(frozen=True)
class Positive:
    """A yes/no: the amount is above zero."""

    amount: Any

    def names(self) -> tuple[str, ...]:
        return self.amount.names()

    def describe(self) -> str:
        return f"{self.amount.describe()} is above zero"

    def decimal(self, ctx: DecimalContext) -> bool:
        return self.amount.decimal(ctx) > 0

    def cents(self, ctx: CentsContext) -> Any:
        return self.amount.cents(ctx) > 0


@dataclass(frozen=True)
class Not:
    """True when its condition is not."""

    condition: Any

    def names(self) -> tuple[str, ...]:
        return self.condition.names()

    def describe(self) -> str:
        return f"not ({self.condition.describe()})"

    def decimal(self, ctx: DecimalContext) -> bool:
        return not self.condition.decimal(ctx)

    def cents(self, ctx: CentsContext) -> Any:
        return ~np.asarray(self.condition.cents(ctx), dtype=bool)


@dataclass(frozen=True)
class ByItemChoice:
    """How one item of a joint return is divided, by the item's own choice.

    An item of one spouse goes to that spouse; a joint item with the couple's own division
    follows it; in a community-property state a community item is divided by the community
    share; any other joint item (or one whose owner is unclear) by the default share. A share is
    the first spouse's part, rounded to the cent half up; the other spouse gets the rest.
    """

    default_share: str  # rate parameter: a joint item's default share
    community_share: str  # rate parameter: each spouse's share of community property

    def describe(self) -> str:
        return (
            "each item to the spouse whose it is; a joint item as the couple divided it, or by the default share "
            "(a community item in a community-property state by the community share), the first spouse's part "
            "rounded to the cent (half up) and the other spouse the rest; columns (b) + (c) = (a)"
        )

    def decimal(self, amount: Decimal, owner: str, split: tuple[Decimal, Decimal] | None, community: bool, rate: Callable[[str], Decimal]) -> tuple[Decimal, Decimal]:
        """(first spouse's part, other spouse's part) of one item; ``rate(name)`` reads a rate for the tax year."""
        if community:
            share = round_cents(amount * rate(self.community_share))
        elif owner == "you":
            return amount, ZERO
        elif owner == "spouse":
            return ZERO, amount
        elif split is not None:
            return split
        else:
            share = round_cents(amount * rate(self.default_share))
        return share, amount - share

    def cents(self, amount: Any, owner: str, community: Any, law: Any) -> tuple[Any, Any]:
        """The same for a column of items of one owner (no couple's own division in columns);
        ``community`` marks the rows whose item is community property (or False)."""
        round_half_up_div = _cents_tools().round_half_up_div
        second: Any = None  # None: the rest of the amount
        if owner == "you":
            first, second = amount, 0
        elif owner == "spouse":
            first, second = 0, amount
        else:
            first = round_half_up_div(amount, *law.fraction(self.default_share))
        if community is not False and np.any(community):
            first = np.where(community, round_half_up_div(amount, *law.fraction(self.community_share)), first)
            second = None
        return first, amount - first if second is None else second


def _operand(word: Any, tight: bool = False) -> str:
    text = word.describe()
    if isinstance(word, (Add, Sub)) or (tight and " " in text and not isinstance(word, (Amount, Law))):
        return f"({text})"
    return text


def divide_cents(amount: Any, basis_b: Any, basis_c: Any) -> tuple[Any, Any]:
    """:func:`divide` on columns of int64 cents (``None`` bases: divide equally)."""
    cents = _cents_tools()
    if basis_b is None or basis_c is None:
        part_b = cents.half_up(amount)
        return part_b, amount - part_b
    if np.ndim(amount) == 1 and len(amount) > 64:
        nonzero = np.flatnonzero(amount)
        if len(nonzero) < len(amount) // 2:  # mostly nothing to divide: divide only the rest
            part_b = np.zeros_like(amount)
            if len(nonzero):
                pick = lambda basis: basis[nonzero] if np.ndim(basis) else basis  # noqa: E731
                part_b[nonzero] = divide_cents(amount[nonzero], pick(basis_b), pick(basis_c))[0]
            return part_b, amount - part_b
    share_b = np.maximum(basis_b, 0)
    total = share_b + np.maximum(basis_c, 0)
    equal = total == 0
    part_b = cents.round_half_up_div(amount, np.where(equal, 1, share_b), np.where(equal, 2, total))
    return part_b, amount - part_b


def complete_columns(a: Any, b: Any, c: Any, has: tuple[Any, Any, Any], pick: Any) -> tuple[Any, Any, Any]:
    """Line entry's column rule, written once: what is not given of A (joint), B (you) and C (your
    spouse) is completed so that B + C = A. The same words for one row (Decimal amounts, ``has`` as
    booleans, ``pick`` a conditional) and for columns of cents (``has`` as masks, ``pick`` =
    ``numpy.where``). Absent amounts are zero. (Column A alone is divided by the line's rule
    instead: the caller decides that, before.)"""
    has_a, has_b, has_c = has
    a = pick(has_a, a, b + c)
    b = pick(has_b, b, a - c)
    c = pick(has_c, c, a - b)
    return a, b, c


def pick_one(condition: bool, given: Any, otherwise: Any) -> Any:
    """``complete_columns``'s choice for one row."""
    return given if condition else otherwise


@dataclass(frozen=True)
class Note:
    """A remark shown with a step where its condition holds (e.g. why an amount was divided equally)."""

    when: Any
    text: str


@dataclass(frozen=True)
class Step:
    """One computed line or step: its value(s), from words, with its label and citation.

    ``formula`` gives one value, stored under ``key`` (the line by default); ``columns`` give
    several, each stored under ``"{key} {column}"`` and computed in order (a later column may
    read an earlier one, as column (c) is often "the rest").
    """

    line: str
    label: str
    citation: str
    formula: Any = None
    columns: tuple[tuple[str, Any], ...] = ()
    key: str | None = None
    notes: tuple[Note, ...] = ()
    entered: tuple[str, ...] = ()  # an entered line: its columns were read from the case, not computed
    shown_when: Any = None  # a condition: the step is in the trace only where it holds
    how: Any = None  # for an entered line: the word that allocated its items (for the explanation)
    shown_as: str | None = None  # the trace column of a one-value step (default: the context's column)

    @property
    def name(self) -> str:
        return self.key or self.line

    def __post_init__(self) -> None:
        if self.formula is not None:
            outputs: tuple = ((None, self.name, self.formula),)
        else:
            outputs = tuple((column, f"{self.name} {column}", word) for column, word in self.columns)
        object.__setattr__(self, "_outputs", outputs)

    def outputs(self) -> tuple[tuple[str | None, str, Any], ...]:
        """(column, stored name, word) of every value the step gives."""
        return self._outputs  # type: ignore[attr-defined]

    def describe(self) -> str:
        if self.formula is not None:
            return self.formula.describe()
        if self.entered:
            return self.how.describe() if self.how is not None else "as entered"
        return "; ".join(f"{column}: {word.describe()}" for column, word in self.columns)


def run_steps_decimal(steps: tuple[Step, ...], ctx: DecimalContext) -> None:
    """Evaluate steps for one case in Decimal; each adds a trace entry to ``ctx.trace``."""
    for step in steps:
        if not ctx.tracing:
            for _, name, word in step.outputs():
                ctx.values[name] = word.decimal(ctx)
            continue
        ctx.used, ctx.notes = [], []
        values: dict[str, Decimal] = {}
        own: set[str] = set()
        for column, name, word in step.outputs():
            value = word.decimal(ctx)
            ctx.values[name] = value
            values[column or step.shown_as or ctx.column] = value
            own.add(name)
        for column in step.entered:
            values[column] = ctx.values[f"{step.name} {column}"]
        if step.shown_when is not None and not step.shown_when.decimal(ctx):
            continue
        inputs = {}
        for _, _, word in step.outputs():
            for name in word.names():
                value = ctx.values.get(name)
                if name not in own and isinstance(value, (Decimal, int)) and not isinstance(value, bool):
                    inputs[name] = Decimal(value)
        ctx.trace.append(
            TraceEntry(
                line=ctx.prefix + step.line,
                label=step.label,
                values=values,
                formula=step.describe(),
                citation=step.citation,
                inputs=inputs,
                parameters=[ParameterUse.of(used) for used in ctx.used],
                notes=ctx.sources.get(step.name, []) + ctx.notes + [note.text for note in step.notes if note.when.decimal(ctx)],
            )
        )
        ctx.remarks.extend(note.text for note in step.notes if note.when.decimal(ctx) and note.text not in ctx.remarks)


def run_steps_cents(steps: tuple[Step, ...], ctx: CentsContext) -> None:
    """Evaluate the same steps for many cases at once, in integer cents."""
    for step in steps:
        for _, name, word in step.outputs():
            ctx.values[name] = word.cents(ctx)


# --- formulas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sum:
    """A line that adds other lines."""

    lines: tuple[str, ...]

    def inputs(self) -> tuple[str, ...]:
        return self.lines

    def describe(self) -> str:
        return _line_list(self.lines)

    def on_column(self, values: LineValues, column: str, law: "LineLaw") -> Decimal:
        return sum((values[number][column] for number in self.lines), ZERO)

    def on_rows(self, values: Any, rates: Any, zero: Any) -> Any:
        present = [values[number] for number in self.lines if values[number] is not zero]
        if not present:
            return zero
        total = present[0].copy()
        for more in present[1:]:
            total += more
        return total


@dataclass(frozen=True)
class Difference:
    """A line that is one line minus another."""

    minuend: str
    subtrahend: str

    def inputs(self) -> tuple[str, ...]:
        return (self.minuend, self.subtrahend)

    def describe(self) -> str:
        return f"line {self.minuend} minus line {self.subtrahend}"

    def on_column(self, values: LineValues, column: str, law: "LineLaw") -> Decimal:
        return values[self.minuend][column] - values[self.subtrahend][column]

    def on_rows(self, values: Any, rates: Any, zero: Any) -> Any:
        minuend, subtrahend = values[self.minuend], values[self.subtrahend]
        return minuend if subtrahend is zero else minuend - subtrahend


@dataclass(frozen=True)
class FloorAtZero:
    """A sum or difference, not less than zero."""

    inner: Difference | Sum

    def inputs(self) -> tuple[str, ...]:
        return self.inner.inputs()

    def describe(self) -> str:
        return f"{self.inner.describe()}, not less than zero"

    def on_column(self, values: LineValues, column: str, law: "LineLaw") -> Decimal:
        raw = self.inner.on_column(values, column, law)
        if raw < 0:
            law.notes.append(f"column {column}: {raw} is below zero, so zero is entered")
        return max(raw, ZERO)

    def on_rows(self, values: Any, rates: Any, zero: Any) -> Any:
        inner = self.inner.on_rows(values, rates, zero)
        return zero if inner is zero else np.maximum(inner, 0)


@dataclass(frozen=True)
class Copy:
    """A line that is another line's amount."""

    line: str

    def inputs(self) -> tuple[str, ...]:
        return (self.line,)

    def describe(self) -> str:
        return f"the amount on line {self.line}"

    def on_column(self, values: LineValues, column: str, law: "LineLaw") -> Decimal:
        return values[self.line][column]

    def on_rows(self, values: Any, rates: Any, zero: Any) -> Any:
        return values[self.line]


@dataclass(frozen=True)
class CompareLine80:
    """IL-8857 line 80: compare the net result (78) with the erroneous-items result (79).

    Both underpayments (positive): the larger. Both overpayments (negative): the smaller refund,
    the one nearer zero. One of each, or a zero on either: the net of the two.
    """

    net: str
    erroneous: str

    def inputs(self) -> tuple[str, ...]:
        return (self.net, self.erroneous)

    def describe(self) -> str:
        return (
            f"compare lines {self.net} and {self.erroneous}: both underpayments, the larger; both "
            f"overpayments, the smaller refund; otherwise the net of the two (line {self.net} plus line {self.erroneous})"
        )

    def on_column(self, values: LineValues, column: str, law: "LineLaw") -> Decimal:
        net, erroneous = values[self.net][column], values[self.erroneous][column]
        law.notes.append(f"column {column}: {CompareLine80.case(net, erroneous)}")
        return CompareLine80.choose(net, erroneous)

    def on_rows(self, values: Any, rates: Any, zero: Any) -> Any:
        net, erroneous = values[self.net], values[self.erroneous]
        same_sign = ((net > 0) & (erroneous > 0)) | ((net < 0) & (erroneous < 0))
        return np.where(same_sign, np.maximum(net, erroneous), net + erroneous)

    @staticmethod
    def choose(net: Decimal, erroneous: Decimal) -> Decimal:
        if (net > 0 and erroneous > 0) or (net < 0 and erroneous < 0):
            return max(net, erroneous)
        return net + erroneous

    @staticmethod
    def case(net: Decimal, erroneous: Decimal) -> str:
        if net > 0 and erroneous > 0:
            return "both underpayments: the larger"
        if net < 0 and erroneous < 0:
            return "both overpayments: the smaller refund"
        return "one underpayment and one overpayment, or a zero: the net"


Formula = Sum | Difference | FloorAtZero | TimesRate | Copy | CompareLine80


# --- divisions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Equal:
    """Divide equally: B gets half rounded to the cent half up, C the rest."""

    def basis_lines(self) -> tuple[str, ...]:
        return ()

    def describe(self) -> str:
        return "divided equally between the spouses"


@dataclass(frozen=True)
class ByBasis:
    """Divide in proportion to each spouse's amount on the basis lines (B and C columns).

    A basis below zero counts as zero; if both bases are zero the amount is divided equally.
    """

    lines: tuple[str, ...]

    def basis_lines(self) -> tuple[str, ...]:
        return self.lines

    def describe(self) -> str:
        joined = " plus ".join(f"line {line}" for line in self.lines)
        return f"divided in proportion to each spouse's {joined}"


Division = Equal | ByBasis


@dataclass(frozen=True)
class Line:
    """One line of a form: number, label, citation, and the formula or division that fills it."""

    number: str
    label: str
    citation: str
    section: str
    formula: Formula | None = None
    division: Division | None = None
    label_reconstructed: bool = False
    input_when: str | None = None  # e.g. "nonresident": the line is typed instead of computed

    @property
    def computed(self) -> bool:
        return self.formula is not None


@dataclass(frozen=True)
class Worksheet:
    """A form's lines in order, as data: both evaluators read it."""

    form: str
    revision: str
    title: str
    lines: tuple[Line, ...]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for line in self.lines:
            for needed in _needed(line):
                if needed not in seen:
                    raise ValueError(f"{self.form} line {line.number} uses line {needed} before it is defined")
            seen.add(line.number)

    def line(self, number: str) -> Line:
        return self.by_number[number]

    @property
    def by_number(self) -> dict[str, Line]:
        return {line.number: line for line in self.lines}

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(line.number for line in self.lines)


def _needed(line: Line) -> tuple[str, ...]:
    needed: tuple[str, ...] = ()
    if line.formula is not None:
        needed += line.formula.inputs()
    if line.division is not None:
        needed += line.division.basis_lines()
    return needed


# --- entries (what the user gave for an input line) --------------------------------------------


@dataclass
class Entry:
    """An input line's amounts: columns fixed by the user or the rules, plus an amount to divide.

    ``fixed`` holds amounts already placed in a column; ``to_divide`` is joint (column A) money
    whose owner is unclear, divided by the line's division when the case is evaluated.
    ``sources`` are plain-words notes of where the amounts came from (items, typed columns).
    """

    fixed: dict[str, Decimal] = field(default_factory=lambda: {column: ZERO for column in COLUMNS})
    to_divide: Decimal = ZERO
    sources: list[str] = field(default_factory=list)

    def add(self, column: str, amount: Decimal) -> None:
        self.fixed[column] = self.fixed[column] + amount


# --- evaluation -------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """A worksheet evaluated: each line's values by column, and the trace of each."""

    worksheet: Worksheet
    values: dict[str, dict[str, Decimal]]
    trace: dict[str, TraceEntry]

    def value(self, line: str, column: str) -> Decimal:
        return self.values[line][column]


def divide(amount: Decimal, share_b: Decimal | None, share_c: Decimal | None) -> tuple[Decimal, Decimal]:
    """B's part of an amount (rounded to the cent, half up) and C's part (the rest).

    ``share_b`` and ``share_c`` are the bases; None means divide equally.
    """
    if share_b is None or share_c is None:
        part_b = round_cents(amount / 2)
    else:
        basis_b, basis_c = max(share_b, ZERO), max(share_c, ZERO)
        total = basis_b + basis_c
        part_b = round_cents(amount / 2) if total == 0 else round_cents(amount * basis_b / total)
    return part_b, amount - part_b


RateLookup = Callable[[str], ParameterValue]


def tax_year_rates(tax_year: int) -> RateLookup:
    return lambda name: parameter(name).for_tax_year(tax_year)


def evaluate_case(
    worksheet: Worksheet,
    entries: Mapping[str, Entry],
    rates: RateLookup,
    typed_lines: frozenset[str] = frozenset(),
) -> Evaluation:
    """Compute every line of one case in Decimal, with a trace entry for every line.

    ``typed_lines`` are lines that are normally computed but were typed for this case (e.g. line
    41 for a nonresident); they are taken from ``entries`` like input lines.
    """
    values: dict[str, dict[str, Decimal]] = {}
    trace: dict[str, TraceEntry] = {}
    for line in worksheet.lines:
        if line.computed and line.number not in typed_lines:
            row, entry = _compute(line, values, rates)
        else:
            row, entry = _allocate(line, entries.get(line.number), values)
        values[line.number] = row
        trace[line.number] = entry
    return Evaluation(worksheet=worksheet, values=values, trace=trace)


def _compute(line: Line, values: dict[str, dict[str, Decimal]], rates: RateLookup) -> tuple[dict[str, Decimal], TraceEntry]:
    formula = line.formula
    assert formula is not None
    inputs: dict[str, Decimal] = {}
    used: list[ParameterUse] = []
    notes: list[str] = []
    row: dict[str, Decimal] = {}
    for column in COLUMNS:
        for number in formula.inputs():
            inputs[f"line {number} {column}"] = values[number][column]
        row[column] = _apply(formula, column, values, LineLaw(rates, used, notes))
    entry = TraceEntry(
        line=line.number,
        label=line.label,
        values=row,
        formula=f"Line {line.number} = {formula.describe()}",
        citation=line.citation,
        inputs=inputs,
        parameters=used[:1],
        notes=notes,
    )
    return row, entry


@dataclass
class LineLaw:
    """What a three-column formula reads besides the lines (the tax year's rates) and what it reports."""

    rates: "RateLookup"
    used: list[ParameterUse]
    notes: list[str]


def _apply(formula: Formula, column: str, values: LineValues, law: LineLaw) -> Decimal:
    """One column of a computed line: the formula word's Decimal arithmetic (``on_column``; its
    integer-cents arithmetic, ``on_rows``, is written beside it and used by ``batch/columns.py``)."""
    return formula.on_column(values, column, law)


def _allocate(
    line: Line, entry: Entry | None, values: dict[str, dict[str, Decimal]]
) -> tuple[dict[str, Decimal], TraceEntry]:
    if entry is None:
        row = {column: ZERO for column in COLUMNS}
        return row, TraceEntry(
            line=line.number, label=line.label, values=row,
            formula=f"Line {line.number}: nothing entered, so zero", citation=line.citation,
        )
    row = dict(entry.fixed)
    inputs: dict[str, Decimal] = {}
    notes = list(entry.sources)
    formula = f"Line {line.number}: amounts as entered"
    if entry.to_divide != 0:
        division = line.division or Equal()
        if isinstance(division, ByBasis):
            basis = {
                column: sum((values[number][column] for number in division.lines), ZERO) for column in SPOUSE_COLUMNS
            }
            for number in division.lines:
                for column in SPOUSE_COLUMNS:
                    inputs[f"line {number} {column}"] = values[number][column]
            part_b, part_c = divide(entry.to_divide, basis["B"], basis["C"])
            if max(basis["B"], ZERO) + max(basis["C"], ZERO) == 0:
                notes.append("both spouses' bases are zero (or below), so the amount is divided equally")
        else:
            part_b, part_c = divide(entry.to_divide, None, None)
        inputs["amount whose owner is unclear"] = entry.to_divide
        row["A"] += entry.to_divide
        row["B"] += part_b
        row["C"] += part_c
        formula = (
            f"Line {line.number}: {entry.to_divide} whose owner is unclear is {division.describe()}: "
            f"B {part_b} (rounded to the cent, half up), C the rest {part_c}"
        )
        if any(entry.fixed[column] != 0 for column in COLUMNS):
            formula += "; plus the amounts placed in each column"
    return row, TraceEntry(
        line=line.number, label=line.label, values=row, formula=formula,
        citation=line.citation, inputs=inputs, notes=notes,
    )


def _line_list(lines: tuple[str, ...]) -> str:
    """'add lines 1 through 15', 'add lines 4 and 5', 'add lines 65a, 65b, 65c, and 65d': each way a whole
    phrase, so that a translation has all its words."""
    if len(lines) > 3 and all(number.isdigit() for number in lines):
        numbers = [int(number) for number in lines]
        if numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"add lines {lines[0]} through {lines[-1]}"
    if len(lines) == 2:
        return f"add lines {lines[0]} and {lines[1]}"
    return f"add lines {', '.join(lines[:-1])}, and {lines[-1]}"


# Words for the IRC 6015(d) split
#
# Four words the separation-of-liability split needs (worksheets/f6015d_definition.py). Each has
# its Decimal arithmetic here and its integer-cents column form at the end of batch/columns.py;
# tests/federal/test_f6015d_columns.py proves the two agree. Columns: A the whole, B the spouse
# asking for relief ("you"), C the other spouse. A division between the spouses uses
# :func:`divide`, the one zero-basis rule (a basis below zero counts as zero; two zero bases
# divide equally).


@dataclass(frozen=True)
class SmallerLine:
    """The smaller of two lines, column by column."""

    first: str
    second: str

    def inputs(self) -> tuple[str, ...]:
        return (self.first, self.second)

    def describe(self) -> str:
        return f"the smaller of line {self.first} and line {self.second}"

    def value(self, column: str, values: dict[str, dict[str, Decimal]], notes: list[str]) -> Decimal:
        return min(values[self.first][column], values[self.second][column])


@dataclass(frozen=True)
class OtherSpouses:
    """A line as seen from the other spouse: B takes C's amount and C takes B's; A stays."""

    line: str

    def inputs(self) -> tuple[str, ...]:
        return (self.line,)

    def describe(self) -> str:
        return f"the other spouse's amount on line {self.line} (the whole stays the whole)"

    def value(self, column: str, values: dict[str, dict[str, Decimal]], notes: list[str]) -> Decimal:
        return values[self.line][{"A": "A", "B": "C", "C": "B"}[column]]


@dataclass(frozen=True)
class ShareByBasis:
    """The whole on one line (column A) divided between the spouses by their amounts on basis lines.

    A keeps the whole; B gets its share rounded to the cent (half up); C gets the rest, so the two
    shares always add up to the whole. The division is :func:`divide`.
    """

    amount: str
    basis: tuple[str, ...]

    def inputs(self) -> tuple[str, ...]:
        return (self.amount, *self.basis)

    def describe(self) -> str:
        joined = " plus ".join(f"line {line}" for line in self.basis)
        return (
            f"the whole of line {self.amount} divided in proportion to each spouse's {joined} (an amount below zero counts "
            "as zero; if both are zero, equally): the spouse asking for relief rounded to the cent (half up), the other spouse the rest"
        )

    def value(self, column: str, values: dict[str, dict[str, Decimal]], notes: list[str]) -> Decimal:
        whole = values[self.amount]["A"]
        if column == "A":
            return whole
        basis = {side: sum((values[line][side] for line in self.basis), ZERO) for side in SPOUSE_COLUMNS}
        part_b, part_c = divide(whole, basis["B"], basis["C"])
        if column == "B" and whole != 0 and max(basis["B"], ZERO) + max(basis["C"], ZERO) == 0:
            notes.append("both spouses' amounts are zero (or below), so the whole is divided equally")
        return part_b if column == "B" else part_c


@dataclass(frozen=True)
class PartOfWhole:
    """The whole on one line (column A) times this column's part over the whole of another line.

    ``amount`` A x ``part`` (this column) / ``whole`` A, rounded to the cent half up; zero when the
    whole is zero (nothing to take a part of). The part is never larger than the whole in size (the
    column form relies on it to stay in exact integer range).
    """

    amount: str
    part: str
    whole: str

    def inputs(self) -> tuple[str, ...]:
        return (self.amount, self.part, self.whole)

    def describe(self) -> str:
        return (
            f"the whole of line {self.amount} times this column's line {self.part} divided by the whole of line {self.whole}, "
            "rounded to the cent (half up)"
        )

    def value(self, column: str, values: dict[str, dict[str, Decimal]], notes: list[str]) -> Decimal:
        whole = values[self.whole]["A"]
        if whole == 0:
            return ZERO
        return round_cents(values[self.amount]["A"] * values[self.part][column] / whole)


SPLIT_WORDS = (SmallerLine, OtherSpouses, ShareByBasis, PartOfWhole)


def _split_on_column(self: Any, values: LineValues, column: str, law: LineLaw) -> Decimal:
    return self.value(column, values, law.notes)


for _word in SPLIT_WORDS:  # the three-column protocol of the words above (their column forms: batch/columns.py)
    _word.on_column = _split_on_column  # type: ignore[attr-defined]

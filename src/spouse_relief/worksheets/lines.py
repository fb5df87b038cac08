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
only divisions look across columns (B's share of A, by a basis taken from B and C).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..money import ZERO, round_cents
from ..parameters import ParameterValue, parameter
from ..trace import ParameterUse, TraceEntry

COLUMNS = ("A", "B", "C")
SPOUSE_COLUMNS = ("B", "C")


# --- formulas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sum:
    lines: tuple[str, ...]

    def inputs(self) -> tuple[str, ...]:
        return self.lines

    def describe(self) -> str:
        return "add lines " + _line_list(self.lines)


@dataclass(frozen=True)
class Difference:
    minuend: str
    subtrahend: str

    def inputs(self) -> tuple[str, ...]:
        return (self.minuend, self.subtrahend)

    def describe(self) -> str:
        return f"line {self.minuend} minus line {self.subtrahend}"


@dataclass(frozen=True)
class FloorAtZero:
    inner: Difference | Sum

    def inputs(self) -> tuple[str, ...]:
        return self.inner.inputs()

    def describe(self) -> str:
        return f"{self.inner.describe()}, not less than zero"


@dataclass(frozen=True)
class TimesRate:
    """A line times a rate parameter for the tax year, rounded to the cent half up."""

    line: str
    rate_parameter: str

    def inputs(self) -> tuple[str, ...]:
        return (self.line,)

    def describe(self) -> str:
        return f"line {self.line} times the tax year's rate, rounded to the cent (half up)"


@dataclass(frozen=True)
class Copy:
    line: str

    def inputs(self) -> tuple[str, ...]:
        return (self.line,)

    def describe(self) -> str:
        return f"the amount on line {self.line}"


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
        row[column] = _apply(formula, column, values, rates, used, notes)
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


def _apply(
    formula: Formula,
    column: str,
    values: dict[str, dict[str, Decimal]],
    rates: RateLookup,
    used: list[ParameterUse],
    notes: list[str],
) -> Decimal:
    if isinstance(formula, Sum):
        return sum((values[number][column] for number in formula.lines), ZERO)
    if isinstance(formula, Difference):
        return values[formula.minuend][column] - values[formula.subtrahend][column]
    if isinstance(formula, FloorAtZero):
        raw = _apply(formula.inner, column, values, rates, used, notes)
        if raw < 0:
            notes.append(f"column {column}: {raw} is below zero, so zero is entered")
        return max(raw, ZERO)
    if isinstance(formula, TimesRate):
        rate = rates(formula.rate_parameter)
        if not used:
            used.append(ParameterUse.of(rate))
        return round_cents(values[formula.line][column] * rate.value)
    if isinstance(formula, Copy):
        return values[formula.line][column]
    if isinstance(formula, CompareLine80):
        net, erroneous = values[formula.net][column], values[formula.erroneous][column]
        notes.append(f"column {column}: {CompareLine80.case(net, erroneous)}")
        return CompareLine80.choose(net, erroneous)
    raise TypeError(f"unknown formula {formula!r}")  # pragma: no cover


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
    if len(lines) > 3 and all(number.isdigit() for number in lines):
        numbers = [int(number) for number in lines]
        if numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"{lines[0]} through {lines[-1]}"
    if len(lines) == 2:
        return f"{lines[0]} and {lines[1]}"
    return ", ".join(lines[:-1]) + f", and {lines[-1]}"


# Words for the IRC 6015(d) split
#
# Four words the separation-of-liability split needs (worksheets/f6015d_definition.py). Each has
# its Decimal arithmetic here and its integer-cents column form at the end of batch/columns.py;
# tests/federal/test_f6015d_columns.py proves the two agree. Columns: A the whole, B the spouse
# asking for relief ("you"), C the other spouse. A division between the spouses uses
# :func:`divide`, the one zero-basis rule (a basis below zero counts as zero; two zero bases
# divide equally).


@dataclass(frozen=True)
class Smaller:
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


SPLIT_WORDS = (Smaller, OtherSpouses, ShareByBasis, PartOfWhole)
_apply_without_split_words = _apply


def _apply(  # noqa: F811 - the vocabulary above, extended by the split's words
    formula: Formula, column: str, values: dict[str, dict[str, Decimal]], rates: RateLookup, used: list[ParameterUse], notes: list[str]
) -> Decimal:
    if isinstance(formula, SPLIT_WORDS):
        return formula.value(column, values, notes)
    return _apply_without_split_words(formula, column, values, rates, used, notes)

"""Random IL-8857 cases for the batch tests: each as a batch row and as a line-entry document.

The mix is chosen to reach every path of both evaluators: every tax year the rate data covers
(3%, 5%, 3.75%, the 2017 blended 4.3549%, 4.95%), every way of typing a line (A alone, A and B,
A and C, B and C, all three, B alone), negative amounts, half-cent ties in equal divisions and in
divisions by a basis (equal bases), bases below zero or both zero, amounts near the batch limit
(the exact overflow path of the integer arithmetic), nonresidents typing line 41, and amounts
written the odd ways ``parse_amount`` accepts ("$1,200.50", "(46.00)", "1E3").
"""

from __future__ import annotations

import random
from decimal import Decimal

import numpy as np
import pyarrow as pa

from spouse_relief.batch.il8857 import ENTRY_LINES, OUTPUT_COLUMNS
from spouse_relief.worksheets.il8857 import compute_il8857, parse_il8857, supported_tax_years
from spouse_relief.worksheets.il8857_definition import PRINTED_LINES, TYPABLE_WHEN_NONRESIDENT

INPUT_ONLY = [number for number in ENTRY_LINES if number not in TYPABLE_WHEN_NONRESIDENT]
PAYMENTS = ["68", "69", "70", "71", "72", "73", "74", "76"]
PENALTIES = ["65a", "65b", "65c", "65d"]
LIMIT = 100_000_000_000  # cents


def _cents(rng: random.Random) -> int:
    kind = rng.random()
    if kind < 0.30:
        value = rng.randint(0, 10_000)
    elif kind < 0.80:
        value = rng.randint(0, 30_000_000)
    elif kind < 0.95:
        value = rng.randint(0, 5_000_000_000)
    else:
        value = rng.randint(LIMIT - 10_000_000, LIMIT)
    if rng.random() < 0.15:
        value = -value
    return value


def _text(cents: int, rng: random.Random) -> str:
    amount = Decimal(cents) / 100
    style = rng.random()
    if style < 0.80:
        return f"{amount:.2f}"
    if style < 0.88 and cents % 100 == 0:
        return str(cents // 100)
    if style < 0.92:
        return f"${amount:,.2f}" if cents >= 0 else f"-${-amount:,.2f}"
    if style < 0.95 and cents < 0:
        return f"({-amount:.2f})"
    if style < 0.97 and cents % 100 == 0 and cents > 0:
        return f"{Decimal(cents // 100):E}"  # 1.2E+3 style
    return f" {amount:.2f} "


def random_case(rng: random.Random, case_id: str) -> tuple[dict[str, str], dict]:
    """One case: (batch row as text cells, line-entry document for the case evaluator)."""
    first, last = supported_tax_years()
    year = rng.randint(first, last)
    residency = rng.choices(["resident", "nonresident", "part_year_resident", None], weights=[3, 1, 1, 5])[0]
    row: dict[str, str] = {"case_id": case_id, "tax_year": str(year)}
    if residency is not None:
        row["residency"] = residency
    document: dict = {"form": "IL-8857", "tax_year": year, "lines": {}}
    if residency is not None:
        document["residency"] = residency
    count = rng.choice([0, 1, 3, 8, 15, 25, 40])
    numbers = set(rng.sample(INPUT_ONLY, min(count, len(INPUT_ONLY))))
    if rng.random() < 0.6:
        numbers |= set(rng.sample(PAYMENTS, rng.randint(1, 4)))
    if rng.random() < 0.4:
        numbers |= set(rng.sample(PENALTIES, rng.randint(1, 3)))
    if residency in ("nonresident", "part_year_resident") and rng.random() < 0.7:
        numbers |= set(TYPABLE_WHEN_NONRESIDENT)
    tie_bases = rng.random() < 0.1  # B and C typed alike on the basis lines: equal bases, half-cent ties
    for number in sorted(numbers, key=ENTRY_LINES.index):
        style = rng.choice(["A", "A", "A", "AB", "AC", "BC", "ABC", "B", "C"])
        if tie_bases and number not in PAYMENTS and number not in PENALTIES:
            style = "BC"
        a = _cents(rng)
        if rng.random() < 0.2:
            a = a | 1 if a >= 0 else -((-a) | 1)  # odd cents: an equal division ties
        part = rng.randint(min(0, a), max(0, a))
        cells: dict[str, int] = {}
        if style == "A":
            cells = {"A": a}
        elif style == "AB":
            cells = {"A": a, "B": part}
        elif style == "AC":
            cells = {"A": a, "C": part}
        elif style == "BC":
            cells = {"B": part, "C": part if tie_bases else a - part}
        elif style == "ABC":
            cells = {"A": a, "B": part, "C": a - part if rng.random() < 0.7 else _cents(rng)}
        elif style == "B":
            cells = {"B": a}
        else:
            cells = {"C": a}
        entry = {}
        for column, cents in cells.items():
            text = _text(cents, rng)
            row[f"L{number}_{column}"] = text
            entry[column] = text
        document["lines"][number] = entry
    return row, document


def random_cases(count: int, seed: int) -> tuple[list[dict[str, str]], list[dict]]:
    rng = random.Random(seed)
    rows, documents = [], []
    for index in range(count):
        row, document = random_case(rng, f"case-{seed}-{index}")
        rows.append(row)
        documents.append(document)
    return rows, documents


def as_table(rows: list[dict[str, str]]) -> pa.Table:
    """Rows of text cells as a table of text columns (absent cells are null), in a fixed column order."""
    names = ["case_id", "tax_year", "residency"] + [name for name in _all_line_columns() if any(name in row for row in rows)]
    return pa.table({name: pa.array([row.get(name) for row in rows], type=pa.string()) for name in names})


def _all_line_columns() -> list[str]:
    return [f"L{number}_{column}" for number in ENTRY_LINES for column in "ABC"]


AMOUNT_COLUMNS = [name for name in OUTPUT_COLUMNS if name.startswith("L") or name == "result_amount"]


def expected_cents(documents: list[dict]) -> tuple[np.ndarray, list[str]]:
    """The case evaluator's answers: an (n, columns) int64 matrix of cents and the outcomes."""
    matrix = np.zeros((len(documents), len(AMOUNT_COLUMNS)), dtype=np.int64)
    outcomes = []
    for index, document in enumerate(documents):
        result = compute_il8857(parse_il8857(document))
        values = [int(result.lines[number][column] * 100) for number in PRINTED_LINES for column in "ABC"]
        values.append(int(result.amount * 100))
        matrix[index] = values
        outcomes.append(result.outcome)
    return matrix, outcomes


def decimal_cents(column: pa.Array) -> np.ndarray:
    """The exact cents of a decimal(18, 2) column (decimal64 as written, or decimal128 as read back from CSV)."""
    assert pa.types.is_decimal(column.type) and column.type.scale == 2, column.type
    words = np.frombuffer(column.buffers()[1], dtype=np.int64)
    if pa.types.is_decimal64(column.type):
        return words[column.offset : column.offset + len(column)].copy()
    low = words[2 * column.offset : 2 * (column.offset + len(column)) : 2]
    high = words[2 * column.offset + 1 : 2 * (column.offset + len(column)) : 2]
    assert np.array_equal(high, low >> 63)  # every value fits in 64 bits
    return low.copy()


def output_cents(table: pa.Table) -> np.ndarray:
    """An output table's amount columns as an (n, columns) int64 matrix of cents (exactly)."""
    matrix = np.zeros((table.num_rows, len(AMOUNT_COLUMNS)), dtype=np.int64)
    for position, name in enumerate(AMOUNT_COLUMNS):
        column = table.column(name).combine_chunks()
        matrix[:, position] = decimal_cents(column)
    return matrix

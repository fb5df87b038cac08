"""The column evaluator agrees with the case evaluator to the cent.

Tens of thousands of random IL-8857 cases (tests/batch/batch_cases.py says what the mix covers)
go through the batch path (text cells -> compute_chunk -> decimal output) and through the case
path (line-entry document -> parse_il8857 -> compute_il8857); every line, every column, the
outcome and the amount must be equal. The exact integer helpers are also checked against
Decimal and money.round_cents directly, on both of their paths.
"""

from __future__ import annotations

import random
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batch_cases import AMOUNT_COLUMNS, as_table, expected_cents, output_cents, random_case, random_cases
from spouse_relief.batch.cents import MAX_AMOUNT_CENTS, half_up, round_half_up_div
from spouse_relief.worksheets.lines import divide_cents as divide_columns
from spouse_relief.batch.il8857 import compute_chunk
from spouse_relief.money import round_cents
from spouse_relief.worksheets.lines import divide

CASES = 30_000
CHUNK = 7_500


def _compare(rows, documents, first_row=0):
    result = compute_chunk(as_table(rows), first_row)
    assert result.errors == []
    got = output_cents(result.output)
    expected, outcomes = expected_cents(documents)
    mismatched = np.argwhere(got != expected)
    if len(mismatched):
        row, column = mismatched[0]
        raise AssertionError(
            f"{len(mismatched)} cells differ; first: case {rows[row]['case_id']} {AMOUNT_COLUMNS[column]} "
            f"column evaluator {got[row, column]} cents, case evaluator {expected[row, column]} cents; case {documents[row]}"
        )
    assert result.output.column("result_outcome").to_pylist() == outcomes
    assert result.output.column("case_id").to_pylist() == [row["case_id"] for row in rows]


@pytest.mark.parametrize("part", range(CASES // CHUNK))
def test_column_evaluator_agrees_with_case_evaluator_on_random_cases(part):
    rows, documents = random_cases(CHUNK, seed=1000 + part)
    _compare(rows, documents, first_row=part * CHUNK)


def test_the_random_mix_reaches_every_rate_and_every_kind_of_division():
    rows, documents = random_cases(3_000, seed=7)
    years = {document["tax_year"] for document in documents}
    assert {1990, 2011, 2015, 2017, 2018, 2025} <= years
    styles = {"".join(sorted(cells)) for document in documents for cells in document["lines"].values()}
    assert {"A", "AB", "AC", "BC", "ABC", "B", "C"} <= styles
    divided_by_basis = [
        document for document in documents
        if any(number in document["lines"] and set(document["lines"][number]) == {"A"} for number in ("68", "69", "76", "65a", "65b"))
    ]
    assert len(divided_by_basis) > 500
    assert any(row.get("L41_A") for row in rows)


@st.composite
def _seeds(draw):
    return draw(st.integers(min_value=0, max_value=2**32 - 1)), draw(st.integers(min_value=1, max_value=40))


@settings(max_examples=150, deadline=None)
@given(_seeds())
def test_column_evaluator_agrees_on_small_batches(seed_and_size):
    seed, size = seed_and_size
    rng = random.Random(seed)
    pairs = [random_case(rng, f"h{index}") for index in range(size)]
    _compare([row for row, _ in pairs], [document for _, document in pairs])


# --- the integer helpers against Decimal --------------------------------------------------------

cents = st.integers(min_value=-MAX_AMOUNT_CENTS, max_value=MAX_AMOUNT_CENTS)
bases = st.integers(min_value=-80 * MAX_AMOUNT_CENTS, max_value=80 * MAX_AMOUNT_CENTS)


@settings(max_examples=3000, deadline=None)
@given(cents, bases, bases)
def test_divide_columns_is_divide(amount, basis_b, basis_c):
    part_b, part_c = divide_columns(np.array([amount]), np.array([basis_b]), np.array([basis_c]))
    expected_b, expected_c = divide(Decimal(amount) / 100, Decimal(basis_b) / 100, Decimal(basis_c) / 100)
    assert (int(part_b[0]), int(part_c[0])) == (int(expected_b * 100), int(expected_c * 100))


@settings(max_examples=1000, deadline=None)
@given(cents)
def test_half_is_round_cents_of_half(amount):
    assert int(half_up(np.array([amount]))[0]) == int(round_cents(Decimal(amount) / 200) * 100)
    part_b, part_c = divide_columns(np.array([amount]), None, None)
    expected_b, expected_c = divide(Decimal(amount) / 100, None, None)
    assert (int(part_b[0]), int(part_c[0])) == (int(expected_b * 100), int(expected_c * 100))


@settings(max_examples=2000, deadline=None)
@given(
    st.integers(min_value=-90 * MAX_AMOUNT_CENTS, max_value=90 * MAX_AMOUNT_CENTS),
    st.sampled_from(["0.03", "0.05", "0.0375", "0.043549", "0.0495", "0.5", "1", "0.000001", "0.999999"]),
)
def test_times_rate_is_round_cents_of_the_product(amount, rate):
    numerator, denominator = Decimal(rate).as_integer_ratio()
    got = int(round_half_up_div(np.array([amount]), numerator, denominator)[0])
    assert got == int(round_cents(Decimal(amount) / 100 * Decimal(rate)) * 100)


def test_both_integer_paths_give_the_same_exact_quotients():
    rng = np.random.default_rng(5)
    amounts = rng.integers(-MAX_AMOUNT_CENTS, MAX_AMOUNT_CENTS, 200_000)
    totals = rng.integers(1, 80 * MAX_AMOUNT_CENTS, 200_000)
    shares = (totals * rng.random(200_000)).astype(np.int64)
    small = np.abs(amounts) < 2**20
    # the large values take the float-estimate path; check a sample of them against Decimal
    wide = round_half_up_div(amounts, shares, totals)
    for index in rng.choice(200_000, 2_000, replace=False).tolist():
        exact = round_cents(Decimal(int(amounts[index])) * int(shares[index]) / int(totals[index]) / 100) * 100
        assert int(wide[index]) == int(exact)
    # the small values alone take the direct path: same answers
    direct = round_half_up_div(amounts[small], np.minimum(shares[small], 2**40), np.minimum(totals[small], 2**40))
    check = round_half_up_div(
        np.concatenate([amounts[small], [MAX_AMOUNT_CENTS]]),
        np.concatenate([np.minimum(shares[small], 2**40), [2**40]]),
        np.concatenate([np.minimum(totals[small], 2**40), [2**40]]),
    )[:-1]
    assert np.array_equal(direct, check)


def test_ties_round_away_from_zero_like_decimal_half_up():
    amounts = np.array([1, -1, 3, -3, 5, -5, 0])
    assert half_up(amounts).tolist() == [1, -1, 2, -2, 3, -3, 0]
    # 0.05 split by equal bases: B gets 0.03, C 0.02; -0.05: B -0.03, C -0.02
    part_b, part_c = divide_columns(np.array([5, -5]), np.array([700, 700]), np.array([700, 700]))
    assert part_b.tolist() == [3, -3] and part_c.tolist() == [2, -2]

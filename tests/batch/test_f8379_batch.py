"""The Form 8379 batch agrees with the case computation (worksheets.f8379.compute) to the cent.

Random couples (tests/batch/f8379_cases.py says what the mix covers) are computed on columns by
spouse_relief.batch.f8379 and one by one by compute(row_document(row)); every Part III line,
every step of the refund estimate and the offset must be equal. The integer-cents arithmetic of the
federal tax words (Tax Table, rate schedule, capital gain worksheet) is also checked on its own.
"""

from __future__ import annotations

import random
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from f8379_cases import AMOUNT_COLUMNS, as_table, expected, output_rows, random_couple, random_couples
from spouse_relief.worksheets import f1040_tax
from spouse_relief.batch.f8379 import compute_chunk, row_document, supported_tax_years
from spouse_relief.errors import InputError
from spouse_relief.worksheets.f8379 import compute

COUPLES = 20_000
CHUNK = 5_000


def _compare(rows):
    result = compute_chunk(as_table(rows))
    assert result.errors == []
    got = output_rows(result.output)
    want = expected(rows)
    for index, (mine, theirs) in enumerate(zip(got, want)):
        if mine != theirs:
            differences = [(AMOUNT_COLUMNS[j], mine[j], theirs[j]) for j in range(len(mine)) if mine[j] != theirs[j]]
            raise AssertionError(f"row {rows[index]}: (column, batch cents, case cents) {differences}")
    assert result.output.column("case_id").to_pylist() == [row["case_id"] for row in rows]


@pytest.mark.parametrize("part", range(COUPLES // CHUNK))
def test_batch_agrees_with_the_case_computation_on_random_couples(part):
    _compare(random_couples(CHUNK, seed=500 + part))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=1, max_value=30))
def test_batch_agrees_on_small_batches(seed, size):
    rng = random.Random(seed)
    _compare([random_couple(rng, f"h{index}") for index in range(size)])


def test_the_random_mix_reaches_every_path():
    rows = random_couples(4_000, seed=3)
    results = [compute(row_document(row)) for row in rows]
    years = {int(row["tax_year"]) for row in rows}
    assert years == set(range(supported_tax_years()[0], supported_tax_years()[1] + 1))
    assert any(result.community_property and result.community_property["refund_after_community_rule"]
               != result.community_property["refund_before_community_rule"] for result in results)
    assert sum(1 for result in results if result.injured_spouse_refund > 0) > 500
    assert any(result.separate_tax["injured"] + result.separate_tax["other"] == 0 and result.joint_tax for result in results)
    assert any(row.get("payments_joint") for row in rows) and any(row.get("deduction") == "itemized" for row in rows)
    methods = {entry.line.split(": ")[-1].split(" ")[0] for result in results[:400] for entry in result.trace}
    assert "QDCG" in methods


@settings(max_examples=3000, deadline=None)
@given(
    st.integers(min_value=-10_000, max_value=2_000_000_000_000),
    st.sampled_from(f1040_tax.FILING_STATUSES),
    st.integers(min_value=2010, max_value=2025),
    st.one_of(st.just(0), st.integers(min_value=0, max_value=50_000_000_000)),
    st.one_of(st.just(0), st.integers(min_value=-5_000_000, max_value=50_000_000_000)),
)
def test_column_tax_is_the_case_tax(taxable, status, year, qualified, gain):
    got = f1040_tax.income_tax_cents(np.array([taxable]), status, year, np.array([qualified]), np.array([gain]))[0]
    want = f1040_tax.income_tax(
        Decimal(taxable) / 100, status, year,
        qualified_dividends=Decimal(qualified) / 100, net_capital_gain=Decimal(gain) / 100,
    ).tax
    assert int(got) == int(want * 100)


def test_every_tax_table_row_edge_in_a_year():
    year = 2024
    table = f1040_tax.tax_table(year)
    edges = []
    for start, width in zip(table.at_least.tolist(), table.width.tolist()):
        for step in range(0, 60):
            edge = start + step * width
            edges += [edge - 1, edge, edge + 1, edge + width // 2]
    edges = np.array([edge for edge in edges if 0 <= edge <= table.limit + 5], dtype=np.int64)
    for status in f1040_tax.FILING_STATUSES:
        got = f1040_tax.regular_tax_cents(edges, status, year)
        want = [int(f1040_tax.regular_tax(Decimal(int(edge)) / 100, status, year).tax * 100) for edge in edges]
        assert got.tolist() == want


# --- bad rows -----------------------------------------------------------------------------------


def test_bad_rows_are_reported_with_their_field_and_good_rows_computed():
    good = random_couples(6, seed=11)
    bad = [
        {"case_id": "b1", "tax_year": "2009", "wages_injured": "100"},
        {"case_id": "b2", "tax_year": "2024", "wages_injured": "-5"},
        {"case_id": "b3", "tax_year": "2024", "withholding_injured": "12.345"},
        {"case_id": "b4", "tax_year": "2024", "offset_amount": "100"},
        {"case_id": "b5", "tax_year": "2024", "offset_amount": "100", "offset_debt_type": "parking"},
        {"case_id": "b6", "tax_year": "2024", "exemptions_injured": "1"},
        {"case_id": "b7", "tax_year": "2024", "other_income_injured_separate": "10"},
        {"case_id": "b8", "tax_year": "2024", "deduction": "itemized"},
        {"case_id": "b9", "tax_year": "2024", "community_property_state": "OR"},
        {"case_id": "b10", "tax_year": "2024", "qbi_injured": "10"},
        {"case_id": "b11", "tax_year": "2024", "injured_blind": "maybe"},
        {"case_id": "", "tax_year": "2024"},
    ]
    rows = good[:3] + bad + good[3:]
    result = compute_chunk(as_table(rows), first_row=100)
    fields = {(row, field) for row, _, field, _ in result.errors}
    assert fields == {
        (104, "tax_year"), (105, "wages_injured"), (106, "withholding_injured"), (107, "offset_debt_type"),
        (108, "offset_debt_type"), (109, "exemptions_injured"), (110, "other_income_injured_separate"),
        (111, "deduction"), (112, "community_property_state"), (113, "qbi_deduction"), (114, "injured_blind"),
        (115, "case_id"),
    }
    assert result.output.column("case_id").to_pylist() == [row["case_id"] for row in good]
    assert output_rows(result.output) == expected(good)
    # the case computation refuses the same rows (those it can express), a year outside the data
    # too, naming the same field
    for row in bad[:9]:
        with pytest.raises(InputError) as refused:
            compute(row_document(row))
        assert refused.value.field
    with pytest.raises(InputError, match="begins on|goes up to") as refused:  # row 104: a year outside the data
        compute(row_document(bad[0]))
    assert refused.value.field == "tax_year"


def test_an_unknown_or_joint_wage_column_stops_the_file():
    from spouse_relief.batch.fields import FileError

    with pytest.raises(FileError, match="wages_injured or wages_other"):
        compute_chunk(pa.table({"case_id": ["1"], "tax_year": ["2024"], "wages_joint": ["5"]}))
    with pytest.raises(FileError, match="unknown column"):
        compute_chunk(pa.table({"case_id": ["1"], "tax_year": ["2024"], "salary": ["5"]}))


def test_earned_income_credit_with_a_self_employment_loss_is_never_negative():
    # tests/cases/f8379/14 and 15, worked by hand: a basis below zero counts as zero; both zero, halves.
    rows = [
        {"case_id": "loss", "tax_year": "2022", "wages_injured": "20000", "wages_other": "3000",
         "self_employment_income_other": "-5000", "withholding_injured": "1000", "joint_earned_income_credit": "2000",
         "offset_amount": "1500", "offset_debt_type": "child_support"},
        {"case_id": "both", "tax_year": "2023", "self_employment_income_injured": "-1000",
         "self_employment_income_other": "-3000", "withholding_injured": "200", "joint_earned_income_credit": "1000.01"},
    ]
    result = compute_chunk(as_table(rows))
    assert result.errors == []
    out = result.output.to_pydict()
    assert [str(value) for value in out["earned_income_credit_injured"]] == ["2000.00", "500.01"]
    assert [str(value) for value in out["earned_income_credit_other"]] == ["0.00", "500.00"]
    assert [str(value) for value in out["injured_spouse_refund"]] == ["3000.00", "700.01"]
    _compare(rows)


@pytest.mark.parametrize("state, incurred, refund", [
    ("AZ", "premarital", "1382.50"), ("NM", "premarital", "691.25"), ("CA", "premarital", "0.00"), ("AZ", "during_marriage", "0.00"),
])
def test_premarital_federal_tax_debt_by_state(state, incurred, refund):
    # tests/cases/f8379/16 to 19, worked by hand: the refund before the community rule is 1,382.50 in each.
    row = {"case_id": "k", "tax_year": "2024", "wages_injured": "40000", "wages_other": "20000", "withholding_injured": "5000",
           "withholding_other": "1000", "offset_amount": "20000", "offset_debt_type": "federal_tax",
           "offset_debt_incurred": incurred, "community_property_state": state}
    result = compute_chunk(as_table([row]))
    assert result.errors == []
    assert str(result.output.column("injured_spouse_refund")[0]) == refund
    assert str(result.output.column("refund_before_community_rule")[0]) == "1382.50"
    _compare([row])


@pytest.mark.parametrize("column, field", [
    ("joint_total_tax", "joint_return.total_tax"), ("joint_earned_income_credit", "joint_return.earned_income_credit"),
    ("offset_amount", "offset.amount"), ("qbi_deduction", "qbi_deduction.amount"),
])
def test_a_negative_tax_credit_deduction_or_offset_is_refused_by_both(column, field):
    row = {"case_id": "n1", "tax_year": "2024", "wages_injured": "30000", "withholding_injured": "3000", column: "-5"}
    if column == "offset_amount":
        row["offset_debt_type"] = "child_support"
    if column == "qbi_deduction":
        row.update(qbi_injured="100", qbi_other="0")
    result = compute_chunk(as_table([row]), first_row=1)
    assert [(found_field) for _row, _case, found_field, _message in result.errors] == [column]
    with pytest.raises(InputError, match="cannot be negative") as refused:
        compute(row_document(row))
    assert refused.value.field == field

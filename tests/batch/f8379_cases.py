"""Random Form 8379 couples for the batch tests, as batch rows of text cells.

The mix reaches every path of the computation: every tax year in the data (the pre-2018 layout
with exemptions, the 2018+ layout), the Tax Table (incomes under $100,000, including the narrow
rows under $3,000) and the rate schedule, the capital gain worksheet (qualified dividends and net
capital gain, gains and losses), joint items divided by the default share, joint payments divided
by separate tax, zero separate taxes (equal halves), the QBI deduction, the earned income credit,
the age and blindness boxes, itemized deductions, a joint tax entered as filed, offsets of every
kind, and community-property states with both property characters.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pyarrow as pa

from batch_cases import decimal_cents
from spouse_relief.batch.f8379 import CATEGORIES, NULLABLE_RESULTS, OUTPUT_COLUMNS, line_column, row_document
from spouse_relief.parameters import parameter
from spouse_relief.worksheets.f8379 import compute

YEARS = range(2010, 2026)
DEBTS = ["federal_tax", "state_income_tax", "state_unemployment", "child_support", "spousal_support", "federal_nontax"]
STATES = ["AZ", "CA", "ID", "LA", "NV", "NM", "TX", "WA", "WI", "ca"]


def _money(rng: random.Random, scale: str) -> int:
    """An amount in cents."""
    if scale == "small":
        return rng.randint(0, 300_000)
    if scale == "income":
        return rng.choice([rng.randint(0, 4_000_000), rng.randint(0, 12_000_000), rng.randint(0, 60_000_000)])
    if scale == "big":
        return rng.randint(0, 100_000_000_000)
    return rng.randint(0, 2_000_000)


def _text(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


def random_couple(rng: random.Random, case_id: str) -> dict[str, str]:
    year = rng.choice(list(YEARS))
    row: dict[str, str] = {"case_id": case_id, "tax_year": str(year)}
    community = rng.random() < 0.15
    if community:
        row["community_property_state"] = rng.choice(STATES)
        if rng.random() < 0.5:
            row["community_property_default"] = rng.choice(["community", "separate"])
    big = rng.random() < 0.05
    itemized = rng.random() < 0.2
    for category in CATEGORIES:
        if category.name == "itemized_deductions" and not itemized:
            continue
        chance = {"wages": 0.9, "withholding": 0.8, "payments": 0.35}.get(category.name, 0.25)
        for owner in category.owners:
            if rng.random() >= chance / (1.5 if owner == "joint" else 1):
                continue
            scale = "big" if big else ("income" if category.group == "income" else "credit")
            cents = _money(rng, scale)
            if category.name in ("withholding", "payments", "refundable_credits") and not big:
                cents = rng.randint(0, 1_500_000)
            if category.name in ("nonrefundable_credits", "other_taxes") and not big:
                cents = rng.randint(0, 800_000)
            if not category.not_negative and rng.random() < 0.1:
                cents = -cents // rng.choice([1, 10])
            if rng.random() < 0.25:
                cents |= 1  # odd cents: equal divisions tie
            suffix = ""
            if community and rng.random() < 0.3:
                suffix = "_" + rng.choice(["community", "separate"])
            row[f"{category.name}_{owner}{suffix}"] = _text(cents)
    if itemized and not any(name.startswith("itemized_deductions") for name in row):
        row["itemized_deductions_joint"] = _text(rng.randint(0, 4_000_000))
    if itemized:
        row["deduction"] = "itemized"
    elif rng.random() < 0.2:
        row["deduction"] = "standard"
    for flag in ("injured_age_65_or_older", "injured_blind", "other_age_65_or_older", "other_blind"):
        if rng.random() < 0.1:
            row[flag] = rng.choice(["true", "false", "yes", "no", "1", "0", "TRUE"])
    if rng.random() < 0.15:
        row["qbi_deduction"] = _text(rng.randint(0, 2_000_000))
        if rng.random() < 0.8:
            row["qbi_injured"] = _text(rng.choice([0, rng.randint(0, 10_000_000)]))
        if rng.random() < 0.8:
            row["qbi_other"] = _text(rng.choice([0, rng.randint(0, 10_000_000)]))
    if parameter("federal/income_tax/personal_exemption").for_tax_year(year).value and rng.random() < 0.7:
        row["exemptions_injured"] = str(rng.randint(0, 4))
        if rng.random() < 0.8:
            row["exemptions_other"] = str(rng.randint(0, 3))
    if rng.random() < 0.1:
        row["joint_total_tax"] = _text(rng.randint(0, 5_000_000))
    if rng.random() < 0.25:
        row["joint_earned_income_credit"] = _text(rng.randint(0, 800_000) | (1 if rng.random() < 0.3 else 0))
    if rng.random() < 0.5:
        row["offset_amount"] = _text(rng.randint(0, 3_000_000))
        row["offset_debt_type"] = rng.choice(DEBTS)
        if rng.random() < 0.4:
            row["offset_debt_incurred"] = rng.choice(["premarital", "during_marriage"])
    return row


def random_couples(count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [random_couple(rng, f"couple-{seed}-{index}") for index in range(count)]


def as_table(rows: list[dict[str, str]]) -> pa.Table:
    names: list[str] = []
    for row in rows:
        for name in row:
            if name not in names:
                names.append(name)
    return pa.table({name: pa.array([row.get(name) for row in rows], type=pa.string()) for name in names})


AMOUNT_COLUMNS = [name for name in OUTPUT_COLUMNS if name not in ("case_id", "tax_year")]


def _expected_row(result) -> list[Any]:
    values: list[Any] = []
    for line in ("13a", "13b", "14", "15", "QBI", "16", "17", "18", "19", "20"):
        for owner in ("joint", "injured", "other"):
            values.append(result.allocation[line][owner])
    values += [
        result.taxable_income["injured"], result.taxable_income["other"],
        result.separate_tax["injured"], result.separate_tax["other"], result.joint_tax,
        result.share_of_tax["injured"], result.share_of_tax["other"],
        result.earned_income_credit["injured"], result.earned_income_credit["other"],
        result.payments_and_credits["joint"], result.payments_and_credits["injured"], result.payments_and_credits["other"],
        result.joint_overpayment, result.injured_spouse_refund, result.available_for_offset,
    ]
    offset = result.offset
    values += [None, None, None] if offset is None else [
        offset["applied_to_debt"], offset["refund_to_other_spouse"], offset["debt_left_unpaid"]
    ]
    community = result.community_property
    values.append(None if community is None else community["refund_before_community_rule"])
    return [None if value is None else int(Decimal(value) * 100) for value in values]


def expected(rows: list[dict[str, str]]) -> list[list[Any]]:
    """The case computation's answers for each row, in the batch's output order (cents; None for null)."""
    return [_expected_row(compute(row_document(row))) for row in rows]


def output_rows(table: pa.Table) -> list[list[Any]]:
    """An output table's amounts as cents (None for null), row by row, exactly."""
    columns = []
    for name in AMOUNT_COLUMNS:
        column = table.column(name).combine_chunks()
        low = decimal_cents(column)
        valid = column.is_valid().to_numpy(zero_copy_only=False)
        columns.append([int(value) if ok else None for value, ok in zip(low.tolist(), valid.tolist())])
    return [list(row) for row in zip(*columns)]


assert AMOUNT_COLUMNS[-4:] == list(NULLABLE_RESULTS) and line_column("QBI", "joint") in AMOUNT_COLUMNS

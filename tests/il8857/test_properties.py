"""Invariants of the IL-8857 worksheet, checked on random cases (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from spouse_relief.worksheets.il8857 import compute_il8857, parse_il8857
from spouse_relief.worksheets.il8857_definition import INPUT_LINES, WORKSHEET
from spouse_relief.worksheets.lines import CompareLine80, Copy, Difference, Sum, divide

CENT = Decimal("0.01")
INPUTS = sorted(INPUT_LINES, key=lambda number: (int(number[:2]), number))
LINEAR_LINES = [line.number for line in WORKSHEET.lines if isinstance(line.formula, (Sum, Difference, Copy))
                and int(line.number[:2]) <= 43]

amounts = st.decimals(min_value=Decimal("-50000"), max_value=Decimal("250000"), places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=Decimal("0"), max_value=Decimal("250000"), places=2, allow_nan=False, allow_infinity=False)


@st.composite
def line_entry_cases(draw):
    """Random line-entry cases where no item is in both columns (B + C = A as typed or divided)."""
    lines = {}
    for number in draw(st.lists(st.sampled_from(INPUTS), min_size=1, max_size=25, unique=True)):
        amount = draw(positive if number >= "68" or number.startswith("65") else amounts)
        style = draw(st.sampled_from(["A", "AB", "AC", "BC"]))
        if style == "A":
            lines[number] = {"A": str(amount)}
        else:
            part = draw(st.decimals(min_value=Decimal("0"), max_value=abs(amount), places=2))
            part = part if amount >= 0 else -part
            if style == "AB":
                lines[number] = {"A": str(amount), "B": str(part)}
            elif style == "AC":
                lines[number] = {"A": str(amount), "C": str(part)}
            else:
                lines[number] = {"B": str(part), "C": str(amount - part)}
    year = draw(st.integers(min_value=1990, max_value=2025))
    return {"form": "IL-8857", "tax_year": year, "lines": lines}


@settings(max_examples=300, deadline=None)
@given(line_entry_cases())
def test_columns_add_up_and_amounts_are_whole_cents(document):
    result = compute_il8857(parse_il8857(document))
    assert not result.warnings or all("reconstructed" not in warning for warning in result.warnings)
    for number, row in result.lines.items():
        for column, value in row.items():
            assert value == value.quantize(CENT), (number, column, value)
    for number in list(INPUTS) + LINEAR_LINES:
        row = result.lines[number]
        assert row["B"] + row["C"] == row["A"], (number, row)


@settings(max_examples=300, deadline=None)
@given(positive, positive, positive)
def test_division_gives_b_its_rounded_share_and_c_the_rest(amount, basis_b, basis_c):
    part_b, part_c = divide(amount, basis_b, basis_c)
    assert part_b + part_c == amount
    assert part_b == part_b.quantize(CENT)
    total = basis_b + basis_c
    exact = amount / 2 if total == 0 else amount * basis_b / total
    assert abs(part_b - exact) <= Decimal("0.005")
    assert Decimal(0) <= part_b <= amount


@settings(max_examples=500, deadline=None)
@given(amounts, amounts)
def test_line_80_follows_each_case_of_the_instructions(net, erroneous):
    line80 = CompareLine80.choose(net, erroneous)
    if net > 0 and erroneous > 0:
        assert line80 == max(net, erroneous)  # both underpayments: liable for the larger
    elif net < 0 and erroneous < 0:
        assert -line80 == min(-net, -erroneous)  # both overpayments: the smaller refund
    else:
        assert line80 == net + erroneous  # one of each, or a zero: the net


ITEM_OWNERS = st.sampled_from(["me", "spouse", "joint", "unclear"])
ITEM_KINDS = st.sampled_from(["wages", "taxable_interest", "business_income", "ira_deduction", "other_additions",
                              "other_subtractions", "property_tax_and_education_credit", "use_tax",
                              "charitable_donation", "late_payment_penalty", "withholding", "estimated_payment",
                              "refund_received"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(ITEM_KINDS, positive, ITEM_OWNERS), min_size=1, max_size=12),
       st.integers(min_value=1990, max_value=2025))
def test_item_entry_equals_the_same_amounts_typed_as_lines(items, year):
    from spouse_relief.worksheets.il8857 import ITEM_KINDS as KIND_LINES

    item_document = {"form": "IL-8857", "tax_year": year,
                     "items": [{"kind": kind, "amount": str(amount), "owner": owner} for kind, amount, owner in items]}
    lines: dict[str, dict[str, Decimal]] = {}
    unclear: dict[str, Decimal] = {}
    for kind, amount, owner in items:
        number = KIND_LINES[kind]
        if owner in ("joint", "unclear"):
            unclear[number] = unclear.get(number, Decimal(0)) + amount
        else:
            row = lines.setdefault(number, {"A": Decimal(0), "B": Decimal(0), "C": Decimal(0)})
            row["A"] += amount
            row["B" if owner == "me" else "C"] += amount
    # Line entry cannot mix typed columns and an unclear amount on one line, so compare lines
    # that are purely one or the other.
    mixed = set(lines) & set(unclear)
    if mixed:
        return
    line_document = {"form": "IL-8857", "tax_year": year,
                     "lines": {**{n: {k: str(v) for k, v in row.items()} for n, row in lines.items()},
                               **{n: {"A": str(v)} for n, v in unclear.items()}}}
    from_items = compute_il8857(parse_il8857(item_document))
    from_lines = compute_il8857(parse_il8857(line_document))
    assert from_items.lines == from_lines.lines

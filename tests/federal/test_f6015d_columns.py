"""The 6015(d) split: one definition, two evaluators, equal to the cent.

Random separation-of-liability cases go through the case path (``definition_runs``: Decimal, with
a trace); every worksheet evaluation is then stacked into columns of integer cents and computed
again by the column evaluator (``batch.columns.evaluate_columns``). Every line of every column
must agree. The four words the split added to the vocabulary are also checked on random lines
directly, over 50,000 random rows including negative amounts and zero bases.
"""

from __future__ import annotations

import random
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from spouse_relief.batch.columns import ColumnEntries, evaluate_columns
from spouse_relief.worksheets.f6015d import compute, definition_runs
from spouse_relief.worksheets.lines import COLUMNS, Entry, Line, OtherSpouses, PartOfWhole, ShareByBasis, SmallerLine, Worksheet, evaluate_case

ROWS = 50_000


def _cents(amount: Decimal) -> int:
    value = amount * 100
    assert value == value.to_integral_value()
    return int(value)


def _no_rates(name):  # the split uses no rate parameter
    raise AssertionError(f"unexpected rate {name}")


def _compare(runs):
    """Evaluate the runs of one worksheet as columns and compare every line to the Decimal values."""
    worksheet = runs[0].worksheet
    size = len(runs)
    numbers = {number for run in runs for number in run.entries}
    entries = {}
    for number in numbers:
        fixed = np.zeros((3, size), dtype=np.int64)
        for index, run in enumerate(runs):
            if number in run.entries:
                for row, column in enumerate(COLUMNS):
                    fixed[row, index] = _cents(run.entries[number].fixed[column])
        entries[number] = ColumnEntries(fixed=fixed)
    typed_numbers = {number for run in runs for number in run.typed}
    typed = {number: np.array([number in run.typed for run in runs]) for number in typed_numbers}
    values = evaluate_columns(worksheet, entries, _no_rates, size, typed=typed)
    for line in worksheet.lines:
        for index, run in enumerate(runs):
            for row, column in enumerate(COLUMNS):
                want = _cents(run.evaluation.value(line.number, column))
                got = int(values[line.number][row, index])
                assert got == want, f"{worksheet.title} line {line.number} column {column}, case {index}: columns {got}, case {want}"


amounts = st.integers(min_value=1, max_value=20_000_000).map(lambda n: str(Decimal(n) / 100))
owners = st.sampled_from(["you", "spouse", "joint", "unclear", "requesting", "other"])


@st.composite
def split_case(draw):
    items = [
        {
            "description": f"item {index}",
            "kind": draw(st.sampled_from(["income", "deduction", "deduction", "credit", "other_tax"])),
            "owner": draw(owners),
            "amount": draw(amounts),
        }
        for index in range(draw(st.integers(1, 6)))
    ]
    for item in items:
        if item["kind"] in ("income", "deduction") and draw(st.booleans()):
            item["spouse_knew" if draw(st.booleans()) else "you_knew"] = "all"
    separate = sum(Decimal(item["amount"]) for item in items if item["kind"] in ("credit", "other_tax"))
    case = {
        "tax_year": 2020,
        "requesting_spouse": {"name": "R"},
        "other_spouse": {"name": "O"},
        "other_spouse_elects": draw(st.booleans()),
        "presume_knew_own_items": draw(st.booleans()),
        "deficiency": str(separate + Decimal(draw(st.integers(0, 5_000_000))) / 100),
        "items": items,
        "penalties": [{"description": "both", "amount": draw(amounts), "spouse": "joint"}],
    }
    if draw(st.booleans()):
        case["income_on_return"] = {"you": draw(amounts), "spouse": draw(amounts)}
        case["allowed_deductions"] = {"you": draw(amounts), "spouse": "0"}
        case["tax_shown_on_return"] = draw(amounts)
        case["withholding"] = {"you": draw(amounts), "spouse": draw(amounts)}
    return case


def _runnable(case):
    proportion = [item for item in case["items"] if item["kind"] in ("income", "deduction")]
    return bool(proportion) or Decimal(case["deficiency"]) == sum(
        (Decimal(item["amount"]) for item in case["items"] if item["kind"] in ("credit", "other_tax")), Decimal(0)
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(split_case(), min_size=1, max_size=25))
def test_column_evaluator_agrees_with_case_evaluator_on_random_cases(cases):
    runs = [run for case in cases if _runnable(case) for run in definition_runs(case)]
    for worksheet in {id(run.worksheet): run.worksheet for run in runs}.values():
        _compare([run for run in runs if run.worksheet is worksheet])


def test_column_evaluator_agrees_on_thousands_of_seeded_cases():
    """A fixed draw of 3,000 cases, so every run checks the same wide mix (both tax-benefit paths, tax shown,
    item deficiencies entered)."""
    rng = random.Random(8225)
    cases = [_seeded_case(rng, index) for index in range(3_000)]
    runs = [run for case in cases for run in definition_runs(case)]
    assert sum(1 for run in runs if run.worksheet.title.startswith("An item whose")) > 500
    assert sum(1 for run in runs if run.typed) > 500 and sum(1 for run in runs if run.worksheet.title.startswith("Tax-benefit") and not run.typed) > 500
    for worksheet in {id(run.worksheet): run.worksheet for run in runs}.values():
        _compare([run for run in runs if run.worksheet is worksheet])


def _seeded_case(rng: random.Random, index: int) -> dict:
    money = lambda: str(Decimal(rng.randint(1, 20_000_000)) / 100)  # noqa: E731
    items = [
        {"description": f"item {n}", "kind": rng.choice(["income", "deduction", "deduction"]), "owner": rng.choice(["you", "spouse", "joint"]), "amount": money()}
        for n in range(rng.randint(1, 6))
    ]
    for item in items:
        if rng.random() < 0.3:
            item[rng.choice(["you_knew", "spouse_knew"])] = rng.choice(["all", str((Decimal(item["amount"]) / 3).quantize(Decimal("0.01")))])
    deficiency = money()
    for item in items:
        if rng.random() < 0.2:  # the item's own deficiency entered; never more than the deficiency in all
            item["deficiency"] = str((Decimal(deficiency) * Decimal(rng.random()) / 7).quantize(Decimal("0.01")))
    case = {
        "tax_year": 2020, "requesting_spouse": {"name": "R"}, "other_spouse": {"name": "O"},
        "other_spouse_elects": rng.random() < 0.5, "presume_knew_own_items": rng.random() < 0.5,
        "deficiency": deficiency, "items": items,
        "penalties": [{"description": "both", "amount": money(), "spouse": "joint"}],
    }
    if rng.random() < 0.5:
        case.update(
            income_on_return={"you": money(), "spouse": money()}, tax_shown_on_return=money(),
            withholding={"you": money(), "spouse": money()},
        )
    return case


@settings(max_examples=100, deadline=None)
@given(split_case())
def test_shares_of_a_penalty_of_both_never_add_up_to_more_than_it(case):
    if not _runnable(case):
        return
    case["other_spouse_elects"] = True
    result = compute(case)
    penalty = Decimal(case["penalties"][0]["amount"])
    assert result.portions["requesting"]["penalties"] + result.portions["other"]["penalties"] == penalty
    assert min(result.portions["requesting"]["penalties"], result.portions["other"]["penalties"]) >= 0


# --- the four words on random lines ------------------------------------------------------------

WORDS = Worksheet(
    form="test",
    revision="",
    title="the split's words",
    lines=(
        Line("a", "amount", "", ""),
        Line("b", "basis", "", ""),
        Line("c", "part", "", ""),
        Line("k", "known part, at most the whole of b in size", "", ""),
        Line("s", "smaller", "", "", formula=SmallerLine("a", "b")),
        Line("o", "other spouse's", "", "", formula=OtherSpouses("a")),
        Line("d", "share by basis", "", "", formula=ShareByBasis("a", ("b", "c"))),
        Line("p", "part of whole", "", "", formula=PartOfWhole("a", "k", "b")),
    ),
)


def _random_cents(rng: random.Random) -> int:
    kind = rng.random()
    if kind < 0.15:
        return 0
    if kind < 0.3:
        return -rng.randint(1, 10_000_000)
    return rng.randint(1, 10**rng.randint(1, 11))


def test_the_split_words_agree_on_random_rows():
    rng = random.Random(6015)
    fixed = {name: np.array([[_random_cents(rng) for _ in range(ROWS)] for _ in COLUMNS], dtype=np.int64) for name in "abc"}
    # PartOfWhole takes a part of a whole: the part is never larger than the whole (the split's known items
    # are part of the net items), which keeps the quotient inside integer-cent range
    limit = np.abs(fixed["b"][0])
    fixed["k"] = np.array([[rng.randint(-int(bound), int(bound)) for bound in limit] for _ in COLUMNS], dtype=np.int64)
    values = evaluate_columns(WORDS, {name: ColumnEntries(fixed=block) for name, block in fixed.items()}, _no_rates, ROWS)
    for index in range(0, ROWS, 7):  # the case evaluator on every seventh row (about 7,000 rows)
        entries = {}
        for name, block in fixed.items():
            entry = Entry()
            entry.fixed = {column: Decimal(int(block[row, index])) / 100 for row, column in enumerate(COLUMNS)}
            entries[name] = entry
        evaluation = evaluate_case(WORDS, entries, _no_rates)
        for line in ("s", "o", "d", "p"):
            for row, column in enumerate(COLUMNS):
                assert _cents(evaluation.value(line, column)) == int(values[line][row, index]), (line, column, index)
    assert (values["d"][1] + values["d"][2] == values["d"][0]).all()


def test_capehart_in_the_opinion_s_whole_dollars():
    """Estate of Capehart, 125 T.C. 211 (2005), pp.14 and 25: the figures the opinion prints, to the dollar."""
    from pathlib import Path

    from spouse_relief.io import read_document

    case = read_document(Path(__file__).resolve().parents[1] / "cases" / "f6015d" / "tv20_capehart_penalty_and_joint_items.yaml")
    result = compute(case["input"])
    dollars = lambda amount: int(amount.quantize(Decimal(1), rounding="ROUND_HALF_UP"))  # noqa: E731
    assert dollars(result.portions["requesting"]["proportionate"]) == 2745
    assert [dollars(result.underpayment[key]) for key in ("requesting", "other", "total")] == [581, 1956, 2537]
    assert dollars(result.portions["requesting"]["penalties"]) == 116
    shown = next(entry for entry in result.trace if entry.line == "line 31")
    assert shown.values == {"whole": Decimal("1444.00"), "requesting": Decimal("0.00"), "other": Decimal("1444.00")}


def test_an_unclear_owner_is_flagged_unverified():
    case = {
        "tax_year": 2022, "requesting_spouse": {"name": "A"}, "other_spouse": {"name": "B"}, "deficiency": "100",
        "items": [{"description": "interest", "kind": "income", "owner": "unclear", "amount": "400"}],
    }
    result = compute(case)
    assert any("[U]" in text and "interest" in text for text in result.unverified)
    assert result.headline.startswith("Under separation of liability, A would be liable for $50.00")


def test_old_owner_words_give_the_same_split_as_the_new():
    new = {
        "tax_year": 2001, "requesting_spouse": {"name": "W"}, "other_spouse": {"name": "H"}, "deficiency": "5200",
        "income_on_return": {"you": "50000", "spouse": "4000"},
        "items": [{"description": "x", "kind": "deduction", "owner": "spouse", "amount": "20000", "you_knew": "0"}],
        "penalties": [{"description": "p", "amount": "10", "spouse": "spouse"}],
    }
    old = dict(new, income_on_return={"requesting": "50000", "other": "4000"})
    old["items"] = [{"description": "x", "kind": "deduction", "owner": "other", "amount": "20000", "requesting_knew": "0"}]
    old["penalties"] = [{"description": "p", "amount": "10", "spouse": "other"}]
    assert compute(old).as_dict()["portions"] == compute(new).as_dict()["portions"]

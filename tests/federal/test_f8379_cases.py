"""Hand-computed Form 8379 cases (tests/cases/f8379/*.yaml), each with its arithmetic in comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from spouse_relief.io import read_document
from spouse_relief.worksheets.f8379 import compute

from casecompare import mismatches

CASES = sorted((Path(__file__).resolve().parents[1] / "cases" / "f8379").glob("*.yaml"))


def test_there_are_at_least_ten_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=[case.stem for case in CASES])
def test_case(path: Path):
    document = read_document(path)
    result = compute(document["input"]).as_dict()
    problems = mismatches(document["expected"], result)
    assert not problems, f"{document['title']}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", CASES, ids=[case.stem for case in CASES])
def test_columns_add_up_and_refund_is_bounded(path: Path):
    result = compute(read_document(path)["input"])
    for line, columns in result.allocation.items():
        assert columns["injured"] + columns["other"] == columns["joint"], line
    assert result.share_of_tax["injured"] + result.share_of_tax["other"] == result.joint_tax
    assert 0 <= result.injured_spouse_refund <= result.joint_overpayment
    assert result.injured_spouse_refund + result.available_for_offset == result.joint_overpayment


def test_tv10_joint_tax_prorated_by_separate_taxes():
    # federal-rules.md TV-10: joint tax 3,556; separate taxes H 1,712, W 934 -> H 2,300.78 (2,301), W 1,255.22.
    from decimal import Decimal

    from spouse_relief.worksheets.lines import divide

    husband, wife = divide(Decimal("3556"), Decimal("1712"), Decimal("934"))
    assert (husband, wife) == (Decimal("2300.78"), Decimal("1255.22"))
    assert husband.quantize(Decimal("1")) == Decimal("2301")


def test_tv12_joint_estimates_without_agreement():
    # federal-rules.md TV-12: joint estimates 8,000; separate taxes 3,000 and 1,000 -> 6,000 and 2,000.
    from decimal import Decimal

    from spouse_relief.worksheets.lines import divide

    assert divide(Decimal("8000"), Decimal("3000"), Decimal("1000")) == (Decimal("6000.00"), Decimal("2000.00"))
    # a zero basis divides equally
    assert divide(Decimal("8000"), Decimal("0"), Decimal("0")) == (Decimal("4000.00"), Decimal("4000.00"))


def test_owner_words_of_the_project_and_the_old_words_give_one_result():
    # CONTRACTS.md: you | spouse | joint | unclear; the form's old injured / other are accepted on input.
    document = read_document(CASES[0])["input"]
    new_words = {"you": "you", "injured": "you", "other": "spouse", "joint": "joint"}
    renamed = dict(document, income=[dict(item, owner=new_words[item["owner"]]) for item in document["income"]],
                   withholding=[dict(item, owner=new_words[item["owner"]]) for item in document["withholding"]])
    assert compute(renamed).as_dict()["allocation"] == compute(document).as_dict()["allocation"]
    unclear = dict(document, income=[dict(item, owner="unclear") if item["owner"] == "joint" else item for item in document["income"]])
    assert compute(unclear).as_dict() == compute(document).as_dict()


def test_result_protocol_headline_and_trace():
    result = compute(read_document(CASES[0])["input"])
    # case 01 by hand: overpayment 1,717.00, Ana's refund 1,259.67, available 457.33
    assert result.headline == (
        "Of the joint overpayment of $1,717.00, an estimated $1,259.67 is the injured spouse's and $457.33 can be "
        "applied to the other spouse's debt."
    )
    assert result.as_dict()["headline"] == result.headline
    assert [entry.line for entry in result.trace][:3] == ["13a", "13b", "14"]
    nothing = compute(read_document(CASES[6])["input"])
    assert nothing.joint_overpayment == 0 and "no overpayment" in nothing.headline

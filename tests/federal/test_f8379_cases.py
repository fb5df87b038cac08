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

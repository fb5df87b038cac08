"""Runs every hand-computed IL-8857 case in tests/cases/il8857/*.yaml.

A case lists every line that is non-zero; every other line (1-80, 65a-65d) must be zero in all
three columns. Error cases name the field and a part of the message.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from spouse_relief.errors import InputError
from spouse_relief.io import read_document
from spouse_relief.worksheets.il8857 import compute_il8857, parse_il8857
from spouse_relief.worksheets.il8857_definition import PRINTED_LINES

CASE_DIR = Path(__file__).resolve().parent.parent / "cases" / "il8857"
CASES = sorted(CASE_DIR.glob("*.yaml"))


def test_there_are_enough_worked_cases():
    whole = [path for path in CASES if "expected_error" not in read_document(path)]
    assert len(whole) >= 12


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_case(path: Path):
    case = read_document(path)
    if "expected_error" in case:
        expected = case["expected_error"]
        with pytest.raises(InputError) as caught:
            parse_il8857(case["input"])
        assert caught.value.field == expected["field"], str(caught.value)
        assert expected["message_contains"].lower() in caught.value.message.lower(), str(caught.value)
        return
    result = compute_il8857(parse_il8857(case["input"]))
    expected_lines = case["expected"]["lines"]
    for number in PRINTED_LINES:
        want = expected_lines.get(number, {})
        for column in "ABC":
            wanted = Decimal(str(want.get(column, "0")))
            got = result.lines[number][column]
            assert got == wanted, f"line {number} column {column}: computed {got}, expected {wanted}"
    expected_result = case["expected"]["result"]
    assert result.outcome == expected_result["outcome"]
    assert result.amount == Decimal(str(expected_result["amount"]))
    for fragment in case["expected"].get("warnings_contain") or []:
        assert any(fragment in warning for warning in result.warnings), (fragment, result.warnings)

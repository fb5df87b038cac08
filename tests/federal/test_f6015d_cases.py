"""The 6015(c)/(d) split: every worked example in federal-rules.md section 9 that concerns it, plus our own cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from spouse_relief.io import read_document
from spouse_relief.worksheets.f6015d import compute

from casecompare import mismatches

CASES = sorted((Path(__file__).resolve().parents[1] / "cases" / "f6015d").glob("*.yaml"))


def _items_match(expected: list, actual: list) -> list[str]:
    problems = []
    if len(expected) != len(actual):
        return [f"allocated_items: expected {len(expected)} pieces, got {len(actual)}"]
    for index, (want, got) in enumerate(zip(expected, actual)):
        problems.extend(mismatches(want, got, f"allocated_items[{index}]"))
    return problems


@pytest.mark.parametrize("path", CASES, ids=[case.stem for case in CASES])
def test_case(path: Path):
    document = read_document(path)
    result = compute(document["input"]).as_dict()
    expected = dict(document["expected"])
    problems = _items_match(expected.pop("allocated_items"), result["allocated_items"]) if "allocated_items" in expected else []
    problems += mismatches(expected, result)
    assert not problems, f"{document['title']}:\n" + "\n".join(problems)


def test_every_section_9_example_is_here():
    names = {case.stem.split("_")[0] for case in CASES}
    for vector in ("tv01", "tv01b", "tv03", "tv05", "tv07", "tv15a", "tv15b", "tv15c", "tv16", "tv17"):
        assert vector in names

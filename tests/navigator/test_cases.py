"""The screening cases in tests/cases/screen/: each situation's findings, reasons, questions, deadlines, plan.

A case names a facts file (and a patch of some answers) or gives the facts inline; see
tests/cases/screen/README.md for the format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spouse_relief.io import read_document
from spouse_relief.pipeline import screen_data
from spouse_relief.parameters import load_strict_yaml

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "tests" / "cases" / "screen").glob("*.yaml"))
NULLS = ("null", "~", "")


def _none(value: Any) -> Any:
    return None if isinstance(value, str) and value in NULLS else value


def _merge(base: Any, patch: Any) -> Any:
    """Dicts merge key by key, lists of dicts element by element; anything else is replaced."""
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for key, value in patch.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(patch, list) and all(isinstance(item, dict) for item in patch) and all(isinstance(item, dict) for item in base):
        if patch and all(set(item) & {"kind", "on"} == {"kind", "on"} for item in patch):
            return patch  # a list of events replaces the list
        merged = [dict(item) for item in base]
        for index, item in enumerate(patch):
            if index < len(merged):
                merged[index] = _merge(merged[index], item)
            else:
                merged.append(item)
        return merged
    return patch


def load_case(path: Path) -> tuple[dict, Any]:
    case = load_strict_yaml(path.read_text(encoding="utf-8"))
    assert set(case) <= {"name", "facts", "facts_file", "patch", "expect"}, f"{path.name}: unknown keys {set(case)}"
    if "facts_file" in case:
        facts = read_document(ROOT / case["facts_file"])
    else:
        facts = case["facts"]
    if "patch" in case:
        facts = _merge(facts, case["patch"])
    return case, facts


def _find(screening, path_id: str, tax_year: str | None):
    year = int(tax_year) if tax_year not in (None, "null") else None
    found = [f for f in screening.findings if f.id == path_id and f.tax_year == year]
    assert found, f"no finding {path_id} for tax year {year}; have {[(f.id, f.tax_year) for f in screening.findings]}"
    return found[0]


def _contains(texts: list[str], wanted: str, where: str) -> None:
    assert any(wanted in text for text in texts), f"{where}: no text contains {wanted!r}; got:\n  " + "\n  ".join(texts)


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_screening_case(path: Path):
    case, facts = load_case(path)
    screening = screen_data(facts, name=path.name)
    expect = case["expect"]
    checked = 0
    for wanted in expect.get("paths", []):
        finding = _find(screening, wanted["id"], wanted.get("tax_year"))
        where = f"{path.stem}: {finding.id} {finding.tax_year}"
        assert finding.status == wanted["status"], f"{where}: status {finding.status}, reasons {finding.reasons}, missing {[q.id for q in finding.missing]}"
        for reason in wanted.get("reasons", []):
            _contains(finding.reasons, reason, where + " reasons")
        if "missing" in wanted:
            assert sorted({q.id for q in finding.missing}) == sorted(set(wanted["missing"])), f"{where}: missing {[q.id for q in finding.missing]}"
            for question in finding.missing:
                assert question.text.endswith(("?", ")")) and question.field, f"{where}: question {question}"
        if "deadline" in wanted:
            shown = finding.as_dict()["deadline"]
            assert shown == _none(wanted["deadline"]), f"{where}: deadline {shown}"
        checked += 1
    for path_id in expect.get("absent", []):
        assert not [f for f in screening.findings if f.id == path_id], f"{path.stem}: {path_id} should not be listed"
        checked += 1
    deadlines = {deadline.id: deadline for deadline in screening.deadlines}
    for wanted in expect.get("deadlines", []):
        assert wanted["id"] in deadlines, f"{path.stem}: no deadline {wanted['id']}; have {sorted(deadlines)}"
        deadline = deadlines[wanted["id"]]
        where = f"{path.stem}: {deadline.id}"
        as_dict = deadline.as_dict()
        for key in ("date", "last_day", "later_date", "status"):
            if key in wanted:
                assert as_dict[key] == _none(wanted[key]), f"{where}: {key} {as_dict[key]}; steps {[s.text for s in deadline.steps]}"
        for step in wanted.get("steps", []):
            _contains([s.text for s in deadline.steps], step, where + " steps")
        for text in wanted.get("remaining", []):
            _contains(deadline.remaining, text, where + " remaining")
        for text in wanted.get("notes", []):
            _contains(deadline.notes, text, where + " notes")
        assert deadline.citations, f"{where}: no citation"
        checked += 1
    for path_id, factors in (expect.get("factors") or {}).items():
        finding = next(f for f in screening.findings if f.id == path_id)
        weights = {factor.id: factor.weighs for factor in finding.factors}
        for factor_id, weighs in factors.items():
            assert weights.get(factor_id) == weighs, f"{path.stem}: {path_id} factor {factor_id} is {weights.get(factor_id)}"
            checked += 1
    for path_id, factors in (expect.get("factor_reasons") or {}).items():
        finding = next(f for f in screening.findings if f.id == path_id)
        reasons = {factor.id: factor.reason for factor in finding.factors}
        for factor_id, texts in factors.items():
            for text in texts:
                _contains([reasons.get(factor_id, "")], text, f"{path.stem}: {path_id} factor {factor_id}")
                checked += 1
    for path_id, notes in (expect.get("notes") or {}).items():
        finding = next(f for f in screening.findings if f.id == path_id)
        for note in notes:
            _contains(finding.notes, note, f"{path.stem}: {path_id} notes")
            checked += 1
    plan = expect.get("plan") or {}
    for form in plan.get("forms", []):
        _contains([item.form for item in screening.plan.items], form, f"{path.stem}: plan forms")
        checked += 1
    for key in ("evidence", "send_to", "next_steps"):
        for text in plan.get(key, []):
            _contains([entry for item in screening.plan.items for entry in getattr(item, key)], text, f"{path.stem}: plan {key}")
            checked += 1
    for text in plan.get("safety", []):
        _contains(screening.plan.safety, text, f"{path.stem}: safety note")
        checked += 1
    assert checked, f"{path.stem}: the case checks nothing"


def test_every_example_has_a_case():
    examples = {p.stem for p in (ROOT / "examples" / "screen").glob("*.yaml")}
    named = set()
    for path in CASES:
        case = load_strict_yaml(path.read_text(encoding="utf-8"))
        if "facts_file" in case:
            named.add(Path(case["facts_file"]).stem)
    assert examples <= named, f"examples without a case: {sorted(examples - named)}"

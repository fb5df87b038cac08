"""spouse-relief screen / deadlines: the JSON contract, the readable output, the calendar file, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spouse_relief import DISCLAIMER
from spouse_relief.cli import app
from spouse_relief.io import read_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "screen"
runner = CliRunner()
PATHS = ("irc6015b", "irc6015c", "irc6015f", "irc66c", "form8379")  # and il8857, unless the year was spent in another state
ALTERNATIVES = ("installment_agreement", "offer_in_compromise", "currently_not_collectible", "taxpayer_advocate", "cdp_hearing", "representative")


def run(*args: str):
    return runner.invoke(app, [str(arg) for arg in args])


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_json_contract(example):
    result = run("screen", example, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["disclaimer"] == DISCLAIMER
    date.fromisoformat(document["as_of"])
    years = {path["tax_year"] for path in document["paths"] if path["tax_year"] is not None}
    facts = read_document(example)
    for year in years:
        ids = {path["id"] for path in document["paths"] if path["tax_year"] == year}
        assert set(PATHS) <= ids, f"{year}: {ids}"
        entry = next(entry for entry in facts["tax_years"] if int(entry["year"]) == year)
        elsewhere = entry.get("residence_state") not in (None, "IL") and not (entry.get("illinois") or {}).get("joint_il_return")
        assert ("il8857" in ids) is not elsewhere, f"{year}: Illinois shown for a year in {entry.get('residence_state')}"
    assert set(ALTERNATIVES) <= {path["id"] for path in document["paths"] if path["tax_year"] is None}
    for path in document["paths"]:
        assert {"id", "status", "reasons", "citations", "missing", "deadline"} <= set(path)
        assert path["status"] in ("met", "not_met", "unknown", "judgment")
        assert path["reasons"] and all(isinstance(reason, str) and reason for reason in path["reasons"])
        assert path["citations"]
        assert all(set(question) == {"id", "field", "question"} for question in path["missing"])
        if path["status"] == "not_met":
            assert path["missing"] == []
        if path["status"] == "unknown":
            assert path["missing"], f"{path['id']}: unknown without a question"
        if path["deadline"] is not None:
            date.fromisoformat(path["deadline"])
    for deadline in document["deadlines"]:
        assert deadline["steps"] and deadline["citations"]
        if deadline["status"] == "missed":
            assert deadline["remaining"]
    assert document["plan"]["links"]


def test_readable_output_has_the_paths_the_plan_the_links_and_the_disclaimer():
    result = run("screen", EXAMPLES / "abuse.yaml")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    for expected in ("Separation of liability (IRC 6015(c))", "Favoring relief", "Form 8857, Request for Innocent Spouse Relief",
                     "https://www.irs.gov/forms-pubs/about-form-8857", "Safety", "educational tool, not legal or tax advice"):
        assert expected in text, expected


def test_deadlines_json_and_ics(tmp_path):
    target = tmp_path / "out.ics"
    result = run("deadlines", EXAMPLES / "illinois_both.yaml", "--ics", target, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    ids = [deadline["id"] for deadline in document["deadlines"]]
    assert "il8857_refund:2022" in ids and "irc6015bc_election:2022" in ids
    assert document["ics"]["events"] >= 3

    from icalendar import Calendar

    calendar = Calendar.from_ical(target.read_bytes())
    events = [component for component in calendar.walk("VEVENT")]
    assert len(events) == document["ics"]["events"]
    by_uid = {str(event["uid"]): event for event in events}
    election = by_uid["irc6015bc_election-2022@spouse-relief"]
    assert election.decoded("dtstart") == date(2028, 2, 2)
    assert "IRC 6015(b)(1)(E)" in str(election["description"])
    assert "not legal or tax advice" in str(election["description"])
    assert all(event.walk("VALARM") for event in events if not str(event["summary"]).startswith("Opens"))
    written = {deadline["id"] for deadline in document["deadlines"] if deadline["status"] in ("open", "at_risk", "opens_later", "open_now") and deadline["date"]}
    assert {uid.split("@")[0] for uid in by_uid} == {d.replace(":", "-") for d in written}


def test_deadlines_readable_shows_steps_and_missed(tmp_path):
    result = run("deadlines", EXAMPLES / "collection_three_years_ago.yaml")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "MISSED" in text and "What remains possible" in text
    assert "2031-08-02 is a Saturday" in text


def test_ics_failure_leaves_no_half_file(tmp_path, monkeypatch):
    target = tmp_path / "out.ics"
    target.write_text("old calendar")

    def broken_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = run("deadlines", EXAMPLES / "illinois_both.yaml", "--ics", target)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --ics: cannot write")
    assert target.read_text() == "old calendar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ics"]


def test_ics_into_a_missing_folder(tmp_path):
    result = run("deadlines", EXAMPLES / "illinois_both.yaml", "--ics", tmp_path / "nowhere" / "out.ics")
    assert result.exit_code == 2
    assert "--ics: the folder" in result.stderr and "does not exist" in result.stderr


BAD = [
    ("tax_years: []", "tax_years: add a tax year first"),
    ("tax_years:\n  - {year: 2021, colour: red}", "tax_years.0.colour: is not a field this form knows"),
    ("tax_years:\n  - {year: 2021, return_filed_on: 2022-02-30}", "tax_years.0.return_filed_on:"),
    ("tax_years:\n  - {year: 2021, joint_return: perhaps}", "tax_years.0.joint_return:"),
    ("as_of: 2026-11-23\ntax_years:\n  - {year: 2021, assessed_on: 2027-01-04}", "tax_years.0.assessed_on: 2027-01-04 is after the screening date"),
    ("as_of: 2026-11-23\ntax_years:\n  - {year: 2021}\n  - {year: 2021}", "tax_years.1.year: 2021 appears twice"),
    ("as_of: 2026-11-23\ntax_years:\n  - {year: 2026}", "tax_years.0.year: 2026 has not ended"),
    ("tax_years:\n  - year: 2021\n    items:\n      - {description: bonus, amount: '100', known_amount: '250'}", "tax_years.0.items.0.known_amount: is larger than the item's amount"),
    ("tax_years:\n  - year: 2021\n    balance_due: '12.345'", "tax_years.0.balance_due: '12.345' has more than two decimal places"),
    ("tax_years:\n  - year: 2021\n    collection:\n      - {kind: garnish, on: 2024-01-01}", "tax_years.0.collection.0.kind:"),
    ("tax_years:\n  - {year: 2021, residence_state: Texas}", "tax_years.0.residence_state: use the two-letter state code"),
    ("as_of: 2026-11-23\nrequest_date: 2026-01-01\ntax_years:\n  - {year: 2021}", "request_date: is before the screening date"),
    ("tax_years: [", "malformed YAML"),
    ("- just\n- a list", "the file must be a mapping"),
    ("tax_years:\n  - {year: 2021}\ntax_years:\n  - {year: 2022}", "duplicate key"),
]


@pytest.mark.parametrize("text, expected", BAD, ids=[expected.split(":")[0] for _, expected in BAD])
def test_bad_input_names_the_field_and_exits_2(tmp_path, text, expected):
    facts = tmp_path / "facts.yaml"
    facts.write_text(text)
    for command in ("screen", "deadlines"):
        result = run(command, facts)
        assert result.exit_code == 2, result.output
        assert expected in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_missing_file_and_json_input(tmp_path):
    result = run("screen", tmp_path / "absent.yaml")
    assert result.exit_code == 2 and "no such file" in result.stderr
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"as_of": "2026-11-23", "tax_years": [{"year": 2024, "balance_due": 1.5, "liabilities": {"underpayment": True}}]}))
    result = run("screen", facts, "--json")
    assert result.exit_code == 0, result.output


def test_a_real_process_prints_one_line_without_a_traceback(tmp_path):
    facts = tmp_path / "facts.yaml"
    facts.write_text("tax_years:\n  - {year: 2021, colour: red}\n")
    completed = subprocess.run([sys.executable, "-m", "spouse_relief", "screen", str(facts)], capture_output=True, text=True)
    assert completed.returncode == 2
    assert completed.stderr == "error: tax_years.0.colour: is not a field this form knows\n"

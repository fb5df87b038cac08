"""spouse-relief case: the readable outcome, the JSON contract, bad input in one line with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from spouse_relief import DISCLAIMER
from spouse_relief.cli import app

ROOT = Path(__file__).resolve().parents[2]
THREE_YEARS = ROOT / "examples" / "case" / "three_years_illinois.yaml"


def run(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def test_the_json_is_the_whole_outcome():
    result = run("case", THREE_YEARS, "--json", "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.stdout)
    assert set(outcome) >= {"as_of", "tax_years", "problem", "bottom_line", "findings", "questions", "deadlines", "years",
                            "plan", "checklist", "mail_to", "disclaimer"}
    assert outcome["disclaimer"] == DISCLAIMER and outcome["as_of"] == "2026-11-23" and outcome["tax_years"] == [2021, 2022, 2023]
    assert {year["tax_year"]: sorted(year["worksheets"]) for year in outcome["years"]} == {
        2021: ["f6015d", "il8857"], 2022: ["f8379", "il8857"], 2023: ["il8857"]}
    assert all(deadline["days_left"] is None or isinstance(deadline["days_left"], int) for deadline in outcome["deadlines"])


def test_the_readable_outcome_has_the_bottom_line_each_form_and_the_screening():
    result = run("case", THREE_YEARS, "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.output
    for text in ("The bottom line", "2022, Form 8379", "Of the joint overpayment of", "2021, Form IL-8857",
                 "Not computed yet: Add the items of the joint return", "Relief screening", DISCLAIMER[:40]):
        assert text in result.output, text


def test_a_bad_date_is_one_line_and_exit_2():
    result = run("case", THREE_YEARS, "--json", "--as-of", "23/11/2026")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --as-of: expected a date as YYYY-MM-DD, got '23/11/2026'"


def test_facts_that_stop_the_screening_are_the_outcomes_problem_and_screens_error():
    early = run("case", THREE_YEARS, "--json", "--as-of", "2021-06-01")
    assert early.exit_code == 0
    assert json.loads(early.stdout)["problem"]["field"] == "facts.tax_years.0.year"
    screened = run("screen", THREE_YEARS, "--as-of", "2021-06-01")
    assert screened.exit_code == 2 and "tax_years.0.year: 2021 has not ended" in screened.stderr


def test_a_file_that_is_no_kind_the_tool_reads(tmp_path):
    odd = tmp_path / "odd.yaml"
    odd.write_text("colour: red\n")
    result = run("case", odd)
    assert result.exit_code == 2 and "not a case, facts, IL-8857, Form 8379 or 6015(d) file" in result.stderr and "Traceback" not in result.output

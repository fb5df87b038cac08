"""The il8857 command: the JSON contract, --explain, and bad input (exit 2, one clear line)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spouse_relief.cli import app
from spouse_relief.worksheets.il8857_definition import PRINTED_LINES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "il8857"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_json_contract_has_every_printed_line_and_the_result():
    result = run("il8857", str(EXAMPLES / "line_entry_2022.json"), "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document["lines"]) == list(PRINTED_LINES)
    assert {"1", "65a", "65d", "80"} <= set(document["lines"])
    for row in document["lines"].values():
        assert set(row) == {"A", "B", "C"}
        assert all(isinstance(value, str) and "." in value for value in row.values())
    assert document["result"] == {"outcome": "refund", "amount": "592.42"}
    assert document["lines"]["69"] == {"A": "1200.00", "B": "428.42", "C": "771.58"}
    assert document["checks"]["line_14"]["category"] == "illinois_guidelines"
    assert document["checks"]["mail_to"][-1] == "SPRINGFIELD IL 62794-9014"
    trace = {entry["line"]: entry for entry in document["trace"]}
    assert [entry["line"] for entry in document["trace"]][:3] == ["1", "2", "3"]  # printed line order
    assert trace["45"]["parameters"][0]["name"] == "il/income_tax_rate"
    assert "not legal" in document["disclaimer"]


def test_readable_output_states_the_result_in_plain_words():
    result = run("il8857", str(EXAMPLES / "line_entry_2022.json"))
    assert result.exit_code == 0, result.output
    assert "You may be refunded $592.42." in result.stdout
    assert "PROBLEMS RESOLUTION DIVISION" in result.stdout
    assert "not legal or tax advice" in result.stdout


def test_explain_line_80_shows_formula_inputs_and_citation():
    result = run("il8857", str(EXAMPLES / "line_entry_2022.json"), "--explain", "80")
    assert result.exit_code == 0, result.output
    assert "Line 80" in result.stdout
    assert "compare lines 78 and 79" in result.stdout
    assert "Form IL-8857 Instructions (R-12/22), Line 80" in result.stdout
    assert "Line 78" in result.stdout  # one level of inputs by default


def test_explain_line_45_names_the_rate_and_its_source():
    result = run("il8857", str(EXAMPLES / "line_entry_2022.json"), "--explain", "45", "--depth", "0")
    assert "il/income_tax_rate = 0.0495" in result.stdout
    assert "Lines 45 and 62" in result.stdout


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD_INPUTS = [
    ("unknown_line.json", '{"form": "IL-8857", "tax_year": 2022, "lines": {"81": {"A": 1}}}', "lines.81"),
    ("computed.json", '{"form": "IL-8857", "tax_year": 2022, "lines": {"16": {"A": 1}}}', "is computed"),
    ("not_number.yaml", 'form: IL-8857\ntax_year: 2022\nlines: {"1": {A: lots}}\n', "lines.1.A"),
    ("year.json", '{"form": "IL-8857", "tax_year": 1989, "lines": {"1": {"A": 1}}}', "tax_year"),
    ("form.json", '{"form": "IL-1040", "tax_year": 2022, "lines": {}}', "form"),
    ("malformed.json", '{"form": "IL-8857", ', "malformed JSON"),
    ("malformed.yaml", "form: IL-8857\nlines: [unclosed\n", "malformed YAML"),
    ("dupe.yaml", "form: IL-8857\nform: IL-8857\n", "duplicate key"),
    ("column.json", '{"form": "IL-8857", "tax_year": 2022, "lines": {"1": {"D": 1}}}', "lines.1.D"),
    ("cents.json", '{"form": "IL-8857", "tax_year": 2022, "lines": {"1": {"A": 1.001}}}', "two decimal places"),
    ("extra.json", '{"form": "IL-8857", "tax_year": 2022, "lines": {}, "colour": "red"}', "colour"),
    ("kind.yaml", "form: IL-8857\ntax_year: 2022\nitems: [{kind: salary, amount: 1, owner: me}]\n", "items.0.kind"),
    ("owner.yaml", "form: IL-8857\ntax_year: 2022\nitems: [{kind: wages, amount: 1}]\n", "items[0].owner"),
    ("knew.yaml", "form: IL-8857\ntax_year: 2022\nitems: [{kind: erroneous_credit, amount: 1, owner: unclear}]\n",
     "items[0].knew"),
]


@pytest.mark.parametrize("name, text, expected", BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, name, text, expected):
    result = run("il8857", _write(tmp_path, name, text))
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_is_exit_2(tmp_path):
    result = run("il8857", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_unknown_explain_line_is_exit_2():
    result = run("il8857", str(EXAMPLES / "line_entry_2022.json"), "--explain", "99")
    assert result.exit_code == 2
    assert "unknown line" in result.stderr


def test_the_installed_command_reports_bad_input_without_a_traceback(tmp_path):
    bad = _write(tmp_path, "bad.json", '{"form": "IL-8857", "tax_year": 2022, "lines": {"16": {"A": 1}}}')
    completed = subprocess.run([sys.executable, "-m", "spouse_relief", "il8857", bad], capture_output=True, text=True)
    assert completed.returncode == 2
    assert completed.stderr.startswith("error: lines.16:")
    assert "Traceback" not in completed.stderr

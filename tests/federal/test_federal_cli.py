"""The f8379 and f6015d commands: JSON contract, readable output, --explain, bad input -> exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spouse_relief import DISCLAIMER
from spouse_relief.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CASES = ROOT / "tests" / "cases"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(arg) for arg in args])


def _input_file(tmp_path: Path, case: Path) -> Path:
    from spouse_relief.io import read_document

    document = read_document(case)["input"]
    target = tmp_path / "case.json"
    target.write_text(json.dumps(document))
    return target


def test_f8379_json_contract(tmp_path):
    result = run("f8379", _input_file(tmp_path, CASES / "f8379" / "02_joint_estimates_no_agreement.yaml"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("allocation", "separate_tax", "share_of_tax", "injured_spouse_refund", "available_for_offset", "trace", "disclaimer"):
        assert key in data
    assert set(data["allocation"]["20"]) == {"joint", "injured", "other"}
    assert data["allocation"]["20"]["injured"] == "5217.56"
    assert data["injured_spouse_refund"] == "3183.52"
    assert data["disclaimer"] == DISCLAIMER
    assert data["forms"]["Instructions for Form 8379"].startswith("https://www.irs.gov/")


def test_f8379_readable_output_has_disclaimer_and_links():
    result = run("f8379", EXAMPLES / "f8379" / "child_support_offset.yaml")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Form 8379" in text and "irs.gov/pub/irs-pdf/i8379.pdf" in text
    assert "educational tool, not legal or tax advice" in text
    assert "injured spouse's and should be refunded" in text


def test_f8379_explain():
    result = run("f8379", EXAMPLES / "f8379" / "child_support_offset.yaml", "--explain", "share of tax")
    assert result.exit_code == 0, result.output
    assert "joint tax x injured separate tax" in result.output
    assert "IRM 25.18.5" in result.output
    missing = run("f8379", EXAMPLES / "f8379" / "child_support_offset.yaml", "--explain", "no such step")
    assert missing.exit_code == 2
    assert "no step named" in missing.output


def test_f6015d_json_contract():
    result = run("f6015d", EXAMPLES / "f6015d" / "tax_benefit_rule.yaml", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["portions"]["requesting"]["total"] == "4160.00"
    assert data["relief"]["requesting"] == "1040.00"
    assert data["trace"]
    assert data["disclaimer"] == DISCLAIMER


def test_f6015d_readable_output():
    result = run("f6015d", EXAMPLES / "f6015d" / "tax_benefit_rule.yaml")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "relieved of $1,040.00" in text
    assert "educational tool" in text


@pytest.mark.parametrize(
    "command, body, field",
    [
        ("f8379", "tax_year: 2024\ninjured_spouse: {name: A}\nother_spouse: {name: B}\ndeduction: {method: standard}\nincome: [{line: '13a', description: x, amount: '1.234', owner: injured}]\n", "income.0.amount"),
        ("f8379", "tax_year: 2024\ninjured_spouse: {name: A}\nother_spouse: {name: B}\ndeduction: {method: standard}\nsurprise: 1\n", "surprise"),
        ("f8379", "tax_year: 2024\ninjured_spouse: {name: A}\nother_spouse: {name: B}\n", "deduction"),
        ("f8379", "tax_year: 2024\ninjured_spouse: {name: A}\nother_spouse: {name: B}\ndeduction: {method: standard}\noffset: {amount: '10', debt_type: parking_ticket}\n", "offset.debt_type"),
        ("f8379", "tax_year: 2024\ninjured_spouse: {name: A}\nother_spouse: {name: B}\ndeduction: {method: standard}\nexemptions: {injured: 1, other: 1}\n", "exemptions"),
        ("f8379", "tax_year: 2024\ninjured_spouse: {name: A}\nother_spouse: {name: B}\ndeduction: {method: standard}\ncommunity_property: {state: NY}\n", "community_property.state"),
        ("f8379", "tax_year: 2024\ninjured_spouse: {name: A}\nother_spouse: {name: B}\ndeduction: {method: standard}\nincome: [{line: '13b', description: x, amount: '10', owner: joint, split: {injured: '1', other: '2'}}]\n", "income.0"),
        ("f8379", "tax_year: 2009\ninjured_spouse: {name: A}\nother_spouse: {name: B}\ndeduction: {method: standard}\n", "tax_year: 2009: the tax law recorded here begins on 2010-01-01"),
        ("f6015d", "tax_year: 2020\nrequesting_spouse: {name: A}\nother_spouse: {name: B}\n", "enter a deficiency"),
        ("f6015d", "tax_year: 2020\nrequesting_spouse: {name: A}\nother_spouse: {name: B}\ndeficiency: '100'\nitems: [{description: x, kind: income, owner: other, amount: '10', requesting_knew: '11'}]\n", "items.0"),
        ("f6015d", "tax_year: 2020\nrequesting_spouse: {name: A}\nother_spouse: {name: B}\ndeficiency: '100'\nrate_classes: {a: '50'}\nitems: [{description: x, kind: income, owner: other, amount: '10', rate_class: a}]\n", "rate_classes"),
        ("f6015d", "tax_year: 2020\nrequesting_spouse: {name: A}\nother_spouse: {name: B}\ndeficiency: '100'\nitems: [{description: x, kind: gift, owner: other, amount: '10'}]\n", "items.0.kind"),
        ("f6015d", "[1, 2", "malformed"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, command, body, field):
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    result = run(command, path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert field in result.output


def test_missing_file_is_exit_2(tmp_path):
    result = run("f8379", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_negative_withholding_is_refused(tmp_path):
    path = tmp_path / "neg.yaml"
    path.write_text(
        "tax_year: 2024\ninjured_spouse: {name: A}\nother_spouse: {name: B}\ndeduction: {method: standard}\n"
        "withholding: [{description: x, amount: '-5', owner: injured}]\n"
    )
    result = run("f8379", path)
    assert result.exit_code == 2
    assert "withholding.0" in result.output and "negative" in result.output


def test_capital_loss_is_accepted_on_line_13b(tmp_path):
    path = tmp_path / "loss.yaml"
    path.write_text(
        "tax_year: 2024\ninjured_spouse: {name: A}\nother_spouse: {name: B}\ndeduction: {method: standard}\n"
        "income: [{line: '13a', description: w, amount: '50000', owner: injured},"
        " {line: '13b', description: capital loss, amount: '-3000', owner: other}]\n"
    )
    result = run("f8379", path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["allocation"]["13b"]["other"] == "-3000.00"


def test_knowledge_must_be_all_or_an_amount(tmp_path):
    path = tmp_path / "knew.yaml"
    path.write_text(
        "tax_year: 2020\nrequesting_spouse: {name: A}\nother_spouse: {name: B}\ndeficiency: '100'\n"
        "items: [{description: x, kind: income, owner: other, amount: '10', requesting_knew: 'some'}]\n"
    )
    result = run("f6015d", path)
    assert result.exit_code == 2
    assert "items.0.requesting_knew" in result.output

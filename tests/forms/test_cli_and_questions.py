"""The ``forms`` command and the form questions of the interview."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from spouse_relief.commands.forms import register
from spouse_relief.forms.answers import QUESTIONS
from spouse_relief.forms.source import open_questions

from .helpers import CASES, inputs, read_back


@pytest.fixture(scope="module")
def app():
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:
        """Test root."""

    return app


def test_forms_writes_one_filled_form(app, tmp_path):
    out = tmp_path / "f8379.pdf"
    result = CliRunner().invoke(app, ["forms", str(CASES / "ohio_injured_spouse.yaml"), "--form", "8379", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote Form 8379 (2024)" in result.output
    assert read_back(out.read_bytes())["topmostSubform[0].Page1[0].f1_1[0]"] == "2024"


def test_list_unfilled_names_lines_and_signature(app):
    case = CASES / "p971" / "unpaid_loan.yaml"
    result = CliRunner().invoke(app, ["forms", str(case), "--form", "8857", "--list-unfilled", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    lines = {item["line"] for item in document["unfilled"] if item["kind"] == "answer"}
    assert {"4", "5", "8", "12", "25"} <= lines
    assert any("signature" in item["label"] for item in document["unfilled"] if item["kind"] == "sign")
    text = CliRunner().invoke(app, ["forms", str(case), "--form", "8857", "--list-unfilled"]).output
    assert "line 25: You would like a refund" in text and "To sign by hand:" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--form", "9999", "-o", "x.pdf"], "no official form '9999'"),
        (["--form", "8857"], "give -o FILE.pdf"),
        (["--form", "IL-8857", "-o", "x.pdf"], "facsimile"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(app, args, message, tmp_path):
    result = CliRunner().invoke(app, ["forms", str(CASES / "ohio_injured_spouse.yaml"), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_form_answer_names_the_field(app, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text((CASES / "ohio_injured_spouse.yaml").read_text().replace("first_on_return: you", "first_on_return: both"))
    result = CliRunner().invoke(app, ["forms", str(case), "--form", "8379", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "forms.f8379.first_on_return" in result.output


def test_questions_are_plain_and_point_at_the_printed_line():
    for question in QUESTIONS:
        assert question.text.endswith("?") or question.text.endswith("."), question.id
        assert "_" not in question.text and "f8857" not in question.text, question.id
        if question.form == "8857":
            assert question.reference.startswith("Form 8857, line ")


def test_questions_only_for_forms_that_apply():
    ohio = [question.id for question in open_questions(inputs("ohio_injured_spouse.yaml"))]
    assert not any(question.form == "8857" for question in QUESTIONS if question.id in ohio)
    # an answered case asks nothing more of Form 8857 but the optional extras
    full = [question.id for question in open_questions(inputs("three_years_illinois.yaml"))]
    assert full == ["additional_information", "spouse_employer", "paid_preparer"]
    # Part V is offered only because the facts say abuse, and its details only once the person chooses to tell
    loan = [question.id for question in open_questions(inputs("p971/unpaid_loan.yaml"))]
    assert "abuse_share" not in loan and "abuse_description" not in loan
    assert "want_refund" in loan  # she paid with her own money
    wanda = [question.id for question in open_questions(inputs("p971/herb_and_wanda.yaml"))]
    assert "want_refund" not in wanda and "transfers" not in wanda

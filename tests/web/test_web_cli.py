"""spouse-relief packet and serve: the case file on the command line, the fast --help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from spouse_relief.cli import app

ROOT = Path(__file__).resolve().parents[2]


def test_packet_from_an_exported_case_file(tmp_path):
    from pypdf import PdfReader

    from spouse_relief.web.demo import demo_case

    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(demo_case()))
    output = tmp_path / "packet.pdf"
    result = CliRunner().invoke(app, ["packet", str(case_file), "-o", str(output)])
    assert result.exit_code == 0, result.output
    text = "\n".join(page.extract_text() for page in PdfReader(str(output)).pages)
    assert "Pat Example" in text and "123-45-6789" in text and "Allocation of Liability Worksheet, tax year 2022" in text


def test_packet_from_cli_files(tmp_path):
    html = tmp_path / "facts.html"
    result = CliRunner().invoke(app, ["packet", str(ROOT / "examples" / "screen" / "illinois_both.yaml"), "-o", str(html)])
    assert result.exit_code == 0, result.output
    assert "educational tool, not legal or tax advice" in html.read_text()
    pdf = tmp_path / "il.pdf"
    assert CliRunner().invoke(app, ["packet", str(ROOT / "examples" / "il8857" / "items_2022.yaml"), "-o", str(pdf)]).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_packet_bad_input_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "spouse-relief-case", "tax_years": [{"tax_year": "x"}]}')
    result = CliRunner().invoke(app, ["packet", str(bad)])
    assert result.exit_code == 2
    assert "tax_years.0.tax_year" in result.output and "Traceback" not in result.output


def test_help_does_not_import_the_web_stack():
    code = "import sys, spouse_relief.cli; print(any(m in sys.modules for m in ('fastapi', 'sqlalchemy', 'fpdf', 'uvicorn')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_imported_facts_bring_their_tax_years():
    from spouse_relief.io import read_document
    from spouse_relief.case import import_document

    case = import_document(read_document(ROOT / "examples" / "screen" / "illinois_both.yaml"))
    assert [year.year for year in case.tax_years] == [2022]
    assert case.facts.tax_years[0].illinois.joint_il_return is True


def test_case_json_imports_only_what_it_needs():
    code = ("import sys; sys.argv = ['spouse-relief', 'case', sys.argv[1], '--json']\n"
            "from spouse_relief.launcher import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = ('fastapi', 'sqlalchemy', 'fpdf', 'uvicorn', 'icalendar', 'rich', 'numpy', 'pyarrow', 'jinja2')\n"
            "sys.stderr.write(repr(sorted(m for m in heavy if m in sys.modules)))")
    completed = subprocess.run([sys.executable, "-c", code, str(ROOT / "examples" / "case" / "three_years_illinois.yaml")],
                               capture_output=True, text=True, check=True)
    assert json.loads(completed.stdout)["tax_years"] == [2021, 2022, 2023]
    assert completed.stderr.strip().endswith("[]"), completed.stderr

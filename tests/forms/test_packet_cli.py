"""``spouse-relief packet FILE -o DIR`` and ``spouse-relief forms`` through the real command (a new
process, as a person runs it): the files written, bad input in one plain line with exit code 2,
and both commands in the fast ``--help``."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from .helpers import CASES, read_back

OHIO = CASES / "ohio_injured_spouse.yaml"


def spouse_relief(*args, cache=None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "COLUMNS": "100", **({"XDG_CACHE_HOME": str(cache)} if cache else {})}
    return subprocess.run([sys.executable, "-m", "spouse_relief", *map(str, args)], capture_output=True, text=True, env=environment, timeout=300)


def test_packet_writes_one_pdf_per_envelope_and_the_combined_file(tmp_path):
    folder = tmp_path / "to-mail"
    done = spouse_relief("packet", OHIO, "-o", folder)
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["irs-form-8379-2024.pdf", "packet-all.pdf"]
    assert f"wrote {folder / 'irs-form-8379-2024.pdf'}: IRS: injured spouse allocation for 2024 (1 to sign" in done.stdout
    assert "educational tool" in done.stdout
    fields = read_back((folder / "irs-form-8379-2024.pdf").read_bytes())
    assert fields["form8379_2024.Page1[0].f1_1[0]"] == "2024"
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO((folder / "packet-all.pdf").read_bytes())).pages) == 4
    # an existing folder is written into; the printable summary stays one -o FILE.pdf / .html away
    again = spouse_relief("packet", OHIO, "-o", folder)
    assert again.returncode == 0, again.stderr
    summary = tmp_path / "summary.html"
    assert spouse_relief("packet", OHIO, "-o", summary).returncode == 0
    assert "Form 8379" in summary.read_text()


def test_a_case_that_calls_for_no_form_writes_nothing(tmp_path):
    case = tmp_path / "facts.yaml"
    case.write_text("as_of: 2026-11-23\ntax_years: []\n")
    done = spouse_relief("packet", case, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "No official form applies to this case yet" in done.stdout and not (tmp_path / "out").exists()


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: ["packet", OHIO, "-o", tmp / "packet.txt"], "--output: ... ends in '.txt'"),
    (lambda tmp: ["packet", OHIO, "-o", (tmp / "a-file").write_text("x") and tmp / "a-file"], "is a file; give a folder"),
    (lambda tmp: ["packet", tmp / "missing.yaml", "-o", tmp / "out"], "missing.yaml"),
    (lambda tmp: ["packet", OHIO, "-o", tmp / "out", "--as-of", "23/11/2026"], "--as-of: expected a date as YYYY-MM-DD"),
    (lambda tmp: ["forms", OHIO, "--form", "9999", "-o", tmp / "x.pdf"], "no official form '9999'"),
    (lambda tmp: ["forms", OHIO, "--form", "8857"], "give -o FILE.pdf"),
])
def test_bad_input_is_one_plain_line_and_exit_2(tmp_path, make, message):
    done = spouse_relief(*make(tmp_path))
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert all(part in lines[0] for part in message.split(" ... ")), lines[0]
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_forms_fills_one_form_and_lists_what_is_left(tmp_path):
    out = tmp_path / "f8379.pdf"
    done = spouse_relief("forms", OHIO, "--form", "8379", "-o", out, "--list-unfilled")
    assert done.returncode == 0, done.stderr
    assert "Wrote Form 8379 (2024)" in done.stdout and "To sign by hand:" in done.stdout
    assert read_back(out.read_bytes())["topmostSubform[0].Page1[0].f1_1[0]"] == "2024"


def test_help_lists_packet_and_forms_and_is_served_from_the_cache(tmp_path):
    first = spouse_relief("--help", cache=tmp_path)
    assert first.returncode == 0
    for command in ("packet", "forms", "case", "il8857"):
        assert f" {command} " in first.stdout, command
    assert len(list((tmp_path / "spouse-relief").glob("help-*.txt"))) == 1
    assert spouse_relief("--help", cache=tmp_path).stdout == first.stdout
    forms_help = spouse_relief("forms", "--help")
    assert forms_help.returncode == 0 and "--list-unfilled" in forms_help.stdout
    packet_help = spouse_relief("packet", "--help")
    assert "folder for the forms to mail" in packet_help.stdout


def test_packet_cover_sheets_in_spanish(tmp_path):
    from pypdf import PdfReader

    folder = tmp_path / "para-enviar"
    done = spouse_relief("packet", OHIO, "-o", folder, "--language", "es")
    assert done.returncode == 0, done.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO((folder / "packet-all.pdf").read_bytes())).pages)
    assert "Lea primero: qué hay en este sobre" in text and "Read first" not in text
    assert read_back((folder / "irs-form-8379-2024.pdf").read_bytes())["form8379_2024.Page1[0].f1_1[0]"] == "2024"  # the form stays the IRS's
    refused = spouse_relief("packet", OHIO, "-o", tmp_path / "x", "--language", "fr")
    assert refused.returncode == 2 and "--language" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "x").exists()

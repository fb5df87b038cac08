"""One case, one outcome: every way in and every way out give the same answer for the same file.

For every file in examples/ (facts, IL-8857, Form 8379, 6015(d), whole cases) the outcome is the
same through ``spouse-relief case --json``, the API (upload, then GET the results), and the web
import (the cases page, then the results); the packet shows its statuses, dates and amounts. An
Ohio injured-spouse case shows nothing about Illinois anywhere; a case answered through the
interview's API gives the outcome of the same facts as a file.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape
from typer.testing import CliRunner

from spouse_relief.cli import app as cli_app
from spouse_relief.io import read_document

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(path for path in (ROOT / "examples").glob("*/*") if path.suffix in (".yaml", ".json"))
DEFAULT_AS_OF = date(2026, 11, 23)
OHIO = ROOT / "examples" / "case" / "ohio_injured_spouse.yaml"
ILLINOIS_WORDS = ("Illinois", "IL-8857", "IL-1040", "IDOR", "tax.illinois.gov", "SPRINGFIELD IL")


def as_of_of(path: Path) -> date:
    document = read_document(path)
    given = document.get("as_of") if isinstance(document, dict) else None
    return date.fromisoformat(str(given)) if given else DEFAULT_AS_OF


class Today:
    """The web app's today, set per example (the CLI reads the same date with --as-of)."""

    value = DEFAULT_AS_OF

    def __call__(self) -> date:
        return self.value


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    from fastapi.testclient import TestClient

    from spouse_relief.storage import open_store
    from spouse_relief.web.app import WebSettings, create_app

    folder = tmp_path_factory.mktemp("one-outcome")
    today = Today()
    store = open_store(folder)
    application = create_app(WebSettings(data_dir=str(folder), today=today), store=store)
    store.create_user("olive", "correct horse battery")
    client = TestClient(application, follow_redirects=True)
    token = client.post("/api/login", json={"username": "olive", "password": "correct horse battery"}).json()["token"]
    page = client.post("/login", data={"username": "olive", "password": "correct horse battery",
                                       "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)})
    assert page.status_code == 200
    yield client, {"Authorization": f"Bearer {token}"}, today
    store.close()


def csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/cases").text).group(1)


def cli_outcome(path: Path, as_of: date) -> dict:
    result = CliRunner().invoke(cli_app, ["case", str(path), "--json", "--as-of", as_of.isoformat()])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def api_outcome(web, path: Path) -> tuple[str, dict]:
    client, headers, _ = web
    created = client.post("/api/cases", content=json.dumps(read_document(path)).encode(), headers={**headers, "Content-Type": "application/json"})
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    return case_id, client.get(f"/api/cases/{case_id}/results", headers=headers).json()


def web_import_outcome(web, path: Path) -> tuple[str, dict]:
    """Imported through the page, as a copy (the same case may already be saved through the API)."""
    client, headers, _ = web
    upload = client.post("/cases/import", data={"csrf_token": csrf(client), "copy": "1"}, files={"file": (path.name, io.BytesIO(path.read_bytes()), "text/plain")})
    assert upload.status_code == 200, upload.text[:300]
    case_id = re.search(r"/cases/([0-9a-f]{32})", str(upload.url)).group(1)
    return case_id, client.get(f"/api/cases/{case_id}/results", headers=headers).json()


def shown(outcome: dict) -> list[str]:
    """What every rendering must show: each worksheet's bottom line, each finding's title, each dated deadline."""
    texts = [worksheet["headline"] for year in outcome["years"] for worksheet in year["worksheets"].values() if worksheet["headline"]]
    texts += [finding["title"] for finding in outcome["findings"]]
    texts += [deadline["date"] for deadline in outcome["deadlines"] if deadline["date"]]
    return texts


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_door_gives_the_same_outcome(web, path, tmp_path):
    as_of = as_of_of(path)
    web[2].value = as_of
    from_cli = cli_outcome(path, as_of)
    _, from_api = api_outcome(web, path)
    case_id, from_web = web_import_outcome(web, path)
    assert from_api == from_cli
    assert from_web == from_cli
    assert from_cli["as_of"] == as_of.isoformat() and from_cli["problem"] is None
    # the packet (HTML from the command line, and the web's printable page) shows the same outcome
    packet = tmp_path / "packet.html"
    result = CliRunner().invoke(cli_app, ["packet", str(path), "-o", str(packet), "--as-of", as_of.isoformat()])
    assert result.exit_code == 0, result.output
    printable = web[0].get(f"/cases/{case_id}/packet.html").text
    results_page = web[0].get(f"/cases/{case_id}/results").text
    from spouse_relief.web.filters import iso_dates_in_words

    for text in shown(from_cli):
        escaped = str(escape(text))  # as Jinja shows it
        assert text in packet.read_text() or escaped in packet.read_text(), text
        assert text in printable or escaped in printable, text
        in_words = str(escape(iso_dates_in_words(text)))  # the results page writes dates in words
        assert text in results_page or escaped in results_page or in_words in results_page, text


def test_the_ohio_injured_spouse_case_has_nothing_about_illinois(web, tmp_path):
    from pypdf import PdfReader

    client, headers, today = web
    today.value = as_of_of(OHIO)
    case_id, outcome = web_import_outcome(web, OHIO)
    assert [sorted(year["worksheets"]) for year in outcome["years"]] == [["f8379"]]
    assert outcome["years"][0]["worksheets"]["f8379"]["headline"].startswith("Of the joint overpayment of")
    texts = {"outcome": json.dumps(outcome), "checklist": json.dumps(outcome["checklist"])}
    for page in ("", "/years", "/results", "/packet", "/interview", "/packet.html", "/years/2025/f8379"):
        texts[page or "overview"] = client.get(f"/cases/{case_id}{page}").text
    pdf = client.get(f"/cases/{case_id}/packet.pdf").content
    texts["pdf"] = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    texts["ics"] = client.get(f"/cases/{case_id}/calendar.ics").content.decode()
    texts["api ics"] = client.get(f"/api/cases/{case_id}/calendar.ics", headers=headers).content.decode()
    packet = tmp_path / "ohio.pdf"
    assert CliRunner().invoke(cli_app, ["packet", str(OHIO), "-o", str(packet)]).exit_code == 0
    texts["cli pdf"] = "\n".join(page.extract_text() for page in PdfReader(str(packet)).pages)
    texts["cli case"] = CliRunner().invoke(cli_app, ["case", str(OHIO)]).output
    for where, text in texts.items():
        for word in ILLINOIS_WORDS:
            assert word not in text, f"{word!r} in the {where}"
    assert "BEGIN:VEVENT" in texts["ics"] and "Form 8379" in texts["pdf"]


def leaves(document, prefix: str = ""):
    """(field path, value) of every answer in a facts document; lists are answered whole."""
    for key, value in document.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from leaves(value, f"{path}.")
        else:
            yield path, value


def test_a_case_answered_through_the_interview_equals_the_file(web):
    client, headers, today = web
    today.value = as_of_of(OHIO)
    facts = read_document(OHIO)
    facts.pop("as_of")
    created = client.post("/api/cases", json={"format": "spouse-relief-case", "version": 2, "title": "Imported facts",
                                              "people": {"requesting_spouse": {"name": "Jordan"}, "other_spouse": {"name": "Casey"}}},
                          headers=headers)
    case_id = created.json()["id"]
    version = created.json()["version"]
    client.post(f"/cases/{case_id}/years", data={"csrf_token": csrf(client), "version": str(version), "tax_year": "2025"})
    version = client.get(f"/api/cases/{case_id}", headers=headers).json()["version"]
    year = facts.pop("tax_years")[0]
    year.pop("year")
    answers = dict(leaves(facts))
    answers.update(dict(leaves(year, "tax_years.0.")))
    answered = client.post(f"/api/cases/{case_id}/answers", json={"version": version, "answers": answers}, headers=headers)
    assert answered.status_code == 200, answered.text
    by_interview = client.get(f"/api/cases/{case_id}/results", headers=headers).json()
    assert by_interview == cli_outcome(OHIO, today.value)


def test_the_interview_asks_for_the_items_a_worksheet_needs(web):
    """Form 8379 applies but the case has no items of the return yet: the questions ask for them
    (without the Illinois worksheet's kinds for an Ohio case), and an item answered there is what
    Form 8379 reads."""
    client, headers, today = web
    today.value = as_of_of(OHIO)
    document = read_document(OHIO)
    items = document["tax_years"][0].pop("return_items")
    created = client.post("/api/cases", content=json.dumps(document).encode(), headers={**headers, "Content-Type": "application/json"})
    case_id = created.json()["id"]
    outcome = client.get(f"/api/cases/{case_id}/results", headers=headers).json()
    assert "tax_years.0.return_items" in [question["field"] for question in outcome["questions"]]
    assert outcome["years"][0]["worksheets"]["f8379"]["error"]["field"] == "tax_years.0.return_items"
    page = client.get(f"/cases/{case_id}/interview?edit=tax_years.0.return_items").text
    assert 'value="federal_withholding"' in page and 'value="illinois_withholding"' not in page and 'value="use_tax"' not in page
    field = "tax_years.0.return_items"
    version = client.get(f"/api/cases/{case_id}", headers=headers).json()["version"]
    form = {"csrf_token": csrf(client), "version": str(version), "fields": field, "edit": field, f"q.{field}.rows": str(len(items))}
    for index, item in enumerate(items):  # the items as rows of one table, entered at once
        form.update({f"q.{field}.{index}.{name}": value for name, value in item.items()})
    saved = client.post(f"/cases/{case_id}/interview", data=form)
    assert saved.status_code == 200 and "error-summary" not in saved.text, saved.text[:2000]
    answered = client.get(f"/api/cases/{case_id}/results", headers=headers).json()
    assert answered["years"] == cli_outcome(OHIO, today.value)["years"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_page_of_every_example_renders(web, path):
    client, headers, today = web
    today.value = as_of_of(path)
    case_id, outcome = web_import_outcome(web, path)
    pages = ["", "/people", "/interview", "/years", "/results", "/packet"]
    for year in outcome["years"]:
        pages += [f"/years/{year['tax_year']}/{key}" for key in [*year["worksheets"], *year["may_apply"]]]
    for page in pages:
        response = client.get(f"/cases/{case_id}{page}")
        assert response.status_code == 200, (page, response.text[:300])
        assert "Traceback" not in response.text

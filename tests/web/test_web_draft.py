"""The case answered without an account: what to do now, the calendar and the filled official forms
from the answers kept in the browser (/start/results, /start/calendar.ics, /start/forms).

They are the saved case's pages from the same outcome: the same case, saved, shows the same
statuses, dates and amounts, the same calendar and the same filled form. Nothing is stored or kept
on the server, so one browser's draft never shows in another's.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OHIO = ROOT / "tests" / "forms" / "cases" / "ohio_injured_spouse.yaml"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
OHIO_TRIAGE = {"what_happened": ["refund_taken"], "states": ["OH"], "tax_years": [2024], "tax_years_unsure": False}
PASSWORD = "correct horse battery"


TODAY = date(2026, 11, 23)  # the Ohio case's as_of


@pytest.fixture
def sqlite_app(tmp_path):
    """The app on SQLite, its today the day of the Ohio case."""
    from spouse_relief.storage import open_store
    from spouse_relief.web.app import WebSettings, create_app

    opened = open_store(tmp_path)
    yield create_app(WebSettings(data_dir=str(tmp_path), today=lambda: TODAY), store=opened)
    opened.close()


@pytest.fixture
def client(sqlite_app):
    from fastapi.testclient import TestClient

    return TestClient(sqlite_app, follow_redirects=False)


@pytest.fixture
def other_client(sqlite_app):
    from fastapi.testclient import TestClient

    return TestClient(sqlite_app, follow_redirects=False)


def ohio_document() -> dict:
    from spouse_relief.case import import_document
    from spouse_relief.io import read_document

    return import_document(read_document(OHIO)).as_document()


def keep_draft(client, app, triage: dict, case: dict | None) -> None:
    """Put a draft in this browser's cookie, sealed as the site seals it (web/anonymous.py)."""
    from starlette.responses import Response

    from spouse_relief.web import anonymous

    class Request:
        cookies: dict = {}
        url = type("U", (), {"scheme": "http"})()

    Request.app = app
    response = Response()
    anonymous.write(response, Request(), anonymous.Draft(triage=triage, case=case))
    token = response.headers["set-cookie"].split(";", 1)[0].split("=", 1)[1].strip('"')
    client.cookies.set(anonymous.COOKIE, token, domain="testserver.local")  # where the site's own cookies go


def comparable(html: str, case_id: str | None = None) -> str:
    """The results page's main part, as the saved case and the draft both show it: without the
    draft's notice, the saved case's worksheet links and the link to the next step."""
    main = html.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]
    main = re.sub(r'<section class="draft-notice".*?</section>', "", main, flags=re.S)
    main = re.sub(r' <a href="[^"]*/years/\d+/[a-z0-9]+">See the worksheet.*?</a>', "", main)
    main = re.sub(r'<p class="next">.*?</p>', "", main)
    if case_id:
        main = main.replace(f"/cases/{case_id}", "/start")
    return main


def pdf_fields(data: bytes) -> dict:
    from pypdf import PdfReader

    return {name: field.get("/V") for name, field in PdfReader(io.BytesIO(data)).get_fields().items()}


def events(ics: str) -> list[str]:
    return [line for line in ics.splitlines() if line.startswith(("SUMMARY", "DTSTART", "DESCRIPTION"))]


def save_in_an_account(client, username: str) -> str:
    """Make an account from the draft's "Save your case", then "Save and continue": the saved case's id."""
    results = client.get("/start/results").text
    register = re.search(r'<a class="button" href="(/register\?next=[^"]+)">Save your case', results).group(1)
    page = client.get(register.replace("&amp;", "&"))
    made = client.post("/register", data={"csrf_token": CSRF.search(page.text).group(1), "username": username, "password": PASSWORD,
                                          "confirm": PASSWORD, "next": "/start/check"})
    assert made.status_code == 303 and made.headers["location"] == "/start/check"
    check = client.get("/start/check")
    created = client.post("/start/continue", data={"csrf_token": CSRF.search(check.text).group(1)})
    assert created.status_code == 303
    return re.search(r"/cases/([0-9a-f]{32})", created.headers["location"]).group(1)


def test_the_draft_results_are_the_saved_case_results(client, sqlite_app):
    keep_draft(client, sqlite_app, OHIO_TRIAGE, ohio_document())
    draft = client.get("/start/results")
    assert draft.status_code == 200
    assert "<title>What to do now · spouse-relief</title>" in draft.text
    assert "Your answers are only in this browser" in draft.text and "Save your case" in draft.text
    assert "Send Form 8379, Injured Spouse Allocation for 2024 by April 18, 2028." in draft.text
    shown = re.sub(r'<details class="sources">.*?</details>', "", draft.text, flags=re.S)  # the law cited, behind "Sources"
    assert "8857" not in shown and "Illinois" not in shown  # nor in the footer: only the forms the outcome calls for
    assert 'href="/start/calendar.ics"' in draft.text and 'href="/start/forms"' in draft.text and "/cases/" not in draft.text
    calendar = client.get("/start/calendar.ics")
    assert calendar.status_code == 200 and calendar.headers["content-type"].startswith("text/calendar")
    forms = client.get("/start/forms")
    assert forms.status_code == 200 and "Your answers are only in this browser" in forms.text
    assert 'href="/start/forms/irs-form-8379-2024.pdf"' in forms.text and "8857" not in forms.text
    form = client.get("/start/forms/irs-form-8379-2024.pdf")
    assert form.status_code == 200 and form.headers["content-type"] == "application/pdf"

    case_id = save_in_an_account(client, "jordan")
    saved = client.get(f"/cases/{case_id}/results")
    assert saved.status_code == 200 and "Your answers are only in this browser" not in saved.text
    assert comparable(draft.text) == comparable(saved.text, case_id)  # the same statuses, dates, amounts, words
    assert events(client.get(f"/cases/{case_id}/calendar.ics").text) == events(calendar.text)
    saved_form = client.get(f"/cases/{case_id}/forms/irs-form-8379-2024.pdf")
    assert pdf_fields(saved_form.content) == pdf_fields(form.content)
    assert "Jordan A. Smith" in pdf_fields(form.content).values()

    outcome = client.get(f"/api/cases/{case_id}/results").json()  # the saved case's outcome, as the API gives it
    text = re.sub(r"<[^>]+>", " ", draft.text)
    from spouse_relief.web.filters import date_words

    for deadline in outcome["deadlines"]:
        if deadline.get("date"):
            assert date_words(deadline["date"]) in text, deadline
    for year in outcome["years"]:
        for computed in year["worksheets"].values():
            if computed.get("headline"):
                assert computed["headline"].split("$")[-1].split()[0].rstrip(".") in text


def test_one_browser_never_sees_another_browsers_draft(client, other_client, sqlite_app):
    from fastapi.testclient import TestClient

    from spouse_relief.web import cases, packet_pages

    kept = (len(cases.OUTCOMES._entries), len(cases.PDFS._entries), len(packet_pages.PACKETS._entries))
    keep_draft(client, sqlite_app, OHIO_TRIAGE, ohio_document())
    token = CSRF.search(other_client.get("/start/what-happened").text).group(1)
    other_client.post("/start/what-happened", data={"csrf_token": token, "what_happened": ["tax_missing", "state_bill"], "state": "IL", "tax_years": "2022"})
    for _ in range(2):  # interleaved, twice: nothing one request computes is handed to the other
        mine, theirs = client.get("/start/results").text, other_client.get("/start/results").text
        assert "Jordan" in client.get("/start/forms").text or "8379" in mine
        assert "Send Form 8379" in mine and "Illinois" not in mine and "Send Form 8857" not in mine
        assert "Send Form 8379" not in theirs and "Form 8857" in theirs and "Illinois" in theirs
        their_forms = other_client.get("/start/forms").text
        assert "8379" not in their_forms and "Jordan" not in their_forms
        assert other_client.get("/start/forms/irs-form-8379-2024.pdf").status_code == 404
    assert "Jordan A. Smith" in pdf_fields(client.get("/start/forms/irs-form-8379-2024.pdf").content).values()
    stranger = TestClient(sqlite_app, follow_redirects=False)  # no draft at all: back to the first question
    for path in ("/start/results", "/start/calendar.ics", "/start/forms", "/start/forms/irs-form-8379-2024.pdf"):
        response = stranger.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/start/what-happened", path
    assert stranger.get("/start/forms/..%2Fsecret").status_code in (404, 422)
    # nothing of a draft is kept on the server between requests
    assert (len(cases.OUTCOMES._entries), len(cases.PDFS._entries), len(packet_pages.PACKETS._entries)) == kept


def test_a_logged_in_person_saves_the_draft_with_one_button(client, sqlite_app):
    keep_draft(client, sqlite_app, OHIO_TRIAGE, ohio_document())
    page = client.get("/register")
    client.post("/register", data={"csrf_token": CSRF.search(page.text).group(1), "username": "casey", "password": PASSWORD, "confirm": PASSWORD})
    results = client.get("/start/results").text
    assert '<form method="post" action="/start/continue"' in results and "Your answers are only in this browser" in results
    saved = client.post("/start/continue", data={"csrf_token": CSRF.search(results).group(1)})
    assert saved.status_code == 303 and saved.headers["location"].startswith("/cases/")
    assert client.get("/start/results").headers["location"] == "/start/what-happened"  # handed over once


def test_the_draft_pages_keep_the_quick_exit_and_safety_first(client, sqlite_app):
    document = ohio_document()
    document["facts"]["abuse"] = {"abused": True}
    keep_draft(client, sqlite_app, OHIO_TRIAGE, document)
    for path in ("/start/results", "/start/forms"):
        page = client.get(path).text
        main = page.split("<main", 1)[1]
        assert "data-quick-exit" in page, path
        assert main.index('class="safety"') < main.index('class="draft-notice"') < main.index("<h1>"), path


def test_the_footer_of_the_start_pages_follows_the_draft(client):
    token = CSRF.search(client.get("/start/what-happened").text).group(1)
    client.post("/start/what-happened", data={"csrf_token": token, "what_happened": "refund_taken", "state": "OH", "tax_years": "2024"})
    for path in ("/start/what-happened", "/start/check", "/start/interview", "/start/results"):
        footer = client.get(path).text.split("<footer", 1)[1]
        assert "Form 8379" in footer and "8857" not in footer, path
    assert "Form 8857" in client.get("/").text.split("<footer", 1)[1]  # the start page, about every kind of relief: the general links

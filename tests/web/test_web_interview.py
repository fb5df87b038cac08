"""The interview after "What happened?": only the questions the applicable paths still need, in
the order a person thinks, one thing per page (small yes/no questions of one topic together), each
with "why we ask", the form line and "I don't know"; safety asked first and once; the results with
a bottom line first; field paths never shown. Through the test client (the browser walks are in
test_web_walks.py)."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery"


@pytest.fixture
def client(sqlite_app):
    from fastapi.testclient import TestClient

    return TestClient(sqlite_app, follow_redirects=False)


def token(client, path):
    return CSRF.search(client.get(path).text).group(1)


def start(client, username, what, state, year):
    """Triage, an account, and the case made from the first answers: its id."""
    client.post("/start/what-happened", data={"csrf_token": token(client, "/start/what-happened"), "what_happened": what, "state": state, "tax_years": str(year)})
    client.post("/register", data={"csrf_token": token(client, "/register"), "username": username, "password": PASSWORD, "confirm": PASSWORD, "next": "/start/check"})
    created = client.post("/start/continue", data={"csrf_token": token(client, "/start/check")})
    return re.search(r"/cases/([0-9a-f]{32})", created.headers["location"]).group(1)


def questions_on(text):
    return re.findall(r'<input type="hidden" name="fields" value="([^"]+)">', text)


def answer(client, case_id, answers, default="__unknown__"):
    """Answer the page shown: field -> value (default: I don't know). Returns the fields asked."""
    page = client.get(f"/cases/{case_id}/interview").text
    fields = questions_on(page)
    if not fields:
        return []
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {"csrf_token": CSRF.search(page).group(1), "version": version, "fields": fields, "action": "next"}
    for field in fields:
        value = next((value for key, value in answers.items() if field.endswith(key)), default)
        if isinstance(value, dict):
            data.update({f"q.{field}.{key}": item for key, item in value.items()})
        else:
            data[f"q.{field}"] = value
    saved = client.post(f"/cases/{case_id}/interview", data=data)
    assert saved.status_code == 303, saved.text[:2000]
    return fields


def walk(client, case_id, answers, limit=80):
    asked = []
    for _ in range(limit):
        fields = answer(client, case_id, answers)
        if not fields:
            return asked
        assert not set(fields) & set(asked), f"asked twice: {set(fields) & set(asked)}"
        asked += fields
    raise AssertionError("the interview did not end")


def test_an_injured_spouse_is_asked_only_about_her_refund(client):
    case_id = start(client, "maria", "refund_taken", "OH", 2024)
    first = client.get(f"/cases/{case_id}/interview").text
    assert questions_on(first) == ["abuse.abused"]  # safety first, alone, with the exit
    assert "Exit this page" in first and "I would rather not say" in first
    answers = {"abuse.abused": "no", "joint_return": "yes", "refund_offset.debt": "child_support", "debt_owed_only_by_spouse": "yes",
               "you_legally_obligated": "no", "your_tax_payments": "yes", "your_earned_income": "yes", "other_refundable_credit": "no",
               "return_items": {"rows": "4", "0.kind": "wages", "0.owner": "you", "0.amount": "30,000", "1.kind": "wages", "1.owner": "spouse",
                                "1.amount": "50000", "2.kind": "federal_withholding", "2.owner": "you", "2.amount": "6,000", "3.kind": "", "3.owner": ""}}
    asked = walk(client, case_id, answers)
    for never in ("fraudulent", "economic_hardship", "collection", "liabilities", ".items", "marriage", "illinois", "f8857"):
        assert not any(never in field for field in asked), (never, asked)
    assert "tax_years.0.refund_offset.debt" in asked and "forms.f8379.first_on_return" in asked
    results = client.get(f"/cases/{case_id}/results").text
    todo = results.split('id="todo"', 1)[1].split("</section>", 1)[0]
    assert "Send Form 8379, Injured Spouse Allocation for 2024 by April 18, 2028" in todo
    assert "Form 8857" not in todo and "Illinois" not in results.split("<footer", 1)[0]
    # the items entered once as rows feed Form 8379: the same sentence as the pipeline's
    from spouse_relief.case import parse_case
    from spouse_relief.pipeline import run
    from web_support import TODAY

    saved = client.get(f"/cases/{case_id}/export.json").json()
    assert [item["kind"] for item in saved["facts"]["tax_years"][0]["return_items"]] == ["wages", "wages", "federal_withholding"]
    headline = run(parse_case(saved), TODAY).years[0].worksheets["f8379"].headline
    assert headline and "$" in headline and str(escape(headline)) in todo
    assert "2028-04-18" not in results.split("<footer", 1)[0]


def test_small_yes_no_questions_share_a_page_and_each_says_why_and_which_line(client):
    case_id = start(client, "rosa", "refund_taken", "OH", 2024)
    answer(client, case_id, {"abuse.abused": "no"})
    answer(client, case_id, {"joint_return": "yes"})  # the return's page
    page = client.get(f"/cases/{case_id}/interview").text
    asked = questions_on(page)
    if asked == ["tax_years.0.return_filed_on"]:
        answer(client, case_id, {})
        page = client.get(f"/cases/{case_id}/interview").text
        asked = questions_on(page)
    assert asked == ["tax_years.0.refund_offset.debt"]  # whose debt it was comes after its kind (a kind that cannot be split ends it)
    assert "Why we ask:" in page and "For the preparer: Form 8379, line 3." in page
    assert "<title>The refund that was taken · spouse-relief</title>" in page
    answer(client, case_id, {"refund_offset.debt": "child_support"})
    grouped = questions_on(client.get(f"/cases/{case_id}/interview").text)
    assert grouped == ["tax_years.0.refund_offset.debt_owed_only_by_spouse", "tax_years.0.refund_offset.you_legally_obligated"]


def test_an_empty_answer_is_an_error_beside_the_question_with_error_in_the_title(client):
    case_id = start(client, "lee", "refund_taken", "OH", 2024)
    page = client.get(f"/cases/{case_id}/interview").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    empty = client.post(f"/cases/{case_id}/interview", data={"csrf_token": CSRF.search(page).group(1), "version": version, "fields": "abuse.abused", "action": "next"})
    assert empty.status_code == 422
    assert "<title>Error: Your safety · spouse-relief</title>" in empty.text
    assert 'href="#f-q.abuse.abused"' in empty.text and 'id="f-q.abuse.abused"' in empty.text


def test_abuse_yes_puts_safety_first_on_every_page_and_at_the_top_of_the_results(client):
    case_id = start(client, "ana", "tax_missing", "OH", 2022)
    answer(client, case_id, {"abuse.abused": "yes"})
    for page in ("", "/people", "/interview", "/results", "/packet", "/check"):
        text = client.get(f"/cases/{case_id}{page}").text
        main = text.split('<main id="main"', 1)[1]
        assert main.index("Your safety comes first") < main.index("<h1"), page
        assert "Exit this page" in text
    people = client.get(f"/cases/{case_id}/people").text
    assert "will not tell them your address" in people or "It will not tell them" in people


def test_check_your_answers_lists_every_answer_with_a_change_link(client):
    case_id = start(client, "sam", "refund_taken", "OH", 2024)
    answer(client, case_id, {"abuse.abused": "no"})
    check = client.get(f"/cases/{case_id}/check").text
    assert "<title>Check your answers · spouse-relief</title>" in check
    assert "Was a joint refund for this year taken" in check  # from "What happened?", kept as an answer
    assert re.search(r'href="/cases/[0-9a-f]+/interview\?edit=abuse.abused&amp;return=check"', check)
    assert "abuse.abused" not in re.sub(r'href="[^"]*"', "", check)


def test_field_paths_are_put_in_words():
    from spouse_relief.web.interview_plan import field_words, plain_error

    assert field_words("tax_years.2022.f8379.income") == "An answer for Form 8379 (2022)"
    assert plain_error("tax_years.0.refund_offset.status: choose one").startswith("Was a joint refund for this year taken")
    assert "tax_years" not in plain_error("facts.tax_years: add a tax year first")


@pytest.mark.parametrize("message", [
    "tax_years.0.abuse: is not a field this form knows",
    "tax_years.0.year: Input should be a valid integer, unable to parse string as an integer",
    "household.moved_apart_on: is after the screening date (as_of)",
    "case_id: Field required; tax_years.0.refund_offset.status: Input should be 'taken' or 'none'",
    ": Input should be a valid list",
    "q.tax_years.0.items.2.amount: the answer was offset_of_your_refund, reason to know False",
])
def test_an_error_page_says_what_is_wrong_in_words(sqlite_app, message):
    """The error page (whatever error the app turns into a page) never shows a field path, a code
    word or the validation library's phrasing."""
    from fastapi.testclient import TestClient
    from test_web_front import developer_words

    from spouse_relief.errors import InputError

    field, _, what = message.partition(": ")

    @sqlite_app.get("/test-error")
    def failing():
        raise InputError(field, what)

    page = TestClient(sqlite_app).get("/test-error")
    assert page.status_code == 422 and "Please check your input" in page.text
    shown = re.sub(r"<[^>]+>", " ", page.text.split('role="alert">', 1)[1].split("</p>", 1)[0])
    assert shown.strip() and developer_words(shown) == [], shown


def test_the_case_list_shows_status_next_deadline_and_days_left_and_searches(client):
    case_id = start(client, "clinic", "refund_taken", "OH", 2024)
    answer(client, case_id, {"abuse.abused": "no"})
    listing = client.get("/cases").text
    assert "question" in listing and "open" in listing
    row = listing.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "April 18, 2028" in row and "1,142" in row, row  # Form 8379 for 2024, from March 3, 2025
    assert "My case, 2024" in client.get("/cases?q=2024").text
    assert "No case matches" in client.get("/cases?q=garcia").text


def _import(client, name, body, **extra):
    page = client.get("/cases").text
    return client.post("/cases/import", data={"csrf_token": CSRF.search(page).group(1), **extra}, files={"file": (name, body, "application/octet-stream")})


def test_import_refuses_what_is_not_a_case_and_does_not_duplicate_silently(client):
    start(client, "volunteer", "refund_taken", "OH", 2024)
    junk = _import(client, "hello.json", b'{"hello": 1}')
    assert junk.status_code == 422 and "This file is not a spouse-relief case" in junk.text and "docs/" not in junk.text
    pdf = _import(client, "scan.pdf", b"%PDF-1.4\n\xff\xfe\x00binary")
    assert pdf.status_code == 422 and "not text" in pdf.text
    case = b'{"format": "spouse-relief-case", "version": 2, "title": "Garcia", "facts": {"tax_years": [{"year": 2023, "refund_offset": {"status": "taken"}}]}}'
    assert _import(client, "garcia.json", case).status_code == 303
    again = _import(client, "garcia.json", case)
    assert again.status_code == 422 and "already saved as &#34;Garcia&#34;" in again.text
    assert _import(client, "garcia.json", case, copy="1").status_code == 303
    assert client.get("/cases").text.count(">Garcia</a>") == 2


def test_rows_with_errors_come_back_all_at_once_beside_their_cells(client):
    case_id = start(client, "pat", "refund_taken", "OH", 2024)
    page = client.get(f"/cases/{case_id}/interview?edit=tax_years.0.return_items").text
    assert "There were none" in page and "Save and add more rows" in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    field = "tax_years.0.return_items"
    bad = client.post(f"/cases/{case_id}/interview", data={
        "csrf_token": CSRF.search(page).group(1), "version": version, "fields": field, "edit": field, "action": "next", f"q.{field}.rows": "2",
        f"q.{field}.0.kind": "wages", f"q.{field}.0.amount": "12,34.5.6", f"q.{field}.1.amount": "100"})
    assert bad.status_code == 422
    for cell in ("0.owner", "0.amount", "1.kind", "1.owner"):
        assert f'href="#f-q.{field}.{cell}"' in bad.text and f'id="f-q.{field}.{cell}-error"' in bad.text, cell
    assert 'value="12,34.5.6"' in bad.text  # what was typed stays
    assert "return_items" not in re.sub(r'(name|id|href|for|value|aria-describedby)="[^"]*"', "", bad.text)


def test_the_worksheet_prints_alone_with_the_name_and_number_on_every_page(client):
    from pathlib import Path

    start(client, "preparer", "state_bill", "IL", 2022)
    body = (Path(__file__).resolve().parents[2] / "examples/il8857/line_entry_2022.json").read_bytes()
    imported = _import(client, "line_entry_2022.json", body)
    case_id = re.search(r"/cases/([0-9a-f]{32})", imported.headers["location"]).group(1)
    page = client.get(f"/cases/{case_id}/people").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    client.post(f"/cases/{case_id}/people", data={"csrf_token": CSRF.search(page).group(1), "version": version, "title": "Lines",
                                                  "requesting_spouse.name": "Pat Example", "requesting_spouse.ssn": "123-45-6789"})
    printed = client.get(f"/cases/{case_id}/years/2022/il8857/print").text
    header = printed.split('class="print-header"', 1)[1].split("</div>", 1)[0]
    assert "Pat Example" in header and "123-45-6789" in header  # on paper, every page
    shown = printed.replace(header, "")
    assert "***-**-6789" in shown and "123-45-6789" not in shown  # on screen, masked
    assert "How was this computed?" not in printed and 'class="worksheet"' in printed


def test_questions_without_an_account_carry_over_to_the_saved_case(client):
    client.post("/start/what-happened", data={"csrf_token": token(client, "/start/what-happened"), "what_happened": "refund_taken", "state": "OH", "tax_years": "2024"})
    check = client.get("/start/check").text
    assert 'href="/start/interview"' in check
    page = client.get("/start/interview")
    assert page.status_code == 200 and questions_on(page.text) == ["abuse.abused"]
    assert "without an account" in page.text and 'action="/start/interview"' in page.text
    data = {"csrf_token": CSRF.search(page.text).group(1), "version": "0", "fields": ["abuse.abused"], "action": "next"}
    empty = client.post("/start/interview", data=data)
    assert empty.status_code == 422 and "Choose an answer" in empty.text  # nothing chosen: said beside the question
    saved = client.post("/start/interview", data={**data, "q.abuse.abused": "no"})
    assert saved.status_code == 303 and saved.headers["location"] == "/start/interview?msg=saved"
    after = client.get("/start/interview?msg=saved").text
    assert "abuse.abused" not in questions_on(after) and "stay in this browser" in after
    # the answer given without an account is in the case made when the person makes one
    client.post("/register", data={"csrf_token": token(client, "/register"), "username": "nora", "password": PASSWORD, "confirm": PASSWORD, "next": "/start/check"})
    created = client.post("/start/continue", data={"csrf_token": token(client, "/start/check")})
    case_id = re.search(r"/cases/([0-9a-f]{32})", created.headers["location"]).group(1)
    assert "abuse.abused" not in questions_on(client.get(f"/cases/{case_id}/interview").text)
    assert "My case, 2024" in client.get(f"/cases/{case_id}").text
    assert client.get("/start/interview").headers["location"] == "/start/what-happened"  # handed over once


def test_changing_what_happened_keeps_the_answers_given_without_an_account(client):
    from spouse_relief.web.start_pages import carry_over, seed_case

    first = {"what_happened": ["refund_taken"], "states": ["OH"], "tax_years": [2024], "tax_years_unsure": False}
    case = seed_case(first, "My case").as_document()
    case["facts"]["abuse"] = {"abused": False}
    case["facts"]["tax_years"][0]["joint_return"] = True
    case["answered"] += [{"id": "abused", "field": "abuse.abused"}, {"id": "joint_return", "field": "tax_years.0.joint_return"}]
    case["unknown"] = ["tax_years.0.refund_offset.debt"]
    changed = carry_over(case, {**first, "states": ["MO"], "tax_years": [2023, 2024]})
    years = changed["facts"]["tax_years"]
    assert [entry["year"] for entry in years] == [2023, 2024]
    assert years[1]["joint_return"] is True and years[1]["residence_state"] == "MO" and "joint_return" not in years[0]
    fields = [answer["field"] for answer in changed["answered"]]
    assert "abuse.abused" in fields and "tax_years.1.joint_return" in fields and "tax_years.0.joint_return" not in fields
    assert changed["unknown"] == ["tax_years.1.refund_offset.debt"] and changed["facts"]["abuse"]["abused"] is False
    dropped = carry_over(case, {**first, "tax_years": [2022]})  # the year is no longer chosen: its answers go with it
    assert "joint_return" not in dropped["facts"]["tax_years"][0] and "tax_years.0.joint_return" not in [a["field"] for a in dropped["answered"]]


def test_when_the_answers_no_longer_fit_in_the_browser_an_account_is_offered(client, monkeypatch):
    from spouse_relief.web import anonymous

    client.post("/start/what-happened", data={"csrf_token": token(client, "/start/what-happened"), "what_happened": "refund_taken", "state": "OH", "tax_years": "2024"})
    page = client.get("/start/interview").text
    monkeypatch.setattr(anonymous, "MAX_COOKIE", 50)
    data = {"csrf_token": CSRF.search(page).group(1), "version": "0", "fields": ["abuse.abused"], "action": "next", "q.abuse.abused": "no"}
    full = client.post("/start/interview", data=data)
    assert full.status_code == 303 and full.headers["location"] == "/start/check?full=1"
    check = client.get("/start/check?full=1").text
    assert "no longer fit in this browser" in check and 'href="/start/interview"' not in check


def test_collection_actions_and_payments_are_rows_with_dates_in_words(client):
    case_id = start(client, "dana", ["tax_missing", "irs_collecting"], "OH", 2022)
    field = "tax_years.0.collection"
    page = client.get(f"/cases/{case_id}/interview?edit={field}").text
    assert 'type="date"' in page and "A notice of intent to levy" in page and "levy_notice</option>" not in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {"csrf_token": CSRF.search(page).group(1), "version": version, "fields": field, "edit": field, f"q.{field}.rows": "3",
            f"q.{field}.0.kind": "levy_notice", f"q.{field}.0.on": "09/28/2026", f"q.{field}.1.kind": "demand_for_payment", f"q.{field}.1.on": "last spring"}
    bad = client.post(f"/cases/{case_id}/interview", data=data)
    assert bad.status_code == 422 and "Row 2: enter the date, like 04/15/2025." in bad.text
    assert f'id="f-q.{field}.1.on-error"' in bad.text and 'value="last spring"' in bad.text  # beside the cell, what was typed kept
    data[f"q.{field}.1.on"] = "2024-06-10"
    data[f"q.{field}.0.on"] = "2026-09-28"  # after today (March 3, 2025 in these tests): said in words
    later = client.post(f"/cases/{case_id}/interview", data=data)
    assert later.status_code == 422 and "September 28, 2026 is after today (March 3, 2025)" in later.text and "as_of" not in later.text
    data[f"q.{field}.0.on"] = "01/28/2025"
    saved = client.post(f"/cases/{case_id}/interview", data=data)
    assert saved.status_code == 303, re.sub(r"<[^>]+>", " ", saved.text.split('class="error-summary"', 1)[-1])[:500]
    check = client.get(f"/cases/{case_id}/check").text
    assert "A notice of intent to levy" in check and "January 28, 2025" in check and "June 10, 2024" in check
    assert "2025-01-28" not in check and "levy_notice" not in check
    from spouse_relief.web.interview_plan import row_options

    assert [value for value, _ in row_options("payments", "source", False)][:2] == ["with_return", "withholding"]


def test_without_an_account_and_without_a_year_the_questions_ask_for_the_year_first(client):
    client.post("/start/what-happened", data={"csrf_token": token(client, "/start/what-happened"), "what_happened": "not_sure", "state": "OH", "tax_years_unsure": "1"})
    page = client.get("/start/interview")
    assert page.status_code == 200 and "Which tax year is this about?" in page.text
    assert 'href="/start/what-happened#f-tax_years"' in page.text and "/cases/" not in page.text.split("<main", 1)[1].split("</main>", 1)[0]

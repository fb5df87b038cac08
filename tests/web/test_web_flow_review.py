"""What a walk through the web interview as a new user found, each fixed and kept fixed: the
person's own name, number and address asked by the flow when a form applies; questions that point
to an answer not given; an honest count above form questions; Back after Change; the safety page's
words; a name for the case; plain words for files; the case overview leading on. Through the test
client (the browser walks are in test_web_walks.py)."""

from __future__ import annotations

import re

import pytest

from test_web_interview import CSRF, answer, questions_on, start, walk

INJURED = {"abuse.abused": "no", "joint_return": "yes", "refund_offset.debt": "child_support", "debt_owed_only_by_spouse": "yes",
           "you_legally_obligated": "no", "your_tax_payments": "yes", "your_earned_income": "yes", "other_refundable_credit": "no",
           "return_items": {"rows": "2", "0.kind": "wages", "0.owner": "you", "0.amount": "30,000", "1.kind": "federal_withholding",
                            "1.owner": "you", "1.amount": "6,000"}}
ABOUT = {"people.requesting_spouse.name": "Maria Lopez", "people.requesting_spouse.ssn": "123-45-6789",
         "people.requesting_spouse.address": {"street": "12 Oak St", "apt": "4B", "city_state_zip": "Columbus, OH 43004"},
         "people.other_spouse.name": "Juan Lopez", "people.other_spouse.ssn": "__unknown__"}


@pytest.fixture
def client(sqlite_app):
    from fastapi.testclient import TestClient

    return TestClient(sqlite_app, follow_redirects=False)


def _saved(client, case_id):
    return client.get(f"/cases/{case_id}/export.json").json()


def _to_about(client, case_id):
    """Answer the screening's questions (and nothing after): the page then shown."""
    for _ in range(30):
        page = client.get(f"/cases/{case_id}/interview").text
        fields = questions_on(page)
        if not fields or fields[0].startswith(("people.", "forms.")):
            return page
        answer(client, case_id, INJURED)
    raise AssertionError("the screening did not end")


def test_the_flow_asks_your_name_number_and_address_before_the_form_questions(client):
    case_id = start(client, "maria", "refund_taken", "OH", 2024)
    page = _to_about(client, case_id)
    # Form 8379 prints both names and numbers (line 10), no address of the injured spouse's own
    assert questions_on(page) == ["people.requesting_spouse.name", "people.requesting_spouse.ssn", "people.other_spouse.name", "people.other_spouse.ssn"]
    assert "<title>About you · spouse-relief</title>" in page and "For the preparer: Form 8379, line 10." in page
    assert "Leave it blank: I will fill it in by hand" in page
    answer(client, case_id, ABOUT)
    people = _saved(client, case_id)["people"]
    assert people["requesting_spouse"] == {"name": "Maria Lopez", "ssn": "123-45-6789", "address": "", "phone": "", "email": ""}
    assert people["other_spouse"]["name"] == "Juan Lopez" and people["other_spouse"]["ssn"] == ""
    after = client.get(f"/cases/{case_id}/interview").text
    assert not any(field.startswith("people.") for field in questions_on(after))  # asked once
    assert "123-45-6789" not in after and "***-**-6789" in after  # masked in the answers so far
    check = client.get(f"/cases/{case_id}/check").text
    assert "Maria Lopez" in check and "Not given" not in check.split("Tax years", 1)[0]
    assert "123-45-6789" not in check
    # the form questions are asked, and the filled form has no "Your current name" left by hand
    walk(client, case_id, {})
    forms = client.get(f"/cases/{case_id}/packet/forms").text if client.get(f"/cases/{case_id}/packet/forms").status_code == 200 else ""
    assert "Your current name" not in forms


def test_editing_the_saved_number_never_shows_it_and_empty_keeps_it(client):
    case_id = start(client, "nina", "refund_taken", "OH", 2024)
    _to_about(client, case_id)
    answer(client, case_id, ABOUT)
    page = client.get(f"/cases/{case_id}/interview?edit=people.requesting_spouse.ssn&return=check").text
    assert "123-45-6789" not in page and "Saved as ***-**-6789" in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    base = {"csrf_token": CSRF.search(page).group(1), "version": version, "fields": "people.requesting_spouse.ssn",
            "edit": "people.requesting_spouse.ssn", "return": "check", "action": "next"}
    kept = client.post(f"/cases/{case_id}/interview", data={**base, "q.people.requesting_spouse.ssn": ""})
    assert kept.status_code == 303 and "/check" in kept.headers["location"]
    assert _saved(client, case_id)["people"]["requesting_spouse"]["ssn"] == "123-45-6789"
    page = client.get(f"/cases/{case_id}/interview?edit=people.requesting_spouse.ssn&return=check").text
    base["version"] = re.search(r'name="version" value="(\d+)"', page).group(1)
    wrong = client.post(f"/cases/{case_id}/interview", data={**base, "q.people.requesting_spouse.ssn": "12345"})
    assert wrong.status_code == 422 and "enter 9 digits" in wrong.text.lower()


def _about(year: dict, **case) -> list[str]:
    from spouse_relief.case import parse_case
    from spouse_relief.pipeline import run
    from spouse_relief.web import interview_plan as plan
    from web_support import TODAY

    parsed = parse_case({"format": "spouse-relief-case", "version": 2, "title": "t", "facts": {"tax_years": [{"year": 2022, **year}]}, **case})
    return [question.field for question in plan.about_questions(run(parsed, TODAY))]


def test_form_8857_asks_the_home_address_and_the_spouses_name_not_a_name_the_case_has():
    missing = {"joint_return": True, "refund_offset": {"status": "none"}, "liabilities": {"understatement": True}}
    assert _about(missing) == ["people.requesting_spouse.name", "people.requesting_spouse.ssn", "people.requesting_spouse.address",
                               "people.other_spouse.name"]
    known = {"people": {"requesting_spouse": {"name": "Ana", "address": "1 Elm St\nDayton, OH 45402"}, "other_spouse": {"name": "Leo"}},
             "unknown": ["people.requesting_spouse.ssn"]}
    assert _about(missing, **known) == []


def test_an_address_typed_in_parts_reads_back_the_same():
    from spouse_relief.forms.source import split_address
    from spouse_relief.web.interview_plan import address_parts, address_text

    text = address_text({"street": "12 Oak St", "apt": "4B", "city_state_zip": "Columbus, OH 43004"})
    assert text == "12 Oak St\nApt 4B\nColumbus, OH 43004"
    assert split_address(text).apt == "Apt 4B" and address_parts(text)["city_state_zip"] == "Columbus, OH 43004"


def test_the_draft_without_an_account_keeps_the_name_and_number(client):
    data = {"csrf_token": CSRF.search(client.get("/start/what-happened").text).group(1), "what_happened": "refund_taken", "state": "OH", "tax_years": "2024"}
    client.post("/start/what-happened", data=data)
    for _ in range(30):
        page = client.get("/start/interview").text
        fields = questions_on(page)
        if not fields or fields[0].startswith("people."):
            break
        post = {"csrf_token": CSRF.search(page).group(1), "version": "0", "fields": fields, "action": "next"}
        for field in fields:
            value = next((value for key, value in INJURED.items() if field.endswith(key)), "__unknown__")
            post.update({f"q.{field}.{key}": item for key, item in value.items()} if isinstance(value, dict) else {f"q.{field}": value})
        assert client.post("/start/interview", data=post).status_code == 303
    assert fields[0] == "people.requesting_spouse.name"
    post = {"csrf_token": CSRF.search(page).group(1), "version": "0", "fields": fields, "action": "next"}
    for field in fields:
        value = ABOUT[field]
        post.update({f"q.{field}.{key}": item for key, item in value.items()} if isinstance(value, dict) else {f"q.{field}": value})
    saved = client.post("/start/interview", data=post)
    assert saved.status_code == 303 and "full=1" not in saved.headers["location"]  # still fits in the browser
    from spouse_relief.web.interview_pages import _draft

    class Request:  # the draft as the next page reads it
        cookies = client.cookies
        app = client.app

    _kept, case = _draft(Request())
    assert case.people.requesting_spouse.name == "Maria Lopez" and case.people.requesting_spouse.ssn == "123-45-6789"
    after = client.get("/start/interview").text
    assert "123-45-6789" not in after and "***-**-6789" in after


def test_mail_county_and_voicemail_are_asked_only_about_an_address_or_phone_given():
    from spouse_relief.case import Person, People
    from spouse_relief.forms.answers import FormAnswers
    from spouse_relief.forms.source import _WHEN, CaseInputs

    def inputs(person=Person(), **answers):
        return CaseInputs(people=People(requesting_spouse=person), facts=None, answers=FormAnswers.model_validate({"f8857": answers}))

    blank = inputs()
    assert not _WHEN["an address is given"](blank, blank.answers) and not _WHEN["a phone number is given"](blank, blank.answers)
    home = inputs(Person(address="12 Oak St\nColumbus, OH 43004", phone="614-555-0100"))
    assert _WHEN["an address is given"](home, home.answers) and _WHEN["a phone number is given"](home, home.answers)
    safe = inputs(contact_address={"street": "PO Box 9", "city_state_zip": "Columbus, OH 43004"}, safe_phone="614-555-0101")
    assert _WHEN["an address is given"](safe, safe.answers) and _WHEN["a phone number is given"](safe, safe.answers)
    from spouse_relief.forms.answers import QUESTIONS

    when = {question.id: question.when for question in QUESTIONS}
    assert when["send_all_mail_here"] == when["county"] == "an address is given" and when["voicemail_ok"] == "a phone number is given"


def test_a_page_of_form_questions_counts_the_form_questions(client):
    case_id = start(client, "omar", "refund_taken", "OH", 2024)
    page = _to_about(client, case_id)
    caption = page.split('class="caption"', 1)[1].split("</p>", 1)[0]
    assert "before we can tell you what to do" not in caption and "for the forms, this page included" in caption
    first = client.get(f"/cases/{case_id}/interview").text
    assert "screening-done" in first


def test_back_on_a_page_opened_from_check_your_answers_returns_there(client):
    case_id = start(client, "pat", "refund_taken", "OH", 2024)
    answer(client, case_id, {"abuse.abused": "no"})
    answer(client, case_id, {"joint_return": "yes"})
    page = client.get(f"/cases/{case_id}/interview?edit=abuse.abused&return=check").text
    assert 'name="return" value="check"' in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    back = client.post(f"/cases/{case_id}/interview", data={"csrf_token": CSRF.search(page).group(1), "version": version, "fields": "abuse.abused",
                                                            "edit": "abuse.abused", "return": "check", "action": "back"})
    assert back.status_code == 303 and back.headers["location"] == f"/cases/{case_id}/check"
    plain = client.post(f"/cases/{case_id}/interview", data={"csrf_token": CSRF.search(page).group(1), "version": version, "fields": "abuse.abused",
                                                             "edit": "abuse.abused", "action": "back"})
    assert "/interview?edit=" in plain.headers["location"]  # without "return", Back still walks the answers


def test_the_safety_page_names_only_the_answers_it_offers(client):
    case_id = start(client, "lin", "tax_missing", "OH", 2022)
    page = client.get(f"/cases/{case_id}/interview").text
    assert questions_on(page) == ["abuse.abused"]
    assert "I would rather not say" in page
    assert "I don&#39;t know" not in page.split("<main", 1)[1].split('id="answers"', 1)[0]
    assert "choose &#34;I don&#39;t know&#34;" not in page and 'choose "I don' not in page


def _triage(client, **extra):
    page = client.get("/start/what-happened").text
    data = {"csrf_token": CSRF.search(page).group(1), "what_happened": "refund_taken", "state": "OH", "tax_years": "2024", **extra}
    return page, client.post("/start/what-happened", data=data)


def test_with_an_account_the_case_gets_a_name_shown_in_the_list_and_found_by_search(client):
    start(client, "clinic", "refund_taken", "OH", 2024)
    page, posted = _triage(client, case_name="  Maria   Lopez ")
    assert "Whose case is this? (optional)" in page and posted.status_code == 303
    assert "Maria Lopez" in client.get("/start/check").text
    created = client.post("/start/continue", data={"csrf_token": CSRF.search(client.get("/start/check").text).group(1)})
    assert created.status_code == 303
    listing = client.get("/cases?q=lopez").text
    assert "Maria Lopez, 2024" in listing and "My case, 2024" not in listing
    assert "My case, 2024" in client.get("/cases").text  # without a name the default stays
    _page, long = _triage(client, case_name="x" * 101)
    assert long.status_code == 422 and "at most 100 characters" in long.text


def test_without_an_account_the_case_name_is_not_asked(client):
    assert 'id="f-case_name"' not in client.get("/start/what-happened").text


def test_import_help_and_a_broken_file_speak_plainly(client):
    start(client, "reader", "refund_taken", "OH", 2024)
    listing = client.get("/cases").text
    assert "command line" not in listing and "A case you downloaded from this site" in listing
    broken = client.post("/cases/import", data={"csrf_token": CSRF.search(listing).group(1)},
                         files={"file": ("broken.yaml", b"facts:\n  tax_years:\n    - year: 2024\n  - oops: [\n", "application/octet-stream")})
    assert broken.status_code == 422
    message = broken.text.split('id="f-file-error"', 1)[1].split("</p>", 1)[0]
    assert "This file could not be read: something in its text is out of place at line" in message
    for never in ("One of your answers", "malformed", "YAML", "node"):
        assert never not in message, never
    case_id = re.search(r'href="/cases/([0-9a-f]{32})"', listing).group(1)
    overview = client.get(f"/cases/{case_id}").text
    assert "Download this case as a file" in overview and "as JSON" not in overview


def test_the_import_error_in_spanish():
    from spouse_relief.language import translate_text
    from spouse_relief.web.pages import unreadable_file

    words = translate_text("es", unreadable_file("malformed YAML at line 4, column 1: did not find expected node content"))
    assert words.startswith("No se pudo leer este archivo: algo en su texto está fuera de lugar en la línea 4, columna 1")


def test_the_case_overview_leads_on_to_the_next_thing_and_folds_what_does_not_apply(client):
    case_id = start(client, "olga", "refund_taken", "OH", 2024)
    page = client.get(f"/cases/{case_id}").text
    main = page.split('<main id="main"', 1)[1]
    first = re.search(r'<a class="button" href="([^"]+)">([^<]+)</a>', main)
    assert first.group(1) == f"/cases/{case_id}/interview" and first.group(2) == "Go on with the questions"  # "What happened?" was answered
    assert main.index('class="button"') < main.index("What we know so far")  # the next thing first
    # what does not apply (community property for an Ohio resident, ...) is folded, never a red badge
    assert "Not met" not in main and "status-not_met" not in main
    folded = main.split('<details class="not-apply">', 1)[1].split("</details>", 1)[0]
    assert "do not apply" in folded and "66(c)" in folded
    # the steps carry the numbers of the steps above every case page (Overview is 1)
    steps = main.split('<ol class="steps" start="2">', 1)[1].split("</ol>", 1)[0]
    assert steps.count("<li>") == 6 and "Check your answers" in steps
    # delete is a small action at the end, not a large red button
    assert 'class="danger"' not in main and 'class="link danger">Delete this case</button>' in main
    walk(client, case_id, INJURED)
    done = client.get(f"/cases/{case_id}").text
    assert f'<a class="button" href="/cases/{case_id}/results">See what to do now</a>' in done


def test_a_form_question_never_shares_a_page_with_a_screening_question():
    from spouse_relief.navigator.findings import Question
    from spouse_relief.web.interview_plan import next_page

    asked = [Question("poor_health", "tax_years.0.poor_health", "Poor health?"), Question("language", "forms.f8857.english_primary", "English?"),
             Question("afraid_to_provide", "forms.f8857.afraid_to_provide", "Afraid?")]
    kinds = {question.field: "yes_no" for question in asked}
    assert [question.id for question in next_page(asked, kinds)] == ["poor_health"]
    assert [question.id for question in next_page(asked[1:], kinds)] == ["language", "afraid_to_provide"]

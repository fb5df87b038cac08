"""The web interview walked as a new user with the Illinois levy case (tests/review_cases.py): an
amount still waiting names what is missing and links to the question that asks it; the worksheet's
item list names each line once; the IL-8857 line entry keeps what was typed across an error (POST,
redirect, GET); "Check your answers" shows the address and comes back after a change; the "For the
forms" note says the choice each page offers."""

from __future__ import annotations

import copy
from datetime import date
import html
import re

import pytest

from test_web_flow_review import client  # noqa: F401  (a client of a new database)
from test_web_results_review import FACTS, _case, web  # noqa: F401  (the logged-in client, the levy case)


@pytest.fixture
def spanish(web):
    web.get("/language/es?next=/cases")
    yield web
    web.get("/language/en?next=/cases")


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _waiting(page: str) -> list[str]:
    return [html.unescape(chunk) for chunk in re.findall(r'<p class="todo-missing">(.*?)</p>', page, re.S)]


# --- 1. an amount still waiting names what is missing and links to the question -----------------

def test_the_illinois_amount_waiting_names_the_items_and_links_to_their_question(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    waiting = [line for line in _waiting(web.get(f"/cases/{case_id}/results").text) if "IL-8857" in line]
    assert len(waiting) == 1, waiting
    assert "Add the items of the joint return (income, adjustments, Illinois payments)" in waiting[0]
    link = re.search(r'<a href="([^"]+)">([^<]+)</a>', waiting[0])
    assert link.group(1) == f"/cases/{case_id}/interview?edit=tax_years.0.return_items&return=results"
    assert link.group(2) == "Enter the items of the joint return for 2022"
    asked = web.get(link.group(1)).text
    assert 'name="q.tax_years.0.return_items.0.kind"' in asked  # the page that asks them, for that year


def test_the_waiting_link_in_spanish(web, spanish):
    case_id = _case(web, copy.deepcopy(FACTS))
    waiting = [line for line in _waiting(web.get(f"/cases/{case_id}/results").text) if "IL-8857" in line]
    assert len(waiting) == 1 and "No amount yet" not in waiting[0] and "Enter the" not in waiting[0], waiting
    assert (f'href="/cases/{case_id}/interview?edit=tax_years.0.return_items&return=results">'
            "Ingrese las partidas de la declaración conjunta de 2022</a>") in waiting[0]


# --- 1b. the items page opened from the results goes back to the results after saving -------------

ITEMS = "tax_years.0.return_items"


def _items_form(page: str, back: str | None, **extra: str) -> dict[str, str]:
    """Wages of 52,000 of the requesting spouse's, typed on the items page."""
    data = {"csrf_token": _token(page), "version": re.search(r'name="version" value="(\d+)"', page).group(1),
            "fields": ITEMS, "edit": ITEMS, "action": "next", f"q.{ITEMS}": "add", f"q.{ITEMS}.rows": "3",
            f"q.{ITEMS}.0.kind": "wages", f"q.{ITEMS}.0.owner": "you", f"q.{ITEMS}.0.amount": "52,000", **extra}
    if back is not None:
        data["return"] = back
    return data


def _waiting_link(page: str) -> str:
    line = next(line for line in _waiting(page) if "IL-8857" in line)
    return re.search(r'<a href="([^"]+)">', line).group(1)


def test_the_items_page_opened_from_the_results_goes_back_to_the_results(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    link = _waiting_link(web.get(f"/cases/{case_id}/results").text)
    page = web.get(link).text
    assert '<input type="hidden" name="return" value="results">' in page  # carried by the form
    saved = web.post(f"/cases/{case_id}/interview", data=_items_form(page, "results"), follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/cases/{case_id}/results?msg=saved"
    results = web.get(saved.headers["location"]).text
    assert '<p class="flash" role="status">Saved.</p>' in results
    items = web.get(f"/cases/{case_id}/export.json").json()["facts"]["tax_years"][0]["return_items"]
    assert [(item["kind"], item["owner"], item["amount"]) for item in items] == [("wages", "you", "52000.00")]


def test_a_wrong_item_keeps_the_way_back_to_the_results(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    page = web.get(_waiting_link(web.get(f"/cases/{case_id}/results").text)).text
    wrong = web.post(f"/cases/{case_id}/interview", data=_items_form(page, "results", **{f"q.{ITEMS}.0.amount": "lots"}),
                     follow_redirects=False)
    assert wrong.status_code == 422 and '<input type="hidden" name="return" value="results">' in wrong.text
    more = web.post(f"/cases/{case_id}/interview", data={**_items_form(page, "results"), "action": "more"}, follow_redirects=False)
    assert more.headers["location"] == f"/cases/{case_id}/interview?edit={ITEMS}&rows=6&return=results"
    page = web.get(more.headers["location"]).text  # the rows saved, six boxes now; the way back still there
    assert '<input type="hidden" name="return" value="results">' in page and f'name="q.{ITEMS}.5.kind"' in page
    back = web.post(f"/cases/{case_id}/interview", data={**_items_form(page, "results"), "action": "back"}, follow_redirects=False)
    assert back.headers["location"] == f"/cases/{case_id}/results"


@pytest.mark.parametrize("back", ["https://example.com/", "//example.com", "/cases", "packet", "", None])
def test_an_unknown_return_is_ignored(web, back):
    case_id = _case(web, copy.deepcopy(FACTS))
    query = "" if back is None else "&return=" + __import__("urllib.parse").parse.quote(back, safe="")
    page = web.get(f"/cases/{case_id}/interview?edit={ITEMS}{query}").text
    assert 'name="return"' not in page
    saved = web.post(f"/cases/{case_id}/interview", data=_items_form(page, back), follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/cases/{case_id}/interview?msg=saved"  # the interview goes on


def test_the_draft_without_an_account_goes_back_to_its_results(client):
    from test_web_draft import keep_draft

    from spouse_relief.case import FORMAT, VERSION

    triage = {"what_happened": ["irs_collecting"], "states": ["IL"], "tax_years": [2022], "tax_years_unsure": False}
    keep_draft(client, client.app, triage, {"format": FORMAT, "version": VERSION, "title": "My case", "facts": copy.deepcopy(FACTS)})
    results = client.get("/start/results")
    assert results.status_code == 200, results.headers.get("location")
    link = _waiting_link(results.text)
    assert link == f"/start/interview?edit={ITEMS}&return=results"
    numbers = html.unescape(results.text.split('id="numbers"', 1)[1])  # the numbers: the draft has no worksheet page
    assert f'2022, Form IL-8857: no amount yet:' in numbers
    assert f'<a href="/start/interview?edit={ITEMS}&return=results">Add what is missing' in numbers
    page = client.get(link).text
    assert '<input type="hidden" name="return" value="results">' in page
    saved = client.post("/start/interview", data=_items_form(page, "results"))
    assert saved.status_code == 303 and saved.headers["location"] == "/start/results"
    after = client.get("/start/results").text
    assert not [line for line in _waiting(after) if "IL-8857" in line and "Add the items of the joint return" in line]


# --- 2. the worksheet's item list: each line once, with its printed label -------------------------

def _kind_list(page: str) -> str:
    return page.split('<select id="f-kind"', 1)[1].split("</select>", 1)[0]


def test_the_worksheet_item_list_names_each_line_once(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    listed = html.unescape(_kind_list(web.get(f"/cases/{case_id}/years/2022/il8857?mode=items").text))
    lines = re.findall(r"Line (\d+[a-d]?):", listed)
    assert len(lines) == len(set(lines)), sorted(line for line in lines if lines.count(line) > 1)
    assert "(exemption)" not in listed and "(exemption allowance)" not in listed and "(wages)" not in listed
    assert '<optgroup label="Line 43: Illinois exemption allowance">' in listed
    group = listed.split('<optgroup label="Line 43', 1)[1].split("</optgroup>", 1)[0]
    assert re.findall(r'<option value="([a-z_]+)"', group) == ["exemption", "exemption_allowance"]
    assert '<option value="wages">Line 1: Wages, salaries, tips, etc.</option>' in listed


def test_the_worksheet_item_list_in_spanish(web, spanish):
    case_id = _case(web, copy.deepcopy(FACTS))
    listed = html.unescape(_kind_list(web.get(f"/cases/{case_id}/years/2022/il8857?mode=items").text))
    lines = re.findall(r"Línea (\d+[a-d]?):", listed)
    assert len(lines) == len(set(lines)) > 50
    assert "Una exención para una persona (usted, su cónyuge o un dependiente)" in listed


# --- 5. Check your answers: the address, and Change goes to the question and comes back ------------

def _about_you(web, case_id: str) -> None:
    """Dana's details given on the About you page (not in the questions)."""
    page = web.get(f"/cases/{case_id}/people").text
    saved = web.post(f"/cases/{case_id}/people", data={
        "csrf_token": _token(page), "version": re.search(r'name="version" value="(\d+)"', page).group(1), "title": "Walk",
        "requesting_spouse.name": "Dana Reyes", "requesting_spouse.ssn": "123-45-6789",
        "requesting_spouse.address": "12 Oak St\nApt 4B\nChicago, IL 60601", "other_spouse.name": "Sam Reyes", "action": "save"})
    assert saved.status_code == 200


def _about_rows(page: str) -> dict[str, tuple[str, str]]:
    part = page.split("<dl class=\"summary-list\">", 1)[1].split("</dl>", 1)[0]
    rows = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>\s*<dd class=\"summary-action\"><a href=\"([^\"]+)\"", part, re.S)
    return {html.unescape(key): (value, html.unescape(href)) for key, value, href in rows}


def test_check_your_answers_shows_the_address_and_each_change_asks_the_question_then_comes_back(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    _about_you(web, case_id)
    rows = _about_rows(web.get(f"/cases/{case_id}/check").text)
    assert rows["Your home address"][0] == "12 Oak St<br>Apt 4B<br>Chicago, IL 60601"
    assert rows["Your social security number"][0] == "***-**-6789"
    ask = f"/cases/{case_id}/interview?return=check&edit="
    assert {key: href for key, (_, href) in rows.items()} == {
        "Your name": ask + "people.requesting_spouse.name", "Your social security number": ask + "people.requesting_spouse.ssn",
        "Your home address": ask + "people.requesting_spouse.address", "Your spouse’s name": ask + "people.other_spouse.name"}
    page = web.get(rows["Your home address"][1]).text
    assert "<h1>About you</h1>" in page and 'value="12 Oak St"' in page and 'value="Chicago, IL 60601"' in page
    saved = web.post(f"/cases/{case_id}/interview", data={
        "csrf_token": _token(page), "version": re.search(r'name="version" value="(\d+)"', page).group(1),
        "fields": "people.requesting_spouse.address", "edit": "people.requesting_spouse.address", "return": "check", "action": "next",
        "q.people.requesting_spouse.address.street": "40 Elm Ave", "q.people.requesting_spouse.address.apt": "",
        "q.people.requesting_spouse.address.city_state_zip": "Springfield, IL 62701"})
    assert saved.url.path == f"/cases/{case_id}/check"
    assert _about_rows(saved.text)["Your home address"][0] == "40 Elm Ave<br>Springfield, IL 62701"
    name = web.get(rows["Your name"][1]).text
    assert 'name="q.people.requesting_spouse.name"' in name and 'value="Dana Reyes"' in name


def test_check_your_answers_in_spanish(web, spanish):
    case_id = _case(web, copy.deepcopy(FACTS))
    _about_you(web, case_id)
    rows = _about_rows(web.get(f"/cases/{case_id}/check").text)
    assert rows["Su domicilio"][0] == "12 Oak St<br>Apt 4B<br>Chicago, IL 60601"


# --- 5b. About you: "For the preparer" names only the forms of this case's packet ------------------

def _preparer_lines(page: str) -> list[str]:
    return [html.unescape(line) for line in re.findall(r'<p class="form-line">For the preparer: (.*?)\.</p>', page)]


def test_for_the_preparer_names_only_the_forms_of_a_levy_case(web):
    case_id = _case(web, copy.deepcopy(FACTS))  # Form 8857 and Form IL-8857; no refund taken, no Form 8379
    for field, line in (("people.requesting_spouse.name", "Form 8857, line 5"), ("people.requesting_spouse.ssn", "Form 8857, line 5"),
                        ("people.requesting_spouse.address", "Form 8857, line 5"), ("people.other_spouse.name", "Form 8857, line 6")):
        assert _preparer_lines(web.get(f"/cases/{case_id}/interview?edit={field}&return=check").text) == [line], field
    # the spouse's number is printed only by Form 8379: no line to name for this case
    assert _preparer_lines(web.get(f"/cases/{case_id}/interview?edit=people.other_spouse.ssn&return=check").text) == []


def test_for_the_preparer_names_only_form_8379_for_an_injured_spouse(client):
    from test_web_flow_review import _to_about
    from test_web_interview import answer, start

    case_id = start(client, "ines", "refund_taken", "OH", 2024)
    page = _to_about(client, case_id)  # asked in the flow
    assert set(_preparer_lines(page)) == {"Form 8379, line 10"}
    answer(client, case_id, {"requesting_spouse.name": "Ines Ortiz"})
    for field in ("people.requesting_spouse.name", "people.requesting_spouse.ssn", "people.other_spouse.name"):  # changed later
        assert _preparer_lines(client.get(f"/cases/{case_id}/interview?edit={field}&return=check").text) == ["Form 8379, line 10"], field
    address = client.get(f"/cases/{case_id}/interview?edit=people.requesting_spouse.address&return=check").text
    assert "Form 8857" not in address and _preparer_lines(address) == []  # Form 8379 prints no address of the injured spouse's


# --- 6. the "For the forms" note says the choice each page offers ---------------------------------

def _note(page: str) -> str:
    return html.unescape(re.search(r'<p class="screening-done">(.*?)</p>', page, re.S).group(1))


def _offered(page: str) -> set[str]:
    return {html.unescape(label) for label in re.findall(r'<label for="f-[^"]+-unknown">([^<]+)</label>', page)}


def test_the_for_the_forms_note_names_the_choice_the_page_offers(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    own = web.get(f"/cases/{case_id}/interview?edit=people.requesting_spouse.name").text
    assert _offered(own) == {"Leave it blank: I will fill it in by hand"}
    assert '"Leave it blank" leaves the line for you to fill in by hand.' in _note(own) and "I don't know" not in _note(own)
    spouse = web.get(f"/cases/{case_id}/interview?edit=people.other_spouse.name").text
    assert _offered(spouse) == {"I don't know"}
    assert '"I don\'t know" leaves the line for you to fill in by hand.' in _note(spouse) and "Leave it blank" not in _note(spouse)


def test_the_note_on_a_page_with_both_choices(client):
    from test_web_flow_review import _to_about
    from test_web_interview import start

    case_id = start(client, "rosa", "refund_taken", "OH", 2024)
    page = _to_about(client, case_id)
    assert _offered(page) == {"Leave it blank: I will fill it in by hand", "I don't know"}
    assert '"Leave it blank" or "I don\'t know" leaves the line for you to fill in by hand.' in _note(page)


def test_the_note_in_spanish(web, spanish):
    case_id = _case(web, copy.deepcopy(FACTS))
    own = web.get(f"/cases/{case_id}/interview?edit=people.requesting_spouse.name").text
    offered = _offered(own)
    assert len(offered) == 1 and f'"{next(iter(offered)).split(":")[0]}"' in _note(own), (offered, _note(own))


# --- 4. the IL-8857 line entry: post, redirect, get; what was typed is kept -------------------------

def _lines_form(page: str, **typed: str) -> dict[str, str]:
    return {"csrf_token": _token(page), "version": re.search(r'name="version" value="(\d+)"', page).group(1), **typed}


def _summary(page: str) -> list[str]:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    return [html.unescape(item) for item in re.findall(r'<li><a href="#(f-L[^"]+)">', found.group(0))] if found else []


def test_a_wrong_line_entry_redirects_to_a_page_that_keeps_what_was_typed(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    base = f"/cases/{case_id}/years/2022/il8857"
    page = web.get(base + "?mode=lines").text
    wrong = web.post(base + "/lines", data=_lines_form(page, L1_A="50,000", L1_B="abc", L2_A="12x"), follow_redirects=False)
    assert wrong.status_code == 303 and wrong.headers["location"] == base + "?mode=lines#lines"
    for _ in range(2):  # the page, and the same page again (Back after Print): a GET, the same
        shown = web.get(base + "?mode=lines")
        assert shown.status_code == 200 and "<title>Error: IL-8857 worksheet 2022 · spouse-relief</title>" in shown.text
        assert _summary(shown.text) == ["f-L1_B", "f-L2_A"]  # every error, each linked to its box, saying where
        assert ">Line 1 column B: 'abc' is not a number</a>" in html.unescape(shown.text)
        for key, value in (("L1_A", "50,000"), ("L1_B", "abc"), ("L2_A", "12x")):
            assert f'id="f-{key}" name="{key}" value="{value}"' in shown.text
        assert '<p class="error" id="f-L1_B-error"><span class="visually-hidden">Error: </span>' in shown.text
        assert 'aria-describedby="f-L2_A-error"' in shown.text
    assert web.get(f"/cases/{case_id}/export.json").json().get("overrides", []) == []  # nothing saved yet
    page = shown.text
    right = web.post(base + "/lines", data=_lines_form(page, L1_A="50,000", L1_B="20,000", L2_A="120"), follow_redirects=False)
    assert right.status_code == 303 and "msg=saved" in right.headers["location"]
    after = web.get(base + "?mode=lines").text
    assert "<title>IL-8857 worksheet 2022" in after and _summary(after) == [] and 'name="L1_B" value="20,000"' in after
    saved = web.get(f"/cases/{case_id}/export.json").json()["overrides"][0]["document"]["lines"]
    assert saved == {"1": {"A": "50,000", "B": "20,000"}, "2": {"A": "120"}}


def test_the_kept_lines_belong_to_their_case_and_year(web):
    first, second = _case(web, copy.deepcopy(FACTS)), _case(web, copy.deepcopy(FACTS))
    page = web.get(f"/cases/{first}/years/2022/il8857?mode=lines").text
    web.post(f"/cases/{first}/years/2022/il8857/lines", data=_lines_form(page, L1_B="abc"))
    assert _summary(web.get(f"/cases/{second}/years/2022/il8857?mode=lines").text) == []
    assert _summary(web.get(f"/cases/{first}/years/2022/il8857?mode=lines").text) == ["f-L1_B"]


def test_the_line_entry_errors_in_spanish(web, spanish):
    case_id = _case(web, copy.deepcopy(FACTS))
    base = f"/cases/{case_id}/years/2022/il8857"
    page = web.get(base + "?mode=lines").text
    shown = web.post(base + "/lines", data=_lines_form(page, L1_B="abc"))
    assert str(shown.url).endswith("?mode=lines#lines") and shown.text.count("<title>Error:") == 1
    assert "Lo que escribió se conserva abajo" in html.unescape(shown.text)
    assert ">Línea 1, columna B: 'abc' no es un número</a>" in html.unescape(shown.text)


# --- 4b. the IL-8857 items and the year's answers: post, redirect, get, the same way --------------

def _summaries(page: str) -> dict[str, list[str]]:
    """Each error summary of the page (by its heading's id): the fields its links lead to."""
    return {title: re.findall(r'<li><a href="#(f-[^"]+)">', body)
            for title, body in re.findall(r'<div class="error-summary"[^>]*aria-labelledby="([^"]+)".*?<ul>(.*?)</ul>', page, re.S)}


def test_a_wrong_item_redirects_to_a_page_that_keeps_what_was_typed(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    base = f"/cases/{case_id}/years/2022/il8857"
    page = web.get(base + "?mode=items").text
    typed = {"kind": "", "amount": "12x", "owner": "", "description": "W-2 from Acme", "knew_spouse": "1"}
    wrong = web.post(base + "/items", data=_lines_form(page, **typed), follow_redirects=False)
    assert wrong.status_code == 303 and wrong.headers["location"] == base + "?mode=items#item-form-heading"
    for _ in range(2):  # the page, and again (Back after Print): a GET, the same
        shown = web.get(base + "?mode=items")
        assert shown.status_code == 200 and "<title>Error: IL-8857 worksheet 2022 · spouse-relief</title>" in shown.text
        assert _summaries(shown.text) == {"item-errors-title": ["f-kind", "f-amount", "f-owner"]}  # every error, linked to its field
        assert '<p class="error" id="f-kind-error"><span class="visually-hidden">Error: </span>Choose what kind of item this is.</p>' in shown.text
        assert 'id="f-owner-error"' in shown.text and "Say whose item this is." in shown.text
        assert "&#39;12x&#39; is not a number" in shown.text or "'12x' is not a number" in shown.text
        assert 'id="f-amount" name="amount" type="text" value="12x"' in shown.text
        assert 'value="W-2 from Acme"' in shown.text and 'name="knew_spouse" value="1" checked' in shown.text
        assert 'name="knew_me" value="1">' in shown.text  # not ticked: only what was ticked comes back
        assert "What you typed is kept below but not saved yet: correct what is marked and save it." in shown.text
    assert web.get(f"/cases/{case_id}/export.json").json()["facts"]["tax_years"][0].get("return_items") in (None, [])
    not_number = web.post(base + "/items", data=_lines_form(shown.text, **{**typed, "kind": "wages", "owner": "you"}), follow_redirects=False)
    assert not_number.status_code == 303  # the amount still not one: kept, beside it
    shown = web.get(base + "?mode=items").text
    assert _summaries(shown) == {"item-errors-title": ["f-amount"]} and "not a number" in shown and 'value="12x"' in shown
    right = web.post(base + "/items", data=_lines_form(shown, **{**typed, "kind": "wages", "owner": "you", "amount": "52,000"}),
                     follow_redirects=False)
    assert right.status_code == 303 and right.headers["location"] == base + "?msg=saved#worksheet"
    after = web.get(base + "?mode=items").text
    assert "<title>IL-8857 worksheet 2022" in after and _summaries(after) == {} and 'value="12x"' not in after
    assert 'id="f-description" name="description" type="text" value=""' in after  # the form is for the next item
    items = web.get(f"/cases/{case_id}/export.json").json()["facts"]["tax_years"][0]["return_items"]
    assert [(item["kind"], item["owner"], item["amount"], item.get("knew")) for item in items] == [("wages", "you", "52000.00", ["spouse"])]


def test_a_wrong_change_of_an_item_comes_back_to_that_item(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    base = f"/cases/{case_id}/years/2022/il8857"
    page = web.get(base + "?mode=items").text
    web.post(base + "/items", data=_lines_form(page, kind="wages", owner="you", amount="52000"))
    page = web.get(base + "?edit=0").text
    wrong = web.post(base + "/items", data=_lines_form(page, index="0", kind="wages", owner="you", amount=""), follow_redirects=False)
    assert wrong.headers["location"] == base + "?mode=items&edit=0#item-form-heading"
    shown = web.get(base + "?mode=items&edit=0").text
    assert _summaries(shown) == {"item-errors-title": ["f-amount"]} and "Edit item 1" in shown
    assert _summaries(web.get(base + "?mode=items").text) == {}  # a new item's form: nothing of item 1's
    deleted = web.post(base + "/items/0/delete", data=_lines_form(shown), follow_redirects=False)
    assert deleted.status_code == 303
    assert _summaries(web.get(base + "?mode=items&edit=0").text) == {}  # forgotten with the items' numbers


def test_a_wrong_answer_about_the_year_redirects_and_keeps_the_answers(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    base = f"/cases/{case_id}/years/2022/il8857"
    page = web.get(base + "?mode=lines").text
    typed = {"residency": "mars", "filed_federal": "no", "filed_federal_form_8857": "yes", "mode": "lines"}
    wrong = web.post(base + "/settings", data=_lines_form(page, **typed), follow_redirects=False)
    assert wrong.status_code == 303 and wrong.headers["location"] == base + "?mode=lines#about-year"
    for _ in range(2):
        shown = web.get(base + "?mode=lines").text
        assert "<title>Error: IL-8857 worksheet 2022" in shown
        assert _summaries(shown) == {"settings-errors-title": ["f-residency"]} and "Choose a residency." in shown
        assert 'id="f-filed_federal-2" name="filed_federal" value="no" checked' in shown
        assert 'name="filed_federal_form_8857" value="yes" checked' in shown
        assert "What you typed is kept below but not saved yet" in shown
    illinois = web.get(f"/cases/{case_id}/export.json").json()["facts"]["tax_years"][0]["illinois"]
    assert "residency" not in illinois and "federal_return_filed_before_assessment" not in illinois  # nothing saved yet
    right = web.post(base + "/settings", data=_lines_form(shown, **{**typed, "residency": "resident"}), follow_redirects=False)
    assert right.status_code == 303 and "msg=saved" in right.headers["location"]
    after = web.get(base + "?mode=lines").text
    assert "<title>IL-8857 worksheet 2022" in after and _summaries(after) == {}
    illinois = web.get(f"/cases/{case_id}/export.json").json()["facts"]["tax_years"][0]["illinois"]
    assert illinois["residency"] == "resident" and illinois["federal_return_filed_before_assessment"] is False
    assert illinois["filed_federal_form_8857"] is True


def test_the_item_errors_in_spanish(web, spanish):
    case_id = _case(web, copy.deepcopy(FACTS))
    base = f"/cases/{case_id}/years/2022/il8857"
    shown = web.post(base + "/items", data=_lines_form(web.get(base + "?mode=items").text, kind="wages", amount="5"))
    assert str(shown.url).endswith("?mode=items#item-form-heading") and shown.text.count("<title>Error:") == 1
    text = html.unescape(shown.text)
    assert "Lo que escribió se conserva abajo pero todavía no se ha guardado: corrija lo marcado y guárdelo." in text
    assert "Say whose item this is." not in text and _summaries(shown.text) == {"item-errors-title": ["f-owner"]}


# --- 3. IL-8857 line 12 when the same packet holds Form 8857 ---------------------------------------

MAIL_FIRST = "Mail the Form 8857 in this packet to the IRS first, then check Yes"


def _illinois_envelope(facts: dict, language: str = "en"):
    from spouse_relief.case import FORMAT, VERSION
    from spouse_relief.forms.packet import build_packet
    from spouse_relief.forms.source import load_inputs
    from web_support import TODAY

    packet = build_packet(load_inputs({"format": FORMAT, "version": VERSION, "title": "t", "facts": facts}, TODAY), language=language)
    return next(bundle.cover for bundle in packet.bundles if "Illinois" in bundle.cover.destination or "Illinois" in bundle.title)


def test_line_12_says_to_mail_form_8857_first_when_the_packet_holds_it():
    cover = _illinois_envelope(copy.deepcopy(FACTS))
    line12 = [item for item in cover.left_to_fill if "line 12" in item]
    assert line12 == [f"Form IL-8857 (2022), line 12: Did you file federal Form 8857 before this request? {MAIL_FIRST}"]
    assert any(item.startswith("A copy of the Form 8857 in this packet") and "then check Yes on line 12" in item for item in cover.to_add)


def test_line_12_is_filled_once_the_case_says_form_8857_was_filed_and_never_before():
    facts = copy.deepcopy(FACTS)
    facts["form8857"] = {"filed_on": "2026-10-05"}
    cover = _illinois_envelope(facts)
    assert not [item for item in cover.left_to_fill if "line 12" in item]  # filled: Yes
    assert not [item for item in cover.to_add if "in this packet" in item]
    assert any(item.startswith("A copy of your federal Form 8857, the documentation used in the IRS review") for item in cover.to_add)
    facts = copy.deepcopy(FACTS)
    facts["tax_years"][0]["illinois"]["filed_federal_form_8857"] = False  # not filed yet: still mailed first, not a No
    assert [item for item in _illinois_envelope(facts).left_to_fill if MAIL_FIRST in item]


def test_the_forms_page_says_it_in_english_and_spanish(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    page = html.unescape(web.get(f"/cases/{case_id}/forms").text)
    assert MAIL_FIRST in page and "mail Form 8857 to the IRS first, then check Yes on line 12" in page
    web.get("/language/es?next=/cases")
    try:
        page = html.unescape(web.get(f"/cases/{case_id}/forms").text)
        assert 'Envíe primero al IRS el Formulario 8857 de este paquete y luego marque "Yes" (Sí)' in page
        assert 'envíe primero el Formulario 8857 al IRS, luego marque "Yes" (Sí) en la línea 12' in page
    finally:
        web.get("/language/en?next=/cases")


def test_line_12_read_from_the_years_illinois_answer_without_a_worksheet():
    facts = copy.deepcopy(FACTS)
    facts["tax_years"][0]["illinois"]["filed_federal_form_8857"] = True  # said on the IL-8857 page; no items yet
    cover = _illinois_envelope(facts)
    assert not [item for item in cover.left_to_fill if "line 12" in item]
    assert not [item for item in cover.to_add if "in this packet" in item]


# --- in a browser: the links lead where they say, the error page is a page to go back to, axe -------

SERVER_TODAY = date(2026, 11, 23)  # the levy case's day, for the browser's server


def test_the_walk_in_a_browser(page, server, tmp_path):
    import yaml

    from spouse_relief.case import FORMAT, VERSION
    from spouse_relief.web.demo import DEMO_PASSWORD, DEMO_USERNAME
    from test_web_front import check_page
    from test_web_spanish_worksheets import import_in_browser

    page.goto(f"{server}/login")
    page.locator("#f-username").fill(DEMO_USERNAME)
    page.locator("#f-password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    path = tmp_path / "levy.yaml"
    path.write_text(yaml.safe_dump({"format": FORMAT, "version": VERSION, "title": "Levy", "facts": copy.deepcopy(FACTS)}))
    case_id = import_in_browser(page, server, path)
    problems = []

    page.goto(f"{server}/cases/{case_id}/results")
    page.get_by_role("link", name="Enter the items of the joint return for 2022").click()
    assert page.locator("h1").inner_text() == "What was on the return"
    assert page.locator("[name='q.tax_years.0.return_items.0.kind']").count() == 1
    problems += check_page(page, "walk7-items-from-results")
    page.locator("[name='q.tax_years.0.return_items.0.kind']").select_option("wages")
    page.locator("[name='q.tax_years.0.return_items.0.owner']").select_option("you")
    page.locator("[name='q.tax_years.0.return_items.0.amount']").fill("52,000")
    page.get_by_role("button", name="Save and continue").click()
    assert page.url == f"{server}/cases/{case_id}/results?msg=saved"  # back where the link was
    assert page.locator(".flash").inner_text() == "Saved." and page.locator("h1").inner_text() == "What to do now"
    problems += check_page(page, "walk7-results-after-items")

    base = f"{server}/cases/{case_id}/years/2022/il8857"
    page.goto(base + "?mode=items")
    page.locator("#f-amount").fill("12x")
    page.locator("#f-description").fill("W-2 from Acme")
    page.get_by_role("button", name="Add the item").click()
    assert page.title().startswith("Error: ") and "?mode=items" in page.url
    assert page.locator("#f-amount").input_value() == "12x" and page.locator("#f-description").input_value() == "W-2 from Acme"
    assert page.locator("#item-errors-title").count() == 1 and page.locator("#f-kind-error").count() == 1
    problems += check_page(page, "walk7-il8857-item-errors")
    page.goto(base + "/print")
    page.go_back()  # Back after Print: the page again, no form sent again
    assert page.title().startswith("Error: ") and page.locator("#f-amount").input_value() == "12x"
    page.locator("#f-residency").select_option(index=0)
    page.evaluate("document.querySelector('#f-residency').options[0].value = 'mars'")  # a value no browser offers
    page.get_by_role("button", name="Save these answers").click()
    assert page.title().startswith("Error: ") and page.locator("#settings-errors-title").count() == 1
    assert page.locator("#item-errors-title").count() == 1  # the item typed is still there, with its own summary
    problems += check_page(page, "walk7-il8857-settings-and-item-errors")

    page.goto(base + "?mode=lines")
    page.locator("#f-L1_A").fill("50,000")
    page.locator("#f-L1_B").fill("abc")
    page.locator("form[action$='/lines'] button[type=submit]").click()
    assert page.title().startswith("Error: ") and page.locator("#f-L1_B").input_value() == "abc"
    problems += check_page(page, "walk-il8857-line-errors")
    page.goto(base + "/print")
    page.go_back()  # Back after Print: the page again, no form sent again
    assert page.title().startswith("Error: ") and page.locator("#f-L1_A").input_value() == "50,000"

    page.goto(f"{server}/cases/{case_id}/check")
    page.get_by_role("link", name="Change Your home address").click()
    page.locator("[name='q.people.requesting_spouse.address.street']").fill("12 Oak St")
    page.locator("[name='q.people.requesting_spouse.address.city_state_zip']").fill("Chicago, IL 60601")
    page.get_by_role("button", name="Save and continue").click()
    assert "/check" in page.url
    assert "12 Oak St\nChicago, IL 60601" in page.locator(".summary-row", has_text="Your home address").locator("dd").first.inner_text()
    problems += check_page(page, "walk-check-answers")
    page.get_by_role("link", name="Change Your name").click()
    assert page.locator(".form-line").inner_text() == "For the preparer: Form 8857, line 5."  # a levy case: no Form 8379
    problems += check_page(page, "walk7-about-you-change")
    assert not problems, "\n".join(problems)

"""Small flaws of the pages' words: the IL-8857 items table says amounts with thousands separators and
the kind in the words of the item form's choice; the items question opened from the results names only
the forms of the case's packet; the titles of the screening pages and of the forms' pages differ; the
repair view names the question of a broken answer in plain words; the error summary of a page of
several questions says which question each error belongs to; the images docs/*.md show exist.
English and Spanish."""

from __future__ import annotations

import html
import re

import pytest

from spouse_relief.web.demo import seed_demo
from test_web_results_review import web  # noqa: F401  (the logged-in client)
from test_web_spanish_worksheets import CSRF, Reader, visible


@pytest.fixture
def demo(sqlite_app):
    seed_demo(sqlite_app.state.store)
    spanish, english = Reader(sqlite_app, "es"), Reader(sqlite_app, "en")
    return spanish, english, spanish.case_ids()[0]


def _add_item(reader: Reader, base: str, **item: str) -> None:
    page = reader.get(base)
    token = CSRF.search(page).group(1)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    added = reader.client.post(base + "/items", data={"csrf_token": token, "version": version, **item})
    assert added.status_code == 200, added.text[:300]


def _items_rows(page: str) -> list[list[str]]:
    table = re.search(r"<table class=\"list\">.*?</table>", page, re.S).group(0)
    return [[visible(cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S) if "<td" in row]


def test_the_il8857_items_table_says_amounts_and_kinds_in_words(demo):
    spanish, english, case_id = demo
    base = f"/cases/{case_id}/years/2022/il8857"
    _add_item(english, base, kind="wages", owner="you", amount="52000")
    _add_item(english, base, kind="exemption_allowance", owner="joint", amount="2425.5")
    rows = _items_rows(english.get(base))
    wages = [row for row in rows if row[3] == "$52,000.00"]
    assert wages and wages[0][1] == "Line 1: Wages, salaries, tips, etc.", rows
    exemption = [row for row in rows if row[3] == "$2,425.50"]
    assert exemption and exemption[0][1] == "Line 43: Illinois exemption allowance: The allowance as one dollar amount", rows
    assert not any(re.fullmatch(r"\d+\.\d\d", row[3]) or "_" in row[1] or row[1] == "wages" for row in rows), rows
    rows = _items_rows(spanish.get(base))
    wages = [row for row in rows if row[3] == "$52,000.00"]
    assert wages and wages[0][1] == "Línea 1: Sueldos, salarios, propinas, etc.", rows


# --- 2. the items question opened from the results names the forms of the case's packet only ---------

def _preparer_lines(page: str) -> list[str]:
    return [html.unescape(line) for line in re.findall(r'<p class="form-line">(?:For the preparer|Para el preparador): (.*?)\.</p>', page)]


def test_the_items_question_of_a_levy_case_names_no_form_8379(web):
    import copy

    from test_web_results_review import FACTS, _case

    case_id = _case(web, copy.deepcopy(FACTS))  # Form 8857 and Form IL-8857; no refund taken, no Form 8379
    items = f"/cases/{case_id}/interview?edit=tax_years.0.return_items&return=results"
    assert _preparer_lines(web.get(items).text) == ["IL-8857 worksheet"]
    web.get("/language/es?next=/cases")
    try:
        assert _preparer_lines(web.get(items).text) == ["hoja de trabajo del IL-8857"]
    finally:
        web.get("/language/en?next=/cases")


# --- 3. no title of a page of the forms' questions is the title of a screening page -------------------

def test_the_screening_titles_and_the_form_page_titles_differ():
    from spouse_relief.web import interview_plan as plan
    from spouse_relief.web.i18n import translate_text

    screening = {title for group, title in plan.GROUPS.items() if group not in ("about", "forms")}
    forms = {title for _page, title, _ids in plan.FORM_PAGES}
    assert "What you knew" in screening and "How you were treated" in screening
    assert screening & forms == set()
    assert plan.GROUPS["about"] not in screening | forms and plan.GROUPS["forms"] not in screening | forms
    spanish = ({translate_text("es", title) for title in screening}, {translate_text("es", title) for title in forms})
    assert spanish[0] & spanish[1] == set()  # in Spanish too


# --- 4. the repair view names the question of a broken answer, in plain words, in both languages -----

def test_the_repair_view_names_the_group_and_the_question(sqlite_app):
    from spouse_relief.web.demo import DEMO_USERNAME
    from test_web_hardening import _plant

    seed_demo(sqlite_app.state.store)
    account = sqlite_app.state.store.find_user(DEMO_USERNAME)
    bad = {"format": "spouse-relief-case", "version": 1, "title": "Old", "facts": {"marriage": "divorced", "household": [1]},
           "people": {"requesting_spouse": {"name": "Dana", "ssn": "123-45-6789"}}, "tax_years": [{"tax_year": 2022}]}
    case_id = _plant(sqlite_app.state.store, account, bad)
    shown = visible(Reader(sqlite_app, "en").get(f"/cases/{case_id}/repair"))
    assert "Your marriage: expected a group of answers, got 'divorced'" in shown
    assert "One of your answers" not in shown and "mapping" not in shown
    shown = visible(Reader(sqlite_app, "es").get(f"/cases/{case_id}/repair"))
    assert "Su matrimonio: se esperaba un grupo de respuestas, y se recibió 'divorced'" in shown
    # a year's answer whose question holds a colon: the question and what is wrong, both in Spanish
    bad = {"format": "spouse-relief-case", "version": 1, "title": "Old",
           "facts": {"tax_years": [{"year": 2022, "underpayment_caused_by": "me"}]}}
    case_id = _plant(sqlite_app.state.store, account, bad, case_id="cd" * 16)
    shown = visible(Reader(sqlite_app, "es").get(f"/cases/{case_id}/repair"))
    assert ("¿Los ingresos de quién produjeron el impuesto sin pagar: suyos, de su cónyuge, o de ambos? (2022): "
            "elija una de las respuestas ofrecidas") in shown, shown[:2000]
    shown = visible(Reader(sqlite_app, "en").get(f"/cases/{case_id}/repair"))
    assert "Whose income produced the unpaid tax: yours, your spouse's, or both? (2022): choose one of the answers offered" in shown


# --- 5. the error summary of a page of several questions says which question each error is of -------

def _summary(page: str) -> list[str]:
    box = re.search(r'<div class="error-summary".*?</ul>', page, re.S).group(0)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", box, re.S)]


def test_the_error_summary_names_the_question_of_each_error(sqlite_app):
    from fastapi.testclient import TestClient

    from test_web_form_answers import levy_case
    from test_web_form_pages import F, post_page

    client = TestClient(sqlite_app, follow_redirects=False)
    case_id = levy_case(client)
    page = client.get(f"/cases/{case_id}/interview").text
    typed = {f"q.{F}english_primary": "yes", f"q.{F}safe_phone": "614-555-0101 (ask for me, or leave a message)", f"q.{F}afraid_to_provide": "no"}
    bad = post_page(client, case_id, page, typed)
    assert bad.status_code == 422
    assert _summary(bad.text) == ["Phone number: Use at most 40 characters."]
    assert '<p class="error" id="f-q.forms.f8857.safe_phone-error" role="alert"><span class="visually-hidden">Error: </span>Use at most 40 characters.</p>' in bad.text
    client.headers["Accept-Language"] = "es"
    bad = post_page(client, case_id, client.get(f"/cases/{case_id}/interview").text, typed)
    assert _summary(bad.text) == ["Número de teléfono: Use como máximo 40 caracteres."]


def test_every_question_of_the_forms_pages_has_a_short_label():
    from spouse_relief.forms.answers import QUESTIONS
    from spouse_relief.web import interview_plan as plan
    from spouse_relief.web.i18n import translate_text

    ids = [question.id for question in QUESTIONS] + [question.id for question in plan.ABOUT]
    assert [question_id for question_id in ids if question_id not in plan.SHORT_LABELS] == []
    assert [label for label in plan.SHORT_LABELS.values() if translate_text("es", label) == label] == []

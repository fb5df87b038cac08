"""The results, packet and forms pages in Spanish say every sentence of the screening in Spanish.

Four cases (a levy notice three years ago, a divorced Illinois filer with a levy notice, an abuse
survivor, an Ohio injured spouse): every sentence the outcome gives a person - the findings'
reasons, labels, factors and notes, the deadlines' steps, notes and what remains, the checklist -
comes out of ``translate_text('es', ...)`` in Spanish, with no placeholder left; the pages, read
through the web (TestClient) and in Debian's chromium (axe-core and screenshots at 1280 and 390 px
in test-artifacts/screenshots/walk-es-results-*.png), show none of the English sentences.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape

from spouse_relief.language import translate_text
from spouse_relief.pipeline import default_as_of, load_case_file, run
from spouse_relief.web.i18n import translations

ROOT = Path(__file__).resolve().parents[2]
CASES = {
    "levy": ROOT / "examples" / "screen" / "collection_three_years_ago.yaml",
    "illinois": ROOT / "examples" / "screen" / "illinois_both.yaml",
    "abuse": ROOT / "examples" / "screen" / "abuse.yaml",
    "ohio-injured": ROOT / "examples" / "case" / "ohio_injured_spouse.yaml",
}
SERVER_TODAY = date(2026, 11, 23)  # the case files' as_of: the browser walk's server today (conftest.server)
PASSWORD = "correct horse battery"
es = translations("es").gettext


def outcome_of(path: Path):
    case = load_case_file(path)
    return run(case, default_as_of(case))


def sentences(outcome) -> list[str]:
    """Every text of the outcome a person reads, as the engine made it."""
    from spouse_relief.packet.view import outcome_view

    view = outcome_view(outcome)
    texts: list[str] = []
    for shown in view.findings:
        texts += [shown["title"], shown["status_label"], *shown["reasons"], *shown["missing"]]
        texts += [text for factor in shown["weighing"] for text in (factor["name"], factor["weight"], factor["reason"])]
        texts += [shown["deadline"]] if shown["deadline"] else []
    for finding in outcome.findings:
        texts += finding.notes
        texts += [text for condition in finding.conditions for text in (condition.label, *condition.reasons)]
    for shown in view.deadlines:
        texts += [shown["title"], *shown["steps"], *shown["remaining"]] + ([shown["note"]] if shown["note"] else [])
    for deadline in outcome.deadlines:
        texts += deadline.remaining + deadline.notes
    texts += [text for item in outcome.checklist for text in (item.text, item.source)]
    return list(dict.fromkeys(text for text in texts if text))


def kept_as_is(text: str) -> bool:
    """A word the catalog translates to itself ("Neutral")."""
    return translations("es").gettext(text) == text and text in getattr(translations("es"), "_catalog", {})


@pytest.mark.parametrize("name", CASES)
def test_every_sentence_of_the_outcome_is_spanish(name):
    left, broken = [], []
    for text in sentences(outcome_of(CASES[name])):
        spanish = translate_text("es", text)
        if spanish == text and not kept_as_is(text):
            left.append(text)
        if "%(" in spanish or "%%" in spanish:
            broken.append(spanish)
    assert not left, f"{name}: English left:\n" + "\n".join(left)
    assert not broken, f"{name}: placeholders left:\n" + "\n".join(broken)


def test_a_sentence_with_a_choice_of_words_is_one_sentence_per_choice():
    """"The joint refund {'was' if ... else 'is expected to be'} taken" became whole sentences."""
    assert translate_text("es", "The joint refund was taken.") == "Se quedaron con el reembolso conjunto."
    assert translate_text("es", "The joint refund ($1,250.00) was taken on 2025-06-02.") == "Se quedaron con el reembolso conjunto ($1,250.00) el 2025-06-02."
    assert translate_text("es", "The joint refund is expected to be taken.") == "Se espera que se queden con el reembolso conjunto."
    assert translate_text("es", "An Illinois refund may be taken for your spouse's debt.") == "Pueden quedarse con un reembolso de Illinois por la deuda de su cónyuge."
    assert translate_text("es", "You are divorced.") == "Usted está divorciado o divorciada."


def test_sentences_the_engine_joins_are_translated_one_by_one():
    joined = ("You are still married. You moved apart on 2026-06-01; the 12-month test is met from 2027-06-01, after 2026-12-01. "
              "The marital-status element opens on 2027-06-01.")
    assert translate_text("es", joined) == (
        "Usted sigue casado o casada. Se separaron el 2026-06-01; la prueba de 12 meses se cumple desde el 2027-06-01, después del "
        "2026-12-01. El elemento de estado civil se abre el 2027-06-01.")
    # two notes joined with "; " that each hold "; " of their own
    asked = "On what date was the tax assessed (see your IRS account transcript), or when does the IRS collection period end? (2022)"
    notes = f"The collection period runs from assessment; the assessment date is not known; Still needed: {asked}"
    assert translate_text("es", notes).startswith("El período de cobro corre desde la tasación; no se conoce la fecha de tasación; Todavía falta: ")
    # a period read from a parameter, and a date written in English words, in a sentence's slot
    assert "plazo de dos años" in translate_text("es", "No collection activity against you has started the two-year clock, so a request now is on time.")
    assert "termina el 1999-08-13 o después" in translate_text("es", (
        "Form IL-8857, line 14a is No: tax year 2022 ends on or after August 13, 1999, so the request is reviewed under Illinois guidelines: you are "
        "liable only for the tax on a separate return showing your own income and deductions, as this worksheet computes."))


def test_the_translations_keep_every_placeholder():
    from babel.messages.pofile import read_po

    from spouse_relief.web.i18n import locale_folder

    with (locale_folder() / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    wrong = [message.id for message in catalog if isinstance(message.id, str) and message.string
             and sorted(re.findall(r"%\(\w+\)[sd]", message.id)) != sorted(re.findall(r"%\(\w+\)[sd]", message.string))]
    assert not wrong, wrong


def test_the_engine_sentences_use_plain_words():
    """No field name ("residence_state") or state code ("TX") in a sentence a person reads."""
    from spouse_relief.web.catalogs import SENTENCES, WEB, _sentences

    coded = [text for where, functions in SENTENCES for text in _sentences(WEB.parent / where, functions, True)
             if re.search(r"\b[a-z]+_[a-z_]+\b", text)]
    assert not coded, coded
    texas = outcome_of(ROOT / "examples" / "screen" / "community_property_texas.yaml")
    reasons = [reason for finding in texas.findings for reason in finding.reasons]
    assert "Texas is a community-property state." in reasons and not any(re.search(r"\bTX\b", reason) for reason in reasons)
    injured = outcome_of(ROOT / "examples" / "screen" / "refund_offset_child_support.yaml")
    notes = [note for finding in injured.findings for note in finding.notes]
    assert not any("residence_state" in note for note in notes)


# --- the pages, read through the web ----------------------------------------------------------


@pytest.fixture(scope="module")
def spanish_web(tmp_path_factory):
    from fastapi.testclient import TestClient

    from spouse_relief.storage import open_store
    from spouse_relief.web.app import WebSettings, create_app

    folder = tmp_path_factory.mktemp("spanish-results")
    store = open_store(folder)
    store.create_user("lucia", PASSWORD)
    client = TestClient(create_app(WebSettings(data_dir=str(folder), today=lambda: SERVER_TODAY), store=store), follow_redirects=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    assert client.post("/login", data={"username": "lucia", "password": PASSWORD, "csrf_token": token}).status_code == 200
    client.get("/language/es?next=/cases")
    yield client
    store.close()


def imported(client, path: Path) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/cases").text).group(1)
    upload = client.post("/cases/import", data={"csrf_token": token, "copy": "1"}, files={"file": (path.name, io.BytesIO(path.read_bytes()), "text/plain")})
    assert upload.status_code == 200, upload.text[:300]
    return re.search(r"/cases/([0-9a-f]{32})", str(upload.url)).group(1)


def english_left(page: str, outcome) -> list[str]:
    """The outcome's English sentences (three words or more) found on a page."""
    return [text for text in sentences(outcome) if len(text.split()) >= 3 and not kept_as_is(text) and str(escape(text)) in page]


@pytest.mark.parametrize("name", CASES)
def test_the_spanish_results_packet_and_forms_pages_show_no_english_sentence(spanish_web, name):
    outcome = outcome_of(CASES[name])
    case_id = imported(spanish_web, CASES[name])
    for where in ("results", "packet", "forms"):
        page = spanish_web.get(f"/cases/{case_id}/{where}").text
        assert '<html lang="es">' in page
        left = english_left(page, outcome)
        assert not left, f"{name} {where}: " + "\n".join(left)
    results = spanish_web.get(f"/cases/{case_id}/results").text
    expected = {
        "levy": ["El plazo de dos años terminó el 20 de noviembre de 2025", "Aviso de embargo con fecha 20 de noviembre de 2023 + 30 días"],
        "illinois": ["Usted vivió o presentó declaración en Illinois en 2022.", "termina el 13 de agosto de 1999 o después"],
        "abuse": ["pero usted sufrió abuso antes de firmar y no la cuestionó por miedo a represalias", "A favor del alivio"],
        "ohio-injured": ["Se quedaron con el reembolso conjunto", "(Formulario 8379, asignación del cónyuge perjudicado"],
    }[name]
    for words in expected:
        assert str(escape(words)) in results, (name, words)


# --- the pages in a real browser ---------------------------------------------------------------


def test_the_spanish_results_in_the_browser(page, server):
    from test_web_front import ARTIFACTS, WIDTHS, check_page
    from test_web_spanish import SpanishWalk

    walk = SpanishWalk(page)
    page.goto(f"{server}/login")
    page.locator("#f-username").fill("demo")
    page.locator("#f-password").fill("demo-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{server}/language/es?next=/cases")
    for name, path in CASES.items():
        outcome = outcome_of(path)
        page.goto(f"{server}/cases")
        page.locator("#f-file").set_input_files(str(path))
        page.get_by_role("button", name=es("Import"), exact=True).click()
        if page.locator("#f-copy").count():  # the demo may hold the same case already
            page.locator("#f-copy").check()
            page.locator("#f-file").set_input_files(str(path))
            page.get_by_role("button", name=es("Import"), exact=True).click()
        case = re.search(r"/cases/([0-9a-f]{32})", page.url).group(1)
        for where in ("results", "packet", "forms"):
            page.goto(f"{server}/cases/{case}/{where}")
            if where == "forms":  # it quotes the official forms' own lines, in English as printed: axe, widths, screenshots
                walk.count += 1
                walk.problems += check_page(page, f"walk-es-{walk.count:02d}-results-{name}-{where}")
            else:
                walk.check(f"results-{name}-{where}")  # axe, widths, screenshots; no English sentence of the catalog
            for details in page.locator("main details:not(.sources)").all():  # every step opened (the sources stay as printed)
                details.evaluate("element => element.open = true")
            for label, width in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=str(ARTIFACTS / "screenshots" / f"walk-es-results-{name}-{where}-opened-{label}.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
            shown = re.sub(r"\s+", " ", page.locator("main").inner_text())
            left = [text for text in sentences(outcome) if len(text.split()) >= 3 and not kept_as_is(text) and text in shown]
            if left:
                walk.problems.append(f"{name} {where}: English on the Spanish page: {left[:5]}")
            if "%(" in shown:
                walk.problems.append(f"{name} {where}: a placeholder on the page")
    assert walk.count == 3 * len(CASES)
    assert not walk.problems, "\n".join(walk.problems)

"""The front door and the look of every page: start page, "What happened?", check your answers,
the language switch, dates and amounts in words, the exit-this-page button.

In a real browser (Debian's chromium): axe-core (shipped by the axe-playwright-python package)
finds no violation at any impact on any page, at 1280 and 390 px; no page is wider than a phone;
no page shows a developer's word (a field path, an enum value, a Python type name, a command).
Screenshots of every page at both widths go to test-artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from web_support import TODAY

ARTIFACTS = Path(os.environ.get("SPOUSE_RELIEF_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
WIDTHS = {"desktop": 1280, "phone": 390}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


# --- filters ---------------------------------------------------------------------------------


def test_dates_in_words_in_english_and_spanish():
    from spouse_relief.web.filters import date_words

    assert date_words(date(2028, 4, 18)) == "April 18, 2028"
    assert date_words(date(2028, 4, 18), "es") == "18 de abril de 2028"
    assert date_words("2027-01-02") == "January 2, 2027"
    assert date_words(None) == ""


def test_amounts_and_counts_with_thousands_separators():
    from spouse_relief.web.filters import number, usd

    assert usd(Decimal("2291.16")) == "$2,291.16"
    assert usd(Decimal("1234567.5"), "es") == "$1,234,567.50"  # US Spanish writes amounts as US English does
    assert usd(Decimal("-46")) == "($46.00)"
    assert usd("12000") == "$12,000.00"
    assert usd(None) == ""
    assert number(3340) == "3,340"


def test_the_catalogs_are_complete_and_compiled():
    from spouse_relief.web.catalogs import problems

    assert problems() == []


# --- the first answers, as data ----------------------------------------------------------------


class Form(dict):
    def getlist(self, key):
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


def test_triage_reports_every_error_at_once():
    from spouse_relief.web.triage import parse

    answers, errors, _values = parse(Form(), date(2026, 11, 30))
    assert list(errors) == ["what_happened", "state", "tax_years"]
    _answers, errors, _values = parse(Form(what_happened=["refund_taken"], state="ZZ", tax_years=["2025"], other_year="12"), date(2026, 11, 30))
    assert set(errors) == {"state", "other_year"}


def test_triage_answers_are_plain_data():
    from spouse_relief.web.triage import parse

    form = Form(what_happened=["refund_taken", "not_sure", "bogus"], state="MO", state_2="IL", tax_years=["2024", "2023", "1800"], other_year="2001")
    answers, errors, _values = parse(form, date(2026, 11, 30))
    assert errors == {}
    assert answers == {"what_happened": ["refund_taken"], "states": ["MO", "IL"], "tax_years": [2001, 2023, 2024], "tax_years_unsure": False}
    answers, errors, _values = parse(Form(what_happened="not_sure", state="unsure", tax_years_unsure="1"), date(2026, 11, 30))
    assert errors == {} and answers == {"what_happened": ["not_sure"], "states": ["unsure"], "tax_years": [], "tax_years_unsure": True}


def test_a_new_case_from_the_first_answers_follows_the_mapping():
    from spouse_relief.web.start_pages import seed_case

    case = seed_case({"what_happened": ["refund_taken", "tax_missing"], "states": ["MO"], "tax_years": [2024]}, "Mine")
    (year,) = case.facts.tax_years
    assert (year.year, year.residence_state, year.liabilities.understatement, year.refund_offset.status) == (2024, "MO", True, "taken")
    assert case.overrides == []  # no form entered: the pipeline decides which worksheets apply
    illinois = seed_case({"what_happened": ["state_bill"], "states": ["IL", "WI"], "tax_years": [2022]}, "IL")
    (year,) = illinois.facts.tax_years
    assert year.year == 2022 and year.residence_state is None and year.illinois.il_liability is True


# --- the pages through a test client ---------------------------------------------------------


@pytest.fixture
def client(sqlite_app):
    from fastapi.testclient import TestClient

    return TestClient(sqlite_app, follow_redirects=False)


def _token(client, path):
    return CSRF.search(client.get(path).text).group(1)


def test_the_start_page_needs_no_login_and_says_what_the_tool_is(client):
    page = client.get("/")
    assert page.status_code == 200
    text = page.text
    for words in ("Start now", "Before you start", "How long it takes", "Free and private", "Exit this page", "not legal or tax advice"):
        assert words in text
    assert text.count("Check every number against") == 1  # the notice once
    assert 'href="/start/what-happened"' in text
    assert "<title>Relief from a joint tax return · spouse-relief</title>" in text


def test_triage_errors_all_at_once_beside_their_fields_and_in_the_title(client):
    token = _token(client, "/start/what-happened")
    page = client.post("/start/what-happened", data={"csrf_token": token})
    assert page.status_code == 422
    assert "<title>Error: What happened? · spouse-relief</title>" in page.text
    summary = page.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets == ["f-what_happened", "f-state", "f-tax_years"]
    for target in targets:
        assert re.search(rf'<(input|select)[^>]*id="{target}"', page.text)
    assert page.text.count('class="error"') == 3


def test_registration_errors_all_at_once_beside_their_fields(client):
    token = _token(client, "/register")
    page = client.post("/register", data={"csrf_token": token, "username": "a b", "password": "short", "confirm": "other"})
    assert page.status_code == 422
    assert "<title>Error: Create an account · spouse-relief</title>" in page.text
    summary = page.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert re.findall(r'href="#([^"]+)"', summary) == ["f-username", "f-password", "f-confirm"]
    assert page.text.count('class="error"') == 3 and "at least 8 characters" in page.text
    assert 'value="a b"' in page.text  # what was typed stays (never the password)
    made = client.post("/register", data={"csrf_token": token, "username": "sam", "password": "correct horse battery", "confirm": "correct horse battery"})
    assert made.status_code == 303
    client.cookies.clear()
    token = _token(client, "/register")
    taken = client.post("/register", data={"csrf_token": token, "username": "sam", "password": "", "confirm": ""})
    assert "That username is taken" in taken.text and "Enter a password." in taken.text


def test_triage_to_an_account_carries_the_answers_over(client):
    token = _token(client, "/start/what-happened")
    posted = client.post("/start/what-happened", data={"csrf_token": token, "what_happened": "refund_taken", "state": "MO", "tax_years": "2023"})
    assert posted.status_code == 303 and posted.headers["location"] == "/start/check"
    check = client.get("/start/check")
    assert "IL-8857" not in check.text  # nothing about Illinois for Missouri, not even in the footer
    assert "Missouri" in check.text and "2023" in check.text and "Form 8379" in check.text
    assert 'href="/register?next=%2Fstart%2Fcheck"' in check.text
    register = client.get("/register?next=%2Fstart%2Fcheck")
    token = CSRF.search(register.text).group(1)
    made = client.post("/register", data={"csrf_token": token, "username": "maria", "password": "correct horse battery", "confirm": "correct horse battery", "next": "/start/check"})
    assert made.status_code == 303 and made.headers["location"] == "/start/check"
    check = client.get("/start/check")
    token = CSRF.search(check.text).group(1)
    created = client.post("/start/continue", data={"csrf_token": token})
    assert created.status_code == 303 and created.headers["location"].startswith("/cases/")
    overview = client.get(created.headers["location"].split("?")[0])
    assert "My case, 2023" in overview.text
    # the answers were handed over once: the browser holds no draft any more
    assert client.get("/start/check").headers["location"] == "/start/what-happened"


def test_the_draft_in_the_browser_cannot_be_altered_or_grow_without_bound(client, sqlite_app):
    from starlette.responses import Response

    from spouse_relief.web import anonymous

    class Request:
        def __init__(self, cookies):
            self.cookies = cookies
            self.app = sqlite_app
            self.url = type("U", (), {"scheme": "http"})()

    response = Response()
    anonymous.write(response, Request({}), anonymous.Draft(triage={"tax_years": [2024]}))
    cookie = response.headers["set-cookie"].split(";", 1)[0].split("=", 1)[1].strip('"')
    assert anonymous.read(Request({anonymous.COOKIE: cookie})).triage == {"tax_years": [2024]}
    assert anonymous.read(Request({anonymous.COOKIE: cookie[:-4] + "AAAA"})).empty
    with pytest.raises(anonymous.DraftTooLarge):
        anonymous.write(Response(), Request({}), anonymous.Draft(case={"text": os.urandom(4000).hex()}))


def test_the_language_is_chosen_and_remembered(client):
    switched = client.get("/language/es?next=/start/what-happened")
    assert switched.status_code == 303 and switched.headers["location"] == "/start/what-happened"
    assert "sr_lang=es" in switched.headers["set-cookie"]
    page = client.get("/start/what-happened")
    assert '<html lang="es">' in page.text and "¿Qué pasó?" in page.text and "Misuri" in page.text
    token = CSRF.search(page.text).group(1)
    errors = client.post("/start/what-happened", data={"csrf_token": token})
    assert "<title>Error: ¿Qué pasó? · spouse-relief</title>" in errors.text and "Hay un problema" in errors.text
    assert "Elija el estado donde vivía" in errors.text
    assert client.get("/language/en?next=https://elsewhere.example/").headers["location"] == "/"


def test_the_exit_button_shows_once_abuse_is_mentioned(client, sqlite_app):
    assert "data-quick-exit" in client.get("/").text
    assert "data-quick-exit" not in client.get("/login").text
    template = sqlite_app.state.templates.env.from_string("{{ show_quick_exit() }}")
    assert template.render(case={"facts": {"abuse": {"abused": True}}}) == "True"
    assert template.render(case={"facts": {"abuse": {"abused": None}}}) == "False"
    assert template.render(quick_exit=True) == "True"


# --- in a real browser -----------------------------------------------------------------------


def _axe_source() -> str:
    from importlib import resources

    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


PATH = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\.(?:\d+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+))+\b")
ENUM = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
TYPE_NAMES = re.compile(r"\b(?:NoneType|True|False|Decimal\(|datetime\.date|pydantic|Traceback|ValidationError|Input should be)\b")
COMMAND = re.compile(r"\bspouse-relief\s+(?:il8857|f8379|f6015d|packet|screen|serve|case|batch|forms|deadlines)\b|--json\b|\bdocs/\S+\.md\b")


def developer_words(text: str) -> list[str]:
    """What a person must never read: field paths, enum values, type names, commands, file paths."""
    found = [match for match in PATH.findall(text) if "_" in match or re.search(r"\.\d+\b", match)]
    found += ENUM.findall(text) + TYPE_NAMES.findall(text) + COMMAND.findall(text)
    return found


def test_the_developer_word_detector_catches_what_the_review_found():
    assert developer_words("tax_years.0.abuse: is not a field this form knows")
    assert developer_words("kind offset_of_your_refund")
    assert developer_words("reason to know False")
    assert developer_words("run spouse-relief f8379 to estimate your share")
    assert developer_words("see docs/navigator.md")
    assert not developer_words("File Form 8379 by April 18, 2028. See www.irs.gov or IRC 6015(b).")


WIDE_ELEMENTS = """(width) => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-scroll'))
  .slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : ''))"""


def check_page(page, name: str) -> list[str]:
    """axe, width and words on the page as it is now, at both widths; screenshots saved.
    Returns the problems found."""
    problems: list[str] = []
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(_axe_source())
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            nodes = "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"]) for node in violation["nodes"][:3])
            problems.append(f"{name} at {width}px: axe {violation['id']} ({violation['impact']}): {violation['help']} [{nodes}]")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            wide = page.evaluate(WIDE_ELEMENTS, width)
            problems.append(f"{name} at {width}px: the page is {overflow}px wider than the screen: {wide}")
    words = developer_words(page.locator("body").inner_text())
    if words:
        problems.append(f"{name}: developer words on the page: {sorted(set(words))[:8]}")
    page.set_viewport_size({"width": 1280, "height": 900})
    return problems


def test_front_pages_are_accessible_at_desktop_and_phone_width(page, server):
    problems = []
    page.goto(f"{server}/")
    assert page.title() == "Relief from a joint tax return · spouse-relief"
    problems += check_page(page, "01-start")
    page.get_by_role("link", name="Start now").click()
    assert page.title() == "What happened? · spouse-relief"
    problems += check_page(page, "02-what-happened")
    page.get_by_role("button", name="Continue").click()
    assert page.title() == "Error: What happened? · spouse-relief"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    problems += check_page(page, "03-what-happened-errors")
    page.get_by_role("link", name=re.compile("Choose the state")).click()
    assert page.evaluate("document.activeElement.id") == "f-state"
    page.get_by_label("My tax refund was taken").check()
    page.get_by_label("State", exact=True).select_option(label="Missouri")
    page.locator("#f-tax_years").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/start/check$"))
    assert page.title() == "Check your answers · spouse-relief"
    problems += check_page(page, "04-check-your-answers")
    page.get_by_role("link", name="Español").click()
    assert page.title() == "Revise sus respuestas · spouse-relief" and "Misuri" in page.locator("main").inner_text()
    problems += check_page(page, "05-check-your-answers-es")
    page.get_by_role("link", name="English").click()
    page.get_by_role("link", name="Go on with the questions without an account").click()
    assert page.title() == "Your safety · spouse-relief" or "Exit this page" in page.locator("body").inner_text()
    problems += check_page(page, "05b-questions-without-an-account")
    page.get_by_role("button", name="Save and continue").click()
    assert page.title().startswith("Error: ")
    problems += check_page(page, "05c-questions-without-an-account-error")
    page.locator("main fieldset").first.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    assert "stay in this browser" in page.locator("main").inner_text()
    problems += check_page(page, "05d-next-question-without-an-account")
    page.goto(f"{page.url.split('/start/')[0]}/start/check")
    page.get_by_role("link", name="Make an account and continue").click()
    problems += check_page(page, "06-register")
    page.locator("#f-username").fill("a b")
    page.locator("#f-password").fill("short")
    page.get_by_role("button", name="Create the account").click()
    assert page.title() == "Error: Create an account · spouse-relief"
    assert page.locator(".error-summary li").count() == 3
    problems += check_page(page, "06b-register-errors")
    page.locator("#f-username").fill("frontdoor")
    page.locator("#f-password").fill("correct horse battery")
    page.locator("#f-confirm").fill("correct horse battery")
    page.get_by_role("button", name="Create the account").click()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/cases/[^/]+\?msg=created"))
    assert f"My case, {TODAY.year - 1}" in page.locator("main").inner_text()
    assert not problems, "\n".join(problems)


def test_every_existing_page_is_accessible_at_desktop_and_phone_width(page, server):
    """The demo case's pages, as they are today (their content is rebuilt elsewhere; the layout,
    the focus, the targets and the tables are this design's)."""
    page.goto(f"{server}/login")
    problems = check_page(page, "10-login")
    page.get_by_label("Username").fill("demo")
    page.locator("#f-password").fill("demo-password")
    page.get_by_role("button", name="Log in").click()
    problems += check_page(page, "11-cases")
    page.get_by_role("link", name=re.compile("Demo")).click()
    case_url = page.url.split("?")[0]
    for suffix, name in [("", "12-overview"), ("/people", "13-about-you"), ("/interview", "14-questions"), ("/years", "15-tax-years"),
                         ("/results", "16-results"), ("/packet", "17-packet")]:
        page.goto(case_url + suffix)
        problems += check_page(page, name)
    page.goto(case_url + "/years")
    for link, name in [(re.compile("IL-8857"), "18-il8857"), (re.compile("Form 8379"), "19-form-8379"), (re.compile("6015\\(d\\)"), "20-6015d")]:
        page.goto(case_url + "/years")
        page.get_by_role("link", name=link).first.click()
        problems += check_page(page, name)
    assert not problems, "\n".join(problems)


def test_focus_is_visible_and_targets_are_large(page, server):
    page.goto(f"{server}/start/what-happened")
    box = page.locator("#f-what_happened").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    page.locator("#f-what_happened").focus()
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor + ' ' + getComputedStyle(document.activeElement).outlineWidth")
    assert ring == "rgb(11, 12, 12) 3px"  # near-black on white: 19.8:1


def test_the_exit_button_leaves_and_replaces_the_history(page, server):
    page.route("https://www.weather.gov/**", lambda route: route.fulfill(status=200, body="<title>Weather</title>", content_type="text/html"))
    page.goto(f"{server}/")
    page.goto(f"{server}/start/what-happened")
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url("https://www.weather.gov/**")
    page.go_back()
    assert page.url == f"{server}/"  # the page with the button is gone from the history


def test_the_front_door_works_without_javascript(chromium, server):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/")
    page.get_by_role("link", name="Start now").click()
    page.get_by_label("I am not sure", exact=True).check()
    page.get_by_label("State", exact=True).select_option(label="I am not sure")
    page.get_by_label("I am not sure which year").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/start/check$"))
    assert page.title() == "Check your answers · spouse-relief"
    assert "A few questions to find out which kind of relief fits" in page.locator("main").inner_text()
    context.close()


def test_exit_is_reached_first_and_not_sure_stands_alone(page, server):
    page.goto(f"{server}/start/what-happened")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the main content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Exit this page"
    page.get_by_label("My tax refund was taken").check()
    page.get_by_label("I am not sure", exact=True).check()
    assert not page.get_by_label("My tax refund was taken").is_checked()
    page.get_by_label("The IRS says tax is missing").check()
    assert not page.get_by_label("I am not sure", exact=True).is_checked()

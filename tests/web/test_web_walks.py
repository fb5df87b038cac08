"""Six people walk from the start page to what to do now (and the filled official forms to mail), in Debian's chromium:
an injured spouse whose refund went to child support (Ohio); a divorced person with tax missing
and a levy (Ohio); the same in Illinois; an abuse survivor; a clinic volunteer with three clients;
a preparer typing IL-8857 lines. Each asserts the bottom line and that nothing irrelevant appears;
axe-core runs on every page at 1280 and 390 px (zero violations), and screenshots go to
test-artifacts/screenshots/walk-*.png."""

from __future__ import annotations

import re

import pytest

from test_web_front import check_page

PASSWORD = "correct horse battery"
UNKNOWN = "I don't know"


def step(page, name: str) -> None:
    """Follow one of the case's steps (the navigation above every case page)."""
    page.locator("nav.casenav").get_by_role("link", name=name, exact=True).click()


class Walk:
    def __init__(self, page, server: str, name: str) -> None:
        self.page, self.server, self.name = page, server, name
        self.problems: list[str] = []
        self.count = 0
        self.pages: list[str] = []  # the titles of the question pages answered, in order

    def check(self, what: str) -> None:
        self.count += 1
        self.problems += check_page(self.page, f"walk-{self.name}-{self.count:02d}-{what}")

    def done(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def triage(walk: Walk, happened: list[str], state: str, year: int, username: str | None, case_name: str = "") -> None:
    page = walk.page
    page.goto(f"{walk.server}/")
    walk.check("start")
    page.get_by_role("link", name="Start now").click()
    for label in happened:
        page.get_by_label(label).check()
    page.get_by_label("State", exact=True).select_option(label=state)
    page.get_by_label(str(year), exact=True).check()
    if case_name:  # asked only with an account
        page.get_by_label("Whose case is this? (optional)").fill(case_name)
    walk.check("what-happened")
    page.get_by_role("button", name="Continue").click()
    walk.check("check-first-answers")
    if username:
        page.get_by_role("link", name="Make an account and continue").click()
        page.locator("#f-username").fill(username)
        page.locator("#f-password").fill(PASSWORD)
        page.locator("#f-confirm").fill(PASSWORD)
        page.get_by_role("button", name="Create the account").click()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+\?msg=created"))


def interview(walk: Walk, answers: dict[str, object], limit: int = 40, *, saved: bool = True, words=lambda text: text, forms: bool = False,
              by_hand: bool = False) -> list[str]:
    """Answer page after page (by words of the question; else "I don't know") until the screening
    has what it needs (a saved case's questions, or those on the page already), or with ``forms``
    until the questions only a form asks are done too. An answer is a choice's label, rows (a list
    of {column label: value}) or boxes by label ({label: value}). With ``by_hand``, a page that
    offers it is answered "I will write these on the paper form myself" (its questions left empty).
    Returns the questions asked; ``walk.pages`` gets the pages' titles.
    ``words`` puts the pages' own words in the language of the walk (a gettext)."""
    page = walk.page
    if saved:
        step(page, words("Questions"))
    asked: list[str] = []
    for _ in range(limit):
        if page.locator("fieldset.question").count() == 0 or (page.locator(".screening-done").count() and not forms):
            break
        walk.check("questions")
        walk.pages.append(page.locator("h1").first.inner_text())
        written = by_hand and page.locator("#f-by_hand").count() > 0
        if written:
            page.get_by_label(words("I will write these on the paper form myself")).check()
        for fieldset in page.locator("fieldset.question").all():
            legend = fieldset.locator("legend").first.inner_text()
            assert legend not in asked, f"asked twice: {legend}"
            asked.append(legend)
            given = next((value for key, value in answers.items() if key in legend), None)
            if isinstance(given, list):  # rows: (column label, value) per cell, row by row
                for index, row in enumerate(given):
                    for label, value in row.items():
                        cell = fieldset.get_by_label(f"{words('Row')} {index + 1}: {label}", exact=True)
                        if cell.evaluate("el => el.tagName") == "SELECT":
                            cell.select_option(label=value)
                        else:
                            cell.fill(value)
                continue
            if isinstance(given, dict):  # boxes by their labels (Form 8857 line 22, a person's details)
                for label, value in given.items():
                    fieldset.get_by_label(label, exact=True).fill(value)
                continue
            if given is not None and fieldset.get_by_label(str(given), exact=True).count():
                target = fieldset.get_by_label(str(given), exact=True).first
                if target.get_attribute("type") in ("radio", "checkbox"):
                    target.check()
                else:
                    target.fill(str(given))
                continue
            if written:
                continue
            skip = "|".join(words(label) for label in (UNKNOWN, "I would rather not say", "Leave it blank: I will fill it in by hand"))
            fieldset.get_by_label(re.compile(f"^({skip})$")).first.check()
        page.get_by_role("button", name=words("Save and continue")).click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    return asked


def results(walk: Walk) -> tuple[str, str]:
    page = walk.page
    step(page, "Results")
    assert page.title() == "What to do now · spouse-relief"
    walk.check("results")
    todo = page.locator("section.bottom-line").inner_text()
    return todo, page.locator("main").inner_text()


def official_forms(walk: Walk, values: dict | None = None) -> tuple[str, str]:
    """From the results page to the filled official forms: the page checked, every envelope
    downloaded in one file; returns the file's text and its form fields' names (which say which
    official forms are inside: a form's printed text may name other forms). ``values`` gets the
    fields' values by name."""
    import io

    from pypdf import PdfReader

    page = walk.page
    page.get_by_role("link", name="Get the official forms, filled in, to sign and mail").click()
    assert page.get_by_role("heading", name="The official forms, filled in").is_visible()
    walk.check("official-forms")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download every envelope in one file (PDF)").click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    if values is not None:
        values.update({name: str(field.get("/V") or "") for name, field in (reader.get_fields() or {}).items()})
    return "\n".join(page_.extract_text() for page_ in reader.pages), " ".join(reader.get_fields() or {})


INJURED_OHIO = {
    "hurt you": "No", "file a joint return": "Yes", "What was the debt": "Child support", "owed only by your spouse": "Yes",
    "legally obligated": "No", "withheld": "Yes", "earned income": "Yes", "refundable credit": "No",
    "What was on the joint return": [{"What it is": "Wages (Form W-2)", "Whose": "Mine", "Amount": "30,000"},
                                     {"What it is": "Wages (Form W-2)", "Whose": "My spouse's", "Amount": "50,000"},
                                     {"What it is": "Federal tax withheld", "Whose": "Mine", "Amount": "6,000"}],
}


def test_injured_spouse_child_support_ohio(page, server):
    walk = Walk(page, server, "1-injured-ohio")
    triage(walk, ["My tax refund was taken"], "Ohio", 2024, "maria")
    asked = interview(walk, INJURED_OHIO)
    screening = len(walk.pages)
    text = " ".join(asked)
    for never in ("cheat", "false joint return", "basic living expenses", "Illinois", "divorced"):
        assert never not in text, never
    todo, main = results(walk)
    assert "Send Form 8379, Injured Spouse Allocation for 2024 by April 18, 2028." in todo
    assert "$" in todo and "Form 8857" not in todo
    assert "8857" not in page.locator("footer").inner_text()  # the official links are the forms the case calls for
    assert "Illinois" not in main and "IL-8857" not in page.content()
    step(page, "Packet")
    walk.check("packet")
    assert "IL-8857" not in page.locator("main").inner_text()
    interview(walk, {"paid preparer": "No, nobody"}, forms=True)  # the questions for the forms: About you, then Form 8379's on one page
    assert walk.pages[screening:] == ["About you", "Your share of the refund", "Anything else"], walk.pages
    print(f"injured spouse (Ohio): {screening} pages to the bottom line, {len(walk.pages) - screening} for the forms")
    assert walk.pages[:screening] == ["Your safety", "The joint return", "The refund that was taken", "The refund that was taken",
                                      "Your part of the joint return", "What was on the return"], walk.pages  # 6 pages to the bottom line, 9 in all
    step(page, "Results")
    mailed, fields = official_forms(walk)
    assert "Injured Spouse Allocation" in mailed and "Read first: what is in this envelope" in mailed
    assert "8857" not in mailed and "Illinois" not in mailed and "form8379" in fields
    walk.done()


def _tax_missing(walk: Walk, state: str, extra: list[str]) -> tuple[str, str]:
    triage(walk, ["The IRS says tax is missing", "The IRS is collecting"] + extra, state, 2022, walk.name.split("-", 1)[0] + "dana")
    asked = interview(walk, {
        "hurt you": "No", "file a joint return": "Yes", "Are you now married": "Divorced", "cheat": "No", "false joint return": "No",
        "Which items caused": [{"What it is": "Freelance income", "Kind": "Income left off the return", "Whose": "My spouse's", "Amount": "30,000",
                                "Did you know when you signed?": "No"}],
        "started collecting this tax": [{"What the IRS did": "A notice of intent to levy", "Date": "2025-01-06", "Against whom": "Me"}],
    })
    assert any("started collecting this tax" in legend for legend in asked)  # the levy notice, as a row with its date
    return results(walk)


LINE_20_22 = {  # the questions only Form 8857 asks about money, answered in the browser
    "What do you own now": [{"What it is": "Car", "What it is worth now": "8,000", "What you still owe on a loan for it": "2,500"},
                            {"What it is": "Checking account", "What it is worth now": "1,200.50"}],
    "average monthly income": {"Wages (gross pay)": "2,100", "Child support": "400", "Row 1: Type": "Disability", "Row 1: Amount": "300"},
    "average monthly expenses": {"Food": "450", "Rent or mortgage": "1,200", "Row 1: Type": "Wage garnishment", "Row 1: Amount": "150",
                                 "Miscellaneous": "25"},
    "paid preparer": "No, nobody", "act for you with the IRS": "No, nobody",
}
ABOUT_DANA = {  # "About you", asked before the forms' own questions
    "What is your full name?": {"What is your full name?": "Dana Doe"},
    "What is your social security number (or ITIN)?": {"What is your social security number (or ITIN)?": "123-45-6789"},
    "What is your current home address?": {"Number and street, or P.O. box": "12 Oak St", "City, state and ZIP code": "Columbus, OH 43004"},
    "What is your spouse's (or former spouse's) full name?": {"What is your spouse's (or former spouse's) full name?": "Leo Doe"},
}


def test_divorced_with_a_levy_ohio(page, server):
    walk = Walk(page, server, "2-levy-ohio")
    todo, main = _tax_missing(walk, "Ohio", [])
    assert "Send Form 8857, Request for Innocent Spouse Relief for 2022" in todo
    assert "Form 8379" not in todo and "Illinois" not in main
    # the Form 8857 bars, answered "I don't know", are said once, above the paths they decide
    assert main.count("Has a court made a final decision") == 1 and "You said you don't know: Has a court made" in main
    assert "Not yet answered: Has a court" not in main and " (January 6, 2027)" not in main
    screening = len(walk.pages)
    # then about you and the questions for the forms, a part of Form 8857 a page: lines 20 and 22 among them, lines 12-17 to write by hand
    asked = interview(walk, {**ABOUT_DANA, **LINE_20_22}, forms=True, by_hand=True)
    assert asked[:4] == list(ABOUT_DANA)  # about you first, on one page, just before the forms' own questions
    assert walk.pages[screening:] == ["About you", "How the IRS can reach you", "Your spouse", "When the returns were filed", "What you knew about the returns",
                                      "What you own", "Your monthly income and expenses", "Anything else"], walk.pages
    print(f"levy (Ohio): {screening} pages to the bottom line, {len(walk.pages) - screening} for the forms")
    assert (screening, len(walk.pages)) == (11, 19), walk.pages  # small questions of one topic share a page (test_web_form_pages.py lists them)
    assert sum(1 for legend in asked if "monthly" in legend or "What do you own now" in legend) == 3
    step(page, "Check your answers")
    walk.check("check-answers")
    answers = page.locator("main").inner_text()
    assert "Car: worth $8,000.00, owed $2,500.00" in answers and "Food: $450.00; Rent or mortgage: $1,200.00" in answers
    assert "Dana Doe" in answers and "***-**-6789" in answers and "123-45-6789" not in page.content()
    page.get_by_role("link", name=re.compile("^Change What do you own now")).click()  # Change, then Back: Check your answers again
    walk.check("change-from-check")
    page.get_by_role("button", name="Back").click()
    assert page.title() == "Check your answers · spouse-relief"
    step(page, "Results")
    values: dict[str, str] = {}
    mailed, fields = official_forms(walk, values)
    assert "Request for Innocent Spouse Relief" in mailed and "Internal Revenue Service" in mailed
    assert "form8857" in fields and "form8379" not in fields and "Illinois" not in mailed
    line = {name.rsplit(".", 1)[-1]: value for name, value in values.items() if name.startswith("form8857.")}
    # line 20's first row; line 22's totals: 2,100 + 400 + 300 = 2,800 and 450 + 1,200 + 150 + 25 = 1,825
    assert (line["f4_5[0]"], line["f4_6[0]"], line["f4_7[0]"]) == ("Car", "8,000.00", "2,500.00")
    assert (line["f4_44[0]"], line["f5_31[0]"]) == ("2,800.00", "1,825.00")
    assert "Total monthly income" not in mailed.split("Request for Innocent Spouse Relief", 1)[0]  # no longer left to fill by hand
    assert "Your current name" not in mailed.split("Request for Innocent Spouse Relief", 1)[0] and "Dana Doe" in line.values()
    cover = mailed.split("Where to mail it", 1)[0]  # the essays left to write by hand: blank, and listed with the form's own words
    assert "Form 8857, line 12: Your involvement in preparing the returns" in cover and line["f3_1[0]"] == ""
    assert "Form 8857, line 17: Your involvement in the household finances" in cover and line["f3_21[0]"] == ""
    walk.done()


def test_divorced_with_a_levy_illinois(page, server):
    walk = Walk(page, server, "3-levy-illinois")
    todo, main = _tax_missing(walk, "Illinois", ["A state sent me a bill"])
    assert "Send Form 8857, Request for Innocent Spouse Relief for 2022" in todo
    assert "Form IL-8857" in todo and "Form 8379" not in todo
    assert "IL-1040" not in todo  # the Illinois refund question answered "I don't know": a question, not a missed route
    assert "[V2]" not in main and "[U]" not in main
    print(f"levy (Illinois): {len(walk.pages)} pages to the bottom line")
    assert len(walk.pages) == 13 and walk.pages.count("Illinois") == 1, walk.pages  # the Ohio case's 11, the return's items and Illinois
    mailed, fields = official_forms(walk)
    assert "Request for Innocent Spouse Relief" in mailed and "IL-8857" in mailed and "Illinois Department of Revenue" in mailed
    assert "form8857" in fields and "form8379" not in fields
    walk.done()


def test_abuse_survivor_sees_safety_first(page, server):
    walk = Walk(page, server, "4-abuse")
    triage(walk, ["The IRS says tax is missing"], "Ohio", 2022, "ana")
    step(page, "Questions")
    assert page.title() == "Your safety · spouse-relief"
    assert page.get_by_role("link", name="Exit this page").is_visible()
    interview(walk, {"hurt you": "Yes", "before you signed": "Yes", "for fear": "Yes", "file a joint return": "Yes"})
    print(f"abuse (Ohio): {len(walk.pages)} pages to the bottom line")
    assert len(walk.pages) == 11 and walk.pages[0] == "Your safety", walk.pages
    for where in ("About you", "Questions", "Results"):
        step(page, where)
        main = page.locator("main")
        assert main.locator("section.safety").count() == 1, where
        assert main.locator("section.safety").bounding_box()["y"] < main.locator("h1").bounding_box()["y"], where
        assert page.get_by_role("link", name="Exit this page").is_visible()
    step(page, "About you")
    walk.check("about-you")
    assert "Everything about your spouse is optional" in page.locator("main").inner_text()
    assert page.get_by_label("Phone (optional)").count() == 1
    results(walk)
    values: dict[str, str] = {}
    mailed, fields = official_forms(walk, values)  # the packet, with the safety guidance still first
    main = page.locator("main")
    assert main.locator("section.safety").count() == 1 and page.get_by_role("link", name="Exit this page").is_visible()
    assert main.locator("section.safety").bounding_box()["y"] < main.locator("h1").bounding_box()["y"]
    assert "Request for Innocent Spouse Relief" in mailed and "form8857" in fields and "form8379" not in fields
    # she did not choose to describe the abuse on the form: Part V (line 23) is left empty
    part5 = {name: value for name, value in values.items() if name.startswith("form8857.") and re.search(r"\.(c5_|f6_[1-4]\[|c6_)", name)}  # line 23a-d
    assert part5 and all(value in ("", "/Off", "Off") for value in part5.values()), {k: v for k, v in part5.items() if v not in ("", "/Off", "Off")}
    walk.done()


def test_clinic_volunteer_with_three_clients(page, server):
    walk = Walk(page, server, "5-clinic")
    triage(walk, ["My tax refund was taken"], "Ohio", 2024, "volunteer")
    for happened, state, year, name in ((["The IRS says tax is missing"], "Ohio", 2022, "Ana Ruiz"), (["A state sent me a bill"], "Illinois", 2023, "Ben Cole")):
        triage(walk, happened, state, year, None, name)
    walk.check("overview")  # the case just made: the next thing to do first, what does not apply folded
    assert page.locator("main a.button").first.inner_text() == "Go on with the questions"
    assert page.locator("main .badge.status-not_met").count() == 0 and page.locator("main button.danger:not(.link)").count() == 0
    page.get_by_role("link", name="My cases").click()
    walk.check("cases")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 3
    assert "April 18, 2028" in rows.first.inner_text()  # the nearest deadline first
    assert "Ben Cole, 2023" in page.locator("table.list").inner_text() and "Ana Ruiz, 2022" in page.locator("table.list").inner_text()
    page.get_by_label("Search by name, case or year").fill("Ruiz")
    page.get_by_role("button", name="Search").click()
    walk.check("cases-search")
    assert page.locator("table.list tbody tr").count() == 1 and "Ana Ruiz" in page.locator("table.list").inner_text()
    walk.done()


def test_preparer_types_il8857_lines(page, server):
    walk = Walk(page, server, "6-preparer")
    triage(walk, ["A state sent me a bill"], "Illinois", 2022, "cpa")
    page.get_by_role("link", name="Tax years and worksheets").first.click()
    page.get_by_role("link", name=re.compile("IL-8857 Allocation of Liability Worksheet, 2022")).click()
    page.get_by_role("link", name=re.compile("Enter lines")).click()
    walk.check("il8857-lines")
    page.get_by_label("Line 1 column A", exact=True).fill("80,850")
    page.get_by_label("Line 1 column B", exact=True).fill("30,425")
    page.get_by_label("Line 1 column C", exact=True).fill("50,425")
    page.get_by_role("button", name="Save the lines").click()
    walk.check("il8857-saved")
    assert "$80,850.00" in page.locator("table.worksheet:not(.entry) tr:has(th:text-is('1'))").first.inner_text()
    page.get_by_role("link", name="Print the worksheet only").click()
    walk.check("il8857-print")
    assert page.locator(".worksheet-who").is_visible()
    page.go_back()
    todo, main = results(walk)
    assert "Form IL-8857" in todo and "Form 8379" not in todo
    assert "IL-1040" not in todo  # the Illinois refund question answered "I don't know": a question, not a missed route
    assert "[V2]" not in main and "[U]" not in main
    walk.done()


def test_injured_spouse_ohio_without_an_account(page, server, tmp_path):
    """From the start page to what to do now, the calendar and the filled Form 8379 with no account;
    then "Save your case": the answers carry over and the saved case says the same."""
    from pypdf import PdfReader

    walk = Walk(page, server, "7-no-account-injured-ohio")
    page.goto(f"{server}/")
    walk.check("start")
    page.get_by_role("link", name="Start now").click()
    page.get_by_label("My tax refund was taken").check()
    page.get_by_label("State", exact=True).select_option(label="Ohio")
    page.get_by_label("2024", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    walk.check("check-first-answers")
    page.get_by_role("link", name="Go on with the questions without an account").click()
    asked = interview(walk, INJURED_OHIO, saved=False)
    assert not any(never in " ".join(asked) for never in ("cheat", "basic living expenses", "Illinois"))
    page.get_by_role("link", name=re.compile("^see what to do now$", re.I)).first.click()
    assert page.title() == "What to do now · spouse-relief" and "/start/results" in page.url
    walk.check("results")
    notice = page.locator("main section.draft-notice")
    assert "Your answers are only in this browser" in notice.inner_text()
    assert notice.get_by_role("link", name=re.compile("^Save your case")).is_visible()
    todo = page.locator("section.bottom-line").inner_text()
    assert "Send Form 8379, Injured Spouse Allocation for 2024 by April 18, 2028." in todo and "$" in todo
    body = page.locator("body").inner_text()  # what a person reads, the footer's official links too
    assert "Illinois" not in body and "8857" not in body and "IL-8857" not in page.content()

    with page.expect_download() as download:
        page.get_by_role("link", name="Add the deadlines to your calendar (.ics)").click()
    calendar = (tmp_path / "deadlines.ics")
    download.value.save_as(calendar)
    ics = calendar.read_text()
    assert "8379" in ics and "8857" not in ics and "Illinois" not in ics

    page.get_by_role("link", name="Next: the packet").click()
    assert page.get_by_role("heading", name="1. IRS: injured spouse allocation for 2024").is_visible()
    walk.check("forms")
    assert "Your answers are only in this browser" in page.locator("main").inner_text()
    body = page.locator("body").inner_text()
    assert "8857" not in body and "Illinois" not in body
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this envelope (PDF)").click()
    assert download.value.suggested_filename == "irs-form-8379-2024.pdf"
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    reader = PdfReader(str(target))
    text = "\n".join(part.extract_text() for part in reader.pages)
    assert "Injured Spouse Allocation" in text and "8857" not in text and "Illinois" not in text
    assert reader.get_fields()["form8379_2024.Page1[0].f1_1[0]"].get("/V") == "2024"

    page.get_by_role("link", name=re.compile("^Save your case")).click()
    page.locator("#f-username").fill("nora")
    page.locator("#f-password").fill(PASSWORD)
    page.locator("#f-confirm").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]+\?msg=created"))
    saved_todo, _main = results(walk)
    assert saved_todo == todo  # the answers carried over: the saved case says the same
    walk.done()

"""Debian's chromium, driven by Playwright, through whole interviews to a downloaded packet.

Also the back, change and "I don't know" paths, bad input shown beside its field, keyboard-only
login, and the pages working with JavaScript off.
"""

from __future__ import annotations

import re
from pathlib import Path

SSN = "123-45-6789"


def register(page, server: str, username: str) -> None:
    page.goto(f"{server}/register")
    page.locator("#f-username").fill(username)
    page.locator("#f-password").fill("correct horse battery")
    page.locator("#f-confirm").fill("correct horse battery")
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_url(re.compile(r"/cases"))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def answer_page(page, choices: dict[str, str], default: str = "I don't know") -> list[str]:
    """Answer the questions on one interview page: a given answer by question text, else the default."""
    asked = []
    for fieldset in page.locator("fieldset.question").all():
        legend = fieldset.locator("legend").first.inner_text()
        asked.append(legend)
        answer = next((value for key, value in choices.items() if key in legend), default)
        option = fieldset.get_by_label(answer, exact=True)
        if option.count() == 0:
            option = fieldset.get_by_label("I don't know", exact=True)
        option.first.check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    return asked


def test_whole_interview_to_a_downloaded_packet(page, server, tmp_path):
    register(page, server, "pat")
    page.get_by_label("A short name for the case").fill("Pat's 2022 request")
    page.get_by_role("button", name="Start the case").click()
    page.get_by_role("link", name="About you and your spouse").click()
    page.locator("#f-requesting_spouse\\.name").fill("Pat Requester")
    page.locator("#f-requesting_spouse\\.ssn").fill("123456789")
    page.locator("#f-other_spouse\\.name").fill("Sam Other")
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_text("***-**-6789").first.is_visible()
    assert SSN not in page.content()

    page.get_by_role("button", name="Save and go to the questions").click()
    page.get_by_label("Tax year").fill("2022")
    page.get_by_role("button", name="Add the year and continue").click()
    answers = {"hurt you": "No", "joint return": "Yes", "tax missing": "Yes", "left unpaid": "No", "Are you now married": "Divorced"}
    seen: list[str] = []
    for _ in range(6):
        if page.locator("fieldset.question").count() == 0:
            break
        seen += answer_page(page, answers)
    assert any("joint return" in text for text in seen)
    page.get_by_role("link", name="Tax years and worksheets").first.click()
    page.get_by_role("link", name=re.compile("IL-8857 Allocation of Liability Worksheet, 2022")).click()
    for kind, owner, amount in (("wages", "Me (the requesting spouse)", "30425"), ("wages", "My spouse or former spouse", "50425"),
                                ("illinois_withholding", "Me (the requesting spouse)", "1400")):
        page.locator("#f-kind").select_option(kind)
        page.get_by_label("Amount", exact=True).fill(amount)
        page.get_by_label(owner, exact=True).check()
        page.get_by_role("button", name="Add the item").click()
        page.wait_for_load_state()
    assert "$80,850.00" in page.locator("table.worksheet tr:has(th:text-is('1'))").first.inner_text()
    explained = page.locator("table.worksheet details").first
    explained.locator("summary").click()
    assert explained.locator("dt", has_text="Formula").is_visible()

    page.get_by_role("link", name="Results").first.click()
    assert page.get_by_role("heading", name="What to do now").is_visible()
    assert page.get_by_role("heading", name="What applies to you, and why").is_visible()
    assert page.locator("article.finding").count() > 3
    with page.expect_download() as calendar:
        page.get_by_role("link", name=re.compile(r"calendar \(\.ics\)")).click()
    assert b"BEGIN:VCALENDAR" in Path(calendar.value.path()).read_bytes()

    page.get_by_role("link", name="Packet").first.click()
    page.get_by_label("Explanation for Form 8857").fill("I did not know about Sam's landscaping income.")
    page.get_by_role("button", name="Save the explanation").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the packet (PDF)").click()
    target = tmp_path / "packet.pdf"
    download.value.save_as(target)
    text = pdf_text(target)
    for expected in ("Pat's 2022 request", "Pat Requester", SSN, "I did not know about Sam's landscaping income.",
                     "Allocation of Liability Worksheet, tax year 2022", "$80,850.00", "$30,425.00",
                     "educational tool, not legal or tax advice", "Form 8857", "SPRINGFIELD IL 62794-9014"):
        assert expected in text, expected


def test_demo_case_downloads_a_correct_packet(page, server, tmp_path):
    page.goto(f"{server}/login")
    page.get_by_label("Username").fill("demo")
    page.locator("#f-password").fill("demo-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=re.compile("Demo")).click()
    page.get_by_role("link", name="Packet").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the packet (PDF)").click()
    target = tmp_path / "demo.pdf"
    download.value.save_as(target)
    text = pdf_text(target)
    assert "Pat Example" in text and "Allocation of Liability Worksheet, tax year 2022" in text
    assert re.search(r"You (may be refunded|are liable for) \$[\d,]+\.\d\d", text)


def test_back_change_and_unknown(page, server):
    register(page, server, "robin")
    page.get_by_label("A short name for the case").fill("Back and forth")
    page.get_by_role("button", name="Start the case").click()
    page.get_by_role("link", name="Questions").first.click()
    page.get_by_label("Tax year").fill("2021")
    page.get_by_role("button", name="Add the year and continue").click()
    # safety first, alone, with the exit; then the joint return
    assert page.locator("fieldset.question").count() == 1 and page.get_by_role("link", name="Exit this page").is_visible()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    first = page.locator("fieldset.question").first
    assert "joint return" in first.locator("legend").inner_text()
    first.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    second = page.locator("fieldset.question").first
    second_text = second.locator("legend").inner_text()
    second.get_by_label("I don't know", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    answers = page.locator("section[aria-labelledby=answers]")
    assert "I don't know" in answers.inner_text()
    # the unknown question is not asked again, and the results still name it
    assert second_text not in " ".join(page.locator("fieldset.question legend").all_inner_texts())
    # Back reopens the last answer, with what was chosen
    page.get_by_role("button", name="Back").click()
    assert page.locator("fieldset.question").count() == 1
    reopened = page.locator("fieldset.question").first
    assert reopened.locator("legend").inner_text() == second_text
    assert reopened.get_by_label("I don't know", exact=True).is_checked()
    page.get_by_role("button", name="Save and continue").click()
    # change the first answer from the list of answers
    page.get_by_role("link", name=re.compile("Change the answer to: Did you file a joint return")).click()
    only = page.locator("fieldset.question").first
    assert only.get_by_label("Yes", exact=True).is_checked()
    only.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    row = page.locator("section[aria-labelledby=answers] tr", has_text="file a joint return")
    assert "No" in row.inner_text()
    page.get_by_role("link", name="Results").first.click()
    assert page.locator("article.finding").count() > 0


def test_bad_input_is_shown_beside_the_field_and_announced(page, server):
    register(page, server, "casey")
    page.get_by_label("A short name for the case").fill("Typos")
    page.get_by_role("button", name="Start the case").click()
    page.get_by_role("link", name="Tax years and worksheets").first.click()
    page.get_by_label("Add a tax year").fill("20x2")
    page.get_by_role("button", name="Add the year").click()
    error = page.locator("#f-tax_year-error")
    assert error.get_attribute("role") == "alert" and "four digits" in error.inner_text()
    assert page.locator("#f-tax_year").get_attribute("aria-invalid") == "true"
    assert "f-tax_year-error" in page.locator("#f-tax_year").get_attribute("aria-describedby")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    page.get_by_label("Add a tax year").fill("2022")
    page.get_by_role("button", name="Add the year").click()
    page.get_by_role("link", name=re.compile("IL-8857 Allocation of Liability Worksheet, 2022")).click()
    page.locator("#f-kind").select_option("wages")
    page.get_by_label("Amount", exact=True).fill("12,34.5.6")
    page.get_by_label("Me (the requesting spouse)", exact=True).check()
    page.get_by_role("button", name="Add the item").click()
    amount_error = page.locator("#f-amount-error")
    assert amount_error.is_visible() and amount_error.get_attribute("role") == "alert"
    assert page.get_by_label("Amount", exact=True).input_value() == "12,34.5.6"  # what was typed stays
    # the field's error sits right after its label, inside the same field
    assert page.locator(".field.has-error", has=page.locator("#f-amount")).locator("#f-amount-error").count() == 1


def test_keyboard_only_login_and_skip_link(page, server):
    register(page, server, "kim")
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{server}/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Skip to the main content")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-username":
            break
    assert page.evaluate("document.activeElement.id") == "f-username"
    page.keyboard.type("kim")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cases$"))
    assert page.get_by_role("heading", name="My cases").is_visible()


def test_pages_work_without_javascript(chromium, server):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    register(page, server, "nojs")
    page.get_by_label("A short name for the case").fill("No script")
    page.get_by_role("button", name="Start the case").click()
    page.get_by_role("link", name="Tax years and worksheets").first.click()
    page.get_by_label("Add a tax year").fill("2022")
    page.get_by_role("button", name="Add the year").click()
    page.get_by_role("link", name=re.compile("IL-8857 Allocation of Liability Worksheet, 2022")).click()
    page.locator("#f-kind").select_option("wages")
    page.get_by_label("Amount", exact=True).fill("1000")
    page.get_by_label("Not clear whose", exact=True).check()
    page.get_by_role("button", name="Add the item").click()
    line1 = page.locator("table.worksheet tr:has(th:text-is('1'))").first.inner_text()
    assert "$1,000.00" in line1 and line1.count("$500.00") == 2  # unclear wages are divided equally
    context.close()

"""The forms' own questions a part of Form 8857 at a time: a page holds every open question of one
part of the form, in the form's order, each with its own words, "why we ask", the line it fills and
"I don't know"; a page with an error shows every error beside its field and keeps what was typed;
"I will write these on the paper form myself" leaves the essay lines blank, listed to fill, never
asked again. The levy case's forms part is counted in pages."""

from __future__ import annotations

import re

import pytest

from test_web_form_answers import filled_fields, levy_case
from test_web_interview import CSRF, answer, questions_on, start


@pytest.fixture
def client(sqlite_app):
    from fastapi.testclient import TestClient

    return TestClient(sqlite_app, follow_redirects=False)


F = "forms.f8857."
REACH = [F + "english_primary", F + "contact_address", F + "safe_phone", F + "afraid_to_provide"]
KNEW = [F + name for name in ("return_preparation", "knowledge_of_income", "missing_or_incorrect_information", "balance_due_expectation",
                              "financial_problems", "household_finances")]


def post_page(client, case_id, page, values, **extra):
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {"csrf_token": CSRF.search(page).group(1), "version": version, "fields": questions_on(page), "action": "next", **values, **extra}
    return client.post(f"/cases/{case_id}/interview", data=data)


def forms_page_of(client, case_id, first):
    """Answer the forms' pages with "I don't know" until the page that starts with ``first``."""
    for _ in range(20):
        page = client.get(f"/cases/{case_id}/interview").text
        if questions_on(page)[:1] == [first]:
            return page
        answer(client, case_id, {})
    raise AssertionError(f"no page starts with {first}")


def test_how_the_irs_can_reach_you_is_one_page_and_every_error_shows_at_once(client):
    case_id = levy_case(client)
    page = client.get(f"/cases/{case_id}/interview").text
    assert questions_on(page) == REACH  # lines 4, 5 and 10 of Form 8857, in the form's order
    assert "<h1>How the IRS can reach you</h1>" in page
    for line in ("Form 8857, line 4", "Form 8857, line 5", "Form 8857, line 10"):
        assert line in page, line
    assert page.count("Why we ask:") == 4 and page.count("know</label>") == 4
    assert "The IRS can arrange an interpreter" in page and "If you say yes, the IRS will talk with you about it" in page
    assert 'name="by_hand"' not in page  # only on the page of the questions answered in your own words
    bad = post_page(client, case_id, page, {
        f"q.{F}english_primary": "yes", f"q.{F}contact_address.street": "PO Box 9", f"q.{F}safe_phone": "614-555-0101 (ask for me, or leave a message)",
        f"q.{F}afraid_to_provide": "no"})
    assert bad.status_code == 422
    assert bad.text.count('<p class="error" id="f-') == 2
    assert "<title>Error: How the IRS can reach you · spouse-relief</title>" in bad.text
    # both errors beside their fields, and in the summary with links to them
    assert f'id="f-q.{F}contact_address.city_state_zip-error"' in bad.text and "Enter the street and the city, state and ZIP code." in bad.text
    assert f'id="f-q.{F}safe_phone-error"' in bad.text and "Use at most 40 characters." in bad.text
    assert f'href="#f-q.{F}safe_phone"' in bad.text and f'href="#f-q.{F}contact_address.city_state_zip"' in bad.text
    # what was typed and chosen stays on the page
    assert 'value="PO Box 9"' in bad.text and 'value="614-555-0101 (ask for me, or leave a message)"' in bad.text
    assert re.search(rf'name="q\.{re.escape(F)}english_primary" value="yes" checked', bad.text)
    assert re.search(rf'name="q\.{re.escape(F)}afraid_to_provide" value="no" checked', bad.text)
    kept = client.get(f"/cases/{case_id}/export.json").json()["forms"]["f8857"]
    assert kept["english_primary"] is None and kept["safe_phone"] == "" and kept["contact_address"]["street"] == ""  # nothing saved from a page with an error
    good = post_page(client, case_id, page, {
        f"q.{F}english_primary": "no", f"q.{F}contact_address.street": "PO Box 9", f"q.{F}contact_address.city_state_zip": "Columbus, OH 43004",
        f"q.{F}safe_phone": "614-555-0101", f"q.{F}afraid_to_provide": "no"})
    assert good.status_code == 303
    saved = client.get(f"/cases/{case_id}/export.json").json()["forms"]["f8857"]
    assert saved["english_primary"] is False and saved["safe_phone"] == "614-555-0101" and saved["afraid_to_provide"] is False
    assert (saved["contact_address"]["street"], saved["contact_address"]["city_state_zip"]) == ("PO Box 9", "Columbus, OH 43004")
    # what depends on those answers comes next, on a short page of the same part: the language, the county, the mail, the voicemail
    follow = client.get(f"/cases/{case_id}/interview").text
    assert questions_on(follow) == [F + "language", F + "contact_address.county", F + "send_all_mail_here", F + "voicemail_ok"]
    assert "<h1>How the IRS can reach you</h1>" in follow


def test_writing_the_essays_on_the_paper_form_leaves_them_blank_listed_and_not_asked_again(client):
    case_id = levy_case(client, "wren")
    page = forms_page_of(client, case_id, KNEW[0])
    assert questions_on(page) == KNEW and "<h1>What you knew about the returns</h1>" in page  # lines 12 to 17 on one page
    for line in range(12, 18):
        assert f"Form 8857, line {line}" in page
    assert 'name="by_hand"' in page and "I will write these on the paper form myself" in page
    saved = post_page(client, case_id, page, {f"q.{F}knowledge_of_income": "He said the freelance money went to his own account."}, by_hand="1")
    assert saved.status_code == 303
    case = client.get(f"/cases/{case_id}/export.json").json()
    assert case["forms"]["f8857"]["knowledge_of_income"] == "He said the freelance money went to his own account."
    for name in ("return_preparation", "missing_or_incorrect_information", "balance_due_expectation", "financial_problems", "household_finances"):
        assert case["forms"]["f8857"][name] == "", name
    assert set(KNEW) <= {item["field"] for item in case["answered"]} and not set(KNEW) & set(case["unknown"])  # answered, not "I don't know"
    for _ in range(12):  # never asked again
        on = questions_on(client.get(f"/cases/{case_id}/interview").text)
        assert not set(KNEW) & set(on)
        if not on:
            break
        answer(client, case_id, {"paid_preparer": "nobody", "representative": "nobody"})
    check = client.get(f"/cases/{case_id}/check").text
    assert check.count("I will write it on the paper form myself") == 5
    fields, text = filled_fields(client, case_id)
    line = {name.rsplit(".", 1)[-1]: value for name, value in fields.items() if name.startswith("form8857") and ".Page3[0]." in name}
    assert [line[f"f3_{index}[0]"] for index in (1, 9, 17, 21)] == ["", "", "", ""]  # lines 12, 14, 16, 17: blank
    assert "He said the freelance money" in line["f3_5[0]"]  # line 13: the answer given
    cover = text.split("Where to mail it", 1)[0]
    forms = client.get(f"/cases/{case_id}/forms").text
    for label in (("12", "Your involvement in preparing the returns"), ("14", "What you knew about missing or incorrect information on the returns"),
                  ("16", "Financial problems when the returns were filed"), ("17", "Your involvement in the household finances")):
        assert f"Form 8857, line {label[0]}: {label[1]}" in cover and label[1] in forms, label  # listed to fill by hand, with the form's printed label
    assert "What you knew about the income of the person on line 6" not in forms + cover  # line 13: answered


def test_a_bad_number_beside_the_assets_table_keeps_the_rows(client):
    case_id = levy_case(client, "quinn")
    page = forms_page_of(client, case_id, F + "assets")
    assert questions_on(page) == [F + "assets", F + "people_supported"] and "<h1>What you own</h1>" in page
    bad = post_page(client, case_id, page, {f"q.{F}assets.rows": "3", f"q.{F}assets.0.description": "Car", f"q.{F}assets.0.fair_market_value": "8,000",
                                            f"q.{F}people_supported": "0"})
    assert bad.status_code == 422 and f'id="f-q.{F}people_supported-error"' in bad.text and "Enter 1 or more." in bad.text
    assert 'value="Car"' in bad.text and 'value="8,000"' in bad.text


def test_the_forms_part_of_the_levy_case_takes_at_most_eight_pages(client):
    """Every question of the forms answered (a safe address, a phone, another language: the most
    follow-up questions), from the first forms page to "No more questions"."""
    case_id = levy_case(client, "uma")
    given = {"english_primary": "no", "language": "Spanish", "contact_address": {"street": "PO Box 9", "city_state_zip": "Columbus, OH 43004"},
             "safe_phone": "614-555-0101", "paid_preparer": "nobody", "representative": "nobody", "knowledge_of_income": "Nothing"}
    titles = []
    first = client.get(f"/cases/{case_id}/interview").text
    # the pages the open questions take, this one aside: spouse, filed, knew, own, monthly, else (a follow-up may add one)
    assert "About 6 more pages after this one." in first
    for _ in range(20):
        page = client.get(f"/cases/{case_id}/interview").text
        if not questions_on(page):
            break
        titles.append(re.search(r"<h1>(.*?)</h1>", page).group(1))
        answer(client, case_id, given)
    assert titles == ["How the IRS can reach you", "How the IRS can reach you", "Your spouse", "When the returns were filed", "What you knew about the returns",
                      "What you own", "Your monthly income and expenses", "Anything else"]
    assert len(titles) <= 8


def test_the_screening_of_the_levy_case_takes_eleven_pages(client):
    """The levy case's screening, from the safety question to the bottom line, answered as in the
    browser walk (everything not given "I don't know"): small questions of one topic (yes/no, a
    choice, a date, an amount) share a page, after the list of that topic; each keeps its own words,
    "why we ask" and "I don't know"."""
    from test_web_form_answers import LEVY

    case_id = start(client, "ines", ["tax_missing", "irs_collecting"], "OH", 2022)
    pages = []
    for _ in range(30):
        page = client.get(f"/cases/{case_id}/interview").text
        fields = questions_on(page)
        if not fields or fields[0].startswith(("forms.", "people.")):
            break
        pages.append((re.search(r"<h1>(.*?)</h1>", page).group(1), [field.rsplit(".", 1)[-1] for field in fields]))
        assert page.count("Why we ask:") == len(fields) and page.count('value="__unknown__"') == len(fields), fields  # each its own "I don't know"
        if "tax_years.0.deficiency_amount" in fields:  # a wrong date and a wrong amount: both errors at once, beside their fields, nothing saved
            bad = post_page(client, case_id, page, {"q.tax_years.0.items": "__unknown__", "q.tax_years.0.deficiency_asserted_on": "2024-02-30",
                                                    "q.tax_years.0.deficiency_amount": "twelve"})
            assert bad.status_code == 422 and bad.text.count('<p class="error" id="f-') == 2, bad.text[:3000]
            assert 'id="f-q.tax_years.0.deficiency_asserted_on-error"' in bad.text and 'id="f-q.tax_years.0.deficiency_amount-error"' in bad.text
            assert 'value="twelve"' in bad.text
            assert "tax_years.0.items" not in client.get(f"/cases/{case_id}/export.json").json()["unknown"]
        answer(client, case_id, LEVY)
    assert pages == [
        ("Your safety", ["abused"]),  # alone and first
        ("The joint return", ["joint_return"]),
        ("The tax the IRS says is missing", ["items", "deficiency_asserted_on", "deficiency_amount"]),  # the items, then a date and an amount
        ("What you knew", ["reason_to_know", "significant_benefit"]),
        ("You and your spouse now", ["status"]),  # divorced: never asked when you moved apart
        ("What the IRS has done", ["collection"]),
        ("What the IRS has done", ["assessed_on"]),  # asked once the levy notice is given
        ("Paying the tax", ["economic_hardship", "balance_due", "can_pay_in_full"]),
        ("Earlier decisions about this tax", ["court_decided_relief", "took_part_in_court_case", "offer_in_compromise", "closing_agreement"]),
        ("Two questions the law requires", ["fraudulent_scheme_transfers", "knowingly_filed_fraudulent_return"]),
        ("Since then", ["asset_transfers", "legal_obligation", "later_years_compliance", "poor_health"]),
    ]
    assert client.get(f"/cases/{case_id}/interview").text.count('class="screening-done"') == 1  # the bottom line is ready


def test_a_follow_up_starts_the_next_page_and_a_list_never_shares_one_with_another():
    from spouse_relief.navigator.findings import Question
    from spouse_relief.web.interview_plan import next_page

    def asked(*pairs):
        return [Question(question_id, field, question_id) for question_id, field in pairs]

    marriage = asked(("marital_status", "marriage.status"), ("moved_apart_on", "household.moved_apart_on"), ("living_together", "household.living_together"))
    kinds = {"marriage.status": "choice", "household.moved_apart_on": "date", "household.living_together": "yes_no"}
    assert [question.id for question in next_page(marriage, kinds)] == ["marital_status"]
    assert [question.id for question in next_page(marriage[1:], kinds)] == ["moved_apart_on", "living_together"]
    later = asked(("asset_transfers", "tax_years.0.asset_transfers"), ("collection", "tax_years.0.collection"), ("poor_health", "you.poor_health"))
    kinds = {"tax_years.0.asset_transfers": "list", "tax_years.0.collection": "list", "you.poor_health": "yes_no"}
    assert [question.id for question in next_page(later, kinds)] == ["asset_transfers"]  # another group's list: a page of its own
    kinds["tax_years.0.asset_transfers"] = "text"
    assert [question.id for question in next_page(later, kinds)] == ["asset_transfers"]  # a box of words: a page of its own


def test_the_pages_of_the_forms_questions_are_in_spanish(client):
    case_id = levy_case(client, "vera")
    client.headers["Accept-Language"] = "es"
    reach = client.get(f"/cases/{case_id}/interview").text
    assert "<h1>Cómo puede comunicarse el IRS con usted</h1>" in reach and "Formulario 8857, línea 10" in reach
    knew = forms_page_of(client, case_id, KNEW[0])
    assert "<h1>Lo que sabía de las declaraciones</h1>" in knew and "Las escribiré a mano en el formulario impreso" in knew
    assert "Falta llenar a mano" in knew and "I will write" not in knew
    assert post_page(client, case_id, knew, {}, by_hand="1").status_code == 303
    own = forms_page_of(client, case_id, F + "assets")
    assert "<h1>Lo que usted tiene</h1>" in own
    bad = post_page(client, case_id, own, {f"q.{F}assets": "none", f"q.{F}assets.rows": "3", f"q.{F}people_supported": "31"})
    assert bad.status_code == 422 and "Anote como máximo 30." in bad.text
    check = client.get(f"/cases/{case_id}/check").text
    assert check.count("La escribiré a mano en el formulario impreso") == 6


def test_the_abuse_questions_keep_pages_of_their_own_gentle_and_optional(client):
    from test_web_form_answers import LEVY
    from test_web_interview import start

    case_id = start(client, "yara", ["tax_missing", "irs_collecting"], "OH", 2022)
    for _ in range(60):  # the screening, told about abuse
        fields = questions_on(client.get(f"/cases/{case_id}/interview").text)
        if not fields or fields[0].startswith(("people.", "forms.")):
            break
        answer(client, case_id, {**LEVY, "abuse.abused": "yes"})
    pages = []
    for _ in range(20):
        page = client.get(f"/cases/{case_id}/interview").text
        fields = questions_on(page)
        if not fields:
            break
        pages.append(fields)
        if fields[0] == F + "abuse.share":
            assert fields == [F + "abuse.share"] and "<h1>Telling the IRS how you were treated</h1>" in page  # alone: only whether to describe it
            assert "This part is not required." in page and "Exit this page" in page and "know</label>" in page
            answer(client, case_id, {"abuse.share": "yes"})
            continue
        if fields[0].startswith(F + "abuse."):
            assert set(fields) == {F + "abuse.description", F + "abuse.afraid", F + "abuse.danger", F + "abuse.no_account_code"}, fields
            assert "<h1>Telling the IRS how you were treated</h1>" in page and "Exit this page" in page
            assert 'name="by_hand"' not in page and page.count("know</label>") == 4  # each may be left unanswered
        else:
            assert not any(field.startswith(F + "abuse.") for field in fields), fields  # never with another part's questions
        answer(client, case_id, {"paid_preparer": "nobody", "representative": "nobody"})
    assert [F + "abuse.share"] in pages and any(fields[0] == F + "abuse.description" for fields in pages)


def test_back_reopens_the_whole_page_of_the_part_before(client):
    case_id = levy_case(client, "zoe")
    answer(client, case_id, {"english_primary": "yes", "afraid_to_provide": "no"})  # How the IRS can reach you; the address and phone "I don't know"
    spouse = client.get(f"/cases/{case_id}/interview").text
    assert questions_on(spouse) == [F + "spouse_address"]
    back = post_page(client, case_id, spouse, {}, action="back")
    assert back.status_code == 303 and back.headers["location"] == f"/cases/{case_id}/interview?edit={F}afraid_to_provide&part=1"
    again = client.get(back.headers["location"]).text
    assert questions_on(again) == REACH and "<h1>How the IRS can reach you</h1>" in again
    assert "You are changing the answers of this page." in again
    assert re.search(rf'name="q\.{re.escape(F)}english_primary" value="yes" checked', again)
    assert re.search(rf'name="q\.{re.escape(F)}afraid_to_provide" value="no" checked', again)
    assert re.search(rf'name="q\.{re.escape(F)}safe_phone\.unknown" value="__unknown__" checked', again)
    changed = post_page(client, case_id, again, {f"q.{F}english_primary": "yes", f"q.{F}safe_phone": "614-555-0101", f"q.{F}afraid_to_provide": "yes"},
                        edit=F + "afraid_to_provide")
    assert changed.status_code == 303
    saved = client.get(f"/cases/{case_id}/export.json").json()
    assert saved["forms"]["f8857"]["safe_phone"] == "614-555-0101" and saved["forms"]["f8857"]["afraid_to_provide"] is True
    assert F + "safe_phone" not in saved["unknown"] and F + "contact_address" in saved["unknown"]  # what was not changed stays

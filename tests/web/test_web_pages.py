"""The pages: login, CSRF, headers, errors beside their fields, masking, stale saves, export/import."""

from __future__ import annotations

import io
import json
import re

import pytest


SSN = "123-45-6789"


@pytest.fixture
def pat(sqlite_browser):
    sqlite_browser.register("pat")
    return sqlite_browser


def test_pages_need_a_login(sqlite_app):
    from fastapi.testclient import TestClient

    client = TestClient(sqlite_app, follow_redirects=False)
    for path in ("/cases", "/cases/abc", "/cases/abc/people", "/cases/abc/packet.pdf", "/cases/abc/export.json"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next="), path
    start = client.get("/")  # the start page needs no login
    assert start.status_code == 200 and "Start now" in start.text


def test_login_errors_sit_beside_their_fields(sqlite_browser):
    page = sqlite_browser.post("/login", {"username": "", "password": ""}, from_page="/login")
    assert page.status_code == 422
    assert 'id="f-username-error" role="alert"' in page.text
    assert re.search(r'<input id="f-username"[^>]*aria-describedby="f-username-error"[^>]*aria-invalid="true"', page.text)
    wrong = sqlite_browser.post("/login", {"username": "nobody", "password": "whatever"}, from_page="/login")
    assert wrong.status_code == 422 and "not right" in wrong.text


def test_forms_without_the_csrf_token_are_refused(pat):
    case_id = pat.new_case()
    for path, data in [("/cases", {"title": "x"}), (f"/cases/{case_id}/people", {"title": "x", "version": "1"}), ("/logout", {})]:
        refused = pat.client.post(path, data={**data, "csrf_token": "forged"})
        assert refused.status_code == 403, path
        assert "reload the page" in refused.text.lower()
    assert pat.get("/cases").status_code == 200  # still logged in: the forged logout did nothing


def test_security_headers_and_disclaimer_on_every_page(pat):
    case_id = pat.new_case()
    for path in ("/login", "/cases", f"/cases/{case_id}", f"/cases/{case_id}/people", f"/cases/{case_id}/years", f"/cases/{case_id}/results", f"/cases/{case_id}/packet", f"/cases/{case_id}/interview"):
        page = pat.get(path)
        assert page.status_code == 200, path
        headers = page.headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"
        assert "educational tool, not legal or tax advice" in page.text
        assert "https://www.irs.gov/forms-pubs/about-form-8857" in page.text
        # every visible input has a label
        for field_id in re.findall(r'<(?:input|select|textarea) id="([^"]+)"', page.text):
            assert f'for="{field_id}"' in page.text, (path, field_id)
    cookies = pat.client.cookies
    assert cookies.get("sr_session")


def test_ssn_is_masked_on_screen_and_kept_when_left_empty(pat):
    case_id = pat.new_case("Masking")
    version = pat.version(case_id, "/people")
    saved = pat.post(f"/cases/{case_id}/people", {"version": version, "title": "Masking", "requesting_spouse.name": "Pat", "requesting_spouse.ssn": "123456789"})
    assert saved.status_code == 200
    assert SSN not in saved.text and "***-**-6789" in saved.text
    # saving again with the SSN field empty keeps it
    version = pat.version(case_id, "/people")
    pat.post(f"/cases/{case_id}/people", {"version": version, "title": "Masking 2", "requesting_spouse.name": "Pat"})
    exported = pat.get(f"/cases/{case_id}/export.json").json()
    assert exported["people"]["requesting_spouse"]["ssn"] == SSN and exported["title"] == "Masking 2"
    for path in ("", "/people", "/results", "/packet", "/years"):
        assert SSN not in pat.get(f"/cases/{case_id}{path}").text


def test_bad_ssn_is_shown_beside_its_field(pat):
    case_id = pat.new_case()
    version = pat.version(case_id, "/people")
    page = pat.post(f"/cases/{case_id}/people", {"version": version, "title": "T", "other_spouse.ssn": "12-345"})
    assert page.status_code == 422
    assert 'id="f-other_spouse.ssn-error" role="alert"' in page.text
    assert "9 digits" in page.text
    assert 'href="#f-other_spouse.ssn"' in page.text  # the summary links to the field


def test_a_stale_save_from_a_second_tab_is_refused(pat):
    case_id = pat.new_case("Two tabs")
    old_version = pat.version(case_id, "/people")
    first = pat.post(f"/cases/{case_id}/people", {"version": old_version, "title": "From tab one"})
    assert first.status_code == 200
    second = pat.post(f"/cases/{case_id}/people", {"version": old_version, "title": "From tab two"})
    assert second.status_code == 409
    assert "changed elsewhere" in second.text and "not saved" in second.text.lower()
    assert 'value="From tab two"' in second.text  # what was typed is still on the screen
    assert pat.get(f"/cases/{case_id}/export.json").json()["title"] == "From tab one"


def test_tax_years_items_and_worksheet(pat):
    case_id = pat.new_case("Years")
    bad = pat.post(f"/cases/{case_id}/years", {"version": pat.version(case_id), "tax_year": "1802"})
    assert bad.status_code == 422 and 'id="f-tax_year-error"' in bad.text
    for year in ("2022", "2021"):
        added = pat.post(f"/cases/{case_id}/years", {"version": pat.version(case_id, "/years"), "tax_year": year})
        assert added.status_code == 200
    base = f"/cases/{case_id}/years/2022/il8857"
    version = pat.version(case_id, "/years/2022/il8857")
    missing_amount = pat.post(f"{base}/items", {"version": version, "kind": "wages", "owner": "you"})
    assert missing_amount.status_code == 200 and missing_amount.url.path == base  # the errors on a page to GET
    assert 'id="f-amount-error" role="alert"' in missing_amount.text
    not_number = pat.post(f"{base}/items", {"version": version, "kind": "wages", "owner": "you", "amount": "lots"})
    assert not_number.status_code == 200 and 'id="f-amount-error"' in not_number.text and "not a number" in not_number.text
    assert 'value="lots"' in not_number.text
    for item in ({"kind": "wages", "owner": "you", "amount": "30,425"}, {"kind": "wages", "owner": "spouse", "amount": "50425"},
                 {"kind": "property_tax_and_education_credit", "owner": "unclear", "amount": "300"}, {"kind": "illinois_estimated_payment", "owner": "unclear", "amount": "1200"}):
        page = pat.post(f"{base}/items", {"version": pat.version(case_id, "/years/2022/il8857"), **item})
        assert page.status_code == 200, page.text[:500]
    page = pat.get(base)
    assert "How was this computed?" in page.text and "$80,850.00" in page.text
    api_view = pat.get(f"/cases/{case_id}/export.json").json()
    assert [entry["year"] for entry in api_view["facts"]["tax_years"]] == [2021, 2022]
    # edit item 1 (the 30,425) then delete it
    edited = pat.post(f"{base}/items", {"version": pat.version(case_id, "/years/2022/il8857"), "index": "0", "kind": "wages", "owner": "you", "amount": "31000"})
    assert edited.status_code == 200 and "$81,425.00" in edited.text
    assert "lines entered" not in edited.text  # computed from items: no note about typed lines
    deleted = pat.post(f"{base}/items/0/delete", {"version": pat.version(case_id, "/years/2022/il8857")})
    assert deleted.status_code == 200 and "$50,425.00" in deleted.text


def test_line_entry_errors_beside_the_cell(pat):
    case_id = pat.new_case("Lines")
    pat.post(f"/cases/{case_id}/years", {"version": pat.version(case_id, "/years"), "tax_year": "2022"})
    base = f"/cases/{case_id}/years/2022/il8857"
    version = pat.version(case_id, "/years/2022/il8857?mode=lines")
    page = pat.post(f"{base}/lines", {"version": version, "L1_A": "80850", "L1_B": "30425", "L1_C": "50425", "L49_A": "3.001"})
    assert page.status_code == 200 and page.url.path == base  # the errors on a page to GET (post, redirect, get)
    assert 'id="f-L49_A-error"' in page.text and "two decimal places" in page.text
    good = pat.post(f"{base}/lines", {"version": version, "L1_A": "80850", "L1_B": "30425", "L1_C": "50425", "L49_A": "300", "L69_A": "1200"})
    assert good.status_code == 200 and "$80,850.00" in good.text
    # a bottom line from typed lines says it: three lines typed (1, 49, 69), the others count as zero
    assert "Computed from the 3 lines entered: every line left empty counts as zero" in good.text
    items_page = pat.get(f"{base}?mode=items").text
    assert "lines entered" in items_page  # the same case: its bottom line still comes from the typed lines


def test_export_and_import_round_trip(pat):
    case_id = pat.new_case("Round trip")
    pat.post(f"/cases/{case_id}/people", {"version": pat.version(case_id, "/people"), "title": "Round trip", "requesting_spouse.ssn": SSN})
    pat.post(f"/cases/{case_id}/years", {"version": pat.version(case_id, "/years"), "tax_year": "2022"})
    exported = pat.get(f"/cases/{case_id}/export.json")
    assert exported.headers["content-disposition"].startswith("attachment")
    document = exported.json()
    again = pat.post("/cases/import", files={"file": ("case.json", io.BytesIO(exported.content), "application/json")})
    assert again.status_code == 422 and "already saved" in again.text  # the same case: asked before a second copy
    upload = pat.post("/cases/import", {"copy": "1"}, files={"file": ("case.json", io.BytesIO(exported.content), "application/json")})
    assert upload.status_code == 200 and "imported" in upload.text.lower()
    new_id = re.search(r"/cases/([0-9a-f]{32})", str(upload.url)).group(1)
    assert new_id != case_id
    assert pat.get(f"/cases/{new_id}/export.json").json() == document
    broken = pat.post("/cases/import", files={"file": ("case.json", io.BytesIO(b'{"format": "spouse-relief-case", "tax_years": [{"tax_year": "x"}]}'), "application/json")})
    assert broken.status_code == 422 and 'id="f-file-error"' in broken.text and "cannot be read" in broken.text
    assert "tax_years" not in broken.text.split('id="f-file-error"', 1)[1].split("</", 1)[0]  # the field in words
    garbage = pat.post("/cases/import", files={"file": ("case.json", io.BytesIO(b"\xff\xfe\x00"), "application/json")})
    assert garbage.status_code == 422
    empty = pat.post("/cases/import", {})
    assert empty.status_code == 422


def test_explanation_is_editable_and_the_packet_has_it(pat):
    from pypdf import PdfReader

    case_id = pat.new_case("Packet")
    pat.post(f"/cases/{case_id}/people", {"version": pat.version(case_id, "/people"), "title": "Packet", "requesting_spouse.name": "Pat Requester", "requesting_spouse.ssn": SSN})
    pat.post(f"/cases/{case_id}/years", {"version": pat.version(case_id, "/years"), "tax_year": "2022"})
    pat.post(f"/cases/{case_id}/years/2022/il8857/items", {"version": pat.version(case_id, "/years/2022/il8857"), "kind": "wages", "owner": "you", "amount": "30000"})
    saved = pat.post(f"/cases/{case_id}/packet", {"version": pat.version(case_id, "/packet"), "form8857": "I did not know of the consulting income.", "il8857_line17": "Same as my federal request."})
    assert saved.status_code == 200 and "I did not know of the consulting income." in saved.text
    pdf = pat.get(f"/cases/{case_id}/packet.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("Relief request packet", "I did not know of the consulting income.", SSN, "Allocation of Liability Worksheet",
                     "$30,000.00", "educational tool, not legal or tax advice", "SPRINGFIELD IL 62794-9014", "https://www.irs.gov/forms-pubs/about-form-8857"):
        assert expected in text, expected
    calendar = pat.get(f"/cases/{case_id}/calendar.ics")
    assert calendar.headers["content-type"].startswith("text/calendar") and b"BEGIN:VCALENDAR" in calendar.content
    printable = pat.get(f"/cases/{case_id}/packet.html")
    assert "I did not know of the consulting income." in printable.text
    # on a screen the SSN shows only its last four digits (the PDF above carries it whole)
    assert SSN not in printable.text and f"***-**-{SSN[-4:]}" in printable.text


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/cases/{id}/people", {"version": "x"}),
        ("/cases/{id}/people", {"version": "1", "title": "t" * 500}),
        ("/cases/{id}/years", {"version": "1", "tax_year": "twenty"}),
        ("/cases/{id}/years/2022/il8857/items", {"version": "1", "kind": "no_such_kind", "amount": "1", "owner": "me"}),
        ("/cases/{id}/years/1999/il8857/items", {"version": "1", "kind": "wages", "amount": "1", "owner": "me"}),
        ("/cases/{id}/years/2022/il8857/settings", {"version": "1", "residency": "mars", "original_return_filed": "2023-02-30"}),
        ("/cases/{id}/years/2022/il8857/items/99/delete", {"version": "1"}),
        ("/cases/{id}/packet", {"version": "1", "form8857": "x" * 30000}),
        ("/cases/{id}/delete", {"version": "nope"}),
        ("/cases/nonexistent/people", {"version": "1"}),
    ],
)
def test_bad_input_never_gives_a_500(pat, path, data):
    case_id = pat.new_case()
    pat.post(f"/cases/{case_id}/years", {"version": "1", "tax_year": "2022"})
    response = pat.post(path.format(id=case_id), data)
    if "/il8857/" in path and path.endswith(("/items", "/settings")) and "/2022/" in path:  # post, redirect, get
        assert response.status_code == 200 and "<title>Error: " in response.text, (path, response.status_code)
    else:
        assert 400 <= response.status_code < 500, (path, response.status_code)
    assert "Something went wrong" not in response.text


def test_another_user_sees_a_not_found_page(sqlite_app, make_browser):
    owner = make_browser()
    owner.register("owner")
    case_id = owner.new_case("Private")
    other = make_browser()
    other.register("other")
    for path in ("", "/people", "/packet.pdf", "/export.json", "/years"):
        response = other.get(f"/cases/{case_id}{path}")
        assert response.status_code == 404, path
        assert "Private" not in response.text
    attempt = other.post(f"/cases/{case_id}/people", {"version": "1", "title": "Hijacked"})
    assert attempt.status_code == 404
    assert owner.get(f"/cases/{case_id}/export.json").json()["title"] == "Private"


def test_logout_ends_the_session(pat):
    pat.post("/logout", {})
    assert "/login" in str(pat.get("/cases").url)


def test_registration_can_be_closed(tmp_path):
    from fastapi.testclient import TestClient

    from spouse_relief.web.app import WebSettings, create_app

    app = create_app(WebSettings(data_dir=str(tmp_path), registration_open=False))
    assert TestClient(app).get("/register").status_code == 403
    app.state.store.close()


def test_json_of_the_case_page_is_never_cached(pat):
    case_id = pat.new_case()
    assert pat.get(f"/cases/{case_id}/export.json").headers["cache-control"] == "no-store"
    assert json.loads(pat.get(f"/cases/{case_id}/export.json").text)["format"] == "spouse-relief-case"


def test_federal_worksheets_of_a_year(pat):
    from pathlib import Path

    examples = Path(__file__).resolve().parents[2] / "examples"
    case_id = pat.new_case("Federal")
    pat.post(f"/cases/{case_id}/years", {"version": pat.version(case_id, "/years"), "tax_year": "2024"})
    base = f"/cases/{case_id}/years/2024/f8379"
    started = pat.post(base, {"version": pat.version(case_id, "/years/2024/f8379"), "action": "start"})
    assert started.status_code == 200 and 'id="f-document"' in started.text
    text = (examples / "f8379" / "child_support_offset.yaml").read_text()
    saved = pat.post(base, {"version": pat.version(case_id, "/years/2024/f8379"), "action": "save", "document": text})
    assert saved.status_code == 200 and "Estimated refund to the injured spouse" in saved.text
    assert "How was each number computed?" in saved.text
    bad = pat.post(base, {"version": pat.version(case_id, "/years/2024/f8379"), "action": "save", "document": text.replace('amount: "40000"', 'amount: "forty"')})
    assert bad.status_code == 422 and 'id="f-document-error" role="alert"' in bad.text and "income.0.amount" in bad.text
    broken = pat.post(base, {"version": pat.version(case_id, "/years/2024/f8379"), "action": "save", "document": "tax_year: [unclosed"})
    assert broken.status_code == 422 and "malformed YAML" in broken.text
    exported = pat.get(f"/cases/{case_id}/export.json").json()
    override = next(item for item in exported["overrides"] if item["form"] == "f8379")
    assert override["tax_year"] == 2024 and override["document"]["offset"]["debt_type"] == "child_support"
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(pat.get(f"/cases/{case_id}/packet.pdf").content))
    assert "Of the joint overpayment of" in "\n".join(page.extract_text() for page in pdf.pages)


def test_failed_logins_are_throttled(sqlite_browser):
    sqlite_browser.register("target")
    sqlite_browser.post("/logout", {})
    for _ in range(10):
        assert sqlite_browser.post("/login", {"username": "target", "password": "wrong guess"}, from_page="/login").status_code == 422
    blocked = sqlite_browser.post("/login", {"username": "target", "password": "correct horse battery"}, from_page="/login")
    assert blocked.status_code == 422 and "Too many failed attempts" in blocked.text


def test_il8857_dates_are_asked_once(pat):
    """The IL-8857 page shows the refund-window dates the case holds and links to the one question
    that asks each; it has no date field of its own."""
    case_id = pat.new_case("Dates")
    pat.post(f"/cases/{case_id}/years", {"version": pat.version(case_id, "/years"), "tax_year": "2022"})
    base = f"/cases/{case_id}/years/2022/il8857"
    pat.post(f"{base}/items", {"version": pat.version(case_id, "/years/2022/il8857"), "kind": "wages", "owner": "you", "amount": "30000"})
    page = pat.get(base).text
    assert 'name="last_payment"' not in page and 'name="original_return_filed"' not in page
    link = f"/cases/{case_id}/interview?edit=tax_years.0.illinois.last_payment_on"
    assert link.replace("&", "&amp;") in page
    question = pat.get(link).text
    assert "On what date was Illinois tax last paid for this year?" in question
    answered = pat.post(f"/cases/{case_id}/interview", {"version": pat.version(case_id, "/interview"), "fields": "tax_years.0.illinois.last_payment_on",
                                                         "q.tax_years.0.illinois.last_payment_on": "2023-04-10", "edit": "tax_years.0.illinois.last_payment_on"})
    assert answered.status_code == 200
    exported = pat.get(f"/cases/{case_id}/export.json").json()
    assert exported["facts"]["tax_years"][0]["illinois"]["last_payment_on"] == "2023-04-10"
    results = pat.get(f"/api/cases/{case_id}/results").json()
    windows = [deadline for deadline in results["deadlines"] if deadline["id"].startswith("il8857_refund")]
    worksheet = results["years"][0]["worksheets"]["il8857"]["result"]["checks"]["refund_request_window"]
    assert len(windows) == 1 and windows[0]["date"] == worksheet["deadline"]

"""The filled official forms on the web: only the owner of a case gets them (both databases), and a
real browser (Debian's chromium) walks from the case's packet page to a downloaded, filled PDF."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OHIO = ROOT / "tests" / "forms" / "cases" / "ohio_injured_spouse.yaml"
SERVER_TODAY = date(2026, 11, 23)  # the case file's as_of: the browser walk's server today (conftest.server)


def test_only_the_owner_gets_the_filled_forms(api_user, make_browser):
    from spouse_relief.io import read_document

    alice, bob = api_user("alice"), api_user("bob")
    created = alice.post("/api/cases", content=json.dumps(read_document(OHIO), default=str).encode(), headers={"Content-Type": "application/json"})
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    paths = [f"/api/cases/{case_id}/forms", f"/api/cases/{case_id}/forms/unfilled", f"/api/cases/{case_id}/forms/packet-all.pdf",
             f"/api/cases/{case_id}/forms/irs-form-8379-2024.pdf"]
    assert alice.get(paths[0]).status_code == 200
    for path in paths:
        response = bob.get(path)
        assert response.status_code == 404 and response.json() == {"detail": "no such case"}, path
        assert alice.client.get(path).status_code == 401, path  # no login, no forms
    stranger = make_browser()
    stranger.register("carol")
    for path in (f"/cases/{case_id}/forms", f"/cases/{case_id}/forms/packet-all.pdf"):
        page = stranger.get(path)
        assert page.status_code == 404 and "There is no such case in your account." in page.text and "Jordan" not in page.text


def test_from_the_packet_page_to_the_downloaded_form_8379(page, server, tmp_path):
    from pypdf import PdfReader

    from test_web_browser import register
    from test_web_front import ARTIFACTS, check_page

    register(page, server, "jordan")
    page.locator("#f-file").set_input_files(str(OHIO))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f]{32}"))
    page.get_by_role("link", name="Packet").first.click()
    page.get_by_role("link", name="The official forms, filled in: download them to sign and mail").click()
    assert page.get_by_role("heading", name="The official forms, filled in").is_visible()
    assert page.get_by_role("heading", name="1. IRS: injured spouse allocation for 2024").is_visible()
    main = page.locator("main").inner_text()
    for expected in ("What to sign", "Part IV: the injured spouse's signature and the date", "What to attach",
                     "Copies of all Forms W-2 and W-2G of both spouses", "Where to mail it", "certified mail"):
        assert expected in main, expected
    assert "8857" not in main and "Illinois" not in main
    problems = check_page(page, "packet-forms-ohio")  # axe, phone width, no developer words; screenshots saved
    assert problems == [], problems
    assert (ARTIFACTS / "screenshots" / "packet-forms-ohio-desktop.png").stat().st_size > 10_000

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this envelope (PDF)").click()
    assert download.value.suggested_filename == "irs-form-8379-2024.pdf"
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = "\n".join(page_.extract_text() for page_ in reader.pages)
    assert "Read first: what is in this envelope" in text and "Injured Spouse Allocation" in text and "8857" not in text
    fields = {name: field.get("/V") for name, field in reader.get_fields().items()}
    assert fields["form8379_2024.Page1[0].f1_1[0]"] == "2024"
    assert "Jordan A. Smith" in fields.values() and "234-56-7890" in fields.values()

"""The filled official forms downloaded from a saved case: the web page, the API, and the same
bundles as ``spouse-relief packet FILE -o DIR`` (the real command, in a new process)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from datetime import date

import pytest

from .helpers import CASES, read_back

AS_OF = date(2026, 11, 23)  # the case files' as_of: the web's today here
PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
NOT_OHIO = ("8857", "Illinois", "IL-8857", "IDOR", "innocent spouse", "SPRINGFIELD")


def pages_text(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


class Person:
    """A logged-in person on the web pages (cookie and CSRF token) and the API (bearer token)."""

    def __init__(self, app, username: str) -> None:
        from fastapi.testclient import TestClient

        app.state.store.create_user(username, PASSWORD)
        self.client = TestClient(app, follow_redirects=True)
        token = self.client.post("/api/login", json={"username": username, "password": PASSWORD}).json()["token"]
        self.headers = {"Authorization": f"Bearer {token}"}
        login = self.client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": self.csrf("/login")})
        assert login.status_code == 200

    def csrf(self, path: str = "/cases") -> str:
        return CSRF.search(self.client.get(path).text).group(1)

    def import_case(self, name: str) -> str:
        path = CASES / name
        upload = self.client.post("/cases/import", data={"csrf_token": self.csrf()}, files={"file": (path.name, path.read_bytes(), "text/plain")})
        assert upload.status_code == 200, upload.text[:300]
        return re.search(r"/cases/([0-9a-f]{32})", str(upload.url)).group(1)

    def api(self, path: str):
        return self.client.get(path, headers=self.headers)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from spouse_relief.storage import open_store
    from spouse_relief.web.app import WebSettings, create_app

    folder = tmp_path_factory.mktemp("forms-download")
    store = open_store(folder)
    yield create_app(WebSettings(data_dir=str(folder), today=lambda: AS_OF), store=store)
    store.close()


@pytest.fixture(scope="module")
def person(app):
    return Person(app, "jordan")


@pytest.fixture(scope="module")
def ohio(person):
    return person.import_case("ohio_injured_spouse.yaml")


def test_the_packet_page_links_to_the_filled_forms(person, ohio):
    page = person.client.get(f"/cases/{ohio}/packet").text
    assert f'href="/cases/{ohio}/forms"' in page


def test_ohio_web_packet_is_form_8379_and_its_cover_and_nothing_else(person, ohio):
    page = person.client.get(f"/cases/{ohio}/forms")
    assert page.status_code == 200
    text = page.text
    assert "IRS: injured spouse allocation for 2024" in text
    assert "Form 8379, Injured Spouse Allocation (Rev. November 2023), tax year 2024" in text
    # the cover sheet's lists, in words: what to sign, what to attach, where and by when
    assert "Part IV: the injured spouse&#39;s signature and the date" in text
    assert "Copies of all Forms W-2 and W-2G of both spouses" in text and "offset notice" in text
    assert "service center where you filed the original joint return" in text
    assert "April 18, 2028" in text and "certified mail" in text
    assert "[V]" not in text and "forms.f8379" not in text and "_" not in re.sub(r"<[^>]*>", "", text.split("<main", 1)[1].split("</main>")[0])
    links = re.findall(rf'href="(/cases/{ohio}/forms/[^"]+)"', text)
    assert links == [f"/cases/{ohio}/forms/packet-all.pdf", f"/cases/{ohio}/forms/irs-form-8379-2024.pdf"]
    main = text.split('<main', 1)[1].split("</main>")[0]
    for word in NOT_OHIO:
        assert word not in main, word

    for link in links:
        download = person.client.get(link)
        assert download.status_code == 200 and download.headers["content-type"] == "application/pdf"
        assert download.headers["content-disposition"] == f'attachment; filename="{link.rsplit("/", 1)[1]}"'
        pages = pages_text(download.content)
        assert len(pages) == 4  # the cover sheet, Form 8379's two pages, the checklist
        assert "Read first: what is in this envelope" in pages[0] and "Injured Spouse Allocation" in pages[1]
        for word in NOT_OHIO:
            assert not any(word in page for page in pages), word
        fields = read_back(download.content)
        assert all(name.startswith("form8379_2024.") for name in fields), sorted(fields)[:5]
        assert not any(word in value for value in fields.values() for word in NOT_OHIO)
        assert fields["form8379_2024.Page1[0].f1_1[0]"] == "2024"
        assert "Jordan A. Smith" in fields.values() and "234-56-7890" in fields.values()


def test_ohio_api_lists_the_bundle_and_the_lines_left(person, ohio):
    listed = person.api(f"/api/cases/{ohio}/forms")
    assert listed.status_code == 200
    body = listed.json()
    assert [bundle["id"] for bundle in body["bundles"]] == ["irs-form-8379-2024"]
    bundle = body["bundles"][0]
    assert bundle["contents"] == ["Cover sheet", "Form 8379, Injured Spouse Allocation (Rev. November 2023), tax year 2024", "Checklist of documents to add"]
    assert bundle["url"] == f"/api/cases/{ohio}/forms/irs-form-8379-2024.pdf"
    assert body["combined"] == {"file": "packet-all.pdf", "url": f"/api/cases/{ohio}/forms/packet-all.pdf"}
    assert "educational tool" in body["disclaimer"]
    pdf = person.api(bundle["url"])
    assert pdf.status_code == 200 and read_back(pdf.content)["form8379_2024.Page1[0].f1_1[0]"] == "2024"
    left = person.api(f"/api/cases/{ohio}/forms/unfilled").json()["lines"]
    assert left == [{"form": "8379", "tax_year": 2024, "line": "", "kind": "sign",
                     "label": "Page 2, Part IV: the injured spouse's signature and the date (by hand), when Form 8379 is filed by itself"}]


@pytest.mark.parametrize(("name", "status", "field"), [
    ("nothing-here.pdf", 404, None),         # well formed, not in this packet
    ("irs-form-8857.pdf", 404, None),        # a form this case does not call for
    ("my%20forms.pdf", 422, "file_name"),
    ("Packet.PDF", 422, "file_name"),
    ("packet-all.txt", 422, "file_name"),
])
def test_a_file_not_in_the_packet_is_404_and_a_malformed_name_422(person, ohio, name, status, field):
    response = person.api(f"/api/cases/{ohio}/forms/{name}")
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    if field:
        assert detail[0]["field"] == field and "file of the filled forms" in detail[0]["message"]
    else:
        assert "no such file" in detail
    page = person.client.get(f"/cases/{ohio}/forms/{name}")
    assert page.status_code == 404 and "Traceback" not in page.text


def test_a_case_with_no_form_yet_says_so(person):
    created = person.client.post("/cases", data={"title": "Nothing yet", "csrf_token": person.csrf()})
    case_id = re.search(r"/cases/([0-9a-f]{32})", str(created.url)).group(1)
    assert "No official form applies to this case yet" in person.client.get(f"/cases/{case_id}/forms").text
    assert person.api(f"/api/cases/{case_id}/forms").json()["bundles"] == []
    assert person.api(f"/api/cases/{case_id}/forms/packet-all.pdf").status_code == 404


def test_the_api_documents_the_filled_forms(person):
    schema = person.client.get("/api/openapi.json").json()
    for path in ("/api/cases/{case_id}/forms", "/api/cases/{case_id}/forms/unfilled", "/api/cases/{case_id}/forms/{file_name}"):
        operation = schema["paths"][path]["get"]
        assert operation["tags"] == ["filled forms"] and {"404", "422"} <= set(operation["responses"]), path
    assert "application/pdf" in schema["paths"]["/api/cases/{case_id}/forms/{file_name}"]["get"]["responses"]["200"]["content"]
    assert "BundleOut" in schema["components"]["schemas"]


def test_three_year_web_download_equals_the_command_lines_bundles(person, tmp_path):
    case_id = person.import_case("three_years_illinois.yaml")
    written = tmp_path / "packet"
    command = subprocess.run([sys.executable, "-m", "spouse_relief", "packet", str(CASES / "three_years_illinois.yaml"), "-o", str(written),
                              "--as-of", AS_OF.isoformat()], capture_output=True, text=True, timeout=300)
    assert command.returncode == 0, command.stderr
    files = sorted(path.name for path in written.iterdir())
    listed = person.api(f"/api/cases/{case_id}/forms").json()
    assert sorted([bundle["file"] for bundle in listed["bundles"]] + ["packet-all.pdf"]) == files
    assert files == sorted(["irs-form-8857.pdf", "idor-form-il-8857-2021.pdf", "idor-form-il-8857-2022.pdf", "idor-form-il-8857-2023.pdf",
                            "tas-form-911.pdf", "packet-all.pdf"])
    for name in files:
        from_web = person.client.get(f"/cases/{case_id}/forms/{name}").content
        from_cli = (written / name).read_bytes()
        web_fields, cli_fields = read_back(from_web), read_back(from_cli)
        assert web_fields == cli_fields, name
        assert pages_text(from_web) == pages_text(from_cli), name
        assert person.api(f"/api/cases/{case_id}/forms/{name}").content == from_web  # one packet behind the page and the API
    fields = read_back((written / "irs-form-8857.pdf").read_bytes())
    assert sum(1 for value in fields.values() if value not in ("", "/Off")) > 40  # filled, not blank


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed; scripts/test installs it")
def test_a_downloaded_bundle_renders_like_the_stored_pages(person, ohio):
    """pdftoppm on the web's file: Form 8379's two pages inside the bundle look like the form filled alone."""
    from .test_render import _check

    pdf = person.client.get(f"/cases/{ohio}/forms/irs-form-8379-2024.pdf").content
    _check("f8379", pdf, 2, golden_page=1)
    _check("f8379", pdf, 3, golden_page=2)


def test_the_verification_marks_are_said_in_words():
    from spouse_relief.web.packet_pages import plain_marks

    assert plain_marks("Form 8379 instructions <https://www.irs.gov/instructions/i8379> [V]") == "Form 8379 instructions <https://www.irs.gov/instructions/i8379>"
    assert plain_marks("Hotline, 1-800-799-7233 [U]") == "Hotline, 1-800-799-7233 (not yet checked against an official source)"
    assert plain_marks("Summary (06/2021) (secondary) [V2] [V2: check the current instructions before mailing]") == (
        "Summary (06/2021) (from a secondary source). Check the current instructions before mailing.")
    assert plain_marks("A page [V2]") == "A page (from a secondary source)"
    assert plain_marks("Installment agreement guide (secondary) [V2]", "es") == (
        "Installment agreement guide (de una fuente secundaria)")

"""The results page, the packet page and the mailed cover sheets as a person who is not a tax
professional reads them: no research tags ([V2], [U]) outside the "Sources" lists, a question that
decides several findings asked once, and "I don't know" said as such."""

from __future__ import annotations

import copy
import html
import io
import re
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from spouse_relief.case import FORMAT, VERSION

PASSWORD = "correct horse battery"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from review_cases import LEVY_ILLINOIS  # noqa: E402

FACTS = copy.deepcopy(LEVY_ILLINOIS)  # the same case, with Illinois tax owed
FACTS["tax_years"][0]["illinois"] = {"il_liability": True}
SAID_UNKNOWN = ["tax_years.0.proceedings.court_decided_relief", "tax_years.0.proceedings.offer_in_compromise"]
TAG = re.compile(r"\[(?:V|V2|U)(?::[^\]]*)?\]")


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    from fastapi.testclient import TestClient

    from spouse_relief.storage import open_store
    from spouse_relief.web.app import WebSettings, create_app

    folder = tmp_path_factory.mktemp("results-review")
    store = open_store(folder)
    store.create_user("dana", PASSWORD)
    client = TestClient(create_app(WebSettings(data_dir=str(folder), today=lambda: date(2026, 11, 23)), store=store), follow_redirects=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    assert client.post("/login", data={"username": "dana", "password": PASSWORD, "csrf_token": token}).status_code == 200
    yield client
    store.close()


def _case(client, facts: dict, unknown: list[str] = ()) -> str:
    document = {"format": FORMAT, "version": VERSION, "title": "Review", "facts": facts, "unknown": list(unknown)}
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/cases").text).group(1)
    upload = client.post("/cases/import", data={"csrf_token": token, "copy": "1"},
                         files={"file": ("case.yaml", io.BytesIO(yaml.safe_dump(document).encode()), "text/plain")})
    assert upload.status_code == 200, upload.text[:300]
    return re.search(r"/cases/([0-9a-f]{32})", str(upload.url)).group(1)


def _read(page: str) -> str:
    """What a person reads: the main part, without the "Sources" lists and the deadlines' citations."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r'<details class="sources">.*?</details>', "", main, flags=re.S)
    main = re.sub(r"<p>[^<]*\[V[^<]*</p></details></td>", "", main)  # a deadline's citation, beside its steps
    return re.sub(r"<[^>]+>", " ", main)


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_research_tags_on_the_results_and_packet_pages(web, language):
    web.get(f"/language/{language}?next=/cases")
    case_id = _case(web, copy.deepcopy(FACTS))
    try:
        for where in ("results", "packet"):
            read = _read(web.get(f"/cases/{case_id}/{where}").text)
            assert not TAG.search(read), (where, TAG.findall(read))
        packet = web.get(f"/cases/{case_id}/packet").text
        assert "855-233-8558" in packet  # the fax line, without its tag; one line says to check them
        address = packet.split("855-233-8558", 1)[1].split("</address>", 1)[0]
        assert len(re.findall(r"(?i)check|revise", packet.split("<address>", 1)[1].split("</address>", 1)[0])) == 1, address
    finally:
        web.get("/language/en?next=/cases")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_mailed_cover_sheets_carry_no_research_tags(web, language):
    from pypdf import PdfReader

    web.get(f"/language/{language}?next=/cases")
    try:
        case_id = _case(web, copy.deepcopy(FACTS))
        web.get(f"/cases/{case_id}/forms")
        pdf = web.get(f"/cases/{case_id}/forms/packet-all.pdf").content
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        covers = [chunk for chunk in text.split("\n") if chunk]
        assert "Internal Revenue Service" in text
        assert not [line for line in covers if TAG.search(line)]
        assert ("Check the current instructions before mailing" if language == "en" else "Revise las instrucciones actuales") in text
    finally:
        web.get("/language/en?next=/cases")


def test_questions_that_decide_several_findings_are_asked_once(web):
    case_id = _case(web, copy.deepcopy(FACTS))
    page = web.get(f"/cases/{case_id}/results").text
    assert "Questions that decide several of these" in page
    court = "Has a court made a final decision on whether you get relief for this year? (2022)"
    assert page.count(court) == 1, page.count(court)
    assert "Not yet answered: Has a court made" not in page


def test_a_question_answered_i_dont_know_says_so(web):
    case_id = _case(web, copy.deepcopy(FACTS), SAID_UNKNOWN)
    page = html.unescape(web.get(f"/cases/{case_id}/results").text)
    said = "You said you don't know: Has a court made a final decision on whether you get relief for this year? (2022)"
    assert said in page and page.count("Has a court made a final decision") == 1
    assert "You said you don't know: Did you take an active part" not in page  # not answered at all: asked as a question
    web.get("/language/es?next=/cases")
    try:
        spanish = web.get(f"/cases/{case_id}/results").text
        assert "Usted dijo que no sabe: " in spanish and "You said you don" not in spanish
    finally:
        web.get("/language/en?next=/cases")

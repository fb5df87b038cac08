"""Outcomes and packets kept per owner and case content (web/cases.py), and the settings each server process reads.

What is kept is for one owner, one case content and one day: a change to the case (saved, or made
in place on the object) is computed again, two owners with the same case each get their own, and a
packet made by the helper process is a real PDF.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from spouse_relief.web import cases

CASE = {
    "format": "spouse-relief-case", "version": 2, "title": "Kept",
    "people": {"requesting_spouse": {"name": "Pat Example"}, "other_spouse": {"name": "Sam Example"}},
    "facts": {"you": {"state": "IL"}, "marriage": {"status": "divorced", "divorced_on": "2023-05-01"},
              "tax_years": [{"year": 2022, "joint_return": "yes", "residence_state": "IL",
                             "return_items": [{"kind": "wages", "amount": "30000", "owner": "you"}, {"kind": "wages", "amount": "50000", "owner": "spouse"}]}]},
}


@pytest.fixture
def counted(monkeypatch):
    """Counts the pipeline's runs and the packets rendered in this process."""
    from spouse_relief import pipeline
    from spouse_relief.packet import pdf

    calls = {"run": 0, "pdf": 0}
    real_run, real_pdf = pipeline.run, pdf.render_pdf

    def run(*args, **kwargs):
        calls["run"] += 1
        return real_run(*args, **kwargs)

    def render_pdf(*args, **kwargs):
        calls["pdf"] += 1
        return real_pdf(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run", run)
    monkeypatch.setattr(pdf, "render_pdf", render_pdf)
    cases.OUTCOMES.clear()
    cases.PDFS.clear()
    yield calls
    cases.OUTCOMES.clear()
    cases.PDFS.clear()


@pytest.fixture
def Api(sqlite_api):  # noqa: N802 - the API client class of tests/web/conftest.py (not importable by name in the whole suite)
    return type(sqlite_api)


def test_an_unchanged_case_is_computed_once_per_version(sqlite_app, counted, Api):
    api = Api(sqlite_app, "kept1")
    created = api.post("/api/cases", json=CASE).json()
    case_id = created["id"]
    for path in ("/results", "/results", "", "/calendar.ics"):
        assert api.get(f"/api/cases/{case_id}{path}").status_code == 200
    assert counted["run"] == 1
    current = api.get(f"/api/cases/{case_id}").json()
    changed = {**current["case"], "title": "Kept, renamed"}
    saved = api.put(f"/api/cases/{case_id}", json={"version": current["version"], "case": changed})
    assert saved.status_code == 200, saved.text
    assert counted["run"] == 2  # the save checks the changed case: new content, computed
    first = api.get(f"/api/cases/{case_id}/results").json()
    assert api.get(f"/api/cases/{case_id}/results").json() == first
    assert counted["run"] == 2  # the saved version has the content just checked


def test_the_key_is_the_content_not_the_object(counted):
    from types import SimpleNamespace

    from spouse_relief.case import parse_case

    request = SimpleNamespace(state=SimpleNamespace(case_owner=7), app=SimpleNamespace(state=SimpleNamespace(settings=SimpleNamespace(today=lambda: date(2026, 11, 23)))))
    case = parse_case(CASE)
    first = cases.outcome(request, case)
    assert cases.outcome(request, parse_case(CASE)) is first  # the same content, read again
    case.facts.tax_years[0].return_items[0].amount = Decimal("31000")  # changed in place on the very object
    changed = cases.outcome(request, case)
    assert changed is not first and counted["run"] == 2
    request.state.case_owner = 8  # another owner, the same content: never the first owner's outcome
    assert cases.outcome(request, case) is not changed and counted["run"] == 3
    del request.state.case_owner  # no case of an owner's loaded in this request: nothing kept
    cases.outcome(request, case)
    cases.outcome(request, case)
    assert counted["run"] == 5 and len(cases.OUTCOMES._entries) == 3


def test_what_is_kept_is_per_owner(sqlite_app, counted, Api):
    alice, bob = Api(sqlite_app, "kept-alice"), Api(sqlite_app, "kept-bob")
    alice_case = alice.post("/api/cases", json=CASE).json()["id"]
    bob_case = bob.post("/api/cases", json=CASE).json()["id"]
    assert alice.get(f"/api/cases/{alice_case}/results").status_code == 200
    assert bob.get(f"/api/cases/{alice_case}/results").status_code == 404  # never another owner's, kept or not
    assert bob.get(f"/api/cases/{bob_case}/results").status_code == 200
    assert counted["run"] == 2  # the same content, but each owner's outcome is computed for that owner
    assert {key[0] for key in cases.OUTCOMES._entries} == {sqlite_app.state.store.session_account(_token(bob)).id,
                                                          sqlite_app.state.store.session_account(_token(alice)).id}


def _token(api) -> str:
    return api.headers["Authorization"].removeprefix("Bearer ")


def test_the_packet_is_made_once_per_version(sqlite_app, counted, Api):
    sqlite_app.state.settings.pdf_helper = False  # rendered here, where it can be counted
    api = Api(sqlite_app, "kept-pdf")
    case_id = api.post("/api/cases", json=CASE).json()["id"]
    first = api.get(f"/api/cases/{case_id}/packet.pdf")
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert api.get(f"/api/cases/{case_id}/packet.pdf").content == first.content
    assert counted["pdf"] == 1
    current = api.get(f"/api/cases/{case_id}").json()
    api.put(f"/api/cases/{case_id}", json={"version": current["version"], "case": {**current["case"], "title": "Kept, renamed"}})
    assert api.get(f"/api/cases/{case_id}/packet.pdf").status_code == 200
    assert counted["pdf"] == 2


def test_the_helper_process_makes_the_same_packet(sqlite_app, counted, Api):
    assert sqlite_app.state.settings.pdf_helper
    api = Api(sqlite_app, "kept-helper")
    case_id = api.post("/api/cases", json=CASE).json()["id"]
    response = api.get(f"/api/cases/{case_id}/packet.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert counted["pdf"] == 0  # made in the helper process
    loaded = sqlite_app.state.store.get_case(sqlite_app.state.store.session_account(_token(api)), case_id)
    made_here = cases.render_packet_pdf(loaded.document, sqlite_app.state.settings.today())
    assert len(made_here) == pytest.approx(len(response.content), rel=0.01)  # the same pages (dates inside may differ)


def test_the_kept_map_is_bounded():
    kept = cases.Kept(3)
    for number in range(10):
        assert kept.get(number, lambda number=number: number * 2) == number * 2
    assert list(kept._entries) == [7, 8, 9]
    assert kept.get(7, lambda: "made again") == 14  # kept, and now the most recent
    kept.get(10, lambda: 20)
    assert list(kept._entries) == [9, 7, 10]


def test_each_server_process_makes_the_app_from_the_parents_settings(tmp_path, monkeypatch):
    from spouse_relief.web.app import WebSettings, app_for_worker, worker_environment

    settings = WebSettings(data_dir=str(tmp_path), secure_cookies=True, registration_open=False)
    environment = worker_environment(settings)
    assert json.loads(next(iter(environment.values())))["data_dir"] == str(tmp_path)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    app = app_for_worker()
    try:
        made = app.state.settings
        assert (made.data_dir, made.secure_cookies, made.registration_open) == (str(tmp_path), True, False)
    finally:
        app.state.store.close()

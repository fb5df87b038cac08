"""The JSON API: login, ownership, versions, errors (on SQLite and PostgreSQL)."""

from __future__ import annotations

import copy

import pytest

SSN = "123-45-6789"


def case_document() -> dict:
    return {
        "format": "spouse-relief-case",
        "version": 1,
        "title": "API case",
        "people": {"requesting_spouse": {"name": "Pat", "ssn": SSN}, "other_spouse": {"name": "Sam", "ssn": "987-65-4321"}},
        "tax_years": [
            {
                "tax_year": 2022,
                "il8857": {
                    "form": "IL-8857",
                    "tax_year": 2022,
                    "lines": {"1": {"A": "80850", "B": "30425", "C": "50425"}, "49": {"A": "300"}, "69": {"A": "1200"}},
                },
            }
        ],
    }


def test_every_case_route_needs_a_login(app):
    from fastapi.testclient import TestClient

    client = TestClient(app)
    for method, path in [("get", "/api/cases"), ("post", "/api/cases"), ("get", "/api/cases/abc"), ("put", "/api/cases/abc"),
                         ("delete", "/api/cases/abc"), ("get", "/api/cases/abc/results"), ("get", "/api/cases/abc/packet.pdf"),
                         ("get", "/api/session"), ("post", "/api/il8857")]:
        response = getattr(client, method)(path)
        assert response.status_code == 401, (method, path, response.status_code)
        assert "log in" in response.json()["detail"]
    bad = client.get("/api/cases", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401


def test_login_refuses_a_wrong_password(app, api_user):
    api_user("alice")
    from fastapi.testclient import TestClient

    response = TestClient(app).post("/api/login", json={"username": "alice", "password": "wrong password"})
    assert response.status_code == 401


def test_create_read_update_and_masking(api_user):
    alice = api_user("alice")
    created = alice.post("/api/cases", json=case_document())
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["version"] == 1
    assert body["case"]["people"]["requesting_spouse"]["ssn"] == "***-**-6789"
    assert SSN not in created.text
    case_id = body["id"]

    listed = alice.get("/api/cases").json()
    assert [row["id"] for row in listed] == [case_id] and listed[0]["tax_years"] == [2022]

    # send the masked view back with a change: the saved SSN is kept
    edited = copy.deepcopy(body["case"])
    edited["title"] = "Renamed"
    saved = alice.put(f"/api/cases/{case_id}", json={"version": 1, "case": edited})
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2
    exported = alice.get(f"/api/cases/{case_id}/export").json()
    assert exported["title"] == "Renamed"
    assert exported["people"]["requesting_spouse"]["ssn"] == SSN  # the export is the full case file


def test_stale_save_is_a_conflict_not_an_overwrite(api_user):
    alice = api_user("alice")
    body = alice.post("/api/cases", json=case_document()).json()
    case_id = body["id"]
    first = copy.deepcopy(body["case"])
    first["title"] = "Saved first"
    assert alice.put(f"/api/cases/{case_id}", json={"version": 1, "case": first}).status_code == 200
    second = copy.deepcopy(body["case"])
    second["title"] = "Saved from a stale tab"
    stale = alice.put(f"/api/cases/{case_id}", json={"version": 1, "case": second})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert "changed elsewhere" in stale.json()["detail"]
    assert alice.get(f"/api/cases/{case_id}").json()["case"]["title"] == "Saved first"


def test_one_user_can_neither_read_nor_change_another_users_case(api_user):
    alice = api_user("alice")
    mallory = api_user("mallory")
    case_id = alice.post("/api/cases", json=case_document()).json()["id"]
    for method, path, kwargs in [
        ("get", f"/api/cases/{case_id}", {}),
        ("get", f"/api/cases/{case_id}/export", {}),
        ("get", f"/api/cases/{case_id}/results", {}),
        ("get", f"/api/cases/{case_id}/years/2022/il8857", {}),
        ("get", f"/api/cases/{case_id}/packet.pdf", {}),
        ("get", f"/api/cases/{case_id}/packet.html", {}),
        ("get", f"/api/cases/{case_id}/calendar.ics", {}),
        ("put", f"/api/cases/{case_id}", {"json": {"version": 1, "case": case_document()}}),
        ("delete", f"/api/cases/{case_id}", {}),
    ]:
        response = getattr(mallory, method)(path, **kwargs)
        assert response.status_code == 404, (method, path, response.status_code)
        assert SSN not in response.text
    assert mallory.get("/api/cases").json() == []
    still = alice.get(f"/api/cases/{case_id}").json()
    assert still["version"] == 1 and still["case"]["title"] == "API case"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"people": {"requesting_spouse": {"ssn": "12-34"}}}, "people.requesting_spouse.ssn"),
        ({"tax_years": [{"tax_year": 2022}, {"tax_year": 2022}]}, "tax_years"),
        ({"tax_years": [{"tax_year": 2022, "il8857": {"form": "IL-8857", "tax_year": 2022, "lines": {"49": {"A": "abc"}}}}]}, "lines.49.A"),
        ({"tax_years": [{"tax_year": 2022, "il8857": {"form": "IL-8857", "tax_year": 2022, "lines": {"80": {"A": "1"}}}}]}, "lines.80"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_input_is_422_naming_the_field(api_user, body, field):
    alice = api_user("alice")
    case_id = alice.post("/api/cases", json=case_document()).json()["id"]
    document = {**case_document(), **body}
    response = alice.put(f"/api/cases/{case_id}", json={"version": 1, "case": document})
    assert response.status_code == 422, response.text
    detail = response.json()["detail"][0]
    assert field in detail["field"], detail
    assert detail["message"]


def test_malformed_json_and_wrong_shapes_are_422(api_user):
    alice = api_user("alice")
    for raw in (b"{not json", b"", b"[1, 2]", "\u00e9".encode("latin-1")):
        response = alice.post("/api/cases", content=raw, headers={"Content-Type": "application/json"})
        assert response.status_code == 422, (raw, response.status_code, response.text)
    case_id = alice.post("/api/cases", json=case_document()).json()["id"]
    assert alice.put(f"/api/cases/{case_id}", json={"case": case_document()}).status_code == 422
    assert alice.put(f"/api/cases/{case_id}", json={"version": "1", "case": case_document()}).status_code == 422


def test_results_worksheet_and_stateless_compute(api_user):
    alice = api_user("alice")
    case_id = alice.post("/api/cases", json=case_document()).json()["id"]
    results = alice.get(f"/api/cases/{case_id}/results").json()
    year = next(entry for entry in results["years"] if entry["tax_year"] == 2022)["worksheets"]["il8857"]["result"]
    assert set(year["lines"]["1"]) == {"A", "B", "C"}
    assert year["lines"]["1"] == {"A": "80850.00", "B": "30425.00", "C": "50425.00"}
    worksheet = alice.get(f"/api/cases/{case_id}/years/2022/il8857").json()
    assert worksheet["result"] == year["result"]
    assert "formula" in {entry["line"]: entry for entry in worksheet["trace"]}["80"]
    document = case_document()["tax_years"][0]["il8857"]
    computed = alice.post("/api/il8857", json=document).json()
    assert computed["lines"] == worksheet["lines"]
    bad = alice.post("/api/il8857", json={**document, "tax_year": 1800})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "tax_year"


def test_decimals_never_pass_through_floats(api_user):
    alice = api_user("alice")
    document = case_document()["tax_years"][0]["il8857"]
    raw = '{"form": "IL-8857", "tax_year": 2022, "lines": {"1": {"A": 0.1, "B": 0.1, "C": 0}, "69": {"A": 0.2}}}'
    computed = alice.post("/api/il8857", content=raw.encode(), headers={"Content-Type": "application/json"})
    assert computed.status_code == 200, computed.text
    assert computed.json()["lines"]["1"]["A"] == "0.10"
    assert document  # the fixture document is untouched


def test_import_a_cli_file_creates_a_case(api_user):
    alice = api_user("alice")
    document = case_document()["tax_years"][0]["il8857"]
    created = alice.post("/api/cases", json=document)
    assert created.status_code == 201
    case = created.json()["case"]
    assert [year["year"] for year in case["facts"]["tax_years"]] == [2022]
    assert [(item["tax_year"], item["form"]) for item in case["overrides"]] == [(2022, "il8857")]


def test_delete_with_version(api_user):
    alice = api_user("alice")
    case_id = alice.post("/api/cases", json=case_document()).json()["id"]
    assert alice.delete(f"/api/cases/{case_id}?version=7").status_code == 409
    assert alice.delete(f"/api/cases/{case_id}?version=1").status_code == 204
    assert alice.get(f"/api/cases/{case_id}").status_code == 404


def test_cookie_login_needs_the_csrf_header_on_the_api(sqlite_browser):
    browser = sqlite_browser
    browser.register("carol")
    client = browser.client
    assert client.get("/api/cases").status_code == 200  # reading with the cookie is fine
    refused = client.post("/api/cases", json=case_document())
    assert refused.status_code == 403
    token = client.get("/api/session").json()["csrf_token"]
    accepted = client.post("/api/cases", json=case_document(), headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201


def test_openapi_lists_the_api(sqlite_app):
    from fastapi.testclient import TestClient

    schema = TestClient(sqlite_app).get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/login", "/api/cases", "/api/cases/{case_id}", "/api/cases/{case_id}/results", "/api/cases/{case_id}/packet.pdf", "/api/il8857"):
        assert path in paths, path
    assert not any(path.startswith("/cases") for path in paths)  # the pages are not API
    assert "409" in paths["/api/cases/{case_id}"]["put"]["responses"]


def test_questions_and_answers_through_the_api(api_user):
    alice = api_user("alice")
    body = alice.post("/api/cases", json=case_document()).json()
    case_id = body["id"]
    asked = alice.get(f"/api/cases/{case_id}/questions").json()
    fields = {question["field"]: question for question in asked["questions"]}
    assert fields["tax_years.0.joint_return"]["answer_kind"] == "yes_no"
    assert "choices" in fields["marriage.status"] and "divorced" in fields["marriage.status"]["choices"]
    answered = alice.post(f"/api/cases/{case_id}/answers", json={"version": body["version"], "answers": {"tax_years.0.joint_return": True, "marriage.status": None}})
    assert answered.status_code == 200, answered.text
    after = alice.get(f"/api/cases/{case_id}/questions").json()
    remaining = {question["field"] for question in after["questions"]}
    assert "tax_years.0.joint_return" not in remaining and "marriage.status" not in remaining  # unknown is not asked again
    assert after["unknown"] == ["marriage.status"]
    results = alice.get(f"/api/cases/{case_id}/results").json()
    assert any("marriage.status" in [m["field"] for m in finding.get("missing", [])] for finding in results["findings"])  # still unknown, named
    bad = alice.post(f"/api/cases/{case_id}/answers", json={"version": answered.json()["version"], "answers": {"marriage.status": "eloped"}})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"].startswith("answers.marriage.status")
    stale = alice.post(f"/api/cases/{case_id}/answers", json={"version": body["version"], "answers": {"tax_years.0.joint_return": False}})
    assert stale.status_code == 409

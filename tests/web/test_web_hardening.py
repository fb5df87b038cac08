"""The reliability review's web reproducers (2026-11-30), each now a clear 4xx in well under a
second: oversized and deep bodies, huge numbers, alias bombs, poisoned imports, stale versions
past 2**63, non-Latin titles; the repair view; the key check; login limits; no bare 500."""

from __future__ import annotations

import json
import time

import pytest

from test_web_api import case_document

BOMB = "\n".join(["a0: &a0 [" + ",".join(["lol"] * 9) + "]"] + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)])


def _quick(call):
    started = time.perf_counter()
    response = call()
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, elapsed
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    return response


def test_login_bodies_that_used_to_give_500(sqlite_app):
    from fastapi.testclient import TestClient

    client = TestClient(sqlite_app)
    headers = {"Content-Type": "application/json"}
    for body in ('{"username":' + "1" * 5001 + ',"password":"x"}',
                 '{"a":' + "[" * 1000 + "]" * 1000 + "}",
                 '{"username":"a","password":"b","username":"c"}',
                 '{"username": NaN, "password": "x"}'):
        response = _quick(lambda: client.post("/api/login", content=body, headers=headers))
        assert response.json()["detail"]


def test_a_body_over_the_limit_is_refused_before_it_is_read(sqlite_app):
    from fastapi.testclient import TestClient

    client = TestClient(sqlite_app)
    response = _quick(lambda: client.post("/api/login", content=b"a" * (4 * 1024 * 1024), headers={"Content-Type": "application/json"}))
    assert response.status_code == 413

    def chunks():  # no Content-Length: counted while reading
        for _ in range(64):
            yield b"a" * (256 * 1024)

    response = _quick(lambda: client.post("/api/login", content=chunks(), headers={"Content-Type": "application/json"}))
    assert response.status_code == 413


def test_huge_amounts_versions_and_indexes(sqlite_api):
    api = sqlite_api
    document = case_document()
    created = api.post("/api/cases", json=document).json()
    case_id, version = created["id"], created["version"]
    bad_il = {"form": "IL-8857", "tax_year": 2022, "lines": {"1": {"A": "1e26"}}}
    response = _quick(lambda: api.post("/api/il8857", json=bad_il))
    assert "too large" in json.dumps(response.json())
    poisoned = case_document()
    poisoned["tax_years"][0]["il8857"]["lines"]["1"]["A"] = "1e26"
    _quick(lambda: api.put(f"/api/cases/{case_id}", json={"version": version, "case": poisoned}))
    _quick(lambda: api.post("/api/cases", content=json.dumps(poisoned).replace('"1e26"', "1e26"), headers={"Content-Type": "application/json"}))
    for query in ("99999999999999999999", "-7.9e31", "9223372036854775808"):
        assert _quick(lambda: api.delete(f"/api/cases/{case_id}?version={query}")).status_code in (409, 422)
    response = _quick(lambda: api.put(f"/api/cases/{case_id}", json={"version": 2**63, "case": case_document()}))
    assert response.status_code == 409
    response = _quick(lambda: api.post(f"/api/cases/{case_id}/answers", json={"version": version, "answers": {"tax_years.5.joint_return": None}}))
    assert api.get(f"/api/cases/{case_id}").status_code == 200


@pytest.mark.parametrize("document", [
    {"format": "spouse-relief-case", "version": 1, "title": "x", "facts": {"marriage": "divorced"}},
    {"format": "spouse-relief-case", "version": 1, "title": "x", "facts": {"liabilities": [1, 2]}},
    {"format": "spouse-relief-case", "version": 1, "title": "x", "tax_years": [{"tax_year": 2022, "il8857": {"form": "IL-8857", "tax_year": 2022, "dates": "2023-04-12", "lines": {}}}]},
], ids=["marriage-text", "liabilities-list", "il8857-dates-text"])
def test_poisoned_imports_are_refused(sqlite_api, document):
    response = _quick(lambda: sqlite_api.post("/api/cases", json=document))
    assert response.status_code == 422
    assert sqlite_api.get("/api/cases").json() == []


def test_alias_bomb_and_deep_yaml_uploads(sqlite_browser):
    browser = sqlite_browser
    browser.register("bob")
    for name, text in (("bomb.yaml", BOMB), ("deep.yaml", "a: " + "[" * 600 + "]" * 600), ("key.yaml", "? [a, b]\n: c\n")):
        token = browser.token("/cases")
        response = _quick(lambda: browser.client.post("/cases/import", data={"csrf_token": token}, files={"file": (name, text.encode(), "application/x-yaml")}))
        assert response.status_code == 422


def test_non_latin_title_exports(sqlite_browser):
    browser = sqlite_browser
    browser.register("carol")
    case_id = browser.new_case("Παπαδόπουλος")
    response = browser.get(f"/cases/{case_id}/export.json")
    assert response.status_code == 200
    assert response.json()["title"] == "Παπαδόπουλος"


def _plant(store, account, document, case_id: str = "ab" * 16) -> str:
    """A case stored by an older release, before validation on save (written past the check)."""
    from spouse_relief.storage.models import Case
    from spouse_relief.storage.store import _now

    with store._session() as session, session.begin():
        session.add(Case(id=case_id, owner_id=account.id, version=1, payload=store._seal(case_id, account.id, document), created_at=_now(), updated_at=_now()))
    return case_id


def test_a_stored_case_that_no_longer_validates_opens_in_the_repair_view(sqlite_browser, sqlite_app):
    browser = sqlite_browser
    browser.register("dana")
    store = sqlite_app.state.store
    account = store.find_user("dana")
    bad = {"format": "spouse-relief-case", "version": 1, "title": "Old", "facts": {"marriage": "divorced"},
           "people": {"requesting_spouse": {"name": "Dana", "ssn": "123-45-6789"}}, "tax_years": [{"tax_year": 2022}]}
    case_id = _plant(store, account, bad)
    assert browser.get("/cases").status_code == 200
    for page in ("", "/years", "/results", "/packet", "/people", "/export.json", "/interview"):
        response = browser.get(f"/cases/{case_id}{page}")
        assert response.status_code < 500, (page, response.status_code)
    page = browser.get(f"/cases/{case_id}")
    assert "needs repair" in page.text and "Your marriage: expected a group of answers, got &#39;divorced&#39;" in page.text
    assert "123-45-6789" not in page.text and "***-**-6789" in page.text
    fixed = json.loads(browser.get(f"/cases/{case_id}/repair/download").text)
    fixed["facts"]["marriage"] = {"status": "divorced"}
    response = browser.post(f"/cases/{case_id}/repair", {"version": "1", "case": json.dumps(fixed)})
    assert response.status_code == 200 and "needs repair" not in response.text
    saved = store.get_case(account, case_id)
    assert saved.version == 2 and saved.document["people"]["requesting_spouse"]["ssn"] == "123-45-6789"


def test_the_api_reports_a_case_to_repair(sqlite_api, sqlite_app):
    store = sqlite_app.state.store
    case_id = _plant(store, store.find_user("alice"), {"format": "spouse-relief-case", "version": 1, "title": "Old", "facts": {"marriage": "divorced"}})
    response = sqlite_api.get(f"/api/cases/{case_id}")
    assert response.status_code == 409 and response.json()["detail"][0]["field"] == "facts.marriage"
    listed = sqlite_api.get("/api/cases").json()
    assert [item["title"] for item in listed] == ["A case that needs repair"]
    repair = sqlite_api.get(f"/api/cases/{case_id}/repair").json()
    repair["case"]["facts"] = {}
    response = sqlite_api.put(f"/api/cases/{case_id}/repair", json={"version": repair["version"], "case": repair["case"]})
    assert response.status_code == 200
    assert sqlite_api.get(f"/api/cases/{case_id}").status_code == 200
    other = _plant(store, store.find_user("alice"), {"format": "spouse-relief-case", "version": 1, "title": "Old", "facts": {"you": []}}, "cd" * 16)
    assert sqlite_api.delete(f"/api/cases/{other}/repair?version=7").status_code == 409
    assert sqlite_api.delete(f"/api/cases/{other}/repair?version=1").status_code == 204
    assert sqlite_api.get(f"/api/cases/{other}").status_code == 404


def test_the_sweep_counts_cases_to_repair(tmp_path, monkeypatch):
    from spouse_relief.storage import open_store
    from spouse_relief.storage.validate import check_all

    monkeypatch.delenv("SPOUSE_RELIEF_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = open_store(tmp_path)
    erin = store.create_user("erin", "password one")
    store.create_case(erin, case_document())
    _plant(store, erin, {"format": "spouse-relief-case", "version": 1, "title": "Old", "facts": {"marriage": "divorced"}})
    sweep = check_all(store)
    assert (sweep.cases, sweep.invalid, sweep.unreadable) == (2, 1, 0)
    store.set_meta("case_sweep", "")
    store.sweep_once()
    assert store.meta("case_sweep").endswith("cases=2 invalid=1 unreadable=0")
    store.close()


def test_a_missing_or_different_key_stops_the_start(tmp_path, monkeypatch):
    from spouse_relief.storage import StorageError, open_store
    from spouse_relief.storage.crypto import new_key_text

    monkeypatch.delenv("SPOUSE_RELIEF_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = open_store(tmp_path)
    frank = store.create_user("frank", "password one")
    store.create_case(frank, case_document())
    store.close()
    key = tmp_path / "secret.key"
    original = key.read_bytes()
    key.unlink()
    with pytest.raises(StorageError, match="key file is missing"):
        open_store(tmp_path)
    assert not key.exists()  # no new key minted
    key.write_text(new_key_text() + "\n")
    key.chmod(0o600)
    with pytest.raises(StorageError, match="not the one this data was saved with"):
        open_store(tmp_path)
    monkeypatch.setenv("SPOUSE_RELIEF_KEY", new_key_text())
    with pytest.raises(StorageError, match="not the one"):
        open_store(tmp_path)
    monkeypatch.delenv("SPOUSE_RELIEF_KEY")
    key.write_bytes(original)
    reopened = open_store(tmp_path)
    assert len(reopened.list_cases(frank)) == 1
    reopened.close()


def test_login_limits_per_address_and_username_survive_a_restart(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from spouse_relief.storage import open_store
    from spouse_relief.web.app import WebSettings, create_app

    monkeypatch.delenv("SPOUSE_RELIEF_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = open_store(tmp_path)
    store.create_user("gina", "the right password")
    app = create_app(WebSettings(data_dir=str(tmp_path)), store=store)
    app.state.login_throttle.limits = {"pair": 3, "address": 5, "user": 50}
    client = TestClient(app)
    for index in range(5):
        assert client.post("/api/login", json={"username": f"nobody{index}", "password": "x"}).status_code == 401
    assert client.post("/api/login", json={"username": "gina", "password": "the right password"}).status_code == 429
    store.close()
    store = open_store(tmp_path)  # a restart keeps the count
    app = create_app(WebSettings(data_dir=str(tmp_path)), store=store)
    app.state.login_throttle.limits = {"pair": 3, "address": 5, "user": 50}
    assert TestClient(app).post("/api/login", json={"username": "gina", "password": "the right password"}).status_code == 429
    # another address is not locked out of gina's account by this one's guesses
    other = TestClient(app, client=("10.0.0.9", 5000))
    assert other.post("/api/login", json={"username": "gina", "password": "the right password"}).status_code == 200
    store.close()


def test_an_unexpected_error_is_a_plain_page_with_a_reference(sqlite_app, caplog):
    from fastapi.testclient import TestClient

    @sqlite_app.get("/boom")
    def boom():
        raise RuntimeError("secret 123-45-6789 inside")

    @sqlite_app.get("/api/boom")
    def api_boom():
        raise RuntimeError("secret 123-45-6789 inside")

    client = TestClient(sqlite_app, raise_server_exceptions=False)
    page = client.get("/boom")
    assert page.status_code == 500 and "Reference:" in page.text and "Traceback" not in page.text
    api = client.get("/api/boom")
    assert api.status_code == 500 and api.json()["reference"]
    assert "123-45-6789" not in caplog.text and "***-**-6789" in caplog.text
    assert client.get("/healthz").status_code == 200

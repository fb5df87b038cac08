"""The store: encryption at rest, the key file, versions, migrations (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import stat

import pytest

from spouse_relief.storage import Conflict, NotFound, StorageError, open_store

SSN = "123-45-6789"
DOCUMENT = {"title": "Stored", "people": {"requesting_spouse": {"name": "Pat Q. Requester", "ssn": SSN}}}


def test_cases_are_versioned_and_owned(store):
    alice = store.create_user("alice", "password one")
    bob = store.create_user("bob", "password two")
    saved = store.create_case(alice, DOCUMENT)
    assert saved.version == 1
    second = store.save_case(alice, saved.id, {**DOCUMENT, "title": "Second"}, expected_version=1)
    assert second.version == 2
    with pytest.raises(Conflict) as conflict:
        store.save_case(alice, saved.id, {**DOCUMENT, "title": "Stale"}, expected_version=1)
    assert conflict.value.current == 2
    assert store.get_case(alice, saved.id).document["title"] == "Second"
    with pytest.raises(NotFound):
        store.get_case(bob, saved.id)
    with pytest.raises(NotFound):
        store.save_case(bob, saved.id, DOCUMENT, expected_version=2)
    with pytest.raises(NotFound):
        store.delete_case(bob, saved.id)
    assert store.list_cases(bob) == []
    assert store.get_case(alice, saved.id).version == 2


def test_users_and_sessions(store):
    account = store.create_user("alice", "password one")
    with pytest.raises(StorageError):
        store.create_user("alice", "another password")
    with pytest.raises(StorageError):
        store.create_user("x", "password one")
    with pytest.raises(StorageError):
        store.create_user("shortpass", "short")
    assert store.authenticate("alice", "password one") == account
    assert store.authenticate("alice", "wrong") is None
    assert store.authenticate("nobody", "password one") is None
    token = store.start_session(account)
    assert store.session_account(token) == account
    store.end_session(token)
    assert store.session_account(token) is None
    assert store.session_account("made-up") is None


def test_passwords_are_argon2_hashes(store):
    from sqlalchemy import text

    store.create_user("alice", "password one")
    with store.engine.connect() as connection:
        stored = connection.execute(text("select password_hash from users")).scalar_one()
    assert stored.startswith("$argon2id$") and "password one" not in stored


def test_migrations_reach_the_newest_revision(store):
    from spouse_relief.storage.migrate import current_revision, upgrade

    assert current_revision(store.engine) == "0002"
    upgrade(store.engine)  # running again is harmless
    assert current_revision(store.engine) == "0002"


def test_a_payload_moved_to_another_row_does_not_open(store):
    from sqlalchemy import text

    alice = store.create_user("alice", "password one")
    first = store.create_case(alice, DOCUMENT)
    second = store.create_case(alice, {"title": "Other"})
    with store.engine.begin() as connection:
        payload = connection.execute(text("select payload from cases where id = :id"), {"id": first.id}).scalar_one()
        connection.execute(text("update cases set payload = :p where id = :id"), {"p": payload, "id": second.id})
    with pytest.raises(StorageError, match="cannot be decrypted"):
        store.get_case(alice, second.id)


def test_the_raw_sqlite_file_holds_no_plaintext_ssn(tmp_path, monkeypatch):
    monkeypatch.delenv("SPOUSE_RELIEF_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = open_store(tmp_path)
    alice = store.create_user("alice", "password one")
    saved = store.create_case(alice, DOCUMENT)
    store.save_case(alice, saved.id, {**DOCUMENT, "title": "again"}, 1)
    raw = b"".join(path.read_bytes() for path in tmp_path.iterdir() if path.name.startswith("spouse-relief.sqlite3"))
    store.close()
    raw += b"".join(path.read_bytes() for path in tmp_path.iterdir() if path.name.startswith("spouse-relief.sqlite3"))
    assert len(raw) > 4096
    for needle in (SSN, SSN.replace("-", ""), "Pat Q. Requester", "6789"):
        assert needle.encode() not in raw, needle
        assert needle.encode("utf-16-le") not in raw, needle
    # and it opens again with the same key file
    reopened = open_store(tmp_path)
    assert reopened.get_case(alice, saved.id).document["people"]["requesting_spouse"]["ssn"] == SSN
    reopened.close()


def test_key_file_is_created_0600_and_a_loose_one_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("SPOUSE_RELIEF_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    open_store(tmp_path).close()
    key = tmp_path / "secret.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    os.chmod(key, 0o644)
    with pytest.raises(StorageError, match="chmod 600"):
        open_store(tmp_path)


def test_key_from_the_environment_and_a_wrong_key(tmp_path, monkeypatch):
    from spouse_relief.storage.crypto import new_key_text

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SPOUSE_RELIEF_KEY", new_key_text())
    store = open_store(tmp_path)
    alice = store.create_user("alice", "password one")
    saved = store.create_case(alice, DOCUMENT)
    store.close()
    assert not (tmp_path / "secret.key").exists()
    monkeypatch.setenv("SPOUSE_RELIEF_KEY", new_key_text())
    with pytest.raises(StorageError, match="not the one this data was saved with"):
        open_store(tmp_path)
    monkeypatch.setenv("SPOUSE_RELIEF_KEY", "too-short")
    with pytest.raises(StorageError, match="32 bytes|base64"):
        open_store(tmp_path)


def test_database_url_forms(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from spouse_relief.storage.settings import resolve_database_url

    assert resolve_database_url(tmp_path, "postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_database_url(tmp_path, "postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_database_url(tmp_path, None).startswith("sqlite:///")

"""The store: users (argon2), login sessions, and cases saved whole with a version number."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, event, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .crypto import Keyring
from .errors import Conflict, NotFound, StorageError
from .models import Case, LoginSession, User
from .settings import resolve_data_dir, resolve_database_url

SESSION_LIFETIME = timedelta(hours=12)
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{3,80}$")
MIN_PASSWORD = 8


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class _Encoder(json.JSONEncoder):
    def default(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return super().default(value)


def dumps(document: Any) -> str:
    return json.dumps(document, cls=_Encoder, ensure_ascii=False, sort_keys=True)


def loads(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


@dataclass(frozen=True)
class Account:
    id: int
    username: str


@dataclass(frozen=True)
class SavedCase:
    id: str
    owner_id: int
    version: int
    document: dict
    created_at: datetime
    updated_at: datetime


class UsernameTaken(StorageError):
    pass


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Store:
    def __init__(self, engine, keyring: Keyring, folder: Path):
        self.engine = engine
        self.keyring = keyring
        self.folder = folder
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        from argon2 import PasswordHasher

        self._hasher = PasswordHasher()
        self._dummy_hash = self._hasher.hash(secrets.token_hex(16))

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, folder=None, url: str | None = None, *, migrate: bool = True) -> "Store":
        data = resolve_data_dir(folder)
        database = resolve_database_url(data, url)
        if database.startswith("sqlite"):
            engine = create_engine(database, connect_args={"check_same_thread": False, "timeout": 15})

            @event.listens_for(engine, "connect")
            def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA busy_timeout=15000")
                cursor.close()

            if database.startswith("sqlite:///") and database != "sqlite:///:memory:":
                database_file = Path(database[len("sqlite:///") :])
                if not database_file.exists():
                    database_file.touch(mode=0o600)
        else:
            engine = create_engine(database, pool_pre_ping=True)
        store = cls(engine, Keyring.for_folder(data), data)
        if migrate:
            from .migrate import upgrade

            upgrade(engine)
        return store

    def close(self) -> None:
        self.engine.dispose()

    def _session(self) -> Session:
        return self._sessions()

    # --- users -----------------------------------------------------------------------------

    def create_user(self, username: str, password: str) -> Account:
        if not USERNAME.match(username or ""):
            raise StorageError("username: use 3 to 80 letters, digits or . _ @ -")
        if len(password or "") < MIN_PASSWORD:
            raise StorageError(f"password: use at least {MIN_PASSWORD} characters")
        user = User(username=username, password_hash=self._hasher.hash(password), created_at=_now())
        with self._session() as session:
            session.add(user)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                raise UsernameTaken("username: that name is taken; choose another") from None
            return Account(user.id, user.username)

    def find_user(self, username: str) -> Account | None:
        with self._session() as session:
            user = session.scalar(select(User).where(User.username == username))
            return Account(user.id, user.username) if user else None

    def authenticate(self, username: str, password: str) -> Account | None:
        from argon2.exceptions import InvalidHashError, VerificationError

        with self._session() as session:
            user = session.scalar(select(User).where(User.username == (username or "")))
            try:
                if user is None:
                    self._hasher.verify(self._dummy_hash, password or "")  # same work either way
                    return None
                self._hasher.verify(user.password_hash, password or "")
            except (VerificationError, InvalidHashError):
                return None
            if self._hasher.check_needs_rehash(user.password_hash):
                user.password_hash = self._hasher.hash(password)
                session.commit()
            return Account(user.id, user.username)

    # --- login sessions ----------------------------------------------------------------------

    def start_session(self, account: Account) -> str:
        token = secrets.token_urlsafe(32)
        now = _now()
        with self._session() as session, session.begin():
            session.execute(delete(LoginSession).where(LoginSession.expires_at < now))
            session.add(
                LoginSession(token_hash=_token_hash(token), user_id=account.id, created_at=now, expires_at=now + SESSION_LIFETIME)
            )
        return token

    def session_account(self, token: str | None) -> Account | None:
        if not token:
            return None
        with self._session() as session:
            row = session.get(LoginSession, _token_hash(token))
            if row is None or _aware(row.expires_at) < _now():
                return None
            user = session.get(User, row.user_id)
            return Account(user.id, user.username) if user else None

    def end_session(self, token: str | None) -> None:
        if not token:
            return
        with self._session() as session, session.begin():
            session.execute(delete(LoginSession).where(LoginSession.token_hash == _token_hash(token)))

    # --- cases -----------------------------------------------------------------------------

    @staticmethod
    def _context(case_id: str, owner_id: int) -> str:
        return f"case:{case_id}:owner:{owner_id}"

    def _open(self, row: Case) -> SavedCase:
        document = loads(self.keyring.decrypt(row.payload, self._context(row.id, row.owner_id)).decode("utf-8"))
        return SavedCase(row.id, row.owner_id, row.version, document, _aware(row.created_at), _aware(row.updated_at))

    def _seal(self, case_id: str, owner_id: int, document: dict) -> str:
        return self.keyring.encrypt(dumps(document).encode("utf-8"), self._context(case_id, owner_id))

    def list_cases(self, owner: Account) -> list[SavedCase]:
        with self._session() as session:
            rows = session.scalars(select(Case).where(Case.owner_id == owner.id).order_by(Case.updated_at.desc()))
            return [self._open(row) for row in rows]

    def create_case(self, owner: Account, document: dict) -> SavedCase:
        case_id = uuid.uuid4().hex
        now = _now()
        row = Case(id=case_id, owner_id=owner.id, version=1, payload=self._seal(case_id, owner.id, document), created_at=now, updated_at=now)
        with self._session() as session, session.begin():
            session.add(row)
        return SavedCase(case_id, owner.id, 1, loads(dumps(document)), now, now)

    def get_case(self, owner: Account, case_id: str) -> SavedCase:
        with self._session() as session:
            row = session.get(Case, case_id)
            if row is None or row.owner_id != owner.id:
                raise NotFound("no such case")
            return self._open(row)

    def save_case(self, owner: Account, case_id: str, document: dict, expected_version: int) -> SavedCase:
        """Replace the whole case in one transaction, if the saved version is still ``expected_version``."""
        now = _now()
        payload = self._seal(case_id, owner.id, document)
        with self._session() as session, session.begin():
            result = session.execute(
                update(Case)
                .where(Case.id == case_id, Case.owner_id == owner.id, Case.version == expected_version)
                .values(payload=payload, version=Case.version + 1, updated_at=now)
            )
            if result.rowcount != 1:
                current = session.scalar(select(Case.version).where(Case.id == case_id, Case.owner_id == owner.id))
                if current is None:
                    raise NotFound("no such case")
                raise Conflict(expected_version, current)
            row = session.get(Case, case_id)
            session.refresh(row)
            created = row.created_at
        return SavedCase(case_id, owner.id, expected_version + 1, loads(dumps(document)), _aware(created), now)

    def delete_case(self, owner: Account, case_id: str, expected_version: int | None = None) -> None:
        with self._session() as session, session.begin():
            query = delete(Case).where(Case.id == case_id, Case.owner_id == owner.id)
            if expected_version is not None:
                query = query.where(Case.version == expected_version)
            result = session.execute(query)
            if result.rowcount != 1:
                current = session.scalar(select(Case.version).where(Case.id == case_id, Case.owner_id == owner.id))
                if current is None:
                    raise NotFound("no such case")
                raise Conflict(expected_version or 0, current)

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

from sqlalchemy import create_engine, delete, event, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from .crypto import Keyring
from .errors import Conflict, InvalidCase, NotFound, StorageError
from .models import Case, LoginFailure, LoginSession, StoreMeta, User
from .settings import resolve_data_dir, resolve_database_url

SESSION_LIFETIME = timedelta(hours=12)
MAX_VERSION = 2**31 - 1  # a version outside 1..MAX_VERSION is stale by definition (never a database error)
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
    problems: tuple = ()  # what stops the views reading it (see validate.py); empty when valid


PLACEHOLDER_TITLE = "A case that needs repair"


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
        self._checked: dict[tuple, tuple] = {}

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
            engine = create_engine(database, pool_pre_ping=True, pool_size=10, max_overflow=10)
        if migrate:
            from .migrate import upgrade

            upgrade(engine)
        holds_data = _holds_data(engine)
        try:
            keyring = Keyring.for_folder(data, create=not holds_data)
        except StorageError:
            engine.dispose()
            raise
        store = cls(engine, keyring, data)
        try:
            if migrate:  # the tables of the check exist from migration 0002 on
                store._check_key()
                store.sweep_once()
        except StorageError:
            engine.dispose()
            raise
        return store

    # --- the key check ----------------------------------------------------------------------

    def meta(self, name: str) -> str | None:
        with self._session() as session:
            row = session.get(StoreMeta, name)
            return row.value if row else None

    def set_meta(self, name: str, value: str) -> None:
        with self._session() as session, session.begin():
            row = session.get(StoreMeta, name)
            if row is None:
                session.add(StoreMeta(name=name, value=value))
            else:
                row.value = value

    def _check_key(self) -> None:
        """Refuse to run with a key other than the one the data was sealed with."""
        expected = self.keyring.check_value()
        stored = self.meta("key_check")
        if stored is not None:
            if stored != expected:
                raise StorageError(
                    "the encryption key (SPOUSE_RELIEF_KEY or secret.key) is not the one this data was saved with; "
                    "start with the original key. Nothing was changed."
                )
            return
        with self._session() as session:
            row = session.scalars(select(Case).limit(1)).first()
        if row is not None:
            try:
                self.keyring.decrypt(row.payload, self._context(row.id, row.owner_id))
            except StorageError:
                raise StorageError(
                    "the encryption key (SPOUSE_RELIEF_KEY or secret.key) cannot open the saved cases; "
                    "start with the key they were saved with. Nothing was changed."
                ) from None
        self.set_meta("key_check", expected)

    def every_case(self):
        """(id, document or None when it cannot be decrypted) for every stored case, a few at a time."""
        with self._session() as session:
            ids = list(session.scalars(select(Case.id).order_by(Case.id)))
        for case_id in ids:
            with self._session() as session:
                row = session.get(Case, case_id)
                if row is None:
                    continue
                try:
                    yield case_id, self._decrypt(row)
                except (StorageError, ValueError):
                    yield case_id, None

    def sweep_once(self) -> None:
        """Check every stored case once per release; record the counts (store_meta ``case_sweep``)."""
        from .. import __version__
        from .validate import check_all

        done = self.meta("case_sweep") or ""
        if done.startswith(f"{__version__} "):
            return
        sweep = check_all(self)
        self.set_meta("case_sweep", f"{__version__} cases={sweep.cases} invalid={sweep.invalid} unreadable={sweep.unreadable}")
        if sweep.invalid or sweep.unreadable:
            import logging

            logging.getLogger("spouse_relief.storage").warning(
                "case check: %d of %d stored cases need repair, %d cannot be decrypted", sweep.invalid, sweep.cases, sweep.unreadable
            )

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

    # --- failed logins (the throttle's memory) -----------------------------------------------

    @staticmethod
    def _subject(kind: str, value: str) -> str:
        return kind + ":" + hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:64]

    def login_failures(self, subjects: dict[str, str], window: timedelta) -> dict[str, int]:
        """Failed logins in the last ``window`` per subject (``{"address": "1.2.3.4", "user": "alice"}``)."""
        since = _now() - window
        counts = {}
        with self._session() as session:
            for kind, value in subjects.items():
                counts[kind] = session.scalar(
                    select(func.count()).select_from(LoginFailure).where(LoginFailure.subject == self._subject(kind, value), LoginFailure.at >= since)
                ) or 0
        return counts

    def record_login_failure(self, subjects: dict[str, str], window: timedelta) -> None:
        now = _now()
        with self._session() as session, session.begin():
            session.execute(delete(LoginFailure).where(LoginFailure.at < now - window))
            for kind, value in subjects.items():
                session.add(LoginFailure(subject=self._subject(kind, value), at=now))

    def clear_login_failures(self, subjects: dict[str, str]) -> None:
        with self._session() as session, session.begin():
            for kind, value in subjects.items():
                session.execute(delete(LoginFailure).where(LoginFailure.subject == self._subject(kind, value)))

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

    def _decrypt(self, row: Case) -> dict:
        return loads(self.keyring.decrypt(row.payload, self._context(row.id, row.owner_id)).decode("utf-8"))

    def _problems(self, row: Case, document: Any) -> tuple:
        key = (row.id, row.version, hash(row.payload))
        found = self._checked.get(key)
        if found is None:
            from .validate import problems

            found = tuple(problems(document))
            if len(self._checked) > 4096:
                self._checked.clear()
            self._checked[key] = found
        return found

    def _open(self, row: Case) -> SavedCase:
        document = self._decrypt(row)
        return SavedCase(row.id, row.owner_id, row.version, document, _aware(row.created_at), _aware(row.updated_at),
                         self._problems(row, document))

    def _seal(self, case_id: str, owner_id: int, document: dict) -> str:
        return self.keyring.encrypt(dumps(document).encode("utf-8"), self._context(case_id, owner_id))

    @staticmethod
    def _placeholder(row: Case, problems: tuple) -> SavedCase:
        """What the case list shows for a case it cannot read: a title saying so, nothing else."""
        from .validate import parse_stored

        document = parse_stored({"title": PLACEHOLDER_TITLE}).as_document()
        return SavedCase(row.id, row.owner_id, row.version, document, _aware(row.created_at), _aware(row.updated_at), problems)

    def list_cases(self, owner: Account) -> list[SavedCase]:
        """Every case of the owner. One case that cannot be read never hides the others: it is
        listed under a title saying it needs repair (opening it shows what is wrong)."""
        from .validate import Problem

        found = []
        with self._session() as session:
            rows = session.scalars(select(Case).where(Case.owner_id == owner.id).order_by(Case.updated_at.desc()))
            for row in rows:
                try:
                    saved = self._open(row)
                except StorageError as exc:
                    found.append(self._placeholder(row, (Problem("case", str(exc)),)))
                    continue
                found.append(self._placeholder(row, saved.problems) if saved.problems else saved)
        return found

    def create_case(self, owner: Account, document: dict) -> SavedCase:
        from .validate import check

        check(document)
        case_id = uuid.uuid4().hex
        now = _now()
        row = Case(id=case_id, owner_id=owner.id, version=1, payload=self._seal(case_id, owner.id, document), created_at=now, updated_at=now)
        with self._session() as session, session.begin():
            session.add(row)
        return SavedCase(case_id, owner.id, 1, loads(dumps(document)), now, now)

    def get_case(self, owner: Account, case_id: str, *, repair: bool = False) -> SavedCase:
        """The case; :class:`InvalidCase` when it no longer validates (``repair=True`` returns it anyway,
        with its ``problems``, for the repair view)."""
        with self._session() as session:
            row = session.get(Case, case_id) if isinstance(case_id, str) and len(case_id) <= 32 else None
            if row is None or row.owner_id != owner.id:
                raise NotFound("no such case")
            saved = self._open(row)
        if saved.problems and not repair:
            raise InvalidCase(saved.id, saved.version, list(saved.problems))
        return saved

    def save_case(self, owner: Account, case_id: str, document: dict, expected_version: int) -> SavedCase:
        """Replace the whole case in one transaction, if the saved version is still ``expected_version``."""
        from .validate import check

        check(document)
        if not _version_ok(expected_version):
            raise self._stale(owner, case_id, expected_version)
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

    def _stale(self, owner: Account, case_id: str, expected_version) -> StorageError:
        with self._session() as session:
            current = session.scalar(select(Case.version).where(Case.id == case_id, Case.owner_id == owner.id))
        return NotFound("no such case") if current is None else Conflict(0, current)

    def delete_case(self, owner: Account, case_id: str, expected_version: int | None = None) -> None:
        if expected_version is not None and not _version_ok(expected_version):
            raise self._stale(owner, case_id, expected_version)
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


def _version_ok(version: Any) -> bool:
    return isinstance(version, int) and not isinstance(version, bool) and 1 <= version <= MAX_VERSION


def _holds_data(engine) -> bool:
    """True when the database already holds sealed data (a key check value or a case)."""
    from sqlalchemy import inspect

    names = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        if "store_meta" in names and connection.scalar(select(StoreMeta.value).where(StoreMeta.name == "key_check")):
            return True
        return "cases" in names and connection.scalar(select(Case.id).limit(1)) is not None

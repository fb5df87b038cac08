"""Saved cases: users, login sessions and whole-case documents, encrypted at rest.

SQLAlchemy 2 with Alembic migrations (run on start). SQLite by default (a file under the data
dir, WAL, foreign keys on); PostgreSQL by ``DATABASE_URL``. A case is saved whole in one
transaction with a version number: a save that names a stale version gets :class:`Conflict`.

Heavy imports (SQLAlchemy, cryptography, argon2) happen when a store is opened, not on import
of this package, so the CLI stays fast.
"""

from __future__ import annotations

from .errors import Conflict, InvalidCase, NotFound, StorageError

__all__ = ["Conflict", "InvalidCase", "NotFound", "StorageError", "open_store", "data_dir", "database_url"]


def data_dir(explicit: str | None = None):
    """The data dir: the argument, else SPOUSE_RELIEF_DATA, else ./var (created 0700)."""
    from .settings import resolve_data_dir

    return resolve_data_dir(explicit)


def database_url(folder) -> str:
    from .settings import resolve_database_url

    return resolve_database_url(folder)


def open_store(folder=None, url: str | None = None, *, migrate: bool = True):
    """Open (and by default migrate) the store for a data dir and database URL."""
    from .store import Store

    return Store.open(folder=folder, url=url, migrate=migrate)

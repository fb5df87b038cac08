"""Where the data lives: the data dir, the database URL and the encryption key."""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "SPOUSE_RELIEF_DATA"
DATABASE_ENV = "DATABASE_URL"
KEY_ENV = "SPOUSE_RELIEF_KEY"
DEFAULT_DATA_DIR = "var"
DATABASE_FILE = "spouse-relief.sqlite3"
KEY_FILE = "secret.key"


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    folder = Path(explicit or os.environ.get(DATA_ENV) or DEFAULT_DATA_DIR).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def resolve_database_url(folder: Path, explicit: str | None = None) -> str:
    url = explicit or os.environ.get(DATABASE_ENV)
    if url:
        if url.startswith("postgres://"):  # the form some hosts hand out
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    return f"sqlite:///{folder / DATABASE_FILE}"

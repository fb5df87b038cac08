"""A small cache in the user's cache folder, for things worked out from files that rarely change.

Each entry is one JSON file under ``$XDG_CACHE_HOME/spouse-relief`` (else ``~/.cache/spouse-relief``).
Whoever uses it puts what the entry depends on (a version, a content hash) into the entry, so a
stale entry is simply not used. Nothing here is ever required: a folder that cannot be read or
written, or a file that is damaged, means the work is done again, never an error. Only plain
JSON is read back (never pickle), so a file in the folder cannot run code.

Kept free of heavy imports: the launcher uses it before anything else is loaded.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any


def folder() -> Path | None:
    """The cache folder (not created here), or None when there is no home to put it in."""
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "spouse-relief"
    except (OSError, RuntimeError):  # no home directory
        return None


def read_json(name: str) -> Any:
    """The JSON kept under ``name``, or None (missing, unreadable or damaged)."""
    base = folder()
    if base is None:
        return None
    try:
        return json.loads((base / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, value: Any) -> None:
    """Keep ``value`` under ``name``, atomically (a reader sees the old file or the new one); failures are ignored."""
    base = folder()
    if base is None:
        return
    temporary = base / f"{name}.{os.getpid()}.{threading.get_ident()}.tmp"  # one per writer: two never share a file
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        temporary.replace(base / name)
    except (OSError, TypeError, ValueError):
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass

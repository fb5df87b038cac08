"""Helpers shared by the web tests (imported by conftest.py and the test modules)."""

from __future__ import annotations

import os
import socket
import sys
from datetime import date

import pytest

TODAY = date(2025, 3, 3)
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def loud_skip(what: str, why: str) -> None:
    """Skip outside CI with a message nobody misses; in CI, fail."""
    message = f"{what} NOT RUN: {why}"
    if CI:
        pytest.fail(message + " (CI is set: these tests must run)")
    sys.stderr.write("\n" + "!" * 78 + f"\n!!! {message}\n" + "!" * 78 + "\n")
    pytest.skip(message)

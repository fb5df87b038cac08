"""`spouse-relief serve --workers 2`: several server processes on one SQLite store stay correct.

A save still changes a case only from the version it was made on (one of many concurrent saves
of one version wins, the others are told the case changed), and failed logins are counted across
the processes (they live in the database), so the limit holds whichever process answers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from web_support import free_port

PASSWORD = "correct horse battery"
CASE = {"format": "spouse-relief-case", "version": 2, "title": "Workers", "people": {"requesting_spouse": {"name": "Pat Example"}}}


def start_server(folder: Path, username: str, *extra: str) -> tuple[subprocess.Popen, str, str]:
    """A store in ``folder`` with one account and one case, and ``spouse-relief serve`` on it, once it
    answers: (process, base URL, case id)."""
    from spouse_relief.storage import open_store

    store = open_store(folder)
    account = store.create_user(username, PASSWORD)
    case_id = store.create_case(account, CASE).id
    store.close()
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "SPOUSE_RELIEF_KEY")}
    server = subprocess.Popen([str(Path(sys.executable).parent / "spouse-relief"), "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--data", str(folder), *extra], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server ended before it answered: {server.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return server, base, case_id
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    server.wait()
    pytest.fail(f"the server ({' '.join(extra) or 'one process'}) did not start in 90 s")


@pytest.fixture
def two_workers(tmp_path):
    server, base, case_id = start_server(tmp_path, "workers", "--workers", "2")
    try:
        yield base, case_id
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_concurrent_saves_of_one_version_let_exactly_one_through(two_workers):
    base, case_id = two_workers
    token = httpx.post(base + "/api/login", json={"username": "workers", "password": PASSWORD}, timeout=30).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    current = httpx.get(f"{base}/api/cases/{case_id}", headers=headers, timeout=30).json()

    def save(number: int) -> int:
        body = {"version": current["version"], "case": {**current["case"], "title": f"Save {number}"}}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:  # a connection of its own: any process may answer
            return client.put(f"/api/cases/{case_id}", json=body).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = sorted(pool.map(save, range(8)))
    assert codes == [200] + [409] * 7, codes
    stored = httpx.get(f"{base}/api/cases/{case_id}", headers=headers, timeout=30).json()
    assert stored["version"] == current["version"] + 1 and stored["case"]["title"].startswith("Save ")


def test_failed_logins_are_counted_across_the_processes(two_workers):
    base, _ = two_workers
    for _ in range(10):
        with httpx.Client(base_url=base, timeout=60) as client:  # a new connection each time
            assert client.post("/api/login", json={"username": "workers", "password": "wrong password!"}).status_code == 401
    with httpx.Client(base_url=base, timeout=60) as client:
        refused = client.post("/api/login", json={"username": "workers", "password": PASSWORD})
    assert refused.status_code == 429, refused.text


def test_the_help_says_what_workers_does_in_plain_words():
    from typer.testing import CliRunner

    from spouse_relief.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0
    words = " ".join(result.output.split())
    assert "--workers" in words and "copies of the server" in words and "processor core" in words
    refused = CliRunner().invoke(app, ["serve", "--workers", "0"])
    assert refused.exit_code == 2


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether the process still runs (an ended one waiting to be collected, a zombie, does not)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc (Linux)")
def test_the_pdf_helper_ends_with_a_killed_server(tmp_path):
    """A packet is made in a helper process; a server killed outright (no exit handlers run) must
    not leave that process behind."""
    server, base, case_id = start_server(tmp_path, "killed")
    try:
        token = httpx.post(base + "/api/login", json={"username": "killed", "password": PASSWORD}, timeout=30).json()["token"]
        pdf = httpx.get(f"{base}/api/cases/{case_id}/packet.pdf", headers={"Authorization": f"Bearer {token}"}, timeout=120)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        helpers = _children(server.pid)
        assert helpers, "the packet was not made in a helper process"
    finally:
        server.kill()
        server.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_running(pid) for pid in helpers):
        time.sleep(0.2)
    left = [pid for pid in helpers if _running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "the helper process outlived its server"

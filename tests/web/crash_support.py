"""kill -9 during a stream of saves: no save whose response said OK may be lost.

A server (``spouse-relief serve``, loopback, a free port) takes a stream of whole-case saves
(PUT /api/cases/ID, each with a new title and the version just read back). At a random moment it
is killed with SIGKILL, started again, and the saved case is compared with the last acknowledged
save: its version must be at least that one, and at that same version the title must be the one
acknowledged. A save can be committed without its answer arriving (killed in between): that is a
later version, never a loss. Used by tests/web/test_web_crash.py (a few kills) and
bench/crash_saves.py (many). Every loop is bounded in count and time.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class CrashReport:
    database: str
    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    committed_unacknowledged: int = 0
    failed_saves: int = 0
    restart_seconds: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        restarts = sorted(self.restart_seconds)
        return {"database": self.database, "kills": self.kills, "acknowledged_saves": self.acknowledged, "lost": self.lost,
                "committed_but_unacknowledged": self.committed_unacknowledged, "saves_cut_off": self.failed_saves,
                "restart_mean_s": round(sum(restarts) / len(restarts), 2) if restarts else None,
                "restart_max_s": round(restarts[-1], 2) if restarts else None, "problems": self.problems[:5]}


class Server:
    def __init__(self, folder: Path, database_url: str | None):
        self.folder = folder
        self.env = {**os.environ, "SPOUSE_RELIEF_DATA": str(folder)}
        self.env.pop("SPOUSE_RELIEF_KEY", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        else:
            self.env.pop("DATABASE_URL", None)
        self.process: subprocess.Popen | None = None
        self.base = ""

    def start(self, timeout: float = 180) -> float:
        started = time.monotonic()
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        command = [str(Path(sys.executable).parent / "spouse-relief"), "serve", "--host", "127.0.0.1", "--port", str(port), "--data", str(self.folder)]
        self.process = subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("the server did not start in time")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def crash_run(folder: Path, database_url: str | None, *, kills: int, seed: int = 9, max_seconds: float = 300) -> CrashReport:
    from spouse_relief.storage import open_store

    rng = random.Random(seed)
    report = CrashReport("postgresql" if database_url else "sqlite")
    store = open_store(folder, database_url)
    account = store.create_user("crash", PASSWORD)
    document = {"format": "spouse-relief-case", "version": 1, "title": "save 0",
                "people": {"requesting_spouse": {"name": "Pat", "ssn": "123-45-6789"}}, "tax_years": [{"tax_year": 2022}]}
    case_id = store.create_case(account, document).id
    store.close()
    server = Server(folder, database_url)
    deadline = time.monotonic() + max_seconds
    counter = 0
    try:
        report.restart_seconds.append(server.start())
        for _ in range(kills):
            if time.monotonic() > deadline:
                report.problems.append("stopped early: the time bound was reached")
                break
            token = httpx.post(server.base + "/api/login", json={"username": "crash", "password": PASSWORD}, timeout=30).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            acked: list[tuple[int, str]] = []
            stop = threading.Event()

            def saves():
                nonlocal counter
                with httpx.Client(base_url=server.base, headers=headers, timeout=10) as client:
                    while not stop.is_set():
                        try:
                            current = client.get(f"/api/cases/{case_id}").json()
                            counter += 1
                            title = f"save {counter}"
                            body = {"version": current["version"], "case": {**current["case"], "title": title}}
                            response = client.put(f"/api/cases/{case_id}", json=body)
                        except (httpx.HTTPError, ValueError, KeyError):
                            report.failed_saves += 1
                            return
                        if response.status_code == 200:
                            acked.append((response.json()["version"], title))

            worker = threading.Thread(target=saves)
            worker.start()
            time.sleep(rng.uniform(1.0, 3.0))  # a few saves in flight, then the kill
            server.kill()
            report.kills += 1
            stop.set()
            worker.join(timeout=30)
            report.acknowledged += len(acked)
            check = open_store(folder, database_url)
            saved = check.get_case(check.find_user("crash"), case_id)
            check.close()
            if acked:
                version, title = acked[-1]
                if saved.version < version or (saved.version == version and saved.document["title"] != title):
                    report.lost += 1
                    report.problems.append(f"acknowledged version {version} ({title}) but found {saved.version} ({saved.document['title']})")
                elif saved.version > version:
                    report.committed_unacknowledged += saved.version - version
            report.restart_seconds.append(server.start())
    finally:
        server.stop()
    return report

"""Load on the web app: concurrent users doing realistic page views and saves, on loopback only.

    .venv/bin/python bench/load_web.py [--users 50] [--seconds 60] [--workers 1] [--database URL]

Starts ``spouse-relief serve`` on 127.0.0.1 at a free port with a throwaway data folder (or the
given PostgreSQL URL), makes one account and one case per user, then runs the users for
``--seconds`` (each user's loop finishes its current step; a hard cap of 3x the time ends it all).
Every user first logs in (the pages' form and the API; all users at once, timed as "login"); when
all are in, every user repeats for ``--seconds``, with 0-0.5 s think time:
  GET the case overview, results, IL-8857 page and people page; POST the people form (a save);
  GET /api/cases/ID and PUT it back (a save); every 5th loop GET packet.pdf.
Prints p50/p95/p99/max per request kind, for the page views and saves together (every kind but the
PDF and the logins) and overall, 5xx and transport errors, and the load average before and after, as JSON at the
end (the figures in docs/performance.md), with the CPU time the server used (all its processes) and
the CPU time of this script itself, which shares the machine with the server. ``--workers`` is
passed to ``serve`` when above 1. Stops the server it started, by its process id.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
CASE = {
    "format": "spouse-relief-case", "version": 1, "title": "Load case",
    "people": {"requesting_spouse": {"name": "Pat Example", "ssn": "123-45-6789"}, "other_spouse": {"name": "Sam Example"}},
    "facts": {"marriage": {"status": "divorced", "divorced_on": "2023-05-01"}, "you": {"state": "IL"}},
    "tax_years": [{"tax_year": 2022, "il8857": {"form": "IL-8857", "tax_year": 2022,
                                              "lines": {"1": {"A": "80850", "B": "30425", "C": "50425"}, "49": {"A": "300"}, "69": {"A": "1200"}}}}],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(base: str) -> bool:
    try:
        return httpx.get(base + "/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def serving(folder: str, env: dict[str, str], *extra: str):
    """``spouse-relief serve`` over ``folder`` on a free loopback port, with ``env`` and the ``extra``
    options: its base URL once it answers; then stopped by its process id and waited for (so its
    CPU time counts among this process's children)."""
    base = f"http://127.0.0.1:{free_port()}"
    command = [str(Path(sys.executable).parent / "spouse-relief"), "serve", "--host", "127.0.0.1", "--port", base.rsplit(":", 1)[1], "--data", folder, *extra]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not healthy(base):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.1)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.status: dict[int, int] = defaultdict(int)
        self.transport_errors = 0
        self.conflicts = 0

    def summary(self) -> dict:
        every = [value for kind, values in self.times.items() if kind != "login" for value in values]  # the timed part

        def row(values):
            return {"n": len(values), "p50_ms": round(percentile(values, 0.5) * 1000), "p95_ms": round(percentile(values, 0.95) * 1000),
                    "p99_ms": round(percentile(values, 0.99) * 1000), "max_ms": round(max(values, default=0) * 1000)}

        pages = [value for kind, values in self.times.items() if kind not in ("packet.pdf", "login") for value in values]
        return {"overall": row(every), "pages_and_saves": row(pages), "by_kind": {kind: row(values) for kind, values in sorted(self.times.items())},
                "status": dict(sorted(self.status.items())), "server_errors": sum(n for code, n in self.status.items() if code >= 500),
                "transport_errors": self.transport_errors, "conflicts_409": self.conflicts}


async def timed(stats: Stats, kind: str, call):
    started = time.perf_counter()
    try:
        response = await call
    except httpx.HTTPError:
        stats.transport_errors += 1
        return None
    stats.times[kind].append(time.perf_counter() - started)
    stats.status[response.status_code] += 1
    if response.status_code == 409:
        stats.conflicts += 1
    return response


async def log_in(client: httpx.AsyncClient, name: str, stats: Stats) -> dict[str, str]:
    """Both logins (the pages' cookie and the API's token), timed as their own kind."""
    page = await client.get("/login")
    await timed(stats, "login", client.post("/login", data={"username": name, "password": "correct horse battery", "csrf_token": CSRF.search(page.text).group(1)}))
    answer = await timed(stats, "login", client.post("/api/login", json={"username": name, "password": "correct horse battery"}))
    return {"Authorization": f"Bearer {answer.json()['token']}"}


async def user(base: str, name: str, case_id: str, timing: dict, stats: Stats, rng: random.Random) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=False) as client:
        bearer = await log_in(client, name, stats)
        timing["logged_in"] += 1
        await timing["go"].wait()  # every user starts the timed part at once, after every login
        stop = timing["stop"]
        loop = 0
        while time.monotonic() < stop:
            loop += 1
            for kind, path in (("overview", ""), ("results", "/results"), ("il8857 page", "/years/2022/il8857")):
                await timed(stats, kind, client.get(f"/cases/{case_id}{path}"))
            people = await timed(stats, "people page", client.get(f"/cases/{case_id}/people"))
            if people is not None and people.status_code == 200:
                form = {"csrf_token": CSRF.search(people.text).group(1), "version": VERSION.search(people.text).group(1),
                        "title": f"Load case {loop}", "requesting_spouse.name": "Pat Example", "other_spouse.name": "Sam Example"}
                await timed(stats, "people save", client.post(f"/cases/{case_id}/people", data=form))
            current = await timed(stats, "api get", client.get(f"/api/cases/{case_id}", headers=bearer))
            if current is not None and current.status_code == 200:
                body = current.json()
                await timed(stats, "api put", client.put(f"/api/cases/{case_id}", json={"version": body["version"], "case": body["case"]}, headers=bearer))
            if loop % 5 == 0:
                await timed(stats, "packet.pdf", client.get(f"/cases/{case_id}/packet.pdf"))
            await asyncio.sleep(rng.uniform(0, 0.5))


async def run(base: str, accounts: list[tuple[str, str]], seconds: float) -> tuple[Stats, float]:
    """The users' logins (all at once), then ``seconds`` of page views and saves; the stats and the timed part's length."""
    stats = Stats()
    rng = random.Random(50)
    timing = {"go": asyncio.Event(), "logged_in": 0, "stop": 0.0}
    tasks = [asyncio.create_task(user(base, name, case_id, timing, stats, random.Random(rng.random()))) for name, case_id in accounts]
    login_deadline = time.monotonic() + 120
    while timing["logged_in"] < len(tasks) and time.monotonic() < login_deadline and not all(task.done() for task in tasks):
        await asyncio.sleep(0.05)
    started = time.monotonic()
    timing["stop"] = started + seconds
    timing["go"].set()
    done, pending = await asyncio.wait(tasks, timeout=seconds * 3)
    for task in pending:
        task.cancel()
    for task in done:
        if task.exception():
            stats.transport_errors += 1
    return stats, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1, help="server processes (serve --workers)")
    parser.add_argument("--database", default=None, help="a PostgreSQL URL (default: SQLite in a throwaway folder)")
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 1 <= args.seconds <= 600 or not 1 <= args.workers <= 8:
        parser.error("users 1-200, seconds 1-600, workers 1-8")
    folder = tempfile.mkdtemp(prefix="spouse-relief-load-")
    env = {**os.environ, "SPOUSE_RELIEF_DATA": folder}
    env.pop("SPOUSE_RELIEF_KEY", None)
    if args.database:
        env["DATABASE_URL"] = args.database
    else:
        env.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.update({key: value for key, value in env.items() if key in ("SPOUSE_RELIEF_DATA", "DATABASE_URL")})
    from spouse_relief.storage import open_store

    store = open_store(folder, args.database)
    accounts = []
    for index in range(args.users):
        account = store.create_user(f"load{index}", "correct horse battery")
        accounts.append((account.username, store.create_case(account, CASE).id))
    store.close()
    with serving(folder, env, *(["--workers", str(args.workers)] if args.workers > 1 else [])) as base:
        load_before = os.getloadavg()[0]
        client_before = _cpu(resource.RUSAGE_SELF)
        stats, elapsed = asyncio.run(run(base, accounts, args.seconds))
        client_cpu = _cpu(resource.RUSAGE_SELF) - client_before
    server_cpu = _cpu(resource.RUSAGE_CHILDREN)  # the server, its worker processes and its PDF helpers, all waited for
    summary = {"users": args.users, "workers": args.workers, "seconds": round(elapsed, 1), "database": "postgresql" if args.database else "sqlite",
               "load_average_before": round(load_before, 2), "load_average_after": round(os.getloadavg()[0], 2), **stats.summary()}
    summary["requests_per_second"] = round(summary["overall"]["n"] / elapsed, 1)
    summary["server_cpu_seconds"] = round(server_cpu, 1)  # from its start (imports, first requests) to its end
    summary["server_cpu_ms_per_request"] = round(server_cpu * 1000 / max(1, summary["overall"]["n"]), 1)  # logins and start-up included
    summary["load_script_cpu_seconds"] = round(client_cpu, 1)  # this script's own share of the cores while it ran
    print(json.dumps(summary, indent=1))
    return 0 if summary["server_errors"] == 0 and summary["transport_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

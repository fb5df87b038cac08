"""Page times of the web interview with people answering at the same time, on loopback only.

    .venv/bin/python bench/load_interview.py [--users 20] [--seconds 120] [--think 1.0]

Starts ``spouse-relief serve`` on 127.0.0.1 at a free port with a throwaway data folder. Every
virtual user is a person going through the interview from the front door, again and again:
the start page, "What happened?" (answered and posted), check your answers, an account (the
first time) or "save and continue" (a new case each round), then every question page until there
are no more (the safety question answered "No", every other question "I don't know"), check
your answers, the results and the case list. Between pages the person reads for a random
0 to 2 x ``--think`` seconds. "What happened?" rotates through the situations of the issue's
walks (refund taken in Missouri; tax missing in Ohio; tax missing and a state bill in Illinois).

Prints per page kind and overall: p50/p95/p99/max of the time from sending the request to the
whole response (one request; redirects are not followed, each is its own request), the
statuses, 5xx and transport errors, as JSON (the figures in docs/performance.md, "The web
interview under 20 people"). Stops the server it started, by its process id.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_web  # noqa: E402  (same folder)
from load_web import CSRF, Stats, timed  # noqa: E402

FIELDS = re.compile(r'<input type="hidden" name="fields" value="([^"]+)">')
VERSION = re.compile(r'name="version" value="(\d+)"')
CASE_ID = re.compile(r"/cases/([0-9a-f]{32})")
SITUATIONS = (
    {"what_happened": "refund_taken", "state": "MO", "tax_years": "2024"},
    {"what_happened": ["tax_missing", "irs_collecting"], "state": "OH", "tax_years": "2022"},
    {"what_happened": ["tax_missing", "state_bill"], "state": "IL", "tax_years": "2022"},
)
PASSWORD = "correct horse battery"


async def person(base: str, number: int, stop: float, stats: Stats, rng: random.Random, think: float) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=False) as client:

        async def read():
            await asyncio.sleep(rng.uniform(0, 2 * think))

        async def get(kind: str, path: str):
            response = await timed(stats, kind, client.get(path))
            await read()
            return response

        registered = False
        round_ = 0
        while time.monotonic() < stop:
            situation = SITUATIONS[(number + round_) % len(SITUATIONS)]
            round_ += 1
            await get("start page", "/")
            triage = await get("what happened", "/start/what-happened")
            if triage is None:
                continue
            await timed(stats, "what happened: save", client.post("/start/what-happened", data={"csrf_token": CSRF.search(triage.text).group(1), **situation}))
            check = await get("check first answers", "/start/check")
            if check is None or check.status_code != 200:
                continue
            if not registered:
                form = await get("register page", "/register?next=%2Fstart%2Fcheck")
                await timed(stats, "register", client.post("/register", data={"csrf_token": CSRF.search(form.text).group(1), "username": f"person{number}",
                                                                              "password": PASSWORD, "confirm": PASSWORD, "next": "/start/check"}))
                registered = True
                check = await get("check first answers", "/start/check")
            created = await timed(stats, "save and continue", client.post("/start/continue", data={"csrf_token": CSRF.search(check.text).group(1)}))
            found = CASE_ID.search(created.headers.get("location", "")) if created is not None else None
            if found is None:
                continue
            case = f"/cases/{found.group(1)}"
            await get("case overview", case)
            for _page in range(60):
                page = await get("question page", f"{case}/interview")
                fields = FIELDS.findall(page.text) if page is not None else []
                if not fields:
                    break
                data = {"csrf_token": CSRF.search(page.text).group(1), "version": VERSION.search(page.text).group(1), "fields": fields, "action": "next"}
                data.update({f"q.{field}": ("no" if field == "abuse.abused" else "__unknown__") for field in fields})
                saved = await timed(stats, "question page: save", client.post(f"{case}/interview", data=data))
                if saved is None or saved.status_code != 303:
                    break
            await get("check your answers", f"{case}/check")
            await get("results", f"{case}/results")
            await get("case list", "/cases")


async def run(base: str, users: int, seconds: float, think: float) -> Stats:
    stats = Stats()
    stop = time.monotonic() + seconds
    rng = random.Random(20)
    tasks = [asyncio.create_task(person(base, number, stop, stats, random.Random(rng.random()), think)) for number in range(users)]
    done, pending = await asyncio.wait(tasks, timeout=seconds * 3)
    for task in pending:
        task.cancel()
    for task in done:
        if task.exception():
            print(f"a person stopped: {task.exception()!r}", file=sys.stderr)
            stats.transport_errors += 1
    return stats


def serving(folder: str):
    """``spouse-relief serve`` over ``folder`` (SQLite): its base URL, then stopped."""
    env = {key: value for key, value in os.environ.items() if key not in ("SPOUSE_RELIEF_KEY", "DATABASE_URL")}
    env["SPOUSE_RELIEF_DATA"] = folder
    return load_web.serving(folder, env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, default=1.0, help="mean reading time between pages, in seconds")
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 1 <= args.seconds <= 600 or not 0 <= args.think <= 30:
        parser.error("users 1-200, seconds 1-600, think 0-30")
    with tempfile.TemporaryDirectory(prefix="spouse-relief-interview-load-") as folder, serving(folder) as base:
        started = time.monotonic()
        stats = asyncio.run(run(base, args.users, args.seconds, args.think))
        elapsed = time.monotonic() - started
    summary = {"users": args.users, "seconds": round(elapsed, 1), "think_s": args.think, "load_average": os.getloadavg(), **stats.summary()}
    summary["requests_per_second"] = round(summary["overall"]["n"] / elapsed, 1)
    print(json.dumps(summary, indent=1))
    return 0 if summary["server_errors"] == 0 and summary["transport_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""A long fuzz run across every door: at least 100,000 generated hostile inputs.

    .venv/bin/python bench/fuzz_doors.py [--inputs 100000] [--seed 14] [--seconds 1500]

Doors and how each input is judged (the same generators as tests/hostile.py):
* files: a hostile JSON/YAML document read and computed the way each CLI command does
  (IL-8857, Form 8379, 6015(d), screening and deadlines, the packet's case file): only a clear
  error (InputError) or a result counts as good; any other exception is an internal error;
* batch rows: CSV files of hostile rows through the batch runner: rows in = rows out + error rows;
* API: hostile bodies to the JSON API of an app on a throwaway SQLite store (in process, no
  network), every accepted write followed by reads of that case: any 5xx is a failure;
* web forms: hostile values posted to the page forms with a valid CSRF token.
Bounded by ``--inputs`` and ``--seconds``. Prints one line per door and a JSON summary at the end
(the figures in docs/security.md). Every input is reproducible from ``--seed``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile import JUNK, case_file, example_documents, hostile_text  # noqa: E402

from spouse_relief.errors import InputError  # noqa: E402
from spouse_relief.io import parse_document  # noqa: E402
from spouse_relief.parameters import ParameterError  # noqa: E402

TODAY = date(2025, 3, 3)
if os.environ.get("FUZZ_LOG"):
    import logging

    logging.basicConfig(level=logging.ERROR)


class Tally:
    def __init__(self, door: str):
        self.door = door
        self.inputs = 0
        self.outcomes: Counter = Counter()
        self.failures: list[str] = []
        self.slowest = 0.0

    def fail(self, what: str) -> None:
        self.outcomes["failure"] += 1
        print(f"FAILURE [{self.door}] {what[:1500]}", flush=True)
        if len(self.failures) < 10:
            self.failures.append(what[:400])

    def line(self) -> str:
        return f"{self.door:10} inputs={self.inputs:>7,} " + " ".join(f"{key}={value:,}" for key, value in sorted(self.outcomes.items())) + f" slowest={self.slowest:.3f}s"


def compute_file(command: str, document) -> None:
    """What the CLI command does with a parsed document (InputError/ParameterError are clean)."""
    if command == "il8857":
        from spouse_relief.worksheets.il8857 import compute_il8857, parse_il8857

        compute_il8857(parse_il8857(document), today=TODAY)
    elif command in ("f8379", "f6015d"):
        from spouse_relief.case import import_document
        from spouse_relief.pipeline import run

        run(import_document(document), TODAY)
    elif command == "screen":
        from spouse_relief.pipeline import screen_data

        screen_data(document)
    elif command == "packet":
        from spouse_relief.case import import_document
        from spouse_relief.packet.html import render_html
        from spouse_relief.packet.view import outcome_view
        from spouse_relief.pipeline import run
        from spouse_relief.storage.validate import check

        case = import_document(document)
        check(case.as_document())
        render_html(outcome_view(run(case, TODAY)))


def door_files(rng: random.Random, count: int, deadline: float) -> Tally:
    tally = Tally("files")
    examples = example_documents()
    while tally.inputs < count and time.monotonic() < deadline:
        command, _name, document = rng.choice(examples)
        text, suffix = hostile_text(document, rng)
        target = command
        if rng.random() < 0.05:
            target = "packet"
        started = time.perf_counter()
        try:
            parsed = parse_document(text, name="f", suffix=suffix)
            if target == "packet":
                parsed = case_file(parsed, command)
            compute_file(target, parsed)
            tally.outcomes["accepted"] += 1
        except (InputError, ParameterError):
            tally.outcomes["clear error"] += 1
        except Exception:  # noqa: BLE001 - what we are hunting
            tally.fail(f"{target}: {traceback.format_exc(limit=3)} INPUT {text[:200]!r}")
        tally.slowest = max(tally.slowest, time.perf_counter() - started)
        tally.inputs += 1
        if tally.inputs % 5000 == 0:
            print(f"  ... {tally.line()}", flush=True)
    return tally


def _cell(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        return f"{rng.randint(-50000, 200000)}.{rng.randint(0, 99):02d}"
    value = rng.choice(JUNK)
    return value if isinstance(value, str) else json.dumps(value)


def door_batch(rng: random.Random, count: int, deadline: float, folder: Path) -> Tally:
    from spouse_relief.batch.runner import run_batch

    tally = Tally("batch")
    form_columns = {"il8857": ["L1_A", "L1_B", "L1_C", "L49_A", "L69_A"], "f8379": ["wages_injured", "wages_other", "withholding_injured", "offset_amount"]}
    run = 0
    while tally.inputs < count and time.monotonic() < deadline:
        form = rng.choice(sorted(form_columns))
        columns = form_columns[form]
        rows = min(5000, count - tally.inputs)
        source = folder / f"in{run}.csv"
        with open(source, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["case_id", "tax_year", *columns])
            for index in range(rows):
                year = str(rng.choice([2022, 2021, 2019])) if rng.random() < 0.95 else _cell(rng)
                writer.writerow([f"c{run}-{index}", year, *(_cell(rng) if rng.random() < 0.6 else "" for _ in columns)])
        target = folder / f"out{run}.csv"
        started = time.perf_counter()
        try:
            summary = run_batch(form, source, target, chunk_rows=rng.choice([7, 128, 5000]), threads=1)
            out_rows = sum(1 for _ in open(target, encoding="utf-8")) - 1
            with open(folder / f"out{run}.errors.csv", encoding="utf-8", newline="") as handle:
                error_rows = len({record["row"] for record in csv.DictReader(handle)})
            if rows != out_rows + error_rows or summary.rows != rows:
                tally.fail(f"{form} run {run}: rows {rows} != out {out_rows} + errors {error_rows}")
            tally.outcomes["rows out"] += out_rows
            tally.outcomes["error rows"] += error_rows
        except InputError as exc:
            tally.outcomes["file refused"] += 1
            tally.fail(f"{form} run {run}: whole file refused: {exc}")
        except Exception:  # noqa: BLE001
            tally.fail(f"{form} run {run}: {traceback.format_exc(limit=3)}")
        tally.slowest = max(tally.slowest, time.perf_counter() - started)
        tally.inputs += rows
        run += 1
        for path in folder.glob(f"*{run - 1}*"):
            path.unlink()
    return tally


def _app(folder: Path):
    from fastapi.testclient import TestClient

    from spouse_relief.storage import open_store
    from spouse_relief.web.app import WebSettings, create_app

    store = open_store(folder)
    app = create_app(WebSettings(data_dir=str(folder), today=lambda: TODAY), store=store)
    store.create_user("fuzzer", "correct horse battery")
    client = TestClient(app, raise_server_exceptions=False)
    return store, client


def door_api(rng: random.Random, count: int, deadline: float, folder: Path) -> tuple[Tally, Tally]:
    import re

    store, client = _app(folder)
    api, forms = Tally("api"), Tally("web forms")
    token = client.post("/api/login", json={"username": "fuzzer", "password": "correct horse battery"}).json()["token"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    base = {"format": "spouse-relief-case", "version": 1, "title": "Fuzz", "tax_years": [{"tax_year": 2022}]}
    case_id = client.post("/api/cases", json=base, headers=headers).json()["id"]
    examples = example_documents()

    def judge(tally: Tally, response, what: str) -> None:
        tally.inputs += 1
        tally.outcomes[f"{response.status_code // 100}xx"] += 1
        if response.status_code >= 500:
            tally.fail(f"{what}: {response.status_code} {response.text[:200]}")

    while api.inputs < count and time.monotonic() < deadline:
        command, _name, document = rng.choice(examples)
        text, _ = hostile_text(document, rng)
        body = text.encode("utf-8", "surrogatepass")
        route = rng.random()
        started = time.perf_counter()
        if route < 0.4:
            response = client.post("/api/cases", content=body, headers=headers)
            judge(api, response, f"POST /api/cases {text[:200]!r}")
            if response.status_code == 201:
                new_id = response.json()["id"]
                for read in ("", "/results", "/questions", "/export", "/calendar.ics"):
                    judge(api, client.get(f"/api/cases/{new_id}{read}", headers=headers), f"GET {read} after import {text[:200]!r}")
                client.delete(f"/api/cases/{new_id}", headers=headers)
        elif route < 0.6:
            judge(api, client.post("/api/il8857", content=body, headers=headers), f"POST /api/il8857 {text[:200]!r}")
        elif route < 0.8:
            try:
                inner = parse_document(text, name="x", suffix=".json")
            except InputError:
                inner = text
            current = client.get(f"/api/cases/{case_id}", headers=headers).json()
            whole = case_file(inner, command)
            version = rng.choice([current["version"]] * 8 + [2**63, -7.9e31, "1e20"])
            response = client.put(f"/api/cases/{case_id}", json={"version": version, "case": whole}, headers=headers)
            judge(api, response, f"PUT {text[:200]!r}")
            judge(api, client.get(f"/api/cases/{case_id}/results", headers=headers), f"GET results after PUT {text[:200]!r}")
        else:
            field = rng.choice(["tax_years.0.joint_return", "tax_years.5.joint_return", "marriage.status", "you.name", "tax_years.0.items", "a..b"])
            current = client.get(f"/api/cases/{case_id}", headers=headers).json()
            response = client.post(f"/api/cases/{case_id}/answers", json={"version": current["version"], "answers": {field: rng.choice(JUNK)}}, headers=headers)
            judge(api, response, f"answers {field}")
        api.slowest = max(api.slowest, time.perf_counter() - started)

    # the page forms, logged in with a cookie and a CSRF token
    browser = client
    browser.post("/api/logout", headers={"Authorization": headers["Authorization"]})
    page = browser.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    browser.post("/login", data={"username": "fuzzer", "password": "correct horse battery", "csrf_token": csrf})
    page = browser.get(f"/cases/{case_id}/people")
    while forms.inputs < max(1000, count * 2 // 3) and time.monotonic() < deadline:
        csrf_match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        version_match = re.search(r'name="version" value="(\d+)"', page.text)
        csrf = csrf_match.group(1) if csrf_match else ""
        junk = str(rng.choice(JUNK))[:3000]
        target, data = rng.choice([
            (f"/cases/{case_id}/people", {"title": junk, "requesting_spouse.ssn": junk, "requesting_spouse.name": junk, "other_spouse.email": junk}),
            (f"/cases/{case_id}/years", {"tax_year": junk}),
            (f"/cases/{case_id}/years/2022/il8857/items", {"kind": "wages", "owner": rng.choice(["me", "spouse", junk]), "amount": junk}),
            (f"/cases/{case_id}/years/2022/il8857/lines", {"line-1-A": junk, "line-49-A": junk}),
            (f"/cases/{case_id}/interview", {"fields": rng.choice(["tax_years.7.joint_return", "marriage.status", junk]), "answer": junk}),
        ])
        data.update({"csrf_token": csrf, "version": version_match.group(1) if version_match and rng.random() < 0.9 else junk})
        started = time.perf_counter()
        judge(forms, browser.post(target, data=data), f"POST {target} {data!r}"[:400])
        page = browser.get(f"/cases/{case_id}/people")
        judge(forms, page, "GET people")
        forms.slowest = max(forms.slowest, time.perf_counter() - started)
    store.close()
    return api, forms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--seconds", type=float, default=1500)
    args = parser.parse_args()
    os.environ.pop("DATABASE_URL", None)
    from spouse_relief.storage.crypto import new_key_text

    os.environ["SPOUSE_RELIEF_KEY"] = new_key_text()
    rng = random.Random(args.seed)
    started = time.monotonic()
    deadline = started + args.seconds
    shares = {"files": 0.35, "batch": 0.60, "api": 0.03}
    with tempfile.TemporaryDirectory(prefix="spouse-relief-fuzz-") as folder:
        tallies = [door_files(rng, int(args.inputs * shares["files"]), deadline)]
        print(tallies[-1].line(), flush=True)
        batch_folder = Path(folder) / "batch"
        batch_folder.mkdir()
        tallies.append(door_batch(rng, int(args.inputs * shares["batch"]), deadline, batch_folder))
        print(tallies[-1].line(), flush=True)
        web_folder = Path(folder) / "web"
        web_folder.mkdir()
        api, forms = door_api(rng, int(args.inputs * shares["api"]), deadline, web_folder)
        tallies += [api, forms]
        print(api.line(), flush=True)
        print(forms.line(), flush=True)
    total = sum(tally.inputs for tally in tallies)
    failures = sum(tally.outcomes["failure"] for tally in tallies)
    summary = {"seed": args.seed, "inputs": total, "failures": failures, "seconds": round(time.monotonic() - started, 1),
               "doors": {tally.door: {"inputs": tally.inputs, **tally.outcomes, "slowest_s": round(tally.slowest, 3)} for tally in tallies}}
    print(json.dumps(summary, indent=1))
    for tally in tallies:
        for failure in tally.failures:
            print(f"FAILURE [{tally.door}] {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

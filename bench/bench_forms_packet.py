"""The packet a person mails, for a three-year case (tests/forms/cases/three_years_illinois.yaml:
Form 8857 for 2021-2023 with Form 2848 and two attached statements, Form IL-8857 facsimiles for the
three years, Form 911): how long it takes to build and how big the files are.

    .venv/bin/python bench/bench_forms_packet.py [RUNS]

"Fresh process" runs the whole thing in a new interpreter RUNS times (imports, loading and checking
the blanks, the pipeline, the packet); "warm" builds it RUNS times in one process after a first
build (a web server's case). "Web" imports the case into a web app (SQLite in a temporary folder)
and times, per run with the kept packets cleared, the list of forms (GET /api/cases/ID/forms) and the
download of every bundle and the combined file, then the downloads again from the kept packet. "CLI"
runs ``spouse-relief packet FILE -o DIR`` in a new process (imports, blanks, pipeline, packet,
writing the files). Results are appended to bench/out/results.jsonl.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
CASE = ROOT / "tests" / "forms" / "cases" / "three_years_illinois.yaml"
PYTHON = str(ROOT / ".venv" / "bin" / "python")

ONE_RUN = f"""
import time
started = time.perf_counter()
from spouse_relief.io import read_document
from spouse_relief.forms.packet import build_packet
from spouse_relief.forms.source import load_inputs
packet = build_packet(load_inputs(read_document({str(CASE)!r})))
files = [bundle.pdf for bundle in packet.bundles] + [packet.combined]
print(time.perf_counter() - started)
"""
AS_OF = "2026-11-23"  # the case file's as_of


def fresh(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([PYTHON, "-c", ONE_RUN], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def warm(runs: int):
    from spouse_relief.forms.packet import build_packet
    from spouse_relief.forms.source import load_inputs
    from spouse_relief.io import read_document

    def built():
        packet = build_packet(load_inputs(document))
        for bundle in packet.bundles:  # merged on first use, as write_packet and a download do
            bundle.pdf
        packet.combined
        return packet

    document = read_document(CASE)
    packet = built()
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        packet = built()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return times, cpu, packet


def web(runs: int) -> dict[str, float]:
    """The web route: import the case, then list and download every file, fresh and kept."""
    import json
    import tempfile
    from datetime import date

    from fastapi.testclient import TestClient

    from spouse_relief.io import read_document
    from spouse_relief.storage import open_store
    from spouse_relief.web import packet_pages
    from spouse_relief.web.app import WebSettings, create_app

    folder = tempfile.mkdtemp(prefix="bench-forms-web-")
    store = open_store(folder)
    app = create_app(WebSettings(data_dir=folder, today=lambda: date.fromisoformat(AS_OF)), store=store)
    store.create_user("bench", "correct horse battery")
    client = TestClient(app)
    token = client.post("/api/login", json={"username": "bench", "password": "correct horse battery"}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    created = client.post("/api/cases", content=json.dumps(read_document(CASE), default=str).encode(), headers={**headers, "Content-Type": "application/json"})
    case_id = created.json()["id"]

    def everything() -> tuple[float, float, int]:
        started = time.perf_counter()
        listed = client.get(f"/api/cases/{case_id}/forms", headers=headers).json()
        listing = time.perf_counter() - started
        size = 0
        for url in [bundle["url"] for bundle in listed["bundles"]] + [listed["combined"]["url"]]:
            response = client.get(url, headers=headers)
            assert response.status_code == 200, response.text
            size += len(response.content)
        return listing, time.perf_counter() - started, size

    everything()  # the first in the process parses and checks the blanks
    fresh_list, fresh_all = [], []
    for _ in range(runs):
        packet_pages._built.clear()
        listing, total, size = everything()
        fresh_list.append(listing)
        fresh_all.append(total)
    kept = [everything()[1] for _ in range(runs)]
    store.close()
    return {
        "web_list_median_s": round(statistics.median(fresh_list), 3),
        "web_list_and_every_download_median_s": round(statistics.median(fresh_all), 3),
        "web_list_and_every_download_best_s": round(min(fresh_all), 3),
        "web_again_from_the_kept_packet_median_s": round(statistics.median(kept), 3),
        "web_bytes_downloaded": size,
    }


def cli(runs: int) -> dict[str, float]:
    import tempfile

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            subprocess.run([PYTHON, "-m", "spouse_relief", "packet", str(CASE), "-o", folder, "--as-of", AS_OF], check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return {"cli_packet_median_s": round(statistics.median(times), 3), "cli_packet_best_s": round(min(times), 3)}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    load = os.getloadavg()[0]
    cold = fresh(runs)
    hot, cpu, packet = warm(runs)
    sizes = {bundle.filename: len(bundle.pdf) for bundle in packet.bundles}
    pages = sum(len(bundle.parts) for bundle in packet.bundles)
    result = {
        "bench": "forms_packet",
        "case": CASE.name,
        "load_average": load,
        "fresh_process_median_s": round(statistics.median(cold), 3),
        "fresh_process_best_s": round(min(cold), 3),
        "warm_median_s": round(statistics.median(hot), 3),
        "warm_best_s": round(min(hot), 3),
        "warm_cpu_median_s": round(statistics.median(cpu), 3),
        "bundles": len(packet.bundles),
        "parts": pages,
        "bundle_bytes": sizes,
        "combined_bytes": len(packet.combined),
        **web(runs),
        **cli(runs),
        "load_average_after": os.getloadavg()[0],
    }
    print(result)
    try:
        from bench_batch import record

        record(result)
    except ImportError:  # bench_batch needs the batch extra
        pass


if __name__ == "__main__":
    main()

"""The packet a person mails, for a three-year case (tests/forms/cases/three_years_illinois.yaml:
Form 8857 for 2021-2023 with Form 2848 and two attached statements, Form IL-8857 facsimiles for the
three years, Form 911): how long it takes to build and how big the files are.

    .venv/bin/python bench/bench_forms_packet.py [RUNS]

"Fresh process" runs the whole thing in a new interpreter RUNS times (imports, loading and checking
the blanks, the pipeline, the packet); "warm" builds it RUNS times in one process after a first
build (a web server's case). Results are appended to bench/out/results.jsonl.
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
print(time.perf_counter() - started)
"""


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

    document = read_document(CASE)
    packet = build_packet(load_inputs(document))
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        packet = build_packet(load_inputs(document))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return times, cpu, packet


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
    }
    print(result)
    try:
        from bench_batch import record

        record(result)
    except ImportError:  # bench_batch needs the batch extra
        pass


if __name__ == "__main__":
    main()

"""``spouse-relief case FILE --json`` for a three-year case against a bare ``python -c pass``.

    .venv/bin/python bench/bench_case.py [RUNS]

The case is examples/case/three_years_illinois.yaml (three tax years; IL-8857, Form 8379 and the
6015(d) split computed from its items, the whole screening, deadlines and plan). Each command runs
RUNS times (default 20) in fresh processes, alternating so that load on the machine hits both
alike; the median and the best are recorded, with the in-process split (imports, reading the case,
the pipeline, the JSON). Results are appended to
bench/out/results.jsonl; docs/performance.md ("One case") records them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import record  # noqa: E402
from bench_startup import _time  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
CASE = ROOT / "examples" / "case" / "three_years_illinois.yaml"
COMMANDS = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "spouse-relief case FILE --json": [str(ROOT / ".venv" / "bin" / "spouse-relief"), "case", str(CASE), "--json", "--as-of", "2026-11-23"],
}
SPLIT = """
import json, time
started = time.perf_counter()
from datetime import date
from spouse_relief.pipeline import load_case_file, run
imported = time.perf_counter()
case = load_case_file({case!r})
read = time.perf_counter()
outcome = run(case, date(2026, 11, 23))
ran = time.perf_counter()
json.dumps(outcome.as_dict())
done = time.perf_counter()
print(json.dumps({{"imports_ms": (imported - started) * 1000, "read_ms": (read - imported) * 1000,
                  "pipeline_ms": (ran - read) * 1000, "json_ms": (done - ran) * 1000}}))
"""


def split() -> dict:
    completed = subprocess.run([PYTHON, "-c", SPLIT.format(case=str(CASE))], capture_output=True, text=True, check=True)
    return json.loads(completed.stdout)


def main(runs: int) -> None:
    load = os.getloadavg()[0]
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():
        _time(command)  # warm the disk cache
    for _ in range(runs):
        for name, command in COMMANDS.items():
            times[name].append(_time(command))
    bare = statistics.median(times["python -c pass"])
    result = {"bench": "case", "runs": runs, "load_average_at_start": load, "case": str(CASE.relative_to(ROOT))}
    for name, values in times.items():
        result[name] = {"median_ms": statistics.median(values) * 1000, "best_ms": min(values) * 1000,
                        "median_ratio_to_bare": statistics.median(values) / bare}
    splits = [split() for _ in range(5)]
    result["in_process_median_ms"] = {key: statistics.median(item[key] for item in splits) for key in splits[0]}
    record(result)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)

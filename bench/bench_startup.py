"""CLI cold start: ``spouse-relief --help`` against a bare ``python -c pass``.

    .venv/bin/python bench/bench_startup.py [RUNS]

Each command runs RUNS times (default 30) in fresh processes, alternating so that load on the
machine hits both alike; the median and the best are recorded, with the import time of the
heaviest modules (``python -X importtime``) for the help command. Results are appended to
bench/out/results.jsonl.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import record  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
COMMANDS = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "spouse-relief --help": [str(ROOT / ".venv" / "bin" / "spouse-relief"), "--help"],
    "spouse-relief batch --help": [str(ROOT / ".venv" / "bin" / "spouse-relief"), "batch", "--help"],
}


def _time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def heaviest_imports(limit: int = 12) -> list[tuple[str, float]]:
    completed = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", "from spouse_relief.cli import app"], capture_output=True, text=True, check=True
    )
    rows = []
    for line in completed.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match and len(match.group(3)) <= 2:  # top-level imports only
            rows.append((match.group(4), int(match.group(2)) / 1000))
    return sorted(rows, key=lambda row: row[1], reverse=True)[:limit]


def alternate(commands: dict[str, list[str]], runs: int) -> dict[str, dict[str, float]]:
    """Each command ``runs`` times in fresh processes, alternating; the median and best, and the ratio to ``python -c pass``."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        _time(command)  # warm the disk cache
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_time(command))
    bare = statistics.median(times["python -c pass"])
    return {name: {"median_ms": statistics.median(values) * 1000, "best_ms": min(values) * 1000,
                   "median_ratio_to_bare": statistics.median(values) / bare} for name, values in times.items()}


def main(runs: int) -> None:
    load = os.getloadavg()[0]
    result = {"bench": "startup", "runs": runs, "load_average_at_start": load, **alternate(COMMANDS, runs)}
    result["heaviest_top_level_imports_ms"] = heaviest_imports()
    record(result)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)

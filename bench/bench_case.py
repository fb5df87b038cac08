"""``spouse-relief case FILE --json`` for a three-year case against a bare ``python -c pass``.

    .venv/bin/python bench/bench_case.py [RUNS] [--instructions]

The case is examples/case/three_years_illinois.yaml (three tax years; IL-8857, Form 8379 and the
6015(d) split computed from its items, the whole screening, deadlines and plan). The package's
bytecode is compiled first (as an installed package has it; with PYTHONDONTWRITEBYTECODE set,
an editable checkout would otherwise compile every module on every run). Each command runs RUNS
times (default 20) in fresh processes, alternating so that load on the machine hits both alike;
the median and the best wall time are recorded, with the median CPU time (user + system) of
each, the load average, the first run with an empty user
cache folder (parsed parameter files and holiday calendars not kept yet), and the in-process
split (pydantic imported with its first model built, the package's other imports, the worksheet
modules, reading the case, the pipeline, the JSON). A third command, pydantic and PyYAML imported
and one model built, is what any process reading a case with the case model pays first. ``--instructions`` adds the count of
instructions of one run of each under valgrind's callgrind, which does not depend on the load.
Results are appended to bench/out/results.jsonl; docs/performance.md ("One case") records them.
"""

from __future__ import annotations

import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import record  # noqa: E402
from bench_startup import _time, alternate  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
CASE = ROOT / "examples" / "case" / "three_years_illinois.yaml"
# What any process that reads a case with the case model pays before the first line of ours: pydantic
# imported and one model built (its first model imports most of pydantic), and PyYAML imported.
FLOOR = "import pydantic, yaml\nclass One(pydantic.BaseModel):\n    x: int = 0\n"
COMMANDS = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "pydantic + PyYAML, one model": [PYTHON, "-c", FLOOR],
    "spouse-relief case FILE --json": [str(ROOT / ".venv" / "bin" / "spouse-relief"), "case", str(CASE), "--json", "--as-of", "2026-11-23"],
}
CASE_COMMAND = "spouse-relief case FILE --json"
SPLIT = """
import json, os, time
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"  # as the launcher's short path
started = time.perf_counter()
from datetime import date
import pydantic
class One(pydantic.BaseModel):
    x: int = 0
pydantic_ready = time.perf_counter()
from spouse_relief.pipeline import load_case_file, run
imported = time.perf_counter()
import spouse_relief.worksheets.il8857, spouse_relief.worksheets.f8379, spouse_relief.worksheets.f6015d
worksheets = time.perf_counter()
case = load_case_file({case!r})
read = time.perf_counter()
outcome = run(case, date(2026, 11, 23))
ran = time.perf_counter()
json.dumps(outcome.as_dict(), indent=2)
done = time.perf_counter()
print(json.dumps({{"pydantic_first_model_ms": (pydantic_ready - started) * 1000, "imports_ms": (imported - pydantic_ready) * 1000,
                  "worksheet_imports_ms": (worksheets - imported) * 1000, "read_ms": (read - worksheets) * 1000,
                  "pipeline_ms": (ran - read) * 1000, "json_ms": (done - ran) * 1000}}))
"""


def split() -> dict:
    completed = subprocess.run([PYTHON, "-c", SPLIT.format(case=str(CASE))], capture_output=True, text=True, check=True)
    return json.loads(completed.stdout)


def cpu_ms(command: list[str], runs: int) -> float:
    """The median CPU time (user + system) of ``runs`` fresh processes: steadier than wall time on a busy machine."""
    import resource

    spent = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return statistics.median(spent)


def instructions(command: list[str]) -> int | None:
    """Instructions executed by one run, counted by callgrind (None without valgrind)."""
    if shutil.which("valgrind") is None:
        return None
    completed = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    found = re.search(r"Collected : (\d+)", completed.stderr)
    return int(found.group(1)) if found else None


def main(runs: int, count_instructions: bool) -> None:
    compileall.compile_dir(str(ROOT / "src" / "spouse_relief"), quiet=1)
    load = os.getloadavg()[0]
    result: dict = {"bench": "case", "runs": runs, "load_average_at_start": load, "case": str(CASE.relative_to(ROOT))}
    with tempfile.TemporaryDirectory(prefix="spouse-relief-cache-") as empty:
        os.environ["XDG_CACHE_HOME"] = empty  # the first run fills it; every later run reads it
        result["first_run_empty_cache_ms"] = _time(COMMANDS[CASE_COMMAND]) * 1000
        result.update(alternate(COMMANDS, runs))
        result[CASE_COMMAND]["median_ratio_to_floor"] = result[CASE_COMMAND]["median_ms"] / result["pydantic + PyYAML, one model"]["median_ms"]
        for name, command in COMMANDS.items():
            result[name]["cpu_median_ms"] = cpu_ms(command, max(5, runs // 2))
        splits = [split() for _ in range(5)]
        result["in_process_median_ms"] = {key: statistics.median(item[key] for item in splits) for key in splits[0]}
        if count_instructions:
            counts = {name: instructions(command) for name, command in COMMANDS.items()}
            result["instructions_millions"] = {name: count and round(count / 1e6) for name, count in counts.items()}
    result["load_average_at_end"] = os.getloadavg()[0]
    record(result)


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--instructions"]
    main(int(arguments[0]) if arguments else 20, "--instructions" in sys.argv[1:])

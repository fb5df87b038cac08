"""Batch throughput: compute (in memory) and end to end (the CLI on files), with peak memory.

    .venv/bin/python bench/bench_batch.py compute il8857 1000000       # compute only, in memory
    .venv/bin/python bench/bench_batch.py e2e il8857 10000000 csv      # spouse-relief batch on a file

``compute`` streams the generated Parquet input in chunks of 100,000 rows and times (best of
``--repeat`` passes, and the median) three things per chunk, one thread, reading excluded:

* ``core``: the column evaluator itself (``evaluate_columns`` for IL-8857; for Form 8379 the
  whole computation after the columns are decoded);
* ``chunk``: ``compute_chunk`` on decimal (Parquet) columns: decoding, every check, the
  evaluator and the output table;
* ``chunk_text``: the same on text columns (as read from a CSV file).

``e2e`` runs ``python -m spouse_relief batch FORM IN OUT --no-progress`` under ``/usr/bin/time -v``
and records wall time, CPU seconds (user + system) and peak RSS; ``--out csv`` writes CSV, other
options go to the command (``--lines none``, ``--chunk-rows``). ``--source-tree OTHER/src`` runs
another checkout's code with this venv (before and after, alternately, at the same load). Inputs
are generated into bench/out/ when missing. Results are appended to bench/out/results.jsonl with
the machine's load average at the start and the end: on a shared machine the wall time follows
the load, the CPU seconds far less.

    .venv/bin/python bench/bench_batch.py e2e il8857 1000000 parquet --out csv   # every column, CSV out
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402


def label(rows: int) -> str:
    return f"{rows // 1_000_000}m" if rows >= 1_000_000 else f"{rows // 1_000}k"


def input_file(form: str, rows: int, kind: str) -> Path:
    path = OUT / f"{form}_{label(rows)}.{kind}"
    if not path.exists():
        started = time.perf_counter()
        generate.generate(form, rows, path)
        print(f"generated {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def record(result: dict) -> None:
    result["load_average_at_start"] = result.get("load_average_at_start", os.getloadavg()[0])
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "results.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps(result) + "\n")
    print(json.dumps(result, indent=2))


def bench_compute(form: str, rows: int, repeat: int) -> None:
    import pyarrow as pa

    import spouse_relief.batch.columns as columns_module
    from spouse_relief.batch import runner

    load = os.getloadavg()[0]
    module = runner.form_module(form)
    source = input_file(form, rows, "parquet")
    core_seconds: list[float] = []
    original = columns_module.evaluate_columns

    def timed(*args, **kwargs):
        started = time.perf_counter()
        result = original(*args, **kwargs)
        core_seconds.append(time.perf_counter() - started)
        return result

    columns_module.evaluate_columns = timed  # IL-8857: evaluate_in_blocks calls it once per block
    module.compute_chunk(next(runner.Reader(source, 1000).chunks()))  # warm the parameter caches

    def one_pass() -> dict[str, float]:
        """Stream the file; time compute_chunk on each chunk as read (decimal columns) and as text."""
        totals = {"chunk": 0.0, "chunk_cpu": 0.0, "text": 0.0, "text_cpu": 0.0, "core": 0.0}
        core_seconds.clear()
        for chunk in runner.Reader(source, 100_000).chunks():
            before = sum(core_seconds)
            started, cpu = time.perf_counter(), time.process_time()
            module.compute_chunk(chunk)
            totals["chunk"] += time.perf_counter() - started
            totals["chunk_cpu"] += time.process_time() - cpu
            totals["core"] += sum(core_seconds) - before  # the evaluator's share of the decimal chunk
            text = chunk.cast(pa.schema([pa.field(name, pa.string()) for name in chunk.column_names]))
            started, cpu = time.perf_counter(), time.process_time()
            module.compute_chunk(text)
            totals["text"] += time.perf_counter() - started
            totals["text_cpu"] += time.process_time() - cpu
        return totals

    passes = [one_pass() for _ in range(repeat)]
    best = {key: min(one[key] for one in passes) for key in passes[0]}
    result = {
        "bench": "compute", "form": form, "rows": rows, "repeat": repeat, "load_average_at_start": load,
        "chunk_seconds_best": best["chunk"], "chunk_seconds_median": statistics.median(one["chunk"] for one in passes),
        "chunk_rows_per_second_best": rows / best["chunk"], "chunk_cpu_seconds_best": best["chunk_cpu"],
        "chunk_text_seconds_best": best["text"], "chunk_text_rows_per_second_best": rows / best["text"],
        "chunk_text_cpu_seconds_best": best["text_cpu"],
    }
    if form == "il8857":
        result |= {"core_seconds_best": best["core"], "core_rows_per_second_best": rows / best["core"]}
    record(result)


def bench_e2e(form: str, rows: int, kind: str, out_kind: str, extra: list[str], source_tree: str | None = None) -> None:
    """One run of the command. ``source_tree``: another checkout's ``src`` folder to run instead (before/after
    comparisons on the same machine, at the same load); the CPU seconds (user + system) are recorded beside
    the wall time because a shared machine's load moves the wall time far more."""
    source = input_file(form, rows, kind)
    target = OUT / f"result_{form}_{label(rows)}_{kind}.{out_kind}"
    load = os.getloadavg()[0]
    environment = dict(os.environ)
    if source_tree:
        environment["PYTHONPATH"] = str(Path(source_tree).resolve())
    command = ["/usr/bin/time", "-v", str(ROOT / ".venv" / "bin" / "python"), "-m", "spouse_relief", "batch", form,
               str(source), str(target), "--no-progress", *extra]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    wall = time.perf_counter() - started
    if completed.returncode != 0 or not target.exists():
        sys.exit(completed.stderr or f"the command exited {completed.returncode} without writing {target}")
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", completed.stderr).group(1))
    cpu = sum(float(re.search(rf"{name} time \(seconds\): ([0-9.]+)", completed.stderr).group(1)) for name in ("User", "System"))
    summary = completed.stderr.strip().splitlines()[0]
    record({
        "bench": "e2e", "form": form, "rows": rows, "input": kind, "output": out_kind, "options": extra,
        "source_tree": source_tree or "this checkout",
        "load_average_at_start": load, "wall_seconds": wall, "rows_per_second": rows / wall,
        "cpu_seconds": cpu, "rows_per_cpu_second": rows / cpu, "load_average_at_end": os.getloadavg()[0],
        "peak_rss_mb": peak_kb / 1024, "input_mb": source.stat().st_size / 2**20,
        "output_mb": target.stat().st_size / 2**20, "summary": summary,
    })
    target.unlink()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["compute", "e2e"])
    parser.add_argument("form", choices=["il8857", "f8379"])
    parser.add_argument("rows", type=int)
    parser.add_argument("kind", nargs="?", default="parquet", choices=["csv", "parquet"])
    parser.add_argument("--out", default="parquet", choices=["csv", "parquet"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--source-tree", help="e2e: run the src folder of another checkout (before/after)")
    arguments, extra = parser.parse_known_args()
    if arguments.what == "compute":
        bench_compute(arguments.form, arguments.rows, arguments.repeat)
    else:
        bench_e2e(arguments.form, arguments.rows, arguments.kind, arguments.out, extra, arguments.source_tree)

"""Memory over a long batch: peak RSS sampled after every chunk, to show it stays flat.

    .venv/bin/python bench/bench_memory.py il8857 10000000 [parquet|csv]

Runs the batch in process (as the command does) on the generated input and prints the resident
memory after every tenth chunk; the record in bench/out/results.jsonl keeps RSS at 10%, 50% and
100% of the rows, so growth with input size would show.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import input_file, label, record  # noqa: E402


def main(form: str, rows: int, kind: str) -> None:
    from spouse_relief.batch.runner import run_batch

    process = psutil.Process()
    samples: list[tuple[int, float]] = []
    load = os.getloadavg()[0]

    def progress(done: int, total, bytes_read: int, bytes_total: int) -> None:
        samples.append((done, process.memory_info().rss / 2**20))
        if len(samples) % 10 == 0:
            print(f"{done:>10,} rows  RSS {samples[-1][1]:7.0f} MB", file=sys.stderr)

    target = ROOT / "bench" / "out" / f"memory_{form}_{label(rows)}.parquet"
    started = time.perf_counter()
    run_batch(form, input_file(form, rows, kind), target, progress=progress)
    seconds = time.perf_counter() - started
    target.unlink()

    def at(fraction: float) -> float:
        return max(rss for done, rss in samples if done <= max(fraction * rows, samples[0][0]))

    record({"bench": "memory", "form": form, "rows": rows, "input": kind, "load_average_at_start": load,
            "seconds": seconds, "rss_mb_peak_by_10_percent": at(0.1), "rss_mb_peak_by_50_percent": at(0.5),
            "rss_mb_peak_by_100_percent": at(1.0)})


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "parquet")

"""The outside reference: taxcalc (Tax-Calculator 6.8.0) computing the same couples' taxes.

    .venv/bin/python bench/bench_taxcalc.py 10000 100000

For each size, the couples of the Form 8379 benchmark (bench/generate.py, same seed) are given
to taxcalc as three returns each: married filing jointly, and each spouse married filing
separately (wages by spouse, joint interest split in half, self-employment income to the other
spouse). Tax years 2018-2025, one Calculator per year. taxcalc runs in a fresh process per mode:

* ``jit``: numba as installed; the first ``calc_all`` compiles (timed apart), then a warm one;
* ``nojit``: ``NUMBA_DISABLE_JIT=1`` (deps.md: faster for one-off batches under ~150k returns).

The same couples go through ``spouse_relief.batch.f8379.compute_chunk`` (decimal columns in
memory, 100,000 rows a chunk, best of 3) for the ratio. Results: bench/out/results.jsonl.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import record  # noqa: E402

SEED = 2026


def couples(count: int):
    import numpy as np

    import generate

    rng = np.random.default_rng(SEED)
    parts = []
    for first in range(0, count, generate.CHUNK):
        parts.append(generate.f8379_chunk(rng, first, min(generate.CHUNK, count - first)))
    return parts


def taxcalc_frames(count: int):
    """{tax year: DataFrame of 3 returns per couple} for taxcalc."""
    import numpy as np
    import pandas as pd

    frames: dict[int, list] = {}
    for part in couples(count):
        def dollars(name):
            cents, present = part[name]
            return np.where(present, cents, 0) / 100

        wages_injured, wages_other = dollars("wages_injured"), dollars("wages_other")
        interest = dollars("other_income_joint")
        business = dollars("self_employment_income_other")
        years = part["tax_year"]
        size = len(years)
        zeros = np.zeros(size)
        joint = pd.DataFrame(dict(MARS=2, XTOT=2, age_head=45, age_spouse=43, e00200=wages_injured + wages_other,
                                  e00200p=wages_injured, e00200s=wages_other, e00300=interest,
                                  e00900=business, e00900p=zeros, e00900s=business))
        injured = pd.DataFrame(dict(MARS=3, XTOT=1, age_head=45, age_spouse=0, e00200=wages_injured, e00200p=wages_injured,
                                    e00200s=zeros, e00300=interest / 2, e00900=zeros, e00900p=zeros, e00900s=zeros))
        other = pd.DataFrame(dict(MARS=3, XTOT=1, age_head=43, age_spouse=0, e00200=wages_other, e00200p=wages_other,
                                  e00200s=zeros, e00300=interest / 2, e00900=business, e00900p=business, e00900s=zeros))
        for year in np.unique(years).tolist():
            rows = years == year
            frames.setdefault(year, []).extend([joint[rows], injured[rows], other[rows]])
    result = {}
    for year, pieces in frames.items():
        frame = pd.concat(pieces, ignore_index=True)
        frame["RECID"] = np.arange(1, len(frame) + 1)
        result[year] = frame
    return result


def run_taxcalc(count: int, mode: str) -> None:
    """In a child process: time taxcalc on ``count`` couples (3 returns each)."""
    started = time.perf_counter()
    import taxcalc

    import_seconds = time.perf_counter() - started
    frames = taxcalc_frames(count)
    policy = taxcalc.Policy()
    policy.implement_reform({"eitc_claim_prob_scale": {2013: 9e99}, "actc_claim_prob_scale": {2013: 9e99}})
    setup = first = warm = 0.0
    returns = 0
    for year, frame in sorted(frames.items()):
        began = time.perf_counter()
        records = taxcalc.Records(data=frame, start_year=year, gfactors=None, weights=None, adjust_ratios=None,
                                  exact_calculations=True)
        calc = taxcalc.Calculator(policy=policy, records=records, verbose=False)
        setup += time.perf_counter() - began
        began = time.perf_counter()
        calc.calc_all()
        first += time.perf_counter() - began
        began = time.perf_counter()
        calc.calc_all()
        warm += time.perf_counter() - began
        returns += len(frame)
    print(json.dumps({"mode": mode, "couples": count, "returns": returns, "import_seconds": import_seconds,
                      "setup_seconds": setup, "first_calc_all_seconds": first, "warm_calc_all_seconds": warm,
                      "process_seconds": time.perf_counter() - started}))


def ours(count: int) -> dict:
    import pyarrow as pa

    import generate
    from spouse_relief.batch.f8379 import compute_chunk

    tables = [generate.to_table(part, text=False) for part in couples(count)]
    chunks = [table.slice(start, 100_000) for table in tables for start in range(0, table.num_rows, 100_000)]
    compute_chunk(chunks[0].slice(0, 100))
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for chunk in chunks:
            compute_chunk(chunk)
        best = min(best, time.perf_counter() - started)
    assert sum(chunk.num_rows for chunk in chunks) == count and isinstance(chunks[0], pa.Table)
    return {"compute_seconds_best": best, "couples_per_second": count / best}


def main(sizes: list[int]) -> None:
    for count in sizes:
        load = os.getloadavg()[0]
        engine = {}
        for mode in ("nojit", "jit"):
            environment = dict(os.environ)
            if mode == "nojit":
                environment["NUMBA_DISABLE_JIT"] = "1"
            else:
                environment.pop("NUMBA_DISABLE_JIT", None)
            completed = subprocess.run([sys.executable, __file__, "--child", str(count), mode], env=environment,
                                       capture_output=True, text=True, check=True)
            engine[mode] = json.loads(completed.stdout.strip().splitlines()[-1])
        mine = ours(count)
        warm = engine["jit"]["warm_calc_all_seconds"]
        record({
            "bench": "taxcalc", "couples": count, "load_average_at_start": load, "taxcalc": engine, "spouse_relief": mine,
            "taxcalc_warm_jit_couples_per_second": count / warm,
            "taxcalc_nojit_couples_per_second": count / engine["nojit"]["first_calc_all_seconds"],
            "ratio_ours_to_taxcalc_warm_jit": warm / mine["compute_seconds_best"],
            "ratio_ours_to_taxcalc_nojit": engine["nojit"]["first_calc_all_seconds"] / mine["compute_seconds_best"],
        })


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        run_taxcalc(int(sys.argv[2]), sys.argv[3])
    else:
        main([int(size) for size in sys.argv[1:]] or [10_000, 100_000])

"""One case end to end in process, and the case evaluator against the column evaluator.

    .venv/bin/python bench/bench_evaluators.py

* one case: read the example file, validate, compute, render the JSON contract; the first call
  in a fresh process (parameter files loaded then) and the median of 200 warm calls;
* the same generated cases through the case path (document -> parse -> compute, one by one) and
  the column path (one ``compute_chunk`` on text columns, as read from CSV): cases per second
  of each and their ratio. IL-8857: 20,000 cases; Form 8379: 10,000 couples.

Results are appended to bench/out/results.jsonl.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import record  # noqa: E402


def one_case() -> None:
    from spouse_relief.io import read_document
    from spouse_relief.worksheets import f8379
    from spouse_relief.worksheets.il8857 import compute_il8857, parse_il8857

    def il8857_case() -> str:
        document = read_document(ROOT / "examples" / "il8857" / "items_2022.yaml")
        return json.dumps(compute_il8857(parse_il8857(document)).as_dict())

    def f8379_case() -> str:
        document = read_document(ROOT / "examples" / "f8379" / "child_support_offset.yaml")
        return json.dumps(f8379.compute(document).as_dict())

    for form, run in (("il8857", il8857_case), ("f8379", f8379_case)):
        started = time.perf_counter()
        run()
        first = time.perf_counter() - started
        times = []
        for _ in range(200):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        record({"bench": "one_case", "form": form, "first_call_ms": first * 1000,
                "warm_median_ms": statistics.median(times) * 1000, "warm_best_ms": min(times) * 1000})


def _text_table(columns: dict):
    import generate

    return generate.to_table(columns, text=True)


def il8857_case_vs_column(count: int = 20_000) -> None:
    import numpy as np

    import generate
    from spouse_relief.batch.il8857 import compute_chunk
    from spouse_relief.worksheets.il8857 import compute_il8857, parse_il8857
    from spouse_relief.worksheets.il8857_definition import WORKSHEET
    from spouse_relief.worksheets.lines import evaluate_case, tax_year_rates

    load = os.getloadavg()[0]
    table = generate.to_table(generate.il8857_chunk(np.random.default_rng(5), 0, count), text=True)
    rows = table.to_pylist()
    documents = []
    for row in rows:
        lines: dict = {}
        for name, value in row.items():
            if name.startswith("L") and value is not None:
                number, column = name[1:].split("_")
                lines.setdefault(number, {})[column] = value
        documents.append({"form": "IL-8857", "tax_year": int(row["tax_year"]), "lines": lines})

    started = time.perf_counter()
    results = [compute_il8857(parse_il8857(document)) for document in documents]
    case_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for document in documents:
        case = parse_il8857(document)
        evaluate_case(WORKSHEET, case.entries, tax_year_rates(case.tax_year), typed_lines=case.typed_lines)
    evaluate_seconds = time.perf_counter() - started
    compute_chunk(table.slice(0, 100))
    column_times = []
    for _ in range(5):
        started = time.perf_counter()
        output = compute_chunk(table).output
        column_times.append(time.perf_counter() - started)
    assert [str(value) for value in output.column("L80_B").to_pylist()] == [str(result.lines["80"]["B"]) for result in results]
    record({
        "bench": "case_vs_column", "form": "il8857", "cases": count, "load_average_at_start": load,
        "case_per_second": count / case_seconds, "case_parse_and_evaluate_per_second": count / evaluate_seconds,
        "column_per_second_best": count / min(column_times),
        "ratio_column_to_case": case_seconds / min(column_times),
        "ratio_column_to_case_evaluator": evaluate_seconds / min(column_times),
    })


def f8379_case_vs_column(count: int = 10_000) -> None:
    import numpy as np

    import generate
    from spouse_relief.batch.f8379 import compute_chunk, row_document
    from spouse_relief.worksheets.f8379 import compute

    load = os.getloadavg()[0]
    table = generate.to_table(generate.f8379_chunk(np.random.default_rng(6), 0, count), text=True)
    documents = [row_document(row) for row in table.to_pylist()]
    started = time.perf_counter()
    results = [compute(document) for document in documents]
    case_seconds = time.perf_counter() - started
    compute_chunk(table.slice(0, 100))
    column_times = []
    for _ in range(5):
        started = time.perf_counter()
        output = compute_chunk(table).output
        column_times.append(time.perf_counter() - started)
    assert [str(value) for value in output.column("injured_spouse_refund").to_pylist()] == [
        str(result.injured_spouse_refund) for result in results
    ]
    record({
        "bench": "case_vs_column", "form": "f8379", "cases": count, "load_average_at_start": load,
        "case_per_second": count / case_seconds, "column_per_second_best": count / min(column_times),
        "ratio_column_to_case": case_seconds / min(column_times),
    })


if __name__ == "__main__":
    one_case()
    il8857_case_vs_column()
    f8379_case_vs_column()

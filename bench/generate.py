"""Generate batch inputs for the benchmarks: realistic random cases, written chunk by chunk.

    .venv/bin/python bench/generate.py il8857 1000000 bench/out/il8857_1m.parquet
    .venv/bin/python bench/generate.py f8379 10000000 bench/out/f8379_10m.csv

CSV files hold amounts as text ("1234.50"); Parquet files as decimal(18, 2). Memory stays flat
(one chunk at a time), so 10 million rows are fine. The inputs are not committed (bench/out/).

IL-8857 rows (a couple's Illinois return and the amounts of an IL-8857 request): wages typed by
spouse (A, B, C), interest and dividends whose owner is unclear (A only), the exemption
allowance by spouse, an erroneous item, penalties and payments whose owner is unclear (divided
by the spouses' net liability, or by lines 58 + 64), withholding by spouse, a refund received.
About 20 filled cells per row, tax years 2011-2025.

Form 8379 rows (a couple whose joint refund was offset): each spouse's wages and withholding,
joint interest, sometimes self-employment income with its tax, joint estimated payments, the
joint earned income credit, refundable credits, an offset. Tax years 2018-2025.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from spouse_relief.batch.tables import decimal_array  # noqa: E402

CHUNK = 250_000


def _amount(rng, size, low, high, present=1.0):
    cents = rng.integers(low, high, size)
    if present < 1.0:
        return cents, rng.random(size) < present
    return cents, np.ones(size, dtype=bool)


def il8857_chunk(rng: np.random.Generator, first: int, size: int) -> dict[str, tuple[np.ndarray, np.ndarray] | np.ndarray]:
    columns: dict = {}
    columns["case_id"] = np.char.add("IL-", np.arange(first, first + size).astype(str))
    columns["tax_year"] = rng.integers(2011, 2026, size)
    wages_b, _ = _amount(rng, size, 0, 9_000_000)
    wages_c, _ = _amount(rng, size, 0, 7_000_000)
    columns["L1_A"] = (wages_b + wages_c, np.ones(size, dtype=bool))
    columns["L1_B"] = (wages_b, np.ones(size, dtype=bool))
    columns["L2_A"] = _amount(rng, size, 0, 300_000, 0.6)
    columns["L3_A"] = _amount(rng, size, 0, 500_000, 0.3)
    columns["L7_A"] = _amount(rng, size, -300_000, 2_000_000, 0.15)
    columns["L26_B"] = _amount(rng, size, 0, 700_000, 0.1)
    allowance = np.where(columns["tax_year"] >= 2023, 242_500, 222_500)
    columns["L43_B"] = (allowance, np.ones(size, dtype=bool))
    columns["L43_C"] = (allowance, np.ones(size, dtype=bool))
    columns["L59_A"] = _amount(rng, size, 0, 4_000_000, 0.5)
    columns["L59_B"] = (np.zeros(size, dtype=np.int64), columns["L59_A"][1] & (rng.random(size) < 0.7))
    columns["L65a_A"] = _amount(rng, size, 0, 50_000, 0.3)
    columns["L65b_A"] = _amount(rng, size, 0, 80_000, 0.4)
    columns["L68_B"] = _amount(rng, size, 0, 400_000)
    columns["L68_C"] = _amount(rng, size, 0, 300_000)
    columns["L69_A"] = _amount(rng, size, 0, 300_000, 0.3)
    columns["L72_A"] = _amount(rng, size, 0, 200_000, 0.3)
    columns["L73_A"] = _amount(rng, size, 0, 500_000, 0.4)
    columns["L76_A"] = _amount(rng, size, 0, 150_000, 0.3)
    return columns


def f8379_chunk(rng: np.random.Generator, first: int, size: int) -> dict:
    columns: dict = {}
    columns["case_id"] = np.char.add("F-", np.arange(first, first + size).astype(str))
    columns["tax_year"] = rng.integers(2018, 2026, size)
    columns["wages_injured"] = _amount(rng, size, 0, 9_000_000, 0.9)
    columns["wages_other"] = _amount(rng, size, 0, 9_000_000, 0.9)
    columns["other_income_joint"] = _amount(rng, size, 0, 300_000, 0.5)
    se = _amount(rng, size, -500_000, 6_000_000, 0.15)
    columns["self_employment_income_other"] = se
    columns["other_taxes_other"] = (np.maximum(se[0], 0) * 153 // 1000, se[1])
    columns["withholding_injured"] = _amount(rng, size, 0, 1_000_000, 0.9)
    columns["withholding_other"] = _amount(rng, size, 0, 1_000_000, 0.9)
    columns["payments_joint"] = _amount(rng, size, 0, 800_000, 0.2)
    columns["refundable_credits_injured"] = _amount(rng, size, 0, 400_000, 0.2)
    columns["joint_earned_income_credit"] = _amount(rng, size, 0, 700_000, 0.15)
    offset = rng.random(size) < 0.8
    columns["offset_amount"] = (rng.integers(10_000, 2_000_000, size), offset)
    debts = np.array(["child_support", "federal_tax", "state_income_tax", "federal_nontax"])
    columns["offset_debt_type"] = np.where(offset, debts[rng.integers(0, len(debts), size)], "")
    return columns


GENERATORS = {"il8857": il8857_chunk, "f8379": f8379_chunk}


def to_table(columns: dict, text: bool) -> pa.Table:
    arrays = {}
    for name, value in columns.items():
        if isinstance(value, tuple):
            cents, present = value
            array = decimal_array(np.where(present, cents, 0))
            array = pa.Array.from_buffers(array.type, len(array), [pa.array(present).buffers()[1], array.buffers()[1]])
            arrays[name] = array
        elif name == "tax_year":
            arrays[name] = pa.array(value, type=pa.int32())
        else:
            strings = pa.array(value, type=pa.string())
            arrays[name] = strings if name == "case_id" else pa.compute.if_else(pa.compute.equal(strings, ""), None, strings)
    table = pa.table(arrays)
    if text:
        table = table.cast(pa.schema([pa.field(name, pa.string()) for name in table.column_names]))
    return table


def generate(form: str, rows: int, target: Path, seed: int = 2026) -> Path:
    import pyarrow.compute  # noqa: F401  (pa.compute)

    rng = np.random.default_rng(seed)
    target.parent.mkdir(parents=True, exist_ok=True)
    csv = target.suffix == ".csv"
    writer = None
    try:
        for first in range(0, rows, CHUNK):
            table = to_table(GENERATORS[form](rng, first, min(CHUNK, rows - first)), text=csv)
            if writer is None:
                writer = (pacsv.CSVWriter(target, table.schema, write_options=pacsv.WriteOptions(quoting_style="needed"))
                          if csv else pq.ParquetWriter(target, table.schema, compression="zstd"))
            writer.write(table) if csv else writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    return target


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in GENERATORS:
        sys.exit("usage: generate.py il8857|f8379 ROWS OUT.csv|OUT.parquet")
    print(generate(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])))

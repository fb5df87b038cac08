"""Batch files end to end: CSV and Parquet in and out, the errors file, chunks, Dask, the CLI."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import f8379_cases
from batch_cases import as_table, expected_cents, output_cents, random_cases
from spouse_relief.batch.runner import errors_path, run_batch
from spouse_relief.cli import app
from spouse_relief.errors import InputError

BAD_ROWS = [  # (row cells, the field the errors file must name)
    ({"case_id": "bad-year", "tax_year": "1989", "L1_A": "100"}, "tax_year"),
    ({"case_id": "bad-amount", "tax_year": "2022", "L1_A": "12.345"}, "L1_A"),
    ({"case_id": "bad-text", "tax_year": "2022", "L68_B": "lots"}, "L68_B"),
    ({"case_id": "", "tax_year": "2022", "L1_A": "100"}, "case_id"),
    ({"case_id": "resident-41", "tax_year": "2022", "L41_A": "100"}, "L41_A"),
    ({"case_id": "bad-residency", "tax_year": "2022", "residency": "abroad"}, "residency"),
    ({"case_id": "too-big", "tax_year": "2022", "L2_C": "1000000000.01"}, "L2_C"),
    ({"case_id": "no-year", "tax_year": "", "L2_C": "1"}, "tax_year"),
]


@pytest.fixture(scope="module")
def il8857_input(tmp_path_factory):
    """2,000 random cases with the bad rows spread among them, as CSV and Parquet files."""
    rows, documents = random_cases(2_000, seed=77)
    positions = [5, 600, 601, 1200, 1999, 0, 1000, 1500]
    mixed = list(rows)
    for (row, _), position in sorted(zip(BAD_ROWS, positions), key=lambda item: item[1], reverse=True):
        mixed.insert(position, row)
    folder = tmp_path_factory.mktemp("il8857")
    table = as_table(mixed)
    pacsv.write_csv(table, folder / "in.csv")
    pq.write_table(table, folder / "in.parquet")
    bad_numbers = {row["case_id"]: mixed.index(row) + 1 for row, _ in BAD_ROWS}
    return folder, rows, documents, bad_numbers


def _errors(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("source,target", [("in.csv", "out.csv"), ("in.parquet", "out.parquet"), ("in.csv", "out.parquet")])
def test_good_rows_are_computed_and_bad_rows_reported(il8857_input, tmp_path, source, target):
    folder, rows, documents, bad_numbers = il8857_input
    summary = run_batch("il8857", folder / source, tmp_path / target, chunk_rows=333)
    assert summary.rows == len(rows) + len(BAD_ROWS) and summary.computed == len(rows)
    assert summary.bad_rows == len(BAD_ROWS) and summary.chunks == -(-summary.rows // 333)
    output = _read(tmp_path / target)
    assert output.column("case_id").to_pylist() == [row["case_id"] for row in rows]
    expected, outcomes = expected_cents(documents)
    assert np.array_equal(output_cents(output), expected)
    assert output.column("result_outcome").to_pylist() == outcomes

    reported = _errors(errors_path(tmp_path / target))
    by_case = {}
    for record in reported:
        by_case.setdefault(record["case_id"], []).append(record)
    for row, field in BAD_ROWS:
        records = by_case[row["case_id"]]
        assert {record["field"] for record in records} == {field}, records
        assert {int(record["row"]) for record in records} == {bad_numbers[row["case_id"]]}
        assert all(record["message"] for record in records)


def _read(path: Path) -> pa.Table:
    if path.suffix == ".parquet":
        return pq.read_table(path)
    names = pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 20)).column_names
    types = {name: (pa.string() if name in ("case_id", "result_outcome") else pa.int32() if name == "tax_year" else pa.decimal128(18, 2))
             for name in names}
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types))


def test_messages_match_the_case_evaluator(il8857_input, tmp_path):
    folder, *_ = il8857_input
    run_batch("il8857", folder / "in.csv", tmp_path / "out.csv", chunk_rows=5000)
    messages = {record["case_id"]: record["message"] for record in _errors(tmp_path / "out.errors.csv")}
    assert messages["bad-year"] == "1989 is outside the tax years the law data covers (1990 through 2025)"
    assert messages["bad-amount"] == "'12.345' has more than two decimal places (amounts are dollars and cents)"
    assert messages["bad-text"] == "'lots' is not a number"
    assert "typed only for a nonresident" in messages["resident-41"]


def test_an_unreadable_file_is_one_clear_error(tmp_path):
    (tmp_path / "unknown.csv").write_text("case_id,tax_year,L16_A\n1,2022,5\n")
    with pytest.raises(InputError, match="line 16 is computed"):
        run_batch("il8857", tmp_path / "unknown.csv", tmp_path / "out.csv")
    (tmp_path / "typo.csv").write_text("case_id,tax_year,L1_X\n1,2022,5\n")
    with pytest.raises(InputError, match="unknown column"):
        run_batch("il8857", tmp_path / "typo.csv", tmp_path / "out.csv")
    pq.write_table(pa.table({"case_id": ["1"], "tax_year": [2022], "L1_A": [12.5]}), tmp_path / "floats.parquet")
    with pytest.raises(InputError, match="not binary floats"):
        run_batch("il8857", tmp_path / "floats.parquet", tmp_path / "out.parquet")
    with pytest.raises(InputError, match=r"\.csv or \.parquet"):
        run_batch("il8857", tmp_path / "typo.csv", tmp_path / "out.xlsx")
    with pytest.raises(InputError, match="no such file"):
        run_batch("il8857", tmp_path / "missing.csv", tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.parquet").exists()


def test_typed_parquet_columns_and_an_empty_input(tmp_path):
    table = pa.table({
        "case_id": pa.array([1, 2], type=pa.int64()),
        "tax_year": pa.array([2022, 2017], type=pa.int16()),
        "L1_A": pa.array([50000, 12], type=pa.int64()),
        "L68_A": pa.array([None, "2000.01"], type=pa.string()),
        "L43_B": pa.array([None, 2175], type=pa.decimal128(10, 2)),
    })
    pq.write_table(table, tmp_path / "typed.parquet")
    run_batch("il8857", tmp_path / "typed.parquet", tmp_path / "typed_out.csv")
    out = _read(tmp_path / "typed_out.csv")
    assert out.column("case_id").to_pylist() == ["1", "2"]
    assert [str(value) for value in out.column("L1_B").to_pylist()] == ["25000.00", "6.00"]
    assert [str(value) for value in out.column("L43_A").to_pylist()] == ["0.00", "2175.00"]

    (tmp_path / "empty.csv").write_text("case_id,tax_year,L1_A\n")
    summary = run_batch("il8857", tmp_path / "empty.csv", tmp_path / "empty_out.parquet")
    assert summary.rows == 0 and pq.read_table(tmp_path / "empty_out.parquet").num_rows == 0
    assert _errors(tmp_path / "empty_out.errors.csv") == []


def test_only_some_lines(il8857_input, tmp_path):
    folder, rows, documents, _ = il8857_input
    run_batch("il8857", folder / "in.parquet", tmp_path / "slim.parquet", lines=("67", "80"))
    out = pq.read_table(tmp_path / "slim.parquet")
    assert out.column_names == ["case_id", "tax_year", "L67_A", "L67_B", "L67_C", "L80_A", "L80_B", "L80_C",
                                "result_outcome", "result_amount"]


def test_form_8379_file(tmp_path):
    rows = f8379_cases.random_couples(1_500, seed=21)
    rows.insert(700, {"case_id": "bad", "tax_year": "2024", "payments_injured": "-1"})
    pacsv.write_csv(f8379_cases.as_table(rows), tmp_path / "couples.csv")
    summary = run_batch("f8379", tmp_path / "couples.csv", tmp_path / "couples_out.parquet", chunk_rows=400)
    assert summary.computed == 1_500 and summary.bad_rows == 1
    good = [row for row in rows if row["case_id"] != "bad"]
    assert f8379_cases.output_rows(pq.read_table(tmp_path / "couples_out.parquet")) == f8379_cases.expected(good)
    assert _errors(tmp_path / "couples_out.errors.csv") == [
        {"row": "701", "case_id": "bad", "field": "payments_injured",
         "message": "amount cannot be negative here (only an income item, such as a capital loss, can be)"}
    ]


# --- Dask -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster():
    from dask import distributed  # the batch extra; CI installs it (scripts/test), so this never skips

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    yield cluster
    cluster.close()


def test_dask_cluster_gives_the_single_process_results(il8857_input, tmp_path, dask_cluster):
    folder, *_ = il8857_input
    run_batch("il8857", folder / "in.csv", tmp_path / "single.csv", chunk_rows=250)
    run_batch("il8857", folder / "in.csv", tmp_path / "cluster.csv", chunk_rows=250, dask=dask_cluster.scheduler_address)
    assert (tmp_path / "single.csv").read_bytes() == (tmp_path / "cluster.csv").read_bytes()
    assert (tmp_path / "single.errors.csv").read_bytes() == (tmp_path / "cluster.errors.csv").read_bytes()

    rows = f8379_cases.random_couples(1_000, seed=8)
    pq.write_table(f8379_cases.as_table(rows), tmp_path / "couples.parquet")
    run_batch("f8379", tmp_path / "couples.parquet", tmp_path / "single.parquet", chunk_rows=300)
    run_batch("f8379", tmp_path / "couples.parquet", tmp_path / "cluster.parquet", chunk_rows=300, dask=dask_cluster.scheduler_address)
    assert pq.read_table(tmp_path / "single.parquet").equals(pq.read_table(tmp_path / "cluster.parquet"))


def test_dask_local_starts_its_own_multi_process_cluster(il8857_input, tmp_path):
    folder, *_ = il8857_input
    run_batch("il8857", folder / "in.parquet", tmp_path / "single.parquet", chunk_rows=500)
    summary = run_batch("il8857", folder / "in.parquet", tmp_path / "local.parquet", chunk_rows=500, dask="local", workers=2)
    assert summary.chunks == 5
    assert pq.read_table(tmp_path / "single.parquet").equals(pq.read_table(tmp_path / "local.parquet"))


# --- the command ------------------------------------------------------------------------------


def test_cli_batch_commands(il8857_input, tmp_path):
    folder, rows, *_ = il8857_input
    runner = CliRunner()
    result = runner.invoke(app, ["batch", "il8857", str(folder / "in.csv"), str(tmp_path / "out.parquet"), "--lines", "none"])
    assert result.exit_code == 0, result.output
    assert f"{len(rows) + len(BAD_ROWS)} rows: {len(rows)} computed, {len(BAD_ROWS)} with errors" in result.output
    assert pq.read_table(tmp_path / "out.parquet").column_names == ["case_id", "tax_year", "result_outcome", "result_amount"]

    (tmp_path / "bad.csv").write_text("case_id,L1_A\n1,5\n")
    result = runner.invoke(app, ["batch", "il8857", str(tmp_path / "bad.csv"), str(tmp_path / "bad_out.csv")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["error: tax_year: the column is required"]

    result = runner.invoke(app, ["batch", "f8379", str(tmp_path / "bad.csv"), str(tmp_path / "bad_out.csv")])
    assert result.exit_code == 2 and "L1_A: unknown column" in result.output


def test_rows_with_too_few_or_too_many_cells_are_bad_rows(tmp_path):
    (tmp_path / "ragged.csv").write_text(
        "case_id,tax_year,L1_A\n1,2022,5\n2,2022\n3,2022,7x\n\n4,2022,8,9\n5,2022,1\n6,1900,1\n", encoding="utf-8"
    )
    summary = run_batch("il8857", tmp_path / "ragged.csv", tmp_path / "out.csv", lines=())
    assert (summary.rows, summary.computed, summary.bad_rows) == (6, 2, 4)
    assert [(record["row"], record["case_id"], record["field"]) for record in _errors(tmp_path / "out.errors.csv")] == [
        ("2", "2", "row"), ("3", "3", "L1_A"), ("4", "4", "row"), ("6", "6", "tax_year"),
    ]
    assert _read(tmp_path / "out.csv").column("case_id").to_pylist() == ["1", "5"]


def test_a_row_that_breaks_the_form_code_is_an_error_row_and_the_run_goes_on(tmp_path, monkeypatch):
    """Whatever the per-form code raises on a row, the runner isolates it: in = out + errors."""
    import csv as csv_module

    from spouse_relief.batch import il8857 as form

    real = form.compute_chunk

    def flaky(table, first_row=0, lines=None):
        ids = table.column("case_id").to_pylist()
        if "boom" in ids:
            raise ZeroDivisionError("a bug in the form code")
        if "vanish" in ids:  # a row silently dropped: the counts no longer balance
            keep = pa.array([name != "vanish" for name in ids])
            result = real(table.filter(keep), first_row, lines)
            result.rows = table.num_rows
            return result
        return real(table, first_row, lines)

    monkeypatch.setattr(form, "compute_chunk", flaky)
    source = tmp_path / "in.csv"
    source.write_text("case_id,tax_year,L1_A\n" + "".join(f"{name},2022,{index}\n" for index, name in enumerate(["a", "boom", "b", "vanish", "c", "d", "e"])))
    summary = run_batch("il8857", source, tmp_path / "out.csv", chunk_rows=3, threads=1)
    with open(tmp_path / "out.errors.csv", newline="") as handle:
        errors = list(csv_module.DictReader(handle))
    assert [(row["row"], row["case_id"], row["field"]) for row in errors] == [("2", "boom", "row"), ("4", "vanish", "row")]
    assert "ZeroDivisionError" in errors[0]["message"]
    out_ids = [line.split(",")[0].strip('"') for line in (tmp_path / "out.csv").read_text().splitlines()[1:]]
    assert out_ids == ["a", "b", "c", "d", "e"]
    assert summary.rows == 7 == summary.computed + summary.bad_rows


_CELLS = st.one_of(st.sampled_from(["1e26", "1e308", "9" * 400, "1,2,3", "$$5", "NaN", "(46.00)", "12.345", "", "٥", "-0", "1E3", "x" * 300]),
                   st.decimals(min_value=-10**13, max_value=10**13, places=2, allow_nan=False).map(str),
                   st.text(alphabet=st.characters(blacklist_characters="\r\n\x00", blacklist_categories=("Cs",)), max_size=12))


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["2022", "2021", "1989", "20x2", ""]), _CELLS, _CELLS), min_size=1, max_size=25),
       st.sampled_from([1, 3, 100]))
def test_hostile_rows_always_balance(tmp_path_factory, rows, chunk_rows):
    """rows in = rows out + rows in the errors file, whatever the cells hold."""
    import csv as csv_module

    folder = tmp_path_factory.mktemp("hostile")
    with open(folder / "in.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv_module.writer(handle)
        writer.writerow(["case_id", "tax_year", "L1_A", "L49_A"])
        for index, (year, first, second) in enumerate(rows):
            writer.writerow([f"r{index}", year, first.replace("\x00", ""), second.replace("\x00", "")])
    try:
        summary = run_batch("il8857", folder / "in.csv", folder / "out.csv", chunk_rows=chunk_rows, threads=1)
    except InputError as exc:  # only a whole-file problem may stop the run, with a message
        assert exc.field == "IN" and exc.message
        return
    out_rows = len((folder / "out.csv").read_text(encoding="utf-8").splitlines()) - 1
    with open(folder / "out.errors.csv", encoding="utf-8", newline="") as handle:
        error_rows = len({record["row"] for record in csv_module.DictReader(handle)})
    assert summary.rows == len(rows) == out_rows + error_rows


@pytest.mark.parametrize("column", [
    pa.array([12.5, 1e300], pa.float64()), pa.array([[1], [2, 3]], pa.list_(pa.int64())), pa.array([b"1", b"\xff"], pa.binary()),
    pa.array(["1", "2"], pa.large_string()), pa.array([2**62, -(2**62)], pa.int64()), pa.array([True, False]),
    pa.array(["5", "5"]).dictionary_encode(), pa.array([None, None], pa.null()),
    pa.array([__import__("decimal").Decimal("1e20"), __import__("decimal").Decimal("0.0000000001")], pa.decimal128(38, 10)),
], ids=["float", "list", "binary", "large_string", "int-2**62", "bool", "dictionary", "null", "decimal38"])
def test_hostile_parquet_columns_are_one_clear_error_or_balance(tmp_path, column):
    pq.write_table(pa.table({"case_id": ["a", "b"], "tax_year": ["2022", "2022"], "L1_A": column}), tmp_path / "in.parquet")
    try:
        summary = run_batch("il8857", tmp_path / "in.parquet", tmp_path / "out.parquet")
    except InputError as exc:
        assert exc.message
        return
    assert summary.rows == 2 == summary.computed + summary.bad_rows


# --- rows that once refused the whole file --------------------------------------------------------


def test_a_cell_that_is_not_utf8_is_an_error_for_its_row_only(tmp_path):
    (tmp_path / "latin1.csv").write_bytes(
        b"case_id,tax_year,L1_A\n1,2022,5\nJos\xe9,2022,6\n3,2022,7\xff\n4,2022,8\n"
    )
    summary = run_batch("il8857", tmp_path / "latin1.csv", tmp_path / "out.csv", lines=())
    assert (summary.rows, summary.computed, summary.bad_rows) == (4, 2, 2)
    errors = _errors(tmp_path / "out.errors.csv")
    assert [(record["row"], record["case_id"], record["field"]) for record in errors] == [
        ("2", "Jos\ufffd", "case_id"), ("3", "3", "L1_A"),
    ]
    assert all("not UTF-8" in record["message"] for record in errors)
    assert _read(tmp_path / "out.csv").column("case_id").to_pylist() == ["1", "4"]


def test_a_line_break_inside_a_quoted_cell_is_part_of_the_cell(tmp_path, monkeypatch):
    from spouse_relief.batch import runner

    monkeypatch.setattr(runner, "READ_BLOCK_BYTES", 1 << 12)  # small blocks: many end inside a quoted cell
    body = "".join(f'"case\n{index}",2022,"{index}\n"\n' if index % 7 == 0 else f"case {index},2022,{index}\n" for index in range(6_000))
    (tmp_path / "breaks.csv").write_text("case_id,tax_year,L1_A\n" + body, encoding="utf-8")
    summary = run_batch("il8857", tmp_path / "breaks.csv", tmp_path / "out.csv", lines=(), chunk_rows=700)
    assert (summary.rows, summary.computed) == (6_000, 6_000)
    out = _read(tmp_path / "out.csv").column("case_id").to_pylist()

    assert out == [f"case\n{index}" if index % 7 == 0 else f"case {index}" for index in range(6_000)]
    (tmp_path / "fine.csv").write_text('case_id,tax_year,L1_A\n"two\nlines",2022,5\nb,2022,6x\n', encoding="utf-8")
    summary = run_batch("il8857", tmp_path / "fine.csv", tmp_path / "fine_out.csv", lines=())
    assert (summary.rows, summary.computed) == (2, 1)
    assert _errors(tmp_path / "fine_out.errors.csv")[0]["row"] == "2"
    assert _read(tmp_path / "fine_out.csv").column("case_id").to_pylist() == ["two\nlines"]


def test_duplicate_case_ids_are_warned_about(tmp_path):
    rows = ["a", "b", "a", " b ", "c", "a", "d", "", "e"] + [f"x{index}" for index in range(2_000)] + ["c"]
    (tmp_path / "twice.csv").write_text(
        "case_id,tax_year,L1_A\n" + "".join(f"{name},2022,1\n" for name in rows) + "a,2022\n", encoding="utf-8"
    )
    summary = run_batch("il8857", tmp_path / "twice.csv", tmp_path / "out.parquet", lines=(), chunk_rows=4)
    assert (summary.duplicate_case_ids, summary.duplicate_rows) == (3, 7)  # a 3 times (and once in a ragged row), b, c twice
    assert summary.duplicates == {"a": [1, 3, 6], "b": [2, 4], "c": [5, 2010]}
    assert summary.computed == len(rows) - 1  # every row is still computed (the empty case_id is an error)
    assert summary.notes and "3 case_id(s) appear on more than one row" in summary.notes[0]

    result = CliRunner().invoke(app, ["batch", "il8857", str(tmp_path / "twice.csv"), str(tmp_path / "cli.csv"), "--lines", "none"])
    assert result.exit_code == 0 and "warning: 3 case_id(s)" in result.output
    (tmp_path / "once.csv").write_text("case_id,tax_year\n1,2022\n2,2022\n", encoding="utf-8")
    assert run_batch("il8857", tmp_path / "once.csv", tmp_path / "once.csv.parquet").notes == []


def test_a_failed_run_leaves_no_earlier_output_behind(tmp_path, monkeypatch):
    source = tmp_path / "in.csv"
    source.write_text("case_id,tax_year,L1_A\n1,2022,5\n2,2022,6\n", encoding="utf-8")
    target = tmp_path / "out.parquet"
    run_batch("il8857", source, target)
    assert target.exists() and errors_path(target).exists()

    from spouse_relief.batch import runner

    def broken(self, result):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runner.Writer, "write", broken)
    with pytest.raises(OSError):
        run_batch("il8857", source, target)
    assert not target.exists() and not errors_path(target).exists()
    assert not list(tmp_path.glob(".*partial*"))
    monkeypatch.undo()

    run_batch("il8857", source, target)
    (tmp_path / "bad.csv").write_text("case_id,L1_A\n1,5\n", encoding="utf-8")
    with pytest.raises(InputError):
        run_batch("il8857", tmp_path / "bad.csv", target)
    assert not target.exists() and not errors_path(target).exists()
    with pytest.raises(InputError, match="must not be the input file"):
        run_batch("il8857", tmp_path / "in.errors.csv", tmp_path / "in.csv")
    assert source.exists()


_RAW_CELLS = st.one_of(
    st.sampled_from([b"\xff", b"caf\xe9", b"\xe2\x82", b'"a\nb"', b'"x,y"', b'""', b"\xef\xbb\xbf1", b"12.50", b"", b"-3"]),
    st.binary(max_size=8).filter(lambda value: not any(byte in value for byte in b'",\r\n')),
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.lists(st.tuples(st.sampled_from([b"2022", b"1989", b"", b"\xff22"]), _RAW_CELLS, _RAW_CELLS, st.booleans()), min_size=1, max_size=30),
       st.sampled_from([1, 4, 100]), st.sampled_from(["csv", "parquet"]))
def test_hostile_bytes_always_balance(tmp_path_factory, rows, chunk_rows, out_kind):
    """rows in = rows out + rows in the errors file, with bytes that are not UTF-8, quoted line breaks and repeated ids."""
    folder = tmp_path_factory.mktemp("bytes")
    lines = [b"case_id,tax_year,L1_A,L49_A"]
    for index, (year, first, second, repeat) in enumerate(rows):
        lines.append(b",".join([b"same" if repeat else f"r{index}".encode(), year, first, second]))
    (folder / "in.csv").write_bytes(b"\n".join(lines) + b"\n")
    target = folder / f"out.{out_kind}"
    try:
        summary = run_batch("il8857", folder / "in.csv", target, chunk_rows=chunk_rows, threads=2)
    except InputError as exc:  # only a whole-file problem may stop the run, with a message
        assert exc.field == "IN" and exc.message
        assert not target.exists()
        return
    out_rows = _read(target).num_rows if out_kind == "parquet" else len(list(csv.reader(open(target, encoding="utf-8", newline="")))) - 1
    error_rows = len({record["row"] for record in _errors(errors_path(target))})
    assert summary.rows == len(rows) == out_rows + error_rows == summary.computed + summary.bad_rows
    repeats = sum(repeat for *_, repeat in rows)
    assert summary.duplicate_rows == (repeats if repeats > 1 else 0)


def test_the_default_chunk_follows_the_output_width(tmp_path, monkeypatch):
    from spouse_relief.batch import runner

    il8857, f8379 = runner.form_module("il8857"), runner.form_module("f8379")
    assert runner.default_chunk_rows(il8857, None) == runner.CHUNK_CELLS // 253  # every line: 253 columns
    assert runner.default_chunk_rows(il8857, ()) == runner.default_chunk_rows(f8379, None) == runner.DEFAULT_CHUNK_ROWS
    monkeypatch.setattr(runner, "CHUNK_CELLS", 253 * 100)
    monkeypatch.setattr(runner, "MIN_DEFAULT_CHUNK_ROWS", 1)
    (tmp_path / "in.csv").write_text("case_id,tax_year,L1_A\n" + "".join(f"{index},2022,{index}\n" for index in range(250)), encoding="utf-8")
    summary = run_batch("il8857", tmp_path / "in.csv", tmp_path / "out.parquet")
    assert (summary.chunks, summary.computed) == (3, 250)  # chunks of 100 rows
    assert run_batch("il8857", tmp_path / "in.csv", tmp_path / "few.parquet", lines=("80",)).chunks == 1

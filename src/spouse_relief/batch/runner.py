"""Run a batch: read IN in chunks, compute each chunk, write OUT and the errors file beside it.

* IN and OUT are CSV or Parquet, by extension (``.csv``, ``.parquet``/``.pq``).
* Memory stays flat: the input is read in chunks of ``chunk_rows`` rows, at most a few chunks
  are in flight at once, and the output is written chunk by chunk.
* Every problem in a bad row goes to ``<OUT stem>.errors.csv`` (row, case_id, field, message);
  good rows are computed all the same. Rows keep their input order in OUT.
* The chunks run in this process (a small thread pool overlaps reading, computing and writing),
  or on a Dask cluster (``dask="tcp://host:8786"``, or ``"local"`` for a local multi-process
  cluster): the same function on the same chunks, so the same results.
* OUT is written to a temporary file and moved into place at the end, so a failed run never
  leaves a half-written OUT.
"""

from __future__ import annotations

import csv
import importlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

FORMS = {"il8857": "spouse_relief.batch.il8857", "f8379": "spouse_relief.batch.f8379"}
DEFAULT_CHUNK_ROWS = 100_000
CSV_SUFFIXES = (".csv",)
PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass
class BatchSummary:
    rows: int = 0
    computed: int = 0
    bad_rows: int = 0
    error_records: int = 0
    seconds: float = 0.0
    compute_seconds: float = 0.0
    output: Path | None = None
    errors_file: Path | None = None
    chunks: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def form_module(form: str):
    if form not in FORMS:
        raise InputError("form", f"unknown form {form!r}: one of {', '.join(FORMS)}")
    return importlib.import_module(FORMS[form])


def file_kind(path: Path, what: str) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    raise InputError(what, f"{path.name}: the file name must end in .csv or .parquet (the format is chosen by extension)")


def errors_path(target: Path) -> Path:
    """The errors file beside OUT: ``results.parquet`` -> ``results.errors.csv``."""
    return target.with_name(f"{target.stem}.errors.csv")


# --- reading --------------------------------------------------------------------------------


class Reader:
    """Chunks of exactly ``chunk_rows`` rows (the last may be shorter) from a CSV or Parquet file."""

    def __init__(self, path: Path, chunk_rows: int):
        self.path = path
        self.kind = file_kind(path, "IN")
        self.chunk_rows = chunk_rows
        if not path.is_file():
            raise InputError("IN", f"{path}: no such file")
        self.total_bytes = path.stat().st_size
        self.total_rows: int | None = None
        self.skipped = 0  # CSV rows with the wrong number of cells
        self._handle = None
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            try:
                # pre_buffer=False: the pre-buffering cache would keep every column chunk read so far
                # (memory growing with the file, measured in docs/performance.md).
                self._parquet = pq.ParquetFile(path, pre_buffer=False)
            except Exception as exc:  # pyarrow raises ArrowInvalid and friends for a bad file
                raise InputError("IN", f"{path.name}: not a readable Parquet file ({exc})") from None
            self.names = list(self._parquet.schema_arrow.names)
            self.total_rows = self._parquet.metadata.num_rows
        else:
            self.names = _csv_header(path)

    def bytes_read(self) -> int:
        if self._handle is None:
            return 0
        try:
            return min(self._handle.tell(), self.total_bytes)
        except (ValueError, OSError):
            return self.total_bytes

    def batches(self) -> Iterator[Any]:
        if self.kind == "parquet":
            yield from self._parquet.iter_batches(batch_size=self.chunk_rows)
            return
        import pyarrow as pa
        import pyarrow.csv as pacsv

        def skip(row) -> str:  # a row with too few or too many cells: skipped, found again in the end
            self.skipped += 1
            return "skip"

        self._handle = open(self.path, "rb")  # noqa: SIM115 - closed below
        try:
            reader = pacsv.open_csv(
                self._handle,
                read_options=pacsv.ReadOptions(block_size=8 << 20, encoding="utf8"),
                parse_options=pacsv.ParseOptions(invalid_row_handler=skip),
                convert_options=pacsv.ConvertOptions(
                    column_types={name: pa.string() for name in self.names},
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=True,
                    null_values=[""],
                ),
            )
            try:
                for batch in reader:
                    yield batch
            except pa.ArrowInvalid as exc:
                raise InputError("IN", f"{self.path.name}: malformed CSV ({exc})") from None
        finally:
            self._handle.close()

    def chunks(self) -> Iterator[Any]:
        import pyarrow as pa

        pending: list[Any] = []
        held = 0
        for batch in self.batches():
            if batch.num_rows == 0:
                continue
            pending.append(batch)
            held += batch.num_rows
            while held >= self.chunk_rows:
                table = pa.Table.from_batches(pending)
                yield table.slice(0, self.chunk_rows).combine_chunks()
                rest = table.slice(self.chunk_rows)
                pending = rest.to_batches()
                held = rest.num_rows
        if held:
            yield pa.Table.from_batches(pending).combine_chunks()


def ragged_rows(path: Path, names: list[str]) -> list[tuple[int, str, str]]:
    """The CSV rows whose number of cells differs from the header's: (row, case_id, message).

    Rows are numbered as everywhere in the batch: data rows from 1, empty lines not counted (the
    CSV reader ignores them). Read again with Python's csv module, only when the batch skipped
    such rows, because the fast reader does not say where they were.
    """
    found = []
    position = names.index("case_id") if "case_id" in names else None
    with open(path, encoding="utf-8-sig", newline="") as handle:
        records = csv.reader(handle)
        next(records, None)
        number = 0
        for cells in records:
            if not cells:
                continue
            number += 1
            if len(cells) != len(names):
                case_id = cells[position] if position is not None and position < len(cells) else ""
                found.append((number, case_id.strip(),
                              f"the row has {len(cells)} cells, the header {len(names)}; the row was skipped"))
    return found


def _renumber(errors_file: Path, target: Path, ragged: list[tuple[int, str, str]]) -> None:
    """Rewrite the errors file with the skipped rows in place and every row number counting them."""
    with open(errors_file, encoding="utf-8", newline="") as source, open(target, "w", encoding="utf-8", newline="") as out:
        reader, writer = csv.reader(source), csv.writer(out)
        writer.writerow(next(reader))
        pending = list(ragged)
        shift = 0
        for record in reader:
            delivered = int(record[0])
            while pending and pending[0][0] <= delivered + shift:
                number, case_id, message = pending.pop(0)
                writer.writerow((number, case_id, "row", message))
                shift += 1
            writer.writerow((delivered + shift, *record[1:]))
        for number, case_id, message in pending:
            writer.writerow((number, case_id, "row", message))


def _csv_header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader(handle))
        except StopIteration:
            raise InputError("IN", f"{path.name}: the file is empty (it needs a header row)") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError("IN", f"{path.name}: the header row cannot be read ({exc})") from None
    return header


# --- writing --------------------------------------------------------------------------------


class Writer:
    def __init__(self, path: Path):
        self.path = path
        self.kind = file_kind(path, "OUT")
        self.partial = path.with_name(f".{path.name}.partial")
        self._writer = None

    def write(self, table) -> None:
        if self._writer is None:
            self._open(table.schema)
        self._writer.write_table(table) if self.kind == "parquet" else self._writer.write(table)

    def _open(self, schema) -> None:
        try:
            self._open_file(schema)
        except OSError as exc:
            raise InputError("OUT", f"{self.path}: cannot be written ({exc.strerror or exc})") from None

    def _open_file(self, schema) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            # Amounts as decimal(18, 2) stored on 64-bit integers, no dictionaries: the fastest to write
            # and the smallest of the settings measured (docs/performance.md).
            self._writer = pq.ParquetWriter(
                self.partial, schema, compression="zstd", store_decimal_as_integer=True, use_dictionary=False
            )
        else:
            import pyarrow.csv as pacsv

            self._writer = pacsv.CSVWriter(self.partial, schema, write_options=pacsv.WriteOptions(quoting_style="needed"))

    def finish(self, empty_schema) -> None:
        if self._writer is None:
            self._open(empty_schema)
        self._writer.close()
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        if self._writer is not None:
            try:
                self._writer.close()
            except Exception:  # noqa: BLE001 - already failing; the partial file is removed below
                pass
        self.partial.unlink(missing_ok=True)


# --- running --------------------------------------------------------------------------------


def compute_chunk(form: str, table, first_row: int, lines: tuple[str, ...] | None = None):
    """Compute one chunk of a form (importable by name, so Dask workers can run it).

    Whatever the form's code does, the result balances: rows in = rows out + bad rows. A chunk
    whose computation raises, or does not balance, is computed again row by row, and a row that
    still raises (or gives neither a result nor an error) becomes an error record of its own.
    """
    from .fields import FileError

    started = time.perf_counter()
    module = form_module(form)
    try:
        result = module.compute_chunk(table, first_row, lines)
        if not _balanced(result, table.num_rows):
            raise _Unbalanced()
    except FileError:  # the whole file (a column's type): one clear error, nothing to isolate
        raise
    except Exception:  # noqa: BLE001 - any failure: isolate the rows that cause it
        result = _row_by_row(module, table, first_row, lines)
    result.seconds = time.perf_counter() - started
    return result


class _Unbalanced(Exception):
    pass


def _balanced(result, rows: int) -> bool:
    return result.rows == rows and result.output.num_rows + result.bad_rows == rows


def _row_by_row(module, table, first_row: int, lines):
    """The chunk again, one row at a time; each row gives one output row or its error records."""
    import pyarrow as pa

    from .fields import FileError
    from .tables import ChunkResult

    outputs, errors = [], []
    schema = module.output_schema(lines)
    for index in range(table.num_rows):
        row = table.slice(index, 1)
        number = first_row + index + 1
        try:
            single = module.compute_chunk(row, first_row + index, lines)
            if not _balanced(single, 1):
                raise _Unbalanced()
        except FileError:
            raise
        except Exception as exc:  # noqa: BLE001 - reported on the row, the run goes on
            errors.append((number, _case_id(row), *_describe(exc)))
            continue
        if single.output.num_rows:
            outputs.append(single.output.cast(schema) if single.output.schema != schema else single.output)
        errors.extend(single.errors)
    output = pa.concat_tables(outputs) if outputs else schema.empty_table()
    return ChunkResult(output=output, errors=errors, rows=table.num_rows)


def _case_id(row) -> str:
    try:
        value = row.column("case_id")[0].as_py()
    except Exception:  # noqa: BLE001 - no usable case_id: the row number says which row
        return ""
    return str(value)[:200] if value is not None else ""


def _describe(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, InputError):
        return exc.field or "row", exc.message
    if isinstance(exc, _Unbalanced):
        return "row", "the row gave neither a result nor an error; it was not computed"
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return "row", f"the row could not be computed ({type(exc).__name__}{': ' + text if text else ''})"


class _LocalPool:
    def __init__(self, threads: int):
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="batch")
        self.window = threads + 1

    def submit(self, form: str, table, first_row: int, lines):
        return self._pool.submit(compute_chunk, form, table, first_row, lines)

    @staticmethod
    def result(future):
        return future.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _DaskPool:
    def __init__(self, address: str, workers: int | None):
        from dask.distributed import Client, LocalCluster

        self.cluster = None
        if address == "local":
            self.cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                dashboard_address=":0", silence_logs=40,  # a free port: never clash with another cluster
            )
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(address, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise InputError("--dask", f"cannot reach the Dask scheduler at {address} ({exc})") from None
        threads = sum(self.client.nthreads().values()) or 1
        self.window = 2 * threads

    def submit(self, form: str, table, first_row: int, lines):
        return self.client.submit(compute_chunk, form, table, first_row, lines, pure=False)

    @staticmethod
    def result(future):
        result = future.result()
        future.release()
        return result

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def run_batch(
    form: str,
    source: Path,
    target: Path,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    dask: str | None = None,
    workers: int | None = None,
    threads: int = 2,
    lines: tuple[str, ...] | None = None,
    progress: Callable[[int, int | None, int, int], None] | None = None,
) -> BatchSummary:
    """Compute every row of ``source`` into ``target``; bad rows go to the errors file beside it.

    ``progress(rows_done, rows_total, bytes_read, bytes_total)`` is called after every chunk;
    ``rows_total`` is None where the file does not say (CSV), so progress goes by bytes.
    """
    module = form_module(form)
    source, target = Path(source), Path(target)
    if chunk_rows < 1:
        raise InputError("--chunk-rows", "must be at least 1")
    file_kind(target, "OUT")
    if source.resolve() == target.resolve():
        raise InputError("OUT", "must not be the input file")
    reader = Reader(source, chunk_rows)
    module.check_header(reader.names)
    empty_schema = module.output_schema(lines)  # also checks ``lines``
    summary = BatchSummary(output=target, errors_file=errors_path(target))
    started = time.perf_counter()
    writer = Writer(target)
    pool = _DaskPool(dask, workers) if dask else _LocalPool(max(1, threads))
    in_flight: deque = deque()
    errors_partial = summary.errors_file.with_name(f".{summary.errors_file.name}.partial")
    try:
        try:
            errors_handle = open(errors_partial, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            raise InputError("OUT", f"{target}: the errors file beside it cannot be written ({exc.strerror})") from None
        with errors_handle:
            errors_writer = csv.writer(errors_handle)
            errors_writer.writerow(("row", "case_id", "field", "message"))

            def drain_one() -> None:
                result = pool.result(in_flight.popleft())
                writer.write(result.output)
                errors_writer.writerows(result.errors)
                summary.rows += result.rows
                summary.computed += result.output.num_rows
                summary.bad_rows += result.bad_rows
                summary.error_records += len(result.errors)
                summary.compute_seconds += result.seconds
                summary.chunks += 1
                if progress is not None:
                    progress(summary.rows, reader.total_rows, reader.bytes_read(), reader.total_bytes)

            offset = 0
            for table in reader.chunks():
                in_flight.append(pool.submit(form, table, offset, lines))
                offset += table.num_rows
                while len(in_flight) >= pool.window:
                    drain_one()
            while in_flight:
                drain_one()
        writer.finish(empty_schema=empty_schema)
        if reader.skipped:
            ragged = ragged_rows(source, reader.names)
            renumbered = errors_partial.with_name(errors_partial.name + ".renumbered")
            _renumber(errors_partial, renumbered, ragged)
            os.replace(renumbered, errors_partial)
            summary.rows += len(ragged)
            summary.bad_rows += len(ragged)
            summary.error_records += len(ragged)
        os.replace(errors_partial, summary.errors_file)
    except BaseException:
        writer.abandon()
        errors_partial.unlink(missing_ok=True)
        raise
    finally:
        pool.close()
    summary.seconds = time.perf_counter() - started
    return summary

"""Run a batch: read IN in chunks, compute each chunk, write OUT and the errors file beside it.

* IN and OUT are CSV or Parquet, by extension (``.csv``, ``.parquet``/``.pq``).
* Memory stays flat: the input is read in chunks of ``chunk_rows`` rows, at most a few chunks
  are in flight at once, and the output is written chunk by chunk. By default a chunk holds
  about ``CHUNK_CELLS`` output cells (25,000 rows with every IL-8857 column, up to 100,000 rows
  with few columns): larger chunks of a wide output only cost memory and the time to fault in
  fresh pages (measured in docs/performance.md).
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
DEFAULT_CHUNK_ROWS = 100_000  # the most rows in a chunk by default (an output of few columns)
MIN_DEFAULT_CHUNK_ROWS = 10_000
CHUNK_CELLS = 6_500_000  # output cells in a chunk by default: about 50 MB of 8-byte amounts
CSV_SUFFIXES = (".csv",)
PARQUET_SUFFIXES = (".parquet", ".pq")
READ_BLOCK_BYTES = 8 << 20  # the CSV reader's block


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
    notes: list[str] = field(default_factory=list)  # warnings to show after the summary line
    duplicate_case_ids: int = 0  # case_ids on more than one row
    duplicate_rows: int = 0  # the rows that hold them
    duplicates: dict[str, list[int]] = field(default_factory=dict)  # a few of them: case_id -> row numbers

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


def default_chunk_rows(module, lines: tuple[str, ...] | None) -> int:
    """Rows per chunk when none are asked for: about ``CHUNK_CELLS`` output cells a chunk."""
    columns = max(1, len(module.output_schema(lines)))
    return max(MIN_DEFAULT_CHUNK_ROWS, min(DEFAULT_CHUNK_ROWS, CHUNK_CELLS // columns))


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
                read_options=pacsv.ReadOptions(block_size=READ_BLOCK_BYTES, encoding="utf8"),
                # newlines_in_values: a line break inside a quoted cell is part of the cell, wherever
                # the reader's blocks end (without it a break at a block's edge refuses the file).
                parse_options=pacsv.ParseOptions(invalid_row_handler=skip, newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    # Bytes, not text: a cell that is not UTF-8 is an error for its row alone
                    # (checked per chunk by ``utf8_rows``), not for the whole file.
                    column_types={name: pa.binary() for name in self.names},
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
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:  # a row not in UTF-8 is a row error
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
    with open(path, "rb") as handle:

        def lines():  # decoded one line at a time: only the header's lines need to be UTF-8
            for number, line in enumerate(handle):
                yield line.decode("utf-8-sig" if number == 0 else "utf-8")

        try:
            header = next(csv.reader(lines()))
        except StopIteration:
            raise InputError("IN", f"{path.name}: the file is empty (it needs a header row)") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError("IN", f"{path.name}: the header row cannot be read ({exc})") from None
    return header


# --- writing --------------------------------------------------------------------------------


class Writer:
    """OUT, written to a hidden temporary file beside it and moved into place by :meth:`finish`.

    CSV rows arrive already encoded (``ChunkResult.csv``, made by the computing thread with
    :mod:`.csv_out`), so writing them is a plain file write. Parquet amounts are stored as
    DECIMAL(18, 2) on INT64 with the DELTA_BINARY_PACKED encoding and zstd: measured faster to
    write and smaller than the plain encoding (docs/performance.md).
    """

    def __init__(self, path: Path):
        self.path = path
        self.kind = file_kind(path, "OUT")
        self.partial = path.with_name(f".{path.name}.partial")
        self._writer = None
        self._handle = None

    def write(self, result) -> None:
        table = result.output
        if self._writer is None and self._handle is None:
            self._open(table.schema)
        if self.kind == "parquet":
            self._writer.write_table(table)
            return
        from . import csv_out

        pieces = result.csv if result.csv is not None else csv_out.rows_csv_pieces(table)
        for piece in pieces:
            self._handle.write(piece)

    def _open(self, schema) -> None:
        try:
            self._open_file(schema)
        except OSError as exc:
            raise InputError("OUT", f"{self.path}: cannot be written ({exc.strerror or exc})") from None

    def _open_file(self, schema) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.kind == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            integers = [field.name for field in schema if pa.types.is_decimal(field.type) or pa.types.is_integer(field.type)]
            self._writer = pq.ParquetWriter(
                self.partial, schema, compression="zstd", store_decimal_as_integer=True, use_dictionary=False,
                column_encoding={name: "DELTA_BINARY_PACKED" for name in integers},
            )
        else:
            from . import csv_out

            self._handle = open(self.partial, "wb")  # noqa: SIM115 - closed by finish or abandon
            self._handle.write(csv_out.header(schema))

    def finish(self, empty_schema) -> None:
        if self._writer is None and self._handle is None:
            self._open(empty_schema)
        if self._writer is not None:
            self._writer.close()
        if self._handle is not None:
            self._handle.close()
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        for closing in (self._writer, self._handle):
            if closing is not None:
                try:
                    closing.close()
                except Exception:  # noqa: BLE001 - already failing; the partial file is removed below
                    pass
        self.partial.unlink(missing_ok=True)


# --- running --------------------------------------------------------------------------------


def compute_chunk(form: str, table, first_row: int, lines: tuple[str, ...] | None = None, csv: bool = False):
    """Compute one chunk of a form (importable by name, so Dask workers can run it).

    Whatever the form's code does, the result balances: rows in = rows out + bad rows. A row
    with a cell that is not UTF-8 text is an error record of its own; a chunk whose computation
    raises, or does not balance, is computed again row by row, and a row that still raises (or
    gives neither a result nor an error) becomes an error record of its own. With ``csv`` the
    output rows are also encoded as CSV here, on the computing thread (``result.csv``).
    """
    import numpy as np

    from .arrow import int_array
    from .tables import ChunkResult

    started = time.perf_counter()
    module = form_module(form)
    decoded, unreadable = decode_text(table)
    if unreadable:
        keep = np.setdiff1d(np.arange(table.num_rows), [index for index, _ in unreadable])
        result = _isolated(module, decoded.take(int_array(keep)), 0, lines)
        records = [(first_row + int(keep[row - 1]) + 1, *rest) for row, *rest in result.errors]
        records += [(first_row + index + 1, _case_id(table.slice(index, 1)), name, NOT_UTF8) for index, name in unreadable]
        result = ChunkResult(output=result.output, errors=sorted(records, key=lambda record: record[0]), rows=table.num_rows)
    else:
        result = _isolated(module, decoded, first_row, lines)
    result.case_hashes = case_id_hashes(decoded)
    if csv:
        from .csv_out import rows_csv_pieces

        result.csv = rows_csv_pieces(result.output)
    result.seconds = time.perf_counter() - started
    return result


NOT_UTF8 = "the cell is not UTF-8 text (it holds a byte that is not part of a UTF-8 character); save the file as UTF-8"


def decode_text(table):
    """Binary columns (a CSV chunk as read) as text, and the cells that are not UTF-8: (row index, column).

    The rows with such a cell are left in the table; the caller leaves them out of the computation.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from .arrow import bool_array

    unreadable: list[tuple[int, str]] = []
    columns = []
    for name, column in zip(table.column_names, table.columns):
        if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
            try:
                column = column.cast(pa.string())
            except pa.ArrowInvalid:
                bad = [index for index, value in enumerate(column.to_pylist()) if value is not None and not _is_utf8(value)]
                unreadable.extend((index, name) for index in bad)
                keep = np.ones(len(column), dtype=bool)
                keep[bad] = False
                column = pc.if_else(bool_array(keep), column, pa.nulls(len(column), column.type)).cast(pa.string())
        columns.append(column)
    unreadable.sort()
    return pa.table(columns, names=table.column_names), unreadable


def _is_utf8(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _isolated(module, table, first_row: int, lines):
    from .fields import FileError

    try:
        result = module.compute_chunk(table, first_row, lines)
        if not _balanced(result, table.num_rows):
            raise _Unbalanced()
    except FileError:  # the whole file (a column's type): one clear error, nothing to isolate
        raise
    except Exception:  # noqa: BLE001 - any failure: isolate the rows that cause it
        result = _row_by_row(module, table, first_row, lines)
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
    if isinstance(value, bytes):  # as read from CSV: what can be read of it
        value = value.decode("utf-8", errors="replace").strip()
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

    def submit(self, form: str, table, first_row: int, lines, csv: bool = False):
        return self._pool.submit(compute_chunk, form, table, first_row, lines, csv)

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

    def submit(self, form: str, table, first_row: int, lines, csv: bool = False):
        return self.client.submit(compute_chunk, form, table, first_row, lines, csv, pure=False)

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
    chunk_rows: int | None = None,
    dask: str | None = None,
    workers: int | None = None,
    threads: int = 2,
    lines: tuple[str, ...] | None = None,
    progress: Callable[[int, int | None, int, int], None] | None = None,
) -> BatchSummary:
    """Compute every row of ``source`` into ``target``; bad rows go to the errors file beside it.

    ``chunk_rows``: rows per chunk; None chooses by the output's width (:func:`default_chunk_rows`).

    ``progress(rows_done, rows_total, bytes_read, bytes_total)`` is called after every chunk;
    ``rows_total`` is None where the file does not say (CSV), so progress goes by bytes.

    A run that fails removes the OUT and errors file an earlier run left at the same place, so
    that nothing there is taken for this run's results; a run that succeeds replaces them.
    """
    module = form_module(form)
    source, target = Path(source), Path(target)
    if chunk_rows is None:
        chunk_rows = default_chunk_rows(module, lines)
    if chunk_rows < 1:
        raise InputError("--chunk-rows", "must be at least 1")
    file_kind(target, "OUT")
    if source.resolve() in (target.resolve(), errors_path(target).resolve()):
        raise InputError("OUT", "must not be the input file (nor may its errors file be)")
    try:
        return _run(module, form, source, target, chunk_rows, dask, workers, threads, lines, progress)
    except BaseException:
        for stale in (target, errors_path(target)):
            try:
                stale.unlink(missing_ok=True)
            except OSError:  # a folder or a file we may not remove: nothing more to do
                pass
        raise


def _run(module, form, source, target, chunk_rows, dask, workers, threads, lines, progress) -> BatchSummary:
    reader = Reader(source, chunk_rows)
    module.check_header(reader.names)
    empty_schema = module.output_schema(lines)  # also checks ``lines``
    summary = BatchSummary(output=target, errors_file=errors_path(target))
    started = time.perf_counter()
    writer = Writer(target)
    pool = _DaskPool(dask, workers) if dask else _LocalPool(max(1, threads))
    errors_partial = summary.errors_file.with_name(f".{summary.errors_file.name}.partial")
    case_hashes: list = []
    try:
        try:
            errors_handle = open(errors_partial, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            raise InputError("OUT", f"{target}: the errors file beside it cannot be written ({exc.strerror})") from None
        with errors_handle:
            errors_writer = csv.writer(errors_handle)
            errors_writer.writerow(("row", "case_id", "field", "message"))

            def deliver(result) -> None:
                """One chunk's results, in input order (on the writing thread)."""
                writer.write(result)
                errors_writer.writerows(result.errors)
                case_hashes.append(result.case_hashes)
                summary.rows += result.rows
                summary.computed += result.output.num_rows
                summary.bad_rows += result.bad_rows
                summary.error_records += len(result.errors)
                summary.compute_seconds += result.seconds
                summary.chunks += 1
                if progress is not None:
                    progress(summary.rows, reader.total_rows, reader.bytes_read(), reader.total_bytes)

            with _InOrder(pool, deliver) as ordered:
                offset = 0
                for table in reader.chunks():
                    ordered.submit(form, table, offset, lines, writer.kind == "csv")
                    offset += table.num_rows
        writer.finish(empty_schema=empty_schema)
        ragged: list[tuple[int, str, str]] = []
        if reader.skipped:
            ragged = ragged_rows(source, reader.names)
            renumbered = errors_partial.with_name(errors_partial.name + ".renumbered")
            _renumber(errors_partial, renumbered, ragged)
            os.replace(renumbered, errors_partial)
            summary.rows += len(ragged)
            summary.bad_rows += len(ragged)
            summary.error_records += len(ragged)
        groups, rows, examples = duplicate_case_ids(case_hashes, reader, [number for number, _, _ in ragged])
        summary.duplicate_case_ids, summary.duplicate_rows, summary.duplicates = groups, rows, examples
        summary.notes.extend(_duplicate_notes(groups, rows, examples))
        os.replace(errors_partial, summary.errors_file)
    except BaseException:
        writer.abandon()
        errors_partial.unlink(missing_ok=True)
        raise
    finally:
        pool.close()
    summary.seconds = time.perf_counter() - started
    return summary


class _InOrder:
    """Chunks computed on the pool, delivered in input order on a writing thread of their own.

    Writing (the Parquet encoder, the file) then overlaps reading the next chunks as well as
    computing them. At most ``pool.window`` chunks are in flight, so memory stays flat. The first
    failure, on either side, stops the run and is raised by the reading side.
    """

    def __init__(self, pool, deliver):
        import queue
        import threading

        self.pool, self.deliver = pool, deliver
        self.queue: queue.Queue = queue.Queue(maxsize=pool.window)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._drain, name="batch-writer", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def submit(self, *arguments) -> None:
        import queue

        future = self.pool.submit(*arguments)
        while True:
            if self.failure is not None:
                raise self.failure
            try:
                self.queue.put(future, timeout=0.1)
                return
            except queue.Full:
                continue

    def _drain(self) -> None:
        while True:
            future = self.queue.get()
            if future is None:
                return
            if self.failure is not None:
                continue  # failed: only empty the queue
            try:
                self.deliver(self.pool.result(future))
            except BaseException as exc:  # noqa: BLE001 - handed to the reading side
                self.failure = exc

    def __exit__(self, kind, value, traceback) -> None:
        if value is not None and self.failure is None:
            self.failure = value  # the reading side failed: the writer only empties the queue
        self.queue.put(None)
        self.thread.join()
        if self.failure is not None and value is None:
            raise self.failure


DUPLICATE_EXAMPLES = 5


def duplicate_case_ids(case_hashes: list, reader: Reader, ragged: list[int]) -> tuple[int, int, dict[str, list[int]]]:
    """case_ids on more than one row: (how many such case_ids, how many rows, {case_id: rows} for a few).

    Each chunk gave a 64-bit hash of every row's case_id (8 bytes a row are kept until the end);
    the counts come from the hashes, and the rows of the first few are read again (only their
    case_id) to name them exactly.
    """
    import numpy as np

    if not case_hashes:
        return 0, 0, {}
    hashes = np.concatenate(case_hashes)
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(ordered)])
    repeated = (sizes > 1) & (ordered[starts] != 0)  # 0: no case_id (an error row of its own)
    if not repeated.any():
        return 0, 0, {}
    groups, rows = int(repeated.sum()), int(sizes[repeated].sum())
    first_rows = order[starts[repeated]]  # stable sort: a group's first row is its earliest
    chosen = np.argsort(first_rows)[:DUPLICATE_EXAMPLES]
    wanted = np.sort(np.concatenate([order[starts[repeated][index] : starts[repeated][index] + min(sizes[repeated][index], 6)]
                                     for index in chosen.tolist()]))
    examples: dict[str, list[int]] = {}
    for delivered, case_id in zip(wanted.tolist(), _case_ids_at(reader, wanted)):
        examples.setdefault(case_id, []).append(_input_row(delivered + 1, ragged))
    return groups, rows, {case_id: numbers for case_id, numbers in examples.items() if len(numbers) > 1}


def case_id_hashes(table):
    """A 64-bit hash of each row's case_id as the output writes it (trimmed text); 0 where there is none."""
    import numpy as np

    from .tables import text_array

    ids = text_array(table, "case_id", None)
    size = len(ids)
    if size == 0:
        return np.zeros(0, dtype=np.uint64)
    offsets = np.frombuffer(ids.buffers()[1], dtype=np.int32)[ids.offset : ids.offset + size + 1].astype(np.int64)
    lengths = np.diff(offsets)
    data = ids.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None and data.size else np.zeros(0, dtype=np.uint8)
    raw = raw[offsets[0] : offsets[-1]].astype(np.uint64)
    longest = int(lengths.max())
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(max(longest, 1), 0x100000001B3, dtype=np.uint64))  # FNV prime, wrapping
        owner_end = np.repeat(offsets[1:] - offsets[0], lengths)
        place = owner_end - 1 - np.arange(len(raw))  # counting from the end of its case_id
        terms = raw * powers[np.minimum(place, len(powers) - 1)]
        sums = np.add.reduceat(np.r_[terms, np.uint64(0)], np.minimum(offsets[:-1] - offsets[0], len(terms)))
        mixed = _mix(sums ^ (lengths.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)))
    present = (lengths > 0) & (np.asarray(ids.is_valid()) if ids.null_count else True)
    return np.where(present & (mixed != 0), mixed, np.where(present, np.uint64(1), np.uint64(0)))


def _mix(values):
    """splitmix64's finaliser: every input bit moves every output bit."""
    import numpy as np

    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def _input_row(delivered: int, ragged: list[int]) -> int:
    """A row's number in IN from its number among the rows read (the skipped ragged rows counted)."""
    shift = 0
    for number in ragged:
        if number <= delivered + shift:
            shift += 1
    return delivered + shift


def _case_ids_at(reader: Reader, wanted) -> list[str]:
    """The trimmed case_id text of the rows read at the positions ``wanted`` (sorted)."""
    from .tables import text_array

    again = Reader(reader.path, reader.chunk_rows)
    found: list[str] = []
    offset, position = 0, 0
    for table in again.chunks():
        stop = offset + table.num_rows
        while position < len(wanted) and wanted[position] < stop:
            position += 1
        inside = wanted[(wanted >= offset) & (wanted < stop)] - offset
        if len(inside):
            decoded, _ = decode_text(table.select(["case_id"]))
            found.extend(value or "" for value in text_array(decoded, "case_id", inside).to_pylist())
        offset = stop
    return found


def _duplicate_notes(groups: int, rows: int, examples: dict[str, list[int]]) -> list[str]:
    if not groups:
        return []
    named = "; ".join(
        f"{case_id!r} on rows {', '.join(str(number) for number in numbers[:5])}{' and more' if len(numbers) > 5 else ''}"
        for case_id, numbers in examples.items()
    )
    more = f"; and {groups - len(examples)} more" if groups > len(examples) else ""
    return [f"warning: {groups} case_id(s) appear on more than one row ({rows} rows, each computed as given): {named}{more}"]

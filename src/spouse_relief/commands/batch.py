"""``spouse-relief batch il8857 IN OUT`` and ``spouse-relief batch f8379 IN OUT``: many cases at once.

The batch engine (numpy, pyarrow, dask) is imported inside the commands, so ``--help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..cli import reports_bad_input

HELP = (
    "Compute many cases from a CSV or Parquet file (the format is chosen by extension). Bad rows go to "
    "OUT's errors file (row, case_id, field, message) and never stop the good ones. Column formats: docs/batch.md."
)


def register(app: typer.Typer) -> None:
    batch_app = typer.Typer(name="batch", help=HELP, no_args_is_help=True, add_completion=False)

    def run(form: str, source: Path, target: Path, chunk_rows: int | None, dask: str | None, workers: int | None,
            lines: str | None, progress: bool, threads: int) -> None:
        from ..batch.runner import run_batch

        selected = None
        if lines is not None and lines.strip().lower() != "all":
            selected = () if lines.strip().lower() == "none" else tuple(part.strip() for part in lines.split(",") if part.strip())
        with _progress(progress) as report:
            summary = run_batch(form, source, target, chunk_rows=chunk_rows, dask=dask, workers=workers,
                                lines=selected, progress=report, threads=threads)
        bad = f", {summary.bad_rows} with errors (see {summary.errors_file})" if summary.bad_rows else ", none with errors"
        typer.echo(
            f"{summary.rows} rows: {summary.computed} computed{bad}; wrote {summary.output} "
            f"in {summary.seconds:.1f} s ({summary.rows_per_second:,.0f} rows/s; computing took {summary.compute_seconds:.1f} s "
            f"of chunk time)",
            err=True,
        )
        for note in summary.notes:
            typer.echo(note, err=True)

    @batch_app.command("il8857")
    @reports_bad_input
    def il8857(
        source: Path = typer.Argument(..., metavar="IN", help="Cases: case_id, tax_year, residency (optional), L<line>_<A|B|C> (.csv or .parquet)."),
        target: Path = typer.Argument(..., metavar="OUT", help="Results: case_id, tax_year, every line's A/B/C, result_outcome, result_amount."),
        chunk_rows: int = typer.Option(None, "--chunk-rows", min=1, help="Rows per chunk (memory grows with this, not with IN; default: about 25,000 with every column, up to 100,000 with few)."),
        dask: str = typer.Option(None, "--dask", metavar="ADDRESS", help="Run on a Dask scheduler (tcp://host:8786), or 'local' for a local multi-process cluster."),
        workers: int = typer.Option(None, "--workers", min=1, help="With --dask local: how many worker processes (default: one per core)."),
        lines: str = typer.Option(None, "--lines", metavar="LIST", help="Only these lines in OUT, e.g. '67,78,79,80'; 'none' for the result alone (default: all)."),
        progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on a terminal."),
        threads: int = typer.Option(2, "--threads", min=1, help="Without --dask: chunks computed at once in this process."),
    ) -> None:
        """Form IL-8857 Allocation of Liability Worksheets, one per row."""
        run("il8857", source, target, chunk_rows, dask, workers, lines, progress, threads)

    @batch_app.command("f8379")
    @reports_bad_input
    def f8379(
        source: Path = typer.Argument(..., metavar="IN", help="Couples: case_id, tax_year and the Form 8379 columns (.csv or .parquet)."),
        target: Path = typer.Argument(..., metavar="OUT", help="Results: each spouse's share of the joint refund and the amounts behind it."),
        chunk_rows: int = typer.Option(None, "--chunk-rows", min=1, help="Rows per chunk (memory grows with this, not with IN; default: about 25,000 with every column, up to 100,000 with few)."),
        dask: str = typer.Option(None, "--dask", metavar="ADDRESS", help="Run on a Dask scheduler (tcp://host:8786), or 'local' for a local multi-process cluster."),
        workers: int = typer.Option(None, "--workers", min=1, help="With --dask local: how many worker processes (default: one per core)."),
        progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on a terminal."),
        threads: int = typer.Option(2, "--threads", min=1, help="Without --dask: chunks computed at once in this process."),
    ) -> None:
        """Form 8379 Injured Spouse Allocations, one couple per row."""
        run("f8379", source, target, chunk_rows, dask, workers, None, progress, threads)

    app.add_typer(batch_app, name="batch")


class _progress:
    """A rich progress bar on stderr while the batch runs (only on a terminal)."""

    def __init__(self, wanted: bool):
        self.wanted = wanted
        self.bar = None

    def __enter__(self):
        if not self.wanted:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        console = Console(stderr=True)
        if not console.is_terminal:
            return None
        self.bar = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rows]:,} rows"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=console, transient=False,
        )
        self.bar.start()
        self.task = self.bar.add_task("computing", total=None, rows=0)
        return self.report

    def report(self, rows: int, rows_total: int | None, bytes_read: int, bytes_total: int) -> None:
        if rows_total:
            self.bar.update(self.task, completed=rows, total=rows_total, rows=rows)
        else:
            self.bar.update(self.task, completed=bytes_read, total=bytes_total, rows=rows)

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.stop()

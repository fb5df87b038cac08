"""``spouse-relief il8857 FILE``: the Form IL-8857 Allocation of Liability Worksheet."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..cli import reports_bad_input


def register(app: typer.Typer) -> None:
    @app.command("il8857")
    @reports_bad_input
    def il8857(
        file: Path = typer.Argument(..., help="A YAML or JSON case: line entry or item entry (docs/il8857.md)."),
        as_json: bool = typer.Option(False, "--json", help="Print the JSON contract instead of a table."),
        explain_line: str = typer.Option(None, "--explain", metavar="LINE", help="Show how a line came to be (e.g. 80, 65a)."),
        depth: int = typer.Option(1, "--depth", min=0, max=80, help="With --explain: how many levels of inputs to show."),
        no_trace: bool = typer.Option(False, "--no-trace", help="With --json: leave the per-line trace out."),
    ) -> None:
        """Compute the Form IL-8857 Allocation of Liability Worksheet, lines 1-80, columns A, B, C."""
        from ..io import read_document
        from ..worksheets.il8857 import compute_il8857, explain, parse_il8857

        result = compute_il8857(parse_il8857(read_document(file)))
        if explain_line is not None:
            typer.echo(explain(result, explain_line.strip(), depth=depth))
            return
        if as_json:
            typer.echo(json.dumps(result.as_dict(include_trace=not no_trace), indent=2))
            return
        from ..packet.text import print_worksheet

        print_worksheet(result)

"""The IL-8857 worksheet as a readable terminal table (rich; imported only by the command that prints it)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .. import DISCLAIMER
from ..money import format_usd
from ..pipeline import headline
from ..worksheets.il8857 import Il8857Result
from ..worksheets.il8857_definition import WORKSHEET


def print_worksheet(result: Il8857Result, console: Console | None = None) -> None:
    console = console or Console()
    case = result.case
    table = Table(
        title=f"Form IL-8857 Allocation of Liability Worksheet ({WORKSHEET.revision}), tax year {case.tax_year}",
        caption=(
            f"Rate {result.rate.value * 100:g}% for {case.tax_year} ({WORKSHEET.line('45').citation}) "
            f"[{result.rate.verified}]. * label reconstructed."
        ),
        show_lines=False,
    )
    table.add_column("Line", justify="right", no_wrap=True)
    table.add_column("Label", overflow="fold", max_width=60)
    for column, name in (("A", "A joint"), ("B", "B you"), ("C", "C spouse")):
        table.add_column(name, justify="right", no_wrap=True)
    section = None
    for line in WORKSHEET.lines:
        if line.section != section:
            section = line.section
            table.add_row("", f"[bold]{section}[/bold]", "", "", "")
        row = result.lines[line.number]
        label = line.label + (" *" if line.label_reconstructed else "")
        style = "bold" if line.number == "80" else None
        table.add_row(line.number, label, *(format_usd(row[column]) for column in "ABC"), style=style)
    console.print(table)
    console.print(f"[bold]{headline('il8857', result)}[/bold] (line 80, column B)")
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
    for note in result.notes:
        console.print(f"note: {note}")
    console.print(f"\n[bold]Line 14:[/bold] {result.line14.explanation}")
    for question in result.line14.missing:
        console.print(f"  missing: {question}")
    window = result.refund_window
    console.print(f"[bold]Refund request window:[/bold] request by {window.deadline.isoformat() if window.deadline else 'unknown'}; {window.applicable_limit}")
    for question in window.missing:
        console.print(f"  missing: {question}")
    if window.unverified:
        console.print("  (uses unverified law data; see the trace)")
    console.print("[bold]Attach:[/bold]")
    for text in result.attachments:
        console.print(f"  - {text}")
    console.print("[bold]Mail to:[/bold] " + ", ".join(result.mail_to))
    console.print(f"Official form and instructions: {result.form_url}")
    console.print(f"\n[dim]{DISCLAIMER}[/dim]")

"""``spouse-relief case FILE`` (the whole outcome) and ``spouse-relief packet FILE`` (the printable packet).

Both read any file the tool reads (a case file, facts, IL-8857, Form 8379 or 6015(d)) as a case,
run the one pipeline (spouse_relief.pipeline.run) and render its outcome. ``case --json`` prints
the public JSON contract (docs/case.md), the same the API returns.
"""

from __future__ import annotations

import json

from datetime import date
from pathlib import Path

import typer

from ..cli import reports_bad_input

AS_OF_HELP = "Read the case as of this date (YYYY-MM-DD; default: the file's as_of, else today)."


def as_of_date(text: str | None, case) -> date:
    from ..errors import InputError
    from ..pipeline import default_as_of

    if text is None:
        return default_as_of(case)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError("--as-of", f"expected a date as YYYY-MM-DD, got {text!r}") from None


def outcome_of(file: Path, as_of: str | None):
    from ..pipeline import load_case_file, run

    case = load_case_file(file)
    return run(case, as_of_date(as_of, case))


def print_outcome(outcome) -> None:
    from rich.console import Console
    from rich.markup import escape

    from .screen import print_screening

    console = Console()
    console.print(f"[bold]{escape(outcome.case.title)}[/] - as of {outcome.as_of.isoformat()}")
    console.print("\n[bold]The bottom line[/]")
    for line in outcome.bottom_line or ["Nothing can be said yet: answer the open questions."]:
        console.print(f"  {line}", soft_wrap=True, markup=False)
    for year in outcome.years:
        for computed in year.worksheets.values():
            console.print(f"\n[bold]{year.tax_year}, {computed.form}[/]" + (" (as entered by a preparer)" if computed.source == "entered" else ""))
            if computed.ok:
                console.print(f"  {computed.headline or 'Computed.'}", soft_wrap=True, markup=False)
            else:
                console.print(f"  Not computed yet: {computed.error.message}", soft_wrap=True, markup=False)
            for note in computed.notes:
                console.print(f"  note: {note}", soft_wrap=True, markup=False, style="dim")
    if outcome.checklist:
        console.print("\n[bold]Checklist: attach and gather[/]")
        for item in outcome.checklist:
            console.print(f"  [ ] {item.text} ({item.source})", soft_wrap=True, markup=False)
    if outcome.problem is not None:
        console.print(f"\nThe screening cannot run yet: {outcome.problem.message}", soft_wrap=True, markup=False)
        return
    console.print()
    print_screening(outcome)


def register(app: typer.Typer) -> None:
    @app.command("case")
    @reports_bad_input
    def case(
        file: Path = typer.Argument(..., help="A case file, or a facts, IL-8857, Form 8379 or 6015(d) file (docs/case.md)."),
        as_json: bool = typer.Option(False, "--json", help="Print the whole outcome as JSON (the contract in docs/case.md)."),
        as_of: str = typer.Option(None, "--as-of", metavar="DATE", help=AS_OF_HELP),
    ) -> None:
        """Everything about a case: every form that applies with its numbers, findings, deadlines, plan, checklist."""
        outcome = outcome_of(file, as_of)
        if as_json:
            typer.echo(json.dumps(outcome.as_dict(), indent=2))
        else:
            print_outcome(outcome)

    @app.command("packet")
    @reports_bad_input
    def packet(
        file: Path = typer.Argument(..., help="A case file (exported from the web app), or a facts, IL-8857, Form 8379 or 6015(d) file."),
        output: Path = typer.Option(Path("packet"), "--output", "-o", help="A folder for the forms to mail (one PDF per envelope and packet-all.pdf), or a .pdf or .html file for the printable summary."),
        as_of: str = typer.Option(None, "--as-of", metavar="DATE", help=AS_OF_HELP),
        language: str = typer.Option("en", "--language", metavar="LANG",
                                     help="The language of the cover sheets and checklists (and of an .html summary): en (English) or es (Spanish). The official forms stay in English, as the IRS prints them."),
    ) -> None:
        """Write the filled official forms to mail, one PDF per envelope (or, with -o FILE.pdf/.html, the printable summary)."""
        from ..language import chosen_language

        language = chosen_language(language)
        kind = packet_output_kind(output)
        outcome = outcome_of(file, as_of)
        if kind == "folder":
            write_bundles(outcome, output, language)
            return
        from ..packet.view import outcome_view

        view = outcome_view(outcome)
        if kind == "html":
            from ..packet.html import render_html

            output.write_text(render_html(view, language), encoding="utf-8")
        else:
            from ..packet.pdf import render_pdf

            output.write_bytes(render_pdf(view))
        typer.echo(f"wrote {output}")


SUMMARY_SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def packet_output_kind(output: Path) -> str:
    """'folder' (the bundles), 'pdf' or 'html' (the printable summary); anything else is refused."""
    from ..errors import InputError

    if output.is_dir():
        return "folder"
    if output.exists():
        raise InputError("--output", f"{str(output)[:200]!r} is a file; give a folder for the forms to mail, or a name ending in .pdf or .html for the summary")
    kind = SUMMARY_SUFFIXES.get(output.suffix.lower())
    if kind is None and output.suffix:
        raise InputError("--output", f"{str(output)[:200]!r} ends in {output.suffix!r}; give a folder for the forms to mail, or a name ending in .pdf or .html for the summary")
    return kind or "folder"


def write_bundles(outcome, folder: Path, language: str = "en") -> None:
    """The packet a person mails, from the outcome (forms.source.inputs_from_outcome), one PDF per
    envelope; the cover sheets in ``language``."""
    from .. import DISCLAIMER
    from ..forms.packet import build_packet, write_packet
    from ..forms.source import inputs_from_outcome

    built = build_packet(inputs_from_outcome(outcome), language=language)
    if not built.bundles:
        typer.echo("No official form applies to this case yet: nothing was written. Answer the open questions first (spouse-relief case FILE lists them).")
        return
    written = write_packet(built, folder)
    for bundle, path in zip(built.bundles, written):
        signs, left = len(bundle.cover.to_sign), len(bundle.cover.left_to_fill)
        typer.echo(f"wrote {path}: {bundle.title} ({signs} to sign, {left} line(s) left to fill by hand; the cover sheet lists them)")
    typer.echo(f"wrote {written[-1]}: every envelope in one file")
    typer.echo(DISCLAIMER)

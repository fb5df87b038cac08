"""``spouse-relief forms FILE --form 8857 -o f8857.pdf``: one official form, filled from the case.

``--list-unfilled`` prints the lines left for the person (and what to sign) instead of, or as well
as, writing the PDF. The whole packet (``spouse-relief packet FILE -o DIR``) is written by
``spouse_relief.forms.packet.build_packet`` / ``write_packet``.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer


def fill_one(file: Path, form: str, year: int | None):
    """(filled form, instance) for one form of the case in FILE. Raises InputError in words."""
    from ..errors import InputError
    from ..forms.fill import fill
    from ..forms.source import FormInstance, applicable_forms, form_mapping, load_inputs, relief_years
    from ..io import read_document

    key = form.upper().replace("FORM", "").strip()
    if key in ("IL-8857", "IL8857"):
        raise InputError("form", "Form IL-8857 has no official fillable PDF here; it is part of the packet as a facsimile")
    inputs = load_inputs(read_document(file))
    applicable = [instance for instance in applicable_forms(inputs) if instance.form == key]
    if key == "8379":
        years = [instance.tax_year for instance in applicable] or sorted(inputs.f8379)
        if year is None:
            if len(years) != 1:
                raise InputError("year", "Form 8379 is filed once per tax year; choose the year with --year" + (f" ({', '.join(map(str, years))})" if years else ""))
            year = years[0]
        instance = FormInstance("8379", year, (year,))
    else:
        instance = applicable[0] if applicable else FormInstance(key, None, tuple(relief_years(inputs)))
    filled = fill(key, form_mapping(inputs, key, instance.tax_year, instance.years), instance.tax_year)
    return filled, instance, bool(applicable)


def register(app: typer.Typer) -> None:
    from ..cli import reports_bad_input  # here, not at the top: importing this module alone must not load the whole command line

    @app.command("forms")
    @reports_bad_input
    def forms(
        file: Path = typer.Argument(..., help="Case file (YAML or JSON): a saved case or a facts file; a 'forms' section holds the answers only forms ask."),
        form: str = typer.Option(..., "--form", help="Which official form: 8857, 8379, 911, 12153, 9465, 2848 or 656."),
        output: Path | None = typer.Option(None, "-o", "--output", help="Where to write the filled PDF."),
        year: int | None = typer.Option(None, "--year", help="Tax year (Form 8379 is one form per year)."),
        list_unfilled: bool = typer.Option(False, "--list-unfilled", help="List the lines left for you to fill and what to sign."),
        as_json: bool = typer.Option(False, "--json", help="With --list-unfilled: print the list as JSON."),
    ) -> None:
        """Fill one official IRS form from the case; signature and date are always left for you."""
        from ..errors import InputError

        if output is None and not list_unfilled:
            raise InputError("output", "give -o FILE.pdf to write the form, or --list-unfilled to see what is left to fill")
        filled, instance, applies = fill_one(file, form, year)
        if output is not None:
            output.write_bytes(filled.pdf)
            typer.echo(f"Wrote {filled.name}, {filled.revision}, to {output}.")
            if not applies:
                typer.echo(f"Note: the screening of this case does not call for {filled.name}; check that it is the form you need.")
            if filled.continuations:
                typer.echo(f"Some answers are longer than the form's boxes: the packet adds a continuation page ({', '.join('line ' + item.line for item in filled.continuations)}).")
        if list_unfilled:
            if as_json:
                typer.echo(json.dumps({"form": filled.form, "tax_year": filled.tax_year, "revision": filled.revision,
                                       "unfilled": [item.as_dict() for item in filled.unfilled]}, indent=2))
                return
            answers = [item for item in filled.unfilled if item.kind == "answer"]
            signs = [item for item in filled.unfilled if item.kind == "sign"]
            typer.echo(f"{filled.name}: {len(answers)} line(s) left for you to fill")
            for item in answers:
                typer.echo(f"  line {item.line}: {item.label}")
            typer.echo("To sign by hand:")
            for item in signs:
                typer.echo(f"  {item.label}")

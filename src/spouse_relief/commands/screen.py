"""``spouse-relief screen FILE`` and ``spouse-relief deadlines FILE``: the relief navigator.

Thin: read the file as a case, run the one pipeline (spouse_relief.pipeline.run), render the
screening part of its outcome. The JSON contract is documented in docs/navigator.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..cli import reports_bad_input

STATUS_STYLE = {"met": "green", "not_met": "red", "unknown": "yellow", "judgment": "cyan"}
MARKS = {"met": "[ok]", "not_met": "[no]", "unknown": "[??]", "judgment": "[~~]"}
STATUS_WORDS = {"met": "met", "not_met": "not met", "unknown": "unknown", "judgment": "judgment"}
DEADLINE_STYLE = {"open": "green", "at_risk": "yellow", "missed": "red", "not_started": "dim", "unknown": "yellow", "opens_later": "cyan", "open_now": "green"}
DEADLINE_WORDS = {
    "open": "open",
    "at_risk": "file now (sources differ)",
    "missed": "MISSED",
    "not_started": "not started",
    "unknown": "unknown",
    "opens_later": "opens later",
    "open_now": "open now",
}


def _status(status: str) -> str:
    return f"[{STATUS_STYLE[status]}]{STATUS_WORDS[status]}[/]"


def _deadline_cell(finding) -> str:
    shown = finding.deadline
    if shown is None:
        if finding.status == "not_met":
            return "-"
        waiting = [d for d in finding.deadlines if d.status == "not_started"]
        return "clock not started" if waiting else "-"
    style = DEADLINE_STYLE.get(shown.status, "white")
    return f"[{style}]{shown.date.isoformat()}[/]" + (" (missed)" if shown.status == "missed" else "")


def _print_finding_detail(console, finding) -> None:
    from rich.markup import escape
    from rich.table import Table

    title = finding.title + (f" - {finding.tax_year}" if finding.tax_year else "")
    console.print(f"\n[bold]{title}[/]: {_status(finding.status)}" + ("  [dim](uses unverified rules)[/]" if finding.unverified else ""))
    if finding.summary:
        console.print(f"  {finding.summary}", soft_wrap=True, markup=False)
    order = {"not_met": 0, "unknown": 1, "judgment": 2, "met": 3}
    for condition in sorted(finding.conditions, key=lambda c: order[c.status]):
        mark = MARKS[condition.status]
        console.print(f"  [{STATUS_STYLE[condition.status]}]{escape(mark)}[/] {condition.label}" + (" [dim][U][/]" if condition.unverified else ""), soft_wrap=True)
        for reason in condition.reasons:
            console.print(f"      {reason}", soft_wrap=True, markup=False, style="dim" if condition.status == "met" else None)
    if finding.factors:
        table = Table(title="Factors (the IRS weighs them; the tool does not decide)", show_lines=True)
        table.add_column("Favoring relief", style="green")
        table.add_column("Neutral")
        table.add_column("Against relief", style="red")
        cells = {weight: [] for weight in ("favoring", "neutral", "against")}
        for factor in finding.factors:
            if factor.weighs in cells:
                cells[factor.weighs].append(f"{factor.label}: {factor.reason}")
        table.add_row(*("\n".join(cells[w]) or "-" for w in ("favoring", "neutral", "against")))
        console.print(table)
        unanswered = [factor for factor in finding.factors if factor.weighs == "unknown"]
        for factor in unanswered:
            console.print(f"  ? {factor.label}: {factor.reason}", soft_wrap=True, markup=False)
    if finding.missing:
        console.print("  Questions that would settle it:")
        for question in finding.missing:
            console.print(f"    ? {question.text}  [{question.field}]", soft_wrap=True, markup=False)
    for note in finding.notes:
        console.print(f"  note: {note}", style="dim", soft_wrap=True, markup=False)


def _print_deadlines(console, deadlines, *, steps: bool) -> None:
    from rich.table import Table

    if not deadlines:
        console.print("No deadlines: no open path has a date yet.")
        return
    table = Table(title="Deadlines (IRC 7503: a last day on a weekend or DC legal holiday moves to the next business day)")
    table.add_column("Date")
    table.add_column("What")
    table.add_column("Status")
    table.add_column("Last day before the move")
    for deadline in deadlines:
        style = DEADLINE_STYLE.get(deadline.status, "white")
        shown = deadline.date.isoformat() if deadline.date else "-"
        moved = deadline.last_day.isoformat() if deadline.last_day and deadline.date and deadline.last_day != deadline.date else ""
        table.add_row(f"[{style}]{shown}[/]", deadline.title + (" [U]" if deadline.unverified else ""), f"[{style}]{DEADLINE_WORDS[deadline.status]}[/]", moved)
    console.print(table)
    if not steps:
        return
    for deadline in deadlines:
        console.print(f"\n[bold]{deadline.title}[/]")
        for index, step in enumerate(deadline.steps, 1):
            console.print(f"  {index}. {step.text}", soft_wrap=True, markup=False)
        for note in deadline.notes:
            console.print(f"  note: {note}", style="dim", soft_wrap=True, markup=False)
        for question in deadline.missing:
            console.print(f"  ? {question.text}  [{question.field}]", soft_wrap=True, markup=False)
        if deadline.status == "missed":
            console.print("  Missed. What remains possible:", style="red")
            for remaining in deadline.remaining:
                console.print(f"    - {remaining}", soft_wrap=True, markup=False)
        for citation in deadline.citations:
            console.print(f"  source: {citation}", style="dim", soft_wrap=True, markup=False)


def _print_plan(console, plan) -> None:
    from rich.panel import Panel

    console.print("\n[bold]The plan[/]")
    if not plan.items:
        console.print("No form to send yet: answer the open questions above first.")
    for item in plan.items:
        lines = [item.why]
        if item.revision:
            lines.append(f"Revision: {item.revision}")
        if item.deadline and item.deadline.date:
            lines.append(f"Send by: {item.deadline.date.isoformat()}")
        for heading, entries in (("Attach", item.attachments), ("Evidence that matters here", item.evidence), ("Send to", item.send_to), ("What happens next", item.next_steps)):
            if entries:
                lines.append(f"{heading}:")
                lines.extend(f"  - {entry}" for entry in entries)
        if item.url:
            lines.append(f"Official form: {item.url}")
        console.print(Panel("\n".join(lines), title=item.form, title_align="left"), markup=False)
    if plan.safety:
        lines = [f"- {note}" for note in plan.safety]
        console.print(Panel("\n".join(lines), title="Safety", title_align="left", border_style="yellow"), markup=False)


def _footer(console, plan) -> None:
    from .. import DISCLAIMER

    console.print()
    for title, url in plan.links:
        console.print(f"{title}: {url}", soft_wrap=True, markup=False)
    console.print()
    console.print(DISCLAIMER, soft_wrap=True, markup=False)


def print_screening(screening) -> None:
    """The findings, deadlines and plan of an outcome (``as_of``, ``request_date``, ``findings``, ``deadlines``, ``plan``)."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]Relief screening[/] as of {screening.as_of.isoformat()} (Form 8857 sent on {screening.request_date.isoformat()})")
    per_year: dict = {}
    case_level = []
    for finding in screening.findings:
        if finding.tax_year is None:
            case_level.append(finding)
        else:
            per_year.setdefault(finding.tax_year, []).append(finding)
    for tax_year, findings in per_year.items():
        table = Table(title=f"Tax year {tax_year}")
        table.add_column("Path")
        table.add_column("Status")
        table.add_column("Deadline")
        table.add_column("Why (first reason)")
        for finding in findings:
            first = finding.reasons[0] if finding.reasons else ""
            table.add_row(finding.title, _status(finding.status), _deadline_cell(finding), first)
        console.print(table)
        for finding in findings:
            if finding.status != "not_met" and finding.id != "form8857_may_be_filed":
                _print_finding_detail(console, finding)
    table = Table(title="Beside or instead of relief")
    table.add_column("Option")
    table.add_column("Status")
    table.add_column("Why (first reason)")
    for finding in case_level:
        table.add_row(finding.title, _status(finding.status), finding.reasons[0] if finding.reasons else "")
    console.print(table)
    console.print()
    _print_deadlines(console, screening.deadlines, steps=False)
    _print_plan(console, screening.plan)
    _footer(console, screening.plan)


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: a failure never leaves half a file."""
    import os
    import tempfile

    from ..errors import InputError

    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("--ics", f"the folder {str(folder)!r} does not exist")
    if target.is_dir():
        raise InputError("--ics", f"{str(target)!r} is a folder, not a file")
    handle = None
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            handle = None
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise InputError("--ics", f"cannot write {str(target)!r}: {exc.strerror or exc}") from None
    finally:
        if handle is not None:
            os.close(handle)
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


def _screened(file: Path, as_of: str | None):
    """The outcome of a file, refusing (exit 2) one whose facts stop the screening."""
    from ..errors import InputError
    from .case import outcome_of

    outcome = outcome_of(file, as_of)
    if outcome.problem is not None:
        raise InputError(outcome.problem.field.removeprefix("facts.").removeprefix("facts"), outcome.problem.message)
    return outcome


def register(app: typer.Typer) -> None:
    from .case import AS_OF_HELP

    @app.command("screen")
    @reports_bad_input
    def screen(
        file: Path = typer.Argument(..., help="Facts file (YAML or JSON); see docs/navigator.md and examples/screen/."),
        as_json: bool = typer.Option(False, "--json", help="Print the findings, deadlines and plan as JSON."),
        as_of: str = typer.Option(None, "--as-of", metavar="DATE", help=AS_OF_HELP),
    ) -> None:
        """Which relief applies (innocent spouse, separation of liability, equitable, 66(c), injured spouse, Illinois), by when, and what to send."""
        outcome = _screened(file, as_of)
        if as_json:
            typer.echo(json.dumps(outcome.screening.as_dict(), indent=2))
        else:
            print_screening(outcome)

    @app.command("deadlines")
    @reports_bad_input
    def deadlines(
        file: Path = typer.Argument(..., help="Facts file (YAML or JSON); see docs/navigator.md."),
        ics: Path | None = typer.Option(None, "--ics", help="Also write the deadlines still ahead as an iCalendar file."),
        as_json: bool = typer.Option(False, "--json", help="Print the deadlines as JSON."),
        as_of: str = typer.Option(None, "--as-of", metavar="DATE", help=AS_OF_HELP),
        language: str = typer.Option("en", "--language", metavar="LANG",
                                     help="The language of the calendar file (--ics): en (English) or es (Spanish), as the web gives it."),
    ) -> None:
        """The deadlines of every open path, each with the steps that produced it and its citation."""
        from .. import DISCLAIMER
        from ..language import chosen_language

        language = chosen_language(language)
        screening = _screened(file, as_of)
        written = None
        if ics is not None:
            from ..packet.calendar import calendar_bytes, written_deadlines

            _write_atomically(ics, calendar_bytes(screening.deadlines, language=language))
            written = len(written_deadlines(screening.deadlines))
        if as_json:
            payload = {
                "as_of": screening.as_of.isoformat(),
                "request_date": screening.request_date.isoformat(),
                "disclaimer": DISCLAIMER,
                "deadlines": [deadline.as_dict() for deadline in screening.deadlines],
            }
            if ics is not None:
                payload["ics"] = {"file": str(ics), "events": written}
            typer.echo(json.dumps(payload, indent=2))
            return
        from rich.console import Console

        console = Console()
        _print_deadlines(console, screening.deadlines, steps=True)
        if ics is not None:
            console.print(f"\nWrote {written} event(s) to {ics}", markup=False)
        _footer(console, screening.plan)

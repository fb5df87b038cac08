"""``spouse-relief f8379 FILE`` and ``spouse-relief f6015d FILE``: the federal numbers.

Form 8379 (injured spouse allocation, with an estimate of the injured spouse's refund) and the
separation-of-liability split of a deficiency under IRC 6015(c)/(d). Thin: read, compute, render.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..cli import reports_bad_input


def _money(value) -> str:
    from ..money import format_usd

    return format_usd(value)


def _explain(trace, step: str) -> str:
    from ..errors import InputError

    wanted = step.strip().lower()
    found = [entry for entry in trace if entry.line.lower() == wanted or entry.line.lower().endswith(": " + wanted)]
    if not found:
        found = [entry for entry in trace if wanted in entry.line.lower()]
    if not found:
        steps = sorted({entry.line for entry in trace})
        raise InputError("--explain", f"no step named {step!r}; steps are: {', '.join(steps)}")
    return "\n\n".join(entry.explain() for entry in found)


def _footer(console, links: dict[str, str]) -> None:
    from .. import DISCLAIMER

    console.print()
    for title, url in links.items():
        console.print(f"{title}: {url}", soft_wrap=True)
    console.print()
    console.print(DISCLAIMER, soft_wrap=True)


def _print_f8379(result) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Form 8379, Part III - tax year {result.tax_year}")
    table.add_column("Line")
    table.add_column("Item")
    table.add_column("(a) Joint return", justify="right")
    table.add_column("(b) Injured spouse", justify="right")
    table.add_column("(c) Other spouse", justify="right")
    for line, columns in result.allocation.items():
        label = result.line_labels.get(line, "Qualified business income deduction" if line == "QBI" else line)
        if "exemption" in label.lower():
            cells = [str(int(columns[c])) for c in ("joint", "injured", "other")]
        else:
            cells = [_money(columns[c]) for c in ("joint", "injured", "other")]
        table.add_row(line, label, *cells)
    console.print(table)

    summary = Table(title="Estimate of the injured spouse's refund (IRM 25.18.5)")
    summary.add_column("Step")
    summary.add_column("Injured spouse", justify="right")
    summary.add_column("Other spouse", justify="right")
    summary.add_row("Separate taxable income", _money(result.taxable_income["injured"]), _money(result.taxable_income["other"]))
    summary.add_row("Separate tax (married filing separately)", _money(result.separate_tax["injured"]), _money(result.separate_tax["other"]))
    summary.add_row(f"Share of the joint tax of {_money(result.joint_tax)}", _money(result.share_of_tax["injured"]), _money(result.share_of_tax["other"]))
    summary.add_row("Share of the earned income credit", _money(result.earned_income_credit["injured"]), _money(result.earned_income_credit["other"]))
    summary.add_row("Payments and refundable credits", _money(result.payments_and_credits["injured"]), _money(result.payments_and_credits["other"]))
    summary.add_row("Share of the overpayment", _money(result.injured_spouse_refund), _money(result.available_for_offset))
    console.print(summary)

    console.print(
        f"The joint overpayment is {_money(result.joint_overpayment)}. Of it, an estimated "
        f"{_money(result.injured_spouse_refund)} is the injured spouse's and should be refunded on Form 8379; "
        f"{_money(result.available_for_offset)} is the other spouse's share, which the offset can take.",
        soft_wrap=True,
    )
    if result.offset:
        console.print(
            f"The debt ({result.offset['debt_type_name']}) of {_money(result.offset['amount'])}: "
            f"{_money(result.offset['applied_to_debt'])} would be paid from the other spouse's share, "
            f"{_money(result.offset['refund_to_other_spouse'])} refunded to the other spouse, "
            f"{_money(result.offset['debt_left_unpaid'])} of the debt left unpaid.",
            soft_wrap=True,
        )
    if result.community_property:
        cp = result.community_property
        console.print(
            f"Community-property state {cp['state']} ({cp['ruling']}): {cp['rule']}. Refund after this rule: "
            f"{_money(cp['refund_after_community_rule'])}.",
            soft_wrap=True,
        )
    for note in result.notes:
        console.print(f"Note: {note}", soft_wrap=True)
    for text in result.unverified:
        console.print(f"Unverified: {text}", soft_wrap=True)
    console.print("Run with --explain STEP (a line such as 15 or 20, or 'share of tax', 'injured spouse refund') to see how a number was computed.")
    from ..worksheets.f8379 import FORM_LINKS

    _footer(console, FORM_LINKS)


def _print_f6015d(result) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    names = result.names
    if result.deficiency is not None:
        table = Table(title=f"Separation of liability, IRC 6015(c)/(d) - tax year {result.tax_year}")
        table.add_column("Part")
        table.add_column(f"{names['requesting']} (requesting)", justify="right")
        table.add_column(f"{names['other']} (other)", justify="right")
        parts = (
            ("proportionate", "Proportionate share of the erroneous items"),
            ("known_items", "Items actually known of (and item deficiencies entered)"),
            ("separate_treatment", "Credits and other taxes (separate treatment)"),
            ("child_liability", "Child's liability"),
            ("alternative_minimum_tax", "Alternative minimum tax (not allocated)"),
            ("penalties", "Penalties from the spouse's items"),
            ("disqualified_assets", "Disqualified assets received"),
        )
        for key, label in parts:
            cells = []
            for spouse in ("requesting", "other"):
                portion = result.portions[spouse]
                cells.append(_money(portion[key]) if key in portion else "-")
            table.add_row(label, *cells)
        table.add_row("Liable for", _money(result.portions["requesting"]["total"]), _money(result.portions["other"]["total"]))
        console.print(table)
        whole = result.deficiency + result.penalties
        console.print(
            f"Of the deficiency and penalties of {_money(whole)}, {names['requesting']} would be liable for "
            f"{_money(result.portions['requesting']['total'])} and relieved of {_money(result.relief['requesting'])}. "
            + (
                f"{names['other']} also elects and would be liable for {_money(result.portions['other']['total'])}."
                if result.relief["other"] is not None
                else f"{names['other']} does not elect and stays liable for the whole {_money(whole)}."
            )
            + " The IRS never collects more than the whole in total; separation of liability gives no refund.",
            soft_wrap=True,
        )
    if result.partial_relief:
        partial = result.partial_relief
        console.print(
            f"Partial relief under 6015(b)(2): understatement with the whole item {_money(partial['understatement_full'])}, "
            f"with only the known part {_money(partial['understatement_known'])}; relief for the unknown part "
            f"{_money(partial['relief'])}.",
            soft_wrap=True,
        )
    for note in result.notes:
        console.print(f"Note: {note}", soft_wrap=True)
    for text in result.unverified:
        console.print(f"Unverified: {text}", soft_wrap=True)
    console.print("Run with --explain STEP (e.g. 'requesting: total', 'relief', 'item 1') to see how a number was computed.")
    from ..worksheets.f6015d import FORM_LINKS

    _footer(console, FORM_LINKS)


def register(app: typer.Typer) -> None:
    @app.command("f8379")
    @reports_bad_input
    def f8379(
        file: Path = typer.Argument(..., help="A YAML or JSON case: the joint return's items (docs/f8379.md)."),
        as_json: bool = typer.Option(False, "--json", help="Print the JSON contract instead of tables."),
        explain_step: str = typer.Option(None, "--explain", metavar="STEP", help="Show how a line or step came to be (e.g. 15, 20, 'share of tax')."),
    ) -> None:
        """Form 8379 Part III and an estimate of the injured spouse's refund (IRM 25.18.5)."""
        from ..io import read_document
        from ..worksheets.f8379 import compute, parse_input

        result = compute(parse_input(read_document(file)))
        if explain_step is not None:
            typer.echo(_explain(result.trace, explain_step))
            return
        if as_json:
            typer.echo(json.dumps(result.as_dict(), indent=2))
            return
        _print_f8379(result)

    @app.command("f6015d")
    @reports_bad_input
    def f6015d(
        file: Path = typer.Argument(..., help="A YAML or JSON case: the deficiency and its erroneous items (docs/f6015d.md)."),
        as_json: bool = typer.Option(False, "--json", help="Print the JSON contract instead of tables."),
        explain_step: str = typer.Option(None, "--explain", metavar="STEP", help="Show how a step came to be (e.g. 'relief', 'requesting: total')."),
    ) -> None:
        """Separation of liability: each spouse's portion of a deficiency under IRC 6015(c)/(d)."""
        from ..io import read_document
        from ..worksheets.f6015d import compute, parse_input

        result = compute(parse_input(read_document(file)))
        if explain_step is not None:
            typer.echo(_explain(result.trace, explain_step))
            return
        if as_json:
            typer.echo(json.dumps(result.as_dict(), indent=2))
            return
        _print_f6015d(result)

"""The one check a stored case passes: on every save, on import, on every read, and in the sweep
of the migration (:func:`check_all` / ``spouse-relief serve --check-cases``).

The check reads the case with the same models the views read it with: the case file itself, its
facts (the screening's facts model), and each year's worksheet documents (the parsers of IL-8857,
Form 8379 and IRC 6015(d)). A worksheet that cannot be computed yet (a line still missing) is fine;
a value of the wrong shape (a list where a group of answers belongs, an amount of 1e26, a date
that is not a date) is not.

:func:`parse_stored` is the single place the storage layer calls the case model, so moving to a
new case model changes one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import InputError


def parse_stored(document: Any):
    """The case model's parse function (raises InputError naming the field); old versions upgrade on read."""
    from ..case import parse_case

    return parse_case(document)


@dataclass(frozen=True)
class Problem:
    """What is wrong with a stored case, in words: the field and the message."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def _shape_errors(error: InputError) -> bool:
    """True for errors of shape (what the views cannot read), False for answers still missing."""
    text = error.message
    return not (text == "is required" or text.startswith(("add a ", "enter ", "answer ")))


def problems(document: Any) -> list[Problem]:
    """Every problem that stops the views from reading this document (empty when it is valid)."""
    try:
        case = parse_stored(document)
    except InputError as exc:
        return [Problem(exc.field or "case", exc.message)]
    except Exception as exc:  # noqa: BLE001 - anything the model cannot read is a problem to show
        return [Problem("case", f"cannot be read ({type(exc).__name__})")]
    found: list[Problem] = []
    parsers = _worksheet_parsers()
    years = {year.year: year for year in case.facts.tax_years}
    derivations = _derivations()
    for override in case.overrides:  # a preparer's entry, read with the case's dates as the pipeline reads it
        form, year = override.form, years.get(override.tax_year)
        where = f"tax_years.{override.tax_year}.{form}"
        if year is None or form not in derivations:
            continue
        try:
            derived = derivations[form](case, year)
            if derived is not None and derived.source == "entered" and parsers.get(form) is not None:
                parsers[form](derived.document)
        except InputError as exc:
            if _shape_errors(exc):
                found.append(Problem(f"{where}.{exc.field}".rstrip("."), exc.message))
        except Exception as exc:  # noqa: BLE001 - anything the worksheet cannot read is a problem to show
            found.append(Problem(where, f"cannot be read ({type(exc).__name__})"))
    return found


def _derivations() -> dict[str, Any]:
    """Each form's input as the pipeline derives it from the case (overrides with the case's dates)."""
    from .. import derive

    today = date.today()
    return {"il8857": lambda case, year: derive.il8857_input(case, year, today),
            "f8379": derive.f8379_input, "f6015d": derive.f6015d_input}


def _worksheet_parsers() -> dict[str, Any]:
    import importlib

    parsers: dict[str, Any] = {}
    for key, (module, function) in {"il8857": ("worksheets.il8857", "parse_il8857"),
                                    "f8379": ("worksheets.f8379", "parse_input"),
                                    "f6015d": ("worksheets.f6015d", "parse_input")}.items():
        try:
            parsers[key] = getattr(importlib.import_module(f"spouse_relief.{module}"), function)
        except (ModuleNotFoundError, AttributeError):  # pragma: no cover - not in this build
            parsers[key] = None
    return parsers


def check(document: Any) -> None:
    """Raise InputError naming the first problem (the message the save and import refuse with)."""
    found = problems(document)
    if found:
        raise InputError(found[0].field, found[0].message)


@dataclass
class Sweep:
    cases: int = 0
    invalid: int = 0
    unreadable: int = 0
    details: list[tuple[str, list[Problem]]] | None = None


def check_all(store) -> Sweep:
    """Visit every stored case: how many there are, how many no longer validate (they open in the
    repair view) and how many cannot be decrypted. Never changes a case."""
    sweep = Sweep(details=[])
    for case_id, document in store.every_case():
        sweep.cases += 1
        if document is None:
            sweep.unreadable += 1
            sweep.details.append((case_id, [Problem("case", "cannot be decrypted with this key")]))
            continue
        found = problems(document)
        if found:
            sweep.invalid += 1
            sweep.details.append((case_id, found))
    return sweep

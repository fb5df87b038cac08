"""Loading and saving a case for the pages and the API (the only place they touch the store)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import Request

from ..errors import InputError
from ..case import Case, parse_case
from ..storage.store import Account, SavedCase
from . import security


@dataclass
class Loaded:
    account: Account
    saved: SavedCase
    case: Case

    @property
    def id(self) -> str:
        return self.saved.id

    @property
    def version(self) -> int:
        return self.saved.version


def store(request: Request):
    return request.app.state.store


def account(request: Request) -> Account:
    found = security.current_account(request)
    request.state.account = found
    return found


def load(request: Request, case_id: str) -> Loaded:
    owner = account(request)
    saved = store(request).get_case(owner, case_id)
    return Loaded(owner, saved, parse_case(saved.document))


def outcome(request: Request, case: Case):
    """The case's outcome (spouse_relief.pipeline.run) as of the app's today."""
    from ..pipeline import run

    return run(case, request.app.state.settings.today())


def view(request: Request, loaded: Loaded, case: Case | None = None):
    """The outcome of the loaded case (or of a changed copy of it), in words, for the pages."""
    from ..packet.view import outcome_view

    return outcome_view(outcome(request, case or loaded.case))


def entered_form_error(outcome) -> InputError | None:
    """The first error in a form document a preparer entered (it is refused, never saved broken)."""
    for year in outcome.years:
        for computed in year.worksheets.values():
            if computed.source == "entered" and computed.error is not None:
                return computed.error
    return None


def save(request: Request, loaded: Loaded, case: Case, expected_version: int) -> SavedCase:
    """Validate the whole case once more and save it whole, refusing a stale version."""
    checked = parse_case(case.as_document())
    return store(request).save_case(loaded.account, loaded.id, checked.as_document(), expected_version)


def form_version(value) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise InputError("version", "the form is missing the case's version; reload the page") from None


_ITEM_FIELD = re.compile(r"^items(?:\[(\d+)\]|\.(\d+))\.?(.*)$")


def item_error_field(field: str) -> tuple[int | None, str]:
    """'items[3].amount' or 'items.3.amount' -> (3, 'amount')."""
    match = _ITEM_FIELD.match(field)
    if not match:
        return None, field
    index = int(match.group(1) or match.group(2))
    return index, match.group(3) or "kind"

"""Loading and saving a case for the pages and the API (the only place they touch the store).

A case's outcome and printable PDF are kept per process (:class:`Kept`), keyed by the owner
who loaded the case in this request, the SHA-256 of the case's whole content and the date they
are as of: most page views show a case that has not changed since the last one. A key made from
the content (never from an id or a version number alone) cannot serve an outcome for anything but
exactly that case, and the owner in the key means one person's kept outcome is never handed to
another, even for a case with the same content. A request that has not loaded a case of its
owner's keeps nothing.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request

from ..errors import InputError
from ..case import Case, parse_case
from ..storage.store import Account, SavedCase
from . import security
from .i18n import language_of


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


class Kept:
    """A bounded, thread-safe least-recently-used map, one per process (never shared between processes)."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = make()  # outside the lock: two requests may both make it; the last one is kept
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


OUTCOMES = Kept(256)  # an outcome is about 1 MB of Python objects for a three-year case
PDFS = Kept(32)  # a packet PDF is 50-500 kB


def load(request: Request, case_id: str) -> Loaded:
    owner = account(request)
    saved = store(request).get_case(owner, case_id)
    loaded = Loaded(owner, saved, parse_case(saved.document))
    request.state.case_owner = owner.id
    return loaded


def content_digest(case: Case) -> str:
    """The SHA-256 of the case's whole content (every field, as the JSON the model writes)."""
    return hashlib.sha256(case.model_dump_json().encode("utf-8")).hexdigest()


def kept_key(request: Request, case: Case) -> tuple | None:
    """(owner, content digest, as of) when this request loaded a case of its owner's; else None (nothing kept)."""
    owner = getattr(request.state, "case_owner", None)
    if owner is None:
        return None
    return owner, content_digest(case), _today(request)


def _today(request: Request) -> date:
    return request.app.state.settings.today()


def outcome(request: Request, case: Case):
    """The case's outcome (spouse_relief.pipeline.run) as of the app's today."""
    from ..pipeline import run

    key = kept_key(request, case)
    if key is None:
        return run(case, _today(request))
    return OUTCOMES.get(key, lambda: run(case, key[-1]))


def calendar_download(outcome, request: Any = None):
    """The outcome's deadlines as a calendar file to download (the same for a saved case and a draft),
    in the language of the pages."""
    from fastapi.responses import Response

    from ..packet.calendar import outcome_calendar

    return Response(outcome_calendar(outcome, language_of(request)), media_type="text/calendar", headers={"Content-Disposition": 'attachment; filename="spouse-relief-deadlines.ics"'})


def packet_pdf(request: Request, loaded: Loaded) -> bytes:
    """The printable packet of the stored case (spouse_relief.packet.pdf), made once per content and day.

    It is made in a helper process at a lower priority (:func:`_pdf_helper`): a packet takes about
    half a second of CPU, which in this process would hold the interpreter lock against every page
    view. If the helper cannot be used, or fails, the packet is made here, so errors read as always.
    """
    key = kept_key(request, loaded.case)
    if key is None:
        return _render_here(request, loaded)
    return PDFS.get((*key, language_of(request)), lambda: _render_elsewhere(request, loaded, key[-1]))


def _render_here(request: Request, loaded: Loaded) -> bytes:
    from ..packet.pdf import render_pdf

    return render_pdf(view(request, loaded), language_of(request))


def render_packet_pdf(document: dict, as_of: date, language: str = "en") -> bytes:
    """A stored case's document to its packet PDF in a language (what the helper process runs)."""
    from ..packet.pdf import render_pdf
    from ..packet.view import outcome_view
    from ..pipeline import run

    return render_pdf(outcome_view(run(parse_case(document), as_of)), language)


def _render_elsewhere(request: Request, loaded: Loaded, as_of: date) -> bytes:
    helper = _pdf_helper() if request.app.state.settings.pdf_helper else None
    if helper is not None:
        try:
            return helper.submit(render_packet_pdf, loaded.saved.document, as_of, language_of(request)).result()
        except Exception:  # noqa: BLE001 - a broken helper or an error it cannot send back: made here instead
            pass
    return _render_here(request, loaded)


_helper = None
_helper_lock = threading.Lock()


def _lower_priority() -> None:
    """The helper process's start: a lower priority than the pages, and an end with its server
    (a server stopped without its exit handlers, killed for one, must not leave it running)."""
    import os

    if hasattr(os, "nice"):
        os.nice(10)
    server = os.getppid()

    def follow_the_server() -> None:
        import time

        while os.getppid() == server:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=follow_the_server, name="follow-the-server", daemon=True).start()


def _pdf_helper():
    """One helper process per server process, started on the first packet (None where none can start)."""
    global _helper
    with _helper_lock:
        if _helper is None:
            try:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                _helper = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_lower_priority)
                atexit.register(_helper.shutdown, cancel_futures=True)
            except (OSError, ImportError, ValueError):
                _helper = False
        return _helper or None


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

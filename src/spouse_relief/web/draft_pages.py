"""What to do now, the deadlines and the filled official forms of the case answered without an account.

The case lives only in the person's browser (:mod:`.anonymous`); these pages compute from it as it
is on each request, with the one pipeline (``pipeline.run`` through :func:`.cases.outcome`, which
keeps nothing for a request that loaded no saved case) and the same packet builder as a saved
case's forms page (:func:`.packet_pages.build_case_packet`). Nothing is stored on the server and
nothing is kept between requests, so one browser's answers never reach another's page.

Each page says that the answers are only in this browser and offers to save the case in an account
(the answers carry over: ``/start/check``, then "Save and continue").
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from . import cases, i18n
from .app import render
from .interview_pages import DraftCase, _draft
from .packet_pages import build_case_packet, checked_file_name, packet_file, plain_marks

router = APIRouter(include_in_schema=False)
BASE = "/start"


def draft_outcome(request: Request):
    """(the draft case, its outcome), or (None, None) when this browser holds no first answers."""
    _kept, case = _draft(request)
    if case is None:
        return None, None
    return case, cases.outcome(request, case)


def _context(request: Request, case, view) -> dict:
    from .start_pages import _logged_in

    account = _logged_in(request)
    return {"loaded": DraftCase(case), "case": case, "view": view, "OFFICIAL_LINKS": view.links, "base": BASE, "anonymous": True,
            "draft_notice": True, "logged_in": account is not None}


def _start_over() -> RedirectResponse:
    return RedirectResponse("/start/what-happened", status_code=303)


@router.get("/start/results")
def draft_results(request: Request):
    from ..packet.view import outcome_view
    from .results_view import results_context

    case, outcome = draft_outcome(request)
    if case is None:
        return _start_over()
    view = outcome_view(outcome)
    return render(request, "results.html", {**_context(request, case, view), **results_context(view, case)})


@router.get("/start/calendar.ics")
def draft_calendar(request: Request):
    case, outcome = draft_outcome(request)
    if case is None:
        return _start_over()
    return cases.calendar_download(outcome, request)


@router.get("/start/forms")
def draft_forms(request: Request):
    from ..packet.view import outcome_view

    case, outcome = draft_outcome(request)
    if case is None:
        return _start_over()
    view = outcome_view(outcome)
    return render(request, "packet_forms.html", {**_context(request, case, view), "packet": build_case_packet(outcome, i18n.language_of(request)),
                                                 "questions": len(outcome.questions), "plain_marks": lambda text: plain_marks(text, i18n.language_of(request))})


@router.get("/start/forms/{file_name}")
def draft_forms_file(request: Request, file_name: str):
    checked_file_name(file_name)
    case, outcome = draft_outcome(request)
    if case is None:
        return _start_over()
    return packet_file(build_case_packet(outcome, i18n.language_of(request)), file_name)

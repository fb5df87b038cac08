"""The front door: the start page, "What happened?", checking those answers, the language switch.

No login is needed for any of these. The answers are kept in the browser (:mod:`.anonymous`)
until the person saves them to an account, which turns them into a saved case.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from ..case import FORMAT, VERSION, Case, parse_case
from ..errors import InputError
from . import anonymous, cases, i18n, security, triage
from .app import render

router = APIRouter(include_in_schema=False)
TRIAGE_PATH = "/start/what-happened"
CHECK_PATH = "/start/check"


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _logged_in(request: Request):
    try:
        return cases.account(request)
    except security.LoginRequired:
        return None


def _local(target: str | None, default: str = "/") -> str:
    """Only a path on this site (no scheme, no host, no '//')."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def _today(request: Request):
    return request.app.state.settings.today()


@router.get("/")
def start_page(request: Request):
    _logged_in(request)
    draft = anonymous.read(request)
    return render(request, "start.html", {"quick_exit": True, "started": draft.triage is not None})


@router.get("/language/{code}")
def choose_language(request: Request, code: str):
    target = _local(request.query_params.get("next"))
    response = _redirect(target)
    if code in i18n.LANGUAGES:
        security.set_cookie(response, request, i18n.COOKIE, code, max_age=365 * 24 * 3600, same_site="lax")
    return response


def _triage_page(request: Request, values: dict[str, Any], errors: dict[str, str], status_code: int = 200, links=None):
    return render(
        request,
        "triage.html",
        {
            **(links or {}),
            "quick_exit": True,
            "values": values,
            "errors": errors,
            "what_happened": triage.WHAT_HAPPENED,
            "hints": triage.WHAT_HAPPENED_HINTS,
            "states": triage.STATES,
            "years": triage.offered_years(_today(request)),
            "logged_in": _logged_in(request) is not None,
        },
        status_code=status_code,
    )


@router.get(TRIAGE_PATH)
def triage_page(request: Request):
    _logged_in(request)
    draft = anonymous.read(request)
    return _triage_page(request, triage.values_from(draft.triage, _today(request)), {}, links=draft_links(request))


@router.post(TRIAGE_PATH)
async def triage_save(request: Request):
    form = await request.form()
    security.check_csrf(request, form.get(security.CSRF_FIELD))
    _logged_in(request)
    answers, errors, values = triage.parse(form, _today(request))
    if errors:
        translate = i18n.translator(request)
        return _triage_page(request, values, {name: translate(message) for name, message in errors.items()}, status_code=422,
                            links=draft_links(request))
    draft = anonymous.read(request)
    if draft.case and answers != draft.triage:
        draft.case = carry_over(draft.case, answers)
    draft.triage = answers
    response = _redirect(CHECK_PATH)
    anonymous.write(response, request, draft)
    return response


@router.get(CHECK_PATH)
def check_page(request: Request):
    account = _logged_in(request)
    draft = anonymous.read(request)
    if draft.triage is None:
        return _redirect(TRIAGE_PATH)
    return render(
        request,
        "triage_check.html",
        {
            "quick_exit": True,
            "answers": draft.triage,
            "what_happened": triage.WHAT_HAPPENED,
            "states": triage.STATES,
            "logged_in": account is not None,
            "full": request.query_params.get("full") == "1",
            "answered_without_account": bool(draft.case and draft.case.get("answered")),
            "next_here": quote(CHECK_PATH, safe=""),
            **draft_links(request),
        },
    )


def draft_links(request: Request) -> dict[str, Any]:
    """The footer's official links from the outcome of the case in this browser, as a saved case's
    pages take them from its outcome (an injured spouse alone is not pointed to Form 8857)."""
    from .interview_pages import _draft

    _kept, case = _draft(request)
    if case is None or not case.tax_years:
        return {}
    return {"OFFICIAL_LINKS": cases.outcome(request, case).links}


def seed_case(answers: dict[str, Any], title: str) -> Case:
    """A new saved case from the first answers (the mapping in docs/web.md, "The first answers").

    "What happened?" is a choose-all-that-apply question: when the person chose what happened
    (not "I am not sure"), what they did not choose is an answer too (no tax is said to be
    missing, no refund was taken), unless the IRS is collecting, which says tax is owed. The
    answers are recorded as given, so "Check your answers" lists them with a "Change" link.
    """
    happened = set(answers.get("what_happened") or [])
    definite = bool(happened) and "not_sure" not in happened
    states = [code for code in answers.get("states") or [] if code != triage.UNSURE]
    years = list(answers.get("tax_years") or [])
    facts_years = []
    answered: list[dict[str, str]] = []
    for index, year in enumerate(years):
        entry: dict[str, Any] = {"year": year}
        if len(states) == 1:
            entry["residence_state"] = states[0]
            answered.append({"id": "residence_state", "field": f"tax_years.{index}.residence_state"})
        liabilities: dict[str, bool] = {}
        for key, choice in (("understatement", "tax_missing"), ("underpayment", "unpaid_tax")):
            if choice in happened:
                liabilities[key] = True
            elif definite and "irs_collecting" not in happened:
                liabilities[key] = False
        for key in liabilities:
            answered.append({"id": key, "field": f"tax_years.{index}.liabilities.{key}"})
        if liabilities:
            entry["liabilities"] = liabilities
        if "refund_taken" in happened:
            entry["refund_offset"] = {"status": "taken"}
        elif definite:
            entry["refund_offset"] = {"status": "none"}
        if "refund_offset" in entry:
            answered.append({"id": "refund_offset_status", "field": f"tax_years.{index}.refund_offset.status"})
        if "state_bill" in happened and "IL" in states:
            entry["illinois"] = {"il_liability": True}
            answered.append({"id": "il_liability", "field": f"tax_years.{index}.illinois.il_liability"})
        facts_years.append(entry)
    facts: dict[str, Any] = {"tax_years": facts_years} if facts_years else {}
    # Which forms each year needs (an IL-8857 only where Illinois is involved) is the pipeline's to decide.
    return parse_case({"format": FORMAT, "version": VERSION, "title": title, "facts": facts, "answered": answered})


def carry_over(document: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any] | None:
    """The case answered without an account, after "What happened?" was changed: the new first
    answers win, every other answer stays (a tax year's answers while that year is still chosen),
    with the answers' positions moved to the years' new places."""
    fresh = seed_case(answers, "My case").as_document()
    try:
        old = parse_case(document).as_document()
    except InputError:
        return fresh
    old_index = {entry["year"]: index for index, entry in enumerate(old["facts"].get("tax_years") or [])}
    moved_to: dict[str, str] = {}
    years = []
    for index, entry in enumerate(fresh["facts"].get("tax_years") or []):
        if entry["year"] in old_index:
            moved_to[str(old_index[entry["year"]])] = str(index)
            entry = {**old["facts"]["tax_years"][old_index[entry["year"]]], **entry}
        years.append(entry)

    def moved(field: str) -> str | None:
        parts = field.split(".")
        if parts[0] != "tax_years" or len(parts) < 2:
            return field
        if parts[1] not in moved_to:
            return None
        return ".".join([parts[0], moved_to[parts[1]], *parts[2:]])

    given = {answer["field"] for answer in fresh["answered"]}
    answered = list(fresh["answered"])
    for answer in old.get("answered") or []:
        field = moved(answer["field"])
        if field and field not in given:
            answered.append({**answer, "field": field})
    unknown = [field for field in (moved(item) for item in old.get("unknown") or []) if field and field not in given]
    merged = {**old, "facts": {**old["facts"], "tax_years": years}, "answered": answered, "unknown": unknown}
    try:
        return parse_case(merged).as_document()
    except InputError:
        return fresh


@router.post("/start/continue")
async def start_continue(request: Request):
    form = await request.form()
    security.check_csrf(request, form.get(security.CSRF_FIELD))
    account = _logged_in(request)
    if account is None:
        return _redirect(CHECK_PATH)
    response = _redirect("/cases")
    draft = anonymous.take(request, response)
    if draft is None or draft.triage is None:
        return response
    translate = i18n.translator(request)
    title = triage.case_title(draft.triage, translate(i18n.N_("My case")))
    case = seed_case(draft.triage, title)
    if draft.case:  # the answers given without an account carry over with the first ones
        try:
            case = parse_case({**draft.case, "title": title})
        except InputError:
            pass
    created = request.app.state.store.create_case(account, case.as_document())
    response.headers["location"] = f"/cases/{created.id}?msg=created"
    return response

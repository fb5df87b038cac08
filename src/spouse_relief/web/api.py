"""The JSON API under /api: everything the pages do. OpenAPI schema at /api/openapi.json.

Authentication: POST /api/login returns a bearer token (send ``Authorization: Bearer TOKEN``).
A browser already logged in may call the API with its cookie, sending the CSRF token from
GET /api/session in ``X-CSRF-Token`` on every POST, PUT and DELETE.

Errors: 401 without a valid login; 404 for a case that is not yours (the same as a missing one);
409 for a save naming a stale version; 422 with ``{"detail": [{"field", "message"}]}`` for bad input.
JSON bodies are read with decimals kept exact (never through binary floats).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from ..errors import InputError
from ..io import parse_document
from ..case import Answered, Case, import_document, masked_document, merge_masked, parse_case
from . import cases, security

router = APIRouter(prefix="/api", tags=["spouse-relief"])
MAX_BODY = 2 * 1024 * 1024


class Credentials(BaseModel):
    username: str = Field(examples=["demo"])
    password: str = Field(examples=["demo-password"])


class LoginResult(BaseModel):
    token: str = Field(description="Send as 'Authorization: Bearer TOKEN'.")
    username: str
    csrf_token: str = Field(description="Only for cookie logins: send as X-CSRF-Token on POST, PUT and DELETE.")


class SessionInfo(BaseModel):
    username: str
    csrf_token: str


class CaseSummary(BaseModel):
    id: str
    title: str
    version: int
    tax_years: list[int]
    updated_at: datetime


class CaseOut(BaseModel):
    id: str
    version: int = Field(description="Send it back with PUT: a stale version gets 409.")
    case: dict[str, Any] = Field(description="The case file, identifying numbers masked (***-**-1234).")


class CaseUpdate(BaseModel):
    version: int
    case: dict[str, Any] = Field(description="The whole case file. A masked SSN that matches the saved one keeps it.")


class Answers(BaseModel):
    version: int
    answers: dict[str, Any] = Field(description="Question id -> answer; null means 'I don't know'.")


class ErrorDetail(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    detail: list[ErrorDetail] | str


ERRORS = {401: {"model": ErrorOut, "description": "Not logged in"}, 404: {"model": ErrorOut, "description": "No such case (or not yours)"}, 422: {"model": ErrorOut, "description": "Bad input, naming the field"}}
BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if hasattr(value, "as_dict"):
        return _jsonable(value.as_dict())
    return value


async def _body(request: Request) -> Any:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise InputError("body", "is larger than 2 MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("body", "is not UTF-8 text") from None
    if not text.strip():
        raise InputError("body", "is empty; send a JSON object")
    return parse_document(text, name="body", suffix=".json")


def _case_out(saved, case: Case) -> dict[str, Any]:
    return {"id": saved.id, "version": saved.version, "case": masked_document(case)}


# --- login ----------------------------------------------------------------------------------


@router.post("/login", response_model=LoginResult, responses={401: {"model": ErrorOut}, 422: {"model": ErrorOut}}, openapi_extra=BODY)
async def api_login(request: Request):
    body = await _body(request)
    if not isinstance(body, dict) or not isinstance(body.get("username"), str) or not isinstance(body.get("password"), str):
        raise InputError("username", "send {\"username\": ..., \"password\": ...}")
    throttle = request.app.state.login_throttle
    if throttle.blocked(body["username"]):
        return JSONResponse({"detail": "too many failed attempts for this username; wait 15 minutes"}, status_code=429)
    account = await security.authenticate(request, body["username"], body["password"])
    if account is None:
        throttle.failed(body["username"])
        return JSONResponse({"detail": "the username or password is not right"}, status_code=401)
    throttle.succeeded(body["username"])
    token = request.app.state.store.start_session(account)
    return {"token": token, "username": account.username, "csrf_token": security.csrf_token(request)}


@router.post("/logout", status_code=204, responses=ERRORS)
def api_logout(request: Request):
    cases.account(request)
    request.app.state.store.end_session(security.bearer_token(request) or request.cookies.get(security.SESSION_COOKIE))
    return Response(status_code=204)


@router.get("/session", response_model=SessionInfo, responses=ERRORS)
def api_session(request: Request):
    account = cases.account(request)
    return {"username": account.username, "csrf_token": security.csrf_token(request)}


# --- cases ----------------------------------------------------------------------------------


@router.get("/cases", response_model=list[CaseSummary], responses=ERRORS)
def api_cases(request: Request):
    account = cases.account(request)
    rows = []
    for saved in request.app.state.store.list_cases(account):
        case = parse_case(saved.document)
        rows.append({"id": saved.id, "title": case.title, "version": saved.version, "tax_years": [year.year for year in case.tax_years], "updated_at": saved.updated_at})
    return rows


@router.post("/cases", status_code=201, response_model=CaseOut, responses=ERRORS, openapi_extra=BODY)
async def api_case_create(request: Request):
    """Create a case from a case file, or from a single file the CLI reads (IL-8857, facts)."""
    account = cases.account(request)
    case = import_document(await _body(request))
    saved = request.app.state.store.create_case(account, case.as_document())
    return JSONResponse(_case_out(saved, case), status_code=201)


@router.get("/cases/{case_id}", response_model=CaseOut, responses=ERRORS)
def api_case(request: Request, case_id: str):
    loaded = cases.load(request, case_id)
    return _case_out(loaded.saved, loaded.case)


@router.put("/cases/{case_id}", response_model=CaseOut, responses={**ERRORS, 409: {"model": ErrorOut, "description": "Stale version"}}, openapi_extra=BODY)
async def api_case_save(request: Request, case_id: str):
    """Replace the whole case. ``version`` must be the one you read; a stale one gets 409."""
    loaded = cases.load(request, case_id)
    body = await _body(request)
    if not isinstance(body, dict):
        raise InputError("body", "send {\"version\": N, \"case\": {...}}")
    version = body.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InputError("version", "send the version you read, as a whole number")
    case = merge_masked(parse_case(body.get("case"), "case"), loaded.case)
    error = cases.entered_form_error(cases.outcome(request, case))
    if error is not None:
        raise InputError(f"case.{error.field}", error.message)
    saved = cases.save(request, loaded, case, version)
    return _case_out(saved, case)


@router.delete("/cases/{case_id}", status_code=204, responses={**ERRORS, 409: {"model": ErrorOut}})
def api_case_delete(request: Request, case_id: str, version: int | None = None):
    loaded = cases.load(request, case_id)
    request.app.state.store.delete_case(loaded.account, case_id, version)
    return Response(status_code=204)


@router.get("/cases/{case_id}/export", response_model=Case, responses=ERRORS)
def api_case_export(request: Request, case_id: str):
    """The whole case file, identifying numbers in full (as the packet has them)."""
    loaded = cases.load(request, case_id)
    return JSONResponse(loaded.case.as_document(), headers={"Content-Disposition": 'attachment; filename="case.json"'})


@router.get("/cases/{case_id}/results", responses=ERRORS)
def api_results(request: Request, case_id: str) -> dict[str, Any]:
    """The case's whole outcome: the JSON contract of ``spouse-relief case --json`` (docs/case.md)."""
    loaded = cases.load(request, case_id)
    return cases.outcome(request, loaded.case).as_dict()


def _worksheet(outcome, tax_year: int, key: str):
    year = outcome.year(tax_year)
    computed = year.worksheets.get(key) if year else None
    if computed is None:
        return None
    if not computed.ok:
        raise computed.error
    return computed


@router.get("/cases/{case_id}/years/{tax_year}/il8857", responses=ERRORS)
def api_il8857(request: Request, case_id: str, tax_year: int) -> dict[str, Any]:
    """The year's IL-8857 worksheet as ``spouse-relief il8857 --json`` prints it, with the trace."""
    from ..pipeline import result_dict

    loaded = cases.load(request, case_id)
    computed = _worksheet(cases.outcome(request, loaded.case), tax_year, "il8857")
    if computed is None:
        return JSONResponse({"detail": f"tax year {tax_year} has no IL-8857 worksheet in this case"}, status_code=404)
    return _jsonable(result_dict(computed.result))


@router.post("/il8857", responses=ERRORS, openapi_extra=BODY)
async def api_il8857_compute(request: Request) -> dict[str, Any]:
    """Compute an IL-8857 document (line or item entry) without saving it."""
    from ..pipeline import result_dict
    from ..worksheets.il8857 import compute_il8857, parse_il8857

    cases.account(request)
    result = compute_il8857(parse_il8857(await _body(request)), today=request.app.state.settings.today())
    return _jsonable(result_dict(result))


@router.get("/cases/{case_id}/packet.pdf", responses={**ERRORS, 200: {"content": {"application/pdf": {}}}})
def api_packet_pdf(request: Request, case_id: str):
    loaded = cases.load(request, case_id)
    return Response(cases.packet_pdf(request, loaded), media_type="application/pdf", headers={"Content-Disposition": 'attachment; filename="spouse-relief-packet.pdf"'})


@router.get("/cases/{case_id}/packet.html", responses={**ERRORS, 200: {"content": {"text/html": {}}}})
def api_packet_html(request: Request, case_id: str, language: str | None = None):
    """The printable summary; ``?language=es`` for Spanish, else the language the request asks for
    (``Accept-Language``), as on the web pages."""
    from ..packet.html import render_html

    chosen = _language_asked(request, language)
    loaded = cases.load(request, case_id)
    return Response(render_html(cases.view(request, loaded), chosen, masked=True), media_type="text/html; charset=utf-8")


def _language_asked(request: Request, language: str | None) -> str:
    """``?language=en|es`` (another value: a 422 naming ``language``), else the language the request
    asks for (``Accept-Language``), as on the web pages."""
    from ..language import chosen_language
    from .i18n import language_of

    return language_of(request) if language is None else chosen_language(language, "language")


@router.get("/cases/{case_id}/calendar.ics", responses={**ERRORS, 200: {"content": {"text/calendar": {}}}})
def api_calendar(request: Request, case_id: str, language: str | None = None):
    """The deadlines still ahead as an iCalendar file; ``?language=es`` for Spanish, else the
    language the request asks for (``Accept-Language``), as the web pages give it."""
    from ..packet.calendar import outcome_calendar

    chosen = _language_asked(request, language)
    loaded = cases.load(request, case_id)
    return Response(outcome_calendar(cases.outcome(request, loaded.case), chosen), media_type="text/calendar")


__all__ = ["router", "json"]


@router.get("/cases/{case_id}/questions", responses=ERRORS)
def api_questions(request: Request, case_id: str) -> dict[str, Any]:
    """The questions the screening still needs (skipping those answered "I don't know"), with the answer each takes."""
    from .interview import spec_for

    loaded = cases.load(request, case_id)
    outcome = cases.outcome(request, loaded.case)
    questions = []
    for question in outcome.questions:
        spec = spec_for(question.field)
        questions.append({**question.as_dict(), "answer_kind": spec.kind, "choices": [value for value, _ in spec.options],
                          "entry_fields": [name for name, _, _ in spec.entry]})
    return {"version": loaded.version, "questions": questions, "unknown": list(loaded.case.unknown),
            "problem": outcome.problem.as_dict() if outcome.problem else None}


@router.post("/cases/{case_id}/answers", response_model=CaseOut, responses={**ERRORS, 409: {"model": ErrorOut}}, openapi_extra=BODY)
async def api_answers(request: Request, case_id: str):
    """Answer questions by field: ``{"version": 3, "answers": {"tax_years.0.joint_return": true, "marriage.status": null}}``.

    ``null`` records "I don't know". Lists (collection, payments, items, ...) take the whole list.
    """
    from ..pipeline import case_facts, open_questions
    from .interview import set_path, spec_for

    loaded = cases.load(request, case_id)
    body = await _body(request)
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        raise InputError("answers", "send {\"version\": N, \"answers\": {field: value or null}}")
    version = body.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InputError("version", "send the version you read, as a whole number")
    today = request.app.state.settings.today()
    case = loaded.case.model_copy(deep=True)
    document = case.facts_document()
    ids = {question.field: question.id for question in open_questions(cases.outcome(request, loaded.case).findings, set())}
    for field, value in body["answers"].items():
        if not field or len(field) > 300 or not all(part.isidentifier() or part.isdigit() for part in field.split(".")):
            raise InputError(f"answers.{field}", "is not a field of the facts (see GET .../questions)")
        spec_for(field)
        if value is None:
            set_path(document, field, None)
            if field not in case.unknown:
                case.unknown.append(field)
        else:
            try:
                set_path(document, field, _jsonable(value))
            except (KeyError, IndexError, ValueError, TypeError, AttributeError):
                raise InputError(f"answers.{field}", "is not a field of the facts (see GET .../questions)") from None
            case.unknown = [item for item in case.unknown if item != field]
        case.answered = [item for item in case.answered if item.field != field] + [Answered(id=ids.get(field, field.split(".")[-1])[:100], field=field[:300])]
    try:
        case = case.with_facts(document)
        if case.facts.tax_years:
            case_facts(case, today)
    except InputError as exc:
        raise InputError(f"answers.{exc.field.removeprefix('facts.')}", exc.message) from None
    saved = cases.save(request, loaded, case, version)
    return _case_out(saved, case)

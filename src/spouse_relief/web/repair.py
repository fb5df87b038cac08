"""The repair view: a saved case that no longer validates opens here instead of failing.

It says what is wrong in plain words (the question or form a problem concerns and what is wrong,
in the page's language, never a field's path or the code's words: :func:`problem_words`), shows the case as text to correct
(identifying numbers masked; a mask sent back keeps the saved number), and offers to download
the case as it is or to delete it. A corrected case is saved only when it validates, with the
version the page was rendered from. The API has the same: ``GET/PUT/DELETE /api/cases/{id}/repair``.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..errors import InputError
from ..io import parse_document, parse_json_bytes
from ..case import is_masked, mask_ssn
from . import security
from .interview_plan import plain_error

router = APIRouter(include_in_schema=True, tags=["spouse-relief"])
ROLES = ("requesting_spouse", "other_spouse")


def _saved(request: Request, case_id: str):
    owner = security.current_account(request)
    request.state.account = owner
    return owner, request.app.state.store.get_case(owner, case_id, repair=True)


def _people(document: Any):
    people = document.get("people") if isinstance(document, dict) else None
    for role in ROLES:
        person = people.get(role) if isinstance(people, dict) else None
        if isinstance(person, dict) and isinstance(person.get("ssn"), str):
            yield role, person


def _masked(document: Any) -> Any:
    shown = copy.deepcopy(document)
    for _role, person in _people(shown):
        person["ssn"] = mask_ssn(person["ssn"])
    return shown


def _unmask(incoming: Any, saved: Any) -> Any:
    stored = dict((role, person["ssn"]) for role, person in _people(saved))
    for role, person in _people(incoming):
        if is_masked(person["ssn"]):
            original = stored.get(role, "")
            if re.sub(r"\D", "", original)[-4:] != person["ssn"][-4:]:
                raise InputError(f"people.{role}.ssn", "a masked SSN was sent that does not match the saved one; enter the full number")
            person["ssn"] = original
    return incoming


_ENTRY = re.compile(r"^((?:facts\.)?tax_years)\.(\d{1,3})(?=\.|$)")
_TYPE_NAME = re.compile(r"\s*\((?:[A-Z][A-Za-z]*(?:Error|Exception))\)")


def _year_of_entry(field: str, document: Any) -> str:
    """'tax_years.0.bogus' -> 'tax_years.2022.bogus': a year's entry named by its year, as a question names it."""
    match = _ENTRY.match(field)
    if not match or not isinstance(document, dict):
        return field
    facts = document.get("facts") if match.group(1).startswith("facts.") else document
    years = facts.get("tax_years") if isinstance(facts, dict) else None
    index = int(match.group(2))
    entry = years[index] if isinstance(years, list) and index < len(years) and isinstance(years[index], dict) else {}
    year = str(entry.get("tax_year", entry.get("year", "")))
    return f"{match.group(1)}.{year}{field[match.end():]}" if re.fullmatch(r"\d{4}", year) else field


def problem_words(field: str, message: str, document: Any = None) -> str:
    """A problem of a stored case as a person reads it (the page translates it): the question or form
    it concerns and what is wrong, never the field's path, a code word or a Python type's name."""
    return plain_error(f"{_year_of_entry(field, document)}: {_TYPE_NAME.sub('', message)}" if field else _TYPE_NAME.sub("", message))


def repair_page(request: Request, case_id: str, *, text: str | None = None, error: str | None = None, status_code: int = 409):
    from .app import render

    _owner, saved = _saved(request, case_id)
    if not saved.problems:
        return RedirectResponse(f"/cases/{case_id}", status_code=303)
    shown = text if text is not None else json.dumps(_masked(saved.document), indent=2, ensure_ascii=False, sort_keys=True, default=str)
    problems = [problem_words(problem.field, problem.message, saved.document) for problem in saved.problems]
    return render(request, "repair.html", {"case_id": case_id, "version": saved.version, "problems": problems,
                                           "text": shown, "error": error}, status_code=status_code)


@router.get("/cases/{case_id}/repair", include_in_schema=False)
def repair_get(request: Request, case_id: str):
    return repair_page(request, case_id, status_code=200)


def _version(raw: Any) -> int:
    text = str(raw or "")
    if not text.isdigit() or len(text) > 10:
        raise InputError("version", "the form is missing the case's version; reload the page")
    return int(text)


@router.post("/cases/{case_id}/repair", include_in_schema=False)
async def repair_post(request: Request, case_id: str):
    form = await request.form()
    security.check_csrf(request, form.get(security.CSRF_FIELD))
    owner, saved = _saved(request, case_id)
    version = _version(form.get("version"))
    store = request.app.state.store
    if form.get("action") == "delete":
        store.delete_case(owner, case_id, version)
        return RedirectResponse("/cases?msg=deleted", status_code=303)
    text = str(form.get("case", ""))
    try:
        document = _unmask(parse_document(text, name="case", suffix=".json"), saved.document)
        store.save_case(owner, case_id, document, version)
    except InputError as exc:
        return repair_page(request, case_id, text=text, error=problem_words(exc.field, exc.message, saved.document), status_code=422)
    return RedirectResponse(f"/cases/{case_id}?msg=saved", status_code=303)


@router.get("/cases/{case_id}/repair/download", include_in_schema=False)
def repair_download(request: Request, case_id: str):
    """The stored case as it is (identifying numbers in full, as an export has them)."""
    _owner, saved = _saved(request, case_id)
    body = json.dumps(saved.document, indent=2, ensure_ascii=False, sort_keys=True, default=str)
    return Response(body, media_type="application/json", headers={"Content-Disposition": 'attachment; filename="case-to-repair.json"'})


@router.get("/api/cases/{case_id}/repair")
def api_repair_get(request: Request, case_id: str) -> dict[str, Any]:
    """What is wrong with a stored case (``problems``: field and message) and the case as stored
    (SSNs masked). ``problems`` is empty for a valid case."""
    _owner, saved = _saved(request, case_id)
    return {"id": case_id, "version": saved.version, "problems": [problem.as_dict() for problem in saved.problems],
            "case": json.loads(json.dumps(_masked(saved.document), default=str))}


@router.put("/api/cases/{case_id}/repair", openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object", "required": ["version", "case"], "properties": {"version": {"type": "integer", "minimum": 1}, "case": {"type": "object"}}}}}}})
async def api_repair_put(request: Request, case_id: str):
    """Replace a case that needs repair with a corrected one (validated; stale version: 409)."""
    owner, saved = _saved(request, case_id)
    body = parse_json_bytes(await request.body())
    if not isinstance(body, dict) or not isinstance(body.get("case"), dict):
        raise InputError("case", "send {\"version\": N, \"case\": {...}}")
    version = body.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InputError("version", "send the version you read, as a whole number")
    updated = request.app.state.store.save_case(owner, case_id, _unmask(body["case"], saved.document), version)
    return JSONResponse({"id": case_id, "version": updated.version, "problems": []})


@router.delete("/api/cases/{case_id}/repair", status_code=204)
def api_repair_delete(request: Request, case_id: str, version: int):
    """Delete a case that needs repair (``?version=`` as read from GET .../repair; stale: 409)."""
    owner, _saved_case = _saved(request, case_id)
    request.app.state.store.delete_case(owner, case_id, version)
    return Response(status_code=204)

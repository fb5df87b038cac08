"""The HTML pages. Each POST checks the CSRF token, changes the case, saves it whole with the
version the form was rendered from, and redirects (post/redirect/get). Bad input re-renders the
form with each message beside its field (HTTP 422)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ..errors import InputError
from ..io import parse_document
from ..case import Case, import_document, mask_ssn, normalize_ssn, parse_case
from ..storage import Conflict
from ..storage.errors import StorageError
from ..storage.store import MIN_PASSWORD, USERNAME, UsernameTaken
from . import cases, security
from .i18n import N_, language_of
from .app import render
from .federal_pages import register_federal_routes
from .il8857_pages import register_il8857_routes
from .interview_pages import register_interview_routes

router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 2 * 1024 * 1024
MESSAGES = {
    "saved": N_("Saved."),
    "created": N_("Your case was created."),
    "imported": N_("The case was imported."),
    "deleted": N_("The case was deleted."),
    "year-added": N_("The tax year was added."),
    "year-removed": N_("The tax year was removed."),
    "registered": N_("Your account was created. Welcome."),
    "logged-out": N_("You are logged out."),
}


async def posted(request: Request) -> Any:
    """The submitted form, after the CSRF check."""
    form = await request.form()
    security.check_csrf(request, form.get(security.CSRF_FIELD))
    return form


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def flash(request: Request) -> str | None:
    return MESSAGES.get(request.query_params.get("msg", ""))


def _safe_next(target: str | None) -> str:
    if not target:
        return "/cases"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/cases"
    return target


# --- login ----------------------------------------------------------------------------------


@router.get("/healthz")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/login")
def login_page(request: Request):
    return render(request, "login.html", {"next": _safe_next(request.query_params.get("next")), "errors": {}, "values": {}, "message": flash(request)})


def _start_login(request: Request, account, target: str) -> Response:
    token = request.app.state.store.start_session(account)
    response = redirect(target)
    security.set_cookie(response, request, security.SESSION_COOKIE, token, max_age=12 * 3600, same_site="lax")
    # a new CSRF nonce for the new login
    security.set_cookie(response, request, security.CSRF_COOKIE, security.new_nonce(), max_age=None, same_site="strict")
    return response


@router.post("/login")
async def login(request: Request):
    form = await posted(request)
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    errors = {}
    if not username:
        errors["username"] = "Enter your username."
    if not password:
        errors["password"] = "Enter your password."
    account = None
    throttle = request.app.state.login_throttle
    if not errors and throttle.blocked(username):
        errors["password"] = "Too many failed attempts for this username. Wait 15 minutes and try again."
    if not errors:
        account = await security.authenticate(request, username, password)
        if account is None:
            throttle.failed(username)
            errors["password"] = "The username or password is not right."
        else:
            throttle.succeeded(username)
    if errors:
        return render(request, "login.html", {"next": target, "errors": errors, "values": {"username": username}}, status_code=422)
    return _start_login(request, account, target)


@router.get("/register")
def register_page(request: Request):
    if not request.app.state.settings.registration_open:
        return render(request, "error.html", {"title": N_("Registration is closed"), "message": N_("Ask the person who runs this site for an account.")}, status_code=403)
    return render(request, "register.html", {"errors": {}, "values": {}, "next": _safe_next(request.query_params.get("next"))})


def _registration_errors(request: Request, username: str, password: str, confirm: str) -> dict[str, str]:
    """Every problem with what was typed, at once, each beside its field (the store checks again)."""
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "Enter a username."
    elif not USERNAME.match(username):
        errors["username"] = "Use 3 to 80 letters, digits or . _ @ - in the username (no spaces)."
    elif request.app.state.store.find_user(username) is not None:
        errors["username"] = "That username is taken; choose another."
    if not password:
        errors["password"] = "Enter a password."
    elif len(password) < MIN_PASSWORD:
        errors["password"] = f"Use at least {MIN_PASSWORD} characters in the password."
    if not confirm and password:
        errors["confirm"] = "Type the password again."
    elif password != confirm:
        errors["confirm"] = "The two passwords differ."
    return errors


@router.post("/register")
async def register(request: Request):
    form = await posted(request)
    if not request.app.state.settings.registration_open:
        return render(request, "error.html", {"title": N_("Registration is closed"), "message": N_("Ask the person who runs this site for an account.")}, status_code=403)
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    confirm = str(form.get("confirm", ""))
    target = _safe_next(str(form.get("next", "")) or None)
    errors = _registration_errors(request, username, password, confirm)
    account = None
    if not errors:
        try:
            account = request.app.state.store.create_user(username, password)
        except (UsernameTaken, StorageError) as exc:
            field, _, message = str(exc).partition(": ")
            errors[field if field in ("username", "password") else "username"] = message[:1].upper() + message[1:] + "."
    if errors:
        return render(request, "register.html", {"errors": errors, "values": {"username": username}, "next": target}, status_code=422)
    return _start_login(request, account, target if target != "/cases" else "/cases?msg=registered")


@router.post("/logout")
async def logout(request: Request):
    await posted(request)
    request.app.state.store.end_session(request.cookies.get(security.SESSION_COOKIE))
    response = redirect("/login?msg=logged-out")
    response.delete_cookie(security.SESSION_COOKIE, path="/")
    from .il8857_pages import TYPED_COOKIE

    response.delete_cookie(TYPED_COOKIE, path="/")  # what was typed on the IL-8857 pages and not saved
    return response


# --- cases ----------------------------------------------------------------------------------


def case_status(request: Request, case: Case) -> dict[str, Any]:
    """What a clinic triages by: the case's status in words, its next deadline and the days left."""
    from .interview_plan import ordered

    outcome = cases.outcome(request, case)
    if outcome.problem is not None or not case.tax_years:
        return {"status": "Not started: add a tax year", "next": None, "days_left": None, "deadline": None}
    upcoming = [deadline for deadline in outcome.deadlines if deadline.date and deadline.status != "missed" and deadline.date >= outcome.as_of]
    upcoming.sort(key=lambda deadline: deadline.date)
    questions = len(ordered(case, outcome.questions))
    forms = [item.form.split(",")[0] for item in outcome.plan.items if item.tax_years]
    if questions:
        status = f"{questions} question{'' if questions == 1 else 's'} open"
    elif forms:
        status = "Ready: " + ", ".join(dict.fromkeys(forms))
    else:
        status = "Answered: nothing to send"
    first = upcoming[0] if upcoming else None
    return {"status": status, "deadline": first.title if first else None, "next": first.date if first else None,
            "days_left": outcome.days_left(first) if first else None}


def _case_rows(request: Request, account, search: str = "") -> list[dict[str, Any]]:
    rows = []
    needle = search.strip().lower()
    for item in request.app.state.store.list_cases(account):
        case = parse_case(item.document)
        words = " ".join([case.title, case.people.requesting_spouse.name, case.people.other_spouse.name] + [str(year.year) for year in case.tax_years]).lower()
        if needle and needle not in words:
            continue
        row = {"id": item.id, "title": case.title, "years": [year.year for year in case.tax_years], "updated": item.updated_at, "version": item.version,
               "name": case.people.requesting_spouse.name}
        row.update(case_status(request, case))
        rows.append(row)
    rows.sort(key=lambda row: (row["next"] is None, row["next"] or row["updated"]))
    return rows


def _case_list(request: Request, account, *, errors=None, values=None, status_code=200, message=None, duplicate=None):
    search = request.query_params.get("q", "")[:100]
    rows = _case_rows(request, account, search)
    return render(request, "cases.html", {"cases": rows, "search": search, "message": message, "errors": errors or {}, "values": values or {},
                                          "duplicate": duplicate}, status_code=status_code)


@router.get("/cases")
def case_list(request: Request):
    account = cases.account(request)
    return _case_list(request, account, message=flash(request))


@router.post("/cases")
async def case_create(request: Request):
    form = await posted(request)
    account = cases.account(request)
    title = str(form.get("title", "")).strip()
    if not title or len(title) > 200:
        return _case_list(request, account, errors={"title": "Give the case a short name (1 to 200 characters)."}, values={"title": title}, status_code=422)
    created = request.app.state.store.create_case(account, Case(title=title).as_document())
    return redirect(f"/cases/{created.id}?msg=created")


NOT_A_CASE = ("This file is not a spouse-relief case. Choose a file saved with \"Download this case as a file\", or a facts, "
              "Form IL-8857, Form 8379 or separation of liability file made for this tool.")

_WHERE_IN_FILE = re.compile(r"\bat line (\d+), column (\d+)")


def unreadable_file(message: str) -> str:
    """Why a file could not be read, in plain words: where its text goes wrong, never the reader's own message."""
    where = _WHERE_IN_FILE.search(message)
    if where:
        return (f"This file could not be read: something in its text is out of place at line {where.group(1)}, column {where.group(2)} "
                "(perhaps a missing quote, bracket or space). Choose the file exactly as it was saved, or download the case again.")
    return "This file could not be read. " + NOT_A_CASE


@router.post("/cases/import")
async def case_import(request: Request):
    form = await posted(request)
    account = cases.account(request)
    upload = form.get("file")
    errors: dict[str, str] = {}
    case = None
    duplicate = None
    if upload is None or not hasattr(upload, "read") or not getattr(upload, "filename", ""):
        errors["file"] = "Choose a case file (.json) exported from spouse-relief, or a file the command line reads."
    else:
        raw = await upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            errors["file"] = "The file is larger than 2 MB; a case file is much smaller."
        else:
            try:
                text = raw.decode("utf-8")
                suffix = "." + upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else ""
                case = import_document(parse_document(text, name=upload.filename, suffix=suffix))
                error = cases.entered_form_error(cases.outcome(request, case))
                if error is not None:
                    raise error
            except UnicodeDecodeError:
                errors["file"] = "This file is not text (perhaps a PDF or a picture). " + NOT_A_CASE
            except InputError as exc:
                if exc.field == upload.filename:  # the file itself could not be read (not one answer in it)
                    errors["file"] = unreadable_file(exc.message)
                elif exc.field in ("file", "format", "form", ""):
                    errors["file"] = NOT_A_CASE
                else:
                    from .interview_plan import plain_error

                    errors["file"] = "The case in this file cannot be read: " + plain_error(f"{exc.field}: {exc.message}")
    if case is not None and not errors and not form.get("copy"):
        document = case.as_document()
        for item in request.app.state.store.list_cases(account):
            if parse_case(item.document).as_document() == document:
                duplicate = {"id": item.id, "title": case.title}
                errors["file"] = f"This case is already saved as \"{case.title}\". Open it, or import the file again as a copy."
                break
    if errors:
        return _case_list(request, account, errors=errors, status_code=422, duplicate=duplicate)
    created = request.app.state.store.create_case(account, case.as_document())
    return redirect(f"/cases/{created.id}?msg=imported")


def next_step(request: Request, loaded, view) -> dict[str, Any]:
    """The one thing to do next on a case, for the overview's main button: add a tax year, start
    or go on with the questions (the screening's, then those about you and the forms'), else see
    what to do now. ``open`` counts the questions still open."""
    from .interview_pages import _for_forms, _open

    base = f"/cases/{loaded.id}"
    case = loaded.case
    if not case.tax_years:
        return {"href": f"{base}/interview", "label": N_("Add the tax year and start the questions"), "open": 0}
    if view.problem:
        return {"href": f"{base}/interview", "label": N_("Go on with the questions"), "open": 0}
    _outcome, asked, _forms = _open(request, case)
    screening = [question for question in asked if not _for_forms(question.field)]
    if screening:
        label = N_("Go on with the questions") if case.answered else N_("Start the questions")
        return {"href": f"{base}/interview", "label": label, "open": len(screening)}
    if asked:
        return {"href": f"{base}/interview", "label": N_("Answer the questions for the forms"), "open": len(asked)}
    return {"href": f"{base}/results", "label": N_("See what to do now"), "open": 0}


@router.get("/cases/{case_id}")
def case_overview(request: Request, case_id: str):
    from .results_view import findings_by_answer

    loaded = cases.load(request, case_id)
    view = cases.view(request, loaded)
    return render(request, "case.html", {"loaded": loaded, "case": loaded.case, "view": view, "OFFICIAL_LINKS": view.links, "message": flash(request),
                                         "next_step": next_step(request, loaded, view),
                                         "piles": findings_by_answer(view, loaded.case) if not view.problem else None})


@router.post("/cases/{case_id}/delete")
async def case_delete(request: Request, case_id: str):
    form = await posted(request)
    loaded = cases.load(request, case_id)
    request.app.state.store.delete_case(loaded.account, case_id, cases.form_version(form.get("version")))
    return redirect("/cases?msg=deleted")


@router.get("/cases/{case_id}/export.json")
def case_export(request: Request, case_id: str):
    loaded = cases.load(request, case_id)
    body = json.dumps(loaded.case.as_document(), indent=2, ensure_ascii=False, default=str)
    filename = "spouse-relief-case-" + "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in loaded.case.title.lower())[:40].strip("-") + ".json"
    return Response(body, media_type="application/json", headers={"Content-Disposition": f'attachment; filename="{filename or "case.json"}"'})


# --- people ---------------------------------------------------------------------------------

PERSON_FIELDS = ("name", "ssn", "address", "phone", "email")


def _people_values(case: Case) -> dict[str, str]:
    values = {"title": case.title}
    for role in ("requesting_spouse", "other_spouse"):
        person = getattr(case.people, role)
        for name in PERSON_FIELDS:
            values[f"{role}.{name}"] = "" if name == "ssn" else getattr(person, name)
        values[f"{role}.ssn_saved"] = mask_ssn(person.ssn)
    return values


@router.get("/cases/{case_id}/people")
def people_page(request: Request, case_id: str):
    loaded = cases.load(request, case_id)
    return render(request, "people.html", {"loaded": loaded, "case": loaded.case, "values": _people_values(loaded.case), "errors": {}, "message": flash(request)})


@router.post("/cases/{case_id}/people")
async def people_save(request: Request, case_id: str):
    form = await posted(request)
    loaded = cases.load(request, case_id)
    version = cases.form_version(form.get("version"))
    case = loaded.case.model_copy(deep=True)
    values = _people_values(loaded.case)
    errors: dict[str, str] = {}
    title = str(form.get("title", "")).strip()
    values["title"] = title
    if not title or len(title) > 200:
        errors["title"] = "Give the case a short name (1 to 200 characters)."
    else:
        case.title = title
    limits = {"name": 200, "address": 500, "phone": 40, "email": 200}
    for role in ("requesting_spouse", "other_spouse"):
        person = getattr(case.people, role)
        for name in PERSON_FIELDS:
            key = f"{role}.{name}"
            raw = str(form.get(key, "")).strip()
            values[key] = raw
            if name == "ssn":
                if form.get(f"{role}.ssn_clear"):
                    person.ssn = ""
                elif raw:
                    try:
                        person.ssn = normalize_ssn(raw)
                        if person.ssn.startswith("*"):
                            raise ValueError("enter the full number, or leave the field empty to keep the saved one")
                    except ValueError as exc:
                        errors[key] = str(exc)[:1].upper() + str(exc)[1:] + "."
                        values[key] = ""
                continue
            if len(raw) > limits[name]:
                errors[key] = f"Use at most {limits[name]} characters."
            else:
                setattr(person, name, raw)
    if errors:
        return render(request, "people.html", {"loaded": loaded, "case": loaded.case, "values": values, "errors": errors}, status_code=422)
    try:
        cases.save(request, loaded, case, version)
    except Conflict as exc:
        return render(request, "people.html", {"loaded": loaded, "case": loaded.case, "values": values, "errors": {}, "conflict": str(exc)}, status_code=409)
    if form.get("action") == "next":
        return redirect(f"/cases/{case_id}/interview?msg=saved")
    return redirect(f"/cases/{case_id}/people?msg=saved")


# --- tax years ------------------------------------------------------------------------------


def renumber_year_fields(case: Case, before: list[int]) -> None:
    """Interview answers name a year by its position (tax_years.N...): follow the years as they move."""
    after = [entry.year for entry in case.tax_years]

    def moved(field: str) -> str | None:
        parts = field.split(".")
        if len(parts) > 1 and parts[0] == "tax_years" and parts[1].isdigit():
            index = int(parts[1])
            if index >= len(before) or before[index] not in after:
                return None
            parts[1] = str(after.index(before[index]))
        return ".".join(parts)

    case.unknown = [new for new in (moved(field) for field in case.unknown) if new]
    kept = []
    for answer in case.answered:
        new = moved(answer.field)
        if new:
            kept.append(answer.model_copy(update={"field": new}))
    case.answered = kept



@router.get("/cases/{case_id}/years")
def years_page(request: Request, case_id: str):
    loaded = cases.load(request, case_id)
    view = cases.view(request, loaded)
    return render(request, "years.html", {"loaded": loaded, "case": loaded.case, "view": view, "OFFICIAL_LINKS": view.links, "errors": {}, "values": {}, "message": flash(request)})


@router.post("/cases/{case_id}/years")
async def year_add(request: Request, case_id: str):
    form = await posted(request)
    loaded = cases.load(request, case_id)
    version = cases.form_version(form.get("version"))
    raw = str(form.get("tax_year", "")).strip()
    errors: dict[str, str] = {}
    year = None
    from .il8857_pages import year_range

    first, last = year_range()
    if not raw.isdigit():
        errors["tax_year"] = f"Enter a tax year as four digits, {first} through {last}."
    else:
        year = int(raw)
        if not first <= year <= last:
            errors["tax_year"] = f"Enter a tax year from {first} through {last} (the years the law data covers)."
        elif loaded.case.year(year) is not None:
            errors["tax_year"] = f"Tax year {year} is already in this case."
    if errors:
        view = cases.view(request, loaded)
        return render(request, "years.html", {"loaded": loaded, "case": loaded.case, "view": view, "OFFICIAL_LINKS": view.links, "errors": errors, "values": {"tax_year": raw}}, status_code=422)
    before = [item.year for item in loaded.case.tax_years]
    document = loaded.case.facts_document()
    document["tax_years"] = sorted(document.get("tax_years", []) + [{"year": year}], key=lambda entry: entry["year"])
    case = loaded.case.with_facts(document)
    renumber_year_fields(case, before)
    cases.save(request, loaded, case, version)
    if form.get("next") == "interview":
        return redirect(f"/cases/{case_id}/interview")
    return redirect(f"/cases/{case_id}/years?msg=year-added")


@router.post("/cases/{case_id}/years/{tax_year}/delete")
async def year_remove(request: Request, case_id: str, tax_year: int):
    form = await posted(request)
    loaded = cases.load(request, case_id)
    before = [entry.year for entry in loaded.case.tax_years]
    document = loaded.case.facts_document()
    document["tax_years"] = [entry for entry in document.get("tax_years", []) if entry["year"] != tax_year]
    case = loaded.case.with_facts(document)
    case.overrides = [item for item in case.overrides if item.tax_year != tax_year]
    case.notes.pop(tax_year, None)
    renumber_year_fields(case, before)
    cases.save(request, loaded, case, cases.form_version(form.get("version")))
    return redirect(f"/cases/{case_id}/years?msg=year-removed")


# --- results, calendar, packet -------------------------------------------------------------


@router.get("/cases/{case_id}/results")
def results_page(request: Request, case_id: str):
    loaded = cases.load(request, case_id)
    view = cases.view(request, loaded)
    from .results_view import results_context

    return render(request, "results.html", {"loaded": loaded, "case": loaded.case, "view": view, "OFFICIAL_LINKS": view.links,
                                            "base": f"/cases/{case_id}", "message": flash(request), **results_context(view, loaded.case)})


@router.get("/cases/{case_id}/calendar.ics")
def calendar(request: Request, case_id: str):
    loaded = cases.load(request, case_id)
    return cases.calendar_download(cases.outcome(request, loaded.case), request)


@router.get("/cases/{case_id}/packet")
def packet_page(request: Request, case_id: str):
    loaded = cases.load(request, case_id)
    view = cases.view(request, loaded)
    return render(request, "packet.html", {"loaded": loaded, "case": loaded.case, "view": view, "OFFICIAL_LINKS": view.links, "errors": {}, "message": flash(request)})


@router.post("/cases/{case_id}/packet")
async def packet_save(request: Request, case_id: str):
    form = await posted(request)
    loaded = cases.load(request, case_id)
    version = cases.form_version(form.get("version"))
    case = loaded.case.model_copy(deep=True)
    view = cases.view(request, loaded)
    errors: dict[str, str] = {}
    for key in view.drafts:
        if form.get(f"reset_{key}"):
            setattr(case.explanations, key, "")
            continue
        text = str(form.get(key, "")).replace("\r\n", "\n").strip()
        if len(text) > 20000:
            errors[key] = "Keep the explanation under 20,000 characters; attach pages for more."
        elif text == view.drafts.get(key, "").strip():
            setattr(case.explanations, key, "")
        else:
            setattr(case.explanations, key, text)
    if errors:
        return render(request, "packet.html", {"loaded": loaded, "case": loaded.case, "view": view, "OFFICIAL_LINKS": view.links, "errors": errors}, status_code=422)
    try:
        cases.save(request, loaded, case, version)
    except Conflict as exc:
        return render(request, "packet.html", {"loaded": loaded, "case": loaded.case, "view": view, "OFFICIAL_LINKS": view.links, "errors": {}, "conflict": str(exc)}, status_code=409)
    return redirect(f"/cases/{case_id}/packet?msg=saved")


@router.get("/cases/{case_id}/packet.pdf")
def packet_pdf(request: Request, case_id: str):
    loaded = cases.load(request, case_id)
    return Response(cases.packet_pdf(request, loaded), media_type="application/pdf", headers={"Content-Disposition": 'attachment; filename="spouse-relief-packet.pdf"'})


@router.get("/cases/{case_id}/packet.html")
def packet_html(request: Request, case_id: str):
    loaded = cases.load(request, case_id)
    view = cases.view(request, loaded)
    from ..packet.html import render_html

    return Response(render_html(view, language_of(request), masked=True), media_type="text/html; charset=utf-8")


register_il8857_routes(router, posted, redirect, flash)
register_interview_routes(router, posted, redirect, flash)
register_federal_routes(router, posted, redirect, flash)

__all__ = ["router", "quote"]

"""The FastAPI application: pages, the JSON API, login, CSRF, security headers, error pages."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import DISCLAIMER, __version__
from ..errors import InputError
from ..case import mask_ssn
from ..storage import Conflict, InvalidCase, NotFound, StorageError
from . import security
from .i18n import N_
from .links import official_links

log = logging.getLogger("spouse_relief.web")
MAX_REQUEST_BYTES = 3 * 1024 * 1024  # any request body: a 2 MB case file plus form overhead
_SSN_IN_TEXT = re.compile(r"(?<!\d)(\d{3})[- ]?(\d{2})[- ]?(\d{4})(?!\d)")


class MaskSSNs(logging.Filter):
    """Log records (and their tracebacks) never carry an SSN: 123-45-6789 becomes ***-**-6789."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = _SSN_IN_TEXT.sub(r"***-**-\3", message), ()
        if record.exc_text:
            record.exc_text = _SSN_IN_TEXT.sub(r"***-**-\3", record.exc_text)
        return True


log.addFilter(MaskSSNs())


class BodyTooLarge(Exception):
    """A request body over MAX_REQUEST_BYTES, found while reading it."""


class LimitBodies:
    """ASGI middleware: a body over the limit is refused by its Content-Length before it is read,
    or as soon as the bytes read pass the limit (chunked uploads) — never after reading it whole."""

    def __init__(self, app, limit: int = MAX_REQUEST_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await _plain(send, 413, f"The request is larger than {self.limit // (1024 * 1024)} MB.", scope)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge()
            return message

        return await self.app(scope, limited, send)


class OneHeavyAtATime:
    """ASGI middleware: PDF packets (seconds of CPU each) are made two at a time per process, so a
    burst of them queues among itself instead of starving every page view of the CPU."""

    HEAVY = (".pdf", "/forms", "/forms/unfilled")  # the printable packet, the filled forms (listing them builds them)

    def __init__(self, app, slots: int = 2):
        self.app = app
        self.slots = slots
        self._semaphore = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope.get("path", "").endswith(self.HEAVY):
            return await self.app(scope, receive, send)
        import anyio

        if self._semaphore is None:
            self._semaphore = anyio.Semaphore(self.slots)
        async with self._semaphore:
            return await self.app(scope, receive, send)


class CatchAll:
    """ASGI middleware: any error no handler took becomes a plain page or JSON error with a
    reference id, logged with its traceback (SSNs masked). The connection stays usable."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracked(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:  # noqa: BLE001 - the point: nothing escapes as a bare 500
            reference = secrets.token_hex(4)
            log.exception("unexpected error (reference %s) on %s %s", reference, scope.get("method"), scope.get("path"))
            if not started:
                await _plain(send, 500, f"Something went wrong on our side. Your saved case was not changed. Reference: {reference}.", scope, reference)


async def _plain(send, status: int, message: str, scope, reference: str | None = None) -> None:
    """A minimal error response that cannot fail (no templates, no store)."""
    import json as _json
    from html import escape

    if scope.get("path", "").startswith("/api"):
        body = _json.dumps({"detail": message, **({"reference": reference} if reference else {})}).encode()
        kind = b"application/json"
    else:
        title = "Something went wrong" if status >= 500 else "Too large" if status == 413 else "Error"
        body = (f"<!doctype html><html lang=en><meta charset=utf-8><title>{title}</title><h1>{title}</h1>"
                f"<p role=alert>{escape(message)}</p><p><a href=/cases>My cases</a></p></html>").encode()
        kind = b"text/html; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"connection", b"close" if status == 413 else b"keep-alive")]
    headers += [(name.lower().encode(), value.encode()) for name, value in security.SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@dataclass
class WebSettings:
    data_dir: str | None = None
    database_url: str | None = None
    secure_cookies: bool = False
    registration_open: bool = True
    today: Callable[[], date] = field(default=date.today)
    pdf_helper: bool = True  # packets made in a helper process at a lower priority (web/cases.py)


def _templates() -> Jinja2Templates:
    folder = resources.files("spouse_relief.web") / "templates"
    templates = Jinja2Templates(directory=str(folder))
    env = templates.env
    env.autoescape = True
    env.trim_blocks = True
    env.lstrip_blocks = True
    from . import filters, i18n

    env.filters["mask_ssn"] = mask_ssn
    filters.install(env)
    i18n.install(env)
    env.globals.update(DISCLAIMER=DISCLAIMER, VERSION=__version__, OFFICIAL_LINKS=official_links())
    return templates


def render(request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    """A page, with the login, CSRF token and common globals filled in."""
    values = dict(context or {})
    values.setdefault("account", getattr(request.state, "account", None))
    values["csrf_token"] = security.csrf_token(request)
    values["request"] = request
    return request.app.state.templates.TemplateResponse(request, template, values, status_code=status_code)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def create_app(settings: WebSettings | None = None, store=None) -> FastAPI:
    from ..storage import open_store

    settings = settings or WebSettings()
    app = FastAPI(
        title="spouse-relief",
        version=__version__,
        description=(
            "JSON API of the spouse-relief web interview: saved cases, screening, worksheets, deadlines "
            "and the packet. Log in with POST /api/login to get a bearer token. " + DISCLAIMER
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.store = store or open_store(settings.data_dir, settings.database_url)
    app.state.templates = _templates()
    app.state.login_throttle = security.LoginThrottle(app.state.store)
    app.mount("/static", StaticFiles(directory=str(resources.files("spouse_relief.web") / "static")), name="static")
    app.add_middleware(LimitBodies)  # innermost: its error reaches the handlers below as it is
    app.add_middleware(OneHeavyAtATime)
    app.add_middleware(CatchAll)

    @app.middleware("http")
    async def _headers_and_csrf_cookie(request: Request, call_next):
        security.CLIENT_ADDRESS.set(request.client.host if request.client else "unknown")
        fresh_nonce = None
        if not request.cookies.get(security.CSRF_COOKIE):
            fresh_nonce = security.new_nonce()
            request.state.csrf_nonce = fresh_nonce
        response: Response = await call_next(request)
        for name, value in security.SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if settings.secure_cookies:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if fresh_nonce:
            security.set_cookie(response, request, security.CSRF_COOKIE, fresh_nonce, max_age=None, same_site="strict")
        return response

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, _exc: BodyTooLarge):
        message = f"The request is larger than {MAX_REQUEST_BYTES // (1024 * 1024)} MB."
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=413, headers={"Connection": "close"})
        return render(request, "error.html", {"title": N_("Too large"), "message": message}, status_code=413)

    @app.exception_handler(security.Busy)
    async def _busy(request: Request, _exc: security.Busy):
        message = N_("Too many people are logging in at this moment. Please try again in a few seconds.")
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=503, headers={"Retry-After": "2"})
        return render(request, "error.html", {"title": N_("Please try again"), "message": message}, status_code=503)

    @app.exception_handler(InvalidCase)
    async def _invalid_case(request: Request, exc: InvalidCase):
        problems = [problem.as_dict() for problem in exc.problems]
        if _wants_json(request):
            return JSONResponse({"detail": problems, "repair": f"/api/cases/{exc.case_id}/repair"}, status_code=409)
        from .repair import repair_page

        return repair_page(request, exc.case_id)

    @app.exception_handler(security.LoginRequired)
    async def _login_required(request: Request, _exc: security.LoginRequired):
        if _wants_json(request):
            return JSONResponse({"detail": "log in first: POST /api/login, then send the token as 'Authorization: Bearer ...'"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(security.CsrfFailed)
    async def _csrf_failed(request: Request, _exc: security.CsrfFailed):
        message = N_("The form's security token is missing or out of date. Reload the page and try again.")
        if _wants_json(request):
            return JSONResponse({"detail": message + " (send the X-CSRF-Token header from GET /api/session, or use a bearer token)"}, status_code=403)
        return render(request, "error.html", {"title": N_("Please reload the page"), "message": message}, status_code=403)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, _exc: NotFound):
        if _wants_json(request):
            return JSONResponse({"detail": "no such case"}, status_code=404)
        return render(request, "error.html", {"title": N_("Not found"), "message": N_("There is no such case in your account.")}, status_code=404)

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict):
        if _wants_json(request):
            return JSONResponse({"detail": str(exc), "current_version": exc.current}, status_code=409)
        return render(request, "error.html", {"title": N_("Not saved: the case changed"), "message": str(exc)}, status_code=409)

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError):
        if _wants_json(request):
            return JSONResponse({"detail": [exc.as_dict()]}, status_code=422)
        return render(request, "error.html", {"title": N_("Please check your input"), "message": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        details = []
        for error in exc.errors():
            loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
            details.append({"field": ".".join(loc), "message": error.get("msg", "is not valid")})
        if _wants_json(request):
            return JSONResponse({"detail": details}, status_code=422)
        text = "; ".join(f"{item['field']}: {item['message']}" for item in details)
        return render(request, "error.html", {"title": N_("Please check your input"), "message": text}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))
        titles = {404: N_("Not found"), 405: N_("Not allowed"), 413: N_("Too large")}
        return render(request, "error.html", {"title": titles.get(exc.status_code, N_("Error")), "message": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(StorageError)
    async def _storage(request: Request, exc: StorageError):
        log.error("storage error: %s", exc)
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=503)
        return render(request, "error.html", {"title": N_("The saved data is not available"), "message": str(exc)}, status_code=503)

    from decimal import InvalidOperation

    @app.exception_handler(InvalidOperation)
    @app.exception_handler(RecursionError)
    @app.exception_handler(OverflowError)
    async def _out_of_range(request: Request, exc: Exception):
        """Numbers or nesting beyond what the tool computes with: the input's fault, said plainly."""
        reference = secrets.token_hex(4)
        log.warning("out-of-range input (reference %s) on %s %s: %s", reference, request.method, request.url.path, type(exc).__name__)
        message = f"A number or a nesting in what was sent is beyond what the tool can work with. Reference: {reference}."
        if _wants_json(request):
            return JSONResponse({"detail": [{"field": "body", "message": message}], "reference": reference}, status_code=422)
        return render(request, "error.html", {"title": N_("Please check your input"), "message": message}, status_code=422)

    from .api import router as api_router
    from .draft_pages import router as draft_router
    from .forms_api import router as forms_api_router
    from .packet_pages import router as packet_forms_router
    from .pages import router as page_router
    from .repair import router as repair_router
    from .start_pages import router as start_router

    app.include_router(repair_router)
    app.include_router(api_router)
    app.include_router(forms_api_router)
    app.include_router(packet_forms_router)
    app.include_router(start_router)
    app.include_router(draft_router)
    app.include_router(page_router)
    return app


WORKER_SETTINGS_ENV = "SPOUSE_RELIEF_WEB_SETTINGS"


def worker_environment(settings: WebSettings) -> dict[str, str]:
    """What each of several server processes needs to make the same app (``spouse-relief serve --workers N``)."""
    import json

    shared = {"data_dir": settings.data_dir, "database_url": settings.database_url,
              "secure_cookies": settings.secure_cookies, "registration_open": settings.registration_open}
    return {WORKER_SETTINGS_ENV: json.dumps(shared)}


def app_for_worker() -> FastAPI:
    """The app in one of several server processes; the settings come from the parent (:func:`worker_environment`).

    Several processes share the store safely: a save changes a case only if the version sent is
    still the stored one, login sessions and failed-login counts live in the database, and SQLite
    runs in WAL mode with a busy timeout. What each process keeps to itself (outcomes and packets
    per case version, the password-hashing threads) is only ever a copy of what is stored.
    """
    import json
    import os

    return create_app(WebSettings(**json.loads(os.environ[WORKER_SETTINGS_ENV])))

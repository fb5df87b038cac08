"""The FastAPI application: pages, the JSON API, login, CSRF, security headers, error pages."""

from __future__ import annotations

import logging
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
from ..packet.casefile import mask_ssn
from ..storage import Conflict, NotFound, StorageError
from . import security
from .links import official_links

log = logging.getLogger("spouse_relief.web")


@dataclass
class WebSettings:
    data_dir: str | None = None
    database_url: str | None = None
    secure_cookies: bool = False
    registration_open: bool = True
    today: Callable[[], date] = field(default=date.today)


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
    app.state.login_throttle = security.LoginThrottle()
    app.mount("/static", StaticFiles(directory=str(resources.files("spouse_relief.web") / "static")), name="static")

    @app.middleware("http")
    async def _headers_and_csrf_cookie(request: Request, call_next):
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

    @app.exception_handler(security.LoginRequired)
    async def _login_required(request: Request, _exc: security.LoginRequired):
        if _wants_json(request):
            return JSONResponse({"detail": "log in first: POST /api/login, then send the token as 'Authorization: Bearer ...'"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(security.CsrfFailed)
    async def _csrf_failed(request: Request, _exc: security.CsrfFailed):
        message = "The form's security token is missing or out of date. Reload the page and try again."
        if _wants_json(request):
            return JSONResponse({"detail": message + " (send the X-CSRF-Token header from GET /api/session, or use a bearer token)"}, status_code=403)
        return render(request, "error.html", {"title": "Please reload the page", "message": message}, status_code=403)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, _exc: NotFound):
        if _wants_json(request):
            return JSONResponse({"detail": "no such case"}, status_code=404)
        return render(request, "error.html", {"title": "Not found", "message": "There is no such case in your account."}, status_code=404)

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict):
        if _wants_json(request):
            return JSONResponse({"detail": str(exc), "current_version": exc.current}, status_code=409)
        return render(request, "error.html", {"title": "Not saved: the case changed", "message": str(exc)}, status_code=409)

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError):
        if _wants_json(request):
            return JSONResponse({"detail": [exc.as_dict()]}, status_code=422)
        return render(request, "error.html", {"title": "Please check your input", "message": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        details = []
        for error in exc.errors():
            loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
            details.append({"field": ".".join(loc), "message": error.get("msg", "is not valid")})
        if _wants_json(request):
            return JSONResponse({"detail": details}, status_code=422)
        text = "; ".join(f"{item['field']}: {item['message']}" for item in details)
        return render(request, "error.html", {"title": "Please check your input", "message": text}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))
        titles = {404: "Not found", 405: "Not allowed", 413: "Too large"}
        return render(request, "error.html", {"title": titles.get(exc.status_code, "Error"), "message": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(StorageError)
    async def _storage(request: Request, exc: StorageError):
        log.error("storage error: %s", exc)
        if _wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=503)
        return render(request, "error.html", {"title": "The saved data is not available", "message": str(exc)}, status_code=503)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # pragma: no cover - a bug, shown politely
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        message = "Something went wrong on our side. Your saved case was not changed."
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=500)
        return render(request, "error.html", {"title": "Something went wrong", "message": message}, status_code=500)

    from .api import router as api_router
    from .pages import router as page_router
    from .start_pages import router as start_router

    app.include_router(api_router)
    app.include_router(start_router)
    app.include_router(page_router)
    return app

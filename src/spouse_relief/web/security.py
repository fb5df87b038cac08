"""Login, CSRF and security headers for the web app and the API.

* Login: a random session token in an HttpOnly, SameSite=Lax cookie (``sr_session``), or in an
  ``Authorization: Bearer`` header for API clients. The database keeps only its SHA-256.
* CSRF: each browser gets a random nonce in an HttpOnly, SameSite=Strict cookie (``sr_csrf``);
  every form carries HMAC(key, nonce) in a hidden ``csrf_token`` field, and API calls that use
  the cookie send it in ``X-CSRF-Token``. Bearer-token calls carry no ambient credentials and
  need no CSRF token.
"""

from __future__ import annotations

import secrets

SESSION_COOKIE = "sr_session"
CSRF_COOKIE = "sr_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class LoginRequired(Exception):
    """No valid login on a page or API call that needs one."""


class CsrfFailed(Exception):
    """A state-changing request without a valid CSRF token."""


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def bearer_token(request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def csrf_nonce(request) -> str:
    return getattr(request.state, "csrf_nonce", None) or request.cookies.get(CSRF_COOKIE) or ""


def csrf_token(request) -> str:
    return request.app.state.store.keyring.csrf_token(csrf_nonce(request))


def check_csrf(request, submitted: str | None) -> None:
    nonce = request.cookies.get(CSRF_COOKIE)
    if not request.app.state.store.keyring.csrf_valid(nonce, submitted):
        raise CsrfFailed()


def current_account(request):
    """The logged-in account, or LoginRequired. Cookie logins on unsafe API calls need the CSRF header."""
    store = request.app.state.store
    token = bearer_token(request)
    if token:
        account = store.session_account(token)
        if account is None:
            raise LoginRequired()
        request.state.auth = "bearer"
        return account
    account = store.session_account(request.cookies.get(SESSION_COOKIE))
    if account is None:
        raise LoginRequired()
    request.state.auth = "cookie"
    if request.url.path.startswith("/api/") and request.method not in SAFE_METHODS:
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return account


def set_cookie(response, request, name: str, value: str, *, max_age: int | None, same_site: str) -> None:
    secure = request.app.state.settings.secure_cookies or request.url.scheme == "https"
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite=same_site, secure=secure, path="/")


class LoginThrottle:
    """At most ``limit`` failed logins per username in ``window`` seconds (kept in memory)."""

    def __init__(self, limit: int = 10, window: float = 900.0):
        import threading

        self.limit = limit
        self.window = window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, username: str, now: float) -> list[float]:
        return [moment for moment in self._failures.get(username.lower(), []) if now - moment < self.window]

    def blocked(self, username: str) -> bool:
        import time

        with self._lock:
            return len(self._recent(username, time.monotonic())) >= self.limit

    def failed(self, username: str) -> None:
        import time

        now = time.monotonic()
        with self._lock:
            self._failures[username.lower()] = self._recent(username, now) + [now]

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username.lower(), None)

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
from contextvars import ContextVar

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


# --- logins: the throttle and the password check ---------------------------------------------

CLIENT_ADDRESS: ContextVar[str] = ContextVar("client_address", default="unknown")
"""The address of the client of the current request (set by the app's middleware)."""


class LoginThrottle:
    """Limits on failed logins, kept in the database so a restart does not reset them.

    In any ``window`` (15 minutes):
    * ``per_pair`` failures for one username from one client address block that pair: a stranger
      guessing at "alice" does not lock alice out from her own address;
    * ``per_address`` failures from one address block that address, whatever the usernames
      (random-username spraying);
    * ``per_user`` failures for one username from all addresses together block the username (a
      distributed guess), set high so one attacker alone never reaches it.
    The calls keep their old form (``blocked(username)``): the address comes from the request.
    """

    def __init__(self, store=None, *, per_pair: int = 10, per_address: int = 30, per_user: int = 100, window: float = 900.0):
        from datetime import timedelta

        self.store = store
        self.limits = {"pair": per_pair, "address": per_address, "user": per_user}
        self.window = timedelta(seconds=window)

    @staticmethod
    def _subjects(username: str) -> dict[str, str]:
        address = CLIENT_ADDRESS.get()
        name = (username or "").strip().lower()[:200]
        return {"pair": f"{address} {name}", "address": address, "user": name}

    def blocked(self, username: str) -> bool:
        counts = self.store.login_failures(self._subjects(username), self.window)
        return any(counts[kind] >= limit for kind, limit in self.limits.items())

    def failed(self, username: str) -> None:
        self.store.record_login_failure(self._subjects(username), self.window)

    def succeeded(self, username: str) -> None:
        subjects = self._subjects(username)
        self.store.clear_login_failures({"pair": subjects["pair"]})


PASSWORD_THREADS = 2  # argon2 takes a core for ~50 ms: at most this many at once, off the event loop
PASSWORD_QUEUE = 64  # logins waiting beyond this are turned away at once (503) instead of piling up
_password_limiter = None
_waiting = 0


class Busy(Exception):
    """Too many logins at once: try again in a moment."""


async def authenticate(request, username: str, password: str):
    """``store.authenticate`` in a bounded thread pool, so argon2 never stalls other requests."""
    global _password_limiter, _waiting
    import anyio

    if _password_limiter is None:
        _password_limiter = anyio.CapacityLimiter(PASSWORD_THREADS)
    if _waiting >= PASSWORD_QUEUE:
        raise Busy()
    _waiting += 1
    try:
        store = request.app.state.store
        return await anyio.to_thread.run_sync(store.authenticate, username[:200], password[:1000], limiter=_password_limiter)
    finally:
        _waiting -= 1

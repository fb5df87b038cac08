"""The anonymous start: what a person answers before having an account, held in their browser.

A person can start without an account. Until they make one (or log in), their answers live in
one cookie, ``sr_start``: HttpOnly, SameSite=Lax, gone when the browser closes, encrypted and
authenticated with the site key (AES-256-GCM, the storage keyring; nothing is stored on the server).
Its plain content is a small JSON document::

    {"format": "spouse-relief-start", "version": 1,
     "triage": {"what_happened": ["refund_taken"], "states": ["MO"],
                "tax_years": [2024], "tax_years_unsure": false},
     "case": null}

* ``triage``: the answers of the "What happened?" page (see :mod:`.triage` for the keys and
  docs/web.md for how they map onto the case).
* ``case``: free for the case to keep a small case document while the person answers without an
  account. The cookie holds at most :data:`MAX_COOKIE` characters (compressed, encrypted); a
  larger draft raises :class:`DraftTooLarge`, and the page should then offer to make an account.

When the person makes an account or logs in, :func:`take` hands the draft over once (the caller
turns it into a saved case) and the cookie is cleared.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from . import security

COOKIE = "sr_start"
FORMAT = "spouse-relief-start"
VERSION = 1
MAX_COOKIE = 3800
_CONTEXT = "anonymous-start"


class DraftTooLarge(ValueError):
    """The answers no longer fit in the browser: the person should make an account to go on."""


@dataclass
class Draft:
    triage: dict[str, Any] | None = None
    case: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.triage is None and self.case is None

    def as_document(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "triage": self.triage, "case": self.case, **self.extra}


def _keyring(request):
    return request.app.state.store.keyring


def read(request) -> Draft:
    """The draft in this browser, or an empty one (a missing, old or altered cookie reads as empty)."""
    token = request.cookies.get(COOKIE)
    if not token:
        return Draft()
    try:
        document = json.loads(zlib.decompress(_keyring(request).decrypt(token, _CONTEXT)))
    except Exception:  # an altered, truncated or old cookie is simply not there  # noqa: BLE001
        return Draft()
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("version") != VERSION:
        return Draft()
    extra = {key: value for key, value in document.items() if key not in ("format", "version", "triage", "case")}
    triage = document.get("triage") if isinstance(document.get("triage"), dict) else None
    case = document.get("case") if isinstance(document.get("case"), dict) else None
    return Draft(triage=triage, case=case, extra=extra)


def write(response, request, draft: Draft) -> None:
    """Keep the draft in the browser (a session cookie), or raise DraftTooLarge."""
    packed = zlib.compress(json.dumps(draft.as_document(), separators=(",", ":"), sort_keys=True).encode("utf-8"), 9)
    token = _keyring(request).encrypt(packed, _CONTEXT)
    if len(token) > MAX_COOKIE:
        raise DraftTooLarge(f"the answers take {len(token)} characters; a browser keeps at most {MAX_COOKIE}")
    security.set_cookie(response, request, COOKIE, token, max_age=None, same_site="lax")


def clear(response) -> None:
    response.delete_cookie(COOKIE, path="/")


def take(request, response) -> Draft | None:
    """The draft, once: returns it (or None when there is none) and clears the cookie on ``response``."""
    draft = read(request)
    if draft.empty:
        return None
    clear(response)
    return draft

"""The web interview: FastAPI with server-rendered Jinja2 pages (they work without JavaScript)
and a JSON API under /api. Build the app with :func:`create_app`."""

from __future__ import annotations


def create_app(*args, **kwargs):
    from .app import create_app as _create

    return _create(*args, **kwargs)

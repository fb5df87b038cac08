"""The packet as one printable HTML page (the same content as the PDF)."""

from __future__ import annotations

from importlib import resources

from .. import DISCLAIMER
from ..money import format_usd
from .view import OutcomeView


def render_html(view: OutcomeView) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from ..worksheets.il8857_definition import WORKSHEET

    folder = resources.files("spouse_relief.packet") / "templates"
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["usd"] = format_usd
    return env.get_template("packet_print.html").render(view=view, case=view.case, DISCLAIMER=DISCLAIMER, worksheet=WORKSHEET)

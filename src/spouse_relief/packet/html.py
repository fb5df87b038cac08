"""The packet as one printable HTML page (the same content as the PDF)."""

from __future__ import annotations

from importlib import resources

from .. import DISCLAIMER
from ..money import format_usd
from .assemble import CaseView


def render_html(view: CaseView) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from ..web.links import official_links

    folder = resources.files("spouse_relief.web") / "templates"
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    env.filters["usd"] = format_usd
    worksheet = None
    try:
        from ..worksheets.il8857_definition import WORKSHEET

        worksheet = WORKSHEET
    except ModuleNotFoundError:
        pass
    return env.get_template("packet_print.html").render(view=view, case=view.case, DISCLAIMER=DISCLAIMER, OFFICIAL_LINKS=official_links(), worksheet=worksheet)

"""The packet as one printable HTML page (the same content as the PDF), in English or Spanish.

Its fixed words go through the gettext catalog of the web pages (``spouse_relief.language``) and
the outcome's words through :func:`~spouse_relief.language.translate_text`; in English the page is
as it has always been (dates as YYYY-MM-DD). The explanations for Form 8857 and IL-8857 line 17 are
the person's statement to the IRS and IDOR: they stay as written, in English.
"""

from __future__ import annotations

from importlib import resources

from .. import DISCLAIMER
from ..language import DEFAULT, LANGUAGES, day_words, form_words, iso_dates_in_words, plain_marks, plain_rows, translate_text, translations
from ..case import mask_ssn
from ..money import format_usd
from .view import OutcomeView


def render_html(view: OutcomeView, language: str = DEFAULT, masked: bool = False) -> str:
    """The summary page; ``masked`` shows each SSN as its last four digits (a page read on a
    screen; the file the command line writes and the filled forms carry it whole)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from ..worksheets.il8857_definition import WORKSHEET

    language = language if language in LANGUAGES else DEFAULT
    folder = resources.files("spouse_relief.packet") / "templates"
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations(language), newstyle=True)
    env.filters["usd"] = format_usd
    env.filters["ssn"] = mask_ssn if masked else (lambda ssn: ssn)
    env.filters["tr"] = lambda text: translate_text(language, text)
    env.filters["form_words"] = lambda text: form_words(language, text)
    env.filters["plain_marks"] = lambda text: plain_marks(text, language)  # the law data's marks in words
    env.filters["plain_rows"] = lambda rows: plain_rows(rows, language)
    if language == DEFAULT:
        env.filters["day"] = lambda day: day.isoformat()
        env.filters["in_words"] = lambda text: text
    else:
        env.filters["day"] = lambda day: day_words(day, language)
        env.filters["in_words"] = lambda text: iso_dates_in_words(text, language)
    return env.get_template("packet_print.html").render(view=view, case=view.case, DISCLAIMER=DISCLAIMER, worksheet=WORKSHEET, lang=language)

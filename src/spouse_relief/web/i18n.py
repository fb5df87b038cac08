"""The pages in English and Spanish: gettext catalogs (Babel), the language each person chose.

* The person chooses with the switch on every page (``/language/es?next=/path``, a plain link);
  the choice is kept in the ``sr_lang`` cookie for a year. Without a choice, a browser that asks
  for Spanish first (``Accept-Language: es...``) gets Spanish; everyone else English.
* Templates mark text with ``{{ _('...') }}`` (Jinja's i18n extension, new-style gettext:
  ``{{ _('%(n)s days', n=days) }}``); Python code marks messages with :func:`N_` and translates
  them for a request with :func:`translator`.
* Catalogs: ``web/locale/<lang>/LC_MESSAGES/messages.po`` (edit these) and the compiled
  ``messages.mo`` beside them, committed so that every kind of install (wheel, sdist, editable)
  has them without a build step; ``python -m spouse_relief.web.catalogs check`` (run by the
  tests) fails when a ``.mo`` is out of step with its ``.po``. See docs/web.md, "Languages".

The forms themselves stay in English, as the IRS and IDOR print them.
"""
from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from ..language import DEFAULT, DOMAIN, LANGUAGES, N_, form_words, locale_folder, locale_of, translate_text, translations

__all__ = ["COOKIE", "DEFAULT", "DOMAIN", "LANGUAGES", "N_", "form_words", "language_of", "locale_folder", "locale_of", "translate_text", "translations", "translator"]

COOKIE = "sr_lang"


def _accepts_spanish(header: str) -> bool:
    first = header.split(",", 1)[0].strip().lower()
    return first.startswith("es")


def language_of(request: Any) -> str:
    """The language of this request: the person's choice, else the browser's first language."""
    if request is None:
        return DEFAULT
    chosen = request.cookies.get(COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    return "es" if _accepts_spanish(request.headers.get("accept-language", "")) else DEFAULT


def language_of_context(context: Any) -> str:
    explicit = context.get("lang")
    if explicit in LANGUAGES:
        return explicit
    return language_of(context.get("request"))


def translator(request: Any):
    """gettext for one request: ``t = translator(request); t(N_("..."))``."""
    return translations(language_of(request)).gettext


@pass_context
def _context_gettext(context, message: str) -> str:
    return translations(language_of_context(context)).gettext(message)


@pass_context
def _context_ngettext(context, singular: str, plural: str, n: int) -> str:
    return translations(language_of_context(context)).ngettext(singular, plural, n)


@pass_context
def _current_language(context) -> str:
    return language_of_context(context)


@pass_context
def _tr(context, text: Any) -> str:
    if isinstance(text, Markup):  # made by the template itself (``_()`` and what it joined): in the page's words already
        return text
    return translate_text(language_of_context(context), text)


@pass_context
def _form_words(context, text: Any) -> str:
    return form_words(language_of_context(context), text)


def install(env) -> None:
    """Give a Jinja environment ``_``, ``gettext``, ``ngettext`` that follow each page's language,
    and ``current_language()`` / ``LANGUAGES`` for the switch and ``<html lang>``."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_context_gettext, _context_ngettext, newstyle=True)
    env.globals.update(current_language=_current_language, LANGUAGES=LANGUAGES)
    env.filters["tr"] = _tr
    env.filters["form_words"] = _form_words

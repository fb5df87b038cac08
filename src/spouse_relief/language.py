"""The languages a person can choose (English, Spanish) and the words in them: the gettext catalog
of the web pages and the cover sheets (``web/locale/<lang>/LC_MESSAGES/messages.mo``, built with
Babel by ``python -m spouse_relief.web.catalogs``), and the translation of text the code makes
(:func:`translate_text`) and of form references (:func:`form_words`). Used by the web pages
(``web/i18n.py``) and the packet's cover sheets (``forms/pages.py``); the official forms stay in
English, as the IRS and IDOR print them.
"""

from __future__ import annotations

import gettext as _gettext
import re
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT = "en"
_LOCALES = {"en": "en_US", "es": "es_US"}
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, for the request that shows it."""
    return message


def locale_of(language: str) -> str:
    return _LOCALES.get(language, _LOCALES[DEFAULT])


def locale_folder():
    return resources.files("spouse_relief.web") / "locale"


@cache
def translations(language: str) -> _gettext.NullTranslations:
    if language == DEFAULT or language not in LANGUAGES:
        return _gettext.NullTranslations()
    compiled = locale_folder() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with compiled.open("rb") as handle:
        return _gettext.GNUTranslations(handle)


_YEAR_AFTER = re.compile(r"^(.+?)( \((?:\d{4}|tax year \d{4})[^()]*\))$", re.S)
_YEAR_BEFORE = re.compile(r"^(\d{4}: )(.+)$", re.S)
_ROW = re.compile(r"^Row (\d+): (.+)$", re.S)
_FORM_WORDS = ((re.compile(r"\bForms\b"), "Formularios"), (re.compile(r"\bForm\b"), "Formulario"), (re.compile(r"\blines\b"), "líneas"),
               (re.compile(r"\bline\b"), "línea"), (re.compile(r"\bPart\b"), "Parte"), (re.compile(r"\bStep\b"), "Paso"),
               (re.compile(r"\btax years\b"), "años tributarios"), (re.compile(r"\btax year\b"), "año tributario"))


def translate_text(language: str, text: Any) -> str:
    """Text made by the code rather than written in a template (a question, its "why we ask" line, an
    answer's label, an error), in the page's language when the catalog has it. The tax year a question
    names (" (2022)", "2022: ") and a row number ("Row 2: ") are kept around the translated words;
    an error "question: what is wrong" is translated part by part. Anything else stays as given."""
    if text is None:
        return ""
    text = str(text)
    if language == DEFAULT or language not in LANGUAGES or not text.strip():
        return text
    gettext = translations(language).gettext
    found = gettext(text)
    if found != text:
        return found
    for pattern, translated in _patterns(language):
        match = pattern.match(text)
        if match:
            return translated % {name: _value_words(language, value) for name, value in match.groupdict().items()}
    for pattern, shape in ((_YEAR_AFTER, "{0}{1}"), (_YEAR_BEFORE, "{1}{0}")):
        match = pattern.match(text)
        if match:
            words, year = (match.group(1), match.group(2)) if pattern is _YEAR_AFTER else (match.group(2), match.group(1))
            year = year.replace("tax year", gettext("tax year"))
            return shape.format(translate_text(language, words), year) if pattern is _YEAR_AFTER else year + translate_text(language, words)
    match = _ROW.match(text)
    if match:
        return gettext("Row %(n)s: %(what)s") % {"n": match.group(1), "what": translate_text(language, match.group(2))}
    if "; " in text:
        return "; ".join(translate_text(language, part) for part in text.split("; "))
    head, sep, rest = text.partition(": ")
    if sep and rest:
        return f"{translate_text(language, head)}: {translate_text(language, rest)}"
    return text


def _value_words(language: str, value: str) -> str:
    """A word the engine put into a sentence ('child support'), in the language when the catalog
    has it (as a label, 'Child support'); a number, amount or date stays as it is."""
    found = translate_text(language, value)
    if found == value and value[:1].islower():
        label = translate_text(language, value[:1].upper() + value[1:])
        if label != value[:1].upper() + value[1:]:
            return label[:1].lower() + label[1:]
    return found


@cache
def _patterns(language: str) -> list[tuple[re.Pattern, str]]:
    """The catalog's messages with placeholders (the engine's sentences, ``%(v1)s``), as patterns
    that match a sentence as the engine made it; the longest words first."""
    found = []
    for message, translated in getattr(translations(language), "_catalog", {}).items():
        if isinstance(message, str) and "%(v1)s" in message and message != translated:  # the engine's sentences only
            pieces = re.split(r"%\((\w+)\)s", message)
            regex = "".join(re.escape(piece.replace("%%", "%")) if index % 2 == 0 else f"(?P<{piece}>.+?)" for index, piece in enumerate(pieces))
            try:
                found.append((re.compile(f"^{regex}$", re.S), translated, len(message)))
            except re.error:
                continue
    return [(pattern, translated) for pattern, translated, _size in sorted(found, key=lambda item: -item[2])]


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def day_words(day, language: str = DEFAULT) -> str:
    """A date as people write it in the language: 'April 18, 2028' / '18 de abril de 2028'."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=locale_of(language))


def iso_dates_in_words(text: Any, language: str = DEFAULT) -> str:
    """A sentence of the outcome with its YYYY-MM-DD dates written in words."""
    from datetime import date

    def words(match) -> str:
        try:
            return day_words(date(int(match.group(1)), int(match.group(2)), int(match.group(3))), language)
        except ValueError:
            return match.group(0)

    return _ISO_DATE.sub(words, str(text))


def form_words(language: str, text: Any) -> str:
    """A form's name and line as the IRS's Spanish pages write them: 'Form 8857, line 1' ->
    'Formulario 8857, línea 1' (the forms themselves stay in English)."""
    text = "" if text is None else str(text)
    if language != "es":
        return text
    translated = translate_text(language, text)
    if translated != text:
        return translated
    for pattern, words in _FORM_WORDS:
        text = pattern.sub(words, text)
    return text

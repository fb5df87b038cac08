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
from datetime import datetime
from functools import cache, lru_cache
from importlib import resources
from typing import Any

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT = "en"
_LOCALES = {"en": "en_US", "es": "es_US"}
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, for the request that shows it."""
    return message


# The states by USPS code, as a sentence names them (a person reads "Texas", never "TX").
STATE_NAMES: dict[str, str] = {
    "AL": N_("Alabama"), "AK": N_("Alaska"), "AZ": N_("Arizona"), "AR": N_("Arkansas"), "CA": N_("California"),
    "CO": N_("Colorado"), "CT": N_("Connecticut"), "DE": N_("Delaware"), "DC": N_("District of Columbia"),
    "FL": N_("Florida"), "GA": N_("Georgia"), "HI": N_("Hawaii"), "ID": N_("Idaho"), "IL": N_("Illinois"),
    "IN": N_("Indiana"), "IA": N_("Iowa"), "KS": N_("Kansas"), "KY": N_("Kentucky"), "LA": N_("Louisiana"),
    "ME": N_("Maine"), "MD": N_("Maryland"), "MA": N_("Massachusetts"), "MI": N_("Michigan"), "MN": N_("Minnesota"),
    "MS": N_("Mississippi"), "MO": N_("Missouri"), "MT": N_("Montana"), "NE": N_("Nebraska"), "NV": N_("Nevada"),
    "NH": N_("New Hampshire"), "NJ": N_("New Jersey"), "NM": N_("New Mexico"), "NY": N_("New York"),
    "NC": N_("North Carolina"), "ND": N_("North Dakota"), "OH": N_("Ohio"), "OK": N_("Oklahoma"), "OR": N_("Oregon"),
    "PA": N_("Pennsylvania"), "RI": N_("Rhode Island"), "SC": N_("South Carolina"), "SD": N_("South Dakota"),
    "TN": N_("Tennessee"), "TX": N_("Texas"), "UT": N_("Utah"), "VT": N_("Vermont"), "VA": N_("Virginia"),
    "WA": N_("Washington"), "WV": N_("West Virginia"), "WI": N_("Wisconsin"), "WY": N_("Wyoming"),
}


def state_name(code: str | None) -> str:
    """A state's name from its USPS code ('TX' -> 'Texas'); an unknown code as given."""
    return STATE_NAMES.get(code or "", code or "")


def chosen_language(value: str | None, where: str = "--language") -> str:
    """A language asked for by name (the command line's ``--language``, the API's ``?language=``):
    'en' or 'es'; anything else is an ``InputError`` naming the option (exit code 2, HTTP 422)."""
    from .errors import InputError

    chosen = (value or "").strip().lower()
    if chosen not in LANGUAGES:
        raise InputError(where, f"{(value or '')[:20]!r} is not a language of spouse-relief; use {' or '.join(LANGUAGES)}")
    return chosen


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


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_LONG_DATE = re.compile(r"(?:" + "|".join(_MONTHS) + r") \d{1,2}, \d{4}")
_YEAR_AFTER = re.compile(r"^(.+?)( \((?:\d{4}|tax year \d{4})[^()]*\))$", re.S)
_YEAR_BEFORE = re.compile(r"^(\d{4}: )(.+)$", re.S)
_ROW = re.compile(r"^Row (\d+): (.+)$", re.S)
_FORM_WORDS = ((re.compile(r"\bForms\b"), "Formularios"), (re.compile(r"\bForm\b"), "Formulario"), (re.compile(r"\blines\b"), "líneas"),
               (re.compile(r"\bline\b"), "línea"), (re.compile(r"\bPart\b"), "Parte"), (re.compile(r"\bStep\b"), "Paso"),
               (re.compile(r"\btax years\b"), "años tributarios"), (re.compile(r"\btax year\b"), "año tributario"))


_REFERENCE = re.compile(r"(?:lines? [0-9]\w*)(?: plus lines? [0-9]\w*)*")


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]'][.?]) (?=[A-Z¿])|(?<=\?\)) (?=[A-Z])|(?<=\.\]) (?=[A-Z])|(?<=\(\d{4}\)) (?=[A-Z¿])")
_ABBREVIATIONS = ("Rev.", "Proc.", "Reg.", "v.", "No.", "Pub.", "e.g.", "i.e.", "U.S.", "T.C.", "F.3d.", "Cir.")


def translate_text(language: str, text: Any) -> str:
    """Text made by the code rather than written in a template (a question, its "why we ask" line, an
    answer's label, an error, the engine's sentences), in the page's language when the catalog has
    it. The tax year a question names (" (2022)", "2022: ") and a row number ("Row 2: ") are kept
    around the translated words; sentences the engine joined ("A. B.", "a; b", "question: what is
    wrong") are translated part by part. Anything else stays as given."""
    if text is None:
        return ""
    text = str(text)
    if language == DEFAULT or language not in LANGUAGES or not text.strip():
        return text
    return _translated(language, text)


@lru_cache(maxsize=8192)  # a page asks for the same sentences again; a server's memory stays bounded
def _translated(language: str, text: str) -> str:
    whole = _whole(language, text)
    if whole is not None:
        return whole
    best, reached = text, -1
    # "question: what is wrong" at the first or the last ": " (a question may hold one: "Whose income ...: yours, ...?")
    for parts, joiner in ((_sentences_of(text), " "), (text.split("; "), "; "), (text.split(": ", 1), ": "), (text.rsplit(": ", 1), ": "),
                          (text.split(", "), ", ")):
        if len(parts) < 2:
            continue
        translated, count = _grouped(language, parts, joiner)
        if count == len(parts):
            return translated
        if count > reached:
            best, reached = translated, count
    return best


def _whole(language: str, text: str) -> str | None:
    """The translation of a text the catalog knows as a whole (a message, an engine sentence with its
    slots filled, either with the year or row number around it); None for a text it does not know."""
    if not re.search("[A-Za-z]", text):  # a year, a date, an amount
        return text
    catalog = translations(language)
    found = catalog.gettext(text)
    if found != text or text in getattr(catalog, "_catalog", {}):
        return found
    for pattern in (_YEAR_AFTER, _YEAR_BEFORE):
        match = pattern.match(text)
        if match:
            words, year = (match.group(1), match.group(2)) if pattern is _YEAR_AFTER else (match.group(2), match.group(1))
            inner = _whole(language, words)
            if inner is not None:
                year = year.replace("tax year", catalog.gettext("tax year"))
                return inner + year if pattern is _YEAR_AFTER else year + inner
    # the engine's sentence whose own words cover the most of the text (a slot may hold anything)
    matches = [(match, translated) for pattern, translated in _patterns(language) if (match := pattern.match(text))]
    if matches:
        match, translated = min(matches, key=lambda found: sum(len(value) for value in found[0].groupdict().values()))
        return translated % {name: _value_words(language, value) for name, value in match.groupdict().items()}
    match = _ROW.match(text)
    if match:
        return catalog.gettext("Row %(n)s: %(what)s") % {"n": match.group(1), "what": translate_text(language, match.group(2))}
    if text[:1].isupper() and text[1:2].islower():  # an error's words the catalog holds as they follow "Label: " ("use at most ...")
        inner = _whole(language, text[:1].lower() + text[1:])
        if inner is not None:
            return inner[:1].upper() + inner[1:]
    return None


def _grouped(language: str, parts: list[str], joiner: str) -> tuple[str, int]:
    """The parts of a joined text, put back into the groups the catalog knows ("a; b" may be one
    note of two joined with "; "): the translation, and how many parts the catalog knew."""
    best: list[tuple[int, int, list[str]]] = [(0, 0, [])]  # for parts[:i]: (parts known, groups, words)
    for end in range(1, len(parts) + 1):
        options = []
        for start in range(end):
            if start == 0 and end == len(parts):
                continue  # the whole text: already tried
            group = joiner.join(parts[start:end])
            whole = _whole(language, group)
            reached, groups, before = best[start]
            options.append((reached + (end - start if whole is not None else 0), groups + 1, before + [translate_text(language, group) if whole is None else whole]))
        best.append(max(options, key=lambda option: option[:2]))  # on a tie the smaller groups: a slot may swallow "; b"
    reached, _groups, words = best[-1]
    return joiner.join(words), reached


def _sentences_of(text: str) -> list[str]:
    """The sentences of a text the engine joined with spaces ("You are still married. You moved...");
    an abbreviation ("Rev. Proc.") does not end one."""
    parts: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if parts and parts[-1].endswith(_ABBREVIATIONS):
            parts[-1] += " " + piece
        else:
            parts.append(piece)
    return parts


def _value_words(language: str, value: str) -> str:
    """A word the engine put into a sentence ('child support'), in the language when the catalog
    has it (as a label, 'Child support'); a number, amount or date stays as it is."""
    if _LONG_DATE.fullmatch(value):  # "August 13, 1999": the page writes an ISO date in its own words
        return datetime.strptime(value, "%B %d, %Y").date().isoformat()
    found = translate_text(language, value)
    if found == value and _REFERENCE.fullmatch(value):  # "line 67", "line 1 plus line 2": a worksheet's formula
        return form_words(language, value.replace(" plus ", " + "))
    if found == value and ", " in value:  # a list the engine joined: 'economic hardship, no knowledge'
        return ", ".join(_value_words(language, part) for part in value.split(", "))
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
            regex = "".join(re.escape(piece.replace("%%", "%")) if index % 2 == 0 else f"(?P<{piece}>.*?)" for index, piece in enumerate(pieces))
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
        text = translated
    else:
        for pattern, words in _FORM_WORDS:
            text = pattern.sub(words, text)
    return _REVISION.sub(lambda match: _revision_words(match, language), text)


_REVISION = re.compile(r"\bRev\. (" + "|".join(_MONTHS) + r") (\d{4})\b")


def _revision_words(match: re.Match, language: str) -> str:
    """A form's revision in the language's words: 'Rev. January 2022' -> 'rev. enero de 2022'."""
    from datetime import date

    from babel.dates import format_date

    day = date(int(match.group(2)), _MONTHS.index(match.group(1)) + 1, 1)
    return format_date(day, format="'rev.' MMMM 'de' y", locale=locale_of(language))



# --- the law data's verification marks, in words --------------------------------------------------
# A rule's source is tagged [V] (verified), [V2] (a secondary source) or [U] (unverified); a tag may
# carry advice ("[V2: check the current instructions before mailing]"). Professionals read the tags
# (the JSON, the CLI, the "Sources" lists); everything else a person reads says them in words.

_CHECK = re.compile(r"\s*\[(?:V2|U): ([^\]]*)\]")
_MARK = re.compile(r"\s*\[(V|V2|U)\]")
_MARK_WORDS = {"V2": N_("(from a secondary source)"), "U": N_("(not yet checked against an official source)")}
_SECONDARY = "(secondary)"  # how a source's title in the data says it is a secondary source
CHECK_BEFORE_MAILING = N_("Check this against the current instructions before mailing.")
N_("Check the current instructions before mailing.")  # the advice the packet's addresses carry


def _advice(language: str, found: str) -> str:
    return translate_text(language, found[:1].upper() + found[1:].rstrip(".") + ".")


def plain_marks(text: Any, language: str = DEFAULT) -> str:
    """A sentence with the verification marks said in words: [V] goes without saying, [V2] and [U]
    are said ("(from a secondary source)"), and a tag's advice becomes a sentence of its own."""
    text = "" if text is None else str(text)
    catalog = translations(language)
    advice = [_advice(language, found) for found in _CHECK.findall(text)]

    secondary = _SECONDARY in text  # a source's title that says so itself, in the page's language

    def said(match) -> str:
        mark = match.group(1)
        if mark == "V" or (mark == "V2" and secondary):
            return ""
        return " " + catalog.gettext(_MARK_WORDS[mark])

    plain = _MARK.sub(said, _CHECK.sub("", text)).replace(_SECONDARY, catalog.gettext(_MARK_WORDS["V2"])).strip()
    return " ".join([plain.rstrip(".") + ".", *advice]) if advice else plain


def plain_rows(rows: list[Any], language: str = DEFAULT) -> list[str]:
    """Lines read together (an address, the ways to send a form) without their marks, and one line
    at the end, once, that says to check them where any was not verified."""
    plain, advice = [], []
    for row in rows:
        row = "" if row is None else str(row)
        for found in _CHECK.findall(row):
            if _advice(language, found) not in advice:
                advice.append(_advice(language, found))
        if not advice and any(mark in ("V2", "U") for mark in _MARK.findall(row)):
            advice.append(translations(language).gettext(CHECK_BEFORE_MAILING))
        plain.append(_MARK.sub("", _CHECK.sub("", row)).strip())
    generic = translations(language).gettext(CHECK_BEFORE_MAILING)
    if len(advice) > 1 and generic in advice:
        advice.remove(generic)
    return plain + advice[:1]


# --- the law a computation used, in words ----------------------------------------------------------
# A trace names each law value it used by its parameter (``il/income_tax_rate``) for the JSON and the
# command line; a page says it by the law's own title in its data file, its value when one number
# says it, and where the law is written: "Illinois income tax rate, 4.95% (35 ILCS 5/201(b))".

_PERIODS = {"years": (N_("one year"), N_("%(n)s years")), "months": (N_("one month"), N_("%(n)s months")),
            "days": (N_("one day"), N_("%(n)s days"))}


def _law_value(unit: str, value: Any, language: str) -> str:
    """One value of the law in words ('4.95%', '$2,425.00', 'three years', 'April 15'); '' for a value
    that no single number says (a table by filing status, brackets, a text)."""
    from datetime import date
    from decimal import Decimal

    from babel.dates import format_date

    from .money import format_usd

    catalog = translations(language)
    if isinstance(value, (dict, list, tuple)) and unit != "month_day" or value is None or isinstance(value, bool):
        return ""
    if unit == "rate" and isinstance(value, Decimal):
        return f"{(value * 100).normalize():f}%"
    if unit == "usd" and isinstance(value, Decimal):
        return format_usd(value)
    if unit in _PERIODS and isinstance(value, int):
        one, many = _PERIODS[unit]
        return catalog.gettext(one) if value == 1 else catalog.gettext(many) % {"n": value}
    if unit == "count" and isinstance(value, int):
        return str(value)
    if unit == "date" and isinstance(value, date):
        return day_words(value, language)
    if unit == "month_day" and isinstance(value, tuple) and len(value) == 2:
        return format_date(date(2000, *value), format="MMMM d" if language == DEFAULT else "d 'de' MMMM", locale=locale_of(language))
    return ""


def law_words(use: Any, language: str = DEFAULT) -> str:
    """A law value a computation used (a ``trace.ParameterUse``) as a person reads it: its title,
    its value and its sources, in the language; never the parameter's name."""
    parts = [translate_text(language, use.title) if use.title else translations(language).gettext("A rule of the tax law")]
    value = _law_value(use.unit, use.value, language)
    if value:
        parts.append(value)
    words = ", ".join(parts)
    return f"{words} ({use.cited})" if use.cited else words

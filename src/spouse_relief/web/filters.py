"""Jinja filters for what a person reads: dates in words and amounts with thousands separators,
in the page's language (English or Spanish, as spoken in the United States).

    {{ deadline.when|date_words }}   April 18, 2028   /  18 de abril de 2028
    {{ amount|usd }}                 $2,291.16         /  $2,291.16   (negative: ($46.00))
    {{ days|number }}                3,340             /  3,340

US Spanish (es_US) writes amounts and numbers the way US English does, as the IRS's Spanish
publications do; only the words of a date change. Unknown values print as an empty string.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_currency, format_decimal
from jinja2 import pass_context

from ..language import day_words, iso_dates_in_words, law_words, plain_marks, plain_rows
from . import i18n

# Brackets for a negative amount, as the worksheets print them.
_USD_PATTERN = "¤#,##0.00;(¤#,##0.00)"


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _as_decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value).replace(",", "").replace("$", "").strip())
    except (InvalidOperation, ValueError):
        return None


def date_words(value: Any, language: str = "en") -> str:
    """A date as people write it: 'April 18, 2028' / '18 de abril de 2028'."""
    day = _as_date(value)
    if day is None:
        return "" if value is None else str(value)
    return day_words(day, language)


def usd(value: Any, language: str = "en") -> str:
    """An amount in dollars and cents with thousands separators: '$2,291.16', '($46.00)'."""
    amount = _as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return format_currency(amount, "USD", format=_USD_PATTERN, locale=i18n.locale_of(language), currency_digits=False)


def number(value: Any, language: str = "en") -> str:
    """A count with thousands separators: '3,340'."""
    amount = _as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return format_decimal(amount, locale=i18n.locale_of(language))


def _in_page_language(function):
    @pass_context
    def filter_(context, value: Any) -> str:
        return function(value, i18n.language_of_context(context))

    filter_.__name__ = function.__name__
    filter_.__doc__ = function.__doc__
    return filter_


def _abuse_mentioned(case: Any) -> bool:
    """Whether a case says the person was abused (the saved case keeps the facts as a mapping;
    the typed case as attributes). Any yes shows the quick exit."""
    facts = case.get("facts", case) if isinstance(case, dict) else getattr(case, "facts", case)
    abuse = facts.get("abuse") if isinstance(facts, dict) else getattr(facts, "abuse", None)
    if isinstance(abuse, dict):
        return any(value is True for value in abuse.values())
    return any(getattr(abuse, name, None) is True for name in ("abused", "did_not_challenge_for_fear", "financial_control", "signed_under_duress"))


@pass_context
def show_quick_exit(context) -> bool:
    """The quick-exit button shows once abuse is mentioned: a page sets ``quick_exit`` in its
    context, or the case on the page records abuse."""
    if context.get("quick_exit"):
        return True
    case = context.get("case")
    return case is not None and _abuse_mentioned(case)


@pass_context
def states_involved(context) -> set[str]:
    """The states whose official links a page shows: ``states_shown`` from the page's context,
    else the states of the case on the page (a state of residence, a joint Illinois return). A case's
    pages pass the outcome's own links, which carry no jurisdiction and are shown as given."""
    shown = context.get("states_shown")
    if shown:
        return set(shown)
    case = context.get("case")
    found: set[str] = set()
    facts = getattr(case, "facts", None)
    for year in getattr(facts, "tax_years", None) or []:
        if year.residence_state:
            found.add(year.residence_state.upper())
        if year.illinois is not None and year.illinois.joint_il_return:
            found.add("IL")
    return found


QUICK_EXIT_URL = "https://www.weather.gov/"


@pass_context
def show_safety(context) -> bool:
    """Safety guidance comes first on every case page once the person said they were abused."""
    case = context.get("case")
    return case is not None and _abuse_mentioned(case)


def install_globals(env) -> None:
    env.globals.update(show_safety=show_safety, show_quick_exit=show_quick_exit, states_involved=states_involved, QUICK_EXIT_URL=QUICK_EXIT_URL)


def install(env) -> None:
    """Add the filters to a Jinja environment (they follow the page's language)."""
    env.filters["date_words"] = _in_page_language(date_words)
    env.filters["usd"] = _in_page_language(usd)
    env.filters["number"] = _in_page_language(number)
    env.filters["plain_error"] = plain_error
    env.filters["without_path"] = without_path
    env.filters["iso_dates_in_words"] = _in_page_language(iso_dates_in_words)
    env.filters["plain_marks"] = _in_page_language(plain_marks)  # after |tr: the marks of the law data in words
    env.filters["plain_rows"] = _in_page_language(plain_rows)
    env.filters["law_words"] = _in_page_language(law_words)  # a trace's law used: its title, value and sources
    env.filters["trace_words"] = trace_words
    install_globals(env)


@pass_context
def trace_words(context, text: Any, f8379: bool = False) -> str:
    """A trace's formula, input or note in the page's language: a Form 8379 one by its amounts' names
    and joining words (``worksheets.f8379_words``), any other as a form reference (``form_words``)."""
    language = i18n.language_of_context(context)
    if f8379:
        from ..worksheets.f8379_words import trace_words as words

        return words(language, text)
    return i18n.form_words(language, text)


def plain_error(message: Any) -> str:
    """An error message with any field path at its head put in the question's words."""
    from .interview_plan import plain_error as _plain

    return _plain(str(message))


def without_path(message: Any) -> str:
    """'dates.last_payment: When was ...?' -> 'When was ...?' (the question already says it)."""
    head, sep, rest = str(message).partition(": ")
    if sep and " " not in head and ("." in head or "_" in head):
        return rest
    return str(message)




"""Money is Decimal, in dollars and cents. Rounding happens where the instructions round, once.

Every amount that comes in passes :func:`parse_amount`: at most two decimals and less than
:data:`MAX_AMOUNT` (one trillion dollars) either way. Sums and products of such amounts stay far
inside :data:`MONEY_CONTEXT` (60 significant digits), so no accepted value can make Decimal
arithmetic raise: rounding to the cent is done in that context, never in the default one (28
digits), which is what used to fail on ``1e26``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Annotated

from pydantic import BeforeValidator

from .errors import InputError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal(10**12)  # exclusive: |amount| < $1,000,000,000,000.00
MONEY_CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP, Emax=10**6, Emin=-(10**6))
_MAX_TEXT = 40
# An optional sign and one optional $, digits (grouped by commas in threes, or not at all), up to
# two decimals, an optional exponent (1E3); or the same in brackets for a negative amount.
_AMOUNT = re.compile(r"^([+-]?)\$?([+-]?)((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,4})?$")


def round_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up (0.005 -> 0.01)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP, context=MONEY_CONTEXT)


def _limit_text() -> str:
    return f"${MAX_AMOUNT:,.0f}"


def parse_amount(raw: object, field: str) -> Decimal:
    """An amount typed by a user: a whole number or dollars and cents, never more than 2 decimals.

    Accepted text: ``1234``, ``1,234.50``, ``$1,234.50``, ``-12.05``, ``(46.00)`` (negative), ``1E3``.
    Refused with a message naming ``field``: floats (input files are read with decimals kept as
    text, see io.py), misplaced commas (``1,2,3``), repeated signs, other digits than 0-9, more than
    two decimals, and amounts of a trillion dollars or more either way.
    """
    if isinstance(raw, bool) or raw is None or isinstance(raw, (dict, list, tuple)):
        shape = "a list" if isinstance(raw, (list, tuple)) else "a group of answers" if isinstance(raw, dict) else repr(raw)
        raise InputError(field, f"expected an amount in dollars and cents, got {shape}")
    if isinstance(raw, float):
        raise InputError(field, "amounts must be read as decimals, not binary floats")
    if isinstance(raw, Decimal):
        amount = raw
    elif isinstance(raw, int):
        if abs(raw) >= MAX_AMOUNT:
            raise InputError(field, f"is too large: amounts must be less than {_limit_text()} either way")
        amount = Decimal(raw)
    else:
        amount = _parse_text(str(raw), field)
    if not amount.is_finite():
        raise InputError(field, f"{_show(raw)} is not a finite number")
    if amount.copy_abs() >= MAX_AMOUNT:
        raise InputError(field, f"is too large: amounts must be less than {_limit_text()} either way")
    if amount.as_tuple().exponent < -2:
        raise InputError(field, f"{_show(raw)} has more than two decimal places (amounts are dollars and cents)")
    return amount.quantize(CENT, context=MONEY_CONTEXT)


def _show(raw: object) -> str:
    text = str(raw)
    return repr(text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…")


def _parse_text(raw: str, field: str) -> Decimal:
    text = raw.strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        text, negative = text[1:-1].strip(), True
    match = _AMOUNT.match(text) if len(text) <= _MAX_TEXT else None
    if not match or (match.group(1) and match.group(2)) or (negative and (match.group(1) or match.group(2))):
        raise InputError(field, f"{_show(raw)} is not a number")
    sign = "-" if negative or "-" in (match.group(1) + match.group(2)) else ""
    try:
        amount = Decimal(sign + match.group(3).replace(",", "") + (match.group(4) or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise InputError(field, f"{_show(raw)} is not a number") from None
    if amount.adjusted() >= 12:
        raise InputError(field, f"is too large: amounts must be less than {_limit_text()} either way")
    return amount


def _amount_validator(raw: object) -> Decimal:
    try:
        return parse_amount(raw, "")
    except InputError as exc:
        raise ValueError(exc.message) from None


Amount = Annotated[Decimal, BeforeValidator(_amount_validator)]
"""A pydantic field type for an amount: ``wages: Amount = ZERO``; errors name the field."""


def format_usd(amount: Decimal) -> str:
    """$1,234.50; negative amounts in brackets as the worksheet prints them: ($46.00)."""
    text = f"${abs(amount):,.2f}"
    return f"({text})" if amount < 0 else text

"""Money is Decimal, in dollars and cents. Rounding happens where the instructions round, once."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import InputError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up (0.005 -> 0.01)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(raw: object, field: str) -> Decimal:
    """An amount typed by a user: a whole number or dollars and cents, never more than 2 decimals.

    Floats are refused: input files are read with decimals kept as text (see io.py).
    """
    if isinstance(raw, bool) or raw is None:
        raise InputError(field, f"expected an amount in dollars and cents, got {raw!r}")
    if isinstance(raw, float):
        raise InputError(field, "amounts must be read as decimals, not binary floats")
    if isinstance(raw, Decimal):
        amount = raw
    else:
        text = str(raw).strip().replace(",", "").replace("$", "")
        if text.startswith("(") and text.endswith(")"):
            text = "-" + text[1:-1]
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise InputError(field, f"{raw!r} is not a number") from None
    if not amount.is_finite():
        raise InputError(field, f"{raw!r} is not a finite number")
    if amount.as_tuple().exponent < -2:
        raise InputError(field, f"{raw!r} has more than two decimal places (amounts are dollars and cents)")
    return amount.quantize(CENT)


def format_usd(amount: Decimal) -> str:
    """$1,234.50; negative amounts in brackets as the worksheet prints them: ($46.00)."""
    text = f"${abs(amount):,.2f}"
    return f"({text})" if amount < 0 else text

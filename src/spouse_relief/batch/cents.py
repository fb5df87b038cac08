"""Exact money arithmetic on columns of integer cents (numpy int64).

Every rounding here is :func:`spouse_relief.money.round_cents` applied to an exact quotient:
half up in the ``decimal`` sense, that is half away from zero (``-0.005`` becomes ``-0.01``).
The quotients are computed exactly, never through a binary float:

* where ``|x| * num`` fits in 62 bits (almost always), by integer division and remainder;
* otherwise by a float64 estimate of the quotient corrected with an exact remainder. The
  remainder ``|x| * num - q * den`` is computed in int64 arithmetic that wraps modulo 2**64;
  the true remainder is small (within a couple of ``den``), so the wrapped result is the true
  one. This keeps the whole computation vectorized for amounts up to :data:`MAX_AMOUNT_CENTS`.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from ..parameters import parameter

# The largest amount (in cents, either sign) a batch input cell may hold: $1,000,000,000.00.
# It keeps every line of a worksheet well inside 2**53 (exact in float64 as well as int64) and
# keeps the case evaluator's 28-digit Decimal arithmetic exact for the same inputs.
MAX_AMOUNT_CENTS = 100_000_000_000
_DIRECT_LIMIT = 1 << 62


def as_fraction(value: Decimal) -> tuple[int, int]:
    """A Decimal (a rate) as an exact fraction of integers ``(numerator, denominator)``."""
    numerator, denominator = value.as_integer_ratio()
    return int(numerator), int(denominator)


def round_half_up_div(x: np.ndarray, num: np.ndarray | int, den: np.ndarray | int) -> np.ndarray:
    """``round_cents(x * num / den)`` exactly, elementwise, for int64 ``x`` in cents; ``den != 0``.

    ``num / den`` is a share or a rate given exactly (any signs). The quotient must stay below
    2**50 cents in size (see :func:`quotient_in_range`); with ``|num| <= |den|`` it always does.
    """
    x = np.asarray(x, dtype=np.int64)
    if isinstance(num, int) and isinstance(den, int) and den == 2 * num and num > 0:
        return half_up(x)  # an equal share
    num_array = np.asarray(num, dtype=np.int64)
    den_array = np.asarray(den, dtype=np.int64)
    if x.size == 0:
        return x.copy()
    x_low, x_high = int(x.min()), int(x.max())
    num_low, num_high = int(num_array.min()), int(num_array.max())
    signed = x_low < 0 or num_low < 0 or int(den_array.min()) < 0
    if signed:
        negative = (x < 0) ^ (num_array < 0) ^ (den_array < 0)
        magnitude, num_array, den_array = np.abs(x), np.abs(num_array), np.abs(den_array)
    else:
        negative, magnitude = None, x
    largest_x = max(abs(x_low), abs(x_high))
    largest_num = max(abs(num_low), abs(num_high))
    if largest_x * largest_num < _DIRECT_LIMIT:
        quotient, remainder = np.divmod(magnitude * num_array, den_array)
    else:
        quotient, remainder = _estimate_and_correct(magnitude, num_array, den_array)
    quotient += 2 * remainder >= den_array
    return quotient if negative is None else np.where(negative, -quotient, quotient)


def quotient_in_range(x: np.ndarray, num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Where ``x * num / den`` is small enough (below 2**50 cents) for :func:`round_half_up_div`."""
    with np.errstate(divide="ignore", invalid="ignore"):
        size = np.abs(np.asarray(x, dtype=np.float64)) * (np.abs(np.asarray(num, dtype=np.float64)) / np.abs(np.asarray(den, dtype=np.float64)))
    return np.asarray(np.isfinite(size) & (size < 2.0**50))


def _estimate_and_correct(magnitude: np.ndarray, num: np.ndarray, den: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """floor(magnitude * num / den) and its remainder, exactly, when the product overflows int64."""
    with np.errstate(over="ignore"):
        estimate = np.floor(magnitude.astype(np.float64) * (num.astype(np.float64) / den.astype(np.float64)))
        quotient = estimate.astype(np.int64)
        remainder = magnitude * num - quotient * den  # wraps modulo 2**64; the true value is small
        for _ in range(3):
            low = remainder < 0
            quotient = np.where(low, quotient - 1, quotient)
            remainder = np.where(low, remainder + den, remainder)
            high = remainder >= den
            quotient = np.where(high, quotient + 1, quotient)
            remainder = np.where(high, remainder - den, remainder)
    if np.any(remainder < 0) or np.any(remainder >= den):  # pragma: no cover - guarded by MAX_AMOUNT_CENTS
        raise ArithmeticError("a quotient is too large for exact integer-cent arithmetic")
    return quotient, remainder


def half_up(x: np.ndarray) -> np.ndarray:
    """``round_cents(x / 2)`` exactly: half of an amount in cents, half away from zero.

    (x + 1) // 2 for x >= 0 and x // 2 below zero, as one arithmetic shift.
    """
    x = np.asarray(x, dtype=np.int64)
    return np.right_shift(x + (x >= 0), 1)


class YearLaw:
    """Each row's law values, looked up once per distinct tax year (year 0: a row already refused).

    Where every usable row has the same tax year, a lookup is a plain Python value (numpy then
    broadcasts it); otherwise it is a column with one entry per row.
    """

    def __init__(self, years: np.ndarray):
        self.years = np.asarray(years, dtype=np.int64)
        present = np.zeros(10_000, dtype=bool)  # tax years are four digits at most
        present[self.years] = True
        self.unique = np.flatnonzero(present)
        position = np.zeros(10_000, dtype=np.int64)
        position[self.unique] = np.arange(len(self.unique))
        self.inverse = position[self.years]
        self.single = len(self.unique) == 1 and self.unique[0] != 0
        self._cache: dict = {}

    def take(self, rows: np.ndarray) -> "YearLaw":
        return self if self.single else YearLaw(self.years[rows])

    def _per_row(self, key, function, missing, dtype):
        found = self._cache.get(key)
        if found is None:
            looked_up = [function(int(year)) if year else missing for year in self.unique.tolist()]
            if self.single:
                found = looked_up[0]
            else:
                found = np.array(looked_up, dtype=dtype)[self.inverse]
            self._cache[key] = found
        return found

    def value(self, name: str, keys: tuple[str, ...], year: int):
        value = parameter(name).for_tax_year(year).value
        for key in keys:
            value = value[key]
        return value

    def amount(self, name: str, keys: tuple[str, ...] = (), missing: int = 0):
        """An amount in dollars from the law data, in cents (``missing`` where the data has null)."""

        def cents(year: int) -> int:
            found = self.value(name, keys, year)
            return missing if found is None else int(found * 100)

        return self._per_row(("amount", name, keys, missing), cents, missing, np.int64)

    def fraction(self, name: str, keys: tuple[str, ...] = ()):
        """A rate as an exact fraction (numerator, denominator)."""
        pair = self._cache.get(("fraction", name, keys))
        if pair is None:
            fractions = [as_fraction(self.value(name, keys, int(year))) if year else (0, 1) for year in self.unique.tolist()]
            if self.single or len(set(fractions)) == 1:
                pair = fractions[0] if self.single else next(iter(set(fractions)))
            else:
                pair = (np.array([f[0] for f in fractions], dtype=np.int64)[self.inverse],
                        np.array([f[1] for f in fractions], dtype=np.int64)[self.inverse])
            self._cache[("fraction", name, keys)] = pair
        return pair

    def equals(self, name: str, keys: tuple[str, ...], wanted):
        """Per row: whether the law data's value is ``wanted`` (False for refused rows)."""
        return self._per_row(("equals", name, keys, wanted), lambda year: self.value(name, keys, year) == wanted, False, bool)

    def groups(self) -> list[tuple[int, np.ndarray | None]]:
        """(tax year, its rows) for each usable year; rows None when one year covers every row."""
        if self.single:
            return [(int(self.unique[0]), None)]
        if "groups" in self._cache:
            return self._cache["groups"]
        positions = self.inverse.astype(np.int16)  # a radix sort for small integers
        order = np.argsort(positions, kind="stable")
        bounds = np.searchsorted(positions[order], np.arange(len(self.unique) + 1))
        self._cache["groups"] = [
            (int(year), order[bounds[position] : bounds[position + 1]])
            for position, year in enumerate(self.unique.tolist()) if year
        ]
        return self._cache["groups"]

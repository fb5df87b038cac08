"""Compare a hand-computed expectation (a YAML subset) with a result's JSON form."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def mismatches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Every place where the expected subset differs from the actual value (amounts compared as numbers)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected a mapping, got {actual!r}"]
        found = []
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{path}.{key}: missing from the result")
                continue
            found.extend(mismatches(value, actual[key], f"{path}.{key}" if path else str(key)))
        return found
    if expected in ("null", None):
        return [] if actual is None else [f"{path}: expected null, got {actual!r}"]
    left, right = _as_decimal(expected), _as_decimal(actual if isinstance(actual, str) else str(actual))
    if left is not None and right is not None:
        return [] if left == right else [f"{path}: expected {expected}, got {actual}"]
    return [] if str(expected) == str(actual) else [f"{path}: expected {expected!r}, got {actual!r}"]

"""``json.dumps(value, indent=2)``, character for character, in less time.

Python's own encoder falls back to its pure-Python, generator-based code whenever an indent is
asked for; the outcome of a three-year case is about 0.6 MB of JSON, so that code was a tenth of
``spouse-relief case FILE --json``. This writer walks the same plain values (dicts with text keys,
lists, tuples, text, whole numbers, finite floats, booleans, None) and builds the same text; on
anything else (another key type, NaN, an object the encoder would reject) it hands the whole value
to ``json.dumps``, so the result is always exactly what ``json.dumps(value, indent=2)`` gives.
tests/core/test_jsontext.py checks it against ``json.dumps`` on every example case.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii as _text
from typing import Any

_INFINITY = float("inf")


class _Unusual(Exception):
    """A value the short writer leaves to ``json.dumps``."""


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _text(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and value == value and value not in (_INFINITY, -_INFINITY):
        return float.__repr__(value)
    raise _Unusual


def _write(value: Any, out: list[str], newline: str) -> None:
    """Append the text of ``value`` to ``out``; ``newline`` is a line break and the current indent."""
    kind = type(value)
    if kind is dict or (kind is not list and kind is not tuple and isinstance(value, dict)):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        opening = "{" + inner
        between = "," + inner
        lead = opening
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual  # json.dumps turns other keys into text by its own rules
            item_kind = type(item)
            if item_kind is str:
                out.append(lead + _text(key) + ": " + _text(item))
            elif item_kind is dict or item_kind is list:
                out.append(lead + _text(key) + ": ")
                _write(item, out, inner)
            else:
                out.append(lead + _text(key) + ": ")
                if item_kind is tuple or isinstance(item, (dict, list, tuple)):
                    _write(item, out, inner)
                else:
                    out.append(_scalar(item))
            lead = between
        out.append(newline + "}")
        return
    if kind is list or kind is tuple or isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        lead = "[" + inner
        between = "," + inner
        for item in value:
            item_kind = type(item)
            if item_kind is str:
                out.append(lead + _text(item))
            else:
                out.append(lead)
                if item_kind is dict or item_kind is list or item_kind is tuple or isinstance(item, (dict, list, tuple)):
                    _write(item, out, inner)
                else:
                    out.append(_scalar(item))
            lead = between
        out.append(newline + "]")
        return
    out.append(_scalar(value))


def dumps_indented(value: Any) -> str:
    """Exactly ``json.dumps(value, indent=2)``."""
    out: list[str] = []
    try:
        _write(value, out, "\n")
    except (_Unusual, RecursionError):
        return json.dumps(value, indent=2)
    return "".join(out)

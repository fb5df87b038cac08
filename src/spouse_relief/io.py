"""Reading input: YAML or JSON, bounded, with decimals kept exact and every error named.

Every document from outside (a CLI file, an API body, an upload, a text box) goes through
:func:`parse_document`, which refuses in milliseconds anything beyond :data:`LIMITS`:

* size (``max_bytes``), nesting depth (``max_depth``), number of values (``max_nodes``), length of one
  text value (``max_text``) and of one number (``max_number_chars``);
* YAML aliases (``*name``) and explicit tags (``!!python/...``): never needed by our files, and the
  door to "billion laughs" expansion, so refused outright rather than budgeted;
* duplicate keys (JSON and YAML alike), keys that are not text, more than one YAML document,
  ``NaN``/``Infinity`` literals.

Both parsers run without recursion in our code: JSON's C scanner is guarded by a depth check done
before it runs, YAML is built from libyaml's event stream with an explicit stack.

The field parsers (:func:`parse_int`, :func:`parse_year`, :func:`parse_text`, :func:`parse_date`,
with :func:`spouse_relief.money.parse_amount`) and their pydantic types (:data:`Year`, :data:`Text`,
:data:`Day`) are the one validation layer every model uses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BeforeValidator

from .errors import InputError


@dataclass(frozen=True)
class Limits:
    """What one untrusted document may hold. Our largest real case file is under 100 kB."""

    max_bytes: int = 4 * 1024 * 1024
    max_depth: int = 40
    max_nodes: int = 50_000
    max_text: int = 100_000
    max_number_chars: int = 40


LIMITS = Limits()
MIN_YEAR, MAX_YEAR = 1900, 2200
MAX_INT = 10**15
MAX_EXPONENT = 40  # a JSON number's magnitude, 1E-40 to 1E+40


# --- documents ------------------------------------------------------------------------------


def parse_document(text: str, *, name: str = "input", suffix: str = "", limits: Limits = LIMITS) -> Any:
    """Parse YAML or JSON text. JSON numbers with a fraction become Decimal; YAML scalars stay text.

    Keeping YAML scalars as text means ``0.1`` never passes through a binary float, and the
    models (pydantic, lax mode) convert each field to its declared type with a named error.
    """
    if len(text) > limits.max_bytes:
        raise InputError(name, f"is too large ({len(text):,} characters; the limit is {limits.max_bytes:,})")
    stripped = text.lstrip()
    looks_json = suffix.lower() == ".json" or (suffix == "" and stripped.startswith(("{", "[")))
    if looks_json:
        return _parse_json(text, name, limits)
    return _parse_yaml(text, name, limits)


def parse_json_bytes(raw: bytes, *, name: str = "body", limits: Limits = LIMITS) -> Any:
    """A JSON request body: size checked first, then UTF-8, then :func:`parse_document`."""
    text = _decoded(raw, name, limits, "utf-8")
    if not text.strip():
        raise InputError(name, "is empty; send a JSON object")
    return parse_document(text, name=name, suffix=".json", limits=limits)


def _decoded(raw: bytes, name: str, limits: Limits, encoding: str) -> str:
    if len(raw) > limits.max_bytes:
        raise InputError(name, f"is too large (the limit is {limits.max_bytes // (1024 * 1024)} MB)")
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(name, "is not UTF-8 text") from None


def _json_depth_ok(text: str, limit: int) -> bool:
    """True when brackets outside strings never nest deeper than ``limit``.

    Strings are removed, then everything but brackets; each pass of a C-speed substitution then
    removes the innermost pairs, so the number of passes is the depth.
    """
    if text.count("[") + text.count("{") <= limit:
        return True
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    for _ in range(limit):
        shorter = _EMPTY_PAIR.sub("", brackets)
        if shorter == brackets:
            return True
        brackets = shorter
    return not _EMPTY_PAIR.search(brackets)


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_EMPTY_PAIR = re.compile(r"\[\]|\{\}")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _parse_json(text: str, name: str, limits: Limits) -> Any:
    if not _json_depth_ok(text, limits.max_depth):
        raise InputError(name, f"is nested more than {limits.max_depth} levels deep")

    def number(kind):
        def parse(literal: str):
            if len(literal) > limits.max_number_chars:
                raise InputError(name, f"holds a number with {len(literal):,} characters (at most {limits.max_number_chars})")
            value = kind(literal)
            if kind is Decimal and value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
                # 1E-999999999 is 12 characters, but turning it into a whole number or a ratio
                # takes a billion digits: no amount, rate or count is ever that large or small.
                raise InputError(name, f"holds the number {literal}, far beyond any amount (at most 1E+{MAX_EXPONENT} either way)")
            return value

        return parse

    def constant(literal: str):
        raise InputError(name, f"{literal} is not a number JSON allows")

    def pairs(items: list[tuple[str, Any]]) -> dict:
        mapping: dict = {}
        for key, value in items:
            if key in mapping:
                raise InputError(name, f"the key {_short(key)!r} appears twice in one object")
            mapping[key] = value
        return mapping

    try:
        document = json.loads(text, parse_float=number(Decimal), parse_int=number(int), parse_constant=constant, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InputError(name, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise InputError(name, f"is nested more than {limits.max_depth} levels deep") from None
    _check_tree(document, name, limits)
    return document


def _check_tree(document: Any, name: str, limits: Limits) -> None:
    """Count values and measure text, without recursion."""
    stack = [document]
    nodes = 0
    while stack:
        node = stack.pop()
        nodes += 1
        if nodes > limits.max_nodes:
            raise InputError(name, f"holds more than {limits.max_nodes:,} values")
        if isinstance(node, dict):
            stack.extend(node.values())
            for key in node:
                if len(key) > limits.max_text:
                    raise InputError(name, f"holds a key longer than {limits.max_text:,} characters")
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and len(node) > limits.max_text:
            raise InputError(name, f"holds a text longer than {limits.max_text:,} characters")


_NULL_WORDS = frozenset({"null", "Null", "NULL", "~", ""})
_STANDARD_TAGS = frozenset({None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _parse_yaml(text: str, name: str, limits: Limits) -> Any:
    """YAML from the parser's events, with an explicit stack: every scalar text, null words None."""
    documents = 0
    root: Any = None
    stack: list[list] = []  # [container, pending key or _NO_KEY]
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=_YAML_LOADER):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise InputError(name, "holds more than one YAML document (a second '---'); keep one")
                continue
            if isinstance(event, yaml.AliasEvent):
                raise InputError(name, f"uses a YAML alias (*{_short(event.anchor)}) at {_where(event)}; write the value out instead")
            if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.tag not in _STANDARD_TAGS:
                    raise InputError(name, f"uses the YAML tag {_short(event.tag)} at {_where(event)}; tags are not accepted")
                nodes += 1
                if nodes > limits.max_nodes:
                    raise InputError(name, f"holds more than {limits.max_nodes:,} values")
                if isinstance(event, yaml.ScalarEvent):
                    if len(event.value) > limits.max_text:
                        raise InputError(name, f"holds a text longer than {limits.max_text:,} characters at {_where(event)}")
                    value: Any = None if event.value in _NULL_WORDS else event.value
                    container = None
                else:
                    if len(stack) >= limits.max_depth:
                        raise InputError(name, f"is nested more than {limits.max_depth} levels deep (at {_where(event)})")
                    value = container = {} if isinstance(event, yaml.MappingStartEvent) else []
                if not stack:
                    root = value
                else:
                    _add(stack[-1], value, event, name, isinstance(event, yaml.ScalarEvent))
                if container is not None:
                    stack.append([container, _NO_KEY])
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except InputError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(name, f"malformed YAML{where}: {problem}") from None
    return root


_NO_KEY = object()


def _add(frame: list, value: Any, event, name: str, scalar: bool) -> None:
    container, key = frame
    if isinstance(container, list):
        container.append(value)
        return
    if key is _NO_KEY:
        if not scalar:
            raise InputError(name, f"uses a list or mapping as a key at {_where(event)}; keys must be text")
        key = event.value
        if key in container:
            raise InputError(name, f"malformed YAML: duplicate key {_short(key)!r} at line {event.start_mark.line + 1}")
        frame[1] = key
        return
    container[key] = value
    frame[1] = _NO_KEY


def _where(event) -> str:
    mark = event.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"


def _short(text: Any, size: int = 40) -> str:
    text = str(text).replace("\n", " ")
    return text if len(text) <= size else text[: size - 1] + "…"


def read_document(path: str | Path, *, limits: Limits = LIMITS) -> Any:
    file = Path(path)
    label = _short(str(path), 200)
    try:
        with open(file, "rb") as handle:
            raw = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise InputError(label, "no such file") from None
    except IsADirectoryError:
        raise InputError(label, "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(label, f"cannot be read: {exc.strerror}") from None
    text = _decoded(raw, label, limits, "utf-8-sig")
    return parse_document(text, name=_short(file.name, 200), suffix=file.suffix, limits=limits)


# --- fields ---------------------------------------------------------------------------------


def _shape(raw: object) -> str:
    if isinstance(raw, dict):
        return "a group of answers"
    if isinstance(raw, (list, tuple)):
        return "a list"
    return repr(_short(raw))


def parse_int(raw: object, field: str, *, low: int = -MAX_INT, high: int = MAX_INT) -> int:
    """A whole number between ``low`` and ``high``: an int, or text of at most 20 digits."""
    if isinstance(raw, bool) or raw is None:
        raise InputError(field, f"expected a whole number, got {_shape(raw)}")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, Decimal) and raw.is_finite() and raw == raw.to_integral_value() and abs(raw) <= MAX_INT:
        value = int(raw)
    elif isinstance(raw, str) and re.fullmatch(r"\s*[+-]?[0-9]{1,20}\s*", raw):
        value = int(raw)
    else:
        raise InputError(field, f"expected a whole number, got {_shape(raw)}")
    if not low <= value <= high:
        raise InputError(field, f"{_short(value)} is out of range ({low} to {high})")
    return value


def parse_year(raw: object, field: str) -> int:
    """A calendar or tax year, 1900 to 2200."""
    return parse_int(raw, field, low=MIN_YEAR, high=MAX_YEAR)


def parse_text(raw: object, field: str, *, max_length: int = 5000) -> str:
    """Text of at most ``max_length`` characters (numbers written bare are taken as their text)."""
    if isinstance(raw, bool) or raw is None or isinstance(raw, (dict, list, tuple)):
        raise InputError(field, f"expected text, got {_shape(raw)}")
    text = str(raw)
    if len(text) > max_length:
        raise InputError(field, f"is too long ({len(text):,} characters; at most {max_length:,})")
    return text


def parse_date(raw: object, field: str) -> date:
    """A date written YYYY-MM-DD (or a date already), between 1900 and 2200."""
    if isinstance(raw, date):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*", raw):
        try:
            value = date.fromisoformat(raw.strip())
        except ValueError:
            raise InputError(field, f"{_short(raw)!r} is not a real date") from None
    else:
        raise InputError(field, f"expected a date as YYYY-MM-DD, got {_shape(raw)}")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise InputError(field, f"{value.isoformat()} is out of range")
    return value


def dates_in_range(value: Any) -> Any:
    """A model's field value, with any date in it checked against 1900-2200 (ValueError if not):
    for models that keep plain ``date`` fields (``@field_validator("*")`` then calls this)."""
    for item in value if isinstance(value, list) else (value,):
        if isinstance(item, date) and not MIN_YEAR <= item.year <= MAX_YEAR:
            raise ValueError(f"{item.isoformat()} is out of range (years {MIN_YEAR} to {MAX_YEAR})")
    return value


def _validator(parse, **options):
    def check(raw: object) -> Any:
        try:
            return parse(raw, "", **options)
        except InputError as exc:
            raise ValueError(exc.message) from None

    return BeforeValidator(check)


Year = Annotated[int, _validator(parse_year)]
Day = Annotated[date, _validator(parse_date)]


def Text(max_length: int = 5000):  # noqa: N802 - reads as a type: ``name: Text(200) = ""``
    return Annotated[str, _validator(parse_text, max_length=max_length)]


def pydantic_error(exc: Any, prefix: str = "") -> InputError:
    """The first error of a pydantic ValidationError, as an InputError naming its field."""
    first = exc.errors()[0]
    loc = ".".join(str(part) for part in first["loc"])
    field = f"{prefix}.{loc}" if prefix and loc else (prefix or loc)
    message = first["msg"].removeprefix("Value error, ")
    if first.get("type") == "extra_forbidden":
        message = "is not a field this form knows"
    elif first.get("type") == "missing":
        message = "is required"
    elif first.get("type") in ("model_type", "dict_type", "model_attributes_type"):
        message = f"expected a group of answers (a mapping), got {_shape(first.get('input'))}"
    elif first.get("type") == "list_type":
        message = f"expected a list, got {_shape(first.get('input'))}"
    return InputError(field, _short(message, 300))

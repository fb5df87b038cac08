"""Reading input files: YAML or JSON, with decimals kept exact and every error named."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .parameters import ParameterError, load_strict_yaml


def parse_document(text: str, *, name: str = "input", suffix: str = "") -> Any:
    """Parse YAML or JSON text. JSON numbers with a fraction become Decimal; YAML scalars stay text.

    Keeping YAML scalars as text means ``0.1`` never passes through a binary float, and the
    models (pydantic, lax mode) convert each field to its declared type with a named error.
    """
    stripped = text.lstrip()
    looks_json = suffix.lower() == ".json" or (suffix == "" and stripped.startswith(("{", "[")))
    if looks_json:
        try:
            return json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise InputError(name, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    try:
        return _nulls(load_strict_yaml(text))
    except ParameterError as exc:  # duplicate key
        raise InputError(name, f"malformed YAML: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(name, f"malformed YAML{where}: {problem}") from None


_NULL_WORDS = frozenset({"null", "Null", "NULL", "~", ""})


def _nulls(node: Any) -> Any:
    """YAML's null words (``null``, ``~``, an empty value) become None; everything else stays text."""
    if isinstance(node, dict):
        return {key: _nulls(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_nulls(value) for value in node]
    if isinstance(node, str) and node in _NULL_WORDS:
        return None
    return node


def read_document(path: str | Path) -> Any:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "is not a UTF-8 text file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror}") from None
    return parse_document(text, name=file.name, suffix=file.suffix)


def pydantic_error(exc: Any, prefix: str = "") -> InputError:
    """The first error of a pydantic ValidationError, as an InputError naming its field."""
    first = exc.errors()[0]
    loc = ".".join(str(part) for part in first["loc"])
    field = f"{prefix}.{loc}" if prefix and loc else (prefix or loc)
    message = first["msg"]
    if first.get("type") == "extra_forbidden":
        message = "is not a field this form knows"
    elif first.get("type") == "missing":
        message = "is required"
    return InputError(field, message)

"""Shared helpers for the forms tests: load a case, fill a form, read it back."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
GOLDEN = HERE / "golden"


@lru_cache(maxsize=None)
def inputs(name: str):
    from spouse_relief.forms.source import load_inputs
    from spouse_relief.io import read_document

    return load_inputs(read_document(CASES / name))


def read_back(pdf: bytes) -> dict[str, str]:
    """Every terminal field's value as stored in the PDF (text, or a checkbox state name)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    values = {}
    for name, field in (reader.get_fields() or {}).items():  # a file of generated pages only has none
        if field.get("/FT") in ("/Tx", "/Btn") and "/Kids" not in field:
            value = field.get("/V")
            values[name] = "" if value is None else str(value)
    return values


def set_path(mapping: dict, path: str, value) -> None:
    parts = path.split(".")
    node = mapping
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value

"""The vendored blank forms and their field maps (data in ``forms/maps/*.yaml``).

Each map names its PDF and the PDF's SHA-256; the PDF is checked on load, so a changed or
corrupted blank is an error, never a silently different form. Every field the map names must
exist in the PDF (and a checkbox's on value must be one of its states), checked once per process.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..errors import InputError


class FormDataError(RuntimeError):
    """A vendored PDF or a field map is wrong: a packaging error, not the person's input."""


@dataclass(frozen=True)
class Widget:
    name: str
    page: int
    rect: tuple[float, float, float, float]
    kind: str  # "text" | "checkbox"
    states: tuple[str, ...] = ()
    max_len: int | None = None
    font_size: float = 8.0
    multiline: bool = False

    @property
    def width(self) -> float:
        return self.rect[2] - self.rect[0]

    @property
    def height(self) -> float:
        return self.rect[3] - self.rect[1]


@dataclass
class FieldMap:
    """One form revision: the PDF, its hash, and every mapped line."""

    key: str
    form: str
    title: str
    revision: str
    pdf: str
    sha256: str
    prefix: str
    entries: list[dict[str, Any]]
    sign: list[str] = field(default_factory=list)
    statement_title: str = ""
    header: dict[str, str] = field(default_factory=dict)
    per_year: bool = False
    note: str = ""

    def full(self, name: str) -> str:
        return name if name.startswith(self.prefix) else self.prefix + name

    def field_names(self) -> list[str]:
        names: list[str] = []
        for entry in self.entries:
            if "field" in entry:
                names.append(self.full(entry["field"]))
            for name in entry.get("fields", ()):
                names.append(self.full(name))
            for row in entry.get("rows", ()):
                names.extend(self.full(name) for name in row)
        return names


MAP_FILES = {
    "8857": "f8857-rev-2021-06.yaml",
    "8379": "f8379-rev-2023-11.yaml",
    "911": "f911-rev-2025-08.yaml",
    "12153": "f12153-rev-2022-07.yaml",
    "9465": "f9465-rev-2020-09.yaml",
    "2848": "f2848-rev-2021-01.yaml",
    "656": "f656b-rev-2025-04.yaml",
}


def form_keys() -> list[str]:
    return list(MAP_FILES)


def _package_file(*parts: str) -> bytes:
    node = resources.files("spouse_relief.forms")
    for part in parts:
        node = node.joinpath(part)
    return node.read_bytes()


@lru_cache(maxsize=None)
def field_map(form: str) -> FieldMap:
    key = str(form).upper().replace("FORM", "").strip()
    if key not in MAP_FILES:
        raise InputError("form", f"no official form {form!r} is filled here; choose one of {', '.join(MAP_FILES)}")
    raw = yaml.safe_load(_package_file("maps", MAP_FILES[key]))
    return FieldMap(
        key=key,
        form=raw["form"],
        title=raw["title"],
        revision=raw["revision"],
        pdf=raw["pdf"],
        sha256=raw["sha256"],
        prefix=raw.get("prefix", ""),
        entries=list(raw["lines"]),
        sign=list(raw.get("sign", ())),
        statement_title=raw.get("statement_title", f"Form {raw['form']}"),
        header=dict(raw.get("header", {})),
        per_year=bool(raw.get("per_year", False)),
        note=raw.get("note", ""),
    )


@lru_cache(maxsize=None)
def blank_bytes(form: str) -> bytes:
    fmap = field_map(form)
    data = _package_file("pdf", fmap.pdf)
    digest = hashlib.sha256(data).hexdigest()
    if digest != fmap.sha256:
        raise FormDataError(f"{fmap.pdf}: SHA-256 {digest} does not match the field map's {fmap.sha256}; the blank form was changed")
    return data


@lru_cache(maxsize=None)
def blank_reader(form: str):
    """The parsed blank, made fit to fill (so clones never copy what is removed). Read-only use.

    Removed: the XFA layer (a viewer honouring it would show the blank XFA form and hide the filled
    values); the Reader usage-rights signature (``/Perms``, with ``/SigFlags``), which any change
    invalidates, so Adobe Reader would warn that the document was changed; and the LiveCycle
    document scripts (``/Names /JavaScript``: version checks for the XFA layer that is gone)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(blank_bytes(form)))
    root = reader.trailer["/Root"]
    acro = root["/AcroForm"]
    for key in ("/XFA", "/SigFlags"):
        if key in acro:
            del acro[key]
    if "/Perms" in root:
        del root["/Perms"]
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        del names.get_object()["/JavaScript"]
    return reader


def _qualified(annot) -> str:
    parts = []
    node = annot
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    return ".".join(reversed(parts))


def _inherited(annot, key: str):
    node = annot
    while node is not None:
        if key in node:
            return node[key]
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    return None


@lru_cache(maxsize=None)
def widgets(form: str) -> dict[str, Widget]:
    """Every terminal field of the blank by full name, with its page, box and states."""
    reader = blank_reader(form)
    found: dict[str, Widget] = {}
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or ():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            kind = _inherited(annot, "/FT")
            if kind not in ("/Tx", "/Btn"):
                continue
            name = _qualified(annot)
            rect = tuple(float(value) for value in annot["/Rect"])
            rect = (min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3]))
            states: tuple[str, ...] = ()
            if kind == "/Btn":
                appearance = annot.get("/AP", {}).get("/N", {})
                states = tuple(str(key) for key in appearance.keys())
            max_len = _inherited(annot, "/MaxLen")
            da = str(_inherited(annot, "/DA") or "")
            size = 8.0
            tokens = da.split()
            if "Tf" in tokens:
                try:
                    size = float(tokens[tokens.index("Tf") - 1]) or 8.0
                except ValueError:
                    pass
            flags = int(_inherited(annot, "/Ff") or 0)
            found[name] = Widget(name, index, rect, "text" if kind == "/Tx" else "checkbox", states, int(max_len) if max_len else None, size,
                                 multiline=kind == "/Tx" and bool(flags & 4096))
    return found


@lru_cache(maxsize=None)
def checked_map(form: str) -> FieldMap:
    """The field map, after checking the PDF hash and that every mapped field exists."""
    fmap = field_map(form)
    available = widgets(form)
    missing = [name for name in fmap.field_names() if name not in available]
    if missing:
        raise FormDataError(f"Form {fmap.form} map names fields the PDF does not have: {', '.join(missing[:5])}")
    for entry in fmap.entries:
        if "on" in entry:
            widget = available[fmap.full(entry["field"])]
            if entry["on"] not in widget.states:
                raise FormDataError(f"Form {fmap.form} line {entry['line']}: {entry['field']} has no state {entry['on']} ({widget.states})")
    return fmap

"""Fill one official form from the mapping the adapter builds (``forms/source.py``).

The field map (YAML) says, for each printed line, which AcroForm fields it uses and where its
value comes from; this module only reads the map. Kinds of entries:

* ``field`` + ``source``: one text box (``format``: date, money, year, count, text);
* ``field`` + ``on`` + ``source`` (+ ``when``): a checkbox, ticked when the value equals ``when``
  (default true), otherwise left off;
* ``fields`` + ``source`` (``wrap: true``): a free-text answer wrapped across the printed lines;
  what does not fit continues on an attached statement ("Form 8857, line 13, continued");
* ``fields`` + ``source`` (``each: true``): one list item per box (line 3's tax years);
* ``rows`` + ``columns`` + ``source``: a table, one dict per row.

The filled PDF has no XFA layer, an appearance stream for every filled field (pypdf writes them;
NeedAppearances is not relied on), and its fields stay editable.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .blanks import FieldMap, Widget, blank_reader, checked_map, widgets

CONTINUED = " (continued on the attached page)"
PADDING = 4.0


@dataclass
class Continuation:
    """Text that did not fit on the form: printed on an attached statement page."""

    line: str
    label: str
    text: str


@dataclass
class Unfilled:
    line: str
    label: str
    kind: str = "answer"  # "answer" (left for the person) | "sign"

    def as_dict(self) -> dict[str, str]:
        return {"line": self.line, "label": self.label, "kind": self.kind}


@dataclass
class FilledForm:
    form: str
    title: str
    revision: str
    tax_year: int | None
    pdf: bytes
    values: dict[str, str]
    unfilled: list[Unfilled] = field(default_factory=list)
    continuations: list[Continuation] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    statement_title: str = ""

    @property
    def name(self) -> str:
        return f"Form {self.form}" + (f" ({self.tax_year})" if self.tax_year else "")


# --- values ----------------------------------------------------------------------------------


def lookup(data: Any, path: str) -> Any:
    """``a.b.0.c`` in nested dicts, lists and objects; None when any step is missing."""
    node = data
    for part in path.split("."):
        if node is None:
            return None
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, (list, tuple)):
            try:
                node = node[int(part)]
            except (ValueError, IndexError):
                return None
        else:
            node = getattr(node, part, None)
    return node


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, (list, tuple, dict)) and not value)


def format_value(value: Any, kind: str | None) -> str:
    if value is None:
        return ""
    if kind == "date" and isinstance(value, date):
        return value.strftime("%m/%d/%Y")
    if kind == "money":
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        return f"{amount:,.2f}"
    if isinstance(value, date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value).strip()


@lru_cache(maxsize=None)
def _measure():
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.set_font("helvetica", "B", 8)
    return pdf


def text_width(text: str, size: float) -> float:
    pdf = _measure()
    pdf.set_font_size(size)
    return pdf.get_string_width(text.encode("latin-1", "replace").decode("latin-1"))


def wrap(text: str, widths: list[float], size: float) -> tuple[list[str], str]:
    """Break ``text`` into at most ``len(widths)`` lines (one per box width); return the lines and
    the words left over. Paragraph breaks start a new line."""
    lines: list[str] = []
    words = [word for paragraph in text.splitlines() for word in (paragraph.split() + ["\n"])][:-1] if text else []
    index = 0
    while index < len(words) and len(lines) < len(widths):
        width = widths[len(lines)] - PADDING
        current = ""
        while index < len(words):
            word = words[index]
            if word == "\n":
                index += 1
                if current:
                    break
                continue
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size) <= width or not current and text_width(word, size) > width:
                current = candidate
                index += 1
            else:
                break
        lines.append(current)
    rest = " ".join(word if word != "\n" else "\n" for word in words[index:]).replace(" \n ", "\n").strip()
    return lines, rest


# --- filling ---------------------------------------------------------------------------------


def _checkbox(entry: dict[str, Any], value: Any) -> bool | None:
    """True to tick, False to leave off for a known answer, None when the answer is unknown."""
    if value is None:
        return None
    wanted = entry.get("when", True)
    if isinstance(wanted, list):
        return value in wanted
    return value == wanted


def _overflowing(fmap: FieldMap, entry: dict[str, Any], text: str, boxes: list[Widget]) -> tuple[list[str], str]:
    size = boxes[0].font_size
    widths = [box.width for box in boxes]
    lines, rest = wrap(text, widths, size)
    if rest and entry.get("continue", True):
        widths[-1] -= text_width(CONTINUED, size)
        lines, rest = wrap(text, widths, size)
        lines[-1] = (lines[-1] + CONTINUED).strip()
    return lines, rest


def plan_values(fmap: FieldMap, data: dict[str, Any]) -> tuple[dict[str, str], list[Unfilled], list[Continuation]]:
    """Field name -> value (text, or a checkbox state), the lines left blank, the overflow."""
    available = widgets(fmap.key)
    values: dict[str, str] = {}
    unfilled: list[Unfilled] = []
    continuations: list[Continuation] = []
    skipped = set(data.get("skip_lines") or ())
    reported: set[tuple[str, str]] = set()

    def leave(entry: dict[str, Any]) -> None:
        if entry.get("optional") or str(entry["line"]) in skipped:
            return
        key = (str(entry["line"]), entry["label"])
        if key not in reported:
            reported.add(key)
            unfilled.append(Unfilled(str(entry["line"]), entry["label"]))

    for entry in fmap.entries:
        value = lookup(data, entry["source"]) if "source" in entry else None
        if "on" in entry:
            name = fmap.full(entry["field"])
            tick = _checkbox(entry, value)
            values[name] = entry["on"] if tick else "/Off"
            if tick is None:
                leave(entry)
            continue
        if blank(value):
            if "field" in entry:
                values[fmap.full(entry["field"])] = ""
            leave(entry)
            continue
        if "rows" in entry:
            rows = list(value)
            for row_fields, row in zip(entry["rows"], rows):
                for name, column, kind in zip(row_fields, entry["columns"], entry.get("formats", [None] * len(row_fields))):
                    values[fmap.full(name)] = format_value(lookup(row, column), kind)
            if len(rows) > len(entry["rows"]):
                extra = "\n".join(
                    "; ".join(format_value(lookup(row, column), kind) for column, kind in zip(entry["columns"], entry.get("formats", [None] * 9)))
                    for row in rows[len(entry["rows"]):]
                )
                continuations.append(Continuation(str(entry["line"]), entry["label"], extra))
            continue
        if entry.get("each"):
            items = [format_value(item, entry.get("format")) for item in value]
            for name, item in zip(entry["fields"], items):
                values[fmap.full(name)] = item
            if len(items) > len(entry["fields"]):
                continuations.append(Continuation(str(entry["line"]), entry["label"], ", ".join(items[len(entry["fields"]):])))
            continue
        text = format_value(value, entry.get("format"))
        if "fields" in entry:
            boxes = [available[fmap.full(name)] for name in entry["fields"]]
            lines, rest = _overflowing(fmap, entry, text, boxes)
            for name, line in zip(entry["fields"], lines + [""] * len(boxes)):
                values[fmap.full(name)] = line
            if rest:
                continuations.append(Continuation(str(entry["line"]), entry["label"], rest))
            continue
        name = fmap.full(entry["field"])
        widget = available[name]
        if widget.multiline:
            rows = max(1, int((widget.height - 2) // (widget.font_size * 1.2)))
            lines, rest = _overflowing(fmap, entry, text, [widget] * rows)
            text = "\n".join(line for line in lines if line)
            if rest:
                continuations.append(Continuation(str(entry["line"]), entry["label"], rest))
        elif widget.max_len and len(text) > widget.max_len:
            continuations.append(Continuation(str(entry["line"]), entry["label"], text))
            text = text[: widget.max_len]
        elif text_width(text, widget.font_size) > widget.width - PADDING and entry.get("continue"):
            lines, rest = _overflowing(fmap, entry, text, [widget])
            text = lines[0] if lines else ""
            if rest:
                continuations.append(Continuation(str(entry["line"]), entry["label"], rest))
        values[name] = text
    for sign in fmap.sign:
        if isinstance(sign, dict):  # {text, only_if}: e.g. the paid preparer signs only when there is one
            if blank(lookup(data, sign["only_if"])):
                continue
            sign = sign["text"]
        unfilled.append(Unfilled("", sign, "sign"))
    return values, unfilled, continuations


def render_into(writer: Any, fmap: FieldMap, values: dict[str, str], root_name: str | None = None) -> Any:
    """Add the blank's pages to ``writer`` (a new one when None) and fill them: XFA gone, appearance
    streams written, fields editable.

    ``root_name`` renames the form's top field (``topmostSubform[0]``) after filling, so that several
    forms (two years of Form 8379, or Form 8857 beside Form 2848) can share one PDF without their
    fields merging into one."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    if writer is None:
        writer = PdfWriter(clone_from=blank_reader(fmap.key))
        offset = 0
    else:
        offset = len(writer.pages)
        # pypdf reuses what it already copied from a reader; a second copy of the same blank (two
        # years of Form 8379 in one file) must get objects of its own, or the two would share fields
        writer._id_translated.pop(id(blank_reader(fmap.key)), None)
        writer.append(blank_reader(fmap.key))
        _merge_fonts(writer, fmap)
    acro = writer._root_object["/AcroForm"]
    if "/XFA" in acro:  # removed on load already; kept as a guard for a reader cache miss
        del acro["/XFA"]
    available = widgets(fmap.key)
    by_page: dict[int, dict[str, Any]] = {}
    for name, value in values.items():
        widget = available[name]
        if widget.kind == "checkbox":
            by_page.setdefault(widget.page, {})[name] = NameObject(value)
        elif value:
            by_page.setdefault(widget.page, {})[name] = value
    for index, page_values in by_page.items():
        writer.update_page_form_field_values(writer.pages[offset + index], page_values, auto_regenerate=False)
    writer.set_need_appearances_writer(False)
    if "/NeedAppearances" in acro:
        del acro["/NeedAppearances"]
    if root_name:
        top_name = fmap.prefix.rstrip(".")
        tops = [top.get_object() for top in acro["/Fields"] if str(top.get_object().get("/T", "")) == top_name]
        if tops:  # the form just added is the last one still under the blank's own top name
            tops[-1][NameObject("/T")] = TextStringObject(root_name)
    return writer


def _merge_fonts(writer: Any, fmap: FieldMap) -> None:
    """A form appended after another keeps its own default fonts (the AcroForm /DR of its blank), so
    its appearance streams use the right font."""
    from pypdf.generic import DictionaryObject, NameObject

    source = blank_reader(fmap.key).trailer["/Root"]["/AcroForm"].get("/DR")
    if source is None:
        return
    acro = writer._root_object["/AcroForm"]
    if "/DR" not in acro:
        acro[NameObject("/DR")] = DictionaryObject()
    resources = acro["/DR"].get_object()
    if "/Font" not in resources:
        resources[NameObject("/Font")] = DictionaryObject()
    fonts = resources["/Font"].get_object()
    for name, font in source.get_object().get("/Font", DictionaryObject()).items():
        if name not in fonts:
            fonts[NameObject(name)] = font.clone(writer)


def to_bytes(writer: Any) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render(fmap: FieldMap, values: dict[str, str], root_name: str | None = None) -> bytes:
    return to_bytes(render_into(None, fmap, values, root_name))


def fill(form: str, data: dict[str, Any], tax_year: int | None = None, root_name: str | None = None, *, pdf: bool = True) -> FilledForm:
    """Plan the values and (``pdf=False`` skips it, for a packet that renders into its own file) write the PDF."""
    fmap = checked_map(form)
    values, unfilled, continuations = plan_values(fmap, data)
    header = {key: format_value(lookup(data, path), None) for key, path in fmap.header.items()}
    return FilledForm(
        form=fmap.form,
        title=fmap.title,
        revision=fmap.revision,
        tax_year=tax_year,
        pdf=render(fmap, values, root_name) if pdf else b"",
        values=values,
        unfilled=unfilled,
        continuations=continuations,
        header=header,
        statement_title=fmap.statement_title,
    )

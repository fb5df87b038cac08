"""The IL-8857 worksheet pages of a tax year: the year's answers, items with owners and
knowledge (or direct line entry), and the computed worksheet with "how was this computed?"."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from fastapi import Request

from ..errors import InputError
from ..packet.assemble import assemble, compute_il8857, optional_module
from ..storage import Conflict
from . import cases
from .app import render

OWNERS = [("me", "Me (the requesting spouse)"), ("spouse", "My spouse or former spouse"), ("joint", "Both of us (joint)"), ("unclear", "Not clear whose")]
RESIDENCY = [("resident", "Full-year Illinois resident"), ("nonresident", "Nonresident"), ("part_year_resident", "Part-year resident")]
TRI = [("", "I don't know"), ("yes", "Yes"), ("no", "No")]
YES_NO = [("yes", "Yes"), ("no", "No")]
ITEM_FIELDS = ("kind", "amount", "owner", "description", "date", "person", "det_by", "det_me", "det_spouse")


def year_range() -> tuple[int, int]:
    module = optional_module("worksheets.il8857")
    if module is not None:
        return module.supported_tax_years()
    return (1990, date.today().year - 1)


def item_kinds() -> list[dict[str, str]]:
    """Every item kind with its worksheet line and label, in line order."""
    module = optional_module("worksheets.il8857")
    if module is None:
        return []
    labels = {line.number: line.label for line in module.WORKSHEET.lines}
    order = {line.number: index for index, line in enumerate(module.WORKSHEET.lines)}
    kinds = [
        {"kind": kind, "line": line, "label": f"Line {line}: {labels.get(line, '')} ({kind.replace('_', ' ')})"}
        for kind, line in module.ITEM_KINDS.items()
    ]
    return sorted(kinds, key=lambda item: (order.get(item["line"], 999), item["kind"]))


def _document(loaded: cases.Loaded, tax_year: int) -> dict[str, Any]:
    entry = loaded.case.year(tax_year)
    if entry is None:
        raise InputError("tax_year", f"tax year {tax_year} is not in this case; add it on the tax years page")
    return copy.deepcopy(entry.il8857) if entry.il8857 is not None else {"form": "IL-8857", "tax_year": tax_year, "items": []}


def _with_document(loaded: cases.Loaded, tax_year: int, document: dict[str, Any]):
    case = loaded.case.model_copy(deep=True)
    case.year(tax_year).il8857 = document
    return case


def _item_values(item: dict[str, Any]) -> dict[str, Any]:
    values = {name: "" for name in ITEM_FIELDS}
    for name in ("kind", "owner", "description", "date", "person"):
        if item.get(name) is not None:
            values[name] = str(item[name])
    if item.get("amount") is not None:
        values["amount"] = str(item["amount"])
    values["knew_me"] = "me" in (item.get("knew") or [])
    values["knew_spouse"] = "spouse" in (item.get("knew") or [])
    values["age_65_or_older"] = bool(item.get("age_65_or_older"))
    values["blind"] = bool(item.get("blind"))
    determination = item.get("determination") or {}
    values["det_by"] = determination.get("by", "")
    values["det_me"] = str(determination.get("me", "") or "")
    values["det_spouse"] = str(determination.get("spouse", "") or "")
    return values


def _item_from_form(form) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    values = {name: str(form.get(name, "")).strip() for name in ITEM_FIELDS}
    values["knew_me"] = bool(form.get("knew_me"))
    values["knew_spouse"] = bool(form.get("knew_spouse"))
    values["age_65_or_older"] = bool(form.get("age_65_or_older"))
    values["blind"] = bool(form.get("blind"))
    errors: dict[str, str] = {}
    item: dict[str, Any] = {}
    kinds = {entry["kind"] for entry in item_kinds()}
    if not values["kind"]:
        errors["kind"] = "Choose what kind of item this is."
    elif kinds and values["kind"] not in kinds:
        errors["kind"] = "Choose a kind from the list."
    else:
        item["kind"] = values["kind"]
    if values["kind"] == "exemption":
        if values["person"] not in ("me", "spouse", "dependent"):
            errors["person"] = "Say whose exemption this is."
        else:
            item["person"] = values["person"]
        if values["age_65_or_older"]:
            item["age_65_or_older"] = True
        if values["blind"]:
            item["blind"] = True
        if values["owner"] in ("me", "spouse") and values["person"] == "dependent":
            item["owner"] = values["owner"]
    else:
        if not values["amount"]:
            errors["amount"] = "Enter the amount in dollars and cents, for example 1200 or 1,200.50."
        else:
            item["amount"] = values["amount"]
        if values["owner"] not in ("me", "spouse", "joint", "unclear"):
            errors["owner"] = "Say whose item this is."
        else:
            item["owner"] = values["owner"]
    knew = [whom for whom, checked in (("me", values["knew_me"]), ("spouse", values["knew_spouse"])) if checked]
    if knew:
        item["knew"] = knew
    if values["description"]:
        if len(values["description"]) > 200:
            errors["description"] = "Use at most 200 characters."
        item["description"] = values["description"]
    if values["date"]:
        try:
            date.fromisoformat(values["date"])
            item["date"] = values["date"]
        except ValueError:
            errors["date"] = "Enter the date as YYYY-MM-DD."
    if values["det_by"]:
        if values["det_by"] not in ("IRS", "IDOR", "court"):
            errors["det_by"] = "Choose who made the determination."
        elif not values["det_me"] or not values["det_spouse"]:
            errors["det_me" if not values["det_me"] else "det_spouse"] = "Enter both amounts of the determination."
        else:
            item["determination"] = {"by": values["det_by"], "me": values["det_me"], "spouse": values["det_spouse"]}
    return item, values, errors


def _settings_values(document: dict[str, Any]) -> dict[str, Any]:
    filed = document.get("returns_filed_before_assessment") or {}
    answers = document.get("form_answers") or {}
    dates = document.get("dates") or {}

    def tri(value):
        return "" if value is None else ("yes" if value else "no")

    return {
        "residency": document.get("residency", "resident"),
        "filed_federal": tri(filed.get("federal", True)),
        "filed_illinois": tri(filed.get("illinois", True)),
        "filed_federal_form_8857": tri(answers.get("filed_federal_form_8857")),
        "transferred_assets_without_full_value": tri(answers.get("transferred_assets_without_full_value")),
        "paid_in_full_before_august_13_1999": tri(answers.get("paid_in_full_before_august_13_1999")),
        "original_return_filed": str(dates.get("original_return_filed") or ""),
        "last_payment": str(dates.get("last_payment") or ""),
        "request": str(dates.get("request") or ""),
    }


def _input_lines() -> list[Any]:
    module = optional_module("worksheets.il8857_definition")
    if module is None:
        return []
    return [line for line in module.WORKSHEET.lines if line.number in module.INPUT_LINES]


def _line_values(document: dict[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for number, given in (document.get("lines") or {}).items():
        if isinstance(given, dict):
            for column, amount in given.items():
                values[f"L{number}_{column}"] = "" if amount is None else str(amount)
        else:
            values[f"L{number}_A"] = str(given)
    return values


def register_il8857_routes(router, posted, redirect, flash) -> None:
    def page(request: Request, loaded: cases.Loaded, tax_year: int, *, document=None, status: int = 200, **extra):
        document = document if document is not None else _document(loaded, tax_year)
        today = request.app.state.settings.today()
        computed = compute_il8857(document, today)
        module = optional_module("worksheets.il8857")
        sections: list[dict[str, Any]] = []
        if module is not None:
            for line in module.WORKSHEET.lines:
                if not sections or sections[-1]["title"] != line.section:
                    sections.append({"title": line.section, "lines": []})
                sections[-1]["lines"].append(line)
        edit = request.query_params.get("edit")
        items = document.get("items") or []
        context = {
            "loaded": loaded, "case": loaded.case, "tax_year": tax_year, "document": document, "computed": computed,
            "sections": sections, "kinds": item_kinds(), "owners": OWNERS, "residencies": RESIDENCY, "tri": TRI, "yes_no": YES_NO,
            "items": items, "mode": request.query_params.get("mode") or ("lines" if document.get("lines") is not None and not items else "items"),
            "settings": _settings_values(document), "input_lines": _input_lines(), "line_values": _line_values(document),
            "item_values": _item_values(items[int(edit)]) if edit and edit.isdigit() and int(edit) < len(items) else _item_values({}),
            "edit_index": int(edit) if edit and edit.isdigit() and int(edit) < len(items) else None,
            "errors": {}, "item_errors": {}, "settings_errors": {}, "line_errors": {}, "message": flash(request),
        }
        context.update(extra)
        return render(request, "il8857.html", context, status_code=status)

    def save_or_show(request, loaded, tax_year, document, version, target, **form_state):
        """Validate the year's document; save it if it computes, else re-render with errors beside fields."""
        computed = compute_il8857(document, request.app.state.settings.today())
        if not computed.ok:
            return None, computed.error
        try:
            cases.save(request, loaded, _with_document(loaded, tax_year, document), version)
        except Conflict as exc:
            return page(request, loaded, tax_year, status=409, conflict=str(exc), **form_state), None
        return redirect(target), None

    @router.get("/cases/{case_id}/years/{tax_year}/il8857")
    def il8857_page(request: Request, case_id: str, tax_year: int):
        loaded = cases.load(request, case_id)
        return page(request, loaded, tax_year)

    @router.post("/cases/{case_id}/years/{tax_year}/il8857/items")
    async def item_save(request: Request, case_id: str, tax_year: int):
        form = await posted(request)
        loaded = cases.load(request, case_id)
        version = cases.form_version(form.get("version"))
        document = _document(loaded, tax_year)
        item, values, errors = _item_from_form(form)
        items = list(document.get("items") or [])
        index_text = str(form.get("index", "")).strip()
        index = int(index_text) if index_text.isdigit() and int(index_text) < len(items) else None
        state = {"item_values": values, "edit_index": index, "mode": "items"}
        if errors:
            return page(request, loaded, tax_year, status=422, item_errors=errors, **state)
        if index is None:
            items.append(item)
            index = len(items) - 1
        else:
            items[index] = item
        document["items"] = items
        response, error = save_or_show(request, loaded, tax_year, document, version, f"/cases/{case_id}/years/{tax_year}/il8857?msg=saved#worksheet", **state)
        if response is not None:
            return response
        where, field = cases.item_error_field(error.field.removeprefix("il8857."))
        field = {"determination.me": "det_me", "determination.spouse": "det_spouse", "determination": "det_by"}.get(field, field)
        if where == index and field in ITEM_FIELDS + ("knew", "person"):
            return page(request, loaded, tax_year, status=422, item_errors={field: error.message[:1].upper() + error.message[1:]}, **state)
        return page(request, loaded, tax_year, status=422, item_errors={"_form": str(error)}, **state)

    @router.post("/cases/{case_id}/years/{tax_year}/il8857/items/{index}/delete")
    async def item_delete(request: Request, case_id: str, tax_year: int, index: int):
        form = await posted(request)
        loaded = cases.load(request, case_id)
        version = cases.form_version(form.get("version"))
        document = _document(loaded, tax_year)
        items = list(document.get("items") or [])
        if 0 <= index < len(items):
            items.pop(index)
        document["items"] = items
        try:
            cases.save(request, loaded, _with_document(loaded, tax_year, document), version)
        except Conflict as exc:
            return page(request, loaded, tax_year, status=409, conflict=str(exc))
        return redirect(f"/cases/{case_id}/years/{tax_year}/il8857?msg=saved")

    @router.post("/cases/{case_id}/years/{tax_year}/il8857/settings")
    async def settings_save(request: Request, case_id: str, tax_year: int):
        form = await posted(request)
        loaded = cases.load(request, case_id)
        version = cases.form_version(form.get("version"))
        document = _document(loaded, tax_year)
        values = {key: str(form.get(key, "")).strip() for key in _settings_values({})}
        errors: dict[str, str] = {}
        if values["residency"] not in dict(RESIDENCY):
            errors["residency"] = "Choose a residency."
        else:
            document["residency"] = values["residency"]

        def flag(key):
            return None if values[key] == "" else values[key] == "yes"

        filed = {}
        for key, name in (("filed_federal", "federal"), ("filed_illinois", "illinois")):
            if values[key] in ("yes", "no"):
                filed[name] = values[key] == "yes"
        document["returns_filed_before_assessment"] = filed
        answers = {}
        for key in ("filed_federal_form_8857", "transferred_assets_without_full_value", "paid_in_full_before_august_13_1999"):
            if flag(key) is not None:
                answers[key] = flag(key)
        document["form_answers"] = answers
        dates = {}
        for key in ("original_return_filed", "last_payment", "request"):
            if values[key]:
                try:
                    date.fromisoformat(values[key])
                    dates[key] = values[key]
                except ValueError:
                    errors[key] = "Enter the date as YYYY-MM-DD."
        document["dates"] = dates
        if errors:
            return page(request, loaded, tax_year, status=422, settings_errors=errors, settings=values)
        response, error = save_or_show(request, loaded, tax_year, document, version, f"/cases/{case_id}/years/{tax_year}/il8857?msg=saved", settings=values)
        if response is not None:
            return response
        field = error.field.removeprefix("il8857.").split(".")[-1]
        return page(request, loaded, tax_year, status=422, settings_errors={field if field in values else "_form": error.message}, settings=values)

    @router.post("/cases/{case_id}/years/{tax_year}/il8857/lines")
    async def lines_save(request: Request, case_id: str, tax_year: int):
        form = await posted(request)
        loaded = cases.load(request, case_id)
        version = cases.form_version(form.get("version"))
        document = _document(loaded, tax_year)
        lines: dict[str, dict[str, str]] = {}
        values: dict[str, str] = {}
        for line in _input_lines():
            for column in ("A", "B", "C"):
                key = f"L{line.number}_{column}"
                raw = str(form.get(key, "")).strip()
                values[key] = raw
                if raw:
                    lines.setdefault(line.number, {})[column] = raw
        document["lines"] = lines
        if not document.get("items"):
            document.pop("items", None)
        state = {"line_values": values, "mode": "lines"}
        response, error = save_or_show(request, loaded, tax_year, document, version, f"/cases/{case_id}/years/{tax_year}/il8857?mode=lines&msg=saved", **state)
        if response is not None:
            return response
        parts = error.field.removeprefix("il8857.").split(".")
        key = f"L{parts[1]}_{parts[2]}" if len(parts) == 3 and parts[0] == "lines" else f"L{parts[1]}_A" if len(parts) == 2 and parts[0] == "lines" else "_form"
        return page(request, loaded, tax_year, status=422, line_errors={key: error.message[:1].upper() + error.message[1:]}, **state)


__all__ = ["register_il8857_routes", "assemble"]

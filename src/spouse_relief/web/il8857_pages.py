"""The IL-8857 worksheet pages of a tax year: the year's Illinois answers, the items of the joint
return with owners and knowledge (kept in the case's facts, where every worksheet reads them), or a
preparer's direct line entry (kept beside the case), and the computed worksheet with "how was this
computed?". The dates of the refund-request window are the case's (asked once, in the questions)."""

from __future__ import annotations

import json
import zlib
from datetime import date
from typing import Any

from fastapi import Request

from ..derive import il8857_kind
from ..errors import InputError
from ..navigator.facts import RETURN_ITEM_KINDS
from ..storage import Conflict
from . import cases, security
from .app import render
from .i18n import N_, language_of, translate_text

OWNERS = [("you", N_("Me (the requesting spouse)")), ("spouse", N_("My spouse or former spouse")), ("joint", N_("Both of us (joint)")),
          ("unclear", N_("Not clear whose"))]
WHOSE = {"you": N_("Me"), "spouse": N_("My spouse"), "joint": N_("Both of us"), "unclear": N_("Not clear"), "dependent": N_("A dependent")}
RESIDENCY = [("resident", N_("Full-year Illinois resident")), ("nonresident", N_("Nonresident")), ("part_year_resident", N_("Part-year resident"))]
TRI = [("", N_("I don't know")), ("yes", N_("Yes")), ("no", N_("No"))]
YES_NO = [("yes", N_("Yes")), ("no", N_("No"))]
PERSONS = [("you", N_("Me")), ("spouse", N_("My spouse")), ("dependent", N_("A dependent"))]  # whose exemption
DETERMINED_BY = [("IRS", N_("the IRS")), ("IDOR", N_("the Illinois Department of Revenue")), ("court", N_("a court"))]
ITEM_FIELDS = ("kind", "amount", "owner", "description", "date", "person", "det_by", "det_me", "det_spouse")
# form field -> the return item's field
ITEM_FIELD_NAMES = {"on": "date", "determination.you": "det_me", "determination.spouse": "det_spouse", "determination": "det_by", "determination.by": "det_by"}
SETTINGS = {  # form field -> the year's Illinois fact
    "filed_federal": "federal_return_filed_before_assessment",
    "filed_illinois": "il_return_filed_before_assessment",
    "filed_federal_form_8857": "filed_federal_form_8857",
    "transferred_assets_without_full_value": "transferred_assets_without_full_value",
    "paid_in_full_before_august_13_1999": "paid_before_boundary",
}
DATES = (("original_return_filed_on", "il_original_return_filed_on", N_("Date the joint Illinois return was filed")),
         ("last_payment_on", "il_last_payment_on", N_("Date of the last payment of Illinois tax for this year")),
         ("request_date", None, N_("Date you will send the request")))


def year_range() -> tuple[int, int]:
    from ..worksheets.il8857 import supported_tax_years

    return supported_tax_years()


def kind_words(language: str = "en") -> dict[str, str]:
    """Each kind of return item in the words of the item form's choice, in the page's language:
    the worksheet line's label ("Line 1: Wages, salaries, tips, etc."), and for a line that takes
    two kinds, what tells them apart after it. A kind no line takes (from an imported case) in words."""
    chosen = {kind["kind"]: f"{line['label']}: {kind['label']}" if kind["label"] else line["label"]
              for line in item_kinds(language) for kind in line["kinds"]}
    words = {kind: translate_text(language, kind.replace("_", " ").capitalize()) for kind in RETURN_ITEM_KINDS}
    return {kind: chosen.get(kind, words[kind]) for kind in RETURN_ITEM_KINDS}


def _in_words(language: str, options):
    """Choices (value, label) with their labels in the page's language."""
    return [(value, translate_text(language, label)) for value, label in options]


# Two kinds of item on one line of the worksheet: what tells them apart, in words (the line's own
# label is said once, above them).
SAME_LINE = {
    "exemption": N_("An exemption for a person (you, your spouse or a dependent)"),
    "exemption_allowance": N_("The allowance as one dollar amount"),
    "erroneous_credit": N_("A credit claimed in error"),
    "credit_increase_from_correction": N_("A credit increase allowed in the correction"),
}


def item_kinds(language: str = "en") -> list[dict[str, Any]]:
    """The worksheet's lines that take an item, in line order: each line once, with its printed
    label ("Line 43: Illinois exemption allowance"), and the kinds it takes (one, or two told apart
    in words)."""
    from ..worksheets.il8857 import ITEM_KINDS, WORKSHEET

    labels = {line.number: line.label for line in WORKSHEET.lines}
    order = {line.number: index for index, line in enumerate(WORKSHEET.lines)}
    lines: dict[str, dict[str, Any]] = {}
    for kind in RETURN_ITEM_KINDS:
        number = ITEM_KINDS.get(il8857_kind(kind))
        if number is None:
            continue
        line = lines.setdefault(number, {"line": number, "kinds": [],
                                         "label": f"{translate_text(language, 'Line')} {number}: {translate_text(language, labels.get(number, ''))}"})
        line["kinds"].append({"kind": kind, "label": translate_text(language, SAME_LINE.get(kind, ""))})
    for line in lines.values():
        line["kinds"].sort(key=lambda entry: list(SAME_LINE).index(entry["kind"]) if entry["kind"] in SAME_LINE else 0)
    return sorted(lines.values(), key=lambda line: order.get(line["line"], 999))


def _year(loaded: cases.Loaded, tax_year: int):
    year = loaded.case.year(tax_year)
    if year is None:
        raise InputError("tax_year", f"tax year {tax_year} is not in this case; add it on the tax years page")
    return year


def _year_document(document: dict[str, Any], tax_year: int) -> dict[str, Any]:
    """The year's facts, for a change from this page. Working on the IL-8857 worksheet answers
    "was a joint Illinois return filed?" with yes unless the case already says otherwise."""
    year = next(entry for entry in document["tax_years"] if entry["year"] == tax_year)
    year.setdefault("illinois", {}).setdefault("joint_il_return", True)
    return year


def _item_values(item: dict[str, Any]) -> dict[str, Any]:
    values = {name: "" for name in ITEM_FIELDS}
    for name in ("kind", "owner", "description", "person"):
        if item.get(name) is not None:
            values[name] = str(item[name])
    if item.get("on") is not None:
        values["date"] = str(item["on"])
    if item.get("amount") is not None:
        values["amount"] = str(item["amount"])
    values["knew_me"] = "you" in (item.get("knew") or [])
    values["knew_spouse"] = "spouse" in (item.get("knew") or [])
    values["age_65_or_older"] = bool(item.get("age_65_or_older"))
    values["blind"] = bool(item.get("blind"))
    determination = item.get("determination") or {}
    values["det_by"] = determination.get("by", "")
    values["det_me"] = str(determination.get("you", "") or "")
    values["det_spouse"] = str(determination.get("spouse", "") or "")
    return values


def _amount_error(raw: str, field: str) -> str | None:
    """Why an amount typed is not one ("'12x' is not a number"), or None: said with the other errors."""
    from ..money import parse_amount

    try:
        parse_amount(raw, field)
    except InputError as exc:
        return exc.message[:1].upper() + exc.message[1:]
    return None


def _item_from_form(form) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    values = {name: str(form.get(name, "")).strip() for name in ITEM_FIELDS}
    values["knew_me"] = bool(form.get("knew_me"))
    values["knew_spouse"] = bool(form.get("knew_spouse"))
    values["age_65_or_older"] = bool(form.get("age_65_or_older"))
    values["blind"] = bool(form.get("blind"))
    errors: dict[str, str] = {}
    item: dict[str, Any] = {}
    kinds = {entry["kind"] for line in item_kinds() for entry in line["kinds"]}
    if not values["kind"]:
        errors["kind"] = N_("Choose what kind of item this is.")
    elif values["kind"] not in kinds:
        errors["kind"] = N_("Choose a kind from the list.")
    else:
        item["kind"] = values["kind"]
    if values["kind"] == "exemption":
        if values["person"] not in ("you", "spouse", "dependent"):
            errors["person"] = N_("Say whose exemption this is.")
        else:
            item["person"] = values["person"]
        if values["age_65_or_older"]:
            item["age_65_or_older"] = True
        if values["blind"]:
            item["blind"] = True
    else:
        if not values["amount"]:
            errors["amount"] = N_("Enter the amount in dollars and cents, for example 1200 or 1,200.50.")
        elif problem := _amount_error(values["amount"], "amount"):
            errors["amount"] = problem
        else:
            item["amount"] = values["amount"]
        if values["owner"] not in dict(OWNERS):
            errors["owner"] = N_("Say whose item this is.")
        else:
            item["owner"] = values["owner"]
    knew = [whom for whom, checked in (("you", values["knew_me"]), ("spouse", values["knew_spouse"])) if checked]
    if knew:
        item["knew"] = knew
    if values["description"]:
        if len(values["description"]) > 200:
            errors["description"] = N_("Use at most 200 characters.")
        item["description"] = values["description"]
    if values["date"]:
        try:
            item["on"] = date.fromisoformat(values["date"]).isoformat()
        except ValueError:
            errors["date"] = N_("Enter the date as YYYY-MM-DD.")
    if values["det_by"]:
        if values["det_by"] not in ("IRS", "IDOR", "court"):
            errors["det_by"] = N_("Choose who made the determination.")
        elif not values["det_me"] or not values["det_spouse"]:
            errors["det_me" if not values["det_me"] else "det_spouse"] = N_("Enter both amounts of the determination.")
        elif problems := {name: problem for name in ("det_me", "det_spouse") if (problem := _amount_error(values[name], name))}:
            errors.update(problems)
        else:
            item["determination"] = {"by": values["det_by"], "you": values["det_me"], "spouse": values["det_spouse"]}
    return item, values, errors


def _tri(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _settings_values(year) -> dict[str, Any]:
    il = year.illinois
    values = {"residency": (il.residency if il else None) or "resident"}
    for key, name in SETTINGS.items():
        values[key] = _tri(getattr(il, name) if il else None)
    return values


def _input_lines() -> list[Any]:
    from ..worksheets.il8857_definition import INPUT_LINES, WORKSHEET

    return [line for line in WORKSHEET.lines if line.number in INPUT_LINES]


def _line_values(document: dict[str, Any] | None) -> dict[str, str]:
    values: dict[str, str] = {}
    for number, given in ((document or {}).get("lines") or {}).items():
        if isinstance(given, dict):
            for column, amount in given.items():
                values[f"L{number}_{column}"] = "" if amount is None else str(amount)
        else:
            values[f"L{number}_A"] = str(given)
    return values


def _dates(loaded: cases.Loaded, year) -> list[dict[str, Any]]:
    """The dates the refund-request window needs, as the case holds them (changed in the questions)."""
    index = loaded.case.year_index(year.year)
    il = year.illinois
    shown = []
    for name, _, label in DATES:
        value = getattr(il, name) if il else None
        shown.append({"label": label, "value": value.isoformat() if value else None,
                      "edit": f"/cases/{loaded.id}/interview?edit=tax_years.{index}.illinois.{name}"})
    return shown


# What was typed on one of the page's forms (the year's answers, an item, the lines) and could not
# be saved: kept in this browser, encrypted, until it is saved, so the page of errors is a page to
# GET (Back and reload never ask to send the form again) and nothing typed is lost. One entry per
# case, year and form ("settings", "items/new" or "items/2" for the item being changed, "lines").
TYPED_COOKIE = "sr_il8857_typed"
_TYPED_CONTEXT = "il8857-typed"
_TYPED_MAX = 3800  # characters a browser keeps in one cookie, with room to spare


def typed_form(request: Request, case_id: str, tax_year: int, form: str) -> dict[str, Any] | None:
    """What was typed on ``form`` for this case and year and not saved: {"values": ..., "errors": ...}, or None."""
    entry = _typed(request).get(f"{case_id}/{tax_year}/{form}")
    if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict) or not isinstance(entry.get("errors"), dict):
        return None
    return {"values": {str(key): value if isinstance(value, bool) else str(value) for key, value in entry["values"].items()},
            "errors": {str(key): str(value) for key, value in entry["errors"].items()}}


def _typed(request: Request) -> dict[str, Any]:
    token = request.cookies.get(TYPED_COOKIE)
    if not token:
        return {}
    try:
        found = json.loads(zlib.decompress(request.app.state.store.keyring.decrypt(token, _TYPED_CONTEXT)))
    except Exception:  # an altered, truncated or old cookie is simply not there  # noqa: BLE001
        return {}
    return found if isinstance(found, dict) else {}


def keep_typed(response, request: Request, case_id: str, tax_year: int, form: str, entry: dict[str, Any] | None) -> bool:
    """Keep (or, with None, forget) what was typed on ``form`` for this case and year; False when it
    does not fit. ``form`` "items" with None forgets every item typed for the year (their numbers change)."""
    kept = _typed(request)
    key = f"{case_id}/{tax_year}/{form}"
    for name in [name for name in kept if name == key or (form == "items" and name.startswith(key + "/"))]:
        kept.pop(name)
    if entry is not None:
        kept[key] = {"values": {name: value for name, value in entry["values"].items() if value not in ("", False, None)},
                     "errors": entry["errors"]}
    if not kept:
        if TYPED_COOKIE in request.cookies:
            response.delete_cookie(TYPED_COOKIE, path="/")
        return True
    packed = zlib.compress(json.dumps(kept, separators=(",", ":")).encode("utf-8"), 9)  # in order: the summary follows the form
    token = request.app.state.store.keyring.encrypt(packed, _TYPED_CONTEXT)
    if len(token) > _TYPED_MAX:
        return False
    security.set_cookie(response, request, TYPED_COOKIE, token, max_age=None, same_site="lax")
    return True


def _line_errors(lines: dict[str, dict[str, str]], tax_year: int) -> dict[str, str]:
    """Every line typed that is not an amount, beside its box; then what the worksheet refuses."""
    from ..worksheets.il8857 import parse_il8857

    errors = {f"L{number}_{column}": problem for number, columns in lines.items() for column, raw in columns.items()
              if (problem := _amount_error(raw, f"lines.{number}.{column}"))}
    if errors or not lines:
        return errors
    try:
        parse_il8857({"form": "IL-8857", "tax_year": tax_year, "lines": lines})
    except InputError as exc:
        parts = exc.field.split(".")
        key = f"L{parts[1]}_{parts[2]}" if len(parts) == 3 and parts[0] == "lines" else f"L{parts[1]}_A" if len(parts) == 2 and parts[0] == "lines" else "_form"
        errors[key] = exc.message[:1].upper() + exc.message[1:]
    return errors


def register_il8857_routes(router, posted, redirect, flash) -> None:
    def page(request: Request, loaded: cases.Loaded, tax_year: int, *, case=None, status: int = 200, **extra):
        from ..worksheets.il8857 import WORKSHEET
        from ..worksheets.il8857_checks import line14_category

        case = case or loaded.case
        year = case.year(tax_year) or _year(loaded, tax_year)
        outcome = cases.outcome(request, case)
        computed = outcome.year(tax_year).worksheets.get("il8857")
        sections: list[dict[str, Any]] = []
        for line in WORKSHEET.lines:
            if not sections or sections[-1]["title"] != line.section:
                sections.append({"title": line.section, "lines": []})
            sections[-1]["lines"].append(line)
        edit = request.query_params.get("edit")
        items = [item.model_dump(mode="json", exclude_none=True) for item in year.return_items or []]
        entered = case.override(tax_year, "il8857")
        editing = int(edit) if edit and edit.isdigit() and int(edit) < len(items) else None
        language = language_of(request)
        context = {
            "loaded": loaded, "case": case, "tax_year": tax_year, "computed": computed, "applies": computed is not None, "OFFICIAL_LINKS": outcome.links,
            "sections": sections, "kinds": item_kinds(language), "owners": _in_words(language, OWNERS), "whose": dict(_in_words(language, WHOSE.items())),
            "residencies": _in_words(language, RESIDENCY), "tri": _in_words(language, TRI), "yes_no": _in_words(language, YES_NO),
            "persons": _in_words(language, PERSONS), "determined_by": _in_words(language, DETERMINED_BY),
            "kind_words": kind_words(language),
            "items": items, "mode": request.query_params.get("mode") or ("lines" if entered is not None and not items else "items"),
            "settings": _settings_values(year), "dates": _dates(loaded, year), "input_lines": _input_lines(), "line_values": _line_values(entered),
            "ask_line14b": bool(line14_category(tax_year, None).missing),
            # a bottom line from typed lines says how many were typed: the others count as zero
            "lines_entered": len(((entered or {}).get("lines") or {})) if computed is not None and computed.source == "entered" else None,
            "item_values": _item_values(items[editing] if editing is not None else {}), "edit_index": editing,
            "errors": {}, "item_errors": {}, "settings_errors": {}, "line_errors": {}, "message": flash(request),
        }
        # what was typed and could not be saved, with why, beside each field (post, redirect, get)
        typed = typed_form(request, loaded.id, tax_year, "settings") if "settings" not in extra else None
        if typed is not None:
            context.update(settings={**context["settings"], **{key: "" for key in SETTINGS}, **typed["values"]},
                           settings_errors=typed["errors"], settings_typed=True)
        if context["mode"] == "items" and "item_values" not in extra:
            typed = typed_form(request, loaded.id, tax_year, f"items/{'new' if editing is None else editing}")
            if typed is not None:
                context.update(item_values={**_item_values({}), **typed["values"]}, item_errors=typed["errors"], item_typed=True)
        typed = typed_form(request, loaded.id, tax_year, "lines") if context["mode"] == "lines" and "line_values" not in extra else None
        if typed is not None:
            context.update(line_values=typed["values"], line_errors=typed["errors"], typed_not_saved=True)
        context.update(extra)
        for errors in ("item_errors", "settings_errors", "line_errors"):
            context[errors] = {field: translate_text(language, message) for field, message in context[errors].items()}
        context["errors"] = {**context["settings_errors"], **context["item_errors"], **context["line_errors"]}  # "Error:" in the title
        return render(request, "il8857.html", context, status_code=status)

    def save(request, loaded, case, version, target, tax_year, typed: str | None = None, **form_state):
        """Save the case and go to ``target``; what was typed on the form ``typed`` is then forgotten."""
        try:
            cases.save(request, loaded, case, version)
        except Conflict as exc:
            return page(request, loaded, tax_year, status=409, conflict=str(exc), **form_state)
        response = redirect(target)
        if typed is not None:
            keep_typed(response, request, loaded.id, tax_year, typed, None)
        return response

    def not_saved(request, loaded, tax_year, form: str, target: str, values: dict[str, Any], errors: dict[str, str], **state):
        """Errors: what was typed kept in the browser and the page again as a GET (``target``), or,
        when too much to keep, shown at once (HTTP 422)."""
        response = redirect(target)
        if keep_typed(response, request, loaded.id, tax_year, form, {"values": values, "errors": errors}):
            return response
        shown = {"settings": "settings_errors", "items": "item_errors", "lines": "line_errors"}[form.split("/")[0]]
        return page(request, loaded, tax_year, status=422, **{shown: errors}, **state)

    def with_items(loaded: cases.Loaded, tax_year: int, items: list[dict[str, Any]]):
        document = loaded.case.facts_document()
        _year_document(document, tax_year)["return_items"] = items
        return loaded.case.with_facts(document)

    @router.get("/cases/{case_id}/years/{tax_year}/il8857/print")
    def il8857_print(request: Request, case_id: str, tax_year: int):
        """The worksheet alone, for a preparer to print: the person's name and SSN on every page
        (masked on screen, in full only on paper), the lines, no summary, no explanations."""
        from ..worksheets.il8857 import WORKSHEET

        loaded = cases.load(request, case_id)
        _year(loaded, tax_year)
        computed = cases.outcome(request, loaded.case).year(tax_year).worksheets.get("il8857")
        sections: list[dict[str, Any]] = []
        for line in WORKSHEET.lines:
            if not sections or sections[-1]["title"] != line.section:
                sections.append({"title": line.section, "lines": []})
            sections[-1]["lines"].append(line)
        return render(request, "worksheet_print.html", {"loaded": loaded, "case": loaded.case, "tax_year": tax_year, "computed": computed,
                                                        "sections": sections, "person": loaded.case.people.requesting_spouse})

    @router.get("/cases/{case_id}/years/{tax_year}/il8857")
    def il8857_page(request: Request, case_id: str, tax_year: int):
        loaded = cases.load(request, case_id)
        return page(request, loaded, tax_year)

    @router.post("/cases/{case_id}/years/{tax_year}/il8857/items")
    async def item_save(request: Request, case_id: str, tax_year: int):
        form = await posted(request)
        loaded = cases.load(request, case_id)
        version = cases.form_version(form.get("version"))
        year = _year(loaded, tax_year)
        item, values, errors = _item_from_form(form)
        items = [entry.model_dump(mode="json", exclude_none=True) for entry in year.return_items or []]
        index_text = str(form.get("index", "")).strip()
        index = int(index_text) if index_text.isdigit() and int(index_text) < len(items) else None
        state = {"item_values": values, "edit_index": index, "mode": "items"}
        here = f"/cases/{case_id}/years/{tax_year}/il8857"
        typed = f"items/{'new' if index is None else index}"
        again = f"{here}?mode=items" + ("" if index is None else f"&edit={index}") + "#item-form-heading"
        if errors:
            return not_saved(request, loaded, tax_year, typed, again, values, errors, **state)
        if index is None:
            items.append(item)
            index = len(items) - 1
        else:
            items[index] = item
        try:
            case = with_items(loaded, tax_year, items)
        except InputError as exc:
            path = "items." + exc.field.split(".return_items.", 1)[1] if ".return_items." in exc.field else exc.field
            where, field = cases.item_error_field(path)
            field = ITEM_FIELD_NAMES.get(field, field)
            if where == index and field in ITEM_FIELDS:
                return not_saved(request, loaded, tax_year, typed, again, values, {field: exc.message[:1].upper() + exc.message[1:]}, **state)
            return not_saved(request, loaded, tax_year, typed, again, values, {"_form": exc.message}, **state)
        return save(request, loaded, case, version, f"{here}?msg=saved#worksheet", tax_year, typed=typed, **state)

    @router.post("/cases/{case_id}/years/{tax_year}/il8857/items/{index}/delete")
    async def item_delete(request: Request, case_id: str, tax_year: int, index: int):
        form = await posted(request)
        loaded = cases.load(request, case_id)
        version = cases.form_version(form.get("version"))
        items = [entry.model_dump(mode="json", exclude_none=True) for entry in _year(loaded, tax_year).return_items or []]
        if 0 <= index < len(items):
            items.pop(index)
        # the items typed and not saved are forgotten too: their numbers change
        return save(request, loaded, with_items(loaded, tax_year, items), version, f"/cases/{case_id}/years/{tax_year}/il8857?msg=saved", tax_year,
                    typed="items")

    @router.post("/cases/{case_id}/years/{tax_year}/il8857/settings")
    async def settings_save(request: Request, case_id: str, tax_year: int):
        form = await posted(request)
        loaded = cases.load(request, case_id)
        version = cases.form_version(form.get("version"))
        _year(loaded, tax_year)
        values = {key: str(form.get(key, "")).strip()[:40] for key in ("residency", *SETTINGS)}
        again = f"/cases/{case_id}/years/{tax_year}/il8857?mode={'lines' if form.get('mode') == 'lines' else 'items'}#about-year"
        if values["residency"] not in dict(RESIDENCY):
            return not_saved(request, loaded, tax_year, "settings", again, values, {"residency": N_("Choose a residency.")}, settings=values)
        document = loaded.case.facts_document()
        illinois = _year_document(document, tax_year)["illinois"]
        illinois["residency"] = values["residency"]
        for key, name in SETTINGS.items():
            if values[key] in ("yes", "no"):
                illinois[name] = values[key] == "yes"
            else:
                illinois.pop(name, None)
        try:
            case = loaded.case.with_facts(document)
        except InputError as exc:
            return not_saved(request, loaded, tax_year, "settings", again, values, {"_form": exc.message}, settings=values)
        return save(request, loaded, case, version, f"/cases/{case_id}/years/{tax_year}/il8857?msg=saved", tax_year, typed="settings", settings=values)

    @router.post("/cases/{case_id}/years/{tax_year}/il8857/lines")
    async def lines_save(request: Request, case_id: str, tax_year: int):
        """A preparer's line entry: kept beside the case as the year's IL-8857 override. Lines that
        cannot be saved are kept in the browser and shown, with every error, on the page (a GET)."""
        form = await posted(request)
        loaded = cases.load(request, case_id)
        version = cases.form_version(form.get("version"))
        _year(loaded, tax_year)
        lines: dict[str, dict[str, str]] = {}
        values: dict[str, str] = {}
        for line in _input_lines():
            for column in ("A", "B", "C"):
                key = f"L{line.number}_{column}"
                raw = str(form.get(key, "")).strip()
                values[key] = raw
                if raw:
                    lines.setdefault(line.number, {})[column] = raw
        state = {"line_values": values, "mode": "lines"}
        here = f"/cases/{case_id}/years/{tax_year}/il8857"
        errors = _line_errors(lines, tax_year)
        if errors:
            return not_saved(request, loaded, tax_year, "lines", f"{here}?mode=lines#lines", values, errors, **state)
        facts = loaded.case.facts_document()
        _year_document(facts, tax_year)
        case = loaded.case.with_facts(facts)
        case.set_override(tax_year, "il8857", {"form": "IL-8857", "tax_year": tax_year, "lines": lines} if lines else None)
        return save(request, loaded, case, version, f"{here}?mode=lines&msg=saved", tax_year, typed="lines", **state)


__all__ = ["register_il8857_routes"]

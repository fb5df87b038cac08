"""Form 8379 and IRC 6015(d) pages of a tax year: the result the case's outcome holds (derived from
the case's items), with the trace of every step, and a preparer's own document (YAML or JSON, the
same one ``spouse-relief f8379`` / ``f6015d`` reads), kept beside the case as the year's override."""

from __future__ import annotations

import copy

import yaml
from fastapi import Request

from ..errors import InputError
from ..io import parse_document
from ..packet.federal_text import PORTION_WORDS  # the results' spouses, columns and parts of a portion, in words
from ..case import FORM_NAMES
from ..storage import Conflict
from . import cases
from .app import render

DOCS = {"f8379": "docs/f8379.md", "f6015d": "docs/f6015d.md"}


def starter(key: str, case, tax_year: int) -> dict:
    me = case.people.requesting_spouse.name or "Me"
    other = case.people.other_spouse.name or "My spouse"
    if key == "f8379":
        return {"form": "8379", "tax_year": tax_year, "injured_spouse": {"name": me}, "other_spouse": {"name": other},
                "income": [], "deduction": {"method": "standard"}, "withholding": [], "payments": []}
    return {"form": "6015d", "tax_year": tax_year, "requesting_spouse": {"name": me}, "other_spouse": {"name": other}}


def as_text(document: dict) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=False)


def register_federal_routes(router, posted, redirect, flash) -> None:
    def page(request: Request, loaded, key: str, tax_year: int, *, text=None, error=None, status=200, conflict=None):
        if loaded.case.year(tax_year) is None:
            raise InputError("tax_year", f"tax year {tax_year} is not in this case; add it on the tax years page")
        document = loaded.case.override(tax_year, key)
        outcome = cases.outcome(request, loaded.case)
        computed = outcome.year(tax_year).worksheets.get(key)
        return render(request, "federal.html", {"OFFICIAL_LINKS": outcome.links,
            "loaded": loaded, "case": loaded.case, "tax_year": tax_year, "key": key, "form": FORM_NAMES[key], "portion_words": PORTION_WORDS,
            "document": document, "computed": computed, "text": text if text is not None else (as_text(document) if document is not None else ""),
            "error": error, "message": flash(request), "conflict": conflict,
        }, status_code=status)

    for key in DOCS:
        def make(key: str):
            @router.get(f"/cases/{{case_id}}/years/{{tax_year}}/{key}", name=f"{key}_page")
            def federal_page(request: Request, case_id: str, tax_year: int):
                return page(request, cases.load(request, case_id), key, tax_year)

            @router.post(f"/cases/{{case_id}}/years/{{tax_year}}/{key}", name=f"{key}_save")
            async def federal_save(request: Request, case_id: str, tax_year: int):
                form = await posted(request)
                loaded = cases.load(request, case_id)
                version = cases.form_version(form.get("version"))
                if loaded.case.year(tax_year) is None:
                    raise InputError("tax_year", f"tax year {tax_year} is not in this case")
                case = loaded.case.model_copy(deep=True)
                if form.get("action") == "start":
                    case.set_override(tax_year, key, starter(key, loaded.case, tax_year))
                elif form.get("action") == "remove":
                    case.set_override(tax_year, key, None)
                else:
                    text = str(form.get("document", ""))
                    try:
                        document = parse_document(text, name="document", suffix=".yaml")
                        if not isinstance(document, dict):
                            raise InputError("document", "expected a mapping of fields")
                        if str(document.get("tax_year", tax_year)) != str(tax_year):
                            raise InputError("tax_year", f"this page is for tax year {tax_year}")
                        case.set_override(tax_year, key, copy.deepcopy(document))
                        computed = cases.outcome(request, case).year(tax_year).worksheets[key]
                        if not computed.ok:
                            raise InputError(computed.error.field.split(f".{tax_year}.{key}.", 1)[-1], computed.error.message)
                    except InputError as exc:
                        return page(request, loaded, key, tax_year, text=text, error=str(exc), status=422)
                try:
                    cases.save(request, loaded, case, version)
                except Conflict as exc:
                    return page(request, loaded, key, tax_year, text=str(form.get("document", "")), status=409, conflict=str(exc))
                return redirect(f"/cases/{case_id}/years/{tax_year}/{key}?msg=saved")

        make(key)

"""Each form's worksheet input, derived from the case (the one place this happens).

* Form IL-8857: the items of the joint return (``return_items``) and the erroneous items
  (``items``), or a preparer's entry (an override); the dates, residency and yes/no answers
  always from the year's ``illinois`` facts, so a date is asked and kept once.
* Form 8379 Part III: the items of the joint return; the offset from ``refund_offset``.
* IRC 6015(c)/(d): the erroneous items and ``deficiency_amount``.

A derivation returns None when the case holds nothing to compute the form from (no amount from
no data); the pipeline then names what is missing. Owners are the case's words
(``you|spouse|joint|unclear``); :func:`form_owner` translates them to the words each form module
accepts today, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .case import Case
from .errors import InputError
from .navigator.facts import ILLINOIS_ONLY_KINDS, RETURN_ADJUSTMENT_KINDS, RETURN_INCOME_KINDS, Item, ReturnItem, TaxYear

# The words each form module reads today. Other forms will read the case's words directly; then
# this table and form_owner() go. Form 8379 and 6015(d) have no "unclear": an item whose owner is
# not clear is treated as the couple's (divided equally unless a split is given); the result
# says so in a note.
_FORM_OWNERS = {
    "il8857": {"you": "me", "spouse": "spouse", "joint": "joint", "unclear": "unclear"},
    "f8379": {"you": "injured", "spouse": "other", "joint": "joint", "unclear": "joint"},
    "f6015d": {"you": "requesting", "spouse": "other", "joint": "joint", "unclear": "joint"},
}


def form_owner(form: str, owner: str) -> str:
    """The case's owner word as the form module reads it (the boundary translation)."""
    return _FORM_OWNERS[form][owner]


@dataclass
class Derived:
    """A form's input document, where it came from, and notes on how the case was read."""

    form: str
    document: dict[str, Any]
    source: str  # "case" (derived from the facts) or "entered" (a preparer's override, with the case's dates)
    notes: list[str] = field(default_factory=list)


def _names(case: Case) -> tuple[str, str]:
    you = case.people.requesting_spouse.name or case.facts.you.name or "You"
    spouse = case.people.other_spouse.name or case.facts.spouse.name or "Your spouse"
    return you, spouse


def _where(case: Case, year: TaxYear, list_name: str, index: int) -> str:
    return f"tax_years.{case.year_index(year.year)}.{list_name}.{index}"


def _needs(item: ReturnItem | Item, name: str, where: str) -> Any:
    value = getattr(item, name)
    if value is None:
        raise InputError(f"{where}.{name}", "is needed to compute the worksheet")
    return value


# --- Form IL-8857 -------------------------------------------------------------------------------

# The case's item kinds that the IL-8857 worksheet names differently (its payments are Illinois tax).
_IL_PAYMENTS = {"illinois_withholding": "withholding", "illinois_estimated_payment": "estimated_payment"}


def il8857_kind(kind: str) -> str:
    """The IL-8857 worksheet's name for a kind of return item."""
    return _IL_PAYMENTS.get(kind, kind)


def il8857_settings(year: TaxYear, request_date: date) -> dict[str, Any]:
    """The IL-8857 worksheet's dates and answers, read from the year's facts (never from a form document)."""
    il = year.illinois
    get = (lambda name: getattr(il, name)) if il is not None else (lambda name: None)
    settings: dict[str, Any] = {
        "residency": get("residency") or "resident",
        "dates": {key: value.isoformat() for key, value in (
            ("original_return_filed", get("original_return_filed_on")),
            ("last_payment", get("last_payment_on")),
            ("request", get("request_date") or request_date),
        ) if value is not None},
        "form_answers": {key: value for key, value in (
            ("filed_federal_form_8857", get("filed_federal_form_8857")),
            ("transferred_assets_without_full_value", get("transferred_assets_without_full_value")),
            ("paid_in_full_before_august_13_1999", get("paid_before_boundary")),
        ) if value is not None},
    }
    filed = {key: value for key, value in (
        ("federal", get("federal_return_filed_before_assessment")),
        ("illinois", get("il_return_filed_before_assessment")),
    ) if value is not None}
    if filed:
        settings["returns_filed_before_assessment"] = filed
    return settings


def _il_knew(knew: list[str] | None) -> list[str] | None:
    return None if knew is None else [form_owner("il8857", who) for who in knew]


def il8857_items(case: Case, year: TaxYear) -> list[dict[str, Any]]:
    """The IL-8857 items: the return's income, adjustments, exemptions and Illinois payments, then the erroneous items."""
    items: list[dict[str, Any]] = []
    for index, item in enumerate(year.return_items or []):
        where = _where(case, year, "return_items", index)
        kind = item.kind
        if kind in ("federal_withholding", "federal_estimated_payment"):
            continue  # federal payments are not on the Illinois worksheet
        entry: dict[str, Any] = {"kind": il8857_kind(kind)}
        if kind == "exemption":
            entry["person"] = form_owner("il8857", _needs(item, "person", where)) if item.person != "dependent" else "dependent"
            entry.update({name: True for name in ("age_65_or_older", "blind") if getattr(item, name)})
        else:
            entry["amount"] = str(_needs(item, "amount", where))
            entry["owner"] = form_owner("il8857", _needs(item, "owner", where))
        if item.description:
            entry["description"] = item.description
        if item.on is not None:
            entry["date"] = item.on.isoformat()
        if item.knew is not None:
            entry["knew"] = _il_knew(item.knew)
        if item.determination is not None:
            decided = item.determination
            entry["determination"] = {"by": decided.by, form_owner("il8857", "you"): str(decided.you), "spouse": str(decided.spouse)}
        items.append(entry)
    for index, item in enumerate(year.items or []):
        if item.amount is None or item.owner is None:
            continue  # an erroneous item without an amount or owner is still a question, not a number
        kind = "erroneous_credit" if item.kind == "credit" else "erroneous_income_or_deduction"
        knew = ["me"] if item.you_knew in ("yes", "partly") else []
        if item.owner in ("spouse", "joint"):
            knew.append("spouse")
        items.append({"kind": kind, "amount": str(item.amount), "owner": form_owner("il8857", item.owner),
                      "description": item.description, "knew": knew})
    return items


def il8857_input(case: Case, year: TaxYear, request_date: date) -> Derived | None:
    entered = case.override(year.year, "il8857")
    settings = il8857_settings(year, request_date)
    if entered is not None:
        entered.update(settings)
        entered.update({"form": "IL-8857", "tax_year": year.year})
        return Derived("il8857", entered, "entered")
    if not any(item.kind != "exemption" for item in year.return_items or []):
        return None  # erroneous items alone are not a worksheet: the return's items come first
    items = il8857_items(case, year)
    return Derived("il8857", {"form": "IL-8857", "tax_year": year.year, "items": items, **settings}, "case")


# --- Form 8379 ----------------------------------------------------------------------------------

# Form 1040 income kinds that are earned income for the earned income credit (wages always).
_EARNED = {"business_income", "farm_income"}


def f8379_input(case: Case, year: TaxYear) -> Derived | None:
    entered = case.override(year.year, "f8379")
    if entered is not None:
        entered["tax_year"] = year.year
        return Derived("f8379", entered, "entered")
    you, spouse = _names(case)
    document: dict[str, Any] = {"form": "8379", "tax_year": year.year, "injured_spouse": {"name": you}, "other_spouse": {"name": spouse},
                                "income": [], "adjustments": [], "deduction": {"method": "standard"}, "withholding": [], "payments": []}
    notes: list[str] = []
    for index, item in enumerate(year.return_items or []):
        where = _where(case, year, "return_items", index)
        if item.kind == "exemption" or item.kind.startswith("illinois_") or item.kind in ILLINOIS_ONLY_KINDS:
            continue
        owner = _needs(item, "owner", where)
        entry = {"description": item.description or item.kind.replace("_", " "), "amount": str(_needs(item, "amount", where)),
                 "owner": form_owner("f8379", owner)}
        if owner == "unclear":
            notes.append(f"{entry['description']}: whose it is is not clear, so it is treated as both spouses' and divided equally.")
        if item.kind == "wages":
            if owner in ("joint", "unclear"):
                raise InputError(f"{where}.owner", "wages on a Form W-2 belong to the spouse who earned them: choose you or your spouse")
            document["income"].append({"line": "13a", **entry})
        elif item.kind in RETURN_INCOME_KINDS:
            extra: dict[str, Any] = {"line": "13b"}
            if item.kind == "capital_gain":
                extra["kind"] = "net_capital_gain"
            if item.kind in _EARNED:
                extra["earned"] = True
            document["income"].append({**extra, **entry})
        elif item.kind in RETURN_ADJUSTMENT_KINDS:
            document["adjustments"].append(entry)
        elif item.kind == "federal_withholding":
            document["withholding"].append(entry)
        elif item.kind == "federal_estimated_payment":
            document["payments"].append(entry)
    if not document["income"] and not document["withholding"] and not document["payments"]:
        return None
    offset = year.refund_offset
    if offset.amount is not None and offset.debt is not None and offset.debt != "other":
        document["offset"] = {"amount": str(offset.amount), "debt_type": offset.debt}
    return Derived("f8379", document, "case", notes)


# --- IRC 6015(c)/(d) ----------------------------------------------------------------------------

_ERRONEOUS_KIND = {"unreported_income": "income", "basis": "income", "other": "income", "deduction": "deduction", "credit": "credit"}


def f6015d_items(case: Case, year: TaxYear) -> list[dict[str, Any]]:
    items = []
    for index, item in enumerate(year.items or []):
        where = _where(case, year, "items", index)
        owner = _needs(item, "owner", where)
        entry: dict[str, Any] = {"description": item.description, "kind": _ERRONEOUS_KIND[item.kind or "other"],
                                 "owner": form_owner("f6015d", owner), "amount": str(_needs(item, "amount", where))}
        if owner != "you":
            if item.you_knew == "yes":
                entry["requesting_knew"] = "all"
            elif item.you_knew == "partly":
                entry["requesting_knew"] = str(_needs(item, "known_amount", where))
        items.append(entry)
    return items


def f6015d_input(case: Case, year: TaxYear) -> Derived | None:
    entered = case.override(year.year, "f6015d")
    if entered is not None:
        entered["tax_year"] = year.year
        return Derived("f6015d", entered, "entered")
    if year.deficiency_amount is None or not year.items:
        return None
    you, spouse = _names(case)
    notes = [f"{item.description}: whose it is is not clear, so it is treated as both spouses' and divided equally."
             for item in year.items if item.owner == "unclear"]
    document = {"form": "6015d", "tax_year": year.year, "requesting_spouse": {"name": you}, "other_spouse": {"name": spouse},
                "deficiency": str(year.deficiency_amount), "items": f6015d_items(case, year)}
    return Derived("f6015d", document, "case", notes)

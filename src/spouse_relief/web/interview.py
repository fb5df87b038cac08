"""The interview's questions as form fields: what kind of answer each facts field takes
(read from the navigator's facts model), reading a posted answer, and writing it into the facts.

A question names the field that holds its answer (``tax_years.0.refund_offset.status``). The
field's type in the facts model decides the widget: yes/no, a choice, a date, an amount, a
number, text, or a list of entries (collection actions, payments, items...) with "none".
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal, Union

from pydantic import BaseModel

from ..errors import InputError
from ..money import parse_amount

UNKNOWN = "__unknown__"
CHOICE_LABELS = {
    "you": "Me", "spouse": "My spouse", "joint": "Both of us (joint)", "unclear": "Not clear", "both": "Both of us",
    "no": "No", "yes": "Yes", "partly": "Only part of it",
    "married": "Still married", "divorced": "Divorced", "legally_separated": "Legally separated", "widowed": "Widowed",
    "complied": "Yes, filed and paid", "good_faith": "Made a good-faith effort", "not_complied": "No",
    "spouse_must_pay": "My spouse must pay", "you_must_pay": "I must pay", "none": "Neither / no such agreement",
    "taken": "Yes, it was taken", "expected": "It is expected to be taken",
    "irs": "The IRS", "bfs": "The Bureau of the Fiscal Service (Treasury Offset Program)", "idor": "The Illinois Department of Revenue",
    "comptroller_local": "The Comptroller, for a local government debt", "other_agency": "Another state agency", "other": "Other",
}
SUBFIELD_LABELS = {
    "on": "Date", "amount": "Amount", "by": "Paid by", "source": "How it was paid", "own_funds": "Paid from your own money?",
    "kind": "Kind", "against": "Against whom", "description": "Description", "owner": "Whose item",
    "you_knew": "Did you know of it when you signed?", "known_amount": "Amount you knew of", "reason_to_know": "Should you have known?",
    "value": "Value", "under_divorce_decree": "Made under a divorce decree?", "notice_mentioned_relief_rights": "Did the notice mention your right to relief?",
    "cdp_response_due": "Response date printed on the notice", "principal_purpose_not_tax_avoidance": "Made for a reason other than avoiding tax?",
    "yours_only_by_community_property_law": "Yours only because of community-property law?", "titled_to_you_but_spouses": "In your name but really your spouse's?",
}


@dataclass
class Spec:
    kind: str  # yes_no | choice | date | amount | number | text | list
    options: list[tuple[str, str]] = field(default_factory=list)
    description: str | None = None
    entry: list[tuple[str, "Spec", bool]] = field(default_factory=list)  # list entries: (name, spec, required)


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation


def _is_model(annotation: Any) -> bool:
    inner = _unwrap(annotation)
    return isinstance(inner, type) and issubclass(inner, BaseModel)


def _spec_of(annotation: Any, description: str | None = None) -> Spec:
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if annotation is bool:
        return Spec("yes_no", [("yes", "Yes"), ("no", "No")], description)
    if origin is Literal:
        return Spec("choice", [(str(value), CHOICE_LABELS.get(str(value), str(value).replace("_", " ").capitalize())) for value in typing.get_args(annotation)], description)
    if annotation is date:
        return Spec("date", description=description)
    if annotation is Decimal:
        return Spec("amount", description=description)
    if annotation is int:
        return Spec("number", description=description)
    if origin is list:
        (inner,) = typing.get_args(annotation)
        inner = _unwrap(inner)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            entry = [(name, _spec_of(info.annotation, info.description), info.is_required()) for name, info in inner.model_fields.items()
                     if not _is_model(info.annotation)]  # a nested entry (an item's determination) is not asked here
            return Spec("list", description=description, entry=[item for item in entry if item[1].kind != "list"])
        return Spec("text", description=description)
    return Spec("text", description=description)


def spec_for(path: str) -> Spec:
    """The widget for a facts field path such as ``tax_years.0.items.1.you_knew``."""
    from ..navigator.facts import Facts

    model: Any = Facts
    annotation: Any = None
    description = None
    parts = path.split(".")
    index = 0
    while index < len(parts):
        part = parts[index]
        info = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, BaseModel) else None
        if info is None:
            return Spec("text")
        annotation = _unwrap(info.annotation)
        description = info.description
        if typing.get_origin(annotation) is list and index + 1 < len(parts) and parts[index + 1].isdigit():
            model = _unwrap(typing.get_args(annotation)[0])
            index += 2
            if index == len(parts):
                return Spec("text")
            continue
        model = annotation
        index += 1
    spec = _spec_of(annotation, description)
    if path.endswith("refund_offset.status") or path.endswith("illinois.refund_offset"):
        spec.options = [(value, "No, no refund was taken" if value == "none" else label) for value, label in spec.options]
    return spec


# --- reading and writing the facts document -------------------------------------------------


def get_path(document: Any, path: str) -> Any:
    current = document
    for part in path.split("."):
        if isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        elif isinstance(current, dict) and part in current:
            current = current[part]
        else:
            return None
    return current


def set_path(document: dict, path: str, value: Any) -> None:
    """Set (or, with None, remove) a field; a path the case does not have is an input error."""
    try:
        _set_path(document, path, value)
    except (IndexError, ValueError, TypeError, AttributeError, KeyError):
        raise InputError(path, "is not a question this case asks (reload the page)") from None


def _set_path(document: dict, path: str, value: Any) -> None:
    """Set (or, with None, remove) a field, creating the mappings on the way."""
    parts = path.split(".")
    current: Any = document
    for position, part in enumerate(parts[:-1]):
        following = parts[position + 1]
        if isinstance(current, list):
            current = current[int(part)]
            continue
        if part not in current or current[part] is None:
            if value is None:
                return
            current[part] = [] if following.isdigit() else {}
        current = current[part]
    last = parts[-1]
    if isinstance(current, list):
        current[int(last)] = value
    elif value is None:
        current.pop(last, None)
    else:
        current[last] = value


def _scalar(spec: Spec, raw: str, name: str) -> Any:
    text = raw.strip()
    if spec.kind == "yes_no":
        if text not in ("yes", "no"):
            raise InputError(name, "choose yes, no, or I don't know")
        return text == "yes"
    if spec.kind == "choice":
        if text not in {value for value, _ in spec.options}:
            raise InputError(name, "choose one of the answers")
        return text
    if spec.kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise InputError(name, "enter a date as YYYY-MM-DD") from None
    if spec.kind == "amount":
        return str(parse_amount(text, name))
    if spec.kind == "number":
        if not text.isdigit():
            raise InputError(name, "enter a whole number")
        return int(text)
    if len(text) > 500:
        raise InputError(name, "use at most 500 characters")
    return text


def read_answer(spec: Spec, form: Any, name: str) -> tuple[str, Any]:
    """('unknown' | 'blank' | 'value', value). Raises InputError naming the form field."""
    raw = str(form.get(name, "") or "")
    if raw == UNKNOWN or form.get(f"{name}.unknown"):
        return "unknown", None
    if spec.kind == "list":
        choice = raw
        if choice == "none":
            return "value", []
        if choice != "add":
            return "blank", None
        entry: dict[str, Any] = {}
        for sub, sub_spec, required in spec.entry:
            key = f"{name}.{sub}"
            text = str(form.get(key, "") or "").strip()
            if not text:
                if required:
                    raise InputError(key, "is required for each entry")
                continue
            entry[sub] = _scalar(sub_spec, text, key)
        return "value", [entry]
    if not raw.strip():
        return "blank", None
    return "value", _scalar(spec, raw, name)


def display(value: Any, spec: Spec, unknown: bool, rows: list | None = None, rows_before: str | None = None) -> str:
    """An answer in words for the list of answers. A form's own answers read as the form prints
    them: assets "Car: worth $8,000.00, owed $2,500.00", amounts "Food: $450.00; Rent or mortgage:
    $1,200.00" (with the typed ``rows`` printed beside them, before the kind ``rows_before`` as on
    the form), a person "Jane Roe; Preparer's PTIN:
    P01234567"; parts are joined by "; " and "label: value" so each label is translated."""
    from .filters import usd

    if unknown:
        return "I don't know"
    if spec.kind == "person":
        if not value:
            return "No, nobody"
        labels = dict(spec.options)
        return "; ".join([str(value.get("name") or "")] + [
            label if value.get(key) is True else f"{label}: {value[key]}" for key, label in labels.items() if key != "name" and value.get(key)])
    if spec.kind == "money_table" and (value is not None or rows):
        order = [key for key, _label in spec.options]
        split = order.index(rows_before) if rows_before in order else len(order)
        amounts = [(order.index(key) if key in order else len(order), f"{dict(spec.options).get(key, key)}: {usd(amount)}") for key, amount in (value or {}).items()]
        typed = [(split - 0.5, f"{row.get('type', '')}: {usd(row.get('amount'))}") for row in rows or [] if isinstance(row, dict)]
        return "; ".join(words for _place, words in sorted(amounts + typed, key=lambda item: item[0])) or "None"
    if spec.kind == "rows" and isinstance(value, list):
        return "; ".join(_asset_words(row) for row in value if isinstance(row, dict)) or "None"
    if value is None:
        return "(not answered)"
    if spec.kind == "yes_no":
        return "Yes" if value else "No"
    if spec.kind == "choice":
        return dict(spec.options).get(str(value), str(value))
    if isinstance(value, dict):
        return ", ".join(str(part) for part in value.values() if part)
    if spec.kind == "list":
        if not value:
            return "None"
        return f"{len(value)} entr{'y' if len(value) == 1 else 'ies'}: " + "; ".join(
            ", ".join(f"{SUBFIELD_LABELS.get(key, key.replace('_', ' ').capitalize())}: {_words(key, item)}" for key, item in entry.items()
                      if not isinstance(item, (dict, list))) for entry in value if isinstance(entry, dict)
        )
    return str(value)


_ISO = __import__("re").compile(r"^\d{4}-\d{2}-\d{2}$")


def _asset_words(row: dict) -> str:
    """One row of Form 8857 line 20: 'Car: worth $8,000.00, owed $2,500.00'."""
    from .filters import usd

    worth, owed = row.get("fair_market_value"), row.get("loan_balance")
    if worth is not None and owed is not None:
        words = f"worth {usd(worth)}, owed {usd(owed)}"
    elif worth is not None:
        words = f"worth {usd(worth)}"
    elif owed is not None:
        words = f"owed {usd(owed)}"
    else:
        return str(row.get("description") or "")
    return f"{row.get('description') or ''}: {words}"


def _words(key: str, value: Any) -> str:
    """One value of a list entry in words: a kind, an owner, yes/no, an amount."""
    from .interview_plan import COLLECTION_KINDS, ITEM_KINDS, KNEW, OWNERS, PAYMENT_SOURCES, ROW_KINDS

    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = str(value)
    if isinstance(value, date) or (isinstance(value, str) and _ISO.match(text)):
        from .filters import date_words

        return date_words(date.fromisoformat(text[:10]))
    if key == "kind" and text in COLLECTION_KINDS:
        return COLLECTION_KINDS[text]
    if key == "source" and text in PAYMENT_SOURCES:
        return PAYMENT_SOURCES[text]
    if key == "owner" and text in OWNERS:
        return OWNERS[text]
    if key == "you_knew" and text in KNEW:
        return KNEW[text]
    for table in (ROW_KINDS, ITEM_KINDS, CHOICE_LABELS):
        if text in table:
            return table[text]
    if key in ("amount", "known_amount", "value"):
        from .filters import usd

        return usd(text)
    return text.replace("_", " ") if "_" in text and " " not in text else text


def help_link(path: str) -> dict[str, str]:
    if ".illinois." in path:
        from .links import official_links

        return next(link for link in official_links() if "IL-8857" in link["title"])
    if ".refund_offset." in path:
        return {"title": "Form 8379 and its instructions", "url": "https://www.irs.gov/forms-pubs/about-form-8379"}
    return {"title": "Publication 971, Innocent Spouse Relief", "url": "https://www.irs.gov/publications/p971"}

"""The case: everything a person told us, stored once (what the web app saves, exports and imports,
and what ``spouse-relief case FILE`` and ``spouse-relief packet FILE`` read). docs/case.md has the
format; this is its one definition.

```json
{
  "format": "spouse-relief-case", "version": 2,
  "title": "Request for 2021-2022",
  "people": {"requesting_spouse": {"name": "...", "ssn": "123-45-6789", "address": "..."},
             "other_spouse": {"name": "...", "ssn": "..."}},
  "facts": { ... the facts (spouse_relief.navigator.facts.Facts): marriage, household, events,
             tax_years[] with items, return_items, payments, letters, illinois ... },
  "forms": { ... answers only a form asks (spouse_relief.forms.answers.FormAnswers) ... },
  "overrides": [{"tax_year": 2022, "form": "il8857", "document": { ... a preparer's line entry ... }}],
  "unknown": ["facts fields answered 'I don't know', e.g. tax_years.0.collection"],
  "answered": [{"id": "joint_return", "field": "tax_years.0.joint_return"}],
  "explanations": {"form8857": "...", "il8857_line17": "..."}
}
```

The tax years are the facts' tax years (one list). Each form's worksheet input is derived from the
facts (``spouse_relief.derive``); an override is a form document a preparer typed (IL-8857 lines,
a Form 8379 or 6015(d) document), kept beside the facts and never instead of them: the dates and
answers the case holds are written into it when it is computed.

A saved case of version 1 (facts kept raw, a form document per year) is upgraded on read. The
files the single-form commands read (facts, IL-8857, Form 8379, 6015(d)) become cases through
:func:`import_document`, which recognises the kind.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import InputError
from .forms.answers import FormAnswers
from .io import pydantic_error
from .navigator.facts import Facts, TaxYear

FORMAT = "spouse-relief-case"
VERSION = 2
FORMS = ("il8857", "f8379", "f6015d")
FORM_NAMES = {"il8857": "Form IL-8857", "f8379": "Form 8379", "f6015d": "IRC 6015(c)/(d) separation of liability"}
_SSN = re.compile(r"^(\d{3})-?(\d{2})-?(\d{4})$")
_MASKED = re.compile(r"^\*{3}-\*{2}-(\d{4})$")
MASK = "***-**-{last4}"


def normalize_ssn(raw: str | None) -> str:
    """'123456789' or '123-45-6789' -> '123-45-6789'; '' stays ''. A masked value passes unchanged."""
    text = (raw or "").strip()
    if not text:
        return ""
    if _MASKED.match(text):
        return text
    match = _SSN.match(text.replace(" ", ""))
    if not match:
        raise ValueError("enter 9 digits, as NNN-NN-NNNN")
    area, group, serial = match.groups()
    if area in ("000", "666") or group == "00" or serial == "0000":
        raise ValueError("this is not a valid SSN or ITIN (no part may be all zeros; 666 is never issued)")
    return f"{area}-{group}-{serial}"


def mask_ssn(ssn: str | None) -> str:
    """'123-45-6789' -> '***-**-6789'. Shown everywhere but the packet."""
    text = (ssn or "").strip()
    if not text:
        return ""
    digits = re.sub(r"\D", "", text)
    return MASK.format(last4=digits[-4:]) if len(digits) >= 4 else "***"


def is_masked(value: str | None) -> bool:
    """True for an SSN shown masked ('***-**-1234'): a form sent back masked keeps the stored one."""
    return bool(value and _MASKED.match(value.strip()))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Person(_Model):
    name: str = Field("", max_length=200)
    ssn: str = ""
    address: str = Field("", max_length=500)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=200)

    @field_validator("ssn")
    @classmethod
    def _ssn(cls, value: str) -> str:
        return normalize_ssn(value)


class People(_Model):
    requesting_spouse: Person = Person()
    other_spouse: Person = Person()


class CaseFacts(Facts):
    """The facts of a case: as a facts file, but a new case may have no tax year yet."""

    tax_years: list[TaxYear] = Field(default_factory=list)


class Override(_Model):
    """A form document a preparer typed for one tax year (IL-8857 line entry, a Form 8379 or
    6015(d) document, as the matching command reads it). Kept beside the facts."""

    tax_year: int = Field(ge=1990, le=2100)
    form: Literal["il8857", "f8379", "f6015d"]
    document: dict[str, Any]

    @field_validator("document")
    @classmethod
    def _canonical(cls, document: dict[str, Any]) -> dict[str, Any]:
        """Keys in one order, so a document reads the same whether it came from YAML, JSON or the store."""
        return _sorted_keys(document)


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list):
        return [_sorted_keys(item) for item in value]
    return value


class Explanations(_Model):
    form8857: str = Field("", max_length=20000)
    il8857_line17: str = Field("", max_length=20000)


class Answered(_Model):
    id: str = Field(max_length=100)
    field: str = Field(max_length=300)


class Case(_Model):
    format: Literal["spouse-relief-case"] = FORMAT
    version: Literal[2] = VERSION
    title: str = Field("My case", min_length=1, max_length=200)
    people: People = People()
    facts: CaseFacts = Field(default_factory=CaseFacts)
    forms: FormAnswers = Field(default_factory=FormAnswers)
    overrides: list[Override] = Field(default_factory=list)
    notes: dict[int, str] = Field(default_factory=dict, description="A note per tax year.")
    unknown: list[str] = Field(default_factory=list, description="Facts fields answered 'I don't know'.")
    answered: list[Answered] = Field(default_factory=list, description="The interview's answers, in the order given.")
    explanations: Explanations = Explanations()

    @model_validator(mode="after")
    def _one_entry_per_year(self) -> "Case":
        """One entry per tax year, kept in year order (a field path ``tax_years.N`` names the N-th year)."""
        self.facts.tax_years = sorted(self.facts.tax_years, key=lambda year: year.year)
        seen: set[int] = set()
        for index, year in enumerate(self.facts.tax_years):
            if year.year in seen:
                raise ValueError(f"facts.tax_years.{index}.year: {year.year} appears twice; list each tax year once")
            seen.add(year.year)
        years = seen
        pairs: set[tuple[int, str]] = set()
        for index, override in enumerate(self.overrides):
            if override.tax_year not in years:
                raise ValueError(f"overrides.{index}: tax year {override.tax_year} is not one of the case's tax years")
            if (override.tax_year, override.form) in pairs:
                raise ValueError(f"overrides.{index}: a second {override.form} document for {override.tax_year}; keep one")
            pairs.add((override.tax_year, override.form))
        return self

    # --- reading ----------------------------------------------------------------------------

    @property
    def tax_years(self) -> list[TaxYear]:
        """The case's tax years, in order."""
        return self.facts.tax_years

    def year(self, tax_year: int) -> TaxYear | None:
        return next((year for year in self.facts.tax_years if year.year == tax_year), None)

    def year_index(self, tax_year: int) -> int:
        """The position of a year in ``facts.tax_years`` (what a field path such as ``tax_years.0`` names)."""
        return next(index for index, year in enumerate(self.facts.tax_years) if year.year == tax_year)

    def override(self, tax_year: int, form: str) -> dict[str, Any] | None:
        found = next((item for item in self.overrides if item.tax_year == tax_year and item.form == form), None)
        return copy.deepcopy(found.document) if found else None

    # --- changing ---------------------------------------------------------------------------

    def set_override(self, tax_year: int, form: str, document: dict[str, Any] | None) -> None:
        self.overrides = [item for item in self.overrides if not (item.tax_year == tax_year and item.form == form)]
        if document is not None:
            self.overrides.append(Override(tax_year=tax_year, form=form, document=document))

    def facts_document(self) -> dict[str, Any]:
        """The facts as a JSON-ready document (unanswered fields left out), for editing by field path."""
        return self.facts.model_dump(mode="json", exclude_none=True)

    def with_facts(self, document: dict[str, Any]) -> "Case":
        """A copy with new facts. Raises InputError naming the field."""
        case = self.model_copy(deep=True)
        case.facts = parse_facts(document)
        return case

    def as_document(self) -> dict[str, Any]:
        """The JSON-ready document (what is saved and exported): tax years in order, unanswered
        facts left out."""
        document = self.model_dump(mode="json", exclude={"facts"})
        document["facts"] = self.facts_document()
        document["overrides"] = sorted(document["overrides"], key=lambda item: (item["tax_year"], item["form"]))
        document["notes"] = {str(key): value for key, value in sorted(self.notes.items())}
        return document


def parse_facts(document: Any, prefix: str = "facts") -> CaseFacts:
    if not isinstance(document, dict):
        raise InputError(prefix, "expected a mapping of fields")
    try:
        return CaseFacts.model_validate(document)
    except ValidationError as exc:
        raise _case_error(exc, prefix) from None


def parse_case(document: Any, prefix: str = "") -> Case:
    """Validate a whole-case document (version 2, or version 1 upgraded). Raises InputError naming the field."""
    if not isinstance(document, dict):
        raise InputError(prefix or "case", "expected a JSON object")
    if str(document.get("version")) in ("1", "2"):  # text readers (YAML) give "1"; a number is read as one
        document = {**document, "version": int(document["version"])}
    if document.get("version") == 1 or ("version" not in document and "tax_years" in document):
        document = upgrade_v1(document, prefix)  # version 1 (a file without a version but with its tax_years list is one)
    try:
        return Case.model_validate(document)
    except ValidationError as exc:
        raise _case_error(exc, prefix) from None


def _case_error(exc: ValidationError, prefix: str) -> InputError:
    first = exc.errors()[0]
    if first["type"] == "value_error":
        message = str(first.get("ctx", {}).get("error", first["msg"]))
        where, _, rest = message.partition(": ")
        if not first["loc"] and rest and "." in where and " " not in where:
            return InputError(f"{prefix}.{where}" if prefix else where, rest)
        field = pydantic_error(exc, prefix).field if first["loc"] else (f"{prefix}.facts.tax_years" if prefix else "facts.tax_years")
        return InputError(field, message)
    return pydantic_error(exc, prefix)


# --- the old format and the single-form files ------------------------------------------------------

_IL_DATES = {"original_return_filed": "original_return_filed_on", "last_payment": "last_payment_on", "request": "request_date"}
_IL_ANSWERS = {
    "filed_federal_form_8857": "filed_federal_form_8857",
    "transferred_assets_without_full_value": "transferred_assets_without_full_value",
    "paid_in_full_before_august_13_1999": "paid_before_boundary",
}


def _tax_year(value: Any, field: str) -> int:
    """A tax year written as a number or as text ('2022'); anything else is refused, never dropped."""
    if isinstance(value, bool):
        raise InputError(field, f"expected a tax year such as 2022, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise InputError(field, f"expected a tax year such as 2022, got {value!r}")


def _facts_year(facts: dict[str, Any], tax_year: int) -> dict[str, Any]:
    """The facts entry of a tax year (created if absent). Years written as text are matched too."""
    years = facts.setdefault("tax_years", [])
    for index, entry in enumerate(years):
        if not isinstance(entry, dict):
            raise InputError(f"facts.tax_years.{index}", "expected a mapping with the year's facts")
        if _tax_year(entry.get("year"), f"facts.tax_years.{index}.year") == tax_year:
            entry["year"] = tax_year
            return entry
    entry = {"year": tax_year}
    years.append(entry)
    return entry


def lift_il8857(document: dict[str, Any], year: dict[str, Any]) -> dict[str, Any]:
    """Move what an IL-8857 document says about the case (dates, residency, the form's yes/no
    answers, returns filed before assessment) into the year's facts, once; return the rest
    (the worksheet's lines or items). A date the facts already hold differently is an error."""
    document = copy.deepcopy(document)
    illinois = year.get("illinois") or {}
    year["illinois"] = illinois
    illinois.setdefault("joint_il_return", True)

    def put(key: str, value: Any, field: str) -> None:
        if value is None:
            return
        held = illinois.get(key)
        if held is not None and str(held) != str(value):
            raise InputError(field, f"says {value}, but the case's facts say {held}; keep one")
        illinois[key] = value

    for group in ("dates", "form_answers", "returns_filed_before_assessment"):
        if document.get(group) is not None and not isinstance(document[group], dict):
            raise InputError(group, "expected a group of answers (a mapping), not a single value")
    for name, key in _IL_DATES.items():
        put(key, (document.get("dates") or {}).get(name), f"dates.{name}")
    for name, key in _IL_ANSWERS.items():
        put(key, (document.get("form_answers") or {}).get(name), f"form_answers.{name}")
    filed = document.get("returns_filed_before_assessment") or {}
    put("federal_return_filed_before_assessment", filed.get("federal"), "returns_filed_before_assessment.federal")
    put("il_return_filed_before_assessment", filed.get("illinois"), "returns_filed_before_assessment.illinois")
    residency = document.get("residency")
    put("residency", residency, "residency")
    if (residency in (None, "resident")) and not year.get("residence_state"):
        year["residence_state"] = "IL"
    for key in ("dates", "form_answers", "returns_filed_before_assessment", "residency"):
        document.pop(key, None)
    return document


def _lift_federal(form: str, document: dict[str, Any], year: dict[str, Any], people: dict[str, Any]) -> None:
    """What a Form 8379 or 6015(d) document says about the case: names, the offset, the deficiency."""
    names = ("injured_spouse", "other_spouse") if form == "f8379" else ("requesting_spouse", "other_spouse")
    for key, role in zip(names, ("requesting_spouse", "other_spouse")):
        name = (document.get(key) or {}).get("name") if isinstance(document.get(key), dict) else None
        if name and not people.setdefault(role, {}).get("name"):
            people[role]["name"] = str(name)
    year.setdefault("joint_return", True)
    if form == "f8379":
        offset = year.setdefault("refund_offset", {})
        offset.setdefault("status", "expected")
        given = document.get("offset")
        if isinstance(given, dict):
            offset.setdefault("amount", given.get("amount"))
            offset.setdefault("debt", given.get("debt_type"))
        community = document.get("community_property")
        if isinstance(community, dict) and community.get("state") and not year.get("residence_state"):
            year["residence_state"] = str(community["state"]).upper()
    else:
        year.setdefault("liabilities", {}).setdefault("understatement", True)
        if document.get("deficiency") is not None:
            year.setdefault("deficiency_amount", document["deficiency"])


def upgrade_v1(document: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A version 1 case (facts kept raw beside a list of per-year form documents) as version 2.

    Each year's form documents become overrides; an IL-8857 document's dates and answers move
    into the facts. An IL-8857 document with neither lines nor items (the blank one version 1
    made for every year) is dropped: it said nothing.
    """
    document = copy.deepcopy(document)
    facts = document.get("facts") or {}
    if not isinstance(facts, dict):
        raise InputError(f"{prefix}.facts" if prefix else "facts", "expected a mapping of fields")
    facts.pop("as_of", None)
    if not isinstance(facts.get("tax_years") or [], list):
        raise InputError(f"{prefix}.facts.tax_years" if prefix else "facts.tax_years", "expected a list of tax years")
    if not isinstance(document.get("tax_years") or [], list):
        raise InputError(f"{prefix}.tax_years" if prefix else "tax_years", "expected a list of tax years")
    people = document.get("people") or {}
    if not isinstance(people, dict):
        raise InputError(f"{prefix}.people" if prefix else "people", "expected a mapping of fields")
    overrides: list[dict[str, Any]] = []
    notes: dict[str, str] = {}
    seen: set[int] = set()
    for index, entry in enumerate(document.get("tax_years") or []):
        where = f"{prefix}.tax_years.{index}" if prefix else f"tax_years.{index}"
        if not isinstance(entry, dict):
            raise InputError(where, "expected a mapping with tax_year")
        unknown = set(entry) - {"tax_year", "il8857", "f8379", "f6015d", "note"}
        if unknown:
            raise InputError(f"{where}.{sorted(unknown)[0]}", "is not a field of a version 1 tax year")
        tax_year = _tax_year(entry.get("tax_year"), f"{where}.tax_year")
        if tax_year in seen:
            raise InputError(f"{where}.tax_year", f"{tax_year} appears twice; keep one entry per year")
        seen.add(tax_year)
        year = _facts_year(facts, tax_year)
        if entry.get("note"):
            notes[str(tax_year)] = entry["note"]
        for form in ("il8857", "f8379", "f6015d"):
            if entry.get(form) is not None and not isinstance(entry[form], dict):
                raise InputError(f"{where}.{form}", "expected a form document (a mapping)")
        il = entry.get("il8857")
        if isinstance(il, dict):
            lifted = lift_il8857(il, year)  # its dates and answers reach the facts even from a blank sheet
            if il.get("lines") or il.get("items"):
                overrides.append({"tax_year": tax_year, "form": "il8857", "document": lifted})
        for form in ("f8379", "f6015d"):
            if isinstance(entry.get(form), dict):
                _lift_federal(form, entry[form], year, people)
                overrides.append({"tax_year": tax_year, "form": form, "document": entry[form]})
    for index, entry in enumerate(facts.get("tax_years") or []):
        if isinstance(entry, dict):
            entry["year"] = _tax_year(entry.get("year"), f"facts.tax_years.{index}.year")
    upgraded = {key: value for key, value in document.items() if key not in ("tax_years", "version", "facts")}
    upgraded.update({"version": VERSION, "facts": facts, "overrides": overrides, "notes": notes, "people": people})
    return upgraded


def file_kind(document: Any) -> str:
    """What a file is: 'case', 'il8857', 'f8379', 'f6015d' or 'facts'. Raises InputError when it is none of them."""
    if not isinstance(document, dict):
        raise InputError("file", "the file must be a mapping of fields: a case, facts, IL-8857, Form 8379 or 6015(d) file (see docs/case.md)")
    if "format" in document:
        if document.get("format") != FORMAT:
            raise InputError("format", f"expected {FORMAT!r}, got {document.get('format')!r}")
        return "case"
    form = str(document.get("form", "")).strip().upper().replace("FORM ", "")
    if form == "IL-8857":
        return "il8857"
    if form in ("8379", "F8379") or (not form and "injured_spouse" in document):
        return "f8379"
    if form in ("6015D", "F6015D", "6015(D)") or (not form and "requesting_spouse" in document):
        return "f6015d"
    if form:
        raise InputError("form", f"{document.get('form')!r} is not a form this tool reads (IL-8857, 8379, 6015d)")
    if isinstance(document.get("tax_years"), list):
        return "facts"
    raise InputError("file", "not a case, facts, IL-8857, Form 8379 or 6015(d) file (see docs/case.md)")


def import_document(document: Any) -> Case:
    """Any file the tool reads, as a case: a case file (either version), a facts file, or a
    single form's document (IL-8857, Form 8379, 6015(d)) with what it says about the case moved
    into the facts and the rest kept as the year's override."""
    kind = file_kind(document)
    if kind == "case":
        return parse_case(document)
    if kind == "facts":
        facts = copy.deepcopy(document)
        for index, entry in enumerate(facts.get("tax_years") or []):
            if isinstance(entry, dict):
                entry["year"] = _tax_year(entry.get("year"), f"tax_years.{index}.year")
        for who in ("you", "spouse"):
            if not isinstance(facts.get(who) or {}, dict):
                raise InputError(who, "expected a mapping of fields (name, address, ...)")
        people = {"requesting_spouse": {"name": (facts.get("you") or {}).get("name") or ""},
                  "other_spouse": {"name": (facts.get("spouse") or {}).get("name") or ""}}
        return _validated({"title": "Imported facts", "facts": facts, "people": people}, "")
    tax_year = _tax_year(document.get("tax_year"), "tax_year")
    facts: dict[str, Any] = {}
    people: dict[str, Any] = {}
    year = _facts_year(facts, tax_year)
    if kind == "il8857":
        override = lift_il8857(document, year)
    else:
        _lift_federal(kind, document, year, people)
        override = copy.deepcopy(document)
    title = f"Imported {FORM_NAMES[kind]} {tax_year}"
    return _validated({"title": title, "facts": facts, "people": people,
                       "overrides": [{"tax_year": tax_year, "form": kind, "document": override}]}, "")


def _validated(document: dict[str, Any], prefix: str) -> Case:
    try:
        return Case.model_validate(document)
    except ValidationError as exc:
        error = _case_error(exc, prefix)
        raise InputError(error.field.removeprefix("facts."), error.message) from None


def masked_document(case: Case) -> dict[str, Any]:
    """The case as the screens and the API show it: SSNs masked."""
    document = case.as_document()
    for role in ("requesting_spouse", "other_spouse"):
        person = document["people"][role]
        person["ssn"] = mask_ssn(person["ssn"])
    return document


def merge_masked(incoming: Case, saved: Case) -> Case:
    """A document edited from a masked view keeps the saved SSN where the mask was sent back.

    A masked value that does not match the saved SSN's last four digits is an error, never a
    silent keep.
    """
    for role in ("requesting_spouse", "other_spouse"):
        person = getattr(incoming.people, role)
        match = _MASKED.match(person.ssn or "")
        if match:
            stored = getattr(saved.people, role).ssn
            if not stored or re.sub(r"\D", "", stored)[-4:] != match.group(1):
                raise InputError(f"people.{role}.ssn", "a masked SSN was sent that does not match the saved one; enter the full number")
            person.ssn = stored
    return incoming

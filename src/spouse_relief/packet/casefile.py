"""The whole-case file: what the web app saves, exports and imports, and what
``spouse-relief packet CASE.json`` reads.

```json
{
  "format": "spouse-relief-case", "version": 1,
  "title": "Request for 2021-2022",
  "people": {"requesting_spouse": {"name": "...", "ssn": "123-45-6789", "address": "..."},
             "other_spouse": {"name": "...", "ssn": "..."}},
  "facts": { ... the navigator's facts document (spouse-relief screen FILE) ... },
  "unknown": ["facts fields answered 'I don't know', e.g. tax_years.0.collection"],
  "answered": [{"id": "joint_return", "field": "tax_years.0.joint_return"}],
  "tax_years": [{"tax_year": 2022, "il8857": { ... spouse-relief il8857 FILE ... },
                 "f8379": { ... }, "f6015d": { ... }}],
  "explanations": {"form8857": "...", "il8857_line17": "..."}
}
```

Each tax year's ``il8857`` (and ``f8379``, ``f6015d``) is exactly the document the matching CLI
command reads, so a year can be cut out of a case file and run on its own. Import also accepts a
bare facts file or a bare IL-8857 file and wraps it into a new case.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import InputError
from ..io import pydantic_error

FORMAT = "spouse-relief-case"
VERSION = 1
WORKSHEET_KEYS = ("il8857", "f8379", "f6015d")
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


class TaxYear(_Model):
    tax_year: int = Field(ge=1990, le=2100)
    il8857: dict[str, Any] | None = None
    f8379: dict[str, Any] | None = None
    f6015d: dict[str, Any] | None = None
    note: str = Field("", max_length=5000)


class Explanations(_Model):
    form8857: str = Field("", max_length=20000)
    il8857_line17: str = Field("", max_length=20000)


class Answered(_Model):
    id: str = Field(max_length=100)
    field: str = Field(max_length=300)


class CaseFile(_Model):
    format: Literal["spouse-relief-case"] = FORMAT
    version: Literal[1] = VERSION
    title: str = Field("My case", min_length=1, max_length=200)
    people: People = People()
    facts: dict[str, Any] = Field(default_factory=dict)
    unknown: list[str] = Field(default_factory=list, description="Facts fields answered 'I don't know'.")
    answered: list[Answered] = Field(default_factory=list, description="The interview's answers, in the order given.")
    tax_years: list[TaxYear] = Field(default_factory=list)
    explanations: Explanations = Explanations()

    @model_validator(mode="after")
    def _one_entry_per_year(self) -> "CaseFile":
        seen: set[int] = set()
        for index, year in enumerate(self.tax_years):
            if year.tax_year in seen:
                raise ValueError(f"tax year {year.tax_year} appears twice (entry {index}); keep one entry per year")
            seen.add(year.tax_year)
        return self

    def year(self, tax_year: int) -> TaxYear | None:
        return next((entry for entry in self.tax_years if entry.tax_year == tax_year), None)

    def as_document(self) -> dict[str, Any]:
        """The JSON-ready document (what is saved and exported), tax years in order."""
        document = self.model_dump(mode="json")
        document["tax_years"] = sorted(document["tax_years"], key=lambda entry: entry["tax_year"])
        return document


def parse_case(document: Any, prefix: str = "") -> CaseFile:
    """Validate a whole-case document. Raises InputError naming the field."""
    if not isinstance(document, dict):
        raise InputError(prefix or "case", "expected a JSON object")
    try:
        return CaseFile.model_validate(document)
    except ValidationError as exc:
        raise _case_error(exc, prefix) from None


def _case_error(exc: ValidationError, prefix: str) -> InputError:
    first = exc.errors()[0]
    if first["type"] == "value_error" and not first["loc"]:
        return InputError(f"{prefix}.tax_years" if prefix else "tax_years", str(first.get("ctx", {}).get("error", first["msg"])))
    error = pydantic_error(exc, prefix)
    if first["type"] == "value_error":
        error = InputError(error.field, str(first.get("ctx", {}).get("error", first["msg"])))
    return error


def import_document(document: Any) -> CaseFile:
    """A case file, or a single CLI document wrapped into a new case.

    Accepted: a whole-case file; an IL-8857 file (``"form": "IL-8857"``); a Form 8379 or 6015(d)
    file (``"form": "8379"`` / ``"6015(d)"`` per their docs); a navigator facts file (anything else
    that is an object without ``format``).
    """
    if not isinstance(document, dict):
        raise InputError("file", "expected a JSON or YAML object")
    if document.get("format") == FORMAT:
        return parse_case(document)
    if "format" in document:
        raise InputError("format", f"expected {FORMAT!r}, got {document.get('format')!r}")
    form = str(document.get("form", "")).upper().replace("FORM ", "")
    key = {"IL-8857": "il8857", "8379": "f8379", "F8379": "f8379", "6015(D)": "f6015d", "F6015D": "f6015d"}.get(form)
    if key:
        year = document.get("tax_year")
        try:
            tax_year = int(str(year))
        except ValueError:
            raise InputError("tax_year", f"expected a tax year, got {year!r}") from None
        return parse_case({"title": f"Imported {form} {tax_year}", "tax_years": [{"tax_year": tax_year, key: document}]})
    years = []
    for entry in document.get("tax_years") or []:
        year = entry.get("year") if isinstance(entry, dict) else None
        try:
            years.append({"tax_year": int(str(year))})
        except ValueError:
            raise InputError("facts.tax_years", f"each tax year needs a 'year', got {year!r}") from None
    facts = {key: value for key, value in document.items() if key != "as_of"}
    return parse_case({"title": "Imported facts", "facts": facts, "tax_years": years}, "")


def masked_document(case: CaseFile) -> dict[str, Any]:
    """The case as the screens and the API show it: SSNs masked."""
    document = case.as_document()
    for role in ("requesting_spouse", "other_spouse"):
        person = document["people"][role]
        person["ssn"] = mask_ssn(person["ssn"])
    return document


def merge_masked(incoming: CaseFile, saved: CaseFile) -> CaseFile:
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

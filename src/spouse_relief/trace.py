"""How a number came to be: every computed value carries a TraceEntry.

Shared by every worksheet and computation (IL-8857, Form 8379, the 6015(d) split), so the CLI's
``--explain``, the JSON output and the web page's "how was this computed?" read one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .money import format_usd
from .parameters import ParameterError, ParameterValue, parameter


@dataclass(frozen=True)
class ParameterUse:
    """A law value used in a computation, with its citation and verification tag; ``title``,
    ``unit`` and ``cited`` (the sources without their addresses) are what a page says of it in
    words (``language.law_words``), never the parameter's name."""

    name: str
    value: Any
    citation: str
    verified: str
    title: str = ""
    unit: str = ""
    cited: str = ""

    @classmethod
    def of(cls, used: ParameterValue) -> "ParameterUse":
        try:
            whole = parameter(used.name)
        except ParameterError:  # a value made by a test of the loader, not read from params/
            title, unit = "", ""
        else:
            title, unit = whole.title, whole.unit
        return cls(name=used.name, value=used.value, citation=used.citation(), verified=used.verified, title=title, unit=unit,
                   cited=used.short_citation())

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "value": _jsonable(self.value), "citation": self.citation, "verified": self.verified}


@dataclass
class TraceEntry:
    """One line (or step): its value per column, the formula in words, inputs, law used, citation."""

    line: str
    label: str
    values: dict[str, Decimal]
    formula: str
    citation: str
    inputs: dict[str, Decimal] = field(default_factory=dict)
    parameters: list[ParameterUse] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def unverified(self) -> bool:
        return any(use.verified == "U" for use in self.parameters)

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "label": self.label,
            "values": {column: str(value) for column, value in self.values.items()},
            "formula": self.formula,
            "citation": self.citation,
            "inputs": {name: str(value) for name, value in self.inputs.items()},
            "parameters": [use.as_dict() for use in self.parameters],
            "notes": list(self.notes),
            "unverified": self.unverified,
        }

    def explain(self) -> str:
        """Plain text for a terminal: what the line is, how it was computed, from what."""
        rows = [f"Line {self.line}: {self.label}"]
        rows.append("  value: " + ", ".join(f"{column} {format_usd(value)}" for column, value in self.values.items()))
        rows.append(f"  formula: {self.formula}")
        if self.inputs:
            rows.append("  inputs:")
            rows.extend(f"    {name} = {format_usd(value)}" for name, value in self.inputs.items())
        for use in self.parameters:
            flag = " (UNVERIFIED)" if use.verified == "U" else ""
            rows.append(f"  law: {use.name} = {_jsonable(use.value)}{flag}; {use.citation}")
        rows.append(f"  source: {self.citation}")
        rows.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(rows)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value

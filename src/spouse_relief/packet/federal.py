"""Federal worksheets of a tax year in a case (Form 8379, the IRC 6015(d) split), when present."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import InputError
from ..money import format_usd
from ..parameters import ParameterError
from .assemble import Computed, YearView, _as_input_error, optional_module

FORMS = {"f8379": ("worksheets.f8379", "Form 8379"), "f6015d": ("worksheets.f6015d", "IRC 6015(c)/(d) separation of liability")}


@dataclass
class FederalResult:
    """A federal result with the shape the pages and the packet read (sentence, JSON, trace)."""

    key: str
    result: Any

    @property
    def headline(self) -> str:
        result = self.result
        if self.key == "f8379":
            return (f"Estimated refund to the injured spouse: {format_usd(result.injured_spouse_refund)}; "
                    f"available for the offset: {format_usd(result.available_for_offset)}.")
        relief = result.relief.get("requesting")
        portion = result.portions.get("requesting", {}).get("total")
        if relief is None:
            return "No relief computed for the requesting spouse."
        return f"Relief for the requesting spouse: {format_usd(relief)}" + (f"; the requesting spouse's portion: {format_usd(portion)}." if portion is not None else ".")

    @property
    def trace(self) -> list:
        return list(self.result.trace)

    def as_dict(self) -> dict[str, Any]:
        return self.result.as_dict()


def compute_federal(key: str, document: Any) -> Computed:
    module_name, form = FORMS[key]
    module = optional_module(module_name)
    if module is None:
        return Computed(form, error=InputError(key, f"the {form} computation is not part of this build yet"))
    try:
        return Computed(form, result=FederalResult(key, module.compute(module.parse_input(document))))
    except (InputError, ParameterError) as exc:
        return Computed(form, error=_as_input_error(exc, key))


def add_federal(entry, view: YearView, today: date) -> None:
    for key in FORMS:
        document = getattr(entry, key)
        if document is not None:
            view.worksheets[key] = compute_federal(key, document)

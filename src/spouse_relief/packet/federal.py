"""Federal worksheets of a tax year in a case (Form 8379, the IRC 6015(d) split), when present."""

from __future__ import annotations

from datetime import date

from ..errors import InputError
from ..parameters import ParameterError
from .assemble import Computed, YearView, _as_input_error, optional_module

FORMS = {"f8379": ("worksheets.f8379", "Form 8379"), "f6015d": ("worksheets.f6015d", "IRC 6015(d)")}


def add_federal(entry, view: YearView, today: date) -> None:
    for key, (module_name, form) in FORMS.items():
        document = getattr(entry, key)
        if document is None:
            continue
        module = optional_module(module_name)
        if module is None:
            view.worksheets[key] = Computed(form, error=InputError(key, f"the {form} computation is not part of this build yet"))
            continue
        try:
            parse = getattr(module, f"parse_{key}")
            compute = getattr(module, f"compute_{key}")
            view.worksheets[key] = Computed(form, result=compute(parse(document)))
        except (InputError, ParameterError) as exc:
            view.worksheets[key] = Computed(form, error=_as_input_error(exc, key))

"""The navigator's screening of a case's facts (findings, missing questions, deadlines, plan)."""

from __future__ import annotations

from .assemble import CaseView, optional_module


def add_screening(view: CaseView, deadlines, checklist, mail_to) -> None:
    pipeline = optional_module("navigator.pipeline")
    view.screening_available = pipeline is not None
    if pipeline is None:
        view.missing_pieces.append("navigator")
        return

"""Answers only a form asks (Form 8857 language, county, education; Form 8379 Part I ...).

A stub: the fields are added with the forms that ask them. The case keeps one ``FormAnswers``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FormAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid")

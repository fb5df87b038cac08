"""Errors a user can act on. Every one names the field or line and says what is wrong."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: names the field (a dotted path such as ``lines.49.A``) and the problem."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}

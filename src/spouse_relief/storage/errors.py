"""Errors of the store, each with a message a person can act on."""

from __future__ import annotations


class StorageError(Exception):
    """The store cannot do what was asked (bad key, unreadable data, misconfiguration)."""


class NotFound(StorageError):
    """No such case for this user. Another user's case is reported the same way as a missing one."""


class Conflict(StorageError):
    """A save named a version that is no longer the saved one (another tab or session saved first)."""

    def __init__(self, expected: int, current: int):
        self.expected = expected
        self.current = current
        super().__init__(
            f"This case was changed elsewhere (another tab or session) after you opened it: you edited "
            f"version {expected}, the saved case is now version {current}. Your change was not saved; "
            f"reload the case to see the latest answers, then make your change again."
        )


class InvalidCase(StorageError):
    """A stored case that no longer validates (saved by an older release, or altered): it opens in
    the repair view, which shows ``problems`` (field and message) and lets the person fix or export it."""

    def __init__(self, case_id: str, version: int, problems: list):
        self.case_id = case_id
        self.version = version
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(f"this case needs repair: {first.field}: {first.message}" if first else "this case needs repair")

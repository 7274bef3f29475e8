"""What can go wrong in the register, kept apart: "you may not", "not possible now", "bad input"."""

from __future__ import annotations

from sanshen.errors import SanshenError


class AccountabilityError(SanshenError):
    """Base of this area's errors."""

    status_code = 400


class NotAllowed(AccountabilityError):
    """This person may not do this (in any state)."""

    status_code = 403


class InvalidTransition(AccountabilityError):
    """Not possible in the entry's (or bulletin's) current state."""

    status_code = 409


class InvalidInput(AccountabilityError):
    status_code = 400


class ImportFailed(AccountabilityError):
    """An .xlsx import with bad rows: every row's problem is listed and nothing was imported."""

    def __init__(self, message: str, *, code: str, problems: list[str]):
        super().__init__(message, code=code)
        self.problems = problems

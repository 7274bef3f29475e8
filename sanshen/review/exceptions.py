"""What can go wrong in the workflow, kept apart: "you may not", "not possible now", "bad input"."""

from __future__ import annotations

from sanshen.errors import SanshenError


class WorkflowError(SanshenError):
    """Base of this area's errors."""

    status_code = 400


class NotAllowed(WorkflowError):
    """This person may not do this to this item (in any state)."""

    status_code = 403


class InvalidTransition(WorkflowError):
    """The action is not possible in the item's current state."""

    status_code = 409


class Conflict(WorkflowError):
    """Someone else acted first: the item changed since the person looked at it."""

    status_code = 409


class StaleRevision(Conflict):
    """A save based on an old revision; carries the diff between what they saw and what is there now."""

    def __init__(self, message: str, *, code: str, base, current):
        super().__init__(message, code=code)
        self.base = base
        self.current = current


class InvalidInput(WorkflowError):
    status_code = 400


class BlockedByFindings(WorkflowError):
    """Automatic checks found something that stops this action until it is dealt with."""

    status_code = 409

    def __init__(self, message: str, *, code: str, findings=()):
        super().__init__(message, code=code)
        self.findings = list(findings)


class PublicationBlocked(WorkflowError):
    """The item may not be published as it stands; carries every unmet rule (workflow.Blocker)."""

    status_code = 409

    def __init__(self, message: str, *, code: str, blockers=()):
        super().__init__(message, code=code)
        self.blockers = list(blockers)

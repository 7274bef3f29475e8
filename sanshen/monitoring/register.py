"""Monitoring's one door into the error register (错敏字登记, sanshen.accountability): new findings enter as 待确认.

Only 严重/禁止 findings are registered: warnings (a broken link on an inner page, a punctuation slip) stay on the
监测 page, so the register holds what the county office would put in a 通报.
"""

from __future__ import annotations

import logging

from .models import MonitorFinding

logger = logging.getLogger(__name__)

REGISTERED_SEVERITIES = ("block", "serious")
# Monitoring kinds → the register's categories where the names differ.
CATEGORY_OF_RULE = {
    "stale.account": "stale_account",
    "stale.account_warn": "stale_account",
    "stale.column": "stale_column",
    "stale.empty": "empty_column",
    "date.forged": "fake_date",
}
CATEGORY_OF_KIND = {"unreachable": "broken_link", "forged_date": "fake_date"}


def register_finding(finding: MonitorFinding) -> int | None:
    """The register entry's id for a new finding, or None when it is not registered (or the register is absent)."""
    if finding.severity not in REGISTERED_SEVERITIES:
        return None
    try:
        from sanshen.accountability.categories import is_known
        from sanshen.accountability.exceptions import InvalidInput
        from sanshen.accountability.register import register_error
    except ImportError:
        return None
    category = CATEGORY_OF_RULE.get(finding.rule) or CATEGORY_OF_KIND.get(finding.kind) or finding.kind
    if not is_known(category):
        category = "other"
    submission = finding.submission
    try:
        entry = register_error(
            unit=finding.unit,
            source="monitoring",
            category=category,
            severity="serious" if finding.severity in ("block", "serious") else "general",
            text=finding.text[:300] or finding.message[:300],
            context=finding.context,
            message=finding.message,
            url=finding.url,
            submission=submission if submission is not None and submission.unit_id == finding.unit_id else None,
            revision=getattr(submission, "published_revision", None) if submission is not None and submission.unit_id == finding.unit_id else None,
            suggestion=str(finding.detail.get("suggestion", "")),
        )
    except InvalidInput as exc:
        # A register refusal must not stop the run: the finding stays on the 监测 page and the run's log says why.
        logger.warning("monitoring finding %s not registered: %s", finding.pk, exc)
        raise RegisterRefused(str(exc)) from exc
    return entry.pk


class RegisterRefused(Exception):
    """The register did not accept a finding (its message says why)."""

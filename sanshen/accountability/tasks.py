"""Background jobs (huey): overdue reminders for rectification, next to the review workflow's own."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .register import send_overdue_reminders


@db_periodic_task(crontab(minute="5"))
def remind_overdue_rectification() -> int:
    """整改超时提醒, hourly: once per deadline, to the people of the unit who answer for the entry."""
    return send_overdue_reminders()

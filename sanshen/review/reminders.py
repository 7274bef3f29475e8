"""超时提醒: items that waited too long at a stage, and the people they wait for (checked every 15 minutes)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .models import Notification, Status, Submission
from .workflow import eligible_users


def send_overdue_reminders() -> int:
    """Once per stage visit, to the people the item waits for."""
    count = 0
    for submission in Submission.objects.overdue().filter(overdue_notified=False).select_related("unit"):
        with transaction.atomic():
            users = eligible_users(submission, submission.status)
            waited = timezone.now() - submission.stage_entered_at
            hours = int(waited.total_seconds() // 3600)
            Notification.objects.bulk_create(
                Notification(
                    recipient=u,
                    submission=submission,
                    kind=Notification.Kind.OVERDUE,
                    message=f"《{submission.title}》在“{Status(submission.status).label}”已等待 {hours} 小时，超过办理时限",
                )
                for u in users
            )
            Submission.objects.filter(pk=submission.pk).update(overdue_notified=True)
            count += 1
    return count


@db_periodic_task(crontab(minute="*/15"))
def remind_overdue() -> int:
    return send_overdue_reminders()

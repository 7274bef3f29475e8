"""Background jobs (huey): archiving forms, overdue reminders and checking files (OCR)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .models import Notification, SignOffRecord, Status, Submission


@db_task()
def archive_signoff_form(submission_pk: int, run: int) -> int | None:
    """存档: keep the form PDF and image in the unit's archive when the item leaves the unit."""
    from .signoff import render_pdf_and_png

    submission = Submission.objects.select_related("unit").get(pk=submission_pk)
    if submission.unit.signs_on_paper and submission.form_scan:
        record = SignOffRecord(
            submission=submission, unit=submission.unit, run=run, title=submission.title, is_scan=True, fingerprint=""
        )
        with submission.form_scan.open("rb") as f:
            record.pdf.save(f"scan-{submission.pk}-{run}{_suffix(submission.form_scan.name)}", ContentFile(f.read()), save=False)
    else:
        form, pdf, png = render_pdf_and_png(submission, run)
        record = SignOffRecord(
            submission=submission, unit=submission.unit, run=run, title=submission.title, fingerprint=form.fingerprint
        )
        record.pdf.save(f"form-{submission.pk}-{run}.pdf", ContentFile(pdf), save=False)
        record.png.save(f"form-{submission.pk}-{run}.png", ContentFile(png), save=False)
    record.save()
    return record.pk


def _suffix(name: str) -> str:
    return name[name.rfind(".") :] if "." in name else ""


@db_periodic_task(crontab(minute="*/15"))
def remind_overdue() -> int:
    return send_overdue_reminders()


def send_overdue_reminders() -> int:
    """超时提醒: once per stage visit, to the people the item waits for."""
    from .workflow import eligible_users

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


@db_task()
def check_attachment_task(attachment_pk: int) -> int | None:
    """附件机审 in the background: OCR of a picture or scanned page takes seconds."""
    from .attachments import check_attachment

    return check_attachment(attachment_pk)


@db_task()
def check_body_image_task(image_pk: int) -> int | None:
    """正文图片机审 (OCR) in the background."""
    from .attachments import check_body_image

    return check_body_image(image_pk)

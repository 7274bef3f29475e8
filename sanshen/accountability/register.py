"""错敏字登记: registering an error and every later step of its rectification happen here and nowhere else.

`register_error()` is the one way in, for county review, monitoring, public reports and superiors' bulletins
alike. `perform()` runs a lifecycle step after asking rules.available_actions() again on the locked row, so the
check and the change see the same state. Every step writes an EntryStep row and an audit entry in the same
transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from sanshen.accounts.models import User
from sanshen.audit.log import record
from sanshen.lib.workdays import add_working_days

from . import rules
from .categories import default_standard, is_known
from .exceptions import InvalidInput, InvalidTransition, NotAllowed
from .models import OPEN_STATES, EntryStep, ErrorEntry, Reminder, SecrecyReferral, Severity, Source, State

# 整改时限 in working days from confirmation; the county office may set another date when confirming or extend it.
RECTIFY_WORKING_DAYS = {Severity.SERIOUS: 2, Severity.GENERAL: 5}
# Found by a machine or a member of the public: a person of the county office confirms first.
UNCONFIRMED_SOURCES = (Source.MONITORING, Source.PUBLIC_REPORT)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"


def dedupe_key(*, unit_id: int, url: str, submission_id: int | None, text: str, category: str) -> str:
    place = f"s:{submission_id}" if submission_id else f"u:{url.strip()}"
    return hashlib.sha256("\x1f".join((str(unit_id), place, text.strip(), category)).encode()).hexdigest()


def register_error(
    *,
    unit,
    source: str,
    category: str,
    severity: str,
    text: str,
    context: str = "",
    message: str = "",
    url: str = "",
    submission=None,
    revision=None,
    found_by: User | None = None,
    evidence=None,
    state: str | None = None,
    standard: int | None = None,
    suggestion: str = "",
    media_account=None,
    finding=None,
    decision=None,
    reporter: str = "",
    reporter_contact: str = "",
    reporter_key: str = "",
    reference: str = "",
    found_at: dt.datetime | None = None,
    ip: str | None = None,
) -> ErrorEntry:
    """登记 an error against `unit`; the same unit + place + text + category while an entry is open returns that entry.

    `source`: county_review / monitoring / public_report / superior. `severity`: serious (严重表述错误) or general
    (一般差错). Monitoring and public reports start 待确认; the others start 已确认 with a deadline. `evidence`: the
    stored page or screenshot, as bytes or a Django File. Bad arguments raise InvalidInput with a Chinese message.
    """
    if source not in Source.values:
        raise InvalidInput(f"发现途径无效：{source}", code="bad_source")
    if severity not in Severity.values:
        raise InvalidInput(f"差错性质无效：{severity}（应为 serious 或 general）", code="bad_severity")
    if not is_known(category):
        raise InvalidInput(f"差错类别无效：{category}", code="bad_category")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("请填写差错原文", code="text_required")
    if len(text) > 300:
        text = text[:299] + "…"
    initial = state or (State.PENDING if source in UNCONFIRMED_SOURCES else State.CONFIRMED)
    if initial not in (State.PENDING, State.CONFIRMED):
        raise InvalidInput(f"新登记的差错只能是待确认或已确认，不能是 {initial}", code="bad_initial_state")
    if revision is not None and submission is None:
        submission = revision.submission
    if revision is not None and revision.submission_id != submission.pk:
        raise InvalidInput("版本与稿件不符", code="revision_mismatch")
    if submission is not None and submission.unit_id != unit.pk:
        raise InvalidInput(f"稿件属于{submission.unit}，不能登记到{unit}", code="unit_mismatch")
    if media_account is None and submission is not None:
        media_account = submission.media_account
    if not (url or submission or media_account):
        raise InvalidInput("请填写差错所在的稿件、页面地址或新媒体账号", code="place_required")
    url = (url or "").strip()[:500]

    now = timezone.now()
    key = dedupe_key(unit_id=unit.pk, url=url, submission_id=getattr(submission, "pk", None), text=text, category=category)
    with transaction.atomic():
        existing = ErrorEntry.objects.select_for_update().filter(dedupe_key=key, state__in=OPEN_STATES).first()
        if existing is not None:
            return existing
        entry = ErrorEntry(
            unit=unit,
            source=source,
            category=category,
            standard=default_standard(category) if standard is None else standard,
            severity=severity,
            state=initial,
            text=text,
            suggestion=(suggestion or "")[:300],
            context=context or "",
            message=(message or "")[:500],
            url=url,
            submission=submission,
            revision=revision,
            content_hash=getattr(revision, "content_hash", "") or "",
            media_account=media_account,
            finding=finding,
            decision=decision,
            found_by=found_by,
            reporter=(reporter or "")[:100],
            reporter_contact=(reporter_contact or "")[:100],
            reporter_key=reporter_key,
            reference=(reference or "")[:100],
            found_at=found_at or now,
            dedupe_key=key,
        )
        if initial == State.CONFIRMED:
            entry.confirmed_at, entry.confirmed_by = now, found_by
            entry.deadline = default_deadline(severity, now)
        if evidence is not None:
            _attach_evidence(entry, evidence)
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            # Someone registered the same error a moment ago: the open entry is the answer.
            return ErrorEntry.objects.get(dedupe_key=key, state__in=OPEN_STATES)
        _step(entry, found_by, "register", "登记", "", initial, message, at=now)
        record(
            "accountability.register",
            actor=found_by,
            obj=entry,
            ip=ip,
            unit=unit.name,
            source=source,
            category=category,
            severity=severity,
            state=initial,
            text=text[:100],
            submission=getattr(submission, "pk", None),
            revision=getattr(revision, "number", None),
            url=url,
        )
        if initial == State.CONFIRMED:
            _tell_unit(entry, f"新登记{entry.get_severity_display()}：“{text[:40]}”，请于{_day(entry.deadline)}前整改")
    return entry


def default_deadline(severity: str, start: dt.datetime) -> dt.datetime:
    return add_working_days(timezone.localtime(start), RECTIFY_WORKING_DAYS[severity])


def _attach_evidence(entry: ErrorEntry, evidence) -> None:
    data = evidence if isinstance(evidence, bytes) else evidence.read()
    if not data:
        return
    if data.startswith(PNG_SIGNATURE):
        kind, suffix = "image", ".png"
    elif data.startswith(JPEG_SIGNATURE):
        kind, suffix = "image", ".jpg"
    else:
        kind, suffix = "page", ".html"
    entry.evidence_kind = kind
    entry.evidence.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(data), save=False)


# ---------------------------------------------------------------------------------------------
# Lifecycle


def perform(entry: ErrorEntry, user: User, action: str, *, ip: str | None = None, at=None, **kwargs) -> ErrorEntry:
    """The one dispatcher: lock the row, ask rules.available_actions again, then run the step."""
    handler = TRANSITIONS.get(action)
    if handler is None:
        raise InvalidInput(f"未知操作：{action}", code="unknown_action")
    with transaction.atomic():
        locked = ErrorEntry.objects.select_for_update().get(pk=entry.pk)  # no join: PostgreSQL locks no outer join
        allowed = {a.name: a for a in rules.available_actions(locked, user)}
        if action not in allowed:
            raise _refusal(locked, user)
        spec = allowed[action]
        comment = (kwargs.pop("comment", "") or "").strip()
        if spec.needs_comment and not comment:
            raise InvalidInput(f"请填写{spec.comment_label}", code="comment_required")
        before = locked.state
        now = at or timezone.now()
        detail = handler(locked, user, comment=comment, now=now, **kwargs) or {}
        locked.save()
        _step(locked, user, action, spec.label, before, locked.state, comment, at=now)
        record(f"accountability.{action}", actor=user, obj=locked, ip=ip, from_state=before, to_state=locked.state,
               comment=comment[:500], **detail)
    return locked


def _refusal(entry: ErrorEntry, user: User):
    if not rules.visible_entries(user).filter(pk=entry.pk).exists():
        return NotAllowed("您无权处理这条登记", code="not_visible")
    return InvalidTransition(f"这条登记当前为“{entry.get_state_display()}”，您不能执行此操作", code=f"not_allowed_in_{entry.state}")


def _confirm(entry, user, *, comment, now, severity=None, category=None, deadline=None):
    if severity:
        if severity not in Severity.values:
            raise InvalidInput("差错性质无效", code="bad_severity")
        entry.severity = severity
    if category and category != entry.category:
        if not is_known(category):
            raise InvalidInput("差错类别无效", code="bad_category")
        entry.category, entry.standard = category, default_standard(category)
    entry.state = State.CONFIRMED
    entry.confirmed_at, entry.confirmed_by = now, user
    entry.deadline = _deadline_from(deadline, now) if deadline else default_deadline(entry.severity, now)
    _tell_unit(entry, f"已确认{entry.get_severity_display()}：“{entry.text[:40]}”，请于{_day(entry.deadline)}前整改", at=now)
    return {"severity": entry.severity, "category": entry.category, "deadline": entry.deadline}


def _dismiss(entry, user, *, comment, now):
    entry.state = State.DISMISSED
    entry.dismissed_reason = comment[:300]
    entry.deadline = None


def _start(entry, user, *, comment, now):
    entry.state = State.RECTIFYING


def _rectify(entry, user, *, comment, now, proof_revision=None, proof_url=""):
    proof_url = (proof_url or "").strip()
    if entry.submission_id:
        proof = _proof_revision(entry, proof_revision)
        entry.proof_revision = proof
        detail = {"proof_revision": proof.number}
    else:
        if not proof_url.startswith(("http://", "https://")):
            raise InvalidInput("请填写整改后页面的地址（http:// 或 https:// 开头）", code="proof_url_required")
        detail = {"proof_url": proof_url}
    entry.proof_url = proof_url[:500]
    entry.rectification_note = comment
    entry.state = State.RECTIFIED
    entry.rectified_at, entry.rectified_by = now, user
    return detail


def _proof_revision(entry: ErrorEntry, wanted):
    """The corrected revision: a later one than the revision the error was found in."""
    after = entry.revision.number if entry.revision_id else 0
    newer = entry.submission.revisions.filter(number__gt=after).order_by("-number")
    if wanted not in (None, ""):
        try:
            proof = newer.filter(number=int(getattr(wanted, "number", wanted))).first()
        except (TypeError, ValueError):
            proof = None
        if proof is None:
            raise InvalidInput(f"请选择第 {after} 版之后的修改版本作为整改依据", code="bad_proof_revision")
        return proof
    proof = newer.first()
    if proof is None:
        raise InvalidInput("稿件还没有改正后的新版本：请先修改稿件并保存，再提交整改", code="no_corrected_revision")
    return proof


def _verify(entry, user, *, comment, now):
    entry.state = State.VERIFIED
    entry.verified_at, entry.verified_by = now, user


def _reopen(entry, user, *, comment, now):
    entry.state = State.RECTIFYING
    entry.rectified_at = entry.rectified_by = entry.proof_revision = None
    entry.proof_url = ""
    _tell_unit(entry, f"整改被退回：“{entry.text[:40]}”：{comment[:100]}", at=now)


def _extend(entry, user, *, comment, now, deadline=None):
    if not deadline:
        raise InvalidInput("请填写新的整改时限", code="deadline_required")
    new = _deadline_from(deadline, now)
    if entry.deadline and new <= entry.deadline:
        raise InvalidInput("新的整改时限须晚于原时限", code="deadline_not_later")
    old, entry.deadline = entry.deadline, new
    entry.overdue_notified = False
    return {"old_deadline": old, "deadline": new}


def _refer(entry, user, *, comment, now):
    referral = SecrecyReferral.objects.create(
        entry=entry, unit=entry.unit, summary=comment, referred_by=user, referred_at=now
    )
    return {"referral": referral.pk}


def _deadline_from(value, now) -> dt.datetime:
    """A deadline given as a date means the end of that working day (18:00 Beijing time)."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidInput("整改时限的日期格式不对，应为 2026-10-15", code="bad_deadline") from None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        moment = timezone.make_aware(dt.datetime.combine(value, dt.time(18, 0)))
    if moment <= now:
        raise InvalidInput("整改时限须晚于现在", code="deadline_past")
    return moment


TRANSITIONS = {
    "confirm": _confirm,
    "dismiss": _dismiss,
    "start": _start,
    "rectify": _rectify,
    "verify": _verify,
    "reopen": _reopen,
    "extend": _extend,
    "refer": _refer,
}


def _step(entry, actor, action, label, before, after, comment, *, at) -> None:
    EntryStep.objects.create(
        entry=entry, actor=actor, action=action, label=label, from_state=before, to_state=after, comment=comment, created=at
    )


def _day(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日"


def _tell_unit(entry: ErrorEntry, message: str, *, at=None) -> None:
    users = User.objects.filter(
        is_active=True, roles__unit_id=entry.unit_id, roles__role__in=rules.RESPONSIBLE_ROLES
    ).distinct()
    Reminder.objects.bulk_create(
        Reminder(entry=entry, recipient=u, message=message[:300], created=at or timezone.now()) for u in users
    )


# ---------------------------------------------------------------------------------------------
# Overdue reminders and referrals


def send_overdue_reminders(now=None) -> int:
    """超时提醒: once per deadline, to the people of the unit who answer for the entry; the office sees it in the register."""
    now = now or timezone.now()
    count = 0
    for entry in ErrorEntry.objects.overdue(now).filter(overdue_notified=False).select_related("unit"):
        with transaction.atomic():
            _tell_unit(entry, f"整改已超过时限（{_day(entry.deadline)}）：“{entry.text[:40]}”，请尽快整改", at=now)
            ErrorEntry.objects.filter(pk=entry.pk).update(overdue_notified=True)
            record("accountability.overdue", obj=entry, unit=entry.unit.name, deadline=entry.deadline)
            count += 1
    return count


def answer_referral(referral: SecrecyReferral, user: User, *, state: str, reply: str, ip: str | None = None) -> SecrecyReferral:
    """保密局受理/办结: the bureau (or the office on its word) records where the referral stands."""
    with transaction.atomic():
        locked = SecrecyReferral.objects.select_for_update().get(pk=referral.pk)
        if not rules.can_answer_referral(user, locked):
            if not rules.visible_referrals(user).filter(pk=locked.pk).exists():
                raise NotAllowed("您无权处理移送记录", code="not_visible")
            raise InvalidTransition("该移送已办结，不能再修改", code="referral_closed")
        if state not in (SecrecyReferral.State.ACCEPTED, SecrecyReferral.State.CLOSED):
            raise InvalidInput("请选择“已受理”或“已办结”", code="bad_referral_state")
        reply = (reply or "").strip()
        if not reply:
            raise InvalidInput("请填写办理情况", code="reply_required")
        before = locked.state
        locked.state, locked.reply = state, reply
        locked.answered_by, locked.answered_at = user, timezone.now()
        locked.save()
        record("accountability.referral_update", actor=user, obj=locked, ip=ip, from_state=before, to_state=state)
    return locked

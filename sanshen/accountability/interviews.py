"""约谈: rules that propose an interview, and the record of one (第七条 “约谈相关乡镇、部门领导”).

A unit is proposed for a period when it has a standing 严重表述错误, a leak, or its third standing error of the
period; a unit already interviewed about that period is not proposed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from sanshen.audit.log import record

from . import rules
from .categories import LEAK_CATEGORIES
from .exceptions import InvalidInput, InvalidTransition, NotAllowed
from .models import ErrorEntry, Interview, Severity
from .periods import Period

ERRORS_FOR_INTERVIEW = 3
RECORD_FIELDS = ("unit", "period", "reason", "held_at", "place", "interviewers", "interviewees", "minutes", "commitments", "follow_up_on")


@dataclass
class Proposal:
    """约谈建议: a unit, why, and the entries behind it."""

    unit: object
    reasons: list[str]
    entries: list[ErrorEntry] = field(default_factory=list)

    @property
    def reason_text(self) -> str:
        return "；".join(self.reasons)


def proposals(period: Period) -> list[Proposal]:
    entries = ErrorEntry.objects.standing().found_in(period).select_related("unit").order_by("unit__sort_order", "found_at")
    interviewed = set(Interview.objects.filter(period=period.code).values_list("unit_id", flat=True))
    by_unit: dict[int, list[ErrorEntry]] = {}
    for entry in entries:
        by_unit.setdefault(entry.unit_id, []).append(entry)
    result = []
    for unit_id, mine in by_unit.items():
        if unit_id in interviewed:
            continue
        reasons = []
        serious = [e for e in mine if e.severity == Severity.SERIOUS]
        leaks = [e for e in mine if e.category in LEAK_CATEGORIES]
        if serious:
            reasons.append(f"出现严重表述错误{len(serious)}处")
        if leaks:
            reasons.append(f"涉嫌泄密{len(leaks)}处")
        if len(mine) >= ERRORS_FOR_INTERVIEW:
            reasons.append(f"{period.label}累计差错{len(mine)}处（达到{ERRORS_FOR_INTERVIEW}处）")
        if reasons:
            result.append(Proposal(unit=mine[0].unit, reasons=reasons, entries=mine))
    return result


def record_interview(user, *, ip: str | None = None, entries=(), **fields) -> Interview:
    if not rules.can_manage(user):
        raise NotAllowed("只有县政府办可以记录约谈", code="not_office")
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise InvalidInput(f"未知字段：{', '.join(sorted(unknown))}", code="unknown_field")
    for name in ("unit", "reason", "held_at", "interviewers", "interviewees", "minutes"):
        if not fields.get(name):
            raise InvalidInput("被约谈单位、事由、时间、约谈人、被约谈人和纪要不能为空", code="fields_required")
    follow = fields.get("follow_up_on")
    if follow and follow < timezone.localtime(fields["held_at"]).date():
        raise InvalidInput("回访日期不能早于约谈日期", code="follow_up_before_interview")
    entries = list(entries)
    if any(e.unit_id != fields["unit"].pk for e in entries):
        raise InvalidInput("所涉差错须属于被约谈单位", code="entry_unit_mismatch")
    with transaction.atomic():
        interview = Interview.objects.create(recorded_by=user, **fields)
        interview.entries.set(entries)
        record(
            "accountability.interview_record",
            actor=user,
            obj=interview,
            ip=ip,
            unit=interview.unit.name,
            period=interview.period,
            entries=[e.pk for e in entries],
        )
    return interview


def record_follow_up(interview: Interview, user, *, note: str, ip: str | None = None) -> Interview:
    if not rules.can_manage(user):
        raise NotAllowed("只有县政府办可以记录回访", code="not_office")
    note = (note or "").strip()
    if not note:
        raise InvalidInput("请填写回访情况", code="note_required")
    with transaction.atomic():
        locked = Interview.objects.select_for_update().get(pk=interview.pk)
        if locked.followed_up_at:
            raise InvalidTransition("已记录回访情况", code="already_followed_up")
        locked.followed_up_at, locked.follow_up_note = timezone.now(), note
        locked.save(update_fields=["followed_up_at", "follow_up_note"])
        record("accountability.interview_follow_up", actor=user, obj=locked, ip=ip)
    return locked

"""白名单 governance: a reviewer proposes, the security administrator (安全管理员, who owns the lexicons) decides.

An entry is scoped to one unit or the whole county, keeps who proposed and who decided and when, is audited at
every step, and can be withdrawn. Block findings (涉密标识, 禁用词) are never whitelisted from the review screen:
they go away only when the text changes.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from sanshen.accounts.roles import is_security_admin
from sanshen.audit.log import record

from .checking import UNSETTLEABLE
from .exceptions import InvalidInput, InvalidTransition, NotAllowed
from .models import FindingRecord, WhitelistEntry

def propose(finding: FindingRecord, user, *, unit_id: int, county_wide: bool, reason: str, ip: str | None = None) -> WhitelistEntry:
    """提议加入白名单 for the words of this finding: in force only once approved."""
    if finding.severity in UNSETTLEABLE:
        raise NotAllowed("禁止类问题（如涉密标识、禁用词）不能加入白名单", code="block_not_whitelistable")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise InvalidInput("请写明加入白名单的理由（至少 4 个字）", code="reason_required")
    entry = WhitelistEntry(
        text=finding.text[:100], rule=finding.rule, unit_id=None if county_wide else unit_id, reason=reason[:300], added_by=user
    )
    live = WhitelistEntry.objects.filter(
        text=entry.text, rule=entry.rule, unit_id=entry.unit_id, status__in=(WhitelistEntry.State.PROPOSED, WhitelistEntry.State.APPROVED)
    )
    if live.exists():
        raise InvalidTransition("该词语已在白名单中或已有待审批的提议", code="already_proposed")
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise InvalidTransition("该词语已在白名单中或已有待审批的提议", code="already_proposed") from None
    record(
        "review.whitelist_proposed", actor=user, obj=entry, ip=ip,
        text=entry.text, rule=entry.rule, scope=_scope(entry), reason=entry.reason,
    )  # fmt: skip
    return entry


def decide(entry: WhitelistEntry, user, *, approve: bool, note: str = "", ip: str | None = None) -> WhitelistEntry:
    """批准 or 驳回 a proposal: the security administrator only, never the person who proposed it."""
    _require_security_admin(user)
    with transaction.atomic():
        entry = WhitelistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != WhitelistEntry.State.PROPOSED:
            raise InvalidTransition(f"该条目已{entry.get_status_display()}，不能再审批", code="not_proposed")
        if entry.added_by_id == user.pk:
            raise NotAllowed("不能审批本人提出的白名单", code="own_proposal")
        before = entry.status
        entry.status = WhitelistEntry.State.APPROVED if approve else WhitelistEntry.State.REJECTED
        entry.decided_by, entry.decided_at, entry.decision_note = user, timezone.now(), (note or "").strip()[:300]
        entry.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        record(
            "review.whitelist_approved" if approve else "review.whitelist_rejected", actor=user, obj=entry, ip=ip,
            text=entry.text, rule=entry.rule, scope=_scope(entry), before=before, after=entry.status, note=entry.decision_note,
        )  # fmt: skip
    return entry


def withdraw(entry: WhitelistEntry, user, *, note: str = "", ip: str | None = None) -> WhitelistEntry:
    """撤销: the security administrator takes an entry out of force (or the proposer takes back a proposal)."""
    with transaction.atomic():
        entry = WhitelistEntry.objects.select_for_update().get(pk=entry.pk)
        own_proposal = entry.status == WhitelistEntry.State.PROPOSED and entry.added_by_id == user.pk
        if not own_proposal:
            _require_security_admin(user)
        if entry.status not in (WhitelistEntry.State.PROPOSED, WhitelistEntry.State.APPROVED):
            raise InvalidTransition(f"该条目已{entry.get_status_display()}", code="not_live")
        before = entry.status
        entry.status = WhitelistEntry.State.WITHDRAWN
        entry.decided_by, entry.decided_at, entry.decision_note = user, timezone.now(), (note or "").strip()[:300]
        entry.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        record(
            "review.whitelist_withdrawn", actor=user, obj=entry, ip=ip,
            text=entry.text, rule=entry.rule, scope=_scope(entry), before=before, after=entry.status, note=entry.decision_note,
        )  # fmt: skip
    return entry


def _require_security_admin(user) -> None:
    if not is_security_admin(user):
        raise NotAllowed("只有安全管理员可以审批或撤销白名单", code="not_security_admin")


def _scope(entry: WhitelistEntry) -> str:
    return entry.unit.name if entry.unit_id else "全县"

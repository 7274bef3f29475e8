"""Writing and verifying the audit chain."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, ChainHead

GENESIS = "0" * 64


def _key() -> bytes:
    # The key lives outside the database: whoever can write rows cannot re-sign the chain.
    explicit = getattr(settings, "SANSHEN_AUDIT_KEY", "")
    return hashlib.sha256(("sanshen-audit:" + (explicit or settings.SECRET_KEY)).encode()).digest()


def entry_hash(entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.seq,
            entry.created.isoformat(),
            entry.actor_id,
            entry.actor_name,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.outcome,
            entry.ip,
            entry.detail,
            entry.prev_hash,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()


def record(action: str, *, actor=None, obj=None, outcome: str = "ok", ip: str | None = None, **detail) -> AuditEntry:
    """Append one entry inside the caller's transaction: if it cannot be written, the action rolls back."""
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            created=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=(getattr(actor, "display_name", "") or getattr(actor, "username", "") or "")[:150],
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            outcome=outcome,
            ip=ip,
            detail=json.loads(json.dumps(detail, ensure_ascii=False, default=str)),
            prev_hash=head.hash,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@dataclass
class Problem:
    seq: int
    kind: str  # edited / missing / inserted / tail
    message: str


def verify(using: str = "default") -> tuple[int, list[Problem]]:
    """Walk the chain in order; return the number of entries checked and every problem found. `using` names the
    database (a restored backup is checked this way)."""
    problems: list[Problem] = []
    prev_hash = GENESIS
    expected_seq = None
    count = 0
    for entry in AuditEntry.objects.using(using).order_by("seq").iterator(chunk_size=2000):
        count += 1
        if expected_seq is None:
            expected_seq = entry.seq  # retention may have removed older entries
            if entry.seq == 1:
                prev_hash = GENESIS
            else:
                prev_hash = entry.prev_hash
        if entry.seq != expected_seq:
            problems.append(Problem(expected_seq, "missing", f"第 {expected_seq}–{entry.seq - 1} 条记录缺失（被删除）"))
        elif entry.prev_hash != prev_hash:
            problems.append(Problem(entry.seq, "inserted", f"第 {entry.seq} 条记录与前一条不衔接（插入或改动）"))
        if entry_hash(entry) != entry.hash:
            problems.append(Problem(entry.seq, "edited", f"第 {entry.seq} 条记录内容与签名不符（被改动）"))
        prev_hash = entry.hash
        expected_seq = entry.seq + 1
    head = ChainHead.objects.using(using).filter(pk=1).first()
    last = (expected_seq or 1) - 1
    if head is not None and head.seq and last < head.seq:
        problems.append(Problem(head.seq, "tail", f"链尾应为第 {head.seq} 条，实际为第 {last} 条（末尾记录被删除）"))
    elif head is not None and last > head.seq:
        problems.append(Problem(last, "inserted", f"链尾之后出现未经登记的第 {head.seq + 1}–{last} 条记录（插入）"))
    return count, problems

"""What a database administrator can do behind the application's back, for the tamper tests."""

from __future__ import annotations

from django.db import connection

from sanshen.audit.log import entry_hash, record
from sanshen.audit.models import AuditEntry, ChainHead

TRIGGER = "audit_auditentry_append_only"


def raw(sql: str, params=()) -> None:
    """Run SQL as the table owner: on PostgreSQL the append-only trigger is switched off around it."""
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(f"ALTER TABLE audit_auditentry DISABLE TRIGGER {TRIGGER}")
        c.execute(sql, params)
        if connection.vendor == "postgresql":
            c.execute(f"ALTER TABLE audit_auditentry ENABLE TRIGGER {TRIGGER}")


def entries(n: int, actor=None) -> list[AuditEntry]:
    """n more entries at the end of the chain (which starts empty in these tests)."""
    return [record("test.event", actor=actor, n=i) for i in range(n)]


def move_head(seq: int) -> None:
    """Point the chain head at entry `seq`, as someone hiding deleted tail entries would."""
    last = AuditEntry.objects.get(seq=seq)
    ChainHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)


def empty_head() -> None:
    ChainHead.objects.filter(pk=1).update(seq=0, hash="0" * 64)


def resign(settings, from_seq: int, key: str) -> None:
    """Re-link and re-sign every entry from `from_seq` on with `key`, then move the chain head to match."""
    saved = settings.SANSHEN_AUDIT_KEY
    settings.SANSHEN_AUDIT_KEY = key
    try:
        prev = AuditEntry.objects.get(seq=from_seq - 1).hash if from_seq > 1 else "0" * 64
        for entry in AuditEntry.objects.filter(seq__gte=from_seq).order_by("seq"):
            entry.prev_hash = prev
            entry.hash = entry_hash(entry)
            raw(
                "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
                [entry.prev_hash, entry.hash, entry.pk],
            )
            prev = entry.hash
    finally:
        settings.SANSHEN_AUDIT_KEY = saved
    last = AuditEntry.objects.order_by("-seq").first()
    ChainHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)

"""清理: `sanshen audit purge` removes only entries older than the retention period, and says so in a signed
checkpoint first, so `verify` accepts the chain's new start; rows deleted any other way are still a missing start."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from sanshen.audit import checkpoints
from sanshen.audit.log import checkpoint, purge, verify
from sanshen.audit.models import AuditEntry

from .helpers import entries, raw


@pytest.fixture
def aged(db, settings):
    """Entries 1-3 written 200 days ago, 4-5 ten days ago; retention 180 days."""
    settings.AUDIT_RETENTION_DAYS = 180
    with time_machine.travel(timezone.now() - timedelta(days=200)):
        entries(3)
        checkpoint("daily")
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        entries(2)
        checkpoint("daily")


def test_it_deletes_only_entries_past_retention_and_the_chain_still_verifies(aged, capsys):
    call_command("audit", "purge")
    assert "已清理 3 条审计记录，链首现为第 4 条" in capsys.readouterr().out
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", "action")) == [
        (4, "test.event"), (5, "test.event"), (6, "audit.purge"),
    ]  # fmt: skip
    purge_entry = AuditEntry.objects.get(seq=6)
    assert purge_entry.detail["start"] == 4 and purge_entry.detail["deleted"] == 3
    (mark,) = [m for m in checkpoints.read()[0] if m.kind == checkpoints.PURGE]
    assert (mark.seq, mark.hash, mark.reason_label) == (4, AuditEntry.objects.get(seq=4).prev_hash, "清理")
    assert verify() == (3, [])
    if connection.vendor == "postgresql":  # the append-only trigger is on again after the purge
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(seq=4).delete()


def test_it_does_nothing_when_nothing_is_old_enough(db, settings, capsys):
    settings.AUDIT_RETENTION_DAYS = 180
    entries(3)
    assert purge() is None
    call_command("audit", "purge")
    assert "没有超过保存期限的审计记录" in capsys.readouterr().out
    assert AuditEntry.objects.count() == 3 and checkpoints.read() == ([], [])


def test_it_keeps_the_last_entry_even_when_all_are_old(db, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        entries(4)
    done = purge()
    assert (done.start, done.deleted) == (4, 3)
    assert list(AuditEntry.objects.values_list("seq", flat=True).order_by("seq")) == [4, 5]
    assert verify() == (2, [])


def test_it_still_reports_entries_deleted_after_the_purged_start(aged):
    purge()
    raw("DELETE FROM audit_auditentry WHERE seq = 4")
    problems = verify()[1]
    assert [(p.seq, p.kind) for p in problems] == [(4, "start")]
    assert "第 4–4 条记录被删除" in problems[0].message


def test_it_accepts_a_purge_that_was_recorded_but_whose_deletion_failed(aged):
    # The checkpoint is written before the rows go; if the deletion rolls back, the chain still starts at genesis.
    checkpoints.append(checkpoints.PURGE, 4, AuditEntry.objects.get(seq=4).prev_hash, "purge")
    assert verify() == (5, [])


def test_it_refuses_a_purge_line_with_the_wrong_previous_hash(aged):
    checkpoints.append(checkpoints.PURGE, 4, "f" * 64, "purge")
    raw("DELETE FROM audit_auditentry WHERE seq < 4")
    problems = verify()[1]
    assert [(p.seq, p.kind) for p in problems] == [(4, "inserted")]

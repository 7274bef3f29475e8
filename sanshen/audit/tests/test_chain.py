import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from sanshen.audit.log import record, verify
from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.review.models import Status
from sanshen.test import draft

from .helpers import raw


def _three(county):
    for i in range(3):
        record("test.event", actor=county.first, n=i)


def test_it_verifies_an_intact_chain(county, capsys):
    _three(county)
    count, problems = verify()
    assert count == AuditEntry.objects.count() and problems == []
    call_command("audit", "verify")
    assert "审计日志完好" in capsys.readouterr().out


def test_it_reports_an_edited_entry(county):
    _three(county)
    target = AuditEntry.objects.filter(action="test.event").order_by("seq")[1]
    raw("UPDATE audit_auditentry SET actor_name = %s WHERE id = %s", ["某人", target.pk])
    _, problems = verify()
    assert [(p.seq, p.kind) for p in problems] == [(target.seq, "edited")]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_it_reports_a_deleted_entry(county):
    _three(county)
    target = AuditEntry.objects.filter(action="test.event").order_by("seq")[1]
    raw("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
    _, problems = verify()
    assert [p.kind for p in problems] == ["missing"]


def test_it_reports_a_deleted_tail(county):
    _three(county)
    last = AuditEntry.objects.order_by("-seq").first()
    raw("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    _, problems = verify()
    assert [p.kind for p in problems] == ["tail"]


def test_it_reports_an_inserted_entry(county):
    _three(county)
    second = AuditEntry.objects.filter(action="test.event").order_by("seq")[1]
    # A forger shifts the later entries and slips one in, copying a real entry's hash.
    raw("UPDATE audit_auditentry SET seq = seq + 1000 WHERE seq >= %s", [second.seq])
    raw("UPDATE audit_auditentry SET seq = seq - 999 WHERE seq >= %s", [second.seq + 1000])
    raw(
        "INSERT INTO audit_auditentry (seq, created, actor_name, action, object_type, object_id, outcome, detail, prev_hash, hash)"
        " SELECT %s, created, '伪造', 'review.publish', '', '', 'ok', detail, prev_hash, hash FROM audit_auditentry WHERE seq = %s",
        [second.seq, second.seq + 1],
    )
    _, problems = verify()
    assert problems and {p.kind for p in problems} <= {"edited", "inserted"}
    assert any(p.seq == second.seq for p in problems)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL")
def test_it_refuses_updates_and_deletes_on_postgresql(county):
    _three(county)
    entry = AuditEntry.objects.first()
    with pytest.raises(Exception) as exc, transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor_name="x")
    assert "append-only" in str(exc.value)
    with pytest.raises(Exception), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_it_rolls_back_the_action_when_the_audit_row_cannot_be_written(county, monkeypatch):
    s = draft(county)
    from sanshen.audit import log

    def broken(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(log.AuditEntry, "save", broken)
    with pytest.raises(RuntimeError):
        workflow.perform(s, county.drafter, "submit")
    s.refresh_from_db()
    assert s.status == Status.DRAFT
    assert s.decisions.count() == 0

"""检查点 are written outside the database: daily (huey), on every backup, and by `sanshen audit checkpoint`; the
file is only ever appended to."""

import json
import stat

import pytest
from django.core.management import call_command

from sanshen.audit import checkpoints
from sanshen.audit.log import checkpoint, verify
from sanshen.audit.models import AuditEntry
from sanshen.audit.tasks import daily_checkpoint
from sanshen.ops.backup import check_backup, make_backup

from .helpers import entries


def test_the_command_writes_the_chain_head(db, capsys):
    entries(3)
    call_command("audit", "checkpoint")
    last = AuditEntry.objects.get(seq=3)
    assert f"已写入检查点：第 3 条，哈希 {last.hash}" in capsys.readouterr().out
    (mark,) = checkpoints.read()[0]
    assert (mark.kind, mark.seq, mark.hash, mark.reason_label) == ("head", 3, last.hash, "手动")


def test_the_command_writes_nothing_for_an_empty_chain(db, capsys):
    call_command("audit", "checkpoint")
    assert "审计日志为空，未写检查点" in capsys.readouterr().out
    assert not checkpoints.path().exists()


def test_the_daily_task_writes_a_checkpoint(db):
    entries(2)
    assert daily_checkpoint.call_local() == 2
    assert [(m.seq, m.reason) for m in checkpoints.read()[0]] == [(2, "daily")]


def test_the_file_is_only_appended_to_and_readable_by_its_owner_only(db):
    entries(1)
    checkpoint("daily")
    first = checkpoints.path().read_bytes()
    entries(1)
    checkpoint("daily")
    after = checkpoints.path().read_bytes()
    assert after.startswith(first) and after.count(b"\n") == 2
    assert stat.S_IMODE(checkpoints.path().stat().st_mode) == 0o600
    assert stat.S_IMODE(checkpoints.path().parent.stat().st_mode) == 0o700
    line = json.loads(after.splitlines()[1])
    assert sorted(line) == ["hash", "kind", "mac", "reason", "seq", "time"] and line["seq"] == 2


@pytest.mark.parametrize("kind, seq, hash", [("head", 0, "a" * 64), ("other", 1, "a" * 64), ("head", 1, "short")])
def test_it_refuses_a_malformed_checkpoint(db, kind, seq, hash):
    with pytest.raises(ValueError):
        checkpoints.append(kind, seq, hash, "manual")
    assert not checkpoints.path().exists()


@pytest.mark.django_db(transaction=True)
def test_every_backup_writes_a_checkpoint_and_its_drill_checks_against_it(tmp_path):
    entries(3)
    backup = make_backup(tmp_path / "backups")
    (mark,) = checkpoints.read()[0]
    assert (mark.seq, mark.hash, mark.reason) == (3, AuditEntry.objects.get(seq=3).hash, "backup")
    # The chain goes on after the backup and is checkpointed again: the older copy still passes its drill.
    entries(2)
    checkpoint("daily")
    assert check_backup(backup.path).problems == []
    assert verify() == (5, [])

"""`sanshen audit verify` against a database administrator who rewrites the audit table (issue 7, point 4).

Each attack is reported with the first sequence number that is wrong, and the command exits non-zero; "完好" only
when the chain from genesis agrees with every checkpoint. Runs on SQLite and on PostgreSQL (as the table owner,
past the append-only trigger).
"""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from sanshen.audit import checkpoints
from sanshen.audit.log import checkpoint, verify
from .helpers import empty_head, entries, move_head, raw, resign


def _found(problems) -> list[tuple[int, str]]:
    return [(p.seq, p.kind) for p in problems]


def _command_fails(capsys) -> str:
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    return capsys.readouterr().out + str(exc.value)


def test_it_calls_a_chain_that_matches_every_checkpoint_intact(db, capsys):
    assert [e.seq for e in entries(3)] == [1, 2, 3]
    checkpoint("daily")
    entries(2)
    checkpoint("backup")
    assert verify() == (5, [])
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "审计日志完好：核对 5 条，与 2 个检查点一致，最近的检查点写于" in out and "注意" not in out


@pytest.mark.parametrize("checkpointed", [False, True])
def test_it_warns_when_no_recent_checkpoint_vouches_for_the_tail(db, capsys, checkpointed):
    entries(2)
    if checkpointed:
        with time_machine.travel(timezone.now() - timedelta(hours=37)):
            checkpoint("daily")
    call_command("audit", "verify")  # still 完好: a new install has no checkpoint yet
    out = capsys.readouterr().out
    assert "审计日志完好" in out
    assert ("最近的检查点已超过 36 小时" if checkpointed else "注意：没有检查点") in out


# (a) The last entries are deleted and the chain head moved back: only a checkpoint outside the database knows.


def test_it_reports_deleted_last_entries_behind_a_moved_head(db, capsys):
    entries(6)
    checkpoint("daily")
    raw("DELETE FROM audit_auditentry WHERE seq >= %s", [4])
    move_head(3)
    count, problems = verify()
    assert count == 3
    assert _found(problems) == [(4, "truncated")]
    assert "链尾被截断" in problems[0].message and "记到第 6 条，库中只到第 3 条" in problems[0].message
    out = _command_fails(capsys)
    assert "[truncated]" in out and "最早出错的是第 4 条" in out


def test_it_reports_the_tail_without_a_checkpoint_when_the_head_was_left_alone(db):
    entries(4)
    raw("DELETE FROM audit_auditentry WHERE seq = %s", [4])
    assert _found(verify()[1]) == [(4, "tail")]


def test_it_reports_a_tail_replaced_by_new_entries_after_a_checkpoint(db):
    entries(5)
    checkpoint("daily")
    raw("DELETE FROM audit_auditentry WHERE seq >= %s", [4])
    move_head(3)
    entries(3)  # the application carries on and fills seq 4-6 again
    assert _found(verify()[1]) == [(1, "resigned")]


# (b) The first entry, or entries 1-100, are deleted: the chain must start at genesis unless a purge says otherwise.


@pytest.mark.parametrize("deleted, count", [((1, 1), 104), ((1, 100), 5), ((1, 3), 102)])
def test_it_reports_a_deleted_chain_start(db, capsys, deleted, count):
    entries(105)
    checkpoint("daily")
    raw("DELETE FROM audit_auditentry WHERE seq BETWEEN %s AND %s", list(deleted))
    n, problems = verify()
    assert n == count
    assert _found(problems) == [(1, "start")]
    assert f"第 1–{deleted[1]} 条记录被删除" in problems[0].message
    assert "最早出错的是第 1 条" in _command_fails(capsys)


def test_it_reports_a_deleted_chain_start_with_no_checkpoint_at_all(db):
    entries(3)
    raw("DELETE FROM audit_auditentry WHERE seq = 1")
    assert _found(verify()[1]) == [(1, "start")]


def test_it_reports_an_emptied_table(db):
    entries(3)
    checkpoint("daily")
    raw("DELETE FROM audit_auditentry")
    empty_head()
    count, problems = verify()
    assert (count, _found(problems)) == (0, [(1, "truncated")])


# (c) An entry is edited and the rest re-signed.


def test_it_reports_an_edit_re_signed_with_the_key_kept_beside_the_database(db, settings, capsys):
    entries(6)
    checkpoint("daily")
    raw("UPDATE audit_auditentry SET actor_name = %s WHERE seq = 3", ["某人"])
    # The old design's key: derived from SECRET_KEY, which lives in var/ next to the SQLite file.
    resign(settings, 3, settings.SECRET_KEY)
    problems = verify()[1]
    assert _found(problems) == [(3, "edited"), (3, "resigned")]
    assert problems[0].message == "第 3–6 条记录内容与签名不符（被改动，或用别的密钥重新签名）"
    assert "第 6 条的哈希与" in problems[1].message
    assert "最早出错的是第 3 条" in _command_fails(capsys)


def test_it_reports_an_edit_re_signed_with_the_chain_key_itself_at_the_next_checkpoint(db, settings, capsys):
    entries(2)
    checkpoint("daily")  # vouches for 1-2
    entries(4)
    checkpoint("daily")  # vouches for 3-6
    raw("UPDATE audit_auditentry SET actor_name = %s WHERE seq = 4", ["某人"])
    # Worst case: the chain key was stolen too. Only the checkpoints outside the database tell.
    resign(settings, 4, settings.SANSHEN_AUDIT_KEY)
    problems = verify()[1]
    assert _found(problems) == [(3, "resigned")]
    assert "第 3–6 条之间的记录被改动后重新签名" in problems[0].message
    assert "最早出错的是第 3 条" in _command_fails(capsys)


def test_it_reports_an_inserted_entry_re_signed_with_the_chain_key(db, settings):
    entries(5)
    checkpoint("daily")
    raw("UPDATE audit_auditentry SET seq = seq + 1000 WHERE seq >= 3")
    raw("UPDATE audit_auditentry SET seq = seq - 999 WHERE seq >= 1003")
    raw(
        "INSERT INTO audit_auditentry (seq, created, actor_name, action, object_type, object_id, outcome, detail, prev_hash, hash)"
        " SELECT 3, created, '伪造', 'review.publish', '', '', 'ok', detail, prev_hash, hash FROM audit_auditentry WHERE seq = 4"
    )
    resign(settings, 3, settings.SANSHEN_AUDIT_KEY)
    # Six entries now: the checkpoint at 5 no longer matches, and nothing vouched for anything before it.
    assert _found(verify()[1]) == [(1, "resigned")]


# Checkpoints themselves cannot be forged or altered without the key.


def test_it_reports_an_altered_checkpoint_line(db):
    entries(3)
    checkpoint("daily")
    path = checkpoints.path()
    line = json.loads(path.read_text())
    line["seq"] = 2
    path.write_text(json.dumps(line) + "\n")
    problems = verify()[1]
    assert _found(problems) == [(2, "checkpoint")]
    assert problems[0].message == "检查点文件第 1 行（第 2 条）签名不符（被改动或伪造）"


def test_it_reports_an_unreadable_checkpoint_line(db):
    entries(2)
    checkpoint("daily")
    with open(checkpoints.path(), "a") as f:
        f.write('{"kind": "head", "seq"\n')
    assert _found(verify()[1]) == [(0, "checkpoint")]


def test_it_ignores_checkpoints_written_after_a_backup_copy(db):
    entries(3)
    checkpoint("backup")
    entries(2)
    checkpoint("daily")
    raw("DELETE FROM audit_auditentry WHERE seq > 3")
    move_head(3)
    assert _found(verify(upto=3)[1]) == []
    assert _found(verify()[1]) == [(4, "truncated")]
    assert _found(verify(upto=5)[1]) == [(4, "truncated")]

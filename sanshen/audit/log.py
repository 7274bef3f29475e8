"""Writing, checkpointing, purging and verifying the audit chain.

Each entry carries an HMAC (key: keys.chain_key(), outside the data directory) over its fields and the previous
entry's hash. Checkpoints of the chain's head are written outside the database (checkpoints.py). `verify` walks the
chain from its genesis row (or from a start a signed purge checkpoint names) and holds it against every checkpoint,
so edits, insertions, deletions at either end and a chain re-signed from some row on are all reported, each with
the first sequence number that is wrong.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from . import checkpoints
from .keys import chain_key
from .models import AuditEntry, ChainHead

GENESIS = "0" * 64


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
    return hmac.new(chain_key(), payload.encode(), hashlib.sha256).hexdigest()


def record(action: str, *, actor=None, obj=None, outcome: str = "ok", ip: str | None = None, **detail) -> AuditEntry:
    """Append one entry inside the caller's transaction: if it cannot be written, the action rolls back.

    `action` needs a Chinese label in labels.ACTION_LABELS (a test fails otherwise)."""
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


# -- checkpoints and retention -----------------------------------------------------------------------------


def checkpoint(
    reason: str = "manual", *, using: str = "default", seq: int | None = None, hash: str = ""
) -> checkpoints.Checkpoint | None:
    """Write the chain's head (its last entry, or `seq`/`hash` as a backup saw them) to the checkpoint file.
    None while the chain is empty: there is nothing to vouch for yet."""
    if seq is None:
        seq, hash = AuditEntry.objects.using(using).order_by("-seq").values_list("seq", "hash").first() or (0, "")
    if not seq:
        return None
    return checkpoints.append(checkpoints.HEAD, seq, hash, reason)


@dataclass
class Purge:
    start: int  # the chain now starts at this entry
    deleted: int


class PurgeRefused(Exception):
    """The database would not let the entries go (on PostgreSQL: not run as the audit table's owner)."""


def purge(*, now: datetime | None = None) -> Purge | None:
    """清理: delete the entries older than AUDIT_RETENTION_DAYS (never fewer than 180), keeping at least the last.

    A signed "purge" checkpoint is written *before* the rows go: if the deletion then fails, the chain still starts
    at genesis and verifies; if it succeeds, `verify` accepts the new start because that line says so. Rows deleted
    any other way are reported as a missing chain start. The purge itself is an audit entry."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        ChainHead.objects.select_for_update().get_or_create(pk=1)  # nothing is appended while rows go
        first = AuditEntry.objects.order_by("seq").first()
        last = AuditEntry.objects.order_by("-seq").first()
        if first is None:
            return None
        keep = AuditEntry.objects.filter(created__gte=cutoff).order_by("seq").first() or last
        if keep.seq <= first.seq:
            return None
        checkpoints.append(checkpoints.PURGE, keep.seq, keep.prev_hash, "purge")
        table = AuditEntry._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Inside this transaction only: ALTER TABLE holds an exclusive lock until commit, so no other
                # session can delete while the append-only trigger is off.
                try:
                    cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER audit_auditentry_append_only")
                except DatabaseError as exc:
                    raise PurgeRefused("清理审计日志须以审计表所有者的数据库身份运行") from exc
            cursor.execute(f"DELETE FROM {table} WHERE seq < %s", [keep.seq])
            deleted = cursor.rowcount
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER audit_auditentry_append_only")
        record("audit.purge", start=keep.seq, deleted=deleted, before=cutoff.isoformat())
    return Purge(keep.seq, deleted)


# -- verification ------------------------------------------------------------------------------------------


@dataclass
class Problem:
    seq: int  # the first sequence number that is wrong (0: the checkpoint file itself)
    kind: str  # start / missing / inserted / edited / truncated / tail / resigned / checkpoint
    message: str


def verify(using: str = "default", *, upto: int | None = None) -> tuple[int, list[Problem]]:
    """Walk the chain in order; return the number of entries checked and every problem found, first bad sequence
    number first. `using` names the database (a restored backup is checked this way); `upto` says the copy was
    taken when the chain ended at that entry, so checkpoints written later are not expected in it."""
    marks, bad_lines = checkpoints.read()
    problems = [Problem(b.seq, "checkpoint", b.message) for b in bad_lines]
    starts: dict[int, set[str]] = {1: {GENESIS}}
    heads: dict[int, list[checkpoints.Checkpoint]] = {}
    for m in marks:
        if m.kind == checkpoints.PURGE:
            starts.setdefault(m.seq, set()).add(m.hash)
        elif upto is None or m.seq <= upto:
            heads.setdefault(m.seq, []).append(m)

    walk = _Walk(problems)
    for entry in AuditEntry.objects.using(using).order_by("seq").iterator(chunk_size=2000):
        walk.entry(entry, starts, heads.get(entry.seq, ()))
    last = walk.expected - 1 if walk.count else 0

    beyond = [m for m in marks if last < m.seq and (upto is None or m.seq <= upto)]
    if beyond:
        top = max(beyond, key=lambda m: m.seq)
        problems.append(Problem(last + 1, "truncated", f"链尾被截断：{_when(top)}的检查点记到第 {top.seq} 条，库中只到第 {last} 条"))
    elif upto is not None and last < upto:
        problems.append(Problem(last + 1, "truncated", f"链尾被截断：备份时链尾为第 {upto} 条，库中只到第 {last} 条"))
    head = ChainHead.objects.using(using).filter(pk=1).first()
    if head is not None and head.seq > last:
        problems.append(Problem(last + 1, "tail", f"链尾应为第 {head.seq} 条，实际为第 {last} 条（末尾记录被删除）"))
    elif head is not None and head.seq < last:
        problems.append(Problem(head.seq + 1, "inserted", f"链尾之后出现未经登记的第 {head.seq + 1}–{last} 条记录（插入）"))
    elif head is not None and last and head.hash != walk.prev_hash:
        problems.append(Problem(last, "tail", f"链尾登记的哈希与第 {last} 条不符（链尾被改动）"))
    problems.sort(key=lambda p: p.seq)
    return walk.count, problems


def _when(m: checkpoints.Checkpoint) -> str:
    return timezone.localtime(m.time).strftime("%Y-%m-%d %H:%M")


class _Walk:
    """The state of one pass over the entries, in sequence order."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.count = 0
        self.expected = 0  # the next sequence number; 0 before the first entry
        self.prev_hash = ""
        self.vouched = 0  # the last sequence number a checkpoint vouched for (or the chain's start - 1)
        self.flagged = 0  # the first entry found wrong since then
        self.edited: Problem | None = None  # the run of edited entries being extended, up to run_end
        self.run_end = 0

    def flag(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.flagged = self.flagged or problem.seq

    def entry(self, entry: AuditEntry, starts: dict[int, set[str]], marks) -> None:
        self.count += 1
        if not self.expected:
            self._start(entry, starts)
        elif entry.seq != self.expected:
            self.flag(Problem(self.expected, "missing", f"第 {self.expected}–{entry.seq - 1} 条记录缺失（被删除）"))
        elif entry.prev_hash != self.prev_hash:
            self.flag(Problem(entry.seq, "inserted", f"第 {entry.seq} 条记录与前一条不衔接（插入或改动）"))
        if entry_hash(entry) != entry.hash:
            self._edited(entry.seq)
        for m in marks:
            if m.hash != entry.hash:
                since = self.flagged or self.vouched + 1
                self.problems.append(Problem(since, "resigned", (
                    f"第 {entry.seq} 条的哈希与{_when(m)}的检查点不符：第 {since}–{entry.seq} 条之间的记录被改动后重新签名"
                )))  # fmt: skip
        if marks:
            self.vouched, self.flagged = entry.seq, 0
        self.prev_hash, self.expected = entry.hash, entry.seq + 1

    def _start(self, entry: AuditEntry, starts: dict[int, set[str]]) -> None:
        if entry.seq in starts:
            self.vouched = entry.seq - 1
            if entry.prev_hash not in starts[entry.seq]:
                self.flag(Problem(entry.seq, "inserted", f"链首第 {entry.seq} 条与登记的起点不衔接（插入或改动）"))
            return
        start = max(s for s in starts if s < entry.seq)
        self.vouched = start - 1
        self.flag(Problem(start, "start", f"链首缺失：第 {start}–{entry.seq - 1} 条记录被删除，且没有登记过清理检查点"))

    def _edited(self, seq: int) -> None:
        run = self.edited
        if run is not None and self.run_end == seq - 1:
            self.run_end = seq
            run.message = f"第 {run.seq}–{seq} 条记录内容与签名不符（被改动，或用别的密钥重新签名）"
            return
        self.edited = Problem(seq, "edited", f"第 {seq} 条记录内容与签名不符（被改动）")
        self.run_end = seq
        self.flag(self.edited)

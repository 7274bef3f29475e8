"""审计检查点: the chain's head written outside the database, so a database administrator cannot rewrite history
quietly.

One file, SANSHEN_AUDIT_CHECKPOINT_DIR/audit-checkpoints.jsonl, one JSON line per checkpoint, only ever opened for
appending. Each line carries an HMAC under a key derived from the chain key (kept outside the data directory), so a
line cannot be forged or altered by someone who holds only the database and var/. Two kinds:

- "head": entry `seq` had hash `hash` at `time` (written daily, on every backup, by `sanshen audit checkpoint`);
- "purge": retention removed the older entries; the chain now starts at entry `seq`, whose prev_hash is `hash`.
  `verify` accepts a chain that does not start at seq 1 only where such a line says so.

Operators print the list (审计日志 → 检查点) and may make the file append-only for root too (`chattr +a`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .keys import checkpoint_key

FILE_NAME = "audit-checkpoints.jsonl"
HEAD = "head"
PURGE = "purge"

REASONS = {
    "daily": "每日",
    "backup": "备份",
    "manual": "手动",
    "purge": "清理",
}


@dataclasses.dataclass(frozen=True)
class Checkpoint:
    """检查点: one line of the file. For "head" `hash` is entry `seq`'s hash; for "purge" it is entry `seq`'s
    prev_hash (the hash of the last entry removed)."""

    kind: str
    seq: int
    hash: str
    time: datetime
    reason: str
    line: int = 0

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


@dataclasses.dataclass(frozen=True)
class BadLine:
    """A line of the file that cannot be trusted: unreadable, or its HMAC does not match."""

    line: int
    seq: int
    message: str


def path() -> Path:
    return Path(settings.SANSHEN_AUDIT_CHECKPOINT_DIR) / FILE_NAME


def _fields(kind: str, seq: int, hash: str, time: str, reason: str) -> dict:
    return {"kind": kind, "seq": seq, "hash": hash, "time": time, "reason": reason}


def _mac(fields: dict) -> str:
    payload = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(checkpoint_key(), payload.encode(), hashlib.sha256).hexdigest()


def append(kind: str, seq: int, hash: str, reason: str) -> Checkpoint:
    """Add one signed line. The file is opened with O_APPEND and written with one write(), so concurrent writers
    (the web process, the huey consumer, a command) never interleave, and nothing already written is touched."""
    if kind not in (HEAD, PURGE) or seq < 1 or len(hash) != 64:
        raise ValueError(f"invalid checkpoint: {kind!r} seq={seq!r} hash={hash!r}")
    now = timezone.localtime().replace(microsecond=0)
    fields = _fields(kind, seq, hash, now.isoformat(), reason)
    line = json.dumps({**fields, "mac": _mac(fields)}, ensure_ascii=False, sort_keys=True) + "\n"
    folder = path().parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return Checkpoint(kind, seq, hash, now, reason)


def read() -> tuple[list[Checkpoint], list[BadLine]]:
    """Every checkpoint in file order, and every line that cannot be trusted. No file yet: nothing to check."""
    try:
        text = path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], []
    good: list[Checkpoint] = []
    bad: list[BadLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            fields = _fields(data["kind"], data["seq"], data["hash"], data["time"], data["reason"])
            mac = data["mac"]
            seq = int(fields["seq"])
            time = datetime.fromisoformat(fields["time"])
        except (ValueError, KeyError, TypeError):
            bad.append(BadLine(number, 0, f"检查点文件第 {number} 行无法读取（被改动或截断）"))
            continue
        if not isinstance(mac, str) or not hmac.compare_digest(mac, _mac(fields)):
            bad.append(BadLine(number, seq, f"检查点文件第 {number} 行（第 {seq} 条）签名不符（被改动或伪造）"))
            continue
        good.append(Checkpoint(fields["kind"], seq, fields["hash"], time, fields["reason"], number))
    return good, bad

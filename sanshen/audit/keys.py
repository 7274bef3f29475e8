"""审计密钥: the key that signs the audit chain and its checkpoints, kept outside the data directory.

It comes from SANSHEN_AUDIT_KEY, or else from the file SANSHEN_AUDIT_KEY_FILE, which is created (0600, random) on
first use. Whoever can write the database and var/ but not this key cannot re-sign an edited chain. The key is not
in any backup archive: keep a copy of it apart, or a restored database cannot be verified.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_READ: dict[Path, str] = {}


def key_material() -> str:
    """The key's text. The file is read once per process (a path given by a test is read on its own)."""
    if settings.SANSHEN_AUDIT_KEY:
        return settings.SANSHEN_AUDIT_KEY
    path = Path(settings.SANSHEN_AUDIT_KEY_FILE)
    if path not in _READ:
        try:
            text = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            text = _create(path)
        if not text:
            raise ImproperlyConfigured(f"审计密钥文件为空：{path}（删除它会让已有审计日志无法核对，请从备份处恢复）")
        _READ[path] = text
    return _READ[path]


def _create(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it a moment ago: use theirs
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    return text


def chain_key() -> bytes:
    # The same derivation as before the key file existed, so a chain signed under SANSHEN_AUDIT_KEY still verifies.
    return hashlib.sha256(("sanshen-audit:" + key_material()).encode()).digest()


def checkpoint_key() -> bytes:
    # A key of its own: a checkpoint line's HMAC can never be passed off as an entry's hash, or back.
    return hashlib.sha256(("sanshen-audit-checkpoint:" + key_material()).encode()).digest()

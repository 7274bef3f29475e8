"""数据备份与恢复演练: one archive holds the database and the uploaded files; a drill restores it elsewhere and
checks it (row counts, the audit chain, every file's checksum).

SQLite is copied with its online backup API, PostgreSQL with pg_dump inside a REPEATABLE READ transaction whose
snapshot the row counts are taken from too, so the manifest describes exactly what was dumped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from sanshen.audit.keys import key_material
from sanshen.audit.log import checkpoint
from sanshen.audit.models import AuditEntry, ChainHead

ARCHIVE_PREFIX = "sanshen-"


class BackupError(Exception):
    """A backup or a drill could not run (a tool missing, a file unreadable): the message says why, in Chinese."""


@dataclasses.dataclass
class Backup:
    path: Path
    tables: dict[str, int]
    files: int
    audit_seq: int


@dataclasses.dataclass
class Drill:
    """What restoring an archive elsewhere showed; `problems` is empty when everything matched."""

    path: Path
    tables: int
    rows: int
    files: int
    audit_entries: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def make_backup(folder: Path | None = None) -> Backup:
    """Write sanshen-YYYYMMDD-HHMMSS.tar.gz into `folder` (the setting by default) and keep the newest
    SANSHEN_BACKUP_KEEP archives there."""
    folder = Path(folder or settings.SANSHEN_BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{ARCHIVE_PREFIX}{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(dir=folder) as work:
        database, tables, head = _dump_database(Path(work))
        media = _media_files()
        manifest = {
            "created": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": database.name,
            "tables": tables,
            "audit": {"seq": head[0], "hash": head[1]},
            "files": {name: digest for name, (_, digest) in media.items()},
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=database.name)
            for name, (path, _) in media.items():
                archive.add(path, arcname=f"media/{name}")
        os.replace(partial, target)  # a half-written archive never carries the final name
    try:
        # Every backup vouches for the chain as it dumped it, outside the database (the drill checks against it).
        checkpoint("backup", seq=head[0], hash=head[1])
    except OSError as exc:
        raise BackupError(f"备份已写入 {target.name}，但审计检查点无法写入：{exc}") from exc
    _prune(folder, settings.SANSHEN_BACKUP_KEEP)
    return Backup(target, tables, len(media), head[0])


def check_backup(path: Path) -> Drill:
    """恢复演练: restore the archive into a scratch database and folder, compare it with its manifest, and run
    `sanshen audit verify` against it in a process of its own. The live database and files are not touched."""
    path = Path(path)
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        try:
            with tarfile.open(path, "r:gz") as archive:
                archive.extractall(work, filter="data")
            manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, tarfile.TarError, ValueError, KeyError) as exc:
            raise BackupError(f"备份文件无法读取：{path.name}（{exc}）") from exc
        for name, digest in manifest["files"].items():
            copy = work / "media" / name
            if not copy.is_file():
                problems.append(f"文件缺失：{name}")
            elif _sha256(copy) != digest:
                problems.append(f"文件校验值不符：{name}")
        with _restored(manifest["engine"], work / manifest["database"]) as restored:
            counts = _row_counts(restored.cursor(), list(manifest["tables"]))
            for table, expected in manifest["tables"].items():
                if counts[table] != expected:
                    problems.append(f"数据表 {table} 应有 {expected} 行，恢复后为 {counts[table]} 行")
            if _chain_head(restored.cursor(), counts)[0] != manifest["audit"]["seq"]:
                problems.append("审计日志链尾与备份清单不符")
            problems += _verify_audit(restored.url, manifest["audit"]["seq"])
    entries = counts.get(AuditEntry._meta.db_table, 0)
    return Drill(path, len(counts), sum(counts.values()), len(manifest["files"]), entries, problems)


def _verify_audit(database_url: str, upto: int) -> list[str]:
    """`sanshen audit verify` on the restored copy, with this deployment's settings, audit key and checkpoints;
    checkpoints written after the backup (beyond `upto`) are not expected in it."""
    env = {"DJANGO_SETTINGS_MODULE": "sanshen.settings", **os.environ}
    env.update(
        DATABASE_URL=database_url,
        SANSHEN_SECRET_KEY=settings.SECRET_KEY,
        SANSHEN_AUDIT_KEY=key_material(),
        SANSHEN_AUDIT_CHECKPOINT_DIR=str(settings.SANSHEN_AUDIT_CHECKPOINT_DIR),
    )
    command = [sys.executable, "-m", "django", "audit", "verify", f"--upto={upto}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode == 0:
        return []
    lines = [line for line in result.stdout.splitlines() if line.startswith("[")]
    return [f"审计日志：{line}" for line in lines] or [f"审计日志核对未能运行：{result.stderr.strip()[-300:]}"]


# -- the database ---------------------------------------------------------------------------------------


def _dump_database(work: Path) -> tuple[Path, dict[str, int], tuple[int, str]]:
    if connection.vendor == "sqlite":
        return _dump_sqlite(work)
    if connection.vendor == "postgresql":
        return _dump_postgresql(work)
    raise BackupError(f"不支持备份此类数据库：{connection.vendor}")


def _dump_sqlite(work: Path) -> tuple[Path, dict[str, int], tuple[int, str]]:
    target = work / "database.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # online and consistent, WAL included
        tables = _row_counts(copy.cursor(), _sqlite_tables(copy))
        head = _chain_head(copy.cursor(), tables)
    finally:
        copy.close()
    return target, tables, head


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [name for (name,) in rows]


def _dump_postgresql(work: Path) -> tuple[Path, dict[str, int], tuple[int, str]]:
    target = work / "database.pgdump"
    if shutil.which("pg_dump") is None:
        raise BackupError("未找到 pg_dump（请安装 postgresql-client）")
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the dump and the counts: rows written meanwhile are in neither.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], connection.settings_dict)
        tables = _row_counts(cursor, sorted(connection.introspection.table_names(cursor)))
        head = _chain_head(cursor, tables)
    return target, tables, head


def _row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _chain_head(cursor, tables: dict[str, int]) -> tuple[int, str]:
    """The audit chain's last entry (seq, hash) in the copy; (0, "") before the first migration."""
    if ChainHead._meta.db_table not in tables:
        return 0, ""
    cursor.execute(f"SELECT seq, hash FROM {ChainHead._meta.db_table} WHERE id = 1")
    return tuple(cursor.fetchone() or (0, ""))


class _restored:
    """The restored copy as a DB-API connection and a DATABASE_URL; a scratch PostgreSQL database is dropped after."""

    def __init__(self, engine: str, database: Path):
        self.engine, self.database = engine, database
        self.live = connection.settings_dict
        self.scratch = f"{self.live['NAME']}_backup_check"[:63] if engine == "postgresql" else ""
        self.db = None

    def __enter__(self) -> "_restored":
        if self.engine == "sqlite":
            self.db = sqlite3.connect(self.database)
            self.url = f"sqlite:///{self.database}"
        elif self.engine == "postgresql":
            import psycopg

            self._drop_scratch()
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.scratch}"')
            _run(["pg_restore", "--no-owner", "--no-privileges", f"--dbname={self.scratch}", str(self.database)], self.live)
            where = {"host": self.live.get("HOST") or "localhost", "port": self.live.get("PORT") or 5432}
            self.db = psycopg.connect(dbname=self.scratch, user=self.live.get("USER") or None,
                                      password=self.live.get("PASSWORD") or None, **where)  # fmt: skip
            user = quote(self.live.get("USER") or "", safe="")
            password = f":{quote(self.live['PASSWORD'], safe='')}" if self.live.get("PASSWORD") else ""
            self.url = f"postgres://{user}{password}@{where['host']}:{where['port']}/{self.scratch}"
        else:
            raise BackupError(f"不支持恢复此类数据库：{self.engine}")
        return self

    def cursor(self):
        return self.db.cursor()

    def __exit__(self, *exc) -> None:
        if self.db is not None:
            self.db.close()
        if self.scratch:
            self._drop_scratch()

    def _drop_scratch(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.scratch}"')


def _run(command: list[str], db: dict) -> None:
    """Run a PostgreSQL client tool against the database described by `db` (a Django settings dict)."""
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    args = [f"--host={db.get('HOST') or 'localhost'}", f"--port={db.get('PORT') or 5432}", f"--username={db.get('USER') or ''}"]
    if command[0] == "pg_dump":
        args.append(f"--dbname={db['NAME']}")
    result = subprocess.run(command + args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[:300]}")


# -- files ----------------------------------------------------------------------------------------------


def _media_files() -> dict[str, tuple[Path, str]]:
    """Every stored upload: its name under MEDIA_ROOT → (path, sha256)."""
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): (path, _sha256(path))
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _prune(folder: Path, keep: int) -> None:
    archives = sorted(folder.glob(f"{ARCHIVE_PREFIX}*.tar.gz"))
    for old in archives[:-keep] if keep > 0 else ():
        old.unlink()

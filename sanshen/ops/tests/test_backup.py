"""数据备份与恢复演练, on the database the suite runs on (SQLite, and PostgreSQL in CI's second pass)."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from sanshen.audit.models import AuditEntry
from sanshen.documents.tests.files import png
from sanshen.ops.backup import check_backup, make_backup
from sanshen.ops.tasks import nightly_backup
from sanshen.review import attachments
from sanshen.test import draft, make_county

# pg_dump and the SQLite backup API read committed data only: no test transaction around these tests.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def folder(tmp_path):
    """Where the archives go (MEDIA_ROOT is tmp_path / "media" in tests)."""
    return tmp_path / "backups"


@pytest.fixture
def item():
    county = make_county()
    submission = draft(county)
    attachments.add_body_image(submission, county.drafter, name="现场.png", data=png(60, 40, "green"))
    return submission


def _manifest(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as archive:
        return json.load(archive.extractfile("manifest.json"))


def _repacked(path: Path, target: Path, change) -> Path:
    """A copy of the archive with `change(name, data) -> data` applied to every member."""
    with tarfile.open(path, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def test_it_backs_up_the_database_and_the_files_and_the_drill_passes(item, folder):
    backup = make_backup(folder)
    assert backup.path.parent == folder and backup.path.name.startswith("sanshen-")
    manifest = _manifest(backup.path)
    assert manifest["tables"]["review_submission"] == 1
    assert manifest["tables"]["review_bodyimage"] == 1
    assert manifest["audit"]["seq"] == AuditEntry.objects.count() > 0
    (stored,) = [name for name in manifest["files"] if name.startswith("body-images/")]
    assert stored.endswith(".png") and backup.files == len(manifest["files"])

    drill = check_backup(backup.path)
    assert drill.problems == []
    assert (drill.tables, drill.rows, drill.files) == (
        len(manifest["tables"]), sum(manifest["tables"].values()), len(manifest["files"]),
    )
    assert drill.audit_entries == manifest["audit"]["seq"]


def test_the_drill_finds_a_changed_file_and_missing_rows(item, folder):
    backup = make_backup(folder)
    (stored,) = [name for name in _manifest(backup.path)["files"] if name.startswith("body-images/")]

    def tamper(name: str, data: bytes) -> bytes:
        if name == f"media/{stored}":
            return data + b"x"
        if name == "manifest.json":  # the restore has one submission fewer than the backup said
            manifest = json.loads(data)
            manifest["tables"]["review_submission"] = 2
            return json.dumps(manifest).encode()
        return data

    drill = check_backup(_repacked(backup.path, folder / "tampered.tar.gz", tamper))
    assert drill.problems == [f"文件校验值不符：{stored}", "数据表 review_submission 应有 2 行，恢复后为 1 行"]
    assert not drill.ok


def test_it_keeps_the_newest_archives(item, folder, settings):
    settings.SANSHEN_BACKUP_KEEP = 2
    folder.mkdir()
    for day in ("20250101", "20250102", "20250103"):
        (folder / f"sanshen-{day}-020000.tar.gz").write_bytes(b"old")
    backup = make_backup(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["sanshen-20250103-020000.tar.gz", backup.path.name]


def test_the_command_backs_up_and_drills(item, folder):
    out = io.StringIO()
    call_command("backup", "--to", str(folder), stdout=out)
    (archive,) = folder.glob("sanshen-*.tar.gz")
    assert out.getvalue().startswith(f"已备份：{archive}（")
    out = io.StringIO()
    call_command("backup", "--check", str(archive), stdout=out)
    assert out.getvalue().startswith(f"恢复演练通过：{archive.name}（")


def test_the_command_refuses_an_unreadable_archive(tmp_path):
    from django.core.management.base import CommandError

    broken = tmp_path / "sanshen-broken.tar.gz"
    broken.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="备份文件无法读取：sanshen-broken.tar.gz"):
        call_command("backup", "--check", str(broken))


def test_the_nightly_job_backs_up_checks_and_records_it(item, folder, settings):
    settings.SANSHEN_BACKUP_DIR = folder
    assert nightly_backup.call_local() is True
    (archive,) = folder.glob("sanshen-*.tar.gz")
    entry = AuditEntry.objects.filter(action="ops.backup").get()
    assert (entry.outcome, entry.detail["archive"], entry.detail["problems"]) == ("ok", archive.name, [])


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="edits the database inside the archive, which is a SQLite file only there"
)
def test_the_drill_runs_the_audit_verification_on_the_restored_copy(item, folder):
    import sqlite3
    import tempfile

    backup = make_backup(folder)

    def edit_an_audit_entry(name: str, data: bytes) -> bytes:
        if name != "database.sqlite3":
            return data
        with tempfile.TemporaryDirectory() as work:
            copy = Path(work) / name
            copy.write_bytes(data)
            db = sqlite3.connect(copy)
            db.execute("UPDATE audit_auditentry SET actor_name = '别人' WHERE seq = 1")
            db.commit()
            db.close()
            return copy.read_bytes()

    drill = check_backup(_repacked(backup.path, folder / "edited.tar.gz", edit_an_audit_entry))
    assert drill.problems == ["审计日志：[edited] 第 1 条记录内容与签名不符（被改动）"]

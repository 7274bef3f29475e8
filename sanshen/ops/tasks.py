"""The nightly backup, checked by a restore drill at once: a backup nobody restored is only a hope."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sanshen.audit.log import record

from .backup import check_backup, make_backup


@db_periodic_task(crontab(hour="2", minute="30"))
def nightly_backup() -> bool:
    backup = make_backup()
    drill = check_backup(backup.path)
    record(
        "ops.backup", outcome="ok" if drill.ok else "failed",
        archive=backup.path.name, tables=len(backup.tables), files=backup.files, problems=drill.problems[:20],
    )  # fmt: skip
    return drill.ok

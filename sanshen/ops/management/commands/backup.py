from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanshen.ops.backup import BackupError, check_backup, make_backup


class Command(BaseCommand):
    help = (
        "数据备份。`sanshen backup` 把数据库和上传文件写成一个备份包；"
        "`sanshen backup --check 备份包` 做恢复演练：恢复到临时数据库后核对行数、审计日志和文件校验值。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, help="备份目录（默认 SANSHEN_BACKUP_DIR）")
        parser.add_argument("--check", type=Path, metavar="备份包", help="对这个备份包做恢复演练")

    def handle(self, *args, **options):
        try:
            if options["check"]:
                drill = check_backup(options["check"])
            else:
                backup = make_backup(options["to"])
                self.stdout.write(
                    f"已备份：{backup.path}（{len(backup.tables)} 张数据表，{sum(backup.tables.values())} 行，"
                    f"{backup.files} 个文件，审计日志至第 {backup.audit_seq} 条）"
                )
                return
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for problem in drill.problems:
            self.stdout.write(f"[问题] {problem}")
        if not drill.ok:
            raise CommandError(f"恢复演练未通过：{drill.path.name} 有 {len(drill.problems)} 处问题。")
        self.stdout.write(
            f"恢复演练通过：{drill.path.name}（{drill.tables} 张数据表 {drill.rows} 行、{drill.files} 个文件、"
            f"审计日志 {drill.audit_entries} 条均与备份清单一致）"
        )

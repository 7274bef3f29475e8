from django.core.management.base import BaseCommand, CommandError

from sanshen.audit.log import verify


class Command(BaseCommand):
    help = "审计日志工具。`sanshen audit verify` 逐条核对哈希链，报告被改动、插入或删除的记录。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        count, problems = verify()
        for p in problems:
            self.stdout.write(f"[{p.kind}] {p.message}")
        if problems:
            raise CommandError(f"审计日志校验失败：核对 {count} 条，发现 {len(problems)} 处问题。")
        self.stdout.write(f"审计日志完好：核对 {count} 条，未发现问题。")

"""`sanshen bulletin 2026Q3 --format docx -o FILE`: the 通报 of a period, from the register."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanshen.accountability.bulletins import period_document
from sanshen.accountability.exceptions import AccountabilityError
from sanshen.accountability.periods import parse_period


class Command(BaseCommand):
    help = (
        "写出某一期的通报（.docx 或 PDF）：期间写作 2026Q3（季度）、2026M09（月份）或 2026（年度）。"
        "该期通报已印发的，写出印发存档的文件；否则按台账现状生成。"
    )

    def add_arguments(self, parser):
        parser.add_argument("period", help="2026Q3、2026M09 或 2026")
        parser.add_argument("--format", choices=("docx", "pdf"), default="docx", help="文件格式（默认 docx）")
        parser.add_argument("-o", "--output", required=True, help="写入的文件")

    def handle(self, *args, period: str, format: str, output: str, **options):
        try:
            data, issued = period_document(parse_period(period), format)
        except AccountabilityError as exc:
            raise CommandError(exc.message) from None
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入 {path}：{exc.strerror}") from None
        what = f"已印发的通报 {issued.number}" if issued else "按台账现状生成的通报"
        self.stdout.write(f"已写出{what}：{path}（{len(data):,} 字节）")

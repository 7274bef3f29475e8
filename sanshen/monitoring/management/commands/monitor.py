"""sanshen monitor URL [URL…] --once: crawl from the start pages and print every finding; exit 1 when any, as linters do."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from sanshen.monitoring.crawler import Limits
from sanshen.monitoring.inspect import kind_label
from sanshen.monitoring.runs import check_urls


class Command(BaseCommand):
    help = (
        "监测网站：从给出的网址开始抓取同一网站的页面（遵守 robots.txt，限速，15 秒超时），检查失效链接、暗链、外链变质、"
        "错敏字、篡改和更新情况，输出全部问题。发现问题时退出码为 1，没有问题为 0。定期监测由后台任务（huey）运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+", metavar="URL", help="起始网址（http/https）")
        parser.add_argument("--once", action="store_true", help="抓取一次后退出（目前唯一的运行方式）")
        parser.add_argument("--format", choices=("json", "text"), default="text", help="输出格式")
        parser.add_argument("--max-pages", type=int, default=200, help="最多抓取的本站页数（默认 200）")
        parser.add_argument("--max-external", type=int, default=100, help="最多检查的外部链接数（默认 100）")
        parser.add_argument("--delay", type=float, default=1.0, help="同一网站两次请求的最短间隔秒数（默认 1）")
        parser.add_argument("--timeout", type=float, default=15.0, help="每个请求的超时秒数（默认 15）")

    def handle(self, *args, **options):
        if not options["once"]:
            raise CommandError("请加 --once：本命令抓取一次后退出，定期监测由后台任务（huey）按计划运行。", returncode=2)
        if options["max_pages"] < 1:
            raise CommandError("--max-pages 至少为 1", returncode=2)
        if options["delay"] < 0 or options["timeout"] <= 0 or options["max_external"] < 0:
            raise CommandError("--delay 不能为负数，--timeout 必须大于 0，--max-external 不能为负数", returncode=2)
        limits = Limits(
            max_pages=options["max_pages"],
            max_external=options["max_external"],
            delay=options["delay"],
            timeout=options["timeout"],
        )
        try:
            findings, notes = check_urls(options["urls"], limits)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
        else:
            for f in findings:
                where = f.url + (f" → {f.target}" if f.target else "")
                self.stdout.write(f"{where}\n  [{kind_label(f.kind)}·{f.severity}] {f.message}\n  证据：{f.text}")
            self.stdout.write(f"共发现 {len(findings)} 个问题。")
        for note in notes:
            self.stderr.write(note)
        if findings:
            sys.exit(1)

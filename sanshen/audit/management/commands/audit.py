from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanshen.audit import checkpoints
from sanshen.audit.log import PurgeRefused, checkpoint, purge, verify

STALE = timedelta(hours=36)


class Command(BaseCommand):
    help = (
        "审计日志工具。`sanshen audit verify` 从链首逐条核对哈希链并与每个检查点比对，报告被改动、插入、删除（含首尾）"
        "或重新签名的记录，有问题时以非零状态退出；`sanshen audit checkpoint` 把当前链尾写入检查点文件（每日和每次备份"
        "也会自动写）；`sanshen audit purge` 删除超过保存期限（AUDIT_RETENTION_DAYS）的记录并登记清理检查点。"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint", "purge"])
        parser.add_argument("--upto", type=int, help="verify：核对的是备份副本，备份时链尾为该序号")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "checkpoint":
            mark = checkpoint("manual")
            if mark is None:
                self.stdout.write("审计日志为空，未写检查点。")
            else:
                self.stdout.write(f"已写入检查点：第 {mark.seq} 条，哈希 {mark.hash}，文件 {checkpoints.path()}")
            return
        if action == "purge":
            try:
                done = purge()
            except PurgeRefused as exc:
                raise CommandError(str(exc)) from exc
            if done is None:
                self.stdout.write("没有超过保存期限的审计记录。")
            else:
                self.stdout.write(f"已清理 {done.deleted} 条审计记录，链首现为第 {done.start} 条（已登记清理检查点）。")
            return
        count, problems = verify(upto=options["upto"])
        for p in problems:
            self.stdout.write(f"[{p.kind}] {p.message}")
        marks, _ = checkpoints.read()
        if problems:
            first = next((f"，最早出错的是第 {p.seq} 条" for p in problems if p.seq), "")
            raise CommandError(f"审计日志校验失败：核对 {count} 条，{len(marks)} 个检查点，发现 {len(problems)} 处问题{first}。")
        latest = max(marks, key=lambda m: m.time, default=None)
        since = f"，最近的检查点写于 {timezone.localtime(latest.time):%Y-%m-%d %H:%M}" if latest else "，尚无检查点"
        self.stdout.write(f"审计日志完好：核对 {count} 条，与 {len(marks)} 个检查点一致{since}。")
        # Not a failure (a new install has none yet), but a checkpoint file gone or stale hides a deleted tail.
        if count and (latest is None or timezone.now() - latest.time > STALE):
            self.stdout.write(
                f"注意：{'没有检查点' if latest is None else '最近的检查点已超过 36 小时'}，删除链尾的记录无从发现。"
                f"请确认每日任务（huey）在运行、检查点目录 {checkpoints.path().parent} 未被清空，或执行 sanshen audit checkpoint。"
            )

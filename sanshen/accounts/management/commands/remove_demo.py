from django.core.management.base import BaseCommand, CommandError

from sanshen.demo import DemoRemovalRefused, remove_demo


class Command(BaseCommand):
    help = (
        "删除演示县（锦屏县演示数据）：演示单位、演示人员、其稿件与文件。投入使用前运行；`sanshen check --deploy` "
        "在演示数据删净之前报错。审计日志不删，并记录这次删除。不带 --yes 时只列出将删除的内容。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="确认删除")

    def handle(self, *args, **options):
        try:
            removal = remove_demo(dry_run=not options["yes"])
        except DemoRemovalRefused as exc:
            raise CommandError(exc.message) from exc
        if not removal.units and not removal.people:
            self.stdout.write("没有演示数据。")
            return
        summary = f"演示单位 {removal.units} 个、演示人员 {removal.people} 人、稿件 {removal.items} 篇、文件 {removal.files} 个"
        if not options["yes"]:
            self.stdout.write(f"将删除：{summary}。")
            for label, count in removal.rows.items():
                self.stdout.write(f"  {label}：{count}")
            self.stdout.write("确认无误后加 --yes 执行。审计日志不会删除。")
            return
        self.stdout.write(f"已删除{summary}；审计日志保留，并已记录这次删除。")

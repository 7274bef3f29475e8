from django.core.management.base import BaseCommand

from sanshen.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "载入演示县（锦屏县）：乡镇、部门、各角色人员、栏目、新媒体账号和几条示例稿件。已载入则只打印登录账号。"

    def add_arguments(self, parser):
        parser.add_argument("--no-items", action="store_true", help="不创建示例稿件")

    def handle(self, *args, **options):
        result = load_demo(with_items=not options["no_items"])
        self.stdout.write("已载入演示县：锦屏县。" if result.created else "演示县已存在，未重复载入。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, name, what in result.logins:
            self.stdout.write(f"  {username:<20} {name:<6} {what}")

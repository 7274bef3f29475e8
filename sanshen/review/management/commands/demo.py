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
        # 谁发布新媒体: each account's operators (or, where it has none, its unit's 复审), as workflow.publishers decides.
        from sanshen.accounts.models import MediaAccount, RoleName, User

        self.stdout.write("政务新媒体由谁发布（网站稿件由县信息中心审核员 xxzx.reviewer 发布）：")
        for account in MediaAccount.objects.filter(is_active=True).select_related("unit").prefetch_related("operators"):
            people = list(account.operators.all()) or list(
                User.objects.filter(roles__role=RoleName.SECOND_REVIEWER, roles__unit=account.unit)
            )
            names = "、".join(f"{u.username}（{u.display_name}）" for u in people) or "（无）"
            self.stdout.write(f"  {account}  {account.unit.short_name or account.unit.name}：{names}")

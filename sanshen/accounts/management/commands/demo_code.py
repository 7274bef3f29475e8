from django.core.management.base import BaseCommand, CommandError

from sanshen.accounts.models import User
from sanshen.demo import demo_code, demo_secret


class Command(BaseCommand):
    help = (
        "打印演示账号当前的验证码（演示县的验证器密钥是公开的，只对演示账号有效）。没有验证器 App 时用它登录演示县中"
        "须双因素认证的账号；每个验证码 30 秒内有效，同一账号不能重复使用。"
    )

    def handle(self, *args, **options):
        if not User.objects.filter(is_demo=True).exists():
            raise CommandError("没有演示账号（演示县未载入或已删除）")
        self.stdout.write(demo_code())
        self.stderr.write(f"演示验证器密钥：{demo_secret()}")

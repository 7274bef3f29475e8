from django.core.management.base import BaseCommand, CommandError

from sanshen.api.auth import issue_token


class Command(BaseCommand):
    help = (
        "为某人签发 API 令牌：`sanshen issue_token 用户名 用途`。令牌只显示这一次，库中只存其哈希；"
        "签发记入审计日志。对接其他系统或脚本调用 /api/ 时运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="令牌用途，如“县融媒体中心对接”")

    def handle(self, *args, **options):
        try:
            token, key = issue_token(options["username"], options["name"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(key)
        self.stderr.write(f"已为 {token.user.username} 签发令牌 #{token.pk}（{token.name}）；请妥善保存，此后无法再次查看。")

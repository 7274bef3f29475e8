from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sanshen.accounts.models import ADMINISTRATOR_ROLES, RoleName, Unit
from sanshen.accounts.roles import RoleError, install_administrator


class Command(BaseCommand):
    help = (
        "安装后设立首位系统管理员、安全管理员或审计管理员：`sanshen create_administrator 用户名 姓名 --role "
        "security_admin --unit xxzx`。一次性密码只显示这一次，本人首次登录须修改。每种角色只能这样设立一人，"
        "其后由安全管理员在系统管理（/manage/）中授予。单位代码不存在时按县信息中心新建（--unit-name 为其名称）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("full_name")
        parser.add_argument("--role", required=True, choices=sorted(ADMINISTRATOR_ROLES))
        parser.add_argument("--unit", required=True, help="单位代码，如 xxzx")
        parser.add_argument("--unit-name", default="", help="新建单位时的名称，如“县信息中心”")

    def handle(self, *args, **options):
        with transaction.atomic():  # a refusal leaves no new unit behind
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                name = options["unit_name"] or options["unit"]
                unit = Unit.objects.create(
                    name=name, short_name=name, code=options["unit"], kind=Unit.Kind.INFORMATION_CENTRE
                )
            try:
                person, password = install_administrator(options["username"], options["full_name"], unit, options["role"])
            except RoleError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(password)
        self.stderr.write(
            f"已设立{RoleName(options['role']).label} {person.username}（{person.full_name}，{unit}）；"
            "以上为一次性密码，请当面交给本人，首次登录须修改。"
        )

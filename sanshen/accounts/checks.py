"""Deployment mistakes that only show at run time, as system checks with stable ids.

The demo checks run with `sanshen check --deploy`: a database that still holds the demo county (its accounts, their
public password, its seals) must not go into service. `sanshen remove_demo` removes it.
"""

from django.conf import settings
from django.core.checks import Error, Warning, register

from .models import DEFAULT_ACCOUNT_NAMES

REMOVE_DEMO_HINT = "运行 sanshen remove_demo 删除演示县（单位、人员、稿件、文件；审计日志保留并记录这次删除）"
EXAMPLES = 5


def _examples(names) -> str:
    names = list(names)
    shown = "、".join(names[:EXAMPLES])
    return shown + (f" 等 {len(names)} 个" if len(names) > EXAMPLES else "")


@register("security", deploy=True)
def check_default_accounts(app_configs, **kwargs):
    from django.db import DatabaseError

    from .models import User

    try:
        names = list(
            User.objects.filter(username__in=DEFAULT_ACCOUNT_NAMES, is_active=True).values_list("username", flat=True)
        )
    except DatabaseError:
        return []
    return [
        Error(f"存在默认或共用账号 {name!r}", hint="等保要求个人账号，删除或停用该账号", id="sanshen.E001")
        for name in names
    ]


@register("security")
def check_admin_path(app_configs, **kwargs):
    if settings.SANSHEN_ADMIN_PATH.strip("/") == "admin":
        return [Warning("管理后台路径为 /admin/，易被扫描", hint="设置 SANSHEN_ADMIN_PATH", id="sanshen.W001")]
    return []


@register("security", deploy=True)
def check_demo_data(app_configs, **kwargs):
    """sanshen.accounts.E010–E013: demo accounts, the demo password, demo seals, demo units."""
    from django.db import DatabaseError

    from .models import Unit, User

    try:
        demo_people = list(User.objects.filter(is_demo=True).order_by("id").values_list("username", flat=True))
        demo_password = _accounts_with_demo_password()
        seals = list(Unit.objects.filter(is_demo=True).exclude(seal="").order_by("id").values_list("name", flat=True))
        units = list(Unit.objects.filter(is_demo=True).order_by("id").values_list("name", flat=True))
    except DatabaseError:
        return []
    problems = []
    if demo_people:
        problems.append(
            Error(f"存在演示账号：{_examples(demo_people)}", hint=REMOVE_DEMO_HINT, id="sanshen.accounts.E010")
        )
    if demo_password:
        problems.append(
            Error(
                f"这些账号仍在使用演示县的公开密码：{_examples(demo_password)}",
                hint="演示密码印在 README 里，人人知道：删除演示县，或由系统管理员为这些账号重置一次性密码",
                id="sanshen.accounts.E011",
            )
        )
    if seals:
        problems.append(
            Error(
                f"存在演示公章：{_examples(seals)}",
                hint=REMOVE_DEMO_HINT + "；正式单位的公章在系统管理中上传本单位的公章图片",
                id="sanshen.accounts.E012",
            )
        )
    if units:
        problems.append(Error(f"存在演示单位：{_examples(units)}", hint=REMOVE_DEMO_HINT, id="sanshen.accounts.E013"))
    return problems


def _accounts_with_demo_password() -> list[str]:
    """Active accounts whose password is the demo password. Checking a hash costs a password hashing, so each distinct
    hash is checked once, and only those that could hold it: a hash shared by several accounts (set once and copied,
    as the demo and bulk imports do) or a demo account's. A password a person chooses cannot be the demo password
    (passwords.DemoPasswordValidator)."""
    from collections import defaultdict

    from django.contrib.auth.hashers import check_password

    from .passwords import DEMO_PASSWORD

    from .models import User

    by_hash = defaultdict(list)
    demo_hashes = set()
    for username, password, is_demo in (
        User.objects.filter(is_active=True).order_by("id").values_list("username", "password", "is_demo")
    ):
        by_hash[password].append(username)
        if is_demo:
            demo_hashes.add(password)
    found = []
    for password, names in by_hash.items():
        if (len(names) > 1 or password in demo_hashes) and check_password(DEMO_PASSWORD, password):
            found.extend(names)
    return found


@register("security", deploy=True)
def check_second_factor(app_configs, **kwargs):
    """sanshen.accounts.W010: the level-3 second factor is off."""
    if not settings.SANSHEN_REQUIRE_2FA:
        return [
            Warning(
                "双因素认证未开启（SANSHEN_REQUIRE_2FA=false）",
                hint="等保三级要求管理员和审核岗位使用双因素认证；二级系统可以忽略此项",
                id="sanshen.accounts.W010",
            )
        ]
    return []

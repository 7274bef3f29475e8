"""Deployment mistakes that only show at run time, as system checks with stable ids."""

from django.conf import settings
from django.core.checks import Error, Warning, register

DEFAULT_ACCOUNT_NAMES = {"admin", "root", "test", "administrator", "guest", "user"}


@register("security", deploy=True)
def check_default_accounts(app_configs, **kwargs):
    from django.db import DatabaseError

    from .models import User

    try:
        names = list(User.objects.filter(username__in=DEFAULT_ACCOUNT_NAMES, is_active=True).values_list("username", flat=True))
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

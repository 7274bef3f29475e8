"""`sanshen create_administrator`: the first holder of each administrator role, set up on the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from sanshen.accounts.models import Role, RoleName, Unit, User
from sanshen.audit.models import AuditEntry


def _create(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_administrator", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_it_sets_up_the_first_security_administrator_on_a_fresh_install(db):
    password, said = _create("yang.xiuying", "杨秀英", "--role", "security_admin", "--unit", "xxzx", "--unit-name", "县信息中心")
    person = User.objects.get(username="yang.xiuying")
    assert person.check_password(password) and person.must_change_password and person.is_staff
    assert person.unit == Unit.objects.get(code="xxzx", kind=Unit.Kind.INFORMATION_CENTRE, name="县信息中心")
    role = Role.objects.get(user=person)
    assert (role.role, role.approved_by) == (RoleName.SECURITY_ADMIN, None)
    assert "已设立安全管理员 yang.xiuying" in said
    entry = AuditEntry.objects.get(action="accounts.role_approved")
    assert (entry.actor_id, entry.detail["comment"]) == (None, "安装时在命令行设立")


@pytest.mark.parametrize(
    "username, role, message",
    [
        ("li.hua", "security_admin", "已有安全管理员（杨秀英）：请由安全管理员在系统管理中授予"),
        ("admin", "admin", "不能使用默认或共用账号名 'admin'：请用个人账号"),
        ("yang.xiuying", "auditor", "用户名 yang.xiuying 已存在"),
    ],
)
def test_it_refuses_and_leaves_nothing_behind(db, username, role, message):
    _create("yang.xiuying", "杨秀英", "--role", "security_admin", "--unit", "xxzx")
    with pytest.raises(CommandError) as exc:
        _create(username, "李华", "--role", role, "--unit", "bmj")
    assert str(exc.value) == message
    assert User.objects.count() == 1 and not Unit.objects.filter(code="bmj").exists()


def test_an_auditor_set_up_this_way_does_not_open_manage(db):
    _create("li.hua", "李华", "--role", "auditor", "--unit", "xxzx")
    person = User.objects.get(username="li.hua")
    assert person.has_role(RoleName.AUDITOR) and not person.is_staff

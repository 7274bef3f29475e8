"""The demo county cannot go into service (issue 9): it is marked, `sanshen check --deploy` fails while any of it is
left, and `sanshen remove_demo` takes it away whole while the audit log stays and records the removal."""

import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanshen.accounts import checks, second_factor
from sanshen.accounts.models import Role, RoleName, RoleRequest, Unit, User
from sanshen.accounts.roles import InvalidRequest, install_administrator
from sanshen.audit.log import verify
from sanshen.audit.models import AuditEntry
from sanshen.demo import DEMO_PASSWORD, DemoRemovalRefused, demo_code, load_demo, remove_demo
from sanshen.review.models import Revision, Submission
from sanshen.test import make_person, make_unit

DEMO_CHECKS = ["sanshen.accounts.E010", "sanshen.accounts.E011", "sanshen.accounts.E012", "sanshen.accounts.E013"]


@pytest.fixture
def demo(db):
    return load_demo(with_items=False)


def _demo_check_ids():
    return [problem.id for problem in checks.check_demo_data(None)]


def _deploy_check():
    call_command(
        "check", "--deploy", "--tag", "security", "--fail-level", "ERROR", stdout=io.StringIO(), stderr=io.StringIO()
    )


def test_the_demo_marks_everything_it_creates(demo):
    assert User.objects.count() == User.objects.filter(is_demo=True).count() >= 150
    assert Unit.objects.count() == Unit.objects.filter(is_demo=True).count() == 34
    assert User.objects.filter(must_change_password=False).count() == User.objects.count()
    assert User.objects.get(username="sanjiang.drafter").check_password(DEMO_PASSWORD)


def test_the_demo_people_who_need_a_code_share_a_printed_authenticator(demo):
    asked = {u.username for u in User.objects.all() if u.role_names() & second_factor.REQUIRED_ROLES}
    enrolled = set(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True))
    assert enrolled == asked
    assert {
        "xxzx.sysadmin",
        "xxzx.security",
        "xxzx.auditor",
        "xxzx.reviewer",
        "xld.leader",
        "bmj.officer",
        "wxb.officer",
    } <= asked
    device = TOTPDevice.objects.get(user__username="xxzx.sysadmin")
    assert device.verify_token(demo_code())
    lines = [what for username, _, what in demo.logins if username == "验证码"]
    assert lines and "DRR2 ZRLI X64W WQYF LZ6Y 532Q YYSN MK5X" in lines[0] and "sanshen demo_code" in lines[0]
    assert dict((u, w) for u, _, w in demo.logins)["xxzx.sysadmin"].endswith("须验证码")
    assert not dict((u, w) for u, _, w in demo.logins)["sanjiang.drafter"].endswith("须验证码")


def test_the_deploy_check_fails_while_demo_data_is_left(demo):
    assert _demo_check_ids() == DEMO_CHECKS
    problems = {p.id: p for p in checks.check_demo_data(None)}
    assert problems["sanshen.accounts.E010"].msg.startswith("存在演示账号：")
    assert "sanshen remove_demo" in problems["sanshen.accounts.E010"].hint
    assert "演示密码" in problems["sanshen.accounts.E011"].hint
    assert problems["sanshen.accounts.E012"].msg.startswith("存在演示公章：")
    with pytest.raises(SystemCheckError) as exc:
        _deploy_check()
    assert all(code in str(exc.value) for code in DEMO_CHECKS)


@pytest.mark.parametrize(
    "what, check",
    [
        ("account", "sanshen.accounts.E010"),
        ("password", "sanshen.accounts.E011"),
        ("seal", "sanshen.accounts.E012"),
        ("unit", "sanshen.accounts.E013"),
    ],
)
def test_each_kind_of_demo_data_fails_the_check_on_its_own(county, what, check):
    assert _demo_check_ids() == []
    if what == "account":
        User.objects.filter(pk=county.drafter.pk).update(is_demo=True)
    elif what == "password":
        # Set for two accounts at once, as a bulk import or the demo does (one hash, copied).
        county.drafter.set_password(DEMO_PASSWORD)
        county.drafter.save()
        User.objects.filter(pk=county.first.pk).update(password=county.drafter.password)
    elif what == "seal":
        Unit.objects.filter(pk=county.unit_a.pk).update(is_demo=True)
    else:
        Unit.objects.filter(pk=county.county_reviewer.unit_id).update(is_demo=True)
    ids = _demo_check_ids()
    assert check in ids
    if what != "seal":
        assert ids == [check]


def test_nobody_can_choose_the_demo_password(county):
    for password in (DEMO_PASSWORD, DEMO_PASSWORD.upper(), f" {DEMO_PASSWORD} "):
        with pytest.raises(ValidationError) as exc:
            validate_password(password, county.drafter)
        assert "password_is_demo_password" in [e.code for e in exc.value.error_list]
    validate_password("Jinping@2027x", county.drafter)


def test_remove_demo_removes_the_county_and_the_check_passes(db, django_capture_on_commit_callbacks):
    load_demo(with_items=True)
    seals = [u.seal.name for u in Unit.objects.exclude(seal="")]
    assert seals and all(default_storage.exists(name) for name in seals)
    items = Submission.objects.count()
    assert items == 4
    entries_before = AuditEntry.objects.count()

    with django_capture_on_commit_callbacks(execute=True):  # the files go once the rows are gone for good
        removal = remove_demo()

    assert (removal.units, removal.items) == (34, 4)
    assert removal.people >= 150 and removal.files >= len(seals)
    assert not Unit.objects.exists() and not User.objects.exists() and not Submission.objects.exists()
    assert not Revision.objects.exists() and not TOTPDevice.objects.exists()
    assert not any(default_storage.exists(name) for name in seals)
    # The audit log is whole, the demo's own entries included, and records the removal.
    assert AuditEntry.objects.count() == entries_before + 1
    entry = AuditEntry.objects.latest("seq")
    assert entry.action == "accounts.demo_removed"
    assert (entry.detail["units"], entry.detail["people"], entry.detail["items"]) == (34, removal.people, 4)
    assert entry.detail["rows"]["稿件"] == 4
    assert AuditEntry.objects.filter(action="review.publish", actor_name__gt="").count() == 3
    assert verify()[1] == []
    assert _demo_check_ids() == []
    _deploy_check()


def test_remove_demo_leaves_real_data_alone(demo):
    unit = make_unit("县融媒体中心", "rmtzx", Unit.Kind.DEPARTMENT)
    person = make_person("rmtzx.drafter", "融媒体", unit, RoleName.DRAFTER)
    remove_demo()
    assert list(Unit.objects.all()) == [unit] and list(User.objects.all()) == [person]
    assert person.roles.count() == 1 and unit.seal and default_storage.exists(unit.seal.name)


@pytest.mark.parametrize(
    "mix, code",
    [
        ("real person in a demo unit", "real_people_in_demo_units"),
        ("real person with a role in a demo unit", "real_roles_in_demo_units"),
        ("real request filed by a demo administrator", "referenced_by_real_data"),
    ],
)
def test_remove_demo_refuses_to_take_real_data_along(demo, mix, code):
    real_unit = make_unit("县融媒体中心", "rmtzx", Unit.Kind.DEPARTMENT)
    demo_unit = Unit.objects.get(code="xxzx")
    if mix == "real person in a demo unit":
        make_person("xxzx.newadmin", "新管理员", demo_unit)
    elif mix == "real person with a role in a demo unit":
        person = make_person("rmtzx.drafter", "融媒体", real_unit)
        Role.objects.create(
            user=person, unit=Unit.objects.get(code="sanjiang"), role=RoleName.DRAFTER, approved_at=person.date_joined
        )
    else:
        person = make_person("rmtzx.drafter", "融媒体", real_unit)
        RoleRequest.objects.create(
            user=person, unit=real_unit, role=RoleName.DRAFTER, requested_by=User.objects.get(username="xxzx.sysadmin")
        )
    counts = (Unit.objects.count(), User.objects.count(), Role.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DemoRemovalRefused) as exc:
        remove_demo()
    assert exc.value.code == code
    assert (Unit.objects.count(), User.objects.count(), Role.objects.count(), AuditEntry.objects.count()) == counts


def test_the_command_lists_first_and_removes_with_yes(demo):
    out = io.StringIO()
    call_command("remove_demo", stdout=out)
    assert "将删除：演示单位 34 个" in out.getvalue() and "加 --yes 执行" in out.getvalue()
    assert User.objects.filter(is_demo=True).exists()
    out = io.StringIO()
    call_command("remove_demo", "--yes", stdout=out)
    assert out.getvalue().startswith("已删除演示单位 34 个") and "审计日志保留" in out.getvalue()
    assert not User.objects.exists()
    out = io.StringIO()
    call_command("remove_demo", "--yes", stdout=out)
    assert out.getvalue() == "没有演示数据。\n"


def test_the_command_explains_a_refusal(demo):
    make_person("xxzx.newadmin", "新管理员", Unit.objects.get(code="xxzx"))
    with pytest.raises(CommandError, match="演示单位中有正式人员：xxzx.newadmin"):
        call_command("remove_demo", "--yes", stdout=io.StringIO())


def test_demo_code_prints_the_current_code(demo):
    out = io.StringIO()
    call_command("demo_code", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip() == demo_code()
    remove_demo()
    with pytest.raises(CommandError, match="没有演示账号"):
        call_command("demo_code", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_first_administrator_cannot_be_placed_in_a_demo_unit(demo):
    with pytest.raises(InvalidRequest) as exc:
        install_administrator("wang.admin", "王管理", Unit.objects.get(code="xxzx"), RoleName.ADMIN)
    assert exc.value.code == "demo_unit"
    assert not User.objects.filter(username="wang.admin").exists()

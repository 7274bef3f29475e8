"""三权分立: who may give which role to whom, and who manages whose account.

The system administrator (系统管理员) manages accounts, units and settings and asks for content roles; the
security administrator (安全管理员) approves or rejects those requests, grants the three administrator roles and
keeps the word lists; the audit administrator (审计管理员) reads the audit log. They are three different people,
and none of them holds a content role. The admin pages call these functions; nothing else writes roles (the demo
county and the test fixtures create roles already approved).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sanshen.audit.log import record
from sanshen.errors import SanshenError

from .models import (
    ADMINISTRATOR_ROLES,
    CONTENT_ROLES,
    DEFAULT_ACCOUNT_NAMES,
    Role,
    RoleName,
    RoleRequest,
    Unit,
    User,
    role_conflict,
)
from .passwords import one_time_password

# Administrators who may open /manage/ (the audit administrator reads the audit log in the back office instead).
STAFF_ROLES = frozenset({RoleName.ADMIN, RoleName.SECURITY_ADMIN})


class RoleError(SanshenError):
    """Base of this area's errors."""


class NotAllowed(RoleError):
    """This person may not do this (whatever the state)."""


class InvalidRequest(RoleError):
    """Not possible now: the role is held already, the request was decided, the roles conflict."""


# ---------------------------------------------------------------------------------------------
# Who is who


def _holds(user, role: str) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.has_role(role))


def is_system_admin(user) -> bool:
    """系统管理员: accounts, units, columns, new-media accounts, API tokens."""
    return _holds(user, RoleName.ADMIN)


def is_security_admin(user) -> bool:
    """安全管理员: approves role requests and whitelist proposals, grants administrator roles, keeps the word lists."""
    return _holds(user, RoleName.SECURITY_ADMIN)


def is_auditor(user) -> bool:
    """审计管理员: reads the audit log; writes nothing."""
    return _holds(user, RoleName.AUDITOR)


def is_administrator_account(person: User) -> bool:
    return bool(person.role_names() & ADMINISTRATOR_ROLES)


def may_manage_account(actor, person: User) -> bool:
    """Whether `actor` may edit `person`'s account, reset their password or change their roles in /manage/.

    Nobody manages their own account there (their own password has its own page). Accounts of the three
    administrators belong to the security administrator, so the system administrator can neither take over nor
    lock out the person who approves his requests; every other account belongs to the system administrator.
    An account with no role yet may be given an administrator role by the security administrator.
    """
    if person.pk is not None and person.pk == getattr(actor, "pk", None):
        return False
    if is_administrator_account(person):
        return is_security_admin(actor)
    if is_system_admin(actor):
        return True
    return is_security_admin(actor) and not person.role_names()


def grantable_roles(actor) -> frozenset[str]:
    """The roles `actor` may ask for (system administrator) or grant (security administrator)."""
    if is_security_admin(actor):
        return ADMINISTRATOR_ROLES
    if is_system_admin(actor):
        return CONTENT_ROLES
    return frozenset()


# ---------------------------------------------------------------------------------------------
# Requests, approvals, revocations


def check_grant(actor, person: User, unit: Unit, role: str) -> None:
    """Raise why `actor` may not ask for (or grant) `role` in `unit` for `person`; return if they may."""
    label = RoleName(role).label
    if role in ADMINISTRATOR_ROLES:
        if not is_security_admin(actor):
            raise NotAllowed(f"“{label}”角色只能由安全管理员授予", code="administrator_role_by_security_admin")
    elif not is_system_admin(actor):
        raise NotAllowed("稿件角色由系统管理员申请、安全管理员审批", code="content_role_by_system_admin")
    if person.pk == actor.pk:
        raise NotAllowed("不能给自己申请或授予角色", code="own_role")
    problem = role_conflict(person.pk, role)
    if problem is not None:
        raise InvalidRequest(problem.message, code=problem.code)
    if not may_manage_account(actor, person):
        raise NotAllowed("该账号不归您管理：管理员的账号由安全管理员管理", code="not_your_account")
    if not person.is_active:
        raise InvalidRequest("该账号已停用，不能授予角色", code="inactive_account")
    if role in ADMINISTRATOR_ROLES:
        _check_password_replaced(person)  # granted at once: checked now rather than at approval
    if Role.objects.filter(user=person, unit=unit, role=role).exists():
        raise InvalidRequest(f"{person} 已在{unit}担任“{label}”", code="already_held")
    if RoleRequest.objects.filter(user=person, unit=unit, role=role, status=RoleRequest.Status.PENDING).exists():
        raise InvalidRequest(f"已有相同的申请待审批：{person} · {unit} · {label}", code="already_requested")


def grant_role(actor, person: User, unit: Unit, role: str, *, reason: str = "", ip: str | None = None) -> RoleRequest:
    """申请角色. A content role asked for by the system administrator waits for the security administrator
    (the request is returned pending); an administrator role granted by the security administrator is in force
    at once (the request is returned approved)."""
    with transaction.atomic():
        # Locking the person serialises grants, so two requests cannot both pass the separation check.
        person = User.objects.select_for_update().get(pk=person.pk)
        check_grant(actor, person, unit, role)
        request = RoleRequest.objects.create(user=person, unit=unit, role=role, reason=reason.strip(), requested_by=actor)
        record(
            "accounts.role_requested",
            actor=actor,
            obj=request,
            ip=ip,
            person=person.username,
            unit=unit.name,
            role=role,
            reason=request.reason,
        )
        if role in ADMINISTRATOR_ROLES:
            _approve(actor, request, person, comment="安全管理员直接授予", ip=ip)
    return request


def check_decision(actor, request: RoleRequest) -> None:
    """Raise why `actor` may not approve or reject `request` now."""
    if not is_security_admin(actor):
        raise NotAllowed("只有安全管理员可以审批角色申请", code="not_security_admin")
    if request.user_id == actor.pk:
        raise NotAllowed("不能审批给自己的角色", code="own_role")
    if request.status != RoleRequest.Status.PENDING:
        raise InvalidRequest(f"该申请已{request.get_status_display()}，不能再审批", code="already_decided")


def approve_role(actor, request: RoleRequest, *, comment: str = "", ip: str | None = None) -> Role:
    """批准: the role is in force from now on."""
    with transaction.atomic():
        request = RoleRequest.objects.select_for_update().get(pk=request.pk)
        person = User.objects.select_for_update().get(pk=request.user_id)
        check_decision(actor, request)
        return _approve(actor, request, person, comment=comment, ip=ip)


def _approve(actor, request: RoleRequest, person: User, *, comment: str, ip: str | None) -> Role:
    if not person.is_active:
        raise InvalidRequest("该账号已停用，不能授予角色", code="inactive_account")
    _check_password_replaced(person)
    if Role.objects.filter(user=person, unit=request.unit, role=request.role).exists():
        raise InvalidRequest(f"{person} 已在{request.unit}担任“{request.get_role_display()}”", code="already_held")
    problem = role_conflict(person.pk, request.role)
    if problem is not None:
        raise InvalidRequest(problem.message, code=problem.code)
    now = timezone.now()
    role = Role.objects.create(
        user=person,
        unit=request.unit,
        role=request.role,
        requested_by=request.requested_by,
        requested_at=request.requested_at,
        approved_by=actor,
        approved_at=now,
    )
    request.status = RoleRequest.Status.APPROVED
    request.decided_by, request.decided_at, request.decision_comment = actor, now, comment.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    staff = _sync_staff(person)
    record(
        "accounts.role_approved",
        actor=actor,
        obj=role,
        ip=ip,
        request=request.pk,
        person=person.username,
        unit=request.unit.name,
        role=request.role,
        requested_by=request.requested_by.username,
        comment=request.decision_comment,
        **staff,
    )
    return role


def _check_password_replaced(person: User) -> None:
    # Whoever set the initial or reset password knows it: the person must have logged in and replaced it first,
    # or the system administrator could take the role himself with a password he set.
    if person.must_change_password:
        raise InvalidRequest(f"{person} 尚未登录并修改管理员设置的密码：请本人先登录改密，再批准", code="initial_password_unchanged")


def reject_role(actor, request: RoleRequest, *, reason: str, ip: str | None = None) -> RoleRequest:
    """驳回, with a reason the system administrator sees on the request."""
    with transaction.atomic():
        request = RoleRequest.objects.select_for_update().get(pk=request.pk)
        check_decision(actor, request)
        if not reason.strip():
            raise InvalidRequest("驳回须填写理由", code="reason_required")
        request.status = RoleRequest.Status.REJECTED
        request.decided_by, request.decided_at, request.decision_comment = actor, timezone.now(), reason.strip()
        request.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
        record(
            "accounts.role_rejected",
            actor=actor,
            obj=request,
            ip=ip,
            person=request.user.username,
            unit=request.unit.name,
            role=request.role,
            reason=request.decision_comment,
        )
    return request


def check_revoke(actor, role: Role) -> None:
    """Raise why `actor` may not take `role` away."""
    if role.user_id == actor.pk:
        raise NotAllowed("不能撤销自己的角色", code="own_role")
    if role.role in ADMINISTRATOR_ROLES:
        if not is_security_admin(actor):
            raise NotAllowed(f"“{role.get_role_display()}”角色只能由安全管理员撤销", code="administrator_role_by_security_admin")
    elif not (is_system_admin(actor) or is_security_admin(actor)):
        raise NotAllowed("只有系统管理员或安全管理员可以撤销角色", code="not_administrator")


def revoke_role(actor, role: Role, *, ip: str | None = None) -> None:
    """撤销: taking a role away needs no approval (it only narrows access), but is audited like a grant."""
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=role.user_id)
        role = Role.objects.select_related("unit", "approved_by").get(pk=role.pk)
        check_revoke(actor, role)
        before = {
            "person": person.username,
            "unit": role.unit.name,
            "role": role.role,
            "approved_by": role.approved_by.username if role.approved_by else "",
            "approved_at": role.approved_at.isoformat(),
        }
        record("accounts.role_revoked", actor=actor, obj=role, ip=ip, **before, **_sync_staff(person, without=role))
        role.delete()


def _sync_staff(person: User, *, without: Role | None = None) -> dict:
    """Only the system and security administrators may open /manage/: is_staff follows their roles."""
    held = Role.objects.filter(user=person, role__in=STAFF_ROLES)
    if without is not None:
        held = held.exclude(pk=without.pk)
    staff = held.exists()
    if person.is_staff == staff:
        return {}
    before, person.is_staff = person.is_staff, staff
    person.save(update_fields=["is_staff"])
    return {"is_staff": {"before": before, "after": staff}}


def may_operate(person: User, unit: Unit) -> bool:
    """政务新媒体账号运维人员: only someone holding a content role in the account's unit, since operators see
    and publish the account's approved items."""
    return any(u == unit.pk and r in CONTENT_ROLES for u, r in person.role_pairs())


def install_administrator(username: str, full_name: str, unit: Unit, role: str) -> tuple[User, str]:
    """安装时设立首位管理员: the first holder of one of the three administrator roles, made from the command line
    (`sanshen create_administrator`), since nobody is there yet to grant it. Refused once that role has an
    active holder: from then on the security administrator grants it in /manage/. Returns the account and its
    one-time password."""

    if role not in ADMINISTRATOR_ROLES:
        raise InvalidRequest("只能设立系统管理员、安全管理员或审计管理员", code="not_an_administrator_role")
    if username.lower() in DEFAULT_ACCOUNT_NAMES:
        raise InvalidRequest(f"不能使用默认或共用账号名 {username!r}：请用个人账号", code="default_account_name")
    if unit.is_demo:
        raise InvalidRequest(
            f"{unit} 是演示单位，投入使用前会被删除：请先运行 sanshen remove_demo，或用另一个单位代码新建正式单位",
            code="demo_unit",
        )
    with transaction.atomic():
        # of=("self",): people are ordered by their unit, an outer join PostgreSQL will not lock.
        holders = User.objects.select_for_update(of=("self",)).filter(is_active=True, roles__role=role)
        if holders.exists():
            raise InvalidRequest(
                f"已有{RoleName(role).label}（{holders.first()}）：请由安全管理员在系统管理中授予", code="already_installed"
            )
        if User.objects.filter(username=username).exists():
            raise InvalidRequest(f"用户名 {username} 已存在", code="username_taken")
        person = User(username=username, full_name=full_name, unit=unit, is_staff=role in STAFF_ROLES)
        password = one_time_password(person)
        person.set_password(password)
        person.must_change_password = True
        person.save()
        granted = Role.objects.create(user=person, unit=unit, role=role, approved_at=timezone.now())
        record(
            "accounts.role_approved",
            obj=granted,
            person=username,
            unit=unit.name,
            role=role,
            requested_by="",
            comment="安装时在命令行设立",
        )
    return person, password


def issue_one_time_password(actor, person, *, ip: str | None = None) -> str:
    """一次性密码: set by an administrator for someone else, shown to the administrator once; the person must
    replace it at their next login. The only way /manage/ sets a password (a new account or a reset)."""
    if not may_manage_account(actor, person):
        raise NotAllowed("该账号不归您管理，不能设置其密码", code="not_your_account")
    password = one_time_password(person)
    with transaction.atomic():
        person.set_password(password)
        person.must_change_password = True
        person.save(update_fields=["password", "password_changed_at", "must_change_password"])
        record(
            "accounts.password_set_by_admin",
            actor=actor,
            obj=person,
            ip=ip,
            person=person.username,
            password="已修改",
            must_change_password=True,
        )
    return password

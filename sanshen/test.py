"""Shared test set-up: a small county with commented personas.

Unit A (三江镇) has one person per role; unit B (茅坪镇) is the outsider unit. County roles sit in
their own units. Everyone's password is PASSWORD, already changed, so no page redirects to the
change-password form unless a test wants it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from sanshen.accounts.models import Column, MediaAccount, Role, RoleName, Unit, User
from sanshen.review import workflow
from sanshen.review.models import REVIEW_POINT_KEYS, Status, Submission

PASSWORD = "Test#Pass2026"
_HASH = None


def _password_hash() -> str:
    # Hashed once per process with the hasher of the real settings, named: a test that puts a fast hasher first
    # (test_login_limits) must not leave its hash behind for tests that run after it without that hasher.
    global _HASH
    if _HASH is None:
        _HASH = make_password(PASSWORD, hasher="pbkdf2_sha256")
    return _HASH


def make_unit(name: str, code: str, kind: str = Unit.Kind.TOWNSHIP, **fields) -> Unit:
    from django.core.files.base import ContentFile

    from sanshen.lib.seal import draw_seal

    unit = Unit.objects.create(name=name, short_name=name, code=code, kind=kind, **fields)
    if unit.is_publishing_unit:
        unit.seal.save(f"{code}.png", ContentFile(draw_seal(name, size=160)), save=True)
    return unit


def make_person(username: str, full_name: str, unit: Unit, *roles: str, **fields) -> User:
    user = User.objects.create(
        username=username,
        full_name=full_name,
        unit=unit,
        password=_password_hash(),
        password_changed_at=timezone.now(),
        must_change_password=False,
        **fields,
    )
    for role in roles:
        make_role(user, unit, role)
    return user


def make_role(user: User, unit: Unit, role: str) -> Role:
    """A role already in force, as the installation sets it up (no request, no approver)."""
    return Role.objects.create(user=user, unit=unit, role=role, approved_at=timezone.now())


@dataclass
class County:
    unit_a: Unit
    unit_b: Unit
    drafter: User  # 拟稿人 of unit A (三江镇)
    first: User  # 初审: 办公室主任 of unit A
    second: User  # 复审: 网站管理员 of unit A
    final: User  # 终审: 分管领导 of unit A
    leader: User  # 单位主要领导 of unit A
    outsider: User  # 拟稿人 of unit B (茅坪镇): sees nothing of unit A
    outsider_reviewer: User  # 初审 of unit B
    county_reviewer: User  # 县信息中心网站审核员
    county_leader: User  # 分管县领导
    secrecy: User  # 县保密局
    cyberspace: User  # 县委网信办
    sysadmin: User  # 系统管理员: accounts, units, settings; asks for content roles
    auditor: User  # 审计管理员
    security: User  # 安全管理员: approves role requests, keeps the word lists
    column: Column
    account: MediaAccount


def make_county() -> County:
    a = make_unit("三江镇", "sanjiang")
    b = make_unit("茅坪镇", "maoping")
    centre = make_unit("县信息中心", "xxzx", Unit.Kind.INFORMATION_CENTRE)
    leaders = make_unit("县领导", "xld", Unit.Kind.COUNTY_LEADERS)
    secrecy_unit = make_unit("县保密局", "bmj", Unit.Kind.SECRECY_BUREAU)
    cyber_unit = make_unit("县委网信办", "wxb", Unit.Kind.CYBERSPACE_OFFICE)
    second = make_person("a.second", "石晓东", a, RoleName.SECOND_REVIEWER)
    county = County(
        unit_a=a,
        unit_b=b,
        drafter=make_person("a.drafter", "潘德江", a, RoleName.DRAFTER),
        first=make_person("a.first", "姜海燕", a, RoleName.FIRST_REVIEWER),
        second=second,
        final=make_person("a.final", "王丽", a, RoleName.FINAL_REVIEWER),
        leader=make_person("a.leader", "李国庆", a, RoleName.MAIN_LEADER),
        outsider=make_person("b.drafter", "龙文", b, RoleName.DRAFTER),
        outsider_reviewer=make_person("b.first", "吴军", b, RoleName.FIRST_REVIEWER),
        county_reviewer=make_person("c.reviewer", "吴德江", centre, RoleName.COUNTY_REVIEWER),
        county_leader=make_person("c.leader", "姜春花", leaders, RoleName.COUNTY_LEADER),
        secrecy=make_person("c.secrecy", "欧晓东", secrecy_unit, RoleName.SECRECY_OFFICER),
        cyberspace=make_person("c.cyber", "潘志强", cyber_unit, RoleName.CYBERSPACE_OFFICER),
        sysadmin=make_person("c.sysadmin", "王永福", centre, RoleName.ADMIN, is_staff=True),
        auditor=make_person("c.auditor", "李华", centre, RoleName.AUDITOR),
        security=make_person("c.security", "杨秀英", centre, RoleName.SECURITY_ADMIN, is_staff=True),
        column=Column.objects.create(name="乡镇动态", slug="xzdt"),
        account=MediaAccount.objects.create(name="三江镇发布", platform=MediaAccount.Platform.WECHAT, unit=a),
    )
    county.account.operators.add(second)
    return county


def draft(county: County, title: str = "三江镇召开森林防火工作会议", body: str | None = None, **details) -> Submission:
    if "media_account" not in details:
        details.setdefault("column", county.column)
    return workflow.create_submission(
        county.drafter,
        title=title,
        body=body if body is not None else "<p>11月20日，三江镇召开森林防火工作会议，部署秋冬季森林防火工作。</p>",
        **details,
    )


def explained(submission: Submission, reason: str = "经核实无误") -> dict[str, str]:
    """A reason for each open serious finding of the current revision, as a person gives them with 送审 or 通过."""
    from sanshen.review import checking

    submission.refresh_from_db()
    _, serious = checking.gate_findings(submission.current_revision)
    return {str(f.pk): reason for f in serious}


def submit(submission: Submission, user: User | None = None) -> Submission:
    """送审 by the drafter, explaining any serious finding."""
    return workflow.perform(submission, user or submission.drafter, "submit", finding_reasons=explained(submission))


def pass_as(submission: Submission, user: User, opinion: str = "同意。") -> Submission:
    submission.refresh_from_db()
    return workflow.perform(
        submission, user, "pass", opinion=opinion, points=REVIEW_POINT_KEYS, finding_reasons=explained(submission)
    )


def approve_through_unit(county: County, submission: Submission) -> Submission:
    """送审 then pass every unit stage (and the county leader for 特级) until the county stage or approval."""
    submit(submission, county.drafter)
    by_stage = {
        Status.FIRST_REVIEW: county.first,
        Status.SECOND_REVIEW: county.second,
        Status.FINAL_REVIEW: county.final,
        Status.MAIN_LEADER: county.leader,
        Status.COUNTY_LEADER: county.county_leader,
    }
    submission.refresh_from_db()
    while submission.status in by_stage:
        submission = pass_as(submission, by_stage[submission.status])
    return submission

"""The system administrator's attacks on 三权分立, tried through the real /manage/ pages, and the security
administrator's approvals. Each attack from issue 7 has its own test."""

import re

import pytest

from sanshen.accounts.models import MediaAccount, Role, RoleName, RoleRequest, User
from sanshen.audit.models import AuditEntry
from sanshen.test import PASSWORD, make_person

from .helpers import form_data, submit


def _entries():
    return list(AuditEntry.objects.exclude(action="accounts.login").order_by("seq"))


def _user_url(person, suffix="change/"):
    return f"/manage/accounts/user/{person.pk}/{suffix}"


def _request_row(unit, role, reason="工作需要"):
    return {"role_requests-0-unit": str(unit.pk), "role_requests-0-role": role, "role_requests-0-reason": reason}


# --- attack: the system administrator gives himself the county reviewer role --------------------------------


def test_the_system_administrator_cannot_open_his_own_account(county, client):
    client.force_login(county.sysadmin)
    assert client.get(_user_url(county.sysadmin)).status_code == 200  # read only
    centre = county.county_reviewer.unit
    data = form_data(client.get(_user_url(county.drafter)), "user_form") | _request_row(centre, RoleName.COUNTY_REVIEWER)
    r = client.post(_user_url(county.sysadmin), data | {"username": "c.sysadmin", "full_name": "王永福"})
    assert r.status_code == 403
    assert not RoleRequest.objects.exists()
    assert set(county.sysadmin.roles.values_list("role", flat=True)) == {RoleName.ADMIN}


def test_a_role_the_system_administrator_asks_for_does_nothing_until_approved(county, client):
    client.force_login(county.sysadmin)
    centre = county.county_reviewer.unit
    r = submit(client, _user_url(county.outsider), _request_row(centre, RoleName.COUNTY_REVIEWER), form_id="user_form")
    assert r.status_code == 302
    request = RoleRequest.objects.get()
    assert (request.user, request.role, request.status, request.requested_by) == (
        county.outsider,
        RoleName.COUNTY_REVIEWER,
        RoleRequest.Status.PENDING,
        county.sysadmin,
    )
    assert not Role.objects.filter(user=county.outsider, role=RoleName.COUNTY_REVIEWER).exists()
    client.force_login(county.outsider)
    assert client.get("/work/queues/").status_code == 404
    assert AuditEntry.objects.filter(action="accounts.role_requested", actor=county.sysadmin).count() == 1


def test_the_system_administrator_cannot_approve_his_own_request(county, client):
    client.force_login(county.sysadmin)
    submit(client, _user_url(county.outsider), _request_row(county.unit_b, RoleName.FIRST_REVIEWER), form_id="user_form")
    request = RoleRequest.objects.get()
    page = client.get(f"/manage/accounts/rolerequest/{request.pk}/change/")
    assert page.status_code == 200 and "批准" not in page.content.decode().split("</table>")[-1]
    r = client.post(f"/manage/accounts/rolerequest/{request.pk}/change/", {"decision": "approve", "comment": "同意"})
    assert r.status_code == 403
    request.refresh_from_db()
    assert request.status == RoleRequest.Status.PENDING


@pytest.mark.parametrize("url", ["/manage/accounts/rolerequest/add/", "/manage/accounts/role/add/"])
def test_there_is_no_other_door_to_a_role(county, client, url):
    client.force_login(county.sysadmin)
    assert client.get(url).status_code in (403, 404)


# --- attack: the system administrator gives someone the auditor role ---------------------------------------


@pytest.mark.parametrize("role", [RoleName.AUDITOR, RoleName.SECURITY_ADMIN, RoleName.ADMIN])
def test_the_system_administrator_cannot_grant_an_administrator_role(county, client, role):
    blank = make_person("c.new", "龙玉兰", county.county_reviewer.unit)
    client.force_login(county.sysadmin)
    r = submit(client, _user_url(blank), _request_row(blank.unit, role), form_id="user_form")
    assert r.status_code == 200
    assert "选择一个有效的选项" in r.content.decode()  # not even offered
    assert not RoleRequest.objects.exists() and not blank.roles.exists()


def test_the_security_administrator_grants_the_auditor_role(county, client):
    blank = make_person("c.new", "龙玉兰", county.county_reviewer.unit)
    client.force_login(county.security)
    r = submit(client, _user_url(blank), _request_row(blank.unit, RoleName.AUDITOR, "第二名审计管理员"), form_id="user_form")
    assert r.status_code == 302
    role = Role.objects.get(user=blank)
    assert (role.role, role.approved_by, role.requested_by) == (RoleName.AUDITOR, county.security, county.security)
    assert [e.action for e in _entries()] == [
        "accounts.role_requested",
        "accounts.role_approved",
    ]


def test_the_security_administrator_cannot_make_a_drafter_an_auditor(county, client):
    client.force_login(county.security)
    # A content account is the system administrator's: the security administrator only sees it.
    assert client.post(_user_url(county.drafter), {}).status_code == 403
    assert not county.drafter.roles.filter(role=RoleName.AUDITOR).exists()


# --- approving and rejecting ----------------------------------------------------------------------------------


@pytest.fixture
def pending(county):
    from sanshen.accounts import roles

    return roles.grant_role(county.sysadmin, county.outsider, county.unit_b, RoleName.FIRST_REVIEWER, reason="接任办公室主任")


def test_the_security_administrator_approves_on_the_request_page(county, client, pending):
    client.force_login(county.security)
    page = client.get(f"/manage/accounts/rolerequest/{pending.pk}/change/")
    assert page.status_code == 200
    assert "接任办公室主任" in page.content.decode()
    r = client.post(f"/manage/accounts/rolerequest/{pending.pk}/change/", {"decision": "approve", "comment": "同意"})
    assert r.status_code == 302 and r["Location"] == "/manage/accounts/rolerequest/"
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by, pending.decision_comment) == ("approved", county.security, "同意")
    assert User.objects.get(pk=county.outsider.pk).has_role(RoleName.FIRST_REVIEWER, county.unit_b)


def test_a_rejection_without_a_reason_is_refused_in_chinese(county, client, pending):
    client.force_login(county.security)
    r = client.post(f"/manage/accounts/rolerequest/{pending.pk}/change/", {"decision": "reject", "comment": ""})
    assert r.status_code == 400
    assert "驳回须填写理由" in r.content.decode()
    pending.refresh_from_db()
    assert pending.status == RoleRequest.Status.PENDING


def test_the_security_administrator_rejects_with_a_reason(county, client, pending):
    client.force_login(county.security)
    r = client.post(f"/manage/accounts/rolerequest/{pending.pk}/change/", {"decision": "reject", "comment": "人事任命未下达"})
    assert r.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.decision_comment) == ("rejected", "人事任命未下达")
    assert not Role.objects.filter(user=county.outsider, role=RoleName.FIRST_REVIEWER).exists()
    # The system administrator sees the outcome and the reason on the person's page.
    client.force_login(county.sysadmin)
    assert "人事任命未下达" in client.get(_user_url(county.outsider)).content.decode()


def test_the_request_page_refuses_an_approval_the_rules_forbid_in_chinese(county, client, pending):
    county.outsider.must_change_password = True
    county.outsider.save(update_fields=["must_change_password"])
    client.force_login(county.security)
    assert "尚未登录修改管理员设置的密码" in client.get(f"/manage/accounts/rolerequest/{pending.pk}/change/").content.decode()
    r = client.post(f"/manage/accounts/rolerequest/{pending.pk}/change/", {"decision": "approve", "comment": ""})
    assert r.status_code == 400
    assert "请本人先登录改密" in r.content.decode()
    assert not Role.objects.filter(user=county.outsider, role=RoleName.FIRST_REVIEWER).exists()


def test_the_system_administrator_revokes_a_role_on_the_persons_page(county, client):
    client.force_login(county.sysadmin)
    role = Role.objects.get(user=county.first)
    r = submit(client, _user_url(county.first), {"roles-0-DELETE": "on"}, form_id="user_form")
    assert r.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()
    assert AuditEntry.objects.get(action="accounts.role_revoked").detail["role"] == "first_reviewer"


# --- attack: the system administrator sets someone's password -------------------------------------------------


def test_setting_someones_password_forces_a_change_at_their_next_login(county, client):
    client.force_login(county.sysadmin)
    url = _user_url(county.county_reviewer, "password/")
    assert client.get(url).status_code == 200
    r = client.post(url, {"password1": "Attacker#2026", "password2": "Attacker#2026"})
    assert r.status_code == 200
    shown = re.search(r'<code id="one-time-password">([^<]+)</code>', r.content.decode()).group(1)
    person = User.objects.get(pk=county.county_reviewer.pk)
    assert person.must_change_password
    assert not person.check_password("Attacker#2026")  # the administrator never chooses it
    assert person.check_password(shown)
    entry = AuditEntry.objects.get(action="accounts.password_set_by_admin")
    assert (entry.actor_id, entry.object_id) == (county.sysadmin.pk, str(person.pk))
    assert entry.detail == {"person": "c.reviewer", "password": "已修改", "must_change_password": True}
    assert person.password not in str(AuditEntry.objects.values_list("detail", flat=True)[::1])
    # At the next login the person is sent to change it before anything else.
    client.logout()
    client.post("/accounts/login/", {"username": "c.reviewer", "password": shown})
    assert client.get("/work/")["Location"] == "/accounts/password/?next=%2Fwork%2F"


def test_must_change_password_cannot_be_switched_off_in_manage(county, client):
    county.drafter.must_change_password = True
    county.drafter.save(update_fields=["must_change_password"])
    client.force_login(county.sysadmin)
    r = submit(client, _user_url(county.drafter), {"must_change_password": ""}, form_id="user_form")
    assert r.status_code == 302
    assert User.objects.get(pk=county.drafter.pk).must_change_password


@pytest.mark.parametrize("holder", ["security", "auditor"])
def test_the_system_administrator_cannot_take_over_an_administrators_account(county, client, holder):
    person = getattr(county, holder)
    client.force_login(county.sysadmin)
    assert client.post(_user_url(person, "password/")).status_code == 403
    assert client.post(_user_url(person), {"username": person.username, "is_active": ""}).status_code == 403
    person.refresh_from_db()
    assert person.check_password(PASSWORD) and person.is_active


def test_the_security_administrator_resets_the_system_administrators_password(county, client):
    client.force_login(county.security)
    r = client.post(_user_url(county.sysadmin, "password/"))
    assert r.status_code == 200
    county.sysadmin.refresh_from_db()
    assert county.sysadmin.must_change_password


def test_the_admin_site_password_page_is_the_audited_one(county, client):
    client.force_login(county.sysadmin)
    r = client.get("/manage/password_change/")
    assert r.status_code == 302 and r["Location"] == "/accounts/password/"


# --- new accounts: a one-time password shown once ------------------------------------------------------------


def test_a_new_account_gets_a_one_time_password_shown_once(county, client):
    client.force_login(county.sysadmin)
    r = submit(
        client,
        "/manage/accounts/user/add/",
        {"username": "a.drafter2", "full_name": "吴红梅", "unit": str(county.unit_a.pk), "position": "信息员"},
    )
    assert r.status_code == 200
    password = re.search(r'<code id="one-time-password">([^<]+)</code>', r.content.decode()).group(1)
    person = User.objects.get(username="a.drafter2")
    assert person.must_change_password and person.check_password(password)
    assert not person.roles.exists() and not person.is_staff
    assert [e.action for e in _entries()] == ["manage.added", "accounts.password_set_by_admin"]
    added = AuditEntry.objects.get(action="manage.added")
    assert added.detail["values"] == {
        "username": "a.drafter2",
        "full_name": "吴红梅",
        "unit": "三江镇",
        "position": "信息员",
        "phone": "",
    }
    # Not stored anywhere in clear: the page with it is the only place.
    assert password not in client.get(_user_url(person)).content.decode()


def test_a_new_account_with_a_taken_name_is_refused_and_nothing_is_kept(county, client):
    client.force_login(county.sysadmin)
    taken = {"username": "a.drafter", "full_name": "重名", "unit": str(county.unit_a.pk)}
    r = submit(client, "/manage/accounts/user/add/", taken)
    assert r.status_code == 200 and "one-time-password" not in r.content.decode()
    assert User.objects.filter(username="a.drafter").count() == 1
    assert not _entries()


# --- who sees what in /manage/ -----------------------------------------------------------------------------


def _models_offered(client) -> set[str]:
    return set(re.findall(r'href="/manage/(\w+/\w+)/"', client.get("/manage/").content.decode()))


SYSTEM_ADMIN_PAGES = {
    "accounts/user",
    "accounts/unit",
    "accounts/column",
    "accounts/mediaaccount",
    "accounts/apitoken",
    "accounts/lockout",
    "accounts/rolerequest",
}
SECURITY_ADMIN_PAGES = {
    "accounts/user",
    "accounts/rolerequest",
    "registers/sensitiveword",
    "registers/leader",
    "registers/fallenofficial",
    "registers/qualifiedsource",
}


def test_each_administrator_is_offered_their_own_pages_only(county, client):
    client.force_login(county.sysadmin)
    offered = _models_offered(client)
    assert offered >= SYSTEM_ADMIN_PAGES
    assert not {page for page in offered if page.startswith(("registers/", "review/"))}
    client.force_login(county.security)
    offered = _models_offered(client)
    assert offered >= SECURITY_ADMIN_PAGES
    assert not offered & (SYSTEM_ADMIN_PAGES - SECURITY_ADMIN_PAGES)


@pytest.mark.parametrize(
    "who, url",
    [
        ("sysadmin", "/manage/registers/sensitiveword/"),
        ("sysadmin", "/manage/registers/sensitiveword/import/"),
        ("sysadmin", "/manage/auth/group/"),
        ("security", "/manage/accounts/unit/"),
        ("security", "/manage/accounts/user/add/"),
    ],
)
def test_pages_of_the_other_administrator_are_refused(county, client, who, url):
    client.force_login(getattr(county, who))
    assert client.get(url).status_code in (403, 404)


@pytest.mark.parametrize("who", ["auditor", "county_reviewer", "drafter"])
def test_nobody_else_gets_into_manage(county, client, who):
    client.force_login(getattr(county, who))
    r = client.get("/manage/")
    assert r.status_code == 302 and r["Location"].startswith("/manage/login/")


def test_a_media_account_operator_must_hold_a_content_role_in_its_unit(county, client):
    client.force_login(county.sysadmin)
    url = f"/manage/accounts/mediaaccount/{county.account.pk}/change/"
    r = submit(client, url, {"operators": [str(county.second.pk), str(county.sysadmin.pk)]})
    assert r.status_code == 200
    assert "运维人员须在开办单位（三江镇）担任经批准的稿件角色：王永福" in r.content.decode()
    assert list(MediaAccount.objects.get().operators.all()) == [county.second]
    r = submit(client, url, {"operators": [str(county.second.pk), str(county.first.pk)]})
    assert r.status_code == 302
    assert set(MediaAccount.objects.get().operators.all()) == {county.second, county.first}

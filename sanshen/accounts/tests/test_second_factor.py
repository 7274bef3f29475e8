"""双因素认证 (等保三级): who must use it, that a password alone opens no back-office page, the admin or the API,
that a code cannot be used twice and a recovery code only once, and that the session key changes on verification."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanshen.accounts import second_factor
from sanshen.accounts.models import Unit, User
from sanshen.audit.models import AuditEntry
from sanshen.test import PASSWORD

from .test_security import _routes

# The step pages themselves, and logging out, stay open; everything else in the back office waits for the code.
VERIFY = "/accounts/second-factor/"
SETUP = "/accounts/second-factor/setup/"
SAMPLE = {"int": "1", "str": "pdf", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000", "path": "1"}
CONVERTER = re.compile(r"<(?:(int|str|slug|uuid|path):)?\w+>")
START = dt.datetime(2026, 12, 7, 9, 0, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def _level_three(settings):
    settings.SANSHEN_REQUIRE_2FA = True


def code_for(device, at=None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at.timestamp()
    return f"{totp.token():06d}"


def enrol(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="验证器", confirmed=True)


def recovery_codes(user, *codes) -> None:
    device = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)


def password_login(client, user):
    r = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert r.status_code == 302
    return r


def back_office_urls():
    for route, _ in _routes():
        if "(?P" in route or not route.startswith(("work/", "api/", "accounts/", "manage/")):
            continue
        yield "/" + CONVERTER.sub(lambda m: SAMPLE[m.group(1) or "int"], route)
    yield "/manage/accounts/"


# --- who is asked ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, asked",
    [
        ("sysadmin", True),
        ("security", True),
        ("auditor", True),
        ("county_reviewer", True),
        ("county_leader", True),
        ("secrecy", True),
        ("cyberspace", True),
        ("drafter", False),
        ("first", False),
        ("second", False),
        ("final", False),
        ("leader", False),
        ("outsider", False),
    ],
)
def test_it_requires_a_second_factor_for_the_roles_that_matter(county, persona, asked):
    assert second_factor.required(getattr(county, persona)) is asked


def test_a_unit_can_require_it_for_everyone_in_it(county):
    Unit.objects.filter(pk=county.unit_a.pk).update(require_second_factor=True)
    assert second_factor.required(User.objects.get(pk=county.drafter.pk))
    assert not second_factor.required(User.objects.get(pk=county.outsider.pk))


def test_the_setting_switches_the_requirement_off(county, settings):
    settings.SANSHEN_REQUIRE_2FA = False
    assert not second_factor.required(county.sysadmin)


def test_the_system_administrator_sets_the_unit_requirement_in_manage(county, client):
    from .helpers import submit

    enrol(county.sysadmin)
    password_login(client, county.sysadmin)
    _verify(client, county.sysadmin)
    r = submit(
        client,
        f"/manage/accounts/unit/{county.unit_a.pk}/change/",
        {"require_second_factor": "on"},
        form_id="unit_form",
    )
    assert r.status_code == 302
    assert Unit.objects.get(pk=county.unit_a.pk).require_second_factor
    entry = AuditEntry.objects.filter(action="manage.changed", actor=county.sysadmin).latest("seq")
    assert entry.detail["changes"]["require_second_factor"] == {"before": False, "after": True}


# --- attack: a stolen password alone ---------------------------------------------------------------------------


def test_a_password_alone_opens_no_back_office_page_the_admin_or_the_api(county, client):
    enrol(county.sysadmin)
    password_login(client, county.sysadmin)
    checked = 0
    for url in back_office_urls():
        r = client.get(url)
        if url == VERIFY:
            assert r.status_code == 200, url
        elif url == "/accounts/logout/":
            assert r.status_code == 405, url
        elif url == "/accounts/login/":
            assert r.status_code == 302 and r["Location"] == VERIFY, url
        elif url.startswith("/api/"):
            assert (r.status_code, r.json()["code"]) == (403, "second_factor_required"), url
        else:
            assert r.status_code == 302 and r["Location"].startswith(VERIFY + "?next="), (url, r.status_code)
        checked += 1
    assert checked > 150
    # Writing is refused too: nothing reaches a view.
    r = client.post("/api/submissions", {"title": "x"}, content_type="application/json")
    assert r.status_code == 403
    r = client.post(f"/manage/accounts/user/{county.drafter.pk}/password/")
    assert r.status_code == 302 and r["Location"] == VERIFY
    county.drafter.refresh_from_db()
    assert county.drafter.check_password(PASSWORD)


@pytest.mark.parametrize(
    "persona", ["security", "auditor", "county_reviewer", "county_leader", "secrecy", "cyberspace"]
)
def test_each_required_role_without_an_authenticator_is_sent_to_set_one_up(county, client, persona):
    person = getattr(county, persona)
    password_login(client, person)
    r = client.get("/work/")
    assert r.status_code == 302 and r["Location"] == SETUP + "?next=%2Fwork%2F"
    r = client.get("/manage/")
    assert r.status_code == 302 and r["Location"].startswith(SETUP)
    r = client.get("/api/me")
    assert (r.status_code, r.json()) == (
        403,
        {"error": "请先设置双因素认证（手机验证器），再使用本系统", "code": "second_factor_setup_required"},
    )
    # The code page cannot be used to skip the set-up page, nor the set-up page to skip the code page.
    assert client.get(VERIFY)["Location"].startswith(SETUP + "?next=")


def test_an_enrolled_person_cannot_set_up_a_new_authenticator_with_the_password_alone(county, client):
    enrol(county.county_reviewer)
    password_login(client, county.county_reviewer)
    r = client.get(SETUP)
    assert r.status_code == 302 and r["Location"].startswith(VERIFY)
    r = client.post(SETUP, {"code": "123456"})
    assert r.status_code == 302 and r["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=county.county_reviewer).count() == 1
    r = client.post("/accounts/second-factor/off/")
    assert r.status_code == 302 and r["Location"] == VERIFY


def test_someone_who_chose_a_second_factor_is_asked_for_it(county, client):
    enrol(county.drafter)
    assert not second_factor.required(county.drafter)
    password_login(client, county.drafter)
    assert client.get("/work/")["Location"] == VERIFY + "?next=%2Fwork%2F"


def test_the_code_comes_before_an_expired_password_is_changed(county, client):
    enrol(county.county_reviewer)
    User.objects.filter(pk=county.county_reviewer.pk).update(must_change_password=True)
    password_login(client, county.county_reviewer)
    assert client.get("/accounts/password/")["Location"].startswith(VERIFY)
    _verify(client, county.county_reviewer)
    assert client.get("/work/")["Location"] == "/accounts/password/?next=%2Fwork%2F"


# --- verification ------------------------------------------------------------------------------------------------


def _verify(client, user, at=None):
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    r = client.post(VERIFY, {"code": code_for(device, at), "next": "/work/"})
    assert r.status_code == 302, r.content.decode()
    return r


def test_it_verifies_a_code_and_replaces_the_session_key(county, client):
    device = enrol(county.county_reviewer)
    with time_machine.travel(START, tick=False):
        password_login(client, county.county_reviewer)
        before = client.session.session_key
        r = client.get("/work/queues/")
        assert r["Location"] == VERIFY + "?next=%2Fwork%2Fqueues%2F"
        assert "输入验证码" in client.get(VERIFY).content.decode()
        r = client.post(VERIFY, {"code": code_for(device), "next": "/work/queues/"})
        assert r.status_code == 302 and r["Location"] == "/work/queues/"
        assert client.session.session_key != before
        assert client.get("/work/queues/").status_code == 200
        assert client.get("/api/me").status_code == 200
    entry = AuditEntry.objects.get(action="accounts.second_factor_verified")
    assert (entry.actor_id, entry.ip, entry.detail) == (
        county.county_reviewer.pk,
        "127.0.0.1",
        {"method": "authenticator"},
    )
    # The old session id is worth nothing now.
    stale = Client()
    stale.cookies["sessionid"] = before
    assert stale.get("/work/").status_code == 302


def test_a_code_cannot_be_used_twice(county):
    device = enrol(county.county_reviewer)
    with time_machine.travel(START, tick=False):
        first, second = Client(), Client()
        password_login(first, county.county_reviewer)
        password_login(second, county.county_reviewer)
        code = code_for(device)
        assert first.post(VERIFY, {"code": code}).status_code == 302
        r = second.post(VERIFY, {"code": code})
    assert r.status_code == 400
    assert "验证码不正确或已用过" in r.content.decode()
    assert second.get("/work/").status_code == 302
    failed = AuditEntry.objects.get(action="accounts.second_factor_failed")
    assert (failed.outcome, failed.detail) == ("failed", {"method": "authenticator"})
    # The next time step's code works (after django-otp's one-second wait for the failure).
    with time_machine.travel(START + dt.timedelta(seconds=31), tick=False):
        assert second.post(VERIFY, {"code": code_for(device)}).status_code == 302


@pytest.mark.parametrize(
    "typed, accepted",
    [
        ("abcd-efgh", True),  # as shown
        ("ABCD EFGH", True),  # as read out
        ("abcdefgh", True),
        ("abcd-efgx", False),
        ("", False),
    ],
)
def test_a_recovery_code_is_taken_as_typed(county, client, typed, accepted):
    enrol(county.auditor)
    recovery_codes(county.auditor, "abcdefgh")
    password_login(client, county.auditor)
    r = client.post(VERIFY, {"recovery_code": typed})
    assert (r.status_code == 302) is accepted
    assert StaticToken.objects.filter(token="abcdefgh").exists() is not accepted


def test_a_recovery_code_works_once(county):
    enrol(county.auditor)
    recovery_codes(county.auditor, "abcdefgh", "jkmnpqrs")
    with time_machine.travel(START, tick=False):
        first = Client()
        password_login(first, county.auditor)
        r = first.post(VERIFY, {"recovery_code": "abcd-efgh", "next": "/work/audit/"})
        assert r.status_code == 302 and r["Location"] == "/work/audit/"
        assert first.get("/work/audit/").status_code == 200
        again = Client()
        password_login(again, county.auditor)
        r = again.post(VERIFY, {"recovery_code": "abcd-efgh"})
        assert r.status_code == 400
        assert "恢复码不正确或已用过" in r.content.decode()
    with time_machine.travel(START + dt.timedelta(seconds=2), tick=False):
        assert again.post(VERIFY, {"recovery_code": "jkmn-pqrs"}).status_code == 302
    assert not StaticToken.objects.filter(device__user=county.auditor).exists()
    used = AuditEntry.objects.filter(action="accounts.second_factor_verified").order_by("seq")
    assert [e.detail for e in used] == [
        {"method": "recovery_code", "recovery_codes_left": 1},
        {"method": "recovery_code", "recovery_codes_left": 0},
    ]


def test_wrong_codes_make_the_next_try_wait(county, client):
    device = enrol(county.county_leader)
    with time_machine.travel(START, tick=False):
        password_login(client, county.county_leader)
        assert client.post(VERIFY, {"code": "000000"}).status_code == 400
        # Within a second of a failure even the right code is refused.
        r = client.post(VERIFY, {"code": code_for(device)})
        assert r.status_code == 400 and "尝试过于频繁" in r.content.decode()
    with time_machine.travel(START + dt.timedelta(seconds=3), tick=False):
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302


# --- setting up -------------------------------------------------------------------------------------------------


def test_it_sets_up_an_authenticator_with_a_qr_code_and_gives_recovery_codes_once(county, client):
    password_login(client, county.secrecy)
    before = client.session.session_key
    r = client.get(SETUP)
    page = r.content.decode()
    assert r.status_code == 200
    assert "<svg" in page and "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org", ""
    )
    device = TOTPDevice.objects.get(user=county.secrecy, confirmed=False)
    assert second_factor.secret_text(device) in page
    assert client.get(SETUP).content.decode().count(second_factor.secret_text(device)) == 1  # same secret on reload
    r = client.post(SETUP, {"code": code_for(device), "next": "/work/queues/"})
    assert r.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", r.content.decode())
    assert len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert sorted(StaticToken.objects.filter(device__user=county.secrecy).values_list("token", flat=True)) == sorted(
        c.replace("-", "") for c in codes
    )
    assert client.session.session_key != before
    assert client.get("/work/queues/").status_code == 200
    entry = AuditEntry.objects.get(action="accounts.second_factor_enrolled")
    assert entry.detail == {"replaced": False, "recovery_codes": 10}
    assert not any(c.replace("-", "") in str(entry.detail) for c in codes)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("12345", "请输入验证器上显示的 6 位数字"),
        ("abcdef", "请输入验证器上显示的 6 位数字"),
        ("000000", "验证码不正确或已用过"),
        ("", "请输入验证码"),
    ],
)
def test_a_wrong_first_code_sets_nothing_up(county, client, typed, message):
    password_login(client, county.secrecy)
    client.get(SETUP)
    r = client.post(SETUP, {"code": typed})
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not TOTPDevice.objects.filter(user=county.secrecy, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=county.secrecy).exists()
    assert client.get("/work/").status_code == 302


def test_replacing_the_authenticator_retires_the_old_one_and_its_recovery_codes(county, client):
    old = enrol(county.sysadmin)
    recovery_codes(county.sysadmin, "abcdefgh")
    with time_machine.travel(START, tick=False):
        password_login(client, county.sysadmin)
        _verify(client, county.sysadmin)
        client.get(SETUP)
        new = TOTPDevice.objects.get(user=county.sysadmin, confirmed=False)
        assert client.post(SETUP, {"code": code_for(new)}).status_code == 200
    assert list(TOTPDevice.objects.filter(user=county.sysadmin)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not StaticToken.objects.filter(token="abcdefgh").exists()
    assert AuditEntry.objects.get(action="accounts.second_factor_enrolled").detail["replaced"] is True


def test_new_recovery_codes_replace_the_old_ones(county, client):
    enrol(county.sysadmin)
    recovery_codes(county.sysadmin, "abcdefgh")
    password_login(client, county.sysadmin)
    _verify(client, county.sysadmin)
    assert client.get("/accounts/second-factor/recovery-codes/").status_code == 405
    r = client.post("/accounts/second-factor/recovery-codes/")
    assert r.status_code == 200
    assert len(re.findall(r"<li>[a-z2-7]{4}-[a-z2-7]{4}</li>", r.content.decode())) == 10
    assert not StaticToken.objects.filter(token="abcdefgh").exists()
    assert StaticToken.objects.filter(device__user=county.sysadmin).count() == 10
    assert AuditEntry.objects.filter(action="accounts.recovery_codes_issued", actor=county.sysadmin).count() == 1


def test_the_security_page_shows_the_state(county, client):
    enrol(county.sysadmin)
    recovery_codes(county.sysadmin, "abcdefgh", "jkmnpqrs")
    password_login(client, county.sysadmin)
    _verify(client, county.sysadmin)
    page = client.get("/accounts/security/").content.decode()
    assert "已开启" in page and "恢复码还剩 2 个" in page and "所剩不多" in page
    assert "停用双因素认证" not in page  # required for a system administrator


@pytest.mark.parametrize(
    "persona, turned_off",
    [
        ("drafter", True),  # chose it
        ("sysadmin", False),  # must have it
    ],
)
def test_only_someone_who_chose_it_can_turn_it_off(county, client, persona, turned_off):
    person = getattr(county, persona)
    enrol(person)
    password_login(client, person)
    _verify(client, person)
    r = client.post("/accounts/second-factor/off/")
    assert r.status_code == 302 and r["Location"] == "/accounts/security/"
    assert (not TOTPDevice.objects.filter(user=person).exists()) is turned_off
    assert AuditEntry.objects.filter(action="accounts.second_factor_off").exists() is turned_off


# --- administrators reset a lost phone ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor, person, reset",
    [
        ("sysadmin", "county_reviewer", True),  # an ordinary account: the system administrator's
        ("sysadmin", "auditor", False),  # an administrator's account: the security administrator's
        ("security", "auditor", True),
    ],
)
def test_an_administrator_resets_a_lost_second_factor(county, client, actor, person, reset):
    acting, target = getattr(county, actor), getattr(county, person)
    enrol(acting)
    enrol(target)
    recovery_codes(target, "abcdefgh")
    password_login(client, acting)
    _verify(client, acting)
    r = client.post(
        "/manage/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [str(target.pk)], "index": "0"},
        follow=True,
    )
    assert r.status_code == 200
    assert (not TOTPDevice.objects.filter(user=target).exists()) is reset
    assert (not StaticDevice.objects.filter(user=target).exists()) is reset
    entries = AuditEntry.objects.filter(action="accounts.second_factor_reset")
    if reset:
        entry = entries.get()
        assert (entry.actor_id, entry.detail) == (acting.pk, {"person": target.username, "devices": 2})
        assert "已重置双因素认证" in r.content.decode()
    else:
        assert not entries.exists()
        assert "这些账号不归您管理" in r.content.decode()


def test_nobody_reads_authenticator_secrets_in_manage(county, client):
    enrol(county.sysadmin)
    password_login(client, county.sysadmin)
    _verify(client, county.sysadmin)
    assert client.get("/manage/otp_totp/totpdevice/").status_code == 404
    assert client.get("/manage/otp_static/staticdevice/").status_code == 404
    assert "otp_totp" not in client.get("/manage/").content.decode()


def test_the_admin_login_is_the_sites_login(client):
    r = client.get("/manage/login/?next=/manage/")
    assert r.status_code == 302 and r["Location"] == "/accounts/login/?next=%2Fmanage%2F"

"""Logins under attack (issue 9): a per-address limit, a known username that strangers cannot lock out, and failed
logins summed up in the audit log rather than written one entry each."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt

from sanshen.accounts import logins
from sanshen.accounts.models import LoginFailures
from sanshen.audit.log import verify
from sanshen.audit.models import AuditEntry
from sanshen.test import PASSWORD

ATTACKER = "203.0.113.9"
OWNER = "10.20.1.5"
WRONG = "Wrong#Pass123"

pytestmark = pytest.mark.usefixtures("fresh_failure_window")


@pytest.fixture(autouse=True)
def _fast_unknown_users(settings):
    # Unknown usernames are hashed too (so they take as long as known ones); a fast hasher first keeps these many
    # tries quick. The county's passwords keep their PBKDF2 hashes, which are still checked as such.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def _login(client, username, password, address):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


def _later(minutes):
    return time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=minutes), tick=False)


# --- attack: one address tries one password on every account -------------------------------------------------


def test_it_stops_an_address_after_twenty_failures_whatever_the_usernames(county, client, settings):
    assert settings.SANSHEN_LOGIN_ADDRESS_FAILURE_LIMIT == 20
    statuses = [_login(client, f"c.guess{i}", WRONG, ATTACKER).status_code for i in range(20)]
    assert statuses == [200] * 19 + [429]
    # From now on the address is refused even with a right password, and says why.
    r = _login(client, "a.first", PASSWORD, ATTACKER)
    assert r.status_code == 429
    assert "本地址登录失败次数过多" in r.content.decode()
    assert "_auth_user_id" not in client.session
    # Everyone else still logs in.
    assert _login(client, "a.first", PASSWORD, OWNER).status_code == 302


def test_the_address_limit_ends_with_the_cool_off(county, client):
    for i in range(20):
        _login(client, f"c.guess{i}", WRONG, ATTACKER)
    with _later(31):
        assert _login(client, "a.first", PASSWORD, ATTACKER).status_code == 302


def test_an_ipv6_client_is_counted_by_its_64(county, client):
    for i in range(20):
        _login(client, f"c.guess{i}", WRONG, f"2001:db8:7:1::{i + 1:x}")
    # Another address in the same /64 is the same client; the next /64 is not.
    assert _login(client, "a.first", PASSWORD, "2001:db8:7:1:ffff::1").status_code == 429
    assert _login(client, "a.first", PASSWORD, "2001:db8:7:2::1").status_code == 302


@pytest.mark.parametrize(
    "remote_addr, counted_as",
    [
        ("10.20.1.5", "10.20.1.5"),
        ("2001:db8:7:1:aaaa:bbbb:cccc:dddd", "2001:db8:7:1::"),
        ("2001:db8:7:1::1", "2001:db8:7:1::"),
        ("::1", "::"),
        ("", None),
    ],
)
def test_it_counts_clients_by_address(rf, remote_addr, counted_as):
    assert logins.client_address(rf.get("/", REMOTE_ADDR=remote_addr)) == counted_as


# --- attack: a stranger locks a known official out ------------------------------------------------------------


@pytest.mark.parametrize(
    "address, status",
    [
        (ATTACKER, 429),  # the guesser's own address is locked for this account
        (OWNER, 302),  # the owner, elsewhere, is not
    ],
)
def test_a_known_username_is_locked_only_from_the_guessing_address(county, client, address, status):
    # The fifth failure locks: it is answered with the lockout page.
    assert [_login(client, "a.first", WRONG, ATTACKER).status_code for _ in range(5)] == [200] * 4 + [429]
    assert _login(client, "a.first", PASSWORD, address).status_code == status


def test_guessing_one_account_from_one_address_stays_slow(county, client):
    for _ in range(5):
        _login(client, "a.first", WRONG, ATTACKER)
    # The sixth try is refused before the password is even checked, right or wrong.
    for password in (WRONG, PASSWORD):
        r = _login(client, "a.first", password, ATTACKER)
        assert r.status_code == 429
        assert "账号已锁定 30 分钟" in r.content.decode()


# --- attack: an anonymous client floods the audit log ---------------------------------------------------------


def test_thirty_failures_on_thirty_usernames_write_three_entries(county, client):
    before = AuditEntry.objects.count()
    statuses = [_login(client, f"c.guess{i}", WRONG, ATTACKER).status_code for i in range(30)]
    assert statuses == [200] * 19 + [429] * 11
    # At once: the first failure, and the address's lockout (once, not at each of the eleven refusals).
    assert [(e.action, e.ip, e.detail) for e in AuditEntry.objects.filter(seq__gt=before).order_by("seq")] == [
        ("accounts.login_failed", ATTACKER, {"username": "c.guess0"}),
        ("accounts.locked_out", ATTACKER, {"address_locked": True, "username": "c.guess19"}),
    ]
    window = LoginFailures.objects.get(address=ATTACKER)
    assert window.failures == 30
    # While the window is open nothing more is written; after it, one entry sums it up.
    assert logins.close_windows() == 0
    with _later(15):
        assert logins.close_windows() == 1
    summary = AuditEntry.objects.get(action="accounts.login_failures")
    assert (summary.ip, summary.outcome, summary.actor_id) == (ATTACKER, "failed", None)
    assert summary.detail["failures"] == 30
    assert summary.detail["usernames"] == [f"c.guess{i}" for i in range(30)]
    assert summary.detail["locked"] == ["*"]
    assert not LoginFailures.objects.exists()
    assert AuditEntry.objects.count() == before + 3
    assert verify()[1] == []


def test_a_locked_account_is_audited_once_however_often_it_is_tried(county, client):
    for _ in range(12):
        _login(client, "a.first", WRONG, ATTACKER)
    assert [(e.ip, e.outcome, e.detail) for e in _entries("accounts.locked_out")] == [
        (ATTACKER, "locked", {"username": "a.first"})
    ]
    assert len(_entries("accounts.login_failed")) == 1
    with _later(15):
        logins.close_windows()
    [summary] = _entries("accounts.login_failures")
    assert (summary.detail["failures"], summary.detail["usernames"], summary.detail["locked"]) == (
        12,
        ["a.first"],
        ["a.first"],
    )


def test_a_single_failure_needs_no_summary(county, client):
    _login(client, "a.first", WRONG, OWNER)
    with _later(15):
        assert logins.close_windows() == 1
    assert len(_entries("accounts.login_failed")) == 1
    assert _entries("accounts.login_failures") == []


def test_each_address_and_window_is_summed_up_on_its_own(county, client):
    for address in (ATTACKER, OWNER):
        for i in range(3):
            _login(client, f"c.guess{i}", WRONG, address)
    with _later(16):
        # A failure after the window closes the old window of its own address first, then opens a new one.
        _login(client, "c.guess9", WRONG, ATTACKER)
        assert [(e.ip, e.detail["failures"]) for e in _entries("accounts.login_failures")] == [(ATTACKER, 3)]
        assert [e.ip for e in _entries("accounts.login_failed")] == [ATTACKER, OWNER, ATTACKER]
    with _later(32):
        logins.close_windows()
    # The new window held one failure only, already written on its own.
    assert [(e.ip, e.detail["failures"]) for e in _entries("accounts.login_failures")] == [(ATTACKER, 3), (OWNER, 3)]


def test_a_summary_lists_fifty_usernames_and_says_there_were_more(county, client, settings):
    settings.SANSHEN_LOGIN_ADDRESS_FAILURE_LIMIT = 1000
    for i in range(55):
        _login(client, f"c.guess{i}", WRONG, ATTACKER)
    with _later(15):
        logins.close_windows()
    [summary] = _entries("accounts.login_failures")
    assert (summary.detail["failures"], len(summary.detail["usernames"]), summary.detail["more_usernames"]) == (
        55,
        50,
        True,
    )


def test_a_typed_username_cannot_forge_a_log_line(county, client):
    _login(client, "a.first\r\n2026-01-01 accounts.login ok", WRONG, ATTACKER)
    assert _entries("accounts.login_failed")[0].detail == {"username": "a.first  2026-01-01 accounts.login ok"}


def test_the_system_administrator_unlocks_an_address_in_manage(county, client):
    for i in range(20):
        _login(client, f"c.guess{i}", WRONG, ATTACKER)
    admin = client.__class__()
    admin.force_login(county.sysadmin)
    ids = [str(pk) for pk in AccessAttempt.objects.filter(ip_address=ATTACKER).values_list("pk", flat=True)]
    r = admin.post("/manage/accounts/lockout/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert r.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert AuditEntry.objects.filter(action="manage.deleted", actor=county.sysadmin).count() == 20
    assert _login(client, "a.first", PASSWORD, ATTACKER).status_code == 302

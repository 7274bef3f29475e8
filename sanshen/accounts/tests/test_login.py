import datetime as dt

import time_machine
from axes.models import AccessAttempt

from sanshen.audit.models import AuditEntry
from sanshen.test import PASSWORD


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_it_logs_in_and_audits_it(county, client):
    r = _login(client, "a.first", PASSWORD)
    assert r.status_code == 302
    entry = AuditEntry.objects.filter(action="accounts.login").latest("seq")
    assert entry.actor_id == county.first.pk
    assert entry.ip == "127.0.0.1"


def test_it_gives_one_message_for_unknown_user_and_wrong_password(county, client, fresh_failure_window):
    unknown = _login(client, "nobody", "Whatever#123")
    wrong = _login(client, "a.first", "Whatever#123")
    assert unknown.status_code == wrong.status_code == 200
    message = "用户名或密码错误"
    assert message in unknown.content.decode() and message in wrong.content.decode()
    # The first failure from this address is audited at once, the second is summed up when the window closes.
    failed = AuditEntry.objects.get(action="accounts.login_failed")
    assert (failed.ip, failed.detail) == ("127.0.0.1", {"username": "nobody"})


def test_it_locks_an_account_after_five_failures(county, client):
    for _ in range(5):
        _login(client, "a.first", "Wrong#Pass123")
    r = _login(client, "a.first", PASSWORD)
    assert r.status_code == 429
    assert "已锁定" in r.content.decode()
    assert AuditEntry.objects.filter(action="accounts.locked_out").exists()
    # Another account from the same address is not locked.
    assert _login(client, "a.second", PASSWORD).status_code == 302


def test_it_unlocks_after_the_cool_off(county, client):
    for _ in range(5):
        _login(client, "a.first", "Wrong#Pass123")
    assert AccessAttempt.objects.exists()
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=31), tick=False):
        assert _login(client, "a.first", PASSWORD).status_code == 302


def test_it_ends_an_idle_session(county, client, settings):
    _login(client, "a.first", PASSWORD)
    assert client.get("/work/").status_code == 200
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=31), tick=False):
        r = client.get("/work/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_it_ends_a_session_after_eight_hours_even_when_active(county, client):
    start = dt.datetime.now(dt.timezone.utc)
    with time_machine.travel(start, tick=False):
        _login(client, "a.first", PASSWORD)
    for minutes in range(25, 8 * 60, 25):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get("/work/").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=5), tick=False):
        r = client.get("/work/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_it_rotates_the_session_key_at_login(county, client):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    _login(client, "a.first", PASSWORD)
    assert client.session.session_key != before


def test_it_makes_the_old_cookie_anonymous_after_logout(county, client):
    _login(client, "a.first", PASSWORD)
    client.post("/accounts/logout/")
    r = client.get("/work/")
    assert r.status_code == 302


def test_it_refuses_a_deactivated_user_at_once(county, client):
    _login(client, "a.first", PASSWORD)
    county.first.is_active = False
    county.first.save()
    assert client.get("/work/").status_code == 302

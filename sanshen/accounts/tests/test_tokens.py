"""API 令牌 on the owner's page: list, issue with a key shown once, revoke; every step audited."""

import re

import pytest
from django.test import Client

from sanshen.accounts.models import ApiToken
from sanshen.audit.models import AuditEntry


def _key(response) -> str:
    found = re.search(r'<code id="token-key"[^>]*>([^<]+)</code>', response.content.decode())
    assert found, "no key on the page"
    return found.group(1)


def test_it_issues_a_read_only_token_and_shows_its_key_once(county, client):
    client.force_login(county.drafter)
    page = client.get("/accounts/tokens/")
    assert page.status_code == 200 and "还没有令牌" in page.content.decode()
    r = client.post("/accounts/tokens/", {"name": "县融媒体中心对接", "scope": "read"})
    assert r.status_code == 200
    key = _key(r)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.scope, token.revoked_at) == (county.drafter, "县融媒体中心对接", "read", None)
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    assert key not in client.get("/accounts/tokens/").content.decode()
    entry = AuditEntry.objects.get(action="api.token_issued")
    assert (entry.actor_id, entry.ip, entry.detail) == (
        county.drafter.pk,
        "127.0.0.1",
        {"user": "a.drafter", "name": "县融媒体中心对接", "scope": "read"},
    )
    assert key not in str(entry.detail)
    api = Client(headers={"Authorization": f"Bearer {key}"})
    assert api.get("/api/me").json()["username"] == "a.drafter"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "scope": "read"}, "请填写令牌用途"),
        ({"name": "   ", "scope": "read"}, "请填写令牌用途"),
        ({"name": "长" * 61, "scope": "read"}, "令牌用途不能超过 60 字"),
        ({"name": "对接", "scope": "admin"}, "请选择令牌权限"),
        ({"name": "对接"}, "请选择令牌权限"),
    ],
)
def test_it_refuses_a_bad_token_request_in_chinese(county, client, data, message):
    client.force_login(county.drafter)
    r = client.post("/accounts/tokens/", data)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(action="api.token_issued").exists()


def test_the_owner_revokes_a_token_and_it_stops_working(county, client):
    token, key = ApiToken.issue(county.drafter, "脚本")
    client.force_login(county.drafter)
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    r = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert r.status_code == 302 and r["Location"] == "/accounts/tokens/"
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = client.get("/accounts/tokens/").content.decode()
    assert "已撤销" in page and "脚本" in page
    entry = AuditEntry.objects.get(action="api.token_revoked")
    assert (entry.actor_id, entry.object_id, entry.detail) == (
        county.drafter.pk,
        str(token.pk),
        {"user": "a.drafter", "name": "脚本", "scope": "write"},
    )
    assert Client(headers={"Authorization": f"Bearer {key}"}).get("/api/me").status_code == 401
    # Revoking twice is not a second event.
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert AuditEntry.objects.filter(action="api.token_revoked").count() == 1


def test_nobody_sees_or_revokes_anyone_elses_token(county, client):
    token, key = ApiToken.issue(county.first, "初审脚本")
    client.force_login(county.drafter)
    assert "初审脚本" not in client.get("/accounts/tokens/").content.decode()
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client(headers={"Authorization": f"Bearer {key}"}).get("/api/me").status_code == 200


def test_the_token_pages_need_a_login(client):
    assert client.get("/accounts/tokens/")["Location"].startswith("/accounts/login/")
    assert client.get("/accounts/security/")["Location"].startswith("/accounts/login/")
    assert client.post("/accounts/tokens/1/revoke/")["Location"].startswith("/accounts/login/")

"""`sanshen issue_token USERNAME NAME`: prints the key once, stores its hash, writes the audit log."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from sanshen.accounts.models import ApiToken
from sanshen.audit.models import AuditEntry

def test_it_prints_a_working_key_once(county):
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_token", "a.first", "县融媒体中心对接", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.user == county.first
    assert token.name == "县融媒体中心对接"
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in token.key_hash
    assert err.getvalue().startswith(f"已为 a.first 签发令牌 #{token.pk}（县融媒体中心对接）")
    r = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/me")
    assert r.json()["username"] == "a.first"


def test_it_records_the_issue_without_the_key(county):
    out = io.StringIO()
    call_command("issue_token", "a.first", "脚本", stdout=out, stderr=io.StringIO())
    entry = AuditEntry.objects.get(action="api.token_issued")
    token = ApiToken.objects.get()
    assert entry.object_type == "accounts.apitoken"
    assert entry.object_id == str(token.pk)
    assert entry.detail == {"user": "a.first", "name": "脚本", "scope": "write"}
    assert out.getvalue().strip() not in str(entry.detail)


@pytest.mark.parametrize(
    "username,name,message",
    [
        ("nobody", "脚本", "用户不存在或已停用：nobody"),
        ("a.first", "  ", "请填写令牌用途"),
        ("a.first", "用" * 61, "令牌用途不能超过 60 字"),
    ],
)
def test_it_refuses_bad_arguments(county, username, name, message):
    with pytest.raises(CommandError, match=f"^{message}$"):
        call_command("issue_token", username, name, stdout=io.StringIO(), stderr=io.StringIO())
    assert ApiToken.objects.count() == 0


def test_it_refuses_a_deactivated_person(county):
    county.first.is_active = False
    county.first.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="^用户不存在或已停用：a.first$"):
        call_command("issue_token", "a.first", "脚本", stdout=io.StringIO(), stderr=io.StringIO())

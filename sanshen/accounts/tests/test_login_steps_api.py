"""The forced password change, password age and second factor hold on the API too (issue 9): a session or a token
of a person who still owes a step gets a JSON 403 and changes nothing."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanshen.accounts.models import ApiToken, User
from sanshen.audit.models import AuditEntry
from sanshen.review.models import Submission

CHANGE_PASSWORD = {"error": "请先修改密码", "code": "password_change_required"}
TOKEN_CHANGE_PASSWORD = {"error": "请先登录网页修改密码，之后才能使用 API 令牌", "code": "password_change_required"}
READ_ONLY = {"error": "该令牌为只读令牌，不能修改数据：请另签发读写令牌", "code": "token_read_only"}


def _new_item(county) -> str:
    return json.dumps({"title": "三江镇召开森林防火工作会议", "column_id": county.column.pk})


def _owes_new_password(person):
    User.objects.filter(pk=person.pk).update(must_change_password=True)


def _password_expired(person):
    User.objects.filter(pk=person.pk).update(
        password_changed_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=91)
    )


@pytest.mark.parametrize("owes", [_owes_new_password, _password_expired])
def test_a_session_that_owes_a_new_password_gets_nothing_from_the_api(county, owes):
    owes(county.drafter)
    client = Client()
    client.force_login(county.drafter)
    r = client.get("/api/submissions")
    assert (r.status_code, r.json()) == (403, CHANGE_PASSWORD)
    r = client.post("/api/submissions", _new_item(county), content_type="application/json")
    assert (r.status_code, r.json()) == (403, CHANGE_PASSWORD)
    assert Submission.objects.count() == 0
    assert client.get("/api/me").status_code == 403
    # The pages send the same session to the change-password page.
    assert client.get("/work/")["Location"] == "/accounts/password/?next=%2Fwork%2F"


def test_a_session_gets_the_api_back_once_the_password_is_changed(county):
    _owes_new_password(county.drafter)
    client = Client()
    client.force_login(county.drafter)
    r = client.post(
        "/accounts/password/",
        {"old_password": "Test#Pass2026", "new_password1": "Fresh#Start2026", "new_password2": "Fresh#Start2026"},
    )
    assert r.status_code == 302
    assert client.get("/api/submissions").status_code == 200


@pytest.mark.parametrize("owes", [_owes_new_password, _password_expired])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_token_of_someone_who_owes_a_new_password_is_refused(county, owes, method):
    _, key = ApiToken.issue(county.drafter, "脚本")
    owes(county.drafter)
    client = Client(headers={"Authorization": f"Bearer {key}"})
    if method == "get":
        r = client.get("/api/submissions")
    else:
        r = client.post("/api/submissions", _new_item(county), content_type="application/json")
    assert (r.status_code, r.json()) == (403, TOKEN_CHANGE_PASSWORD)
    assert Submission.objects.count() == 0
    assert ApiToken.objects.get().last_used is None


def test_an_expired_password_is_judged_at_the_time_of_the_call(county):
    _, key = ApiToken.issue(county.drafter, "脚本")
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert client.get("/api/me").status_code == 200
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=91), tick=False):
        assert client.get("/api/me").status_code == 403


@pytest.mark.parametrize(
    "scope, method, status",
    [
        (ApiToken.Scope.READ, "get", 200),
        (ApiToken.Scope.READ, "post", 403),
        (ApiToken.Scope.WRITE, "get", 200),
        (ApiToken.Scope.WRITE, "post", 201),
    ],
)
def test_a_token_does_what_its_scope_allows(county, scope, method, status):
    _, key = ApiToken.issue(county.drafter, "脚本", scope)
    client = Client(headers={"Authorization": f"Bearer {key}"})
    if method == "get":
        r = client.get("/api/submissions")
    else:
        r = client.post("/api/submissions", _new_item(county), content_type="application/json")
    assert r.status_code == status
    if status == 403:
        assert r.json() == READ_ONLY
        assert Submission.objects.count() == 0


def test_a_revoked_token_is_refused(county):
    token, key = ApiToken.issue(county.drafter, "脚本")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=dt.datetime.now(dt.timezone.utc))
    r = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/me")
    assert (r.status_code, r.json()["code"]) == (401, "unauthenticated")


def test_a_token_of_someone_who_has_not_set_up_a_required_second_factor_is_refused(county, settings):
    settings.SANSHEN_REQUIRE_2FA = True
    _, key = ApiToken.issue(county.county_reviewer, "脚本")
    client = Client(headers={"Authorization": f"Bearer {key}"})
    r = client.get("/api/me")
    assert (r.status_code, r.json()) == (
        403,
        {"error": "请先登录网页设置双因素认证，之后才能使用 API 令牌", "code": "second_factor_setup_required"},
    )
    # A token stands for a finished login, second factor included: once it is set up, the token works.
    TOTPDevice.objects.create(user=county.county_reviewer, name="验证器", confirmed=True)
    assert client.get("/api/me").status_code == 200


def test_a_session_without_its_second_factor_gets_nothing_from_the_api(county, settings):
    settings.SANSHEN_REQUIRE_2FA = True
    TOTPDevice.objects.create(user=county.county_reviewer, name="验证器", confirmed=True)
    client = Client()
    client.force_login(county.county_reviewer)
    r = client.get("/api/queue")
    assert (r.status_code, r.json()) == (
        403,
        {"error": "请先输入验证器上的验证码（双因素认证），再使用本系统", "code": "second_factor_required"},
    )
    assert not AuditEntry.objects.filter(action__startswith="review.").exists()

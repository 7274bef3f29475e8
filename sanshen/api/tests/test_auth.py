"""Who may call the API: a personal token, or a logged-in session that carries the CSRF token."""

import json

import pytest
from django.conf import settings
from django.test import Client

from sanshen.accounts.models import ApiToken
from sanshen.review.models import Submission

UNAUTHENTICATED = {"error": "未登录或 API 令牌无效", "code": "unauthenticated"}
CSRF_FAILED = {"error": "CSRF 校验失败：请刷新页面后重试，或改用 API 令牌", "code": "csrf_failed"}


def _new_item(county) -> str:
    return json.dumps({"title": "三江镇召开森林防火工作会议", "column_id": county.column.pk})


def test_it_accepts_a_personal_token(county):
    token, key = ApiToken.issue(county.drafter, "脚本")
    r = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/me")
    assert r.status_code == 200
    assert r.json()["username"] == "a.drafter"
    assert r.json()["roles"] == [{"unit_id": county.unit_a.pk, "role": "drafter", "label": "拟稿人"}]
    token.refresh_from_db()
    assert token.last_used is not None


@pytest.mark.parametrize(
    "header",
    [
        "Bearer not-a-real-key",
        "Bearer ",
        "bearer wrong",
    ],
)
def test_it_refuses_a_wrong_token(county, header):
    r = Client(headers={"Authorization": header}).get("/api/submissions")
    assert r.status_code == 401
    assert r.json() == UNAUTHENTICATED
    assert r["WWW-Authenticate"] == "Bearer"


def test_it_refuses_the_token_of_a_deactivated_person(county):
    _, key = ApiToken.issue(county.drafter, "脚本")
    county.drafter.is_active = False
    county.drafter.save(update_fields=["is_active"])
    r = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/me")
    assert r.status_code == 401


@pytest.mark.parametrize("method,path", [("get", "/api/me"), ("get", "/api/queue"), ("post", "/api/submissions")])
def test_it_requires_authentication(county, method, path):
    r = getattr(Client(enforce_csrf_checks=True), method)(path)
    # Anonymous is 401 for unsafe methods too, not a CSRF 403.
    assert r.status_code == 401
    assert r.json() == UNAUTHENTICATED


def test_a_wrong_token_is_not_rescued_by_a_session(county):
    client = Client(headers={"Authorization": "Bearer wrong"})
    client.force_login(county.drafter)
    assert client.get("/api/me").status_code == 401
    r = client.post("/api/submissions", _new_item(county), content_type="application/json")
    assert (r.status_code, r.json()) == (401, UNAUTHENTICATED)
    assert Submission.objects.count() == 0


def test_it_accepts_a_logged_in_session_for_reading(county, client):
    client.force_login(county.first)
    r = client.get("/api/me")
    assert r.status_code == 200
    assert r.json()["name"] == "姜海燕"


def test_it_refuses_a_session_post_without_csrf(county):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county.drafter)
    r = client.post("/api/submissions", _new_item(county), content_type="application/json")
    assert r.status_code == 403
    assert r.json() == CSRF_FAILED
    assert Submission.objects.count() == 0


def test_it_refuses_a_session_post_with_a_wrong_csrf_token(county):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county.drafter)
    client.get("/api/me")
    r = client.post(
        "/api/submissions", _new_item(county), content_type="application/json", headers={"X-CSRFToken": "x" * 32}
    )
    assert r.status_code == 403
    assert r.json()["code"] == "csrf_failed"
    assert Submission.objects.count() == 0


def test_it_accepts_a_session_post_with_csrf(county):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county.drafter)
    # /api/me hands out the CSRF cookie, as a page would.
    csrf = client.get("/api/me").cookies[settings.CSRF_COOKIE_NAME].value
    r = client.post("/api/submissions", _new_item(county), content_type="application/json", headers={"X-CSRFToken": csrf})
    assert r.status_code == 201
    assert Submission.objects.get().drafter == county.drafter


def test_a_token_post_needs_no_csrf(county):
    _, key = ApiToken.issue(county.drafter, "脚本")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
    r = client.post("/api/submissions", _new_item(county), content_type="application/json")
    assert r.status_code == 201


def test_the_schema_needs_a_login_like_the_endpoints(county, client):
    r = client.get("/api/schema")
    assert (r.status_code, r.json(), r["WWW-Authenticate"]) == (401, UNAUTHENTICATED, "Bearer")
    client.force_login(county.drafter)
    assert client.get("/api/schema").status_code == 200

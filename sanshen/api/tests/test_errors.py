"""Every error under /api/ is {"error": 中文, "code": english} with the right status, whoever answered it."""

import json
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.test import Client

from sanshen.accounts.models import ApiToken
from sanshen.api import views
from sanshen.review.models import Submission

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _token_client(county) -> Client:
    key = ApiToken.issue(county.drafter, "测试")[1]
    return Client(headers={"Authorization": f"Bearer {key}"}, raise_request_exception=False)


def _new_item(county, **fields) -> str:
    return json.dumps({"title": "三江镇召开森林防火工作会议", "column_id": county.column.pk, **fields})


def assert_json_error(r, status: int, error: str, code: str) -> dict:
    assert r.status_code == status, r.content[:300]
    assert r["Content-Type"].startswith("application/json")
    body = r.json()
    assert (body["error"], body["code"]) == (error, code)
    assert CHINESE.search(body["error"])
    return body


# (what is sent, status, message, code): an authenticated client unless the case says otherwise.
CASES = {
    "unknown path": (lambda c, county: c.get("/api/nope"), 404, "未找到", "not_found"),
    "trailing slash": (lambda c, county: c.get("/api/me/"), 404, "未找到", "not_found"),
    "the API's root": (lambda c, county: c.get("/api/"), 404, "未找到", "not_found"),
    "a method the route lacks": (lambda c, county: c.delete("/api/me"), 405, "该地址不支持此请求方法", "method_not_allowed"),
    "a write to the schema": (lambda c, county: c.post("/api/schema"), 405, "该地址不支持此请求方法", "method_not_allowed"),
    "malformed JSON": (
        lambda c, county: c.post("/api/submissions", "{title: 1", content_type="application/json"),
        400, "请求内容须为 JSON", "bad_json",
    ),
    "8 MB that is not JSON": (
        lambda c, county: c.post("/api/submissions", b"x" * 8 * 1024 * 1024, content_type="application/json"),
        400, "请求内容须为 JSON", "bad_json",
    ),
    "a hostile Host header": (lambda c, county: c.get("/api/me", HTTP_HOST="evil.example"), 400, "请求有误", "bad_request"),
}


@pytest.mark.parametrize("case", CASES)
def test_it_answers_json_for(county, case):
    send, status, error, code = CASES[case]
    assert_json_error(send(_token_client(county), county), status, error, code)


@pytest.mark.parametrize(
    "headers, error",
    [
        ({}, "未登录或 API 令牌无效"),
        ({"Authorization": "Bearer not-a-token"}, "未登录或 API 令牌无效"),
    ],
)
@pytest.mark.parametrize("path", ["/api/me", "/api/submissions", "/api/schema"])
def test_it_answers_401_json_without_a_way_in(db, headers, error, path):
    r = Client(headers=headers).get(path)
    assert_json_error(r, 401, error, "unauthenticated")
    assert r["WWW-Authenticate"] == "Bearer"


def test_the_schema_answers_a_token(county):
    r = _token_client(county).get("/api/schema")
    assert r.status_code == 200
    assert r.json()["info"]["title"] == "三审三校 API"


def test_the_schema_answers_a_logged_in_session(county, client):
    client.force_login(county.first)
    assert client.get("/api/schema").status_code == 200


def test_a_body_over_the_limit_is_413_and_stores_nothing(county):
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    r = _token_client(county).post("/api/submissions", _new_item(county, body=padding), content_type="application/json")
    assert_json_error(r, 413, "请求内容过大：不能超过 10 MB", "too_large")
    assert Submission.objects.count() == 0


def test_the_limit_in_the_message_follows_the_setting(county, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    r = _token_client(county).post("/api/submissions", _new_item(county, body="x" * 70_000), content_type="application/json")
    assert_json_error(r, 413, "请求内容过大：不能超过 64 KB", "too_large")


def test_a_field_error_is_422_with_the_field(county):
    r = _token_client(county).post("/api/submissions", _new_item(county, column_id="abc"), content_type="application/json")
    body = assert_json_error(r, 422, "请求内容有误（column_id：须为整数）", "invalid_request")
    assert body["fields"] == [{"field": "column_id", "message": "须为整数"}]


def test_a_session_post_without_the_csrf_token_is_403_json(county):
    client = Client(enforce_csrf_checks=True)
    client.force_login(county.drafter)
    r = client.post("/api/submissions", _new_item(county), content_type="application/json")
    assert_json_error(r, 403, "CSRF 校验失败：请刷新页面后重试，或改用 API 令牌", "csrf_failed")
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "raised, status, error, code",
    [
        (RuntimeError("boom at /work/main/sanshen/api/views.py"), 500, "系统出错，操作没有完成，请稍后重试", "server_error"),
        (PermissionDenied("secret reason"), 403, "没有权限", "forbidden"),
        (SuspiciousFileOperation("../../etc/passwd"), 400, "请求有误", "bad_request"),
    ],
)
def test_an_exception_inside_an_endpoint_is_json_without_details(county, monkeypatch, raised, status, error, code):
    def broken(*args, **kwargs):
        raise raised

    monkeypatch.setattr(views, "_get_submission", broken)
    r = _token_client(county).get("/api/submissions/1")
    assert_json_error(r, status, error, code)
    for leak in ("Traceback", "boom", "/work/main", "secret", "passwd"):
        assert leak not in r.content.decode()


def test_pages_outside_the_api_keep_their_html_error_pages(county, client):
    client.force_login(county.first)
    r = client.get("/work/no-such-page/")
    assert r.status_code == 404
    assert r["Content-Type"].startswith("text/html")
    assert "页面不存在" in r.content.decode()

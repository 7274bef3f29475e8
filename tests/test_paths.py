"""No path trick reaches a file or a 500 (security.md item 31): traversal in every encoding, null bytes, overlong
paths, and the files scanners look for (.git, .env, dumps, backups, archives) all answer the plain 404 page.

Here through Django's whole stack, WhiteNoise included; tests/test_production_server.py sends the same paths to
gunicorn as `make run` starts it.
"""

import pytest
from django.test import Client

HOSTILE_PATHS = [
    "/static/..%2f..%2fvar/sanshen.sqlite3",
    "/static/..%252f..%252fvar/sanshen.sqlite3",
    "/static/%2e%2e/%2e%2e/var/sanshen.sqlite3",
    "/static/%2e%2e%2f%2e%2e%2fsanshen%2fsettings.py",
    "/static/..%5c..%5cvar%5csanshen.sqlite3",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/static/admin/css/base.css%00.png",
    "/static/sanshen/%00",
    "/work/%00",
    "/work/submissions/1%00/",
    "/article/..%2f..%2f/",
    "/media/../var/secret_key",
    "/var/sanshen.sqlite3",
    "/sanshen/settings.py",
    "/.git/",
    "/.git/config",
    "/.git/HEAD",
    "/.env",
    "/.env.bak",
    "/backup.sql",
    "/sanshen.sql",
    "/db.sql.gz",
    "/sanshen.bak",
    "/index.html.bak",
    "/settings.py.bak",
    "/www.zip",
    "/www.tar.gz",
    "/web.rar",
    "/manage.py",
    "/" + "a" * 3000,
    "/static/" + "a/" * 1000,
    "/work/" + "%2e%2e/" * 300,
]


@pytest.mark.parametrize("path", HOSTILE_PATHS, ids=lambda p: p[:60])
def test_it_answers_the_plain_404_page(path):
    r = Client(raise_request_exception=False).get(path)
    assert r.status_code == 404
    body = r.content.decode()
    assert "页面不存在" in body
    for leak in ("Traceback", "sqlite", "SECRET", "/work/main"):
        assert leak not in body


@pytest.mark.parametrize("path", ["/api/..%2fschema", "/api/%00", "/api/.env", "/api/" + "a" * 3000])
def test_under_the_api_it_answers_a_json_404(path):
    r = Client(raise_request_exception=False).get(path)
    assert (r.status_code, r.json()) == (404, {"error": "未找到", "code": "not_found"})

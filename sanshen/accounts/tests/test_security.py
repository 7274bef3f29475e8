import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import get_resolver

from sanshen.accounts.models import Role, RoleName


def test_it_sends_security_headers(county, client):
    client.force_login(county.first)
    r = client.get("/work/")
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in r["Content-Security-Policy"]
    assert r["Cache-Control"] == "no-store"
    assert "HttpOnly" in str(client.cookies["sessionid"]) or client.cookies["sessionid"]["httponly"]


def test_it_keeps_the_system_admin_out_of_the_audit_log(county, client):
    client.force_login(county.sysadmin)
    assert client.get("/work/audit/").status_code == 403
    client.force_login(county.auditor)
    assert client.get("/work/audit/").status_code == 200


def test_it_refuses_both_admin_roles_for_one_person(county):
    with pytest.raises(ValidationError) as exc:
        Role.objects.create(user=county.sysadmin, unit=county.sysadmin.unit, role=RoleName.AUDITOR)
    assert exc.value.code == "separation_of_duties"


def test_it_flags_default_accounts_in_the_deploy_check(county, django_user_model):
    django_user_model.objects.create(username="admin", full_name="管理员")
    with pytest.raises(SystemCheckError) as exc:
        call_command("check", "--deploy", "--tag", "security", "--fail-level", "ERROR")
    assert "sanshen.E001" in str(exc.value)


# Pages anyone may open; every other URL needs a login.
PUBLIC_ROUTES = {
    "",
    "robots.txt",
    "column/<slug:slug>/",
    "column/<slug:slug>/feed/",
    "article/<uuid:public_id>/",
    "article/<uuid:public_id>/files/<int:pk>/",
    "article/<uuid:public_id>/images/<uuid:image_id>/",
    "accounts/login/",
}


CONVERTER = re.compile(r"<(int|str|slug|uuid|path):\w+>")
SAMPLE = {"int": "1", "str": "pdf", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000000", "path": "x"}


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if hasattr(p, "url_patterns"):
            yield from _routes(p, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def test_it_requires_login_everywhere_but_the_public_pages(county, client):
    from django.conf import settings

    checked = 0
    for route, _ in _routes():
        if route in PUBLIC_ROUTES or route.startswith(("api/", settings.SANSHEN_ADMIN_PATH, "static/")):
            continue
        url = "/" + CONVERTER.sub(lambda m: SAMPLE[m.group(1)], route)
        r = client.get(url)
        assert r.status_code in (302, 405), (route, r.status_code)
        if r.status_code == 302:
            assert r["Location"].startswith("/accounts/login/"), route
        checked += 1
    assert checked >= 15

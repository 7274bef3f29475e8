"""A form sent from a page whose CSRF cookie is gone (open too long, cookies cleared) gets sanshen's Chinese page,
not Django's own "Forbidden (403)" with its DEBUG hint, on a phone and on a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sanshen.test import make_county

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)
DESKTOP = {"width": 1366, "height": 800}


@pytest.mark.parametrize("viewport, name", [(PHONE, "stale-form-phone"), (DESKTOP, "stale-form")])
def test_a_login_sent_from_a_stale_page_explains_what_to_do(open_as, shot, viewport, name):
    county = make_county()
    open_as.expect_console("status of 403")
    page = open_as(None, viewport=viewport)
    page.goto("/accounts/login/")
    page.context.clear_cookies()
    page.get_by_label("用户名").fill(county.drafter.username)
    page.get_by_label("密码").fill("Test#Pass2026")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="页面已过期")).to_be_visible()
    expect(page.locator("main")).to_contain_text("请返回并刷新页面后重新提交")
    assert "DEBUG" not in page.content()
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= viewport["width"]
    shot(page, name)

"""双因素认证 in a real browser: a county officer sets up an authenticator from the QR page (the code computed here
from the secret the page shows, as the phone would), keeps the recovery codes, and logs in again with a code;
then issues an API token on their own page.

Photographed at 1366 px and 390 px for docs/screenshots (auth-*.png).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from sanshen.accounts.models import ApiToken
from sanshen.test import PASSWORD, make_county

from .conftest import PHONE, BrowserErrors

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1366, "height": 900}


@pytest.fixture(autouse=True)
def _level_three(settings):
    settings.SANSHEN_REQUIRE_2FA = True


@pytest.fixture
def new_page(browser, live_server):
    contexts, errors = [], BrowserErrors()

    def make(viewport):
        context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        errors.watch(page)
        return page

    make.expect_console = errors.expected.append
    yield make
    for context in contexts:
        context.close()
    assert errors.unexpected() == []


def _code(secret_text: str, at: float) -> str:
    """What the phone shows at `at` (Unix time)."""
    totp = TOTP(base64.b32decode(secret_text.replace(" ", "")))
    totp.time = at
    return f"{totp.token():06d}"


def _password(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def _fits(page, width: int) -> None:
    scroll = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways: {scroll}px"


@pytest.mark.parametrize("viewport, suffix", [(WIDE, ""), (PHONE, "-phone")])
def test_an_officer_sets_up_an_authenticator_and_logs_in_with_a_code(new_page, shot, viewport, suffix):
    county = make_county()
    officer = county.secrecy

    page = new_page(viewport)
    _password(page, officer)
    # The password alone leads to the set-up page, whatever was asked for.
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/setup/\?next=%2Fwork%2F$"))
    page.goto("/work/queues/")
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/setup/"))
    expect(page.locator("h1")).to_have_text("设置双因素认证")
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)
    _fits(page, viewport["width"])
    shot(page, f"auth-setup{suffix}")

    set_up_at = time.time()
    first_code = _code(secret, set_up_at)
    page.get_by_label("验证码").fill(first_code)
    page.get_by_role("button", name="确认").click()
    expect(page.locator("h1")).to_have_text("双因素认证已开启")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", c) for c in codes)
    _fits(page, viewport["width"])
    shot(page, f"auth-recovery-codes{suffix}")
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page).to_have_url(re.compile(r"/work/queues/$"))
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert StaticToken.objects.filter(device__user=officer).count() == 10

    # Next morning: password, then the code the phone shows now (the next step: this one was used to set up).
    again = new_page(viewport)
    _password(again, officer)
    expect(again).to_have_url(re.compile(r"/accounts/second-factor/\?next=%2Fwork%2F$"))
    expect(again.locator("h1")).to_have_text("输入验证码")
    _fits(again, viewport["width"])
    shot(again, f"auth-verify{suffix}")
    new_page.expect_console("status of 400")  # the refused code below is answered 400, as a form error should
    again.get_by_label("验证码").fill(first_code)  # seen over a shoulder: used already
    again.get_by_role("button", name="验证").click()
    expect(again.locator(".errorlist")).to_contain_text("验证码不正确或已用过")
    time.sleep(1.1)  # django-otp's wait after a failure
    # The next 30-second step's code: the server accepts one step either side of its clock.
    again.get_by_label("验证码").fill(_code(secret, set_up_at + 30))
    again.get_by_role("button", name="验证").click()
    expect(again).to_have_url(re.compile(r"/work/$"))
    expect(again.locator("header.top .who")).to_contain_text(officer.full_name)

    # A lost phone: one recovery code, once.
    third = new_page(viewport)
    _password(third, officer)
    third.get_by_text("手机不在身边？使用恢复码").click()
    third.get_by_label("恢复码").fill(codes[0].upper())
    third.get_by_role("button", name="用恢复码登录").click()
    expect(third).to_have_url(re.compile(r"/work/$"))
    expect(third.locator(".messages")).to_contain_text("还剩 9 个")
    assert StaticToken.objects.filter(device__user=officer).count() == 9


@pytest.mark.parametrize("viewport, suffix", [(WIDE, ""), (PHONE, "-phone")])
def test_an_officer_issues_and_revokes_an_api_token(new_page, shot, viewport, suffix):
    county = make_county()
    reviewer = county.county_reviewer
    device = TOTPDevice.objects.create(user=reviewer, name="验证器", confirmed=True)
    codes = StaticDevice.objects.create(user=reviewer, name="恢复码", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=codes, token=f"abcdefg{i}") for i in range(2, 7))
    ApiToken.objects.filter(pk=ApiToken.issue(reviewer, "旧脚本", ApiToken.Scope.READ)[0].pk).update(
        revoked_at=dt.datetime(2026, 11, 30, 8, tzinfo=dt.timezone.utc)
    )

    page = new_page(viewport)
    _password(page, reviewer)
    page.get_by_label("验证码").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="验证").click()
    expect(page).to_have_url(re.compile(r"/work/$"))
    page.locator("header.top .who a").click()
    expect(page.locator("h1")).to_have_text("账号安全")
    expect(page.get_by_text("恢复码还剩 5 个")).to_be_visible()
    _fits(page, viewport["width"])
    shot(page, f"auth-security{suffix}")

    page.get_by_role("link", name="管理 API 令牌").click()
    page.get_by_label("用途").fill("县融媒体中心对接")
    page.get_by_label("只读").check()
    page.get_by_role("button", name="签发").click()
    key = page.locator("#token-key").inner_text()
    token = ApiToken.objects.get(name="县融媒体中心对接")
    assert (token.scope, token.key_hash) == ("read", ApiToken.hash_key(key))
    expect(page.locator("table.list")).to_contain_text("已撤销")
    _fits(page, viewport["width"])
    shot(page, f"auth-tokens{suffix}")

    page.locator("tr", has_text="县融媒体中心对接").get_by_role("button", name="撤销").click()
    expect(page.locator(".messages")).to_contain_text("已撤销令牌“县融媒体中心对接”")
    token.refresh_from_db()
    assert token.revoked_at is not None

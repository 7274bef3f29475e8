"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Playwright's sync API keeps an event loop running in the test thread, and Django refuses ORM calls from a
thread with a running loop. Here that is safe: the test thread only reads, between browser steps, and the
server answers one request at a time (see `live_server`), so the shared connection is never written from
two threads at once.

Screenshots: `SANSHEN_SCREENSHOTS=docs/screenshots pytest tests/e2e/` refreshes the ones in the docs.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Screenshots go to a temporary folder unless SANSHEN_SCREENSHOTS names one (docs/screenshots refreshes the docs).
SCREENSHOTS_ENV = "SANSHEN_SCREENSHOTS"


@pytest.fixture
def live_server(request):
    """pytest-django's live server, answering one request at a time.

    The test database is one in-memory SQLite connection that the server thread borrows. Chromium fetches
    in parallel (a page, its favicon, the 审签表 picture), and with SESSION_SAVE_EVERY_REQUEST two threads
    writing sessions on one connection fail with "database table is locked". Serving serially also lets
    teardown wait for a request still running instead of pulling the database from under it.
    """
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
    from pytest_django.live_server_helper import LiveServer

    class SerialLiveServerThread(LiveServerThread):
        server_class = WSGIServer

        def _create_server(self, connections_override=None):
            # run() has already given this thread the shared connection, and requests are served here.
            return self.server_class((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)

    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(addr, start=False)
    threaded = server.thread
    server.thread = SerialLiveServerThread(
        threaded.host,
        threaded.static_handler,
        connections_override=threaded.connections_override,
        port=threaded.port,
    )
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    # Module scope: the event loop must not outlive these tests, or later modules would run inside it.
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium); browsers are never downloaded")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshot_dir(tmp_path) -> Path:
    folder = Path(os.environ[SCREENSHOTS_ENV]) if os.environ.get(SCREENSHOTS_ENV) else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def shot(screenshot_dir):
    """shot(page, "inbox") saves docs-ready PNGs; full_page for pages longer than the window."""

    def take(page, name: str, *, full_page: bool = True) -> Path:
        from playwright.sync_api import Error as PlaywrightError

        path = screenshot_dir / f"{name}.png"
        try:
            page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
        except PlaywrightError as error:
            # Headless Chromium under load sometimes fails to capture a full page once (seen in CI on a phone-width
            # page); the picture is for the docs, the page's checks are the test's: try once more.
            if "Unable to capture screenshot" not in str(error):
                raise
            page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
        return path

    return take


class BrowserErrors(list):
    """Console errors and uncaught exceptions of every page: a CSP refusal shows up here."""

    def __init__(self) -> None:
        super().__init__()
        self.expected: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: self.append(f"{page.url}: {e}"))

    def unexpected(self) -> list[str]:
        return [e for e in self if not any(part in e for part in self.expected)]


@pytest.fixture
def open_as(browser, live_server):
    """open_as(user) logs `user` in through the login form in a fresh browser context and returns the page."""
    from playwright.sync_api import expect

    from sanshen.test import PASSWORD

    contexts = []
    errors = BrowserErrors()

    def login(user, *, viewport=DESKTOP, before_login=None):
        """`user` None: a visitor of the public site, not logged in, on a blank page."""
        context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        errors.watch(page)
        if user is None:
            return page
        page.goto("/accounts/login/")
        if before_login is not None:
            before_login(page)
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        # Each role lands where its work is: 我的待办, or the register, the audit log, /manage/ (review.views.LANDING).
        expect(page).to_have_url(re.compile(r"/(work/|work/oversight/(register/)?|work/audit/|manage/)$"))
        expect(page.locator("header.top .who, #user-tools")).to_contain_text(user.full_name)
        return page

    # A test that provokes an error on purpose (a 410 page) says which: open_as.expect_console("status of 410").
    login.expect_console = errors.expected.append
    yield login
    for context in contexts:
        context.close()
    assert errors.unexpected() == []

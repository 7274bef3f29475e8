"""Real local web servers for the monitoring tests (pytest-httpserver): the site under watch on localhost, and an
"other site" on 127.0.0.1 (another host for the crawler). Never the internet."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

from sanshen.monitoring.crawler import Limits

# No pause between requests in tests: the pace itself has its own test.
FAST = Limits(max_pages=50, max_external=20, max_attachments=10, delay=0, timeout=2)
HTML = "text/html; charset=utf-8"


def html(body: str, title: str = "锦屏县人民政府") -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"


class Site:
    """A website on one server: pages by path, a robots.txt (none by default: 404 allows everything)."""

    def __init__(self, server: HTTPServer):
        self.server = server

    def url(self, path: str = "/") -> str:
        return self.server.url_for(path)

    def page(self, path: str, body: str, *, status: int = 200, title: str = "锦屏县人民政府", raw: bool = False) -> str:
        data = body if raw else html(body, title)
        self.server.expect_request(path).respond_with_data(data, status=status, content_type=HTML)
        return self.url(path)

    def file(self, path: str, data: bytes, content_type: str) -> str:
        self.server.expect_request(path).respond_with_data(data, content_type=content_type)
        return self.url(path)

    def robots(self, text: str | None = None, status: int = 200) -> None:
        if text is None:
            self.server.expect_request("/robots.txt").respond_with_data("", status=404)
        else:
            self.server.expect_request("/robots.txt").respond_with_data(text, status=status, content_type="text/plain")

    def requested(self) -> list[str]:
        return [request.path for request, _ in self.server.log]


@pytest.fixture
def site(httpserver) -> Site:
    s = Site(httpserver)
    return s


@pytest.fixture(scope="session")
def _other_server():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def other(_other_server) -> Site:
    """Another host: external links point here."""
    _other_server.clear()
    s = Site(_other_server)
    s.robots()
    yield s
    _other_server.clear()

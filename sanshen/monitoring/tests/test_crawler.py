"""The crawler against a real local server: robots.txt, pace, timeouts, size limits and bounds."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from werkzeug.wrappers import Response

from sanshen.monitoring.crawler import USER_AGENT, Fetcher, Limits, crawl

from .conftest import FAST


def test_it_crawls_the_same_host_and_only_checks_other_hosts(site, other):
    site.robots()
    other.page("/elsewhere", '<a href="/deeper">不应抓取</a>')
    site.page("/", f'<a href="/a">A</a><a href="{other.url("/elsewhere")}">外链</a>')
    site.page("/a", '<a href="/b">B</a><a href="/">首页</a><img src="/logo.png"><a href="/pic.jpg">图</a>')
    site.page("/b", "<p>最后一页</p>")
    result = crawl([site.url("/")], FAST)
    assert site.requested() == ["/robots.txt", "/", "/a", "/b"]
    assert other.requested() == ["/robots.txt", "/elsewhere"]
    assert list(result.pages) == [site.url("/"), site.url("/a"), site.url("/b")]
    assert list(result.external) == [other.url("/elsewhere")]
    assert {r.source for r in result.links[site.url("/")]} == {site.url("/a")}


def test_it_says_who_it_is(site):
    site.robots()
    site.page("/", "<p>首页</p>")
    crawl([site.url("/")], FAST)
    assert {request.headers["User-Agent"] for request, _ in site.server.log} == {USER_AGENT}
    assert USER_AGENT == "sanshen-monitor/1.0 (+county government self-check)"


def test_it_obeys_robots_txt(site):
    site.robots("User-agent: *\nDisallow: /private/\n\nUser-agent: sanshen-monitor\nDisallow: /only-us/\nDisallow: /private/\n")
    site.page("/", '<a href="/private/a">私</a><a href="/only-us/b">我们不抓</a><a href="/open">开放</a>')
    site.page("/open", "<p>开放</p>")
    result = crawl([site.url("/")], FAST)
    assert site.requested() == ["/robots.txt", "/", "/open"]
    assert sorted(result.skipped) == [
        (site.url("/only-us/b"), "robots.txt 不允许抓取"),
        (site.url("/private/a"), "robots.txt 不允许抓取"),
    ]


@pytest.mark.parametrize(
    "status, fetched",
    [
        (404, ["/robots.txt", "/"]),  # RFC 9309: no robots.txt, everything allowed
        (403, ["/robots.txt", "/"]),
        (503, ["/robots.txt"]),  # RFC 9309: a server error means "nothing for now"
    ],
)
def test_it_treats_robots_txt_errors_as_rfc_9309_says(site, status, fetched):
    site.robots("x", status=status)
    site.page("/", "<p>首页</p>")
    result = crawl([site.url("/")], FAST)
    assert site.requested() == fetched
    assert (result.skipped == []) is (status != 503)


def test_it_paces_requests_to_one_host(site):
    site.robots()
    site.page("/", '<a href="/a">A</a><a href="/b">B</a>')
    site.page("/a", "<p>A</p>")
    site.page("/b", "<p>B</p>")
    slept = []
    with Fetcher(replace(FAST, delay=0.5), sleep=slept.append) as fetcher:
        crawl([site.url("/")], FAST, fetcher=fetcher)
    # robots.txt, /, /a, /b: each request after the first waits for its turn.
    assert len(slept) == 3
    assert all(s >= 0.45 for s in slept)


def test_it_waits_longer_when_robots_txt_asks(site):
    site.robots("User-agent: *\nCrawl-delay: 3\n")
    site.page("/", '<a href="/a">A</a>')
    site.page("/a", "<p>A</p>")
    slept = []
    with Fetcher(replace(FAST, delay=0.1), sleep=slept.append) as fetcher:
        crawl([site.url("/")], FAST, fetcher=fetcher)
    assert slept and min(slept[1:]) >= 2.9


def test_it_gives_up_on_a_page_that_does_not_answer_in_time(site):
    site.robots()

    def slow(request):
        time.sleep(1.5)
        return Response("<p>太慢</p>", content_type="text/html")

    site.server.expect_request("/slow").respond_with_handler(slow)
    site.page("/", '<a href="/slow">慢</a>')
    limits = replace(FAST, timeout=0.5)
    result = crawl([site.url("/")], limits)
    got = result.pages[site.url("/slow")].fetched
    assert (got.error_code, got.error, got.broken) == ("timeout", "超时（0.5 秒内未打开）", True)


def test_it_gives_up_on_a_page_that_trickles_in(site):
    site.robots()

    def trickle(request):
        def body():
            for _ in range(40):
                time.sleep(0.1)
                yield b"<p>x</p>"

        return Response(body(), content_type="text/html")

    site.server.expect_request("/drip").respond_with_handler(trickle)
    started = time.monotonic()
    with Fetcher(replace(FAST, timeout=1)) as fetcher:
        got = fetcher.fetch(site.url("/drip"))
    assert got.error_code == "timeout"
    assert time.monotonic() - started < 3


def test_it_reads_no_more_than_the_size_limit(site):
    site.robots()
    site.page("/big", "<p>" + "大" * 50_000 + "</p>")
    site.server.expect_request("/stream").respond_with_handler(
        lambda request: Response((b"<p>" + b"x" * 1000 + b"</p>" for _ in range(100)), content_type="text/html")
    )
    with Fetcher(replace(FAST, max_page_bytes=10_000)) as fetcher:
        declared = fetcher.fetch(site.url("/big"))
        streamed = fetcher.fetch(site.url("/stream"))
    # Content-Length over the limit: nothing is read. No length: reading stops at the limit.
    assert (declared.truncated, len(declared.body), declared.broken) == (True, 0, False)
    assert (streamed.truncated, len(streamed.body), streamed.broken) == (True, 10_000, False)


def test_it_bounds_pages_attachments_and_external_links(site, other):
    site.robots()
    links = "".join(f'<a href="/p{i}">{i}</a>' for i in range(5))
    files = "".join(f'<a href="/f{i}.pdf">{i}</a>' for i in range(4))
    outs = "".join(f'<a href="{other.url(f"/o{i}")}">{i}</a>' for i in range(4))
    site.page("/", links + files + outs)
    for i in range(5):
        site.page(f"/p{i}", "<p>页</p>")
    for i in range(4):
        site.file(f"/f{i}.pdf", b"%PDF-1.4", "application/pdf")
        other.page(f"/o{i}", "<p>外</p>")
    limits = replace(FAST, max_pages=3, max_attachments=2, max_external=1)
    result = crawl([site.url("/")], limits)
    assert len(result.pages) == 3
    assert list(result.attachments) == [site.url("/f0.pdf"), site.url("/f1.pdf")]
    assert list(result.external) == [other.url("/o0")]
    reasons = sorted({why for _, why in result.skipped})
    assert reasons == ["超出外部链接数量上限（1 个），未检查", "超出附件数量上限（2 个），未检查", "超出页数上限（3 页），未检查"]
    assert len(result.skipped) == 3 + 2 + 3


def test_it_fetches_columns_besides_the_start_page(site):
    site.robots()
    site.page("/", "<p>首页没有链接</p>")
    site.page("/col/", "<p>栏目</p>")
    result = crawl([site.url("/")], FAST, also=[site.url("/col/")])
    assert list(result.pages) == [site.url("/"), site.url("/col/")]
    assert result.start_urls == [site.url("/")]


def test_it_reports_connection_failures_as_broken():
    with Fetcher(FAST) as fetcher:
        got = fetcher._get("http://127.0.0.1:9/", max_bytes=1000)
    assert (got.error_code, got.error, got.broken) == ("connect", "无法连接服务器", True)


@pytest.mark.parametrize("urls", [[], ["ftp://x.example/"], ["mailto:a@b"]])
def test_it_refuses_start_pages_it_cannot_crawl(urls):
    with pytest.raises(ValueError, match="没有可抓取的网址"):
        crawl(urls, FAST)


@pytest.mark.parametrize("field, value", [("max_pages", -1), ("timeout", 0), ("delay", -1)])
def test_it_refuses_bad_limits(field, value):
    with pytest.raises(ValueError, match=field if field == "max_pages" else "timeout/delay"):
        Limits(**{field: value})

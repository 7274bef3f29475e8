"""网站抓取: a polite, bounded crawler. No Django: `sanshen monitor` and the periodic jobs share it.

Polite: robots.txt is obeyed (RFC 9309: a 4xx robots.txt allows everything, a 5xx or an unreachable one
allows nothing for now), one request at a time, at most one per `delay` seconds per host (longer when robots.txt
asks for a Crawl-delay), a user agent that says who is asking. Bounded: `max_pages` pages of the start pages'
hosts, `max_external` links to other hosts, `max_attachments` files; every response is cut at a size limit and
every request gives up after `timeout` seconds, also when the server sends slowly.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

import httpx
from protego import Protego

from .pages import Page, host_of, is_attachment, normalize_url, parse_page

USER_AGENT = "sanshen-monitor/1.0 (+county government self-check)"
ROBOTS_AGENT = "sanshen-monitor"
TIMEOUT_SECONDS = 15.0  # 国办秘函〔2019〕19号: a probe fails when the page does not open within 15 s
MAX_ROBOTS_BYTES = 512 * 1024
# Links to these are pictures, styles and media, not pages: they are not crawled.
_NOT_PAGES = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp|svg|ico|css|js|mp3|mp4|avi|flv|wmv|swf|woff2?|ttf|exe|apk|iso)$", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
MAX_URL_LENGTH = 500


@dataclass(frozen=True)
class Limits:
    max_pages: int = 200
    max_external: int = 100
    max_attachments: int = 30
    timeout: float = TIMEOUT_SECONDS
    max_page_bytes: int = 5 * 1024 * 1024
    max_attachment_bytes: int = 20 * 1024 * 1024
    max_external_bytes: int = 1024 * 1024
    delay: float = 1.0  # seconds between two requests to one host

    def __post_init__(self) -> None:
        for name in ("max_pages", "max_external", "max_attachments", "max_page_bytes", "max_attachment_bytes"):
            if getattr(self, name) < 0:
                raise ValueError(f"Invalid {name}: {getattr(self, name)!r}")
        if self.timeout <= 0 or self.delay < 0:
            raise ValueError(f"Invalid timeout/delay: {self.timeout!r}/{self.delay!r}")


# Why a fetch did not give a page. "robots" and "too_large" are not faults of the link.
BROKEN_ERRORS = frozenset({"timeout", "connect", "dns", "tls", "redirects", "http_error"})


@dataclass
class Fetched:
    url: str
    status: int | None = None
    final_url: str = ""
    content_type: str = ""
    encoding: str | None = None
    body: bytes = b""
    truncated: bool = False
    error: str = ""  # in Chinese, for people
    error_code: str = ""
    elapsed: float = 0.0

    @property
    def broken(self) -> bool:
        return self.error_code in BROKEN_ERRORS or (self.status is not None and self.status >= 400)

    @property
    def is_html(self) -> bool:
        if self.status is None or self.status >= 400 or not self.body:
            return False
        if self.content_type:
            return "html" in self.content_type
        return self.body.lstrip()[:1] == b"<"

    def problem(self) -> str:
        """Why the link does not work, in words."""
        if self.error:
            return self.error
        if self.status is not None and self.status >= 400:
            return f"HTTP {self.status}"
        return ""


class Fetcher:
    """One httpx client with robots.txt, a per-host pace and size limits. Use as a context manager."""

    def __init__(self, limits: Limits = Limits(), *, transport: httpx.BaseTransport | None = None, sleep=time.sleep):
        self.limits = limits
        self.client = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Language": "zh-CN,zh;q=0.9"},
            timeout=httpx.Timeout(limits.timeout),
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
        )
        self._robots: dict[str, Protego | bool] = {}
        self._next_at: dict[str, float] = {}
        self._sleep = sleep
        self.requests = 0

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # -- robots.txt -------------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        rules = self._rules(url)
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(url, ROBOTS_AGENT)

    def _rules(self, url: str) -> Protego | bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        return self._robots[origin]

    def _load_robots(self, origin: str) -> Protego | bool:
        got = self._get(origin + "/robots.txt", max_bytes=MAX_ROBOTS_BYTES)
        if got.status is not None and 400 <= got.status < 500:
            return True
        if got.status is None or got.status >= 500:
            return False
        return Protego.parse(got.body.decode("utf-8", "replace"))

    def crawl_delay(self, url: str) -> float:
        rules = self._rules(url)
        asked = None if isinstance(rules, bool) else rules.crawl_delay(ROBOTS_AGENT)
        return max(self.limits.delay, float(asked or 0))

    # -- fetching ---------------------------------------------------------------------------------

    def fetch(self, url: str, *, max_bytes: int | None = None) -> Fetched:
        """GET `url` if robots.txt allows, after waiting our turn for its host."""
        if not self.allowed(url):
            return Fetched(url, error="robots.txt 不允许抓取", error_code="robots")
        return self._get(url, max_bytes=self.limits.max_page_bytes if max_bytes is None else max_bytes)

    def _get(self, url: str, *, max_bytes: int) -> Fetched:
        self._wait(url)
        self.requests += 1
        got = Fetched(url)
        started = time.monotonic()
        try:
            with self.client.stream("GET", url) as response:
                got.status = response.status_code
                got.final_url = str(response.url)
                got.content_type = response.headers.get("content-type", "").lower()
                got.encoding = response.charset_encoding
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    got.truncated = True
                else:
                    got.body = self._read(response, max_bytes, started, got)
        except httpx.TimeoutException:
            got.error, got.error_code = f"超时（{self.limits.timeout:g} 秒内未打开）", "timeout"
        except httpx.TooManyRedirects:
            got.error, got.error_code = "重定向次数过多", "redirects"
        except httpx.ConnectError as exc:
            got.error, got.error_code = _connect_problem(exc)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            got.error, got.error_code = f"请求失败：{type(exc).__name__}", "http_error"
        got.elapsed = time.monotonic() - started
        return got

    def _read(self, response: httpx.Response, max_bytes: int, started: float, got: Fetched) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                got.truncated = True
                break
            if time.monotonic() - started > self.limits.timeout:
                # httpx's timeout is per read: a server sending a byte at a time would never trip it.
                raise httpx.ReadTimeout("total time exceeded")
        return b"".join(chunks)[:max_bytes]

    def _wait(self, url: str) -> None:
        host = host_of(url)
        now = time.monotonic()
        at = self._next_at.get(host, 0.0)
        if at > now:
            self._sleep(at - now)
        delay = self.limits.delay
        rules = self._robots.get(_origin(url))
        if isinstance(rules, Protego):
            delay = max(delay, float(rules.crawl_delay(ROBOTS_AGENT) or 0))
        self._next_at[host] = max(at, now) + delay


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _connect_problem(exc: Exception) -> tuple[str, str]:
    text = str(exc)
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "域名无法解析", "dns"
    if "SSL" in text or "CERTIFICATE" in text.upper():
        return "证书或加密连接错误", "tls"
    return "无法连接服务器", "connect"


def page_encoding(fetched: Fetched) -> str | None:
    """The charset of an HTML body: the HTTP header's, else the page's own <meta>, else UTF-8."""
    if fetched.encoding:
        return fetched.encoding
    m = _META_CHARSET.search(fetched.body[:4096])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        return "gb18030" if name in ("gb2312", "gbk") else name
    return "utf-8"


def parse_fetched(fetched: Fetched, today: dt.date | None = None) -> Page | None:
    if not fetched.is_html:
        return None
    return parse_page(fetched.final_url or fetched.url, fetched.body, encoding=page_encoding(fetched), today=today)


# ---------------------------------------------------------------------------------------------
# Crawling


@dataclass(frozen=True)
class LinkRef:
    """Where a link was seen: on which page, with which words, and whether it was hidden there."""

    source: str
    text: str
    hidden: str = ""


@dataclass
class CrawledPage:
    fetched: Fetched
    page: Page | None


@dataclass
class CrawlResult:
    start_urls: list[str]
    pages: dict[str, CrawledPage] = field(default_factory=dict)
    attachments: dict[str, Fetched] = field(default_factory=dict)
    external: dict[str, CrawledPage] = field(default_factory=dict)
    links: dict[str, list[LinkRef]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    finished: dt.datetime | None = None

    @property
    def hosts(self) -> set[str]:
        return {host_of(u) for u in self.start_urls}

    def status_of(self, url: str) -> Fetched | None:
        found = self.pages.get(url) or self.external.get(url)
        if found is not None:
            return found.fetched
        return self.attachments.get(url)

    def errors(self) -> list[str]:
        """Fetch problems worth telling whoever runs the crawl (not findings: robots, size, bounds)."""
        out = [f"{url}：{why}" for url, why in self.skipped]
        for url, got in list(self.pages.items()) + [(u, f) for u, f in self.attachments.items()]:
            fetched = got.fetched if isinstance(got, CrawledPage) else got
            if fetched.truncated:
                out.append(f"{url}：超过大小上限，只读取了前一部分")
        return out


ProgressCallback = Callable[[int, int, str], None]


def crawl(
    start_urls: list[str],
    limits: Limits = Limits(),
    *,
    fetcher: Fetcher | None = None,
    also: list[str] = (),
    on_progress: ProgressCallback | None = None,
    today: dt.date | None = None,
) -> CrawlResult:
    """Crawl the start pages' hosts breadth-first, then fetch attachments and other hosts' link targets.

    `also`: pages to fetch right after the start pages whatever links to them (a site's columns); they are not
    start pages, so their links do not count as the home page's.
    """
    starts = [u for u in (normalize_url(s, s) for s in start_urls) if u]
    if not starts:
        raise ValueError("没有可抓取的网址（只支持 http/https）")
    own = fetcher is None
    fetcher = fetcher or Fetcher(limits)
    result = CrawlResult(start_urls=starts)
    hosts = result.hosts
    queue = deque(dict.fromkeys(starts + [u for u in (normalize_url(a, a) for a in also) if u]))
    queued = set(queue)
    total = limits.max_pages + limits.max_attachments + limits.max_external
    done = 0
    try:
        while queue:
            url = queue.popleft()
            if len(result.pages) >= limits.max_pages:
                result.skipped.append((url, f"超出页数上限（{limits.max_pages} 页），未检查"))
                continue
            fetched = fetcher.fetch(url)
            if fetched.error_code == "robots":
                result.skipped.append((url, fetched.error))
                continue
            page = parse_fetched(fetched, today)
            result.pages[url] = CrawledPage(fetched, page)
            done += 1
            if on_progress:
                on_progress(done, total, url)
            if page is None or host_of(fetched.final_url or url) not in hosts:
                continue
            for link in page.links:
                result.links.setdefault(link.url, []).append(LinkRef(url, link.text, link.hidden))
                if (
                    link.url not in queued
                    and host_of(link.url) in hosts
                    and not link.hidden
                    and not is_attachment(link.url)
                    and not _NOT_PAGES.search(urlsplit(link.url).path)
                    and len(link.url) <= MAX_URL_LENGTH
                ):
                    queued.add(link.url)
                    queue.append(link.url)
        for url in _targets(result, lambda u: host_of(u) in hosts and is_attachment(u), limits.max_attachments, "附件"):
            got = fetcher.fetch(url, max_bytes=limits.max_attachment_bytes)
            if got.error_code == "robots":
                result.skipped.append((url, got.error))
                continue
            result.attachments[url] = got
            done += 1
            if on_progress:
                on_progress(done, total, url)
        for url in _targets(result, lambda u: host_of(u) not in hosts, limits.max_external, "外部链接"):
            got = fetcher.fetch(url, max_bytes=limits.max_external_bytes)
            if got.error_code == "robots":
                result.skipped.append((url, got.error))
                continue
            result.external[url] = CrawledPage(got, parse_fetched(got, today))
            done += 1
            if on_progress:
                on_progress(done, total, url)
    finally:
        result.requests = fetcher.requests
        result.finished = dt.datetime.now(dt.timezone.utc)
        if own:
            fetcher.close()
    return result


def _targets(result: CrawlResult, wanted: Callable[[str], bool], limit: int, label: str) -> list[str]:
    targets = [u for u in result.links if wanted(u) and u not in result.pages]
    for url in targets[limit:]:
        result.skipped.append((url, f"超出{label}数量上限（{limit} 个），未检查"))
    return targets[:limit]

"""监测 in the demo: watch the demo county's own public site and two of its accounts, and run each job once.

`sanshen demo` runs before the server starts, so the crawl reaches the site through the app itself (httpx's WSGI
transport): the same pages `make run` then serves at `base_url`. The demo accounts have no real public pages
offline; each is given the Atom feed of the portal column its unit writes for, so its check has posts to read.
"""

from __future__ import annotations

from urllib.parse import urljoin

import httpx
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.urls import reverse

from sanshen.accounts.models import Column, MediaAccount, Unit

from . import runs
from .crawler import Fetcher, Limits
from .models import MonitoredSite, MonitorRun

# (account name, platform, unit code, the portal column whose feed stands in for the account's page)
DEMO_ACCOUNTS = [
    ("锦屏发布", MediaAccount.Platform.WECHAT, "xzfb", "zwxx"),
    ("三江镇发布", MediaAccount.Platform.WECHAT, "sanjiang", "xzdt"),
]
# Other hosts are not fetched: the WSGI transport would hand them to this app, which does not serve them.
DEMO_LIMITS = Limits(max_pages=300, max_external=0, max_attachments=30, delay=0)


class _SameConnectionApp:
    """The site served inside this process, leaving the caller's database connection open.

    A request normally closes the connection when it ends; the demo (and a test) crawls inside a transaction, which
    PostgreSQL would then lose. Django's test client does the same.
    """

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                content = b"".join(response)
            finally:
                response.close()  # sends request_finished
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
        return [content]


def app_transport() -> httpx.WSGITransport:
    """httpx reaching this app's own pages in this process, as the demo's crawl does before the server starts."""
    return httpx.WSGITransport(app=_SameConnectionApp())


def record_demo_runs(base_url: str = "http://127.0.0.1:8000/") -> list[MonitorRun]:
    """Create the demo's monitored site and accounts (once) and record a run of each against the demo's own site.

    Reposts are not compared in the demo: their originals are on other sites, which the demo does not reach.
    """
    centre = Unit.objects.get(code="xxzx")
    portal, _ = MonitoredSite.objects.get_or_create(
        kind=MonitoredSite.Kind.COUNTY_SITE,
        url=base_url,
        defaults={"unit": centre, "name": f"{settings.SANSHEN_COUNTY_NAME}人民政府门户网站"},
    )
    watched = []
    for name, platform, code, column_slug in DEMO_ACCOUNTS:
        account = MediaAccount.objects.filter(name=name, platform=platform).first()
        column = Column.objects.filter(slug=column_slug).first()
        if account is None or column is None:
            continue
        site, _ = MonitoredSite.objects.get_or_create(
            kind=MonitoredSite.Kind.ACCOUNT,
            url=urljoin(base_url, reverse("public-column", args=[column.slug])),
            defaults={
                "unit": account.unit,
                "name": str(account),
                "media_account": account,
                "feed_url": urljoin(base_url, reverse("public-feed", args=[column.slug])),
            },
        )
        watched.append(site)
    recorded = []
    with Fetcher(DEMO_LIMITS, transport=app_transport()) as fetcher:
        recorded.append(runs.run_site(portal, limits=DEMO_LIMITS, fetcher=fetcher))
        for site in watched:
            recorded.append(runs.run_account(site, fetcher=fetcher))
    return recorded

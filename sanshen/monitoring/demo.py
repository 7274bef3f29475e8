"""监测 in the demo: watch the demo county's own public site and two of its accounts, and run each job once.

`sanshen demo` runs before the server starts, so the crawl reaches the site through the app itself (httpx's WSGI
transport): the same pages `make run` then serves at `base_url`. The demo accounts have no real public pages
offline; each is given the Atom feed of the portal column its unit writes for, so its check has posts to read.
"""

from __future__ import annotations

from urllib.parse import urljoin

import httpx
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
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
    with Fetcher(DEMO_LIMITS, transport=httpx.WSGITransport(app=WSGIHandler())) as fetcher:
        recorded.append(runs.run_site(portal, limits=DEMO_LIMITS, fetcher=fetcher))
        for site in watched:
            recorded.append(runs.run_account(site, fetcher=fetcher))
    return recorded

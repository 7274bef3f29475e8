"""篡改核验: each published website item, in the database and on its live page, against what its signers approved."""

from __future__ import annotations

import pytest

from sanshen.accountability.models import ErrorEntry
from sanshen.accounts.models import Unit
from sanshen.monitoring import runs
from sanshen.monitoring.crawler import Fetcher, Limits
from sanshen.monitoring.demo import app_transport
from sanshen.monitoring.models import LiveCopy, MonitoredSite, MonitorFinding
from sanshen.review import workflow
from sanshen.review.models import Revision, Status
from sanshen.review.tests.helpers import general_item_at

from .conftest import FAST

pytestmark = pytest.mark.django_db

BODY = "<p>11月20日，三江镇召开森林防火工作会议，部署秋冬季森林防火工作。</p>"
EDITED = "<p>11月20日，三江镇召开森林防火工作会议，暂停秋冬季森林防火工作。</p>"
APP_LIMITS = Limits(max_pages=30, max_external=0, delay=0, timeout=10)


def portal(url: str) -> MonitoredSite:
    return MonitoredSite.objects.create(
        unit=Unit.objects.get(code="xxzx"), kind=MonitoredSite.Kind.COUNTY_SITE, name="锦屏县人民政府门户网站", url=url
    )


def app_fetcher() -> Fetcher:
    """This system's own public site, served by the Django app itself (the database the test writes)."""
    return Fetcher(APP_LIMITS, transport=app_transport())


def published(county, body: str = BODY):
    s = general_item_at(county, Status.APPROVED, body=body)
    workflow.perform(s, county.county_reviewer, "publish", opinion="")
    s.refresh_from_db()
    return s


def tampering(**filters) -> list[MonitorFinding]:
    return list(MonitorFinding.objects.filter(kind="content_changed", **filters))


def test_it_finds_nothing_when_the_site_shows_what_was_signed(county):
    s = published(county)
    run = runs.run_site(portal("http://testserver/"), limits=APP_LIMITS, fetcher=app_fetcher())
    assert run.status == "done", run.error_log
    assert tampering() == []
    copy = LiveCopy.objects.get(submission=s)
    assert (copy.revision, copy.checked_at is not None) == (s.published_revision, True)
    assert f"http://testserver/article/{s.public_id}/" in {p.url for p in runs.SeenPage.objects.all()}


def test_it_reports_a_body_edited_directly_in_the_database_at_the_next_run(county):
    s = published(county)
    site = portal("http://testserver/")
    runs.run_site(site, limits=APP_LIMITS, fetcher=app_fetcher())
    Revision.objects.filter(pk=s.published_revision_id).update(body=EDITED)

    run = runs.run_site(site, limits=APP_LIMITS, fetcher=app_fetcher())

    (finding,) = tampering()
    assert (finding.severity, finding.submission, finding.unit, finding.last_run) == ("block", s, county.unit_a, run)
    assert finding.url == f"http://testserver/article/{s.public_id}/"
    assert any("其标题或正文在数据库中被改动" in p and "未经审核流程" in p for p in finding.detail["problems"])
    # The differences are shown against the text as monitoring first saw it published.
    assert finding.detail["compared_with"] == "baseline"
    assert [c for c in finding.detail["chunks"] if c["op"] != "equal"] == [{"op": "delete", "text": "部署"}, {"op": "insert", "text": "暂停"}]
    entry = ErrorEntry.objects.get(pk=finding.register_entry_id)
    assert (entry.source, entry.state, entry.severity, entry.category, entry.submission) == (
        "monitoring", "pending", "serious", "content_changed", s,
    )


def test_it_reports_a_live_page_that_differs_from_the_published_revision(county, site):
    s = published(county)
    path = f"/article/{s.public_id}/"
    site.robots()
    site.page("/", f'<ul><li><a href="{path}">三江镇召开森林防火工作会议</a>2026-11-20</li></ul>')
    site.page(
        path,
        f'<article class="article"><h1>三江镇召开森林防火工作会议</h1><p class="article-meta">发布时间：2026-11-20</p><div class="article-body">{EDITED}</div></article>',
    )
    runs.run_site(portal(site.url("/")), limits=FAST, fetcher=Fetcher(FAST))
    (finding,) = tampering()
    assert finding.detail["problems"] == ["网页上的标题或正文与签发发布的版本不一致"]
    assert [c for c in finding.detail["chunks"] if c["op"] != "equal"] == [
        {"op": "delete", "text": "部署"},
        {"op": "insert", "text": "暂停"},
    ]
    assert finding.severity == "block"


def test_it_reports_a_page_whose_content_hash_is_not_the_signed_one(county, site):
    s = published(county)
    path = f"/article/{s.public_id}/"
    site.robots()
    site.page("/", f'<a href="{path}">文章</a>')
    site.page(path, f'<article class="article" data-content-hash="{"0" * 64}"><h1>三江镇召开森林防火工作会议</h1><div class="article-body">{BODY}</div></article>')
    runs.run_site(portal(site.url("/")), limits=FAST, fetcher=Fetcher(FAST))
    (finding,) = tampering()
    assert finding.detail["problems"] == ["网页标注的内容校验码与签发版本的校验码不符"]


def test_it_reports_a_published_item_whose_page_is_gone(county, site):
    s = published(county)
    site.robots()
    site.page("/", "<p>首页</p>")
    site.page(f"/article/{s.public_id}/", "不存在", status=404)
    runs.run_site(portal(site.url("/")), limits=FAST, fetcher=Fetcher(FAST))
    (finding,) = MonitorFinding.objects.filter(rule="published.missing")
    assert (finding.kind, finding.severity, finding.submission, finding.message) == (
        "broken_link", "serious", s, "已发布稿件的网页无法打开（HTTP 404）",
    )


def test_it_checks_pages_the_crawl_did_not_reach_up_to_a_bound(county, site):
    items = [published(county, body=f"<p>第{i}条消息，三江镇开展森林防火宣传。</p>") for i in range(3)]
    site.robots()
    site.page("/", "<p>首页没有链接</p>")
    for s in items:
        site.page(f"/article/{s.public_id}/", f'<article><h1>{s.title}</h1><div class="article-body">{s.published_revision.body}</div></article>')
    fetcher = Fetcher(FAST)
    result = runs.crawl([site.url("/")], FAST, fetcher=fetcher)
    runs.check_published(portal(site.url("/")), result, fetcher, limit=2)
    assert LiveCopy.objects.filter(checked_at__isnull=False).count() == 2
    assert LiveCopy.objects.count() == 3

"""Monitoring runs against real local servers: findings kept across runs, new ones registered, indicators, accounts,
reposts and probes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from sanshen.accountability.models import ErrorEntry
from sanshen.monitoring import runs
from sanshen.monitoring.crawler import Fetcher
from sanshen.monitoring.models import MonitoredSite, MonitorFinding, MonitorRun, Probe, SeenPage, Threshold, WatchedColumn
from sanshen.review import workflow
from sanshen.review.models import Status
from sanshen.review.tests.helpers import general_item_at

from .conftest import FAST

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 30, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def unit_site(county, url: str, **fields) -> MonitoredSite:
    return MonitoredSite.objects.create(unit=county.unit_a, kind=MonitoredSite.Kind.UNIT_SITE, name="三江镇网站", url=url, **fields)


def serve_unit_site(site, *, secret: bool = True, gone: bool = True) -> None:
    site.robots()
    links = '<a href="/news/">新闻</a>' + ('<a href="/gone">失效</a>' if gone else "")
    site.page("/", f"<p>三江镇人民政府</p>{links}<ul><li><a href='/news/1'>春耕</a>2026-06-28</li></ul>")
    site.page("/news/", "<ul><li><a href='/news/1'>春耕生产</a>2026-06-28</li><li><a href='/news/2'>森林防火</a>2026-06-01</li></ul>")
    site.page("/news/1", "<h1>春耕</h1><p>" + ("本文件为机密★5年。" if secret else "全镇春耕生产有序推进。") + "</p>")
    site.page("/news/2", "<h1>森林防火</h1><p>全镇开展森林防火宣传。</p>")
    site.page("/gone", "无", status=404)


@time_machine.travel(NOW, tick=False)
def test_it_records_a_site_run_and_registers_new_serious_findings(county, site):
    serve_unit_site(site)
    watched = unit_site(county, site.url("/"))
    WatchedColumn.objects.create(site=watched, name="乡镇新闻", url=site.url("/news/"), kind="news")

    run = runs.run_site(watched, limits=FAST)

    assert (run.status, run.progress, run.pages, run.findings, run.new_findings) == ("done", 100, 5, 2, 2)
    assert run.finished is not None and run.checking_seconds > 0
    found = {f.kind: f for f in MonitorFinding.objects.all()}
    assert sorted(found) == ["broken_link", "secrecy_mark"]
    assert (found["broken_link"].severity, found["broken_link"].home, found["broken_link"].unit) == ("serious", True, county.unit_a)
    assert run.indicators["home"]["age"] == 2
    assert [(c["name"], c["age"], c["stale"]) for c in run.indicators["columns"]] == [("乡镇新闻", 2, False)]
    # Both are serious or worse, so both wait in the register for the county office to confirm.
    entries = ErrorEntry.objects.order_by("category")
    assert [(e.category, e.source, e.state, e.severity, e.unit) for e in entries] == [
        ("broken_link", "monitoring", "pending", "serious", county.unit_a),
        ("secrecy_mark", "monitoring", "pending", "serious", county.unit_a),
    ]
    assert {f.register_entry_id for f in found.values()} == {e.pk for e in entries}


@time_machine.travel(NOW, tick=False)
def test_it_keeps_findings_across_runs_and_closes_the_ones_that_went_away(county, site):
    serve_unit_site(site)
    watched = unit_site(county, site.url("/"))
    first = runs.run_site(watched, limits=FAST)
    again = runs.run_site(watched, limits=FAST)
    assert (again.findings, again.new_findings) == (2, 0)
    assert MonitorFinding.objects.count() == 2 and ErrorEntry.objects.count() == 2
    assert set(MonitorFinding.objects.values_list("first_run", "last_run")) == {(first.pk, again.pk)}

    site.server.clear()
    serve_unit_site(site, secret=False, gone=False)
    fixed = runs.run_site(watched, limits=FAST)
    assert (fixed.findings, fixed.new_findings) == (0, 0)
    assert MonitorFinding.objects.open().count() == 0
    assert set(MonitorFinding.objects.values_list("gone_at", flat=True)) == {timezone.now()}


@time_machine.travel(NOW, tick=False)
def test_it_finds_nothing_on_a_clean_site_with_the_full_engine(county, site):
    serve_unit_site(site, secret=False, gone=False)
    run = runs.run_site(unit_site(county, site.url("/")), limits=FAST)
    assert list(MonitorFinding.objects.values_list("kind", "message")) == []
    assert (run.status, run.findings) == ("done", 0)


def test_it_flags_stale_home_pages_and_columns_with_the_county_offices_thresholds(county, site):
    serve_unit_site(site, secret=False, gone=False)
    watched = unit_site(county, site.url("/"))
    WatchedColumn.objects.create(site=watched, name="乡镇新闻", url=site.url("/news/"), kind="news")
    with time_machine.travel(NOW + dt.timedelta(days=20), tick=False):
        run = runs.run_site(watched, limits=FAST)
    assert sorted(MonitorFinding.objects.values_list("rule", "severity")) == [("stale.column", "warn"), ("stale.home", "serious")]
    assert run.indicators["veto"] == ["首页已 22 天无新信息"]
    Threshold.objects.create(key="home_stale_days", value=30)
    Threshold.objects.create(key="news_stale_days", value=30)
    with time_machine.travel(NOW + dt.timedelta(days=20), tick=False):
        runs.run_site(watched, limits=FAST)
    assert MonitorFinding.objects.open().count() == 0


def test_it_suspects_an_item_that_appears_with_an_earlier_date(county, site):
    serve_unit_site(site, secret=False, gone=False)
    watched = unit_site(county, site.url("/"))
    WatchedColumn.objects.create(site=watched, name="乡镇新闻", url=site.url("/news/"), kind="news")
    with time_machine.travel(NOW, tick=False):
        runs.run_site(watched, limits=FAST)
    assert SeenPage.objects.filter(site=watched).count() == 4
    site.server.clear()
    site.robots()
    site.page("/", "<p>三江镇人民政府</p><a href='/news/'>新闻</a><ul><li><a href='/news/1'>春耕</a>2026-06-28</li></ul>")
    site.page("/news/", "<ul><li><a href='/news/1'>春耕生产</a>2026-06-28</li><li><a href='/news/9'>补发的会议</a>2026-06-20</li><li><a href='/news/2'>森林防火</a>2026-06-01</li></ul>")
    for n in (1, 2, 9):
        site.page(f"/news/{n}", "<h1>消息</h1><p>全镇开展工作。</p>")
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        runs.run_site(watched, limits=FAST)
    (finding,) = MonitorFinding.objects.filter(kind="forged_date")
    assert (finding.url, finding.target, finding.text, finding.severity) == (site.url("/news/"), site.url("/news/9"), "补发的会议", "serious")
    assert ErrorEntry.objects.get().category == "fake_date"


def test_it_marks_a_run_failed_and_keeps_the_reason(county, site, monkeypatch):
    watched = unit_site(county, site.url("/"))
    monkeypatch.setattr(runs, "crawl", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("磁盘已满")))
    run = runs.run_site(watched, limits=FAST)
    assert (run.status, run.error_log, run.errors) == ("failed", ["任务失败：RuntimeError: 磁盘已满"], 1)


FEED = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>三江镇发布</title>
<entry><title>{title}</title><link href="{url}"/><published>{date}T09:00:00+08:00</published><summary>{text}</summary></entry></feed>"""


def account(county, site, **fields) -> MonitoredSite:
    return MonitoredSite.objects.create(
        unit=county.unit_a, kind=MonitoredSite.Kind.ACCOUNT, name="三江镇发布", url=site.url("/mp"), feed_url=site.url("/feed"),
        media_account=county.account, **fields,
    )  # fmt: skip


def test_it_checks_new_posts_of_an_account_and_flags_a_zombie_account(county, site):
    site.robots()
    site.server.expect_request("/feed").respond_with_data(
        FEED.format(title="通知", url="https://mp.example/1", date="2026-06-01", text="本文件为机密★5年"), content_type="application/atom+xml"
    )
    watched = account(county, site)
    with time_machine.travel(NOW, tick=False):
        run = runs.run_account(watched)
    assert run.status == "done", run.error_log
    assert sorted(MonitorFinding.objects.values_list("kind", "rule", "severity", "url")) == [
        ("secrecy_mark", "secrecy.classification", "block", "https://mp.example/1"),
        ("stale", "stale.account", "serious", site.url("/mp")),
    ]
    assert MonitorFinding.objects.get(kind="stale").message == "新媒体账号“三江镇发布”已 29 天未发布新内容（要求 14 天内更新），有僵尸号风险"
    assert run.indicators == {"account": {"name": "三江镇发布", "url": site.url("/mp"), "last": "2026-06-01", "age": 29, "limit": 14, "stale": True, "warn": False}, "new_posts": 1}
    # The same post is not checked again, and its finding stays; a local override of the threshold holds.
    watched.stale_days = 30
    watched.save()
    with time_machine.travel(NOW, tick=False):
        again = runs.run_account(watched)
    assert again.indicators["new_posts"] == 0
    assert sorted(MonitorFinding.objects.open().values_list("rule", flat=True)) == ["secrecy.classification", "stale.account_warn"]


def test_it_reports_an_account_it_cannot_read(county, site):
    site.robots()
    site.page("/feed", "<p>不是订阅</p>")
    run = runs.run_account(account(county, site))
    assert list(MonitorFinding.objects.values_list("kind", "severity")) == [("unreachable", "warn")]
    assert run.status == "done"


def test_it_compares_published_reposts_with_their_originals(county, site):
    site.robots()
    site.page(
        "/original",
        "<div class='nav'>首页</div><h1>全省新增城镇就业45.6万人</h1><div class='content'><p>今年以来，全省新增城镇就业45.6万人，完成全年目标任务的38%。</p></div>",
        title="全省新增城镇就业45.6万人_省人民政府",
    )
    s = general_item_at(
        county, Status.APPROVED, title="我县新增城镇就业45.6万人", body="<p>今年以来，全省新增城镇就业45.6万人，完成全年目标任务的83%。</p>",
        is_repost=True, repost_source="省人民政府网", repost_author="省人社厅", repost_url=site.url("/original"),
    )  # fmt: skip
    workflow.perform(s, county.county_reviewer, "publish", opinion="")
    run = runs.run_reposts(fetcher=Fetcher(FAST))
    (finding,) = MonitorFinding.objects.all()
    assert (finding.kind, finding.severity, finding.submission, finding.unit, finding.target) == (
        "repost_changed", "serious", s, county.unit_a, site.url("/original"),
    )
    assert finding.message == "标题与原文不同：原文“全省新增城镇就业45.6万人”，转载“我县新增城镇就业45.6万人”；数字被改动：“38%”→“83%”"
    assert [c for c in finding.detail["chunks"] if c["op"] != "equal"] == [{"op": "delete", "text": "38%"}, {"op": "insert", "text": "83%"}]
    assert (run.status, run.pages, run.findings) == ("done", 1, 1)
    assert ErrorEntry.objects.get().category == "repost_changed"


def test_it_probes_each_website_and_sums_up_the_week(county, site):
    site.robots()
    site.page("/", "<p>首页</p>")
    watched = unit_site(county, site.url("/"))
    with Fetcher(FAST) as fetcher:
        assert runs.probe_sites(fetcher=fetcher) == 1
    site.server.clear()
    site.robots()
    site.page("/", "维护", status=502)
    with Fetcher(FAST) as fetcher:
        runs.probe_sites(fetcher=fetcher)
    assert list(Probe.objects.order_by("at").values_list("ok", "status")) == [(True, 200), (False, 502)]
    summary = runs.probe_summary(watched)
    assert summary == {"total": 2, "failed": 1, "percent": 50.0, "enough": False, "veto": False}


def test_the_periodic_jobs_run_every_active_site(county, site, monkeypatch):
    monkeypatch.setattr(runs, "OTHER_SITE_DELAY", 0)
    serve_unit_site(site, secret=False, gone=False)
    unit_site(county, site.url("/"), max_pages=5)
    MonitoredSite.objects.create(unit=county.unit_b, kind=MonitoredSite.Kind.UNIT_SITE, name="停用", url="http://127.0.0.1:9/", is_active=False)
    from sanshen.monitoring import tasks

    assert tasks.crawl_sites.call_local() == 1
    assert MonitorRun.objects.get().kind == "site"


def test_a_queued_run_is_executed_by_its_kind(county, site, monkeypatch):
    serve_unit_site(site, secret=False, gone=False)
    watched = unit_site(county, site.url("/"), max_pages=5)
    monkeypatch.setattr(runs, "OTHER_SITE_DELAY", 0)
    run = MonitorRun.objects.create(kind=MonitorRun.Kind.SITE, site=watched)
    from sanshen.monitoring.tasks import execute_run

    execute_run.call_local(run.pk)
    run.refresh_from_db()
    assert (run.status, run.pages) == ("done", 4)

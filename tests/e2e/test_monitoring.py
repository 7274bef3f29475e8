"""监测 in a real browser: the county office reads the indicator status, the column-age chart and a tampering finding
with its differences, at desk width and at phone width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sanshen.accounts.models import Column, RoleName, Unit
from sanshen.monitoring import runs
from sanshen.monitoring.crawler import Fetcher, Limits
from sanshen.monitoring.demo import app_transport, record_demo_runs
from sanshen.monitoring.models import MonitoredSite
from sanshen.review import workflow
from sanshen.review.models import REVIEW_POINT_KEYS, Revision
from sanshen.test import approve_through_unit, draft, make_county, make_person, make_unit

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

DESK = {"width": 1366, "height": 900}
TITLE = "三江镇召开2026年秋冬季森林防火工作部署会"


def _fits(page, width: int) -> None:
    scroll = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways: {scroll}px"


def _county_with_runs():
    county = make_county()
    office = make_person("c.office", "龙红梅", make_unit("县政府办", "xzfb", Unit.Kind.COUNTY_GOVERNMENT_OFFICE), RoleName.COUNTY_OFFICE)
    Column.objects.create(name="通知公告", slug="tzgg", kind=Column.Kind.NOTICE)
    Column.objects.create(name="政策文件", slug="zcwj", kind=Column.Kind.POLICY)
    s = draft(county, title=TITLE, body="<p>11月20日，三江镇召开森林防火工作部署会，部署秋冬季森林防火工作。</p>")
    approve_through_unit(county, s)
    s.refresh_from_db()
    workflow.perform(s, county.county_reviewer, "pass", opinion="同意发布。", points=REVIEW_POINT_KEYS)
    workflow.perform(s, county.county_reviewer, "publish", opinion="")
    s.refresh_from_db()
    record_demo_runs("http://testserver/")
    # Someone edits the published body in the database: the next run reports it.
    Revision.objects.filter(pk=s.published_revision_id).update(body="<p>11月20日，三江镇召开森林防火工作部署会，暂停秋冬季森林防火工作。</p>")
    limits = Limits(max_pages=50, max_external=0, delay=0)
    portal = MonitoredSite.objects.get(kind=MonitoredSite.Kind.COUNTY_SITE)
    runs.run_site(portal, limits=limits, fetcher=Fetcher(limits, transport=app_transport()))
    return county, office


def test_the_county_office_reads_monitoring_at_desk_and_phone_width(open_as, shot):
    county, office = _county_with_runs()

    page = open_as(office, viewport=DESK)
    page.goto("/work/monitoring/")
    expect(page.locator("h1")).to_have_text("监测")
    status = page.locator("section.site-status").first
    expect(status).to_contain_text("锦屏县人民政府门户网站")
    expect(status).to_contain_text("空白栏目")
    chart = status.locator("svg.mon-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="通知公告")).to_have_count(1)
    expect(page.locator("table.list").last).to_contain_text("版本记录被改动")
    _fits(page, DESK["width"])
    shot(page, "monitoring-1366")

    page.get_by_role("link", name="第1版发布后").first.click()
    expect(page.locator("h1")).to_contain_text("网页内容与签发版本不一致")
    expect(page.locator("h1 .badge")).to_have_text("否决")
    expect(page.locator(".mon-diff")).to_contain_text("暂停")
    expect(page.locator(".mon-diff del")).to_have_text("部署")
    expect(page.locator("dd").filter(has_text=TITLE)).to_have_count(1)
    shot(page, "monitoring-finding-1366")

    phone = open_as(office, viewport=PHONE)
    phone.goto("/work/monitoring/")
    expect(phone.locator("svg.mon-chart").first).to_be_visible()
    box = phone.locator("svg.mon-chart").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    _fits(phone, PHONE["width"])
    shot(phone, "monitoring-390")
    phone.get_by_role("link", name="网站巡检").first.click()
    expect(phone.locator("h1")).to_contain_text("网站巡检")
    expect(phone.locator("#run-progress")).to_contain_text("已完成")
    _fits(phone, PHONE["width"])
    shot(phone, "monitoring-run-390")


def test_a_unit_sees_its_own_findings_only(open_as):
    county, _office = _county_with_runs()
    page = open_as(county.drafter, viewport=PHONE)
    page.goto("/work/monitoring/")
    expect(page.locator("h1")).to_have_text("监测")
    # The portal belongs to the information centre, but the tampered article is 三江镇's: its finding shows here.
    expect(page.locator("table.list").last).to_contain_text("版本记录被改动")
    expect(page.locator("section.site-status")).to_have_count(1)  # 三江镇's own account, not the portal
    outsider = open_as(county.outsider, viewport=PHONE)
    outsider.goto("/work/monitoring/")
    expect(outsider.locator("table.list").last).to_contain_text("没有问题")

"""The audit administrator's pages in Chromium: filter the log, open an entry, export CSV, print the checkpoints;
at 1366 px and at 390 px."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from sanshen.audit.log import checkpoint, record
from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.test import draft, make_county, pass_as

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1366, "height": 900}
TITLE = "三江镇召开2026年秋冬季森林防火工作部署会"


def _history():
    county = make_county()
    record("accounts.login", actor=county.drafter, obj=county.drafter, ip="10.20.1.18")
    record("accounts.login_failed", outcome="failed", ip="10.20.1.99", username="a.drafter")
    submission = draft(county, title=TITLE)
    workflow.perform(submission, county.drafter, "submit")
    pass_as(submission, county.first)
    checkpoint("daily")
    return county


def test_the_auditor_filters_opens_and_exports_the_log(open_as, shot):
    county = _history()
    page = open_as(county.auditor, viewport=WIDE)
    page.get_by_role("link", name="审计日志").click()
    expect(page.locator("h1")).to_have_text("审计日志")
    expect(page.locator("table.audit-list")).to_contain_text("登录失败")
    shot(page, "audit-entries")

    page.get_by_label("操作人").fill("潘德江")
    page.locator("select[name=action]").select_option(label="送审")
    page.get_by_role("button", name="查询").click()
    rows = page.locator("table.audit-list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"稿件《{TITLE}》")
    expect(rows.first).to_contain_text("成功")
    expect(page.locator("p.meta")).to_have_text("共 1 条")

    rows.first.get_by_role("link", name="送审").click()
    submit = AuditEntry.objects.get(action="review.submit")
    expect(page.locator("h1")).to_have_text(f"第 {submit.seq} 条：送审")
    expect(page.locator(".audit-entry")).to_contain_text("初审初校")
    expect(page.locator(".audit-entry")).to_contain_text(submit.hash)
    shot(page, "audit-entry")

    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 CSV").click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf")
    exported = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r[0], r[2], r[4], r[6]) for r in exported[1:]] == [(str(submit.seq), "潘德江", "送审", f"稿件《{TITLE}》")]
    last = AuditEntry.objects.order_by("-seq").first()
    assert (last.action, last.actor_id, last.detail["count"]) == ("audit.exported", county.auditor.pk, 1)

    page.get_by_role("button", name="校验哈希链").click()
    expect(page.locator("p.notice")).to_contain_text("哈希链完好")

    page.get_by_role("link", name="检查点（打印）").click()
    expect(page.locator("h1")).to_have_text("锦屏县审计日志检查点")
    expect(page.locator("table.checkpoint-list tbody tr")).to_have_count(1)
    expect(page.locator("table.checkpoint-list")).to_contain_text("一致")
    shot(page, "audit-checkpoints")
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("p.signature")).to_be_visible()
    shot(page, "audit-checkpoints-print")


def _fits(page) -> None:
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"


def test_the_audit_pages_fit_a_phone(open_as, shot):
    county = _history()
    page = open_as(county.auditor, viewport=PHONE)
    page.goto("/work/audit/")
    expect(page.locator("table.audit-list")).to_contain_text("审核通过（初审初校）")
    _fits(page)
    shot(page, "audit-entries-phone")
    page.goto(f"/work/audit/{AuditEntry.objects.get(action='review.pass').seq}/")
    expect(page.locator("h1")).to_contain_text("审核通过")
    _fits(page)
    shot(page, "audit-entry-phone")
    page.goto("/work/audit/checkpoints/")
    _fits(page)
    shot(page, "audit-checkpoints-phone")


def test_the_system_admin_is_refused(open_as):
    county = _history()
    page = open_as(county.sysadmin, viewport=WIDE)
    open_as.expect_console("status of 403")
    # The system administrator lands on /manage/ (issue 8), where nothing leads to the audit log.
    expect(page.locator("body")).not_to_contain_text("审计日志")
    assert page.goto("/work/audit/").status == 403

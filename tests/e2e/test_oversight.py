"""第七条 in a real browser: a county-review send-back becomes a register entry, the unit rectifies it, the county
office verifies it, issues the quarter's 通报 and downloads it as .docx and PDF, both read back and checked.

The pages are photographed at 1366 px and 390 px for docs/screenshots/oversight-*.png.
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from docx import Document
from playwright.sync_api import expect

from sanshen.accountability.models import Bulletin, ErrorEntry, State
from sanshen.accountability.periods import period_of
from sanshen.accountability.tests.helpers import add_office
from sanshen.review import workflow
from sanshen.review.models import Status
from sanshen.review.tests.helpers import general_item_at
from sanshen.test import make_county

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1366, "height": 900}
SEND_BACK = "正文“贯切落实”有错字，请改正后重新报送。"


def _fits(page, width: int) -> None:
    scroll = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways: {scroll}px"


def test_the_county_office_takes_a_send_back_to_an_issued_bulletin(open_as, shot, tmp_path):
    from django.utils import timezone

    county = add_office(make_county())
    item = general_item_at(county, Status.COUNTY_REVIEW)
    workflow.perform(item, county.county_reviewer, "send_back", opinion=SEND_BACK)

    # ---- the county office: from the send-back to a register entry in one click
    office = open_as(county.office, viewport=WIDE)
    office.get_by_role("link", name="问题台账").first.click()
    expect(office).to_have_url(re.compile(r"/work/oversight/register/$"))
    backs = office.locator("section.send-backs")
    expect(backs).to_contain_text(item.title)
    expect(backs).to_contain_text(SEND_BACK)
    shot(office, "oversight-register")
    backs.get_by_role("button", name="登记到问题台账").click()
    expect(office.locator(".messages")).to_contain_text("已登记到问题台账")
    entry = ErrorEntry.objects.get()
    assert (entry.unit, entry.state, entry.submission, entry.text) == (county.unit_a, State.CONFIRMED, item, SEND_BACK)
    expect(office.locator("h1")).to_contain_text(SEND_BACK)
    expect(office.locator(".badge.state-confirmed")).to_have_text("已确认")
    shot(office, "oversight-entry")

    # ---- the unit: the drafter corrects the item, the 网站管理员 reports the rectification on a phone
    workflow.save_revision(item, county.drafter, title=item.title, body="<p>全面贯彻落实县委工作会议精神。</p>", base_revision=1)
    unit = open_as(county.second, viewport=PHONE)
    unit.get_by_role("link", name="问题台账").first.click()
    expect(unit).to_have_url(re.compile(r"/work/oversight/rectify/$"))
    expect(unit.locator(".notes")).to_contain_text("新登记一般差错")
    _fits(unit, PHONE["width"])
    shot(unit, "oversight-rectify-phone")
    unit.get_by_role("link", name=re.compile("贯切落实")).first.click()
    box = unit.locator("details.action-rectify")
    if not box.evaluate("d => d.open"):
        box.locator("summary").click()
    expect(box.locator("select[name=proof_revision]")).to_contain_text("第2版")
    box.locator("textarea[name=comment]").fill("已将“贯切落实”改为“贯彻落实”，全文重新校对。")
    button = box.get_by_role("button", name="提交整改")
    button.scroll_into_view_if_needed()
    assert button.bounding_box()["height"] >= 40
    button.click()
    expect(unit.locator(".badge.state-rectified")).to_have_text("已整改")
    _fits(unit, PHONE["width"])
    shot(unit, "oversight-entry-phone")
    entry.refresh_from_db()
    assert (entry.state, entry.proof_revision.number, entry.rectified_by) == (State.RECTIFIED, 2, county.second)

    # ---- the county office verifies it
    office.goto(f"/work/oversight/register/{entry.pk}/")
    office.locator("details.action-verify").get_by_role("button", name="核验通过").click()
    expect(office.locator(".badge.state-verified")).to_have_text("已核验")
    entry.refresh_from_db()
    assert entry.state == State.VERIFIED

    # ---- the quarter's 通报: drafted, its text edited, issued, downloaded
    period = period_of(timezone.now())
    office.get_by_role("link", name="通报", exact=True).click()
    office.locator("input[name=period]").fill(period.code)
    office.get_by_role("button", name="生成通报草稿").click()
    expect(office.locator("h1")).to_contain_text(f"关于{period.label}全县政府网站和政务新媒体信息发布审核情况的通报")
    office.locator("textarea[name=analysis]").fill("三江镇县级审核被退回1次，存在错别字。")
    office.get_by_role("button", name="保存草稿").click()
    expect(office.locator(".messages")).to_contain_text("草稿已保存")
    office.get_by_role("button", name="印发并存档").click()
    expect(office.locator(".messages")).to_contain_text("通报已印发并存档")
    expect(office.locator(".figures-card .units-table")).to_contain_text("三江镇")
    office.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    shot(office, "oversight-bulletin")
    bulletin = Bulletin.objects.get()
    assert bulletin.is_issued

    with office.expect_download() as download:
        office.get_by_role("link", name="下载 Word（.docx）").click()
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:2] == ["锦屏县人民政府办公室", bulletin.number]
    assert any("县政府信息中心审核退回1条，共登记错敏差错1处，其中严重表述错误0处、一般差错1处" in p for p in paragraphs)
    assert "三江镇县级审核被退回1次，存在错别字。" in paragraphs
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert ["三江镇", "0", "1", "0", "1", "1", "+1"] in rows
    rectified = [[c.text for c in row.cells] for row in document.tables[2].rows]
    assert rectified[1] == ["三江镇", "1", "1", "0", "0", "0"]

    with office.expect_download() as download:
        office.get_by_role("link", name="下载 PDF").click()
    pdf = tmp_path / "bulletin.pdf"
    pdf.write_bytes(download.value.path().read_bytes())
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "共登记错敏差错1处" in text and bulletin.number in text
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page-*1.png"))

    # ---- the same figures on the dashboard, the scores, and every page at phone width
    office.get_by_role("link", name="统计看板").click()
    expect(office.locator(".units-table")).to_contain_text("三江镇")
    office.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
    shot(office, "oversight-dashboard")
    office.get_by_role("link", name="考核扣分").click()
    expect(office.locator(".scores-table")).to_contain_text("三江镇")
    shot(office, "oversight-scores")

    phone = open_as(county.office, viewport=PHONE)
    for path, name in (
        ("/work/oversight/register/", "oversight-register-phone"),
        (f"/work/oversight/bulletins/{bulletin.pk}/", "oversight-bulletin-phone"),
        ("/work/oversight/dashboard/", "oversight-dashboard-phone"),
        ("/work/oversight/scores/", "oversight-scores-phone"),
        ("/work/oversight/interviews/", "oversight-interviews-phone"),
    ):
        phone.goto(path)
        phone.wait_for_function("() => [...document.images].every(i => i.complete)")
        _fits(phone, PHONE["width"])
        shot(phone, name)

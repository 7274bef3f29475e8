"""从 Word 导入: a .docx becomes a new submission or a new revision, its pictures stored as BodyImages."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.shared import Cm

from sanshen.audit.models import AuditEntry
from sanshen.documents.tests.files import docx_bytes, png, text_image, xlsx_bytes
from sanshen.review.models import BodyImage, CheckStatus, Revision, Status, Submission
from sanshen.test import draft

from .helpers import general_item_at, message_texts

def _notice(title: str = "关于做好森林防火工作的通知", picture: bytes | None = None) -> bytes:
    """A notice as offices write it: a heading, a sub-heading, a paragraph, a table and a picture."""
    document = Document()
    document.add_heading(title, level=1)
    document.add_heading("一、工作要求", level=2)
    document.add_paragraph("各村要加强巡山护林，严防野外用火。")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["责任区域", "巡护人员", "1号责任区", "李四"]):
        cell.text = text
    document.add_picture(io.BytesIO(picture or png(120, 80, "green")), width=Cm(4))
    return docx_bytes(document)


def _stored_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _new(client, county, data: bytes, name: str = "通知.docx", **fields):
    post = {"target": f"column:{county.column.pk}", "grade": "general", "title": "", "docx": SimpleUploadedFile(name, data)}
    post.update(fields)
    return client.post("/work/submissions/import/", post)


def test_it_imports_a_word_file_as_a_new_submission(county, client, django_capture_on_commit_callbacks):
    client.force_login(county.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        r = _new(client, county, _notice())
    s = Submission.objects.get()
    assert (r.status_code, r["Location"]) == (302, f"/work/submissions/{s.pk}/")
    assert message_texts(r) == ["已从“通知.docx”导入，稿件已保存为草稿。"]
    assert (s.title, s.status, s.drafter, s.column, s.unit) == (
        "关于做好森林防火工作的通知", Status.DRAFT, county.drafter, county.column, county.unit_a,
    )
    (image,) = BodyImage.objects.all()
    assert (image.submission, image.name, image.content_type, image.width, image.height) == (s, "image1.png", "image/png", 120, 80)
    assert image.file.name.startswith("body-images/") and image.file.name.endswith(".png")
    assert image.check_status == CheckStatus.DONE and image.findings.count() == 0
    assert s.body == (
        "<h3>一、工作要求</h3><p>各村要加强巡山护林，严防野外用火。</p>"
        "<table><tbody><tr><td>责任区域</td><td>巡护人员</td></tr><tr><td>1号责任区</td><td>李四</td></tr></tbody></table>"
        f'<p><img src="/work/images/{image.public_id}/"></p>'
    )
    assert s.current_revision.body == s.body and s.current_revision.findings.count() == 0
    entry = AuditEntry.objects.filter(action="review.word_imported").get()
    assert (entry.actor, entry.detail["name"], entry.detail["images"]) == (county.drafter, "通知.docx", 1)
    picture = client.get(f"/work/images/{image.public_id}/")
    assert (picture.status_code, picture["Content-Type"], picture["X-Content-Type-Options"]) == (200, "image/png", "nosniff")
    assert picture["Content-Disposition"].startswith("inline;")
    assert b"".join(picture.streaming_content) == image.file.read()


def test_a_title_typed_on_the_page_wins_over_the_files(county, client):
    client.force_login(county.drafter)
    _new(client, county, _notice(), title="三江镇森林防火工作安排")
    assert Submission.objects.get().title == "三江镇森林防火工作安排"


def test_it_checks_the_pictures_of_the_body_by_ocr(county, client, django_capture_on_commit_callbacks):
    client.force_login(county.drafter)
    picture = text_image(["值班电话", "13812345678"], width=500)
    with django_capture_on_commit_callbacks(execute=True):
        _new(client, county, _notice(picture=picture))
    s = Submission.objects.get()
    (image,) = s.body_images.all()
    (f,) = image.findings.all()
    assert (f.rule, f.severity, f.text, f.place, f.revision, f.attachment) == (
        "pii.phone", "serious", "13812345678", "正文图片 image1.png (图片文字识别)", None, None,
    )
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert f'（正文图片 image1.png (图片文字识别)，<a href="/work/images/{image.public_id}/preview.png">查看标注</a>）' in page
    preview = client.get(f"/work/images/{image.public_id}/preview.png")
    assert (preview.status_code, preview["Content-Type"]) == (200, "image/png")
    # The picture's finding counts while the body shows it: taken out of the body, it no longer does.
    assert [g.pk for g in _gated(s)] == [f.pk]
    from sanshen.review import workflow

    workflow.save_revision(s, county.drafter, title=s.title, body="<p>各村要加强巡山护林。</p>", base_revision=1)
    s.refresh_from_db()
    assert _gated(s) == []


def _gated(submission):
    from sanshen.review.checking import gate_findings

    blocking, serious = gate_findings(submission.current_revision)
    return blocking + serious


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("名单.xlsx", xlsx_bytes({"名单": [["张三"]]}), "文件“名单.xlsx”不是 Word 文档：只能导入 .docx 文件（Excel、PDF 和图片请作为附件上传）"),
        ("通知.docx", b"PK\x03\x04 not really a zip", "文件“通知.docx”未上传：文件已损坏，无法作为 Office 文档打开。"),
        ("通知.docx.exe", b"MZ\x90\x00", "文件“通知.docx.exe”未上传：不允许上传 .exe 文件(文件名“通知.docx.exe”)。"),
    ],
)
def test_it_refuses_what_is_not_a_word_file_and_creates_nothing(county, client, settings, name, data, message):
    before = _stored_files(settings)
    client.force_login(county.drafter)
    r = _new(client, county, data, name=name)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert (Submission.objects.count(), BodyImage.objects.count(), _stored_files(settings)) == (0, 0, before)


def test_it_asks_for_a_title_when_the_file_has_none(county, client, settings):
    document = Document()
    document.add_paragraph("各村要加强巡山护林，严防野外用火。" * 10)
    before = _stored_files(settings)
    client.force_login(county.drafter)
    r = _new(client, county, docx_bytes(document))
    assert r.status_code == 400
    assert "未能从文档中识别标题，请在“标题”栏填写后再导入" in r.content.decode()
    assert (Submission.objects.count(), _stored_files(settings)) == (0, before)


def test_people_who_may_not_draft_cannot_import(county, client, settings):
    before = _stored_files(settings)
    client.force_login(county.first)
    r = _new(client, county, _notice())
    assert r.status_code == 400
    assert "您没有本单位的拟稿权限" in r.content.decode()
    assert (Submission.objects.count(), BodyImage.objects.count(), _stored_files(settings)) == (0, 0, before)


def test_the_new_submission_page_offers_the_import(county, client):
    client.force_login(county.drafter)
    page = client.get("/work/submissions/new/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert '<input type="file" name="docx" accept=".docx">' in page
    assert 'formaction="/work/submissions/import/" formnovalidate' in page


# ---------------------------------------------------------------------------------------------
# A new revision from Word


def _revise(client, submission, data: bytes, base: int, name: str = "修改稿.docx"):
    return client.post(
        f"/work/submissions/{submission.pk}/import/", {"base_revision": base, "docx": SimpleUploadedFile(name, data)}
    )


def test_it_imports_a_word_file_as_a_new_revision(county, client, django_capture_on_commit_callbacks):
    s = general_item_at(county, Status.FIRST_REVIEW)
    client.force_login(county.first)
    with django_capture_on_commit_callbacks(execute=True):
        r = _revise(client, s, _notice("关于做好秋冬季森林防火工作的通知"), base=1)
    assert message_texts(r) == ["已从“修改稿.docx”导入为第 2 版。"]
    s.refresh_from_db()
    revision = s.current_revision
    (image,) = s.body_images.all()
    assert (revision.number, revision.author, revision.stage, revision.note) == (
        2, county.first, Status.FIRST_REVIEW, "从 Word 导入：修改稿.docx",
    )
    assert s.title == revision.title == "关于做好秋冬季森林防火工作的通知"
    assert revision.body.endswith(f'<p><img src="/work/images/{image.public_id}/"></p>')
    assert s.version == 2 and s.status == Status.FIRST_REVIEW


def test_it_refuses_a_word_import_on_a_stale_revision_and_stores_nothing(county, client, settings):
    s = general_item_at(county, Status.FIRST_REVIEW)
    from sanshen.review import workflow

    workflow.save_revision(s, county.first, title=s.title, body="<p>已改。</p>", base_revision=1)
    before = _stored_files(settings)
    client.force_login(county.first)
    r = _revise(client, s, _notice(), base=1)
    assert message_texts(r) == ["稿件已被他人修改（当前为第 2 版，您编辑的是第 1 版），请查看差异后重新修改"]
    assert (Revision.objects.filter(submission=s).count(), BodyImage.objects.count(), _stored_files(settings)) == (2, 0, before)


def test_it_refuses_a_word_import_by_someone_who_may_not_edit(county, client, settings):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = _stored_files(settings)
    client.force_login(county.drafter)
    r = _revise(client, s, _notice(), base=1)
    assert message_texts(r) == ["当前环节您不能修改本稿件"]
    assert (s.revisions.count(), BodyImage.objects.count(), _stored_files(settings)) == (1, 0, before)


def test_the_edit_page_offers_the_import_and_the_picture_upload(county, client):
    s = draft(county)
    client.force_login(county.drafter)
    page = client.get(f"/work/submissions/{s.pk}/edit/").content.decode()
    assert f'action="/work/submissions/{s.pk}/import/"' in page
    assert f'hx-post="/work/submissions/{s.pk}/images/"' in page


# ---------------------------------------------------------------------------------------------
# Pictures inserted by hand


def test_it_inserts_a_picture_into_the_editor(county, client, django_capture_on_commit_callbacks):
    s = draft(county)
    client.force_login(county.drafter)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/work/submissions/{s.pk}/images/", {"file": SimpleUploadedFile("现场.jpg", png(60, 40, fmt="JPEG"))}, HTTP_HX_REQUEST="true"
        )
    (image,) = s.body_images.all()
    assert r.status_code == 200
    assert r.content.decode() == f'<p><img src="/work/images/{image.public_id}/" alt="现场.jpg"></p>'
    assert (image.name, image.content_type, image.uploaded_by, image.check_status) == ("现场.jpg", "image/jpeg", county.drafter, "done")
    assert re.fullmatch(rf"body-images/[0-9a-f]{{32}}\.jpg", image.file.name)


def test_it_refuses_a_document_as_a_picture(county, client, settings):
    s = draft(county)
    before = _stored_files(settings)
    client.force_login(county.drafter)
    r = client.post(
        f"/work/submissions/{s.pk}/images/", {"file": SimpleUploadedFile("通知.docx", _notice())}, HTTP_HX_REQUEST="true"
    )
    assert r.content.decode() == '<span class="error">文件“通知.docx”不是图片：正文中只能插入 JPG、PNG、GIF、WebP 图片</span>'
    assert r["HX-Retarget"] == "#image-message"
    assert (BodyImage.objects.count(), _stored_files(settings)) == (0, before)


def test_it_stores_a_pasted_picture_and_checks_it_by_ocr(county, client, django_capture_on_commit_callbacks):
    import base64

    client.force_login(county.drafter)
    picture = base64.b64encode(text_image(["值班电话", "13812345678"], width=500)).decode()
    body = f'<p>值班安排见下图。</p><p><img src="data:image/png;base64,{picture}" alt="值班表"></p>'
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/work/submissions/new/",
            {"title": "三江镇节日值班安排", "body": body, "target": f"column:{county.column.pk}", "grade": "general"},
        )
    assert r.status_code == 302
    s = Submission.objects.get()
    (image,) = s.body_images.all()
    assert "data:image" not in s.body
    assert f'src="/work/images/{image.public_id}/"' in s.body
    assert client.get(f"/work/images/{image.public_id}/").status_code == 200
    (f,) = image.findings.all()
    assert (f.rule, f.text) == ("pii.phone", "13812345678")
    assert [g.pk for g in _gated(s)] == [f.pk]


def test_it_refuses_a_broken_pasted_picture_and_stores_nothing(county, client, settings):
    client.force_login(county.drafter)
    body = '<p>见下图。</p><p><img src="data:image/png;base64,iVBORw0KGgoAAAAbroken="></p>'
    r = client.post(
        "/work/submissions/new/",
        {"title": "三江镇节日值班安排", "body": body, "target": f"column:{county.column.pk}", "grade": "general"},
    )
    assert r.status_code == 400
    assert "粘贴的图片1.png" in r.content.decode()
    assert not Submission.objects.exists()
    stored = settings.MEDIA_ROOT / "body-images"
    assert (list(stored.glob("*")) if stored.exists() else []) == []

"""Serving files: through the item's visibility check, as downloads with nosniff; the public site only what was published."""

import pytest
from docx import Document

from sanshen.audit.models import AuditEntry
from sanshen.documents.tests.files import docx_bytes, png, text_image
from sanshen.review import attachments, workflow
from sanshen.review.models import Status
from sanshen.test import approve_through_unit, draft, pass_as

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _word(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    return docx_bytes(document)


def _with_files(county, capture):
    """A draft with a Word attachment, a picture attachment and a picture in its body, all checked."""
    s = draft(county)
    with capture(execute=True):
        word = attachments.add_attachment(s, county.drafter, name="分工表.docx", data=_word("森林防火责任分工表"))
        picture = attachments.add_attachment(s, county.drafter, name="现场.png", data=png(60, 40))
        image = attachments.add_body_image(s, county.drafter, name="巡山.png", data=png(80, 50, "green"))
    workflow.save_revision(
        s, county.drafter, title=s.title, body=f'{s.body}<p><img src="{image.url}"></p>', base_revision=1
    )
    s.refresh_from_db()
    return s, word, picture, image


def _publish(county, s):
    s = approve_through_unit(county, s)
    s = pass_as(s, county.county_reviewer)
    return workflow.perform(s, county.county_reviewer, "publish")


def test_it_serves_a_word_attachment_as_a_download(county, client, django_capture_on_commit_callbacks):
    s, word, _, _ = _with_files(county, django_capture_on_commit_callbacks)
    client.force_login(county.drafter)
    r = client.get(f"/work/attachments/{word.pk}/")
    assert (r.status_code, r["Content-Type"], r["X-Content-Type-Options"]) == (200, DOCX, "nosniff")
    assert r["Content-Disposition"] == "attachment; filename=\"attachment.docx\"; filename*=UTF-8''%E5%88%86%E5%B7%A5%E8%A1%A8.docx"
    assert b"".join(r.streaming_content) == word.file.read()


def test_it_shows_a_picture_attachment_inline(county, client, django_capture_on_commit_callbacks):
    s, _, picture, _ = _with_files(county, django_capture_on_commit_callbacks)
    client.force_login(county.first)
    r = client.get(f"/work/attachments/{picture.pk}/")
    assert (r.status_code, r["Content-Type"], r["X-Content-Type-Options"]) == (200, "image/png", "nosniff")
    assert r["Content-Disposition"].startswith('inline; filename="attachment.png"')


@pytest.mark.parametrize("who", ["outsider", "outsider_reviewer", "county_reviewer", "county_leader", "secrecy"])
def test_people_who_cannot_see_the_item_get_404_for_its_files(county, client, django_capture_on_commit_callbacks, who):
    s, word, picture, image = _with_files(county, django_capture_on_commit_callbacks)
    client.force_login(getattr(county, who))
    for url in (
        f"/work/attachments/{word.pk}/",
        f"/work/attachments/{picture.pk}/",
        f"/work/attachments/{picture.pk}/preview/1.png",
        f"/work/attachments/{word.pk}/original/",
        f"/work/images/{image.public_id}/",
        f"/work/images/{image.public_id}/preview.png",
        f"/work/submissions/{s.pk}/export.docx",
    ):
        assert client.get(url).status_code == 404, url
    for url in (f"/work/attachments/{word.pk}/mask/", f"/work/attachments/{word.pk}/remove/"):
        assert client.post(url).status_code == 404, url
    assert s.attachments.count() == 2


def test_visitors_who_are_not_logged_in_are_sent_to_log_in(county, client, django_capture_on_commit_callbacks):
    s, word, _, image = _with_files(county, django_capture_on_commit_callbacks)
    for url in (f"/work/attachments/{word.pk}/", f"/work/images/{image.public_id}/"):
        r = client.get(url)
        assert (r.status_code, r["Location"].split("?")[0]) == (302, "/accounts/login/")


def test_the_original_is_for_the_units_own_people_only(county, client, django_capture_on_commit_callbacks):
    s = draft(county)
    with django_capture_on_commit_callbacks(execute=True):
        a = attachments.add_attachment(
            s, county.drafter, name="公示.png", data=text_image(["联系电话", "13812345678"], width=500)
        )
    with django_capture_on_commit_callbacks(execute=True):
        attachments.mask_attachment(a, county.drafter)
    a.refresh_from_db()
    s = _publish(county, s)
    client.force_login(county.first)
    r = client.get(f"/work/attachments/{a.pk}/original/")
    assert (r.status_code, r["Content-Disposition"].split(";")[0]) == (200, "attachment")
    assert b"".join(r.streaming_content) == a.original.read()
    assert AuditEntry.objects.filter(action="review.attachment_original_read", actor=county.first).count() == 1
    # The county sees the item and its masked attachment, never the original.
    client.force_login(county.county_reviewer)
    assert client.get(f"/work/attachments/{a.pk}/").status_code == 200
    assert client.get(f"/work/attachments/{a.pk}/original/").status_code == 404
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert "原件（仅本单位可下载）" not in page and "已脱敏" in page
    client.force_login(county.first)
    assert "原件（仅本单位可下载）" in client.get(f"/work/submissions/{s.pk}/").content.decode()
    # The public site serves the masked copy.
    client.logout()
    r = client.get(f"/article/{s.public_id}/files/{a.pk}/")
    assert b"".join(r.streaming_content) == a.file.read() != a.original.read()


def test_the_public_article_lists_the_attachments_and_shows_the_pictures(county, client, django_capture_on_commit_callbacks):
    s, word, picture, image = _with_files(county, django_capture_on_commit_callbacks)
    s = _publish(county, s)
    assert s.status == Status.PUBLISHED
    page = client.get(f"/article/{s.public_id}/").content.decode()
    assert f'<a href="/article/{s.public_id}/files/{word.pk}/">分工表.docx</a>' in page
    assert f'<a href="/article/{s.public_id}/files/{picture.pk}/">现场.png</a>' in page
    assert f'<img src="/article/{s.public_id}/images/{image.public_id}/">' in page
    assert "/work/" not in page
    r = client.get(f"/article/{s.public_id}/files/{word.pk}/")
    assert (r.status_code, r["Content-Type"], r["X-Content-Type-Options"]) == (200, DOCX, "nosniff")
    assert r["Content-Disposition"].startswith("attachment;")
    r = client.get(f"/article/{s.public_id}/images/{image.public_id}/")
    assert (r.status_code, r["Content-Type"]) == (200, "image/png")
    assert b"".join(r.streaming_content) == image.file.read()


def test_the_public_site_serves_nothing_of_unpublished_or_withdrawn_items(county, client, django_capture_on_commit_callbacks):
    s, word, _, image = _with_files(county, django_capture_on_commit_callbacks)
    other, other_word, _, other_image = _with_files(county, django_capture_on_commit_callbacks)
    assert client.get(f"/article/{s.public_id}/files/{word.pk}/").status_code == 404
    assert client.get(f"/article/{s.public_id}/images/{image.public_id}/").status_code == 404
    s = _publish(county, s)
    # A published item's address does not reach another item's files.
    assert client.get(f"/article/{s.public_id}/files/{other_word.pk}/").status_code == 404
    assert client.get(f"/article/{s.public_id}/images/{other_image.public_id}/").status_code == 404
    workflow.perform(s, county.county_reviewer, "withdraw", opinion="数据有误，撤稿更正。")
    assert client.get(f"/article/{s.public_id}/files/{word.pk}/").status_code == 404
    assert client.get(f"/article/{s.public_id}/images/{image.public_id}/").status_code == 404


def test_the_public_site_serves_only_pictures_the_published_version_shows(county, client, django_capture_on_commit_callbacks):
    s, _, _, image = _with_files(county, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        unused = attachments.add_body_image(s, county.drafter, name="草图.png", data=png(30, 30, "red"))
    s = _publish(county, s)
    assert client.get(f"/article/{s.public_id}/images/{image.public_id}/").status_code == 200
    assert client.get(f"/article/{s.public_id}/images/{unused.public_id}/").status_code == 404

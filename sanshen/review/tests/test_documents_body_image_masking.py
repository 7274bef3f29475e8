"""脱敏 of a picture in the body: the same one action as for attachments; the body keeps the picture's address."""

import base64

from sanshen.audit.models import AuditEntry
from sanshen.documents.extract import extract_text
from sanshen.documents.tests.files import text_image
from sanshen.documents.upload import inspect_upload
from sanshen.review.models import BodyImage, Status, Submission
from sanshen.test import approve_through_unit

from .helpers import message_texts

ID_NUMBER = "11010519491231002X"
MOBILE = "13812345678"
GONGSHI = ["2024年低保对象公示", "姓名  身份证号  联系电话", f"张三  {ID_NUMBER}  {MOBILE}"]


def _item_with_pasted_picture(county, client, capture, lines=GONGSHI) -> tuple[Submission, BodyImage, bytes]:
    client.force_login(county.drafter)
    picture = text_image(lines)
    body = f'<p>公示名单见下图。</p><p><img src="data:image/png;base64,{base64.b64encode(picture).decode()}" alt="公示"></p>'
    with capture(execute=True):
        client.post(
            "/work/submissions/new/",
            {"title": "三江镇低保对象公示", "body": body, "target": f"column:{county.column.pk}", "grade": "general"},
        )
    s = Submission.objects.get()
    (image,) = s.body_images.all()
    return s, image, picture


def test_it_masks_a_picture_in_the_body_with_one_action(county, client, django_capture_on_commit_callbacks):
    s, image, picture = _item_with_pasted_picture(county, client, django_capture_on_commit_callbacks)
    assert sorted(f.rule for f in image.findings.all()) == ["pii.id_card", "pii.phone"]
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert f'action="/work/images/{image.public_id}/mask/"' in page
    assert "一键脱敏（2 处个人信息）" in page
    body_before = s.current_revision.body

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/work/images/{image.public_id}/mask/")
    assert (r.status_code, r["Location"]) == (302, f"/work/submissions/{s.pk}/#findings")
    assert message_texts(r)[-1] == "已为正文图片“粘贴的图片1.png”脱敏并替换；原图仅保存在本单位存档中。"
    image.refresh_from_db()
    assert (image.is_masked, image.masked_by, image.check_status) == (True, county.drafter, "done")
    assert image.original.name.startswith("body-images/originals/")
    assert image.original.read() == inspect_upload("粘贴的图片1.png", picture).data
    masked = image.file.read()
    assert masked != image.original.read() and image.size == len(masked)
    # Checked again by OCR: nothing left to find, in the findings or in the picture.
    assert list(image.findings.all()) == []
    texts = [p.text for p in extract_text(inspect_upload("x.png", masked))]
    assert not any(MOBILE in t or ID_NUMBER in t for t in texts)
    # The body still points at the same address, which now serves the masked picture.
    s.refresh_from_db()
    assert s.current_revision.body == body_before
    assert b"".join(client.get(image.url).streaming_content) == masked
    entry = AuditEntry.objects.filter(action="review.body_image_masked").get()
    assert (entry.actor, entry.object_id, entry.detail["image"], entry.detail["rules"]) == (
        county.drafter, str(s.pk), str(image.public_id), ["pii.id_card", "pii.phone"],
    )
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert "一键脱敏（" not in page
    assert f'<a class="small" href="/work/images/{image.public_id}/original/">原图（仅本单位可下载）</a>' in page


def test_only_the_unit_reads_the_original_picture(county, client, django_capture_on_commit_callbacks):
    s, image, picture = _item_with_pasted_picture(county, client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/work/images/{image.public_id}/mask/")
    r = client.get(f"/work/images/{image.public_id}/original/")
    assert (r.status_code, b"".join(r.streaming_content)) == (200, inspect_upload("x.png", picture).data)
    assert AuditEntry.objects.filter(action="review.body_image_original_read").count() == 1
    # The county reviewer sees the item once it reaches county review, but never the original.
    assert approve_through_unit(county, s).status == Status.COUNTY_REVIEW
    client.force_login(county.county_reviewer)
    assert client.get(f"/work/submissions/{s.pk}/").status_code == 200
    assert client.get(f"/work/images/{image.public_id}/original/").status_code == 404
    # Someone of another unit cannot even see the item.
    client.force_login(county.outsider)
    assert client.get(f"/work/images/{image.public_id}/mask/").status_code == 405
    assert client.post(f"/work/images/{image.public_id}/mask/").status_code == 404


def test_it_refuses_to_mask_a_picture_without_personal_data(county, client, django_capture_on_commit_callbacks):
    s, image, _ = _item_with_pasted_picture(county, client, django_capture_on_commit_callbacks, lines=["森林防火责任分工"])
    assert "一键脱敏（" not in client.get(f"/work/submissions/{s.pk}/").content.decode()
    r = client.post(f"/work/images/{image.public_id}/mask/")
    assert message_texts(r) == ["正文图片中没有待脱敏的个人信息"]
    image.refresh_from_db()
    assert (image.is_masked, image.original.name) == (False, "")
    assert not AuditEntry.objects.filter(action="review.body_image_masked").exists()

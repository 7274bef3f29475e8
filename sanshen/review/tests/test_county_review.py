"""县信息中心审核: the last check before the county site; items whose 审签表 is incomplete are sent back (打回原单位)."""

import io

import pytest
from PIL import Image

from sanshen.review import workflow
from sanshen.review.exceptions import InvalidInput, InvalidTransition, PublicationBlocked
from sanshen.review.models import Notification, Status, Submission
from sanshen.test import pass_as

from .helpers import action_data, audit_rows, general_item_at, last_decision, message_texts, notified, snapshot


def _scan_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (620, 877), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def paper_unit(county):
    county.unit_a.signs_on_paper = True
    county.unit_a.save(update_fields=["signs_on_paper"])
    return county.unit_a


def test_it_passes_an_item_with_a_complete_form(county, client):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    client.force_login(county.county_reviewer)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "pass", opinion="审签表完整，同意发布。"))
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.due_at) == (Status.APPROVED, None)
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.actor) == (
        "county_review", "pass", "county_review", "approved", county.county_reviewer,
    )
    assert audit_rows(s)[-1] == ("review.pass", "county_review", "approved", "c.reviewer")


def test_it_refuses_to_pass_a_paper_unit_item_without_its_scan(county, paper_unit, client):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    before = snapshot(s)
    client.force_login(county.county_reviewer)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "pass"))
    assert r.status_code == 302
    assert message_texts(r) == ["不能发布：1. 审签表不完整（缺少：审签表扫描件）"]
    assert snapshot(s) == before
    with pytest.raises(PublicationBlocked) as exc:
        pass_as(s, county.county_reviewer)
    assert [b.code for b in exc.value.blockers] == ["form_incomplete"]


def test_it_refuses_to_pass_an_item_whose_unit_has_no_seal(county):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    county.unit_a.seal = ""
    county.unit_a.save(update_fields=["seal"])
    before = snapshot(s)
    with pytest.raises(PublicationBlocked) as exc:
        pass_as(s, county.county_reviewer)
    assert (exc.value.code, exc.value.message) == ("publication_blocked", "不能发布：1. 审签表不完整（缺少：来文单位公章）")
    assert snapshot(s) == before


def test_it_sends_an_incomplete_item_back_to_its_unit(county, paper_unit, client):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    client.force_login(county.county_reviewer)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "send_back", opinion="缺审签表扫描件，请补传。"))
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.resume_stage, s.due_at) == (Status.DRAFT, "", None)
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status) == ("county_review", "send_back", "county_review", "draft")
    assert audit_rows(s)[-1] == ("review.send_back", "county_review", "draft", "c.reviewer")
    assert notified(s, Notification.Kind.RETURNED) == [
        (name, "缺审签表扫描件，请补传。") for name in ("a.drafter", "a.final", "a.first", "a.second")
    ]
    # the unit starts a new run through every stage
    s = workflow.perform(s, county.drafter, "submit")
    assert (s.status, s.run) == (Status.FIRST_REVIEW, 2)


def test_it_passes_a_paper_unit_item_once_the_scan_is_uploaded(county, paper_unit, client):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    client.force_login(county.second)
    scan = io.BytesIO(_scan_png())
    scan.name = "审签表.png"
    r = client.post(f"/work/submissions/{s.pk}/form-scan/", {"scan": scan})
    assert r.status_code == 302
    assert message_texts(r) == ["审签表扫描件已上传。"]
    s.refresh_from_db()
    assert s.form_scan.name.startswith("forms/scans/")
    s = pass_as(s, county.county_reviewer)
    assert s.status == Status.APPROVED


def test_it_lets_only_the_units_second_reviewer_upload_a_scan(county, paper_unit, client):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    client.force_login(county.drafter)
    scan = io.BytesIO(_scan_png())
    scan.name = "审签表.png"
    r = client.post(f"/work/submissions/{s.pk}/form-scan/", {"scan": scan})
    assert r.status_code == 404
    assert not Submission.objects.get(pk=s.pk).form_scan


def test_it_refuses_a_scan_that_is_not_a_pdf_or_a_picture_and_stores_nothing(county, paper_unit, client):
    from docx import Document

    s = general_item_at(county, Status.COUNTY_REVIEW)
    client.force_login(county.second)
    out = io.BytesIO()
    Document().save(out)
    scan = io.BytesIO(out.getvalue())
    scan.name = "审签表.docx"
    r = client.post(f"/work/submissions/{s.pk}/form-scan/", {"scan": scan})
    assert r.status_code == 302
    assert message_texts(r) == ["审签表扫描件只能是 PDF 或图片"]
    assert not Submission.objects.get(pk=s.pk).form_scan


def test_it_requires_an_opinion_to_send_back(county):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.county_reviewer, "send_back", opinion="")
    assert exc.value.code == "opinion_required"
    assert snapshot(s) == before


def test_it_refuses_a_send_back_before_county_review(county):
    s = general_item_at(county, Status.FINAL_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, county.final, "send_back", opinion="打回。")
    assert exc.value.code == "not_allowed_in_final_review"
    assert snapshot(s) == before


def test_it_puts_the_item_in_the_county_reviewers_inbox_only_at_county_review(county, client):
    s = general_item_at(county, Status.FINAL_REVIEW)
    client.force_login(county.county_reviewer)
    assert s.title not in client.get("/work/").content.decode()
    s = pass_as(s, county.final)
    assert s.title in client.get("/work/").content.decode()
    assert list(workflow.waiting_for(county.county_reviewer)) == [s]

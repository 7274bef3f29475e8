"""通过: a reviewer passes the item on to the next stage, ticking the eight review points."""

import pytest

from sanshen.review import workflow
from sanshen.review.exceptions import BlockedByFindings, InvalidInput, InvalidTransition
from sanshen.review.models import REVIEW_POINT_KEYS, Decision, FindingRecord, Status
from sanshen.test import draft, pass_as

from .helpers import action_data, audit_rows, general_item_at, last_decision, message_texts, snapshot


def _serious_finding(s) -> FindingRecord:
    # Made by hand so the test does not depend on which checker finds what.
    return FindingRecord.objects.create(
        revision=s.current_revision, rule="place.wrong_name", category="place", standard=8, severity="serious",
        start=3, end=6, text="三江乡", suggestion="三江镇", message="地名有误",
    )


def test_it_passes_first_review_on_to_second_review(county, client):
    s = general_item_at(county, Status.FIRST_REVIEW)
    client.force_login(county.first)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "pass", opinion="内容属实，同意。"))
    assert r.status_code == 302
    assert r.url == f"/work/submissions/{s.pk}/"
    assert message_texts(r) == ["初审通过，已送复审复校：网站管理员 石晓东"]
    s.refresh_from_db()
    assert (s.status, s.run, s.version) == (Status.SECOND_REVIEW, 1, 2)
    d = last_decision(s)
    assert (d.run, d.stage, d.action, d.from_status, d.to_status) == (
        1, "first_review", "pass", "first_review", "second_review",
    )
    assert (d.actor, d.opinion, d.points, d.revision) == (
        county.first, "内容属实，同意。", list(REVIEW_POINT_KEYS), s.current_revision,
    )
    assert (d.self_approved, d.note) == (False, "")
    assert audit_rows(s)[-1] == ("review.pass", "first_review", "second_review", "a.first")


def test_it_takes_a_general_website_item_from_final_review_to_county_review(county):
    s = general_item_at(county, Status.FINAL_REVIEW)
    s = pass_as(s, county.final)
    assert s.status == Status.COUNTY_REVIEW
    passes = Decision.objects.filter(submission=s, action=Decision.Action.PASS).order_by("id")
    assert list(passes.values_list("stage", flat=True)) == ["first_review", "second_review", "final_review"]


@pytest.mark.parametrize(
    "points",
    [
        (),
        REVIEW_POINT_KEYS[:-1],  # 文字、图片、格式、符号 not ticked
        REVIEW_POINT_KEYS[1:],  # 政治性 not ticked
        ("political", "political", "secrecy"),
    ],
)
def test_it_requires_all_eight_review_points(county, points):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.first, "pass", opinion="同意。", points=points)
    assert exc.value.code == "points_required"
    assert snapshot(s) == before


def test_it_requires_an_opinion(county):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.first, "pass", opinion="  ", points=REVIEW_POINT_KEYS)
    assert exc.value.code == "opinion_required"
    assert snapshot(s) == before


def test_it_refuses_a_pass_by_the_reviewer_of_another_stage(county, client):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = snapshot(s)
    client.force_login(county.second)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "pass"))
    assert r.status_code == 302
    assert message_texts(r) == ["稿件当前为“初审初校”，您不能执行此操作"]
    assert snapshot(s) == before
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, county.second, "pass", opinion="同意。", points=REVIEW_POINT_KEYS)
    assert exc.value.code == "not_allowed_in_first_review"


def test_it_refuses_a_pass_from_a_version_already_handled(county, client):
    s = general_item_at(county, Status.FIRST_REVIEW)
    data = action_data(s, "pass")
    pass_as(s, county.first)
    before = snapshot(s)
    client.force_login(county.first)
    r = client.post(f"/work/submissions/{s.pk}/action/", data)
    assert r.status_code == 302
    assert message_texts(r) == ["已被他人处理：稿件状态或内容已变化，请刷新后查看"]
    assert snapshot(s) == before


def test_it_refuses_a_pass_over_a_serious_finding_without_a_reason(county):
    s = general_item_at(county, Status.FIRST_REVIEW)
    finding = _serious_finding(s)
    before = snapshot(s)
    with pytest.raises(BlockedByFindings) as exc:
        workflow.perform(s, county.first, "pass", opinion="同意。", points=REVIEW_POINT_KEYS, finding_reasons={str(finding.pk): " "})
    assert exc.value.code == "serious_unexplained"
    assert exc.value.findings == [finding]
    assert snapshot(s) == before


def test_it_records_the_reason_given_for_a_serious_finding(county, client):
    s = general_item_at(county, Status.FIRST_REVIEW)
    finding = _serious_finding(s)
    client.force_login(county.first)
    data = action_data(s, "pass", **{f"reason_{finding.pk}": "此处为村名，非镇名。"})
    r = client.post(f"/work/submissions/{s.pk}/action/", data)
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.SECOND_REVIEW
    finding.refresh_from_db()
    assert finding.reason == "此处为村名，非镇名。"
    d = last_decision(s)
    assert [(f["rule"], f["reason"]) for f in d.findings] == [("place.wrong_name", "此处为村名，非镇名。")]
    assert audit_rows(s)[-1] == ("review.pass", "first_review", "second_review", "a.first")


def test_it_refuses_a_pass_of_a_draft(county):
    s = draft(county)
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, county.first, "pass", opinion="同意。", points=REVIEW_POINT_KEYS)
    assert exc.value.code == "not_allowed_in_draft"
    assert snapshot(s) == before


def test_it_shows_the_review_points_each_signer_ticked(county, client):
    s = draft(county)
    workflow.perform(s, county.drafter, "submit")
    pass_as(s, county.first)
    client.force_login(county.first)
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert "审核要点：政治性、保密性、真实性、时效性、准确性、完整性、安全性、文字、图片、格式、符号" in page

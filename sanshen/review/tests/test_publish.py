"""发布: reachable only from 待发布 (approved), whatever the caller sends.

Website items are published by the county reviewer; new-media items skip county review and are
published by the account's operator, who records the post's address.
"""

import pytest
from django.db import IntegrityError, transaction

from sanshen.review.stages import required_stages
from sanshen.review import workflow
from sanshen.review.exceptions import InvalidInput, InvalidTransition, NotAllowed
from sanshen.review.models import Status, Submission
from sanshen.test import draft, pass_as

from .helpers import act, action_data, audit_rows, general_item_at, last_decision, message_texts, snapshot, special_item_at
from .test_permissions_matrix import HIDDEN

NOT_APPROVED = [s for s in Status.values if s != Status.APPROVED]


def test_it_publishes_an_approved_website_item(county, client):
    s = general_item_at(county, Status.APPROVED)
    client.force_login(county.county_reviewer)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "publish", opinion=""))
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.PUBLISHED
    assert s.published_revision == s.current_revision
    assert s.published_at is not None
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.actor) == (
        "approved", "publish", "approved", "published", county.county_reviewer,
    )
    assert audit_rows(s)[-1] == ("review.publish", "approved", "published", "c.reviewer")
    r = client.get(f"/article/{s.public_id}/")
    assert r.status_code == 200
    assert s.title in r.content.decode()


@pytest.mark.parametrize("status", NOT_APPROVED)
def test_it_refuses_to_publish_from_any_other_status(county, status):
    s = special_item_at(county, status)
    before = snapshot(s)
    expected = NotAllowed if "county_reviewer" in HIDDEN[status] else InvalidTransition
    with pytest.raises(expected):
        workflow.perform(s, county.county_reviewer, "publish", opinion="")
    assert snapshot(s) == before


@pytest.mark.parametrize("status", NOT_APPROVED)
def test_it_refuses_a_publish_posted_from_any_other_status(county, client, status):
    s = special_item_at(county, status)
    before = snapshot(s)
    client.force_login(county.county_reviewer)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "publish", status="approved"))
    if "county_reviewer" in HIDDEN[status]:
        assert r.status_code == 404
    else:
        assert r.status_code == 302
        assert message_texts(r) == [f"稿件当前为“{Status(status).label}”，您不能执行此操作"]
    assert snapshot(s) == before


@pytest.mark.parametrize("name", ["approve", "publish_now", "PUBLISH", "_publish", "__init__", "edit", "set_status", "published"])
def test_it_refuses_a_forged_action_name(county, client, name):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    before = snapshot(s)
    client.force_login(county.county_reviewer)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, name))
    assert r.status_code == 302
    assert message_texts(r) == [f"未知操作：{name}"]
    assert snapshot(s) == before
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.county_reviewer, name)
    assert exc.value.code == "unknown_action"


def test_it_ignores_a_forged_status_field_posted_with_a_pass(county, client):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    client.force_login(county.county_reviewer)
    forged = {"status": "published", "published_revision": s.current_revision_id, "to_stage": "published"}
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "pass", **forged))
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.published_revision, s.published_at) == (Status.APPROVED, None, None)


def test_it_ignores_a_forged_status_field_posted_to_the_edit_page(county, client):
    s = draft(county)
    client.force_login(county.drafter)
    r = client.post(
        f"/work/submissions/{s.pk}/edit/",
        {"title": s.title, "body": "<p>改过的正文。</p>", "target": f"column:{county.column.pk}", "grade": "general",
         "base_revision": 1, "status": "published", "published_revision": s.current_revision_id},
    )
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.current_revision.number, s.published_revision) == (Status.DRAFT, 2, None)


@pytest.mark.parametrize("field", ["status", "published_revision", "published_at", "run", "version"])
def test_it_refuses_state_fields_as_item_details(county, field):
    s = draft(county)
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.save_revision(s, county.drafter, title=s.title, body="<p>新正文。</p>", base_revision=1, **{field: "published"})
    assert exc.value.code == "unknown_field"
    assert snapshot(s) == before
    with pytest.raises(InvalidInput) as exc:
        workflow.create_submission(county.drafter, title="标题", body="", column=county.column, **{field: "published"})
    assert exc.value.code == "unknown_field"


def test_it_keeps_a_published_item_without_a_revision_out_of_the_database(county):
    s = general_item_at(county, Status.APPROVED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=s.pk).update(status=Status.PUBLISHED)
    assert Submission.objects.get(pk=s.pk).status == Status.APPROVED


# 政务新媒体 -------------------------------------------------------------------------------------


def test_it_skips_county_review_for_a_new_media_item(county):
    s = draft(county, media_account=county.account)
    assert required_stages(s) == ["first_review", "second_review", "final_review"]
    s = general_item_at(county, Status.FINAL_REVIEW, media_account=county.account)
    s = pass_as(s, county.final)
    assert s.status == Status.APPROVED
    assert workflow.available_actions(s, county.county_reviewer) == []


def test_it_lets_the_account_operator_publish_with_the_post_address(county, client):
    s = general_item_at(county, Status.APPROVED, media_account=county.account)
    client.force_login(county.second)  # the account's operator
    url = "https://mp.weixin.qq.com/s/Fh3kR9"
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "publish", opinion="", post_url=url))
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.post_url, s.published_revision) == (Status.PUBLISHED, url, s.current_revision)
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.actor) == (
        "approved", "publish", "approved", "published", county.second,
    )
    assert audit_rows(s)[-1] == ("review.publish", "approved", "published", "a.second")
    # a new-media item never appears on the county site
    assert client.get(f"/article/{s.public_id}/").status_code == 404


@pytest.mark.parametrize("post_url", ["", "  ", "mp.weixin.qq.com/s/abc", "javascript:alert(1)", "ftp://example.org/a"])
def test_it_requires_the_post_address(county, post_url):
    s = general_item_at(county, Status.APPROVED, media_account=county.account)
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.second, "publish", post_url=post_url)
    assert exc.value.code == "post_url_required"
    assert snapshot(s) == before


def test_it_refuses_a_new_media_publish_by_the_county_reviewer(county):
    # New-media items never reach the county: the county reviewer does not even see them.
    s = general_item_at(county, Status.APPROVED, media_account=county.account)
    before = snapshot(s)
    with pytest.raises(NotAllowed):
        workflow.perform(s, county.county_reviewer, "publish", post_url="https://weibo.com/1/abc")
    assert snapshot(s) == before


def test_it_refuses_a_new_media_publish_by_a_unit_reviewer_who_is_not_the_operator(county):
    s = general_item_at(county, Status.APPROVED, media_account=county.account)
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, county.final, "publish", post_url="https://weibo.com/1/abc")
    assert exc.value.code == "not_allowed_in_approved"
    assert snapshot(s) == before


def test_it_falls_back_to_the_second_reviewer_when_the_account_has_no_operator(county):
    county.account.operators.clear()
    s = general_item_at(county, Status.APPROVED, media_account=county.account)
    assert [a.name for a in workflow.available_actions(s, county.second)] == ["publish"]
    s = act(s, county.second, "publish", opinion="", post_url="https://mp.weixin.qq.com/s/x1")
    assert s.status == Status.PUBLISHED


def test_it_refuses_a_website_publish_by_the_units_second_reviewer(county):
    s = general_item_at(county, Status.APPROVED)
    before = snapshot(s)
    with pytest.raises(InvalidTransition):
        workflow.perform(s, county.second, "publish")
    assert snapshot(s) == before

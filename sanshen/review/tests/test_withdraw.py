"""撤稿: the publisher withdraws a published item with a reason; its public URL then answers 410."""

import pytest

from sanshen.review import workflow
from sanshen.review.exceptions import InvalidInput, InvalidTransition
from sanshen.review.models import Notification, Status

from .helpers import act, action_data, audit_rows, general_item_at, last_decision, notified, snapshot


def test_it_withdraws_a_published_item_with_a_reason(county, client):
    s = act(general_item_at(county, Status.APPROVED), county.county_reviewer, "publish", opinion="")
    client.force_login(county.county_reviewer)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "withdraw", opinion="会议时间有误，撤稿更正。"))
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.withdraw_reason) == (Status.WITHDRAWN, "会议时间有误，撤稿更正。")
    assert s.withdrawn_at is not None
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.actor) == (
        "published", "withdraw", "published", "withdrawn", county.county_reviewer,
    )
    assert audit_rows(s)[-1] == ("review.withdraw", "published", "withdrawn", "c.reviewer")


def test_it_answers_410_at_the_public_url_of_a_withdrawn_item(county, client):
    s = act(general_item_at(county, Status.APPROVED), county.county_reviewer, "publish", opinion="")
    assert client.get(f"/article/{s.public_id}/").status_code == 200
    act(s, county.county_reviewer, "withdraw", opinion="会议时间有误。")
    r = client.get(f"/article/{s.public_id}/")
    assert r.status_code == 410
    page = r.content.decode()
    assert "该信息已撤稿" in page
    assert f"原标题为“{s.title}”的信息" in page
    assert "部署秋冬季森林防火工作" not in page  # the body is gone
    assert s.title not in client.get(f"/column/{county.column.slug}/").content.decode()


def test_it_tells_the_drafter_and_the_signers(county):
    s = act(general_item_at(county, Status.APPROVED), county.county_reviewer, "publish", opinion="")
    act(s, county.county_reviewer, "withdraw", opinion="会议时间有误。")
    assert notified(s, Notification.Kind.WITHDRAWN) == [
        (name, "会议时间有误。") for name in ("a.drafter", "a.final", "a.first", "a.second")
    ]


def test_it_requires_a_reason(county):
    s = act(general_item_at(county, Status.APPROVED), county.county_reviewer, "publish", opinion="")
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.county_reviewer, "withdraw", opinion=" ")
    assert exc.value.code == "opinion_required"
    assert snapshot(s) == before


@pytest.mark.parametrize("status", [Status.APPROVED, Status.COUNTY_REVIEW])
def test_it_withdraws_only_a_published_item(county, status):
    s = general_item_at(county, status)
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, county.county_reviewer, "withdraw", opinion="撤稿。")
    assert exc.value.code == f"not_allowed_in_{status}"
    assert snapshot(s) == before


def test_it_refuses_a_second_withdrawal(county):
    s = act(general_item_at(county, Status.APPROVED), county.county_reviewer, "publish", opinion="")
    s = act(s, county.county_reviewer, "withdraw", opinion="撤稿。")
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, county.county_reviewer, "withdraw", opinion="再撤一次。")
    assert exc.value.code == "not_allowed_in_withdrawn"
    assert snapshot(s) == before


def test_it_lets_the_operator_withdraw_a_new_media_item(county):
    s = general_item_at(county, Status.APPROVED, media_account=county.account)
    s = act(s, county.second, "publish", opinion="", post_url="https://mp.weixin.qq.com/s/Fh3kR9")
    s = act(s, county.second, "withdraw", opinion="图片有误，已在平台删除。")
    assert (s.status, s.withdraw_reason) == (Status.WITHDRAWN, "图片有误，已在平台删除。")
    assert audit_rows(s)[-1] == ("review.withdraw", "published", "withdrawn", "a.second")

"""不予发布: only 终审 and the county reviewer may refuse, and refusing is final."""

import pytest

from sanshen.review import workflow
from sanshen.review.exceptions import InvalidInput, InvalidTransition, NotAllowed
from sanshen.review.models import Grade, Status

from .helpers import PERSONAS, act, action_data, audit_rows, general_item_at, last_decision, person, snapshot


def test_it_refuses_at_final_review(county, client):
    s = general_item_at(county, Status.FINAL_REVIEW)
    client.force_login(county.final)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "refuse", opinion="涉及未公开事项，不予发布。"))
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.due_at, s.published_revision) == (Status.REFUSED, None, None)
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.actor) == (
        "final_review", "refuse", "final_review", "refused", county.final,
    )
    assert d.opinion == "涉及未公开事项，不予发布。"
    assert audit_rows(s)[-1] == ("review.refuse", "final_review", "refused", "a.final")


def test_it_refuses_at_county_review(county):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    s = act(s, county.county_reviewer, "refuse", opinion="不属于主动公开范围。")
    assert s.status == Status.REFUSED
    assert audit_rows(s)[-1] == ("review.refuse", "county_review", "refused", "c.reviewer")


def test_it_leaves_nothing_to_do_after_a_refusal(county):
    s = act(general_item_at(county, Status.FINAL_REVIEW), county.final, "refuse")
    assert {name: workflow.available_actions(s, person(county, name)) for name in PERSONAS} == {name: [] for name in PERSONAS}
    before = snapshot(s)
    with pytest.raises(InvalidTransition):
        workflow.perform(s, county.drafter, "submit")
    with pytest.raises(NotAllowed):
        workflow.save_revision(s, county.drafter, title=s.title, body="<p>再改一次。</p>", base_revision=1)
    assert snapshot(s) == before


@pytest.mark.parametrize(
    "status, reviewer",
    [
        (Status.FIRST_REVIEW, "first"),
        (Status.SECOND_REVIEW, "second"),
        (Status.MAIN_LEADER, "leader"),
        (Status.COUNTY_LEADER, "county_leader"),
    ],
)
def test_it_refuses_a_refusal_at_other_stages(county, status, reviewer):
    s = general_item_at(county, status, grade=Grade.SPECIAL)
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, person(county, reviewer), "refuse", opinion="不予发布。")
    assert exc.value.code == f"not_allowed_in_{status}"
    assert snapshot(s) == before


def test_it_requires_an_opinion(county):
    s = general_item_at(county, Status.FINAL_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.final, "refuse", opinion="")
    assert exc.value.code == "opinion_required"
    assert snapshot(s) == before

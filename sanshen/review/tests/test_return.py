"""回退: back to the drafter (a new run, every stage again) or back to an earlier stage."""

import pytest

from sanshen.review import workflow
from sanshen.review.exceptions import InvalidInput, InvalidTransition
from sanshen.review.models import Decision, Grade, Status
from sanshen.test import pass_as

from .helpers import act, action_data, audit_rows, general_item_at, last_decision, message_texts, snapshot


def _return_choices(s, user) -> list[str]:
    s.refresh_from_db()
    (action,) = [a for a in workflow.available_actions(s, user) if a.name == "return"]
    return [value for value, _ in action.choices]


def test_it_returns_to_the_drafter(county, client):
    s = general_item_at(county, Status.FINAL_REVIEW)
    client.force_login(county.final)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "return", to_stage="drafter", opinion="方向不对，重写。"))
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.run, s.resume_stage, s.due_at) == (Status.DRAFT, 1, "", None)
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.note) == (
        "final_review", "return", "final_review", "draft", "退回拟稿人",
    )
    assert audit_rows(s)[-1] == ("review.return", "final_review", "draft", "a.final")


def test_it_starts_a_new_run_through_every_stage_after_a_return_to_the_drafter(county):
    s = general_item_at(county, Status.FINAL_REVIEW)
    act(s, county.final, "return", to_stage="drafter")
    s = act(s, county.drafter, "submit", opinion="")
    assert (s.status, s.run) == (Status.FIRST_REVIEW, 2)
    assert last_decision(s).run == 2
    for person in (county.first, county.second, county.final):
        s = pass_as(s, person)
    assert s.status == Status.COUNTY_REVIEW
    passes = Decision.objects.filter(submission=s, action="pass").order_by("id")
    assert list(passes.values_list("run", "stage")) == [
        (1, "first_review"), (1, "second_review"),
        (2, "first_review"), (2, "second_review"), (2, "final_review"),
    ]


def test_it_returns_to_an_earlier_stage(county):
    s = general_item_at(county, Status.FINAL_REVIEW)
    s = act(s, county.final, "return", to_stage=Status.FIRST_REVIEW, opinion="请初审再核对数据。")
    assert (s.status, s.run) == (Status.FIRST_REVIEW, 1)
    assert s.due_at is not None
    d = last_decision(s)
    assert (d.from_status, d.to_status, d.note) == ("final_review", "first_review", "退回初审初校")
    assert audit_rows(s)[-1] == ("review.return", "final_review", "first_review", "a.final")
    # from there it goes through the later stages again
    s = pass_as(s, county.first)
    assert s.status == Status.SECOND_REVIEW
    s = pass_as(s, county.second)
    assert s.status == Status.FINAL_REVIEW


def test_it_offers_only_the_drafter_and_earlier_stages(county):
    s = general_item_at(county, Status.FIRST_REVIEW, grade=Grade.IMPORTANT)
    assert _return_choices(s, county.first) == ["drafter"]
    s = pass_as(s, county.first)
    assert _return_choices(s, county.second) == ["drafter", "first_review"]
    s = pass_as(pass_as(s, county.second), county.final)
    assert s.status == Status.MAIN_LEADER
    assert _return_choices(s, county.leader) == ["drafter", "first_review", "second_review", "final_review"]


@pytest.mark.parametrize(
    "to_stage",
    ["final_review", "main_leader", "county_review", "approved", "published", "withdrawn", "draft", "nowhere", ""],
)
def test_it_refuses_a_return_to_anything_but_an_earlier_stage(county, to_stage):
    s = general_item_at(county, Status.FINAL_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.final, "return", opinion="回退。", to_stage=to_stage)
    assert exc.value.code == "bad_return_target"
    assert snapshot(s) == before


def test_it_refuses_a_forged_return_target_posted_to_the_action_url(county, client):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = snapshot(s)
    client.force_login(county.first)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "return", to_stage="approved"))
    assert r.status_code == 302
    assert message_texts(r) == ["回退目标无效"]
    assert snapshot(s) == before


def test_it_has_no_return_at_county_review(county):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, county.county_reviewer, "return", opinion="回退。", to_stage="drafter")
    assert exc.value.code == "not_allowed_in_county_review"
    assert snapshot(s) == before


def test_it_requires_an_opinion(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.second, "return", opinion="", to_stage="drafter")
    assert exc.value.code == "opinion_required"
    assert snapshot(s) == before

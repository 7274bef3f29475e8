"""信息分类 (第五条) and 签批: which stages an item must pass, by grade, topic and the unit's choice."""

import pytest

from sanshen.review.stages import required_stages
from sanshen.review import workflow
from sanshen.review.exceptions import InvalidTransition, NotAllowed
from sanshen.review.models import Grade, Status, Topic, WrittenFiling
from sanshen.test import draft, pass_as

from .helpers import act, audit_rows, general_item_at, last_decision, snapshot

UNIT = ["first_review", "second_review", "final_review"]


@pytest.mark.parametrize(
    "grade, topics, unit_signs_all, ask_main_leader, main_leader_signs",
    [
        # 一般信息: the unit's choice, for all its items or for this one
        (Grade.GENERAL, [], False, False, False),
        (Grade.GENERAL, [], False, True, True),
        (Grade.GENERAL, [], True, False, True),
        (Grade.GENERAL, [Topic.PERSONNEL, Topic.POLICY], False, False, False),
        (Grade.GENERAL, [Topic.RECRUITMENT], False, False, False),
        # compulsory whatever the unit chose: 重要、特级、预决算、突发事件
        (Grade.IMPORTANT, [], False, False, True),
        (Grade.SPECIAL, [], False, False, True),
        (Grade.GENERAL, [Topic.BUDGET], False, False, True),
        (Grade.GENERAL, [Topic.EMERGENCY], False, False, True),
        (Grade.GENERAL, [Topic.PROCUREMENT, Topic.EMERGENCY], False, False, True),
    ],
)
def test_it_decides_when_the_main_leader_signs(county, grade, topics, unit_signs_all, ask_main_leader, main_leader_signs):
    county.unit_a.main_leader_signs_all = unit_signs_all
    county.unit_a.save(update_fields=["main_leader_signs_all"])
    s = draft(county, grade=grade, topics=topics, ask_main_leader=ask_main_leader)
    assert s.needs_main_leader is main_leader_signs
    assert ("main_leader" in required_stages(s)) is main_leader_signs


@pytest.mark.parametrize(
    "grade, target, path",
    [
        (Grade.GENERAL, "column", UNIT + ["county_review"]),
        (Grade.IMPORTANT, "column", UNIT + ["main_leader", "county_review"]),
        (Grade.SPECIAL, "column", UNIT + ["main_leader", "county_leader", "county_review"]),
        (Grade.GENERAL, "media_account", UNIT),
        (Grade.IMPORTANT, "media_account", UNIT + ["main_leader"]),
        (Grade.SPECIAL, "media_account", UNIT + ["main_leader", "county_leader"]),
    ],
)
def test_it_lays_out_the_stages_by_grade_and_target(county, grade, target, path):
    target_details = {"column": {"column": county.column}, "media_account": {"media_account": county.account}}[target]
    s = draft(county, grade=grade, **target_details)
    assert required_stages(s) == path


def test_it_sends_an_important_item_to_the_main_leader_after_final_review(county):
    s = general_item_at(county, Status.FINAL_REVIEW, grade=Grade.IMPORTANT)
    s = pass_as(s, county.final)
    assert s.status == Status.MAIN_LEADER
    assert [a.name for a in workflow.available_actions(s, county.leader)] == ["edit", "pass", "request_changes", "return"]
    s = pass_as(s, county.leader, opinion="同意发布。")
    assert s.status == Status.COUNTY_REVIEW
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.actor) == (
        "main_leader", "pass", "main_leader", "county_review", county.leader,
    )
    assert audit_rows(s)[-1] == ("review.pass", "main_leader", "county_review", "a.leader")


def test_it_sends_a_budget_item_to_the_main_leader_even_if_the_unit_chose_otherwise(county):
    s = general_item_at(county, Status.FINAL_REVIEW, topics=[Topic.BUDGET])
    assert county.unit_a.main_leader_signs_all is False and s.ask_main_leader is False
    s = pass_as(s, county.final)
    assert s.status == Status.MAIN_LEADER


def test_it_refuses_to_drop_a_topic_after_submission(county):
    s = general_item_at(county, Status.FIRST_REVIEW, topics=[Topic.EMERGENCY])
    before = snapshot(s)
    with pytest.raises(NotAllowed) as exc:
        workflow.save_revision(s, county.first, title=s.title, body=s.body, base_revision=1, topics=[])
    assert exc.value.code == "details_locked"
    assert snapshot(s) == before


def test_it_files_a_special_item_in_writing_the_moment_it_goes_to_the_county_leader(county):
    s = general_item_at(county, Status.MAIN_LEADER, grade=Grade.SPECIAL)
    assert WrittenFiling.objects.count() == 0
    s = pass_as(s, county.leader)
    assert s.status == Status.COUNTY_LEADER
    (filing,) = WrittenFiling.objects.all()
    assert (filing.submission, filing.run, filing.filed_by) == (s, 1, county.leader)
    assert audit_rows(s)[-1] == ("review.pass", "main_leader", "county_leader", "a.leader")


def test_it_needs_the_county_leaders_approval_before_county_review(county):
    s = general_item_at(county, Status.COUNTY_LEADER, grade=Grade.SPECIAL)
    assert workflow.available_actions(s, county.county_reviewer) == []
    before = snapshot(s)
    with pytest.raises(NotAllowed):
        pass_as(s, county.county_reviewer)
    assert snapshot(s) == before
    s = pass_as(s, county.county_leader, opinion="同意发布，注意口径统一。")
    assert s.status == Status.COUNTY_REVIEW
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.actor) == (
        "county_leader", "pass", "county_leader", "county_review", county.county_leader,
    )
    assert audit_rows(s)[-1] == ("review.pass", "county_leader", "county_review", "c.leader")
    s = pass_as(s, county.county_reviewer)
    assert s.status == Status.APPROVED


def test_it_publishes_a_special_new_media_item_after_the_county_leader(county):
    s = general_item_at(county, Status.COUNTY_LEADER, grade=Grade.SPECIAL, media_account=county.account)
    s = pass_as(s, county.county_leader)
    assert s.status == Status.APPROVED
    s = act(s, county.second, "publish", opinion="", post_url="https://mp.weixin.qq.com/s/t0p")
    assert s.status == Status.PUBLISHED


def test_it_never_sends_an_important_item_to_the_county_leader(county):
    s = general_item_at(county, Status.MAIN_LEADER, grade=Grade.IMPORTANT)
    s = pass_as(s, county.leader)
    assert s.status == Status.COUNTY_REVIEW
    assert WrittenFiling.objects.count() == 0
    assert not workflow.can_view(s, county.county_leader)


def test_it_refuses_the_county_leader_at_a_unit_stage(county):
    s = general_item_at(county, Status.FINAL_REVIEW, grade=Grade.SPECIAL)
    before = snapshot(s)
    with pytest.raises(NotAllowed):
        pass_as(s, county.county_leader)
    assert snapshot(s) == before


def test_it_refuses_the_main_leader_at_county_review(county):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidTransition):
        pass_as(s, county.leader)
    assert snapshot(s) == before


def _at_final(county, **details):
    s = draft(county, **details)
    workflow.perform(s, county.drafter, "submit")
    s = pass_as(s, county.first)
    return pass_as(s, county.second)


def test_it_lets_the_main_leader_pass_final_review_when_no_signing_follows(county):
    s = _at_final(county)
    assert "pass" in [a.name for a in workflow.available_actions(s, county.leader)]
    s = pass_as(s, county.leader)
    assert s.status == Status.COUNTY_REVIEW


def test_it_keeps_final_review_for_the_deputy_when_the_main_leader_signs_later(county):
    s = _at_final(county, grade=Grade.IMPORTANT)
    assert "pass" not in [a.name for a in workflow.available_actions(s, county.leader)]
    with pytest.raises(NotAllowed):
        pass_as(s, county.leader)
    s = pass_as(s, county.final)
    assert s.status == Status.MAIN_LEADER
    s = pass_as(s, county.leader)
    assert s.status == Status.COUNTY_REVIEW
    signers = [(d.stage, d.actor_id, d.self_approved) for d in s.decisions.filter(action="pass", stage__in=UNIT + ["main_leader"])]
    assert signers[-2:] == [("final_review", county.final.pk, False), ("main_leader", county.leader.pk, False)]


def test_it_lets_the_main_leader_sign_both_when_the_unit_has_no_deputy(county):
    county.final.is_active = False
    county.final.save(update_fields=["is_active"])
    s = _at_final(county, grade=Grade.IMPORTANT)
    s = pass_as(s, county.leader)
    assert s.status == Status.MAIN_LEADER
    s = pass_as(s, county.leader)
    assert s.status == Status.COUNTY_REVIEW
    assert s.decisions.filter(stage="main_leader", action="pass").get().self_approved


def test_it_files_a_special_item_once_per_run(county):
    s = _at_final(county, grade=Grade.SPECIAL)
    s = pass_as(s, county.final)
    s = pass_as(s, county.leader)
    assert s.status == Status.COUNTY_LEADER
    workflow.perform(s, county.county_leader, "request_changes", opinion="请补充伤亡人数核实情况")
    s.refresh_from_db()
    workflow.perform(s, county.drafter, "submit")
    s.refresh_from_db()
    assert s.status == Status.COUNTY_LEADER
    assert WrittenFiling.objects.filter(submission=s).count() == 1


def test_it_does_not_ask_the_main_leader_to_review_what_they_sign_later(county):
    s = draft(county, grade=Grade.IMPORTANT)
    workflow.perform(s, county.drafter, "submit")
    s = pass_as(s, county.first)
    s = pass_as(s, county.second)
    assert s.status == Status.FINAL_REVIEW
    waiting = set(s.notifications.filter(message__contains="终审终校").values_list("recipient_id", flat=True))
    assert waiting == {county.final.pk}
    assert not workflow.can_edit(s, county.leader)

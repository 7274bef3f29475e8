"""建议修改: a reviewer sends the item back to the drafter; after resubmission it resumes at the stage that asked."""

import pytest

from sanshen.review import workflow
from sanshen.review.exceptions import InvalidInput, InvalidTransition, NotAllowed
from sanshen.review.models import Decision, Status
from sanshen.test import pass_as

from .helpers import act, action_data, audit_rows, decisions, general_item_at, last_decision, snapshot


def test_it_sends_the_item_to_the_drafter_and_keeps_the_asking_stage(county, client):
    s = general_item_at(county, Status.SECOND_REVIEW)
    client.force_login(county.second)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "request_changes", opinion="第二段数据请核实。"))
    assert r.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.resume_stage, s.run, s.due_at) == (Status.CHANGES_REQUESTED, "second_review", 1, None)
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.actor) == (
        "second_review", "request_changes", "second_review", "changes_requested", county.second,
    )
    assert d.opinion == "第二段数据请核实。"
    assert audit_rows(s)[-1] == ("review.request_changes", "second_review", "changes_requested", "a.second")


def test_it_resumes_at_the_asking_stage_when_the_text_is_unchanged(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    act(s, county.second, "request_changes", opinion="请确认第二段数据，如无误请说明后重新送审。")
    s = act(s, county.drafter, "submit", opinion="已核实，数据无误。")
    assert (s.status, s.run, s.resume_stage) == (Status.SECOND_REVIEW, 1, "")
    assert decisions(s)[-1] == (1, "changes_requested", "submit", "changes_requested", "second_review", "a.drafter")
    # 初审 is not asked again: its pass of this run still covers the text
    s = pass_as(s, county.second)
    assert s.status == Status.FINAL_REVIEW
    passes = Decision.objects.filter(submission=s, action="pass").order_by("id")
    assert list(passes.values_list("run", "stage")) == [(1, "first_review"), (1, "second_review")]
    assert audit_rows(s)[-3:] == [
        ("review.request_changes", "second_review", "changes_requested", "a.second"),
        ("review.submit", "changes_requested", "second_review", "a.drafter"),
        ("review.pass", "second_review", "final_review", "a.second"),
    ]


def test_it_starts_again_at_first_review_when_the_drafter_changed_the_text(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    act(s, county.second, "request_changes", opinion="第二段数据请核实。")
    s.refresh_from_db()
    workflow.save_revision(s, county.drafter, title=s.title, body="<p>核实后的正文。</p>", base_revision=1)
    s = act(s, county.drafter, "submit", opinion="")
    # The first reviewer signed the old text: the new text goes through every stage again.
    assert (s.status, s.run, s.resume_stage) == (Status.FIRST_REVIEW, 1, "")
    assert decisions(s)[-1] == (1, "changes_requested", "submit", "changes_requested", "first_review", "a.drafter")
    s = pass_as(s, county.first)
    s = pass_as(s, county.second)
    assert s.status == Status.FINAL_REVIEW
    passes = Decision.objects.filter(submission=s, action="pass").order_by("id")
    assert list(passes.values_list("stage", "revision__number")) == [
        ("first_review", 1), ("first_review", 2), ("second_review", 2)
    ]


def test_it_resumes_at_county_review_when_the_county_reviewer_asked(county):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    act(s, county.county_reviewer, "request_changes", opinion="标题请写明时间。")
    s = act(s, county.drafter, "submit", opinion="")
    assert (s.status, s.run) == (Status.COUNTY_REVIEW, 1)


def test_it_lets_the_drafter_edit_once_changes_are_requested(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    with pytest.raises(NotAllowed):
        workflow.save_revision(s, county.drafter, title=s.title, body="<p>新正文。</p>", base_revision=1)
    act(s, county.second, "request_changes")
    revision = workflow.save_revision(s, county.drafter, title=s.title, body="<p>新正文。</p>", base_revision=1)
    assert (revision.number, revision.author, revision.stage) == (2, county.drafter, "changes_requested")


def test_it_requires_an_opinion(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.second, "request_changes", opinion="")
    assert exc.value.code == "opinion_required"
    assert snapshot(s) == before


def test_it_refuses_a_request_from_the_drafter(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, county.drafter, "request_changes", opinion="我想再改改。")
    assert exc.value.code == "not_allowed_in_second_review"
    assert snapshot(s) == before


def test_it_refuses_a_request_while_the_item_waits_for_changes(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    act(s, county.second, "request_changes")
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, county.second, "request_changes", opinion="再补充一点。")
    assert exc.value.code == "not_allowed_in_changes_requested"
    assert snapshot(s) == before

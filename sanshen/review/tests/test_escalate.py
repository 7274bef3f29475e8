"""报请: 复审 asks the secrecy bureau and/or the cyberspace office; the item waits until every one asked has answered."""

import pytest

from sanshen.review import workflow
from sanshen.review.exceptions import InvalidInput, InvalidTransition
from sanshen.review.models import Escalation, Status
from sanshen.test import pass_as

from .helpers import act, action_data, audit_rows, general_item_at, last_decision, snapshot

SECRECY, CYBERSPACE = Escalation.Kind.SECRECY, Escalation.Kind.CYBERSPACE


def test_it_escalates_to_the_secrecy_bureau(county, client):
    s = general_item_at(county, Status.SECOND_REVIEW)
    client.force_login(county.second)
    r = client.post(
        f"/work/submissions/{s.pk}/action/", action_data(s, "escalate", kinds=[SECRECY], opinion="文中涉及防汛物资储备点位置，是否涉密？")
    )
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.ESCALATED
    (e,) = s.escalations.all()
    assert (e.kind, e.run, e.question, e.asked_by, e.answered_at) == (SECRECY, 1, "文中涉及防汛物资储备点位置，是否涉密？", county.second, None)
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.note) == (
        "second_review", "escalate", "second_review", "escalated", "县保密部门",
    )
    assert audit_rows(s)[-1] == ("review.escalate", "second_review", "escalated", "a.second")
    assert [a.name for a in workflow.available_actions(s, county.secrecy)] == ["answer"]
    assert workflow.available_actions(s, county.cyberspace) == []


def test_it_goes_back_to_second_review_when_the_answer_comes(county):
    s = act(general_item_at(county, Status.SECOND_REVIEW), county.second, "escalate", kinds=[SECRECY])
    s = act(s, county.secrecy, "answer", verdict=Escalation.Verdict.REVISE, opinion="删去储备点具体位置后可以发布。")
    assert s.status == Status.SECOND_REVIEW
    (e,) = s.escalations.all()
    assert (e.answered_by, e.verdict, e.answer) == (county.secrecy, "revise", "删去储备点具体位置后可以发布。")
    assert e.answered_at is not None
    d = last_decision(s)
    assert (d.stage, d.action, d.from_status, d.to_status, d.note) == (
        "escalated", "answer", "escalated", "second_review", "修改后发布",
    )
    assert audit_rows(s)[-1] == ("review.answer", "escalated", "second_review", "c.secrecy")
    s = pass_as(s, county.second)
    assert s.status == Status.FINAL_REVIEW


def test_it_waits_until_both_offices_have_answered(county):
    s = act(general_item_at(county, Status.SECOND_REVIEW), county.second, "escalate", kinds=[SECRECY, CYBERSPACE])
    assert sorted(s.escalations.values_list("kind", flat=True)) == ["cyberspace", "secrecy"]
    assert last_decision(s).note == "县保密部门、县网信部门"
    s = act(s, county.cyberspace, "answer", verdict=Escalation.Verdict.AGREE)
    assert s.status == Status.ESCALATED
    assert last_decision(s).to_status == "escalated"
    # the second reviewer still cannot act, and the office that answered cannot answer again
    assert workflow.available_actions(s, county.second) == []
    assert workflow.available_actions(s, county.cyberspace) == []
    s = act(s, county.secrecy, "answer", verdict=Escalation.Verdict.AGREE)
    assert s.status == Status.SECOND_REVIEW
    assert [row[:3] for row in audit_rows(s)[-3:]] == [
        ("review.escalate", "second_review", "escalated"),
        ("review.answer", "escalated", "escalated"),
        ("review.answer", "escalated", "second_review"),
    ]


def test_it_refuses_a_second_answer_from_the_same_office(county):
    s = act(general_item_at(county, Status.SECOND_REVIEW), county.second, "escalate", kinds=[SECRECY, CYBERSPACE])
    s = act(s, county.cyberspace, "answer", verdict=Escalation.Verdict.AGREE)
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, county.cyberspace, "answer", opinion="补充意见。", verdict=Escalation.Verdict.OBJECT)
    assert exc.value.code == "not_allowed_in_escalated"
    assert snapshot(s) == before


def test_it_refuses_a_pass_while_the_item_waits_for_an_answer(county):
    s = act(general_item_at(county, Status.SECOND_REVIEW), county.second, "escalate", kinds=[SECRECY])
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        pass_as(s, county.second)
    assert exc.value.code == "not_allowed_in_escalated"
    assert snapshot(s) == before


@pytest.mark.parametrize("kinds", [[], ["police"], ["published"]])
def test_it_requires_a_known_office(county, kinds):
    s = general_item_at(county, Status.SECOND_REVIEW)
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.second, "escalate", opinion="请示。", kinds=kinds)
    assert exc.value.code == "escalation_kind_required"
    assert snapshot(s) == before


@pytest.mark.parametrize("verdict", ["", "approved", "publish"])
def test_it_requires_a_verdict(county, verdict):
    s = act(general_item_at(county, Status.SECOND_REVIEW), county.second, "escalate", kinds=[SECRECY])
    before = snapshot(s)
    with pytest.raises(InvalidInput) as exc:
        workflow.perform(s, county.secrecy, "answer", opinion="意见。", verdict=verdict)
    assert exc.value.code == "verdict_required"
    assert snapshot(s) == before


@pytest.mark.parametrize("status, reviewer", [(Status.FIRST_REVIEW, "first"), (Status.FINAL_REVIEW, "final")])
def test_it_escalates_only_from_second_review(county, status, reviewer):
    s = general_item_at(county, status)
    before = snapshot(s)
    with pytest.raises(InvalidTransition) as exc:
        workflow.perform(s, getattr(county, reviewer), "escalate", opinion="请示。", kinds=[SECRECY])
    assert exc.value.code == f"not_allowed_in_{status}"
    assert snapshot(s) == before

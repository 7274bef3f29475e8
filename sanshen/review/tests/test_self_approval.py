"""No self-approval: the drafter, or someone who passed another stage, does not pass a stage while the unit has
someone else for it; where the unit lacks people it is allowed and recorded (Decision.self_approved)."""

import pytest

from sanshen.accounts.models import Role, RoleName, User
from sanshen.review import signoff, workflow
from sanshen.review.exceptions import NotAllowed
from sanshen.review.models import REVIEW_POINT_KEYS, Status
from sanshen.test import make_person, make_role, pass_as

from .helpers import action_data, audit_rows, general_item_at, last_decision, message_texts, snapshot

def _with_role(user, role) -> User:
    make_role(user, user.unit, role)
    return User.objects.get(pk=user.pk)  # a fresh instance: roles are read once per instance


@pytest.fixture
def drafting_first_reviewer(county):
    """The drafter also holds 初审 in unit A, beside 姜海燕."""
    return _with_role(county.drafter, RoleName.FIRST_REVIEWER)


def test_it_withholds_pass_from_the_drafter_while_the_unit_has_another_first_reviewer(county, drafting_first_reviewer):
    s = general_item_at(county, Status.FIRST_REVIEW)
    names = [a.name for a in workflow.available_actions(s, drafting_first_reviewer)]
    # As the drafter they may still take it back (撤回) before anyone has looked at it.
    assert names == ["edit", "recall", "request_changes", "return"]


def test_it_refuses_a_pass_by_the_drafter(county, drafting_first_reviewer, client):
    s = general_item_at(county, Status.FIRST_REVIEW)
    before = snapshot(s)
    with pytest.raises(NotAllowed) as exc:
        workflow.perform(s, drafting_first_reviewer, "pass", opinion="同意。", points=REVIEW_POINT_KEYS)
    assert exc.value.code == "self_approval"
    client.force_login(drafting_first_reviewer)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "pass"))
    assert r.status_code == 302
    assert message_texts(r) == ["您是本稿件的拟稿人或已在其他环节签批，须由本单位其他人员审核"]
    assert snapshot(s) == before
    assert pass_as(s, county.first).status == Status.SECOND_REVIEW


def test_it_lets_the_drafter_pass_when_the_unit_has_no_one_else_and_records_it(county, drafting_first_reviewer):
    Role.objects.filter(user=county.first).delete()
    s = general_item_at(county, Status.FIRST_REVIEW)
    (action,) = [a for a in workflow.available_actions(s, drafting_first_reviewer) if a.name == "pass"]
    assert action.note == "本单位该环节无其他人员，本人兼签将被记录"
    s = pass_as(s, drafting_first_reviewer)
    assert s.status == Status.SECOND_REVIEW
    d = last_decision(s)
    assert (d.stage, d.action, d.actor, d.self_approved) == ("first_review", "pass", drafting_first_reviewer, True)
    assert d.note == "本单位该环节无其他人员，本人兼签"
    assert audit_rows(s)[-1] == ("review.pass", "first_review", "second_review", "a.drafter")
    assert signoff.build_form(s).office_head.on_behalf_note == "本人兼签（本单位该环节无其他人员）"


def test_it_does_not_count_a_deactivated_colleague(county, drafting_first_reviewer):
    county.first.is_active = False
    county.first.save(update_fields=["is_active"])
    s = general_item_at(county, Status.FIRST_REVIEW)
    s = pass_as(s, drafting_first_reviewer)
    assert last_decision(s).self_approved is True


def test_it_withholds_pass_from_the_signer_of_an_earlier_stage(county):
    first = _with_role(county.first, RoleName.SECOND_REVIEWER)
    s = pass_as(general_item_at(county, Status.FIRST_REVIEW), first)
    assert s.status == Status.SECOND_REVIEW
    assert [a.name for a in workflow.available_actions(s, first)] == ["edit", "request_changes", "return", "escalate"]
    before = snapshot(s)
    with pytest.raises(NotAllowed) as exc:
        pass_as(s, first)
    assert exc.value.code == "self_approval"
    assert snapshot(s) == before
    s = pass_as(s, county.second)
    assert (s.status, last_decision(s).self_approved) == (Status.FINAL_REVIEW, False)


def test_it_lets_the_signer_of_an_earlier_stage_pass_when_no_one_else_can_and_records_it(county):
    first = _with_role(county.first, RoleName.SECOND_REVIEWER)
    Role.objects.filter(user=county.second).delete()
    s = pass_as(general_item_at(county, Status.FIRST_REVIEW), first)
    s = pass_as(s, first)
    assert s.status == Status.FINAL_REVIEW
    d = last_decision(s)
    assert (d.stage, d.actor, d.self_approved) == ("second_review", first, True)
    assert signoff.build_form(s).site_admin.on_behalf_note == "本人兼签（本单位该环节无其他人员）"


def test_it_does_not_flag_an_ordinary_pass(county):
    s = pass_as(general_item_at(county, Status.FIRST_REVIEW), county.first)
    d = last_decision(s)
    assert (d.self_approved, d.note) == (False, "")
    (action,) = [a for a in workflow.available_actions(s, county.second) if a.name == "pass"]
    assert action.note == ""


def test_it_forgets_signers_of_an_earlier_run(county):
    """A return to the drafter starts a new run: a pass in the old run does not bind its signer in the new one."""
    other_first = make_person("a.first2", "杨帆", county.unit_a, RoleName.FIRST_REVIEWER)
    first = _with_role(county.first, RoleName.SECOND_REVIEWER)
    s = pass_as(general_item_at(county, Status.FIRST_REVIEW), other_first)
    s = pass_as(s, first)  # 复审 in run 1
    workflow.perform(s, county.final, "return", opinion="重写。", to_stage="drafter")
    workflow.perform(s, county.drafter, "submit")
    s = pass_as(s, first)  # 初审 in run 2
    d = last_decision(s)
    assert (d.run, d.stage, d.actor, d.self_approved) == (2, "first_review", first, False)

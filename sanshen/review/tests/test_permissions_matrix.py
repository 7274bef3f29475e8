"""Every action × every persona × every status, for a 特级 website item (the longest path there is).

One table says which buttons each person gets; everything not in it must be refused by `perform`
(NotAllowed when the person cannot see the item, InvalidTransition when they can but not now)
and leave the item, its history and the audit log exactly as they were.
"""

import pytest

from sanshen.review import workflow
from sanshen.review.exceptions import InvalidTransition, NotAllowed
from sanshen.review.models import REVIEW_POINT_KEYS, Escalation, Status

from .helpers import PERSONAS, person, snapshot, special_item_at

UNIT_STAGE = ["edit", "pass", "request_changes", "return"]

# status → {persona: the action names available_actions returns, in button order}; everyone else gets [].
EXPECTED_ACTIONS = {
    Status.DRAFT: {"drafter": ["edit", "submit"]},
    Status.CHANGES_REQUESTED: {"drafter": ["edit", "submit"]},
    # The drafter may take the item back (撤回) until the first reviewer has acted.
    Status.FIRST_REVIEW: {"first": UNIT_STAGE, "drafter": ["recall"]},
    Status.SECOND_REVIEW: {"second": UNIT_STAGE + ["escalate"]},
    Status.ESCALATED: {"secrecy": ["answer"], "cyberspace": ["answer"]},
    # 终审 is 分管领导 or 主要领导; only 终审 and the county reviewer may refuse.
    # The item is 特级, so the main leader signs 签批 later and 终审 is the 分管领导's alone.
    Status.FINAL_REVIEW: {"final": UNIT_STAGE + ["refuse"]},
    Status.MAIN_LEADER: {"leader": UNIT_STAGE},
    # The county leader reads and gives 批示: no edit.
    Status.COUNTY_LEADER: {"county_leader": ["pass", "request_changes", "return"]},
    Status.COUNTY_REVIEW: {"county_reviewer": ["edit", "pass", "request_changes", "send_back", "refuse"]},
    Status.APPROVED: {"county_reviewer": ["publish"]},
    Status.PUBLISHED: {"county_reviewer": ["withdraw"]},
    Status.WITHDRAWN: {},
    Status.REFUSED: {},
}

# Unit B, the system administrator and the auditor never see unit A's items.
NEVER = {"outsider", "outsider_reviewer", "sysadmin", "auditor"}
BEFORE_COUNTY = NEVER | {"county_reviewer", "county_leader", "secrecy", "cyberspace"}
# status → personas for whom the item does not exist; county roles see what has reached them.
HIDDEN = {
    Status.DRAFT: BEFORE_COUNTY,
    Status.CHANGES_REQUESTED: BEFORE_COUNTY,
    Status.FIRST_REVIEW: BEFORE_COUNTY,
    Status.SECOND_REVIEW: BEFORE_COUNTY,
    Status.ESCALATED: NEVER | {"county_reviewer", "county_leader"},
    Status.FINAL_REVIEW: NEVER | {"county_reviewer", "county_leader"},
    Status.MAIN_LEADER: NEVER | {"county_reviewer", "county_leader"},
    Status.COUNTY_LEADER: NEVER | {"county_reviewer"},
    Status.COUNTY_REVIEW: NEVER,
    Status.APPROVED: NEVER,
    Status.PUBLISHED: NEVER,
    Status.WITHDRAWN: NEVER,
    # refused at 终审: it never reached the county reviewer or the county leader
    Status.REFUSED: NEVER | {"county_reviewer", "county_leader"},
}

# Arguments that would make each action succeed if it were allowed, so only the permission refuses it.
ARGUMENTS = {
    "submit": {},
    "recall": {},
    "pass": {"points": REVIEW_POINT_KEYS},
    "request_changes": {},
    "return": {"to_stage": "drafter"},
    "send_back": {},
    "refuse": {},
    "escalate": {"kinds": [Escalation.Kind.SECRECY]},
    "answer": {"verdict": Escalation.Verdict.AGREE},
    "publish": {"post_url": "https://mp.weixin.qq.com/s/abc"},
    "withdraw": {},
}


def test_it_covers_every_status_and_transition():
    assert set(EXPECTED_ACTIONS) == set(Status.values) == set(HIDDEN)
    assert set(ARGUMENTS) == set(workflow.TRANSITIONS)


@pytest.mark.parametrize("status", list(EXPECTED_ACTIONS))
def test_it_offers_each_person_exactly_their_actions(county, status):
    s = special_item_at(county, status)
    assert s.status == status
    got = {name: [a.name for a in workflow.available_actions(s, person(county, name))] for name in PERSONAS}
    expected = {name: EXPECTED_ACTIONS[status].get(name, []) for name in PERSONAS}
    assert got == expected


@pytest.mark.parametrize("status", list(EXPECTED_ACTIONS))
def test_it_shows_the_item_only_to_those_it_concerns(county, client, status):
    s = special_item_at(county, status)
    hidden = set()
    for name in PERSONAS:
        client.force_login(person(county, name))
        code = client.get(f"/work/submissions/{s.pk}/").status_code
        assert code in (200, 404), (name, code)
        if code == 404:
            hidden.add(name)
        assert workflow.can_view(s, person(county, name)) is (code == 200)
    assert hidden == HIDDEN[status]


# Refusals that are "you may not" although the person sees the item: the 特级 item's main leader
# signs 签批 later, so 终审 is the 分管领导's.
RESERVED = {(Status.FINAL_REVIEW, "leader", "pass"): "main_leader_signs_later"}


@pytest.mark.parametrize("status", list(EXPECTED_ACTIONS))
def test_it_refuses_every_other_action_and_changes_nothing(county, status):
    s = special_item_at(county, status)
    before = snapshot(s)
    wrong = []
    for name in PERSONAS:
        user = person(county, name)
        allowed = set(EXPECTED_ACTIONS[status].get(name, []))
        for action, arguments in ARGUMENTS.items():
            if action in allowed:
                continue
            expected_error = NotAllowed if name in HIDDEN[status] else InvalidTransition
            expected_code = RESERVED.get((status, name, action))
            if expected_code:
                expected_error = NotAllowed
            try:
                workflow.perform(s, user, action, opinion="越权操作测试", **arguments)
            except (NotAllowed, InvalidTransition) as exc:
                if type(exc) is not expected_error or (expected_code and exc.code != expected_code):
                    wrong.append((name, action, type(exc).__name__, exc.code))
            else:
                wrong.append((name, action, "performed"))
            if snapshot(s) != before:
                wrong.append((name, action, "changed the item"))
                before = snapshot(s)
    assert wrong == []


@pytest.mark.parametrize("status", list(EXPECTED_ACTIONS))
def test_it_lets_only_the_stage_reviewers_edit(county, status):
    s = special_item_at(county, status)
    before = snapshot(s)
    refused = set()
    for name in PERSONAS:
        try:
            workflow.save_revision(
                s,
                person(county, name),
                title=s.title,
                body=s.body + "<p>补充一句。</p>",
                base_revision=s.current_revision.number,
            )
        except NotAllowed as exc:
            assert exc.code == "cannot_edit"
            refused.add(name)
        else:
            # an allowed save really makes a revision: later refusals are compared with the state after it
            s.refresh_from_db()
            before = snapshot(s)
    editors = {name for name, actions in EXPECTED_ACTIONS[status].items() if "edit" in actions}
    assert set(PERSONAS) - refused == editors
    assert snapshot(s) == before

"""GET …/actions and POST …/actions/{name}: the workflow's own action list and dispatcher, as JSON."""

import pytest

from sanshen.accounts.models import RoleName
from sanshen.review.models import REVIEW_POINT_KEYS, Decision, Escalation, Status, Submission
from sanshen.test import approve_through_unit, draft, make_role, pass_as, submit

POINTS = list(REVIEW_POINT_KEYS)


def _act(api, user, s, name, **fields):
    s.refresh_from_db()
    return api(user).post(f"/api/submissions/{s.pk}/actions/{name}", {"expected_version": s.version, **fields})


def _submitted(county, **details):
    s = draft(county, **details)
    submit(s)
    s.refresh_from_db()
    return s


@pytest.mark.parametrize(
    "who,names",
    [
        ("first", ["edit", "pass", "request_changes", "return"]),
        # 撤回 until the first reviewer has acted
        ("drafter", ["recall"]),
        ("second", []),
        ("leader", []),
    ],
)
def test_it_lists_the_actions_of_this_person(county, api, who, names):
    s = _submitted(county)
    r = api(getattr(county, who)).get(f"/api/submissions/{s.pk}/actions")
    assert r.status_code == 200
    assert [a["name"] for a in r.json()] == names


def test_it_submits_a_draft(county, api):
    s = draft(county)
    r = _act(api, county.drafter, s, "submit")
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["version"]) == ("first_review", 1)
    assert [a["name"] for a in r.json()["actions"]] == ["recall"]
    s.refresh_from_db()
    assert s.status == Status.FIRST_REVIEW
    assert s.decisions.get().action == Decision.Action.SUBMIT


def test_it_passes_with_every_review_point(county, api):
    s = _submitted(county)
    r = _act(api, county.first, s, "pass", opinion="同意。", points=POINTS)
    assert r.status_code == 200
    assert r.json()["status"] == "second_review"
    d = s.decisions.get(action=Decision.Action.PASS)
    assert (d.actor, d.stage, d.opinion, d.points, d.from_status, d.to_status) == (
        county.first,
        "first_review",
        "同意。",
        POINTS,
        "first_review",
        "second_review",
    )


def test_it_requests_changes_and_resumes_at_the_stage_that_asked(county, api):
    s = _submitted(county)
    pass_as(s, county.first)
    r = _act(api, county.second, s, "request_changes", opinion="请核实日期。")
    assert (r.status_code, r.json()["status"]) == (200, "changes_requested")
    r = _act(api, county.drafter, s, "submit")
    assert r.json()["status"] == "second_review"


def test_it_returns_to_an_earlier_stage(county, api):
    s = _submitted(county)
    pass_as(s, county.first)
    r = _act(api, county.second, s, "return", opinion="请初审重新把关。", to_stage="first_review")
    assert (r.status_code, r.json()["status"]) == (200, "first_review")
    assert s.decisions.get(action=Decision.Action.RETURN).note == "退回初审初校"


def test_it_escalates_and_takes_the_answer(county, api):
    s = _submitted(county)
    pass_as(s, county.first)
    r = _act(api, county.second, s, "escalate", opinion="是否涉密？", kinds=["secrecy"])
    assert (r.status_code, r.json()["status"]) == (200, "escalated")
    assert r.json()["escalations"][0]["kind"] == "secrecy"
    # The secrecy bureau now sees the item and may answer.
    assert [a["name"] for a in api(county.secrecy).get(f"/api/submissions/{s.pk}/actions").json()] == ["answer"]
    r = _act(api, county.secrecy, s, "answer", opinion="不涉密。", verdict="agree")
    assert (r.status_code, r.json()["status"]) == (200, "second_review")
    e = Escalation.objects.get()
    assert (e.answered_by, e.verdict, e.answer) == (county.secrecy, "agree", "不涉密。")


def test_it_refuses_at_final_review(county, api):
    s = _submitted(county)
    pass_as(s, county.first)
    pass_as(s, county.second)
    r = _act(api, county.final, s, "refuse", opinion="不宜公开。")
    assert (r.status_code, r.json()["status"]) == (200, "refused")


def test_the_operator_publishes_and_withdraws_a_new_media_item(county, api):
    s = approve_through_unit(county, draft(county, media_account=county.account))
    assert s.status == Status.APPROVED
    r = _act(api, county.second, s, "publish", post_url="https://mp.weixin.qq.com/s/abc")
    assert (r.status_code, r.json()["status"], r.json()["post_url"]) == (200, "published", "https://mp.weixin.qq.com/s/abc")
    r = _act(api, county.second, s, "withdraw", opinion="数据有误。")
    assert (r.status_code, r.json()["status"]) == (200, "withdrawn")


# ---------------------------------------------------------------------------------------------
# Refusals change nothing


def _self_drafting_reviewer(county):
    # The drafter also holds 初审 while the unit has another 初审: they may not pass their own item.
    make_role(county.drafter, county.unit_a, RoleName.FIRST_REVIEWER)
    return county.drafter


REFUSALS = [
    # (who, action, fields, status, code, message)
    ("drafter", "pass", {"opinion": "同意", "points": POINTS}, 409, "not_allowed_in_first_review", "稿件当前为“初审初校”，您不能执行此操作"),
    ("second", "pass", {"opinion": "同意", "points": POINTS}, 409, "not_allowed_in_first_review", "稿件当前为“初审初校”，您不能执行此操作"),
    ("drafter", "submit", {}, 409, "not_allowed_in_first_review", "稿件当前为“初审初校”，您不能执行此操作"),
    ("first", "publish", {}, 409, "not_allowed_in_first_review", "稿件当前为“初审初校”，您不能执行此操作"),
    ("first", "escalate", {"opinion": "?", "kinds": ["secrecy"]}, 409, "not_allowed_in_first_review", "稿件当前为“初审初校”，您不能执行此操作"),
    ("self", "pass", {"opinion": "同意", "points": POINTS}, 403, "self_approval", "您是本稿件的拟稿人或已在其他环节签批，须由本单位其他人员审核"),
    ("first", "pass", {"opinion": "同意", "points": POINTS[:7]}, 400, "points_required", "请逐项确认全部八项审核要点后再通过"),
    ("first", "pass", {"points": POINTS}, 400, "opinion_required", "请填写意见"),
    ("first", "request_changes", {"opinion": "   "}, 400, "opinion_required", "请填写意见"),
    ("first", "return", {"opinion": "退回", "to_stage": "final_review"}, 400, "bad_return_target", "回退目标无效"),
    ("first", "approve", {"opinion": "同意"}, 400, "unknown_action", "未知操作：approve"),
    ("first", "edit", {}, 400, "unknown_action", "未知操作：edit"),
]


@pytest.mark.parametrize("who,name,fields,status,code,message", REFUSALS)
def test_it_refuses_and_changes_nothing(county, api, who, name, fields, status, code, message):
    s = _submitted(county)
    user = _self_drafting_reviewer(county) if who == "self" else getattr(county, who)
    r = _act(api, user, s, name, **fields)
    assert (r.status_code, r.json()) == (status, {"error": message, "code": code})
    s.refresh_from_db()
    assert (s.status, s.version, s.decisions.count()) == (Status.FIRST_REVIEW, 1, 1)


def test_it_refuses_an_action_on_an_item_changed_since_it_was_seen(county, api):
    s = _submitted(county)
    r = api(county.first).post(
        f"/api/submissions/{s.pk}/actions/pass", {"expected_version": 0, "opinion": "同意", "points": POINTS}
    )
    assert (r.status_code, r.json()) == (409, {"error": "已被他人处理：稿件状态或内容已变化，请刷新后查看", "code": "already_handled"})
    s.refresh_from_db()
    assert (s.status, s.version) == (Status.FIRST_REVIEW, 1)


@pytest.mark.parametrize(
    "fields,field,message",
    [
        ({}, "expected_version", "必填"),
        ({"expected_version": 1, "points": ["politics"]}, "points.0", "须为以下之一"),
        ({"expected_version": 1, "kinds": ["police"]}, "kinds.0", "须为以下之一：secrecy、cyberspace"),
        ({"expected_version": 1, "verdict": "maybe"}, "verdict", "须为以下之一：agree、revise、object"),
        ({"expected_version": 1, "opinion": "意" * 2001}, "opinion", "不能超过 2000 个字符"),
        ({"expected_version": 1, "finding_reasons": {"1": 2}}, "finding_reasons.1", "须为字符串"),
    ],
)
def test_it_refuses_malformed_action_input_with_422(county, api, fields, field, message):
    s = _submitted(county)
    r = api(county.first).post(f"/api/submissions/{s.pk}/actions/pass", fields)
    assert r.status_code == 422
    assert r.json()["fields"][0]["field"] == field
    assert r.json()["fields"][0]["message"].startswith(message)
    s.refresh_from_db()
    assert s.version == 1


def test_a_new_media_item_needs_its_post_address_to_be_published(county, api):
    s = approve_through_unit(county, draft(county, media_account=county.account))
    r = _act(api, county.second, s, "publish", post_url="mp.weixin.qq.com/s/abc")
    assert (r.status_code, r.json()["code"]) == (400, "post_url_required")
    s.refresh_from_db()
    assert s.status == Status.APPROVED


# ---------------------------------------------------------------------------------------------
# Automatic checks stop actions


def test_a_classification_mark_blocks_submission(county, api):
    s = draft(county, "通知", "<p>本文件为机密★1年内容。</p>")
    r = _act(api, county.drafter, s, "submit")
    assert r.status_code == 409
    data = r.json()
    assert (data["code"], data["error"]) == ("blocked", "机审发现 1 处禁止发布的问题（如涉密标识、禁用词），只能修改原文后再送")
    assert [(f["rule"], f["start"], f["end"], f["text"]) for f in data["findings"]] == [
        ("secrecy.classification", 7, 12, "机密★1年")
    ]
    s.refresh_from_db()
    assert (s.status, s.version) == (Status.DRAFT, 0)


def test_a_serious_finding_is_sent_only_with_the_drafters_reason(county, api):
    s = draft(county, body="<p>咨询电话13800138000。</p>")
    finding = s.current_revision.findings.get(rule="pii.phone")
    r = _act(api, county.drafter, s, "submit")
    assert (r.status_code, r.json()["code"]) == (409, "serious_unexplained")
    assert [f["id"] for f in r.json()["findings"]] == [finding.pk]
    assert Submission.objects.get().status == Status.DRAFT
    r = _act(api, county.drafter, s, "submit", finding_reasons={str(finding.pk): "镇值班电话，按规定公开"})
    assert (r.status_code, r.json()["status"]) == (200, "first_review")
    finding.refresh_from_db()
    assert (finding.reason, finding.resolution) == ("镇值班电话，按规定公开", "open")
    assert s.decisions.get(action=Decision.Action.SUBMIT).findings[0]["reason"] == "镇值班电话，按规定公开"


def test_a_serious_finding_passes_only_with_a_reason(county, api):
    s = _submitted(county, body="<p>咨询电话13800138000。</p>")
    finding = s.current_revision.findings.get(rule="pii.phone")
    # The drafter's reason is shown to the reviewer, who must answer for the finding too.
    r = _act(api, county.first, s, "pass", opinion="同意。", points=POINTS)
    assert (r.status_code, r.json()["code"]) == (409, "serious_unexplained")
    assert [f["id"] for f in r.json()["findings"]] == [finding.pk]
    assert Submission.objects.get().status == Status.FIRST_REVIEW
    r = _act(
        api, county.first, s, "pass", opinion="同意。", points=POINTS, finding_reasons={str(finding.pk): "镇值班电话，须公开"}
    )
    assert (r.status_code, r.json()["status"]) == (200, "second_review")
    finding.refresh_from_db()
    assert finding.reason == "镇值班电话，须公开"
    assert s.decisions.get(action=Decision.Action.PASS).findings[0]["reason"] == "镇值班电话，须公开"

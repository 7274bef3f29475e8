"""送审: the drafter sends a draft into 初审初校."""

from sanshen.review import workflow
from sanshen.review.exceptions import BlockedByFindings, Conflict, InvalidTransition
from sanshen.review.models import Decision, Status
from sanshen.test import draft

from .helpers import act, audit_rows, last_audit, last_decision, message_texts, refreshed, snapshot


def test_it_sends_a_draft_to_first_review(county, client):
    s = draft(county)
    client.force_login(county.drafter)
    r = client.post(f"/work/submissions/{s.pk}/action/", {"action": "submit", "version": s.version})
    assert r.status_code == 302
    assert r.url == f"/work/submissions/{s.pk}/"
    s.refresh_from_db()
    assert (s.status, s.run, s.version) == (Status.FIRST_REVIEW, 1, 1)
    assert s.submitted_at is not None and s.due_at is not None and s.stage_entered_at is not None
    d = last_decision(s)
    assert (d.run, d.stage, d.action, d.from_status, d.to_status) == (
        1, "draft", Decision.Action.SUBMIT, "draft", "first_review",
    )
    assert (d.actor, d.revision) == (county.drafter, s.current_revision)
    assert audit_rows(s) == [("review.submit", "draft", "first_review", "a.drafter")]
    assert last_audit(s).detail["revision"] == 1


def test_it_needs_no_opinion_to_submit(county):
    s = act(draft(county), county.drafter, "submit", opinion="")
    assert s.status == Status.FIRST_REVIEW
    assert last_decision(s).opinion == ""


def test_it_requires_post(county, client):
    s = draft(county)
    client.force_login(county.drafter)
    r = client.get(f"/work/submissions/{s.pk}/action/")
    assert r.status_code == 405
    assert refreshed(s).status == Status.DRAFT


def test_it_refuses_a_submit_by_a_reviewer_of_the_unit(county, client):
    s = draft(county)
    before = snapshot(s)
    client.force_login(county.first)
    r = client.post(f"/work/submissions/{s.pk}/action/", {"action": "submit", "version": s.version})
    assert r.status_code == 302
    assert message_texts(r) == ["稿件当前为“草稿”，您不能执行此操作"]
    assert snapshot(s) == before


def test_it_refuses_a_submit_by_a_reviewer_in_the_workflow(county):
    s = draft(county)
    before = snapshot(s)
    try:
        workflow.perform(s, county.first, "submit")
    except InvalidTransition as exc:
        assert exc.code == "not_allowed_in_draft"
    else:
        raise AssertionError("a reviewer submitted someone else's draft")
    assert snapshot(s) == before


def test_it_refuses_to_submit_twice(county):
    s = act(draft(county), county.drafter, "submit", opinion="")
    before = snapshot(s)
    try:
        workflow.perform(s, county.drafter, "submit")
    except InvalidTransition as exc:
        assert exc.code == "not_allowed_in_first_review"
    else:
        raise AssertionError("submitted an item already in review")
    assert snapshot(s) == before


def test_it_blocks_a_text_with_a_classification_mark(county, client):
    s = draft(county, body="<p>机密★5年</p><p>三江镇森林防火工作方案。</p>")
    before = snapshot(s)
    client.force_login(county.drafter)
    r = client.post(f"/work/submissions/{s.pk}/action/", {"action": "submit", "version": s.version})
    assert r.status_code == 302
    assert message_texts(r) == ["机审发现 1 处禁止发布的问题（如涉密标识、禁用词），只能修改原文后再送"]
    assert snapshot(s) == before
    try:
        workflow.perform(s, county.drafter, "submit")
    except BlockedByFindings as exc:
        assert exc.code == "blocked"
        assert [f.rule for f in exc.findings] == ["secrecy.classification"]
    else:
        raise AssertionError("a classified text went into review")


def test_it_refuses_a_stale_version(county, client):
    s = draft(county)
    workflow.save_revision(s, county.drafter, title=s.title, body="<p>改过的正文。</p>", base_revision=1)
    before = snapshot(s)
    client.force_login(county.drafter)
    r = client.post(f"/work/submissions/{s.pk}/action/", {"action": "submit", "version": 0})
    assert r.status_code == 302
    assert message_texts(r) == ["已被他人处理：稿件状态或内容已变化，请刷新后查看"]
    assert snapshot(s) == before
    try:
        workflow.perform(s, county.drafter, "submit", expected_version=0)
    except Conflict as exc:
        assert exc.code == "already_handled"
    else:
        raise AssertionError("a submit based on an old version went through")

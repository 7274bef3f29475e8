"""Helpers of the workflow tests: bring an item to any status through real transitions, read back what changed.

Every item here travels by `workflow.perform`, never by writing `status` by hand, so a test that starts
"at 终审" starts from what the workflow itself produced.
"""

from __future__ import annotations

from django.contrib.messages import get_messages

from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.review.models import REVIEW_POINT_KEYS, Decision, Escalation, Grade, Notification, Status, Submission
from sanshen.test import County, draft, pass_as

OPINION = "请按意见修改后再送。"

# Attribute names of the personas in sanshen.test.County, in the order the tables below list them.
PERSONAS = (
    "drafter",
    "first",
    "second",
    "final",
    "leader",
    "outsider",
    "outsider_reviewer",
    "county_reviewer",
    "county_leader",
    "secrecy",
    "cyberspace",
    "sysadmin",
    "auditor",
)


def act(submission: Submission, user, action: str, **kwargs) -> Submission:
    """perform() with an opinion unless the test gives one; the submission is re-read first."""
    submission.refresh_from_db()
    kwargs.setdefault("opinion", OPINION)
    return workflow.perform(submission, user, action, **kwargs)


def special_item_at(county: County, status: str) -> Submission:
    """A 特级 website item brought to `status` along the longest path there is.

    The path: 送审 → 初审 → 复审 报请保密和网信 → both answer → 复审 → 终审 → 主要领导 → 县领导 → 县信息中心 → 发布 → 撤稿.
    待修改 is asked for at 初审; 不予发布 is decided at 终审 (after the escalation, before anything reaches the county).
    """
    s = draft(county, title="全县防汛应急响应启动", grade=Grade.SPECIAL)
    if status == Status.DRAFT:
        return s
    act(s, county.drafter, "submit", opinion="")
    if status == Status.CHANGES_REQUESTED:
        return act(s, county.first, "request_changes")
    if status == Status.FIRST_REVIEW:
        return refreshed(s)
    pass_as(s, county.first)
    if status == Status.SECOND_REVIEW:
        return refreshed(s)
    act(s, county.second, "escalate", kinds=[Escalation.Kind.SECRECY, Escalation.Kind.CYBERSPACE])
    if status == Status.ESCALATED:
        return refreshed(s)
    act(s, county.secrecy, "answer", verdict=Escalation.Verdict.AGREE, opinion="无涉密内容。")
    act(s, county.cyberspace, "answer", verdict=Escalation.Verdict.AGREE, opinion="可以发布。")
    pass_as(s, county.second)
    if status == Status.FINAL_REVIEW:
        return refreshed(s)
    if status == Status.REFUSED:
        return act(s, county.final, "refuse", opinion="时机不宜，不予发布。")
    for stage, person in (
        (Status.FINAL_REVIEW, county.final),
        (Status.MAIN_LEADER, county.leader),
        (Status.COUNTY_LEADER, county.county_leader),
        (Status.COUNTY_REVIEW, county.county_reviewer),
    ):
        s.refresh_from_db()
        assert s.status == stage, f"the path went to {s.status}, not {stage}"
        if status == stage:
            return s
        pass_as(s, person)
    if status == Status.APPROVED:
        return refreshed(s)
    act(s, county.county_reviewer, "publish", opinion="")
    if status == Status.PUBLISHED:
        return refreshed(s)
    assert status == Status.WITHDRAWN, status
    return act(s, county.county_reviewer, "withdraw", opinion="数据有误，撤稿更正。")


def general_item_at(county: County, status: str, **details) -> Submission:
    """A 一般 item (website unless `media_account` is given) passed stage by stage until `status`."""
    s = draft(county, **details)
    if status == Status.DRAFT:
        return s
    act(s, county.drafter, "submit", opinion="")
    by_stage = {
        Status.FIRST_REVIEW: county.first,
        Status.SECOND_REVIEW: county.second,
        Status.FINAL_REVIEW: county.final,
        Status.MAIN_LEADER: county.leader,
        Status.COUNTY_LEADER: county.county_leader,
        Status.COUNTY_REVIEW: county.county_reviewer,
    }
    s.refresh_from_db()
    while s.status != status:
        assert s.status in by_stage, f"{status} is not on this item's path (reached {s.status})"
        s = pass_as(s, by_stage[s.status])
    return s


def refreshed(submission: Submission) -> Submission:
    submission.refresh_from_db()
    return submission


def person(county: County, name: str):
    return getattr(county, name)


def decisions(submission: Submission) -> list[tuple]:
    """(run, stage, action, from_status, to_status, actor username) of every decision, oldest first."""
    return [
        (d.run, d.stage, d.action, d.from_status, d.to_status, d.actor.username)
        for d in Decision.objects.filter(submission=submission).select_related("actor").order_by("created", "id")
    ]


def audit_rows(submission: Submission) -> list[tuple]:
    """(action, from_status, to_status, actor username) of the item's review.* audit entries, oldest first."""
    entries = AuditEntry.objects.filter(object_type="review.submission", object_id=str(submission.pk)).order_by("seq")
    return [
        (e.action, e.detail.get("from_status"), e.detail.get("to_status"), e.actor.username if e.actor else None)
        for e in entries
        if e.action not in ("review.create", "review.edit")
    ]


def last_decision(submission: Submission) -> Decision:
    return Decision.objects.filter(submission=submission).order_by("created", "id").last()


def last_audit(submission: Submission) -> AuditEntry:
    return AuditEntry.objects.filter(object_type="review.submission", object_id=str(submission.pk)).order_by("seq").last()


def snapshot(submission: Submission) -> tuple:
    """What a refused action must leave untouched."""
    s = Submission.objects.get(pk=submission.pk)
    return (
        s.status,
        s.version,
        s.run,
        s.resume_stage,
        s.current_revision_id,
        s.published_revision_id,
        s.decisions.count(),
        s.revisions.count(),
        s.escalations.count(),
        s.notifications.count(),
        # logging in writes an accounts.* entry; no review.* entry may appear
        AuditEntry.objects.filter(action__startswith="review.").count(),
    )


def notified(submission: Submission, kind: str) -> list[tuple[str, str]]:
    """(recipient username, comment) of the notifications of one kind about the item, by username."""
    rows = Notification.objects.filter(submission=submission, kind=kind).select_related("recipient")
    return sorted((n.recipient.username, n.comment) for n in rows)


def action_data(submission: Submission, action: str, **fields) -> dict:
    """The POST body of the detail page's action form, as the button would send it."""
    submission.refresh_from_db()
    data = {"action": action, "version": submission.version, "opinion": OPINION}
    if action == "pass":
        data["points"] = list(REVIEW_POINT_KEYS)
    data.update(fields)
    return data


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def action_names(submission: Submission, user) -> list[str]:
    return [a.name for a in workflow.available_actions(refreshed(submission), user)]

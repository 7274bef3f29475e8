"""GET /api/queue (what waits for me) and GET/POST /api/notifications."""

import datetime as dt

import time_machine

from sanshen.review import workflow
from sanshen.review.models import Submission
from sanshen.test import draft, pass_as

MONDAY_9 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_it_lists_what_waits_for_me_with_the_waiting_time(county, api):
    s = draft(county)
    with time_machine.travel(MONDAY_9, tick=False):
        workflow.perform(s, county.drafter, "submit")
    with time_machine.travel(MONDAY_9 + dt.timedelta(hours=3), tick=False):
        data = api(county.first).get("/api/queue").json()
    assert (data["count"], data["overdue"]) == (1, 0)
    assert data["counts"] == [{"status": "first_review", "label": "初审初校", "count": 1}]
    item = data["items"][0]
    assert (item["id"], item["waiting_seconds"], item["overdue"]) == (s.pk, 3 * 3600, False)
    assert item["stage_entered_at"] == "2026-03-02T01:00:00Z"


def test_it_flags_what_is_overdue(county, api):
    s = draft(county)
    with time_machine.travel(MONDAY_9, tick=False):
        workflow.perform(s, county.drafter, "submit")
    with time_machine.travel(MONDAY_9 + dt.timedelta(days=1, hours=1), tick=False):
        data = api(county.first).get("/api/queue").json()
    assert data["overdue"] == 1
    assert data["items"][0]["overdue"] is True


def test_the_queue_follows_the_item_from_stage_to_stage(county, api):
    s = draft(county)
    assert [i["id"] for i in api(county.drafter).get("/api/queue").json()["items"]] == [s.pk]
    workflow.perform(s, county.drafter, "submit")
    pass_as(s, county.first)
    assert api(county.first).get("/api/queue").json()["items"] == []
    assert api(county.drafter).get("/api/queue").json()["items"] == []
    assert [i["status"] for i in api(county.second).get("/api/queue").json()["items"]] == ["second_review"]


def test_another_units_reviewer_waits_for_nothing_of_ours(county, api):
    s = draft(county)
    workflow.perform(s, county.drafter, "submit")
    assert api(county.outsider_reviewer).get("/api/queue").json() == {"count": 0, "overdue": 0, "counts": [], "items": []}


def test_it_lists_my_notifications_and_marks_them_read(county, api):
    s = draft(county)
    workflow.perform(s, county.drafter, "submit")
    client = api(county.first)
    data = client.get("/api/notifications").json()
    assert data["unread"] == 1
    n = data["items"][0]
    assert (n["kind"], n["kind_label"], n["message"], n["read"]) == (
        "to_review",
        "待审核",
        "《三江镇召开森林防火工作会议》待您初审初校",
        False,
    )
    assert n["submission"] == {"id": s.pk, "title": "三江镇召开森林防火工作会议"}
    assert client.post("/api/notifications/read").json() == {"marked": 1}
    data = client.get("/api/notifications").json()
    assert (data["unread"], data["items"][0]["read"]) == (0, True)
    assert client.get("/api/notifications", unread="true").json()["items"] == []


def test_a_request_for_changes_reaches_the_drafter_with_the_comment(county, api):
    s = draft(county)
    workflow.perform(s, county.drafter, "submit")
    s.refresh_from_db()
    workflow.perform(s, county.first, "request_changes", opinion="请补充会议时间。")
    items = api(county.drafter).get("/api/notifications").json()["items"]
    assert [(n["kind"], n["comment"]) for n in items] == [("changes_requested", "请补充会议时间。")]
    assert Submission.objects.get().status == "changes_requested"

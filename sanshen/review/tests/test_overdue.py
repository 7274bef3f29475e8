"""超时: each stage has the unit's limit in working days; reminders go out once per stage visit."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sanshen.review.models import Escalation, Notification, Status, Submission
from sanshen.review.reminders import send_overdue_reminders
from sanshen.test import draft, pass_as

from .helpers import act, general_item_at, refreshed

BEIJING = ZoneInfo("Asia/Shanghai")
FRIDAY_10 = dt.datetime(2026, 11, 20, 10, 0, tzinfo=BEIJING)
MONDAY = dt.datetime(2026, 11, 23, tzinfo=BEIJING)


def _at(day: dt.datetime, hour: int, minute: int = 0) -> dt.datetime:
    return day.replace(hour=hour, minute=minute)


@pytest.fixture
def clock():
    with time_machine.travel(FRIDAY_10, tick=False) as traveller:
        yield traveller


def _overdue_notices(s) -> list[tuple[str, str]]:
    rows = Notification.objects.filter(submission=s, kind=Notification.Kind.OVERDUE).order_by("id")
    return [(n.recipient.username, n.message) for n in rows]


def test_it_counts_the_limit_in_working_days_over_the_weekend(county, clock):
    s = general_item_at(county, Status.FIRST_REVIEW)
    assert s.due_at == _at(MONDAY, 10)
    clock.move_to(_at(MONDAY, 9, 59))
    assert refreshed(s).is_overdue is False
    assert send_overdue_reminders() == 0
    assert list(Submission.objects.overdue()) == []


def test_it_flags_an_item_past_the_limit(county, clock, client):
    s = general_item_at(county, Status.FIRST_REVIEW)
    clock.move_to(_at(MONDAY, 10, 1))
    assert refreshed(s).is_overdue is True
    assert list(Submission.objects.overdue()) == [s]
    client.force_login(county.first)
    page = client.get("/work/").content.decode()
    assert '<span class="stat overdue">超时 <b>1</b></span>' in page


def test_it_reminds_the_stage_reviewers_once_per_stage_visit(county, clock):
    s = general_item_at(county, Status.FIRST_REVIEW)
    clock.move_to(_at(MONDAY, 10, 1))
    assert send_overdue_reminders() == 1
    assert _overdue_notices(s) == [("a.first", "《三江镇召开森林防火工作会议》在“初审初校”已等待 72 小时，超过办理时限")]
    clock.move_to(_at(MONDAY, 15))
    assert send_overdue_reminders() == 0
    assert len(_overdue_notices(s)) == 1
    # the next stage is a new visit with its own limit, counted from when it began
    s = pass_as(s, county.first)
    assert (s.due_at, s.overdue_notified) == (dt.datetime(2026, 11, 24, 15, tzinfo=BEIJING), False)
    clock.move_to(dt.datetime(2026, 11, 24, 15, 30, tzinfo=BEIJING))
    assert send_overdue_reminders() == 1
    assert _overdue_notices(s)[-1] == ("a.second", "《三江镇召开森林防火工作会议》在“复审复校”已等待 24 小时，超过办理时限")


def test_it_reminds_again_after_a_return_to_the_same_stage(county, clock):
    s = general_item_at(county, Status.SECOND_REVIEW)
    clock.move_to(_at(MONDAY, 11))
    assert send_overdue_reminders() == 1
    act(s, county.second, "return", to_stage=Status.FIRST_REVIEW)
    s = pass_as(s, county.first)
    clock.move_to(dt.datetime(2026, 11, 24, 12, tzinfo=BEIJING))
    assert send_overdue_reminders() == 1
    assert [n[0] for n in _overdue_notices(s)] == ["a.second", "a.second"]


def test_it_uses_the_units_own_limit(county, clock):
    county.unit_a.stage_limit_days = 3
    county.unit_a.save(update_fields=["stage_limit_days"])
    s = general_item_at(county, Status.FIRST_REVIEW)
    assert s.due_at == dt.datetime(2026, 11, 25, 10, tzinfo=BEIJING)
    clock.move_to(dt.datetime(2026, 11, 25, 9, tzinfo=BEIJING))
    assert send_overdue_reminders() == 0
    clock.move_to(dt.datetime(2026, 11, 25, 10, 1, tzinfo=BEIJING))
    assert send_overdue_reminders() == 1


def test_it_reminds_the_offices_an_escalation_waits_for(county, clock):
    s = general_item_at(county, Status.SECOND_REVIEW)
    act(s, county.second, "escalate", kinds=[Escalation.Kind.SECRECY, Escalation.Kind.CYBERSPACE])
    act(s, county.cyberspace, "answer", verdict=Escalation.Verdict.AGREE)
    clock.move_to(_at(MONDAY, 11))
    assert send_overdue_reminders() == 1
    assert [n[0] for n in _overdue_notices(s)] == ["c.secrecy"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CHANGES_REQUESTED, Status.APPROVED])
def test_it_never_flags_an_item_outside_the_review_stages(county, clock, status):
    if status == Status.CHANGES_REQUESTED:
        s = act(general_item_at(county, Status.SECOND_REVIEW), county.second, "request_changes")
    elif status == Status.DRAFT:
        s = draft(county)
    else:
        s = general_item_at(county, Status.APPROVED)
    assert s.status == status and s.due_at is None
    clock.move_to(dt.datetime(2026, 12, 31, 10, tzinfo=BEIJING))
    assert refreshed(s).is_overdue is False
    assert send_overdue_reminders() == 0


def test_it_skips_public_holidays(county):
    # Sent on the eve of the National Day week: the limit runs from the first working day after it.
    with time_machine.travel(dt.datetime(2026, 9, 30, 10, 0, tzinfo=BEIJING), tick=False):
        s = general_item_at(county, Status.FIRST_REVIEW)
    assert s.due_at == dt.datetime(2026, 10, 8, 10, 0, tzinfo=BEIJING)

"""Helpers of the 责任追究 tests: the county of sanshen.test plus the county office, and short ways to register."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.messages import get_messages

from sanshen.accountability import register
from sanshen.accountability.models import ErrorEntry, Severity, Source
from sanshen.accounts.models import RoleName, Unit
from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.review.models import REVIEW_POINT_KEYS
from sanshen.test import draft, make_person, make_unit

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BEIJING)


def add_office(county):
    """县政府办 keeps the register: 杨志强 holds the county_office role there."""
    unit = make_unit("县政府办", "xzfb", Unit.Kind.COUNTY_GOVERNMENT_OFFICE)
    county.office = make_person("c.office", "杨志强", unit, RoleName.COUNTY_OFFICE)
    return county


def entry_at(county, *, unit=None, text="贯切落实", category="typo", severity=Severity.GENERAL, source=Source.SUPERIOR, **kwargs):
    """A register entry of unit A (by default) on a page of the county site, registered by the office."""
    kwargs.setdefault("url", "https://www.example.gov.cn/art/1.html")
    kwargs.setdefault("found_by", county.office if source in (Source.SUPERIOR, Source.COUNTY_REVIEW) else None)
    return register.register_error(
        unit=unit or county.unit_a, source=source, category=category, severity=severity, text=text, **kwargs
    )


def act(entry: ErrorEntry, user, action: str, **kwargs) -> ErrorEntry:
    entry.refresh_from_db()
    return register.perform(entry, user, action, **kwargs)


def audit_actions(entry: ErrorEntry) -> list[tuple]:
    rows = AuditEntry.objects.filter(object_type="accountability.errorentry", object_id=str(entry.pk)).order_by("seq")
    return [(e.action, e.detail.get("from_state"), e.detail.get("to_state"), e.actor.username if e.actor else None) for e in rows]


def message_texts(response) -> list[str]:
    """The messages a POST left for the next page (only those of this request: earlier ones were shown)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def shown(client, response) -> list[str]:
    """Follow a redirect and return the messages the page showed, which uses them up."""
    page = client.get(response["Location"])
    return [str(m) for m in page.context["messages"]]


def published_item(county, title="三江镇召开森林防火工作会议", body=None):
    s = draft(county, title=title, body=body)
    workflow.perform(s, county.drafter, "submit")
    for person in (county.first, county.second, county.final, county.county_reviewer):
        s.refresh_from_db()
        workflow.perform(s, person, "pass", opinion="同意。", points=REVIEW_POINT_KEYS)
    s.refresh_from_db()
    workflow.perform(s, county.county_reviewer, "publish")
    s.refresh_from_db()
    return s

"""审计: every transition leaves one review.<action> entry in the audit chain, matching its Decision row."""

from sanshen.audit.log import verify
from sanshen.review.models import Status

from .helpers import audit_rows, decisions, special_item_at


def test_it_records_every_transition_of_the_longest_path(county):
    s = special_item_at(county, Status.WITHDRAWN)
    assert audit_rows(s) == [
        ("review.submit", "draft", "first_review", "a.drafter"),
        ("review.pass", "first_review", "second_review", "a.first"),
        ("review.escalate", "second_review", "escalated", "a.second"),
        ("review.answer", "escalated", "escalated", "c.secrecy"),
        ("review.answer", "escalated", "second_review", "c.cyber"),
        ("review.pass", "second_review", "final_review", "a.second"),
        ("review.pass", "final_review", "main_leader", "a.final"),
        ("review.pass", "main_leader", "county_leader", "a.leader"),
        ("review.pass", "county_leader", "county_review", "c.leader"),
        ("review.pass", "county_review", "approved", "c.reviewer"),
        ("review.publish", "approved", "published", "c.reviewer"),
        ("review.withdraw", "published", "withdrawn", "c.reviewer"),
    ]
    assert [("review." + d[2], d[3], d[4], d[5]) for d in decisions(s)] == audit_rows(s)


def test_it_records_returns_requests_and_refusals(county):
    s = special_item_at(county, Status.CHANGES_REQUESTED)
    assert audit_rows(s)[-1] == ("review.request_changes", "first_review", "changes_requested", "a.first")
    s = special_item_at(county, Status.REFUSED)
    assert audit_rows(s)[-1] == ("review.refuse", "final_review", "refused", "a.final")
    assert [("review." + d[2], d[3], d[4], d[5]) for d in decisions(s)] == audit_rows(s)


def test_it_keeps_the_chain_intact(county):
    special_item_at(county, Status.WITHDRAWN)
    count, problems = verify()
    assert count > 12
    assert problems == []

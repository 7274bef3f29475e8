"""Another unit's items do not exist through the API: every endpoint answers 404, as for a missing id."""

import json

import pytest
from django.test import Client

from sanshen.review import workflow
from sanshen.review.models import REVIEW_POINT_KEYS, FindingRecord, Submission
from sanshen.test import draft, pass_as, submit

NOT_FOUND = {"error": "稿件不存在", "code": "submission_not_found"}

# (method, path under /api/submissions/{id}, body); {finding} is a finding of the item.
ENDPOINTS = [
    ("get", "", None),
    ("get", "/revisions", None),
    ("get", "/revisions/1", None),
    ("post", "/revisions", {"title": "改", "body": "<p>改</p>", "base_revision": 1}),
    ("get", "/diff", None),
    ("get", "/actions", None),
    ("post", "/actions/pass", {"expected_version": 1, "opinion": "同意", "points": list(REVIEW_POINT_KEYS)}),
    ("post", "/actions/request_changes", {"expected_version": 1, "opinion": "改"}),
    ("post", "/actions/return", {"expected_version": 1, "opinion": "退", "to_stage": "drafter"}),
    ("get", "/findings", None),
    ("post", "/findings/{finding}/resolve", {"resolution": "not_error", "reason": "办公电话"}),
]

# People who must not see an item of unit A waiting at 初审.
STRANGERS = ["outsider", "outsider_reviewer", "county_reviewer", "county_leader", "secrecy", "sysadmin"]


@pytest.fixture
def item(county):
    s = draft(county, "通知", "<p>咨询电话13800138000。</p>")
    submit(s)
    s.refresh_from_db()
    return s


def _call(client, method, path, body):
    if method == "get":
        return client.get(path)
    return client.post(path, json.dumps(body), content_type="application/json")


def _state(s: Submission):
    s.refresh_from_db()
    return (
        s.status,
        s.version,
        s.revisions.count(),
        s.decisions.count(),
        list(FindingRecord.objects.values_list("resolution", flat=True)),
    )


@pytest.mark.parametrize("who", STRANGERS)
@pytest.mark.parametrize("method,suffix,body", ENDPOINTS)
def test_a_stranger_gets_404_from_every_endpoint(county, api, item, who, method, suffix, body):
    before = _state(item)
    finding = item.current_revision.findings.get()
    suffix = suffix.format(finding=finding.pk)
    client = api(getattr(county, who)).client
    r = _call(client, method, f"/api/submissions/{item.pk}{suffix}", body)
    assert (r.status_code, r.json()) == (404, NOT_FOUND)
    # Exactly what a missing id answers: nothing tells the two apart.
    missing = _call(client, method, f"/api/submissions/{item.pk + 1000}{suffix}", body)
    assert (missing.status_code, missing.content) == (404, r.content)
    assert _state(item) == before


@pytest.mark.parametrize("method,suffix,body", ENDPOINTS)
def test_a_stranger_with_a_session_gets_404_too(county, item, method, suffix, body):
    before = _state(item)
    client = Client()
    client.force_login(county.outsider_reviewer)
    suffix = suffix.format(finding=item.current_revision.findings.get().pk)
    r = _call(client, method, f"/api/submissions/{item.pk}{suffix}", body)
    assert (r.status_code, r.json()) == (404, NOT_FOUND)
    assert _state(item) == before


def test_guessing_ids_in_sequence_finds_only_ones_own(county, api, item):
    others = [draft(county, f"三江第{n}篇").pk for n in range(3)]
    own = draft(county, "茅坪镇的稿件")  # made by A's drafter, then moved: B's own item
    Submission.objects.filter(pk=own.pk).update(unit=county.unit_b, drafter=county.outsider)
    client = api(county.outsider)
    answers = {pk: client.get(f"/api/submissions/{pk}") for pk in range(1, own.pk + 5)}
    assert [pk for pk, r in answers.items() if r.status_code == 200] == [own.pk]
    assert {r.content for pk, r in answers.items() if pk != own.pk} == {json.dumps(NOT_FOUND, ensure_ascii=False).encode()}
    assert set(others) | {item.pk} < set(answers)


@pytest.mark.parametrize("who", ["outsider", "outsider_reviewer", "county_reviewer"])
def test_lists_and_queues_hold_nothing_of_another_unit(county, api, item, who):
    client = api(getattr(county, who))
    assert client.get("/api/submissions").json()["count"] == 0
    assert client.get("/api/submissions", q="通知").json()["items"] == []
    assert client.get("/api/queue").json()["items"] == []
    assert client.get("/api/notifications").json()["items"] == []


def test_the_county_reviewer_sees_an_item_only_once_it_reaches_county_review(county, api):
    s = draft(county)
    workflow.perform(s, county.drafter, "submit")
    client = api(county.county_reviewer)
    assert client.get(f"/api/submissions/{s.pk}").status_code == 404
    for user in (county.first, county.second, county.final):
        pass_as(s, user)
    r = client.get(f"/api/submissions/{s.pk}")
    assert (r.status_code, r.json()["status"]) == (200, "county_review")
    assert [a["name"] for a in r.json()["actions"]] == ["edit", "pass", "request_changes", "send_back", "refuse"]

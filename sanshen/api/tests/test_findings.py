"""Findings of the current revision: listed with offsets into its text, resolved by who may edit now."""

import pytest

from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.review.models import FindingRecord, WhitelistEntry
from sanshen.test import draft

BODY = "<p>本文件为机密★1年内容，咨询电话13800138000。</p>"


def _item(county):
    return draft(county, "通知", BODY)


def _resolve(api, user, s, finding, **fields):
    return api(user).post(f"/api/submissions/{s.pk}/findings/{finding.pk}/resolve", fields)


def test_it_lists_the_findings_of_the_current_revision(county, api):
    s = _item(county)
    r = api(county.drafter).get(f"/api/submissions/{s.pk}/findings")
    assert r.status_code == 200
    data = r.json()
    assert data["revision"] == 1
    assert [(f["rule"], f["severity"], f["start"], f["end"], f["text"], f["resolution"]) for f in data["findings"]] == [
        ("secrecy.classification", "block", 7, 12, "机密★1年", "open"),
        ("pii.phone", "serious", 19, 30, "13800138000", "open"),
    ]
    text = api(county.drafter).get(f"/api/submissions/{s.pk}").json()["current_revision"]["text"]
    assert (text[7:12], text[19:30]) == ("机密★1年", "13800138000")


def test_the_drafter_marks_a_finding_not_an_error(county, api):
    s = _item(county)
    phone = FindingRecord.objects.get(rule="pii.phone")
    r = _resolve(api, county.drafter, s, phone, resolution="not_error", reason="镇值班电话，须公开")
    assert r.status_code == 200
    assert (r.json()["resolution"], r.json()["reason"]) == ("not_error", "镇值班电话，须公开")
    phone.refresh_from_db()
    assert (phone.resolution, phone.decided_by) == ("not_error", county.drafter)
    entry = AuditEntry.objects.get(action="review.finding_resolved")
    assert entry.detail == {"rule": "pii.phone", "resolution": "not_error"}


def test_whitelisting_adds_the_word_for_everyone(county, api):
    s = _item(county)
    phone = FindingRecord.objects.get(rule="pii.phone")
    assert _resolve(api, county.drafter, s, phone, resolution="whitelisted", reason="公开的值班电话").status_code == 200
    assert WhitelistEntry.objects.get().text == "13800138000"


@pytest.mark.parametrize(
    "rule,fields,status,code,message",
    [
        ("pii.phone", {"resolution": "not_error"}, 400, "reason_required", "请填写理由"),
        ("pii.phone", {"resolution": "not_error", "reason": "  "}, 400, "reason_required", "请填写理由"),
        (
            "secrecy.classification",
            {"resolution": "not_error", "reason": "样例"},
            403,
            "secrecy_not_overridable",
            "涉密标识只能删改，不能标为非错误或加入白名单",
        ),
    ],
)
def test_it_refuses_a_bad_resolution(county, api, rule, fields, status, code, message):
    s = _item(county)
    finding = FindingRecord.objects.get(rule=rule)
    r = _resolve(api, county.drafter, s, finding, **fields)
    assert (r.status_code, r.json()) == (status, {"error": message, "code": code})
    finding.refresh_from_db()
    assert finding.resolution == "open"


@pytest.mark.parametrize("resolution", ["open", "ignored", ""])
def test_it_refuses_an_unknown_resolution_with_422(county, api, resolution):
    s = _item(county)
    phone = FindingRecord.objects.get(rule="pii.phone")
    r = _resolve(api, county.drafter, s, phone, resolution=resolution, reason="x")
    assert r.status_code == 422
    assert r.json()["fields"] == [{"field": "resolution", "message": "须为以下之一：fixed、not_error、whitelisted"}]


@pytest.mark.parametrize("who", ["first", "second", "leader"])
def test_only_who_may_edit_now_resolves(county, api, who):
    s = _item(county)
    phone = FindingRecord.objects.get(rule="pii.phone")
    r = _resolve(api, getattr(county, who), s, phone, resolution="fixed")
    assert (r.status_code, r.json()) == (403, {"error": "当前环节您不能处理机审问题", "code": "cannot_resolve"})
    phone.refresh_from_db()
    assert phone.resolution == "open"


def test_a_finding_of_an_older_revision_is_not_found(county, api):
    s = _item(county)
    old = FindingRecord.objects.get(rule="pii.phone")
    workflow.save_revision(s, county.drafter, title="通知", body="<p>咨询电话13800138000。</p>", base_revision=1)
    r = _resolve(api, county.drafter, s, old, resolution="fixed")
    assert (r.status_code, r.json()) == (404, {"error": "机审问题不存在", "code": "finding_not_found"})


def test_a_finding_of_another_item_is_not_found(county, api):
    s = _item(county)
    other = draft(county, "另一篇", BODY)
    theirs = other.current_revision.findings.get(rule="pii.phone")
    r = _resolve(api, county.drafter, s, theirs, resolution="fixed")
    assert r.status_code == 404
    theirs.refresh_from_db()
    assert theirs.resolution == "open"

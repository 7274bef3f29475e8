"""Findings of the current revision: listed with offsets into its text, settled only by the reviewer who holds the item.

Nobody declares a finding fixed: it is fixed when a later revision's check no longer finds it. Block findings are
never settled by a person at all.
"""

import pytest

from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.review.models import Status, WhitelistEntry
from sanshen.test import draft, submit

BODY = "<p>本文件为机密★1年内容，咨询电话13800138000。</p>"
PHONE_ONLY = "<p>咨询电话13800138000。</p>"


def _item(county):
    return draft(county, "通知", BODY)


def _at_first_review(county, body=PHONE_ONLY):
    s = draft(county, "通知", body)
    return submit(s)


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


def test_the_reviewer_marks_a_finding_not_an_error_for_this_item(county, api):
    s = _at_first_review(county)
    phone = s.current_revision.findings.get(rule="pii.phone")
    r = _resolve(api, county.first, s, phone, resolution="not_error", reason="镇值班电话，须公开")
    assert r.status_code == 200
    assert (r.json()["resolution"], r.json()["reason"]) == ("not_error", "镇值班电话，须公开")
    phone.refresh_from_db()
    assert (phone.resolution, phone.decided_by) == ("not_error", county.first)
    entry = AuditEntry.objects.get(action="review.finding_resolved")
    assert (entry.detail["rule"], entry.detail["resolution"], entry.detail["reason"]) == (
        "pii.phone", "not_error", "镇值班电话，须公开"
    )
    # Only this item: the same number in another item is found again.
    other = draft(county, "另一篇", PHONE_ONLY)
    assert other.current_revision.findings.get(rule="pii.phone").resolution == "open"


def test_a_whitelist_proposal_is_not_in_force_until_the_security_administrator_approves(county, api):
    from sanshen.review import whitelist

    s = _at_first_review(county)
    phone = s.current_revision.findings.get(rule="pii.phone")
    r = _resolve(api, county.first, s, phone, resolution="propose_whitelist", reason="镇政府公开的值班电话")
    assert r.status_code == 200
    entry = WhitelistEntry.objects.get()
    assert (entry.text, entry.rule, entry.unit, entry.status, entry.added_by) == (
        "13800138000", "pii.phone", county.unit_a, "proposed", county.first
    )
    assert draft(county, "又一篇", PHONE_ONLY).current_revision.findings.get(rule="pii.phone").resolution == "open"
    whitelist.decide(entry, county.security, approve=True, note="核实为值班电话")
    mine = draft(county, "再一篇", PHONE_ONLY).current_revision.findings.get(rule="pii.phone")
    assert (mine.resolution, mine.reason) == ("whitelisted", "白名单")
    # Scoped to the proposing unit: unit B is still told about the number.
    theirs = workflow.create_submission(county.outsider, title="通知", body=PHONE_ONLY, column=county.column)
    assert theirs.current_revision.findings.get(rule="pii.phone").resolution == "open"


@pytest.mark.parametrize(
    "fields,status,code,message",
    [
        ({"resolution": "not_error"}, 400, "reason_required", "请填写理由"),
        ({"resolution": "not_error", "reason": "  "}, 400, "reason_required", "请填写理由"),
        ({"resolution": "propose_whitelist", "reason": "是"}, 400, "reason_required", "请写明加入白名单的理由（至少 4 个字）"),
    ],
)
def test_it_refuses_a_bad_resolution(county, api, fields, status, code, message):
    s = _at_first_review(county)
    finding = s.current_revision.findings.get(rule="pii.phone")
    r = _resolve(api, county.first, s, finding, **fields)
    assert (r.status_code, r.json()) == (status, {"error": message, "code": code})
    finding.refresh_from_db()
    assert finding.resolution == "open"
    assert not WhitelistEntry.objects.exists()


@pytest.mark.parametrize("resolution", ["not_error", "propose_whitelist"])
def test_nobody_settles_a_block_finding(county, api, resolution):
    s = _at_first_review(county)
    # The first reviewer's own edit brings in a classification mark: the check finds it on the new revision.
    workflow.save_revision(s, county.first, title="通知", body=BODY, base_revision=1)
    s.refresh_from_db()
    mark = s.current_revision.findings.get(rule="secrecy.classification")
    r = _resolve(api, county.first, s, mark, resolution=resolution, reason="样例文字，不是密级")
    assert r.status_code == 403
    assert r.json()["code"] in ("block_not_settleable", "block_not_whitelistable")
    mark.refresh_from_db()
    assert mark.resolution == "open"
    assert not WhitelistEntry.objects.exists()


@pytest.mark.parametrize("resolution", ["open", "fixed", "whitelisted", ""])
def test_it_refuses_an_unknown_resolution_with_422(county, api, resolution):
    s = _at_first_review(county)
    phone = s.current_revision.findings.get(rule="pii.phone")
    r = _resolve(api, county.first, s, phone, resolution=resolution, reason="x")
    assert r.status_code == 422
    assert r.json()["fields"] == [{"field": "resolution", "message": "须为以下之一：not_error、propose_whitelist"}]


@pytest.mark.parametrize("who", ["drafter", "second", "leader"])
def test_only_the_reviewer_holding_the_item_resolves(county, api, who):
    s = _at_first_review(county)
    phone = s.current_revision.findings.get(rule="pii.phone")
    r = _resolve(api, getattr(county, who), s, phone, resolution="not_error", reason="镇值班电话")
    assert (r.status_code, r.json()) == (403, {"error": "只有当前环节的审核人员可以处理机审问题", "code": "cannot_resolve"})
    phone.refresh_from_db()
    assert phone.resolution == "open"
    assert not AuditEntry.objects.filter(action="review.finding_resolved").exists()


def test_a_finding_of_an_older_revision_is_not_found(county, api):
    s = _at_first_review(county)
    old = s.current_revision.findings.get(rule="pii.phone")
    workflow.save_revision(s, county.first, title="通知", body="<p>咨询电话：13800138000。</p>", base_revision=1)
    r = _resolve(api, county.first, s, old, resolution="not_error", reason="镇值班电话")
    assert (r.status_code, r.json()) == (404, {"error": "机审问题不存在", "code": "finding_not_found"})


def test_a_finding_of_another_item_is_not_found(county, api):
    s = _at_first_review(county)
    other = draft(county, "另一篇", BODY)
    theirs = other.current_revision.findings.get(rule="pii.phone")
    r = _resolve(api, county.first, s, theirs, resolution="not_error", reason="镇值班电话")
    assert r.status_code == 404
    theirs.refresh_from_db()
    assert theirs.resolution == "open"
    assert s.status == Status.FIRST_REVIEW

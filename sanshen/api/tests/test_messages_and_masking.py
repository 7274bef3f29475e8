"""The API says what an action did and who has the item now, and shows old text with personal data masked, as the
pages do; 显示原文 is for the unit's reviewers and audited."""

from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.review.models import REVIEW_POINT_KEYS
from sanshen.test import draft, submit

PHONE = "<p>联系人电话13800138000。</p>"


def test_an_action_answers_with_what_was_done_and_who_is_next(county, api):
    s = draft(county)
    r = api(county.drafter).post(f"/api/submissions/{s.pk}/actions/submit", {"expected_version": 0})
    assert r.status_code == 200
    assert r.json()["message"] == "已送初审初校：办公室主任 姜海燕"
    r = api(county.first).post(
        f"/api/submissions/{s.pk}/actions/pass",
        {"expected_version": 1, "opinion": "同意。", "points": list(REVIEW_POINT_KEYS)},
    )
    assert r.json()["message"] == "初审通过，已送复审复校：网站管理员 石晓东"


def test_old_revisions_and_diffs_come_with_personal_data_masked(county, api):
    s = draft(county, "通知", PHONE)
    workflow.save_revision(s, county.drafter, title="通知", body="<p>联系电话：0855-7221234。</p>", base_revision=1)
    old = api(county.drafter).get(f"/api/submissions/{s.pk}/revisions/1").json()
    assert (old["masked"], old["text"]) == (True, "通知\n联系人电话138****8000。")
    assert "13800138000" not in old["body"] and "138****8000" in old["body"]
    current = api(county.drafter).get(f"/api/submissions/{s.pk}/revisions/2").json()
    assert current["masked"] is False
    chunks = api(county.drafter).get(f"/api/submissions/{s.pk}/diff").json()["chunks"]
    assert "13800138000" not in "".join(c["text"] for c in chunks)


def test_the_original_is_for_the_units_reviewers_and_audited(county, api):
    s = submit(draft(county, "通知", PHONE))
    workflow.save_revision(s, county.first, title="通知", body="<p>联系电话：0855-7221234。</p>", base_revision=1)
    r = api(county.drafter).get(f"/api/submissions/{s.pk}/revisions/1?original=true")
    assert (r.status_code, r.json()["code"]) == (403, "original_not_allowed")
    assert not AuditEntry.objects.filter(action="review.original_text_viewed").exists()
    r = api(county.first).get(f"/api/submissions/{s.pk}/diff?original=true")
    assert "13800138000" in "".join(c["text"] for c in r.json()["chunks"])
    entry = AuditEntry.objects.get(action="review.original_text_viewed")
    assert (entry.actor, entry.detail["revisions"]) == (county.first, [1, 2])

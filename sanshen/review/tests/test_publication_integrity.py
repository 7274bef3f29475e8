"""Publication integrity: each bypass found by trying the product as an attacker, now refused — by the API and by the
pages — and `publication_blockers` / `sanshen verify-published` as the one place the rules of what is published live.

The bypasses (issue 7):
1. a drafter declared a 绝密★ mark and a level-1 banned slogan "fixed" without changing a word, and published them;
2. a drafter "whitelisted" a banned word with a one-word reason, for every unit;
3. a 重要 item's grade was lowered after the main leader asked for changes, and the leader's pass published it
   without county review;
4. after county review asked for changes the drafter replaced the body, and the unit's signatures on the old text
   went online with the new one;
5. the secrecy bureau answered 不宜发布 and the second reviewer passed the item on anyway.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.review.exceptions import BlockedByFindings, NotAllowed, PublicationBlocked
from sanshen.review.models import Decision, Escalation, FindingRecord, Grade, Revision, Status, Submission, WhitelistEntry
from sanshen.review.stages import required_stages
from sanshen.test import draft, explained, pass_as, submit

from .helpers import act, action_data, general_item_at, message_texts, snapshot

FORBIDDEN = "<p>本文件为绝密★启用前。会场口号：法轮大法好。</p>"
POINTS = ["political", "secrecy", "truthfulness", "timeliness", "accuracy", "completeness", "safety", "presentation"]


def _word(text: str) -> bytes:
    from docx import Document

    from sanshen.documents.tests.files import docx_bytes

    document = Document()
    document.add_paragraph(text)
    return docx_bytes(document)


def _blocker_codes(submission) -> list[str]:
    submission.refresh_from_db()
    return [b.code for b in workflow.publication_blockers(submission)]


# ---------------------------------------------------------------------------------------------
# 1. "Fixed" is not something a person can declare


def test_a_drafter_cannot_declare_block_findings_fixed_through_the_api(county, api):
    s = draft(county, "会议通知", FORBIDDEN)
    block = list(s.current_revision.findings.filter(severity="block"))
    assert sorted(f.rule for f in block) == ["secrecy.classification", "sensitive.word"]
    for f in block:
        for resolution in ("fixed", "not_error", "propose_whitelist"):
            r = api(county.drafter).post(
                f"/api/submissions/{s.pk}/findings/{f.pk}/resolve", {"resolution": resolution, "reason": "已修改"}
            )
            assert r.status_code in (403, 422), (resolution, r.json())
        f.refresh_from_db()
        assert f.resolution == "open"
    r = api(county.drafter).post(f"/api/submissions/{s.pk}/actions/submit", {"expected_version": 0})
    assert (r.status_code, r.json()["code"]) == (409, "blocked")
    assert Submission.objects.get(pk=s.pk).status == Status.DRAFT


def test_a_drafter_cannot_declare_block_findings_fixed_through_the_pages(county, client):
    s = draft(county, "会议通知", FORBIDDEN)
    client.force_login(county.drafter)
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert "禁止类问题只能修改原文" in page
    assert 'value="fixed"' not in page
    f = s.current_revision.findings.get(rule="secrecy.classification")
    r = client.post(f"/work/submissions/{s.pk}/findings/{f.pk}/resolve/", {"resolution": "fixed", "reason": "已改"})
    assert message_texts(r) == ["只有当前环节的审核人员可以处理机审问题"]
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "submit"))
    assert message_texts(r)[-1] == "机审发现 2 处禁止发布的问题（如涉密标识、禁用词），只能修改原文后再送"
    assert Submission.objects.get(pk=s.pk).status == Status.DRAFT


def test_a_block_finding_brought_in_at_a_stage_stops_the_pass_and_goes_only_when_the_text_changes(county):
    s = general_item_at(county, Status.FIRST_REVIEW)
    workflow.save_revision(s, county.first, title=s.title, body=FORBIDDEN, base_revision=1)
    # Even a resolution written straight into the database does not let it through.
    FindingRecord.objects.filter(revision__submission=s).update(resolution="not_error", reason="已修改")
    before = snapshot(s)
    with pytest.raises(BlockedByFindings) as exc:
        pass_as(s, county.first)
    assert exc.value.code == "blocked"
    assert snapshot(s) == before
    workflow.save_revision(s, county.first, title=s.title, body="<p>会议通知。</p>", base_revision=2)
    s = pass_as(s, county.first)
    assert s.status == Status.SECOND_REVIEW


def test_publication_lists_a_block_finding_whatever_its_record_says(county):
    s = general_item_at(county, Status.APPROVED)
    assert _blocker_codes(s) == []
    # A finding of the current revision, marked settled by someone who could write the row directly.
    FindingRecord.objects.create(
        revision=s.current_revision, rule="secrecy.classification", category="secrecy_mark", standard=2,
        severity="block", start=0, end=4, text="绝密★", message="涉密标识", resolution="not_error", reason="已修改",
    )  # fmt: skip
    assert _blocker_codes(s) == ["block_finding"]
    before = snapshot(s)
    with pytest.raises(PublicationBlocked) as exc:
        act(s, county.county_reviewer, "publish", opinion="")
    assert exc.value.message == "不能发布：1. 机审禁止发布：涉密标识“绝密★”"
    assert snapshot(s) == before


# ---------------------------------------------------------------------------------------------
# 2. Whitelists are proposals, scoped, decided by the security administrator


def test_a_drafter_cannot_whitelist_and_a_reviewers_proposal_is_not_in_force(county, api):
    s = draft(county, "通知", "<p>联系电话13800138000。</p>")
    phone = s.current_revision.findings.get(rule="pii.phone")
    r = api(county.drafter).post(
        f"/api/submissions/{s.pk}/findings/{phone.pk}/resolve", {"resolution": "propose_whitelist", "reason": "好"}
    )
    assert (r.status_code, r.json()["code"]) == (403, "cannot_resolve")
    assert not WhitelistEntry.objects.exists()
    submit(s)
    s.refresh_from_db()
    phone = s.current_revision.findings.get(rule="pii.phone")
    r = api(county.first).post(
        f"/api/submissions/{s.pk}/findings/{phone.pk}/resolve",
        {"resolution": "propose_whitelist", "reason": "镇政府值班电话", "scope": "county"},
    )
    assert r.status_code == 200
    entry = WhitelistEntry.objects.get()
    assert (entry.status, entry.unit) == ("proposed", None)
    theirs = workflow.create_submission(county.outsider, title="通知", body="<p>联系电话13800138000。</p>", column=county.column)
    assert theirs.current_revision.findings.get(rule="pii.phone").resolution == "open"


def test_a_banned_word_can_never_be_whitelisted(county, api):
    s = general_item_at(county, Status.FIRST_REVIEW)
    workflow.save_revision(s, county.first, title=s.title, body="<p>会场口号：法轮大法好。</p>", base_revision=1)
    s.refresh_from_db()
    word = s.current_revision.findings.get(rule="sensitive.word")
    assert word.severity == "block"
    r = api(county.first).post(
        f"/api/submissions/{s.pk}/findings/{word.pk}/resolve",
        {"resolution": "propose_whitelist", "reason": "引用的反面口号", "scope": "county"},
    )
    assert (r.status_code, r.json()["code"]) == (403, "block_not_whitelistable")
    assert not WhitelistEntry.objects.exists()


def test_only_the_security_administrator_approves_a_proposal_and_never_their_own(county):
    from sanshen.review import whitelist

    s = general_item_at(county, Status.FIRST_REVIEW)
    workflow.save_revision(s, county.first, title=s.title, body="<p>联系电话13800138000。</p>", base_revision=1)
    s.refresh_from_db()
    phone = s.current_revision.findings.get(rule="pii.phone")
    workflow.resolve_finding(s, county.first, phone, resolution="propose_whitelist", reason="镇政府值班电话")
    entry = WhitelistEntry.objects.get()
    for who in (county.first, county.sysadmin, county.auditor, county.county_reviewer):
        with pytest.raises(NotAllowed):
            whitelist.decide(entry, who, approve=True)
    entry.refresh_from_db()
    assert entry.status == "proposed"
    whitelist.decide(entry, county.security, approve=True, note="核实")
    entry.refresh_from_db()
    assert (entry.status, entry.decided_by) == ("approved", county.security)
    whitelist.withdraw(entry, county.security, note="号码已停用")
    entry.refresh_from_db()
    assert entry.status == "withdrawn"
    actions = list(
        AuditEntry.objects.filter(action__startswith="review.whitelist").order_by("seq").values_list("action", flat=True)
    )
    assert actions == ["review.whitelist_proposed", "review.whitelist_approved", "review.whitelist_withdrawn"]


# ---------------------------------------------------------------------------------------------
# 3. A grade change after submission is a content change; stages are those of the grade at publication


def test_lowering_the_grade_after_a_request_for_changes_sends_the_item_through_every_stage_again(county):
    s = general_item_at(county, Status.MAIN_LEADER, grade=Grade.IMPORTANT)
    act(s, county.leader, "request_changes", opinion="请再斟酌。")
    s.refresh_from_db()
    workflow.save_revision(
        s, county.drafter, title=s.title, body=s.body, base_revision=s.current_revision.number, grade=Grade.GENERAL
    )
    s = act(s, county.drafter, "submit", opinion="")
    assert s.status == Status.FIRST_REVIEW
    assert required_stages(s) == ["first_review", "second_review", "final_review", "county_review"]
    for person in (county.first, county.second, county.final):
        s = pass_as(s, person)
    # 终审's pass leads to county review, not to publication.
    assert s.status == Status.COUNTY_REVIEW


def test_a_grade_changed_behind_the_workflows_back_blocks_publication(county):
    s = general_item_at(county, Status.APPROVED)
    Submission.objects.filter(pk=s.pk).update(grade=Grade.IMPORTANT)
    codes = _blocker_codes(s)
    assert "details_changed" in codes and "missing_pass" in codes
    with pytest.raises(PublicationBlocked):
        act(s, county.county_reviewer, "publish", opinion="")
    assert Submission.objects.get(pk=s.pk).status == Status.APPROVED


def test_the_main_leaders_pass_on_a_media_item_checks_the_stages_of_the_grade_it_has_then(county):
    s = general_item_at(county, Status.MAIN_LEADER, grade=Grade.IMPORTANT, media_account=county.account, column=None)
    s = pass_as(s, county.leader)
    assert s.status == Status.APPROVED
    assert _blocker_codes(s) == []


# ---------------------------------------------------------------------------------------------
# 4. Signatures cover the text they were given to


def test_a_body_replaced_after_county_review_asked_for_changes_goes_back_through_the_unit(county, client):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    old_passes = list(s.decisions.filter(action="pass").values_list("stage", flat=True))
    assert old_passes == ["first_review", "second_review", "final_review"]
    act(s, county.county_reviewer, "request_changes", opinion="标题请写明时间。")
    s.refresh_from_db()
    workflow.save_revision(s, county.drafter, title=s.title, body="<p>完全不同的正文。</p>", base_revision=1)
    client.force_login(county.drafter)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "submit", opinion=""))
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.status == Status.FIRST_REVIEW
    # The form no longer carries the unit's signatures on the old text.
    from sanshen.review.signoff import build_form

    form = build_form(s)
    assert (form.office_head, form.site_admin, form.deputy_leader) == (None, None, None)
    for person in (county.first, county.second, county.final):
        s = pass_as(s, person)
    s = pass_as(s, county.county_reviewer)
    s = act(s, county.county_reviewer, "publish", opinion="")
    assert s.status == Status.PUBLISHED
    signed = {d.stage: d.revision.number for d in s.decisions.filter(action="pass").order_by("created", "id")}
    assert signed == {"first_review": 2, "second_review": 2, "final_review": 2, "county_review": 2}
    assert s.published_revision.number == 2


def test_signatures_on_old_text_are_listed_as_void(county):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    act(s, county.county_reviewer, "request_changes", opinion="请修改。")
    s.refresh_from_db()
    workflow.save_revision(s, county.drafter, title=s.title, body="<p>新正文。</p>", base_revision=1)
    s.refresh_from_db()
    blockers = workflow.publication_blockers(s)
    void = [b.message for b in blockers if b.code == "void_pass"]
    assert void == [
        "“初审初校”的签发（姜海燕）针对第1版，此后稿件已由拟稿人修改，须重新签发",
        "“复审复校”的签发（石晓东）针对第1版，此后稿件已由拟稿人修改，须重新签发",
        "“终审终校”的签发（王丽）针对第1版，此后稿件已由拟稿人修改，须重新签发",
    ]


def test_a_reviewers_own_proofreading_is_covered_by_their_pass(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    workflow.save_revision(s, county.second, title=s.title, body="<p>复审校对后的正文。</p>", base_revision=1)
    for person in (county.second, county.final, county.county_reviewer):
        s = pass_as(s, person)
    assert s.status == Status.APPROVED
    assert _blocker_codes(s) == []
    s = act(s, county.county_reviewer, "publish", opinion="")
    assert s.published_revision.number == 2
    first = s.decisions.get(action="pass", stage="first_review")
    assert (first.revision.number, first.content_hash) == (1, Revision.objects.get(submission=s, number=1).content_hash)


def test_an_edit_no_pass_covers_blocks_publication(county):
    s = general_item_at(county, Status.APPROVED)
    # A revision written at the 复审 stage after 复审 had passed: nobody signed it.
    current = s.current_revision
    from sanshen.review import integrity

    rogue = integrity.stamp(
        Revision(submission=s, number=current.number + 1, title=s.title, body="<p>未经签发的正文。</p>",
                 author=county.second, stage=Status.SECOND_REVIEW),
        s,
    )  # fmt: skip
    rogue.save()
    Submission.objects.filter(pk=s.pk).update(current_revision=rogue, body=rogue.body)
    codes = _blocker_codes(s)
    assert "uncovered_edit" in codes
    with pytest.raises(PublicationBlocked):
        act(s, county.county_reviewer, "publish", opinion="")


def test_an_attachment_added_after_the_signatures_needs_them_again(county, django_capture_on_commit_callbacks):
    from sanshen.review import attachments

    s = general_item_at(county, Status.COUNTY_REVIEW)
    act(s, county.county_reviewer, "request_changes", opinion="请补充附件。")
    s.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        attachments.add_attachment(s, county.drafter, name="名单.docx", data=_word("森林防火责任分工"))
    s.refresh_from_db()
    assert s.current_revision.files[0]["name"] == "名单.docx"
    s = submit(s)
    assert s.status == Status.FIRST_REVIEW


# ---------------------------------------------------------------------------------------------
# 5. An objection stops the item


def _objected(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    act(s, county.second, "escalate", kinds=[Escalation.Kind.SECRECY], opinion="是否涉密？")
    act(s, county.secrecy, "answer", verdict=Escalation.Verdict.OBJECT, opinion="涉及工作秘密，不宜发布。")
    s.refresh_from_db()
    return s


def test_the_second_reviewer_cannot_pass_on_an_item_the_secrecy_bureau_objected_to(county, api, client):
    s = _objected(county)
    assert s.status == Status.SECOND_REVIEW
    names = [a.name for a in workflow.available_actions(s, county.second)]
    assert "pass" not in names and {"request_changes", "return", "escalate", "refuse"} <= set(names)
    before = snapshot(s)
    r = api(county.second).post(
        f"/api/submissions/{s.pk}/actions/pass", {"expected_version": s.version, "opinion": "同意", "points": POINTS}
    )
    assert (r.status_code, r.json()["code"]) == (409, "escalation_objection")
    client.force_login(county.second)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "pass"))
    assert message_texts(r) == ["县保密部门答复“不宜发布”，不能通过：可回退、建议修改后重新报请，或不予发布"]
    assert snapshot(s) == before


def test_an_objection_can_be_answered_by_changing_the_text_and_asking_again(county):
    s = _objected(county)
    act(s, county.second, "request_changes", opinion="删去涉及工作秘密的段落。")
    s.refresh_from_db()
    workflow.save_revision(s, county.drafter, title=s.title, body="<p>删改后的正文。</p>", base_revision=1)
    s = submit(s)
    s = pass_as(s, county.first)
    assert "escalation_objection" in _blocker_codes(s)
    act(s, county.second, "escalate", kinds=[Escalation.Kind.SECRECY], opinion="已删改，请再审。")
    act(s, county.secrecy, "answer", verdict=Escalation.Verdict.AGREE, opinion="可以发布。")
    s = pass_as(s, county.second)
    assert s.status == Status.FINAL_REVIEW


def test_a_refused_item_stays_refused(county):
    s = _objected(county)
    s = act(s, county.second, "refuse", opinion="保密部门意见：不宜发布。")
    assert s.status == Status.REFUSED
    assert workflow.available_actions(s, county.drafter) == []


# ---------------------------------------------------------------------------------------------
# 特级: filing and the county leader's approval for this text


def test_a_special_item_needs_the_filing_for_the_text_being_published(county):
    s = general_item_at(county, Status.COUNTY_REVIEW, grade=Grade.SPECIAL)
    filing = s.filings.get()
    assert filing.revision == s.current_revision
    assert _blocker_codes(s) == ["missing_pass"]
    s.filings.all().delete()
    assert _blocker_codes(s) == ["missing_pass", "filing_missing"]


# ---------------------------------------------------------------------------------------------
# sanshen verify-published


def test_verify_published_passes_a_clean_site_and_reports_a_body_edited_in_the_database(county):
    s = general_item_at(county, Status.APPROVED)
    act(s, county.county_reviewer, "publish", opinion="")
    out = io.StringIO()
    call_command("verify-published", stdout=out)
    assert out.getvalue().strip() == "已发布稿件核对通过：核对 1 篇，均与签发内容一致。"
    s.refresh_from_db()
    Revision.objects.filter(pk=s.published_revision_id).update(body="<p>被改动的正文。</p>")
    Submission.objects.filter(pk=s.pk).update(body="<p>被改动的正文。</p>")
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("verify-published", stdout=out)
    assert str(exc.value) == "已发布稿件核对未通过：核对 1 篇，1 篇有问题。"
    assert "[revision_tampered] 第1版的内容与其校验码不符（版本记录被改动）" in out.getvalue()


def test_verify_published_reads_the_stored_files_again(county, django_capture_on_commit_callbacks):
    from sanshen.review import attachments

    s = draft(county)
    with django_capture_on_commit_callbacks(execute=True):
        attachments.add_attachment(s, county.drafter, name="分工.docx", data=_word("森林防火责任分工"))
    s = submit(s)
    for person in (county.first, county.second, county.final, county.county_reviewer):
        s = pass_as(s, person)
    act(s, county.county_reviewer, "publish", opinion="")
    assert workflow.verify_published(Submission.objects.get(pk=s.pk)) == []
    attachment = s.attachments.get()
    with attachment.file.open("wb") as f:
        f.write(b"replaced on disk")
    problems = workflow.verify_published(Submission.objects.get(pk=s.pk))
    assert [b.code for b in problems] == ["file_tampered"]


def test_the_published_decision_and_the_public_page_carry_the_content_hash(county, client):
    s = general_item_at(county, Status.APPROVED)
    s = act(s, county.county_reviewer, "publish", opinion="")
    published = s.decisions.get(action=Decision.Action.PUBLISH)
    assert published.content_hash == s.published_revision.content_hash != ""
    page = client.get(f"/article/{s.public_id}/").content.decode()
    assert f'data-content-hash="{published.content_hash}"' in page
    from sanshen.review.signoff import build_form

    assert build_form(s).content_hash == published.content_hash


def test_every_refusal_leaves_the_explanations_of_serious_findings_as_they_were(county):
    s = draft(county, "通知", "<p>联系电话13800138000。</p>")
    phone = s.current_revision.findings.get(rule="pii.phone")
    with pytest.raises(BlockedByFindings):
        workflow.perform(s, county.drafter, "submit", finding_reasons={})
    phone.refresh_from_db()
    assert phone.reason == ""
    workflow.perform(s, county.drafter, "submit", finding_reasons=explained(s, "值班电话"))
    phone.refresh_from_db()
    assert phone.reason == "值班电话"


# ---------------------------------------------------------------------------------------------
# One publisher rule for the button, the inbox and the notification


def test_an_account_without_operators_is_published_by_the_units_second_reviewer_who_sees_it_in_the_inbox(county):
    county.account.operators.clear()
    s = general_item_at(county, Status.APPROVED, media_account=county.account, column=None)
    assert workflow.publishers(s) == [county.second]
    assert "publish" in [a.name for a in workflow.available_actions(s, county.second)]
    assert s in workflow.waiting_for(county.second)
    assert s not in workflow.waiting_for(county.county_reviewer)
    assert "publish" not in [a.name for a in workflow.available_actions(s, county.county_reviewer)]
    s = act(s, county.second, "publish", opinion="", post_url="https://mp.weixin.qq.com/s/abc")
    assert s.status == Status.PUBLISHED


def test_an_accounts_operator_and_only_they_publish_its_posts(county):
    s = general_item_at(county, Status.APPROVED, media_account=county.account, column=None)
    operator = county.second  # the demo operator of 三江镇发布
    assert workflow.publishers(s) == [operator]
    county.account.operators.set([county.final])
    s.refresh_from_db()
    assert workflow.publishers(s) == [county.final]
    assert s in workflow.waiting_for(county.final) and s not in workflow.waiting_for(county.second)

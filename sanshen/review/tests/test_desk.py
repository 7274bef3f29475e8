"""The review desk as a clerk meets it (issue 8): 采纳建议 and 全部脱敏, what each action says and who has the item
now, the edit page's comment and findings, masked diffs, the Word import that keeps its file, stage chips, where
each role lands, the new-media 审签表, the form drawn in the background, and the public site's text."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanshen.audit.models import AuditEntry
from sanshen.documents import signoff as renderer
from sanshen.review import checking, signoff, workflow
from sanshen.review.models import Escalation, FindingRecord, Status, Submission
from sanshen.review.tests.helpers import act, action_data, general_item_at, message_texts, refreshed, special_item_at
from sanshen.test import approve_through_unit, draft, pass_as

PII_BODY = "<p>联系人：王某，身份证号110101199003074573，手机<b>13812345678</b>。</p><p>请按时参加。</p>"


def _finding(submission, rule: str) -> FindingRecord:
    return refreshed(submission).current_revision.findings.get(rule=rule)


# ---------------------------------------------------------------------------------------------
# 采纳建议 and 全部脱敏


def test_apply_replaces_exactly_the_flagged_text_as_a_new_attributed_revision(county, client):
    s = draft(county, body=PII_BODY)
    phone = _finding(s, "pii.phone")
    assert (phone.text, phone.suggestion) == ("13812345678", "138****5678")
    client.force_login(county.drafter)
    r = client.post(f"/work/submissions/{s.pk}/findings/{phone.pk}/apply/", {"base_revision": 1})
    assert r.status_code == 302 and r.url == f"/work/submissions/{s.pk}/#findings"
    assert message_texts(r) == ["已将“13812345678”改为“138****5678”，生成第 2 版，已重新机审。"]
    s = refreshed(s)
    revision = s.current_revision
    assert (revision.number, revision.author, revision.note) == (2, county.drafter, "采纳机审建议：“13812345678”改为“138****5678”")
    assert revision.body == PII_BODY.replace("13812345678", "138****5678")
    # the finding is gone on re-check; the other one stays where it was
    assert sorted(revision.findings.filter(category__startswith="pii").values_list("rule", "text")) == [
        ("pii.id_card", "110101199003074573")
    ]
    edits = AuditEntry.objects.filter(action="review.edit", object_id=str(s.pk))
    assert [(e.actor, e.detail["revision"]) for e in edits] == [(county.drafter, 2)]


def test_apply_works_on_the_title(county, client):
    s = draft(county, title="王某联系电话13812345678")
    phone = _finding(s, "pii.phone")
    assert (phone.start, phone.end) == (6, 17)
    client.force_login(county.drafter)
    client.post(f"/work/submissions/{s.pk}/findings/{phone.pk}/apply/", {"base_revision": 1})
    s = refreshed(s)
    assert (s.title, s.current_revision.title, s.body) == ("王某联系电话138****5678", "王某联系电话138****5678", s.current_revision.body)


def test_apply_on_an_older_revision_changes_nothing(county, client):
    s = draft(county, body=PII_BODY)
    phone = _finding(s, "pii.phone")
    workflow.save_revision(s, county.drafter, title=s.title, body=PII_BODY + "<p>补充。</p>", base_revision=1)
    client.force_login(county.drafter)
    # the finding belongs to revision 1, no longer the current one: not found
    assert client.post(f"/work/submissions/{s.pk}/findings/{phone.pk}/apply/", {"base_revision": 1}).status_code == 404
    assert refreshed(s).current_revision.number == 2


def test_apply_refuses_text_that_moved_under_the_finding(county, client):
    s = draft(county, body=PII_BODY)
    phone = _finding(s, "pii.phone")
    FindingRecord.objects.filter(pk=phone.pk).update(start=phone.start + 1, end=phone.end + 1)
    client.force_login(county.drafter)
    r = client.post(f"/work/submissions/{s.pk}/findings/{phone.pk}/apply/", {"base_revision": 1})
    assert message_texts(r) == ["无法采纳：原文已变化，请刷新页面后重试，或在“修改稿件”中手工修改。"]
    assert refreshed(s).current_revision.number == 1


def test_apply_is_for_who_may_edit_now(county, client):
    s = draft(county, body=PII_BODY)
    act(s, county.drafter, "submit", opinion="", finding_reasons=_reasons(s))
    phone = _finding(s, "pii.phone")
    client.force_login(county.drafter)  # the item is at 初审 now: the drafter may no longer change it
    r = client.post(f"/work/submissions/{s.pk}/findings/{phone.pk}/apply/", {"base_revision": 1})
    assert message_texts(r) == ["当前环节您不能修改本稿件"]
    assert refreshed(s).current_revision.number == 1


def _reasons(s):
    _, serious = checking.gate_findings(refreshed(s).current_revision)
    return {str(f.pk): "经核实无误" for f in serious}


def test_mask_all_masks_every_personal_datum_in_one_revision(county, client):
    s = draft(county, body=PII_BODY)
    client.force_login(county.drafter)
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert "个人信息全部脱敏（采纳 2 处建议）" in page
    r = client.post(f"/work/submissions/{s.pk}/findings/mask-all/", {"base_revision": 1})
    assert message_texts(r) == ["已为 2 处个人信息脱敏，生成第 2 版，已重新机审。"]
    revision = refreshed(s).current_revision
    assert revision.body == "<p>联系人：王某，身份证号110101********4573，手机<b>138****5678</b>。</p><p>请按时参加。</p>"
    assert revision.note == "个人信息一键脱敏（2 处）"
    assert not revision.findings.filter(category__in=["pii_id_card", "pii_phone"]).exists()
    assert "个人信息全部脱敏" not in client.get(f"/work/submissions/{s.pk}/").content.decode()


def test_mask_all_with_nothing_to_mask_says_so(county, client):
    s = draft(county)
    client.force_login(county.drafter)
    r = client.post(f"/work/submissions/{s.pk}/findings/mask-all/", {"base_revision": 1})
    assert message_texts(r) == ["没有需要脱敏的个人信息。"]
    assert refreshed(s).current_revision.number == 1


# ---------------------------------------------------------------------------------------------
# What each action says: what was done and who has the item now, by name


def _at(county, status, **details):
    return general_item_at(county, status, **details)


@pytest.mark.parametrize(
    "start, actor, action, fields, message",
    [
        (Status.DRAFT, "drafter", "submit", {"opinion": ""}, "已送初审初校：办公室主任 姜海燕"),
        (Status.FIRST_REVIEW, "drafter", "recall", {"opinion": ""}, "已撤回，稿件回到草稿，可修改后重新送审"),
        (Status.FIRST_REVIEW, "first", "pass", {}, "初审通过，已送复审复校：网站管理员 石晓东"),
        (Status.SECOND_REVIEW, "second", "pass", {}, "复审通过，已送终审终校：分管领导 王丽、单位主要领导 李国庆"),
        (Status.FINAL_REVIEW, "final", "pass", {}, "终审同意发布，已送县信息中心审核：县信息中心 吴德江"),
        (Status.COUNTY_REVIEW, "county_reviewer", "pass", {}, "审核通过，审核完毕，待发布：发布人员 吴德江"),
        (Status.SECOND_REVIEW, "second", "request_changes", {}, "已建议修改，稿件现由拟稿人 潘德江 修改"),
        (Status.FINAL_REVIEW, "final", "return", {"to_stage": "first_review"}, "已回退，已退回初审初校：办公室主任 姜海燕"),
        (Status.SECOND_REVIEW, "second", "return", {"to_stage": "drafter"}, "已回退，稿件现由拟稿人 潘德江 修改"),
        (Status.COUNTY_REVIEW, "county_reviewer", "send_back", {}, "已打回原单位，稿件现由拟稿人 潘德江 修改"),
        (Status.FINAL_REVIEW, "final", "refuse", {}, "已不予发布：稿件办结（不予发布），已通知拟稿人 潘德江"),
        (
            Status.SECOND_REVIEW, "second", "escalate", {"kinds": ["secrecy", "cyberspace"]},
            "已报请保密/网信部门，等待答复：县保密部门 欧晓东、县网信部门 潘志强",
        ),
    ],
)  # fmt: skip
def test_every_action_says_what_was_done_and_who_has_it_now(county, client, start, actor, action, fields, message):
    s = _at(county, start)
    client.force_login(getattr(county, actor))
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, action, **fields))
    assert message_texts(r) == [message]


def test_the_answer_and_publish_and_withdraw_say_where_the_item_is(county, client):
    s = special_item_at(county, Status.ESCALATED)
    client.force_login(county.secrecy)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "answer", verdict="agree", opinion="无涉密内容。"))
    assert message_texts(r) == ["已答复，等待答复：县网信部门 潘志强"]
    client.get(r.url)  # the page shows (and so uses up) the message
    client.force_login(county.cyberspace)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "answer", verdict="agree", opinion="可以发布。"))
    assert message_texts(r) == ["已答复，已送复审复校：网站管理员 石晓东"]
    client.get(r.url)

    s = _at(county, Status.APPROVED)
    client.force_login(county.county_reviewer)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "publish", opinion=""))
    s = refreshed(s)
    assert message_texts(r) == [f"已发布到网站“乡镇动态”栏目：{reverse('public-article', args=[s.public_id])}"]
    client.get(r.url)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "withdraw", opinion="数据有误。"))
    assert message_texts(r) == ["已撤稿：网站上的文章已撤下"]


def test_a_new_media_item_names_its_operator_and_then_its_post(county, client):
    s = _at(county, Status.APPROVED, media_account=county.account)
    client.force_login(county.second)
    r = client.post(
        f"/work/submissions/{s.pk}/action/", action_data(s, "publish", opinion="", post_url="https://mp.weixin.qq.com/s/abc")
    )
    assert message_texts(r) == ["已记录发布：微信公众号·三江镇发布，https://mp.weixin.qq.com/s/abc"]


def test_the_pass_before_publication_names_the_account_operator(county, client):
    s = _at(county, Status.FINAL_REVIEW, media_account=county.account)
    client.force_login(county.final)
    r = client.post(f"/work/submissions/{s.pk}/action/", action_data(s, "pass"))
    assert message_texts(r) == ["终审同意发布，审核完毕，待发布：发布人员 石晓东"]


# ---------------------------------------------------------------------------------------------
# The edit page: the comment it answers and the open findings beside the editor


def test_the_edit_page_shows_the_last_request_and_the_open_findings(county, client):
    s = draft(county, body=PII_BODY)
    act(s, county.drafter, "submit", opinion="", finding_reasons=_reasons(s))
    act(s, county.first, "request_changes", opinion="请删去身份证号，电话改为办公电话。")
    client.force_login(county.drafter)
    page = client.get(f"/work/submissions/{s.pk}/edit/").content.decode()
    comment = page[page.index('class="card request-comment"') : page.index('class="card edit-findings"')]
    assert "建议修改意见" in comment and "请删去身份证号，电话改为办公电话。" in comment and "姜海燕" in comment
    findings = page[page.index('class="card edit-findings"') : page.index('id="submission-form"')]
    assert "“110101199003074573”" in findings and "“13812345678”" in findings


def test_a_new_draft_has_no_comment_to_show(county, client):
    s = draft(county)
    client.force_login(county.drafter)
    page = client.get(f"/work/submissions/{s.pk}/edit/").content.decode()
    assert "request-comment" not in page and "当前版本没有待处理的问题。" in page


# ---------------------------------------------------------------------------------------------
# Diffs show personal data masked; 显示原文 for the unit's reviewers, audited


def _diffed(county):
    s = draft(county, body=PII_BODY)
    workflow.save_revision(s, county.drafter, title=s.title, body="<p>联系人：王某。</p><p>请按时参加。</p>", base_revision=1)
    return refreshed(s)


@pytest.mark.parametrize("who", ["drafter", "first", "second", "leader"])
def test_the_diff_masks_personal_data_for_everyone(county, client, who):
    s = _diffed(county)
    client.force_login(getattr(county, who))
    page = client.get(f"/work/submissions/{s.pk}/diff/?a=1&b=2").content.decode()
    assert "110101********4573" in page and "138****5678" in page
    assert "110101199003074573" not in page and "13812345678" not in page


@pytest.mark.parametrize("who, shown", [("first", True), ("second", True), ("final", True), ("leader", True), ("drafter", False)])
def test_show_original_is_for_the_units_reviewers_and_audited(county, client, who, shown):
    s = _diffed(county)
    user = getattr(county, who)
    client.force_login(user)
    assert ("显示原文" in client.get(f"/work/submissions/{s.pk}/diff/?a=1&b=2").content.decode()) is shown
    page = client.get(f"/work/submissions/{s.pk}/diff/?a=1&b=2&original=1").content.decode()
    assert ("110101199003074573" in page) is shown
    viewed = AuditEntry.objects.filter(action="review.original_text_viewed", object_id=str(s.pk))
    assert [(e.actor, e.detail["revisions"]) for e in viewed] == ([(user, [1, 2])] if shown else [])


def test_the_county_reviewer_never_sees_the_original(county, client):
    s = approve_through_unit(county, draft(county, body=PII_BODY))
    assert s.status == Status.COUNTY_REVIEW
    workflow.save_revision(s, county.county_reviewer, title=s.title + "。", body=s.body, base_revision=s.current_revision.number)
    client.force_login(county.county_reviewer)
    page = client.get(f"/work/submissions/{s.pk}/diff/?original=1").content.decode()
    assert "110101199003074573" not in page and "显示原文" not in page


# ---------------------------------------------------------------------------------------------
# Word import keeps the chosen file when a field is missing, and says which


def _docx(title: str) -> bytes:
    import io

    from docx import Document

    d = Document()
    d.add_heading(title, level=1)
    d.add_paragraph("各村（社区）：现将有关事项通知如下。")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_import_without_a_target_keeps_the_file_and_names_the_field(county, client):
    client.force_login(county.drafter)
    upload = SimpleUploadedFile("通知.docx", _docx("关于做好冬季防火工作的通知"))
    r = client.post("/work/submissions/import/", {"docx": upload, "grade": "general", "title": "", "body": ""})
    assert r.status_code == 400
    page = r.content.decode()
    assert "导入未完成：请先填写“发布目标”。已保留所选文件“通知.docx”，不必重新选择。" in page
    assert "已保留所选文件“通知.docx”" in page
    # the second try names the target only: the kept file is imported
    r = client.post(
        "/work/submissions/import/", {"target": f"column:{county.column.pk}", "grade": "general", "title": "", "body": ""}
    )
    assert r.status_code == 302
    s = Submission.objects.get(drafter=county.drafter)
    assert (s.title, s.column) == ("关于做好冬季防火工作的通知", county.column)
    assert message_texts(r)[-1] == "已从“通知.docx”导入，稿件已保存为草稿。"
    # nothing is kept any more: a third try without a file asks for one
    r = client.post("/work/submissions/import/", {"target": f"column:{county.column.pk}", "grade": "general"})
    assert r.status_code == 400 and "请选择要导入的 Word 文档（.docx）" in r.content.decode()


def test_a_fresh_new_page_forgets_a_file_kept_from_an_abandoned_import(county, client):
    client.force_login(county.drafter)
    client.post("/work/submissions/import/", {"docx": SimpleUploadedFile("旧.docx", _docx("旧通知")), "grade": "general"})
    assert client.get("/work/submissions/new/").status_code == 200
    r = client.post("/work/submissions/import/", {"target": f"column:{county.column.pk}", "grade": "general"})
    assert r.status_code == 400 and "旧.docx" not in r.content.decode()


# ---------------------------------------------------------------------------------------------
# Stage chips show the escalation


def _chips(page: str) -> list[tuple[str, bool]]:
    path = page[page.index('<ol class="path">') : page.index("</ol>", page.index('<ol class="path">'))]
    return [(label, "current" in cls) for cls, label in re.findall(r'<li class="([^"]*)"[^>]*>([^<]+)</li>', path)]


def test_the_escalation_has_a_chip_highlighted_while_the_offices_are_asked(county, client):
    s = general_item_at(county, Status.SECOND_REVIEW)
    client.force_login(county.second)
    assert _chips(client.get(f"/work/submissions/{s.pk}/").content.decode()) == [
        ("初审初校", False), ("复审复校", True), ("终审终校", False), ("县信息中心审核", False), ("发布", False),
    ]  # fmt: skip
    act(s, county.second, "escalate", kinds=[Escalation.Kind.SECRECY])
    assert _chips(client.get(f"/work/submissions/{s.pk}/").content.decode()) == [
        ("初审初校", False), ("复审复校", False), ("报请县保密部门", True), ("终审终校", False), ("县信息中心审核", False),
        ("发布", False),
    ]  # fmt: skip
    act(s, county.secrecy, "answer", verdict="agree", opinion="无涉密内容。")
    assert ("报请县保密部门", False) in _chips(client.get(f"/work/submissions/{s.pk}/").content.decode())


# ---------------------------------------------------------------------------------------------
# Each role lands where its work is


@pytest.mark.parametrize(
    "who, landing",
    [
        ("sysadmin", "/manage/"),
        ("security", "/manage/"),
        ("auditor", "/work/audit/"),
        ("drafter", None),
        ("first", None),
        ("county_reviewer", None),
        ("secrecy", None),
    ],
)
def test_each_role_lands_where_its_work_is(county, client, who, landing):
    client.force_login(getattr(county, who))
    r = client.get("/work/")
    assert (r.status_code, r.get("Location")) == ((302, landing) if landing else (200, None))


def test_the_county_office_lands_on_its_register(county, client):
    from sanshen.accounts.models import RoleName
    from sanshen.test import make_person

    office = make_person("c.office", "石建国", county.county_reviewer.unit, RoleName.COUNTY_OFFICE)
    client.force_login(office)
    assert client.get("/work/")["Location"] == "/work/oversight/"


def test_the_back_office_header_names_the_person(county, client):
    client.force_login(county.sysadmin)
    page = client.get("/manage/").content.decode()
    assert "欢迎，<strong" in page and "王永福" in page and "c.sysadmin" not in page.split("欢迎，")[1][:80]


# ---------------------------------------------------------------------------------------------
# The 审签表: the new-media form's own title and account, escalation answers printed


def test_the_new_media_form_has_its_own_title_and_names_the_account(county):
    s = general_item_at(county, Status.FINAL_REVIEW, media_account=county.account)
    form = signoff.build_form(s)
    assert (form.heading, form.target_label) == ("锦屏县政务新媒体信息发布审签表", "政务新媒体 · 微信公众号·三江镇发布")
    html = renderer.render_html(form)
    assert "<h1>锦屏县政务新媒体信息发布审签表</h1>" in html and "发布平台：政务新媒体 · 微信公众号·三江镇发布" in html
    assert "人民政府网信息发布审签表" not in html


def test_the_website_form_keeps_the_regulations_title(county):
    form = signoff.build_form(general_item_at(county, Status.SECOND_REVIEW))
    assert (form.heading, form.target_label) == ("锦屏县人民政府网信息发布审签表", "网站栏目 · 乡镇动态")


def test_escalation_answers_are_printed_on_the_form(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    act(s, county.second, "escalate", kinds=[Escalation.Kind.SECRECY, Escalation.Kind.CYBERSPACE], opinion="涉及会议时间。")
    act(s, county.secrecy, "answer", verdict="agree", opinion="无涉密内容。")
    form = signoff.build_form(refreshed(s))
    assert [(e.office, e.verdict, e.answer, e.name) for e in form.escalations] == [
        ("县保密部门", "可以发布", "无涉密内容。", "欧晓东"),
        ("县网信部门", "", "", ""),
    ]
    html = renderer.render_html(form)
    assert "县保密部门<br>审查意见" in html and "可以发布。无涉密内容。" in html and "（尚未答复）" in html
    docx = renderer.render_docx(form)
    assert docx[:2] == b"PK"


# ---------------------------------------------------------------------------------------------
# The form's PDF and picture are drawn in the background; the page says when they are ready


def test_the_county_page_waits_for_the_form_picture_and_then_shows_it(county, client, request):
    s = general_item_at(county, Status.COUNTY_REVIEW)
    client.force_login(county.county_reviewer)
    queue = request.getfixturevalue("huey_queue")  # a consumer that has not run yet: nothing is drawn
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert "审签表正在生成（约需数秒），生成后自动显示。" in page
    assert 'hx-get="/work/submissions/%d/form-status/"' % s.pk in page
    r = client.get(f"/work/submissions/{s.pk}/form.pdf")
    assert r.status_code == 202 and "审签表正在生成" in r.content.decode()
    assert len(queue) >= 1
    signoff.render_form_task.call_local(s.pk)  # the consumer runs the job
    fragment = client.get(f"/work/submissions/{s.pk}/form-status/").content.decode()
    assert f'<img src="/work/submissions/{s.pk}/form.png"' in fragment
    r = client.get(f"/work/submissions/{s.pk}/form.png")
    assert (r.status_code, r["Content-Type"], r.content[:8]) == (200, "image/png", b"\x89PNG\r\n\x1a\n")


def test_a_new_signature_draws_a_new_form(county):
    s = general_item_at(county, Status.SECOND_REVIEW)
    first_key = signoff.render_form_task(s.pk)
    assert signoff.stored_render(s, "pdf") is not None
    pass_as(s, county.second)
    s = refreshed(s)
    assert signoff.stored_render(s, "pdf") is None  # the stored drawing lacks the new signature
    assert signoff.render_form_task(s.pk) != first_key


# ---------------------------------------------------------------------------------------------
# The public site: paragraphs typeset, feeds of clean text, names unbroken


def test_the_feed_carries_plain_text(county, client):
    s = general_item_at(county, Status.APPROVED, body="<p>第一段。</p><div>第二段</div><table><tr><td>甲</td></tr></table>")
    act(s, county.county_reviewer, "publish", opinion="")
    xml = client.get(reverse("public-feed", args=[county.column.slug])).content.decode()
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", xml, re.S).group(1)
    assert summary == "第一段。 第二段 甲"


def test_the_article_keeps_its_source_and_footer_in_one_piece(county, client):
    s = general_item_at(county, Status.APPROVED)
    act(s, county.county_reviewer, "publish", opinion="")
    page = client.get(reverse("public-article", args=[refreshed(s).public_id])).content.decode()
    assert '<span class="nobr">来源：三江镇</span>' in page
    assert '<span class="nobr">锦屏县人民政府办公室 主办 ·</span>' in page

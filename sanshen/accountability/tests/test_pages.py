"""The pages: every route's success path, and who gets 403/404 (a unit never sees another unit's entries)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from sanshen.accountability.importing import template_xlsx
from sanshen.accountability.models import Bulletin, ErrorEntry, Interview, ScoringRule, SecrecyReferral, Severity, Source, State
from sanshen.audit.models import AuditEntry
from sanshen.review import workflow
from sanshen.review.models import Decision, Status
from sanshen.test import draft

from .helpers import act, entry_at, message_texts, published_item, shown

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


@pytest.mark.parametrize(
    "persona, register, rectify",
    [("office", 200, 200), ("county_reviewer", 200, 200), ("second", 200, 200), ("drafter", 200, 200), ("sysadmin", 404, 404), ("auditor", 404, 404)],
)
def test_it_opens_the_register_to_those_who_keep_or_answer_it(oversight, client, persona, register, rectify):
    client.force_login(getattr(oversight, persona))
    assert client.get("/work/oversight/register/").status_code == register
    assert client.get("/work/oversight/rectify/").status_code == rectify


def test_a_unit_sees_only_its_own_entries(oversight, client):
    mine = entry_at(oversight, text="三江镇的差错", evidence=PNG)
    theirs = entry_at(oversight, unit=oversight.unit_b, text="茅坪镇的差错", evidence=PNG)
    client.force_login(oversight.second)
    page = client.get("/work/oversight/register/").content.decode()
    assert "三江镇的差错" in page and "茅坪镇的差错" not in page
    assert client.get(f"/work/oversight/register/{mine.pk}/").status_code == 200
    assert client.get(f"/work/oversight/register/{mine.pk}/evidence/")["Content-Type"] == "image/png"
    for url in (f"/work/oversight/register/{theirs.pk}/", f"/work/oversight/register/{theirs.pk}/evidence/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/work/oversight/register/{theirs.pk}/action/", {"action": "start"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == State.CONFIRMED
    client.force_login(oversight.office)
    page = client.get("/work/oversight/register/").content.decode()
    assert "三江镇的差错" in page and "茅坪镇的差错" in page


def test_the_register_filters(oversight, client):
    entry_at(oversight, text="严重的", severity=Severity.SERIOUS)
    entry_at(oversight, unit=oversight.unit_b, text="茅坪的", source=Source.MONITORING)
    client.force_login(oversight.office)
    page = client.get("/work/oversight/register/", {"severity": "serious"}).content.decode()
    assert "严重的" in page and "茅坪的" not in page
    page = client.get("/work/oversight/register/", {"unit": oversight.unit_b.pk, "state": "pending"}).content.decode()
    assert "茅坪的" in page and "严重的" not in page
    page = client.get("/work/oversight/register/", {"period": "2026Q5"}).content.decode()
    assert "期间“2026Q5”无法识别" in page


def test_a_unit_rectifies_and_the_office_verifies_through_the_pages(oversight, client):
    entry = entry_at(oversight)
    client.force_login(oversight.second)
    r = client.post(f"/work/oversight/register/{entry.pk}/action/", {"action": "rectify", "comment": "已改"})
    assert shown(client, r) == ["请填写整改后页面的地址（http:// 或 https:// 开头）"]
    r = client.post(f"/work/oversight/register/{entry.pk}/action/", {"action": "rectify", "comment": "已改", "proof_url": "https://www.example.gov.cn/ok"})
    assert r.status_code == 302 and shown(client, r) == ["已处理。"]
    r = client.post(f"/work/oversight/register/{entry.pk}/action/", {"action": "verify"})
    assert shown(client, r) == ["这条登记当前为“已整改”，您不能执行此操作"]
    client.force_login(oversight.office)
    client.post(f"/work/oversight/register/{entry.pk}/action/", {"action": "verify"})
    entry.refresh_from_db()
    assert entry.state == State.VERIFIED
    assert client.get("/work/oversight/register/bulk/").status_code == 405


def test_the_office_confirms_many_at_once_and_hears_what_failed(oversight, client):
    pending = [entry_at(oversight, text=f"监测{i}", source=Source.MONITORING) for i in range(3)]
    done = entry_at(oversight, text="已确认的")
    client.force_login(oversight.office)
    r = client.post("/work/oversight/register/bulk/", {"action": "confirm", "ids": [e.pk for e in pending] + [done.pk]})
    assert shown(client, r) == ["已确认登记 3 条。", f"第 {done.pk} 号：这条登记当前为“已确认”，您不能执行此操作"]
    assert set(ErrorEntry.objects.filter(pk__in=[e.pk for e in pending]).values_list("state", flat=True)) == {State.CONFIRMED}
    r = client.post("/work/oversight/register/bulk/", {"action": "confirm"})
    assert message_texts(r) == ["请先勾选要处理的登记"]
    client.force_login(oversight.second)
    assert client.post("/work/oversight/register/bulk/", {"action": "confirm", "ids": [pending[0].pk]}).status_code == 403


def test_a_county_reviewer_registers_a_send_back_in_one_click(oversight, client):
    from sanshen.review.tests.helpers import general_item_at

    s = general_item_at(oversight, Status.COUNTY_REVIEW)
    workflow.perform(s, oversight.county_reviewer, "send_back", opinion="标题“贯切落实”有错字。")
    decision = Decision.objects.get(submission=s, action="send_back")
    client.force_login(oversight.county_reviewer)
    page = client.get("/work/oversight/register/").content.decode()
    assert "县级审核退回，待登记" in page and f'name="decision" value="{decision.pk}"' in page
    r = client.post(f"/work/oversight/review/{s.pk}/register/", {"decision": decision.pk})
    entry = ErrorEntry.objects.get()
    assert r["Location"] == f"/work/oversight/register/{entry.pk}/"
    assert (entry.unit, entry.source, entry.state, entry.submission, entry.decision, entry.found_by, entry.text) == (
        oversight.unit_a, Source.COUNTY_REVIEW, State.CONFIRMED, s, decision, oversight.county_reviewer, "标题“贯切落实”有错字。",
    )
    again = client.post(f"/work/oversight/review/{s.pk}/register/", {"decision": decision.pk})
    assert again["Location"] == r["Location"] and ErrorEntry.objects.count() == 1
    assert "县级审核退回，待登记" not in client.get("/work/oversight/register/").content.decode()


def test_a_finding_becomes_an_entry_with_its_context(oversight, client):
    from sanshen.review.models import FindingRecord
    from sanshen.review.tests.helpers import general_item_at

    s = general_item_at(oversight, Status.COUNTY_REVIEW)
    # the county reviewer's own edit at county review is checked like every revision
    workflow.save_revision(s, oversight.county_reviewer, title=s.title, body="<p>全面贯切落实会议精神，确保工作取得实效。</p>", base_revision=1)
    s.refresh_from_db()
    finding = FindingRecord.objects.filter(revision__submission=s, text="贯切").first()
    assert finding is not None
    client.force_login(oversight.county_reviewer)
    client.post(f"/work/oversight/review/{s.pk}/register/", {"finding": finding.pk})
    entry = ErrorEntry.objects.get()
    assert (entry.text, entry.suggestion, entry.finding, entry.revision) == ("贯切", "贯彻", finding, s.current_revision)
    assert "全面贯切落实会议精神" in entry.context


@pytest.mark.parametrize("persona, status", [("second", 403), ("outsider", 403), ("sysadmin", 403)])
def test_only_the_county_registers_from_review(oversight, client, persona, status):
    s = draft(oversight)
    client.force_login(getattr(oversight, persona))
    assert client.post(f"/work/oversight/review/{s.pk}/register/", {"decision": 1}).status_code == status
    client.force_login(oversight.county_reviewer)
    # an item that never reached the county does not exist for this
    assert client.post(f"/work/oversight/review/{s.pk}/register/", {"decision": 1}).status_code == 404


def test_the_office_registers_by_hand_and_imports(oversight, client):
    client.force_login(oversight.office)
    assert client.get("/work/oversight/register/new/").status_code == 200
    r = client.post("/work/oversight/register/new/", {
        "unit": oversight.unit_b.pk, "source": Source.SUPERIOR, "category": "leader_name", "severity": "serious",
        "text": "杜家豪", "suggestion": "杜家毫", "url": "https://www.example.gov.cn/a.html", "reference": "",
        "found_on": "2026-08-03",
    })
    assert r.status_code == 400 and "上级通报须填写通报文号" in r.content.decode()
    r = client.post("/work/oversight/register/new/", {
        "unit": oversight.unit_b.pk, "source": Source.SUPERIOR, "category": "leader_name", "severity": "serious",
        "text": "杜家豪", "suggestion": "杜家毫", "url": "https://www.example.gov.cn/a.html", "reference": "州政府办〔2026〕3号",
        "found_on": "2026-08-03",
    })
    entry = ErrorEntry.objects.get()
    assert shown(client, r) == [f"已登记（第 {entry.pk} 号）。"]
    assert (entry.unit, entry.severity, entry.reference, entry.state) == (oversight.unit_b, "serious", "州政府办〔2026〕3号", State.CONFIRMED)
    r = client.get("/work/oversight/register/import/", {"template": "1"})
    assert load_workbook(io.BytesIO(r.content)).active["A1"].value == "单位"
    r = client.post("/work/oversight/register/import/", {"file": _named(template_xlsx())})
    assert r.status_code == 302 and shown(client, r) == ["已导入 1 条。"]
    client.force_login(oversight.second)
    assert client.get("/work/oversight/register/new/").status_code == 403
    assert client.get("/work/oversight/register/import/").status_code == 403


def _named(data: bytes) -> io.BytesIO:
    out = io.BytesIO(data)
    out.name = "通报.xlsx"
    return out


def _sheet(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "通报.xlsx"
    return out


HEADER = ["单位", "发现日期", "差错类别", "差错性质", "差错原文", "应为", "说明", "页面地址", "通报文号", "通报单位"]
GOOD = ["三江镇", "2026-08-03", "错别字", "一般差错", "贯切落实", "贯彻落实", "", "https://www.example.gov.cn/1.html", "州〔2026〕1号", "州政府办"]


def test_an_import_with_a_bad_row_imports_nothing_and_names_each_row(oversight, client):
    rows = [HEADER, GOOD,
            ["大山镇", "2026-13-01", "错别字", "一般差错", "x", "", "", "https://a.cn/", "州〔2026〕1号", ""],
            ["茅坪镇", "2026-08-03", "乱写", "很严重", "", "", "", "a.cn", "", ""]]
    client.force_login(oversight.office)
    r = client.post("/work/oversight/register/import/", {"file": _sheet(rows)})
    page = r.content.decode()
    assert r.status_code == 400 and "有 2 行不能导入，已全部取消，请改正后重新上传" in page
    assert "第 3 行：单位“大山镇”不存在；发现日期“2026-13-01”无法识别（应为 2026-08-03）" in page
    assert ("第 4 行：差错类别“乱写”无法识别；差错性质“很严重”应为“严重表述错误”或“一般差错”；未填差错原文；"
            "页面地址应以 http:// 或 https:// 开头；未填通报文号") in page
    assert ErrorEntry.objects.count() == 0
    r = client.post("/work/oversight/register/import/", {"file": _named(b"not a workbook")})
    assert "文件无法读取" in r.content.decode()
    r = client.post("/work/oversight/register/import/", {"file": _sheet([["单位", "差错原文"]])})
    assert "第 1 行缺少列：发现日期、差错类别、差错性质、页面地址、通报文号" in r.content.decode()
    r = client.post("/work/oversight/register/import/", {"file": _sheet([HEADER, GOOD, GOOD])})
    assert shown(client, r) == ["已导入 1 条，1 条已在台账中（未重复登记）。"]


def test_the_public_report_form_makes_a_pending_entry_and_limits_each_address(oversight, client):
    item = published_item(oversight)
    url = f"/report-error/{item.public_id}/"
    assert client.get(url).status_code == 405
    r = client.post(url, {"kind": "typo", "text": "贯切落实", "description": "第二段", "contact": "13900000000"})
    assert r.status_code == 200 and "感谢您的反馈" in r.content.decode()
    entry = ErrorEntry.objects.get()
    assert (entry.unit, entry.source, entry.state, entry.submission, entry.revision, entry.reporter_contact) == (
        oversight.unit_a, Source.PUBLIC_REPORT, State.PENDING, item, item.published_revision, "13900000000",
    )
    assert entry.url == f"http://testserver/article/{item.public_id}/"
    assert client.post(url, {"kind": "typo", "text": ""}).status_code == 400
    assert client.post(url, {"kind": "typo", "text": "机器人", "website": "http://spam"}).status_code == 400
    for i in range(4):
        assert client.post(url, {"kind": "other", "text": f"问题{i}"}).status_code == 200
    r = client.post(url, {"kind": "other", "text": "第六条"})
    assert r.status_code == 429 and "您提交得太频繁了" in r.content.decode()
    assert ErrorEntry.objects.count() == 5
    other = client.post(url, {"kind": "other", "text": "另一个地址"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200 and ErrorEntry.objects.count() == 6
    unpublished = draft(oversight)
    assert client.post(f"/report-error/{unpublished.public_id}/", {"kind": "typo", "text": "x"}).status_code == 404


def test_the_office_drafts_edits_issues_and_downloads_a_bulletin(oversight, client):
    entry_at(oversight)
    client.force_login(oversight.office)
    assert client.get("/work/oversight/bulletins/").status_code == 200
    r = client.post("/work/oversight/bulletins/", {"period": "2026Q9"})
    assert r.status_code == 400 and "期间“2026Q9”无法识别" in r.content.decode()
    r = client.post("/work/oversight/bulletins/", {"period": "2026"})
    bulletin = Bulletin.objects.get()
    assert r["Location"] == f"/work/oversight/bulletins/{bulletin.pk}/"
    page = client.get(r["Location"]).content.decode()
    assert "2026年度" in page and "data:image/png;base64," in page
    fields = {f: getattr(bulletin, f) for f in ("number", "title", "recipients", "intro", "issuer", "copy_to", "requirements")}
    fields.update(issue_date="2026-12-31", analysis="差错集中在规范表述。")
    assert shown(client, client.post(r["Location"], fields)) == ["草稿已保存。"]
    bulletin.refresh_from_db()
    assert bulletin.analysis == "差错集中在规范表述。"
    assert client.get(f"/work/oversight/bulletins/{bulletin.pk}/bulletin.docx")["Content-Type"].startswith("application/vnd.openxml")
    r = client.post(f"/work/oversight/bulletins/{bulletin.pk}/issue/")
    assert shown(client, r) == ["通报已印发并存档。"]
    r = client.post(f"/work/oversight/bulletins/{bulletin.pk}/", {**fields, "title": "改"})
    assert shown(client, r) == ["通报已印发存档，不能修改"]
    assert client.get(f"/work/oversight/bulletins/{bulletin.pk}/bulletin.pdf").content.startswith(b"%PDF")
    assert client.get(f"/work/oversight/bulletins/{bulletin.pk}/bulletin.txt").status_code == 404
    client.force_login(oversight.second)
    assert client.get(f"/work/oversight/bulletins/{bulletin.pk}/").status_code == 403


def test_the_dashboard_scores_and_rules(oversight, client):
    entry_at(oversight, severity=Severity.SERIOUS)
    client.force_login(oversight.office)
    page = client.get("/work/oversight/dashboard/", {"unit": oversight.unit_a.pk}).content.decode()
    assert "各单位信息发布及差错情况" in page and "茅坪镇" not in page.split("units-table")[1]
    page = client.get("/work/oversight/scores/", {"period": "2026"}).content.decode()
    assert "严重表述错误 每处扣 2 分" in page and "98" in page
    xlsx = client.get("/work/oversight/scores/", {"period": "2026", "format": "xlsx"})
    assert load_workbook(io.BytesIO(xlsx.content))["得分汇总"]["A1"].value == "2026年度政务公开信息发布考核得分表"
    serious = ScoringRule.objects.get(kind="error", severity="serious", category="")
    assert client.get(f"/work/oversight/rules/{serious.pk}/").status_code == 200
    r = client.post(f"/work/oversight/rules/{serious.pk}/", {"kind": "error", "severity": "serious", "points": "3", "note": "加重", "is_active": "on"})
    assert shown(client, r) == ["规则已保存：严重表述错误 每处扣 3 分"]
    change = AuditEntry.objects.get(action="accountability.rule_change")
    assert (change.detail["before"]["points"], change.detail["after"]["points"]) == ("2.00", "3")
    r = client.post("/work/oversight/rules/", {"kind": "cap", "points": "5"})
    assert r.status_code == 400 and "扣分上限须指明指标" in r.content.decode()
    client.force_login(oversight.second)
    for url in ("/work/oversight/dashboard/", "/work/oversight/scores/", "/work/oversight/rules/", "/work/oversight/interviews/"):
        assert client.get(url).status_code == 403


def test_interviews_and_referrals_through_the_pages(oversight, client):
    entry = entry_at(oversight, severity=Severity.SERIOUS, category="leak", text="内部资料")
    client.force_login(oversight.office)
    page = client.get("/work/oversight/interviews/").content.decode()
    assert "三江镇" in page and "出现严重表述错误1处；涉嫌泄密1处" in page
    assert client.get("/work/oversight/interviews/new/", {"unit": oversight.unit_a.pk}).status_code == 200
    r = client.post("/work/oversight/interviews/new/", {
        "unit": oversight.unit_a.pk, "period": "", "reason": "出现严重表述错误", "held_at": "2026-10-12T09:30",
        "place": "县政府办会议室", "interviewers": "杨志强", "interviewees": "李国庆（主要领导）", "minutes": "指出问题，听取说明。",
        "commitments": "一周内整改。", "follow_up_on": "2026-10-01",
    })
    assert r.status_code == 400 and "回访日期不能早于约谈日期" in r.content.decode()
    r = client.post("/work/oversight/interviews/new/", {
        "unit": oversight.unit_a.pk, "period": "", "reason": "出现严重表述错误", "held_at": "2026-10-12T09:30",
        "place": "县政府办会议室", "interviewers": "杨志强", "interviewees": "李国庆（主要领导）", "minutes": "指出问题，听取说明。",
        "commitments": "一周内整改。", "follow_up_on": "2026-11-12",
    })
    interview = Interview.objects.get()
    assert r["Location"] == f"/work/oversight/interviews/{interview.pk}/"
    minutes = client.get(f"/work/oversight/interviews/{interview.pk}/minutes.docx")
    from docx import Document

    document = Document(io.BytesIO(minutes.content))
    assert document.paragraphs[0].text == "约谈纪要"
    assert [c.text for c in document.tables[0].rows[0].cells] == ["被约谈单位", "三江镇"]
    assert "定于2026年11月12日回访整改落实情况。" in [p.text for p in document.paragraphs]
    client.post(f"/work/oversight/interviews/{interview.pk}/", {"note": "已整改到位。"})
    interview.refresh_from_db()
    assert interview.follow_up_note == "已整改到位。"
    act(entry, oversight.office, "refer", comment="移送县保密局。")
    referral = SecrecyReferral.objects.get()
    client.force_login(oversight.secrecy)
    assert "移送县保密局。" in client.get("/work/oversight/referrals/").content.decode()
    client.post(f"/work/oversight/referrals/{referral.pk}/answer/", {"state": "accepted", "reply": "已立案调查。"})
    referral.refresh_from_db()
    assert (referral.state, referral.reply, referral.answered_by) == ("accepted", "已立案调查。", oversight.secrecy)
    client.force_login(oversight.second)
    assert client.get("/work/oversight/referrals/").status_code == 404
    assert client.post(f"/work/oversight/referrals/{referral.pk}/answer/", {"state": "closed", "reply": "x"}).status_code == 404

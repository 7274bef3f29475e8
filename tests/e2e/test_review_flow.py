"""Two items from draft to the public site in a real browser, each role logging in for its own step.

The 一般 item goes round once through 建议修改; the 特级 item is escalated by 复审 to the secrecy bureau and
the cyberspace office and then climbs to the county leader's 批示. Along the way the pages are photographed
for docs/screenshots, and the 审签表 PDF is read back with poppler to see that every signer is on it.
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from sanshen.review.models import REVIEW_POINTS, Decision, Escalation, Status, Submission
from sanshen.test import make_county

pytestmark = pytest.mark.django_db(transaction=True)

GENERAL_TITLE = "三江镇开展冬季农村安全用电宣传活动"
GENERAL_BODY_FIRST = (
    "12月2日，三江镇组织供电所工作人员深入各村开展冬季农村安全用电宣传，发放宣传资料300余份。"
    "联系人：潘德江，电话13985512345。"
)
GENERAL_BODY_FIXED = (
    "12月2日，三江镇组织供电所工作人员深入各村开展冬季农村安全用电宣传，发放宣传资料300余份。"
    "咨询电话：0855-7221234。"
)
GENERAL_CHANGES = "请删去个人手机号码，改为单位办公电话。"

SPECIAL_TITLE = "三江镇及时处置一起山体滑坡险情"
SPECIAL_BODY = (
    "12月3日凌晨，三江镇一处山体发生滑坡，造成一段村道中断，无人员伤亡。"
    "险情发生后，镇党委、政府第一时间组织力量赶赴现场，设置警示标志，疏导过往车辆，目前道路已恢复通行。"
)
SPECIAL_QUESTION = "本条涉及突发事件处置情况，请审核能否公开发布。"


def test_it_takes_a_general_and_a_special_item_to_the_public_site(open_as, shot, live_server, tmp_path):
    county = make_county()

    # ---- 一般信息: written in the browser, sent back once with 建议修改, then passed at every stage.
    drafter = open_as(county.drafter, before_login=lambda page: shot(page, "login", full_page=False))
    general = _write(drafter, shot, GENERAL_TITLE, GENERAL_BODY_FIRST, grade="一般信息", photograph="new-submission")
    _act(drafter, "submit")
    _assert_status(general, Status.FIRST_REVIEW)

    first = open_as(county.first)
    expect(first.locator("table.list")).to_contain_text(GENERAL_TITLE)
    shot(first, "inbox")
    first.get_by_role("link", name=GENERAL_TITLE).click()
    expect(first.locator("#findings")).to_contain_text("13985512345")
    expect(first.locator(".body-text mark.finding")).to_have_text("13985512345")
    expect(first.locator("details.action-pass")).to_contain_text("通过理由")
    shot(first, "submission-findings", full_page=False)
    _act(first, "request_changes", opinion=GENERAL_CHANGES)
    general = _assert_status(general, Status.CHANGES_REQUESTED)
    assert general.resume_stage == Status.FIRST_REVIEW

    drafter.goto("/work/notifications/")
    note = drafter.locator(".notes li.unread").first
    expect(note).to_contain_text(f"《{GENERAL_TITLE}》需要修改")
    expect(note).to_contain_text(GENERAL_CHANGES)
    shot(drafter, "notifications", full_page=False)
    note.get_by_role("link").click()
    drafter.get_by_role("link", name="修改稿件").click()
    drafter.locator(".editor").fill(GENERAL_BODY_FIXED)
    drafter.get_by_role("button", name="保存").click()
    expect(drafter.locator(".messages")).to_contain_text("修改已保存为新版本")
    expect(drafter.locator(".body-text")).to_contain_text("0855-7221234")
    _act(drafter, "submit", label="重新送审")
    general = _assert_status(general, Status.FIRST_REVIEW)
    assert general.current_revision.number == 2

    first.goto(f"/work/submissions/{general.pk}/")
    expect(first.locator(".body-text")).not_to_contain_text("13985512345")
    _act(first, "pass", opinion="已核实，同意报送。")
    _assert_status(general, Status.SECOND_REVIEW)

    second = open_as(county.second)
    second.get_by_role("link", name=GENERAL_TITLE).click()
    _act(second, "pass", opinion="经复审复校，无误。")
    _assert_status(general, Status.FINAL_REVIEW)

    final = open_as(county.final)
    final.get_by_role("link", name=GENERAL_TITLE).click()
    shot(final, "submission")
    _act(final, "pass", opinion="同意发布。")
    _assert_status(general, Status.COUNTY_REVIEW)

    final.goto(f"/work/submissions/{general.pk}/diff/?a=1&b=2")
    # Personal data in old text is shown masked (issue 8); the unit's reviewers may ask for the original, audited.
    expect(final.locator(".diff del", has_text="139****2345")).to_have_count(1)
    expect(final.locator(".diff")).not_to_contain_text("13985512345")
    expect(final.locator(".diff ins", has_text="0855-7221234")).to_have_count(1)
    shot(final, "diff")
    final.goto("/work/archive/")
    expect(final.locator("table.list")).to_contain_text(GENERAL_TITLE)
    shot(final, "archive")

    reviewer = open_as(county.county_reviewer)
    reviewer.goto("/work/queues/")
    expect(reviewer.locator("section", has_text="县信息中心审核")).to_contain_text(GENERAL_TITLE)
    shot(reviewer, "county-queue")
    reviewer.get_by_role("link", name=GENERAL_TITLE).click()
    _assert_form_before_body(reviewer)
    shot(reviewer, "county-review", full_page=False)
    _act(reviewer, "pass", opinion="审签表完整，同意发布。")
    _assert_status(general, Status.APPROVED)
    _act(reviewer, "publish")
    general = _assert_status(general, Status.PUBLISHED)

    text = _read_form_pdf(reviewer, tmp_path / "general")
    for name, opinion in [
        (county.first.full_name, "已核实，同意报送。"),
        (county.second.full_name, "经复审复校，无误。"),
        (county.final.full_name, "同意发布。"),
    ]:
        assert name in text
        assert opinion in text
    assert county.drafter.full_name in text
    assert GENERAL_TITLE in text

    reviewer.get_by_role("link", name="查看网站上的文章").click()
    _assert_article(reviewer, general)

    # ---- 特级信息: 复审 asks the secrecy bureau and the cyberspace office, then the leaders sign.
    drafter.goto("/work/")
    special = _write(drafter, shot, SPECIAL_TITLE, SPECIAL_BODY, grade="特级信息", topic="突发事件")
    assert special.grade == "special" and special.topics == ["emergency"]
    _act(drafter, "submit")

    first.goto(f"/work/submissions/{special.pk}/")
    _act(first, "pass", opinion="情况属实，同意报送。")
    second.goto(f"/work/submissions/{special.pk}/")
    _act(second, "escalate", opinion=SPECIAL_QUESTION, kinds=["县保密部门", "县网信部门"])
    _assert_status(special, Status.ESCALATED)
    expect(second.locator(".sub-head .notice")).to_contain_text("已报请保密/网信部门")

    answers = [
        (county.secrecy, "可以发布", "不涉及国家秘密，可以发布。"),
        (county.cyberspace, "可以发布", "内容无不良导向，可以发布。"),
    ]
    for officer, verdict, opinion in answers:
        page = open_as(officer)
        page.get_by_role("link", name=SPECIAL_TITLE).click()
        expect(page.locator(".body-text")).to_contain_text("山体发生滑坡")
        if officer == county.secrecy:
            shot(page, "escalation-answer", full_page=False)
        _act(page, "answer", opinion=opinion, verdict=verdict)
        page.close()
    special = _assert_status(special, Status.SECOND_REVIEW)
    assert list(special.escalations.values_list("kind", "verdict", "answered_by")) == [
        (Escalation.Kind.SECRECY, Escalation.Verdict.AGREE, county.secrecy.pk),
        (Escalation.Kind.CYBERSPACE, Escalation.Verdict.AGREE, county.cyberspace.pk),
    ]

    second.goto(f"/work/submissions/{special.pk}/")
    expect(second.locator("section", has_text="报请记录")).to_contain_text("不涉及国家秘密，可以发布。")
    _act(second, "pass", opinion="已征求保密、网信部门意见，同意报送。")
    final.goto(f"/work/submissions/{special.pk}/")
    _act(final, "pass", opinion="同意报送。")
    _assert_status(special, Status.MAIN_LEADER)

    leader = open_as(county.leader)
    leader.get_by_role("link", name=SPECIAL_TITLE).click()
    _act(leader, "pass", label="签批同意", opinion="同意，报县领导批示。")
    special = _assert_status(special, Status.COUNTY_LEADER)
    assert special.filings.count() == 1

    county_leader = open_as(county.county_leader)
    county_leader.get_by_role("link", name=SPECIAL_TITLE).click()
    _act(county_leader, "pass", label="批示同意", opinion="同意发布，做好后续处置。")
    _assert_status(special, Status.COUNTY_REVIEW)

    reviewer.goto(f"/work/submissions/{special.pk}/")
    _assert_form_before_body(reviewer)
    _act(reviewer, "pass", opinion="审签表完整，同意发布。")
    _act(reviewer, "publish")
    special = _assert_status(special, Status.PUBLISHED)
    passes = special.decisions.filter(action=Decision.Action.PASS).order_by("created")
    assert [(d.stage, d.actor_id) for d in passes] == [
        (Status.FIRST_REVIEW, county.first.pk),
        (Status.SECOND_REVIEW, county.second.pk),
        (Status.FINAL_REVIEW, county.final.pk),
        (Status.MAIN_LEADER, county.leader.pk),
        (Status.COUNTY_LEADER, county.county_leader.pk),
        (Status.COUNTY_REVIEW, county.county_reviewer.pk),
    ]
    # 初审、复审、终审 tick the eight points; the leaders and the county reviewer sign with an opinion.
    assert [d.points == [k for k, _ in REVIEW_POINTS] for d in passes] == [True, True, True, False, False, False]
    assert [d.points for d in passes][3:] == [[], [], []]

    text = _read_form_pdf(reviewer, tmp_path / "special")
    for name, opinion in [
        (county.first.full_name, "情况属实，同意报送。"),
        (county.second.full_name, "已征求保密、网信部门意见，同意报送。"),
        (county.final.full_name, "同意报送。"),
        (county.leader.full_name, "同意，报县领导批示。"),
        (county.county_leader.full_name, "同意发布，做好后续处置。"),
    ]:
        assert name in text
        assert opinion in text
    assert "特级信息" in text

    reviewer.get_by_role("link", name="查看网站上的文章").click()
    _assert_article(reviewer, special)
    shot(reviewer, "public-article")
    reviewer.goto("/")
    expect(reviewer.locator(".column-box")).to_contain_text(GENERAL_TITLE)
    expect(reviewer.locator(".column-box")).to_contain_text(SPECIAL_TITLE)
    shot(reviewer, "public-home")

    # What is online is exactly what every required person signed.
    out = io.StringIO()
    call_command("verify-published", stdout=out)
    assert out.getvalue().strip() == "已发布稿件核对通过：核对 2 篇，均与签发内容一致。"

    # ---- 撤稿: the public address stays answerable and says so.
    reviewer.goto(f"/work/submissions/{general.pk}/")
    _act(reviewer, "withdraw", opinion="活动信息已过时效。")
    _assert_status(general, Status.WITHDRAWN)
    open_as.expect_console("status of 410")
    response = reviewer.goto(f"/article/{general.public_id}/")
    assert response.status == 410
    expect(reviewer.locator("h1")).to_have_text("该信息已撤稿")
    expect(reviewer.locator("article")).to_contain_text(GENERAL_TITLE)
    shot(reviewer, "public-withdrawn")


# ---------------------------------------------------------------------------------------------


def _write(page, shot, title: str, body: str, *, grade: str, topic: str | None = None, photograph: str = ""):
    """新建稿件 through the form, typing the body into the editor; returns the saved Submission."""
    page.locator("header.top nav").get_by_role("link", name="新建稿件").click()
    page.get_by_label("标题").fill(title)
    page.locator(".editor").fill(body)
    page.get_by_label("发布目标").select_option(label="网站栏目 · 乡镇动态")
    page.get_by_label("信息分类").select_option(label=grade)
    if topic:
        page.locator("fieldset", has_text="专题").get_by_label(topic).check()
    if photograph:
        shot(page, photograph)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("稿件已保存为草稿")
    expect(page.locator("h1")).to_have_text(title)
    pk = int(re.search(r"/submissions/(\d+)/", page.url).group(1))
    submission = Submission.objects.get(pk=pk)
    assert submission.status == Status.DRAFT
    assert submission.title == title
    assert body in submission.current_revision.body
    return submission


def _act(page, action: str, *, label: str | None = None, opinion: str | None = None, verdict=None, kinds=()):
    """Open the action's panel, fill it the way a person would, and press its button."""
    box = page.locator(f"details.action-{action}")
    if not box.evaluate("d => d.open"):
        box.locator("summary").click()
    if action == "pass" and box.locator("fieldset.points").count():
        # 初审、复审、终审 tick the eight points; leaders and the county reviewer sign with an opinion.
        for _key, point in REVIEW_POINTS:
            box.get_by_label(point, exact=True).check()
    for kind in kinds:
        box.get_by_label(kind, exact=True).check()
    if verdict:
        box.get_by_label(verdict, exact=True).check()
    if opinion is not None:
        box.locator("textarea[name=opinion]").fill(opinion)
    reasons = box.locator("input[name^=reason_]")
    for i in range(reasons.count()):
        if not reasons.nth(i).input_value():
            reasons.nth(i).fill("经核实，为公开的联系方式")
    button = box.locator("button[type=submit]")
    if label:
        expect(button).to_have_text(label)
    button.click()
    # Each action says what it did and who has the item now (workflow.outcome_message); never an error here.
    expect(page.locator(".messages .msg-success")).to_have_count(1)
    expect(page.locator(".messages .msg-error")).to_have_count(0)
    # Let the new page finish (the 审签表 picture takes seconds) so no request outlives the step.
    page.wait_for_load_state("load")


def _assert_status(submission: Submission, status: str) -> Submission:
    submission.refresh_from_db()
    assert submission.status == status
    return submission


def _assert_form_before_body(page) -> None:
    """第六条2: the county reviewer sees the 审签表 picture above the text."""
    image = page.locator(".signoff-first img.form-image")
    expect(image).to_be_visible()
    # The picture is rendered on request (PDF, then PNG): wait for it rather than for a fixed time.
    page.wait_for_function("img => img.complete && img.naturalWidth > 600", arg=image.element_handle())
    order = page.evaluate(
        "() => !!(document.querySelector('.signoff-first').compareDocumentPosition("
        "document.querySelector('.card.content')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert order


def _read_form_pdf(page, folder) -> str:
    """Fetch the 审签表 PDF through the page's link with the logged-in session; render and read it back."""
    folder.mkdir()
    href = page.get_by_role("link", name="PDF", exact=True).get_attribute("href")
    response = page.context.request.get(href)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    pdf = folder / "form.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(folder / "page")], check=True, timeout=60)
    pages = sorted(folder.glob("page*.png"))
    assert pages and all(p.stat().st_size > 5000 for p in pages)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    return text


def _assert_article(page, submission: Submission) -> None:
    expect(page).to_have_url(re.compile(rf"/article/{submission.public_id}/$"))
    expect(page.locator("article h1")).to_have_text(submission.title)
    published = timezone.localtime(submission.published_at)
    meta = page.locator(".article-meta").first
    expect(meta).to_contain_text(f"发布时间：{published:%Y-%m-%d %H:%M}")
    expect(meta).to_contain_text(f"来源：{submission.unit.name}")

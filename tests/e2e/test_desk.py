"""Every button and link of the review desk (/work/) pressed in a real browser, as the role that has it, on its
success path, and the page then shows what happened (issue 8).

Four people's days: the drafter who writes, masks, attaches and sends an item; the reviewers who take another
one through 建议修改, the secrecy and cyberspace offices and the county to the public site; the leaders and the
county who sign, send back, return and refuse; and the new-media operator and a paper-signing unit. The route
inventory (sanshen/review/tests/test_route_inventory.py) names these tests for each URL they cover.
"""

from __future__ import annotations

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from sanshen.audit.models import AuditEntry
from sanshen.documents.tests.files import docx_bytes, png, text_image
from sanshen.review import attachments, workflow
from sanshen.review.models import REVIEW_POINTS, Attachment, Status, Submission
from sanshen.review.tests.helpers import general_item_at, special_item_at
from sanshen.test import approve_through_unit, draft, make_county, submit

pytestmark = pytest.mark.django_db(transaction=True)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ID_NUMBER = "110101199003074573"
MOBILE = "13812345678"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


def _word(title: str, *paragraphs: str) -> bytes:
    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    return docx_bytes(document)


def _duty_table() -> bytes:
    document = Document()
    document.add_paragraph("值班安排")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["巡护人员", "值班电话", "张三", MOBILE]):
        cell.text = text
    return docx_bytes(document)


def _message(page) -> str:
    """The one success message the last click produced (an error message fails the test with its text)."""
    expect(page.locator(".messages li").first).to_be_visible()
    errors = page.locator(".messages .msg-error").all_inner_texts()
    assert errors == [], errors
    return " ".join(page.locator(".messages .msg-success").all_inner_texts())


def _act(page, name: str, *, opinion: str | None = None, kinds=(), verdict: str = "", to_stage: str = "", post_url: str = ""):
    """Open the action's box on the submission page, fill what it asks, press its button; return the message."""
    box = page.locator(f"details.action-{name}")
    if not box.evaluate("d => d.open"):
        box.locator("summary").click()
    if box.locator("fieldset.points").count():
        for _key, point in REVIEW_POINTS:
            box.get_by_label(point, exact=True).check()
    for kind in kinds:
        box.get_by_label(kind, exact=True).check()
    if verdict:
        box.get_by_label(verdict, exact=True).check()
    if to_stage:
        box.get_by_label("退回到").select_option(label=to_stage)
    if post_url:
        box.get_by_label("新媒体发布地址").fill(post_url)
    if opinion is not None:
        box.locator("textarea[name=opinion]").fill(opinion)
    reasons = box.locator("input[name^=reason_]")
    for i in range(reasons.count()):
        if not reasons.nth(i).input_value():
            reasons.nth(i).fill("经核实，为公开的办公信息")
    box.locator("button[type=submit]").click()
    return _message(page)


def _pk(page) -> int:
    return int(re.search(r"/submissions/(\d+)/", page.url).group(1))


def _image_loaded(page, selector: str) -> None:
    img = page.locator(selector).first
    expect(img).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())


def _download(page, link) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, open(download.path(), "rb").read()


def _fetch(page, url: str):
    """Follow a link the way the browser would, with its cookies; answers (status, content type, body)."""
    r = page.context.request.get(url)
    return r.status, r.headers["content-type"], r.body()


# ---------------------------------------------------------------------------------------------


def test_the_drafter_writes_masks_attaches_and_sends_an_item(open_as):
    county = make_county()
    page = open_as(county.drafter)
    expect(page.locator("h1")).to_contain_text("我的待办")

    # ---- 新建稿件: typed paragraphs are stored as <p>
    page.get_by_role("link", name="新建稿件").click()
    page.get_by_label("标题").fill("三江镇部署冬季森林防火工作")
    page.locator(".editor").click()
    page.keyboard.type("11月20日，三江镇召开森林防火工作会议。")
    page.keyboard.press("Enter")
    page.keyboard.type("会议要求各村加强巡山护林。")
    page.get_by_label("发布目标").select_option(label="网站栏目 · 乡镇动态")
    page.get_by_role("button", name="保存").click()
    assert _message(page) == "稿件已保存为草稿。"
    item = Submission.objects.get(pk=_pk(page))
    assert item.body == "<p>11月20日，三江镇召开森林防火工作会议。</p><p>会议要求各村加强巡山护林。</p>"

    # ---- 从 Word 导入新版本 (the edit page), with personal data in it
    page.get_by_role("link", name="修改稿件").click()
    expect(page.locator(".edit-findings")).to_contain_text("当前版本没有待处理的问题。")
    word = _word("三江镇部署冬季森林防火工作", f"联系人：王某，身份证号{ID_NUMBER}，手机{MOBILE}。", "会议要求各村加强巡山护林。")
    section = page.locator("section", has_text="从 Word 导入新版本")
    section.get_by_label("Word 文档（.docx）").set_input_files({"name": "部署.docx", "mimeType": DOCX, "buffer": word})
    section.get_by_role("button", name="导入为新版本").click()
    assert "已从“部署.docx”导入为第 2 版" in _message(page)
    findings = page.locator("#findings")
    expect(findings).to_contain_text(ID_NUMBER)
    expect(findings).to_contain_text(MOBILE)

    # ---- 采纳建议: exactly the flagged text, as a new revision; the finding is gone on re-check
    page.locator("#findings li", has_text=MOBILE).get_by_role("button", name="采纳建议").click()
    assert _message(page) == f"已将“{MOBILE}”改为“138****5678”，生成第 3 版，已重新机审。"
    expect(page.locator(".body-text")).to_contain_text("手机138****5678")
    expect(page.locator("#findings li", has_text=MOBILE)).to_have_count(0)

    # ---- 个人信息全部脱敏
    page.get_by_role("button", name="个人信息全部脱敏（采纳 1 处建议）").click()
    assert _message(page) == "已为 1 处个人信息脱敏，生成第 4 版，已重新机审。"
    expect(page.locator(".body-text")).to_contain_text("110101********4573")
    expect(page.locator("#findings li", has_text=ID_NUMBER)).to_have_count(0)

    # ---- 修改对比: personal data masked, and no 显示原文 for the drafter
    page.get_by_role("link", name="查看差异").click()
    expect(page.locator("h1")).to_contain_text("修改对比")
    page.get_by_label("比较").select_option("2")
    page.get_by_label("与").select_option("4")
    page.get_by_role("button", name="比较").click()
    expect(page.locator(".diff")).to_contain_text("110101********4573")
    expect(page.locator(".diff")).not_to_contain_text(ID_NUMBER)
    expect(page.locator(".diff-masked")).not_to_contain_text("显示原文")
    page.get_by_role("link", name=item.title).click()

    # ---- 导出 Word
    name, data = _download(page, page.get_by_role("link", name="导出 Word（机审问题为批注）"))
    assert name == "三江镇部署冬季森林防火工作（机审批注）.docx" and data[:2] == b"PK"

    # ---- 附件: upload a scanned list, see its findings framed, open it, mask it, fetch the original, remove another
    attachments_box = page.locator("#attachments")
    scan = text_image(["2024年低保对象公示", "姓名  身份证号  联系电话", f"张三  11010519491231002X  {MOBILE}"])
    attachments_box.get_by_label("选择附件").set_input_files({"name": "公示.png", "mimeType": "image/png", "buffer": scan})
    attachments_box.get_by_role("button", name="上传附件").click()
    assert _message(page) == "附件“公示.png”已上传，正在机审。"
    picture = Attachment.objects.get(name="公示.png")
    expect(page.locator("#findings li", has_text="公示.png")).to_have_count(2)
    _image_loaded(page, f"#att{picture.pk} img")  # the preview with the findings framed
    status, content_type, body = _fetch(page, page.locator(f"#att{picture.pk} a", has_text="公示.png").get_attribute("href"))
    assert (status, content_type, body[:4]) == (200, "image/png", b"\x89PNG")
    page.locator(f"#att{picture.pk}").get_by_role("button", name="一键脱敏（2 处个人信息）").click()
    assert _message(page).startswith("已生成“公示.png”的脱敏件并替换附件")
    expect(page.locator("#findings li", has_text="公示.png")).to_have_count(0)
    name, data = _download(page, page.locator(f"#att{picture.pk}").get_by_role("link", name="原件（仅本单位可下载）"))
    assert data[:4] == b"\x89PNG"
    attachments_box.get_by_label("选择附件").set_input_files({"name": "多余.png", "mimeType": "image/png", "buffer": png(60, 40)})
    attachments_box.get_by_role("button", name="上传附件").click()
    assert _message(page) == "附件“多余.png”已上传，正在机审。"
    extra = Attachment.objects.get(name="多余.png")
    page.locator(f"#att{extra.pk}").get_by_role("button", name="删除附件").click()
    # The page before the click shows a message too: the attachment gone is the new page.
    expect(page.locator(f"#att{extra.pk}")).to_have_count(0)
    assert _message(page) == "附件“多余.png”已删除。"

    # ---- 插入图片 into the body (htmx), then mask it on the submission page
    page.get_by_role("link", name="修改稿件").click()
    photo = text_image(["值班人员  联系电话", f"李四  {MOBILE}"])
    inserter = page.locator("section", has_text="插入图片")
    inserter.get_by_label("图片").set_input_files({"name": "值班.png", "mimeType": "image/png", "buffer": photo})
    inserter.get_by_role("button", name="插入到正文末尾").click()
    expect(page.locator(".editor img")).to_have_count(1, timeout=60_000)  # the picture is read by OCR first (tests: at once)
    page.get_by_role("button", name="保存").click()
    assert _message(page) == "修改已保存为新版本。"
    image = item.body_images.get()
    _image_loaded(page, f'.body-text img[src="{image.url}"]')
    framed = page.locator("#findings li", has_text="值班.png").get_by_role("link", name="查看标注").first
    status, content_type, _ = _fetch(page, framed.get_attribute("href"))
    assert (status, content_type) == (200, "image/png")
    page.locator(".mask-image").get_by_role("button", name=re.compile(r"一键脱敏（\d 处个人信息）")).click()
    assert _message(page).startswith("已为正文图片“值班.png”脱敏并替换")
    name, data = _download(page, page.locator(".mask-image").get_by_role("link", name="原图（仅本单位可下载）"))
    assert data[:4] == b"\x89PNG"

    # ---- 送审, 撤回 while nobody has looked, 送审 again
    assert _act(page, "submit") == "已送初审初校：办公室主任 姜海燕"
    assert _act(page, "recall") == "已撤回，稿件回到草稿，可修改后重新送审"
    assert AuditEntry.objects.filter(action="review.recall", object_id=str(item.pk)).count() == 1
    assert _act(page, "submit") == "已送初审初校：办公室主任 姜海燕"
    item.refresh_from_db()
    assert item.status == Status.FIRST_REVIEW


def test_the_reviewers_take_an_item_through_changes_and_the_offices_to_the_public_site(open_as):
    county = make_county()
    item = draft(county, title="三江镇开展冬季农村安全用电宣传", body=f"<p>联系人王某，手机{MOBILE}，身份证号{ID_NUMBER}。</p>")
    attachments.add_attachment(item, county.drafter, name="值班表.docx", data=_duty_table())
    submit(item)

    # ---- 初审: settle findings (非错误, a whitelist proposal, a file's finding), then ask for changes
    first = open_as(county.first)
    first.get_by_role("link", name=item.title).click()
    row = first.locator("#findings li", has_text=MOBILE).filter(has_not_text="值班表")
    row.get_by_placeholder("理由（后续审核人员可见）").fill("单位公开的值班手机")
    row.get_by_role("button", name="本稿非错误").click()
    assert _message(first) == f"已处理：“{MOBILE}”标为非错误（本稿）。"
    row = first.locator("#findings li", has_text=ID_NUMBER)
    row.get_by_placeholder("理由（后续审核人员可见）").fill("示例号码，非真实身份证号")
    row.get_by_role("button", name="提议加入白名单").click()
    assert _message(first) == f"已处理：“{ID_NUMBER}”标为非错误（本稿）。"
    row = first.locator("#findings li", has_text="值班表.docx")
    row.get_by_placeholder("理由（后续审核人员可见）").fill("值班电话须公开")
    row.get_by_role("button", name="本稿非错误").click()
    assert _message(first) == f"已处理：“{MOBILE}”标为非错误（本稿）。"
    assert _act(first, "request_changes", opinion="标题请写明活动时间。") == "已建议修改，稿件现由拟稿人 潘德江 修改"

    # ---- the drafter sees the comment and the findings beside the editor, revises and sends again
    drafter = open_as(county.drafter)
    drafter.get_by_role("link", name=item.title).click()
    drafter.get_by_role("link", name="修改稿件").click()
    expect(drafter.locator(".request-comment")).to_contain_text("标题请写明活动时间。")
    expect(drafter.locator(".request-comment")).to_contain_text("姜海燕")
    drafter.get_by_label("标题").fill("三江镇12月2日开展冬季农村安全用电宣传")
    drafter.get_by_role("button", name="保存").click()
    assert _message(drafter) == "修改已保存为新版本。"
    assert _act(drafter, "submit") == "已送初审初校：办公室主任 姜海燕"

    # ---- 初审通过; the diff with 显示原文, audited
    first.reload()
    assert _act(first, "pass", opinion="同意。") == "初审通过，已送复审复校：网站管理员 石晓东"
    first.get_by_role("link", name="查看差异").click()
    expect(first.locator(".diff")).not_to_contain_text(ID_NUMBER)
    first.get_by_role("link", name="显示原文").click()
    expect(first.locator(".diff-original")).to_contain_text("本次查看已记入审计日志")
    expect(first.locator(".diff")).to_contain_text(ID_NUMBER)
    assert AuditEntry.objects.filter(action="review.original_text_viewed", actor=county.first).count() == 1

    # ---- 复审 asks the secrecy bureau and the cyberspace office; both answer; the chip shows where it waits
    second = open_as(county.second)
    second.get_by_role("link", name=re.compile("三江镇12月2日")).click()
    message = _act(second, "escalate", kinds=("县保密部门", "县网信部门"), opinion="涉及个人联系方式，请审核。")
    assert message == "已报请保密/网信部门，等待答复：县保密部门 欧晓东、县网信部门 潘志强"
    expect(second.locator(".path li.current")).to_have_text("报请县保密部门、县网信部门")
    for officer, verdict, next_message in (
        (county.secrecy, "可以发布", "已答复，等待答复：县网信部门 潘志强"),
        (county.cyberspace, "可以发布", "已答复，已送复审复校：网站管理员 石晓东"),
    ):
        office = open_as(officer)
        office.get_by_role("link", name=re.compile("三江镇12月2日")).click()
        assert _act(office, "answer", verdict=verdict, opinion="无意见。") == next_message
    second.reload()
    assert _act(second, "pass", opinion="同意。") == "复审通过，已送终审终校：分管领导 王丽、单位主要领导 李国庆"
    final = open_as(county.final)
    final.get_by_role("link", name=re.compile("三江镇12月2日")).click()
    assert _act(final, "pass", opinion="同意发布。") == "终审同意发布，已送县信息中心审核：县信息中心 吴德江"

    # ---- 县信息中心: the queue, the form (drawn in the background, shown when ready), pass, publish, withdraw
    county_page = open_as(county.county_reviewer)
    county_page.get_by_role("link", name="县级队列").click()
    county_page.get_by_role("link", name=re.compile("三江镇12月2日")).click()
    _image_loaded(county_page, ".signoff-first img.form-image")
    links = county_page.locator("section.signoff")
    status, content_type, body = _fetch(county_page, links.get_by_role("link", name="PDF").get_attribute("href"))
    assert (status, content_type, body[:5]) == (200, "application/pdf", b"%PDF-")
    status, content_type, body = _fetch(county_page, links.get_by_role("link", name="图片").get_attribute("href"))
    assert (status, content_type, body[:4]) == (200, "image/png", b"\x89PNG")
    name, data = _download(county_page, links.get_by_role("link", name="Word"))
    assert data[:2] == b"PK"
    assert _act(county_page, "pass", opinion="审核通过。") == "审核通过，审核完毕，待发布：发布人员 吴德江"
    item.refresh_from_db()
    assert _act(county_page, "publish") == f"已发布到网站“乡镇动态”栏目：/article/{item.public_id}/"
    county_page.get_by_role("link", name="查看网站上的文章").click()
    county_page.wait_for_url(re.compile("/article/"), wait_until="load")  # its stylesheet applied: the indent is read from it
    body_paragraph = county_page.locator(".article-body p").first
    indent, size = body_paragraph.evaluate("p => [getComputedStyle(p).textIndent, getComputedStyle(p).fontSize]")
    assert float(indent.removesuffix("px")) == pytest.approx(2 * float(size.removesuffix("px")))
    county_page.go_back()
    assert _act(county_page, "withdraw", opinion="联系方式有误，撤稿更正。") == "已撤稿：网站上的文章已撤下"

    # ---- the drafter's notifications and list; the unit's archive with its zip
    drafter.get_by_role("link", name="通知").click()
    expect(drafter.locator(".notes li.unread").first).to_be_visible()
    drafter.get_by_role("button", name="全部标为已读").click()
    expect(drafter.locator(".notes li.unread")).to_have_count(0)
    drafter.get_by_role("link", name="稿件", exact=True).click()
    drafter.get_by_placeholder("按标题搜索").fill("安全用电")
    drafter.get_by_role("button", name="查询").click()
    expect(drafter.locator("table.list")).to_contain_text("三江镇12月2日开展冬季农村安全用电宣传")
    second.get_by_role("link", name="审签表存档").click()
    second.get_by_label("标题").fill("安全用电")
    second.get_by_role("button", name="查询").click()
    record_link = second.locator("table.list tr", has_text="三江镇12月2日").get_by_role("link", name="PDF").first
    status, content_type, body = _fetch(second, record_link.get_attribute("href"))
    assert (status, body[:5]) == (200, b"%PDF-")
    name, data = _download(second, second.get_by_role("button", name="导出 ZIP"))
    assert name == "signoff-archive.zip" and data[:2] == b"PK"


def test_leaders_sign_with_an_opinion_and_the_county_sends_back_returns_and_refuses(open_as):
    county = make_county()
    special = special_item_at(county, Status.MAIN_LEADER)

    leader = open_as(county.leader)
    leader.get_by_role("link", name=special.title).click()
    expect(leader.locator("details.action-pass fieldset.points")).to_have_count(0)  # leaders sign with an opinion
    assert _act(leader, "pass", opinion="同意发布。") == "签批同意，已送县领导批示：分管县领导 姜春花"

    county_leader = open_as(county.county_leader)
    county_leader.get_by_role("link", name=special.title).click()
    expect(county_leader.get_by_role("link", name="修改稿件")).to_have_count(0)  # reads and signs, never edits
    expect(county_leader.locator("#attachments form")).to_have_count(0)
    assert _act(county_leader, "pass", opinion="同意。") == "批示同意，已送县信息中心审核：县信息中心 吴德江"

    reviewer = open_as(county.county_reviewer)
    reviewer.get_by_role("link", name=special.title).click()
    assert _act(reviewer, "send_back", opinion="审签表缺少公章。") == "已打回原单位，稿件现由拟稿人 潘德江 修改"

    returned = general_item_at(county, Status.FINAL_REVIEW)
    refused = general_item_at(county, Status.FINAL_REVIEW)
    final = open_as(county.final)
    final.goto(f"/work/submissions/{returned.pk}/")
    assert _act(final, "return", to_stage="退回初审初校", opinion="请核实数据。") == "已回退，已退回初审初校：办公室主任 姜海燕"
    final.goto(f"/work/submissions/{refused.pk}/")
    assert _act(final, "refuse", opinion="时机不宜。") == "已不予发布：稿件办结（不予发布），已通知拟稿人 潘德江"


def test_word_import_keeps_its_file_the_operator_publishes_and_a_paper_unit_uploads_its_scan(open_as):
    county = make_county()
    drafter = open_as(county.drafter)
    drafter.get_by_role("link", name="新建稿件").click()
    word = _word("三江镇发布冬季防火提示", "请广大群众注意野外用火安全。")
    drafter.get_by_label("Word 文档（.docx）").set_input_files({"name": "提示.docx", "mimeType": DOCX, "buffer": word})
    # the page says which field is missing before anything is sent
    drafter.get_by_role("button", name="导入文档").click()
    expect(drafter.locator(".import-message")).to_have_text("请先选择“发布目标”，再点“导入文档”。所选文件会保留。")
    # without the page's script (the server's own check): the file is kept and the field named, answered with 400
    open_as.expect_console("status of 400")
    drafter.get_by_role("button", name="导入文档").evaluate("b => b.form.requestSubmit(b)")
    expect(drafter.locator(".kept-file")).to_contain_text("已保留所选文件“提示.docx”")
    expect(drafter.locator("p.error")).to_contain_text("导入未完成：请先填写“发布目标”。")
    drafter.get_by_label("发布目标").select_option(label="新媒体 · 微信公众号·三江镇发布")
    drafter.get_by_role("button", name="导入文档").click()
    assert _message(drafter) == "已从“提示.docx”导入，稿件已保存为草稿。"
    item = Submission.objects.get(pk=_pk(drafter))
    assert (item.title, item.media_account) == ("三江镇发布冬季防火提示", county.account)

    item = approve_through_unit(county, item)
    assert item.status == Status.APPROVED
    operator = open_as(county.second)
    operator.get_by_role("link", name=item.title).click()
    assert _act(operator, "publish", post_url="https://mp.weixin.qq.com/s/fire") == (
        "已记录发布：微信公众号·三江镇发布，https://mp.weixin.qq.com/s/fire"
    )
    expect(operator.get_by_role("link", name="https://mp.weixin.qq.com/s/fire")).to_be_visible()

    county.unit_a.signs_on_paper = True
    county.unit_a.save(update_fields=["signs_on_paper"])
    paper = general_item_at(county, Status.SECOND_REVIEW)
    operator.goto(f"/work/submissions/{paper.pk}/")
    form = operator.locator("section.signoff form")
    form.locator("input[type=file]").set_input_files({"name": "审签表.png", "mimeType": "image/png", "buffer": png(300, 400, "white")})
    form.get_by_role("button", name="上传扫描件").click()
    assert _message(operator) == "审签表扫描件已上传。"
    expect(operator.locator("section.signoff")).to_contain_text("已上传扫描件。")


def test_the_desk_at_phone_and_desktop_width(open_as, shot):
    """The desk's pages photographed for docs/screenshots (desk-*-390.png, desk-*-1366.png), each fitting its width;
    at 390 px the 操作 panel comes before the text, on the first screen."""
    county = make_county()
    asked = draft(county, title="三江镇开展冬季农村安全用电宣传", body=f"<p>联系人王某，手机{MOBILE}。</p><p>请各村做好宣传。</p>")
    submit(asked)
    workflow.perform(asked, county.first, "request_changes", opinion="请删去个人手机号码，改为办公电话。")
    waiting = draft(county, title="三江镇召开冬季森林防火工作部署会", body=f"<p>联系人王某，手机{MOBILE}。</p><p>会议要求各村加强巡山护林。</p>")
    workflow.save_revision(waiting, county.drafter, title=waiting.title, body="<p>会议要求各村加强巡山护林，严防野外用火。</p>", base_revision=1)
    submit(waiting)
    at_county = general_item_at(county, Status.COUNTY_REVIEW)
    online = general_item_at(
        county, Status.APPROVED, title="三江镇召开2026年秋冬季森林防火工作部署会",
        body="<p>11月20日，三江镇召开2026年秋冬季森林防火工作部署会，镇党委、政府班子成员，各村（社区）党组织书记参加会议。</p>"
        "<p>会议要求，各村（社区）要压紧压实森林防火责任，加强野外用火管理，做好防火宣传，确保全镇森林资源安全。</p>",
    )  # fmt: skip
    workflow.perform(online, county.county_reviewer, "publish")
    online.refresh_from_db()
    pages = (
        ("inbox", county.first, "/work/"),
        ("detail", county.first, f"/work/submissions/{waiting.pk}/"),
        ("diff", county.first, f"/work/submissions/{waiting.pk}/diff/"),
        ("list", county.drafter, "/work/submissions/"),
        ("new", county.drafter, "/work/submissions/new/"),
        ("edit", county.drafter, f"/work/submissions/{asked.pk}/edit/"),
        ("notifications", county.drafter, "/work/notifications/"),
        ("queues", county.county_reviewer, "/work/queues/"),
        ("county", county.county_reviewer, f"/work/submissions/{at_county.pk}/"),
    )
    for viewport, suffix in ((PHONE, "390"), (DESK, "1366")):
        browsers = {}
        for name, person, url in pages:
            if person.pk not in browsers:
                browsers[person.pk] = open_as(person, viewport=viewport)
            page = browsers[person.pk]
            page.goto(url)
            if name == "county":
                _image_loaded(page, ".signoff-first img.form-image")
            shot(page, f"desk-{name}-{suffix}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} at {suffix} px is {width} px wide"
        visitor = open_as(None, viewport=viewport)
        visitor.goto(f"/article/{online.public_id}/")
        shot(visitor, f"desk-article-{suffix}")
        for piece in visitor.locator(".article-meta .nobr, .site-foot .nobr").all():
            # one line each: a name is never broken in the middle
            assert piece.evaluate("e => e.getClientRects().length") == 1, piece.inner_text()
        indent, size = visitor.locator(".article-body p").first.evaluate(
            "p => [getComputedStyle(p).textIndent, getComputedStyle(p).fontSize]"
        )
        assert float(indent.removesuffix("px")) == pytest.approx(2 * float(size.removesuffix("px")))
        page = browsers[county.first.pk]
        page.goto(f"/work/submissions/{waiting.pk}/")
        actions = page.locator("#actions").bounding_box()
        text = page.locator("section.content").bounding_box()
        if suffix == "390":
            assert actions["y"] < text["y"] and actions["y"] < PHONE["height"], "the 操作 panel is not on the first screen"
        else:
            assert actions["x"] > text["x"] and actions["y"] < DESK["height"], "the 操作 panel is not beside the text"

"""导出 Word: the submission as .docx, each finding a Word comment (批注) on its words, read back with python-docx."""

import io

from docx import Document
from docx.oxml.ns import qn

from sanshen.audit.models import AuditEntry
from sanshen.documents.tests.files import docx_bytes, png
from sanshen.review import attachments, workflow
from sanshen.test import draft

BODY = "<p>联系人：王五，电话：13812345678。</p><h2>一、公示要求</h2><p>本文件为机密★5年</p>"


def _comments(data: bytes) -> list[tuple[str, str, str]]:
    """(author, comment text, the words it is on) of every comment, in document order."""
    document = Document(io.BytesIO(data))
    texts = {str(c.comment_id): (c.author, c.text) for c in document.comments}
    anchored: dict[str, list[str]] = {}
    open_ids: list[str] = []
    for node in document.element.body.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:t")):
        if node.tag == qn("w:commentRangeStart"):
            open_ids.append(node.get(qn("w:id")))
            anchored[node.get(qn("w:id"))] = []
        elif node.tag == qn("w:commentRangeEnd"):
            open_ids.remove(node.get(qn("w:id")))
        else:
            for i in open_ids:
                anchored[i].append(node.text or "")
    assert open_ids == [] and set(anchored) == set(texts)
    return [(*texts[i], "".join(anchored[i])) for i in anchored]


def test_it_exports_the_submission_with_each_finding_as_a_comment(county, client, django_capture_on_commit_callbacks):
    s = draft(county, title="关于公示低保对象名单的通知。", body=BODY)
    word = Document()
    word.add_paragraph("值班安排")
    table = word.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "张三", "13912345678"
    with django_capture_on_commit_callbacks(execute=True):
        attachments.add_attachment(s, county.drafter, name="值班表.docx", data=docx_bytes(word))
        image = attachments.add_body_image(s, county.drafter, name="现场.png", data=png(90, 60, "green"))
    workflow.save_revision(s, county.drafter, title=s.title, body=f'{BODY}<p><img src="{image.url}"></p>', base_revision=1)
    client.force_login(county.first)

    r = client.get(f"/work/submissions/{s.pk}/export.docx")
    assert (r.status_code, r["X-Content-Type-Options"]) == (200, "nosniff")
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert r["Content-Disposition"].startswith(f'attachment; filename="submission-{s.pk}.docx"; filename*=UTF-8\'\'')
    assert _comments(r.content) == [
        ("机审", "【警告·标点符号】标题末尾一般不用句号\n依据：公文标题惯例（参见 GB/T 9704-2012 7.3.1）", "。"),
        (
            "机审",
            "【严重·电话号码】手机号码，发布前须脱敏（因履职确需公开的办公手机号须经单位负责人审批）\n建议：138****5678\n"
            "依据：2018年政务公开工作要点：涉及个人隐私的政府信息公开时作去标识化处理",
            "13812345678",
        ),
        (
            "机审",
            "【禁止·涉密标识】出现密级标识“机密★5年”，涉密内容不得上网发布\n"
            "依据：《中华人民共和国保守国家秘密法》; GB/T 9704-2012 7.2.3 密级和保密期限",
            "机密★5年",
        ),
    ]
    document = Document(io.BytesIO(r.content))
    assert [p.text for p in document.paragraphs[:4]] == [
        "关于公示低保对象名单的通知。",
        "来文单位：三江镇",
        "拟稿人：潘德江",
        "发布目标：乡镇动态",
    ]
    assert "一、公示要求" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(document.inline_shapes) == 1  # the body picture, from storage
    # Findings in attachments are listed at the end with their place.
    *_, findings_table = document.tables
    assert [[c.text for c in row.cells] for row in findings_table.rows][1][:2] == [
        "值班表.docx 表格1 第1行第2列",
        "【严重·电话号码】手机号码，发布前须脱敏（因履职确需公开的办公手机号须经单位负责人审批）",
    ]
    assert AuditEntry.objects.filter(action="review.word_exported", actor=county.first).count() == 1


def test_the_submission_page_links_the_export(county, client):
    s = draft(county)
    client.force_login(county.drafter)
    page = client.get(f"/work/submissions/{s.pk}/").content.decode()
    assert f'<a href="/work/submissions/{s.pk}/export.docx">导出 Word（机审问题为批注）</a>' in page

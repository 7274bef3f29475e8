import base64
import io
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from sanshen.checks import Engine
from sanshen.checks.finding import Finding
from sanshen.documents.docx_export import write_docx
from sanshen.documents.docx_import import read_docx
from sanshen.documents.html import html_to_text, sanitize_html

from .files import png

BODY = sanitize_html(
    '<p style="text-align:center">各乡镇人民政府：</p>'
    "<p>联系人张三，手机<strong>138</strong>12345678。机密★5年</p>"
    "<h2>一、公示名单</h2>"
    "<ul><li>低保对象<ul><li>城市</li></ul></li></ul><ol><li>特困人员</li></ol>"
    "<table><tr><th colspan=2>名单</th></tr><tr><td rowspan=2>张三</td><td>11010519491231002X</td></tr><tr><td>备注</td></tr></table>"
    "<blockquote>引文</blockquote>"
    "<p>第一行<br>第二行，<em>斜体</em>与<u>下划线</u>。</p>"
)


@pytest.fixture(scope="module")
def check():
    return Engine(codes=["secrecy", "pii"]).check


def _comments_with_anchors(data: bytes) -> dict[str, str]:
    """Each comment's text → the document text between its range start and end, read from the XML."""
    document = Document(io.BytesIO(data))
    texts = {str(c.comment_id): c.text for c in document.comments}
    open_ranges: dict[str, list[str]] = {}
    anchored: dict[str, str] = {}
    body = document.element.body
    for node in body.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:t"), qn("w:p")):
        if node.tag == qn("w:commentRangeStart"):
            open_ranges[node.get(qn("w:id"))] = []
        elif node.tag == qn("w:commentRangeEnd"):
            anchored[node.get(qn("w:id"))] = "".join(open_ranges.pop(node.get(qn("w:id"))))
        elif node.tag == qn("w:p"):
            for parts in open_ranges.values():
                if parts:
                    parts.append("\n")
        else:
            for parts in open_ranges.values():
                parts.append(node.text or "")
    assert not open_ranges, "every comment range is closed"
    assert set(anchored) == set(texts), "every comment has a range and every range a comment"
    references = {n.get(qn("w:id")) for n in body.iter(qn("w:commentReference"))}
    assert references == set(texts), "every comment has its reference mark"
    return {texts[i]: anchored[i] for i in texts}


def test_it_writes_structure_and_text(check):
    data = write_docx("关于公示的通知", BODY, [], {"来文单位": "县民政局", "拟稿人": "李四"})
    document = Document(io.BytesIO(data))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Title", "关于公示的通知"),
        ("Normal", "来文单位：县民政局"),
        ("Normal", "拟稿人：李四"),
        ("Normal", "各乡镇人民政府："),
        ("Normal", "联系人张三，手机13812345678。机密★5年"),
        ("Heading 1", "一、公示名单"),
        ("List Bullet", "低保对象"),
        ("List Bullet 2", "城市"),
        ("List Number", "特困人员"),
        ("Quote", "引文"),
        ("Normal", "第一行\n第二行，斜体与下划线。"),
    ]
    assert document.paragraphs[3].alignment == 1  # centred
    [table] = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["名单", "名单"],
        ["张三", "11010519491231002X"],
        ["张三", "备注"],
    ]
    runs = document.paragraphs[4].runs
    assert [(r.text, bool(r.bold)) for r in runs] == [("联系人张三，手机", False), ("138", True), ("12345678。机密★5年", False)]
    last = document.paragraphs[10].runs
    assert [(r.text, bool(r.italic), bool(r.underline)) for r in last if r.text] == [
        ("第一行", False, False), ("\n", False, False), ("第二行，", False, False), ("斜体", True, False), ("与", False, False), ("下划线", False, True), ("。", False, False),
    ]
    assert document.core_properties.title == "关于公示的通知"


def test_it_puts_each_finding_in_a_comment_on_its_words(check):
    findings = check(html_to_text(BODY).text)
    assert [f.rule for f in findings] == ["pii.phone", "secrecy.classification", "pii.id_card"]
    data = write_docx("关于公示的通知", BODY, findings)
    assert _comments_with_anchors(data) == {
        "【严重·电话号码】手机号码，发布前须脱敏（因履职确需公开的办公手机号须经单位负责人审批）\n建议：138****5678\n"
        "依据：2018年政务公开工作要点：涉及个人隐私的政府信息公开时作去标识化处理": "13812345678",
        "【禁止·涉密标识】出现密级标识“机密★5年”，涉密内容不得上网发布\n"
        "依据：《中华人民共和国保守国家秘密法》; GB/T 9704-2012 7.2.3 密级和保密期限": "机密★5年",
        "【严重·身份证号】身份证号码，发布前须脱敏\n建议：110105********002X\n依据：GB 11643-1999《公民身份号码》": "11010519491231002X",
    }
    document = Document(io.BytesIO(data))
    assert {c.author for c in document.comments} == {"机审"}
    # the bold run was split where the finding starts, and keeps its bold
    runs = document.paragraphs[2].runs
    assert [(r.text, bool(r.bold)) for r in runs if r.text] == [
        ("联系人张三，手机", False), ("138", True), ("12345678", False), ("。", False), ("机密★5年", False),
    ]


def _finding(start: int, end: int, text: str, **location) -> Finding:
    return Finding(
        rule="typo.word", category="typo", standard=8, severity="warn", start=start, end=end, text=text,
        message=f"“{text}”有误", location=location,
    )


def test_it_anchors_findings_across_paragraphs_and_overlapping_ones():
    html = "<p>甲乙丙</p><p>丁戊己</p>"
    across = _finding(1, 6, "乙丙\n丁戊")
    inner = _finding(2, 3, "丙")
    data = write_docx("题", html, [across, inner])
    assert _comments_with_anchors(data) == {"【警告·错别字】“乙丙\n丁戊”有误": "乙丙\n丁戊", "【警告·错别字】“丙”有误": "丙"}


def test_it_comments_on_the_title_and_lists_attachment_findings():
    title = _finding(2, 4, "公式", field="title")
    in_file = Finding(
        rule="pii.phone", category="pii_phone", standard=6, severity="serious", start=0, end=11, text="13812345678",
        message="手机号码，发布前须脱敏", suggestion="138****5678", location={"file": "名单.xlsx", "sheet": "低保", "cell": "C2"},
    )
    data = write_docx("关于公式的通知", "<p>正文</p>", [title, in_file])
    assert _comments_with_anchors(data) == {"【警告·错别字】“公式”有误": "公式"}
    document = Document(io.BytesIO(data))
    assert document.paragraphs[-1].text == "附件和图片中的问题"
    assert [[c.text for c in row.cells] for row in document.tables[-1].rows] == [
        ["位置", "问题", "建议"],
        ["名单.xlsx 工作表“低保” C2", "【严重·电话号码】手机号码，发布前须脱敏", "138****5678"],
    ]


def test_it_refuses_findings_that_do_not_match_the_body():
    with pytest.raises(ValueError):
        write_docx("题", "<p>甲乙丙</p>", [_finding(0, 2, "丙丁")])


def test_it_embeds_pictures_it_is_given():
    inline = "data:image/png;base64," + base64.b64encode(png(20, 10)).decode()
    stored, missing = "/work/images/0f8fad5b-d9cb-469f-a165-70867728950e/", "/work/images/7c9e6679-7425-40de-944b-e07fc1f90ae7/"
    html = sanitize_html(f'<p>图一<img src="{inline}"></p><p><img src="{stored}"></p><p><img src="{missing}">完</p>')
    data = write_docx("题", html, [], images={stored: png(4000, 100)})
    document = Document(io.BytesIO(data))
    shapes = document.inline_shapes
    assert len(shapes) == 2
    # a wide picture is scaled to the text width
    assert shapes[1].width <= 15.5 * 360000
    assert [p.text for p in document.paragraphs][1:] == ["图一", "", "［图片］完"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 2


def test_it_round_trips_through_import(check, tmp_path):
    findings = check(html_to_text(BODY).text)
    data = write_docx("关于公示的通知", BODY, findings)
    doc = read_docx(data)
    assert doc.title == "关于公示的通知"
    assert html_to_text(doc.html).text == html_to_text(BODY).text
    if shutil.which("libreoffice"):
        source = tmp_path / "export.docx"
        source.write_bytes(data)
        subprocess.run(
            ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            check=True, timeout=120, capture_output=True,
        )
        assert (tmp_path / "export.pdf").stat().st_size > 1000

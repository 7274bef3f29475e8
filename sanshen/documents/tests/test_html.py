from pathlib import Path

import pytest

from sanshen.documents.html import (
    Mark,
    clean_office_html,
    highlight,
    html_to_text,
    sanitize_html,
    text_to_html,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    "dirty, clean",
    [
        # kept as they are
        ("<p>县政府召开常务会议</p>", "<p>县政府召开常务会议</p>"),
        ("<h2>一</h2><h3>二</h3><h4>三</h4>", "<h2>一</h2><h3>二</h3><h4>三</h4>"),
        ("<p><strong>a</strong><b>b</b><em>c</em><i>d</i><u>e</u><s>f</s>H<sub>2</sub>O x<sup>2</sup></p>",
         "<p><strong>a</strong><b>b</b><em>c</em><i>d</i><u>e</u><s>f</s>H<sub>2</sub>O x<sup>2</sup></p>"),
        ("<ul><li>一</li></ul><ol><li>二</li></ol><blockquote>引</blockquote>",
         "<ul><li>一</li></ul><ol><li>二</li></ol><blockquote>引</blockquote>"),
        ("<p>一行<br>二行</p>", "<p>一行<br>二行</p>"),
        ('<table><thead><tr><th colspan="2">表头</th></tr></thead><tbody><tr><td rowspan="3">格</td></tr></tbody></table>',
         '<table><thead><tr><th colspan="2">表头</th></tr></thead><tbody><tr><td rowspan="3">格</td></tr></tbody></table>'),
        ('<p style="text-align: Center">居中</p>', '<p style="text-align:center">居中</p>'),
        ('<div style="text-align:right">右</div>', '<div style="text-align:right">右</div>'),
        # scripts, handlers and active content
        ("<p>文<script>alert(1)</script>字</p>", "<p>文字</p>"),
        ('<p onclick="steal()" onmouseover="x">文</p>', "<p>文</p>"),
        ("<iframe src=\"https://evil.example\">框</iframe>正文", "正文"),
        ('<svg onload="alert(1)"><text>图</text></svg>正文', "正文"),
        ("<style>p{color:red}</style><p>文</p>", "<p>文</p>"),
        ('<form action="/x"><input name="a" value="v">文</form>', "文"),
        ("<object data=\"x.swf\">o</object><embed src=\"x.swf\">文", "文"),
        # styles and classes
        ('<p style="color:red;font-size:30px">文</p>', "<p>文</p>"),
        ('<p style="text-align:expression(alert(1))">文</p>', "<p>文</p>"),
        ('<p class="MsoNormal" id="x" lang="ZH-CN">文</p>', "<p>文</p>"),
        ('<span style="text-align:center">居中</span>', '<span style="text-align:center">居中</span>'),
        ('<span class="x" style="color:red">文</span>字', "文字"),
        ('<td style="text-align:center">x</td>', "x"),
        # links
        ('<a href="https://www.gov.cn/">国务院</a>', '<a href="https://www.gov.cn/" rel="noopener noreferrer">国务院</a>'),
        ('<a href="http://example.gov.cn/a?b=1" rel="opener" target="_blank">链</a>',
         '<a href="http://example.gov.cn/a?b=1" rel="noopener noreferrer">链</a>'),
        ('<a href="mailto:zwgk@example.gov.cn">邮箱</a>', '<a href="mailto:zwgk@example.gov.cn" rel="noopener noreferrer">邮箱</a>'),
        ('<a href="javascript:alert(1)">点</a>', "点"),
        ('<a href="JaVaScRiPt:alert(1)">点</a>', "点"),
        ('<a href="data:text/html,<script>alert(1)</script>">点</a>', "点"),
        ('<a href="/relative/page">点</a>', "点"),
        ('<a href="vbscript:x">点</a>', "点"),
        # links into the back office, on any host: a click would act (export, download) in the reader's name
        ('<a href="https://zw.example.gov.cn/work/submissions/1/export.docx">点</a>', "点"),
        ('<a href="https://zw.example.gov.cn/%77ork/submissions/1/export.docx">点</a>', "点"),
        ('<a href="https://zw.example.gov.cn/public/../work/inbox/">点</a>', "点"),
        ('<a href="https://zw.example.gov.cn/WORK/inbox/">点</a>', "点"),
        ('<a href="https://zw.example.gov.cn/manage/accounts/user/">点</a>', "点"),
        ('<a href="http://127.0.0.1:8000/api/submissions">点</a>', "点"),
        ('<a href="https://zw.example.gov.cn/accounts/logout/">点</a>', "点"),
        # the public site and other sites' pages are links like any other
        ('<a href="https://zw.example.gov.cn/articles/12/">文章</a>',
         '<a href="https://zw.example.gov.cn/articles/12/" rel="noopener noreferrer">文章</a>'),
        ('<a href="https://www.gov.cn/workshop/">会</a>', '<a href="https://www.gov.cn/workshop/" rel="noopener noreferrer">会</a>'),
        # images
        # only pictures stored for an item (BodyImage.url), and pasted PNG/JPEG the save path stores
        ('<img src="/work/images/0f8fad5b-d9cb-469f-a165-70867728950e/" alt="图" width="300" height="200">',
         '<img src="/work/images/0f8fad5b-d9cb-469f-a165-70867728950e/" alt="图" width="300" height="200">'),
        # anything else under /work/ is a page or a download: fetched by every reader in their own name
        ('<p>图<img src="/work/submissions/1/export.docx">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/work/attachments/3/">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/work/images/0f8fad5b-d9cb-469f-a165-70867728950e/mask/">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/work/images/0f8fad5b-d9cb-469f-a165-70867728950e">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/work/images/0F8FAD5B-D9CB-469F-A165-70867728950E/">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/work/images/../submissions/1/export.docx">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/media/2024/a.png">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/work/7/files/b.jpg">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/api/submissions">后</p>', "<p>图后</p>"),
        ('<img src="data:image/png;base64,iVBORw0KGgo=">', '<img src="data:image/png;base64,iVBORw0KGgo=">'),
        ('<img src="data:image/jpeg;base64,/9j/4AAQ">', '<img src="data:image/jpeg;base64,/9j/4AAQ">'),
        ('<p>图<img src="data:image/svg+xml;base64,PHN2Zz4=">后</p>', "<p>图后</p>"),
        ('<p>图<img src="https://evil.example/x.png">后</p>', "<p>图后</p>"),
        ('<p>图<img src="//evil.example/media/x.png">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/media/../settings.py">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/media/%2E%2E/admin/">后</p>', "<p>图后</p>"),
        ('<p>图<img src="/static/x.png">后</p>', "<p>图后</p>"),
        ('<p>图<img src="docx-image:1">后</p>', "<p>图后</p>"),
        ('<p>图<img src="file:///C:/x.png">后</p>', "<p>图后</p>"),
        ('<img src="/work/images/0f8fad5b-d9cb-469f-a165-70867728950e/" onerror="alert(1)" width="100px" height="50%">', '<img src="/work/images/0f8fad5b-d9cb-469f-a165-70867728950e/" height="50%">'),
        # Word and WPS junk
        ("<p>文<o:p></o:p></p>", "<p>文</p>"),
        ('<p><font face="仿宋" color="red">字</font></p>', "<p>字</p>"),
        ("<p>前<!--[if gte mso 9]><xml><w:WordDocument/></xml><![endif]-->后</p>", "<p>前后</p>"),
        ("<p>前<!-- 注释 -->后</p>", "<p>前后</p>"),
        ("<p><span></span>文<b></b><em> </em>字</p>", "<p>文 字</p>"),
        ("<p></p><p>文</p><h3> </h3>", "<p>文</p>"),
        # heading levels a body may not use
        ("<h1>大</h1><h5>小</h5><h6>更小</h6>", "<h2>大</h2><h4>小</h4><h4>更小</h4>"),
        # attributes with bad values
        ('<table><tr><td colspan="0" rowspan="x">格</td></tr></table>', "<table><tbody><tr><td>格</td></tr></tbody></table>"),
        # a lone paragraph in a cell (Word, mammoth) is just the cell's text; its alignment moves to the cell
        ('<table><tr><td><p style="text-align:center">甲</p></td><td><p>乙</p><p>丙</p></td></tr></table>',
         '<table><tbody><tr><td style="text-align:center">甲</td><td><p>乙</p><p>丙</p></td></tr></tbody></table>'),
        ("", ""),
        ("   ", ""),
    ],
)
def test_it_sanitises_to_the_allow_list(dirty, clean):
    assert sanitize_html(dirty) == clean


@pytest.mark.parametrize(
    "dirty",
    [
        "<p>县政府召开常务会议</p>",
        '<p onclick="x" style="color:red;text-align:center"><span>a</span><font>b</font></p><script>c</script>',
        "<table><tr><td><p>x</p></td></tr></table><ul><li>y<ul><li>z</li></ul></li></ul>",
        '<a href="https://a.example/?q=<b>">l</a><img src="/work/images/0f8fad5b-d9cb-469f-a165-70867728950e/">',
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 文</p>",
    ],
)
def test_it_is_idempotent(dirty):
    once = sanitize_html(dirty)
    assert sanitize_html(once) == once


def test_it_keeps_escaped_markup_as_text():
    clean = sanitize_html("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert clean == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert html_to_text(clean).text == "<script>alert(1)</script>"


def test_it_lets_import_placeholders_through_only_when_asked():
    assert sanitize_html('<img src="docx-image:3">', allow_image_placeholders=True) == '<img src="docx-image:3">'
    assert sanitize_html('<img src="docx-image:x">', allow_image_placeholders=True) == ""
    assert sanitize_html('<a href="docx-image:3">a</a>', allow_image_placeholders=True) == "a"


def test_it_cleans_word_paste():
    clean = clean_office_html((FIXTURES / "word_paste.html").read_text(encoding="utf-8"))
    assert clean == (
        "<h2>关于开展安全检查的通知</h2>\n"
        '<p style="text-align:center"><b>各乡镇人民政府</b></p>\n'
        "<p><strong><em>重点</em></strong>&nbsp; 内容</p>\n"
        "<ol><li>第一项</li><li>第二项<ul><li>子项</li></ul></li></ol>\n\n"
        "<table>\n"
        ' <tbody><tr><td>姓名</td><td colspan="2">电话</td></tr>\n'
        "</tbody></table>\n"
        "<p>图后文字</p>"
    )
    assert html_to_text(clean).text == "关于开展安全检查的通知\n各乡镇人民政府\n重点\u00a0 内容\n第一项\n第二项\n子项\n姓名\t电话\n图后文字"


def test_it_cleans_wps_paste():
    clean = clean_office_html((FIXTURES / "wps_paste.html").read_text(encoding="utf-8"))
    assert clean == (
        '<p style="text-align:center"><b>县政务公开工作要点</b></p>'
        "<p>各单位要严格落实三审三校制度。<strong>请于</strong>3月1日前报送。</p>"
        "<table><tbody><tr><td>单位</td><td>得分</td></tr><tr><td>县财政局</td><td>98</td></tr></tbody></table>"
    )


@pytest.mark.parametrize(
    "pasted, clean",
    [
        ('<p class=MsoListParagraph style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">·</span>甲</p>'
         '<p class=MsoListParagraph style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">·</span>乙</p>',
         "<ul><li>甲</li><li>乙</li></ul>"),
        ('<p style="mso-list:l1 level1 lfo2"><span style="mso-list:Ignore">一、</span>甲</p><p>正文</p>'
         '<p style="mso-list:l1 level1 lfo2"><span style="mso-list:Ignore">二、</span>乙</p>',
         "<ol><li>甲</li></ol><p>正文</p><ol><li>乙</li></ol>"),
        ('<p><span style="font-weight:700;text-decoration:underline">重</span></p>', "<p><strong><u>重</u></strong></p>"),
        ('<p><span style="font-style:italic">斜</span></p>', "<p><em>斜</em></p>"),
        ("<p>a</p>", "<p>a</p>"),
        ("纯文本片段", "<p>纯文本片段</p>"),  # typed text is a paragraph (normalise_paragraphs)
        ("", ""),
    ],
)
def test_it_turns_office_formatting_into_tags(pasted, clean):
    assert clean_office_html(pasted) == clean


@pytest.mark.parametrize(
    "html, text",
    [
        ("<p>甲</p><p>乙</p>", "甲\n乙"),
        ("<h2>标题</h2><p>第一段</p>", "标题\n第一段"),
        ("<p>一行<br>二行</p>", "一行\n二行"),
        ("<p>a  \n  b</p>", "a b"),
        ("<p>  前后空格  </p><p>x</p>", "前后空格\nx"),
        ("<p>\u3000\u3000全角缩进</p>", "\u3000\u3000全角缩进"),
        ("<ul><li>一</li><li>二</li></ul>", "一\n二"),
        ("<table><tr><td>姓名</td><td>电话</td></tr><tr><td>张三</td><td>13812345678</td></tr></table>",
         "姓名\t电话\n张三\t13812345678"),
        ("<table>\n <tr>\n  <td> a </td>\n  <td>b</td>\n </tr>\n</table>", "a\tb"),
        ("<p>文<strong>加粗</strong>字</p>", "文加粗字"),
        ('<p>图<img src="/work/images/0f8fad5b-d9cb-469f-a165-70867728950e/" alt="替代">后</p>', "图后"),
        ("纯文本", "纯文本"),
        ("", ""),
    ],
)
def test_it_extracts_the_text_the_checker_sees(html, text):
    textmap = html_to_text(html)
    assert textmap.text == text
    assert len(textmap.sources) == len(text)


@pytest.mark.parametrize(
    "html, marks, expected",
    [
        ("<p>县长亲自部署</p>", [Mark(2, 4, "f1", "warn")],
         '<p>县长<mark data-finding="f1" class="finding sev-warn">亲自</mark>部署</p>'),
        # a span across an inline tag is split into two marks
        ("<p>扫黑<strong>险恶</strong>专项</p>", [Mark(0, 4, "f2", "serious")],
         '<p><mark data-finding="f2" class="finding sev-serious">扫黑</mark>'
         '<strong><mark data-finding="f2" class="finding sev-serious">险恶</mark></strong>专项</p>'),
        # a span across two paragraphs: the line break itself is not wrapped
        ("<p>甲乙</p><p>丙丁</p>", [Mark(1, 4, "f3", "info")],
         '<p>甲<mark data-finding="f3" class="finding sev-info">乙</mark></p>'
         '<p><mark data-finding="f3" class="finding sev-info">丙</mark>丁</p>'),
        # overlapping findings nest
        ("<p>abcdef</p>", [Mark(1, 4, "a", "warn"), Mark(3, 5, "b", "block")],
         '<p>a<mark data-finding="a" class="finding sev-warn">bc</mark>'
         '<mark data-finding="a" class="finding sev-warn"><mark data-finding="b" class="finding sev-block">d</mark></mark>'
         '<mark data-finding="b" class="finding sev-block">e</mark>f</p>'),
        # text after a child element (a tail) and inside a table cell
        ("<table><tr><td>电话</td><td>138<b>1234</b>5678</td></tr></table>", [Mark(3, 14, "p", "serious")],
         '<table><tbody><tr><td>电话</td><td><mark data-finding="p" class="finding sev-serious">138</mark>'
         '<b><mark data-finding="p" class="finding sev-serious">1234</mark></b>'
         '<mark data-finding="p" class="finding sev-serious">5678</mark></td></tr></tbody></table>'),
        # collapsed whitespace inside a span stays inside the mark
        ("<p>a \n b</p>", [Mark(0, 3, "w", "warn")], '<p><mark data-finding="w" class="finding sev-warn">a \n b</mark></p>'),
        # spans out of range or empty change nothing
        ("<p>ab</p>", [Mark(5, 9, "x", "warn"), Mark(1, 1, "y", "warn")], "<p>ab</p>"),
        ("<p>ab</p>", [], "<p>ab</p>"),
    ],
)
def test_it_highlights_findings(html, marks, expected):
    html = sanitize_html(html)
    assert highlight(html, marks) == expected


def test_it_keeps_the_text_when_highlighting():
    html = sanitize_html(
        "<h2>关于<em>公示</em>的通知</h2><p>联系人：张三，电话<strong>138</strong>12345678。</p>"
        "<table><tr><td>身份证</td><td>11010519491231002X</td></tr></table>"
    )
    text = html_to_text(html).text
    start = text.index("138")
    id_start = text.index("1101")
    marked = highlight(html, [Mark(start, start + 11, "phone", "serious"), Mark(id_start, id_start + 18, "id", "block"),
                              Mark(0, 4, "title", "warn")])
    assert html_to_text(marked).text == text
    import lxml.html

    root = lxml.html.fragment_fromstring(marked, create_parent="div")
    by_id: dict[str, str] = {}
    for mark in root.iter("mark"):
        by_id[mark.get("data-finding")] = by_id.get(mark.get("data-finding"), "") + (mark.text or "")
    assert by_id == {"phone": "13812345678", "id": "11010519491231002X", "title": "关于公示"}


@pytest.mark.parametrize(
    "text, html",
    [
        ("第一段\n第二段", "<p>第一段</p><p>第二段</p>"),
        ("\u3000\u3000缩进段落  \r\n\r\n\n空行之后", "<p>缩进段落</p><p>空行之后</p>"),
        ("a<b>&c", "<p>a&lt;b&gt;&amp;c</p>"),
        ("", ""),
    ],
)
def test_it_turns_plain_text_into_paragraphs(text, html):
    assert text_to_html(text) == html
    assert sanitize_html(html) == html


def test_it_round_trips_plain_text():
    text = "关于开展安全检查的通知\n各乡镇人民政府：\n请于3月1日前报送。"
    assert html_to_text(text_to_html(text)).text == text


@pytest.mark.parametrize(
    "pasted, expected_text",
    [
        ("<!-- only a comment -->", ""),
        ("</p>", ""),
        ('<?xml version="1.0"?>', ""),
        ("正文\x00含有\x07控制字符", "正文含有控制字符"),
        ("<p>" + "<b>" * 5000 + "深层嵌套的正文" + "</b>" * 5000 + "</p>", "深层嵌套的正文"),
    ],
)
def test_clean_office_html_never_fails_and_keeps_the_words(pasted, expected_text):
    from sanshen.documents.html import clean_office_html, html_to_text

    assert html_to_text(clean_office_html(pasted)).text.strip() == expected_text

import pytest

from sanshen.checks import Engine, Finding
from sanshen.checks.htmltext import HiddenSpan, html_text, mark_hidden


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><p>县政府通知</p>{body}<p>全文完</p></body></html>"


@pytest.mark.parametrize(
    "body, head, reason",
    [
        ('<div style="display:none">真人荷官</div>', "", "display:none"),
        ('<div style="DISPLAY: NONE !important">真人荷官</div>', "", "display:none"),
        ('<span style="visibility:hidden">真人荷官</span>', "", "visibility:hidden"),
        ('<p style="font-size:0">真人荷官</p>', "", "font-size:0"),
        ('<p style="font-size:0px;line-height:0">真人荷官</p>', "", "font-size:0"),
        ('<p style="font-size:1px">真人荷官</p>', "", "font-size:0"),
        ('<div style="height:0;overflow:hidden">真人荷官</div>', "", "尺寸为零"),
        ('<div style="width:1px;height:1px;overflow:hidden">真人荷官</div>', "", "尺寸为零"),
        ('<marquee width="1" height="1">真人荷官</marquee>', "", "尺寸为零"),
        ('<div style="position:absolute;left:-9999px;top:-9999px">真人荷官</div>', "", "移出可视区域"),
        ('<div style="position:fixed;top:-1000px">真人荷官</div>', "", "移出可视区域"),
        ('<p style="text-indent:-9999em">真人荷官</p>', "", "移出可视区域"),
        ('<p hidden>真人荷官</p>', "", "hidden 属性"),
        ('<p style="opacity:0">真人荷官</p>', "", "opacity:0"),
        ('<p style="color:#FFF;background-color:white">真人荷官</p>', "", "文字与背景同色"),
        # rules of the page's own style sheet
        ('<div class="a1">真人荷官</div>', "<style>.a1{display:none}</style>", "display:none"),
        ('<div id="x"><p>真人荷官</p></div>', "<style>/* c */ #x p { font-size: 0 }</style>", "font-size:0"),
        ('<ul class="k"><li>真人荷官</li></ul>', "<style>@media screen{.k{color:red}} ul.k{display:none}</style>", "display:none"),
        # inherited: the inner element is hidden with its parent
        ('<div style="display:none"><p><b>真人</b>荷官</p></div>', "", "display:none"),
    ],
)
def test_it_finds_hidden_text(body, head, reason):
    page = html_text(_page(body, head))
    assert page.text == "县政府通知\n真人荷官\n全文完"
    assert page.hidden == (HiddenSpan(6, 10, reason),)


@pytest.mark.parametrize(
    "body, head",
    [
        ('<div style="display:block">真人荷官</div>', ""),
        ('<p style="font-size:14px;color:#333;background-color:#fff">真人荷官</p>', ""),
        ('<div style="position:absolute;left:10px">真人荷官</div>', ""),
        ('<div style="height:0">真人荷官</div>', ""),  # no overflow:hidden: the text shows
        ('<p aria-hidden="true">真人荷官</p>', ""),
        ('<p class="a1">真人荷官</p>', "<style>.a1:hover{display:none} .a2{display:none}</style>"),
        ('<p class="a1">真人荷官</p>', "<style>.a1::before{display:none}</style>"),
    ],
)
def test_shown_text_is_not_hidden(body, head):
    page = html_text(_page(body, head))
    assert page.text == "县政府通知\n真人荷官\n全文完"
    assert page.hidden == ()


def test_hidden_text_gets_lines_of_its_own():
    page = html_text('<p>今天 天气<span style="display:none">真人荷官 在线发牌</span>很好</p>')
    assert page.text == "今天天气\n真人荷官在线发牌\n很好"
    assert page.hidden == (HiddenSpan(5, 13, "display:none"),)


def test_a_hidden_block_over_several_lines_is_one_span():
    page = html_text('<p>通知</p><div style="display:none"><p>真人荷官</p><p>在线发牌</p></div>')
    assert page.text == "通知\n真人荷官\n在线发牌"
    assert page.hidden == (HiddenSpan(3, 12, "display:none"),)


def test_it_reads_bytes_in_the_declared_charset():
    data = '<html><head><meta charset="gbk"></head><body><p hidden>约炮</p></body></html>'.encode("gbk")
    assert html_text(data) == html_text(data.decode("gbk"))
    assert html_text(data).text == "约炮"


def test_it_refuses_what_it_cannot_decode():
    with pytest.raises(ValueError, match="无法识别网页编码"):
        html_text(b"\xff\xfe\xfd\x80\x81\xff")


def test_an_empty_page_is_empty_text():
    assert html_text(b"  ").text == ""


def _finding(rule, category, severity, start, end, text):
    return Finding(rule, category, 2, severity, start, end, text, "说明")


def test_mark_hidden_flags_planted_findings_in_hidden_text():
    page = html_text(_page('<div style="display:none">真人荷官</div>'))
    findings = Engine(codes=["injected", "pii"]).check(page.text)
    marked = mark_hidden(page, findings)
    assert [(f.rule, f.severity, f.start, f.end, f.location) for f in marked] == [
        ("injected.gambling.word", "block", 6, 10, {"hidden": "display:none"}),
        ("injected.hidden_text", "block", 6, 10, {"hidden": "display:none"}),
    ]
    assert marked[1].message.startswith("这段文字在网页中被隐藏（display:none），访问者看不到，搜索引擎却会收录")
    assert marked[1].category == "injected_content"


def test_mark_hidden_only_marks_other_findings():
    # a hidden phone number may be a section that fades in: marked, but no planted-content finding
    page = html_text(_page('<div style="display:none">手机13812345678</div>'))
    marked = mark_hidden(page, Engine(codes=["pii"]).check(page.text))
    assert [(f.rule, f.location) for f in marked] == [("pii.phone", {"hidden": "display:none"})]


@pytest.mark.parametrize(
    "severities, expected",
    [(["block"], "block"), (["warn"], "serious"), (["warn", "block"], "block"), (["serious"], "serious")],
)
def test_the_hidden_text_finding_is_at_least_serious(severities, expected):
    page = html_text(_page('<div style="display:none">真人荷官</div>'))
    findings = [_finding("sensitive.word", "sensitive_word", s, 6, 8 + i, "真人") for i, s in enumerate(severities)]
    hidden = [f for f in mark_hidden(page, findings) if f.rule == "injected.hidden_text"]
    assert [(f.severity, f.start, f.end) for f in hidden] == [(expected, 6, 10)]


def test_visible_findings_are_left_alone():
    page = html_text(_page('<div style="display:none">说明</div>'))
    findings = [_finding("sensitive.word", "sensitive_word", "block", 0, 3, "县政府")]
    assert mark_hidden(page, findings) == findings
    assert mark_hidden(html_text(_page("")), findings) == findings

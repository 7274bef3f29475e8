"""网页解析: hidden blocks (暗链), dates, list rows, soft 404 pages, this system's article pages, and feeds."""

from __future__ import annotations

import datetime as dt

import pytest

from sanshen.monitoring.pages import FeedError, page_title, parse_feed, parse_page

BASE = "https://www.jinping.gov.cn/"
AD = '<a href="https://bet.example/">真人荷官</a>'


@pytest.mark.parametrize(
    "html, reason",
    [
        (f'<div style="display:none">{AD}</div>', "display:none"),
        (f'<div style="DISPLAY: none !important">{AD}</div>', "display:none"),
        (f'<span style="visibility:hidden">{AD}</span>', "visibility:hidden"),
        (f'<p style="font-size:0px">{AD}</p>', "font-size:0"),
        (f'<p style="font-size:0">{AD}</p>', "font-size:0"),
        (f'<div style="opacity:0">{AD}</div>', "opacity:0"),
        (f'<div style="position:absolute;left:-9999px;top:0">{AD}</div>', "off-screen"),
        (f'<div style="position:fixed; top:-2000px">{AD}</div>', "off-screen"),
        (f'<p style="text-indent:-5000px">{AD}</p>', "off-screen"),
        (f'<div style="width:0;height:0;overflow:hidden">{AD}</div>', "zero-size"),
        (f"<div hidden>{AD}</div>", "hidden"),
        (f'<marquee height="1" width="1">{AD}</marquee>', "marquee 尺寸过小"),
        (f'<style>.seo {{ display: none }}</style><div class="box seo">{AD}</div>', "display:none（样式表）"),
        (f"<style>#x{{visibility:hidden}}</style><div id=x>{AD}</div>", "visibility:hidden（样式表）"),
        (f"<style>/* ad */ div.y, p.z {{font-size:0}}</style><p class=z>{AD}</p>", "font-size:0（样式表）"),
    ],
)
def test_it_finds_each_way_of_hiding_a_block(html, reason):
    page = parse_page(BASE, f"<p>欢迎访问</p>{html}")
    assert [(h.reason, h.links, h.text) for h in page.hidden] == [(reason, ("https://bet.example/",), "真人荷官")]
    assert page.text == "欢迎访问"
    assert [(link.url, link.hidden) for link in page.links] == [("https://bet.example/", reason)]


@pytest.mark.parametrize(
    "html",
    [
        f'<div style="display:block">{AD}</div>',
        f'<div style="font-size:10px">{AD}</div>',
        f'<div style="font-size:0.9em">{AD}</div>',
        f'<div style="position:absolute;left:-20px">{AD}</div>',  # a small nudge, not off-screen
        f'<div style="text-indent:2em">{AD}</div>',
        f'<div style="opacity:0.5">{AD}</div>',
        f'<div style="min-width:0">{AD}</div>',
        f'<style>.menu li:hover ul {{display:none}}</style><div class="menu">{AD}</div>',  # not a simple selector
        f'<marquee height="40">{AD}</marquee>',
    ],
)
def test_it_leaves_visible_blocks_alone(html):
    page = parse_page(BASE, f"<p>欢迎访问</p>{html}")
    assert page.hidden == []
    assert "真人荷官" in page.text


def test_it_reports_the_outermost_hidden_block_once_and_keeps_the_tail_visible():
    # A hidden block has no box, so the text around it runs on as a browser shows it.
    page = parse_page(BASE, f'<div>前<div style="display:none"><p style="font-size:0">{AD}</p></div>后</div>')
    assert [h.reason for h in page.hidden] == ["display:none"]
    assert page.text == "前后"


def test_it_finds_links_written_by_scripts():
    page = parse_page(BASE, """<script>document.write("<a href='https://bet.example/x'>x</a>")</script><script>var a = "<a href='https://ok.example/'>";</script>""")
    assert [(link.url, link.hidden, link.by_script) for link in page.links] == [("https://bet.example/x", "脚本写入", True)]


def test_it_reads_links_relative_to_the_page_and_its_base():
    page = parse_page(
        "https://www.jinping.gov.cn/col/zwxx/index.html",
        '<a href="../a.html">A</a><a href="/b.html#top">B</a><a href="mailto:x@y">M</a><a href="javascript:void(0)">J</a><a href="#top">T</a>',
    )
    assert [link.url for link in page.links] == ["https://www.jinping.gov.cn/col/a.html", "https://www.jinping.gov.cn/b.html"]
    page = parse_page(BASE, '<html><head><base href="https://cdn.example/x/"></head><body><a href="y.html">Y</a></body></html>')
    assert [link.url for link in page.links] == ["https://cdn.example/x/y.html"]


def test_it_reads_dated_list_rows_and_the_publication_date():
    page = parse_page(
        BASE,
        """<html><head><meta name="PubDate" content="2026-03-05 09:30"></head><body>
        <ul><li><a href="/a.html">县政府召开常务会议</a><span>2026-03-01</span></li>
            <li><a href="/b.html">全县春耕生产有序推进</a> 2026年2月27日</li>
            <li><a href="/c.html">无日期</a></li>
            <li><a href="/d.html">两个链接</a><a href="/e.html">x</a>2026-01-01</li>
            <li><a href="/f.html">明年的会</a>2031-01-01</li></ul></body></html>""",
        today=dt.date(2026, 3, 10),
    )
    assert [(e.url.rsplit("/", 1)[1], e.title, e.date) for e in page.entries] == [
        ("a.html", "县政府召开常务会议", dt.date(2026, 3, 1)),
        ("b.html", "全县春耕生产有序推进", dt.date(2026, 2, 27)),
    ]
    assert page.pubdate == dt.date(2026, 3, 5)
    assert page.last_date == dt.date(2026, 3, 1)


def test_it_reads_a_labelled_publication_date():
    page = parse_page(BASE, "<h1>标题</h1><p>发布时间：2025-12-30 10:00　来源：县政府办</p>")
    assert page.pubdate == dt.date(2025, 12, 30)
    assert page_title(page) == "标题"


@pytest.mark.parametrize(
    "title, body, soft",
    [
        ("404", "<p>返回首页</p>", True),
        ("锦屏县人民政府", "<h1>页面不存在</h1><p>您访问的页面不存在或已被删除</p>", True),
        ("锦屏县人民政府", "<p>对不起，找不到您要访问的页面。</p>", True),
        ("出错了", "<p>404 Not Found</p>", True),
        ("锦屏县人民政府", "<p>县政府召开常务会议</p>", False),
        ("锦屏县人民政府", "<p>" + "全县共有404户群众搬迁入住新居，页面不存在问题已整改。" * 30 + "</p>", False),
    ],
)
def test_it_recognises_soft_404_pages(title, body, soft):
    page = parse_page(BASE, f"<html><head><title>{title}</title></head><body>{body}</body></html>")
    assert page.is_soft_404 is soft


def test_it_reads_this_systems_article_page_as_the_checks_read_the_body():
    page = parse_page(
        BASE,
        """<main><article class="article" data-content-hash="abc123"><h1>三江镇召开会议</h1><p class="article-meta">发布时间：2026-03-01</p>
        <div class="article-body"><p>第一段，<strong>重点</strong>内容。</p><table><tr><td>姓名</td><td>电话</td></tr></table></div></article></main>""",
    )
    assert page.article_text == "三江镇召开会议\n第一段，重点内容。\n姓名\t电话"
    assert page.content_hash == "abc123"
    assert page.main_text == page.article_text


def test_it_reads_the_main_text_of_an_ordinary_page():
    page = parse_page(
        BASE,
        '<div class="nav"><a href="/">首页</a></div><div id="zoom" class="TRS_Editor"><p>正文第一段。</p><p>正文第二段。</p></div><div class="foot">版权所有</div>',
    )
    assert page.main_text == "正文第一段。\n正文第二段。"
    assert page.article_text is None


def test_it_reads_gbk_pages():
    data = "<html><head><meta charset=gb2312></head><body><p>锦屏县人民政府</p></body></html>".encode("gbk")
    assert parse_page(BASE, data, encoding="gb18030").text == "锦屏县人民政府"


RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>锦屏发布</title>
<item><title>第一条</title><link>https://mp.example/1</link><pubDate>Tue, 03 Mar 2026 08:00:00 +0800</pubDate><description>&lt;p&gt;内容一&lt;/p&gt;</description></item>
<item><title>第二条</title><link>/2</link><description>内容二</description></item></channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>乡镇动态</title>
<entry><title>三江镇消息</title><link href="https://www.jinping.gov.cn/article/1/" rel="alternate"/><published>2026-03-02T10:00:00+08:00</published><summary type="html">&lt;p&gt;摘要&lt;/p&gt;</summary></entry></feed>"""


def test_it_reads_rss_and_atom():
    entries = parse_feed(RSS.encode(), "https://mp.example/feed")
    assert [(e.url, e.title, e.published and e.published.date(), e.text) for e in entries] == [
        ("https://mp.example/1", "第一条", dt.date(2026, 3, 3), "内容一"),
        ("https://mp.example/2", "第二条", None, "内容二"),
    ]
    (entry,) = parse_feed(ATOM.encode(), "https://www.jinping.gov.cn/")
    assert (entry.url, entry.title, entry.published.isoformat(), entry.text) == (
        "https://www.jinping.gov.cn/article/1/", "三江镇消息", "2026-03-02T10:00:00+08:00", "摘要",
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<html><body>not a feed</body></html>", "不是有效的 RSS/Atom 订阅：根元素为 html"),
        (b"<rss><channel>", "不是有效的 RSS/Atom 订阅"),
    ],
)
def test_it_refuses_what_is_not_a_feed(data, message):
    with pytest.raises(FeedError) as caught:
        parse_feed(data, BASE)
    assert str(caught.value).startswith(message)


def test_it_never_expands_entities_in_a_feed():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
    <rss><channel><item><title>&b;</title><link>https://x.example/</link></item></channel></rss>"""
    (entry,) = parse_feed(bomb, BASE)
    assert "AAAAAAAAAA" not in entry.title

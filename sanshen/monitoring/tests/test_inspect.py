"""Each defect a crawl can show is found on a real local site, and a clean site gives nothing."""

from __future__ import annotations

import io

import pytest
from docx import Document

from sanshen.checks import Engine
from sanshen.monitoring.crawler import crawl
from sanshen.monitoring.inspect import inspect_crawl

from .conftest import FAST

# The checkers monitoring leans on most; the full deployment engine is used by the run tests.
check = Engine(codes=("secrecy", "sensitive", "pii", "injected")).check

NAV = '<ul class="nav"><li><a href="/">首页</a></li><li class="drop"><a href="/news/">新闻</a><ul style="display:none"><li><a href="/news/1">要闻</a></li></ul></li></ul>'
FOOTER = '<div class="foot">锦屏县人民政府办公室 主办</div>'


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def kinds(findings) -> list[tuple]:
    return sorted((f.kind, f.rule, f.severity, f.url.rsplit("/", 1)[-1] or "/", f.target.rsplit("/", 1)[-1], f.home) for f in findings)


@pytest.fixture
def clean_site(site, other):
    site.robots()
    other.page("/partner", "<p>黔东南州人民政府</p>")
    site.page("/", NAV + f'<p>欢迎访问</p><a href="/news/1">县政府召开常务会议</a><a href="{other.url("/partner")}">州政府</a>' + FOOTER)
    site.page("/news/", NAV + '<ul><li><a href="/news/1">县政府召开常务会议</a> 2026-03-01</li></ul>' + FOOTER)
    site.page("/news/1", NAV + '<h1>县政府召开常务会议</h1><p>会议研究了春耕生产工作。</p><a href="/files/plan.docx">附件</a>' + FOOTER)
    site.file("/files/plan.docx", docx_bytes("春耕生产工作方案"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return site


def test_it_finds_nothing_on_a_clean_site(clean_site, other):
    result = crawl([clean_site.url("/")], FAST)
    assert len(result.pages) == 3 and len(result.attachments) == 1 and len(result.external) == 1
    assert inspect_crawl(result, check) == []


def test_it_finds_each_defect(site, other):
    site.robots()
    other.page("/casino", "<p>真人荷官 在线发牌，注册送彩金</p>")
    other.page("/missing", "已删除", status=404)
    site.page(
        "/",
        NAV
        + '<a href="/inner">内页</a><a href="/gone">失效内链</a><a href="/moved">软404</a>'
        + f'<a href="{other.url("/casino")}">友情链接</a>'
        + f'<div style="position:absolute;left:-3000px"><a href="{other.url("/seo")}">优惠</a></div>'
        + FOOTER,
    )
    site.page(
        "/inner",
        NAV
        + "<p>本文件为机密★5年，请注意保存。</p>"
        + f'<a href="{other.url("/missing")}">失效外链</a><a href="/gone">失效内链</a>'
        + '<a href="/files/a.docx">附件一</a><a href="/files/lost.pdf">附件二</a>'
        + '<p style="font-size:0">真人荷官</p>'
        + f"""<script>document.write('<a href="{other.url("/planted")}">x</a>')</script>"""
        + FOOTER,
    )
    site.page("/news/", "<p>新闻</p>")
    site.page("/gone", "不存在", status=404)
    site.page("/moved", "<h1>页面不存在</h1><p>您访问的页面不存在或已被删除。</p>")
    site.file("/files/a.docx", docx_bytes("工作方案", "绝密★长期"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    site.page("/files/lost.pdf", "无", status=404)
    other.page("/seo", "<p>普通页面</p>")
    other.page("/planted", "<p>普通页面</p>")

    findings = inspect_crawl(crawl([site.url("/")], FAST), check)

    assert kinds(findings) == [
        # 首页 and other pages are counted apart: /gone is linked from both.
        ("broken_link", "link.broken", "warn", "inner", "gone", False),
        ("broken_link", "link.broken", "warn", "inner", "lost.pdf", False),
        ("broken_link", "link.broken", "warn", "inner", "missing", False),
        ("broken_link", "link.broken_home", "serious", "/", "gone", True),
        ("broken_link", "link.broken_home", "serious", "/", "moved", True),
        ("external_link_changed", "link.external_changed", "block", "/", "casino", True),
        ("hidden_content", "hidden.block", "block", "inner", "", False),
        ("hidden_content", "hidden.block", "serious", "/", "seo", True),
        ("hidden_content", "hidden.script_link", "serious", "inner", "planted", False),
        ("secrecy_mark", "secrecy.classification", "block", "a.docx", "", False),
        ("secrecy_mark", "secrecy.classification", "block", "inner", "", False),
    ]
    by_rule = {(f.rule, f.target.rsplit("/", 1)[-1]): f for f in findings}
    assert by_rule[("link.broken_home", "moved")].message == f"首页上的链接无法访问（页面显示“页面不存在”（软 404））：{site.url('/moved')}"
    assert by_rule[("link.broken", "missing")].message == f"页面上的链接无法访问（HTTP 404）：{other.url('/missing')}"
    assert by_rule[("link.broken", "lost.pdf")].message.startswith("页面上的附件无法访问（HTTP 404）")
    changed = by_rule[("link.external_changed", "casino")]
    assert (changed.text, changed.context) == ("友情链接", "真人荷官、在线发牌、注册送彩金")
    hidden_text = by_rule[("hidden.block", "")]
    assert (hidden_text.text, hidden_text.message) == ("真人荷官", "页面中有访客看不到的内容（font-size:0），含违法不良词语：真人荷官")
    secret = [f for f in findings if f.kind == "secrecy_mark" and f.url.endswith("inner")][0]
    assert (secret.text, secret.context) == ("机密★5年", "本文件为机密★5年，请注意保存。")
    in_file = [f for f in findings if f.url.endswith("a.docx")][0]
    assert (in_file.text, in_file.detail["location"]) == ("绝密★长期", {"file": "a.docx", "paragraph": 2})


def test_it_counts_the_same_words_in_the_same_place_once(site):
    site.robots()
    footer = "<p>版权所有：锦屏县人民政府 机密★</p>"
    site.page("/", '<a href="/a">A</a><a href="/b">B</a>' + footer)
    site.page("/a", footer)
    site.page("/b", footer)
    findings = inspect_crawl(crawl([site.url("/")], FAST), check)
    assert [(f.kind, f.count, f.url) for f in findings] == [("secrecy_mark", 3, site.url("/"))]


def test_it_reports_an_unreachable_start_page(site):
    site.robots()
    site.page("/", "维护中", status=503)
    findings = inspect_crawl(crawl([site.url("/")], FAST), check)
    assert [(f.kind, f.severity, f.message) for f in findings] == [("unreachable", "block", "起始页无法打开：HTTP 503")]


def test_it_leaves_the_bylines_of_articles_to_the_review_side(site):
    # "来源：…" on a published page is the page's byline: the repost rule is about a submission's details.
    site.robots()
    site.page("/", "<h1>春耕</h1><p class='article-meta'>发布时间：2026-12-01 10:00　来源：锦屏县人力资源和社会保障局</p><p>全县春耕生产有序推进。</p>")
    full = Engine(codes=("secrecy", "sensitive", "pii", "injected", "repost")).check
    assert [f.category for f in full(crawl([site.url("/")], FAST).pages[site.url("/")].page.text)] == ["repost_source"]
    assert inspect_crawl(crawl([site.url("/")], FAST), full) == []

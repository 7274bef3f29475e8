"""The review desk's text edits: 采纳建议 replaces exactly the flagged characters in the stored HTML, and whatever the
editor or a paste sends is stored as <p> paragraphs. Pure functions of sanshen.documents.html; no database."""

from __future__ import annotations

import pytest

from sanshen.documents.html import html_to_text, normalise_paragraphs, replace_text


@pytest.mark.parametrize(
    "html, start, end, expected, replacement, result",
    [
        # inside one text piece
        ("<p>联系电话13812345678。</p>", 4, 15, "13812345678", "138****5678", "<p>联系电话138****5678。</p>"),
        # inside a tag's text, the tags kept
        ("<p>电话<b>13812345678</b>。</p>", 2, 13, "13812345678", "138****5678", "<p>电话<b>138****5678</b>。</p>"),
        # in the second paragraph: offsets count the line break between blocks
        ("<p>第一段</p><p>按照有关规定执行</p>", 4, 8, "按照有关", "依照有关", "<p>第一段</p><p>依照有关规定执行</p>"),
        # across two tags: the replacement takes the first piece's place, the rest is emptied
        ("<p>三江<i>乡</i>政府</p>", 0, 3, "三江乡", "三江镇", "<p>三江镇<i></i>政府</p>"),
        # in a table cell, after a tab
        ("<table><tr><td>姓名</td><td>张三</td></tr></table>", 3, 5, "张三", "张*", "<table><tr><td>姓名</td><td>张*</td></tr></table>"),
        # entities stay entities
        ("<p>A&amp;B 公司</p>", 0, 3, "A&B", "A与B", "<p>A与B 公司</p>"),
        # a suggestion longer than what it replaces (typo.usage: 5个工作内 → 5个工作日内)
        ("<p>请在5个工作内报送</p>", 4, 6, "工作", "工作日", "<p>请在5个工作日内报送</p>"),
    ],
)
def test_it_replaces_exactly_the_flagged_characters(html, start, end, expected, replacement, result):
    assert replace_text(html, start, end, expected, replacement) == result
    assert html_to_text(result).text == html_to_text(html).text[:start] + replacement + html_to_text(html).text[end:]


@pytest.mark.parametrize(
    "html, start, end, expected",
    [
        ("<p>联系电话13812345678。</p>", 4, 15, "13812345679"),  # the text has moved on
        ("<p>联系电话13812345678。</p>", 3, 14, "13812345678"),  # offsets shifted by one
        ("<p>短</p>", 0, 5, "短"),  # beyond the end
        ("<p>短</p>", 1, 1, ""),  # an empty span: nothing to replace
        ("<p>短</p>", -1, 1, "短"),
    ],
)
def test_it_refuses_a_span_that_does_not_hold_the_expected_text(html, start, end, expected):
    with pytest.raises(ValueError):
        replace_text(html, start, end, expected, "X")


@pytest.mark.parametrize(
    "sent, stored",
    [
        # Chromium's contenteditable: the first line bare, each further line a <div>, an empty line <div><br></div>
        ("第一段<div>第二段</div><div><br></div><div>第三段</div>", "<p>第一段</p><p>第二段</p><p>第三段</p>"),
        # bare text with a line break
        ("第一行<br>第二行", "<p>第一行</p><p>第二行</p>"),
        # inline formatting and a picture at the top level belong to a paragraph
        ('<b>加粗</b>文字<img src="x.png">', '<p><b>加粗</b>文字<img src="x.png"></p>'),
        # a <div> holding blocks is unwrapped, not turned into a <p> around them
        ("<div><h2>标题</h2>说明</div>", "<h2>标题</h2><p>说明</p>"),
        # a lone <div> in a table cell is the cell's text
        ("<table><tr><td><div>甲</div></td></tr></table>", "<table><tr><td>甲</td></tr></table>"),
        # already paragraphs: unchanged
        ("<p>一</p>\n<p>二</p>", "<p>一</p>\n<p>二</p>"),
        ("<ul><li>项</li></ul>", "<ul><li>项</li></ul>"),
        ("", ""),
        ("<div>\u00a0</div>", ""),
    ],
)
def test_it_stores_paragraphs_as_p(sent, stored):
    assert normalise_paragraphs(sent) == stored

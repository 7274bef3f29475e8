"""转载比对: a repost keeps the original's title and substance (第二条(六))."""

from __future__ import annotations

import pytest

from sanshen.monitoring.compare import compare_repost

ORIGINAL_PAGE = "\n".join(
    [
        "首页 | 新闻中心 | 政务公开",
        "全省新增城镇就业45.6万人",
        "发布时间：2026-03-01 来源：省人社厅",
        "今年以来，全省新增城镇就业45.6万人，完成全年目标任务的38%。",
        "省人社厅厅长王建国表示，将继续做好高校毕业生就业工作。",
        "版权所有 © 省人民政府办公厅",
    ]
)
TITLE = "全省新增城镇就业45.6万人"
BODY = "今年以来，全省新增城镇就业45.6万人，完成全年目标任务的38%。\n省人社厅厅长王建国表示，将继续做好高校毕业生就业工作。"


@pytest.mark.parametrize(
    "title, body, problems",
    [
        # Faithful: the same words; spacing and punctuation do not count.
        (TITLE, BODY, []),
        (TITLE, BODY.replace("，", ", "), []),
        # A changed title.
        ("我县新增城镇就业45.6万人", BODY, ["标题与原文不同：原文“全省新增城镇就业45.6万人”，转载“我县新增城镇就业45.6万人”"]),
        # A changed number.
        (TITLE, BODY.replace("38%", "83%"), ["数字被改动：“38%”→“83%”"]),
        # A swapped name.
        (TITLE, BODY.replace("王建国", "李国庆"), ["词语被替换：“王建国”→“李国庆”"]),
        # Rewritten: similarity below 90 %.
        (TITLE, "全省就业形势总体稳定，各地积极开展招聘活动，帮助群众实现家门口就业。", "similarity"),
    ],
)
def test_it_reports_what_a_repost_changed(title, body, problems):
    comparison = compare_repost(TITLE, ORIGINAL_PAGE, title, body)
    found = comparison.problems(0.9)
    if problems == "similarity":
        assert found[0].startswith("正文与原文相似度") and found[0].endswith("低于 90%")
    else:
        assert found == problems


def test_it_shows_the_differences_with_context():
    comparison = compare_repost(TITLE, ORIGINAL_PAGE, TITLE, BODY.replace("38%", "83%"))
    assert comparison.similarity > 0.95
    assert comparison.shown_chunks() == [
        {"op": "equal", "text": "今年以来，全省新增城镇就业45.6万人，完成全年目标任务的"},
        {"op": "delete", "text": "38%"},
        {"op": "insert", "text": "83%"},
        {"op": "equal", "text": "。\n省人社厅厅长王建国表示，将继续做好高校毕业生就业工作。"},
    ]


def test_it_cuts_long_unchanged_stretches_in_what_it_shows():
    long = "全县各乡镇认真落实春耕生产各项措施，" * 5
    comparison = compare_repost("标题", "标题\n" + long + "投入资金300万元。" + long, "标题", long + "投入资金500万元。" + long)
    assert comparison.shown_chunks() == [
        {"op": "equal", "text": "…各乡镇认真落实春耕生产各项措施，投入资金"},
        {"op": "delete", "text": "300"},
        {"op": "insert", "text": "500"},
        {"op": "equal", "text": "万元。全县各乡镇认真落实春耕生产各项措施…"},
    ]
    assert comparison.numbers == [("300", "500")]


def test_it_compares_against_the_article_not_the_menus_around_it():
    comparison = compare_repost(TITLE, ORIGINAL_PAGE, TITLE, BODY)
    assert comparison.similarity == 1.0

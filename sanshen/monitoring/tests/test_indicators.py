"""The update indicators (国办秘函〔2019〕19号) as a threshold table: home page, columns, accounts, forged dates."""

from __future__ import annotations

import datetime as dt

import pytest

from sanshen.monitoring.indicators import DEFAULTS, ColumnState, account_state, column_state, evaluate, forged_dates
from sanshen.monitoring.pages import ListEntry, parse_page

TODAY = dt.date(2026, 6, 30)
HOME = "https://www.jinping.gov.cn/"


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def col(name: str, kind: str, age: int | None, *, empty: bool = False, problem: str = "") -> ColumnState:
    return ColumnState(name, f"{HOME}{name}/", kind, ago(age) if age is not None else None, 0 if age is None else 5, empty, problem)


@pytest.mark.parametrize(
    "age, stale",
    [
        (0, False),
        (13, False),
        (14, True),  # 2 weeks without a new item
        (40, True),
        (None, True),  # 未注明发布时间的视为不更新
    ],
)
def test_it_flags_a_home_page_not_updated_for_two_weeks(age, stale):
    findings, summary = evaluate(col("首页", "other", age), [], {}, TODAY)
    assert [(f.kind, f.rule, f.severity, f.home) for f in findings] == ([("stale", "stale.home", "serious", True)] if stale else [])
    assert summary["home"]["stale"] is stale
    if stale:
        said = f"已 {age} 天无新信息" if age is not None else "未注明发布时间（视为不更新）"
        assert findings[0].message == f"首页{said}，超过 14 天即单项否决"


@pytest.mark.parametrize(
    "kind, age, stale",
    [
        ("news", 13, False),
        ("news", 14, True),
        ("policy", 182, False),
        ("policy", 183, True),  # 通知公告/政策文件: 6 months
        ("other", 364, False),
        ("other", 365, True),
        ("news", None, True),
    ],
)
def test_it_judges_each_column_by_its_kind(kind, age, stale):
    findings, summary = evaluate(None, [col("栏目", kind, age)], {}, TODAY)
    assert [f.rule for f in findings] == (["stale.column"] if stale else [])
    assert summary["columns"][0]["stale"] is stale


def test_it_reaches_the_veto_lines_of_the_threshold_table():
    columns = [col(f"动态{i}", "news", 20) for i in range(3)] + [col(f"政策{i}", "policy", 200) for i in range(2)]
    columns += [col(f"空{i}", "news", None, empty=True) for i in range(5)]
    columns += [col("打不开", "news", None, problem="HTTP 500")]
    findings, summary = evaluate(col("首页", "other", 1), columns, {}, TODAY)
    vetoes = [(f.rule, f.message) for f in findings if f.severity == "serious"]
    assert vetoes == [
        ("stale.columns_veto", "不更新栏目 5 个，达到单项否决线（5 个）"),
        ("stale.empty_veto", "空白栏目 5 个，达到单项否决线（5 个）"),
    ]
    assert (summary["news_stale"], summary["policy_stale"], summary["long_stale"], summary["empty"]) == (3, 2, 0, 5)
    assert summary["veto"] == ["不更新栏目 5 个", "空白栏目 5 个"]


def test_it_uses_the_county_offices_thresholds():
    columns = [col(f"动态{i}", "news", 10) for i in range(2)]
    findings, summary = evaluate(None, columns, {"news_stale_days": 7, "stale_columns_veto": 2}, TODAY)
    assert [f.rule for f in findings] == ["stale.column", "stale.column", "stale.columns_veto"]
    assert [c["limit"] for c in summary["columns"]] == [7, 7]
    assert DEFAULTS["news_stale_days"] == 14


def test_it_reads_a_column_page():
    page = parse_page(HOME, "<ul><li><a href='/a'>一</a>2026-06-01</li><li><a href='/b'>二</a>2026-05-01</li></ul>")
    state = column_state("动态", HOME, "news", page)
    assert (state.last, state.items, state.empty) == (dt.date(2026, 6, 1), 2, False)
    empty = column_state("空", HOME, "news", parse_page(HOME, "<p>暂无信息</p>"))
    assert (empty.last, empty.items, empty.empty) == (None, 0, True)
    undated = column_state("无日期", HOME, "news", parse_page(HOME, "<ul><li><a href='/a'>一</a></li></ul>"))
    assert (undated.last, undated.empty) == (None, False)
    missing = column_state("打不开", HOME, "news", None, "HTTP 404")
    assert missing.problem == "HTTP 404"


def test_it_suspects_an_item_that_appeared_with_a_date_before_the_last_run():
    entries = [
        ListEntry(f"{HOME}a", "旧的", ago(30)),  # seen before: fine
        ListEntry(f"{HOME}b", "新的", ago(0)),  # new, dated today: fine
        ListEntry(f"{HOME}c", "补发", ago(20)),  # new, dated before the last run: suspect
        ListEntry(f"{HOME}d", "昨天的", ago(1)),  # new, dated the day of the last run: fine
    ]
    findings = forged_dates(entries, {f"{HOME}a"}, ago(1), {f"{HOME}c": f"{HOME}col/"})
    assert [(f.kind, f.url, f.target, f.context) for f in findings] == [("forged_date", f"{HOME}col/", f"{HOME}c", ago(20).isoformat())]
    assert findings[0].message == (
        f"新出现的信息标注的发布日期 {ago(20).isoformat()} 早于上次监测（{ago(1).isoformat()}），当时并不存在，疑似伪造发布日期"
    )
    # The first run only records what is there.
    assert forged_dates(entries, set(), None, {}) == []


@pytest.mark.parametrize(
    "age, override, rule",
    [
        (3, None, None),
        (7, None, "stale.account_warn"),
        (14, None, "stale.account"),
        (None, None, "stale.account"),
        (9, 10, "stale.account_warn"),  # 福州: 10 天 (a local override)
        (10, 10, "stale.account"),
    ],
)
def test_it_flags_zombie_accounts(age, override, rule):
    findings, row = account_state("锦屏发布", "https://mp.example/", ago(age) if age is not None else None, {}, TODAY, override)
    assert [f.rule for f in findings] == ([rule] if rule else [])
    assert row["limit"] == (override or 14)

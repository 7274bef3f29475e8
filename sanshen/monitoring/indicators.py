"""考核指标: the national indicators of 国办秘函〔2019〕19号 that a crawl can compute. No Django.

The thresholds are data (`THRESHOLDS`, defaults from docs checks.md §2.2/§3.9); the county office overrides
them on the 监测 page. Not computed here: 互动回应差 (unanswered messages), because this system has no message
module and so no data to count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .inspect import SiteFinding
from .pages import ListEntry


@dataclass(frozen=True)
class Threshold:
    key: str
    label: str
    default: int
    unit: str
    help: str


THRESHOLDS = (
    Threshold("home_stale_days", "首页不更新", 14, "天", "首页超过该天数无新信息即单项否决（未注明发布时间的视为不更新）"),
    Threshold("news_stale_days", "动态、要闻类栏目不更新", 14, "天", "动态、要闻类栏目超过该天数未更新，计为不更新栏目"),
    Threshold("policy_stale_days", "通知公告、政策文件类栏目不更新", 183, "天", "通知公告、政策文件类栏目超过该天数未更新，计为不更新栏目"),
    Threshold("stale_columns_veto", "不更新栏目数", 5, "个", "以上两类不更新栏目合计达到该数即单项否决"),
    Threshold("long_stale_days", "栏目长期未更新", 365, "天", "任何栏目超过该天数未更新，计为长期未更新栏目"),
    Threshold("long_stale_columns", "长期未更新栏目数", 10, "个", "长期未更新栏目达到该数即单项否决"),
    Threshold("empty_columns", "空白栏目数", 5, "个", "空白栏目达到该数即单项否决"),
    Threshold("account_stale_days", "新媒体账号不更新（僵尸号）", 14, "天", "账号超过该天数无新发布即列为僵尸号风险；账号可单独设置"),
    Threshold("account_warn_days", "新媒体账号更新提醒", 7, "天", "超过该天数无新发布先提醒"),
    Threshold("repost_similarity", "转载正文相似度下限", 90, "%", "转载稿正文与原文相似度低于该值即视为改动原意"),
    Threshold("probe_failure_percent", "站点无法访问比例", 5, "%", "一周内探测失败比例达到该值即单项否决（每次探测 15 秒未打开即失败）"),
    Threshold("probe_per_day", "每日探测次数下限", 20, "次", "每天探测不足该次数时，无法访问比例只作参考"),
)
THRESHOLD_KEYS = tuple(t.key for t in THRESHOLDS)
DEFAULTS = {t.key: t.default for t in THRESHOLDS}

NEWS, POLICY, OTHER = "news", "policy", "other"
COLUMN_KINDS = {NEWS: "动态、要闻类", POLICY: "通知公告、政策文件类", OTHER: "其他栏目"}
# Words a column page shows when it has nothing in it.
EMPTY_MARKERS = ("暂无信息", "暂无数据", "暂无内容", "暂无记录", "没有信息", "无相关信息")


@dataclass
class ColumnState:
    """What one crawl saw of a column (or of the home page): its newest date and how many dated items."""

    name: str
    url: str
    kind: str = OTHER
    last: dt.date | None = None
    items: int = 0
    empty: bool = False
    problem: str = ""  # why the column page could not be read
    entries: list[ListEntry] = field(default_factory=list)

    def age(self, today: dt.date) -> int | None:
        return (today - self.last).days if self.last else None

    def as_dict(self, today: dt.date, limit_days: int | None = None) -> dict:
        age = self.age(today)
        return {
            "name": self.name,
            "url": self.url,
            "kind": self.kind,
            "last": self.last.isoformat() if self.last else "",
            "age": age,
            "items": self.items,
            "empty": self.empty,
            "problem": self.problem,
            "limit": limit_days,
            "stale": limit_days is not None and (age is None or age >= limit_days) and not self.empty and not self.problem,
        }


def column_state(name: str, url: str, kind: str, page, problem: str = "") -> ColumnState:
    """A ColumnState from a parsed page (None when it could not be fetched)."""
    if page is None:
        return ColumnState(name, url, kind, problem=problem or "无法打开")
    dates = [e.date for e in page.entries] or page.dates
    empty = not dates and any(marker in page.text for marker in EMPTY_MARKERS)
    return ColumnState(name, url, kind, max(dates) if dates else None, len(page.entries), empty, entries=list(page.entries))


def limit_for(kind: str, thresholds: dict) -> int:
    return thresholds["news_stale_days"] if kind == NEWS else thresholds["policy_stale_days"] if kind == POLICY else thresholds["long_stale_days"]


def evaluate(
    home: ColumnState | None, columns: list[ColumnState], thresholds: dict, today: dt.date
) -> tuple[list[SiteFinding], dict]:
    """The update indicators of one site: findings, and a summary for the 监测 page (home, columns, vetoes)."""
    t = {**DEFAULTS, **thresholds}
    findings: list[SiteFinding] = []
    summary: dict = {"today": today.isoformat(), "columns": [], "veto": []}
    if home is not None:
        age = home.age(today)
        summary["home"] = home.as_dict(today, t["home_stale_days"])
        if not home.problem and (age is None or age >= t["home_stale_days"]):
            said = f"已 {age} 天无新信息" if age is not None else "未注明发布时间（视为不更新）"
            findings.append(
                SiteFinding(home.url, "stale", "serious", home.last.isoformat() if home.last else "无日期",
                            f"首页{said}，超过 {t['home_stale_days']} 天即单项否决", rule="stale.home", home=True)
            )  # fmt: skip
            summary["veto"].append(f"首页{said}")
    news = policy = long_stale = empty = 0
    for column in columns:
        limit = limit_for(column.kind, t)
        row = column.as_dict(today, limit)
        summary["columns"].append(row)
        age = row["age"]
        if column.problem:
            continue
        if column.empty:
            empty += 1
            findings.append(SiteFinding(column.url, "empty_column", "warn", column.name, f"栏目“{column.name}”是空白栏目", rule="stale.empty"))
            continue
        if age is None or age >= t["long_stale_days"]:
            long_stale += 1
        if row["stale"]:
            news += column.kind == NEWS
            policy += column.kind == POLICY
            said = f"已 {age} 天未更新" if age is not None else "没有注明发布时间的信息（视为不更新）"
            findings.append(
                SiteFinding(column.url, "stale", "warn", column.name,
                            f"{COLUMN_KINDS[column.kind]}栏目“{column.name}”{said}（要求 {limit} 天内更新）", rule="stale.column")
            )  # fmt: skip
    summary.update(news_stale=news, policy_stale=policy, long_stale=long_stale, empty=empty)
    for count, limit, rule, said in (
        (news + policy, t["stale_columns_veto"], "stale.columns_veto", "不更新栏目"),
        (long_stale, t["long_stale_columns"], "stale.long_veto", "长期未更新栏目"),
        (empty, t["empty_columns"], "stale.empty_veto", "空白栏目"),
    ):
        if count >= limit:
            url = home.url if home is not None else (columns[0].url if columns else "")
            findings.append(SiteFinding(url, "stale", "serious", f"{count} 个", f"{said} {count} 个，达到单项否决线（{limit} 个）", rule=rule))
            summary["veto"].append(f"{said} {count} 个")
    return findings, summary


def forged_dates(entries: list[ListEntry], seen: set[str], since: dt.date | None, source_of: dict[str, str]) -> list[SiteFinding]:
    """弄虚作假 risk: an item first seen now whose shown date is before the previous crawl (it was not there then).

    `seen`: every address an earlier run saw; `since`: the date of the previous run (None on the first run,
    which only records what is there).
    """
    if since is None:
        return []
    out = {}
    for entry in entries:
        if entry.url in seen or entry.url in out or entry.date >= since:
            continue
        out[entry.url] = SiteFinding(
            source_of.get(entry.url, entry.url), "forged_date", "serious", entry.title or entry.url,
            f"新出现的信息标注的发布日期 {entry.date.isoformat()} 早于上次监测（{since.isoformat()}），当时并不存在，疑似伪造发布日期",
            rule="date.forged", target=entry.url, context=entry.date.isoformat(),
        )  # fmt: skip
    return list(out.values())


def account_state(name: str, url: str, last: dt.date | None, thresholds: dict, today: dt.date, override: int | None = None) -> tuple[list[SiteFinding], dict]:
    """僵尸号 risk of one new-media account from the date of its newest post."""
    t = {**DEFAULTS, **thresholds}
    limit = override or t["account_stale_days"]
    age = (today - last).days if last else None
    row = {"name": name, "url": url, "last": last.isoformat() if last else "", "age": age, "limit": limit}
    row["stale"] = age is None or age >= limit
    row["warn"] = not row["stale"] and age is not None and age >= t["account_warn_days"]
    findings = []
    if row["stale"]:
        said = f"已 {age} 天未发布新内容" if age is not None else "找不到任何发布日期"
        findings.append(SiteFinding(url, "stale", "serious", name, f"新媒体账号“{name}”{said}（要求 {limit} 天内更新），有僵尸号风险", rule="stale.account"))
    elif row["warn"]:
        findings.append(SiteFinding(url, "stale", "warn", name, f"新媒体账号“{name}”已 {age} 天未发布新内容，{limit} 天不更新即为僵尸号风险", rule="stale.account_warn"))
    return findings, row

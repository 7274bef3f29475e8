"""栏目与分类: the item fits its column and its grade (第三条第5项, 第五条).

Two sources of evidence. Rules: each column kind has its content (招聘, 招标采购, 预决算, 人事, 政策文件, 动态), and
第五条 ties grades to columns (部门动态、乡镇动态 are 一般信息, 政务信息 is 重要信息). Profiles: what a column's own
published items look like, learned by `profiles.build_column_profile` and passed in `CheckContext.column_profiles`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..context import CheckContext
from ..finding import Finding

SOURCE_COLUMN = "第三条第5项 符合网站对应发布栏目的内容"
SOURCE_GRADE = "第五条 信息分类"

KIND_LABELS = {
    "news": "动态",
    "notice": "通知公告",
    "policy": "政策文件",
    "personnel": "人事信息",
    "recruitment": "招聘",
    "procurement": "招标采购",
    "budget": "预决算公开",
}
# What each kind of column may carry besides its own content. 通知公告 carries notices of every kind.
ACCEPTS = {
    "news": frozenset({"news"}),
    "notice": frozenset(KIND_LABELS),
    "policy": frozenset({"policy"}),
    "personnel": frozenset({"personnel", "recruitment"}),
    "recruitment": frozenset({"recruitment", "personnel"}),
    "procurement": frozenset({"procurement"}),
    "budget": frozenset({"budget", "policy"}),
}
# A profile learned from fewer items than this says too little about its column.
MIN_PROFILE_ITEMS = 20
# A text scoring this many spreads below a column's own items is unlike them.
UNUSUAL = -3.0
# …and it belongs elsewhere when another column's items share its character pairs this much more: a score is a mean
# log share, so 1.0 is pairs found in e (2.7) times the share of that column's items.
MUCH_MORE_ALIKE = 1.0


@dataclass(frozen=True)
class _Kind:
    """How an item of one kind shows itself: a title naming the document, or its body's words.

    A body shows the kind when it holds at least two of the words only such documents use (`defining`) and at
    least four of those and the common ones (`supporting`) together.
    """

    title: re.Pattern
    defining: tuple[str, ...]
    supporting: tuple[str, ...]


# Title patterns name the document: a kind's words, then what the document is ("…采购项目中标公告").
KINDS = {
    "recruitment": _Kind(
        re.compile(r"(?:招聘(?!会|月|活动|服务|周)|招录|招考|考录|选调|遴选|考调|选聘|人才引进|聘用|录用|资格复审|"
                   r"资格审查|笔试|面试|体检|考察)\S*(?:公告|公示|简章|启事|通知|名单|成绩|安排)$"),
        ("报名时间", "报名方式", "报名地点", "岗位代码", "招聘岗位", "招聘人数", "招聘计划", "准考证", "资格复审",
         "拟聘用", "拟录用", "报考"),
        ("资格审查", "笔试", "面试", "体检", "考察", "聘用", "录用", "应聘", "试用期", "学历", "年龄", "综合成绩",
         "考试", "岗位"),
    ),
    "procurement": _Kind(
        re.compile(r"(?:招标|中标|成交|采购|磋商|谈判|询价|比选|单一来源|投标|开标|评标|流标|废标)\S*"
                   r"(?:公告|公示|结果|通知|意向|需求|文件)$"),
        ("采购人", "招标人", "投标人", "供应商", "采购代理机构", "招标代理", "中标候选人", "成交供应商", "开标时间",
         "投标文件", "响应文件", "磋商文件", "招标文件"),
        ("项目编号", "预算金额", "最高限价", "标段", "保证金", "资格要求", "评标", "中标", "成交", "采购", "递交"),
    ),
    "budget": _Kind(
        re.compile(r"(?:预算|决算|三公.?经费)\S*(?:公开|说明|报告|草案|情况|表)$"),
        ("收支总表", "功能分类", "经济分类", "财政拨款收支", "三公经费", "“三公”经费", "机关运行经费", "部门预算",
         "部门决算", "单位预算", "单位决算"),
        ("一般公共预算", "政府性基金", "国有资本经营预算", "财政拨款", "基本支出", "项目支出", "绩效目标",
         "预算单位", "决算数", "预算数", "上年结转", "年初预算"),
    ),
    "personnel": _Kind(
        re.compile(r"任前公示|干部任职公示|(?:任免|任职|免职|聘任|任命|职务)\S{0,15}(?:通知|决定|公示|公告)$"),
        ("任前公示", "拟任", "任命", "免去", "任职", "免职", "职务任免", "人事任免", "提名为", "聘任为", "辞去"),
        ("同志", "职务", "现任", "试用期", "公示期", "干部", "民主推荐", "组织部", "出生", "学历", "籍贯", "入党",
         "参加工作"),
    ),
    "policy": _Kind(
        re.compile(r"关于印发\S+的(?:通知|函)$|关于\S+的(?:实施意见|指导意见|意见|办法|规定)$|"
                   r"(?:管理办法|实施办法|实施细则|暂行办法|暂行规定|实施方案|若干措施|若干规定)"
                   r"(?:[（(](?:试行|暂行|征求意见稿)[）)])?$|政策解读"),
        ("印发给你们", "请认真贯彻执行", "请认真遵照执行", "请遵照执行", "自印发之日起", "自发布之日起",
         "各乡镇人民政府", "县直各部门", "县直各单位", "第一条", "第二条"),
        ("第三条", "第一章", "总则", "附则", "负责解释", "施行", "试行", "指导思想", "基本原则", "工作目标",
         "主要任务", "保障措施", "组织领导", "责任分工"),
    ),
    "news": _Kind(
        re.compile(r"召开|举行|举办|开展|出席|调研|部署|座谈|走访|慰问|开幕|闭幕|督导|观摩|推进会"),
        ("近日", "日前", "会议指出", "会议强调", "会议要求", "会上", "据悉", "据了解", "一行", "记者", "通讯员"),
        ("召开", "出席", "主持", "讲话", "调研", "走访", "慰问", "现场", "活动", "开展", "参加", "指出", "强调"),
    ),
}
# A document's title is a name, not a sentence: a title holding sentence marks is read by its body alone.
SENTENCE_MARKS = re.compile(r"[，。；？！?!;]")
# A title that tells what happened ("我县召开招聘工作推进会") is news about a document, not the document.
NEWS_TITLE = KINDS["news"].title
NEWS_TITLE_EXTRA = re.compile(r"审议|出台|学习|宣讲|宣传|解读会|^我[县镇乡局]")

# 第五条: 部门动态、乡镇动态 are 一般信息; 政务信息 is 重要信息.
GENERAL_COLUMN = re.compile(r"部门动态|乡镇动态|部门信息|乡镇信息|街道动态")
IMPORTANT_COLUMN = re.compile(r"政务信息|政务要闻")
# 重要信息: 县委、县政府重要会议, 主要领导重要活动.
IMPORTANT_TITLE = re.compile(
    r"县委\S{0,8}常委会|县委全会|县委\S{0,12}全体(?:会议|扩大会议)|县(?:人民)?政府\S{0,8}常务会议|县委书记|"
    r"(?<![副代])县长(?!信箱|热线|公开电话|接待日)"
)


class ColumnFitChecker:
    """Warns when an item does not fit its column or grade: a 招标 notice in a 动态 column, a 政务信息 item graded
    一般, a 县委常委会 report graded 一般, or an item unlike everything its column has published."""

    code = "column_fit"
    label = "栏目与分类"

    EXAMPLES = [
        (
            "关于县第一中学食堂设备采购项目的中标公告\n采购人：县第一中学；中标供应商：某公司；中标金额：30万元。",
            ["column_fit.kind"],
            {"title": "关于县第一中学食堂设备采购项目的中标公告", "target_column": "部门动态", "column_kind": "news"},
        ),
        (
            "关于县第一中学食堂设备采购项目的中标公告\n采购人：县第一中学；中标供应商：某公司。",
            [],
            {"title": "关于县第一中学食堂设备采购项目的中标公告", "target_column": "通知公告", "column_kind": "notice"},
        ),
        (
            "县农业农村局召开招标采购工作推进会\n近日，县农业农村局召开会议，部署政府采购工作。",
            [],
            {"title": "县农业农村局召开招标采购工作推进会", "target_column": "部门动态", "column_kind": "news"},
        ),
        (
            "县政府召开第12次常务会议\n会议研究了有关事项。",
            ["column_fit.grade"],
            {"title": "县政府召开第12次常务会议", "target_column": "政务信息", "column_kind": "news",
             "grade": "general"},
        ),
        (
            "城关镇开展春耕生产督导\n近日，城关镇开展春耕生产督导。",
            ["column_fit.grade"],
            {"title": "城关镇开展春耕生产督导", "target_column": "乡镇动态", "column_kind": "news", "grade": "important"},
        ),
        (
            "城关镇开展春耕生产督导\n近日，城关镇开展春耕生产督导。",
            [],
            {"title": "城关镇开展春耕生产督导", "target_column": "乡镇动态", "column_kind": "news", "grade": "general"},
        ),
        (
            "城关镇开展春耕生产督导\n近日，城关镇开展春耕生产督导。",
            ["column_fit.topic"],
            {"title": "城关镇开展春耕生产督导", "target_column": "乡镇动态", "column_kind": "news",
             "topics": ("procurement",)},
        ),
        # Files are checked without the title: the item as a whole is judged once, on its body.
        ("采购人：县第一中学；中标供应商：某公司；开标时间：5月1日。", [], {"column_kind": "news"}),
    ]  # fmt: skip

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        title = context.title
        if not title.strip():
            return []
        findings = self._grade(title, context)
        kind = context.column_kind
        if kind not in ACCEPTS:
            return findings
        column = context.target_column or KIND_LABELS[kind]
        looks_like = self._looks_like(title, text)
        if looks_like and not looks_like & ACCEPTS[kind]:
            shown = "、".join(KIND_LABELS[k] for k in sorted(looks_like, key=list(KIND_LABELS).index))
            findings.append(
                self._finding(
                    "column_fit.kind", title,
                    f"本稿内容像“{shown}”类信息，与栏目“{column}”（{KIND_LABELS[kind]}）不符，请核对发布栏目",
                    SOURCE_COLUMN,
                )
            )  # fmt: skip
            return findings
        tagged = [t for t in context.topics if t in KINDS and t != "news" and t not in ACCEPTS[kind]]
        if tagged:
            shown = "、".join(KIND_LABELS[t] for t in tagged)
            findings.append(
                self._finding(
                    "column_fit.topic", title,
                    f"本稿标记为“{shown}”专题，与栏目“{column}”（{KIND_LABELS[kind]}）不符，请核对发布栏目或专题",
                    SOURCE_COLUMN,
                )
            )  # fmt: skip
            return findings
        if looks_like & ACCEPTS[kind]:
            return findings  # the rules say it fits: the profile does not overrule them
        findings += self._profile(title, text, context, column)
        return findings

    def _looks_like(self, title: str, text: str) -> set[str]:
        """The kinds of column the item's content belongs to, by the rules."""
        found = set()
        headline = bool(NEWS_TITLE.search(title) or NEWS_TITLE_EXTRA.search(title))
        sentence = bool(SENTENCE_MARKS.search(title))
        for kind, signs in KINDS.items():
            if kind == "news":
                # News shows itself by its title and its reporting words together.
                if headline and self._body_shows(signs, text, defining=1, together=3):
                    found.add(kind)
                continue
            if not headline and not sentence and signs.title.search(title):
                found.add(kind)
            elif self._body_shows(signs, text, defining=2, together=4):
                found.add(kind)
        return found

    @staticmethod
    def _body_shows(signs: _Kind, text: str, *, defining: int, together: int) -> bool:
        defined = sum(word in text for word in signs.defining)
        if defined < defining:
            return False
        return defined + sum(word in text for word in signs.supporting) >= together

    def _grade(self, title: str, context: CheckContext) -> list[Finding]:
        grade, column = context.grade, context.target_column
        if grade == "general" and IMPORTANT_TITLE.search(title):
            what = IMPORTANT_TITLE.search(title).group()
            message = f"标题涉及“{what}”，按第五条属重要信息（县委、县政府重要会议，主要领导重要活动），当前分类为一般信息"
        elif grade == "general" and IMPORTANT_COLUMN.search(column):
            message = f"按第五条，“{column}”栏目发布的是重要信息，当前分类为一般信息，请核对分类或栏目"
        elif grade == "important" and GENERAL_COLUMN.search(column):
            message = f"按第五条，部门动态、乡镇动态为一般信息，重要信息即政务信息；本稿分类为重要信息，栏目为“{column}”"
        else:
            return []
        return [self._finding("column_fit.grade", title, message, SOURCE_GRADE)]

    def _profile(self, title: str, text: str, context: CheckContext, column: str) -> list[Finding]:
        profiles = context.column_profiles
        own = profiles.get(context.target_column)
        if own is None or own.items < MIN_PROFILE_ITEMS:
            return []
        own_score = own.score(text)
        if (own_score - own.mean) / own.spread >= UNUSUAL:
            return []
        # Only a column of another kind, whose items the text resembles, says what the text looks like.
        others = [
            (profile.score(text), name, profile)
            for name, profile in profiles.items()
            if name != context.target_column
            and profile.items >= MIN_PROFILE_ITEMS
            and profile.kind in KIND_LABELS
            and profile.kind not in ACCEPTS[context.column_kind]
        ]
        if not others:
            return []
        score, name, profile = max(others, key=lambda other: other[0])
        if (score - profile.mean) / profile.spread < UNUSUAL or score - own_score < MUCH_MORE_ALIKE:
            return []
        return [
            self._finding(
                "column_fit.profile", title,
                f"本稿与栏目“{column}”已发布的稿件差异较大，更像“{name}”栏目的稿件，请核对发布栏目",
                SOURCE_COLUMN,
            )
        ]  # fmt: skip

    @staticmethod
    def _finding(rule: str, title: str, message: str, source: str) -> Finding:
        # About the item as a whole: shown on its title.
        return Finding(
            rule=rule,
            category="column_fit",
            standard=5,
            severity="warn",
            start=0,
            end=len(title),
            text=title,
            message=message,
            source=source,
            location={"field": "title"},
        )

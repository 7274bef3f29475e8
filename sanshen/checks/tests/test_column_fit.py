import json
import random

import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.column_fit import MIN_PROFILE_ITEMS, ColumnFitChecker
from sanshen.checks.profiles import ColumnProfile, build_column_profile, column_fit_score


@pytest.fixture(scope="module")
def checker():
    return ColumnFitChecker()


def check(checker, title, body, **context):
    text = title + "\n" + body
    findings = checker.check(text, CheckContext(title=title, **context))
    for f in findings:
        assert (f.category, f.standard, f.severity) == ("column_fit", 5, "warn")
        assert (f.start, f.end, f.text, f.location) == (0, len(title), title, {"field": "title"})
    return findings


TENDER = ("关于县第一中学食堂设备采购项目的中标公告", "采购人：县第一中学。中标供应商：某科技有限公司，中标金额：30万元。")
TENDER_BODY_ONLY = (
    "县第一中学食堂设备项目结果",
    "一、采购人：县第一中学。二、采购代理机构：某招标代理有限公司。三、中标候选人：某公司。四、开标时间：5月6日。",
)
RECRUITMENT = ("县卫生健康局2024年公开招聘卫生专业技术人员公告", "报名时间：5月6日至10日。报名方式：现场报名。")
PERSONNEL = ("王某某等同志任前公示", "经县委研究，拟任王某某同志为县教育局副局长。公示期为5个工作日。")
BUDGET = ("县教育局2024年部门预算公开说明", "一、收支总表。二、财政拨款收支总表。三、一般公共预算支出表。")
POLICY = ("县人民政府办公室关于印发县农村人居环境整治实施方案的通知", "各乡镇人民政府，县直各部门：现将方案印发给你们，请认真贯彻执行。")
NEWS = (
    "县农业农村局召开春耕生产工作推进会",
    "近日，县农业农村局召开春耕生产工作推进会，局长出席会议并讲话。会议强调，要压实责任，确保各项任务落到实处。",
)
# News about a document is news: the title tells what happened.
NEWS_ABOUT_TENDER = ("县财政局召开政府采购工作培训会", "近日，县财政局召开培训会，讲解采购人、供应商的权利义务。")


@pytest.mark.parametrize(
    "item, column_kind, expected",
    [
        # an item of one kind in a column of another
        (TENDER, "news", "本稿内容像“招标采购”类信息，与栏目“部门动态”（动态）不符，请核对发布栏目"),
        (TENDER, "procurement", None),
        (TENDER, "notice", None),
        (TENDER_BODY_ONLY, "news", "本稿内容像“招标采购”类信息，与栏目“部门动态”（动态）不符，请核对发布栏目"),
        (TENDER_BODY_ONLY, "procurement", None),
        (RECRUITMENT, "budget", "本稿内容像“招聘”类信息，与栏目“部门动态”（预决算公开）不符，请核对发布栏目"),
        (RECRUITMENT, "recruitment", None),
        (RECRUITMENT, "personnel", None),
        (PERSONNEL, "procurement", "本稿内容像“人事信息”类信息，与栏目“部门动态”（招标采购）不符，请核对发布栏目"),
        (PERSONNEL, "recruitment", None),
        (BUDGET, "news", "本稿内容像“预决算公开”类信息，与栏目“部门动态”（动态）不符，请核对发布栏目"),
        (BUDGET, "budget", None),
        (POLICY, "news", "本稿内容像“政策文件”类信息，与栏目“部门动态”（动态）不符，请核对发布栏目"),
        (POLICY, "policy", None),
        (POLICY, "budget", None),
        (NEWS, "policy", "本稿内容像“动态”类信息，与栏目“部门动态”（政策文件）不符，请核对发布栏目"),
        (NEWS, "news", None),
        (NEWS, "notice", None),
        (NEWS_ABOUT_TENDER, "news", None),
        # without a column kind the rules have nothing to compare with
        (TENDER, "", None),
    ],
)
def test_it_compares_the_content_with_the_column_kind(checker, item, column_kind, expected):
    findings = check(checker, *item, target_column="部门动态", column_kind=column_kind)
    assert [f.message for f in findings] == ([expected] if expected else [])
    assert all(f.rule == "column_fit.kind" for f in findings)


@pytest.mark.parametrize(
    "title, column, grade, expected",
    [
        # 第五条: 政务信息 is 重要信息, 部门动态 and 乡镇动态 are 一般信息
        ("城关镇开展春耕督导", "政务信息", "general", "按第五条，“政务信息”栏目发布的是重要信息，当前分类为一般信息，请核对分类或栏目"),
        ("城关镇开展春耕督导", "政务信息", "important", None),
        ("城关镇开展春耕督导", "乡镇动态", "important",
         "按第五条，部门动态、乡镇动态为一般信息，重要信息即政务信息；本稿分类为重要信息，栏目为“乡镇动态”"),
        ("城关镇开展春耕督导", "部门动态", "important",
         "按第五条，部门动态、乡镇动态为一般信息，重要信息即政务信息；本稿分类为重要信息，栏目为“部门动态”"),
        ("城关镇开展春耕督导", "乡镇动态", "general", None),
        ("城关镇开展春耕督导", "乡镇动态", "special", None),
        # 县委、县政府重要会议 and 主要领导重要活动 are 重要信息
        ("县政府召开第12次常务会议", "部门动态", "general",
         "标题涉及“县政府召开第12次常务会议”，按第五条属重要信息（县委、县政府重要会议，主要领导重要活动），当前分类为一般信息"),
        ("县长王某某到城关镇调研", "乡镇动态", "general",
         "标题涉及“县长”，按第五条属重要信息（县委、县政府重要会议，主要领导重要活动），当前分类为一般信息"),
        ("县政府召开第12次常务会议", "政务信息", "important", None),
        ("副县长王某某到城关镇调研", "乡镇动态", "general", None),
        ("县长信箱答复汇总", "部门动态", "general", None),
        ("城关镇召开党委会议", "乡镇动态", "general", None),
        ("城关镇开展春耕督导", "乡镇动态", "", None),
    ],
)  # fmt: skip
def test_it_ties_grades_to_columns(checker, title, column, grade, expected):
    findings = check(checker, title, "正文。", target_column=column, grade=grade)
    assert [f.message for f in findings] == ([expected] if expected else [])
    assert all((f.rule, f.source) == ("column_fit.grade", "第五条 信息分类") for f in findings)


@pytest.mark.parametrize(
    "topics, column_kind, expected",
    [
        (("procurement",), "news", "本稿标记为“招标采购”专题，与栏目“部门动态”（动态）不符，请核对发布栏目或专题"),
        (("recruitment", "budget"), "personnel", "本稿标记为“预决算公开”专题，与栏目“部门动态”（人事信息）不符，请核对发布栏目或专题"),
        (("procurement",), "procurement", None),
        (("procurement",), "notice", None),
        (("emergency", "not_public"), "news", None),
    ],
)  # fmt: skip
def test_it_compares_topics_with_the_column_kind(checker, topics, column_kind, expected):
    findings = check(checker, "城关镇春耕生产情况", "正文。", target_column="部门动态", column_kind=column_kind, topics=topics)
    assert [(f.rule, f.message) for f in findings] == ([("column_fit.topic", expected)] if expected else [])


def test_it_judges_the_item_once_on_its_body_not_in_each_file(checker):
    # Attachments and pictures are checked with an empty title.
    text = "\n".join(TENDER)
    context = CheckContext(target_column="政务信息", column_kind="news", grade="general", topics=("budget",))
    assert checker.check(text, context) == []


# Profiles --------------------------------------------------------------------------------------

UNITS = ["县农业农村局", "县教育局", "县卫生健康局", "县应急管理局", "县市场监管局", "县财政局", "县交通运输局", "城关镇",
         "东湖乡", "白沙镇"]  # fmt: skip
TOPICS = ["春耕生产", "安全生产", "森林防火", "食品安全", "乡村振兴", "防汛抗旱", "营商环境", "人居环境整治"]
GOODS = ["办公设备", "食堂设备", "校园监控系统", "道路维修工程", "村级活动场所建设", "医疗设备", "图书", "农机具"]


def news_item(rng):
    unit, topic = rng.choice(UNITS), rng.choice(TOPICS)
    return (
        f"{unit}召开{topic}工作推进会",
        f"近日，{unit}召开{topic}工作推进会，{rng.choice(['局长', '镇长', '乡长', '党委书记'])}出席会议并讲话。"
        f"会议指出，要深入贯彻落实上级关于{topic}的决策部署，切实增强责任感和紧迫感。会议强调，各单位要压实责任，"
        f"加强协调配合，确保{topic}各项任务落到实处。下一步，{unit}将持续加大工作力度，推动{topic}工作提质增效。",
    )


def tender_item(rng):
    unit, goods = rng.choice(UNITS), rng.choice(GOODS)
    return (
        f"{unit}{goods}项目{rng.choice(['结果公告', '成交结果', '中标公告'])}",
        f"一、项目编号：JPCG-2024-{rng.randint(10, 99)}。二、项目名称：{unit}{goods}项目。三、采购人：{unit}。"
        f"四、成交金额：{rng.randint(10, 900)}万元。五、评审专家名单：略。六、公告期限：自本公告发布之日起1个工作日。"
        f"各有关当事人对结果有异议的，可以在公告期限届满之日起7个工作日内以书面形式提出质疑。",
    )


def corpus(make, n, seed):
    rng = random.Random(seed)
    return ["\n".join(make(rng)) for _ in range(n)]


@pytest.fixture(scope="module")
def profiles():
    return {
        "部门动态": build_column_profile(corpus(news_item, 30, 1), kind="news"),
        "招标信息": build_column_profile(corpus(tender_item, 30, 2), kind="procurement"),
    }


# A tender whose title names no document and whose body holds one word only tenders use: the rules say nothing.
QUIET_TENDER = (
    "县教育局图书项目情况",
    "一、项目编号：JPCG-2024-31。二、项目名称：县教育局图书项目。三、采购人：县教育局。四、成交金额：35万元。"
    "五、评审专家名单：略。六、公告期限：自本公告发布之日起1个工作日。各有关当事人对结果有异议的，可以在公告期限届满之日起"
    "7个工作日内以书面形式提出质疑。",
)


def test_it_learns_what_a_column_publishes(profiles):
    news, tenders = profiles["部门动态"], profiles["招标信息"]
    assert (news.items, news.kind, tenders.items, tenders.kind) == (30, "news", 30, "procurement")
    fresh_news = "\n".join(news_item(random.Random(99)))
    assert column_fit_score(fresh_news, news) > -3
    assert column_fit_score(fresh_news, tenders) < -10
    assert column_fit_score("\n".join(QUIET_TENDER), news) < -10
    assert column_fit_score("\n".join(QUIET_TENDER), tenders) > -3


def test_a_profile_survives_storage(profiles):
    stored = json.loads(json.dumps(profiles["部门动态"].to_dict(), ensure_ascii=False))
    restored = ColumnProfile.from_dict(stored)
    text = "\n".join(QUIET_TENDER)
    assert (restored.items, restored.kind) == (30, "news")
    assert restored.score(text) == profiles["部门动态"].score(text)


def test_a_profile_keeps_only_pairs_seen_twice():
    profile = build_column_profile(["春耕生产", "春耕备耕", "", "abc"])
    assert (profile.items, profile.counts) == (2, {"春耕": 2})


@pytest.mark.parametrize(
    "item, column, expected",
    [
        (QUIET_TENDER, "部门动态", "本稿与栏目“部门动态”已发布的稿件差异较大，更像“招标信息”栏目的稿件，请核对发布栏目"),
        (QUIET_TENDER, "招标信息", None),
        (news_item(random.Random(7)), "部门动态", None),
    ],
)  # fmt: skip
def test_it_warns_when_an_item_is_unlike_its_column_and_like_another(checker, profiles, item, column, expected):
    kind = profiles[column].kind
    findings = check(checker, *item, target_column=column, column_kind=kind, column_profiles=profiles)
    assert [(f.rule, f.message) for f in findings] == ([("column_fit.profile", expected)] if expected else [])


def test_it_needs_enough_items_and_another_column_to_compare(checker, profiles):
    small = {
        "部门动态": build_column_profile(corpus(news_item, MIN_PROFILE_ITEMS - 1, 1), kind="news"),
        "招标信息": profiles["招标信息"],
    }
    assert check(checker, *QUIET_TENDER, target_column="部门动态", column_kind="news", column_profiles=small) == []
    alone = {"部门动态": profiles["部门动态"]}
    assert check(checker, *QUIET_TENDER, target_column="部门动态", column_kind="news", column_profiles=alone) == []
    # Another column of a kind the news column may carry, or of no known kind, says nothing about where it belongs.
    for other_kind in ("news", ""):
        other = ColumnProfile.from_dict({**profiles["招标信息"].to_dict(), "kind": other_kind})
        both = {"部门动态": profiles["部门动态"], "其他": other}
        assert check(checker, *QUIET_TENDER, target_column="部门动态", column_kind="news", column_profiles=both) == []

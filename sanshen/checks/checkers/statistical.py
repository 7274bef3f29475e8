"""统计数据: totals, rates of change and shares that disagree with the figures they come from (第三条第7项)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from ..context import CheckContext
from ..finding import Finding
from ..sentences import line_starts, sentence_end, sentence_start
from .sessions import chinese_number, chinese_numeral

SOURCE = "第三条第7项 统计数据准确"

# A number as written: "1,200", "35.5", "-3".
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
MAGNITUDES = {"万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万": 10**4}
MAGNITUDE = "(?:" + "|".join(MAGNITUDES) + ")?"
# Units a figure and the figure it is compared with must share; the longer spellings first.
UNITS = (
    "个百分点", "平方公里", "千瓦时", "平方米", "立方米", "人次", "亩次", "户次", "台次", "车次", "场次", "批次", "美元", "公里", "千米", "千瓦", "公顷", "公斤",
    "千克", "标箱", "%", "‰", "元", "人", "户", "家", "个", "项", "件", "吨", "亩", "台", "辆", "次", "名", "套", "座", "所", "条", "间",
    "张", "份", "篇", "场", "批", "例", "起", "头", "只", "株", "斤", "升", "艘", "架", "床", "处", "宗", "天",
)  # fmt: skip
UNIT = "(?:" + "|".join(map(re.escape, UNITS)) + ")?"
UP = ("增长", "增加", "上升", "提高", "提升", "扩大", "增幅", "增速", "增长率", "上涨", "增", "升", "提")
DOWN = ("下降", "减少", "降低", "回落", "缩小", "下滑", "降幅", "减幅", "下跌", "降", "减")
# The longest spelling first, so that "增长率" is not read as "增长" followed by "率".
RATE_VERB = "(?:" + "|".join(sorted(UP + DOWN, key=len, reverse=True)) + ")"
# A dated figure: "由2019年的120万元", "到2024年底的150万元".
DATED = r"(?:(?:\d{4}年(?:底|末|初)?|(?:上年|去年)(?:同期|底|末|初)?)的?)?"


def _quantity(name: str) -> str:
    return rf"(?P<{name}>{NUMBER})(?P<{name}m>{MAGNITUDE})(?P<{name}u>{UNIT})"


# The pieces the change patterns are made of. A change from a to b: "从120万元增长到150万元".
_FROM_TO = rf"[从由]{DATED}{_quantity('a')}[，,]?(?:{RATE_VERB})?(?:到|至|为){DATED}{_quantity('b')}"
# What b is compared with: "比上年同期", "较2023年".
_COMPARED_WITH = (
    r"(?:比|较)(?:上年|去年|上月|上季度|上学期|上半年|上一年|前一年|\d{4}年|\d{1,2}月(?:上旬|中旬|下旬|份|底|末)?)?(?:同期)?"
)
# The change as an amount ("增加30万元"), and as a rate ("增长25%", "提高了2个百分点").
_CHANGE = rf"(?P<dv>{RATE_VERB}|多|少)了?{_quantity('d')}"
_RATE = rf"(?P<verb>{RATE_VERB})了?(?:为|达|是)?(?P<p>{NUMBER})(?P<pu>%|个百分点)"
# An amount with no rate after it: not "1.25倍", "5%" or "2个百分点".
_CHANGE_ALONE = rf"{_CHANGE}(?![\d.%倍])(?!个百分点)"


@dataclass(frozen=True)
class _Figure:
    """A figure as written: its value, what one unit of its last digit is worth (0 for a count), and its unit."""

    value: Decimal
    step: Decimal
    magnitude: str
    unit: str


def _figure(m: re.Match, name: str) -> _Figure:
    written = m.group(name).replace(",", "")
    scale = MAGNITUDES.get(m.group(name + "m"), 1)
    places = len(written.partition(".")[2])
    unit = m.group(name + "u")
    # "3个", "9000元" are counted; "150亿元", "1.5万元", "45%" are rounded to their last digit.
    counted = not places and scale == 1 and unit not in ("%", "‰")
    step = Decimal(0) if counted else Decimal(1).scaleb(-places) * scale
    return _Figure(Decimal(written) * scale, step, m.group(name + "m"), unit)


def _matches_at(pattern: re.Pattern, text: str, marks: str, offset: int):
    """pattern.match at `offset` from each occurrence of a character of `marks`, left to right and never inside the
    last match: for a pattern that opens with a class (户/人 of 户均, 由/从), which `re` would try at every
    position of the text."""
    end = 0
    for mark in re.finditer(f"[{marks}]", text):
        at = mark.start() + offset
        if at >= end and at >= 0:
            m = pattern.match(text, at)
            if m is not None:
                end = m.end()
                yield m


def _shown(value: Decimal, places: int) -> str:
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


def _places(written: str) -> int:
    return len(written.partition(".")[2])


class StatisticsChecker:
    """Finds statistics that contradict themselves: a table's 合计 that is not the sum of its rows, a rate of change
    or a share that does not follow from the two figures stated with it, and shares that add up to more than 100%."""

    code = "statistics"
    label = "统计数据"

    # "从120万元增长到150万元，增长25%"; an amount of change may come between ("增加30万元").
    FROM_TO = re.compile(rf"{_FROM_TO}(?:[，,、]?(?:同比|环比)?{_CHANGE})?[，,]?(?:同比|环比)?{_RATE}")
    # "实现150亿元，比上年增加30亿元，增长25%": the base is the figure less the change.
    BY_CHANGE = re.compile(rf"{_quantity('b')}[，,]?{_COMPARED_WITH}{_CHANGE}[，,]?(?:同比|环比)?{_RATE}")
    # "完成150万元，比上年同期的120万元增长25%".
    AGAINST = re.compile(rf"{_quantity('b')}[，,]?{_COMPARED_WITH}的?{_quantity('a')}(?:同比|环比)?{_RATE}")
    # "完成12.6亿元，上年同期完成11.2亿元，同比增长12.5%": last year's figure in a clause of its own.
    LAST_YEAR_CLAUSE = re.compile(
        rf"{_quantity('b')}[，,](?:而|较)?(?:上年|去年|上一年)(?:同期)?(?:完成|实现|为|是|达|有|共)?{_quantity('a')}"
        rf"[，,](?:同比|比上年|较上年|比去年|较去年)?{_RATE}"
    )
    # "接待游客28.6万人次，同比增长15.2%（去年同期为24.1万人次）": last year's figure in brackets after the rate.
    LAST_YEAR_BRACKET = re.compile(
        rf"{_quantity('b')}[，,](?:同比|比上年|较上年|比去年|较去年)?{_RATE}"
        rf"[（(](?:上年|去年|上一年)(?:同期)?(?:为|是|完成|实现|共)?{_quantity('a')}[）)]"
    )
    # "2024年接待游客185万人次，2025年达到212万人次，同比增长14.6%": two years' figures, each in its clause.
    YEAR_ON_YEAR = re.compile(
        rf"(?P<y1>\d{{4}})年[^，,。；\d]{{0,12}}?{_quantity('a')}[，,](?P<y2>\d{{4}})年"
        rf"(?:达到|达|为|增至|增加到|增长到|减少到|下降到|降至|降到|实现|完成|共)?{_quantity('b')}"
        rf"[，,](?:同比|比上年|较上年)?{_RATE}"
    )
    # "由2024年的46起下降到2025年的37起，减少11起": a change given as an amount alone.
    FROM_TO_AMOUNT = re.compile(rf"{_FROM_TO}[，,、]?(?:同比|环比)?{_CHANGE_ALONE}")
    # "发放补助资金48.6万元，惠及162户，户均3000元": a sum, a count and the average of the one over the other.
    AVERAGE = re.compile(rf"(?P<per>[户人])均(?:发放|补助|补贴|获得|领取|分红)?{_quantity('v')}(?!\d)")
    # "资金300万元，平均分配到三江、敦寨…5个镇，每镇60万元": a sum split evenly, and what each share is said to be.
    EVEN_SPLIT = re.compile(
        rf"平均(?:分配|分给|分到|下达|拨付|安排)?[^。；！？\n]{{0,40}}?(?<![\d.])(?P<n>\d{{1,4}})个?(?P<per>[镇乡村户人所校家组])"
        rf"[，,]?[每各](?P=per)(?:各|均)?(?:分配|安排|补助|拨付|获得)?{_quantity('v')}(?!\d)"
    )
    # A figure compared with another: the sentences AGAINST_AMOUNT is tried in.
    COMPARED = re.compile(rf"{_COMPARED_WITH}的?\d")
    # "受理132件，比上年同期的150件减少18件": the base after 比, the change as an amount alone.
    AGAINST_AMOUNT = re.compile(rf"{_quantity('b')}[，,]?{_COMPARED_WITH}的?{_quantity('a')}{_CHANGE_ALONE}")
    # "61.2万元，比2022年的21.4万元增长2.9倍": 增长N倍 is N times more, b/a − 1 (是…的N倍 is b/a).
    AGAINST_TIMES = re.compile(
        rf"{_quantity('b')}[，,]?{_COMPARED_WITH}的?{_quantity('a')}(?P<tv>增长|增加|提高|翻了)了?(?P<n>{NUMBER})倍"
    )
    # "城镇人口30万人，占总人口50万人的60%".
    SHARE_OF = re.compile(
        rf"{_quantity('a')}[，,]?(?:占|为|相当于|完成)(?:全[县市区镇乡]|总|全部|年度|全年)?[^\d，。；%]{{0,8}}?"
        rf"{_quantity('t')}的(?P<p>{NUMBER})%"
    )
    # Rates that are not the plain change between the two figures: real growth, yearly averages.
    # 地区生产总值 and 增加值 grow "at constant prices" by convention, even where the sentence does not say so.
    NOT_PLAIN = re.compile(r"不变价|可比价|可比口径|实际增长|名义|扣除价格|年均|平均每年|每年平均|复合|折算|生产总值|增加值|GDP")
    # "分别占45%、35%、30%": shares of one whole; not "分别占全年任务的84%、92%和70%", each of its own task or plan, nor
    # "分别占发放笔数和金额的92.0%和90.9%", of two wholes.
    SHARES = re.compile(
        rf"(?:分别占(?:比为?|到|为)?|占比分别为|比重分别为|分别占(?![^\d，。；%]{{0,8}}?(?:任务|计划|目标|[和与及、]))[^\d，。；%]{{1,10}}?的)"
        rf"(?:{NUMBER}%)(?:(?:[、，,]|和|及|与|以及)(?:占)?{NUMBER}%)+"
    )
    # "三次产业结构为8.5:38.2:53.3".
    RATIO = re.compile(rf"(?:结构|构成|比例)(?:比|之比)?(?:为|是|调整为|优化为|由)?{NUMBER}(?:[:：∶]{NUMBER}){{1,5}}")
    PERCENT = re.compile(rf"({NUMBER})%")
    PERCENT_SIGN = re.compile(r"%|百分点")
    RATIO_PART = re.compile(NUMBER)
    SENTENCE_END = re.compile(r"[。！？；\n]")

    # "收入合计1856.4万元，其中一般公共预算拨款收入1632.4万元，政府性基金预算拨款收入224万元": a total and its parts.
    # A figure counts when it has a unit or 万/亿; not a change (增加30万元) nor a figure of the parts' own parts.
    AMOUNT = re.compile(_quantity("q"))
    AFTER_CHANGE = re.compile(rf"(?:{RATE_VERB}|多|少)了?$")
    # The share a part is given right after it: "基本支出1128.6万元，占60.8%", "占林业总产值的25.0%".
    SHARE_SIGN = re.compile("占")
    # "优良天数177天，优良天数比例为98.9%": a share named by the figure it is of, over its sentence's whole.
    NAMED_SHARE = re.compile(rf"(?P<label>[\u4e00-\u9fff]{{2,8}}?)(?:比例|占比)(?:为|达到?|是)?(?P<p>{NUMBER})%")
    LABELLED_FIGURE = re.compile(rf"(?:为|达到?|共|有)?{_quantity('q')}")
    PART_SHARE = re.compile(rf"[，,]?占(?:比|比重)?(?:为|达)?(?:[^\d，。；%]{{0,12}}的)?(?P<p>{NUMBER})%")
    FULL_STOP = re.compile(r"[。！？\n]")
    BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")
    # A share stated right after what it is of (涉及劳动和社会保障的占19.5%), not of a named whole (占总产值的25%).
    CLAUSE_SHARE = re.compile(rf"(?<=[\u4e00-\u9fff])占(?:比|比重)?(?:为|达)?(?P<p>{NUMBER})%")
    NEW_TOTAL = re.compile(r"共计|合计|总计|共有|所有|全部|累计")
    # What is done and what is not, in one sentence: "已完成验收的有9个，尚未完成的有3个".
    DONE_AND_NOT = re.compile(
        rf"已(?P<verb>完成|通过|办结|整改|验收|到位|签约|落实|发放|达标|脱贫|入住|开工|建成)[^，。；\d]{{0,16}}?"
        rf"{_quantity('a')}[，,；;](?:其余|剩余|还有)?[^，。；\d]{{0,4}}?(?:尚未|仍未|还未|未)(?P=verb)[^，。；\d]{{0,10}}?"
        rf"{_quantity('b')}"
    )
    # "第二产业增加值比重为24.8%", "第一产业增加值占地区生产总值的比重为21.4%", "第三产业占56.9%".
    INDUSTRY_SHARE = re.compile(
        rf"第(?P<i>[一二三])产业[^，。；%\d]{{0,16}}?(?:比重|占比|占)(?:[^，。；%\d]{{0,10}}?的比重)?(?:为|是|达)?"
        rf"(?P<p>\d+(?:\.\d+)?)%"
    )
    # "地区生产总值76.38亿元 … 第一产业增加值17.41亿元 … 第二产业增加值19.85亿元 … 第三产业增加值39.12亿元".
    GDP = re.compile(r"(?:地区生产总值|GDP)(?:（GDP）)?[^，。；%\d]{0,6}?(?P<v>\d+(?:\.\d+)?)(?P<u>亿元|万元)")
    INDUSTRY_VALUE = re.compile(r"第(?P<i>[一二三])产业增加值[^，。；%\d]{0,6}?(?P<v>\d+(?:\.\d+)?)(?P<u>亿元|万元)")
    INDUSTRY_REACH = 300
    # Rates that are one count over another: done of planned, covered of due, returned of sent.
    RATIO_RATE = re.compile(
        r"(?P<stem>参保|回收|完成|覆盖|达标|合格|通过|办结|到位|出勤|接种|受理|签约|处置|化解|整改|兑现|发放|收缴|入园"
        r"|录取|录用|及格|优秀|成活|结案|出席|验收|参考|发现|检出)"
        rf"率(?:为|达|是|达到)?(?P<p>{NUMBER})%"
    )
    THRESHOLD = re.compile(r"(?:及|或)?(?:以上|以下|以内)")
    LABEL_REACH = 20
    # The total is looked for this far back at most: a longer sentence is no statement of a total and its parts.
    TOTAL_REACH = 200
    # A part named so shows the list is whole (其他支出8.84亿元; not 法人或其他组织申请7件).
    REST = re.compile(r"其他|其余|其它")
    # Per-head figures, averages and prices are no sums of their parts (人均可支配收入 of town and country); a
    # 价格补贴 is an amount.
    AVERAGED = re.compile(r"均|率|价格(?!补贴)|单价")
    # "三江镇完成38户，敦寨镇完成45户，…，其中三江镇完成户数居三镇之首": places given one figure each, and the
    # one said to lead them. A place is found from its suffix (镇, 乡, 村), which `re` skips ahead to, and is the two
    # characters before it with the suffix.
    PLACE_FIGURE = re.compile(rf"[镇乡村][^，,。；;\d]{{0,8}}?{_quantity('q')}")
    LEAD_WORDS = ("之首", "首位", "第一", "最多", "最高", "最大")
    SUMMED = re.compile("^(?:[一二三四五六七八九十两]+个|[各全每该本])|合计|共|总|累计")
    LEADS = re.compile(r"(?:居|位居|列)[\u4e00-\u9fff]{0,4}?(?:之首|首位|第一)|排名第一|最多|最高|最大")
    # A list announced with its count (以下11名同志…：), and the shapes of its entries on the lines after it.
    LIST_HEAD = re.compile(r"以下(\d{1,3}|[一二三四五六七八九十两]{1,3})(?:名|人|位|户|家|个|所|项)")
    COLON = re.compile("[：:]")
    LIST_LINES = 200  # a list on the lines after its head is read this far at most
    NUMBERED_ENTRY = re.compile(r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})[．.、]")
    GROUPED_ENTRY = re.compile(r"[^：:，。、]{1,8}[：:](.+)")
    # An average said to be about: 户均约3000元, 人均3000余元.
    NOT_EXACT_AVERAGE = re.compile(r"约|近|余|多|超|左右|以上")
    # Units whose parts of different kinds never overlap: money, and counts of times (one person trained twice is
    # two 人次).
    UNITS_APART = frozenset({"元", "美元", "人次", "次", "场", "期"})
    # Parts that fall short of their total by less than this share may be a slip in one figure (1865.4 for 1856.4)
    # or a list left short on purpose; a note, not a warning.
    NEAR_MISS = Decimal("0.01")
    # … or by less than this, where the parts are named as kinds of one thing (…类岗位, …类岗位, …类岗位).
    NEAR_MISS_KINDS = Decimal("0.05")
    # More parts than this are no 其中 list a clerk writes (and each part adds up all before it).
    MAX_PARTS = 40

    # Tables as html_to_text writes them: a row a line, cells separated by tabs.
    TOTAL_LABEL = re.compile(r"(?:全[县市区镇乡])?(?:合计|总计|总合计)(?:数)?")
    SUBTOTAL_LABEL = re.compile(r"小计")
    NUMBER_CELL = re.compile(rf"[-+]?{NUMBER}%?")
    EMPTY_VALUES = frozenset({"-", "—", "－", "/", "——", "--"})
    # Columns whose total row holds no sum: rates, averages, prices, ranks, codes, dates.
    NOT_SUMMED = re.compile(r"率|比|均|价|排名|名次|序号|编号|编码|代码|指数|增幅|降幅|增减|同比|环比|年龄|电话|号码|年份|日期|时间|%")
    ROUNDED_UNIT = re.compile(r"万|亿|千")
    IDENTIFIER_TITLE = re.compile(r"序号|编号|编码|代码")
    # Where a row stands in a hierarchy: 功能分类 codes (201, 20101), 一、 （一） 1. （1）, 其中.
    CODE = re.compile(r"(\d{3}(?:\d{2}){0,3})(?!\d)")
    ENUMERATORS = (
        re.compile(r"[一二三四五六七八九十]+、"),
        re.compile(r"[（(][一二三四五六七八九十]+[）)]"),
        re.compile(r"\d{1,2}[.．、]"),
        re.compile(r"[（(]\d{1,2}[）)]"),
    )

    EXAMPLES = [
        ("乡镇\t户数\n城关镇\t120\n东湖乡\t80\n合计\t210", ["statistics.table_total"]),
        ("乡镇\t户数\n城关镇\t120\n东湖乡\t80\n合计\t200", []),
        ("全县2个国控断面、3个省控断面水质均达到Ⅲ类标准，达标率100%。", []),  # two items of a list
        ("全县发放问卷500份，回收485份，回收率98.5%。", ["statistics.share"]),
        ("资金来源\t金额（万元）\n中央资金\t2000\n专项债券\t4000\n县级自筹\t850\n合计\t6850", []),
        ("资金来源\t金额（万元）\n中央资金\t2000\n专项债券\t4000\n县级自筹\t850\n合计\t6950", ["statistics.table_total"]),
        ("分类\t本期\n按地域分：城镇\t151\n按地域分：乡村\t70\n按类型分：商品零售\t191\n按类型分：餐饮收入\t30\n合计\t221", []),
        ("分类\t本期\n按地域分：城镇\t151\n按地域分：乡村\t70\n按类型分：商品零售\t191\n按类型分：餐饮收入\t29\n合计\t221",
         ["statistics.table_total"]),
        ("从120万元增长到150万元，增长20%", ["statistics.change_rate"]),
        ("从120万元增长到150万元，增长25%", []),
        ("由45%提高到50%，提高5%", ["statistics.percentage_point"]),
        ("实现收入150亿元，比上年增加30亿元，增长20%", ["statistics.change_rate"]),
        ("完成投资12.6亿元，上年同期完成11.2亿元，同比增长15.8%", ["statistics.change_rate"]),
        ("全县共接待游客28.6万人次，同比增长15.2%（去年同期为24.1万人次）", ["statistics.change_rate"]),
        ("发放创业担保贷款3860万元，较上年的3200万元同比增长26.5%", ["statistics.change_rate"]),
        ("鲜猪肉每500克14.80元，较1月下旬的14.20元上涨6.3%", ["statistics.change_rate"]),
        ("经检验，合格样品58批次，不合格样品2批次，样品合格率为96.7%", []),
        ("造林面积50亩以上（含50亩），当年验收成活率达到90%以上的，按照每亩500元给予补助", []),
        ("经检验，合格样品58批次，不合格样品2批次，样品合格率为95.7%", ["statistics.share"]),
        ("全县共接待游客28.6万人次，同比增长18.7%（去年同期为24.1万人次）", []),
        ("完成投资12.6亿元，上年同期完成11.2亿元，同比增长12.5%", []),
        ("支出合计3.42亿元，其中基本支出1.86亿元，主要用于人员工资；项目支出1.36亿元。", ["statistics.parts_total"]),
        ("支出合计3.22亿元，其中基本支出1.86亿元，主要用于人员工资；项目支出1.36亿元。", []),
        ("一般公共预算收入3.42亿元，其中：税收收入2.15亿元，非税收入1.37亿元。", ["statistics.parts_total"]),
        ("一般公共预算收入3.52亿元，其中：税收收入2.15亿元，非税收入1.37亿元。", []),
        ("认定监测对象486户，其中脱贫不稳定户212户、边缘易致贫户198户、突发严重困难户96户。", ["statistics.parts_total"]),
        ("认定监测对象506户，其中脱贫不稳定户212户、边缘易致贫户198户、突发严重困难户96户。", []),
        ("新收申请42件，其中自然人申请37件，法人或其他组织申请7件（商业企业3件、法律服务机构2件）；上年结转2件。",
         ["statistics.parts_total"]),
        ("新收申请44件，其中自然人申请37件，法人或其他组织申请7件（商业企业3件、法律服务机构2件）；上年结转2件。", []),
        ("拟表彰以下3名同志，现予公示：杨再荣（三江镇）、龙正发（敦寨镇）。", ["statistics.list_count"]),
        ("考核实行百分制。\n（一）组织建设（15分）。考核机构运行。\n（二）河湖管护（40分）。\n（三）水环境治理（25分）。\n"
         "（四）日常巡河（15分）。\n三、加分事项\n（一）获表彰的加2分（2分）。", ["statistics.score_total"]),
        ("考核实行百分制。\n（一）组织建设（15分）。考核机构运行。\n（二）河湖管护（40分）。\n（三）水环境治理（25分）。\n"
         "（四）日常巡河（20分）。\n三、加分事项\n（一）获表彰的加2分（2分）。", []),
        ("三江镇完成38户，敦寨镇完成45户，启蒙镇完成29户，其中三江镇完成户数居三镇之首。", ["statistics.ranking"]),
        ("村集体经济收入达到61.2万元，比2022年的21.4万元增长2.9倍。", ["statistics.change"]),
        ("新建高标准农田12000亩，推广水稻集中育秧3.2万亩次，测土配方施肥技术覆盖率92.3%。", []),
        ("有效监测天数181天，其中优121天、良56天，优良天数177天，优良天数比例为98.9%。", ["statistics.share"]),
        ("有效监测天数181天，其中优121天、良56天，优良天数177天，优良天数比例为97.8%。", []),
        ("累计支出2.36亿元。基金支出中，住院费用支出1.74亿元，占基金总支出的75.3%；门诊费用支出0.62亿元，占26.3%。", ["statistics.share"]),
        ("累计支出2.36亿元。基金支出中，住院费用支出1.74亿元，占基金总支出的73.7%；门诊费用支出0.62亿元，占26.3%。", []),
        ("村集体经济收入达到61.2万元，比2022年的21.4万元增长1.9倍。", []),
        ("三江镇完成48户，敦寨镇完成45户，启蒙镇完成29户，其中三江镇完成户数居三镇之首。", []),
        ("共安排奖补资金300万元，平均分配到三江、敦寨、启蒙、平秋、铜鼓5个镇，每镇80万元。", ["statistics.average"]),
        ("共安排奖补资金300万元，平均分配到三江、敦寨、启蒙、平秋、铜鼓5个镇，每镇60万元。", []),
        ("拟表彰以下2名同志，现予公示：杨再荣（三江镇）、龙正发（敦寨镇）。", []),
        ("以下3户列为补助对象：亮司村龙某某、雷屯村吴某某等。", []),
        ("2024年接待游客185万人次，2025年达到212万人次，同比增长12.6%", ["statistics.change_rate"]),
        ("2024年接待游客185万人次，2025年达到212万人次，同比增长14.6%", []),
        ("事故由2024年的46起下降到2025年的37起，减少11起", ["statistics.change_rate"]),
        ("事故由2024年的46起下降到2025年的37起，减少9起", []),
        ("共受理来信来访132件，比上年同期的150件减少28件", ["statistics.change_rate"]),
        ("共受理来信来访132件，比上年同期的150件减少18件", []),
        ("资格审核通过1280人，实际参加笔试1107人，参考率为68.5%", ["statistics.share"]),
        ("共有12个行政村，已完成验收的有9个，尚未完成的有4个。", ["statistics.parts_total"]),
        ("共有12个行政村，已完成验收的有9个，尚未完成的有3个。", []),
        ("共发放补助资金48.6万元，惠及162户，户均3200元。", ["statistics.average"]),
        ("共发放补助资金48.6万元，惠及162户，户均3000元。", []),
        ("共发放补助资金48.6万元，惠及162户，户均约3000余元。", []),
        ("320人参加笔试，最终录取48人，录取率为12%", ["statistics.share"]),
        ("发放补贴1260万元，其中耕地地力保护补贴820万元、稻谷目标价格补贴310万元、农机购置补贴150万元",
         ["statistics.parts_total"]),
        ("城镇人口30万人，占总人口50万人的65%", ["statistics.share"]),
        ("三类分别占45%、35%、30%", ["statistics.share_sum"]),
        ("已完成造林1260亩、补植830亩、改造420亩，分别占全年任务的84%、92%和70%", []),
        ("购房贷款287笔、金额11352.60万元，分别占发放笔数和金额的92.0%和90.9%", []),
        ("三次产业结构为8.5:38.2:55.3", ["statistics.share_sum"]),
        ("三次产业结构为8.5:38.2:53.3", []),
        ("按不变价格计算，由120亿元增长到150亿元，增长5.2%", []),
        ("收入合计1856.4万元，其中拨款收入1632.4万元，其他收入234万元", ["statistics.parts_total"]),
        # 合格 only inside 不合格, of the parts' descriptions: no whole of 合格 and 不合格.
        ("不合格样品4批次。其中，芹菜1批次毒死蜱项目不合格，豇豆2批次噻虫胺项目不合格，韭菜1批次腐霉利项目不合格。", []),
        ("抽检样品120批次，其中合格样品116批次，不合格样品3批次。", ["statistics.parts_total"]),
        ("支出合计1856.4万元，其中基本支出1128.6万元，占60.8%；项目支出727.8万元，占39.2%", []),
        ("涉及土地的占38.6%，涉及建设的占24.3%，涉及社保的占19.5%，涉及其他事项的占19.0%", ["statistics.share_sum"]),
        ("涉及土地的占38.6%，涉及建设的占24.3%，涉及社保的占19.5%，涉及其他事项的占17.6%", []),
        ("发放问卷500份，回收有效问卷485份，有效回收率98.5%", ["statistics.share"]),
        ("发放问卷500份，回收有效问卷485份，有效回收率97%", []),
        ("第一产业增加值比重为21.4%，第二产业增加值比重为24.8%，第三产业增加值比重为56.9%", ["statistics.share_sum"]),
        ("第一产业增加值比重为21.4%，第二产业增加值比重为24.8%，第三产业增加值比重为53.8%", []),
        ("地区生产总值76.38亿元，增长5.2%。第一产业增加值17.41亿元，第二产业增加值19.85亿元，第三产业增加值39.70亿元。",
         ["statistics.parts_total"]),
        ("地区生产总值76.38亿元，增长5.2%。第一产业增加值17.41亿元，第二产业增加值19.85亿元，第三产业增加值39.12亿元。", []),
    ]

    def check(self, text: str, context: CheckContext) -> list[Finding]:
        findings = []
        if "\t" in text and "计" in text:
            findings += self._tables(text)
        if "%" in text or "百分点" in text:
            for start, end in self._sentences_with(text, self.PERCENT_SIGN):
                findings += self._changes(text, start, end)
                findings += self._shares(text, start, end)
        if ":" in text or "：" in text or "∶" in text:
            findings += self._ratios(text)
        if "由" in text or "从" in text:
            findings += self._amounts_alone(findings, text, _matches_at(self.FROM_TO_AMOUNT, text, "由从", 0))
        if "其中" in text:
            findings += self._parts(text)
        if "比" in text or "较" in text:
            compared = list(self._sentences_with(text, self.COMPARED))
            matches = (m for start, end in compared for m in self.AGAINST_AMOUNT.finditer(text, start, end))
            findings += self._amounts_alone(findings, text, matches)
            if "倍" in text:
                findings += self._times(text, compared)
        if "未" in text and "已" in text:
            findings += self._done_and_not(text)
        if "均" in text:
            findings += self._averages(text)
            findings += self._even_splits(text)
        if "率" in text and "%" in text:
            findings += self._ratio_rates(text)
        if "第三产业" in text:
            findings += self._industry_shares(text)
            if "第三产业增加值" in text:
                findings += self._industry_values(text)
        if "以下" in text:
            findings += self._list_counts(text)
        if "分）" in text and ("百分制" in text or "100分" in text):
            findings += self._score_totals(text)
        if ("首" in text or "最" in text or "第一" in text) and sum(map(text.count, "镇乡村")) >= 3:
            findings += self._leaders(text)
        if text.count("占") >= 2 and "%" in text:
            findings += self._stated_shares(text, findings)
        if ("比例" in text or "占比" in text) and "%" in text:
            findings += self._named_shares(text)
        if text.count("占") >= 3:
            shares = [f for f in findings if f.rule == "statistics.share_sum"]
            findings += [
                f for f in self._clause_shares(text) if not any(f.start < g.end and g.start < f.end for g in shares)
            ]
        return findings

    def _sentences_with(
        self, text: str, sign: re.Pattern, stops: str = "。！？；\n"
    ) -> Iterator[tuple[int, int]]:
        """The (start, end) of each sentence holding the sign, sentences ending at `stops`: the patterns below run on
        those sentences alone."""
        end = -1
        for m in sign.finditer(text):
            if m.start() < end:
                continue
            # No sentence starts before the end of the last one: the search back stops there.
            start = sentence_start(text, m.start(), stops, floor=end + 1)
            end = sentence_end(text, m.end(), stops)
            yield start, end

    # Rates of change ------------------------------------------------------------------------------

    def _changes(self, text: str, start: int, end: int) -> list[Finding]:
        findings = []
        sentence = text[start:end]
        if "从" in sentence or "由" in sentence:
            for m in self.FROM_TO.finditer(text, start, end):
                a, b = _figure(m, "a"), _figure(m, "b")
                findings += self._change(text, m, a, b)
        if "比" in sentence or "较" in sentence:
            for m in self.BY_CHANGE.finditer(text, start, end):
                b, d = _figure(m, "b"), _figure(m, "d")
                if not self._same_unit(b, d) or b.unit in ("%", "个百分点"):
                    continue
                sign = -1 if m.group("dv") in DOWN + ("少",) else 1
                a = _Figure(b.value - sign * d.value, b.step + d.step, b.magnitude, b.unit)
                findings += self._change(text, m, a, b)
            for m in self.AGAINST.finditer(text, start, end):
                findings += self._change(text, m, _figure(m, "a"), _figure(m, "b"))
        if "上年" in sentence or "去年" in sentence or "上一年" in sentence:
            for pattern in (self.LAST_YEAR_CLAUSE, self.LAST_YEAR_BRACKET):
                for m in pattern.finditer(text, start, end):
                    findings += self._change(text, m, _figure(m, "a"), _figure(m, "b"))
        if sentence.count("年") >= 2:
            for m in self.YEAR_ON_YEAR.finditer(text, start, end):
                if int(m.group("y2")) == int(m.group("y1")) + 1:
                    findings += self._change(text, m, _figure(m, "a"), _figure(m, "b"))
        if "的" in sentence:
            for m in self.SHARE_OF.finditer(text, start, end):
                findings += self._share_of(text, m)
        return findings

    def _change(self, text: str, m: re.Match, a: _Figure, b: _Figure) -> list[Finding]:
        """The stated rate (and amount of change, if any) against what the two figures give."""
        a, b = self._common_scale(a, b)
        if a.value <= 0 or not self._same_unit(a, b) or self._not_plain(text, m.start()):
            return []
        findings = []
        stated = Decimal(m.group("p").replace(",", ""))
        step = Decimal(1).scaleb(-_places(m.group("p")))
        going_down = m.group("verb") in DOWN
        signed = -stated if going_down else stated
        span = (m.start("p"), m.end("pu"))
        percent_figures = a.unit == b.unit == "%" or (a.unit, b.unit) in (("%", ""), ("", "%"))
        difference = b.value - a.value
        low, high = self._rate_range(a, b)
        places = max(_places(m.group("p")), 1)
        point_places = max(_places(m.group("p")), _places(m.groupdict().get("a") or ""), _places(m.group("b")))
        if m.group("pu") == "个百分点":
            if not percent_figures:
                return []
            if abs(difference - signed) > (a.step + b.step + step) / 2:
                findings.append(
                    self._finding(
                        "statistics.change_rate", span, text,
                        f"由{self._written(a)}到{self._written(b)}相差{_shown(abs(difference), point_places)}个百分点，"
                        f"文中为{m.group('p')}个百分点，请核实",
                    )
                )  # fmt: skip
            return findings
        if low - step <= signed <= high + step:
            pass
        elif percent_figures and abs(difference - signed) <= (a.step + b.step + step) / 2:
            findings.append(
                self._finding(
                    "statistics.percentage_point", span, text,
                    f"两个百分数之差应说“个百分点”：由{self._written(a)}到{self._written(b)}是"
                    f"{'下降' if difference < 0 else '提高'}{_shown(abs(difference), point_places)}个百分点"
                    f"（相对{'下降' if difference < 0 else '增长'}{_shown(abs(difference) / a.value * 100, places)}%）",
                    f"{_shown(abs(difference), point_places)}个百分点",
                )
            )  # fmt: skip
        else:
            rate = difference / a.value * 100
            direction = "下降" if rate < 0 else "增长"
            findings.append(
                self._finding(
                    "statistics.change_rate", span, text,
                    f"由{self._written(a)}到{self._written(b)}应为{direction}{_shown(abs(rate), places)}%，"
                    f"文中为{m.group('verb')}{m.group('p')}%，请核实",
                )
            )  # fmt: skip
        if m.groupdict().get("d") and m.groupdict().get("a"):
            findings += self._change_amount(text, m, a, b)
        return findings

    def _amounts_alone(self, findings: list[Finding], text: str, matches) -> list[Finding]:
        """The changes given as an amount alone, each checked against its two figures; not again one beside a rate,
        which the rate's pattern has checked (its span is among `findings`)."""
        taken = {(f.start, f.end) for f in findings}
        found = []
        for m in matches:
            if m.group("du") in ("%", "‰"):
                continue  # a rate given alone: _changes reads it
            checked = self._change_amount(text, m, _figure(m, "a"), _figure(m, "b"))
            found += [f for f in checked if (f.start, f.end) not in taken]
        return found

    def _change_amount(self, text: str, m: re.Match, a: _Figure, b: _Figure) -> list[Finding]:
        """The amount of change stated (减少11起) against the two figures (46起 to 37起)."""
        a, b = self._common_scale(a, b)
        d = _figure(m, "d")
        if not self._same_unit(a, b) or not self._same_unit(b, d):
            return []
        changed = d.value if m.group("dv") not in DOWN + ("少",) else -d.value
        difference = b.value - a.value
        if abs(difference - changed) <= (a.step + b.step + d.step) / 2:
            return []
        message = (
            f"由{self._written(a)}到{self._written(b)}的变化量应为{self._amount(abs(difference), b)}，"
            f"文中为{m.group('d')}{m.group('dm')}{m.group('du')}，请核实"
        )
        return [self._finding("statistics.change_rate", (m.start("d"), m.end("du")), text, message)]

    def _share_of(self, text: str, m: re.Match) -> list[Finding]:
        part, whole = self._common_scale(_figure(m, "a"), _figure(m, "t"))
        if whole.value <= 0 or not self._same_unit(part, whole) or self._not_plain(text, m.start()):
            return []
        if self._share_agrees(part, whole, m.group("p")):
            return []
        places = max(_places(m.group("p")), 1)
        share = part.value / whole.value * 100
        return [
            self._finding(
                "statistics.share", (m.start("p"), m.end("p") + 1), text,
                f"{self._written(part)}占{self._written(whole)}的{_shown(share, places)}%，文中为{m.group('p')}%，请核实",
            )
        ]  # fmt: skip

    @staticmethod
    def _share_agrees(part: _Figure, whole: _Figure, written: str) -> bool:
        """Whether `written` (a percentage) is part over whole, each figure rounded to its last digit and the
        percentage to its own: rounded, or cut short (95.8% as 95%), never raised by more than half its last digit
        (95.0% is no 96%)."""
        stated = Decimal(written.replace(",", ""))
        step = Decimal(1).scaleb(-_places(written))
        low = (part.value - part.step / 2) / (whole.value + whole.step / 2) * 100
        high = (part.value + part.step / 2) / (whole.value - whole.step / 2) * 100
        return low - step <= stated <= high + step / 2

    @staticmethod
    def _is_amount(figure: _Figure) -> bool:
        """A figure of things counted or measured (万元, 人, 亩), not a percentage nor a bare number."""
        return bool(figure.unit or figure.magnitude) and figure.unit not in ("%", "‰", "个百分点")

    @staticmethod
    def _rate_range(a: _Figure, b: _Figure) -> tuple[Decimal, Decimal]:
        """The lowest and highest rate, in %, that the figures allow, each being rounded to its last digit."""
        a_low, a_high = a.value - a.step / 2, a.value + a.step / 2
        b_low, b_high = b.value - b.step / 2, b.value + b.step / 2
        if a_low <= 0:
            a_low = a.value
        rates = [(bb - aa) / aa * 100 for aa in (a_low, a_high) for bb in (b_low, b_high)]
        return min(rates), max(rates)

    @staticmethod
    def _common_scale(a: _Figure, b: _Figure) -> tuple[_Figure, _Figure]:
        """"由120增至150万元": a figure with neither 万 nor a unit takes the other's."""
        if not a.magnitude and not a.unit and b.magnitude:
            scale = MAGNITUDES[b.magnitude]
            return _Figure(a.value * scale, a.step * scale, b.magnitude, b.unit), b
        if not b.magnitude and not b.unit and a.magnitude:
            scale = MAGNITUDES[a.magnitude]
            return a, _Figure(b.value * scale, b.step * scale, a.magnitude, a.unit)
        return a, b

    @staticmethod
    def _same_unit(a: _Figure, b: _Figure) -> bool:
        return a.unit == b.unit or not a.unit or not b.unit

    def _not_plain(self, text: str, i: int) -> bool:
        start = max((text.rfind(c, 0, i) for c in "。！？；\n"), default=-1) + 1
        end = self.SENTENCE_END.search(text, i)
        return bool(self.NOT_PLAIN.search(text, start, end.start() if end else len(text)))

    @staticmethod
    def _written(figure: _Figure) -> str:
        scale = MAGNITUDES.get(figure.magnitude, 1)
        return f"{(figure.value / scale).normalize():f}{figure.magnitude}{figure.unit}"

    @staticmethod
    def _amount(value: Decimal, like: _Figure) -> str:
        scale = MAGNITUDES.get(like.magnitude, 1)
        return f"{(value / scale).normalize():f}{like.magnitude}{like.unit}"

    # Shares ---------------------------------------------------------------------------------------

    def _shares(self, text: str, start: int, end: int) -> list[Finding]:
        findings = []
        if "分别" not in text[start:end]:
            return findings
        for m in self.SHARES.finditer(text, start, end):
            written = self.PERCENT.findall(m.group())
            total = sum(Decimal(w.replace(",", "")) for w in written)
            places = max(_places(w) for w in written)
            if total <= 100 + Decimal(len(written)) * Decimal(1).scaleb(-places) / 2:
                continue
            findings.append(
                self._finding(
                    "statistics.share_sum", m.span(), text,
                    f"各部分所占比例相加为{_shown(total, places)}%，超过100%，请核实",
                )
            )
        return findings

    def _ratios(self, text: str) -> list[Finding]:
        findings = []
        for m in self.RATIO.finditer(text):
            start = m.end() - len(re.search(rf"{NUMBER}(?:[:：∶]{NUMBER})+$", m.group()).group())
            written = self.RATIO_PART.findall(text, start, m.end())
            if len(written) < 3 and not any("." in w for w in written):
                continue  # "比例为1:1" is a ratio, not shares of 100
            total = sum(Decimal(w.replace(",", "")) for w in written)
            places = max(_places(w) for w in written)
            tolerance = Decimal(len(written)) * Decimal(1).scaleb(-places) / 2
            if not 90 <= total <= 110 or abs(total - 100) <= tolerance:
                continue
            findings.append(
                self._finding(
                    "statistics.share_sum", (start, m.end()), text,
                    f"结构比例各项相加为{_shown(total, places)}，不等于100，请核实",
                )
            )
        return findings

    # A total and its parts ------------------------------------------------------------------------

    def _parts(self, text: str) -> list[Finding]:
        """Each 其中 list against the total before it: a whole list (one part is 其他, or the shares given add up to
        100%) that does not add up to it, shares of the total that the figures do not give, and (notes) parts above
        the total or a little short of it."""
        findings = []
        for m in re.finditer("其中", text):
            total, label_from, total_at = self._total_before(text, m.start())
            if total is None:
                continue
            # The parts may be set apart by ； (粮食作物24.6万亩，占59.7%；油料作物…): the list ends with the sentence,
            # or where a part's own 其中 begins.
            nested = text.find("其中", m.end())
            after = self.FULL_STOP.search(text, m.end(), nested if nested >= 0 else len(text))
            end = after.start() if after else nested if nested >= 0 else len(text)
            if self.AVERAGED.search(text, label_from, end):
                continue
            listed = self._listed_parts(text, m.end(), end, total)
            if listed is None:
                continue
            parts, shares, whole, kinds = listed
            findings += self._part_shares(text, total, shares)
            finding = self._parts_against(text, total, total_at, parts, shares, whole, kinds)
            if finding is not None:
                findings.append(finding)
        return findings

    def _listed_parts(self, text: str, start: int, end: int, total: _Figure):
        """The parts of text[start:end] in the total's unit, as (figure, span), the shares given right after them,
        and whether a part named 其他 shows the list whole; None where a part in another unit shows it is no one
        partition of the total (隐患40处，其中…23处、山塘水库6座)."""
        parts: list[tuple[_Figure, tuple[int, int]]] = []
        shares: list[tuple[_Figure, re.Match]] = []
        labels: list[str] = []
        whole = False
        label_start = start
        depth = 0  # of brackets open: a part's own breakdown in them (法人或其他组织申请7件（商业企业3件…）) is no part
        by_pause = None  # whether the list is begun with 、, once it has two parts
        for q in self.AMOUNT.finditer(text, start, end):
            figure = _figure(q, "q")
            label, label_start = text[label_start : q.start()], q.end()
            depth = max(0, depth + sum(map(label.count, "（(")) - sum(map(label.count, "）)")))
            if depth > 0:
                continue
            if not self._is_amount(figure) or self.AFTER_CHANGE.search(text, max(start, q.start() - 4), q.start()):
                continue
            # A list begun with 、 ends at the first ， or ；: what follows partitions the total anew (隐患40处，
            # 其中地质灾害隐患点23处、…临河临崖路段11处，已完成整改32处，其余8处) or is another figure (惠及农户
            # 2.6万户); so does a new total (所有教师中，具有博士学位的共计73人).
            # (A part's bracketed breakdown, 农用地47.26亩（耕地…、园地…）, does not make it a list begun with 、.)
            if len(parts) == 2 and by_pause is None:
                by_pause = "、" in self.BRACKETED.sub("", text[parts[0][1][1] : parts[1][1][0]])
            if by_pause and re.search("[，,；;]", label):
                break
            if self.NEW_TOTAL.search(label):
                break
            figure = self._common_scale(figure, total)[0]
            if figure.unit != total.unit or len(parts) == self.MAX_PARTS:
                return None
            parts.append((figure, q.span()))
            label = label.lstrip("，,；;、：: 和及以与")
            labels.append(label)
            whole = whole or bool(self.REST.match(label))
            share = self.PART_SHARE.match(text, q.end(), end)
            if share:
                shares.append((figure, share))
            # Parts that reach the total, or kinds that make a whole, complete the list: what follows ； is another
            # statement (其中自然人申请51件，法人或其他组织申请7件；上年结转申请2件).
            if len(parts) >= 2 and abs(self._sum(parts) - total.value) <= self._tolerance(total, parts):
                break
            if len(parts) >= 2 and self._whole_by_definition(labels):
                break
        return parts, shares, whole or self._whole_by_definition(labels), self._kinds_of_one(labels)

    # Kinds that make their whole by definition: a budget's 基本支出 and 项目支出 (部门预算 splits every 支出 into
    # these two), 税收收入 and 非税收入 (so is every 一般公共预算收入), the three kinds of 防止返贫监测对象, and the
    # applicants of a 政府信息公开 annual report (自然人; 法人或其他组织, which the report's table breaks down), and
    # the three kinds of land (a 征地 notice's 拟征收土地总面积).
    WHOLES = (
        ("基本支出", "项目支出"),
        ("税收收入", "非税收入"),
        ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户"),
        ("自然人", "法人或其他组织"),
        ("农用地", "建设用地", "未利用地"),  # 土地管理法第四条: the three kinds of land
        ("合格", "不合格"),
        ("达标", "不达标"),
    )

    @classmethod
    def _whole_by_definition(cls, labels: list[str]) -> bool:
        """Parts that are the whole by definition: the two sexes (男性412人、女性446人) and the WHOLES."""
        if len(labels) == 2 and {label[:1] for label in labels} == {"男", "女"}:
            return True
        for kinds in cls.WHOLES:
            named = {k for k in kinds for label in labels if cls._names(label, k, kinds)}
            if len(labels) == len(kinds) and named == set(kinds):
                return True
        return False

    @staticmethod
    def _names(label: str, kind: str, kinds: tuple[str, ...]) -> bool:
        """Whether `label` names `kind` other than inside a longer kind of the same whole (合格 of 不合格)."""
        for longer in kinds:
            if kind in longer and longer != kind:
                label = label.replace(longer, "")
        return kind in label

    @staticmethod
    def _kinds_of_one(labels: list[str]) -> bool:
        """Whether three or more parts are named as kinds of one thing (教育类岗位12名、卫生类岗位8名、综合类岗位4名):
        likely the whole, though a list of 企业 may leave some kinds out and one of 干部 may overlap."""
        return len(labels) >= 3 and all(len(label) >= 3 for label in labels) and len({x[-2:] for x in labels}) == 1

    def _parts_against(
        self, text: str, total: _Figure, total_at: int, parts, shares, whole: bool, kinds: bool
    ) -> Finding | None:
        """The finding on a total and its parts (spanning from the total to the last part), if they disagree."""
        if len(parts) < 2 and not (parts and parts[0][0].value > total.value + total.step):
            return None
        added, tolerance = self._sum(parts), self._tolerance(total, parts)
        stated = sum((Decimal(s.group("p").replace(",", "")) for _, s in shares), Decimal(0))
        whole = whole or (len(shares) == len(parts) and abs(stated - 100) <= len(shares) * Decimal("0.05"))
        span = (total_at, parts[-1][1][1])
        sum_text = self._amount(added, total)
        # Only a list shown whole is a partition for certain: 其中 also lists what overlaps (新录用50人，其中女性28人，
        # 少数民族35人), so parts above the total, or a little short of it, are a note.
        if whole and abs(added - total.value) > tolerance:
            message = f"其中各项已列全，相加为{sum_text}，与总数{self._written(total)}不符，请核实"
            return self._finding("statistics.parts_total", span, text, message)
        if added > total.value + tolerance:
            message = f"其中各项相加为{sum_text}，大于总数{self._written(total)}；若是总数的分项，请核实"
            finding = self._finding("statistics.parts_total", span, text, message)
            # Sums of money or counts of attendances named as kinds of one thing (…补贴820万元、…补贴310万元;
            # …培训480人次) do not overlap: a warning.
            return finding if kinds and total.unit in self.UNITS_APART else finding.with_severity("info")
        if tolerance < total.value - added <= total.value * (self.NEAR_MISS_KINDS if kinds else self.NEAR_MISS):
            short = self._amount(total.value - added, total)
            message = f"其中各项相加为{sum_text}，比总数{self._written(total)}少{short}；若已列全，请核实"
            return self._finding("statistics.parts_total", span, text, message).with_severity("info")
        return None

    def _averages(self, text: str) -> list[Finding]:
        """户均/人均 against the one sum and the one count of its sentence before it (48.6万元 over 162户 is
        3000元, not 3200元). A sentence with more sums or counts, or an average said to be about (约, 余), is left."""
        findings = []
        for m in _matches_at(self.AVERAGE, text, "均", -1):
            average = _figure(m, "v")
            start = sentence_start(text, m.start(), floor=max(0, m.start() - self.TOTAL_REACH))
            figures = [_figure(q, "q") for q in self.AMOUNT.finditer(text, start, m.start())]
            sums = [f for f in figures if f.unit == average.unit]
            counts = [f for f in figures if f.unit == m.group("per") or (m.group("per"), f.unit) == ("人", "名")]
            if len(sums) != 1 or len(counts) != 1 or not counts[0].value or average.unit != "元":
                continue
            if self.NOT_EXACT_AVERAGE.search(text, max(start, m.start() - 2), m.end() + 2):
                continue
            (total,), (count,) = sums, counts
            exact = total.value / count.value
            # The sum rounded to its last digit moves the average by that over the count; the average is rounded too.
            tolerance = total.step / 2 / count.value + max(average.step, Decimal(1)) / 2
            if abs(exact - average.value) > tolerance:
                quotient = self._amount(exact.quantize(Decimal(1)), average)
                message = (
                    f"{self._written(total)}÷{self._written(count)}为{quotient}，"
                    f"文中{m.group('per')}均为{self._written(average)}，请核实"
                )
                findings.append(self._finding("statistics.average", (m.start(), m.end()), text, message))
        return findings

    def _even_splits(self, text: str) -> list[Finding]:
        """A sum split evenly (平均分配到…5个镇，每镇80万元) against the one sum of its sentence before it."""
        findings = []
        for m in self.EVEN_SPLIT.finditer(text):
            share, count = _figure(m, "v"), Decimal(m.group("n"))
            start = sentence_start(text, m.start(), floor=max(0, m.start() - self.TOTAL_REACH))
            sums = [f for f in (_figure(q, "q") for q in self.AMOUNT.finditer(text, start, m.start())) if f.unit == share.unit]
            if len(sums) != 1 or not count:
                continue
            total = sums[0]
            exact = total.value / count
            tolerance = total.step / 2 / count + share.step / 2
            if abs(exact - share.value) > tolerance:
                scale = MAGNITUDES.get(share.magnitude, 1)
                each = self._amount((exact / scale).quantize(Decimal("0.01")) * scale, share)
                message = (
                    f"{self._written(total)}平均分到{m.group('n')}个{m.group('per')}，每{m.group('per')}应为{each}，"
                    f"文中为{self._written(share)}，请核实"
                )
                findings.append(self._finding("statistics.average", (m.start("v"), m.end()), text, message))
        return findings

    def _done_and_not(self, text: str) -> list[Finding]:
        """"共有12个行政村，…已完成验收的有9个，尚未完成的有3个": what is done and what is not make the whole."""
        findings = []
        for m in self.DONE_AND_NOT.finditer(text):
            total, _, total_at = self._total_before(text, m.start())
            done, rest = _figure(m, "a"), _figure(m, "b")
            if total is None or not (self._same_unit(total, done) and self._same_unit(total, rest)):
                continue
            if not self.NEW_TOTAL.search(text, max(0, total_at - 4), total_at):
                continue
            added = done.value + rest.value
            if abs(added - total.value) > (total.step + done.step + rest.step) / 2:
                message = (
                    f"已{m.group('verb')}的{self._written(done)}与未{m.group('verb')}的{self._written(rest)}相加为"
                    f"{self._amount(added, total)}，与总数{self._written(total)}不符，请核实"
                )
                findings.append(self._finding("statistics.parts_total", (total_at, m.end()), text, message))
        return findings

    @staticmethod
    def _sum(parts) -> Decimal:
        return sum((f.value for f, _ in parts), Decimal(0))

    @staticmethod
    def _tolerance(total: _Figure, parts) -> Decimal:
        """How far figures rounded to their last digit may add up from their total."""
        return (total.step + sum((f.step for f, _ in parts), Decimal(0))) / 2

    def _total_before(self, text: str, at: int) -> tuple[_Figure | None, int, int]:
        """The first figure with a unit or 万/亿 of the sentence that 其中 at `at` continues (its own, or the one
        before where 其中 opens a sentence), where what it is of begins (LABEL_REACH before it at most), and where
        the figure stands."""
        end = at
        while end > 0 and text[end - 1] in "，,：: ":
            end -= 1
        if end > 0 and text[end - 1] in "。；;":
            end -= 1
        start = max(text.rfind(c, max(0, end - self.TOTAL_REACH), end) for c in "。！？；;\n") + 1
        start = max(start, end - self.TOTAL_REACH)
        for q in self.AMOUNT.finditer(text, start, end):
            figure = _figure(q, "q")
            if self._is_amount(figure) and figure.value > 0:
                if not self.AFTER_CHANGE.search(text, max(start, q.start() - 4), q.start()):
                    # What the figure is of is said just before it (全体居民人均可支配收入19860元).
                    return figure, max(start, q.start() - self.LABEL_REACH), q.start()
        return None, start, start

    def _stated_shares(self, text: str, found: list[Finding]) -> list[Finding]:
        """Parts given with their shares (住院费用支出1.74亿元，占基金总支出的75.3%；门诊…0.62亿元，占26.3%) whose
        sum is a total the text stated before them (累计支出2.36亿元): each share is its part over that total. Not
        where 其中 lists the parts (StatisticsChecker._parts reads those)."""
        findings = []
        taken = [(f.start, f.end) for f in found]
        # Sentences to their full stop: the parts may be set apart by ；.
        for start, end in self._sentences_with(text, self.SHARE_SIGN, "。！？\n"):
            if "其中" in text[start:end]:
                continue
            shares = []
            for q in self.AMOUNT.finditer(text, start, end):
                share = self.PART_SHARE.match(text, q.end(), end)
                if share is not None:
                    shares.append((_figure(q, "q"), share))
            parts = [part for part, _ in shares]
            if len(shares) < 2 or len({(p.unit, p.magnitude) for p in parts}) != 1 or not self._is_amount(parts[0]):
                continue
            added = sum(p.value for p in parts)
            slack = sum(p.step for p in parts) / 2
            earlier = (_figure(q, "q") for q in self.AMOUNT.finditer(text, max(0, start - self.TOTAL_REACH), start))
            total = next((t for t in earlier if t.unit == parts[0].unit and abs(t.value - added) <= slack + t.step / 2), None)
            if total is None:
                continue
            findings += [
                f for f in self._part_shares(text, total, shares) if f.rule == "statistics.share" and (f.start, f.end) not in taken
            ]
        return findings

    def _named_shares(self, text: str) -> list[Finding]:
        """A share named by its figure (有效监测天数181天，其中…，优良天数177天，优良天数比例为98.9%): the named
        figure over the largest figure of its sentence in the same unit, the whole it is a part of."""
        findings = []
        for m in self.NAMED_SHARE.finditer(text):
            start = sentence_start(text, m.start(), "。！？\n", floor=max(0, m.start() - self.TOTAL_REACH))
            label = m.group("label")
            before = text[m.start() - 1 : m.start()]
            if before and not ("\u4e00" <= before <= "\u9fff" or before in "，。；：、（(\n 　"):
                continue  # Ⅰ～Ⅲ类水质断面比例: the label began before what the pattern reads
            # The longest tail of the label, three characters or more, that names a figure before it: 优良天数 of
            # 全年优良天数. (Two are too few: 报销7.84万元 is one of what 综合报销比例 adds up.)
            part = None
            for i in range(len(label) - 2):
                at = text.find(label[i:], start, m.start())
                found = self.LABELLED_FIGURE.match(text, at + len(label) - i) if at >= 0 else None
                if found is not None:
                    part = _figure(found, "q")
                    break
            if part is None or not self._is_amount(part):
                continue
            figures = [_figure(q, "q") for q in self.AMOUNT.finditer(text, start, m.start())]
            wholes = [f for f in figures if f.unit == part.unit and f.magnitude == part.magnitude and f.value > part.value]
            if not wholes:
                continue
            whole = max(wholes, key=lambda f: f.value)
            if not self._share_agrees(part, whole, m.group("p")):
                share = _shown(part.value / whole.value * 100, max(_places(m.group("p")), 1))
                message = f"{self._written(part)}占{self._written(whole)}的{share}%，文中为{m.group('p')}%，请核实"
                findings.append(self._finding("statistics.share", (m.start("p"), m.end()), text, message))
        return findings

    def _times(self, text: str, compared: list[tuple[int, int]]) -> list[Finding]:
        """增长N倍 against its two figures: N is b/a − 1, and the usual slip writes b/a (21.4 to 61.2 is 增长1.9倍,
        是2.9倍)."""
        findings = []
        for m in (m for start, end in compared for m in self.AGAINST_TIMES.finditer(text, start, end)):
            after, before = self._common_scale(_figure(m, "b"), _figure(m, "a"))
            if after.unit != before.unit or not self._is_amount(after) or before.value <= 0:
                continue
            # The extremes the figures' rounding allows, and the multiple's own.
            low = (after.value - after.step / 2) / (before.value + before.step / 2) - 1
            high = (after.value + after.step / 2) / (before.value - before.step / 2) - 1 if before.value > before.step / 2 else low
            written = Decimal(m.group("n"))
            half = Decimal(1).scaleb(-_places(m.group("n"))) / 2
            if low - half <= written <= high + half:
                continue
            exact = after.value / before.value
            places = max(_places(m.group("n")), 1)
            message = (
                f"{self._written(after)}比{self._written(before)}增长{_shown(exact - 1, places)}倍"
                f"（是其{_shown(exact, places)}倍），文中为增长{m.group('n')}倍，请核实"
            )
            findings.append(self._finding("statistics.change", (m.start("tv"), m.end()), text, message))
        return findings

    def _part_shares(self, text: str, total: _Figure, shares: list[tuple[_Figure, re.Match]]) -> list[Finding]:
        """The shares given to the parts (基本支出1128.6万元，占60.8%) against what part and total give, and their sum."""
        findings = []
        for part, m in shares:
            if not self._share_agrees(part, total, m.group("p")):
                places = max(_places(m.group("p")), 1)
                share = _shown(part.value / total.value * 100, places)
                message = f"{self._written(part)}占总数{self._written(total)}的{share}%，文中为{m.group('p')}%，请核实"
                findings.append(self._finding("statistics.share", (m.start("p"), m.end("p") + 1), text, message))
        if len(shares) >= 2:
            written = [m.group("p") for _, m in shares]
            stated = sum(Decimal(w.replace(",", "")) for w in written)
            places = max(_places(w) for w in written)
            if stated > 100 + Decimal(len(written)) * Decimal(1).scaleb(-places) / 2:
                span = (shares[0][1].start("p"), shares[-1][1].end("p") + 1)
                message = f"其中各项所占比例相加为{_shown(stated, places)}%，超过100%；若是总数的分项，请核实"
                findings.append(self._finding("statistics.share_sum", span, text, message).with_severity("info"))
        return findings

    def _ratio_rates(self, text: str) -> list[Finding]:
        """A rate that is one figure of its sentence over the other (发放问卷500份，回收485份，回收率98.5%: 97.0%),
        where the sentence gives exactly two figures of one unit before it."""
        findings = []
        for m in self.RATIO_RATE.finditer(text):
            start = sentence_start(text, m.start(), "。！？；;\n", floor=max(0, m.start() - self.TOTAL_REACH))
            if text.startswith("其中", start) and start > 0:
                # "共抽查单位42户。其中，发现问题的单位7户，问题发现率为18.4%": the whole is the sentence before.
                start = sentence_start(text, start - 1, "。！？；;\n", floor=max(0, start - self.TOTAL_REACH))
            if self.THRESHOLD.match(text, m.end()):
                continue  # "成活率达到90%以上的，按每亩500元补助": a bar to reach, not a rate of the figures
            found = [(q.span(), _figure(q, "q")) for q in self.AMOUNT.finditer(text, start, m.start())]
            found = [(span, f) for span, f in found if self._is_amount(f)]
            figures = [f for _, f in found]
            if len(figures) != 2 or figures[0].unit != figures[1].unit or self._not_plain(text, m.start()):
                continue
            # "2个国控断面、3个省控断面水质均达到…，达标率100%": two items of one list are no part and whole.
            between = self.BRACKETED.sub("", text[found[0][0][1] : found[1][0][0]])
            if "、" in between and not re.search("[，,；;]", between):
                continue
            part, whole = sorted(figures, key=lambda f: f.value)
            if part.value <= 0 or self._share_agrees(part, whole, m.group("p")):
                continue
            # "合格样品58批次，不合格样品2批次，样品合格率为96.7%": the two figures are the parts of a whole.
            both = _Figure(part.value + whole.value, part.step + whole.step, whole.magnitude, whole.unit)
            if any(self._share_agrees(f, both, m.group("p")) for f in (part, whole)):
                continue
            rate = _shown(part.value / whole.value * 100, max(_places(m.group("p")), 1))
            message = (
                f"由{self._written(part)}和{self._written(whole)}算得{m.group('stem')}率为{rate}%，"
                f"文中为{m.group('p')}%，请核实"
            )
            findings.append(self._finding("statistics.share", (m.start("p"), m.end()), text, message))
        return findings

    def _industry_shares(self, text: str) -> list[Finding]:
        """The shares of the three industries in one sentence (第一产业增加值比重为21.4%，第二产业…，第三产业…) make 100%."""
        findings = []
        for start, stop in self._full_sentences(text):
            found = {m.group("i"): m for m in self.INDUSTRY_SHARE.finditer(text, start, stop)}
            if set(found) == {"一", "二", "三"}:
                shares = [found[i] for i in "一二三"]
                written = [m.group("p") for m in shares]
                total = sum(Decimal(w) for w in written)
                places = max(_places(w) for w in written)
                if abs(total - 100) > Decimal(3) * Decimal(1).scaleb(-places) / 2:
                    span = (min(m.start("p") for m in shares), max(m.end() for m in shares))
                    message = f"三次产业所占比重相加为{_shown(total, places)}%，不等于100%，请核实"
                    findings.append(self._finding("statistics.share_sum", span, text, message))
        return findings

    def _industry_values(self, text: str) -> list[Finding]:
        """The three industries' 增加值 given after a 地区生产总值 (within INDUSTRY_REACH) make it up: GDP is their sum
        by definition, to the rounding of the figures."""
        findings = []
        for gdp in self.GDP.finditer(text):
            found: dict[str, re.Match] = {}
            for m in self.INDUSTRY_VALUE.finditer(text, gdp.end(), gdp.end() + self.INDUSTRY_REACH):
                found.setdefault(m.group("i"), m)
            values = [found.get(i) for i in "一二三"]
            if None in values or any(m.group("u") != gdp.group("u") for m in values):
                continue
            written = [gdp.group("v")] + [m.group("v") for m in values]
            added = sum(Decimal(m.group("v")) for m in values)
            tolerance = sum(Decimal(1).scaleb(-_places(w)) for w in written) / 2
            if abs(added - Decimal(gdp.group("v"))) > tolerance:
                places = max(_places(w) for w in written)
                unit = gdp.group("u")
                message = (
                    f"三次产业增加值相加为{_shown(added, places)}{unit}，与地区生产总值{gdp.group('v')}{unit}不符，请核实"
                )
                # From the total to the last part, as for any total and its parts: either may be the slip.
                span = (gdp.start("v"), max(m.end() for m in values))
                findings.append(self._finding("statistics.parts_total", span, text, message))
        return findings

    def _full_sentences(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each sentence up to 。！？ or a line break; a ； does not end one here."""
        start = 0
        for stop in [m.start() for m in self.FULL_STOP.finditer(text)] + [len(text)]:
            yield start, stop
            start = stop + 1

    def _clause_shares(self, text: str) -> list[Finding]:
        """Shares of one whole given clause by clause, the last for the rest (涉及土地的占38.6%，涉及建设的占24.3%，
        …，涉及其他事项的占19.0%): with 其他 the list is whole, and its shares must make 100%."""
        findings = []
        for start, stop in self._full_sentences(text):
            shares = list(self.CLAUSE_SHARE.finditer(text, start, stop))
            if len(shares) >= 3:
                last_label = text[shares[-2].end() : shares[-1].start()]
                if self.REST.search(last_label) and not re.search(r"或(?:其他|其余|其它)", last_label):
                    written = [m.group("p") for m in shares]
                    total = sum(Decimal(w.replace(",", "")) for w in written)
                    places = max(_places(w) for w in written)
                    if abs(total - 100) > Decimal(len(written)) * Decimal(1).scaleb(-places) / 2:
                        span = (shares[0].start("p"), shares[-1].end())
                        message = f"各项（末项为其他）所占比例相加为{_shown(total, places)}%，不等于100%，请核实"
                        findings.append(self._finding("statistics.share_sum", span, text, message))
        return findings

    # Tables ---------------------------------------------------------------------------------------

    def _tables(self, text: str) -> list[Finding]:
        findings = []
        block: list[tuple[int, str]] = []
        position = 0
        for line in text.split("\n"):
            if "\t" in line:
                block.append((position, line))
            else:
                if block:
                    findings += self._table(text, block)
                block = []
            position += len(line) + 1
        if block:
            findings += self._table(text, block)
        return findings

    def _table(self, text: str, lines: list[tuple[int, str]]) -> list[Finding]:
        rows = [_Row.read(start, line, self) for start, line in lines]
        if not any(row.is_total for row in rows):
            return []
        findings = []
        # A title row of years ("项目	2023	2024") holds figures too, but no row sums them.
        first_data = next((i for i, row in enumerate(rows) if row.numbers and not row.is_years), None)
        if first_data is None:
            return []
        header = rows[:first_data]
        body = rows[first_data:]
        for i, row in enumerate(body):
            if not row.is_total:
                continue
            if i == 0 or all(r.is_total or r.is_subtotal for r in body[:i]):
                # 合计 at the top: the rows below it, up to the next total.
                parts = []
                for r in body[i + 1 :]:
                    if r.is_total:
                        break
                    parts.append(r)
            else:
                previous = max((k for k in range(i) if body[k].is_total), default=-1)
                parts = body[previous + 1 : i]
            findings += self._total_row(text, header, row, parts)
        return findings

    def _total_row(self, text: str, header: list[_Row], total: _Row, parts: list[_Row]) -> list[Finding]:
        items = [r for r in parts if r.numbers and not r.is_subtotal]
        subtotals = [r for r in parts if r.is_subtotal]
        if len(items) < 2:
            return []
        positions = items[0].positions
        if any(r.positions != positions for r in items) or any(r.positions != positions for r in subtotals):
            return []  # a cell left empty shifts the ones after it: the columns cannot be told apart
        # A row may lack cells after its figures (an empty 备注 leaves no tab): the widest row has them all.
        width = max(len(r.cells) for r in items)
        titles = next((h.cells for h in reversed(header) if len(h.cells) == width), None)
        positions = self._without_row_numbers(items, positions, titles)
        if not positions:
            return []
        # Which of the total row's figures stands for which column.
        if len(total.cells) == width and set(total.positions) <= set(positions) | set(items[0].positions):
            mapping = [(p, p) for p in total.positions if p in positions]
        elif len(total.positions) == len(positions):
            mapping = list(zip(positions, total.positions))
        else:
            return []
        if titles is None and len(positions) > 1:
            return []  # with more than one figure a row, only the titles tell a rate from an amount
        findings = []
        for column, at in mapping:
            title = titles[column] if titles else ""
            if total.cells[at].strip() in self.EMPTY_VALUES:
                continue  # "—": no total for this column
            stated = total.value(at)
            if title and self.NOT_SUMMED.search(title) and stated != 100:
                continue
            if any(r.is_percent(column) for r in items) and stated != 100:
                continue  # a column of rates: the total row holds a rate too
            candidates = self._candidate_sums(items, subtotals, column)
            places = max([total.places(at), *(r.places(column) for r in items)])
            unit = Decimal(1).scaleb(-places)
            rounded = places > 0 or bool(self.ROUNDED_UNIT.search(title))
            tolerance = unit / 2 * len(items) if rounded else Decimal(0)
            if any(abs(added - stated) <= tolerance for _, added in candidates):
                continue
            which, added = candidates[-1]
            start, end = total.span(at)
            name = f"“{title}”列" if title else "该列"
            sign = "%" if total.is_percent(at) else ""
            findings.append(
                self._finding(
                    "statistics.table_total", (start, end), text,
                    f"表中“{total.cells[0].strip()}”行{name}为{text[start:end]}，"
                    f"{which}相加为{_shown(added, places)}{sign}，"
                    "请核实统计数据",
                )
            )
        return findings

    def _without_row_numbers(self, items: list[_Row], positions: tuple[int, ...], titles) -> tuple[int, ...]:
        """The figure columns less those that number the rows: 1, 2, 3… down the rows, or titled 序号, 科目编码."""
        kept = []
        for i in positions:
            if titles and self.IDENTIFIER_TITLE.search(titles[i]):
                continue
            numbers = [r.cells[i].strip() for r in items]
            if i == positions[0] and all(n.isdigit() for n in numbers):
                if [int(n) for n in numbers] == list(range(int(numbers[0]), int(numbers[0]) + len(numbers))):
                    continue
            kept.append(i)
        return tuple(kept)

    def _candidate_sums(self, items: list[_Row], subtotals: list[_Row], column: int) -> list[tuple[str, Decimal]]:
        """What the total may add up: every row, the 小计 rows, the rows but 其中, the top of a hierarchy (the last)."""
        def added(rows) -> Decimal:
            return sum((r.value(column) for r in rows), Decimal(0))

        sums = [("各行", added(items))]
        if subtotals:
            sums.append(("各小计行", added(subtotals)))
        # Rows under two classifications of one total (按经营单位所在地分：城镇 / 乡村, 按消费类型分：商品零售 / 餐饮
        # 收入): each classification adds up to it.
        kinds: dict[str, list[_Row]] = {}
        for r in items:
            kind, colon, _ = r.cells[0].strip().partition("分：")
            kinds.setdefault(kind if colon else "", []).append(r)
        if len(kinds) >= 2 and "" not in kinds and len({added(rows) for rows in kinds.values()}) == 1:
            sums.append(("各分类分别", added(next(iter(kinds.values())))))
        # "其中" breaks down the row above it.
        if any(r.cells[0].strip().startswith("其中") for r in items):
            items = [r for r in items if not r.cells[0].strip().startswith("其中")]
            sums.append(("除“其中”外各行", added(items)))
        levels = [self._level(r.cells[0]) for r in items]
        marked = [level for level in levels if level is not None]
        if marked:
            top = min(marked)
            sums.append(("最高一级及未编号各行", added(r for r, level in zip(items, levels) if level in (None, top))))
            sums.append(("最高一级各行", added(r for r, level in zip(items, levels) if level == top)))
        return sums

    def _level(self, label: str) -> int | None:
        label = label.strip()
        code = self.CODE.match(label)
        if code:
            return len(code.group(1))
        for level, pattern in enumerate(self.ENUMERATORS):
            if pattern.match(label):
                return 10 + level
        return None

    def _leaders(self, text: str) -> list[Finding]:
        """A place said to lead (居三镇之首, 最多) where another of the places its sentence gives a figure in the same
        unit has a larger one."""
        findings = []
        for lead in self._leads(text):
            start = sentence_start(text, lead.start(), floor=max(0, lead.start() - self.TOTAL_REACH))
            if sum(text.count(c, start, lead.start()) for c in "镇乡村") < 3:
                continue
            figures: dict[str, _Figure] = {}
            for m in self.PLACE_FIGURE.finditer(text, start, lead.start()):
                place = text[max(start, m.start() - 2) : m.start() + 1]
                # Not a total of them (三个镇合计完成112户, 全乡共…).
                if len(place) == 3 and _HAN_PAIR.fullmatch(place[:2]) and not self.SUMMED.search(place + m.group()):
                    figures.setdefault(place, _figure(m, "q"))
            units = {f.unit for f in figures.values()}
            clause = max(text.rfind(c, start, lead.start()) for c in "，,；;") + 1
            named = [p for p in figures if p in text[clause : lead.start()]]
            if len(figures) < 3 or len(units) != 1 or len(named) != 1:
                continue
            place, figure = named[0], figures[named[0]]
            ahead = max(figures, key=lambda p: figures[p].value)
            if figures[ahead].value > figure.value:
                message = (
                    f"{place}为{self._written(figure)}，少于{ahead}的{self._written(figures[ahead])}，"
                    f"与“{lead.group()}”不符，请核实"
                )
                findings.append(self._finding("statistics.ranking", (clause, lead.end()), text, message))
        return findings

    def _leads(self, text: str) -> Iterator[re.Match]:
        """LEADS's matches, looked for from each lead word (the pattern opens with alternatives, which `re` would
        try at every position)."""
        for word in self.LEAD_WORDS:
            at = text.find(word)
            while at >= 0:
                m = self.LEADS.search(text, max(0, at - 7), at + len(word))
                if m is not None and m.end() == at + len(word):
                    yield m
                at = text.find(word, at + 1)

    # 考核办法: "考核实行百分制" or "满分100分", then each item with its points (（一）组织体系建设（15分）).
    FULL_MARKS = re.compile(r"百分制|(?:满分|总分)为?100分")
    NUMBERED_LINE = re.compile(
        r"[ \t　]*(?:(?P<top>[一二三四五六七八九十]{1,3}、)|(?P<sub>[（(][一二三四五六七八九十]{1,3}[）)])|(?P<num>\d{1,2}[.．、]))"
    )
    ITEM_POINTS = re.compile(r"[（(](?P<p>\d{1,3}(?:\.\d)?)分[）)]")
    SCORE_LINES = 80
    POINTS_REACH = 40  # the points stand after the item's name, not in its description

    def _score_totals(self, text: str) -> list[Finding]:
        """A scheme said to be marked out of 100 whose items' points make another sum: the items are the lines of
        one numbering level (一、, （一） or 1.) after the statement that each give their points, up to the next line
        of a level above them; an item of that level without points, or fewer than two, leaves it unread."""
        findings = []
        levels = ("top", "sub", "num")
        read_to = 0  # a statement inside lines an earlier one read is not read again: each line once, or so
        for m in self.FULL_MARKS.finditer(text):
            line_end = text.find("\n", m.end())
            if line_end < 0 or m.start() < read_to:
                continue
            level, items = None, []
            for n, at in enumerate(line_starts(text, line_end + 1)):
                read_to = at
                if n >= self.SCORE_LINES:
                    break
                numbered = self.NUMBERED_LINE.match(text, at)
                if numbered is None:
                    continue
                kind = numbered.lastgroup
                end = sentence_end(text, numbered.end(), "\n", ceiling=numbered.end() + self.POINTS_REACH)
                points = self.ITEM_POINTS.search(text, numbered.end(), end)
                if level is None:
                    if points is None:
                        continue
                    level = kind
                if levels.index(kind) < levels.index(level):
                    break  # a heading above the items: the list has ended
                if kind != level:
                    continue
                if points is None:
                    items = []
                    break
                items.append((numbered.start(kind), points))
            if len(items) < 2:
                continue
            added = sum(Decimal(points.group("p")) for _, points in items)
            if added != 100:
                span = (items[0][0], items[-1][1].end())
                message = f"考核实行百分制，各项分值相加为{added.normalize():f}分，不等于100分，请核实"
                findings.append(self._finding("statistics.score_total", span, text, message))
        return findings

    def _list_counts(self, text: str) -> list[Finding]:
        """A list announced with its count (拟表彰以下11名同志…：杨再荣、龙正发…) that holds another number of
        entries: on the colon's line (、 or ； between them) or on the lines after it, numbered (1．…), grouped
        (三江镇：杨国庆家庭、龙秀英家庭) or as one line. A list with 等 in it names only some."""
        findings = []
        for m in self.LIST_HEAD.finditer(text):
            announced = _count_value(m.group(1))
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            colon = self.COLON.search(text, m.end(), line_end)
            if announced is None or colon is None or "。" in text[m.end() : colon.start()]:
                continue
            rest = text[colon.end() : line_end].strip()
            entries: list[list[str]] = []
            if rest:
                entries.append(self._entries(rest.split("。")[0]))
            else:
                kind = ""
                for at in itertools.islice(line_starts(text, line_end + 1), self.LIST_LINES):
                    line = text[at : sentence_end(text, at, "\n")].strip()
                    grouped = self.GROUPED_ENTRY.match(line)
                    now = "numbered" if self.NUMBERED_ENTRY.match(line) else "grouped" if grouped else "line"
                    if not line or kind and now != kind:
                        break
                    kind = now
                    if now == "numbered":
                        entries.append([line])
                    elif now == "grouped":
                        entries.append(self._entries(grouped.group(1)))
                    else:
                        entries.append(self._entries(line.split("。")[0]))
                        break
            listed = sum(map(len, entries))
            if listed < 2 or listed == announced or any("等" in e for group in entries for e in group):
                continue
            said = m.group()
            right = said.replace(m.group(1), str(listed) if m.group(1).isdigit() else chinese_numeral(listed), 1)
            message = f"“{said}”与其后所列的{listed}个不符，请核实人数或名单"
            findings.append(self._finding("statistics.list_count", m.span(), text, message, right))
        return findings

    @staticmethod
    def _entries(line: str) -> list[str]:
        line = re.sub(r"（[^）]*）|\([^)]*\)", "", line).strip("；;。 ")
        return [e for e in re.split("[；;]" if re.search("[；;]", line) else "、", line) if e.strip()]

    @staticmethod
    def _finding(rule: str, span: tuple[int, int], text: str, message: str, suggestion: str = "") -> Finding:
        start, end = span
        return Finding(
            rule=rule,
            category="statistics",
            standard=7,
            severity="warn",
            start=start,
            end=end,
            text=text[start:end],
            message=message,
            suggestion=suggestion,
            source=SOURCE,
        )


_HAN_PAIR = re.compile("[\u4e00-\u9fff]{2}")


def _count_value(written: str) -> int | None:
    return int(written) if written.isdigit() else chinese_number(written.replace("两", "二"))


@dataclass
class _Row:
    """One line of a text table: its cells with where each starts in the text, and which of them are figures."""

    start: int
    cells: list[str]
    offsets: list[int]
    positions: tuple[int, ...]
    is_total: bool
    is_subtotal: bool

    @classmethod
    def read(cls, start: int, line: str, checker: StatisticsChecker) -> _Row:
        cells = line.split("\t")
        offsets, at = [], start
        for cell in cells:
            offsets.append(at)
            at += len(cell) + 1
        positions = tuple(
            i
            for i, cell in enumerate(cells)
            if checker.NUMBER_CELL.fullmatch(cell.strip()) or cell.strip() in checker.EMPTY_VALUES
        )
        label = re.sub(r"[\s　:：]", "", cells[0])
        is_total = bool(checker.TOTAL_LABEL.fullmatch(label))
        is_subtotal = bool(checker.SUBTOTAL_LABEL.fullmatch(label))
        return cls(start, cells, offsets, positions, is_total, is_subtotal)

    @property
    def numbers(self) -> bool:
        return any(self.cells[i].strip() not in StatisticsChecker.EMPTY_VALUES for i in self.positions)

    @property
    def is_years(self) -> bool:
        """A title row of years ("项目	2023	2024"): two or more, as one figure alone may be an amount (中央资金	2000)."""
        years = (re.fullmatch(r"(?:19|20)\d{2}", self.cells[i].strip()) for i in self.positions)
        return len(self.positions) >= 2 and all(years)

    def value(self, i: int) -> Decimal:
        cell = self.cells[i].strip().rstrip("%").replace(",", "")
        return Decimal(0) if cell in StatisticsChecker.EMPTY_VALUES or not cell else Decimal(cell)

    def places(self, i: int) -> int:
        return _places(self.cells[i].strip().rstrip("%"))

    def is_percent(self, i: int) -> bool:
        return self.cells[i].strip().endswith("%")

    def span(self, i: int) -> tuple[int, int]:
        cell = self.cells[i]
        lead = len(cell) - len(cell.lstrip())
        start = self.offsets[i] + lead
        return start, start + len(cell.strip())

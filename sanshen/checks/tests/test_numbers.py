import datetime as dt

import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.numbers import NumberUsageChecker


@pytest.fixture(scope="module")
def checker():
    return NumberUsageChecker()


@pytest.mark.parametrize(
    "text, expected",
    [
        # NUM-02 概数: no 顿号 between adjacent numbers
        ("历时三、四个月", [("number.approximate", 2, 5, "三四")]),
        ("需要5、6天", [("number.approximate", 2, 5, "五六")]),
        ("持续两、三天", [("number.approximate", 2, 5, "两三")]),
        ("上世纪五、六十年代", [("number.approximate", 3, 6, "五六")]),
        ("第三、四季度", []),
        ("三、四年级", []),
        ("5、6月份", []),
        ("国家一、二级保护动物", []),
        ("一、二、三个", []),
        ("工作完成。\n三、四个方面的要求", []),
        ("需要三、五天", []),
        # NUM-04 年份简写
        ("项目19年底完工", [("number.short_year", 2, 5, "2019年")]),
        ("03年2月14日", [("number.short_year", 0, 3, "2003年")]),
        ("’24年", [("number.short_year", 0, 4, "2024年")]),
        ("2019年底", []),
        ("经过10年初步建成", []),
        ("工作了19年", []),
        # NUM-05 不完整日期不用 "-"
        ("于2008-8开工", [("number.incomplete_date", 1, 7, "2008年8月")]),
        ("发布时间: 2024-01-10 16:30", []),
        ("2008-2010年", []),
        ("1985-04", []),
        # NUM-06 范围两端的 % 万 亿
        ("增长15~30%", [("number.range_unit", 2, 8, "15%～30%")]),
        ("13～17万元", [("number.range_unit", 0, 7, "13万～17万元")]),
        ("9—16亿", [("number.range_unit", 0, 5, "9亿～16亿")]),
        ("15%～30%", []),
        ("指定1—2名工作人员", []),
        # NUM-07 阿拉伯数字不与千、百、十连用
        ("补贴3千元", [("number.magnitude", 2, 4, "3000")]),
        ("3千万", [("number.magnitude", 0, 3, "3000万")]),
        ("4亿5千3百万", [("number.magnitude", 0, 7, "4.53亿")]),
        ("1百零8", [("number.magnitude", 0, 2, "")]),
        ("5千克、12千米、3百分点、4亿5000万", []),
        # NUM-08 零 and 〇
        ("二零二四年", [("number.zero", 0, 5, "二〇二四年")]),
        ("于二○二四年", [("number.zero", 1, 6, "二〇二四年")]),
        ("二0二四年", [("number.zero", 0, 5, "二〇二四年")]),
        ("三千〇五十二", [("number.zero", 2, 3, "零")]),
        ("二〇二四年，三千零五十二", []),
        # NUM-09 纯小数
        ("约.5倍", [("number.leading_zero", 1, 3, "0.5")]),
        ("3.5倍，防线.80磅，消化.2)锅中", []),
        # NUM-11 定型词语
        ("从1方面看", [("number.fixed_word", 1, 4, "一方面")]),
        ("3心2意", [("number.fixed_word", 0, 4, "三心二意")]),
        ("第1书记", [("number.fixed_word", 0, 4, "第一书记")]),
        ("1方面军，发生1起事故，一方面", []),
        # NUM-13 农历、干支
        ("农历8月15日", [("number.lunar", 0, 7, "")]),
        ("农历八月十五", []),
        # NUM-14 一个数中混用
        ("共十5个", [("number.mixed", 1, 3, "15")]),
        ("二十5人", [("number.mixed", 0, 3, "25")]),
        ("统一2024年", []),
        ("同比增长百分之5.8，占千分之3", [("number.mixed", 4, 10, "5.8%"), ("number.mixed", 12, 16, "3‰")]),
        ("增长百分之五点八，百分之百，5.8%", []),
    ],
)
def test_it_finds_number_usage_errors_and_only_those(checker, text, expected):
    findings = checker.check(text, CheckContext(publication_date=dt.date(2024, 5, 1)))
    assert [(f.rule, f.start, f.end, f.suggestion) for f in findings] == expected
    for f in findings:
        assert (f.category, f.standard, f.severity) == ("number_usage", 8, "warn")
        assert text[f.start : f.end] == f.text
        assert f.source.startswith("GB/T 15835-2011 ")


@pytest.mark.parametrize(
    "text, expected",
    [
        # a list summed up by 共, and a total broken down with 分别为
        ("一等奖1名、二等奖3名、三等奖5名，共10名", [(19, 22, "所列各项合计9名，与总数10名不符，请核实统计数据")]),
        ("2024年全县新建项目8个、改建项目5个，共14个", [(22, 25, "所列各项合计13个，与总数14个不符，请核实统计数据")]),
        (
            "共投入资金500万元，分别为中央资金200万元、省级资金100万元、县级配套150万元",
            [(5, 10, "所列各项合计450万元，与总数500万元不符，请核实统计数据")],
        ),
        ("发放补贴1.5万元、2.25万元，合计3.8万元", [(19, 24, "所列各项合计3.75万元，与总数3.8万元不符，请核实统计数据")]),
        # totals that add up
        ("一等奖1名、二等奖3名、三等奖5名，共9名", []),
        ("共投入资金500万元，分别为中央资金200万元、省级资金300万元", []),
        # 其中 lists some parts, not all; approximations; mixed units; comparisons
        ("共有职工100人，其中党员30人、团员20人", []),
        ("一等奖约1名、二等奖3名，共10名", []),
        ("新建项目8个、资金5万元，共14个", []),
        ("同比增长8个、新增5个，共14个", []),
        ("共同推进3个项目建设，其中1个、2个", []),
    ],
)
def test_it_checks_that_listed_figures_add_up(checker, text, expected):
    findings = checker.check(text, CheckContext())
    assert [(f.start, f.end, f.message) for f in findings] == expected
    for f in findings:
        assert (f.rule, f.category, f.standard, f.severity) == ("number.total", "number_usage", 7, "warn")


@pytest.mark.parametrize(
    "text, expected",
    [
        # a fixed word in Chinese numerals keeps the one it overlaps from matching
        ("接二连三心2意", []),
        ("三心2意", [("number.fixed_word", 0, 4)]),
        ("第1书记第1书记", [("number.fixed_word", 0, 4), ("number.fixed_word", 4, 8)]),
        (".1方面", []),
        # what stands before the year, the hyphen or the dot decides
        ("近’24年底", [("number.short_year", 2, 5)]),
        ("2024-01和2008-8", [("number.incomplete_date", 8, 14)]),
        ("于2008-8-1", []),
        ("三千〇五十二和二零二四年", [("number.zero", 2, 3), ("number.zero", 7, 12)]),
        ("5千克和3千元", [("number.magnitude", 4, 6)]),
        ("农历8月15日、甲子年8月", [("number.lunar", 0, 7), ("number.lunar", 8, 13)]),
        # each sentence is added up on its own
        ("一等奖1名、二等奖3名，共5名。一等奖1名、二等奖3名，共4名。", [("number.total", 13, 15)]),
        ("共10名！一等奖1名、二等奖3名", []),
    ],
)
def test_it_reads_each_number_in_its_surroundings(checker, text, expected):
    findings = checker.check(text, CheckContext(publication_date=dt.date(2024, 5, 1)))
    assert sorted(((f.rule, f.start, f.end) for f in findings), key=lambda r: (r[1], r[0])) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a year written short, in the places a year stands: a period of the year, a dating preposition, an event
        ("19年完成", [(0, 3, "2019年")]),
        ("用3年完成", []),
        ("项目于19年建成", []),
        ("项目建成于19年", [(5, 8, "2019年")]),
        ("相当于19年的工作量", []),
        ("19年上半年", [(0, 3, "2019年")]),
        ("19年度", [(0, 3, "2019年")]),
        ("他20年度过了难关", []),
        ("近19年来", []),
        ("19年来", []),
        ("自19年以来", [(1, 4, "2019年")]),
        ("近19年以来", []),
        ("从19年起", [(1, 4, "2019年")]),
        ("从10年前开始", []),
        ("在19年完成", [(1, 4, "2019年")]),
        ("在10年内完成", []),
        ("在20年代", []),
        ("存在10年，", []),
        ("截至19年，", [(2, 5, "2019年")]),
        ("延长至30年，", []),
        ("历时10年完成", []),
        ("计划用10年完成", []),
        ("分10年实施", []),
        ("30年完成", []),
        ("05年的", [(0, 3, "2005年")]),
        ("15年级，05年级", []),
        ("‘24年目标", [(0, 4, "2024年")]),
        ("2019年完成，工作了19年", []),
    ],
)
def test_it_tells_a_short_year_from_a_number_of_years(checker, text, expected):
    findings = checker.check(text, CheckContext(publication_date=dt.date(2024, 5, 1)))
    assert [(f.start, f.end, f.suggestion) for f in findings if f.rule == "number.short_year"] == expected
    for f in findings:
        assert f.rule == "number.short_year"


@pytest.mark.parametrize(
    "text, expected",
    [
        # 约 with 余, 多 or 左右 on the same number
        ("约300余人", [(0, 5, "300余")]),
        ("大约有300多人参加", [(0, 7, "有300多")]),
        ("约20多万元", [(0, 4, "20多")]),
        ("投资约5万元左右", [(2, 8, "5万元左右")]),
        ("面积约百亩左右", [(2, 7, "百亩左右")]),
        ("约十余分钟", [(0, 3, "十余")]),
        ("约为1000吨左右", [(0, 9, "为1000吨左右")]),
        ("约300人", []),
        ("300余人，约5万元", []),
        ("节约300余万元", []),
        ("签约10多个项目", []),
        ("预约20多人次", []),
        ("约30人多次参加", []),
        ("约5公里左右两侧", []),
        ("约5万元，左右为难", []),
    ],
)
def test_it_finds_an_approximation_stated_twice(checker, text, expected):
    findings = checker.check(text, CheckContext())
    assert [(f.start, f.end, f.suggestion) for f in findings] == expected
    for f in findings:
        assert (f.rule, f.category, f.standard, f.severity) == ("number.double_approximate", "number_usage", 8, "warn")
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text, expected",
    [
        # 号 for 日 in a date
        ("定于11月20号召开", [(2, 8, "11月20日")]),
        ("十一月二十号", [(0, 6, "十一月二十日")]),
        ("5月1号至5月3号", [(0, 4, "5月1日"), (5, 9, "5月3日")]),
        ("11月20日召开", []),
        ("13月20号", []),
        ("5月32号", []),
        ("3月1号楼", []),
        ("6月3号文件", []),
        ("国发〔2024〕1号", []),
        ("他说：“我们5月1号出发”", []),
        ("“收到。”5月1号出发", [(5, 9, "5月1日")]),
        ("第12号台风", []),
    ],
)
def test_it_finds_hao_for_ri_in_dates(checker, text, expected):
    findings = checker.check(text, CheckContext())
    assert [(f.start, f.end, f.suggestion) for f in findings] == expected
    for f in findings:
        assert (f.rule, f.category, f.standard, f.severity) == ("number.date_hao", "number_usage", 8, "warn")
        assert f.message == f"公文中日期用“日”，不用口语的“号”：应为“{f.suggestion}”"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a date no calendar has
        ("定于2026年2月30日召开", [("number.date", 2, 12, "", "日期不存在：2月没有30日，请核实")]),
        ("请于4月31日前报送", [("number.date", 2, 7, "", "日期不存在：4月没有31日，请核实")]),
        ("13月5日", [("number.date", 0, 5, "", "日期不存在：没有13月，请核实")]),
        ("2028年2月29日", []),
        ("2月29日", []),  # without a year a leap year may be meant
        ("2027年2月29日", [("number.date", 0, 10, "", "日期不存在：2月没有29日，请核实")]),
        # a weekday that is not its date's, where the year is written
        ("2026年3月5日（星期三）上午9时", [("number.date", 10, 13, "星期四", "2026年3月5日是星期四，文中为“星期三”，请核实")]),
        ("2026年3月5日(周三)", [("number.date", 10, 12, "周四", "2026年3月5日是星期四，文中为“周三”，请核实")]),
        ("2026年3月5日（星期四）", []),
        ("2026年3月8日（星期天）", []),
        ("3月5日（星期三）", []),  # no year: the item may speak of another
        # a year short in Chinese digits
        ("自一九年建成开放以来", [("number.short_year", 1, 4, "2019年", "年份不应简写：“一九年”应写全，如“2019年”")]),
        ("二〇年底完工", [("number.short_year", 0, 3, "2020年", "年份不应简写：“二〇年”应写全，如“2020年”")]),
        ("过了五六年", []),
        ("三五年内完成", []),
        ("二〇二〇年", []),
    ],
)
def test_it_checks_dates_against_the_calendar(checker, text, expected):
    context = CheckContext(publication_date=dt.date(2026, 12, 7))
    found = [(f.rule, f.start, f.end, f.suggestion, f.message) for f in checker.check(text, context)]
    assert found == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("放假时间为2025年5月三十一日至6月2日", [("2025年5月三十一日", "2025年5月31日")]),
        ("二〇二五年6月18日", [("二〇二五年6月18日", "2025年6月18日")]),
        ("十二月5日", [("十二月5日", "12月5日")]),
        ("2025年12月5日", []),
        ("二〇二五年十二月五日", []),
        ("第3届一月十五日", []),
    ],
)
def test_a_date_mixing_arabic_and_chinese_numerals_is_written_in_arabic(text, expected):
    found = NumberUsageChecker().check(text, CheckContext())
    assert [(f.text, f.suggestion) for f in found if f.rule == "number.mixed_date"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("产业发展回顾：23年全乡新种植油茶1200亩", ["23年"]),
        ("23年我县共完成造林3万亩", ["23年"]),
        ("用了23年全身心投入", []),
        ("：30年全县累计", []),  # a year after next is no recent year
    ],
)
def test_a_short_year_opening_its_clause_is_a_year(text, expected):
    context = CheckContext(publication_date=dt.date(2026, 12, 7))
    found = NumberUsageChecker().check(text, context)
    assert [f.text for f in found if f.rule == "number.short_year"] == expected


def test_a_circle_written_for_zero_is_read_as_one():
    # ○ (U+25CB) for 〇: the short-year rule read it as a digit and had no value for it
    found = NumberUsageChecker().check("自○五年建成以来", CheckContext(publication_date=dt.date(2026, 12, 7)))
    assert [(f.rule, f.text, f.suggestion) for f in found] == [("number.short_year", "○五年", "2005年")]

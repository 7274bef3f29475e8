import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.punctuation import PunctuationChecker


@pytest.fixture(scope="module")
def checker():
    return PunctuationChecker()


@pytest.mark.parametrize(
    "text, expected",
    [
        # PUN-01 省略号 is six dots
        ("云南......", [("punctuation.ellipsis", 2, 8, "……")]),
        ("等等。。。", [("punctuation.ellipsis", 2, 5, "……")]),
        ("云南…", [("punctuation.ellipsis", 2, 3, "……")]),
        ("云南……", []),
        ("段落省略…………", []),
        ("第一章 总则......5\n第二章 附则......9", []),
        ("Wait... what", []),
        # PUN-02 省略号 with 等
        ("苹果、香蕉……等", [("punctuation.ellipsis_deng", 5, 8, "等")]),
        ("苹果、香蕉…… 等等", [("punctuation.ellipsis_deng", 5, 10, "等等")]),
        # PUN-03 破折号
        ("世界──居住于东京", [("punctuation.dash", 2, 4, "——")]),
        ("长城———中国", [("punctuation.dash", 2, 5, "——")]),
        ("长城--中国的象征", [("punctuation.dash", 2, 4, "")]),
        ("长城—中国的象征", [("punctuation.dash", 2, 3, "——")]),
        ("长城——中国的象征", []),
        ("北京—上海直达快车", []),
        ("古猿—猿人—古人—新人", []),
        ("发展--------------------------------针对", []),
        # PUN-04 序次语
        ("1、加强领导", [("punctuation.enumeration", 0, 2, "1.")]),
        ("（一）、总体要求", [("punctuation.enumeration", 0, 4, "（一）")]),
        ("1. 加强领导\n一、总体要求\n（一）工作目标\n1、2号楼", []),
        # PUN-05 并列书名号、引号之间的顿号
        ("学习《民法典》、《刑法》", [("punctuation.title_series", 6, 9, "》《")]),
        ("学习《民法典》（2020年）、《刑法》", []),
        # PUN-06 问号叹号叠用
        ("真的吗？？？？", [("punctuation.stacked", 3, 7, "？？？")]),
        ("真的吗？？？", []),
        # PUN-07 点号在行首
        ("各单位：\n，请于周五前报送", [("punctuation.line_start", 5, 6, "")]),
        # PUN-08 半角标点
        ("各单位,请于周五前报送", [("punctuation.halfwidth", 3, 4, "，")]),
        ("会议时间:10:30", [("punctuation.halfwidth", 4, 5, "：")]),
        ("共3,其中", [("punctuation.halfwidth", 2, 3, "，")]),
        ("二、不同意.", [("punctuation.halfwidth", 5, 6, "。")]),
        ("请于周五前报送.逾期不报的视为放弃。", [("punctuation.halfwidth", 7, 8, "。")]),
        ("附件1.关于印发方案的通知，文件名方案.docx，网址www.gov.cn，等...", [("punctuation.ellipsis", 39, 42, "……")]),
        ("国内生产总值(GDP)增长", [("punctuation.halfwidth", 6, 7, "（"), ("punctuation.halfwidth", 10, 11, "）")]),
        ("He said: \"Hello, world!\" at 10:30, f(x)=3.5", []),
        ("详见https://www.gov.cn/zhengce/index.htm?a=1,2 或 office@gov.cn", []),
        # PUN-09 成对标号
        ("印发《关于加强管理的通知", [("punctuation.unpaired", 2, 3, "")]),
        ("关于加强管理的通知》", [("punctuation.unpaired", 9, 10, "")]),
        ("支付宝宣布被“收编“了", [("punctuation.unpaired", 9, 10, "”")]),
        ("（二）要“严格执行）", [("punctuation.unpaired", 4, 5, ""), ("punctuation.unpaired", 9, 10, "")]),
        ("县政府关于修订《锦屏县\n\n网站信息发布\n\n“三审三校”制度》的通知", []),
        ("“第一段文字\n“第二段文字。”", []),
        ("印发《关于加强管理的通知\n各单位：\n《附件》", [("punctuation.unpaired", 2, 3, "")]),
        ("1）加强领导\n一）完善制度\ndon’t ’24年", []),
        ("他说：“办‘村BA’，就是要让乡亲们高兴。”the users’ guide", []),
        # PUN-10 引号嵌套, PUN-11 书名号嵌套
        ("他说“要落实“三审三校”制度”", [("punctuation.nested_quotes", 6, 7, "‘")]),
        ("他说“要落实‘三审三校’制度”", []),
        ("《学习《民法典》读本》", [("punctuation.nested_titles", 3, 4, "〈")]),
        ("《学习〈民法典〉读本》", []),
        # PUN-13 数值范围的短横线
        ("补贴3-5万元", [("punctuation.range_hyphen", 2, 7, "3万～5万元")]),
        ("补贴3-5元", [("punctuation.range_hyphen", 2, 6, "3～5元")]),
        ("增长15-30%", [("punctuation.range_hyphen", 2, 8, "15%～30%")]),
        ("GB/T 15834-2011 与 2023-2025年", []),
        # PUN-14 点号连用
        ("各乡镇，，街道", [("punctuation.duplicate", 3, 5, "，")]),
        ("好。。", [("punctuation.duplicate", 1, 3, "。")]),
        ("多发于中老年；。", [("punctuation.duplicate", 6, 8, "")]),
    ],
)
def test_it_finds_punctuation_errors_and_only_those(checker, text, expected):
    findings = sorted(checker.check(text, CheckContext()), key=lambda f: (f.start, f.rule))
    assert [(f.rule, f.start, f.end, f.suggestion) for f in findings] == expected
    for f in findings:
        assert f.category == "punctuation"
        assert f.standard == 8
        assert f.severity in ("warn", "info")
        assert text[f.start : f.end] == f.text
        assert f.source.startswith("GB/T")


@pytest.mark.parametrize(
    "rule_text, severity",
    [("1、加强领导", "info"), ("学习《民法典》、《刑法》", "info"), ("云南…", "warn"), ("各单位,请于", "warn")],
)
def test_it_keeps_advice_below_errors(checker, rule_text, severity):
    [finding] = checker.check(rule_text, CheckContext())
    assert finding.severity == severity


def test_it_reports_a_text_converted_to_half_width_once(checker):
    text = "各乡镇人民政府,县人民政府各工作部门:\n经研究同意,现印发给你们,请遵照执行(见附件)。"
    [finding] = checker.check(text, CheckContext())
    assert (finding.rule, finding.start, finding.end, finding.suggestion) == ("punctuation.halfwidth", 7, 8, "，")
    assert finding.message == "全文中文语句使用半角标点6处（, : ( )），应统一改用全角标点"


def test_it_reports_a_full_stop_at_the_end_of_the_title(checker):
    [finding] = checker.check("正文", CheckContext(title="关于开展安全检查的通知。"))
    assert (finding.rule, finding.start, finding.end, finding.location) == (
        "punctuation.title_period", 11, 12, {"field": "title"}
    )  # fmt: skip
    assert checker.check("正文", CheckContext(title="关于开展安全检查的通知")) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # the start of the text and the start of a line after it
        ("，请于周五前报送", [("punctuation.line_start", 0, 1)]),
        ("一、总体要求\n1、加强领导", [("punctuation.enumeration", 7, 9)]),
        ("各单位,请于\n（一）、总体要求", [("punctuation.halfwidth", 3, 4), ("punctuation.enumeration", 7, 11)]),
        # hyphens in telephone numbers and codes are no ranges
        ("补贴3-5万元，电话0591-22000000", [("punctuation.range_hyphen", 2, 7)]),
        ("电话0851-3-5万元", []),
        ("编号A3-5万元", []),
        # runs of marks
        ("各乡镇，，，街道", [("punctuation.duplicate", 3, 6)]),
        ("好、，好", [("punctuation.duplicate", 1, 3)]),
        ("真的吗？？？？！", [("punctuation.stacked", 3, 8)]),
        # a quotation closed before the blank lines; the one after them is not
        ("他说“好”\n\n\n“第一段", [("punctuation.unpaired", 8, 9)]),
    ],
)
def test_it_reads_each_mark_in_its_surroundings(checker, text, expected):
    findings = checker.check(text, CheckContext())
    assert sorted(((f.rule, f.start, f.end) for f in findings), key=lambda r: (r[1], r[0])) == expected


@pytest.mark.parametrize(
    "text, typed, read_by_ocr",
    [
        # the width and form of marks OCR cannot tell apart: found in typed text, not in OCR'd text
        ("各单位(含乡镇)请于周五前报送", [("punctuation.halfwidth", 3), ("punctuation.halfwidth", 7)], []),
        ("云南......", [("punctuation.ellipsis", 2)], []),
        ("长城--中国的象征", [("punctuation.dash", 2)], []),
        ("补贴3-5万元", [("punctuation.range_hyphen", 2)], []),
        ("印发《关于加强管理的通知", [("punctuation.unpaired", 2)], []),
        ("城关镇（东湖乡)", [("punctuation.halfwidth", 7), ("punctuation.unpaired", 3)], []),
        # the rest stays: marks doubled, stacked or nested read the same at any width
        ("各乡镇，，街道", [("punctuation.duplicate", 3)], [("punctuation.duplicate", 3)]),
        ("真的吗？？？？", [("punctuation.stacked", 3)], [("punctuation.stacked", 3)]),
        ("《学习《民法典》读本》", [("punctuation.nested_titles", 3)], [("punctuation.nested_titles", 3)]),
    ],
)  # fmt: skip
def test_it_leaves_the_width_of_ocr_text_alone(checker, text, typed, read_by_ocr):
    def found(context):
        return sorted((f.rule, f.start) for f in checker.check(text, context))

    assert found(CheckContext()) == sorted(typed)
    assert found(CheckContext(source="ocr")) == sorted(read_by_ocr)


def test_it_still_checks_the_title_of_ocr_text(checker):
    findings = checker.check("正文", CheckContext(source="ocr", title="关于开展安全检查的通知。"))
    assert [f.rule for f in findings] == ["punctuation.title_period"]

import datetime as dt

import pytest

from sanshen.checks import CheckContext
from sanshen.checks.checkers.laws import LawTitleChecker, load_law_register

DAY = dt.date(2024, 5, 1)


@pytest.fixture(scope="module")
def checker():
    return LawTitleChecker()


@pytest.mark.parametrize(
    "text, day, expected",
    [
        # one edit from a real title: a character missing, wrong, or too many
        ("依据《中华人民共和国保守国家秘密》等有关规定", DAY, [("law.title_typo", 3, 16, "中华人民共和国保守国家秘密法")]),
        ("《中华人民共和国网络安法》", DAY, [("law.title_typo", 1, 12, "中华人民共和国网络安全法")]),
        ("《网路安全法》", DAY, [("law.title_typo", 1, 6, "网络安全法")]),
        ("《中华人民共和国网路安全法（2016年）》", DAY, [("law.title_typo", 1, 20, "中华人民共和国网络安全法（2016年）")]),
        ("《中国共产党纪律处份条例》", DAY, [("law.title_typo", 1, 12, "中国共产党纪律处分条例")]),
        ("《关于〈中华人民共和国民发典〉的解读》", DAY, [("law.title_typo", 4, 14, "中华人民共和国民法典")]),
        # a 条例 that is really a 法
        ("《个人信息保护条例》", DAY, [("law.title_kind", 1, 9, "个人信息保护法")]),
        # repealed, cited after the repeal
        ("依据《中华人民共和国合同法》第五十二条", DAY, [("law.repealed", 3, 13, "中华人民共和国民法典")]),
        ("根据《婚姻法》规定", DAY, [("law.repealed", 3, 6, "中华人民共和国民法典")]),
        ("《中华人民共和国经济合同法》", dt.date(2005, 1, 1), [("law.repealed", 1, 13, "中华人民共和国合同法")]),
        ("《中华人民共和国经济合同法》", DAY, [("law.repealed", 1, 13, "中华人民共和国民法典")]),
        ("《信访条例》", DAY, [("law.repealed", 1, 5, "信访工作条例")]),
        # looks like a national law, but is in no register
        ("根据《中华人民共和国数字经济促进法》", DAY, [("law.unknown", 3, 17, "")]),
        # cited without 书名号
        ("根据个人信息保护法规定", DAY, [("law.no_title_marks", 2, 9, "《个人信息保护法》")]),
        ("根据预算法的规定", DAY, [("law.no_title_marks", 2, 5, "《预算法》")]),
        ("依照中华人民共和国网络安全法", DAY, [("law.no_title_marks", 2, 14, "《中华人民共和国网络安全法》")]),
        # correct titles, short forms, later versions and drafts
        ("依据《中华人民共和国民法典》第一百五十三条", DAY, []),
        ("根据《民法典》第一千零七十九条", DAY, []),
        ("《中华人民共和国政府信息公开条例》《中华人民共和国网络安全法》", DAY, []),
        ("依据《保密法》", DAY, []),
        ("《中华人民共和国刑法修正案（十二）》", DAY, []),
        ("《中华人民共和国档案法实施办法》", dt.date(2023, 6, 1), []),
        ("《中华人民共和国档案法实施办法》", DAY, [("law.repealed", 1, 15, "中华人民共和国档案法实施条例")]),
        ("《事业单位公开招聘人员暂行办法》", DAY, [("law.title_kind", 1, 15, "事业单位公开招聘人员暂行规定")]),
        ("《中华人民共和国行政处罚法（2021年修订）》", DAY, []),
        ("《中华人民共和国某某法（草案）》", DAY, []),
        ("《中华人民共和国海关法》《中华人民共和国海警法》", DAY, []),
        # a repealed law before its repeal, or named as repealed
        ("依据《中华人民共和国合同法》第五十二条", dt.date(2019, 3, 1), []),
        ("原《中华人民共和国合同法》第五十二条", DAY, []),
        ("《中华人民共和国合同法》同时废止", DAY, []),
        # local documents, books, songs, papers
        ("《锦屏县人民政府网信息发布审签表》", DAY, []),
        ("《贵州省物业管理条例》", DAY, []),
        ("学唱《国歌》，阅读《红楼梦》和《人民日报》", DAY, []),
        ("《水法》《税法》", DAY, []),
        # law words that are not citations
        ("严格执行国家保密法规的要求", DAY, []),
        ("不得违反国家有关法律法规", DAY, []),
        ("加强网络安全法治建设", DAY, []),
        ("根据宪法规定", DAY, []),
        ("学习宣传民法典活动", DAY, []),
        ("暂时调整实施《中华人民共和国药品管理法", DAY, []),
    ],
)
def test_it_finds_wrong_law_titles_and_only_those(checker, text, day, expected):
    findings = checker.check(text, CheckContext(publication_date=day))
    assert [(f.rule, f.start, f.end, f.suggestion) for f in findings] == expected
    for f in findings:
        assert f.category == "law_title"
        assert f.standard == 1
        assert f.severity == ("serious" if f.rule in ("law.title_typo", "law.repealed") else "warn")
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "《中华人民共和国保守国家秘密》",
            "法律法规名称有误：“中华人民共和国保守国家秘密”应为“中华人民共和国保守国家秘密法”",
        ),
        ("《中华人民共和国合同法》", "《中华人民共和国合同法》已于2021年1月1日废止，现行为《中华人民共和国民法典》"),
        ("《中华人民共和国农业税条例》", "《中华人民共和国农业税条例》已于2006年1月1日废止"),
        ("《中华人民共和国数字经济促进法》", "“中华人民共和国数字经济促进法”未在法律法规库中找到，请核实名称"),
        ("根据个人信息保护法规定", "引用法律法规名称应加书名号：《个人信息保护法》"),
    ],
)
def test_it_explains_what_is_wrong(checker, text, message):
    [finding] = checker.check(text, CheckContext(publication_date=DAY))
    assert finding.message == message


def test_its_register_is_complete_and_consistent():
    register = load_law_register()
    titles = {law.title for law in register.laws}
    assert len(titles) == len(register.laws)
    assert len([law for law in register.laws if law.repealed_on is None]) >= 150
    for law in register.laws:
        assert law.kind in ("法律", "行政法规", "党内法规", "法规性文件")
        assert not law.replaced_by or law.replaced_by in titles
        assert not law.replaced_by or law.repealed_on is not None
    civil_code = "中华人民共和国民法典"
    for short in ("合同法", "物权法", "婚姻法", "侵权责任法", "民法总则", "民法通则", "继承法", "收养法", "担保法"):
        law = register.by_name[short]
        assert (law.repealed_on, law.replaced_by) == (dt.date(2021, 1, 1), civil_code)
    for title in ("中华人民共和国保守国家秘密法", "中华人民共和国政府信息公开条例", "中华人民共和国网络安全法",
                  "中华人民共和国数据安全法", "中华人民共和国个人信息保护法", "中华人民共和国行政许可法",
                  "中华人民共和国预算法", civil_code):  # fmt: skip
        assert register.by_name[title].repealed_on is None


@pytest.mark.parametrize(
    "text, expected",
    [
        # a citing word at the end of the line before still cites
        ("根据\n个人信息保护法规定", [("law.no_title_marks", 3, 10)]),
        ("根据国家\n个人信息保护法规定", [("law.no_title_marks", 5, 12)]),
        # the longest name wins; a short form right after is no citation
        ("依照中华人民共和国网络安全法和网络安全法的规定", [("law.no_title_marks", 2, 14)]),
        ("《中华人民共和国合同法》。\n依据《中华人民共和国合同法》", [("law.repealed", 1, 11), ("law.repealed", 17, 27)]),
    ],
)
def test_it_finds_every_title_in_a_longer_text(checker, text, expected):
    findings = checker.check(text, CheckContext(publication_date=DAY))
    assert [(f.rule, f.start, f.end) for f in findings] == expected

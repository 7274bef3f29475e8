import datetime as dt

import pytest

from sanshen.checks import CheckContext
from sanshen.checks.context import signed_date
from sanshen.checks.checkers.sessions import SessionNameChecker, chinese_number, chinese_numeral, session_spans

checker = SessionNameChecker()


def found(text):
    return [(f.rule, f.start, f.end, f.suggestion, f.severity) for f in checker.check(text, CheckContext())]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 界 for 届
        ("学习贯彻党的二十界三中全会精神", [("session.term_mark", 6, 13, "二十届三中全会", "serious")]),
        # 次 for 届 where a term's body holds its own session; a congress is counted by 次
        (
            "中国共产党第二十次中央委员会第三次全体会议",
            [("session.term_mark", 5, 21, "第二十届中央委员会第三次全体会议", "serious")],
        ),
        ("中国共产党第二十次全国代表大会", []),
        # 届 for the congress's 次, and a 纪委 plenum called 中全会
        ("中国共产党第二十届全国代表大会", [("session.term_mark", 0, 15, "中国共产党第二十次全国代表大会", "serious")]),
        ("二十届中央纪委三中全会精神", [("session.congress_plenum", 0, 11, "二十届中央纪委三次全会", "serious")]),
        ("二十届中央纪委三次全会", []),
        # a plenum beside another plenum's document
        (
            "二十届二中全会审议通过的《中共中央关于进一步全面深化改革、推进中国式现代化的决定》",
            [("session.plenum", 0, 7, "", "warn")],
        ),
        ("党的二十届三中全会审议通过的《中共中央关于进一步全面深化改革、推进中国式现代化的决定》", []),
        ("第十四界全国人民代表大会第二次会议", [("session.term_mark", 0, 17, "第十四届全国人民代表大会第二次会议", "serious")]),
        ("十四界全国人大代表", [("session.term_mark", 0, 7, "十四届全国人大", "serious")]),
        ("全国政协十四界二次会议", [("session.term_mark", 4, 11, "十四届二次会议", "serious")]),
        ("世界经济论坛", []),
        ("社会各界人士", []),
        ("三界五行", []),
        # 大 for 届 (POL-03)
        ("学习贯彻党的二十大三中全会精神", [("session.congress_plenum", 6, 13, "二十届三中全会", "warn")]),
        ("党的十九大四中全会", [("session.congress_plenum", 2, 9, "十九届四中全会", "warn")]),
        ("学习贯彻党的二十届三中全会精神", []),
        ("学习贯彻党的二十大精神", []),
        ("党的二十大、二十届一中全会", []),
        # numbers no term or session of that body has had
        ("十四届全国人大六次会议在京开幕", [("session.ordinal", 0, 11, "", "warn")]),
        ("全国政协十四届六次会议", [("session.ordinal", 4, 11, "", "warn")]),
        ("二十届十中全会", [("session.ordinal", 0, 7, "", "warn")]),
        ("二十届中央纪委十次全会", [("session.ordinal", 0, 11, "", "warn")]),
        ("党的二十五大", [("session.ordinal", 0, 6, "", "warn")]),
        ("第十六届全国人民代表大会第一次会议", [("session.ordinal", 0, 17, "", "warn")]),
        ("八届十二中全会", []),
        ("十四届全国人大五次会议", []),
        ("第十四届全国人民代表大会常务委员会第十次会议", []),
        ("二十届中央纪委四次全会", []),
        ("县委十四届十一次全会", []),
        # Arabic numerals in a session name
        ("第14届全国人民代表大会第3次会议", [("session.numerals", 0, 17, "第十四届全国人民代表大会第三次会议", "warn")]),
        ("二十届3中全会", [("session.numerals", 0, 7, "二十届三中全会", "warn")]),
        ("党的20大", [("session.numerals", 0, 5, "党的二十大", "warn")]),
        ("县第１８届人大第４次会议", [("session.numerals", 1, 12, "第十八届人大第四次会议", "warn")]),
        ("第14届全运会", []),
        ("2024年第3次会议", []),
        # right, in every form in use
        ("中国共产党第二十届中央委员会第三次全体会议", []),
        ("第十四届全国人民代表大会第三次会议", []),
        ("十四届全国人大三次会议", []),
        ("中国人民政治协商会议第十四届全国委员会第三次会议", []),
        ("全国政协十四届三次会议", []),
        ("县第十八届人民代表大会第四次会议", []),
        ("政协某县第十届委员会第三次会议", []),
        ("中国共产党第二十次全国代表大会", []),
    ],
)
def test_it_checks_session_names(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("二十界三中全会", "会议名称中“界”应为“届”：应为“二十届三中全会”"),
        ("二十大三中全会", "全会届次应写作“X届X中全会”，不写“X大X中全会”：应为“二十届三中全会”"),
        ("十四届全国人大六次会议", "全国人民代表大会会议每届不超过五次，“十四届全国人大六次会议”的会次有误，请核实"),
        ("党的二十五大", "党的全国代表大会的届次“二十五”超出实有范围（至多二十一），请核实"),
        ("党的20大", "会议届次、会次使用汉字数字：应为“党的二十大”"),
    ],
)
def test_it_says_what_is_wrong(text, message):
    [finding] = checker.check(text, CheckContext())
    assert finding.message == message
    assert finding.category == "fixed_phrase"
    assert finding.text == text[finding.start : finding.end]


@pytest.mark.parametrize(
    "written, number",
    [("一", 1), ("十", 10), ("十四", 14), ("二十", 20), ("二十一", 21), ("九十九", 99), ("14", 14), ("１４", 14),
     ("十十", None), ("一十", None), ("三四", None), ("0", None)],
)  # fmt: skip
def test_chinese_number_reads_one_to_ninety_nine(written, number):
    assert chinese_number(written) == number
    if number is not None and not written.isdigit():
        assert chinese_numeral(number) == written


def test_session_spans_cover_every_session_name_right_or_wrong():
    text = "学习党的二十大和二十届三中全会精神，出席十四界全国人大二次会议"
    assert [text[s:e] for s, e in session_spans(text)] == ["党的二十大", "二十届三中全会", "十四界全国人大二次会议"]
    assert session_spans("世界各地各界人士") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("深入学习贯彻党的十二届三中全会精神", ["session.plenum"]),  # 二十 and 十二 transposed
        ("深入学习贯彻党的二十届三中全会精神", []),
        ("学习贯彻党的十九届六中全会精神", []),  # the term before: its 历史决议 is still studied
        ("党的十八届三中全会以来", []),  # history, not study
    ],
)
def test_an_old_terms_plenum_studied_now_is_questioned(text, expected):
    context = CheckContext(publication_date=dt.date(2026, 12, 7))
    assert [f.rule for f in SessionNameChecker().check(text, context)] == expected
    # after the next congress is due the current term is not known: no guess
    later = CheckContext(publication_date=dt.date(2028, 3, 1))
    assert [f.rule for f in SessionNameChecker().check(text, later)] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # a date names the session meant
        ("学习贯彻2025年10月召开的党的二十届五中全会精神", [("session.plenum", "二十届五中全会", "二十届四中全会")]),
        ("2024年7月以来，学习贯彻党的十九届三中全会精神", [("session.plenum", "十九届三中全会", "")]),
        ("2024年以来，学习贯彻党的十九届三中全会精神", [("session.plenum", "十九届三中全会", "")]),
        ("2025年3月，十四届全国人大四次会议在北京胜利闭幕", [("session.year", "十四届全国人大四次会议", "十四届全国人大三次会议")]),
        ("传达学习2025年3月召开的全国政协十四届二次会议精神", [("session.year", "十四届二次会议", "十四届三次会议")]),
        ("自2022年10月党的二十一大胜利召开以来", [("session.year", "党的二十一大", "党的二十大")]),
        ("专题学习党的二十届三次全会精神", [("session.congress_plenum", "党的二十届三次全会", "党的二十届三中全会")]),
        ("2025年10月20日至23日，党的二十届三中全会在北京举行", [("session.plenum", "二十届三中全会", "二十届四中全会")]),
        ("2024年10月召开的党的二十届三中全会审议通过《决定》", [("session.plenum", "2024年10月", "2024年7月")]),
        ("3月14日，传达学习十四届全国人大二次会议和全国政协十四届三次会议精神", [("session.year", "十四届全国人大二次会议", "十四届全国人大三次会议")]),
        # …but a session that has not met yet (in 2026, the 2027 one) is the one questioned
        ("学习十四届全国人大五次会议和全国政协十四届四次会议精神", [("session.year", "十四届全国人大五次会议", "十四届全国人大四次会议")]),
        ("2022年11月16日，党的二十大在北京开幕", [("session.year", "2022年11月", "2022年10月")]),
        ("党的二十大于2022年11月16日至22日在北京召开", [("session.year", "2022年11月", "2022年10月")]),
        # the one plenum named is the 全会 of the next sentences
        ("传达学习党的二十届五中全会精神。会议指出，全会审议通过了《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》。", [("session.plenum", "二十届五中全会", "")]),
        ("传达学习党的二十届四中全会精神。会议指出，全会审议通过了《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》。", []),
        ("学习党的二十届三中全会和四中全会精神。全会审议通过了《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》。", []),
        # a congress not yet held, studied or dated from
        ("宣讲党的二十一大精神和党中央关于“三农”工作的决策部署", [("session.year", "党的二十一大", "党的二十大")]),
        ("党的二十一大以来", [("session.year", "党的二十一大", "党的二十大")]),
        # dates that agree, and a year of another session's history
        ("2018年2月，党的十九届三中全会召开", []),
        ("2025年全国两会，即十四届全国人大三次会议和全国政协十四届三次会议", []),
        ("县委十四届五次全会召开", []),
        ("2025年10月20日至23日，党的二十届四中全会在北京举行", []),
        ("2024年7月召开的党的二十届三中全会", []),
        ("以优异成绩迎接党的二十一大胜利召开", []),
        ("传达学习十四届全国人大三次会议和全国政协十四届三次会议精神", []),
        ("2022年10月16日，党的二十大在北京开幕", []),
        ("党的二十大于2022年10月16日至22日在北京召开", []),
        # a date of the study, not of the meeting
        ("2025年10月，县委理论学习中心组专题学习党的二十届三中全会精神", []),
        ("2022年，全县持续学习贯彻党的十九大精神", []),
    ],
)
def test_a_date_beside_a_session_name_is_checked_against_it(text, expected):
    context = CheckContext(publication_date=dt.date(2026, 12, 7))
    assert [(f.rule, f.text, f.suggestion) for f in checker.check(text, context)] == expected


@pytest.mark.parametrize(
    "text, signed",
    [
        ("……\n\n锦屏县农业农村局\n2025年7月8日", dt.date(2025, 7, 8)),
        ("……\n\n（锦屏县融媒体中心\u30002025年6月1日）\n", dt.date(2025, 6, 1)),
        ("……\n锦屏县卫生健康局\u3000锦屏县医疗保障局\n2025年10月8日\n", dt.date(2025, 10, 8)),
        ("……\n\n中共锦屏县委办公室\n二〇二五年十二月三十一日", dt.date(2025, 12, 31)),
        ("……\n\n锦屏县人民政府\n二〇二六年一月十日\n\n（此件公开发布）", dt.date(2026, 1, 10)),
        # a deadline, a date inside a sentence, an impossible date, no date
        ("……\n报名截止时间：2025年7月8日", None),
        ("会议于2025年7月8日召开", None),
        ("……\n2025年2月30日", None),
        ("……\n1000年1月1日", None),
        ("锦屏县人民政府", None),
    ],
)
def test_a_text_is_signed_with_the_date_on_its_last_lines(text, signed):
    assert signed_date(text) == signed


def test_a_text_speaks_as_of_the_earlier_of_its_signature_and_its_publication():
    text = "……\n\n锦屏县人民政府办公室\n2025年3月17日"
    assert CheckContext(publication_date=dt.date(2026, 12, 7)).as_of(text) == dt.date(2025, 3, 17)
    assert CheckContext(publication_date=dt.date(2025, 3, 1)).as_of(text) == dt.date(2025, 3, 1)
    assert CheckContext(publication_date=dt.date(2026, 12, 7)).as_of("无落款") == dt.date(2026, 12, 7)

import datetime as dt

import pytest

from sanshen.checks import CheckContext, Engine
from sanshen.checks.checkers.pii import PersonalDataChecker, id_card_checksum_ok, luhn_ok, uscc_checksum_ok
from sanshen.checks.masking import MaskPolicy

CONTEXT = CheckContext(publication_date=dt.date(2024, 6, 1))


def _found(text, context=CONTEXT):
    findings = PersonalDataChecker().check(text, context)
    for f in findings:
        assert text[f.start : f.end] == f.text
        assert f.standard == 6
    return [(f.rule, f.start, f.end, f.severity) for f in findings]


@pytest.mark.parametrize(
    "text, expected",
    [
        # 18 digits, GB 11643 check character
        ("身份证号：11010519491231002X", [("pii.id_card", 5, 23, "serious")]),
        ("身份证号：11010519491231002x", [("pii.id_card", 5, 23, "serious")]),
        ("440524188001010014", [("pii.id_card", 0, 18, "serious")]),
        ("申请人320102199003071239，男", [("pii.id_card", 3, 21, "serious")]),
        # failing check character: reported, at a lower severity
        ("身份证号110105194912310021", [("pii.id_card", 4, 22, "warn")]),
        # 15-digit legacy numbers with a real date
        ("身份证号码：350102900307123", [("pii.id_card", 6, 21, "warn")]),
        # not a date, not a province, born after publication, part of a longer number
        ("110105194913310021", []),
        ("990105194912310021", []),
        ("11010520300101001X", []),
        ("1101051949123100200", []),
        ("350102991307123", []),
        # already masked
        ("身份证号350102********123X", []),
        ("身份证号35*************123", []),
    ],
)
def test_it_finds_id_card_numbers(text, expected):
    assert _found(text) == expected


def test_it_says_when_the_id_checksum_fails():
    [finding] = PersonalDataChecker().check("110105194912310021", CONTEXT)
    assert finding.message == "疑似身份证号(校验失败)"
    assert finding.category == "pii_id_card"
    assert finding.suggestion == "110105********0021"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("收款账号6222600260001072444", [("pii.bank_card", 4, 23, "serious")]),
        ("4111111111111111", [("pii.bank_card", 0, 16, "serious")]),
        ("卡号 6217000000000000004。", [("pii.bank_card", 3, 22, "serious")]),
        ("6222 0212 3456 7890 128", [("pii.bank_card", 0, 23, "serious")]),
        # Luhn fails: only with a word about cards or accounts just before
        ("银行卡号：6222021234567890127", [("pii.bank_card", 5, 24, "warn")]),
        ("编号6222021234567890127", []),
        # not a card's prefix, or too long
        ("订单号2023103112345678", []),
        ("62220212345678901280", []),
        # already masked
        ("卡号622202*********0128", []),
    ],
)
def test_it_finds_bank_card_numbers(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("联系人手机13812345678", [("pii.phone", 5, 16, "serious")]),
        ("联系电话：138-1234-5678", [("pii.phone", 5, 18, "serious")]),
        ("电话 +86 138 1234 5678", [("pii.phone", 3, 20, "serious")]),
        ("+8613812345678", [("pii.phone", 0, 14, "serious")]),
        ("１３８１２３４５６７８", [("pii.phone", 0, 11, "serious")]),
        ("13812345678 13987654321", [("pii.phone", 0, 11, "serious"), ("pii.phone", 12, 23, "serious")]),
        # a landline is noted, not demanded: it may be a home's
        ("电话：0591-87654321", [("pii.phone", 3, 16, "info")]),
        ("(010)62345678", [("pii.phone", 0, 13, "info")]),
        # ... but not where the words before it give an office's line, unless they speak of a home or a person too
        ("咨询电话：0591-87654321", []),
        ("采购人：锦屏县教育局，联系人：姚明华，联系电话：0855-7222358。", []),
        ("县医疗保障局，电话0855-7222690", []),
        ("举报电话：0855-7222350（传真同号）", []),
        ("如有异议，请在公示期内向县妇联反映，电话：0855-7222013。", []),
        # the words of the number's own sentence or line decide: 本人 of the answer before is not about this number
        ("答：补贴资金按月发放到本人账户。\n咨询电话：县民政局社会救助股0855-7222184。", []),
        ("住宅电话：0591-87654321", [("pii.phone", 5, 18, "info")]),
        ("村民杨通银，联系电话：0855-7654321", [("pii.phone", 11, 23, "info")]),
        # hotlines and public service numbers are not personal
        ("拨打12345政务服务便民热线", []),
        ("消费投诉请拨12315，报警请拨110，急救请拨120", []),
        ("客服电话400-123-4567或95588", []),
        ("0591-12345", []),
        ("12345678901", []),
        ("138123456789", []),
        # already masked
        ("手机138****5678", []),
    ],
)
def test_it_finds_phone_numbers(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("统一社会信用代码：91350100M000100Y43", [("pii.uscc", 9, 27, "info")]),
        ("12330000002499935C", [("pii.uscc", 0, 18, "info")]),
        ("91310110666007217T", [("pii.uscc", 0, 18, "info")]),
        # fails the checksum: asked to check, never blocked
        ("91350100M0001TGQXM", [("pii.uscc", 0, 18, "warn")]),
        ("统一社会信用代码：913501001234567890", [("pii.uscc", 9, 27, "warn")]),
        # digits only, no label, no checksum: some other number
        ("913501001234567890", []),
    ],
)
def test_it_checks_credit_codes(text, expected):
    assert _found(text) == expected


def test_a_valid_credit_code_needs_no_masking():
    [finding] = PersonalDataChecker().check("91350100M000100Y43", CONTEXT)
    assert finding.message == "统一社会信用代码，组织机构代码应公开，无需脱敏"
    assert (finding.category, finding.suggestion) == ("pii_uscc", "")


def test_a_failing_credit_code_asks_to_check():
    [finding] = PersonalDataChecker().check("91350100M0001TGQXM", CONTEXT)
    assert finding.message == "统一社会信用代码校验不通过，请核实"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("邮箱：zhangsan@163.com。", [("pii.email", 3, 19, "warn")]),
        # an office's mailbox, as its line: 报名邮箱 of a 招聘 notice, a 人事科's; not a villager's
        ("报名邮箱：jpxrmyyrsk@163.com。", []),
        ("县人民医院人事科邮箱jpxrmyy@163.com", []),
        ("村民李四的邮箱lisi@qq.com", [("pii.email", 7, 18, "warn")]),
        ("来信请寄xxzx@fj.gov.cn", []),
        # a unit's block of contact lines (an 环评公示's 建设单位), and a person's
        ("建设单位：锦屏县黔丰农牧发展有限公司\n联系人：潘工\n联系电话：0855-7231186\n电子邮箱：qfnm_jp@163.com", []),
        ("联系人：杨光明\n电子邮箱：yanggm88@163.com", [("pii.email", 13, 29, "warn")]),
        ("联系人：乡妇联 龙秀珍\n联系电话：0855-7302116\n电子邮箱：gubenxiangfulian@163.com", []),
        ("z*******@163.com", []),
        ("护照号码：E12345678", [("pii.passport", 5, 14, "serious")]),
        ("护照号EA1234567", [("pii.passport", 3, 12, "serious")]),
        ("编号E12345678", []),
        ("车牌号闽A12345的车辆", [("pii.plate", 3, 10, "warn")]),
        ("闽A·12345", [("pii.plate", 0, 8, "warn")]),
        ("新能源车辆粤BD12345", [("pii.plate", 5, 13, "warn")]),
        ("闽A12345", []),
        ("车辆闽AB1CDE", []),
    ],
)
def test_it_finds_other_personal_data(text, expected):
    assert _found(text) == expected
    for f in PersonalDataChecker().check(text, CONTEXT):
        assert f.category == "pii_other"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a valid ID number that also passes Luhn with a card prefix is an ID number
        ("440301198501011148", [("pii.id_card", 0, 18, "serious")]),
        # an ID-shaped number failing its check character but passing Luhn is a card number
        ("620102199003071091", [("pii.bank_card", 0, 18, "serious")]),
        # a labelled credit code outranks a card number that happens to pass Luhn
        ("统一社会信用代码：513501000000008306", [("pii.uscc", 9, 27, "info")]),
        ("513501000000008306", [("pii.bank_card", 0, 18, "serious")]),
    ],
)
def test_one_number_is_reported_once(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "number, ok",
    [
        ("11010519491231002X", True),
        ("440524188001010014", True),
        ("320102199003071239", True),
        ("110105194912310021", False),
    ],
)
def test_id_card_checksum(number, ok):
    assert id_card_checksum_ok(number) is ok


@pytest.mark.parametrize(
    "number, ok",
    [
        ("4111111111111111", True),
        ("6222600260001072444", True),
        ("6217000000000000004", True),
        ("6222021234567890128", True),
        ("6222021234567890127", False),
    ],
)
def test_luhn(number, ok):
    assert luhn_ok(number) is ok


@pytest.mark.parametrize(
    "code, ok",
    [
        ("91310110666007217T", True),
        ("91350100M000100Y43", True),
        ("12330000002499935C", True),
        ("91350100M0001TGQXM", False),
    ],
)
def test_uscc_checksum(code, ok):
    assert uscc_checksum_ok(code) is ok


def test_the_suggestion_follows_the_mask_policy():
    checker = PersonalDataChecker(mask_policy=MaskPolicy(id_card=(2, 3), phone=(3, 2)))
    findings = checker.check("11010519491231002X，13812345678", CONTEXT)
    assert [f.suggestion for f in findings] == ["11*************02X", "138******78"]


def test_it_refuses_a_bad_mask_policy_option():
    with pytest.raises(ValueError, match="Invalid mask_policy"):
        PersonalDataChecker(mask_policy={"phone": (3, 4)})


def test_it_runs_in_the_engine():
    findings = Engine(codes=["pii"]).check("手机13812345678", CONTEXT)
    assert [(f.rule, f.category, f.start, f.end) for f in findings] == [("pii.phone", "pii_phone", 2, 13)]

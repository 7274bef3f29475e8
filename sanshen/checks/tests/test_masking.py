import datetime as dt

import pytest

from sanshen.checks import CheckContext, Finding
from sanshen.checks.checkers.pii import PersonalDataChecker
from sanshen.checks.masking import MaskPolicy, mask, masked_value

CONTEXT = CheckContext(publication_date=dt.date(2024, 6, 1))


def _mask(text, policy=None):
    return mask(text, PersonalDataChecker().check(text, CONTEXT), policy)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("手机13812345678", "手机138****5678"),
        ("手机138-1234-5678", "手机138-****-5678"),
        ("电话+86 138 1234 5678", "电话+86 138 **** 5678"),
        ("手机１３８１２３４５６７８", "手机１３８****５６７８"),
        ("身份证号350102199003071234", "身份证号350102********1234"),
        ("身份证号11010519491231002X", "身份证号110105********002X"),
        ("卡号6222021234567890128", "卡号622202*********0128"),
        ("卡号6222 0212 3456 7890 128", "卡号6222 02** **** ***0 128"),
        ("邮箱zhangsan@163.com", "邮箱z*******@163.com"),
        ("护照号码E12345678", "护照号码E******78"),
        ("车牌号闽A12345", "车牌号闽A****5"),
        # several values, masked right to left without disturbing each other
        ("张三 13812345678，李四 13987654321", "张三 138****5678，李四 139****4321"),
        # not masked: 统一社会信用代码 is public, an office landline is only noted
        ("统一社会信用代码：91350100M000100Y43", "统一社会信用代码：91350100M000100Y43"),
        ("咨询电话：0591-87654321", "咨询电话：0591-87654321"),
        ("全县春耕生产有序推进", "全县春耕生产有序推进"),
    ],
)
def test_it_masks_with_the_default_policy(text, expected):
    masked = _mask(text)
    assert masked == expected
    assert len(masked) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "手机13812345678，身份证号350102199003071234，卡号6222021234567890128",
        "邮箱zhangsan@163.com，护照号码E12345678，车牌号闽A12345",
        "身份证号110105194912310021，卡号：6222021234567890127，身份证号码：350102900307123",
        # a named person's illness or injury: the name masked (龙某某), or in a 公示 the illness or injury
        "大同乡村民龙秀英今年3月被确诊为乳腺癌，先后3次住院治疗",
        "滑坡冲毁1间木质偏厦，造成杨再兴右小腿胫腓骨粉碎性骨折，已送县人民医院救治",
        "临时救助对象公示\n1．潘玉兰，魁胆村，因患精神分裂症长期住院治疗，拟救助3000元；",
        "见义勇为人员公示\n龙光辉，三江镇人，下水救起落水儿童，致龙光辉左臂骨折。",
    ],
)
def test_masked_text_is_not_flagged_again(text):
    masked = _mask(text)
    assert masked != text
    assert PersonalDataChecker().check(masked, CONTEXT) == []


@pytest.mark.parametrize(
    "policy, expected",
    [
        (MaskPolicy(id_card=(2, 3)), "35*************234，138****5678"),
        (MaskPolicy(phone=(3, 0), mask_char="#"), "350102########1234，138########"),
        (MaskPolicy(id_card=(0, 0), phone=(0, 0)), "******************，***********"),
        # a policy keeping more than the value has still masks one character
        (MaskPolicy(phone=(8, 8)), "350102********1234，13812345*78"),
    ],
)
def test_it_follows_the_policy(policy, expected):
    assert _mask("350102199003071234，13812345678", policy) == expected


def test_a_landline_is_masked_when_the_deployment_raises_it():
    text = "住宅电话：0591-87654321"
    [finding] = PersonalDataChecker().check(text, CONTEXT)
    assert mask(text, [finding.with_severity("warn")]) == "住宅电话：0591-****4321"


def test_it_leaves_other_findings_alone():
    text = "机密★5年，手机13812345678"
    secrecy = Finding("secrecy.classification", "secrecy_mark", 2, "block", 0, 5, "机密★5年", "涉密")
    findings = [secrecy, *PersonalDataChecker().check(text, CONTEXT)]
    assert mask(text, findings) == "机密★5年，手机138****5678"


def test_it_refuses_findings_from_another_text():
    findings = PersonalDataChecker().check("手机13812345678", CONTEXT)
    with pytest.raises(ValueError, match="does not match the text"):
        mask("电话13812345679", findings)


@pytest.mark.parametrize(
    "kwargs",
    [{"phone": (-1, 4)}, {"landline_tail": -1}, {"mask_char": "x"}, {"mask_char": "**"}, {"mask_char": "0"}],
)
def test_it_refuses_a_bad_policy(kwargs):
    with pytest.raises(ValueError):
        MaskPolicy(**kwargs)


@pytest.mark.parametrize(
    "rule, value, expected",
    [
        ("pii.phone", "13812345678", "138****5678"),
        ("pii.phone", "(010)62345678", "(010)****5678"),
        ("pii.email", "a@example.com", "*@example.com"),
        ("pii.other_kind", "ABC123", "A****3"),
        ("pii.address", "36号", "**号"),
        ("pii.health", "龙秀英", "龙某某"),
        ("pii.illness", "精神分裂症", "*****"),
        ("pii.minor", "杨子涵", "杨某某"),
    ],
)
def test_masked_value(rule, value, expected):
    assert masked_value(rule, value) == expected

import pytest

from sanshen.checks import CheckContext, Engine, EngineConfig, RuleSetting
from sanshen.checks.checkers.secrecy import STANDALONE_LABELS, USAGE_LABELS, SecrecyMarkChecker


def _found(text):
    findings = SecrecyMarkChecker().check(text, CheckContext())
    for f in findings:
        assert f.severity == "block"
        assert f.category == "secrecy_mark"
        assert text[f.start : f.end] == f.text
    return [(f.rule, f.start, f.end) for f in findings]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("本文件为机密★5年，请妥善保管", [("secrecy.classification", 4, 9)]),
        ("秘密★启用前", [("secrecy.classification", 0, 6)]),
        ("绝密☆长期", [("secrecy.classification", 0, 5)]),
        ("绝密\n关于某事项的报告", [("secrecy.classification", 0, 2)]),
        ("密级：秘密", [("secrecy.labelled", 0, 5)]),
        # a 密级 with its period but no star
        ("机密 保密期限：10年", [("secrecy.classification", 0, 11)]),
        ("秘密，保密期限：启用前", [("secrecy.classification", 0, 11)]),
        # harmless uses stay silent
        ("保密工作会议召开", []),
        ("本文件内容不涉密", []),
        ("严守党和国家秘密，加强保密教育", []),
        ("机密文件管理制度学习会", []),
        ("秘密级国家秘密保密期限一般不超过10年", []),
    ],
)
def test_it_finds_classification_marks(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # label × keep-inside phrase, in many wordings, with punctuation or a few words between
        ("内部资料 注意保存", [(0, 9)]),
        ("内部资料，注意保管", [(0, 9)]),
        ("内部文件　不得外传", [(0, 9)]),
        ("内部材料，严禁翻印", [(0, 9)]),
        ("内部刊物·请勿外传", [(0, 9)]),
        ("内部参考，请妥善保存", [(0, 10)]),
        ("内部使用 请勿转发", [(0, 9)]),
        ("内部资料，请各单位注意保密", [(0, 13)]),
        ("工作秘密，不得擅自复制", [(0, 11)]),
        ("敏感信息，不得公开", [(0, 9)]),
        ("国家秘密 严禁泄露", [(0, 9)]),
        ("内部简报，阅后收回", [(0, 9)]),
        # × a period
        ("工作秘密 保密期限：1年", [(0, 12)]),
        ("内部资料 注意保存 保密期限：长期", [(0, 17)]),
        # where a marking begins: a bracket, a new line, a bullet, after a heading or a sentence
        ("2024年工作要点（内部资料，注意保存）", [(10, 19)]),
        ("第3期\n内部资料 不得外传\n各乡镇：", [(4, 13)]),
        ("★内部资料 注意保存★", [(1, 10)]),
        ("会议纪要。内部文件，请勿外传。", [(5, 14)]),
        # a document that calls itself internal
        ("本文件为内部资料，不得翻印。", [(4, 13)]),
        ("此件属内部文件", [(3, 7)]),
        ("本简报系内部刊物", [(4, 8)]),
        # by any kind of 公文, and 控制知悉范围 keeps inside as 不得外传 does
        ("本通报属于工作秘密，请各单位严格控制知悉范围。", [(5, 22)]),
        ("该方案属于工作秘密", [(5, 9)]),
        ("本条内容涉及工作秘密，请勿截图转发。", [(6, 15)]),
        ("本文涉及内部审计工作的做法。", []),
        ("加强工作秘密管理，严格控制知悉范围。", []),
        # a label standing alone on its line or in brackets
        ("【内部资料】", [(1, 5)]),
        ("（内部）\n关于春耕的通知", [(1, 3)]),
        ("工作秘密\n县农业农村局", [(0, 4)]),
        # 仅供…参阅
        ("此件仅供领导参阅。", [(2, 8)]),
        ("仅供县委常委参阅", [(0, 8)]),
        ("本材料仅限内部使用", [(3, 9)]),
        ("仅供参阅", [(0, 4)]),
        # sentences about secrecy work, negations and ordinary wording stay silent
        ("各单位要加强内部资料管理，不得外传涉密文件", []),
        ("严格落实内部文件不得外传的规定", []),
        ("本文件不属于内部资料，可以公开", []),
        ("该文件不是内部文件", []),
        ("以上数据仅供参考", []),
        ("文中观点仅供读者参考", []),
        ("本指南仅供办事人员参考", []),
        ("仅供有关人员阅知", [(0, 8)]),
        ("国家秘密的保密期限分为三种", []),
        ("严禁泄露国家秘密和工作秘密", []),
        ("完善内部控制制度，加强内部审计", []),
        ("将学习材料在支部内部传阅", []),
        ("内部资料性出版物管理办法", []),
    ],
)
def test_it_finds_internal_markings_as_a_grammar(text, expected):
    assert _found(text) == [("secrecy.internal_notice", start, end) for start, end in expected]


def test_it_explains_the_marking():
    [finding] = SecrecyMarkChecker().check("内部资料 注意保存", CheckContext())
    assert finding.message == "出现内部资料标识“内部资料 注意保存”，标明内部使用的材料不得上网发布"


def test_it_cannot_be_switched_off_or_downgraded():
    with pytest.raises(ValueError):
        EngineConfig(disabled_checkers=frozenset({"secrecy"}))
    engine = Engine(
        EngineConfig(rules={"secrecy": RuleSetting(enabled=False), "secrecy.classification": RuleSetting(severity="info")}),
        codes=["secrecy"],
    )
    [finding] = engine.check("机密★5年")
    assert finding.severity == "block"


def test_every_label_holds_a_word_that_screens_for_it():
    # check() tries each of NOTICES only on a text holding one of its words; the label families screen by these.
    label_families = [words for pattern, words in SecrecyMarkChecker.NOTICES if "内部" in words]
    assert len(label_families) == 5
    for words in label_families:
        labels = USAGE_LABELS if words == ("内部",) else STANDALONE_LABELS
        for label in labels:
            assert any(word in label for word in words), label
